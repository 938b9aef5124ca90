#!/usr/bin/env node
// Activation at scale, end to end over HTTP against a running `qorgan serve`:
//  1. N generated people in U units (one region, U/10 assembly points) are imported as CSV with
//     their memberships; one plan calls up every unit;
//  2. a real activation is proposed by one admin and approved by another: the approval writes a
//     notice, a code and an outbox message per person in one transaction — timed;
//  3. wrk sends check-ins with distinct codes (a Lua script, each thread its own share of the
//     codes) on C connections for D seconds, while this script asks for the readiness of the
//     whole region in a loop; afterwards every acknowledged check-in must be in the database.
// Peers measured in the same run: wrk on GET /healthz with the same connections (what the server
// does with no work per request), and the readiness request on the idle server before the load.
// Targets of the issue (100,000 people, 1,000 units): activation ≤ 5 s on SQLite, ≤ 10 s on
// PostgreSQL; ≥ 3,000 check-ins/s with p99 ≤ 20 ms at 64 connections on SQLite; readiness of the
// region ≤ 100 ms during that load.
//   node bench/activation/activate.mjs [--tiny] [--people N] [--units U] [--conns C]
//        [--seconds D] [--pg postgresql://…]
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const people = Number(opt('--people', tiny ? 2000 : 100000));
const unitCount = Number(opt('--units', tiny ? 20 : 1000));
const conns = Number(opt('--conns', tiny ? 8 : 64));
const seconds = Number(opt('--seconds', tiny ? 2 : 10));
const pg = opt('--pg', null);
if (pg) Object.assign(process.env, { QORGAN_TEST_ENGINE: 'postgres', QORGAN_TEST_PG: pg });
const { startServer, cleanup, freshDatabase } = await import(join(root, 'tests', 'api', 'harness.mjs'));
const { sql } = await import(join(root, 'tests', 'api', 'sql.mjs'));

async function made(res, what, status = 201) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// Runs wrk and returns its summary line (JSON, printed by the Lua done()) and its stdout.
function wrk(url, token, script, extra = []) {
  return new Promise((resolveRun, reject) => {
    const a = ['-t2', `-c${conns}`, `-d${seconds}s`, '--latency', '-H', `Authorization: Bearer ${token}`, ...extra];
    if (script) a.push('-s', script);
    a.push(url);
    const child = spawn('wrk', a, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`));
      const rate = Number((out.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
      const unit = { us: 1e-3, ms: 1, s: 1000 };
      const lat = (p) => { const m = out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`)); return m ? Number(m[1]) * unit[m[2]] : NaN; };
      const summary = (out.match(/^SUMMARY (.*)$/m) || [])[1];
      resolveRun({ rate, p50: lat(50), p99: lat(99), summary: summary ? JSON.parse(summary) : null, out });
    });
  });
}

// Each wrk thread takes every n-th code, from its own offset; a 201 is a new check-in, a 200
// one already recorded (a thread that ran out of codes starts over: those are 200s).
const CHECK_IN_LUA = `
local threads = {}
local counter = 0
function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  codes = {}
  local i = 0
  for line in io.lines(CODES) do
    if i % THREADS == index then
      local code, facility = line:match("([^,]+),([^,]+)")
      table.insert(codes, '{"code":"' .. code .. '","facility_id":' .. facility .. '}')
    end
    i = i + 1
  end
  next_code = 1
  fresh, again, other = 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  local body = codes[next_code]
  next_code = next_code % #codes + 1
  return wrk.format(nil, nil, nil, body)
end
function response(status, headers, body)
  if status == 201 then fresh = fresh + 1
  elseif status == 200 then again = again + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local f, a, o = 0, 0, 0
  for _, t in ipairs(threads) do
    f = f + t:get("fresh"); a = a + t:get("again"); o = o + t:get("other")
  end
  io.write(string.format('SUMMARY {"fresh":%d,"again":%d,"other":%d}\\n', f, a, o))
end
`;

