// Soak run on localhost, bounded in time: qorgan holds many idle connections while wrk floods it
// with requests; a separate client measures /healthz latency on fresh connections and the
// server's RSS is read from /proc. Then SIGTERM under load: every request written before the
// signal must get a complete answer. Prints Markdown figures; exits non-zero when a bound fails.
//
//   bench/soak/flood.sh [--tiny] [--duration S] [--idle N] [--flood-connections C]
//
// Full run: 10,000 idle connections, 5 minutes. --tiny: 200 idle connections, 3 seconds, and
// only what must hold on any machine is enforced (idle connections kept, probes answered,
// nothing lost at SIGTERM); the latency and memory bounds are printed, not enforced (figures
// from a loaded CI machine say nothing).
// Needs the qorgan binary (QORGAN_BIN or build/app/qorgan) and wrk; run with the open-file limit
// raised (bench/soak/flood.sh does that).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = resolve(process.env.QORGAN_BIN || join(root, 'build', 'app', 'qorgan'));

const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const duration = option('--duration', tiny ? 3 : 300);          // seconds of flood
const idleCount = option('--idle', tiny ? 200 : 10000);
const floodConnections = option('--flood-connections', tiny ? 4 : 32);
const perAddress = 200;  // idle connections per source address, within the default cap of 256
const p99Bound = 50;     // ms, /healthz on a fresh connection during the flood
const probeEveryMs = 20;

const work = mkdtempSync(join(tmpdir(), 'qorgan-soak-'));
const db = `sqlite:${join(work, 'soak.db')}`;
const env = {
  ...process.env,
  QORGAN_MASTER_KEY: process.env.QORGAN_MASTER_KEY || 'c4'.repeat(32),
  QORGAN_ACCESS_LOG: '0',
  // The idle connections stay idle for the whole run: no idle timeout may close them.
  QORGAN_IDLE_TIMEOUT_SECONDS: String(duration + 600),
};
const password = 'soak-password-long-enough';
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const quantile = (sorted, q) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
const mb = (kb) => (kb / 1024).toFixed(1);

function run(cmd, argv, input) {
  const r = spawnSync(cmd, argv, { env, input, encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch { return NaN; }
}
function openFiles(pid) {
  try { return readdirSync(`/proc/${pid}/fd`).length; } catch { return NaN; }
}

async function startServer() {
  run(binary, ['--db', db, 'migrate']);
  run(binary, ['--db', db, 'user', 'add', '--login', 'soak', '--role', 'admin'], password + '\n');
  const child = spawn(binary, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const port = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 20000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const limits = /open-file limit (\d+) \(hard (\d+)\); up to (\d+) connections/.exec(stderr);
  return { child, port, fileLimit: Number(limits[1]), maxConnections: Number(limits[3]), stderr: () => stderr };
}

// One request on a raw socket; resolves with the whole response text, or rejects.
function exchange(socket, request, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    let got = '';
    const timer = setTimeout(() => done(new Error('no response in time')), timeoutMs);
    const onData = (d) => {
      got += d;
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number((/\r\ncontent-length: *(\d+)/i.exec(got.slice(0, end)) || [])[1] || 0);
      if (got.length >= end + 4 + length) done(null, got);
    };
    const onClose = () => done(new Error(got ? `cut after ${got.length} bytes` : 'closed without a response'));
    function done(err, text) {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onClose);
      if (err) { err.partial = got; reject(err); } else resolve(text);
    }
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', onClose);
    socket.write(request);
  });
}

function connect(port, from) {
  return new Promise((ok, fail) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress: from });
    s.setEncoding('latin1');
    s.once('connect', () => { s.off('error', fail); ok(s); });
    s.once('error', fail);
  });
}

// Idle keep-alive connections: each is served one request, then waits.
async function openIdle(port, count) {
  const sockets = [];
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      const from = `127.0.0.${10 + Math.floor(i / perAddress)}`;
      const s = await connect(port, from);
      const r = await exchange(s, 'GET /healthz HTTP/1.1\r\nHost: soak\r\n\r\n');
      if (!r.startsWith('HTTP/1.1 200 ')) throw new Error(`idle connection ${i}: ${r.slice(0, 40)}`);
      s.closedByServer = false;
      s.on('close', () => { s.closedByServer = true; });
      s.on('error', () => {});
      sockets.push(s);
    }
  }
  await Promise.all(Array.from({ length: 64 }, worker));
  return sockets;
}

