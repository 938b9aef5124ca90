// Unit memberships ended on a date: PATCH /api/v1/people/{id}/memberships/{mid} keeps the
// membership as history, validates the date, follows the rights of adding one, is audited, and a
// membership whose end date has passed no longer counts (unit strength, a commander's view).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { sql } from './sql.mjs';

let server, admin, east, west, unitEast, unitWest;

// Dates around today (UTC), as the server counts them.
const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const today = day(0), yesterday = day(-1), tomorrow = day(1);

// What must not move when a request is refused: the memberships and the audit log.
function snapshot() {
  return sql(server.db.url, "SELECT (SELECT COUNT(*) FROM memberships) || '/' || (SELECT COALESCE(MAX(COALESCE(to_date, '-') || position), '') FROM memberships) || '/' || (SELECT COUNT(*) FROM audit_log) || '/' || (SELECT hash FROM audit_head)");
}

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

let serial = 300;
async function person(region) {
  return made(await admin.post('/api/v1/people', {
    family_name: 'Омарова', given_name: 'Айгерим', birth_date: '1992-07-08',
    iin: makeIin(1992, 7, 8, serial += 11, false), region_id: region.id, status: 'active',
  }));
}

async function join(p, unit, position = 'rifleman', from = '2024-01-01') {
  return made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position, from }));
}

const strength = async (unit) => (await admin.get(`/api/v1/units/${unit.id}/strength`)).body;
const memberships = async (p) => (await admin.get(`/api/v1/people/${p.id}/memberships`)).body.items;

before(async () => {
  server = await startServer();
  admin = await server.login();
  const names = (n) => ({ kk: n, ru: n, en: n });
  const city = await made(await admin.post('/api/v1/regions', { code: 'MB-CITY', level: 'city', name: names('Город') }));
  east = await made(await admin.post('/api/v1/regions', { code: 'MB-E', level: 'district', parent_id: city.id, name: names('Восток') }));
  west = await made(await admin.post('/api/v1/regions', { code: 'MB-W', level: 'district', parent_id: city.id, name: names('Запад') }));
  const unit = (name, region) => admin.post('/api/v1/units', {
    name, kind: 'territorial_troops', region_id: region.id, status: 'active',
    positions: [{ position: 'rifleman', target: 2 }, { position: 'medic', target: 1 }],
  });
  unitEast = await made(await unit('Восточная рота', east));
  unitWest = await made(await unit('Западная рота', west));
});

after(async () => {
  await server.stop();
  cleanup(server);
});

test('ending a membership on a date keeps it as history; once the date has passed it no longer counts', async () => {
  const p = await person(east);
  const m = await join(p, unitEast);
  const before = await strength(unitEast);

  // Ending today: the last day still counts (the end date is inclusive).
  let r = await admin.patch(`/api/v1/people/${p.id}/memberships/${m.id}`, { to: today });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { ...m, to: today, current: true });
  assert.equal((await strength(unitEast)).actual_total, before.actual_total);

  // Ended yesterday: kept, no longer current, no longer in the unit's strength.
  r = await admin.patch(`/api/v1/people/${p.id}/memberships/${m.id}`, { to: yesterday });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.to, yesterday);
  assert.equal(r.body.current, false);
  assert.deepEqual(await memberships(p), [{ ...m, to: yesterday, current: false }]);
  const after = await strength(unitEast);
  assert.equal(after.actual_total, before.actual_total - 1);
  assert.equal(after.positions.find((x) => x.position === 'rifleman').actual,
    before.positions.find((x) => x.position === 'rifleman').actual - 1);

  // A date to come: current until then.
  r = await admin.patch(`/api/v1/people/${p.id}/memberships/${m.id}`, { to: tomorrow });
  assert.equal(r.body.current, true);
  assert.equal((await strength(unitEast)).actual_total, before.actual_total);

  // null reopens it; the position may change too.
  r = await admin.patch(`/api/v1/people/${p.id}/memberships/${m.id}`, { to: null, position: 'medic' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { ...m, position: 'medic', to: null, current: true });
  const s = await strength(unitEast);
  assert.equal(s.positions.find((x) => x.position === 'medic').actual, 1);
  assert.equal(s.actual_total, before.actual_total);
});

