import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, cleanup, client, ADMIN_PASSWORD, processes } from './harness.mjs';

let server, admin;
before(async () => { server = await startServer(); admin = await server.login(); });
after(async () => { await server.stop(); cleanup(server); });

test('login gives a token and a HttpOnly SameSite=Strict cookie; /me answers who I am', async () => {
  const res = await fetch(`${server.base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD }),
  });
  assert.equal(res.status, 201);
  const cookie = res.headers.get('set-cookie');
  assert.match(cookie, /qorgan_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
  const body = await res.json();
  const me = await client(server.base, body.token).get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.login, 'admin');
  assert.equal(me.body.role, 'admin');
});

test('wrong password and unknown account get the same answer', async () => {
  const a = await client(server.base).post('/api/v1/session', { login: 'admin', password: 'wrong-password-123' });
  const b = await client(server.base).post('/api/v1/session', { login: 'nobody-here', password: 'wrong-password-123' });
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.equal(a.body.detail, b.body.detail);
});

// Sign-in throttling counts per process (README "Running several servers"): its tests talk to
// one process, also when the test server is several (QORGAN_TEST_PROCESSES).
const oneProcess = () => server.bases[0];

// POST /api/v1/session from another loopback address, so the server sees another client.
function signInFrom(localAddress, login, password) {
  const url = new URL('/api/v1/session', oneProcess());
  const body = JSON.stringify({ login, password });
  return new Promise((ok, fail) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// A refusal for throttling: 429, and the header, the body's number and its words all agree.
function assertWait(r, seconds, what) {
  assert.equal(r.status, 429, what);
  assert.equal(r.headers.get('retry-after'), String(seconds), what);
  assert.equal(r.body.retry_after, seconds, what);
  assert.equal(r.body.detail, `Too many failed sign-ins. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, what);
}

test('failures delay a login at that address by growing waits, whether or not the account exists', async () => {
  await server.account(admin, 'throttled-user', 'auditor');
  const anon = client(oneProcess());
  for (const login of ['ghost-account', 'throttled-user']) {
    for (let i = 0; i < 3; i++) {
      const r = await anon.post('/api/v1/session', { login, password: 'not-the-password' });
      assert.equal(r.status, 401, `${login} failure ${i + 1}`);
    }
    // Refused, even with the right password, for one second; then the next failure doubles it.
    assertWait(await anon.post('/api/v1/session', { login, password: `${login}-password-long` }), 1, login);
    await sleep(1000);
    assert.equal((await anon.post('/api/v1/session', { login, password: 'not-the-password' })).status, 401);
    assertWait(await anon.post('/api/v1/session', { login, password: `${login}-password-long` }), 2, login);
  }
  // Once the wait is over the right password signs in.
  await sleep(2000);
  assert.equal((await anon.post('/api/v1/session', { login: 'throttled-user', password: 'throttled-user-password-long' })).status, 201);
});

test("an attacker's failures at one address do not keep the owner out at another", async () => {
  await server.account(admin, 'besieged', 'auditor');
  const attacker = client(oneProcess());  // 127.0.0.1
  for (let i = 0; i < 3; i++) await attacker.post('/api/v1/session', { login: 'besieged', password: 'not-the-password' });
  const r = await attacker.post('/api/v1/session', { login: 'besieged', password: 'besieged-password-long' });
  assert.equal(r.status, 429);
  const owner = await signInFrom('127.0.0.2', 'besieged', 'besieged-password-long');
  assert.equal(owner.status, 201);
  assert.ok(owner.body.token);
});

test('the console sign-in page says the same wait as its Retry-After', async () => {
  await server.account(admin, 'console-user', 'auditor');
  const attempt = async (password) => {
    const page = await fetch(`${oneProcess()}/console/login`);
    const cookie = page.headers.get('set-cookie').split(';')[0];
    const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)[1];
    const form = new URLSearchParams({ _csrf: csrf, login: 'console-user', password, next: '/console' });
    const res = await fetch(`${oneProcess()}/console/login`, {
      method: 'POST', redirect: 'manual', body: form,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
  };
  for (let i = 0; i < 3; i++) assert.equal((await attempt('not-the-password')).status, 401);
  const r = await attempt('console-user-password-long');
  assert.equal(r.status, 429);
  assert.equal(r.retryAfter, '1');
  // The page speaks Russian by default, the same wait in its words.
  assert.match(r.text, /<html lang="ru"/);
  assert.match(r.text, /Слишком много неудачных попыток входа\. Повторите через 1 с\./);
});

test('short passwords are refused with a field error', async () => {
  const r = await admin.post('/api/v1/accounts', { login: 'shorty', password: 'short', role: 'auditor' });
  assert.equal(r.status, 422);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.deepEqual(r.body.errors.map((e) => e.field), ['password']);
});

// The status of /me once an ended session must be refused: at once by one process; by several,
// within the 1 s that README "Running several servers" states (they hear of it by a notice).
async function meAfterEnd(c) {
  const end = Date.now() + (processes > 1 ? 1000 : 0);
  for (;;) {
    const status = (await c.get('/api/v1/me')).status;
    if (status === 401 || Date.now() >= end) return status;
    await sleep(20);
  }
}

test('logout ends the session; sign out everywhere ends all of them', async () => {
  const a = await server.account(admin, 'roamer', 'auditor');
  const b = await server.login('roamer', 'roamer-password-long');
  assert.equal((await a.del('/api/v1/session')).status, 204);
  assert.equal(await meAfterEnd(a), 401);
  assert.equal((await b.get('/api/v1/me')).status, 200);
  const c = await server.login('roamer', 'roamer-password-long');
  assert.equal((await c.del('/api/v1/sessions')).status, 204);
  assert.equal(await meAfterEnd(b), 401);
});

test('cookie-authenticated writes need the CSRF token', async () => {
  const res = await fetch(`${server.base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD }),
  });
  const { csrf_token } = await res.json();
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const body = JSON.stringify({ code: 'CSRF1', level: 'city', name: { kk: 'A', ru: 'A', en: 'A' } });
  const without = await fetch(`${server.base}/api/v1/regions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body });
  assert.equal(without.status, 403);
  const withToken = await fetch(`${server.base}/api/v1/regions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf_token }, body });
  assert.equal(withToken.status, 201);
});

test('the audit log records logins and changes, and is only for auditors and admins', async () => {
  const auditor = await server.account(admin, 'inspector', 'auditor');
  const r = await auditor.get('/api/v1/audit?entity_type=account&limit=500');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((e) => e.action === 'account.create' && e.after.login === 'inspector'));
  assert.ok(r.body.items.every((e) => e.after?.password === undefined || e.after.password === '[redacted]' || e.after.password === 'changed'));
  const hq = await server.account(admin, 'hq-no-audit', 'hq_staff');
  assert.equal((await hq.get('/api/v1/audit')).status, 403);
  assert.equal((await client(server.base).get('/api/v1/audit')).status, 401);
});
