// Key facilities: CRUD, filters (region subtree, owner, kind, criticality, shelters), search by
// name and address, cursor pages, scopes per role, and bad input that changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup } from './harness.mjs';

let server, admin;
const R = {};
const O = {};
const names = (ru, kk = ru, en = ru) => ({ kk, ru, en });

async function region(key, code, level, parent, ru) {
  const r = await admin.post('/api/v1/regions', { code, level, parent_id: parent ? R[parent].id : undefined, name: names(ru) });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  R[key] = r.body;
}

async function facility(body) {
  const r = await admin.post('/api/v1/facilities', { location: { lat: 43.25, lon: 76.9 }, criticality: 2, ...body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function auditMark() {
  const a = await admin.get('/api/v1/audit?limit=500');
  return { count: a.body.items.length, top: a.body.items[0]?.seq };
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  await region('almaty', 'F-750000', 'city', null, 'Алматы');
  await region('almaly', 'F-751710', 'district', 'almaty', 'Алмалинский район');
  await region('bostandyk', 'F-751510', 'district', 'almaty', 'Бостандыкский район');
  await region('astana', 'F-710000', 'city', null, 'Астана');
  for (const [key, name] of [['ales', 'АО «АлЭС»'], ['vodokanal', 'ГКП «Алматы Су»']]) {
    const r = await admin.post('/api/v1/organisations', { name, kind: 'company', size_category: 'large', region_id: R.almaty.id });
    assert.equal(r.status, 201);
    O[key] = r.body;
  }
});
after(async () => { await server.stop(); cleanup(server); });

test('a facility is created, read, changed and deleted, with every change in the audit log', async () => {
  const r = await admin.post('/api/v1/facilities', {
    name: 'ТЭЦ-1', kind: 'energy', organisation_id: O.ales.id, region_id: R.almaly.id, address: 'ул. Толе би, 187',
    location: { lat: 43.2489, lon: 76.8719 }, criticality: 1, guard_posts: 4,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.headers.get('location'), `/api/v1/facilities/${r.body.id}`);
  const f = r.body;
  assert.deepEqual(f.location, { lat: 43.2489, lon: 76.8719 });
  assert.equal(f.criticality, 1);
  assert.equal(f.guard_posts, 4);
  assert.equal(f.shelter_capacity, null);
  assert.deepEqual((await admin.get(`/api/v1/facilities/${f.id}`)).body, f);
  const p = await admin.patch(`/api/v1/facilities/${f.id}`, { shelter_capacity: 350, guard_posts: 6, address: null });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.shelter_capacity, 350);
  assert.equal(p.body.guard_posts, 6);
  assert.equal(p.body.address, null);
  assert.equal(p.body.kind, 'energy');
  const school = await facility({ name: 'Школа-гимназия №12', kind: 'education', region_id: R.bostandyk.id });
  assert.equal(school.organisation_id, null);
  assert.equal(school.guard_posts, 0);
  assert.equal((await admin.del(`/api/v1/facilities/${f.id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/facilities/${f.id}`)).status, 404);
  assert.equal((await admin.del(`/api/v1/facilities/${f.id}`)).status, 404);
  const audit = (await admin.get(`/api/v1/audit?entity_type=facility&entity_id=${f.id}`)).body.items;
  assert.deepEqual(audit.map((e) => e.action).sort(), ['facility.create', 'facility.delete', 'facility.update']);
  const upd = audit.find((e) => e.action === 'facility.update');
  assert.equal(upd.before.guard_posts, 4);
  assert.equal(upd.after.guard_posts, 6);
  assert.equal(upd.after.shelter_capacity, 350);
});

test('facilities are filtered, searched by name and address, and paged by cursor without gaps', async () => {
  const made = [
    await facility({ name: 'Городская больница №7', kind: 'medical', region_id: R.bostandyk.id, criticality: 1, shelter_capacity: 200 }),
    await facility({ name: 'Насосная станция «Ёлтай»', kind: 'water', organisation_id: O.vodokanal.id, region_id: R.almaly.id, criticality: 1 }),
    await facility({ name: 'Мектеп-гимназия №25', kind: 'education', region_id: R.almaly.id, address: 'Әуезов көшесі, 10', criticality: 3, shelter_capacity: 600 }),
    await facility({ name: 'ГРС «Алматы-2»', kind: 'gas', region_id: R.almaly.id, criticality: 1 }),
    await facility({ name: 'Телецентр', kind: 'telecom', region_id: R.astana.id, criticality: 2 }),
    await facility({ name: 'Вокзал Алматы-1', kind: 'transport', region_id: R.almaty.id, criticality: 2, shelter_capacity: 0 }),
    await facility({ name: 'Химзавод', kind: 'industrial_hazard', organisation_id: O.ales.id, region_id: R.bostandyk.id, criticality: 1 }),
  ];
  const id = (name) => made.find((m) => m.name === name).id;
  const ids = async (q) => {
    const r = await admin.get('/api/v1/facilities?limit=500&sort=id&' + q);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((x) => x.id).filter((x) => made.some((m) => m.id === x));
  };
  assert.deepEqual(await ids(`region=${R.almaly.id}`), [id('Насосная станция «Ёлтай»'), id('Мектеп-гимназия №25'), id('ГРС «Алматы-2»')]);
  assert.equal((await ids(`region=${R.almaty.id}`)).length, 6);
  assert.deepEqual(await ids(`organisation_id=${O.vodokanal.id}`), [id('Насосная станция «Ёлтай»')]);
  assert.deepEqual(await ids('kind=gas'), [id('ГРС «Алматы-2»')]);
  assert.deepEqual(await ids(`criticality=1&region=${R.bostandyk.id}`), [id('Городская больница №7'), id('Химзавод')]);
  assert.deepEqual(await ids('shelter=true'), [id('Городская больница №7'), id('Мектеп-гимназия №25'), id('Вокзал Алматы-1')]);
  assert.equal((await ids('shelter=false')).length, 4);
  assert.deepEqual(await ids('q=' + encodeURIComponent('ЕЛТАЙ')), [id('Насосная станция «Ёлтай»')]);
  assert.deepEqual(await ids('q=' + encodeURIComponent('әуезов')), [id('Мектеп-гимназия №25')], 'by address');
  assert.deepEqual(await ids('q=' + encodeURIComponent('МЕКТЕП')), [id('Мектеп-гимназия №25')]);
  for (const q of ['kind=nuclear', 'criticality=4', 'criticality=one', 'shelter=yes', 'organisation_id=0', 'sort=address']) {
    assert.equal((await admin.get('/api/v1/facilities?' + q)).status, 422, q);
  }
  const all = (await admin.get('/api/v1/facilities?limit=500')).body.items.map((x) => x.id).sort((a, b) => a - b);
  for (const sort of ['name', 'criticality', '-criticality', '-id']) {
    const seen = [];
    let cursor = null;
    do {
      const r = await admin.get(`/api/v1/facilities?limit=3&sort=${sort}` + (cursor ? `&cursor=${cursor}` : ''));
      assert.equal(r.status, 200);
      seen.push(...r.body.items);
      cursor = r.body.next_cursor;
    } while (cursor);
    assert.deepEqual(seen.map((x) => x.id).sort((a, b) => a - b), all, sort);
    if (sort === 'criticality') {
      const c = seen.map((x) => x.criticality);
      assert.deepEqual(c, [...c].sort(), 'ordered by criticality across pages');
    }
  }
});

test('each role sees and changes only the facilities its scope allows', async () => {
  const almaly = await facility({ name: 'Скоуп Алмалы', kind: 'government', region_id: R.almaly.id, organisation_id: O.ales.id });
  const bost = await facility({ name: 'Скоуп Бостандык', kind: 'water', region_id: R.bostandyk.id, organisation_id: O.vodokanal.id });
  const astana = await facility({ name: 'Скоуп Астана', kind: 'other', region_id: R.astana.id });
  const q = '/api/v1/facilities?q=' + encodeURIComponent('скоуп') + '&sort=id';

  const hq = await server.account(admin, 'fac-hq-almaly', 'hq_staff', { region: 'F-751710' });
  assert.deepEqual((await hq.get(q)).body.items.map((x) => x.id), [almaly.id]);
  assert.equal((await hq.get(`/api/v1/facilities/${bost.id}`)).status, 404);
  assert.equal((await hq.patch(`/api/v1/facilities/${bost.id}`, { guard_posts: 1 })).status, 404);
  assert.equal((await hq.patch(`/api/v1/facilities/${almaly.id}`, { guard_posts: 2 })).status, 200);
  assert.equal((await hq.patch(`/api/v1/facilities/${almaly.id}`, { region_id: R.bostandyk.id })).status, 403);
  assert.equal((await hq.post('/api/v1/facilities', { name: 'X', kind: 'other', region_id: R.astana.id, location: { lat: 51.1, lon: 71.4 }, criticality: 3 })).status, 403);

  const hqAll = await server.account(admin, 'fac-hq-all', 'hq_staff');
  assert.equal((await hqAll.get(q)).body.items.length, 3);

  // A commander reads facilities in the home-region subtree of their unit, and changes none.
  const unit = await admin.post('/api/v1/units', { name: 'Рота охраны Бостандык', kind: 'territorial_troops', region_id: R.bostandyk.id });
  const cmd = await server.account(admin, 'fac-commander', 'commander', { unit_id: unit.body.id });
  assert.deepEqual((await cmd.get(q)).body.items.map((x) => x.id), [bost.id]);
  assert.equal((await cmd.get(`/api/v1/facilities/${almaly.id}`)).status, 404);
  assert.equal((await cmd.patch(`/api/v1/facilities/${bost.id}`, { guard_posts: 1 })).status, 403);

  // A company officer reads and changes what their organisation owns.
  const off = await server.account(admin, 'fac-officer', 'company_officer', { organisation_id: O.ales.id });
  const own = (await off.get('/api/v1/facilities?limit=500')).body.items;
  assert.ok(own.length >= 1);
  assert.ok(own.every((x) => x.organisation_id === O.ales.id));
  assert.equal((await off.get(`/api/v1/facilities/${bost.id}`)).status, 404);
  assert.equal((await off.patch(`/api/v1/facilities/${almaly.id}`, { guard_posts: 3, shelter_capacity: 40 })).status, 200);
  assert.equal((await off.patch(`/api/v1/facilities/${almaly.id}`, { organisation_id: O.vodokanal.id })).status, 403, 'giving it away');
  assert.equal((await off.patch(`/api/v1/facilities/${almaly.id}`, { organisation_id: null })).status, 403);
  const base = { name: 'Подстанция', kind: 'energy', region_id: R.astana.id, location: { lat: 51.1, lon: 71.4 }, criticality: 2 };
  assert.equal((await off.post('/api/v1/facilities', base)).status, 403, 'without an owner');
  assert.equal((await off.post('/api/v1/facilities', { ...base, organisation_id: O.vodokanal.id })).status, 403);
  const created = await off.post('/api/v1/facilities', { ...base, organisation_id: O.ales.id });
  assert.equal(created.status, 201);
  assert.equal((await off.del(`/api/v1/facilities/${created.body.id}`)).status, 204);
  assert.equal((await off.del(`/api/v1/facilities/${bost.id}`)).status, 404);

  const aud = await server.account(admin, 'fac-auditor', 'auditor');
  assert.equal((await aud.get(q)).body.items.length, 3);
  assert.equal((await aud.get(`/api/v1/facilities/${astana.id}`)).status, 200);
  assert.equal((await aud.patch(`/api/v1/facilities/${astana.id}`, { guard_posts: 1 })).status, 403);

  const person = await admin.post('/api/v1/people', { family_name: 'Фас', given_name: 'Тест', birth_date: '1990-01-01', iin: '900101300017', region_id: R.almaly.id, status: 'volunteer' });
  assert.equal(person.status, 201, JSON.stringify(person.body));
  const vol = await server.account(admin, 'fac-volunteer', 'volunteer', { person_id: person.body.id });
  assert.equal((await vol.get(q)).status, 403);
  assert.equal((await vol.get(`/api/v1/facilities/${almaly.id}`)).status, 403);
  assert.equal((await admin.get(`/api/v1/facilities/${almaly.id}`)).body.guard_posts, 3);
});

test('bad facility input is refused whole with field errors and changes nothing', async () => {
  const f = await facility({ name: 'Неизменный объект', kind: 'water', region_id: R.almaly.id });
  const before = await auditMark();
  const count = (await admin.get('/api/v1/facilities?limit=500')).body.items.length;
  const ok = { name: 'X', kind: 'other', region_id: R.almaly.id, location: { lat: 43.2, lon: 76.9 }, criticality: 2 };
  const cases = [
    [{}, ['criticality', 'kind', 'location', 'name', 'region_id']],
    [{ ...ok, kind: 'nuclear', criticality: 0, guard_posts: -1, shelter_capacity: '100', owner: 1 }, ['criticality', 'guard_posts', 'kind', 'owner', 'shelter_capacity']],
    [{ ...ok, location: { lat: 91, lon: -181 } }, ['location.lat', 'location.lon']],
    [{ ...ok, location: { lat: '43', alt: 1 } }, ['location.alt', 'location.lat', 'location.lon']],
    [{ ...ok, location: [43, 76] }, ['location']],
    [{ ...ok, region_id: 999999, organisation_id: 999999 }, ['organisation_id', 'region_id']],
    [{ ...ok, criticality: 1.5 }, ['criticality']],
    [{ ...ok, address: 'a\u0007b' }, ['address']],
  ];
  for (const [body, fields] of cases) {
    const r = await admin.post('/api/v1/facilities', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(r.body.errors.map((e) => e.field).sort(), fields, JSON.stringify(body));
  }
  for (const body of [{ criticality: null }, { location: null }, { location: { lat: 1 } }, { region_id: 0 }, { organisation_id: 999999 }]) {
    assert.equal((await admin.patch(`/api/v1/facilities/${f.id}`, body)).status, 422, JSON.stringify(body));
  }
  for (const raw of ['{', '[]', '{"name":"x"}{}']) assert.equal((await admin.post('/api/v1/facilities', raw)).status, 422, raw);
  const invalidUtf8 = await fetch(`${server.base}/api/v1/facilities`, {
    method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","kind":"other"}')]),
  });
  assert.equal(invalidUtf8.status, 422);
  assert.deepEqual(await auditMark(), before);
  assert.equal((await admin.get('/api/v1/facilities?limit=500')).body.items.length, count);
  assert.deepEqual((await admin.get(`/api/v1/facilities/${f.id}`)).body, f);

  const hostile = `Склад №1'; UPDATE facilities SET criticality=1;-- <img src=x onerror=alert(1)>`;
  const h = await facility({ name: hostile, kind: 'other', region_id: R.almaly.id, address: '%_\\' });
  assert.equal((await admin.get(`/api/v1/facilities/${h.id}`)).body.name, hostile);
  assert.deepEqual((await admin.get('/api/v1/facilities?q=' + encodeURIComponent('%_\\'))).body.items.map((x) => x.id), [h.id]);
});
