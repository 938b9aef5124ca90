// Backups taken while writers run (SQLite): `qorgan backup` copies the live database, each copy is
// restored into a new database, and the restored database must be identical to the live one as of
// the backup's point in time. "Identical" here means, with N the audit entry the backup reports:
//  - the restored file passes PRAGMA integrity_check and `qorgan audit verify` finds its chain
//    intact with exactly N entries;
//  - its audit_log is the live audit_log's first N entries, every column equal, and its audit head
//    is the live entry N's hash: the backup is one point of the live history, nothing torn;
//  - the tables the writers only insert into (regions, units, people) hold exactly the live rows
//    that entries 1…N created, every column equal: none missing, none from after N;
//  - the portal articles are those that entries 1…N created, each with as many revisions as
//    entries 1…N made for it, each revision equal to the live one;
//  - every write acknowledged before the backup command started is in it.
//   node bench/soak/backup_under_load.mjs [--backups 5] [--writers 4]
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cleanup, cli, binary } from '../../tests/api/harness.mjs';
import { sql } from '../../tests/api/sql.mjs';
import { newRun, prepare, startWriters } from './writers.mjs';

const { values: opt } = parseArgs({
  options: {
    backups: { type: 'string', default: '5' },
    writers: { type: 'string', default: '4' },
  },
});
const backups = Number(opt.backups), writers = Number(opt.writers);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// The backup runs as its own process while this one's writers keep writing (no spawnSync: that
// would stop the writers for as long as the backup takes).
function backup(dbUrl, to, env) {
  return new Promise((ok) => {
    const child = spawn(binary, ['--db', dbUrl, 'backup', '--to', to], { env: { ...process.env, ...env } });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => ok({ code, out, err }));
  });
}

const started = Date.now();
const server = await startServer();
const db = server.db, live = db.url.slice('sqlite:'.length);
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
  const m = /intact up to entry (\d+)/.exec(r.out);
  taken.push({ i, to, code: r.code, head: m ? Number(m[1]) : null, ackedBefore, ms: Date.now() - t0, err: r.err, writesDuring: 0 });
  taken.at(-1).writesDuring = run.acked.length - ackedBefore;
}
await sleep(300);
stopped = true;
await load;
await server.stop();  // the live database is now final; the checks read it and the copies

const failures = [];
const q = (file, s) => sql(`sqlite:${file}`, s);
for (const b of taken) {
  const fail = (what) => failures.push(`backup ${b.i}: ${what}`);
  if (b.code !== 0 || b.head === null) { fail(`qorgan backup failed: ${b.err}`); continue; }
  // Restore: the copy becomes the file of a new database, which Qorgan opens and migrates.
  const restored = join(db.dir, `restored-${b.i}.db`), url = `sqlite:${restored}`;
  copyFileSync(b.to, restored);
  const mig = cli(url, ['migrate'], { env: server.env });
  if (mig.code !== 0) fail(`migrate: ${mig.stderr}`);
  const integrity = q(restored, 'PRAGMA integrity_check');
  if (integrity !== 'ok') fail(`integrity_check: ${integrity}`);
  const audit = cli(url, ['audit', 'verify'], { env: server.env });
  const entries = Number(/(\d+) entries/.exec(audit.stdout)?.[1]);
  if (audit.code !== 0 || entries !== b.head) fail(`audit verify: ${audit.stdout.trim()} (the backup reported ${b.head})`);
  const N = b.head;
  const attach = `ATTACH '${live}' AS live;`;
  const diff = (restoredRows, liveRows) =>
    Number(q(restored, `${attach} SELECT (SELECT count(*) FROM (${restoredRows} EXCEPT ${liveRows})) + (SELECT count(*) FROM (${liveRows} EXCEPT ${restoredRows}))`));
  const createdUpTo = (type) => `SELECT CAST(entity_id AS INTEGER) FROM live.audit_log WHERE seq <= ${N} AND action = '${type}.create'`;
  const checks = {
    audit_log: diff('SELECT * FROM main.audit_log', `SELECT * FROM live.audit_log WHERE seq <= ${N}`),
    audit_head: diff('SELECT seq, hash FROM main.audit_head', `SELECT seq, hash FROM live.audit_log WHERE seq = ${N}`),
    regions: diff('SELECT * FROM main.regions', `SELECT * FROM live.regions WHERE id IN (${createdUpTo('region')})`),
    units: diff('SELECT * FROM main.units', `SELECT * FROM live.units WHERE id IN (${createdUpTo('unit')})`),
    people: diff('SELECT * FROM main.people', `SELECT * FROM live.people WHERE id IN (${createdUpTo('person')})`),
    portal_articles: diff('SELECT id FROM main.portal_articles', `SELECT id FROM live.portal_articles WHERE id IN (${createdUpTo('portal_article')})`),
    portal_revisions: diff('SELECT * FROM main.portal_revisions',
      `SELECT r.* FROM live.portal_revisions r WHERE r.revision <= (SELECT count(*) FROM live.audit_log a WHERE a.seq <= ${N}
        AND a.entity_type = 'portal_article' AND a.entity_id = CAST(r.article_id AS TEXT) AND a.action IN ('portal_article.create', 'portal_article.update'))`),
  };
  for (const [table, n] of Object.entries(checks)) if (n !== 0) fail(`${table}: ${n} rows differ from the live database as of entry ${N}`);
  // Every acknowledged write that finished before the backup started is in it.
  const ids = (table) => new Set(q(restored, `SELECT id FROM ${table}`).split('\n').filter(Boolean).map(Number));
  const present = { region: ids('regions'), unit: ids('units'), person: ids('people'), article: ids('portal_articles') };
  const missing = run.acked.slice(0, b.ackedBefore).filter((rec) => !present[rec.kind].has(rec.id));
  if (missing.length) fail(`${missing.length} writes acknowledged before the backup are missing`);
  b.rows = Number(q(restored, 'SELECT (SELECT count(*) FROM regions) + (SELECT count(*) FROM units) + (SELECT count(*) FROM people) + (SELECT count(*) FROM portal_revisions)'));
  console.log(`backup ${b.i}: ${b.ms} ms under load, ${b.writesDuring} writes acknowledged meanwhile, audit head ${N}, ` +
    `${b.rows} registry rows and revisions, integrity ${integrity}, ${Object.values(checks).every((n) => n === 0) ? 'identical as of its head' : 'DIFFERS'}`);
}
cleanup(server);

const summary = {
  run: 'backup_under_load', engine: 'sqlite', backups, writers, acknowledged_creates: run.acked.length, acknowledged_edits: run.edits,
  backups_identical: `${taken.length - new Set(failures.map((f) => f.split(':')[0])).size}/${backups}`,
  slowest_backup_ms: Math.max(...taken.map((b) => b.ms)), writes_during_backups: taken.reduce((s, b) => s + b.writesDuring, 0),
  problems: failures.length, seconds: Math.round((Date.now() - started) / 1000),
};
console.log(JSON.stringify(summary));
if (failures.length) {
  console.error(failures.slice(0, 50).join('\n'));
  process.exit(1);
}
