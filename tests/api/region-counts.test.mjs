// People per region (GET /api/v1/regions/stats and the region page of the console): counts that
// follow people as they are added one by one or by import, moved and deleted, with sub-regions
// summed, and only within what the caller's scope sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';

let server, admin;
const W = {};
const names = (n) => ({ kk: n, ru: n, en: n });
let serial = 100;

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const person = async (region, family = 'Сапаров') => made(await admin.post('/api/v1/people', {
  family_name: family, given_name: 'Ерлан', birth_date: '1991-02-03',
  iin: makeIin(1991, 2, 3, ++serial), region_id: region.id, status: 'reservist',
}));

// {code: [people, people_here]} of a stats answer.
const counts = (body) => Object.fromEntries(body.items.map((r) => [r.code, [r.people, r.people_here]]));

before(async () => {
  server = await startServer();
  admin = await server.login();
  W.city = await made(await admin.post('/api/v1/regions', { code: 'RC-CITY', level: 'city', name: names('Қала') }));
  W.north = await made(await admin.post('/api/v1/regions', { code: 'RC-NORTH', level: 'district', parent_id: W.city.id, name: names('Солтүстік') }));
  W.south = await made(await admin.post('/api/v1/regions', { code: 'RC-SOUTH', level: 'district', parent_id: W.city.id, name: names('Оңтүстік') }));
  W.village = await made(await admin.post('/api/v1/regions', { code: 'RC-VIL', level: 'settlement', parent_id: W.north.id, name: names('Ауыл') }));
  W.other = await made(await admin.post('/api/v1/regions', { code: 'RC-OTHER', level: 'city', name: names('Басқа қала') }));
});
after(async () => { await server.stop(); cleanup(server); });

test('counts follow people added, imported, moved and deleted, each region with its sub-regions', async () => {
  const empty = await admin.get(`/api/v1/regions/stats?within=${W.city.id}`);
  assert.equal(empty.status, 200);
  assert.deepEqual(counts(empty.body), { 'RC-CITY': [0, 0], 'RC-NORTH': [0, 0], 'RC-SOUTH': [0, 0], 'RC-VIL': [0, 0] });

  const a = await person(W.north);
  await person(W.north);
  const v = await person(W.village);
  await person(W.city);
  await person(W.other);
  const csv = ['family_name,given_name,birth_date,iin,region,status',
    ...[1, 2, 3].map((i) => `Жұмабаев,Асқар,1985-05-0${i},${makeIin(1985, 5, i, 700 + i)},RC-SOUTH,volunteer`)].join('\n') + '\n';
  const imported = await admin.call('POST', '/api/v1/people/import', csv, { 'content-type': 'text/csv; charset=utf-8' });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));

  let r = await admin.get(`/api/v1/regions/stats?within=${W.city.id}`);
  assert.deepEqual(counts(r.body), { 'RC-CITY': [7, 1], 'RC-NORTH': [3, 2], 'RC-SOUTH': [3, 3], 'RC-VIL': [1, 1] });
  assert.equal(r.body.people, 7);
  const all = await admin.get('/api/v1/regions/stats');
  assert.equal(all.body.people, 8);
  assert.deepEqual(counts(all.body)['RC-OTHER'], [1, 1]);
  const city = all.body.items.find((x) => x.code === 'RC-CITY');
  assert.equal(city.id, W.city.id);
  assert.equal(city.name.kk, 'Қала');

  assert.equal((await admin.patch(`/api/v1/people/${a.id}`, { region_id: W.south.id })).status, 200);
  assert.equal((await admin.patch(`/api/v1/people/${v.id}`, { family_name: 'Сапарова' })).status, 200);
  assert.equal((await admin.del(`/api/v1/people/${v.id}`)).status, 204);
  r = await admin.get(`/api/v1/regions/stats?within=${W.city.id}`);
  assert.deepEqual(counts(r.body), { 'RC-CITY': [6, 1], 'RC-NORTH': [1, 1], 'RC-SOUTH': [4, 4], 'RC-VIL': [0, 0] });

  // A refused import stores nobody and counts nobody.
  const bad = csv.replace(/RC-SOUTH/g, 'RC-NORTH') + 'Қате,Жол,1985-13-40,1,RC-NORTH,volunteer\n';
  assert.equal((await admin.call('POST', '/api/v1/people/import', bad, { 'content-type': 'text/csv; charset=utf-8' })).status, 422);
  r = await admin.get(`/api/v1/regions/stats?within=${W.north.id}`);
  assert.deepEqual(counts(r.body), { 'RC-NORTH': [1, 1], 'RC-VIL': [0, 0] });

  // An import over several regions counts each of them; a person added after it is counted too
  // (on PostgreSQL the import adds its own people at its end, and that does not outlive it).
  const more = ['family_name,given_name,birth_date,iin,region,status',
    ...[1, 2, 3].map((i) => `Омаров,Нұрлан,1979-01-0${i},${makeIin(1979, 1, i, 800 + i)},${i === 1 ? 'RC-NORTH' : 'RC-VIL'},volunteer`)].join('\n') + '\n';
  const again = await admin.call('POST', '/api/v1/people/import', more, { 'content-type': 'text/csv; charset=utf-8' });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  await person(W.north);
  r = await admin.get(`/api/v1/regions/stats?within=${W.city.id}`);
  assert.deepEqual(counts(r.body), { 'RC-CITY': [10, 1], 'RC-NORTH': [5, 3], 'RC-SOUTH': [4, 4], 'RC-VIL': [2, 2] });
});

