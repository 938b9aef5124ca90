// People: CRUD, filters, search, IIN handling, scopes and hidden fields per role, bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { sql } from './sql.mjs';

let server, admin, city, east, west, unitA, unitB;

// What must not move when a request is refused: the people and the audit log.
function snapshot() {
  return sql(server.db.url, "SELECT (SELECT COUNT(*) FROM people) || '/' || (SELECT COUNT(*) FROM person_skills) || '/' || (SELECT COUNT(*) FROM audit_log) || '/' || (SELECT hash FROM audit_head)");
}

let serial = 100;
function person(over = {}) {
  const year = over.year ?? 1990;
  const body = {
    family_name: 'Сейткали', given_name: 'Нурлан', patronymic: 'Ерланович',
    birth_date: `${year}-03-15`, iin: makeIin(year, 3, 15, serial += 7),
    region_id: east.id, status: 'reservist', phone: '+77011234567', email: 'n.s@example.kz',
    ...over,
  };
  delete body.year;
  return body;
}

async function create(over) {
  const r = await admin.post('/api/v1/people', person(over));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  const region = async (code, level, parent_id, name) => (await admin.post('/api/v1/regions', { code, level, parent_id, name: { kk: name, ru: name, en: name } })).body;
  city = await region('PPL-CITY', 'city', undefined, 'Город');
  east = await region('PPL-EAST', 'district', city.id, 'Восток');
  west = await region('PPL-WEST', 'district', city.id, 'Запад');
  unitA = (await admin.post('/api/v1/units', { name: 'Рота А', kind: 'territorial_troops', region_id: east.id })).body;
  unitB = (await admin.post('/api/v1/units', { name: 'Рота Б', kind: 'volunteer_squad', region_id: west.id })).body;
  assert.ok(unitA.id && unitB.id, 'units created');
});
after(async () => { await server.stop(); cleanup(server); });

