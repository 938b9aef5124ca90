// Backups taken while writers run, each restored into a new database and compared with the live
// one as of the backup's point in time. SQLite: `qorgan backup --to FILE` (VACUUM INTO, one read
// transaction), restored by using the copy as the database file. PostgreSQL: `pg_dump -Fc` (one
// repeatable-read snapshot), restored with pg_restore into a new database. "Identical" means, with
// N the audit entry the backup ends at (printed by `qorgan backup`; for a dump, the restored
// chain's length):
//  - the restored database passes the engine's check (integrity_check; amcheck on PostgreSQL) and
//    `qorgan audit verify` finds its chain intact with exactly N entries;
//  - its audit_log is the live audit_log's first N entries, every column equal, and its audit head
//    is the live entry N's hash: the backup is one point of the live history, nothing torn;
//  - the tables the writers only insert into (regions, units, people) hold exactly the live rows
//    that entries 1…N created, every column equal: none missing, none from after N;
//  - the portal articles are those that entries 1…N created, each with as many revisions as
//    entries 1…N made for it, each revision equal to the live one;
//  - every write acknowledged before the backup started is in it.
//   node bench/soak/backup_under_load.mjs [--backups 5] [--writers 4]
// The engine comes from QORGAN_TEST_ENGINE (sqlite, or postgres with QORGAN_TEST_PG).
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cleanup, cli, binary, engine, freshDatabase } from '../../tests/api/harness.mjs';
import { newRun, prepare, startWriters, integrity, rows } from './writers.mjs';

const { values: opt } = parseArgs({
  options: {
    backups: { type: 'string', default: '5' },
    writers: { type: 'string', default: '4' },
  },
});
const backups = Number(opt.backups), writers = Number(opt.writers);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

const pgBin = '/usr/lib/postgresql/15/bin';

// A command run as its own process while this one's writers keep writing (no spawnSync: that
// would stop the writers for as long as the backup takes).
function spawnAsync(command, args, env = {}) {
  return new Promise((ok) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => ok({ code, out, err }));
  });
}

function backup(dbUrl, to, env) {
  return engine === 'postgres'
    ? spawnAsync(`${pgBin}/pg_dump`, ['-Fc', '-f', to, dbUrl])
    : spawnAsync(binary, ['--db', dbUrl, 'backup', '--to', to], env);
}

// Restores a backup into a new database; returns its URL.
async function restore(b) {
  if (engine !== 'postgres') {
    const file = join(db.dir, `restored-${b.i}.db`);
    copyFileSync(b.to, file);
    return `sqlite:${file}`;
  }
  const target = freshDatabase();
  rmSync(target.dir, { recursive: true, force: true });  // a PostgreSQL database: only its URL is used
  const r = await spawnAsync(`${pgBin}/pg_restore`, ['--no-owner', '-d', target.url, b.to]);
  if (r.code !== 0) throw new Error(`pg_restore: ${r.err}`);
  return target.url;
}

const started = Date.now();
const server = await startServer();
const db = server.db;
const admin = await server.login();
const run = newRun(`B${Date.now().toString(36).toUpperCase()}`);
await prepare(admin, run);
let stopped = false;
const load = startWriters(admin, run, writers, () => stopped);

const taken = [];
for (let i = 1; i <= backups; i++) {
  await sleep(500 + Math.random() * 1000);
  const to = join(db.dir, `backup-${i}.db`);
  const ackedBefore = run.acked.length, t0 = Date.now();
  const r = await backup(db.url, to, server.env);
  const m = engine === 'postgres' ? [null, '-1'] : /intact up to entry (\d+)/.exec(r.out);
  taken.push({ i, to, code: r.code, head: m ? Number(m[1]) : null, ackedBefore, ms: Date.now() - t0, err: r.err, writesDuring: 0 });
  taken.at(-1).writesDuring = run.acked.length - ackedBefore;
}
await sleep(300);
stopped = true;
await load;
await server.stop();  // the live database is now final; the checks read it and the copies