// /healthz on a new connection every probeEveryMs until `stop()`; latencies in ms.
function probe(port) {
  const latencies = [];
  let errors = 0, running = true;
  const loop = (async () => {
    while (running) {
      const t0 = process.hrtime.bigint();
      try {
        const s = await connect(port, '127.0.0.2');
        const r = await exchange(s, 'GET /healthz HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n', 5000);
        s.destroy();
        if (!r.startsWith('HTTP/1.1 200 ')) errors++;
        else latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch { errors++; }
      const spent = Number(process.hrtime.bigint() - t0) / 1e6;
      await sleep(Math.max(0, probeEveryMs - spent));
    }
  })();
  return { latencies, get errors() { return errors; }, async stop() { running = false; await loop; } };
}

function sampleRss(pid, everyMs = 1000) {
  const samples = [];
  const timer = setInterval(() => samples.push({ t: Date.now(), kb: rssKb(pid) }), everyMs);
  return { samples, stop() { clearInterval(timer); } };
}

function flood(port, seconds) {
  return new Promise((ok, fail) => {
    const w = spawn('wrk', ['-t1', `-c${floodConnections}`, `-d${seconds}s`, '--latency', `http://127.0.0.1:${port}/en`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    w.stdout.on('data', (d) => { out += d; });
    w.stderr.on('data', (d) => { out += d; });
    w.on('error', fail);
    w.on('exit', (code) => code === 0 ? ok(out) : fail(new Error(`wrk exited ${code}: ${out}`)));
  });
}

// SIGTERM while clients keep requests going (sign-ins, which take a while to hash, and
// /healthz): every request written before the signal must be answered in full.
async function sigtermUnderLoad(server, clients = 16) {
  const body = JSON.stringify({ login: 'soak', password });
  const signin = `POST /api/v1/session HTTP/1.1\r\nHost: soak\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  const health = 'GET /healthz HTTP/1.1\r\nHost: soak\r\n\r\n';
  let signalAt = null;
  const requests = [];  // { writtenBeforeSignal, complete, status, error }
  async function client(i) {
    const s = await connect(server.port, `127.0.0.3`);
    s.on('error', () => {});
    for (let n = 0; ; n++) {
      const r = { writtenBeforeSignal: false, complete: false };
      requests.push(r);
      const text = i % 4 === 0 && n % 2 === 0 ? signin : health;
      const answer = exchange(s, text, 20000);
      // The write callback runs once the bytes are in the kernel: on loopback, at the server.
      s.write('', () => { r.writtenBeforeSignal = signalAt === null; });
      try {
        const got = await answer;
        r.complete = true;
        r.status = Number(got.slice(9, 12));
        if (/\r\nconnection: close\r\n/i.test(got.slice(0, got.indexOf('\r\n\r\n')))) break;
      } catch (e) {
        r.error = e.message;
        break;
      }
    }
    s.destroy();
  }
  const all = Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  await sleep(tiny ? 1000 : 3000);
  const exited = new Promise((ok) => server.child.on('exit', (code, sig) => ok(code ?? sig)));
  signalAt = Date.now();
  server.child.kill('SIGTERM');
  const code = await exited;
  const stopMs = Date.now() - signalAt;
  await all;
  const before = requests.filter((r) => r.writtenBeforeSignal);
  const lost = before.filter((r) => !r.complete);
  const badStatus = before.filter((r) => r.complete && r.status >= 500);
  return { code, stopMs, total: requests.length, before: before.length, lost, badStatus };
}

async function main() {
  const server = await startServer();
  const pid = server.child.pid;
  console.log(`## Soak: ${idleCount} idle connections and a ${duration} s request flood (${tiny ? 'tiny' : 'full'} run)`);
  console.log();
  console.log(`server: open-file limit ${server.fileLimit}, max_connections ${server.maxConnections}, 4 threads; ${cpus().length} cores shared with the clients and wrk`);
  const needed = idleCount + floodConnections + 8;
  if (needed > server.maxConnections * 3 / 4) {
    failures.push(`the server may hold ${server.maxConnections} connections; ${needed} would put it under pressure (raise the file limit)`);
    server.child.kill('SIGTERM');
    return;
  }
  const rssStart = rssKb(pid);
  const t0 = Date.now();
  const idle = await openIdle(server.port, idleCount);
  const openSeconds = (Date.now() - t0) / 1000;
  await sleep(500);
  const rssIdle = rssKb(pid);
  const filesIdle = openFiles(pid);
  const perConnection = ((rssIdle - rssStart) * 1024) / idleCount;

  const rss = sampleRss(pid);
  const prober = probe(server.port);
  const wrkOut = await flood(server.port, duration);
  await prober.stop();
  rss.stop();
  const stillOpen = idle.filter((s) => !s.closedByServer).length;

  const lat = [...prober.latencies].sort((a, b) => a - b);
  const p50 = quantile(lat, 0.5), p99 = quantile(lat, 0.99), max = lat[lat.length - 1];
  const rps = Number((/Requests\/sec:\s+([\d.]+)/.exec(wrkOut) || [])[1]);
  const wrkP99 = (/\s99%\s+(\S+)/.exec(wrkOut) || [])[1];
  const non2xx = Number((/Non-2xx or 3xx responses: (\d+)/.exec(wrkOut) || [0, 0])[1]);
  const socketErrors = (/Socket errors: (.*)/.exec(wrkOut) || [])[1] || 'none';

  // Bounded memory: the peak over the last fifth of the flood against the peak over its
  // first fifth (after warm-up), with room for allocator noise.
  const kb = rss.samples.map((s) => s.kb).filter(Number.isFinite);
  const fifth = Math.max(1, Math.floor(kb.length / 5));
  const early = Math.max(...kb.slice(0, fifth)), late = Math.max(...kb.slice(-fifth));
  const rssBound = early * 1.25 + 32 * 1024;

  console.log();
  console.log('| figure | value |');
  console.log('|---|---:|');
  console.log(`| idle connections opened (from ${Math.ceil(idleCount / perAddress)} addresses) | ${idleCount} in ${openSeconds.toFixed(1)} s |`);
  console.log(`| idle connections still open after the flood | ${stillOpen} |`);
  console.log(`| server RSS before / with the idle connections | ${mb(rssStart)} MB / ${mb(rssIdle)} MB (${(perConnection / 1024).toFixed(1)} KB each) |`);
  console.log(`| server open files with the idle connections | ${filesIdle} |`);
  console.log(`| flood (wrk -t1 -c${floodConnections} GET /en) | ${rps.toFixed(0)} requests/s, p99 ${wrkP99}, non-2xx ${non2xx}, socket errors ${socketErrors} |`);
  console.log(`| /healthz on a new connection during the flood (${lat.length} probes, ${prober.errors} failed) | p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${max.toFixed(2)} ms |`);
  console.log(`| server RSS during the flood: first fifth peak / last fifth peak / highest | ${mb(early)} MB / ${mb(late)} MB / ${mb(Math.max(...kb))} MB |`);

  check(stillOpen === idleCount, `${idleCount - stillOpen} idle connections were closed during the flood`);
  check(prober.errors === 0 && lat.length > 0, `${prober.errors} /healthz probes failed`);
  check(non2xx === 0, `${non2xx} flood responses were not 2xx/3xx`);
  if (!tiny) {
    check(p99 <= p99Bound, `/healthz p99 ${p99.toFixed(2)} ms is over ${p99Bound} ms`);
    check(late <= rssBound, `server RSS grew from ${mb(early)} MB to ${mb(late)} MB during the flood`);
  }

  const term = await sigtermUnderLoad(server);
  for (const s of idle) s.destroy();
  console.log(`| SIGTERM under load: requests written before the signal / answered in full | ${term.before} / ${term.before - term.lost.length} (exit ${term.code} after ${term.stopMs} ms; ${term.total} requests in all) |`);
  check(term.code === 0, `the server exited with ${term.code} after SIGTERM`);
  check(term.lost.length === 0, `${term.lost.length} requests written before SIGTERM got no complete answer: ${[...new Set(term.lost.map((r) => r.error))].join('; ')}`);
  check(term.badStatus.length === 0, `${term.badStatus.length} requests written before SIGTERM got a 5xx`);
  check(term.before > 0, 'no request was in flight at SIGTERM');
}

try {
  await main();
} catch (e) {
  failures.push(e.stack || String(e));
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log();
if (failures.length) {
  for (const f of failures) console.log(`FAIL: ${f}`);
  process.exit(1);
}
console.log(tiny ? 'soak (tiny): ok; latency and memory bounds are enforced on the full run only' : `soak: ok (/healthz p99 <= ${p99Bound} ms, RSS bounded, nothing lost at SIGTERM)`);
process.exit(0);