test('create, read, update and delete a person; the IIN is stored sealed', async () => {
  const body = person({ skills: [{ skill: 'first aid', qualified_on: '2020-01-10', expires_on: '2020-12-31' }, { skill: 'driver C' }],
    availability: [{ weekday: 6, start: '09:00', end: '18:00' }], unavailable: [{ from: '2030-01-01', to: '2030-01-14', reason: 'отпуск' }] });
  const r = await admin.post('/api/v1/people', body);
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('location'), `/api/v1/people/${r.body.id}`);
  assert.equal(r.body.iin, body.iin);
  assert.deepEqual(r.body.skills.map((s) => [s.skill, s.expired]), [['first aid', true], ['driver C', false]]);
  assert.deepEqual(r.body.availability, [{ weekday: 6, start: '09:00', end: '18:00' }]);
  const stored = sql(server.db.url, `SELECT iin_sealed || '|' || iin_index FROM people WHERE id = ${r.body.id}`);
  assert.ok(!stored.includes(body.iin), 'no plain IIN in the database');

  const got = await admin.get(`/api/v1/people/${r.body.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.family_name, 'Сейткали');

  const upd = await admin.patch(`/api/v1/people/${r.body.id}`, { status: 'active', skills: [{ skill: 'sniper' }], patronymic: null });
  assert.equal(upd.status, 200, JSON.stringify(upd.body));
  assert.equal(upd.body.status, 'active');
  assert.equal(upd.body.patronymic, null);
  assert.deepEqual(upd.body.skills.map((s) => s.skill), ['sniper'], 'skills are replaced whole');
  assert.equal(upd.body.availability.length, 1, 'lists not sent are kept');

  const audit = await admin.get(`/api/v1/audit?entity_type=person&entity_id=${r.body.id}&limit=50`);
  const actions = audit.body.items.map((e) => e.action).sort();
  assert.deepEqual(actions, ['person.create', 'person.update']);
  assert.ok(!JSON.stringify(audit.body).includes(body.iin), 'the audit log redacts the IIN');

  assert.equal((await admin.del(`/api/v1/people/${r.body.id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/people/${r.body.id}`)).status, 404);
});

test('IIN: checksum and birth-date errors name the field; lookup by IIN; duplicates are 409', async () => {
  const before = snapshot();
  const bad = await admin.post('/api/v1/people', person({ iin: '900101300018' }));
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field), ['iin']);
  const mismatch = await admin.post('/api/v1/people', person({ iin: makeIin(1991, 3, 15, 5) }));
  assert.equal(mismatch.status, 422);
  assert.deepEqual(mismatch.body.errors.map((e) => e.field), ['iin']);
  assert.match(mismatch.body.errors[0].message, /1991-03-15/);
  const young = await admin.post('/api/v1/people', person({ year: 2020 }));
  assert.equal(young.status, 422);
  assert.deepEqual(young.body.errors.map((e) => e.field), ['birth_date']);
  assert.equal(snapshot(), before);

  const p = await create({ family_name: 'Поиск', year: 1985 });
  const found = await admin.get(`/api/v1/people?iin=${p.iin}`);
  assert.deepEqual(found.body.items.map((x) => x.id), [p.id]);
  const dup = await admin.post('/api/v1/people', person({ iin: p.iin, year: 1985 }));
  assert.equal(dup.status, 409);
  const badLookup = await admin.get('/api/v1/people?iin=123');
  assert.equal(badLookup.status, 422);
  assert.equal(badLookup.body.errors[0].field, 'iin');
});

test('search folds case, ё/е and Kazakh letters', async () => {
  const a = await create({ family_name: 'Елкина', given_name: 'Мария', year: 1992 });
  const b = await create({ family_name: 'Жұмабаева', given_name: 'Әлия', year: 1993 });
  const q = async (s) => (await admin.get(`/api/v1/people?q=${encodeURIComponent(s)}`)).body.items.map((x) => x.id);
  assert.ok((await q('ЁЛКИНА')).includes(a.id));
  assert.ok((await q('ёлкина мария')).includes(a.id));
  assert.ok((await q('әлия')).includes(b.id));
  assert.ok((await q('ӘЛИЯ')).includes(b.id));
  assert.ok(!(await q('ӘЛИЯ')).includes(a.id));
});

test('filters: region subtree, status, skill (not expired), unit; sorting and pagination', async () => {
  const w1 = await create({ family_name: 'Западный', region_id: west.id, status: 'volunteer', skills: [{ skill: 'radio', expires_on: '2099-01-01' }] });
  const w2 = await create({ family_name: 'Западная', region_id: west.id, status: 'volunteer', skills: [{ skill: 'radio', expires_on: '2001-01-01' }] });
  const ids = async (qs) => {
    const r = await admin.get(`/api/v1/people?${qs}&limit=500`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((x) => x.id);
  };
  assert.deepEqual((await ids(`region=${west.id}`)).sort(), [w1.id, w2.id].sort());
  assert.ok((await ids(`region=${city.id}`)).includes(w1.id), 'the subtree of the city');
  assert.deepEqual(await ids(`region=${west.id}&skill=radio`), [w1.id]);
  assert.ok(!(await ids('status=active')).includes(w1.id));

  const m = await admin.post(`/api/v1/people/${w1.id}/memberships`, { unit_id: unitB.id, position: 'radio operator', from: '2020-01-01' });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  await admin.post(`/api/v1/people/${w2.id}/memberships`, { unit_id: unitB.id, position: 'rifleman', from: '2020-01-01', to: '2021-01-01' });
  assert.deepEqual(await ids(`unit=${unitB.id}`), [w1.id], 'only current members');
  const list = await admin.get(`/api/v1/people/${w1.id}/memberships`);
  assert.deepEqual(list.body.items.map((x) => [x.unit_id, x.current]), [[unitB.id, true]]);
  assert.equal((await admin.del(`/api/v1/people/${w1.id}/memberships/${m.body.id}`)).status, 204);
  assert.deepEqual(await ids(`unit=${unitB.id}`), []);

  for (let i = 0; i < 7; i++) await create({ family_name: `Страница${i}` });
  const seen = [];
  let cursor = null, pages = 0;
  do {
    const r = await admin.get(`/api/v1/people?sort=-id&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    seen.push(...r.body.items.map((x) => x.id));
    cursor = r.body.next_cursor;
    pages++;
  } while (cursor);
  assert.ok(pages >= 3);
  assert.deepEqual(seen, [...seen].sort((a, b) => b - a));
  assert.equal(new Set(seen).size, seen.length, 'no row twice');
  const byName = (await admin.get('/api/v1/people?sort=name&q=страница')).body.items.map((x) => x.family_name);
  assert.deepEqual(byName, [...byName].sort());
  assert.equal((await admin.get('/api/v1/people?sort=salary')).status, 422);
  assert.equal((await admin.get('/api/v1/people?status=retired')).status, 422);
});