test('the change is audited with the membership before and after', async () => {
  const p = await person(east);
  const m = await join(p, unitEast, 'medic', '2023-03-01');
  const r = await admin.patch(`/api/v1/people/${p.id}/memberships/${m.id}`, { to: '2024-12-31' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const log = await admin.get(`/api/v1/audit?entity_type=person&entity_id=${p.id}&limit=50`);
  const entry = log.body.items.find((e) => e.action === 'membership.update');
  assert.ok(entry, JSON.stringify(log.body.items.map((e) => e.action)));
  assert.equal(entry.actor_login, 'admin');
  assert.deepEqual(entry.before.membership, { ...m });
  assert.deepEqual(entry.after.membership, { ...m, to: '2024-12-31', current: false });
  const v = server.cli(['audit', 'verify']);
  assert.equal(v.code, 0, v.stderr);
});

test('bad input names every bad field at once and changes nothing', async () => {
  const p = await person(east);
  const m = await join(p, unitEast, 'rifleman', '2024-05-10');
  const path = `/api/v1/people/${p.id}/memberships/${m.id}`;
  const state = snapshot();
  const fields = async (body) => {
    const r = await admin.patch(path, body);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.match(r.headers.get('content-type'), /application\/problem\+json/);
    return r.body.errors.map((e) => e.field).sort();
  };
  assert.deepEqual(await fields({ to: '2025-13-01' }), ['to']);
  assert.deepEqual(await fields({ to: '31.12.2025' }), ['to']);
  assert.deepEqual(await fields({ to: 20251231 }), ['to']);
  assert.deepEqual(await fields({ to: '2024-05-09' }), ['to'], 'before from');
  assert.deepEqual(await fields({}), ['to'], 'nothing to change');
  assert.deepEqual(await fields({ to: 'soon', position: '', unit_id: 3 }), ['position', 'to', 'unit_id']);
  assert.deepEqual(await fields({ position: 'x'.repeat(101) }), ['position']);
  const notJson = await admin.patch(path, '{"to": ');
  assert.equal(notJson.status, 422);
  assert.equal(snapshot(), state);
  assert.deepEqual(await memberships(p), [m]);

  // The first day is a valid last day.
  assert.equal((await admin.patch(path, { to: '2024-05-10' })).status, 200);
});

test('unknown memberships are 404, also another person\'s', async () => {
  const p = await person(east), q = await person(east);
  const m = await join(q, unitEast);
  const state = snapshot();
  assert.equal((await admin.patch(`/api/v1/people/${p.id}/memberships/${m.id}`, { to: today })).status, 404);
  assert.equal((await admin.patch(`/api/v1/people/${p.id}/memberships/999999`, { to: today })).status, 404);
  assert.equal((await admin.patch(`/api/v1/people/999999/memberships/${m.id}`, { to: today })).status, 404);
  assert.equal(snapshot(), state);
});

test('rights: as adding a membership (admins and headquarters within their region)', async () => {
  const inEast = await person(east), inWest = await person(west);
  const mEast = await join(inEast, unitEast), mWest = await join(inWest, unitWest);
  const hq = await server.account(admin, 'mb-hq', 'hq_staff', { region: 'MB-E' });
  const commander = await server.account(admin, 'mb-cmd', 'commander', { unit_id: unitEast.id });
  const auditor = await server.account(admin, 'mb-aud', 'auditor');
  const volunteer = await server.account(admin, 'mb-vol', 'volunteer', { person_id: inEast.id });
  const state = snapshot();
  for (const who of [commander, auditor, volunteer])
    assert.equal((await who.patch(`/api/v1/people/${inEast.id}/memberships/${mEast.id}`, { to: yesterday })).status, 403);
  assert.equal((await hq.patch(`/api/v1/people/${inWest.id}/memberships/${mWest.id}`, { to: yesterday })).status, 404,
    'a person outside the region is not revealed');
  assert.equal(snapshot(), state);

  // Someone of the east who serves in the west's unit: the unit is outside the scope too.
  const commuter = await person(east);
  const mCommute = await join(commuter, unitWest);
  assert.equal((await hq.patch(`/api/v1/people/${commuter.id}/memberships/${mCommute.id}`, { to: yesterday })).status, 403);
  assert.equal((await hq.del(`/api/v1/people/${commuter.id}/memberships/${mCommute.id}`)).status, 403,
    'removing is refused as ending is');
  assert.equal((await memberships(commuter)).length, 1);
  assert.equal((await memberships(commuter))[0].to, null);

  // The commander sees a member until the membership has ended.
  assert.equal((await commander.get(`/api/v1/people/${inEast.id}`)).status, 200);
  const r = await hq.patch(`/api/v1/people/${inEast.id}/memberships/${mEast.id}`, { to: yesterday });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await commander.get(`/api/v1/people/${inEast.id}`)).status, 404);
  const listed = (await commander.get('/api/v1/people?limit=500')).body.items.map((x) => x.id);
  assert.ok(!listed.includes(inEast.id));
});
