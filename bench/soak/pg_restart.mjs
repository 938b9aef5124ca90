// PostgreSQL restarted in the middle of a write burst, again and again, under one `qorgan serve`
// that is never restarted. While the database is down every request must be answered 503
// problem+json (never 500) well within the server's 15 s request timeout; after it is back the
// server must serve again by itself; and no acknowledged write may be missing at the end.
//   node bench/soak/pg_restart.mjs --cluster DIR [--rounds 10] [--down-ms 2000] [--writers 4]
// DIR is a cluster made by `scripts/test-postgres start DIR PORT`, and QORGAN_TEST_PG its URL.
// Rounds alternate pg_ctl's fast stop and immediate stop (as if PostgreSQL crashed).
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { startServer, cleanup, client, engine, root } from '../../tests/api/harness.mjs';
import { newRun, prepare, startWriters, checkAcknowledged, integrity } from './writers.mjs';

const { values: opt } = parseArgs({
  options: {
    cluster: { type: 'string' },
    rounds: { type: 'string', default: '10' },
    'down-ms': { type: 'string', default: '2000' },
    writers: { type: 'string', default: '4' },
  },
});
if (engine !== 'postgres' || !opt.cluster) {
  console.error('pg_restart: needs QORGAN_TEST_ENGINE=postgres, QORGAN_TEST_PG and --cluster DIR');
  process.exit(2);
}
const rounds = Number(opt.rounds), downMs = Number(opt['down-ms']), writers = Number(opt.writers);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const LIMIT_MS = 10000;  // well within the 15 s request timeout

function pg(...args) {
  const r = spawnSync(`${root}/scripts/test-postgres`, args, { encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`test-postgres ${args.join(' ')}: ${r.stderr}`);
}

const started = Date.now();
const server = await startServer();
const admin = await server.login();
const anon = client(server.base);
const run = newRun(`P${Date.now().toString(36).toUpperCase()}`);
await prepare(admin, run);
const failures = [];
const seen = new Map();  // "what status" -> count, for probes while the database was down
let slowest = 0, recoverMs = 0;

let stopped = false;
const burst = startWriters(admin, run, writers, () => stopped);

for (let round = 1; round <= rounds; round++) {
  await sleep(300 + Math.random() * 1200);
  const mode = round % 2 ? 'fast' : 'immediate';
  pg('down', opt.cluster, mode);
  // Probes while it is down: a read, a write, readiness.
  const until = Date.now() + downMs;
  while (Date.now() < until) {
    for (const [what, call] of [
      ['readyz', () => anon.get('/readyz')],
      ['read', () => admin.get('/api/v1/regions?limit=5')],
      ['write', () => admin.post('/api/v1/regions', { code: `${run.prefix}-DOWN-${run.next++}`, level: 'district', parent_id: run.regionId, name: { kk: 'x', ru: 'x', en: 'x' } })],
    ]) {
      const t0 = Date.now();
      let r;
      try { r = await call(); } catch (e) { r = { status: `no answer (${e.cause?.code || e.message})`, headers: new Headers() }; }
      const ms = Date.now() - t0;
      slowest = Math.max(slowest, ms);
      const key = `${what} ${r.status}`;
      seen.set(key, (seen.get(key) || 0) + 1);
      if (r.status !== 503) failures.push(`round ${round} (${mode}): ${what} answered ${r.status} while PostgreSQL was down`);
      else if (what !== 'readyz' && !(r.headers.get('content-type') || '').startsWith('application/problem+json'))
        failures.push(`round ${round}: ${what} 503 without problem+json`);
      else if (what !== 'readyz' && !(Number(r.headers.get('retry-after')) > 0))
        failures.push(`round ${round}: ${what} 503 without Retry-After`);
      if (ms > LIMIT_MS) failures.push(`round ${round}: ${what} took ${ms} ms while PostgreSQL was down`);
    }
    await sleep(100);
  }
  pg('up', opt.cluster);
  const t0 = Date.now();
  let ready;
  while ((ready = await anon.get('/readyz')).status !== 200 && Date.now() - t0 < 30000) await sleep(50);
  recoverMs = Math.max(recoverMs, Date.now() - t0);
  if (ready.status !== 200) failures.push(`round ${round}: not ready 30 s after PostgreSQL came back`);
  console.log(`round ${round} (${mode} stop): down ${downMs} ms, ready again after ${Date.now() - t0} ms, ` +
    `${run.acked.length} acknowledged so far, writers' 5xx so far: ${JSON.stringify(Object.fromEntries(run.refused))}`);
}
await sleep(500);
stopped = true;
await burst;

if (server.child.exitCode !== null) failures.push('the server exited');
failures.push(...(await checkAcknowledged(admin, run)).map((p) => `missing: ${p}`));
if (run.refused.get(500)) failures.push(`writers got ${run.refused.get(500)} answers 500`);
const audit = server.cli(['audit', 'verify']);
if (audit.code !== 0) failures.push(`audit verify: ${audit.stdout}${audit.stderr}`);
// PostgreSQL's own check of every B-tree index (contrib amcheck), after the immediate stops.
// PostgreSQL's own check of every B-tree index, after the immediate stops.
const checked = integrity(server.db.url);
if (!checked.startsWith('ok')) failures.push(checked);
await server.stop();
cleanup(server);

const summary = {
  run: 'pg_restart', rounds, down_ms: downMs, writers, acknowledged_creates: run.acked.length, acknowledged_edits: run.edits,
  writer_answers_5xx: Object.fromEntries(run.refused), probes_while_down: Object.fromEntries(seen),
  slowest_answer_while_down_ms: slowest, slowest_recovery_ms: recoverMs, missing_or_wrong: failures.length,
  audit: audit.code === 0 ? 'intact' : 'BROKEN', integrity: checked, seconds: Math.round((Date.now() - started) / 1000),
};
console.log(JSON.stringify(summary));
if (failures.length) {
  console.error(failures.slice(0, 50).join('\n'));
  process.exit(1);
}
