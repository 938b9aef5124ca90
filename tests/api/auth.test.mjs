import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, client, ADMIN_PASSWORD } from './harness.mjs';

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

test('after five failures a login is throttled, whether or not the account exists', async () => {
  for (const login of ['ghost-account', 'throttled-user']) {
    if (login === 'throttled-user') await server.account(admin, login, 'auditor');
    for (let i = 0; i < 5; i++) await client(server.base).post('/api/v1/session', { login, password: 'not-the-password' });
    const r = await client(server.base).post('/api/v1/session', { login, password: 'not-the-password' });
    assert.equal(r.status, 429, login);
    assert.ok(r.headers.get('retry-after'));
  }
  // Even the right password is refused while throttled.
  const right = await client(server.base).post('/api/v1/session', { login: 'throttled-user', password: 'throttled-user-password-long' });
  assert.equal(right.status, 429);
});

test('short passwords are refused with a field error', async () => {
  const r = await admin.post('/api/v1/accounts', { login: 'shorty', password: 'short', role: 'auditor' });
  assert.equal(r.status, 422);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.deepEqual(r.body.errors.map((e) => e.field), ['password']);
});

test('logout ends the session; sign out everywhere ends all of them', async () => {
  const a = await server.account(admin, 'roamer', 'auditor');
  const b = await server.login('roamer', 'roamer-password-long');
  assert.equal((await a.del('/api/v1/session')).status, 204);
  assert.equal((await a.get('/api/v1/me')).status, 401);
  assert.equal((await b.get('/api/v1/me')).status, 200);
  const c = await server.login('roamer', 'roamer-password-long');
  assert.equal((await c.del('/api/v1/sessions')).status, 204);
  assert.equal((await b.get('/api/v1/me')).status, 401);
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