const failures = [];
for (const b of taken) {
  const fail = (what) => failures.push(`backup ${b.i}: ${what}`);
  if (b.code !== 0 || b.head === null) { fail(`the backup failed: ${b.err}`); continue; }
  const url = await restore(b);
  const mig = cli(url, ['migrate'], { env: server.env });
  if (mig.code !== 0) fail(`migrate: ${mig.stderr}`);
  const checked = integrity(url);
  if (!checked.startsWith('ok')) fail(`integrity: ${checked}`);
  const audit = cli(url, ['audit', 'verify'], { env: server.env });
  const entries = Number(/(\d+) entries/.exec(audit.stdout)?.[1]);
  if (b.head < 0) b.head = entries;  // a dump says nothing itself: its chain's length is its head
  if (audit.code !== 0 || entries !== b.head) fail(`audit verify: ${audit.stdout.trim()} (the backup reported ${b.head})`);
  const N = b.head;
  const createdUpTo = (type) => `SELECT CAST(entity_id AS INTEGER) FROM audit_log WHERE seq <= ${N} AND action = '${type}.create'`;
  // [restored side, live side as of entry N]; each compared row by row.
  const pairs = {
    audit_log: ['SELECT * FROM audit_log ORDER BY seq', `SELECT * FROM audit_log WHERE seq <= ${N} ORDER BY seq`],
    audit_head: ['SELECT seq, hash FROM audit_head', `SELECT seq, hash FROM audit_log WHERE seq = ${N}`],
    regions: ['SELECT * FROM regions ORDER BY id', `SELECT * FROM regions WHERE id IN (${createdUpTo('region')}) ORDER BY id`],
    units: ['SELECT * FROM units ORDER BY id', `SELECT * FROM units WHERE id IN (${createdUpTo('unit')}) ORDER BY id`],
    people: ['SELECT * FROM people ORDER BY id', `SELECT * FROM people WHERE id IN (${createdUpTo('person')}) ORDER BY id`],
    portal_articles: ['SELECT id FROM portal_articles ORDER BY id', `SELECT id FROM portal_articles WHERE id IN (${createdUpTo('portal_article')}) ORDER BY id`],
    portal_revisions: ['SELECT * FROM portal_revisions ORDER BY id',
      `SELECT r.* FROM portal_revisions r WHERE r.revision <= (SELECT count(*) FROM audit_log a WHERE a.seq <= ${N}
        AND a.entity_type = 'portal_article' AND a.entity_id = CAST(r.article_id AS TEXT)
        AND a.action IN ('portal_article.create', 'portal_article.update')) ORDER BY r.id`],
  };
  let compared = 0;
  for (const [table, [mine, theirs]] of Object.entries(pairs)) {
    const got = rows(url, mine), want = rows(db.url, theirs);
    compared += got.length;
    const wanted = new Set(want), have = new Set(got);
    const differ = got.filter((l) => !wanted.has(l)).length + want.filter((l) => !have.has(l)).length;
    if (differ || got.length !== want.length) fail(`${table}: ${differ} rows differ from the live database as of entry ${N} (${got.length} restored, ${want.length} live)`);
  }
  // Every acknowledged write that finished before the backup started is in it.
  const ids = (table) => new Set(rows(url, `SELECT id FROM ${table}`).map(Number));
  const present = { region: ids('regions'), unit: ids('units'), person: ids('people'), article: ids('portal_articles') };
  const missing = run.acked.slice(0, b.ackedBefore).filter((rec) => !present[rec.kind].has(rec.id));
  if (missing.length) fail(`${missing.length} writes acknowledged before the backup are missing`);
  b.compared = compared;
  const bad = failures.some((f) => f.startsWith(`backup ${b.i}:`));
  console.log(`backup ${b.i}: ${b.ms} ms under load, ${b.writesDuring} writes acknowledged meanwhile, audit head ${N}, ` +
    `${compared} rows compared, integrity ${checked}, ${bad ? 'DIFFERS' : 'identical as of its head'}`);
}
cleanup(server);

const summary = {
  run: 'backup_under_load', engine, backups, writers, acknowledged_creates: run.acked.length, acknowledged_edits: run.edits,
  backups_identical: `${taken.length - new Set(failures.map((f) => f.split(':')[0])).size}/${backups}`,
  slowest_backup_ms: Math.max(...taken.map((b) => b.ms)), rows_compared: taken.reduce((s, b) => s + (b.compared || 0), 0), writes_during_backups: taken.reduce((s, b) => s + b.writesDuring, 0),
  problems: failures.length, seconds: Math.round((Date.now() - started) / 1000),
};
console.log(JSON.stringify(summary));
if (failures.length) {
  console.error(failures.slice(0, 50).join('\n'));
  process.exit(1);
}
