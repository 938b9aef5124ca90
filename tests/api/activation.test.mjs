// Activation, call-up and check-in over the API: a real activation needs a second person to
// approve it; approval calls up the current members of the plan's units with a notice, a short
// code and a signed QR token each; check-ins by code or token are idempotent; answers change until
// check-in; nothing happens before approval or after the end. Scoped and audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';

let server, admin, hq1, hq2, W;
const names = (n) => ({ kk: n, ru: n, en: n });

async function made(res) {
  assert.ok(res.status === 201, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  const city = await made(await admin.post('/api/v1/regions', { code: 'AC-CITY', level: 'city', name: names('Қала') }));
  W = {};
  let k = 0;
  for (const s of ['A', 'B']) {
    const region = await made(await admin.post('/api/v1/regions', { code: `AC-${s}`, level: 'district', parent_id: city.id, name: names(`Аудан ${s}`) }));
    const unit = await made(await admin.post('/api/v1/units', { name: `Рота ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    const platoon = await made(await admin.post('/api/v1/units', { name: `Взвод ${s}`, kind: 'territorial_troops', region_id: region.id, parent_id: unit.id, status: 'active' }));
    const point = await made(await admin.post('/api/v1/facilities', { name: `Мектеп ${s}`, kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2 }));
    const other = await made(await admin.post('/api/v1/facilities', { name: `Стадион ${s}`, kind: 'other', region_id: region.id, location: { lat: 43.25, lon: 76.92 }, criticality: 3 }));
    const people = [];
    for (const [family, given, where] of [['Сейтқали', 'Айбек', unit], ['Омарова', 'Дана', unit], ['Жақсылықов', 'Ерлан', platoon]]) {
      const p = await made(await admin.post('/api/v1/people', {
        family_name: `${family}${s}`, given_name: given, birth_date: '1990-05-05',
        iin: makeIin(1990, 5, 5, 300 + ++k), region_id: region.id, status: 'reservist', phone: '+77011234567',
      }));
      await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: where.id, position: 'rifleman', from: '2024-01-01' }));
      people.push(p);
    }
    // A member whose membership has ended is not called up.
    const gone = await made(await admin.post('/api/v1/people', {
      family_name: `Бұрынғы${s}`, given_name: 'Марат', birth_date: '1985-01-01', iin: makeIin(1985, 1, 1, 300 + ++k),
      region_id: region.id, status: 'reservist',
    }));
    await made(await admin.post(`/api/v1/people/${gone.id}/memberships`, { unit_id: unit.id, position: 'driver', from: '2020-01-01', to: '2021-01-01' }));
    const plan = await made(await admin.post('/api/v1/activation/plans', {
      name: `Жиын ${s}`, region_id: region.id, deadline_minutes: 360, messages: { kk: 'Жиын орнына келіңіз.' },
      units: [{ unit_id: unit.id, target: 3, assembly_facility_id: point.id }],
    }));
    W[s] = { region, unit, platoon, point, other, people, plan };
  }
  hq1 = await server.account(admin, 'ac-hq-one', 'hq_staff', { region: 'AC-A' });
  hq2 = await server.account(admin, 'ac-hq-two', 'hq_staff', { region: 'AC-CITY' });
});
after(async () => { await server.stop(); cleanup(server); });

const propose = async (who, s, kind) => made(await who.post(`/api/v1/activation/plans/${W[s].plan.id}/activations`, { kind }));

test('a real activation: two people, notices with codes, idempotent check-ins, answers until arrival, the end', async () => {
  const a = await propose(hq1, 'A', 'real');
  assert.equal(a.phase, 'proposed');
  // Nothing can be checked in before approval.
  assert.equal((await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: 'ABCD-EFGH', facility_id: W.A.point.id })).status, 409);
  const self = await hq1.post(`/api/v1/activation/activations/${a.id}/approve`);
  assert.equal(self.status, 403);
  assert.match(self.body.detail, /second person/);
  // A second person of the same or a parent region approves: the members are called up.
  const approved = await hq2.post(`/api/v1/activation/activations/${a.id}/approve`);
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  assert.equal(approved.body.phase, 'active');
  assert.deepEqual(approved.body.counts, { called: 3 }, 'the platoon is in the unit subtree; the ended membership is not');
  assert.equal(Date.parse(approved.body.deadline_at) - Date.parse(approved.body.activated_at), 360 * 60000);
  assert.equal((await hq2.post(`/api/v1/activation/activations/${a.id}/approve`)).status, 409);
  // Each notice went to the outbox with the approval: by SMS to the person's phone, with the
  // plan's message and the personal code.
  const queued = (await admin.get(`/api/v1/notify/messages?reference_prefix=activation:${a.id}:`)).body.items;
  assert.equal(queued.length, 3);
  for (const m of queued) {
    assert.equal(m.channel, 'sms');
    assert.equal(m.recipient, '+77011234567');
    assert.equal(m.kind, 'real');
    assert.match(m.text, /Жиын орнына келіңіз\./);
    assert.match(m.reference, new RegExp(`^activation:${a.id}:notice:\\d+$`));
  }

  const notices = (await hq1.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items;
  assert.equal(notices.length, 3);
  assert.deepEqual(notices.map((n) => n.person_id).sort(), W.A.people.map((p) => p.id).sort());
  for (const n of notices) {
    assert.match(n.code, /^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/);
    assert.match(n.token, /^q1\./);
    assert.equal(n.status, 'called');
  }
  assert.equal(new Set(notices.map((n) => n.code)).size, 3);
  const [first, second, third] = notices;

  // By the code as typed, at the unit's own point.
  const typed = first.code.toLowerCase().replace('-', ' ');
  const inFirst = await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: typed, facility_id: W.A.point.id });
  assert.equal(inFirst.status, 201, JSON.stringify(inFirst.body));
  assert.equal(inFirst.body.status, 'arrived');
  assert.equal(inFirst.body.already_checked_in, false);
  assert.equal(inFirst.body.elsewhere, false);
  assert.equal(inFirst.body.token, undefined, 'a check-in does not hand out the notice\'s token');
  const again = await hq2.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: first.code, facility_id: W.A.other.id });
  assert.equal(again.status, 200);
  assert.equal(again.body.already_checked_in, true);
  assert.equal(again.body.arrived_at, inFirst.body.arrived_at, 'the first check-in stands');
  assert.equal(again.body.checked_in_by, 'ac-hq-one');

  // By the QR token, at another point: recorded and flagged.
  const inSecond = await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { token: second.token, facility_id: W.A.other.id });
  assert.equal(inSecond.status, 201);
  assert.equal(inSecond.body.elsewhere, true);
  // Forged and foreign tokens, unknown codes.
  const forged = second.token.replace(`.${second.id}.`, `.${third.id}.`);
  let r = await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { token: forged, facility_id: W.A.point.id });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'token');
  const drill = await propose(hq1, 'A', 'exercise');
  assert.equal((await hq1.post(`/api/v1/activation/activations/${drill.id}/approve`)).status, 200, 'an exercise needs no second person');
  const drillNotice = (await hq1.get(`/api/v1/activation/activations/${drill.id}/notices`)).body.items[0];
  const drillMessages = (await admin.get(`/api/v1/notify/messages?reference_prefix=activation:${drill.id}:`)).body.items;
  assert.ok(drillMessages.length === 3 && drillMessages.every((m) => m.kind === 'exercise'));
  assert.ok(drillMessages.some((m) => m.text.includes(drillNotice.code)), 'the code is in the message');
  r = await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { token: drillNotice.token, facility_id: W.A.point.id });
  assert.equal(r.status, 422, 'a token of another activation');
  r = await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: 'ZZZZ-ZZZZ', facility_id: W.A.point.id });
  assert.equal(r.status, 404);
  r = await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: 'ABC', facility_id: W.A.point.id });
  assert.equal(r.status, 422);
  r = await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: third.code });
  assert.deepEqual(r.body.errors.map((e) => e.field), ['facility_id']);
  // A point that does not exist, or one in a region the caller does not see: refused at the
  // field and nothing recorded (the counts and the audit log below hold only the two arrivals).
  for (const facility_id of [999999, W.B.point.id]) {
    r = await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: third.code, facility_id });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(r.body.errors.map((e) => [e.field, e.message]), [['facility_id', 'does not exist']]);
  }
  const unchanged = (await hq1.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items.find((n) => n.id === third.id);
  assert.deepEqual([unchanged.arrived_at, unchanged.arrived_facility_id], [null, null], 'no arrival recorded');

  // Answers recorded by phone: a reason is needed to decline; they change until arrival.
  const answer = (n, body) => hq1.post(`/api/v1/activation/activations/${a.id}/notices/${n.id}/answer`, body);
  r = await answer(third, { answer: 'decline' });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'reason');
  r = await answer(third, { answer: 'decline', reason: 'ill' });
  assert.equal(r.body.status, 'declined');
  assert.equal(r.body.reason, 'ill');
  r = await answer(third, { answer: 'confirm' });
  assert.equal(r.body.status, 'confirmed');
  assert.equal(r.body.reason, null);
  assert.equal((await answer(first, { answer: 'decline', reason: 'other' })).status, 409, 'after check-in');

  const state = (await hq1.get(`/api/v1/activation/activations/${a.id}`)).body;
  assert.deepEqual(state.counts, { arrived: 2, confirmed: 1 });
  assert.deepEqual((await hq1.get(`/api/v1/activation/activations/${a.id}/notices?status=arrived`)).body.items.map((n) => n.id).sort(),
    [first.id, second.id].sort());
  // Page by page, one at a time: each arrived notice once, in order, then no next page.
  const byId = [first.id, second.id].sort((x, y) => x - y);
  const page1 = (await hq1.get(`/api/v1/activation/activations/${a.id}/notices?status=arrived&limit=1`)).body;
  assert.deepEqual(page1.items.map((n) => n.id), [byId[0]]);
  const page2 = (await hq1.get(`/api/v1/activation/activations/${a.id}/notices?status=arrived&limit=1&cursor=${page1.next_cursor}`)).body;
  assert.deepEqual([page2.items.map((n) => n.id), page2.next_cursor], [[byId[1]], null]);
  const bad = await hq1.get(`/api/v1/activation/activations/${a.id}/notices?status=gone&limit=501`);
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['limit', 'status']);
  const key = (await hq1.get(`/api/v1/activation/activations/${a.id}/token-key`)).body;
  assert.equal(key.algorithm, 'Ed25519');
  assert.match(key.public_key, /^[0-9a-f]{64}$/);

  const closed = await hq2.post(`/api/v1/activation/activations/${a.id}/close`);
  assert.equal(closed.body.phase, 'closed');
  assert.equal((await hq1.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: third.code, facility_id: W.A.point.id })).status, 409);
  assert.equal((await answer(third, { answer: 'confirm' })).status, 409);
  assert.equal((await hq1.post(`/api/v1/activation/activations/${a.id}/cancel`)).status, 409);

  const log = (await admin.get(`/api/v1/audit?entity_type=activation&entity_id=${a.id}`)).body.items.map((e) => e.action).sort();
  assert.deepEqual(log, ['activation.approve', 'activation.close', 'activation.propose']);
  const noticeLog = (await admin.get('/api/v1/audit?entity_type=activation_notice')).body.items.map((e) => e.action);
  assert.equal(noticeLog.filter((x) => x === 'activation_notice.check_in').length, 2);
  assert.equal(noticeLog.filter((x) => x === 'activation_notice.answer').length, 2);
});

test('cancelled and broken activations: nothing is called up, nothing changes', async () => {
  // Cancelling an approved activation cancels its notices still queued in the outbox.
  const drill = await propose(hq1, 'A', 'exercise');
  assert.equal((await hq1.post(`/api/v1/activation/activations/${drill.id}/approve`)).status, 200);
  assert.equal((await hq1.post(`/api/v1/activation/activations/${drill.id}/cancel`)).body.phase, 'cancelled');
  const left = (await admin.get(`/api/v1/notify/messages?reference_prefix=activation:${drill.id}:`)).body.items;
  assert.equal(left.length, 3);
  assert.ok(left.every((m) => m.status === 'cancelled'), JSON.stringify(left.map((m) => m.status)));

  const a = await propose(hq1, 'A', 'real');
  assert.equal((await hq1.post(`/api/v1/activation/activations/${a.id}/cancel`)).body.phase, 'cancelled');
  const late = await hq2.post(`/api/v1/activation/activations/${a.id}/approve`);
  assert.equal(late.status, 409);
  assert.deepEqual((await hq1.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items, []);
  // A plan with activations is kept.
  assert.equal((await admin.del(`/api/v1/activation/plans/${W.A.plan.id}`)).status, 409);

  // A plan whose unit was deleted since: approval is refused with the plan's fields named.
  const spare = await made(await admin.post('/api/v1/units', { name: 'Уақытша', kind: 'territorial_troops', region_id: W.B.region.id, status: 'active' }));
  const plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Уақытша жиын', region_id: W.B.region.id, messages: { ru: 'Сбор.' },
    units: [{ unit_id: spare.id, target: 1, assembly_facility_id: W.B.point.id }],
  }));
  const b = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'real' }));
  assert.equal((await admin.del(`/api/v1/units/${spare.id}`)).status, 204);
  const refused = await hq2.post(`/api/v1/activation/activations/${b.id}/approve`);
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.deepEqual(refused.body.errors.map((e) => e.field), ['units[0].unit_id']);
  assert.equal((await admin.get(`/api/v1/activation/activations/${b.id}`)).body.phase, 'proposed');
});

test('scope: headquarters of another region neither see nor act; other roles have no access', async () => {
  const b = await propose(admin, 'B', 'exercise');
  assert.equal((await hq1.get(`/api/v1/activation/activations/${b.id}`)).status, 404);
  assert.equal((await hq1.post(`/api/v1/activation/activations/${b.id}/approve`)).status, 404);
  assert.equal((await hq1.post(`/api/v1/activation/plans/${W.B.plan.id}/activations`, { kind: 'exercise' })).status, 404);
  // A check-in into an activation out of sight is "not found" whatever the body holds: a point
  // it sees, one it does not, or nothing valid at all.
  for (const body of [{ code: 'ABCD-EFGH', facility_id: W.A.point.id }, { code: 'ABCD-EFGH', facility_id: W.B.point.id }, {}]) {
    const r = await hq1.post(`/api/v1/activation/activations/${b.id}/check-ins`, body);
    assert.equal(r.status, 404, JSON.stringify(body));
    assert.match(r.body.detail ?? r.body.title, new RegExp(`activation has id ${b.id}`));
  }
  assert.ok((await hq1.get('/api/v1/activation/activations')).body.items.every((x) => x.plan_id === W.A.plan.id));
  assert.equal((await hq2.get(`/api/v1/activation/activations/${b.id}`)).status, 200, 'a parent region sees it');
  const commander = await server.account(admin, 'ac-commander', 'commander', { unit_id: W.A.unit.id });
  assert.equal((await commander.get('/api/v1/activation/activations')).status, 403);
  const auditor = await server.account(admin, 'ac-auditor', 'auditor');
  assert.equal((await auditor.get(`/api/v1/activation/activations/${b.id}`)).status, 200);
  assert.equal((await auditor.post(`/api/v1/activation/activations/${b.id}/approve`)).status, 403);
  assert.equal((await admin.post(`/api/v1/activation/plans/${W.B.plan.id}/activations`, { kind: 'drill' })).status, 422);
});

test('the same code checked in many times at once: one arrival, one audit entry, the rest "already"', async () => {
  const a = await propose(admin, 'B', 'exercise');
  assert.equal((await admin.post(`/api/v1/activation/activations/${a.id}/approve`)).status, 200);
  const [n] = (await admin.get(`/api/v1/activation/activations/${a.id}/notices?limit=1`)).body.items;
  const rounds = await Promise.all(Array.from({ length: 12 }, (_, i) =>
    (i % 2 ? hq2 : admin).post(`/api/v1/activation/activations/${a.id}/check-ins`,
      { code: n.code, facility_id: (i % 3 ? W.B.point : W.B.other).id })));
  assert.deepEqual(rounds.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201],
    JSON.stringify(rounds.map((r) => r.body)));
  const first = rounds.find((r) => r.status === 201).body;
  for (const r of rounds.filter((x) => x.status === 200)) {
    assert.equal(r.body.already_checked_in, true);
    assert.deepEqual([r.body.arrived_at, r.body.arrived_facility_id, r.body.checked_in_by],
      [first.arrived_at, first.arrived_facility_id, first.checked_in_by], 'every answer names the one arrival');
  }
  const log = (await admin.get(`/api/v1/audit?entity_type=activation_notice&entity_id=${n.id}`)).body.items;
  assert.deepEqual(log.map((e) => e.action), ['activation_notice.check_in']);
  const stored = (await admin.get(`/api/v1/activation/activations/${a.id}/notices?status=arrived`)).body.items;
  assert.deepEqual(stored.map((x) => [x.id, x.arrived_at]), [[n.id, first.arrived_at]]);
});

test('a person in two of the plan\'s units gets one notice, under the first unit, at its assembly point', async () => {
  const region = await made(await admin.post('/api/v1/regions', { code: 'AC-TWO', level: 'city', name: names('Екі бөлім') }));
  const unit = async (n) => made(await admin.post('/api/v1/units', { name: `Рота ${n}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
  const point = async (n) => made(await admin.post('/api/v1/facilities', { name: `Мектеп ${n}`, kind: 'education', region_id: region.id, location: { lat: 43.2, lon: 76.9 }, criticality: 2 }));
  const [first, second] = [await unit('бір'), await unit('екі')];
  const [p1, p2] = [await point('бір'), await point('екі')];
  const person = async (family, serial, units) => {
    const p = await made(await admin.post('/api/v1/people', {
      family_name: family, given_name: 'Асқар', birth_date: '1991-02-02', iin: makeIin(1991, 2, 2, serial),
      region_id: region.id, status: 'reservist', phone: '+77017654321',
    }));
    for (const u of units) await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: u.id, position: 'rifleman', from: '2024-01-01' }));
    return p;
  };
  const both = await person('Екеуінде', 700, [second, first]);
  const only = await person('Екіншіде', 710, [second]);
  const plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Екі рота', region_id: region.id, deadline_minutes: 60, messages: { kk: 'Келіңіз.' },
    units: [{ unit_id: first.id, target: 1, assembly_facility_id: p1.id }, { unit_id: second.id, target: 2, assembly_facility_id: p2.id }],
  }));
  const a = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }));
  const approved = await admin.post(`/api/v1/activation/activations/${a.id}/approve`);
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  assert.deepEqual(approved.body.counts, { called: 2 });
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items;
  assert.deepEqual(notices.map((n) => [n.person_id, n.unit_id, n.assembly_facility_id]).sort((x, y) => x[0] - y[0]),
    [[both.id, first.id, p1.id], [only.id, second.id, p2.id]]);
});
