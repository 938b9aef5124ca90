// Check-ins that arrive together, as at an assembly point under load: on SQLite they share one
// commit (the writer runs the waiting check-ins one after another in one transaction), so each
// must still get its own answer, be stored once with its audit entry and be counted; and a
// check-in answered as recorded must still be there after the server is killed (SIGKILL) and
// started again on the same database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, cleanup, makeIin, engine } from './harness.mjs';
import { sql } from './sql.mjs';

let server, admin, approver;
const W = {};
const names = (n) => ({ kk: n, ru: n, en: n });
const PER_UNIT = 24;

async function made(res, status = 201) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  const region = await made(await admin.post('/api/v1/regions', { code: 'CI-R', level: 'city', name: names('Жиын қаласы') }));
  W.point = await made(await admin.post('/api/v1/facilities', { name: 'Жиын пункті', kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2 }));
  let k = 0;
  for (const s of ['A', 'B', 'C']) {
    const unit = await made(await admin.post('/api/v1/units', { name: `Жиын ротасы ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    for (let i = 0; i < PER_UNIT; i++) {
      const p = await made(await admin.post('/api/v1/people', {
        family_name: `Келгенов${s}${i}`, given_name: 'Бекзат', birth_date: '1991-03-03',
        iin: makeIin(1991, 3, 3, 500 + ++k), region_id: region.id, status: 'reservist',
      }));
      await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
    }
    W[s] = await made(await admin.post('/api/v1/activation/plans', {
      name: `Жиын ${s}`, region_id: region.id, deadline_minutes: 360, messages: { kk: 'Жиын орнына келіңіз.' },
      units: [{ unit_id: unit.id, target: PER_UNIT, assembly_facility_id: W.point.id }],
    }));
  }
  approver = await server.account(admin, 'ci-approver', 'admin');
});
after(async () => { await server?.stop(); if (server) cleanup(server); });

// A real activation of the plan, approved by a second person; its notices.
async function activate(plan) {
  const a = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'real' }));
  await made(await approver.post(`/api/v1/activation/activations/${a.id}/approve`), 200);
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices?limit=500`)).body.items;
  assert.equal(notices.length, PER_UNIT);
  return { a, notices };
}

const plain = (code) => code.replace(/-/g, '');
const checkIn = (who, a, code) => who.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code, facility_id: W.point.id });

// What is stored: the codes arrived, their audit entries, and the kept counts against a recount.
function storedState(a) {
  const url = server.db.url;
  const arrived = sql(url, `SELECT code FROM activation_notices WHERE activation_id = ${a.id} AND arrived_at IS NOT NULL ORDER BY code`)
    .split('\n').filter(Boolean);
  const audited = Number(sql(url, `SELECT COUNT(*) FROM audit_log WHERE action = 'activation_notice.check_in'
    AND entity_type = 'activation_notice' AND entity_id IN (SELECT CAST(id AS TEXT) FROM activation_notices WHERE activation_id = ${a.id})`));
  const kept = Number(sql(url, `SELECT COALESCE(SUM(people), 0) FROM activation_muster_counts WHERE activation_id = ${a.id} AND status = 'arrived'`));
  return { arrived, audited, kept };
}

test('check-ins sent at once: one arrival each, the repeats "already", unknown codes refused, every one audited and counted', async () => {
  const { a, notices } = await activate(W.A);
  // Every code twice and some unknown codes, all at once on connections of their own.
  const sent = [...notices.map((n) => n.code), ...notices.map((n) => n.code), 'ZZZZ-ZZZZ', 'YYYY-YYYY', 'XXXX-XXXX'];
  const answers = await Promise.all(sent.map((code, i) => checkIn(i % 2 ? approver : admin, a, code)));
  for (const n of notices) {
    const mine = answers.filter((r, i) => sent[i] === n.code);
    assert.deepEqual(mine.map((r) => r.status).sort(), [200, 201], `${n.code}: ${JSON.stringify(mine.map((r) => r.body))}`);
    const [first, again] = [mine.find((r) => r.status === 201).body, mine.find((r) => r.status === 200).body];
    assert.equal(first.id, n.id);
    assert.equal(first.already_checked_in, false);
    assert.equal(again.already_checked_in, true);
    assert.equal(again.arrived_at, first.arrived_at, 'the repeat names the one arrival');
  }
  assert.deepEqual(answers.slice(-3).map((r) => r.status), [404, 404, 404]);
  const s = storedState(a);
  assert.deepEqual(s.arrived.map(plain).sort(), notices.map((n) => plain(n.code)).sort());
  assert.equal(s.audited, PER_UNIT, 'one audit entry a check-in');
  assert.equal(s.kept, PER_UNIT, 'the kept counts');
  const counts = (await made(await admin.get(`/api/v1/activation/activations/${a.id}`), 200)).counts;
  assert.equal(counts.arrived, PER_UNIT);
});

