import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup } from './harness.mjs';

let server, admin;
const names = (kk, ru, en) => ({ kk, ru, en });
before(async () => { server = await startServer(); admin = await server.login(); });
after(async () => { await server.stop(); cleanup(server); });

test('a region tree is built, searched case- and ё-insensitively, and paged by cursor', async () => {
  const city = await admin.post('/api/v1/regions', { code: '750000000', level: 'city', name: names('Алматы', 'Алматы', 'Almaty'), centroid: { lat: 43.2567, lon: 76.9286 } });
  assert.equal(city.status, 201);
  assert.equal(city.headers.get('location'), `/api/v1/regions/${city.body.id}`);
  const districts = [['751710000', 'Алмалы ауданы', 'Алмалинский район', 'Almaly District'],
    ['751910000', 'Әуезов ауданы', 'Ауэзовский район', 'Auezov District'],
    ['751510000', 'Бостандық ауданы', 'Бостандыкский район', 'Bostandyk District'],
    ['752410000', 'Медеу ауданы', 'Медеуский район', 'Medeu District'],
    ['752210000', 'Жетісу ауданы', 'Жетысуский район', 'Zhetysu District']];
  for (const [code, kk, ru, en] of districts) {
    const r = await admin.post('/api/v1/regions', { code, level: 'district', parent_id: city.body.id, name: names(kk, ru, en) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const search = await admin.get('/api/v1/regions?q=' + encodeURIComponent('ӘУЕЗОВ'));
  assert.deepEqual(search.body.items.map((r) => r.code), ['751910000']);
  const seen = [];
  let cursor = null;
  do {
    const page = await admin.get(`/api/v1/regions?parent_id=${city.body.id}&limit=2&sort=code` + (cursor ? `&cursor=${cursor}` : ''));
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= 2);
    seen.push(...page.body.items.map((r) => r.code));
    cursor = page.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, districts.map((d) => d[0]).sort());
  const within = await admin.get(`/api/v1/regions?within=${city.body.id}&limit=500`);
  assert.equal(within.body.items.length, 6);
});

test('a region cannot be placed under a smaller one or under itself', async () => {
  const city = await admin.post('/api/v1/regions', { code: 'T-CITY', level: 'city', name: names('Т', 'Т', 'T') });
  const district = await admin.post('/api/v1/regions', { code: 'T-DIST', level: 'district', parent_id: city.body.id, name: names('Д', 'Д', 'D') });
  const bad = await admin.patch(`/api/v1/regions/${city.body.id}`, { parent_id: district.body.id });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'parent_id');
});

test('bad region input is refused whole, naming every field, and changes nothing', async () => {
  const before = (await admin.get('/api/v1/audit?limit=500')).body.items.length;
  const r = await admin.post('/api/v1/regions', { code: 'bad code;', level: 'galaxy', name: { kk: 1 }, extra: true });
  assert.equal(r.status, 422);
  const fields = r.body.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['code', 'extra', 'level', 'name.en', 'name.kk', 'name.ru']);
  for (const body of ['{', '[]', '"x"', '{"code": "\u0000"}']) {
    const x = await admin.post('/api/v1/regions', body);
    assert.equal(x.status, 422, body);
    assert.equal(x.headers.get('content-type'), 'application/problem+json');
  }
  const invalidUtf8 = await fetch(`${server.base}/api/v1/regions`, {
    method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: Buffer.from([0x7b, 0x22, 0x63, 0x6f, 0x64, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  });
  assert.equal(invalidUtf8.status, 422);
  assert.equal((await admin.get('/api/v1/audit?limit=500')).body.items.length, before);
});

test('a region still in use cannot be deleted; an unused one can', async () => {
  const city = await admin.post('/api/v1/regions', { code: 'DEL-CITY', level: 'city', name: names('Д', 'Д', 'D') });
  const child = await admin.post('/api/v1/regions', { code: 'DEL-D', level: 'district', parent_id: city.body.id, name: names('Д', 'Д', 'D') });
  const refused = await admin.del(`/api/v1/regions/${city.body.id}`);
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail, /1 child regions/);
  assert.equal((await admin.del(`/api/v1/regions/${child.body.id}`)).status, 204);
  assert.equal((await admin.del(`/api/v1/regions/${city.body.id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/regions/${city.body.id}`)).status, 404);
});

test('only admins change regions; every role reads them', async () => {
  const auditor = await server.account(admin, 'region-auditor', 'auditor');
  assert.equal((await auditor.get('/api/v1/regions')).status, 200);
  const r = await auditor.post('/api/v1/regions', { code: 'NOPE', level: 'city', name: names('a', 'b', 'c') });
  assert.equal(r.status, 403);
});
