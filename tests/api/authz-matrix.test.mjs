// The authorization matrix, generated from one table: every endpoint × every role × a record
// in and out of the account's scope, plus an anonymous caller. Each cell is asserted.
//   ok  → 2xx          403 / 404 / 422 → exactly that status
//   no  → the role may not use the endpoint at all: 403 (or 404 where even existence is hidden)
// A refused call that acts on a record (delete, enable/disable) must also leave it as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, client, makeIin } from './harness.mjs';
import { osmTown } from './osm-town.mjs';
import { png } from './images.mjs';

let server, admin, composer;
// The world: records in scope (A) and out of scope (B); placeholders until `before` runs, so
// that test names can be made from the paths.
const placeholder = () => ({ region: { id: 0 }, org: { id: 0 }, unit: { id: 0 }, person: { id: 0 }, facility: { id: 0 }, plan: { id: 0 }, actPlan: { id: 0 }, activation: { id: 0 }, alert: { id: 0 }, decision: { id: 0 }, takenItem: { id: 0 }, order: { id: 0 }, assessment: { id: 0 }, evidence: { id: 0 }, inspection: { id: 0 }, finding: { id: 0 }, guardPost: { id: 0 }, guardRoster: { id: 0 }, photo: { href: '/api/v1/requisition/photos/none' } });
const W = { A: placeholder(), B: placeholder(), network: { id: 0 }, message: { id: 0 } };
const as = {};     // signed-in clients per role
const roles = ['admin', 'auditor', 'hq_staff', 'commander', 'company_officer', 'volunteer', 'editor', 'alert_officer', 'requisition_officer', 'appraiser', 'finance_officer'];
// Second persons for the two-person rules: a valuation they record or an order they make is
// someone else's to approve or confirm (unscoped, so that it is made on either side).
const second = {};
const names = (n) => ({ kk: n, ru: n, en: n });

