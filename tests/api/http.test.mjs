import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, cleanup, client } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); cleanup(server); });

function raw(port, text, { waitMs = 3000 } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    s.write(text);
    setTimeout(() => { s.destroy(); resolve(out); }, waitMs);
  });
}

test('health, readiness and Prometheus metrics', async () => {
  const c = client(server.bases[0]);  // metrics are each process's own
  assert.equal((await c.get('/healthz')).status, 200);
  const ready = await c.get('/readyz');
  assert.equal(ready.status, 200);
  assert.equal(ready.body.database, true);
  await c.get('/api/v1/regions/12345');
  const m = await c.get('/metrics');
  assert.match(m.text, /qorgan_http_requests_total\{method="GET",route="\/api\/v1\/regions\/\{id:id\}",status="401"\} 1/);
  assert.match(m.text, /qorgan_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} 1/);
  assert.match(m.text, /qorgan_db_connections\{pool="read",state="size"\}/);
});

test('serve --threads sizes the database connection pool as well as the handler threads', async () => {
  const own = await startServer({ args: ['--threads', '7'], processes: 1 });
  try {
    const m = await client(own.bases[0]).get('/metrics');
    assert.match(m.text, /qorgan_db_connections\{pool="read",state="size"\} 7\n/);
  } finally {
    await own.stop();
    cleanup(own);
  }
});

