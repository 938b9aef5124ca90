#!/usr/bin/env node
// Check-ins under load on SQLite, over HTTP against `qorgan serve`:
//  1. a database of N generated people in U units (bench/activation/population.mjs) with a real
//     activation of every unit approved, and its codes exported, is prepared once and kept
//     (--cache DIR; --tiny prepares a small one and throws it away);
//  2. each run starts `qorgan serve` on a fresh copy of it and wrk sends check-ins
//     (bench/activation/checkin.lua), every code once, on C connections for D seconds, while this
//     script asks for the readiness of the whole region in a loop, as JSON
//     (/api/v1/activation/readiness; timed to its last byte, parsed after, and to its headers)
//     and as the console's page, each timed;
//  3. afterwards each code acknowledged as a new check-in (201) must be stored as arrived, and
//     no more may be stored than those plus the requests in flight when wrk stopped.
// The server's CPU time of each readiness request on the idle server is summed (after the first).
// Peers in the same run: wrk on GET /healthz with the same connections (what the server does
// with no work per request), and the readiness requests on the idle server before the load.
// Targets of the issue (100,000 people, 1,000 units, 64 connections): ≥ 3,000 check-ins/s with
// p99 ≤ 20 ms on SQLite, every acknowledged check-in present, the region's readiness ≤ 100 ms
// while the check-ins run.
//   node bench/activation/checkin.mjs [--tiny] [--people N] [--units U] [--conns C]
//        [--seconds D] [--runs R] [--port P] [--cache DIR] [--prepare]
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, copyFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { spawn } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const people = Number(opt('--people', tiny ? 2000 : 100000));
const unitCount = Number(opt('--units', tiny ? 20 : 1000));
const conns = Number(opt('--conns', tiny ? 8 : 64));
const seconds = Number(opt('--seconds', tiny ? 1 : 10));
const runs = Number(opt('--runs', 1));
const port = Number(opt('--port', 0));
const threads = 2;
const { binary, cli, client, MASTER_KEY, ADMIN_PASSWORD } = await import(join(root, 'tests', 'api', 'harness.mjs'));
const { pageSession } = await import(join(root, 'tests', 'api', 'page-session.mjs'));
const { sql } = await import(join(root, 'tests', 'api', 'sql.mjs'));
const { made, populate, codeLines } = await import(join(here, 'population.mjs'));

