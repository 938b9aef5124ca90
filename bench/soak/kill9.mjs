// kill -9 during writes, round after round: concurrent writers against `qorgan serve`, the server
// killed with SIGKILL at a random moment, started again on the same database, and then every write
// it had acknowledged must be there as written, the engine's own check must pass (SQLite's
// integrity_check; on PostgreSQL amcheck over every B-tree index) and `qorgan audit verify` must
// find the chain intact.
//   node bench/soak/kill9.mjs [--rounds 100] [--writers 4] [--max-ms 1500]
// The engine comes from QORGAN_TEST_ENGINE (sqlite, or postgres with QORGAN_TEST_PG) as for the
// API tests. Prints one line per round and a summary; exits 1 on any missing write or failed check.
import { parseArgs } from 'node:util';
import { startServer, cleanup, engine } from '../../tests/api/harness.mjs';
import { newRun, prepare, startWriters, checkAcknowledged, integrity } from './writers.mjs';

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '100' },
    writers: { type: 'string', default: '4' },
    'min-ms': { type: 'string', default: '100' },
    'max-ms': { type: 'string', default: '1500' },
  },
});
const rounds = Number(opt.rounds), writers = Number(opt.writers);
const minMs = Number(opt['min-ms']), maxMs = Number(opt['max-ms']);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

const started = Date.now();
let server = await startServer();
const db = server.db;
let admin = await server.login();
const run = newRun(`K${Date.now().toString(36).toUpperCase()}`);
await prepare(admin, run);
const failures = [];
let integrityOk = 0, auditOk = 0, inFlight = 0;

for (let round = 1; round <= rounds; round++) {
  const from = run.acked.length, lostBefore = run.lost;
  let stopped = false;
  const done = startWriters(admin, run, writers, () => stopped);
  await sleep(minMs + Math.random() * (maxMs - minMs));
  const exited = new Promise((ok) => server.child.once('exit', ok));
  stopped = true;
  server.child.kill('SIGKILL');
  await exited;
  await done;
  inFlight += run.lost - lostBefore;

  server = await startServer({ db });
  admin = await server.login();
  const problems = await checkAcknowledged(admin, run, run.acked.slice(from));
  const checked = integrity(db.url);
  if (checked.startsWith('ok')) integrityOk++;
  else problems.push(`integrity: ${checked}`);
  const audit = server.cli(['audit', 'verify']);
  if (audit.code === 0 && /intact/.test(audit.stdout)) auditOk++;
  else problems.push(`audit verify: ${audit.stdout}${audit.stderr}`);
  const entries = /(\d+) entries/.exec(audit.stdout)?.[1];
  console.log(`round ${round}: ${run.acked.length - from} acknowledged, ${run.lost - lostBefore} in flight at the kill, ` +
    `integrity ${checked}, audit ${audit.code === 0 ? 'intact' : 'BROKEN'} (${entries} entries)` +
    (problems.length ? `, ${problems.length} PROBLEMS: ${problems.slice(0, 5).join('; ')}` : ''));
  failures.push(...problems.map((p) => `round ${round}: ${p}`));
}

// Once more over everything acknowledged in the whole run.
const all = await checkAcknowledged(admin, run);
failures.push(...all.map((p) => `final: ${p}`));
await server.stop();
cleanup(server);
const seconds = (Date.now() - started) / 1000;
const summary = {
  run: 'kill9', engine, rounds, writers, acknowledged_creates: run.acked.length, acknowledged_edits: run.edits,
  in_flight_at_kill: inFlight, missing_or_wrong: failures.length,
  integrity_ok: `${integrityOk}/${rounds}`, audit_intact: `${auditOk}/${rounds}`,
  seconds: Math.round(seconds),
};
console.log(JSON.stringify(summary));
if (failures.length) {
  console.error(failures.slice(0, 50).join('\n'));
  process.exit(1);
}
