// PostgreSQL going away under a running server: while it is down, requests are answered 503
// problem+json with Retry-After (not 500, and promptly) and /readyz says not ready; once it is
// back the same server process reconnects by itself and nothing acknowledged before is lost. A
// PostgreSQL that accepts connections but answers nothing (its processes stopped) is an outage
// too: each request waits at most the configured bound, then gets 503.
// It stops and starts a cluster of its own (the shared test cluster serves other test files).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, engine, root, client } from './harness.mjs';

const pgScript = join(root, 'scripts', 'test-postgres');
const skip = engine !== 'postgres' && 'PostgreSQL only (QORGAN_TEST_ENGINE=postgres)';
let dir, server, admin;

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

function pg(...args) {
  const r = spawnSync(pgScript, args, { encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`test-postgres ${args[0]} failed: ${r.stderr}`);
  return r.stdout.trim();
}

// One request with a deadline: an outage must be answered, not waited out.
async function timed(fn) {
  const started = Date.now();
  const r = await fn();
  return { ...r, ms: Date.now() - started };
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'qorgan-pg-outage-'));
  chmodSync(dir, 0o755);  // as root the cluster runs as the postgres user, who must reach it
  const url = pg('start', join(dir, 'pg'), String(await freePort()));
  server = await startServer({ db: { url, dir } });
  admin = await server.login();
});

after(async () => {
  if (skip) return;
  if (server) await server.stop();
  spawnSync(pgScript, ['stop', join(dir, 'pg')]);
  rmSync(dir, { recursive: true, force: true });
});

const names = (n) => ({ kk: n, ru: n, en: n });

test('PostgreSQL down: 503 with Retry-After and not ready; back up: the same server serves again', { skip }, async () => {
  const before = await admin.post('/api/v1/regions', { code: 'OUT-1', level: 'city', name: names('Город до сбоя') });
  assert.equal(before.status, 201, JSON.stringify(before.body));
  assert.equal((await client(server.base).get('/readyz')).status, 200);

  pg('down', join(dir, 'pg'), 'fast');
  const anon = client(server.base);
  const during = [
    ['readyz', await timed(() => anon.get('/readyz'))],
    ['list', await timed(() => admin.get('/api/v1/regions'))],
    ['create', await timed(() => admin.post('/api/v1/regions', { code: 'OUT-2', level: 'city', name: names('Город во время сбоя') }))],
    ['read', await timed(() => admin.get(`/api/v1/regions/${before.body.id}`))],
    ['article', await timed(() => anon.get('/api/v1/articles'))],
  ];
  for (const [what, r] of during) {
    assert.equal(r.status, 503, `${what}: ${r.status} ${r.text}`);
    assert.ok(r.ms < 15000, `${what} took ${r.ms} ms`);
    if (what === 'readyz') {
      assert.equal(r.body.database, false);
      continue;
    }
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(r.body.status, 503);
    assert.equal(r.body.code, 'unavailable');
    assert.match(r.body.detail, /database is not reachable/);
    assert.ok(Number(r.headers.get('retry-after')) > 0, `${what}: Retry-After ${r.headers.get('retry-after')}`);
  }
  assert.equal(server.child.exitCode, null, 'the server kept running');

  pg('up', join(dir, 'pg'));
  // The first request after the restart already finds a fresh connection: the pool checks an
  // idle connection before lending it.
  const ready = await anon.get('/readyz');
  assert.equal(ready.status, 200, ready.text);
  const list = await admin.get('/api/v1/regions?limit=500');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.items.map((r) => r.code), ['OUT-1'], 'the write refused during the outage was not stored');
  const after = await admin.post('/api/v1/regions', { code: 'OUT-3', level: 'city', name: names('Город после сбоя') });
  assert.equal(after.status, 201, JSON.stringify(after.body));
  assert.equal(server.child.exitCode, null);
});

test('PostgreSQL stops answering: 503 after the configured wait, other requests unaffected, then served again', { skip }, async () => {
  const bounded = await startServer({ db: server.db, env: { QORGAN_DB_ANSWER_TIMEOUT_SECONDS: '2' } });
  const officer = await bounded.login();
  const anon = client(bounded.base);
  assert.equal((await officer.post('/api/v1/regions', { code: 'HUNG-1', level: 'city', name: names('Город') })).status, 201);
  pg('freeze', join(dir, 'pg'));
  try {
    const write = timed(() => officer.post('/api/v1/regions', { code: 'HUNG-2', level: 'city', name: names('Город') }));
    // While that request waits for the database, a request that needs none is answered at once.
    await new Promise((ok) => setTimeout(ok, 300));
    const health = await timed(() => anon.get('/healthz'));
    assert.equal(health.status, 200);
    assert.ok(health.ms < 1000, `/healthz took ${health.ms} ms`);
    const refused = await write;
    assert.equal(refused.status, 503, refused.text);
    assert.ok(refused.ms >= 1500 && refused.ms < 9000, `the write was answered after ${refused.ms} ms`);
    assert.match(refused.body.detail, /database is not reachable/);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    const read = await timed(() => officer.get('/api/v1/regions'));
    assert.equal(read.status, 503, read.text);
    assert.ok(read.ms < 9000, `the read was answered after ${read.ms} ms`);
  } finally {
    pg('thaw', join(dir, 'pg'));
  }
  let list;
  for (let i = 0; i < 20; i++) {  // the dropped connections' backends end within moments
    list = await officer.get('/api/v1/regions?limit=500');
    if (list.status === 200) break;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  assert.equal(list.status, 200, list.text);
  const codes = list.body.items.map((r) => r.code);
  assert.ok(codes.includes('HUNG-1'));
  assert.ok(!codes.includes('HUNG-2'), 'the write answered 503 was not stored');
  assert.equal((await officer.post('/api/v1/regions', { code: 'HUNG-3', level: 'city', name: names('Город') })).status, 201);
  assert.equal(bounded.child.exitCode, null, 'the server kept running');
  await bounded.stop();
});
