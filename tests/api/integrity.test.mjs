// The audit chain detects tampering, backups are consistent, and (on SQLite) every acknowledged
// write survives a kill -9, and on both engines a kill -9 among concurrent audited writes leaves
// every acknowledged write's audit entry in a chain that verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, cleanup, engine, cli, ADMIN_PASSWORD, MASTER_KEY } from './harness.mjs';
import { sql } from './sql.mjs';

const names = { kk: 'А', ru: 'А', en: 'A' };

test('audit verify passes, then names the entry that was edited or deleted', async () => {
  const server = await startServer();
  const admin = await server.login();
  for (let i = 0; i < 5; i++) await admin.post('/api/v1/regions', { code: `AUD-${i}`, level: 'city', name: names });
  await server.stop();
  let r = server.cli(['audit', 'verify']);
  assert.equal(r.code, 0, r.stderr);
  const n = Number(/(\d+) entries checked/.exec(r.stdout)[1]);
  assert.ok(n >= 7);
  sql(server.db.url, "UPDATE audit_log SET after_json = replace(after_json, 'AUD-2', 'AUD-X') WHERE seq = 5");
  r = server.cli(['audit', 'verify']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /BROKEN at entry 5: its content does not match its hash/);
  cleanup(server);
});

test('deleting the last audit entries is detected by the chain head', async () => {
  const server = await startServer();
  const admin = await server.login();
  await admin.post('/api/v1/regions', { code: 'TAIL-1', level: 'city', name: names });
  await server.stop();
  const last = Number(sql(server.db.url, 'SELECT MAX(seq) FROM audit_log'));
  sql(server.db.url, `DELETE FROM audit_log WHERE seq = ${last}`);
  const r = server.cli(['audit', 'verify']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`BROKEN at entry ${last}: .*removed from the end`));
  cleanup(server);
});

test('backup makes a consistent copy of a live SQLite database', { skip: engine !== 'sqlite' && 'backup --to is for SQLite; PostgreSQL uses pg_dump' }, async () => {
  const server = await startServer();
  const admin = await server.login();
  await admin.post('/api/v1/regions', { code: 'BK-1', level: 'city', name: names });
  const target = join(server.db.dir, 'copy.db');
  const r = server.cli(['backup', '--to', target]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(`sqlite:${target}`, "SELECT code FROM regions WHERE code = 'BK-1'"), 'BK-1');
  assert.equal(sql(`sqlite:${target}`, 'PRAGMA integrity_check'), 'ok');
  // The backup names the audit entry it ends at; the copy's chain verifies up to exactly there.
  const head = Number(/audit log is intact up to entry (\d+)/.exec(r.stdout)?.[1]);
  assert.equal(head, Number(sql(server.db.url, 'SELECT seq FROM audit_head')));
  // A restore is verified with the installation's master key: the chain is keyed with it.
  const verified = cli(`sqlite:${target}`, ['audit', 'verify'], { env: { QORGAN_MASTER_KEY: MASTER_KEY } });
  assert.equal(verified.code, 0);
  assert.equal(Number(/(\d+) entries checked/.exec(verified.stdout)[1]), head);
  const again = server.cli(['backup', '--to', target]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /refusing to overwrite/);
  await server.stop();
  cleanup(server);
});

test('kill -9 during a burst of writes loses no acknowledged write', { skip: engine !== 'sqlite' && 'crash safety is tested on the embedded engine' }, async () => {
  const server = await startServer();
  const admin = await server.login();
  const acknowledged = [];
  let stop = false;
  const writers = Array.from({ length: 8 }, (_, w) => (async () => {
    for (let i = 0; !stop; i++) {
      try {
        const r = await admin.post('/api/v1/regions', { code: `CR-${w}-${i}`, level: 'city', name: names });
        if (r.status === 201) acknowledged.push(r.body.code);
      } catch { return; }
    }
  })());
  await new Promise((ok) => setTimeout(ok, 1500));
  server.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  assert.ok(acknowledged.length > 20, `only ${acknowledged.length} writes acknowledged`);
  const restarted = await startServer({ db: server.db });
  const again = await restarted.login('admin', ADMIN_PASSWORD);
  const stored = new Set();
  let cursor = null;
  do {
    const page = await again.get('/api/v1/regions?limit=500&sort=code' + (cursor ? `&cursor=${cursor}` : ''));
    page.body.items.forEach((r) => stored.add(r.code));
    cursor = page.body.next_cursor;
  } while (cursor);
  const lost = acknowledged.filter((c) => !stored.has(c));
  assert.deepEqual(lost, []);
  await restarted.stop();
  assert.equal(sql(server.db.url, 'PRAGMA integrity_check'), 'ok');
  assert.equal(restarted.cli(['audit', 'verify']).code, 0);
  cleanup(server);
});

test('kill -9 among concurrent audited writes leaves every acknowledged entry in a chain that verifies', async () => {
  const server = await startServer();
  const admin = await server.login();
  const acknowledged = [];
  let stop = false;
  const languages = ['kk', 'ru', 'en'];
  // Each request names itself (X-Request-Id), and its audit entry carries the name.
  const writers = Array.from({ length: 16 }, (_, w) => (async () => {
    for (let i = 0; !stop; i++) {
      const rid = `kill9-${w}-${i}`;
      try {
        const r = await admin.put('/api/v1/me/language', { language: languages[i % 3] }, { 'x-request-id': rid });
        if (r.status >= 200 && r.status < 300) acknowledged.push(rid);
      } catch { return; }
    }
  })());
  // Killed in the middle of the burst, once enough writes were answered, however loaded the
  // machine is.
  for (let waited = 0; acknowledged.length < 40 && waited < 30000; waited += 50)
    await new Promise((ok) => setTimeout(ok, 50));
  server.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  assert.ok(acknowledged.length > 20, `only ${acknowledged.length} writes acknowledged`);
  const restarted = await startServer({ db: server.db });
  // Entries the killed process committed and never chained are chained at the start.
  assert.equal(sql(server.db.url, 'SELECT COUNT(*) FROM audit_pending'), '0');
  const stored = new Set(sql(server.db.url, "SELECT request_id FROM audit_log WHERE request_id LIKE 'kill9-%'").split('\n'));
  assert.deepEqual(acknowledged.filter((rid) => !stored.has(rid)), []);
  await restarted.stop();
  const r = restarted.cli(['audit', 'verify']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  cleanup(server);
});