async function made(res) {
  assert.ok(res.status === 201, `fixture: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

before(async () => {
  // The matrix queues a plan per role and side behind a long one, on purpose.
  server = await startServer({ env: { QORGAN_EVAC_QUEUE_PER_ACCOUNT: '1000', QORGAN_EVAC_QUEUE_TOTAL: '1000' } });
  admin = await server.login();
  W.city = await made(await admin.post('/api/v1/regions', { code: 'M-CITY', level: 'city', name: names('Город') }));
  for (const s of ['A', 'B']) {
    const region = await made(await admin.post('/api/v1/regions', { code: `M-${s}`, level: 'district', parent_id: W.city.id, name: names(`Район ${s}`) }));
    const org = await made(await admin.post('/api/v1/organisations', { name: `Компания ${s}`, kind: 'company', size_category: 'large', region_id: region.id }));
    const unit = await made(await admin.post('/api/v1/units', { name: `Рота ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    const person = await made(await admin.post('/api/v1/people', {
      family_name: `Тестов${s}`, given_name: 'Арман', birth_date: '1990-01-01',
      iin: makeIin(1990, 1, 1, s === 'A' ? 11 : 222), region_id: region.id, status: 'reservist', phone: '+77001112233',
    }));
    const m = await admin.post(`/api/v1/people/${person.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' });
    assert.equal(m.status, 201, JSON.stringify(m.body));
    const facility = await made(await admin.post('/api/v1/facilities', {
      name: `Подстанция ${s}`, kind: 'energy', region_id: region.id, organisation_id: org.id,
      location: { lat: 43.25, lon: 76.9 }, criticality: 1, guard_posts: 2,
    }));
    W[s] = { region, org, unit, person, facility };
    W[s].actPlan = await made(await admin.post('/api/v1/activation/plans', activationPlan(s)));
    W[s].activation = await make.activeActivation(s);
  }
  // Evacuation: one road network (shared road data, not scoped) and a finished plan per side.
  W.network = await made(await admin.post(`/api/v1/evac/networks?name=Town&profile=car&format=xml`, osmTown(3), osm));
  for (const s of ['A', 'B']) {
    W[s].plan = (await admin.post('/api/v1/evac/plans', evacPlan(s))).body;
    await planIs(W[s].plan, 'done', 60000)();
    assert.ok(await planIs(W[s].plan, 'done')(), `the fixture plan of side ${s} is done`);
  }
  // Guarding: a post with a pattern and a finished roster per side.
  for (const s of ['A', 'B']) {
    W[s].guardPost = await made(await admin.post('/api/v1/guard/posts', { facility_id: W[s].facility.id, name: `Қақпа ${s}`, min_guards: 1, active_from: '2026-01-01' }));
    await made(await admin.post(`/api/v1/guard/posts/${W[s].guardPost.id}/patterns`, { shifts: '2x12@08:00', valid_from: '2026-01-01' }));
    const r = await admin.post('/api/v1/guard/rosters', { from: '2026-12-07', days: 2, region_code: `M-${s}` });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    for (let i = 0; i < 200 && (await admin.get(`/api/v1/guard/rosters/${r.body.id}`)).body.status !== 'done'; i++)
      await new Promise((ok) => setTimeout(ok, 50));
    W[s].guardRoster = r.body;
  }
  as.admin = admin;
  as.auditor = await server.account(admin, 'm-auditor', 'auditor');
  as.hq_staff = await server.account(admin, 'm-hq', 'hq_staff', { region: 'M-A' });
  as.commander = await server.account(admin, 'm-commander', 'commander', { unit_id: W.A.unit.id });
  as.company_officer = await server.account(admin, 'm-company', 'company_officer', { organisation_id: W.A.org.id });
  as.volunteer = await server.account(admin, 'm-volunteer', 'volunteer', { person_id: W.A.person.id });
  as.editor = await server.account(admin, 'm-editor', 'editor');
  as.alert_officer = await server.account(admin, 'm-alerts', 'alert_officer', { region: 'M-A' });
  // Alerts are composed by an officer of the whole city, so that the matrix's accounts may
  // approve them (the two-person rule keeps a composer from approving their own).
  composer = await server.account(admin, 'm-alert-composer', 'alert_officer', { region: 'M-CITY' });
  for (const s of ['A', 'B']) W[s].alert = await make.alertDraft(s);
  as.requisition_officer = await server.account(admin, 'm-requisition', 'requisition_officer', { region: 'M-A' });
  as.appraiser = await server.account(admin, 'm-appraiser', 'appraiser', { region: 'M-A' });
  as.finance_officer = await server.account(admin, 'm-finance', 'finance_officer', { region: 'M-A' });
  second.appraiser = await server.account(admin, 'm-valuer', 'appraiser');
  second.finance = await server.account(admin, 'm-cashier', 'finance_officer');
  for (const s of ['A', 'B']) {
    W[s].decision = await made(await admin.post('/api/v1/requisition/decisions', requisitionDecision(s)));
    W[s].takenItem = await make.takenItem(s);
    W[s].photo = (await made(await admin.post(`/api/v1/requisition/items/${W[s].takenItem.id}/photos?act=taking&name=front.png`, png(8, 8), pngType))).items[0];
    W[s].order = await make.order(s);
  }
  W.message = await make.message();
  // Protection duties: a self-assessment with an evidence file and an inspection with a finding
  // of each side's large company's facility.
  for (const s of ['A', 'B']) {
    W[s].assessment = await made(await admin.post(`/api/v1/obligations/facilities/${W[s].facility.id}/assessments`, obligationAssessment()));
    W[s].evidence = await made(await admin.post(`/api/v1/obligations/assessments/${W[s].assessment.id}/evidence?name=plan.pdf`, evidencePdf, pdfType));
    W[s].inspection = await made(await admin.post(`/api/v1/obligations/facilities/${W[s].facility.id}/inspections`, obligationInspection()));
    W[s].finding = W[s].inspection.findings[0];
  }
});
after(async () => {
  for (const b of blockers || []) await admin.post(`/api/v1/evac/plans/${b.id}/cancel`);
  await server.stop();
  cleanup(server);
});

const osm = { 'content-type': 'application/octet-stream' };
// An activation plan of side s: its unit, assembling at its facility.
const activationPlan = (s) => ({
  name: `Сбор ${s}`, region_id: W[s].region.id, messages: { ru: 'Прибыть на пункт сбора.' },
  units: [{ unit_id: W[s].unit.id, target: 10, assembly_facility_id: W[s].facility.id }],
});
// A plan of side s: 80 people in the town of osmTown(3), a hall at its far corner.
// A draft alert for side s's district (the air-raid template fills the rest).
const alertBody = (s) => ({ template: 'air_raid', status: 'Exercise', area: { regions: [`M-${s}`] } });
const alertIs = (r, state) => async () => (await admin.get(`/api/v1/alerts/${r.id}`)).body?.state === state;
const evacPlan = (s) => ({
  name: `Drill ${s}`, region_id: W[s].region.id, network_id: W.network.id, planner: 'qorgan',
  evacuees: { csv: 'lat,lon,count\n43.2401,76.9001,80\n' },
  shelters: { csv: 'lat,lon,capacity,name\n43.2418,76.9024,1000,Hall\n' },
});
// Whether the plan has `status` (polling up to `ms` for it).
const planIs = (r, status, ms = 0) => async () => {
  const end = Date.now() + ms;
  for (;;) {
    if ((await admin.get(`/api/v1/evac/plans/${r.id}`)).body?.status === status) return true;
    if (Date.now() >= end) return false;
    await new Promise((ok) => setTimeout(ok, 50));
  }
};
// A runner runs one plan at a time: while the long ones run, the plans made to be cancelled stay
// queued, so that every allowed cancel finds one still to cancel.
// One long plan for each server process's runner (QORGAN_TEST_PROCESSES): CCRP for 625,000 people
// over a 50 x 50 town, which takes it a minute or more (as in evac.test.mjs). (The exact planner
// on 1,800,000 people in the 3 x 3 town, used before, now takes under a second.)
let blockers;
async function queuedPlan(s) {
  if (!blockers) {
    const crowdTown = await made(await admin.post(`/api/v1/evac/networks?name=Crowd&profile=car&format=xml`, osmTown(50), osm));
    const lines = ['lat,lon,count'];
    for (let j = 0; j < 50; j += 2) for (let i = 0; i < 50; i += 2) lines.push(`${(43.24 + j * 0.0009).toFixed(6)},${(76.90 + i * 0.00123).toFixed(6)},1000`);
    blockers = [];
    for (let i = 0; i < server.bases.length; i++)
      blockers.push((await admin.post('/api/v1/evac/plans', {
        ...evacPlan(s), name: 'Long drill', network_id: crowdTown.id, planner: 'ccrp', evacuees: { csv: lines.join('\n') + '\n' },
        shelters: { csv: 'lat,lon,capacity,name\n43.2401,76.9001,3000000,Stadium\n' },
      })).body);
  }
  return (await admin.post('/api/v1/evac/plans', evacPlan(s))).body;
}

// Records made for one call each (every role, side and the anonymous caller gets its own), for
// the endpoints that use a record up: a deleted fixture cannot be reused. Each lies in side s's
// region, under s's unit or owned by s's organisation, so that it is in scope exactly where W[s]
// is.
let n = 0;
const make = {
  region: async (s) => made(await admin.post('/api/v1/regions', { code: `M-${s}-${++n}`, level: 'settlement', parent_id: W[s].region.id, name: names(`Посёлок ${n}`) })),
  org: async (s) => made(await admin.post('/api/v1/organisations', { name: `Фирма ${++n}`, kind: 'company', size_category: 'small', region_id: W[s].region.id })),
  unit: async (s) => made(await admin.post('/api/v1/units', { name: `Взвод ${++n}`, kind: 'territorial_troops', region_id: W[s].region.id, parent_id: W[s].unit.id })),
  person: async (s) => {
    const person = await made(await admin.post('/api/v1/people', {
      family_name: `Удаляемый${++n}`, given_name: 'Нурлан', birth_date: '1991-02-03',
      iin: makeIin(1991, 2, 3, 1000 + n * 100), region_id: W[s].region.id, status: 'volunteer',
    }));
    await made(await admin.post(`/api/v1/people/${person.id}/memberships`, { unit_id: W[s].unit.id, position: 'scout', from: '2024-01-01' }));
    return person;
  },
  membership: async (s) => made(await admin.post(`/api/v1/people/${W[s].person.id}/memberships`, { unit_id: W[s].unit.id, position: `post-${++n}`, from: '2024-06-01' })),
  facility: async (s) => made(await admin.post('/api/v1/facilities', {
    name: `Насосная ${++n}`, kind: 'water', region_id: W[s].region.id, organisation_id: W[s].org.id,
    location: { lat: 43.2, lon: 76.9 }, criticality: 2,
  })),
  actPlan: async (s) => made(await admin.post('/api/v1/activation/plans', activationPlan(s))),
  alertDraft: async (s) => made(await composer.post('/api/v1/alerts', alertBody(s))),
  proposed: async (s) => made(await admin.post(`/api/v1/activation/plans/${W[s].actPlan.id}/activations`, { kind: 'exercise' })),
  // An approved exercise of side s with its one notice (W[s].person's).
  activeActivation: async (s) => {
    const a = await make.proposed(s);
    assert.equal((await admin.post(`/api/v1/activation/activations/${a.id}/approve`)).status, 200);
    a.notice = (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items[0];
    return a;
  },
  network: async () => made(await admin.post(`/api/v1/evac/networks?name=Spare-${++n}&format=xml`, osmTown(3), osm)),
  // A print message (it stays queued: print waits for its batch), cancelled when `cancelled`.
  message: async (cancelled = false) => {
    const r = server.cli(['notify', 'send', '--channel', 'print', '--to', `Адресат ${++n}`, '--text', 'Шақыру']);
    assert.equal(r.code, 0, r.stderr);
    const id = Number(/queued message (\d+)/.exec(r.stdout)[1]);
    if (cancelled) assert.equal((await admin.post(`/api/v1/notify/messages/${id}/cancel`)).status, 200);
    return { id };
  },
  // A sick report of side s's person, filed by their own account.
  sickReport: async (s) => {
    W[s].sickFiler ??= await server.account(admin, `m-sick-${s.toLowerCase()}`, 'volunteer', { person_id: W[s].person.id });
    return made(await W[s].sickFiler.post('/api/v1/guard/sick-reports', { from: '2030-03-01', to: '2030-03-02' }));
  },
  // An account of side s's headquarters; `disabled` makes one to enable.
  account: async (s, disabled = false) => {
    const a = await made(await admin.post('/api/v1/accounts', { login: `m-target-${++n}`, password: 'long-enough-password', role: 'hq_staff', region: `M-${s}` }));
    if (disabled) assert.equal((await admin.post(`/api/v1/accounts/${a.id}/disable`)).status, 200);
    return a;
  },
};
const exists = (path) => async () => (await admin.get(path)).status === 200;
const sickReportIs = (r, status) => async () =>
  ((await admin.get('/api/v1/guard/sick-reports?from=2030-01-01')).body.items ?? []).find((x) => x.id === r.id)?.status === status;
const hasMembership = (r) => async () =>
  ((await admin.get(`/api/v1/people/${r.person_id}/memberships`)).body.items ?? []).some((m) => m.id === r.id);
const membershipOpen = (r) => async () =>
  ((await admin.get(`/api/v1/people/${r.person_id}/memberships`)).body.items ?? []).find((m) => m.id === r.id)?.to === null;
const accountLanguageIs = (r, language) => async () =>
  ((await admin.get('/api/v1/accounts')).body.items ?? []).find((a) => a.id === r.id)?.language === language;
const messageIs = (r, status) => async () => (await admin.get(`/api/v1/notify/messages/${r.id}`)).body?.status === status;
const accountIs = (r, disabled) => async () =>
  ((await admin.get('/api/v1/accounts')).body.items ?? []).find((a) => a.id === r.id)?.disabled === disabled;

// Requisition: a decision of side s, its property, and the records the two-person steps need.
const requisitionRoles = (cell) => ({ requisition_officer: cell, appraiser: cell, finance_officer: cell });
const requisitionDecision = (s) => ({
  number: `R-${s}-${++n}`, decided_on: '2026-03-01', issuing_body: 'Акимат', grounds: 'martial_law',
  region_id: W[s].region.id, deadline: '2026-06-01', collection_point_ids: [W[s].facility.id],
  officials: [{ name: 'Серик Алиев', position: 'заместитель акима' }],
  commission: [{ name: 'Дана Омарова', appraiser: true, licence: 'ЛИЦ-0042' }],
});
const requisitionItem = (type = 'ownership') => ({
  kind: 'equipment', description: 'Генератор', details: { serial: `GEN-${++n}` }, requisition_type: type,
  owner: { kind: 'person', name: 'Айгуль Сейтова', iin: makeIin(1985, 4, 12, 300 + (++n % 5000)) },
});
const takingAct = { act_date: '2026-03-02', place: 'Склад', condition: 'исправен', signed_by: { name: 'Айгуль Сейтова', as: 'owner', confirmed: true } };
Object.assign(make, {
  listedItem: async (s) => made(await admin.post(`/api/v1/requisition/decisions/${W[s].decision.id}/items`, requisitionItem())),
  takenItem: async (s, type = 'ownership') => {
    const item = await made(await admin.post(`/api/v1/requisition/decisions/${W[s].decision.id}/items`, requisitionItem(type)));
    assert.equal((await admin.post(`/api/v1/requisition/items/${item.id}/taking`, takingAct)).status, 200);
    return item;
  },
  usedItem: async (s) => make.takenItem(s, 'use'),
  valuation: async (s) => {
    const item = await make.takenItem(s);
    return made(await second.appraiser.post(`/api/v1/requisition/items/${item.id}/valuations`, {
      appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'comparative', value_date: '2026-03-02', market_value: 100_000_000,
    }));
  },
  // An item whose approved valuation and cash application make 1 000 000 ₸ payable.
  payable: async (s) => {
    const v = await make.valuation(s);
    assert.equal((await admin.post(`/api/v1/requisition/valuations/${v.id}/approve`)).status, 200);
    await made(await admin.post(`/api/v1/requisition/items/${v.item_id}/applications`, { method: 'cash' }));
    return { id: v.item_id };
  },
  order: async (s) => {
    const item = await make.payable(s);
    return made(await second.finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount: 100_000, idempotency_key: `matrix-order-${++n}` }));
  },
  dispute: async (s) => {
    const item = await make.takenItem(s);
    return made(await admin.post(`/api/v1/requisition/items/${item.id}/disputes`, { reason: 'мало', claimed: 100 }));
  },
});
const itemFile = async (id) => (await admin.get(`/api/v1/requisition/items/${id}`)).body;
const requisitionReaders = { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], ...requisitionRoles(['ok', 404]) };
const requisitionLists = { admin: 'ok', auditor: 'ok', hq_staff: 'ok', ...requisitionRoles('ok') };
const officers = { admin: 'ok', requisition_officer: ['ok', 404] };
const guardLists = { admin: 'ok', auditor: 'ok', hq_staff: 'ok', commander: 'ok' };
const guardReaders = { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404] };

// Protection duties: answers to the default duties of a class 1 facility, all met.
const obligationAnswers = () => [['guards_per_shift', 4], ['access_control', 1], ['perimeter_lighting', 1], ['video_surveillance', 1],
  ['backup_power_hours', 72], ['shelter_places_percent', 100], ['drills_per_year', 4]].map(([duty, value]) => ({ duty, value }));
const obligationAssessment = () => ({ assessed_on: '2026-01-15', workers: 80, answers: obligationAnswers() });
const obligationFinding = () => ({ deficiency: 'Нет журнала обходов', severity: 'low', deadline: '2026-12-31', responsible: 'Начальник охраны' });
const obligationInspection = () => ({ inspected_on: '2026-01-20', inspector: 'майор Ахметов', workers: 80, checklist: obligationAnswers(), findings: [obligationFinding()] });
const evidencePdf = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n';
const pdfType = { 'content-type': 'application/pdf' };
const pngType = { 'content-type': 'image/png' };
Object.assign(make, {
  obligationFinding: async (s) => made(await admin.post(`/api/v1/obligations/inspections/${W[s].inspection.id}/findings`, obligationFinding())),
});
const findingIs = (r, status) => async () => (await admin.get(`/api/v1/obligations/findings/${r.id}`)).body?.status === status;
const obligationReaders = { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], company_officer: ['ok', 404] };
const obligationLists = { admin: 'ok', auditor: 'ok', hq_staff: 'ok', company_officer: 'ok' };

const csv = { 'content-type': 'text/csv' };
const peopleCsv = (s) => 'family_name,given_name,birth_date,iin,region,status\n' +
  `Импортов,Ерлан,1992-03-04,${makeIin(1992, 3, 4, 500)},M-${s},reservist\n`;
const facilitiesCsv = (s) => 'name,kind,organisation_id,region,lat,lon,criticality\n' +
  `Котельная ${s},energy,${W[s].org.id},M-${s},43.2,76.9,2\n`;

// [method, path(side, record), body(side, record) or null, {role: [in, out]} or {role: same}, options]
// Roles not listed get 'no' on both sides. options.record(side) makes the record a call acts on
// (passed to path); options.kept(record) says whether it is still as it was after a refusal;
// options.headers are sent with the call.
// Imports (dry runs) report rows outside the caller's scope as bad rows: 422 with the report.
const table = [
  ['GET', () => '/api/v1/me', null, { admin: 'ok', auditor: 'ok', hq_staff: 'ok', commander: 'ok', company_officer: 'ok', volunteer: 'ok', editor: 'ok', alert_officer: 'ok', ...requisitionRoles('ok') }],
  ['GET', () => '/api/v1/accounts', null, { admin: 'ok' }],
  ['GET', () => '/api/v1/audit', null, { admin: 'ok', auditor: 'ok' }],
  ['GET', () => '/api/v1/audit/checkpoint', null, { admin: 'ok', auditor: 'ok' }],
  ['POST', () => '/api/v1/accounts', () => ({ login: `m-new-${++fresh}`, password: 'long-enough-password', role: 'auditor' }), { admin: 'ok' }],
  ['POST', () => '/api/v1/regions', () => ({ code: `M-NEW-${++fresh}`, level: 'city', name: names('Новый') }), { admin: 'ok' }],
  ['POST', (s) => `/api/v1/people/${W[s].person.id}/memberships`, (s) => ({ unit_id: W[s].unit.id, position: 'driver', from: '2025-01-01' }), { admin: 'ok', hq_staff: ['ok', 404] }],

  ['GET', () => '/api/v1/activation/plans', null, { admin: 'ok', auditor: 'ok', hq_staff: 'ok' }],
  ['GET', (s) => `/api/v1/activation/plans/${W[s].actPlan.id}`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404] }],
  ['POST', () => '/api/v1/activation/plans', (s) => activationPlan(s), { admin: 'ok', hq_staff: ['ok', 403] }],
  ['PATCH', (s) => `/api/v1/activation/plans/${W[s].actPlan.id}`, () => ({ deadline_minutes: 300 }), { admin: 'ok', hq_staff: ['ok', 404] }],
  ['DELETE', (s, r) => `/api/v1/activation/plans/${r.id}`, null, { admin: 'ok', hq_staff: ['ok', 404] },
    { record: make.actPlan, kept: (r) => exists(`/api/v1/activation/plans/${r.id}`) }],
  ['GET', () => '/api/v1/activation/activations', null, { admin: 'ok', auditor: 'ok', hq_staff: 'ok' }],
  ['GET', (s) => `/api/v1/activation/activations/${W[s].activation.id}`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404] }],
  ['GET', (s) => `/api/v1/activation/activations/${W[s].activation.id}/notices`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404] }],
  ['GET', (s) => `/api/v1/activation/activations/${W[s].activation.id}/token-key`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404] }],
  // Readiness, musters and after-action reports: commanders read their unit's subtree.
  ['GET', (s) => `/api/v1/activation/readiness?unit=${W[s].unit.id}`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404] }],
  ...['/muster', '/after-action', '/after-action.csv'].map((tail) =>
    ['GET', (s) => `/api/v1/activation/activations/${W[s].activation.id}${tail}`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404] }]),
  ['POST', (s) => `/api/v1/activation/plans/${W[s].actPlan.id}/activations`, () => ({ kind: 'exercise' }), { admin: 'ok', hq_staff: ['ok', 404] }],
  ['POST', (s, r) => `/api/v1/activation/activations/${r.id}/approve`, null, { admin: 'ok', hq_staff: ['ok', 404] },
    { record: make.proposed, kept: (r) => async () => (await admin.get(`/api/v1/activation/activations/${r.id}`)).body.phase === 'proposed' }],
  ['POST', (s, r) => `/api/v1/activation/activations/${r.id}/cancel`, null, { admin: 'ok', hq_staff: ['ok', 404] },
    { record: make.proposed, kept: (r) => async () => (await admin.get(`/api/v1/activation/activations/${r.id}`)).body.phase === 'proposed' }],
  // A phone answer: headquarters, and a commander for the people of the units they command.
  ['POST', (s, r) => `/api/v1/activation/activations/${r.id}/notices/${r.notice.id}/answer`, () => ({ answer: 'confirm' }), { admin: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404] },
    { record: make.activeActivation, kept: (r) => async () => (await admin.get(`/api/v1/activation/activations/${r.id}/notices`)).body.items[0].status === 'called' }],
  // The printed notices: whoever reads the activation.
  ['GET', (s) => `/api/v1/activation/activations/${W[s].activation.id}/print?unit=${W[s].unit.id}&all=true`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404] }],
  // Reminders: headquarters, and a commander for a unit of their own (naming another is 422).
  ['POST', (s, r) => `/api/v1/activation/activations/${r.id}/remind`, (s) => ({ unit_id: W[s].unit.id }), { admin: 'ok', hq_staff: ['ok', 404], commander: ['ok', 422] },
    { record: make.activeActivation, kept: (r) => async () => (await admin.get(`/api/v1/notify/messages?reference_prefix=activation:${r.id}:reminder:`)).body.items.length === 0 }],
  // A volunteer's own notices; another person's notice is not there for them.
  ['GET', () => '/api/v1/activation/my-notices', null, { volunteer: 'ok' }],
  ['POST', (s, r) => `/api/v1/activation/my-notices/${r.notice.id}/answer`, () => ({ answer: 'confirm' }), { volunteer: ['ok', 404] },
    { record: make.activeActivation, kept: (r) => async () => (await admin.get(`/api/v1/activation/activations/${r.id}/notices`)).body.items[0].status === 'called' }],
  ['POST', (s, r) => `/api/v1/activation/activations/${r.id}/check-ins`, (s, r) => ({ code: r.notice.code, facility_id: W[s].facility.id }), { admin: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404] },
    { record: make.activeActivation, kept: (r) => async () => (await admin.get(`/api/v1/activation/activations/${r.id}/notices`)).body.items[0].status === 'called' }],
  // The offline check-in page's API: headquarters, and a commander for their units' people.
  ['GET', (s) => `/api/v1/activation/muster/${W[s].facility.id}`, null, { admin: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404] }],
  ['POST', (s) => `/api/v1/activation/muster/${W[s].facility.id}/check-ins`,
    (s, r) => ({ items: [{ client_id: globalThis.crypto.randomUUID(), at: new Date().toISOString(), code: r.notice.code }] }), { admin: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404] },
    { record: make.activeActivation, kept: (r) => async () => (await admin.get(`/api/v1/activation/activations/${r.id}/notices`)).body.items[0].status === 'called' }],

  // Public alerts: admins and alert officers (of a region) compose, approve and cancel; auditors read.
  ['GET', () => '/api/v1/alerts', null, { admin: 'ok', auditor: 'ok', alert_officer: 'ok' }],
  ['GET', () => '/api/v1/alerts/templates', null, { admin: 'ok', auditor: 'ok', alert_officer: 'ok' }],
  ['GET', (s) => `/api/v1/alerts/${W[s].alert.id}`, null, { admin: 'ok', auditor: 'ok', alert_officer: ['ok', 404] }],
  ['GET', (s) => `/api/v1/alerts/${W[s].alert.id}/preview`, null, { admin: 'ok', auditor: 'ok', alert_officer: ['ok', 404] }],
  ['POST', () => '/api/v1/alerts', (s) => alertBody(s), { admin: 'ok', alert_officer: ['ok', 403] }],
  ['PATCH', (s) => `/api/v1/alerts/${W[s].alert.id}`, () => ({ severity: 'Severe' }), { admin: 'ok', alert_officer: ['ok', 404] }],
  ['POST', (s, r) => `/api/v1/alerts/${r.id}/approve`, null, { admin: 'ok', alert_officer: ['ok', 404] },
    { record: make.alertDraft, kept: (r) => alertIs(r, 'draft') }],
  ['POST', (s, r) => `/api/v1/alerts/${r.id}/cancel`, () => ({ confirm: true }), { admin: 'ok', alert_officer: ['ok', 404] },
    { record: make.alertDraft, kept: (r) => alertIs(r, 'draft') }],

  // Requisition: readers see their region; officers prepare; appraisers value; finance pays.
  ['GET', () => '/api/v1/requisition/decisions', null, requisitionLists],
  ['GET', () => '/api/v1/requisition/ledger', null, requisitionLists],
  ['GET', () => '/api/v1/requisition/ledger.csv', null, requisitionLists],
  ['GET', () => '/api/v1/requisition/totals?by=decision', null, requisitionLists],
  ['GET', () => '/api/v1/requisition/totals?by=owner', null, requisitionLists],
  ['GET', (s) => W[s].photo.href, null, requisitionReaders],
  ['GET', (s) => `${W[s].photo.href}?size=thumb`, null, requisitionReaders],
  ['POST', (s) => `/api/v1/requisition/items/${W[s].takenItem.id}/photos?act=taking&name=side.png`, () => png(8, 8), officers, { headers: pngType }],
  ...['', '/versions', '/items', '/report'].map((tail) =>
    ['GET', (s) => `/api/v1/requisition/decisions/${W[s].decision.id}${tail}`, null, requisitionReaders]),
  ...['', '/taking-act?lang=kk', '/return-act?lang=en'].map((tail) =>
    ['GET', (s) => `/api/v1/requisition/items/${W[s].takenItem.id}${tail}`, null, requisitionReaders]),
  ['GET', (s) => `/api/v1/requisition/decisions/${W[s].decision.id}/annex?lang=ru`, null, requisitionReaders],
  ['GET', (s) => `/api/v1/requisition/payment-orders/${W[s].order.id}`, null, requisitionReaders],
  ['POST', () => '/api/v1/requisition/decisions', requisitionDecision, { admin: 'ok', requisition_officer: ['ok', 403] }],
  ['PATCH', (s) => `/api/v1/requisition/decisions/${W[s].decision.id}`, () => ({ deadline: '2026-06-15' }), officers],
  ['POST', (s, r) => `/api/v1/requisition/decisions/${r.id}/revoke`, () => ({ reason: 'отпала необходимость' }), officers,
    { record: async (s) => made(await admin.post('/api/v1/requisition/decisions', requisitionDecision(s))),
      kept: (r) => async () => (await admin.get(`/api/v1/requisition/decisions/${r.id}`)).body.status === 'in_force' }],
  ['POST', (s) => `/api/v1/requisition/decisions/${W[s].decision.id}/items`, () => requisitionItem(), officers],
  ['POST', (s, r) => `/api/v1/requisition/items/${r.id}/taking`, () => takingAct, officers,
    { record: make.listedItem, kept: (r) => async () => (await itemFile(r.id)).status === 'listed' }],
  ['POST', (s) => `/api/v1/requisition/items/${W[s].takenItem.id}/custody`, () => ({ place: 'Автопарк', responsible: 'лейтенант Беков', moved_on: '2026-03-03' }), officers],
  ['POST', (s, r) => `/api/v1/requisition/items/${r.id}/return`, () => ({ ...takingAct, act_date: '2026-03-09' }), officers,
    { record: make.usedItem, kept: (r) => async () => (await itemFile(r.id)).status === 'taken' }],
  ['POST', (s) => `/api/v1/requisition/items/${W[s].takenItem.id}/valuations`, () => ({ appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'cost', value_date: '2026-03-02', market_value: 5_000_000 }),
    { admin: 'ok', appraiser: ['ok', 404] }],
  ['POST', (s, r) => `/api/v1/requisition/valuations/${r.id}/approve`, null, { admin: 'ok', requisition_officer: ['ok', 404], appraiser: ['ok', 404] },
    { record: make.valuation, kept: (r) => async () => (await itemFile(r.item_id)).valuations[0].status === 'recorded' }],
  ['POST', (s) => `/api/v1/requisition/items/${W[s].takenItem.id}/applications`, () => ({ method: 'cash' }), officers],
  ['POST', (s, r) => `/api/v1/requisition/items/${r.id}/disputes`, () => ({ reason: 'мало', claimed: 500 }), officers,
    { record: make.takenItem, kept: (r) => async () => (await itemFile(r.id)).disputes.length === 0 }],
  ['POST', (s, r) => `/api/v1/requisition/disputes/${r.id}/resolve`, () => ({ resolution: 'оставить', adjustment: 0 }), officers,
    { record: make.dispute, kept: (r) => async () => (await itemFile(r.item_id)).disputes[0].status === 'open' }],
  ['POST', (s, r) => `/api/v1/requisition/items/${r.id}/payment-orders`, () => ({ amount: 1000, idempotency_key: `matrix-${++fresh}` }), { admin: 'ok', finance_officer: ['ok', 404] },
    { record: make.payable, kept: (r) => async () => (await itemFile(r.id)).payment_orders.length === 0 }],
  ...[['confirm', null], ['cancel', () => ({ reason: 'набрано с ошибкой' })]].map(([verb, body]) =>
    ['POST', (s, r) => `/api/v1/requisition/payment-orders/${r.id}/${verb}`, body, { admin: 'ok', finance_officer: ['ok', 404] },
      { record: make.order, kept: (r) => async () => (await itemFile(r.item_id)).payment_orders[0].status === 'created' }]),

  // Protection duties: company officers their own organisation, headquarters their region,
  // auditors read, admins everything; only admins change the duties.
  ['GET', () => '/api/v1/obligations/duties', null, obligationLists],
  ['POST', () => '/api/v1/obligations/duties', () => ({ code: `m_duty_${++fresh}`, name: names('Обязанность'), measure: 'yes_no', levels: [1, 1, null], active: false }), { admin: 'ok' }],
  ['PATCH', () => '/api/v1/obligations/duties/drills_per_year', () => ({ position: 70 }), { admin: 'ok' }],
  ['GET', (s) => `/api/v1/obligations/facilities/${W[s].facility.id}`, null, obligationReaders],
  ['POST', (s) => `/api/v1/obligations/facilities/${W[s].facility.id}/assessments`, obligationAssessment, { admin: 'ok', company_officer: ['ok', 403] }],
  ['GET', () => '/api/v1/obligations/assessments', null, obligationLists],
  ['GET', (s) => `/api/v1/obligations/assessments/${W[s].assessment.id}`, null, obligationReaders],
  ['POST', (s) => `/api/v1/obligations/assessments/${W[s].assessment.id}/evidence?name=scan.pdf`, () => evidencePdf, { admin: 'ok', company_officer: ['ok', 404] }, { headers: pdfType }],
  ['GET', (s) => `/api/v1/obligations/evidence/${W[s].evidence.id}`, null, obligationReaders],
  ['POST', (s) => `/api/v1/obligations/facilities/${W[s].facility.id}/inspections`, obligationInspection, { admin: 'ok', hq_staff: ['ok', 404] }],
  ['GET', () => '/api/v1/obligations/inspections', null, obligationLists],
  ['GET', (s) => `/api/v1/obligations/inspections/${W[s].inspection.id}`, null, obligationReaders],
  ['GET', (s) => `/api/v1/obligations/inspections/${W[s].inspection.id}/act?lang=kk`, null, obligationReaders],
  ['POST', (s) => `/api/v1/obligations/inspections/${W[s].inspection.id}/findings`, obligationFinding, { admin: 'ok', hq_staff: ['ok', 404] }],
  ['GET', () => '/api/v1/obligations/findings?overdue=true', null, obligationLists],
  ['GET', (s) => `/api/v1/obligations/findings/${W[s].finding.id}`, null, obligationReaders],
  ['POST', (s, r) => `/api/v1/obligations/findings/${r.id}/status`, () => ({ status: 'in_progress', note: 'Журнал заведён' }),
    { admin: 'ok', hq_staff: ['ok', 404], company_officer: ['ok', 404] },
    { record: make.obligationFinding, kept: (r) => findingIs(r, 'open') }],
  ['GET', () => '/api/v1/obligations/compliance', null, obligationLists],
  ['GET', () => '/api/v1/obligations/compliance.csv', null, obligationLists],

  ['GET', () => '/api/v1/regions', null, { admin: 'ok', auditor: 'ok', hq_staff: 'ok', commander: 'ok', company_officer: 'ok', volunteer: 'ok', editor: 'ok', alert_officer: 'ok', ...requisitionRoles('ok') }],
  ['GET', (s) => `/api/v1/regions/stats?within=${W[s].region.id}`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 403] }],
  ['GET', (s) => `/api/v1/regions/${W[s].region.id}`, null, { admin: 'ok', auditor: 'ok', hq_staff: 'ok', commander: 'ok', company_officer: 'ok', volunteer: 'ok', editor: 'ok', alert_officer: 'ok', ...requisitionRoles('ok') }],
  ['PATCH', (s) => `/api/v1/regions/${W[s].region.id}`, () => ({ name: names('Район') }), { admin: 'ok' }],

  ['GET', (s) => `/api/v1/organisations/${W[s].org.id}`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], commander: 'ok', company_officer: ['ok', 404] }],
  ['PATCH', (s) => `/api/v1/organisations/${W[s].org.id}`, () => ({ contact_name: 'Дежурный' }), { admin: 'ok', hq_staff: ['ok', 404], company_officer: 403, commander: 403, auditor: 403 }],

  ['GET', (s) => `/api/v1/units/${W[s].unit.id}`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404], volunteer: ['ok', 404] }],
  ['GET', (s) => `/api/v1/units/${W[s].unit.id}/strength`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404], volunteer: ['ok', 404] }],
  ['PATCH', (s) => `/api/v1/units/${W[s].unit.id}`, () => ({ status: 'active' }), { admin: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404] }],

  ['GET', (s) => `/api/v1/people/${W[s].person.id}`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404], volunteer: ['ok', 404] }],
  ['PATCH', (s) => `/api/v1/people/${W[s].person.id}`, () => ({ phone: '+77001112244' }), { admin: 'ok', hq_staff: ['ok', 404], volunteer: ['ok', 404], commander: 403, auditor: 403 }],
  ['GET', (s) => `/api/v1/people/${W[s].person.id}/memberships`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404], volunteer: ['ok', 404] }],

  ['GET', (s) => `/api/v1/facilities/${W[s].facility.id}`, null, { admin: 'ok', auditor: 'ok', hq_staff: ['ok', 404], commander: ['ok', 404], company_officer: ['ok', 404] }],
  ['PATCH', (s) => `/api/v1/facilities/${W[s].facility.id}`, () => ({ guard_posts: 3 }), { admin: 'ok', hq_staff: ['ok', 404], company_officer: ['ok', 404], commander: 403, auditor: 403 }],

  ['DELETE', (s, r) => `/api/v1/regions/${r.id}`, null, { admin: 'ok' },
    { record: make.region, kept: (r) => exists(`/api/v1/regions/${r.id}`) }],
  ['DELETE', (s, r) => `/api/v1/organisations/${r.id}`, null, { admin: 'ok', hq_staff: ['ok', 404], company_officer: 403, commander: 403, auditor: 403 },
    { record: make.org, kept: (r) => exists(`/api/v1/organisations/${r.id}`) }],
  ['DELETE', (s, r) => `/api/v1/units/${r.id}`, null, { admin: 'ok', hq_staff: ['ok', 404], commander: 403, auditor: 403, volunteer: 403 },
    { record: make.unit, kept: (r) => exists(`/api/v1/units/${r.id}`) }],
  ['DELETE', (s, r) => `/api/v1/people/${r.id}`, null, { admin: 'ok', hq_staff: ['ok', 404], commander: 403, auditor: 403, volunteer: 403 },
    { record: make.person, kept: (r) => exists(`/api/v1/people/${r.id}`) }],
  ['DELETE', (s, r) => `/api/v1/people/${r.person_id}/memberships/${r.id}`, null, { admin: 'ok', hq_staff: ['ok', 404], commander: 403, auditor: 403, volunteer: 403 },
    { record: make.membership, kept: hasMembership }],
  ['PATCH', (s, r) => `/api/v1/people/${r.person_id}/memberships/${r.id}`, () => ({ to: '2024-12-31' }), { admin: 'ok', hq_staff: ['ok', 404], commander: 403, auditor: 403, volunteer: 403 },
    { record: make.membership, kept: membershipOpen }],
  ['DELETE', (s, r) => `/api/v1/facilities/${r.id}`, null, { admin: 'ok', hq_staff: ['ok', 404], company_officer: ['ok', 404], commander: 403, auditor: 403 },
    { record: make.facility, kept: (r) => exists(`/api/v1/facilities/${r.id}`) }],

  ['POST', () => '/api/v1/people/import?dry_run=true', peopleCsv, { admin: 'ok', hq_staff: ['ok', 422] }, { headers: csv }],
  ['POST', () => '/api/v1/facilities/import?dry_run=true', facilitiesCsv, { admin: 'ok', hq_staff: ['ok', 422], company_officer: ['ok', 422] }, { headers: csv }],

  ['GET', () => '/api/v1/evac/networks', null, { admin: 'ok', hq_staff: 'ok' }],
  ['POST', () => `/api/v1/evac/networks?name=Streets-${++fresh}&format=xml`, () => osmTown(3), { admin: 'ok', hq_staff: 'ok' }, { headers: osm }],
  ['GET', () => `/api/v1/evac/networks/${W.network.id}`, null, { admin: 'ok', hq_staff: 'ok' }],
  ['GET', () => `/api/v1/evac/networks/${W.network.id}/geojson`, null, { admin: 'ok', hq_staff: 'ok' }],
  // The street maps alert areas are drawn on: whoever plans or draws, and auditors.
  ['GET', () => '/api/v1/evac/street-maps', null, { admin: 'ok', hq_staff: 'ok', alert_officer: 'ok', auditor: 'ok' }],
  ['GET', () => `/api/v1/evac/street-maps/${W.network.id}`, null, { admin: 'ok', hq_staff: 'ok', alert_officer: 'ok', auditor: 'ok' }],
  ['DELETE', (s, r) => `/api/v1/evac/networks/${r.id}`, null, { admin: 'ok', hq_staff: 403 },
    { record: make.network, kept: (r) => exists(`/api/v1/evac/networks/${r.id}`) }],
  ['GET', () => '/api/v1/evac/plans', null, { admin: 'ok', hq_staff: 'ok' }],
  ['POST', () => '/api/v1/evac/plans', evacPlan, { admin: 'ok', hq_staff: ['ok', 403] }],
  ...['', '/plan.json', '/plan.geojson', '/plan.csv', '/orders'].map((tail) =>
    ['GET', (s) => `/api/v1/evac/plans/${W[s].plan.id}${tail}`, null, { admin: 'ok', hq_staff: ['ok', 404] }]),
  ['POST', (s, r) => `/api/v1/evac/plans/${r.id}/cancel`, null, { admin: 'ok', hq_staff: ['ok', 404] },
    { record: queuedPlan, kept: (r) => planIs(r, 'queued') }],
  ['DELETE', (s, r) => `/api/v1/evac/plans/${r.id}`, null, { admin: 'ok', hq_staff: ['ok', 404] },
    { record: queuedPlan, kept: (r) => exists(`/api/v1/evac/plans/${r.id}`) }],

  // Guarding: posts and rosters are read by headquarters, commanders and auditors in scope;
  // headquarters make them; a person's own duties need an account that is a person.
  ['GET', () => '/api/v1/guard/posts', null, guardLists],
  ['GET', (s) => `/api/v1/guard/posts/${W[s].guardPost.id}`, null, guardReaders],
  ['GET', (s) => `/api/v1/guard/posts/${W[s].guardPost.id}/patterns`, null, guardReaders],
  ['POST', () => '/api/v1/guard/posts', (s) => ({ facility_id: W[s].facility.id, name: `Пост ${++fresh}`, min_guards: 1, active_from: '2026-01-01' }), { admin: 'ok', hq_staff: ['ok', 422] }],
  ['PATCH', (s) => `/api/v1/guard/posts/${W[s].guardPost.id}`, () => ({ target_guards: 2 }), { admin: 'ok', hq_staff: ['ok', 404] }],
  ['POST', (s) => `/api/v1/guard/posts/${W[s].guardPost.id}/patterns`, () => ({ shifts: '3x8@06:00', valid_from: `2030-01-${String(1 + (++fresh % 28)).padStart(2, '0')}` }), { admin: 'ok', hq_staff: ['ok', 404] }],
  ['GET', () => '/api/v1/guard/rosters', null, guardLists],
  ...['', '/shifts', '/versions', '/roster.csv'].map((tail) =>
    ['GET', (s) => `/api/v1/guard/rosters/${W[s].guardRoster.id}${tail}`, null, guardReaders]),
  ['POST', () => '/api/v1/guard/rosters', (s) => ({ from: '2026-12-14', days: 1, region_code: `M-${s}` }), { admin: 'ok', hq_staff: ['ok', 422] }],
  ['GET', () => '/api/v1/guard/duties', null, { volunteer: 'ok' }],
  // A person's own sick report and swap requests: only an account that is a person makes them
  // (here the volunteer); readers list those of the people they see, anyone their own.
  ['POST', () => '/api/v1/guard/sick-reports', () => ({ from: '2030-01-0' + (1 + (++fresh % 9)), to: '2030-01-10' }), { volunteer: 'ok' }],
  ['GET', () => '/api/v1/guard/sick-reports', null, { admin: 'ok', auditor: 'ok', hq_staff: 'ok', commander: 'ok', volunteer: 'ok' }],
  // Ended early by its author (withdrawn) or by who changes the person's rosters (cancelled).
  ['POST', (s, r) => `/api/v1/guard/sick-reports/${r.id}/withdraw`, () => ({}), { admin: 'ok', auditor: 403, hq_staff: ['ok', 404], commander: ['ok', 404], volunteer: ['ok', 404] },
    { record: (s) => make.sickReport(s), kept: (r) => sickReportIs(r, 'filed') }],
  ['GET', () => '/api/v1/guard/swap-requests', null, { admin: 'ok', auditor: 'ok', hq_staff: 'ok', commander: 'ok', company_officer: 'ok', volunteer: 'ok' }],
  ['POST', () => '/api/v1/guard/swap-requests', () => ({}), { volunteer: 422 }],
  ['GET', (s) => `/api/v1/guard/rosters/${W[s].guardRoster.id}/swap-choices?shift_id=1`, null, {}],
  ...['approve', 'decline'].map((verb) => ['POST', () => `/api/v1/guard/swap-requests/999999/${verb}`, () => ({}), {}]),

  ['PUT', () => '/api/v1/me/language', () => ({ language: 'kk' }), { admin: 'ok', auditor: 'ok', hq_staff: 'ok', commander: 'ok', company_officer: 'ok', volunteer: 'ok', editor: 'ok', alert_officer: 'ok', ...requisitionRoles('ok') }],
  ['PUT', (s, r) => `/api/v1/accounts/${r.id}/language`, () => ({ language: 'ru' }), { admin: 'ok' },
    { record: (s) => make.account(s), kept: (r) => accountLanguageIs(r, null) }],
  // The outbox: admins and auditors read it, admins retry and cancel; nobody else sees it.
  ['GET', () => '/api/v1/notify/messages', null, { admin: 'ok', auditor: 'ok' }],
  ['GET', () => '/api/v1/notify/counts', null, { admin: 'ok', auditor: 'ok' }],
  // Alert subscribers (counts only, never addresses) and fan-out deliveries.
  ['GET', () => '/api/v1/alerts/subscriptions/counts', null, { admin: 'ok', auditor: 'ok' }],
  ['GET', (s) => `/api/v1/alerts/deliveries/${W[s].alert.id}`, null, { admin: 'ok', auditor: 'ok', alert_officer: ['ok', 404] }],
  ['GET', () => `/api/v1/notify/messages/${W.message.id}`, null, { admin: 'ok', auditor: 'ok' }],
  ['POST', (s, r) => `/api/v1/notify/messages/${r.id}/retry`, null, { admin: 'ok', auditor: 403 },
    { record: () => make.message(true), kept: (r) => messageIs(r, 'cancelled') }],
  ['POST', (s, r) => `/api/v1/notify/messages/${r.id}/cancel`, null, { admin: 'ok', auditor: 403 },
    { record: () => make.message(), kept: (r) => messageIs(r, 'queued') }],

  ['POST', (s, r) => `/api/v1/accounts/${r.id}/disable`, null, { admin: 'ok' },
    { record: (s) => make.account(s), kept: (r) => accountIs(r, false) }],
  ['POST', (s, r) => `/api/v1/accounts/${r.id}/enable`, null, { admin: 'ok' },
    { record: (s) => make.account(s, true), kept: (r) => accountIs(r, true) }],
];

let fresh = 0;
const ok = (status) => status >= 200 && status < 300;

for (const [method, path, body, cells, options = {}] of table) {
  const name = path('A', { id: 0, person_id: 0, item_id: 0, notice: { id: 0 } }).replace(/\/\d+(?=\/|$)/g, '/{id}');
  test(`${method} ${name}`, async () => {
    // One call: on a record of its own when the endpoint uses one up.
    const left = [];  // records a refused delete left behind, with their side
    const call = async (who, side) => {
      const record = options.record ? await options.record(side) : undefined;
      const r = await who.call(method, path(side, record), body ? body(side, record) : undefined, options.headers);
      if (record && method === 'DELETE' && !ok(r.status)) left.push([side, record]);
      return { ...r, record };
    };
    const wrong = [];
    const anon = await call(client(server.base), 'A');
    if (anon.status !== 401) wrong.push(`anonymous: expected 401, got ${anon.status}`);
    if (anon.record && !(await options.kept(anon.record)())) wrong.push('anonymous: the record was changed');
    for (const role of roles) {
      const cell = cells[role] ?? 'no';
      const [inExp, outExp] = Array.isArray(cell) ? cell : [cell, cell];
      for (const [side, expected] of [['A', inExp], ['B', outExp]]) {
        const r = await call(as[role], side);
        const where = `${role} ${side === 'A' ? 'in' : 'out of'} scope`;
        const pass = expected === 'ok' ? ok(r.status)
          : expected === 'no' ? (r.status === 403 || r.status === 404)
          : r.status === expected;
        if (!pass) wrong.push(`${where}: expected ${expected}, got ${r.status} ${r.body?.detail ?? ''}`);
        if (r.record && !ok(r.status) && !(await options.kept(r.record)())) wrong.push(`${where}: refused, but the record was changed`);
        if (r.record && ok(r.status) && (await options.kept(r.record)())) wrong.push(`${where}: allowed, but the record is unchanged`);
      }
    }
    // The world is left as it was for the other tests (the scoped lists below).
    for (const [side, record] of left) assert.equal((await admin.del(path(side, record))).status, 204);
    assert.deepEqual(wrong, []);
  });
}

// Public pages outside the table (which expects 401 from an anonymous caller): every role and
// an anonymous reader get them alike.
test('GET /{lang}/offline is public to every role and to anonymous readers', async () => {
  for (const lang of ['kk', 'ru', 'en']) {
    const path = `/${lang}/offline`;
    assert.equal((await client(server.base).get(path)).status, 200, `anonymous ${path}`);
    for (const role of roles) assert.equal((await as[role].get(path)).status, 200, `${role} ${path}`);
  }
});

// The answer by code needs no account (the code is the credential): every role and an anonymous
// caller alike, with a right code 200 and a wrong one 404.
test('POST /api/v1/activation/answer is public: the code decides', async () => {
  for (const who of [client(server.base), ...roles.map((r) => as[r])]) {
    const a = await make.activeActivation('A');
    const r = await who.post('/api/v1/activation/answer', { code: a.notice.code, answer: 'confirm' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'confirmed');
  }
  const wrong = await client(server.base).post('/api/v1/activation/answer', { code: 'ZZZZ-ZZZZ', answer: 'confirm' });
  assert.equal(wrong.status, 404);
});

// Subscribing needs no account (the link's token is the credential for confirming and
// unsubscribing): every role and an anonymous caller alike.
test('POST /api/v1/alerts/subscriptions and its links are public: the token decides', async () => {
  let i = 0;
  for (const who of [client(server.base), ...roles.map((r) => as[r])]) {
    const r = await who.post('/api/v1/alerts/subscriptions', { address: `+7705000${String(1000 + ++i)}`, regions: ['M-A'], language: 'ru' });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal((await who.post('/api/v1/alerts/subscriptions/confirm', { token: '1-AAAAAAAAAAAAAAAAAAAAAA' })).status, 404);
    assert.equal((await who.post('/api/v1/alerts/subscriptions/unsubscribe', { token: '1-AAAAAAAAAAAAAAAAAAAAAA' })).status, 404);
  }
});

// An owner's photos need no account (the code on the taking act and the IIN are the credential):
// every role and an anonymous caller alike get them with the right ones, and nobody gets another
// item's photo with them.
test('POST /api/v1/requisition/owner/photo is public: the code and the IIN decide', async () => {
  const iin = makeIin(1979, 7, 7, 4321);
  const item = await made(await admin.post(`/api/v1/requisition/decisions/${W.A.decision.id}/items`, { ...requisitionItem(), owner: { kind: 'person', name: 'Айгуль Сейтова', iin } }));
  const code = (await admin.post(`/api/v1/requisition/items/${item.id}/taking`, takingAct)).body.owner_code;
  const key = (await made(await admin.post(`/api/v1/requisition/items/${item.id}/photos?act=taking&name=front.png`, png(8, 8), pngType))).items[0].key;
  for (const who of [client(server.base), ...roles.map((r) => as[r])]) {
    const r = await who.post('/api/v1/requisition/owner/photo', { code, owner_id: iin, photo: key });
    assert.equal(r.status, 200);
  }
  for (const who of [client(server.base), as.admin]) {
    const r = await who.post('/api/v1/requisition/owner/photo', { code, owner_id: iin, photo: W.B.photo.key });
    assert.equal(r.status, 404, JSON.stringify(r.body));
  }
});

test('lists are filtered to the scope', async () => {
  const ids = async (role, path) => ((await as[role].get(path)).body.items ?? []).map((x) => x.id);
  assert.deepEqual(await ids('hq_staff', '/api/v1/units?limit=500'), [W.A.unit.id]);
  assert.deepEqual(await ids('commander', '/api/v1/people?limit=500'), [W.A.person.id]);
  assert.deepEqual(await ids('volunteer', '/api/v1/people?limit=500'), [W.A.person.id]);
  assert.deepEqual(await ids('company_officer', '/api/v1/facilities?limit=500'), [W.A.facility.id]);
  assert.deepEqual((await ids('admin', '/api/v1/facilities?limit=500')).sort(), [W.A.facility.id, W.B.facility.id].sort());
});

test('creating outside the scope is refused', async () => {
  const unit = (s) => ({ name: 'Новая рота', kind: 'volunteer_squad', region_id: W[s].region.id });
  assert.equal((await as.hq_staff.post('/api/v1/units', unit('A'))).status, 201);
  assert.equal((await as.hq_staff.post('/api/v1/units', unit('B'))).status, 403);
  assert.equal((await as.auditor.post('/api/v1/units', unit('A'))).status, 403);
  assert.equal((await as.volunteer.post('/api/v1/units', unit('A'))).status, 403);
});

test('national ID and contacts are shown only to the roles that need them', async () => {
  const view = async (role) => (await as[role].get(`/api/v1/people/${W.A.person.id}`)).body;
  for (const role of ['admin', 'hq_staff']) assert.ok((await view(role)).iin, role);
  for (const role of ['auditor', 'commander', 'volunteer']) assert.equal((await view(role)).iin, undefined, role);
  for (const role of ['admin', 'hq_staff', 'commander', 'volunteer']) assert.ok((await view(role)).phone, role);
  assert.equal((await view('auditor')).phone, undefined);
});