test('scopes and hidden fields per role', async () => {
  const inEast = await create({ family_name: 'Восточный' });
  const inWest = await create({ family_name: 'Западник', region_id: west.id });
  await admin.post(`/api/v1/people/${inWest.id}/memberships`, { unit_id: unitB.id, position: 'rifleman', from: '2020-01-01' });

  const hq = await server.account(admin, 'hq-east', 'hq_staff', { region: 'PPL-EAST' });
  assert.equal((await hq.get(`/api/v1/people/${inEast.id}`)).body.iin, inEast.iin);
  assert.equal((await hq.get(`/api/v1/people/${inWest.id}`)).status, 404);
  assert.ok(!(await hq.get('/api/v1/people?limit=500')).body.items.some((x) => x.id === inWest.id));
  assert.equal((await hq.post('/api/v1/people', person({ region_id: west.id }))).status, 403);
  assert.equal((await hq.patch(`/api/v1/people/${inEast.id}`, { region_id: west.id })).status, 403);
  assert.equal((await hq.patch(`/api/v1/people/${inEast.id}`, { status: 'active' })).status, 200);

  const cmd = await server.account(admin, 'cmd-b', 'commander', { unit_id: unitB.id });
  const seen = await cmd.get(`/api/v1/people/${inWest.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.iin, undefined, 'commanders do not see the IIN');
  assert.equal(seen.body.phone, inWest.phone, 'commanders see contacts of their members');
  assert.equal((await cmd.get(`/api/v1/people/${inEast.id}`)).status, 404);
  assert.deepEqual((await cmd.get('/api/v1/people')).body.items.map((x) => x.id), [inWest.id]);
  assert.equal((await cmd.patch(`/api/v1/people/${inWest.id}`, { status: 'active' })).status, 403);
  assert.equal((await cmd.get(`/api/v1/people?iin=${inWest.iin}`)).status, 403);

  const aud = await server.account(admin, 'aud-p', 'auditor');
  const a = await aud.get(`/api/v1/people/${inEast.id}`);
  assert.equal(a.status, 200);
  for (const hidden of ['iin', 'phone', 'email']) assert.equal(a.body[hidden], undefined, hidden);
  assert.equal((await aud.post('/api/v1/people', person())).status, 403);

  const self = await create({ family_name: 'Доброволец', status: 'volunteer' });
  const vol = await server.account(admin, 'vol-self', 'volunteer', { person_id: self.id });
  const mine = await vol.get(`/api/v1/people/${self.id}`);
  assert.equal(mine.body.phone, self.phone);
  assert.equal(mine.body.iin, undefined);
  assert.equal((await vol.get(`/api/v1/people/${inEast.id}`)).status, 404);
  assert.deepEqual((await vol.get('/api/v1/people')).body.items.map((x) => x.id), [self.id]);
  const ok = await vol.patch(`/api/v1/people/${self.id}`, { phone: '+77770001122', availability: [{ weekday: 2, start: '18:00', end: '22:00' }] });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.phone, '+77770001122');
  const before = snapshot();
  assert.equal((await vol.patch(`/api/v1/people/${self.id}`, { status: 'active' })).status, 403);
  assert.equal((await vol.patch(`/api/v1/people/${inEast.id}`, { phone: '+77770001122' })).status, 404);
  assert.equal(snapshot(), before);

  const org = await admin.post('/api/v1/organisations', { name: 'ТОО «Пример»', kind: 'company', size_category: 'small' });
  const co = await server.account(admin, 'co-p', 'company_officer', { organisation_id: org.body.id });
  assert.equal((await co.get('/api/v1/people')).status, 403);
});

test('bad input is refused with field errors and changes nothing', async () => {
  const p = await create({ family_name: 'Неизменный' });
  const before = snapshot();
  const raw = (body, type = 'application/json') => fetch(`${server.base}/api/v1/people`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': type }, body });
  let r = await raw('{"family_name": "x",');
  assert.equal(r.status, 422);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  r = await raw(Buffer.concat([Buffer.from('{"family_name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]));
  assert.equal(r.status, 422);
  assert.match((await r.json()).detail, /UTF-8/);
  r = await raw(JSON.stringify({ ...person(), family_name: 'Ж'.repeat(512 * 1024) }));
  assert.equal(r.status, 422);
  assert.deepEqual((await r.json()).errors.map((e) => e.field), ['family_name']);
  // Over the server's body limit: 413, or the connection is cut while we still send.
  try {
    r = await raw('{"family_name":"' + 'x'.repeat(70 * 1024 * 1024) + '"}');
    assert.equal(r.status, 413);
  } catch (e) {
    assert.match(String(e.cause?.code ?? e.message), /ECONNRESET|EPIPE|UND_ERR_SOCKET|fetch failed/);
  }
  const types = await admin.post('/api/v1/people', { ...person(), region_id: 'east', birth_date: 19900101, skills: 'all', phone: '8701', weekday: 1 });
  assert.equal(types.status, 422);
  assert.deepEqual(types.body.errors.map((e) => e.field).sort(), ['birth_date', 'phone', 'region_id', 'skills', 'weekday']);
  const nested = await admin.patch(`/api/v1/people/${p.id}`, { availability: [{ weekday: 8, start: '25:00', end: '10:00' }], email: 'not-an-email' });
  assert.equal(nested.status, 422);
  assert.deepEqual(nested.body.errors.map((e) => e.field).sort(), ['availability[0].start', 'availability[0].weekday', 'email']);
  assert.equal((await admin.post('/api/v1/people', person({ region_id: 999999 }))).status, 422);
  assert.equal((await admin.patch('/api/v1/people/999999', { status: 'active' })).status, 404);
  assert.equal(snapshot(), before);

  const hostile = `Robert'); DROP TABLE people;-- <script>alert("x")</script>`;
  const h = await create({ family_name: hostile });
  const back = await admin.get(`/api/v1/people/${h.id}`);
  assert.equal(back.body.family_name, hostile, 'stored verbatim');
  assert.ok(back.text.includes('\\"x\\"'), 'quotes escaped in JSON');
  assert.equal(back.headers.get('content-type'), 'application/json');
  assert.ok(Number(sql(server.db.url, 'SELECT COUNT(*) FROM people')) > 0);
});
