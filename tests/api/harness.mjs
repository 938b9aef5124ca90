// Starts the real qorgan binary on a fresh database and talks HTTP to it.
// The engine comes from the environment: QORGAN_TEST_ENGINE=sqlite (default) or postgres, with
// QORGAN_TEST_PG naming a PostgreSQL server URL whose user may create databases (the test script
// starts a throwaway cluster for this). Each server gets its own new database.
// QORGAN_TEST_PROCESSES=N (PostgreSQL only) makes every server N `qorgan serve` processes on the
// one database behind a round-robin HTTP proxy, as behind a load balancer: `base` is the proxy,
// each request goes to the next process; `port` is the first process (raw-socket tests).
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..', '..');
export const binary = process.env.QORGAN_BIN ? resolve(process.env.QORGAN_BIN) : join(root, 'build', 'app', 'qorgan');
export const engine = process.env.QORGAN_TEST_ENGINE || 'sqlite';
export const ADMIN_PASSWORD = 'admin-password-for-tests';

const pgBin = '/usr/lib/postgresql/15/bin';

// A new empty database: a SQLite file in a temp dir, or a new PostgreSQL database.
export function freshDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'qorgan-test-'));
  if (engine !== 'postgres') return { url: `sqlite:${join(dir, 'qorgan.db')}`, dir };
  const base = new URL(process.env.QORGAN_TEST_PG);
  const name = `t_${randomBytes(6).toString('hex')}`;
  const r = spawnSync(`${pgBin}/createdb`, ['-h', base.hostname, '-p', base.port, '-U', base.username, name]);
  if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`);
  base.pathname = `/${name}`;
  return { url: base.toString(), dir, pgName: name };
}

export function cli(dbUrl, args, { input = '', env = {} } = {}) {
  const r = spawnSync(binary, ['--db', dbUrl, ...args], {
    timeout: 60000,  // a command that should have failed at once must not hang the run
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const MASTER_KEY = 'a3'.repeat(32);

// How many `qorgan serve` processes a test server is (see the top of this file).
export const processes = engine === 'postgres' ? Math.max(1, Number(process.env.QORGAN_TEST_PROCESSES || 1)) : 1;

// Servers a test left running (it failed before stopping them) would keep the test file's process
// alive for ever: whatever still runs 10 s after the file's tests have ended is killed (the file's
// own `after` hooks, which run after this one, stop their servers first).
const running = new Set();
after(() => {
  setTimeout(() => { for (const child of running) child.kill('SIGKILL'); }, 10000).unref();
});

// One `qorgan serve` process on a free port; resolves once it listens.
async function spawnServe(db, env, args) {
  const child = spawn(binary, ['--db', db.url, 'serve', '--listen', '127.0.0.1:0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const proc = { child, stderr: '' };
  proc.port = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${proc.stderr}`)), 15000);
    child.stderr.on('data', (d) => {
      proc.stderr += d;
      const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(proc.stderr);
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}: ${proc.stderr}`)); });
  });
  child.stdout.resume();
  proc.base = `http://127.0.0.1:${proc.port}`;
  return proc;
}

async function stopProcess(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
  const done = new Promise((ok) => child.on('exit', (code, sig) => ok(code ?? sig)));
  child.kill(signal);
  return done;
}

// An HTTP proxy that sends each request to the next of `ports` in turn, as a load balancer
// would; hop-by-hop headers stay on their own hop.
async function roundRobinProxy(ports) {
  const agent = new http.Agent({ keepAlive: true });
  const hop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);
  const pass = (raw) => {
    const out = [];
    for (let i = 0; i < raw.length; i += 2) if (!hop.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
    return out;
  };
  let next = 0;
  const proxy = http.createServer((req, res) => {
    const port = ports[next++ % ports.length];
    const up = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: pass(req.rawHeaders), agent }, (r) => {
      res.writeHead(r.statusCode, pass(r.rawHeaders));
      r.pipe(res);
    });
    // A process that refuses a request and closes (an oversized body): so does the proxy.
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  await new Promise((ok) => proxy.listen(0, '127.0.0.1', ok));
  return {
    port: proxy.address().port,
    close: () => new Promise((ok) => { agent.destroy(); proxy.closeAllConnections(); proxy.close(ok); }),
  };
}