async function measure(engine) {
  const work = mkdtempSync(join(tmpdir(), 'qorgan-bench-activate-'));
  const db = engine === 'postgres' ? freshDatabase() : { url: `sqlite:${join(work, 'bench.db')}`, dir: work };
  const server = await startServer({ db, env: { QORGAN_ACCESS_LOG: '0' } });
  try {
    const admin = await server.login();
    const names = (n) => ({ kk: n, ru: n, en: n });
    const region = await made(await admin.post('/api/v1/regions', { code: '750000000', level: 'city', name: names('Алматы') }), 'region');
    const points = [];
    for (let i = 0; i < Math.max(1, Math.ceil(unitCount / 10)); i++)
      points.push((await made(await admin.post('/api/v1/facilities', {
        name: `№ ${i + 1} мектеп`, kind: 'education', region_id: region.id, address: `Абай даңғылы, ${i + 1}`,
        location: { lat: 43.2 + i * 0.001, lon: 76.9 }, criticality: 2,
      }), 'facility')).id);
    const units = [];
    for (let i = 0; i < unitCount; i++)
      units.push((await made(await admin.post('/api/v1/units', { name: `${i + 1}-рота`, kind: 'territorial_troops', region_id: region.id, status: 'active' }), 'unit')).id);

    const gen = spawnSync('node', [join(root, 'bench', 'registry', 'gen_people.mjs'), String(people), '750000000', units.join(',')],
      { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (gen.status !== 0) throw new Error(gen.stderr);
    const imported = await made(await admin.call('POST', '/api/v1/people/import', gen.stdout, { 'content-type': 'text/csv; charset=utf-8' }), 'import');
    const perUnit = Math.ceil(people / unitCount);
    const plan = await made(await admin.post('/api/v1/activation/plans', {
      name: 'Алматы: барлық бөлімшелер', region_id: region.id, deadline_minutes: 360,
      messages: { kk: 'Жиын пунктіне келіңіз.', ru: 'Явитесь на пункт сбора.', en: 'Report to your assembly point.' },
      units: units.map((id, i) => ({ unit_id: id, target: perUnit, assembly_facility_id: points[Math.floor(i / 10)] })),
    }), 'plan');
    const second = await server.account(admin, 'bench-approver', 'admin');
    const proposed = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'real' }), 'propose');
    const t0 = process.hrtime.bigint();
    const approved = await made(await second.post(`/api/v1/activation/activations/${proposed.id}/approve`), 'approve', 200);
    const activateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const notices = Number(sql(db.url, `SELECT COUNT(*) FROM activation_notices WHERE activation_id = ${proposed.id}`));
    const outbox = Number(sql(db.url, `SELECT COUNT(*) FROM notify_outbox WHERE reference LIKE 'activation:${proposed.id}:%'`));
    if (notices !== imported.stored || outbox !== notices)
      throw new Error(`approval wrote ${notices} notices and ${outbox} messages for ${imported.stored} people`);

    // The codes, each with its person's assembly point.
    const list = [];
    for (let cursor = ''; ;) {
      const page = await made(await admin.get(`/api/v1/activation/activations/${proposed.id}/notices?limit=500${cursor}`), 'notices', 200);
      list.push(...page.items);
      if (!page.next_cursor) break;
      cursor = `&cursor=${page.next_cursor}`;
    }
    const codesFile = join(work, 'codes.csv');
    writeFileSync(codesFile, list.map((n) => `${n.code},${n.assembly_facility_id}`).join('\n') + '\n');
    const lua = join(work, 'check-in.lua');
    writeFileSync(lua, `CODES = "${codesFile}"\nTHREADS = 2\n` + CHECK_IN_LUA);

    const readiness = `/api/v1/activation/readiness?region=${region.id}`;
    const idle = [];
    for (let i = 0; i < (tiny ? 5 : 20); i++) {
      const t = process.hrtime.bigint();
      await made(await admin.get(readiness), 'readiness', 200);
      idle.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    idle.sort((a, b) => a - b);

    const healthz = await wrk(`${server.base}/healthz`, admin.token, null);
    let loading = true;
    const underLoad = [];
    const poll = (async () => {
      await new Promise((r) => setTimeout(r, 300));
      while (loading) {
        const t = process.hrtime.bigint();
        await made(await admin.get(readiness), 'readiness under load', 200);
        underLoad.push(Number(process.hrtime.bigint() - t) / 1e6);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const checkIns = await wrk(`${server.base}/api/v1/activation/activations/${proposed.id}/check-ins`, admin.token, lua);
    loading = false;
    await poll;
    underLoad.sort((a, b) => a - b);
    const arrived = Number(sql(db.url, `SELECT COUNT(*) FROM activation_notices WHERE activation_id = ${proposed.id} AND arrived_at IS NOT NULL`));
    const s = checkIns.summary;
    if (!s || s.other !== 0) throw new Error(`check-ins answered other than 200/201: ${checkIns.out}`);
    // wrk stops with up to one request per connection in flight: those may be stored unanswered.
    if (arrived < s.fresh || arrived > s.fresh + conns)
      throw new Error(`${s.fresh} check-ins acknowledged as new, ${arrived} in the database`);
    return {
      engine, people: imported.stored, units: unitCount, notices, activateSeconds,
      checkIns, healthz, idle, underLoad, arrived,
    };
  } finally {
    await server.stop();
    cleanup(server);
    rmSync(work, { recursive: true, force: true });
  }
}

const engines = pg ? ['sqlite', 'postgres'] : ['sqlite'];
console.log(`activation of ${people} people in ${unitCount} units; wrk -t2 -c${conns} -d${seconds}s on ${(await import('node:os')).cpus().length} cores`);
console.log('| engine | activation (notices + outbox) | check-ins/s (p50 / p99) | GET /healthz/s, same run | check-ins : healthz | readiness idle p50 / p99 | readiness under load p50 / p99 / max (n) | acknowledged new / stored |');
console.log('|---|---|---|---|---|---|---|---|');
for (const engine of engines) {
  const r = await measure(engine);
  const f = (x) => x.toFixed(1);
  console.log(`| ${engine} | ${r.activateSeconds.toFixed(2)} s (${r.notices}) | ${Math.round(r.checkIns.rate)} (${f(r.checkIns.p50)} / ${f(r.checkIns.p99)} ms) | ${Math.round(r.healthz.rate)} | ${(r.checkIns.rate / r.healthz.rate).toFixed(2)} | ${f(percentile(r.idle, 0.5))} / ${f(percentile(r.idle, 0.99))} ms | ${f(percentile(r.underLoad, 0.5))} / ${f(percentile(r.underLoad, 0.99))} / ${f(r.underLoad.at(-1) ?? NaN)} ms (${r.underLoad.length}) | ${r.checkIns.summary.fresh} / ${r.arrived} |`);
}
