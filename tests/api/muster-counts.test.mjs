// The muster counts that readiness reads (activation_muster_counts, kept in the transaction that
// changes a notice: the approval's insert counts its notices, triggers count changes) against a recount of the notices, after every kind of change
// of a notice's status: the approval, a delivery, answers, check-ins online and queued, a repeated
// check-in, the deadline's sweep, the close past the deadline, a cancel; then a random sequence
// of answers and check-ins. Readiness's muster of each running activation (from the kept counts)
// must also equal the activation's own muster, which reads every notice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { startGateway } from './receivers.mjs';
import { sql } from './sql.mjs';

let dir, gateway, server, admin;
const W = { units: [], people: [] };
const names = (n) => ({ kk: n, ru: n, en: n });
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const PER_UNIT = 8;

async function made(res, status = 201) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qorgan-muster-counts-'));
  gateway = await startGateway();
  const config = join(dir, 'qorgan.toml');
  writeFileSync(config, `[notify]
poll_seconds = 0.05
[notify.sms]
url = "http://127.0.0.1:${gateway.port}/send"
rate = 0
body_template = '{"to":"{recipient}","text":"{text}","id":"{id}"}'
`);
  server = await startServer({ args: ['--config', config], env: { QORGAN_DEADLINE_SWEEP_SECONDS: '1' } });
  admin = await server.login();
  const region = await made(await admin.post('/api/v1/regions', { code: 'MC-R', level: 'city', name: names('Қала') }));
  W.region = region;
  W.point = await made(await admin.post('/api/v1/facilities', { name: 'Мектеп', kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2 }));
  let k = 0;
  for (const s of ['A', 'B']) {
    const unit = await made(await admin.post('/api/v1/units', { name: `Рота ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    W.units.push(unit);
    for (let i = 0; i < PER_UNIT; i++) {
      // Every other person has a phone: their notice is delivered and they are reached.
      const p = await made(await admin.post('/api/v1/people', {
        family_name: `Санақов${s}${i}`, given_name: 'Асқар', birth_date: '1990-04-04', iin: makeIin(1990, 4, 4, 400 + ++k),
        region_id: region.id, status: 'reservist', ...(i % 2 === 0 ? { phone: `+770199900${String(k).padStart(2, '0')}` } : {}),
      }));
      await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
      W.people.push(p);
    }
  }
  W.plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Санақ', region_id: region.id, deadline_minutes: 240, messages: { kk: 'Жиын орнына келіңіз.' },
    units: W.units.map((u) => ({ unit_id: u.id, target: PER_UNIT, assembly_facility_id: W.point.id })),
  }));
});

after(async () => {
  await server?.stop();
  if (server) cleanup(server);
  await gateway?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The kept counts equal a recount of every notice, none below zero: one statement, so that a
// delivery landing meanwhile cannot make them differ.
function assertCounted(when) {
  const kept = 'SELECT activation_id, unit_id, status, people FROM activation_muster_counts WHERE people <> 0';
  const recount = 'SELECT activation_id, unit_id, status, COUNT(*) FROM activation_notices GROUP BY activation_id, unit_id, status';
  const differ = sql(server.db.url, `SELECT 'kept', d.* FROM (${kept} EXCEPT ${recount}) d
    UNION ALL SELECT 'recount', e.* FROM (${recount} EXCEPT ${kept}) e
    UNION ALL SELECT 'negative', c.* FROM (SELECT * FROM activation_muster_counts WHERE people < 0) c`);
  assert.equal(differ, '', `kept counts after ${when}`);
}

// Readiness's view of a running activation (kept counts, arrivals from their index) against the
// activation's muster (every notice read), field by field but the minutes since, which move.
async function assertReadinessAgrees(a) {
  const r = await made(await admin.get(`/api/v1/activation/readiness?region=${W.region.id}`), 200);
  const running = [...r.activations.real, ...r.activations.exercises].find((x) => x.id === a.id);
  assert.ok(running, 'the activation is in readiness');
  const m = await made(await admin.get(`/api/v1/activation/activations/${a.id}/muster`), 200);
  assert.deepEqual(running.counts, m.counts);
  assert.deepEqual(running.muster, m.muster);
  assert.deepEqual((await admin.get(`/api/v1/activation/activations/${a.id}`)).body.counts, m.counts);
  return running;
}

async function activate(kind = 'exercise') {
  const a = await made(await admin.post(`/api/v1/activation/plans/${W.plan.id}/activations`, { kind }));
  // A real activation is approved by a second person.
  const approver = kind === 'real' ? await server.account(admin, `mc-approver-${a.id}`, 'hq_staff', { region: 'MC-R' }) : admin;
  const approved = await made(await approver.post(`/api/v1/activation/activations/${a.id}/approve`), 200);
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices?limit=500`)).body.items;
  assert.equal(notices.length, 2 * PER_UNIT);
  return { ...approved, notices };
}

// Once the SMS went out, those with a phone are reached (or moved on): nothing changes by itself.
async function delivered(a) {
  const phoned = a.notices.filter((n) => W.people.find((p) => p.id === n.person_id).phone);
  for (let end = Date.now() + 20000; phoned.some((n) => stored(n) === 'called');) {
    assert.ok(Date.now() < end, 'the notices were delivered');
    await sleep(50);
  }
  return phoned;
}

const answer = (a, n, body) => admin.post(`/api/v1/activation/activations/${a.id}/notices/${n.id}/answer`, body);
const checkIn = (a, n) => admin.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: n.code, facility_id: W.point.id });
const stored = (n) => sql(server.db.url, `SELECT status FROM activation_notices WHERE id = ${n.id}`);

