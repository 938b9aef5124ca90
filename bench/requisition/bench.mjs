#!/usr/bin/env node
// The requisition ledger at scale: N property items (default 100,000) under ten Almaty
// decisions with 10 ledger entries each (1,000,000), loaded by SQL beside a running
// `qorgan serve`, on SQLite and (with --pg URL) PostgreSQL. Measured, each beside a peer in the
// same run:
//   - the region ledger totals (GET /api/v1/requisition/totals?by=region, median of 20), beside
//     the bare aggregate SQL through the engine's own command-line client;
//   - the balances per owner, a page at a time (GET …/totals?by=owner&limit=50; 50,000 owners of
//     two items each at 100,000 items): the first page, one from the middle and the last, median
//     of 20 each, beside the same page's SQL through the command-line client;
//   - the reconciliation of a decision of N/10 items, over HTTP (GET …/decisions/{id}/report)
//     and as `qorgan requisition report --decision D` (median of 5 each), the latter beside
//     `qorgan migrate` (opening the same database and doing nothing: the process's floor);
//   - recording a payment (POST …/items/{id}/payment-orders, 1 tiyn, a fresh idempotency key,
//     random items) with wrk at 32 connections, beside PUT /api/v1/me/language (one audited
//     UPDATE) on the same server;
//   - confirming payment orders as paid (POST …/payment-orders/{id}/confirm, each of the
//     orders loaded for it once: the ledger entry, the item's balance and the audit entry), with
//     wrk at 32 connections; afterwards every confirmation answered 200 must be stored as paid
//     with its ledger entry.
// Targets in the issue: totals and report ≤ 200 ms; payment p99 ≤ 10 ms at 32 connections.
//   node bench/requisition/bench.mjs [--tiny] [--items N] [--seconds S] [--pg postgresql://…]
//     [--only totals,owners,report,payment,confirm]  (the parts to measure; all by default)
//     [--keep]  (keeps the loaded databases and prints where they are, to look at query plans)
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const items = Number(opt('--items', tiny ? 1000 : 100000));
const seconds = Number(opt('--seconds', tiny ? 1 : 10));
const pg = opt('--pg', null);
const keep = args.includes('--keep');
const parts = new Set(opt('--only', 'totals,owners,report,payment,confirm').split(','));
// Payment orders waiting for confirmation: more than the confirmations a run can make.
const confirmable = Math.max(2 * items, 50000);
const firstOrder = 10000001;
// The harness makes a new database in the cluster for each PostgreSQL run.
if (pg) Object.assign(process.env, { QORGAN_TEST_ENGINE: 'postgres', QORGAN_TEST_PG: pg });
const harness = await import(join(here, '..', '..', 'tests', 'api', 'harness.mjs'));
const { sql } = await import(join(here, '..', '..', 'tests', 'api', 'sql.mjs'));
const decisions = 10;
const run = promisify(execFile);

