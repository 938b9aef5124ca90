// Readiness, the live muster, the deadline and the after-action report over the API: target vs
// actual strength from memberships, skills counted only when valid on the day, exercises kept
// apart from real activations; at the deadline the server's sweep stores the overdue people once
// and tells the unit's commander through the outbox (audited); the after-action report gives the
// minutes to 50 % and 90 %, the no-shows with their reasons and the skills that fell short, as
// JSON and CSV. Commanders see only their unit's subtree; bad queries name their field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin, client } from './harness.mjs';
import { sql } from './sql.mjs';
import { pageSession } from './page-session.mjs';

let server, admin, commander, W;
const names = (n) => ({ kk: n, ru: n, en: n });
const made = async (res) => { assert.equal(res.status, 201, JSON.stringify(res.body)); return res.body; };
const today = new Date().toISOString().slice(0, 10);
const yearsFrom = (n) => `${new Date().getUTCFullYear() + n}-01-01`;

before(async () => {
  server = await startServer({ env: { QORGAN_DEADLINE_SWEEP_SECONDS: '1' } });
  admin = await server.login();
  const city = await made(await admin.post('/api/v1/regions', { code: 'RD-CITY', level: 'city', name: names('Қала') }));
  W = {};
  let k = 0;
  for (const s of ['A', 'B']) {
    const region = await made(await admin.post('/api/v1/regions', { code: `RD-${s}`, level: 'district', parent_id: city.id, name: names(`Аудан ${s}`) }));
    const boss = await made(await admin.post('/api/v1/people', {
      family_name: `Командиров${s}`, given_name: 'Бауыржан', birth_date: '1980-02-02', iin: makeIin(1980, 2, 2, 700 + ++k),
      region_id: region.id, status: 'active', email: `commander-${s.toLowerCase()}@example.kz`,
    }));
    const unit = await made(await admin.post('/api/v1/units', { name: `Рота ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active', commander_id: boss.id }));
    const platoon = await made(await admin.post('/api/v1/units', { name: `Взвод ${s}`, kind: 'territorial_troops', region_id: region.id, parent_id: unit.id, status: 'active' }));
    const point = await made(await admin.post('/api/v1/facilities', { name: `Мектеп ${s}`, kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2 }));
    const people = [];
    // A medic whose skill is valid, one whose skill expired, a driver qualified only next year.
    const skills = [
      [{ skill: 'medic', qualified_on: '2020-01-01', expires_on: yearsFrom(2) }],
      [{ skill: 'medic', qualified_on: '2015-01-01', expires_on: '2020-01-01' }],
      [{ skill: 'driver', qualified_on: yearsFrom(1) }],
      [{ skill: 'driver', qualified_on: '2019-05-05' }, { skill: 'medic' }],
    ];
    for (const [i, [family, where]] of [['Сейтқали', unit], ['Омарова', unit], ['Жақсылықов', platoon], ['Нұрланова', platoon]].entries()) {
      const p = await made(await admin.post('/api/v1/people', {
        family_name: `${family}${s}`, given_name: 'Айгерім', birth_date: '1991-03-03', iin: makeIin(1991, 3, 3, 300 + ++k),
        region_id: region.id, status: 'reservist', phone: '+77011234567', skills: skills[i],
      }));
      await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: where.id, position: 'rifleman', from: '2024-01-01' }));
      people.push(p);
    }
    const plan = await made(await admin.post('/api/v1/activation/plans', {
      name: `Жиын ${s}`, region_id: region.id, deadline_minutes: 360, messages: { kk: 'Жиын орнына келіңіз.' },
      units: [{ unit_id: unit.id, target: 5, assembly_facility_id: point.id, needs: [{ skill: 'medic', count: 2 }, { skill: 'driver', count: 1 }] }],
    }));
    W[s] = { region, boss, unit, platoon, point, people, plan };
  }
  commander = await server.account(admin, 'rd-commander', 'commander', { unit_id: W.A.unit.id });
});
after(async () => { await server.stop(); cleanup(server); });

const activate = async (s, kind) => {
  const a = await made(await admin.post(`/api/v1/activation/plans/${W[s].plan.id}/activations`, { kind }));
  const hq = await server.account(admin, `rd-approver-${a.id}`, 'hq_staff', { region: 'RD-CITY' });
  const ok = await (kind === 'real' ? hq : admin).post(`/api/v1/activation/activations/${a.id}/approve`);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items;
  const of = (person) => notices.find((n) => n.person_id === person.id);
  return { ...ok.body, notices, of };
};

test('plans name the skills they need of each unit; bad needs name their field and store nothing', async () => {
  const plan = (await admin.get(`/api/v1/activation/plans/${W.A.plan.id}`)).body;
  assert.deepEqual(plan.units[0].needs, [{ skill: 'medic', count: 2 }, { skill: 'driver', count: 1 }]);
  const before = (await admin.get('/api/v1/activation/plans')).body.items.length;
  const bad = await admin.post('/api/v1/activation/plans', {
    name: 'Қате', region_id: W.A.region.id, messages: { kk: 'Келіңіз.' },
    units: [{ unit_id: W.A.unit.id, target: 2, assembly_facility_id: W.A.point.id, needs: [{ skill: 'medic', count: 1 }, { skill: 'medic', count: 2 }, { skill: 'driver', count: 0 }] }],
  });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['units[0].needs[1].skill', 'units[0].needs[2].count']);
  assert.equal((await admin.get('/api/v1/activation/plans')).body.items.length, before);
});

test('readiness: target vs actual strength and skills valid on the day; nobody trained before any exercise', async () => {
  const r = await admin.get(`/api/v1/activation/readiness?region=${W.A.region.id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.date, today);
  assert.deepEqual([r.body.training.basis, r.body.training.days], ['exercise_attendance', 365]);
  assert.equal(r.body.plans[0].units[0].trained, 0);
  assert.deepEqual(r.body.plans[0].units[0].positions, []);
  assert.deepEqual(r.body.plans.map((p) => p.plan_id), [W.A.plan.id], 'only the region asked for');
  const [unit] = r.body.plans[0].units;
  assert.equal(unit.unit_id, W.A.unit.id);
  assert.equal(unit.target, 5);
  assert.equal(unit.actual, 4, 'the members of the unit and its platoon');
  // medic: the valid one and the one without dates count, the expired one does not; driver: the
  // one qualified next year does not count yet.
  assert.deepEqual(unit.skills, [
    { skill: 'medic', needed: 2, holders: 2, short: false },
    { skill: 'driver', needed: 1, holders: 1, short: false },
  ]);
  // On the first day of next year the second driver has qualified; before the memberships began
  // nobody counts.
  const next = (await admin.get(`/api/v1/activation/readiness?unit=${W.A.unit.id}&date=${yearsFrom(1)}`)).body;
  assert.deepEqual(next.plans[0].units[0].skills.map((s) => [s.skill, s.holders]), [['medic', 2], ['driver', 2]]);
  const early = (await admin.get(`/api/v1/activation/readiness?unit=${W.A.unit.id}&date=2019-06-01`)).body;
  assert.equal(early.plans[0].units[0].actual, 0);
  assert.deepEqual(early.plans[0].units[0].skills.map((s) => s.holders), [0, 0]);
  const all = (await admin.get('/api/v1/activation/readiness')).body;
  assert.deepEqual(all.plans.map((p) => p.plan_id).sort(), [W.A.plan.id, W.B.plan.id].sort());
  assert.deepEqual(all.activations, { real: [], exercises: [] });
});

test('readiness follows each change of the registry at once, though it keeps what it counted', async () => {
  const B = W.B;
  const seen = async () => {
    const r = await admin.get(`/api/v1/activation/readiness?unit=${B.unit.id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [u] = r.body.plans[0].units;
    return [u.actual, Object.fromEntries(u.skills.map((s) => [s.skill, s.holders]))];
  };
  assert.deepEqual(await seen(), [4, { medic: 2, driver: 1 }]);
  assert.deepEqual(await seen(), [4, { medic: 2, driver: 1 }], 'asked again, nothing changed');
  const p = await made(await admin.post('/api/v1/people', {
    family_name: 'Тоқтарова', given_name: 'Әсел', birth_date: '1993-04-04', iin: makeIin(1993, 4, 4, 911),
    region_id: B.region.id, status: 'reservist', skills: [{ skill: 'medic', qualified_on: '2021-01-01' }],
  }));
  assert.deepEqual(await seen(), [4, { medic: 2, driver: 1 }], 'not a member yet');
  const m = await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: B.platoon.id, position: 'medic', from: '2024-01-01' }));
  assert.deepEqual(await seen(), [5, { medic: 3, driver: 1 }], 'a new member of the platoon');
  assert.equal((await admin.patch(`/api/v1/people/${p.id}`, { skills: [{ skill: 'driver', qualified_on: '2021-01-01' }] })).status, 200);
  assert.deepEqual(await seen(), [5, { medic: 2, driver: 2 }], 'her skills changed');
  assert.equal((await admin.patch(`/api/v1/units/${B.platoon.id}`, { parent_id: null })).status, 200);
  assert.deepEqual(await seen(), [2, { medic: 1, driver: 0 }], 'the platoon left the company');
  assert.equal((await admin.patch(`/api/v1/units/${B.platoon.id}`, { parent_id: B.unit.id })).status, 200);
  assert.deepEqual(await seen(), [5, { medic: 2, driver: 2 }], 'and came back');
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  assert.equal((await admin.patch(`/api/v1/people/${p.id}/memberships/${m.id}`, { to: yesterday })).status, 200);
  assert.deepEqual(await seen(), [4, { medic: 2, driver: 1 }], 'her membership ended');
  assert.equal((await admin.del(`/api/v1/people/${p.id}`)).status, 204);
  assert.deepEqual(await seen(), [4, { medic: 2, driver: 1 }]);
});

test('bad readiness queries name their field; out-of-scope units are not found', async () => {
  const both = await admin.get(`/api/v1/activation/readiness?region=${W.A.region.id}&unit=${W.A.unit.id}`);
  assert.equal(both.status, 422);
  assert.deepEqual(both.body.errors.map((e) => e.field).sort(), ['region', 'unit']);
  const date = await admin.get('/api/v1/activation/readiness?date=2026-13-01');
  assert.equal(date.status, 422);
  assert.deepEqual(date.body.errors.map((e) => e.field), ['date']);
  const word = await admin.get('/api/v1/activation/readiness?unit=abc');
  assert.equal(word.status, 422);
  assert.deepEqual(word.body.errors.map((e) => e.field), ['unit']);
  assert.equal((await admin.get('/api/v1/activation/readiness?region=999999')).status, 404);
  assert.equal((await commander.get(`/api/v1/activation/readiness?unit=${W.B.unit.id}`)).status, 404);
  const mine = (await commander.get('/api/v1/activation/readiness')).body;
  assert.deepEqual(mine.plans.map((p) => p.plan_id), [W.A.plan.id], 'a commander sees the plans of their unit only');
});

test('the live muster, the deadline sweep with the commander told once, and the after-action report', async () => {
  const ex = await activate('A', 'exercise');
  const real = await activate('B', 'real');
  const [p1, p2, p3, p4] = W.A.people;
  // Two arrive (p1, the valid medic, and p3, the future driver), one declines (ill), one confirms
  // and stays away.
  for (const p of [p1, p3]) {
    const r = await admin.post(`/api/v1/activation/activations/${ex.id}/check-ins`, { code: ex.of(p).code, facility_id: W.A.point.id });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  assert.equal((await admin.post(`/api/v1/activation/activations/${ex.id}/notices/${ex.of(p2).id}/answer`, { answer: 'decline', reason: 'ill' })).status, 200);
  assert.equal((await admin.post(`/api/v1/activation/activations/${ex.id}/notices/${ex.of(p4).id}/answer`, { answer: 'confirm' })).status, 200);
  // Arrivals 30 and 90 minutes after the activation, as if the muster had taken that long.
  const at = Date.parse(ex.activated_at) * 1000;
  sql(server.db.url, `UPDATE activation_notices SET arrived_at = ${at + 30 * 60e6} WHERE id = ${ex.of(p1).id}`);
  sql(server.db.url, `UPDATE activation_notices SET arrived_at = ${at + 90 * 60e6} WHERE id = ${ex.of(p3).id}`);

  // Readiness keeps the exercise apart from the real activation.
  const r = (await admin.get('/api/v1/activation/readiness')).body;
  assert.deepEqual(r.activations.exercises.map((a) => a.id), [ex.id]);
  assert.deepEqual(r.activations.real.map((a) => a.id), [real.id]);
  const curve = r.activations.exercises[0].muster.total;
  assert.equal(curve.target, 5);
  assert.equal(curve.arrived, 2);
  assert.deepEqual(curve.curve, [{ minutes: 30, share: 0.2 }, { minutes: 90, share: 0.4 }]);
  assert.equal(r.activations.exercises[0].muster.units[0].unit_id, W.A.unit.id);
  assert.equal(r.activations.real[0].muster.total.arrived, 0);

  // The muster as the unit's commander sees it; another unit's activation is not found.
  const m = await commander.get(`/api/v1/activation/activations/${ex.id}/muster`);
  assert.equal(m.status, 200, JSON.stringify(m.body));
  assert.deepEqual(m.body.counts, { arrived: 2, declined: 1, confirmed: 1 });
  assert.equal(m.body.people.length, 4);
  assert.equal(m.body.people.find((p) => p.person_id === p2.id).reason, 'ill');
  assert.equal(m.body.kind, 'exercise');
  assert.equal((await commander.get(`/api/v1/activation/activations/${real.id}/muster`)).status, 404);
  assert.equal((await commander.get(`/api/v1/activation/activations/${real.id}/after-action`)).status, 404);

  // The deadline passes: the server's sweep (every second here) stores the overdue people and
  // tells the commander by e-mail, once, in the same transaction as its audit entry.
  const stored = () => sql(server.db.url, `SELECT status FROM activation_notices WHERE id = ${ex.of(p4).id}`);
  assert.equal(stored(), 'confirmed');
  sql(server.db.url, `UPDATE activations SET deadline_at = ${Date.now() * 1000 - 1000} WHERE id = ${ex.id}`);
  // Past the deadline the notice reads as overdue at once, whether the sweep has stored it yet.
  const listed = async (status) => (await admin.get(`/api/v1/activation/activations/${ex.id}/notices?status=${status}`)).body.items.map((n) => n.id);
  assert.deepEqual(await listed('overdue'), [ex.of(p4).id]);
  assert.deepEqual(await listed('confirmed'), []);
  for (let i = 0; i < 100 && stored() !== 'overdue'; i++) await new Promise((ok) => setTimeout(ok, 100));
  assert.equal(stored(), 'overdue');
  await new Promise((ok) => setTimeout(ok, 2500));  // two more sweeps: nothing more happens
  const told = (await admin.get(`/api/v1/notify/messages?reference_prefix=activation:${ex.id}:overdue:`)).body.items;
  assert.equal(told.length, 1);
  assert.equal(told[0].channel, 'email');
  assert.equal(told[0].recipient, 'commander-a@example.kz');
  assert.equal(told[0].kind, 'exercise');
  assert.equal(told[0].reference, `activation:${ex.id}:overdue:${W.A.unit.id}`);
  assert.match(told[0].text, /Overdue at the deadline/);
  assert.ok(told[0].text.includes(ex.of(p4).person_name), 'the overdue person is named');
  assert.ok(!told[0].text.includes(ex.of(p2).person_name), 'the declined person is not');
  const audit = (await admin.get(`/api/v1/audit?entity_type=activation&entity_id=${ex.id}`)).body.items.filter((e) => e.action === 'activation.overdue');
  assert.equal(audit.length, 1);
  assert.equal(sql(server.db.url, `SELECT COUNT(*) FROM activation_notices WHERE activation_id = ${ex.id} AND status = 'overdue'`), '1');

  // The after-action report, before and after the end.
  assert.equal((await admin.post(`/api/v1/activation/activations/${ex.id}/close`)).status, 200);
  const aa = await admin.get(`/api/v1/activation/activations/${ex.id}/after-action`);
  assert.equal(aa.status, 200, JSON.stringify(aa.body));
  assert.equal(aa.body.exercise, true);
  assert.equal(aa.body.final, true);
  const [u] = aa.body.units;
  assert.equal(u.unit_id, W.A.unit.id);
  assert.equal(u.target, 5);
  assert.equal(u.called, 4);
  assert.equal(u.arrived, 2);
  assert.equal(u.minutes_to_half, null, '3 of 5 never came');
  assert.equal(u.minutes_to_nine_tenths, null);
  assert.deepEqual(u.no_shows, { ill: 1, abroad: 0, exempt: 0, other: 0, did_not_come: 1, no_answer: 0 });
  // Of those who came: one medic (two needed) and no driver valid on the activation's day.
  assert.deepEqual(u.skills, [
    { skill: 'medic', needed: 2, holders: 1, short: true },
    { skill: 'driver', needed: 1, holders: 0, short: true },
  ]);
  assert.deepEqual(aa.body.skills_short.map((s) => s.skill), ['medic', 'driver']);
  assert.deepEqual(aa.body.no_shows.map((n) => [n.person_id, n.reason]).sort(), [[p2.id, 'ill'], [p4.id, 'did_not_come']].sort());
  const csv = await fetch(`${server.base}/api/v1/activation/activations/${ex.id}/after-action.csv`, { headers: { authorization: `Bearer ${admin.token}` } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = (await csv.text()).trim().split(/\r\n/);
  assert.equal(lines[0], 'unit_id,unit,target,called,arrived,minutes_to_50_percent,minutes_to_90_percent,no_show_ill,no_show_abroad,no_show_exempt,no_show_other,no_show_did_not_come,no_show_no_answer,skills_needed_held,positions_target_came');
  assert.equal(lines[1], `${W.A.unit.id},Рота A,5,4,2,,,1,0,0,0,1,0,medic 1/2; driver 0/1,`);
  assert.equal(lines.length, 3);
  assert.match(lines[2], /^,all,5,4,2,/);

  // With a target of 2 the same arrivals make 50 % at 30 minutes and 90 % at 90.
  const plan2 = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Кіші жиын', region_id: W.A.region.id, messages: { en: 'Report.' },
    units: [{ unit_id: W.A.platoon.id, target: 2, assembly_facility_id: W.A.point.id }],
  }));
  const small = await made(await admin.post(`/api/v1/activation/plans/${plan2.id}/activations`, { kind: 'exercise' }));
  assert.equal((await admin.post(`/api/v1/activation/activations/${small.id}/approve`)).status, 200);
  const sn = (await admin.get(`/api/v1/activation/activations/${small.id}/notices`)).body.items;
  for (const n of sn) assert.equal((await admin.post(`/api/v1/activation/activations/${small.id}/check-ins`, { code: n.code, facility_id: W.A.point.id })).status, 201);
  const sat = Date.parse((await admin.get(`/api/v1/activation/activations/${small.id}`)).body.activated_at) * 1000;
  sql(server.db.url, `UPDATE activation_notices SET arrived_at = ${sat + 30 * 60e6} WHERE id = ${sn[0].id}`);
  sql(server.db.url, `UPDATE activation_notices SET arrived_at = ${sat + 90 * 60e6} WHERE id = ${sn[1].id}`);
  const t = (await admin.get(`/api/v1/activation/activations/${small.id}/after-action`)).body.total;
  assert.equal(t.minutes_to_half, 30);
  assert.equal(t.minutes_to_nine_tenths, 90);
  assert.equal((await admin.get('/api/v1/activation/activations/999999/after-action')).status, 404);
});

// A region of its own: a company and its squad, a rifleman in each, a driver and a medic in the
// squad, and a fifth member who takes part in nothing.
const positionWorld = async (code) => {
  const region = await made(await admin.post('/api/v1/regions', { code, level: 'city', name: names(`Қала ${code}`) }));
  const unit = await made(await admin.post('/api/v1/units', { name: `Рота ${code}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
  const squad = await made(await admin.post('/api/v1/units', { name: `Бөлімше ${code}`, kind: 'territorial_troops', region_id: region.id, parent_id: unit.id, status: 'active' }));
  const point = await made(await admin.post('/api/v1/facilities', { name: `Мектеп ${code}`, kind: 'education', region_id: region.id, location: { lat: 43.2, lon: 76.9 }, criticality: 2 }));
  const people = [];
  const serial = 820 + 10 * Number(code.slice(-1));
  for (const [i, [position, where]] of [['rifleman', unit], ['rifleman', squad], ['driver', squad], ['medic', squad], ['rifleman', squad]].entries()) {
    const p = await made(await admin.post('/api/v1/people', {
      family_name: `Позиция${code}${i}`, given_name: 'Арман', birth_date: '1992-02-02', iin: makeIin(1992, 2, 2, serial + i),
      region_id: region.id, status: 'reservist', phone: '+77011234567',
    }));
    await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: where.id, position, from: '2024-01-01' }));
    people.push(p);
  }
  return { region, unit, squad, point, people };
};

test('plans set targets per position; bad position targets name their field, in the caller\'s language, and store nothing', async () => {
  const P = await positionWorld('RD-P1');
  const body = (positions, target = 5) => ({
    name: 'Лауазымдар', region_id: P.region.id, messages: { kk: 'Келіңіз.' },
    units: [{ unit_id: P.unit.id, target, assembly_facility_id: P.point.id, positions }],
  });
  const count = async () => (await admin.get('/api/v1/activation/plans?limit=200')).body.items.length;
  const plans = await count();
  const refused = async (positions, fields, target) => {
    const r = await admin.post('/api/v1/activation/plans', body(positions, target));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(r.body.errors.map((e) => e.field).sort(), fields.sort());
    return r.body;
  };
  // Named twice, empty, negative, not an integer, not a number.
  await refused([{ position: 'driver', target: 1 }, { position: 'driver', target: 1 }, { position: ' ', target: 1 },
    { position: 'rifleman', target: -1 }, { position: 'medic', target: 1.5 }, { position: 'cook', target: 'two' }, 'medic'],
  ['units[0].positions[1].position', 'units[0].positions[2].position', 'units[0].positions[3].target',
    'units[0].positions[4].target', 'units[0].positions[5].target', 'units[0].positions[6]']);
  // More by position than the unit's whole target.
  const over = await refused([{ position: 'rifleman', target: 3 }, { position: 'driver', target: 3 }], ['units[0].positions'], 5);
  assert.match(over.errors[0].message, /add up to more than the unit's target/);
  // A position nobody in the unit's subtree has or is meant to have: the misspelt "medik".
  const unknown = await refused([{ position: 'rifleman', target: 2 }, { position: 'medik', target: 1 }], ['units[0].positions[1].position']);
  assert.equal(unknown.errors[0].message, 'is not a position of the unit or of a unit under it');
  const ru = await admin.post('/api/v1/activation/plans?lang=ru', body([{ position: 'medik', target: 1 }]));
  assert.equal(ru.status, 422);
  assert.deepEqual(ru.body.errors, [{ field: 'units[0].positions[0].position', message: 'не должность этого подразделения или подчинённого ему' }]);
  const kk = await admin.post('/api/v1/activation/plans?lang=kk', body([{ position: 'rifleman', target: 0 }, { position: 'rifleman', target: 1 }]));
  assert.equal(kk.status, 422);
  assert.ok(kk.body.errors.some((e) => e.field === 'units[0].positions[1].position' && e.message === 'Лауазым екі рет көрсетілген.'), JSON.stringify(kk.body));
  assert.equal(await count(), plans, 'nothing stored');

  // A unit's target position in the registry is known even when nobody holds it yet.
  await made(await admin.post('/api/v1/units', { name: 'Байланыс', kind: 'territorial_troops', region_id: P.region.id, parent_id: P.unit.id, status: 'active', positions: [{ position: 'radio_operator', target: 1 }] }));
  const plan = await made(await admin.post('/api/v1/activation/plans', body([{ position: 'rifleman', target: 3 }, { position: 'driver', target: 1 }, { position: 'radio_operator', target: 1 }])));
  assert.deepEqual(plan.units[0].positions, [{ position: 'rifleman', target: 3 }, { position: 'driver', target: 1 }, { position: 'radio_operator', target: 1 }]);
  assert.deepEqual((await admin.get(`/api/v1/activation/plans/${plan.id}`)).body.units[0].positions, plan.units[0].positions);
  // A bad change leaves the stored plan as it was.
  const patched = await admin.patch(`/api/v1/activation/plans/${plan.id}`, { units: [{ unit_id: P.unit.id, target: 5, assembly_facility_id: P.point.id, positions: [{ position: 'medik', target: 1 }] }] });
  assert.equal(patched.status, 422);
  assert.deepEqual((await admin.get(`/api/v1/activation/plans/${plan.id}`)).body.units[0].positions, plan.units[0].positions);

  // Readiness: target against the members holding each position in the unit's subtree, per unit
  // and summed for the plan.
  const r = await admin.get(`/api/v1/activation/readiness?region=${P.region.id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const [p] = r.body.plans;
  const want = [
    { position: 'rifleman', target: 3, actual: 3, short: false },
    { position: 'driver', target: 1, actual: 1, short: false },
    { position: 'radio_operator', target: 1, actual: 0, short: true },
  ];
  assert.deepEqual(p.units[0].positions, want);
  assert.deepEqual(p.positions, want);
  assert.equal(p.units[0].actual, 5);
  // A rifleman leaves: the count on a later day drops, the day before does not.
  const leaving = (await admin.get(`/api/v1/people/${P.people[4].id}/memberships`)).body.items[0];
  const tomorrow = new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
  assert.equal((await admin.patch(`/api/v1/people/${P.people[4].id}/memberships/${leaving.id}`, { to: today })).status, 200);
  const on = async (date) => (await admin.get(`/api/v1/activation/readiness?region=${P.region.id}&date=${date}`)).body.plans[0].units[0].positions[0];
  assert.equal((await on(today)).actual, 3);
  assert.deepEqual(await on(tomorrow), { position: 'rifleman', target: 3, actual: 2, short: true });
  // The medic also becomes a driver: counted in both positions, at once on the same day.
  await made(await admin.post(`/api/v1/people/${P.people[3].id}/memberships`, { unit_id: P.squad.id, position: 'driver', from: today }));
  const now = (await admin.get(`/api/v1/activation/readiness?region=${P.region.id}`)).body.plans[0].units[0];
  assert.deepEqual(now.positions.map((x) => [x.position, x.actual]), [['rifleman', 3], ['driver', 2], ['radio_operator', 0]]);
  assert.equal(now.actual, 5, 'each person once in the whole');

  // The console's page shows the positions in the reader's language.
  const page = await pageSession(server.base, 'admin', 'admin-password-for-tests', { 'accept-language': 'kk' }, '/console');
  const html = (await page.get(`/console/activation/readiness?region=${P.region.id}`)).text;
  assert.match(html, /Лауазымдар: бар \/ жоспар бойынша/);
  assert.match(html, /radio_operator 0\/1/);
  assert.match(html, /Лауазымдар бойынша жоспарлы және нақты сан: Лауазымдар/, 'the chart by position');

  // The after-action report of an exercise names the positions that those who came fell short of.
  const ex = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }));
  assert.equal((await admin.post(`/api/v1/activation/activations/${ex.id}/approve`)).status, 200);
  const notices = (await admin.get(`/api/v1/activation/activations/${ex.id}/notices`)).body.items;
  for (const person of [P.people[0], P.people[2]]) {
    const n = notices.find((x) => x.person_id === person.id);
    assert.equal((await admin.post(`/api/v1/activation/activations/${ex.id}/check-ins`, { code: n.code, facility_id: P.point.id })).status, 201);
  }
  const report = (await admin.get(`/api/v1/activation/activations/${ex.id}/after-action`)).body;
  assert.deepEqual(report.units[0].positions, [
    { position: 'rifleman', target: 3, actual: 1, short: true },
    { position: 'driver', target: 1, actual: 1, short: false },
    { position: 'radio_operator', target: 1, actual: 0, short: true },
  ]);
  assert.deepEqual(report.positions_short, [
    { unit_id: P.unit.id, position: 'rifleman', target: 3, came: 1 },
    { unit_id: P.unit.id, position: 'radio_operator', target: 1, came: 0 },
  ]);
  const csv = await fetch(`${server.base}/api/v1/activation/activations/${ex.id}/after-action.csv`, { headers: { authorization: `Bearer ${admin.token}` } });
  const text = await csv.text();
  assert.match(text.split('\n')[0], /,positions_target_came\r?$/);
  assert.match(text, /rifleman 1\/3; driver 1\/1; radio_operator 0\/1/);
  const reportPage = (await page.get(`/console/activation/activations/${ex.id}/report`)).text;
  assert.match(reportPage, /Адам жетпеген лауазымдар/);
  assert.match(reportPage, /radio_operator — 0 \/ 1/);
  assert.equal((await admin.post(`/api/v1/activation/activations/${ex.id}/close`)).status, 200);
});

test('training currency: arrived at an exercise in the 365 days up to the day; an old exercise, a decline or a real activation does not count', async () => {
  const P = await positionWorld('RD-P2');
  const plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Жаттығу', region_id: P.region.id, messages: { kk: 'Келіңіз.' },
    units: [{ unit_id: P.unit.id, target: 5, assembly_facility_id: P.point.id }],
  }));
  const unitOn = async (date = today) => {
    const r = await admin.get(`/api/v1/activation/readiness?region=${P.region.id}&date=${date}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  let r = await unitOn();
  assert.deepEqual([r.plans[0].units[0].actual, r.plans[0].units[0].trained, r.plans[0].trained], [5, 0, 0]);
  assert.deepEqual(r.training, { basis: 'exercise_attendance', days: 365, since: new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86400e3).toISOString().slice(0, 10) });

  // An exercise: people 0 and 1 come, person 2 declines.
  const ex = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }));
  assert.equal((await admin.post(`/api/v1/activation/activations/${ex.id}/approve`)).status, 200);
  const notices = (await admin.get(`/api/v1/activation/activations/${ex.id}/notices`)).body.items;
  const of = (i) => notices.find((n) => n.person_id === P.people[i].id);
  for (const i of [0, 1])
    assert.equal((await admin.post(`/api/v1/activation/activations/${ex.id}/check-ins`, { code: of(i).code, facility_id: P.point.id })).status, 201);
  assert.equal((await client(server.base).post('/api/v1/activation/answer', { code: of(2).code, answer: 'decline', reason: 'ill' })).status, 200);
  assert.equal((await admin.post(`/api/v1/activation/activations/${ex.id}/close`)).status, 200);
  assert.equal((await unitOn()).plans[0].units[0].trained, 2, 'both arrivals today count');

  // A real activation: person 3 comes. Real arrivals are not training.
  const real = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'real' }));
  const hq = await server.account(admin, 'rd-trainer-hq', 'hq_staff', { region: 'RD-P2' });
  assert.equal((await hq.post(`/api/v1/activation/activations/${real.id}/approve`)).status, 200);
  const realNotices = (await admin.get(`/api/v1/activation/activations/${real.id}/notices`)).body.items;
  const n3 = realNotices.find((n) => n.person_id === P.people[3].id);
  assert.equal((await admin.post(`/api/v1/activation/activations/${real.id}/check-ins`, { code: n3.code, facility_id: P.point.id })).status, 201);
  assert.equal((await unitOn()).plans[0].units[0].trained, 2, 'the real arrival does not count');

  // The record as it would stand a long while later: person 0 came 100 days ago, person 1 400.
  const day = 86400e6;
  sql(server.db.url, `UPDATE activation_notices SET arrived_at = arrived_at - ${100 * day} WHERE activation_id = ${ex.id} AND person_id = ${P.people[0].id}`);
  sql(server.db.url, `UPDATE activation_notices SET arrived_at = arrived_at - ${400 * day} WHERE activation_id = ${ex.id} AND person_id = ${P.people[1].id}`);
  r = await unitOn();
  assert.deepEqual([r.plans[0].units[0].trained, r.plans[0].units[0].trained_share, r.plans[0].trained, r.plans[0].trained_share], [1, 0.2, 1, 0.2]);
  const shifted = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
  // Figures for 150 days ago: person 1 had come 250 days before; person 0 had not come yet.
  assert.equal((await unitOn(shifted(-150))).plans[0].units[0].trained, 1);
  // 300 days on, person 0's exercise is 400 days old too.
  assert.equal((await unitOn(shifted(300))).plans[0].units[0].trained, 0);

  // The console states the rule in the reader's language, with the figure and its share.
  const page = await pageSession(server.base, 'admin', 'admin-password-for-tests', { 'accept-language': 'ru' }, '/console');
  const html = (await page.get(`/console/activation/readiness?region=${P.region.id}`)).text;
  assert.match(html, /Подготовка актуальна у члена, который прибыл \(отметился\) на учения за 365 дней/);
  assert.match(html, /Прибытие по реальному приведению в готовность подготовкой не считается/);
  assert.match(html, /1 \(20\s?%\)/);
  assert.equal((await admin.post(`/api/v1/activation/activations/${real.id}/close`)).status, 200);
});