const env = { ...process.env, QORGAN_MASTER_KEY: MASTER_KEY, QORGAN_ACCESS_LOG: '0' };
// The server's CPU time so far (user + system, ms), from /proc: the work a check-in costs, which
// on a shared machine varies less than the time it takes.
const cpuMs = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch { return NaN; }
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function serve(dbUrl, listenPort) {
  const child = spawn(binary, ['--db', dbUrl, 'serve', '--listen', `127.0.0.1:${listenPort}`],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const p = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 30000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const base = `http://127.0.0.1:${p}`;
  return {
    base, child,
    async login(login = 'admin', password = ADMIN_PASSWORD) {
      const res = await fetch(`${base}/api/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }),
      });
      if (res.status !== 201) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
      return client(base, (await res.json()).token);
    },
    stop() {
      return new Promise((ok) => { child.once('exit', ok); child.kill('SIGTERM'); });
    },
  };
}

// The prepared database: reused while it was made for the same sizes and its activation's
// deadline (7 days, the longest a plan allows) is more than a day away.
async function prepare(dir) {
  const db = join(dir, `checkin-${people}-${unitCount}.db`);
  const metaFile = `${db}.json`;
  if (!args.includes('--prepare') && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    if (Date.now() - meta.made < 6 * 86400e3) {
      // Migrated once here, not by every run's server on its copy: a run would otherwise start on
      // tables and indexes its server had just rebuilt (the check-ins' first writes and the
      // readiness's first reads on them), which no server in service meets after an upgrade's
      // first start.
      const url = `sqlite:${db}`;
      const r = cli(url, ['migrate'], { env });
      if (r.code !== 0) throw new Error(`migrate: ${r.stderr}`);
      sql(url, 'PRAGMA wal_checkpoint(TRUNCATE)');
      return meta;
    }
  }
  rmSync(db, { force: true });
  mkdirSync(dir, { recursive: true });
  const url = `sqlite:${db}`;
  for (const a of [['migrate'], ['user', 'add', '--login', 'admin', '--role', 'admin']]) {
    const r = cli(url, a, { input: ADMIN_PASSWORD + '\n', env });
    if (r.code !== 0) throw new Error(`${a.join(' ')}: ${r.stderr}`);
  }
  const server = await serve(url, port);
  try {
    const admin = await server.login();
    const made0 = Date.now();
    const p = await populate(admin, { people, units: unitCount, deadlineMinutes: 7 * 24 * 60 });
    const res = await admin.post('/api/v1/accounts', { login: 'bench-approver', password: 'bench-approver-password', role: 'admin' });
    await made(res, 'approver');
    const second = await server.login('bench-approver', 'bench-approver-password');
    const proposed = await made(await admin.post(`/api/v1/activation/plans/${p.plan.id}/activations`, { kind: 'real' }), 'propose');
    await made(await second.post(`/api/v1/activation/activations/${proposed.id}/approve`), 'approve', 200);
    const lines = await codeLines(admin, proposed.id);
    if (lines.length !== p.stored) throw new Error(`${lines.length} notices for ${p.stored} people`);
    const codes = `${db}.codes.csv`;
    writeFileSync(codes, lines.join('\n') + '\n');
    const meta = { db, codes, region: p.region.id, activation: proposed.id, people: p.stored, made: made0 };
    await server.stop();
    sql(url, 'PRAGMA wal_checkpoint(TRUNCATE)');
    writeFileSync(metaFile, JSON.stringify(meta));
    return meta;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

function wrk(url, token, script, scriptArgs = [], extraEnv = {}) {
  return new Promise((resolveRun, reject) => {
    const a = [`-t${threads}`, `-c${conns}`, `-d${seconds}s`, '--latency', '-H', `Authorization: Bearer ${token}`];
    if (script) a.push('-s', script);
    a.push(url);
    if (scriptArgs.length) a.push('--', ...scriptArgs);
    const child = spawn('wrk', a, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...extraEnv } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`));
      const rate = Number((out.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
      const requests = Number((out.match(/(\d+) requests in/) || [])[1]);
      const unit = { us: 1e-3, ms: 1, s: 1000 };
      const lat = (p) => { const m = out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`)); return m ? Number(m[1]) * unit[m[2]] : NaN; };
      const summary = (out.match(/^SUMMARY (.*)$/m) || [])[1];
      resolveRun({ rate, requests, p50: lat(50), p99: lat(99), summary: summary ? JSON.parse(summary) : null, out });
    });
  });
}

async function timed(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function run(meta, work) {
  const db = join(work, 'run.db');
  copyFileSync(meta.db, db);
  const url = `sqlite:${db}`;
  const server = await serve(url, port);
  try {
    const admin = await server.login();
    const page = await pageSession(server.base, 'admin', ADMIN_PASSWORD, {}, '/console');
    const api = `/api/v1/activation/readiness?region=${meta.region}`;
    const html = `/console/activation/readiness?region=${meta.region}`;
    // The JSON is timed to its answer's last byte (what a caller waits for; it is parsed and
    // checked after the clock stops, since parsing is the client's work, not the server's) and
    // to its headers (the server's work and its wait for a core; the server sends the headers
    // with the body, when the body is made).
    const headMs = { idle: [], load: [] };
    const readApi = async (heads) => {
      const t = process.hrtime.bigint();
      const res = await fetch(server.base + api, { headers: { authorization: `Bearer ${admin.token}` } });
      heads.push(Number(process.hrtime.bigint() - t) / 1e6);
      const text = await res.text();
      const whole = Number(process.hrtime.bigint() - t) / 1e6;
      if (res.status !== 200) throw new Error(`readiness: ${res.status} ${text.slice(0, 400)}`);
      JSON.parse(text);
      return whole;
    };
    const readPage = async () => {
      const r = await page.get(html);
      if (r.status !== 200) throw new Error(`readiness page: ${r.status}`);
    };
    const idle = { api: [], page: [] };
    // The server's CPU time for each idle request but the first (which counts the units'
    // strength for the registry's generation), summed: what a readiness costs to make, which on a
    // shared machine varies less than the time it takes (the clock ticks 10 ms; summed over the
    // requests the error is at most one tick).
    const idleCpu = { api: 0, page: 0 };
    const cpuOf = async (k, fn, counted) => {
      const c0 = cpuMs(server.child.pid);
      const t = process.hrtime.bigint();
      const answered = await fn();  // a reader that times itself returns its time
      const ms = typeof answered === 'number' ? answered : Number(process.hrtime.bigint() - t) / 1e6;
      if (counted) idleCpu[k] += cpuMs(server.child.pid) - c0;
      return ms;
    };
    const idleRuns = tiny ? 3 : 20;
    for (let i = 0; i < idleRuns; i++) {
      idle.api.push(await cpuOf('api', () => readApi(headMs.idle), i > 0));
      idle.page.push(await cpuOf('page', readPage, i > 0));
    }
    const healthz = await wrk(`${server.base}/healthz`, admin.token, null);

    let loading = true;
    const underLoad = { api: [], page: [] };
    const poll = (async () => {
      await new Promise((r) => setTimeout(r, 300));
      while (loading) {
        underLoad.api.push(await readApi(headMs.load));
        if (!loading) break;
        underLoad.page.push(await timed(readPage));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const acked = join(work, 'acked.txt');
    const cpu0 = cpuMs(server.child.pid);
    const checkIns = await wrk(`${server.base}/api/v1/activation/activations/${meta.activation}/check-ins`, admin.token,
      join(here, 'checkin.lua'), [meta.codes, String(threads)], { CHECKIN_ACKED: acked });
    const cpu = cpuMs(server.child.pid) - cpu0;
    loading = false;
    await poll;
    await server.stop();

    const s = checkIns.summary;
    if (!s || s.other !== 0) throw new Error(`check-ins answered other than 200/201: ${checkIns.out}`);
    const plain = (c) => c.replace(/-/g, '');
    const ackedCodes = readFileSync(acked, 'utf8').split('\n').filter(Boolean).map(plain);
    const stored = new Set(sql(url, `SELECT code FROM activation_notices WHERE activation_id = ${meta.activation} AND arrived_at IS NOT NULL`)
      .split('\n').filter(Boolean).map(plain));
    const missing = ackedCodes.filter((c) => !stored.has(c));
    if (missing.length) throw new Error(`${missing.length} acknowledged check-ins are not stored, e.g. ${missing.slice(0, 3)}`);
    // wrk stops with up to one request per connection in flight: those may be stored unanswered.
    if (stored.size > ackedCodes.length + conns)
      throw new Error(`${ackedCodes.length} check-ins acknowledged as new, ${stored.size} stored`);
    for (const k of ['api', 'page']) { idle[k].sort((a, b) => a - b); underLoad[k].sort((a, b) => a - b); }
    for (const k of ['idle', 'load']) headMs[k].sort((a, b) => a - b);
    return { headMs, checkIns, healthz, readinessCpu: { api: idleCpu.api / (idle.api.length - 1), page: idleCpu.page / (idle.page.length - 1) }, cpuEach: cpu / (ackedCodes.length + s.again), acked: ackedCodes.length, stored: stored.size, again: s.again, idle, underLoad };
  } finally {
    if (server.child.exitCode === null) await server.stop();
  }
}

const work = mkdtempSync(join(tmpdir(), 'qorgan-bench-checkin-'));
try {
  const cache = tiny ? work : opt('--cache', join(process.env.QORGAN_BENCH_DIR || tmpdir(), 'qorgan-bench-checkin'));
  const t0 = Date.now();
  const meta = await prepare(cache);
  const prepared = (Date.now() - t0) / 1000;
  console.log(`check-ins on SQLite: ${meta.people} people in ${unitCount} units (database ${prepared > 5 ? `prepared in ${prepared.toFixed(0)} s` : 'reused'}, ${(statSync(meta.db).size / 2 ** 20).toFixed(0)} MB); wrk -t${threads} -c${conns} -d${seconds}s on ${cpus().length} cores`);
  console.log('| run | check-ins/s (p50 / p99) | server CPU a check-in | GET /healthz/s, same run | check-ins : healthz | server CPU a readiness JSON / page, idle, after the first | readiness JSON to its last byte, idle / under load p50 / p99 / max (n) | readiness JSON to its headers (server), idle / under load p50 / p99 / max | readiness page idle / under load p50 / p99 / max (n) | acknowledged new / stored (repeats) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const f = (x) => x.toFixed(1);
  const lat = (idle, load) => `${f(percentile(idle, 0.5))} / ${f(percentile(load, 0.5))} / ${f(percentile(load, 0.99))} / ${f(load.at(-1) ?? NaN)} ms (${load.length})`;
  for (let i = 1; i <= runs; i++) {
    const r = await run(meta, work);
    console.log(`| ${i} | ${Math.round(r.checkIns.rate)} (${f(r.checkIns.p50)} / ${f(r.checkIns.p99)} ms) | ${(r.cpuEach * 1000).toFixed(0)} µs | ${Math.round(r.healthz.rate)} | ${(r.checkIns.rate / r.healthz.rate).toFixed(2)} | ${f(r.readinessCpu.api)} / ${f(r.readinessCpu.page)} ms | ${lat(r.idle.api, r.underLoad.api)} | ${lat(r.headMs.idle, r.headMs.load).replace(/ \(\d+\)$/, '')} | ${lat(r.idle.page, r.underLoad.page)} | ${r.acked} / ${r.stored} (${r.again}) |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