test('every change of a notice\'s status keeps the counts equal to a recount', async () => {
  const a = await activate();
  assertCounted('the approval');
  const phoned = await delivered(a);
  assert.ok(phoned.every((n) => stored(n) === 'reached'));
  assertCounted('the deliveries');
  await assertReadinessAgrees(a);
  const unphoned = a.notices.filter((n) => !phoned.includes(n));
  const [r1, r2, r3, r4] = phoned;
  const [c1, c2, c3, c4] = unphoned;

  await made(await answer(a, r1, { answer: 'confirm' }), 200);                   // reached → confirmed
  await made(await answer(a, c1, { answer: 'decline', reason: 'ill' }), 200);    // called → declined
  await made(await answer(a, r2, { answer: 'decline', reason: 'abroad' }), 200); // reached → declined
  await made(await answer(a, r2, { answer: 'confirm' }), 200);                   // declined → confirmed
  await made(await answer(a, c2, { answer: 'confirm' }), 200);                   // called → confirmed
  await made(await answer(a, c2, { answer: 'confirm' }), 200);                   // the same again
  assertCounted('answers');
  await assertReadinessAgrees(a);

  await made(await checkIn(a, r1));  // confirmed → arrived
  await made(await checkIn(a, c1));  // declined → arrived
  await made(await checkIn(a, r3));  // reached → arrived
  await made(await checkIn(a, c3));  // called → arrived
  await made(await checkIn(a, c3), 200);  // again: the first stands
  assert.equal((await answer(a, c3, { answer: 'decline', reason: 'other' })).status, 409);
  // Queued offline: taken at a whole second after the activation (which is shown to the second).
  await sleep(Math.max(0, Date.parse(a.activated_at) + 2000 - Date.now()));
  const queued = await made(await admin.post(`/api/v1/activation/muster/${W.point.id}/check-ins`, {
    items: [{ client_id: randomUUID(), at: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), code: r4.code }],
  }), 200);
  assert.equal(queued.items[0].outcome, 'recorded');
  assertCounted('check-ins');
  const seen = await assertReadinessAgrees(a);
  assert.equal(seen.muster.total.arrived, 5);

  // The deadline passes: the sweep stores the overdue people.
  sql(server.db.url, `UPDATE activations SET deadline_at = ${Date.now() * 1000 - 1000} WHERE id = ${a.id}`);
  for (let end = Date.now() + 20000; stored(c4) !== 'overdue';) {
    assert.ok(Date.now() < end, 'the sweep ran');
    await sleep(100);
  }
  assertCounted('the deadline\'s sweep');
  await assertReadinessAgrees(a);
  // Once overdue, an answer and a check-in still count.
  await made(await answer(a, c4, { answer: 'confirm' }), 200);  // overdue → confirmed
  await made(await checkIn(a, r2));                             // overdue → arrived
  assertCounted('an answer and a check-in past the deadline');
  await assertReadinessAgrees(a);
  // Closed past the deadline: whoever confirmed and stayed away is overdue.
  await made(await admin.post(`/api/v1/activation/activations/${a.id}/close`), 200);
  assert.equal(stored(c4), 'overdue');
  assertCounted('the close');

  const b = await activate('real');
  await made(await admin.post(`/api/v1/activation/activations/${b.id}/cancel`), 200);
  assertCounted('a cancel');
});

test('a random sequence of answers and check-ins keeps the counts equal to a recount', async () => {
  const a = await activate();
  await delivered(a);
  let seed = 20261205;
  const random = (n) => { seed = (seed * 48271) % 2147483647; return seed % n; };
  const reasons = ['ill', 'abroad', 'exempt', 'other'];
  const outcomes = {};
  for (let i = 1; i <= 80; i++) {
    const n = a.notices[random(a.notices.length)];
    const op = random(4);
    const res = op === 0 ? await answer(a, n, { answer: 'confirm' })
      : op === 1 ? await answer(a, n, { answer: 'decline', reason: reasons[random(4)] })
        : await checkIn(a, n);
    assert.ok([200, 201, 409].includes(res.status), JSON.stringify(res.body));
    outcomes[res.status] = (outcomes[res.status] || 0) + 1;
    if (i % 10 === 0) {
      assertCounted(`${i} random changes`);
      await assertReadinessAgrees(a);
    }
  }
  assert.ok(outcomes[201] > 5 && outcomes[409] > 0, JSON.stringify(outcomes));
});