test('killed with SIGKILL while check-ins arrive: every check-in answered as recorded is there after the restart', async () => {
  const { a, notices } = await activate(W.B);
  const acked = [];
  let killed;
  const half = PER_UNIT / 2;
  await Promise.all(notices.map(async (n, i) => {
    try {
      const r = await checkIn(i % 2 ? approver : admin, a, n.code);
      if (r.status === 201) acked.push(n.code);
      else assert.ok(killed, `${n.code}: ${r.status} ${JSON.stringify(r.body)}`);
    } catch {
      assert.ok(killed, 'only requests in flight at the kill go unanswered');
    }
    // Killed as soon as half are answered, with the rest in flight or not yet sent.
    if (acked.length === half && !killed) killed = server.stop('SIGKILL');
  }));
  assert.equal(await killed, 'SIGKILL');
  assert.ok(acked.length >= half);
  server = await startServer({ db: server.db });
  admin = await server.login();
  approver = await server.login('ci-approver', 'ci-approver-password-long');
  const s = storedState(a);
  const arrived = new Set(s.arrived.map(plain));
  for (const code of acked) assert.ok(arrived.has(plain(code)), `${code} was acknowledged and is stored`);
  assert.equal(s.audited, s.arrived.length, 'one audit entry for each stored check-in');
  assert.equal(s.kept, s.arrived.length, 'the kept counts');
  const verify = server.cli(['audit', 'verify']);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /intact/);
  // The check-ins not stored can be made now; those stored answer "already".
  for (const n of notices) {
    const r = await checkIn(admin, a, n.code);
    assert.equal(r.status, arrived.has(plain(n.code)) ? 200 : 201, `${n.code}: ${JSON.stringify(r.body)}`);
  }
  assert.equal(storedState(a).arrived.length, PER_UNIT);
});

// A check-in reads its notice and its activation's phase in one statement, and the activation
// alone only when the code is unknown: the refusals must still come in the same order either way.
test('a check-in is refused in order: no such activation, a missing point, an unknown code; a closed activation before any code', async () => {
  const { a, notices } = await activate(W.A);
  const known = notices[0].code;
  const to = (id, code, facility) => admin.post(`/api/v1/activation/activations/${id}/check-ins`, { code, facility_id: facility });
  let r = await to(999999, known, W.point.id);
  assert.equal(r.status, 404);
  assert.match(r.body.detail ?? r.body.title, /activation has id 999999/);
  for (const code of [known, 'ZZZZ-ZZZZ']) {
    r = await to(a.id, code, 999999);
    assert.equal(r.status, 422, `${code}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(r.body.errors.map((e) => e.field), ['facility_id']);
  }
  r = await checkIn(admin, a, 'ZZZZ-ZZZZ');
  assert.equal(r.status, 404);
  assert.match(r.body.detail ?? r.body.title, /has the code ZZZZ-ZZZZ/);
  await made(await admin.post(`/api/v1/activation/activations/${a.id}/close`), 200);
  for (const code of [known, 'ZZZZ-ZZZZ']) {
    r = await checkIn(admin, a, code);
    assert.equal(r.status, 409, `${code}: ${JSON.stringify(r.body)}`);
  }
  const s = storedState(a);
  assert.deepEqual([s.arrived.length, s.audited, s.kept], [0, 0, 0], 'nothing stored');
});

// Another process's write transaction on the SQLite file, held until release() ends it.
async function holdingTheFile(path) {
  const child = spawn('sqlite3', ['-batch', '-noheader', path]);
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stdin.write("BEGIN IMMEDIATE;\nSELECT 'held';\n");
  for (let i = 0; i < 100 && !out.includes('held'); i++) await new Promise((ok) => setTimeout(ok, 50));
  assert.ok(out.includes('held'), 'the lock was taken');
  return () => new Promise((ok) => { child.on('exit', ok); child.stdin.end('ROLLBACK;\n'); });
}

test('a check-in waiting for the database holds no handler thread: with one, reads are answered meanwhile, and each check-in is answered once stored', {
  skip: engine === 'postgres' && 'PostgreSQL runs writes side by side, each on its handler\'s thread',
}, async () => {
  const { a, notices } = await activate(W.C);
  await server.stop();
  server = await startServer({ db: server.db, args: ['--threads', '1'] });
  admin = await server.login();
  const release = await holdingTheFile(server.db.url.slice('sqlite:'.length));
  let answered = 0;
  const waiting = notices.slice(0, 3).map((n) => checkIn(admin, a, n.code).then((r) => { answered++; return r; }));
  const read = await admin.get(`/api/v1/activation/activations/${a.id}`);
  assert.equal(read.status, 200, read.text);
  assert.equal(answered, 0, 'no check-in is answered while the file is locked');
  await release();
  const answers = await Promise.all(waiting);
  assert.deepEqual(answers.map((r) => r.status), [201, 201, 201], JSON.stringify(answers.map((r) => r.body)));
  // Answered once stored: a kill right after the answers loses none of them.
  assert.equal(await server.stop('SIGKILL'), 'SIGKILL');
  const s = storedState(a);
  assert.deepEqual(s.arrived.map(plain).sort(), notices.slice(0, 3).map((n) => plain(n.code)).sort());
  assert.equal(s.audited, 3, 'one audit entry a check-in');
  server = await startServer({ db: server.db });
  const verify = server.cli(['audit', 'verify']);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});
