#!/usr/bin/env node
// Activation at scale, end to end over HTTP against a running `qorgan serve`: N generated people
// in U units (one region, U/10 assembly points; bench/activation/population.mjs) are imported as
// CSV with their memberships; one plan calls up every unit; a real activation is proposed by one
// admin and approved by another, and the approval, which writes a notice, a code and an outbox
// message per person in one transaction, is timed. Beside it, from the same server in the same
// run: the time to make that population (the units, the CSV import of the same people with their
// memberships, the plan).
// Check-ins under load are bench/activation/checkin.mjs.
// Targets of the issue (100,000 people, 1,000 units): ≤ 5 s on SQLite, ≤ 10 s on PostgreSQL.
//   node bench/activation/activate.mjs [--tiny] [--people N] [--units U] [--pg postgresql://…]
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const people = Number(opt('--people', tiny ? 2000 : 100000));
const unitCount = Number(opt('--units', tiny ? 20 : 1000));
const pg = opt('--pg', null);
if (pg) Object.assign(process.env, { QORGAN_TEST_ENGINE: 'postgres', QORGAN_TEST_PG: pg });
const { startServer, cleanup, freshDatabase } = await import(join(root, 'tests', 'api', 'harness.mjs'));
const { sql } = await import(join(root, 'tests', 'api', 'sql.mjs'));
const { made, populate } = await import(join(here, 'population.mjs'));

async function measure(engine) {
  const work = mkdtempSync(join(tmpdir(), 'qorgan-bench-activate-'));
  const db = engine === 'postgres' ? freshDatabase() : { url: `sqlite:${join(work, 'bench.db')}`, dir: work };
  const server = await startServer({ db, env: { QORGAN_ACCESS_LOG: '0' } });
  try {
    const admin = await server.login();
    const t00 = process.hrtime.bigint();
    const p = await populate(admin, { people, units: unitCount });
    const populateSeconds = Number(process.hrtime.bigint() - t00) / 1e9;
    const second = await server.account(admin, 'bench-approver', 'admin');
    const proposed = await made(await admin.post(`/api/v1/activation/plans/${p.plan.id}/activations`, { kind: 'real' }), 'propose');
    const t0 = process.hrtime.bigint();
    await made(await second.post(`/api/v1/activation/activations/${proposed.id}/approve`), 'approve', 200);
    const activateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const notices = Number(sql(db.url, `SELECT COUNT(*) FROM activation_notices WHERE activation_id = ${proposed.id}`));
    const outbox = Number(sql(db.url, `SELECT COUNT(*) FROM notify_outbox WHERE reference LIKE 'activation:${proposed.id}:%'`));
    if (notices !== p.stored || outbox !== notices)
      throw new Error(`approval wrote ${notices} notices and ${outbox} messages for ${p.stored} people`);
    return { engine, people: p.stored, notices, activateSeconds, populateSeconds };
  } finally {
    await server.stop();
    cleanup(server);
    rmSync(work, { recursive: true, force: true });
  }
}

const engines = pg ? ['sqlite', 'postgres'] : ['sqlite'];
console.log(`activation of ${people} people in ${unitCount} units`);
console.log('| engine | approval (notices + outbox rows) | the population made before it (units, import, plan) |');
console.log('|---|---|---|');
for (const engine of engines) {
  const r = await measure(engine);
  console.log(`| ${engine} | ${r.activateSeconds.toFixed(2)} s (${r.notices}) | ${r.populateSeconds.toFixed(1)} s |`);
}
