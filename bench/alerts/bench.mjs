#!/usr/bin/env node
// Public alerts on the portal, measured over HTTP against a running `qorgan serve`:
//  1. the portal home page (/ru) under `wrk -c256` with an active alert's banner, beside the
//     same page without one (the peer, same server, same run): the banner is rendered into the
//     cached page, so the rate with it should stay at ≥ 90 % of the rate without;
//  2. the time from the approving request's response to the banner on the cached home page
//     (polled every 2 ms), and from the cancel's response to the banner gone, over R alerts. On
//     SQLite one process; with --pg URL two processes on one PostgreSQL database, approving
//     through the first and reading the second (the purge travels by LISTEN/NOTIFY).
//   node bench/alerts/bench.mjs [--tiny] [--seconds S] [--rounds R] [--pg postgresql://…]
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const seconds = Number(opt('--seconds', tiny ? 1 : 10));
const rounds = Number(opt('--rounds', tiny ? 3 : 20));
const pg = opt('--pg', null);
if (pg) Object.assign(process.env, { QORGAN_TEST_ENGINE: 'postgres', QORGAN_TEST_PG: pg });
const { startServer, cleanup, client } = await import(join(here, '..', '..', 'tests', 'api', 'harness.mjs'));

const HEAD = 'Воздушная тревога! Немедленно пройдите в укрытие';

// wrk runs beside this process (never spawnSync: the servers' output must keep being read).
function wrk(url) {
  return new Promise((ok, fail) => {
    const child = spawn('wrk', ['-t2', '-c256', `-d${seconds}s`, '--latency', url]);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', fail);
    child.on('close', () => ok({
      rate: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
      p99: /^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '?',
      errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + Number(/timeout (\d+)/.exec(out)?.[1] ?? 0),
    }));
  });
}

async function made(res, what) {
  if (res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
async function until(check) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 5000; i++) {
    if (await check()) return Number(process.hrtime.bigint() - t0) / 1e6;
    await sleep(2);
  }
  throw new Error('not within 10 s');
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

// No access log (a line a request would measure the log) and no per-address connection cap
// (wrk's 256 connections all come from one address).
const env = { QORGAN_ACCESS_LOG: '0', QORGAN_MAX_CONNECTIONS_PER_ADDRESS: '0' };
const server = await startServer(pg ? { processes: 2, env } : { env });
try {
  const writeBase = server.bases[0];
  const readBase = server.bases[server.bases.length - 1];
  const admin = client(writeBase, (await server.login()).token);
  await made(await admin.post('/api/v1/regions', { code: '751710000', level: 'city', name: { kk: 'Медеу', ru: 'Медеу', en: 'Medeu' } }), 'region');
  await made(await admin.post('/api/v1/accounts', { login: 'bench-approver', password: 'bench-approver-password', role: 'alert_officer', region: '751710000' }), 'account');
  const approverToken = (await client(writeBase).post('/api/v1/session', { login: 'bench-approver', password: 'bench-approver-password' })).body.token;
  const approver = client(writeBase, approverToken);
  const compose = async () => made(await admin.post('/api/v1/alerts', { template: 'air_raid', status: 'Actual', area: { regions: ['751710000'] } }), 'alert');
  const home = `${readBase}/ru`;
  const shows = async () => (await (await fetch(home)).text()).includes(HEAD);

  // 1. Throughput without and with the banner.
  await fetch(home);
  const without = await wrk(home);
  const a = await compose();
  if ((await approver.post(`/api/v1/alerts/${a.id}/approve`)).status !== 200) throw new Error('approve');
  await until(shows);
  const withBanner = await wrk(home);
  if ((await approver.post(`/api/v1/alerts/${a.id}/cancel`, { confirm: true })).status !== 200) throw new Error('cancel');

  // 2. Approve → banner, cancel → gone, on a warm cache.
  const appear = [], vanish = [];
  for (let i = 0; i < rounds; i++) {
    const b = await compose();
    await fetch(home); await fetch(home);  // cached
    if (await shows()) throw new Error('a banner before approval');
    const r = await approver.post(`/api/v1/alerts/${b.id}/approve`);
    if (r.status !== 200) throw new Error(`approve: ${r.status}`);
    appear.push(await until(shows));
    await fetch(home);
    const c = await approver.post(`/api/v1/alerts/${b.id}/cancel`, { confirm: true });
    if (c.status !== 200) throw new Error(`cancel: ${c.status}`);
    vanish.push(await until(async () => !(await shows())));
  }
  const engine = pg ? 'PostgreSQL, 2 processes (approve on one, read the other)' : 'SQLite, 1 process';
  console.log(`## Public alerts: the portal home page with a banner (${engine}; wrk -t2 -c256 -d${seconds}s)`);
  console.log('| /ru | requests/s | p99 latency | errors (non-2xx, timeouts) |');
  console.log('|---|---:|---:|---:|');
  console.log(`| without a banner (peer) | ${without.rate.toFixed(0)} | ${without.p99} | ${without.errors} |`);
  console.log(`| with an active alert's banner | ${withBanner.rate.toFixed(0)} | ${withBanner.p99} | ${withBanner.errors} |`);
  console.log(`| ratio | ${(100 * withBanner.rate / without.rate).toFixed(1)} % | | |`);
  console.log();
  console.log(`| ${rounds} alerts | median ms | max ms |`);
  console.log('|---|---:|---:|');
  console.log(`| approve response → banner on the cached page | ${median(appear).toFixed(1)} | ${Math.max(...appear).toFixed(1)} |`);
  console.log(`| cancel response → banner gone | ${median(vanish).toFixed(1)} | ${Math.max(...vanish).toFixed(1)} |`);
} finally {
  await server.stop();
  cleanup(server);
}
