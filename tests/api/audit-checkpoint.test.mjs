// Signed audit checkpoints on a served database: issued by the API and the CLI, checked by
// `audit verify --checkpoint`, which catches a rewrite the keyed chain alone cannot (someone with
// the database and the key) and a checkpoint that was altered or comes from another key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cleanup, client } from './harness.mjs';
import { sql } from './sql.mjs';

const names = { kk: 'А', ru: 'А', en: 'A' };

test('checkpoints: who may fetch one, its key, and verify --checkpoint on an intact log', async () => {
  const server = await startServer();
  const admin = await server.login();
  for (let i = 0; i < 3; i++) await admin.post('/api/v1/regions', { code: `CP-${i}`, level: 'city', name: names });
  const auditor = await server.account(admin, 'cp-auditor', 'auditor');
  const hq = await server.account(admin, 'cp-hq', 'hq_staff');
  assert.equal((await hq.get('/api/v1/audit/checkpoint')).status, 403);
  assert.equal((await client(server.base).get('/api/v1/audit/checkpoint')).status, 401);
  const r = await auditor.get('/api/v1/audit/checkpoint');
  assert.equal(r.status, 200);
  const cp = r.body;
  assert.equal(cp.qorgan_audit_checkpoint, 1);
  assert.ok(cp.seq >= 5, `seq ${cp.seq}`);
  assert.match(cp.head, /^[0-9a-f]{64}$/);
  assert.match(cp.signature, /^[0-9a-f]{128}$/);
  assert.equal(server.cli(['audit', 'public-key']).stdout.trim(), cp.key);

  const file = join(server.db.dir, 'checkpoints.jsonl');
  writeFileSync(file, JSON.stringify(cp) + '\n');
  await admin.post('/api/v1/regions', { code: 'CP-LATER', level: 'city', name: names });
  let v = server.cli(['audit', 'checkpoint', '--out', file]);
  assert.equal(v.code, 0, v.stderr);
  v = server.cli(['audit', 'verify', '--checkpoint', file]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /checkpoints match: 2 of 2/);
  await server.stop();
  cleanup(server);
});

test('verify --checkpoint catches entries removed after a checkpoint, though the chain verifies', async () => {
  const server = await startServer();
  const admin = await server.login();
  for (let i = 0; i < 3; i++) await admin.post('/api/v1/regions', { code: `RW-${i}`, level: 'city', name: names });
  await server.stop();
  const file = join(server.db.dir, 'kept.jsonl');
  assert.equal(server.cli(['audit', 'checkpoint', '--out', file]).code, 0);
  // Someone with the database cuts the last two entries and moves the head back: the chain
  // itself is consistent again.
  const last = Number(sql(server.db.url, 'SELECT MAX(seq) FROM audit_log'));
  sql(server.db.url, `DELETE FROM audit_log WHERE seq > ${last - 2}`);
  sql(server.db.url, `UPDATE audit_head SET seq = ${last - 2}, hash = (SELECT hash FROM audit_log WHERE seq = ${last - 2})`);
  assert.equal(server.cli(['audit', 'verify']).code, 0);
  const v = server.cli(['audit', 'verify', '--checkpoint', file]);
  assert.equal(v.code, 1);
  assert.match(v.stdout, new RegExp(`REWRITTEN: checkpoint 1 \\(entry ${last}, .*the log now ends at entry ${last - 2}`));
  cleanup(server);
});

test('an altered checkpoint, one from another key and a malformed file are refused', async () => {
  const server = await startServer();
  const admin = await server.login();
  await admin.post('/api/v1/regions', { code: 'AL-1', level: 'city', name: names });
  await server.stop();
  const line = server.cli(['audit', 'checkpoint']).stdout.trim();
  const cp = JSON.parse(line);
  const altered = join(server.db.dir, 'altered.jsonl');
  writeFileSync(altered, JSON.stringify({ ...cp, at: cp.at + 1 }) + '\n');
  let v = server.cli(['audit', 'verify', '--checkpoint', altered]);
  assert.equal(v.code, 1);
  assert.match(v.stdout, /its signature does not match its content/);

  const other = server.cli(['audit', 'checkpoint'], { env: { QORGAN_MASTER_KEY: 'b4'.repeat(32) } });
  const foreign = join(server.db.dir, 'foreign.jsonl');
  writeFileSync(foreign, other.stdout);
  v = server.cli(['audit', 'verify', '--checkpoint', foreign]);
  assert.equal(v.code, 1);

  const bad = join(server.db.dir, 'bad.jsonl');
  writeFileSync(bad, line + '\n');
  appendFileSync(bad, '{"qorgan_audit_checkpoint": 1, "seq": "x"}\n');
  v = server.cli(['audit', 'verify', '--checkpoint', bad]);
  assert.equal(v.code, 1);
  assert.match(v.stderr, /bad\.jsonl, line 2: its "seq" is missing or of the wrong type/);
  cleanup(server);
});