// Starts `qorgan serve` on a free port with an admin account; returns a handle. With
// `processes` > 1 (PostgreSQL), that many processes on the one database behind a round-robin
// proxy whose address is every process's --base-url; `bases` are the processes' own addresses.
export async function startServer({ db, env = {}, args = [], processes: count = processes } = {}) {
  db = db || freshDatabase();
  const fullEnv = { QORGAN_MASTER_KEY: MASTER_KEY, ...env };
  let r = cli(db.url, ['migrate'], { env: fullEnv });
  if (r.code !== 0) throw new Error(`migrate failed: ${r.stderr}`);
  if (!db.adminCreated) {
    r = cli(db.url, ['user', 'add', '--login', 'admin', '--role', 'admin'], { input: ADMIN_PASSWORD + '\n', env: fullEnv });
    if (r.code !== 0 && !/already exists/.test(r.stderr)) throw new Error(`user add failed: ${r.stderr}`);
    db.adminCreated = true;
  }
  const ports = [];
  const proxy = count > 1 ? await roundRobinProxy(ports) : null;
  const serveArgs = proxy && !args.includes('--base-url') ? [...args, '--base-url', `http://127.0.0.1:${proxy.port}`] : args;
  const procs = [];
  try {
    for (let i = 0; i < count; i++) procs.push(await spawnServe(db, fullEnv, serveArgs));
  } catch (e) {
    for (const p of procs) await stopProcess(p.child, 'SIGKILL');
    if (proxy) await proxy.close();
    throw e;
  }
  ports.push(...procs.map((p) => p.port));
  const { child, port } = procs[0];
  const base = proxy ? `http://127.0.0.1:${proxy.port}` : procs[0].base;
  const server = {
    db, child, port, base, env: fullEnv,
    children: procs.map((p) => p.child),
    bases: procs.map((p) => p.base),
    get stderr() { return procs.map((p) => p.stderr).join(''); },
    // Stops every process; the first one's exit code or signal, unless another's is worse.
    async stop(signal = 'SIGTERM') {
      const codes = await Promise.all(procs.map((p) => stopProcess(p.child, signal)));
      if (proxy) await proxy.close();
      return codes.find((c) => c !== 0) ?? codes[0];
    },
    cli(args, opts = {}) { return cli(db.url, args, { ...opts, env: { ...fullEnv, ...(opts.env || {}) } }); },
    async login(login = 'admin', password = ADMIN_PASSWORD) {
      const res = await fetch(`${base}/api/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password }),
      });
      if (res.status !== 201) throw new Error(`login ${login} failed: ${res.status} ${await res.text()}`);
      const body = await res.json();
      return client(base, body.token);
    },
    // Creates an account through the API as `admin` (a client) and returns a signed-in client.
    async account(admin, login, role, scope = {}) {
      const password = `${login}-password-long`;
      const res = await admin.post('/api/v1/accounts', { login, password, role, ...scope });
      if (res.status !== 201) throw new Error(`account ${login}: ${res.status} ${JSON.stringify(res.body)}`);
      return server.login(login, password);
    },
  };
  return server;
}

export function cleanup(server) {
  try { rmSync(server.db.dir, { recursive: true, force: true }); } catch {}
}

// A small API client: every call returns {status, headers, body} with JSON decoded.
export function client(base, token) {
  const call = async (method, path, body, headers = {}) => {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      if (!h['content-type']) h['content-type'] = 'application/json';
    }
    const res = await fetch(base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    return { status: res.status, headers: res.headers, body: json, text };
  };
  return {
    token, base,
    get: (p, h) => call('GET', p, undefined, h),
    post: (p, b, h) => call('POST', p, b, h),
    patch: (p, b, h) => call('PATCH', p, b, h),
    put: (p, b, h) => call('PUT', p, b, h),
    del: (p, h) => call('DELETE', p, undefined, h),
    call,
  };
}

// Valid fictional IINs: YYMMDD + century/sex digit + 4-digit serial + check digit.
export function makeIin(year, month, day, serial, male = true) {
  const yy = String(year % 100).padStart(2, '0');
  const c = year >= 2000 ? (male ? 5 : 6) : year >= 1900 ? (male ? 3 : 4) : (male ? 1 : 2);
  for (let s = serial; s < serial + 100; s++) {
    const d = `${yy}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${c}${String(s % 10000).padStart(4, '0')}`
      .split('').map(Number);
    let sum = d.reduce((a, x, i) => a + x * (i + 1), 0) % 11;
    if (sum === 10) {
      const w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
      sum = d.reduce((a, x, i) => a + x * w[i], 0) % 11;
      if (sum === 10) continue;
    }
    return d.join('') + String(sum);
  }
  throw new Error('no valid IIN near that serial');
}
