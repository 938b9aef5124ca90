// Activation plans: headquarters prepares, in peacetime, which units of a region are called up,
// each unit's target strength and assembly point, the reporting deadline and the message in
// kk/ru/en. Checked through the registry with the caller's own rights; scoped, audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, client } from './harness.mjs';

let server, admin, hq, W;
const names = (n) => ({ kk: n, ru: n, en: n });

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  const city = await made(await admin.post('/api/v1/regions', { code: 'AP-CITY', level: 'city', name: names('Қала') }));
  W = {};
  for (const s of ['A', 'B']) {
    const region = await made(await admin.post('/api/v1/regions', { code: `AP-${s}`, level: 'district', parent_id: city.id, name: names(`Аудан ${s}`) }));
    const unit = await made(await admin.post('/api/v1/units', { name: `Рота ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    const facility = await made(await admin.post('/api/v1/facilities', {
      name: `Мектеп ${s}`, kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2,
    }));
    W[s] = { region, unit, facility };
  }
  hq = await server.account(admin, 'ap-hq', 'hq_staff', { region: 'AP-A' });
});
after(async () => { await server.stop(); cleanup(server); });

const planOf = (s, extra = {}) => ({
  name: `Жоспар ${s}`, region_id: W[s].region.id, deadline_minutes: 360,
  messages: { kk: 'Жиын орнына келіңіз.', ru: 'Прибыть на пункт сбора.', en: 'Report to the assembly point.' },
  units: [{ unit_id: W[s].unit.id, target: 120, assembly_facility_id: W[s].facility.id }],
  ...extra,
});

test('headquarters prepares, reads, changes and deletes a plan; every step is audited', async () => {
  const created = await hq.post('/api/v1/activation/plans', planOf('A'));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const plan = created.body;
  assert.equal(plan.deadline_minutes, 360);
  assert.deepEqual(plan.units, [{ unit_id: W.A.unit.id, target: 120, assembly_facility_id: W.A.facility.id, needs: [], positions: [] }]);
  assert.equal(plan.messages.ru, 'Прибыть на пункт сбора.');
  assert.equal(plan.created_by, 'ap-hq');

  const changed = await hq.patch(`/api/v1/activation/plans/${plan.id}`, {
    deadline_minutes: 240, units: [{ unit_id: W.A.unit.id, target: 90, assembly_facility_id: W.A.facility.id }],
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.deadline_minutes, 240);
  assert.equal(changed.body.units[0].target, 90);
  assert.equal(changed.body.name, 'Жоспар A', 'fields not given stay');

  const auditor = await server.account(admin, 'ap-auditor', 'auditor');
  assert.equal((await auditor.get(`/api/v1/activation/plans/${plan.id}`)).body.units[0].target, 90);

  assert.equal((await hq.del(`/api/v1/activation/plans/${plan.id}`)).status, 204);
  assert.equal((await hq.get(`/api/v1/activation/plans/${plan.id}`)).status, 404);
  const log = await admin.get('/api/v1/audit?entity_type=activation_plan');
  assert.deepEqual(log.body.items.map((e) => e.action).sort(),
    ['activation_plan.create', 'activation_plan.delete', 'activation_plan.update']);
});

test('a plan that is wrong is refused with every field named, and nothing is stored', async () => {
  const bad = async (body, fields) => {
    const r = await admin.post('/api/v1/activation/plans', body);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(r.body.errors.map((e) => e.field).sort(), [...fields].sort(), JSON.stringify(r.body));
  };
  await bad(planOf('A', { messages: { kk: '', ru: ' ', en: '' } }), ['messages']);
  await bad(planOf('A', { units: [] }), ['units']);
  await bad(planOf('A', { deadline_minutes: 0 }), ['deadline_minutes']);
  await bad(planOf('A', { units: [{ unit_id: W.A.unit.id, target: 0, assembly_facility_id: W.A.facility.id }] }), ['units[0].target']);
  const u = { unit_id: W.A.unit.id, target: 5, assembly_facility_id: W.A.facility.id };
  await bad(planOf('A', { units: [u, u] }), ['units[1].unit_id']);
  await bad(planOf('A', { colour: 'red' }), ['colour']);
  await bad(planOf('A', { units: [{ unit_id: 99999, target: 5, assembly_facility_id: 99998 }] }),
    ['units[0].unit_id', 'units[0].assembly_facility_id']);
  await bad(planOf('A', { units: [{ unit_id: W.B.unit.id, target: 5, assembly_facility_id: W.A.facility.id }] }), ['units[0].unit_id']);
  // A sub-unit beside its parent: the parent's entry already calls and counts its members.
  const platoon = await made(await admin.post('/api/v1/units', { name: 'Взвод A-1', kind: 'territorial_troops', region_id: W.A.region.id, parent_id: W.A.unit.id, status: 'active' }));
  const squad = await made(await admin.post('/api/v1/units', { name: 'Отделение A-1-1', kind: 'territorial_troops', region_id: W.A.region.id, parent_id: platoon.id, status: 'active' }));
  const of = (unit) => ({ unit_id: unit.id, target: 5, assembly_facility_id: W.A.facility.id });
  await bad(planOf('A', { units: [of(squad), of(W.A.unit), of(platoon)] }), ['units[0].unit_id', 'units[2].unit_id']);
  const kk = await admin.post('/api/v1/activation/plans', planOf('A', { units: [of(W.A.unit), of(platoon)] }), { 'accept-language': 'kk' });
  assert.deepEqual(kk.body.errors, [{ field: 'units[1].unit_id', message: 'осы жоспардағы № 1 бөлімшенің құрамында, оның адамдары сонда есептелген' }]);
  const list = await admin.get('/api/v1/activation/plans');
  assert.deepEqual(list.body.items, []);
  // Sub-units side by side, without their parent, are a plan.
  const siblings = await admin.post('/api/v1/activation/plans', planOf('A', { units: [of(platoon), of(await made(await admin.post('/api/v1/units', { name: 'Взвод A-2', kind: 'territorial_troops', region_id: W.A.region.id, parent_id: W.A.unit.id, status: 'active' })))] }));
  assert.equal(siblings.status, 201, JSON.stringify(siblings.body));
  assert.equal((await admin.del(`/api/v1/activation/plans/${siblings.body.id}`)).status, 204);
});

test('scope: hq_staff see and make plans of their region only; other roles have no access', async () => {
  const ofB = await made(await admin.post('/api/v1/activation/plans', planOf('B')));
  const ofA = await made(await hq.post('/api/v1/activation/plans', planOf('A')));
  assert.equal((await hq.post('/api/v1/activation/plans', planOf('B'))).status, 403);
  assert.equal((await hq.get(`/api/v1/activation/plans/${ofB.id}`)).status, 404);
  assert.equal((await hq.patch(`/api/v1/activation/plans/${ofB.id}`, { deadline_minutes: 30 })).status, 404);
  assert.equal((await hq.del(`/api/v1/activation/plans/${ofB.id}`)).status, 404);
  // A plan of region A may not name a unit the account cannot see (region B's).
  const r = await hq.patch(`/api/v1/activation/plans/${ofA.id}`, { units: [{ unit_id: W.B.unit.id, target: 5, assembly_facility_id: W.A.facility.id }] });
  assert.equal(r.status, 422);
  assert.deepEqual((await hq.get('/api/v1/activation/plans')).body.items.map((p) => p.id), [ofA.id]);
  assert.deepEqual((await admin.get('/api/v1/activation/plans')).body.items.map((p) => p.id), [ofB.id, ofA.id]);
  const page = await admin.get('/api/v1/activation/plans?limit=1');
  assert.equal(page.body.items.length, 1);
  const next = await admin.get(`/api/v1/activation/plans?limit=1&cursor=${page.body.next_cursor}`);
  assert.deepEqual(next.body.items.map((p) => p.id), [ofA.id]);

  const commander = await server.account(admin, 'ap-commander', 'commander', { unit_id: W.A.unit.id });
  assert.equal((await commander.get('/api/v1/activation/plans')).status, 403);
  assert.equal((await commander.post('/api/v1/activation/plans', planOf('A'))).status, 403);
  assert.equal((await client(server.base).get('/api/v1/activation/plans')).status, 401);
});