async function made(res, what) {
  if (res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
// The server process's CPU time so far (user + system, ms), from /proc: on a shared machine the
// work a request costs, beside the time it took. 0 where /proc is not there.
const cpuMs = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;  // utime, stime in ticks of 10 ms
  } catch { return 0; }
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

// Items, approved valuations, cash applications, paid orders and ledger entries, per item:
// accrual of the market value, two +1/−1 adjustment pairs, five payments of 10 ₸ (10 entries),
// and its balance row (the sums the service keeps with every entry).
function load(url, engine, regionId, regionPath, firstDecision) {
  const series = engine === 'postgres' ? `generate_series(1, ${items}) AS s(n)`
    : `(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ${items}) SELECT n FROM c) AS s`;
  const five = engine === 'postgres' ? 'generate_series(1, 5) AS k(m)' : '(SELECT 1 AS m UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) AS k';
  const dec = `(${firstDecision} + (s.n % ${decisions}))`;
  const statements = [
    `INSERT INTO requisition_items (id, decision_id, region_id, region_path, kind, description, details, owner_kind, owner_name, owner_id_sealed, owner_id_index, requisition_type, status, taken_on, created_by, created_at)
       SELECT 1000000 + s.n, ${dec}, ${regionId}, '${regionPath}', 'equipment', 'Generator ' || s.n, '{"serial":"B-' || s.n || '"}', 'person', 'Owner ' || s.n, '', 'owner-' || (s.n % 50000), 'ownership', 'taken', '2026-03-02', 'bench', 0 FROM ${series}`,
    `INSERT INTO requisition_balances (item_id, decision_id, region_id, accrued, adjusted, paid, entries)
       SELECT 1000000 + s.n, ${dec}, ${regionId}, 100000000000, 0, 5000, 10 FROM ${series}`,
    `INSERT INTO requisition_valuations (item_id, decision_id, appraiser, licence, method, value_date, market_value, rent_per_day, damage, status, recorded_by, recorded_at, approved_by, approved_at)
       SELECT 1000000 + s.n, ${dec}, 'Dana Omarova', 'L-1', 'cost', '2026-03-02', 100000000000, 0, 0, 'approved', 'bench-a', 0, 'bench-b', 1 FROM ${series}`,
    `INSERT INTO requisition_applications (item_id, method, filed_by, filed_at) SELECT 1000000 + s.n, 'cash', 'bench', 0 FROM ${series}`,
    `INSERT INTO requisition_payment_orders (item_id, decision_id, amount, method, idempotency_key, status, created_by, created_at, confirmed_by, confirmed_at)
       SELECT 1000000 + s.n, ${dec}, 1000, 'cash', 'bench-' || s.n || '-' || k.m, 'paid', 'bench-a', 0, 'bench-b', 0 FROM ${series}, ${five}`,
    `INSERT INTO requisition_ledger (item_id, decision_id, region_id, owner_id_index, kind, amount, reason, recorded_by, recorded_at)
       SELECT 1000000 + s.n, ${dec}, ${regionId}, 'owner-' || (s.n % 50000), 'accrual', 100000000000, 'valuation', 'bench', 0 FROM ${series}`,
    `INSERT INTO requisition_ledger (item_id, decision_id, region_id, owner_id_index, kind, amount, reason, recorded_by, recorded_at)
       SELECT 1000000 + s.n, ${dec}, ${regionId}, 'owner-' || (s.n % 50000), 'adjustment', CASE WHEN k.m % 2 = 0 THEN 1 ELSE -1 END, 'correction', 'bench', 0 FROM ${series}, ${five} WHERE k.m <= 4`,
    `INSERT INTO requisition_ledger (item_id, decision_id, region_id, owner_id_index, kind, amount, reason, recorded_by, recorded_at)
       SELECT 1000000 + s.n, ${dec}, ${regionId}, 'owner-' || (s.n % 50000), 'payment', 1000, 'payment order', 'bench', 0 FROM ${series}, ${five}`,
  ];
  if (parts.has('confirm')) {
    const orders = engine === 'postgres' ? `generate_series(1, ${confirmable}) AS s(n)`
      : `(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ${confirmable}) SELECT n FROM c) AS s`;
    statements.push(`INSERT INTO requisition_payment_orders (id, item_id, decision_id, amount, method, idempotency_key, status, created_by, created_at)
       SELECT ${firstOrder - 1} + s.n, 1000001 + (s.n - 1) % ${items}, ${firstDecision} + ((1 + (s.n - 1) % ${items}) % ${decisions}), 100, 'cash', 'bench-confirm-' || s.n, 'created', 'bench-a', 0 FROM ${orders}`);
  }
  for (const s of statements) sql(url, s);
  // PostgreSQL: as autovacuum leaves a table some time after a load (hint bits set, the visibility
  // map that lets an index answer alone), not the state of the minute after a bulk insert.
  sql(url, engine === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
}

// wrk runs beside this process, whose event loop must keep reading the server's access log (a
// blocking spawnSync would let that pipe fill and stall the server).
async function wrk(script, base, token, first, duration = seconds) {
  const { stdout } = await run('wrk', ['-t4', '-c32', `-d${duration}s`, '--latency', '-s', join(here, script), base], {
    env: { ...process.env, QORGAN_BENCH_TOKEN: token, QORGAN_BENCH_ITEMS: String(items), QORGAN_BENCH_FIRST_ITEM: String(first),
      QORGAN_BENCH_FIRST_ORDER: String(first), QORGAN_BENCH_THREADS: '4' },
  });
  const line = /RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stdout);
  if (!line) throw new Error(`wrk: ${stdout}`);
  const [, requests, rps, p50, p99, max, errors] = line.map(Number);
  return { requests, rps, p50, p99, max, errors };
}

async function measure(engine) {
  const db = engine === 'postgres' ? harness.freshDatabase()
    : (() => { const dir = mkdtempSync(join(tmpdir(), 'qorgan-bench-requisition-')); return { url: `sqlite:${join(dir, 'bench.db')}`, dir }; })();
  const server = await harness.startServer({ db });
  try {
    const admin = await server.login();
    const names = (n) => ({ kk: n, ru: n, en: n });
    const region = await made(await admin.post('/api/v1/regions', { code: `RB-${Date.now()}`, level: 'city', name: names('Алматы') }), 'region');
    const point = await made(await admin.post('/api/v1/facilities', {
      name: 'Склад', kind: 'energy', region_id: region.id, location: { lat: 43.23, lon: 76.95 }, criticality: 2,
    }), 'facility');
    let first = 0;
    for (let i = 0; i < decisions; i++) {
      const d = await made(await admin.post('/api/v1/requisition/decisions', {
        number: `B-${i}`, decided_on: '2026-03-01', issuing_body: 'Акимат', grounds: 'martial_law', region_id: region.id,
        deadline: '2026-06-01', collection_point_ids: [point.id], officials: [{ name: 'Серик Алиев' }],
        commission: [{ name: 'Дана Омарова', appraiser: true, licence: 'L-1' }],
      }), 'decision');
      if (i === 0) first = d.id;
    }
    const t0 = process.hrtime.bigint();
    load(db.url, engine, region.id, sql(db.url, `SELECT path FROM regions WHERE id = ${region.id}`), first);
    const loadMs = ms(t0);
    const entries = Number(sql(db.url, 'SELECT COUNT(*) FROM requisition_ledger'));

    // The load (a minute on PostgreSQL) outlasts the server's keep-alive idle time: the client's
    // pooled connection is closed by then, and the first request on it fails and drops it.
    await admin.get('/healthz').catch(() => {});
    const totals = [], peer = [];
    for (let i = 0; i < 20; i++) {
      let t = process.hrtime.bigint();
      const r = await admin.get('/api/v1/requisition/totals?by=region');
      totals.push(ms(t));
      if (r.status !== 200 || r.body.items[0].totals.entries !== entries) throw new Error(`totals: ${r.status} ${JSON.stringify(r.body)}`);
      t = process.hrtime.bigint();
      sql(db.url, `SELECT kind, SUM(amount), COUNT(*) FROM requisition_ledger WHERE region_id = ${region.id} GROUP BY kind`);
      peer.push(ms(t));
    }
    // The balances per owner, a page of 50: the first, the one after the middle owner and the
    // last; the cursor is the last owner's key of the page before.
    const owners = {};
    if (parts.has('owners')) {
      const ownerCount = Number(sql(db.url, 'SELECT COUNT(DISTINCT owner_id_index) FROM requisition_items'));
      const keyAt = (n) => sql(db.url, `SELECT owner_id_index FROM (SELECT DISTINCT owner_id_index FROM requisition_items) AS o ORDER BY owner_id_index LIMIT 1 OFFSET ${n}`);
      const cursors = { first: null, middle: keyAt(Math.floor(ownerCount / 2)), last: keyAt(ownerCount - 51) };
      for (const [name, cursor] of Object.entries(cursors)) {
        const path = `/api/v1/requisition/totals?by=owner&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const times = [], peerTimes = [];
        for (let i = 0; i < 20; i++) {
          let t = process.hrtime.bigint();
          const r = await admin.get(path);
          times.push(ms(t));
          if (r.status !== 200 || r.body.items.length !== 50 || !r.body.items.every((o) => o.totals.entries > 0 && o.totals.paid > 0))
            throw new Error(`owners ${name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
          if ((name === 'last') !== (r.body.next_cursor === null)) throw new Error(`owners ${name}: next_cursor ${r.body.next_cursor}`);
          t = process.hrtime.bigint();
          sql(db.url, `SELECT i.owner_id_index, COUNT(*), SUM(b.accrued), SUM(b.adjusted), SUM(b.paid), SUM(b.entries) FROM requisition_items i
            LEFT JOIN requisition_balances b ON b.item_id = i.id WHERE i.owner_id_index > '${cursor ?? ''}'
            GROUP BY i.owner_id_index ORDER BY i.owner_id_index LIMIT 51`);
          peerTimes.push(ms(t));
        }
        owners[name] = { http: median(times), max: Math.max(...times), peer: median(peerTimes) };
      }
    }
    if (!parts.has('report') && !parts.has('payment') && !parts.has('confirm'))
      return { engine, entries, loadMs, totals: median(totals), peer: median(peer), owners };
    // The reconciliation itself, over HTTP (no process to start), and as the command.
    const reportHttp = [];
    const reportCpu0 = cpuMs(server.child.pid);
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      const r = await admin.get(`/api/v1/requisition/decisions/${first}/report`);
      reportHttp.push(ms(t));
      if (r.status !== 200 || !r.body.ok) throw new Error(`report: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    const reportCpu = (cpuMs(server.child.pid) - reportCpu0) / 5;
    const report = [], floor = [];
    for (let i = 0; i < 5; i++) {
      let t = process.hrtime.bigint();
      // The table (a line per item) goes to /dev/null: the time is the command's, not a pipe's.
      const r = spawnSync(harness.binary, ['--db', db.url, 'requisition', 'report', '--decision', String(first)],
        { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, ...server.env } });
      report.push(ms(t));
      if (r.status !== 0) throw new Error(`report: ${r.status} ${r.stderr}`);
      t = process.hrtime.bigint();
      server.cli(['migrate']);
      floor.push(ms(t));
    }
    let confirm = null, pay = null, lang = null;
    // A second of the peer's writes first, so that no measured run pays for the server's 32
    // database connections being opened and their statements prepared (PostgreSQL's first run
    // had a p99 several times the later ones').
    if (parts.has('confirm') || parts.has('payment')) await wrk('language.lua', server.base, admin.token, 1, 1);
    if (parts.has('confirm')) {
      const c0 = cpuMs(server.child.pid);
      const payments0 = Number(sql(db.url, "SELECT COUNT(*) FROM requisition_ledger WHERE kind = 'payment'"));
      confirm = await wrk('confirm.lua', server.base, admin.token, firstOrder);
      confirm.cpu = (cpuMs(server.child.pid) - c0) / confirm.requests;
      // Every confirmation answered is stored: paid, with its ledger entry. A request wrk had
      // sent but not seen answered when it stopped may be stored too (at most one per connection).
      // Both counts in one statement (one snapshot): the server may still be storing those
      // requests, and two statements let them land between the counts.
      const answered = confirm.requests - confirm.errors;
      const [paid, entries] = sql(db.url, `SELECT (SELECT COUNT(*) FROM requisition_payment_orders WHERE id >= ${firstOrder} AND status = 'paid'), (SELECT COUNT(*) FROM requisition_ledger WHERE kind = 'payment')`).split('|').map(Number);
      const entered = entries - payments0;
      if (paid < answered || paid > answered + 32 || entered !== paid)
        throw new Error(`confirm: ${answered} answered, ${paid} orders paid, ${entered} payment entries`);
      if (answered + 32 > confirmable) throw new Error(`confirm: ${confirm.requests} requests used up the ${confirmable} orders; load more`);
      confirm.stored = paid;
    }
    if (parts.has('payment')) {
      let c0 = cpuMs(server.child.pid);
      pay = await wrk('payment.lua', server.base, admin.token, 1000001);
      pay.cpu = (cpuMs(server.child.pid) - c0) / pay.requests;
      c0 = cpuMs(server.child.pid);
      lang = await wrk('language.lua', server.base, admin.token, 1);
      lang.cpu = (cpuMs(server.child.pid) - c0) / lang.requests;
    }
    return { engine, entries, loadMs, totals: median(totals), peer: median(peer), owners, reportHttp: median(reportHttp), reportCpu, report: median(report), floor: median(floor), pay, lang, confirm };
  } finally {
    await server.stop();
    if (keep) console.error(`kept: ${db.url}`);
    else harness.cleanup(server);
  }
}

console.log(`## Requisition ledger: ${items.toLocaleString('en')} items, ${(items * 10).toLocaleString('en')} ledger entries`);
const results = [];
console.log('| engine | region totals (HTTP) | peer: bare SQL (CLI) | report (HTTP; server CPU) | report (CLI) | peer: `qorgan migrate` | payment p50 / p99 / max at 32 conn. | payments/s (server CPU each) | peer: PUT /me/language p50 / p99 (/s; CPU each) | targets |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
const runs = pg ? ['sqlite', 'postgres'] : ['sqlite'];
let failed = false;
for (const engine of runs) {
  const r = await measure(engine);
  results.push(r);
  if (r.reportHttp === undefined) {
    const met = r.totals <= 200 && Object.values(r.owners).every((o) => o.http <= 200);
    if (!met && !tiny) failed = true;
    console.log(`| ${engine} | ${r.totals.toFixed(1)} ms | ${r.peer.toFixed(1)} ms | (not measured) | | | | | | ${met ? 'met' : 'NOT met'} |`);
    continue;
  }
  const payMet = !r.pay || (r.pay.p99 <= 10 && r.pay.errors === 0);
  const met = r.totals <= 200 && r.reportHttp <= 200 && r.report <= 200 && payMet &&
    (!r.confirm || (r.confirm.p99 <= 10 && r.confirm.errors === 0));
  if (!met && !tiny) failed = true;
  const payCols = r.pay ? `${r.pay.p50.toFixed(2)} / ${r.pay.p99.toFixed(2)} / ${r.pay.max.toFixed(1)} ms | ${r.pay.rps} (${r.pay.cpu.toFixed(2)} ms) | ` +
    `${r.lang.p50.toFixed(2)} / ${r.lang.p99.toFixed(2)} ms (${r.lang.rps}/s; ${r.lang.cpu.toFixed(2)} ms)` : '(not measured) | | ';
  console.log(`| ${engine} | ${r.totals.toFixed(1)} ms | ${r.peer.toFixed(1)} ms | ${r.reportHttp.toFixed(0)} ms; ${r.reportCpu.toFixed(0)} ms | ${r.report.toFixed(0)} ms | ${r.floor.toFixed(0)} ms | ` +
    `${payCols} | ${met ? 'met' : 'NOT met'} (totals ${r.totals <= 200 ? '✓' : '✗'}, report ${r.reportHttp <= 200 ? '✓' : '✗'} / CLI ${r.report <= 200 ? '✓' : '✗'}` +
    `${r.pay ? `, payment p99 ${payMet ? '✓' : '✗'}${r.pay.errors ? `, ${r.pay.errors} errors` : ''}` : ''}` +
    `${r.confirm ? `, confirmation p99 ${r.confirm.p99 <= 10 && !r.confirm.errors ? '✓' : '✗'}` : ''}) |`);
}
if (results.some((r) => r.confirm)) {
  console.log('');
  console.log('| engine | confirmations p50 / p99 / max at 32 conn. | confirmations/s (server CPU each) | stored as paid, with a ledger entry | target (p99 ≤ 10 ms) |');
  console.log('|---|---:|---:|---:|---|');
  for (const { engine, confirm: c } of results.filter((r) => r.confirm))
    console.log(`| ${engine} | ${c.p50.toFixed(2)} / ${c.p99.toFixed(2)} / ${c.max.toFixed(1)} ms | ${c.rps} (${c.cpu.toFixed(2)} ms) | ${c.stored} of ${c.requests - c.errors} answered | ${c.p99 <= 10 && c.errors === 0 ? 'met' : 'NOT met'}${c.errors ? ` (${c.errors} errors)` : ''} |`);
}
if (parts.has('owners')) {
  console.log('');
  console.log('| engine | owners, first page (HTTP; max of 20) | peer: the page\'s SQL (CLI) | middle page | peer | last page | peer | target (as the region totals) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const o = r.owners;
    const met = Object.values(o).every((x) => x.http <= 200);
    console.log(`| ${r.engine} | ${['first', 'middle', 'last'].map((k) => `${o[k].http.toFixed(1)} ms (${o[k].max.toFixed(0)}) | ${o[k].peer.toFixed(1)} ms`).join(' | ')} | ${met ? 'met' : 'NOT met'} (≤ 200 ms) |`);
  }
}
process.exit(failed ? 1 : 0);