test('headquarters staff count only their own region; roles that do not see people by region are refused', async () => {
  const hq = await server.account(admin, 'rc-hq-north', 'hq_staff', { region: 'RC-NORTH' });
  const own = await hq.get('/api/v1/regions/stats');
  assert.equal(own.status, 200);
  assert.deepEqual(Object.keys(counts(own.body)).sort(), ['RC-NORTH', 'RC-VIL']);
  // Asking for the city above narrows to their district; the district beside it is refused.
  const above = await hq.get(`/api/v1/regions/stats?within=${W.city.id}`);
  assert.deepEqual(Object.keys(counts(above.body)).sort(), ['RC-NORTH', 'RC-VIL']);
  assert.equal(above.body.people, own.body.people);
  assert.equal((await hq.get(`/api/v1/regions/stats?within=${W.south.id}`)).status, 403);
  assert.equal((await admin.get('/api/v1/regions/stats?within=999999')).status, 404);
  const badQuery = await admin.get('/api/v1/regions/stats?within=north');
  assert.equal(badQuery.status, 422);
  assert.equal(badQuery.body.errors[0].field, 'within');
  const auditor = await server.account(admin, 'rc-auditor', 'auditor');
  assert.equal((await auditor.get('/api/v1/regions/stats')).status, 200);
  const unit = await made(await admin.post('/api/v1/units', { name: 'Рота', kind: 'territorial_troops', region_id: W.north.id }));
  const commander = await server.account(admin, 'rc-commander', 'commander', { unit_id: unit.id });
  assert.equal((await commander.get('/api/v1/regions/stats')).status, 403);
  const editor = await server.account(admin, 'rc-editor', 'editor');
  assert.equal((await editor.get('/api/v1/regions/stats')).status, 403);
});

test('the console\'s region page shows its people and each sub-region\'s, in kk, ru and en', async () => {
  const words = { kk: 'Өңірдегі адамдар', ru: 'Люди в регионе', en: 'People in the region' };
  for (const [lang, heading] of Object.entries(words)) {
    const page = await consolePage('admin', 'admin-password-for-tests', lang, `/console/regions/${W.city.id}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(heading), `${lang}: ${heading}`);
    const south = page.text.match(new RegExp(`href="/console/regions/${W.south.id}">[^<]*</a></th><td>RC-SOUTH</td><td class="num">(\\d+)<`));
    assert.equal(south?.[1], '4', lang);
  }
});

// One console page as a signed-in visitor in the given language.
async function consolePage(login, password, lang, path) {
  let cookie = '';
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) cookie = [cookie, c.split(';')[0]].filter(Boolean).join('; ');
  };
  const get = async (p) => {
    const res = await fetch(server.base + p, { redirect: 'manual', headers: { cookie, 'accept-language': lang } });
    keep(res);
    return { status: res.status, text: await res.text() };
  };
  const login_page = await get('/console/login');
  const token = login_page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const res = await fetch(server.base + '/console/login', {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: token, login, password, next: '/console' }),
    headers: { cookie, 'accept-language': lang, 'content-type': 'application/x-www-form-urlencoded' },
  });
  keep(res);
  assert.equal(res.status, 303);
  return get(path);
}
