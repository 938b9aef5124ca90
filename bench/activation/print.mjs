#!/usr/bin/env node
// The print batch, measured end to end: `GET /api/v1/activation/activations/{id}/print` for one
// unit of N called-up people (all of them, ?all=true), i.e. reading the notices, signing each
// token, making each QR code (libqrencode) and writing the A4 page, over HTTP from a running
// `qorgan serve` on SQLite (and PostgreSQL with --pg URL). The peer, measured on the same server
// in the same run: `GET …/notices`, the same notices with the same signed tokens as JSON, i.e.
// the work without the QR codes and the page. Target in the issue: 1,000 notices in ≤ 2 s.
//   node bench/activation/print.mjs [--tiny] [--people N] [--rounds R] [--pg postgresql://…]
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const people = Number(opt('--people', tiny ? 20 : 1000));
const rounds = Number(opt('--rounds', tiny ? 2 : 5));
const pg = opt('--pg', null);
// The harness makes a new database in the cluster for each PostgreSQL run.
if (pg) Object.assign(process.env, { QORGAN_TEST_ENGINE: 'postgres', QORGAN_TEST_PG: pg });
const { startServer, cleanup, freshDatabase, makeIin } = await import(join(here, '..', '..', 'tests', 'api', 'harness.mjs'));

async function made(res, what) {
  if (res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

// The median of `rounds` timed GETs, in seconds, and the last body's size. A paged list is
// read to its end (`paged`: the pages' cursors followed), all pages in one timing.
async function timed(client, path, paged = false) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    bytes = 0;
    for (let next = path; next;) {
      const r = await client.get(next);
      if (r.status !== 200) throw new Error(`${next}: ${r.status} ${r.text.slice(0, 200)}`);
      bytes += r.text.length;
      next = paged && r.body.next_cursor ? `${path}&cursor=${r.body.next_cursor}` : null;
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)], bytes };
}

async function measure(engine) {
  const db = engine === 'postgres' ? freshDatabase()
    : (() => { const dir = mkdtempSync(join(tmpdir(), 'qorgan-bench-print-')); return { url: `sqlite:${join(dir, 'bench.db')}`, dir }; })();
  const server = await startServer({ db });
  try {
    const admin = await server.login();
    const names = (n) => ({ kk: n, ru: n, en: n });
    const region = await made(await admin.post('/api/v1/regions', { code: `PB-${Date.now()}`, level: 'city', name: names('Алматы') }), 'region');
    const unit = await made(await admin.post('/api/v1/units', { name: 'Медеу ротасы', kind: 'territorial_troops', region_id: region.id, status: 'active' }), 'unit');
    const point = await made(await admin.post('/api/v1/facilities', {
      name: '№ 25 мектеп', kind: 'education', region_id: region.id, address: 'Достық даңғылы, 150',
      location: { lat: 43.23, lon: 76.95 }, criticality: 2,
    }), 'facility');
    for (let i = 0; i < people; i++) {
      const p = await made(await admin.post('/api/v1/people', {
        family_name: `Сынақов${i}`, given_name: 'Нұржан', birth_date: '1988-07-09',
        iin: makeIin(1988, 7, 9, 1000 + i * 3), region_id: region.id, status: 'reservist',
      }), 'person');
      await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }), 'membership');
    }
    const plan = await made(await admin.post('/api/v1/activation/plans', {
      name: 'Жиын', region_id: region.id, messages: { kk: 'Жиын пунктіне келіңіз.' },
      units: [{ unit_id: unit.id, target: people, assembly_facility_id: point.id }],
    }), 'plan');
    const a = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }), 'activation');
    const approved = await admin.post(`/api/v1/activation/activations/${a.id}/approve`);
    if (approved.status !== 200) throw new Error(`approve: ${approved.status}`);
    const print = await timed(admin, `/api/v1/activation/activations/${a.id}/print?unit=${unit.id}&all=true&lang=kk`);
    const json = await timed(admin, `/api/v1/activation/activations/${a.id}/notices?limit=500`, true);
    return { engine, print, json };
  } finally {
    await server.stop();
    cleanup(server);
  }
}

console.log(`## Print batch: ${people.toLocaleString('en')} notices of one unit (median of ${rounds})`);
console.log('| engine | print page | size | peer: the notices as JSON | ratio | target |');
console.log('|---|---:|---:|---:|---:|---|');
const runs = pg ? ['sqlite', 'postgres'] : ['sqlite'];
let failed = false;
for (const engine of runs) {
  const r = await measure(engine);
  const within = r.print.seconds <= 2 * Math.max(1, people / 1000);
  if (!within) failed = true;
  console.log(`| ${engine} | ${r.print.seconds.toFixed(3)} s | ${(r.print.bytes / 1e6).toFixed(2)} MB | ` +
    `${r.json.seconds.toFixed(3)} s | ${(r.print.seconds / r.json.seconds).toFixed(1)}× | ≤ 2 s per 1,000: ${within ? 'met' : 'NOT met'} |`);
}
process.exit(failed ? 1 : 0);
