// Units: CRUD with target positions, the unit tree, filters, search, cursor pages, strength
// (actual members against target), scopes per role, and bad input that changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';

let server, admin;
const R = {};  // regions by short name
const names = (ru, kk = ru, en = ru) => ({ kk, ru, en });

async function region(key, code, level, parent, ru, kk) {
  const r = await admin.post('/api/v1/regions', { code, level, parent_id: parent ? R[parent].id : undefined, name: names(ru, kk) });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  R[key] = r.body;
}

async function unit(body) {
  const r = await admin.post('/api/v1/units', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

let iinSerial = 100;
async function person(regionKey, family) {
  const r = await admin.post('/api/v1/people', {
    family_name: family, given_name: 'Айгерим', birth_date: '1990-04-12',
    iin: makeIin(1990, 4, 12, iinSerial += 7, false), region_id: R[regionKey].id, status: 'reservist',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function auditMark() {
  const a = await admin.get('/api/v1/audit?limit=500');
  assert.equal(a.status, 200);
  return { count: a.body.items.length, top: a.body.items[0]?.seq };
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  await region('almaty', 'U-750000', 'city', null, 'Алматы', 'Алматы');
  await region('almaly', 'U-751710', 'district', 'almaty', 'Алмалинский район', 'Алмалы ауданы');
  await region('auezov', 'U-751910', 'district', 'almaty', 'Ауэзовский район', 'Әуезов ауданы');
  await region('astana', 'U-710000', 'city', null, 'Астана', 'Астана');
});
after(async () => { await server.stop(); cleanup(server); });

test('a unit is created with target positions, read, changed, moved in the tree and deleted', async () => {
  const bn = await unit({ name: 'Батальон ТО «Алатау»', kind: 'territorial_troops', region_id: R.almaty.id, status: 'forming',
    positions: [{ position: 'rifleman', target: 30 }, { position: 'medic', target: 3 }] });
  assert.equal(bn.kind, 'territorial_troops');
  assert.equal(bn.status, 'forming');
  assert.equal(bn.parent_id, null);
  assert.deepEqual(bn.positions, [{ position: 'medic', target: 3 }, { position: 'rifleman', target: 30 }]);
  const co = await unit({ name: '1-я рота', kind: 'territorial_troops', region_id: R.almaly.id, parent_id: bn.id });
  assert.equal(co.status, 'planned', 'status defaults to planned');
  const pl = await unit({ name: '1-й взвод', kind: 'territorial_troops', region_id: R.almaly.id, parent_id: co.id });

  const got = await admin.get(`/api/v1/units/${co.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.name, '1-я рота');

  // PATCH replaces the positions when given and leaves them alone otherwise.
  let p = await admin.patch(`/api/v1/units/${bn.id}`, { positions: [{ position: 'driver', target: 4 }] });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.deepEqual(p.body.positions, [{ position: 'driver', target: 4 }]);
  p = await admin.patch(`/api/v1/units/${bn.id}`, { status: 'active' });
  assert.deepEqual(p.body.positions, [{ position: 'driver', target: 4 }]);
  assert.equal(p.body.status, 'active');

  // A unit cannot move under itself or its own subunit.
  for (const parent of [bn.id, pl.id]) {
    const bad = await admin.patch(`/api/v1/units/${bn.id}`, { parent_id: parent });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e) => e.field), ['parent_id']);
  }
  // Moving the company moves its platoon along: `within` follows the new tree.
  const bn2 = await unit({ name: 'Батальон ТО «Медеу»', kind: 'territorial_troops', region_id: R.almaty.id });
  p = await admin.patch(`/api/v1/units/${co.id}`, { parent_id: bn2.id });
  assert.equal(p.status, 200);
  const within = (await admin.get(`/api/v1/units?within=${bn2.id}&sort=id`)).body.items.map((u) => u.id);
  assert.deepEqual(within, [co.id, pl.id, bn2.id].sort((a, b) => a - b));
  const old = (await admin.get(`/api/v1/units?within=${bn.id}`)).body.items.map((u) => u.id);
  assert.deepEqual(old, [bn.id]);

  // Still referenced → 409 naming what refers to it; leaves first, then it goes.
  const busy = await admin.del(`/api/v1/units/${bn2.id}`);
  assert.equal(busy.status, 409);
  assert.match(busy.body.detail, /1 child units/);
  for (const id of [pl.id, co.id, bn2.id]) assert.equal((await admin.del(`/api/v1/units/${id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/units/${co.id}`)).status, 404);

  const audit = await admin.get(`/api/v1/audit?entity_type=unit&entity_id=${bn.id}&limit=500`);
  const actions = audit.body.items.map((e) => e.action);
  assert.deepEqual(actions.filter((a) => a === 'unit.create').length, 1);
  assert.ok(actions.filter((a) => a === 'unit.update').length >= 2);
  const posChange = audit.body.items.find((e) => e.action === 'unit.update' && e.after?.positions);
  assert.ok(posChange, 'the positions change is in the audit log with before and after');
  assert.deepEqual(posChange.after.positions, [{ position: 'driver', target: 4 }]);
  assert.equal(posChange.before.positions.length, 2);
});

test('units are filtered by region subtree, parent, kind and status, and searched in any script', async () => {
  const top = await unit({ name: 'Отряд полиции Ёлкин', kind: 'law_enforcement', region_id: R.almaty.id, status: 'active' });
  const a = await unit({ name: 'Еріктілер жасағы «Қыран»', kind: 'volunteer_squad', region_id: R.auezov.id, parent_id: top.id, status: 'forming' });
  const b = await unit({ name: 'СОБР «Сұңқар»', kind: 'special_unit', region_id: R.almaly.id, parent_id: top.id, status: 'active' });
  const c = await unit({ name: 'Астанинский отряд', kind: 'law_enforcement', region_id: R.astana.id, status: 'stood_down' });
  const ids = async (q) => {
    const r = await admin.get('/api/v1/units?limit=500&sort=id&' + q);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((u) => u.id);
  };
  assert.deepEqual(await ids(`region=${R.auezov.id}`), [a.id]);
  assert.ok((await ids(`region=${R.almaty.id}`)).includes(b.id));
  assert.ok(!(await ids(`region=${R.almaty.id}`)).includes(c.id));
  assert.deepEqual(await ids(`parent_id=${top.id}`), [a.id, b.id]);
  assert.deepEqual(await ids(`within=${top.id}&kind=special_unit`), [b.id]);
  assert.deepEqual(await ids(`within=${top.id}&status=active`), [top.id, b.id]);
  assert.deepEqual(await ids(`status=stood_down`), [c.id]);
  // Case, ё/е and Kazakh letters fold the same way in names and queries.
  assert.deepEqual(await ids('q=' + encodeURIComponent('елкин')), [top.id]);
  assert.deepEqual(await ids('q=' + encodeURIComponent('ЁЛКИН')), [top.id]);
  assert.deepEqual(await ids('q=' + encodeURIComponent('ҚЫРАН')), [a.id]);
  assert.deepEqual(await ids('q=' + encodeURIComponent('сұңқар')), [b.id]);
  assert.deepEqual(await ids('q=' + encodeURIComponent('100%_')), []);
  for (const q of ['kind=navy', 'status=ready', 'region=abc', 'within=-1', 'sort=colour', 'limit=0', 'cursor=abc']) {
    const r = await admin.get('/api/v1/units?' + q);
    assert.equal(r.status, 422, q);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
  }
});

test('cursor pages cover every unit exactly once, in name and in reverse creation order', async () => {
  const parent = await unit({ name: 'Страница', kind: 'volunteer_squad', region_id: R.almaly.id });
  const made = [];
  for (const n of ['Жасақ 7', 'жасақ 3', 'Жасақ 1', 'Жасақ 12', 'Жасақ 5', 'Жасақ 5', 'Жасақ 9']) {
    made.push((await unit({ name: n, kind: 'volunteer_squad', region_id: R.almaly.id, parent_id: parent.id })).id);
  }
  for (const sort of ['name', '-name', 'id', '-created_at']) {
    const seen = [];
    let cursor = null, pages = 0;
    do {
      const r = await admin.get(`/api/v1/units?parent_id=${parent.id}&limit=3&sort=${sort}` + (cursor ? `&cursor=${cursor}` : ''));
      assert.equal(r.status, 200);
      assert.ok(r.body.items.length <= 3);
      seen.push(...r.body.items);
      cursor = r.body.next_cursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3, sort);
    assert.deepEqual(seen.map((u) => u.id).sort((a, b) => a - b), made, sort);
    if (sort === '-created_at') assert.deepEqual(seen.map((u) => u.id), [...made].reverse());
  }
});

test('strength counts current members against target by position', async () => {
  const u = await unit({ name: 'Рота охраны', kind: 'territorial_troops', region_id: R.auezov.id,
    positions: [{ position: 'rifleman', target: 3 }, { position: 'medic', target: 1 }, { position: 'sniper', target: 2 }] });
  const empty = await admin.get(`/api/v1/units/${u.id}/strength`);
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.body, {
    unit_id: u.id,
    positions: [{ position: 'medic', target: 1, actual: 0 }, { position: 'rifleman', target: 3, actual: 0 },
      { position: 'sniper', target: 2, actual: 0 }],
    target_total: 6, actual_total: 0,
  });
  const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  const members = [
    ['rifleman', day(-100), null], ['rifleman', day(-10), day(30)], ['rifleman', day(-5), day(0)],  // current
    ['rifleman', day(-300), day(-1)],  // ended yesterday
    ['medic', day(10), null],  // starts later
    ['driver', day(-1), null],  // a member without a target position
  ];
  let n = 0;
  for (const [position, from, to] of members) {
    const p = await person('auezov', `Сейткали${n++}`);
    const m = await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: u.id, position, from, ...(to ? { to } : {}) });
    assert.equal(m.status, 201, JSON.stringify(m.body));
  }
  const s = await admin.get(`/api/v1/units/${u.id}/strength`);
  assert.deepEqual(s.body, {
    unit_id: u.id,
    positions: [{ position: 'driver', target: 0, actual: 1 }, { position: 'medic', target: 1, actual: 0 },
      { position: 'rifleman', target: 3, actual: 3 }, { position: 'sniper', target: 2, actual: 0 }],
    target_total: 6, actual_total: 4,
  });
  // A unit with members cannot be deleted.
  const del = await admin.del(`/api/v1/units/${u.id}`);
  assert.equal(del.status, 409);
  assert.match(del.body.detail, /6 memberships/);
  assert.equal((await admin.get('/api/v1/units/999999/strength')).status, 404);
});

test('each role sees and changes only the units its scope allows', async () => {
  const bn = await unit({ name: 'Скоуп батальон', kind: 'territorial_troops', region_id: R.almaly.id });
  const co = await unit({ name: 'Скоуп рота', kind: 'territorial_troops', region_id: R.almaly.id, parent_id: bn.id });
  const other = await unit({ name: 'Скоуп Әуезов', kind: 'territorial_troops', region_id: R.auezov.id });
  const far = await unit({ name: 'Скоуп Астана', kind: 'law_enforcement', region_id: R.astana.id });
  const q = '/api/v1/units?q=' + encodeURIComponent('скоуп') + '&limit=500&sort=id';

  // hq_staff of Almaly: reads and writes units homed in Almaly only.
  const hq = await server.account(admin, 'units-hq-almaly', 'hq_staff', { region: 'U-751710' });
  assert.deepEqual((await hq.get(q)).body.items.map((u) => u.id), [bn.id, co.id]);
  assert.equal((await hq.get(`/api/v1/units/${other.id}`)).status, 404);
  assert.equal((await hq.get(`/api/v1/units/${other.id}/strength`)).status, 404);
  assert.equal((await hq.patch(`/api/v1/units/${other.id}`, { status: 'active' })).status, 404);
  assert.equal((await hq.patch(`/api/v1/units/${co.id}`, { status: 'active' })).status, 200);
  assert.equal((await hq.patch(`/api/v1/units/${co.id}`, { region_id: R.astana.id })).status, 403, 'moving out of scope');
  assert.equal((await hq.post('/api/v1/units', { name: 'Чужой', kind: 'special_unit', region_id: R.auezov.id })).status, 403);
  const mine = await hq.post('/api/v1/units', { name: 'Скоуп свой', kind: 'special_unit', region_id: R.almaly.id });
  assert.equal(mine.status, 201);
  assert.equal((await hq.del(`/api/v1/units/${mine.body.id}`)).status, 204);
  assert.equal((await hq.del(`/api/v1/units/${far.id}`)).status, 404);
  // A commander from another region is answered as missing, as for an id nobody has.
  const outsider = await person('auezov', 'Сыртқы');
  const insider = await person('almaly', 'Ішкі');
  const foreign = await hq.patch(`/api/v1/units/${co.id}`, { commander_id: outsider.id });
  assert.equal(foreign.status, 422);
  assert.deepEqual(foreign.body.errors, [{ field: 'commander_id', message: 'does not exist' }]);
  assert.equal((await hq.patch(`/api/v1/units/${co.id}`, { commander_id: insider.id })).status, 200);
  assert.equal((await admin.patch(`/api/v1/units/${other.id}`, { commander_id: outsider.id })).status, 200);

  // Unscoped hq_staff act for the whole country.
  const hqAll = await server.account(admin, 'units-hq-all', 'hq_staff');
  assert.equal((await hqAll.get(q)).body.items.length, 4);
  assert.equal((await hqAll.patch(`/api/v1/units/${far.id}`, { status: 'forming' })).status, 200);

  // A commander reads their unit's subtree and changes only the status there.
  const cmd = await server.account(admin, 'units-commander', 'commander', { unit_id: bn.id });
  assert.deepEqual((await cmd.get(q)).body.items.map((u) => u.id), [bn.id, co.id]);
  assert.equal((await cmd.get(`/api/v1/units/${other.id}`)).status, 404);
  assert.equal((await cmd.get(`/api/v1/units/${co.id}/strength`)).status, 200);
  const st = await cmd.patch(`/api/v1/units/${co.id}`, { status: 'stood_down' });
  assert.equal(st.status, 200);
  assert.equal(st.body.status, 'stood_down');
  assert.equal((await cmd.patch(`/api/v1/units/${co.id}`, { name: 'Новое имя' })).status, 403);
  assert.equal((await cmd.patch(`/api/v1/units/${co.id}`, { status: 'active', name: 'Новое имя' })).status, 403);
  assert.equal((await cmd.patch(`/api/v1/units/${other.id}`, { status: 'active' })).status, 404);
  assert.equal((await cmd.post('/api/v1/units', { name: 'X', kind: 'special_unit', region_id: R.almaly.id })).status, 403);
  assert.equal((await cmd.del(`/api/v1/units/${co.id}`)).status, 403);
  assert.equal((await admin.get(`/api/v1/units/${co.id}`)).body.name, 'Скоуп рота');

  // A volunteer reads the units they currently belong to, nothing else.
  const p = await person('almaly', 'Волонтёрова');
  await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: co.id, position: 'medic', from: '2020-01-01' });
  await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: other.id, position: 'medic', from: '2020-01-01', to: '2021-01-01' });
  const vol = await server.account(admin, 'units-volunteer', 'volunteer', { person_id: p.id });
  assert.deepEqual((await vol.get(q)).body.items.map((u) => u.id), [co.id]);
  assert.equal((await vol.get(`/api/v1/units/${co.id}`)).status, 200);
  assert.equal((await vol.get(`/api/v1/units/${other.id}`)).status, 404, 'past membership');
  assert.equal((await vol.get(`/api/v1/units/${bn.id}`)).status, 404);
  assert.equal((await vol.patch(`/api/v1/units/${co.id}`, { status: 'active' })).status, 403);

  // Auditors read everything and change nothing; company officers have no access to units.
  const aud = await server.account(admin, 'units-auditor', 'auditor');
  assert.equal((await aud.get(q)).body.items.length, 4);
  assert.equal((await aud.get(`/api/v1/units/${far.id}`)).status, 200);
  assert.equal((await aud.patch(`/api/v1/units/${far.id}`, { status: 'active' })).status, 403);
  const org = await admin.post('/api/v1/organisations', { name: 'ТОО Скоуп', kind: 'company', size_category: 'small' });
  const off = await server.account(admin, 'units-officer', 'company_officer', { organisation_id: org.body.id });
  assert.equal((await off.get(q)).status, 403);
  assert.equal((await off.get(`/api/v1/units/${bn.id}`)).status, 403);
});

test('bad unit input is refused whole with field errors and changes nothing', async () => {
  const u = await unit({ name: 'Неизменный', kind: 'special_unit', region_id: R.almaly.id, positions: [{ position: 'medic', target: 2 }] });
  const before = await auditMark();
  const count = (await admin.get('/api/v1/units?limit=500')).body.items.length;
  const cases = [
    [{ name: 5, kind: 'navy', region_id: 'one', status: 'ready', colour: 'red' }, ['colour', 'kind', 'name', 'region_id', 'status']],
    [{ name: 'X', kind: 'special_unit' }, ['region_id']],
    [{ name: '', kind: 'special_unit', region_id: R.almaly.id }, ['name']],
    [{ name: 'X', kind: 'special_unit', region_id: 999999 }, ['region_id']],
    [{ name: 'X', kind: 'special_unit', region_id: R.almaly.id, parent_id: 999999, commander_id: 999999 }, ['commander_id', 'parent_id']],
    [{ name: 'X', kind: 'special_unit', region_id: R.almaly.id, positions: [{ position: 'a', target: -1 }, { position: 'a', target: 1 }, 'x', { target: 1, rank: 2 }] },
      ['positions[0].target', 'positions[1].position', 'positions[2]', 'positions[3].position', 'positions[3].rank']],
    [{ name: 'X', kind: 'special_unit', region_id: R.almaly.id, positions: { medic: 1 } }, ['positions']],
    [{ name: 'a\u0001b', kind: 'special_unit', region_id: R.almaly.id }, ['name']],
  ];
  for (const [body, fields] of cases) {
    const r = await admin.post('/api/v1/units', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(r.body.errors.map((e) => e.field).sort(), fields.sort(), JSON.stringify(body));
  }
  for (const body of [{ status: 'ready' }, { name: null }, { region_id: null }, { positions: [{ position: 'x' }] }, { parent_id: u.id }]) {
    const r = await admin.patch(`/api/v1/units/${u.id}`, body);
    assert.equal(r.status, 422, JSON.stringify(body));
  }
  for (const raw of ['{', '[]', 'null', '{"name": "x",}']) assert.equal((await admin.post('/api/v1/units', raw)).status, 422, raw);
  const invalidUtf8 = await fetch(`${server.base}/api/v1/units`, {
    method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from(`","kind":"special_unit","region_id":${R.almaly.id}}`)]),
  });
  assert.equal(invalidUtf8.status, 422);
  assert.equal((await admin.patch('/api/v1/units/999999', { status: 'active' })).status, 404);

  const after = await auditMark();
  assert.deepEqual(after, before, 'no audit entries were added');
  assert.equal((await admin.get('/api/v1/units?limit=500')).body.items.length, count);
  const same = await admin.get(`/api/v1/units/${u.id}`);
  assert.deepEqual(same.body, u);

  // Hostile strings are data: stored and returned exactly, never interpreted.
  const hostile = `Robert'); DROP TABLE units;-- <script>alert(1)</script> %_\\`;
  const h = await admin.post('/api/v1/units', { name: hostile, kind: 'special_unit', region_id: R.almaly.id });
  assert.equal(h.status, 201);
  assert.equal((await admin.get(`/api/v1/units/${h.body.id}`)).body.name, hostile);
  const found = await admin.get('/api/v1/units?q=' + encodeURIComponent("'); drop"));
  assert.deepEqual(found.body.items.map((x) => x.id), [h.body.id]);
});