test('every response carries the security headers and a request id', async () => {
  const res = await fetch(`${server.base}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
  assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
  assert.equal(res.headers.get('x-request-id'), 'trace-123');
  const hostile = await fetch(`${server.base}/healthz`, { headers: { 'x-request-id': '<script>' } });
  assert.match(hostile.headers.get('x-request-id'), /^[A-Za-z0-9_-]+$/);
});

test('unknown paths and wrong methods are problem+json 404 and 405', async () => {
  const c = client(server.base);
  const nf = await c.get('/api/v1/nothing-here');
  assert.equal(nf.status, 404);
  assert.equal(nf.headers.get('content-type'), 'application/problem+json');
  const na = await c.call('PUT', '/healthz');
  assert.equal(na.status, 405);
  assert.equal(na.headers.get('allow'), 'GET, HEAD');  // a 405 names the methods the path has
});

test("the server's own 404 and 405 speak the caller's language", async () => {
  const get = (path, lang, method = 'GET') =>
    fetch(`${server.base}${path}`, { method, headers: lang ? { 'accept-language': lang } : {} });
  const ru = await get('/api/v1/nothing-here', 'ru');
  assert.equal(ru.status, 404);
  assert.equal(ru.headers.get('content-language'), 'ru');
  const ruBody = await ru.json();
  assert.equal(ruBody.detail, 'По адресу /api/v1/nothing-here ничего нет.');
  assert.notEqual(ruBody.title, 'Not Found');
  const kk = await fetch(`${server.base}/api/v1/nothing-here?lang=kk`);
  assert.equal((await kk.json()).detail, '/api/v1/nothing-here мекенжайында ештеңе жоқ.');
  const en = await get('/api/v1/nothing-here');
  assert.equal(en.headers.get('content-language'), 'en');
  assert.equal((await en.json()).detail, 'There is nothing at /api/v1/nothing-here.');
  const na = await get('/healthz', 'kk', 'PUT');
  assert.equal(na.status, 405);
  assert.equal(na.headers.get('allow'), 'GET, HEAD');
  assert.equal((await na.json()).detail, 'PUT әдісі /healthz үшін рұқсат етілмейді.');
});

test('an oversized header gets 431 and an oversized body 413, and the server lives on', async () => {
  const big = 'x'.repeat(20000);
  const r1 = await raw(server.port, `GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: ${big}\r\n\r\n`);
  assert.match(r1, /^HTTP\/1\.1 431/);
  const r2 = await raw(server.port, `POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${200 * 1024 * 1024}\r\n\r\n{`);
  assert.match(r2, /^HTTP\/1\.1 413/);
  assert.equal((await client(server.base).get('/healthz')).status, 200);
});

test('garbage instead of HTTP gets 400', async () => {
  const r = await raw(server.port, 'HELLO THERE\r\n\r\n');
  assert.match(r, /^HTTP\/1\.1 400/);
});

test('keep-alive serves several requests on one connection', async () => {
  const r = await raw(server.port, 'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n', { waitMs: 500 });
  assert.equal((r.match(/HTTP\/1\.1 200/g) || []).length, 2);
});

test('SIGTERM stops the server cleanly (exit 0)', async () => {
  const other = await startServer();
  const code = await other.stop('SIGTERM');
  assert.equal(code, 0);
  assert.match(other.stderr, /stopped/);
  cleanup(other);
});

// The problem+json body of a raw response, or null when there is none.
function problemOf(response) {
  const at = response.indexOf('\r\n\r\n');
  try { return JSON.parse(response.slice(at + 4)); } catch { return null; }
}

test('a JSON body nested deeper than 64 levels is refused with 422 naming the limit, on every endpoint', async () => {
  const admin = await server.login();
  const deep = (n) => '['.repeat(n) + ']'.repeat(n);
  const settings = `{"social":[{"network":"telegram","url":"https://t.me/qorgan","extra":${deep(100000)}}]}`;
  const r1 = await admin.patch('/api/v1/editor/settings', settings);
  assert.equal(r1.status, 422);
  assert.equal(r1.body.status, 422);
  assert.match(r1.body.detail, /nested deeper than 64 levels/);
  const r2 = await admin.post('/api/v1/regions', `{"name":${deep(65)}}`);
  assert.equal(r2.status, 422);
  assert.match(r2.body.detail, /nested deeper than 64 levels/);
  // Brackets inside strings are text, not nesting.
  const r3 = await admin.patch('/api/v1/editor/settings', { copyright: { kk: '['.repeat(200), ru: 'x', en: '{'.repeat(200) } });
  assert.equal(r3.status, 200);
  assert.equal((await client(server.base).get('/healthz')).status, 200);
});

test('a Transfer-Encoding other than exactly chunked is refused with 400 and the connection closed', async () => {
  const smuggled = 'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n';
  for (const te of ['xchunked', 'chunked, identity', 'identity', 'gzip, chunked', 'chunked, chunked']) {
    const r = await raw(server.port, `POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: ${te}\r\n\r\n${smuggled}`);
    assert.match(r, /^HTTP\/1\.1 400 /, `Transfer-Encoding: ${te}`);
    assert.match(r, /\r\nConnection: close\r\n/i, `Transfer-Encoding: ${te}`);
    assert.equal((r.match(/HTTP\/1\.1 /g) || []).length, 1, `Transfer-Encoding: ${te}: the smuggled request was answered`);
    const p = problemOf(r);
    assert.equal(p.status, 400);
    assert.match(p.detail, /Transfer-Encoding/);
  }
  // Plain chunked still works.
  const body = JSON.stringify({ login: 'admin', password: 'admin-password-for-tests' });
  const ok = await raw(server.port, `POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`);
  assert.match(ok, /^HTTP\/1\.1 201 /);
});

test('every problem body states the status the response has', async () => {
  const admin = await server.login();
  const na = await admin.call('PUT', '/healthz');
  assert.equal(na.status, 405);
  assert.equal(na.body.status, 405);
  assert.equal(na.body.title, 'Method Not Allowed');
  assert.equal(na.body.code, 'method_not_allowed');
  const um = await admin.post('/api/v1/people/import', { not: 'csv' });
  assert.equal(um.status, 415);
  assert.equal(um.body.status, 415);
  assert.equal(um.body.code, 'unsupported_media_type');
  const hosts = problemOf(await raw(server.port, 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n'));
  assert.equal(hosts.status, 400);
  const garbage = await raw(server.port, 'HELLO THERE\r\n\r\n');
  assert.equal(problemOf(garbage).status, 400);
  const big = await raw(server.port, `GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: ${'x'.repeat(20000)}\r\n\r\n`);
  assert.equal(problemOf(big).status, 431);
});

test('the access log has a JSON line for every answered request, out before its answer: a kill right after loses none', async () => {
  const own = await startServer({ db: server.db, env: { QORGAN_ACCESS_LOG: '1' }, processes: 1 });
  let out = '';
  own.child.stdout.on('data', (d) => { out += d; });
  const closed = new Promise((ok) => own.child.stdout.on('close', ok));
  const asked = [
    { path: '/healthz', status: 200, route: '/healthz' },
    { path: '/api/v1/people/5', status: 401, route: '/api/v1/people/{id:id}' },
    { path: '/api/v1/nothing/here', status: 404, route: 'unmatched' },
    { path: '/a%22b%5Cc/%FF%01?x=1', logged: '/a"b\\c/\ufffd\u0001', status: 404, route: 'unmatched' },
  ];
  const bytes = [];
  for (let i = 0; i < 40; i++) {
    const r = await fetch(own.bases[0] + asked[i % asked.length].path, { headers: { 'X-Request-Id': `log-${i}` } });
    bytes.push((await r.arrayBuffer()).byteLength);
  }
  assert.equal(await own.stop('SIGKILL'), 'SIGKILL');
  await closed;
  const lines = new Map(out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((l) => [l.rid, l]));
  for (let i = 0; i < 40; i++) {
    const a = asked[i % asked.length];
    const line = lines.get(`log-${i}`);
    assert.ok(line, `a line for request ${i} in ${out.slice(-500)}`);
    assert.deepEqual(Object.keys(line), ['bytes', 'method', 'ms', 'path', 'remote', 'rid', 'route', 'status', 'ts']);
    assert.deepEqual([line.method, line.path, line.route, line.status, line.bytes, line.remote],
      ['GET', a.logged ?? a.path, a.route, a.status, bytes[i], '127.0.0.1']);
    assert.ok(line.ms >= 0 && Number.isFinite(line.ms));
    assert.match(line.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  }
});
