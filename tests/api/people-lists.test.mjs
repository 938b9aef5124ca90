// People lists at scale: a commander sees the current members of their unit's subtree, which
// follows the unit tree when a unit moves under another commander's unit (the list, one person's
// record, the `unit=` filter and the units list); and walking a filtered list's cursor pages shows
// every person once, in the order of the one-page list, also across people with equal names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { sql } from './sql.mjs';

let server, admin, district, other;

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

let serial = 500;
async function person(region, family_name, { status = 'active', month = 3 } = {}) {
  return made(await admin.post('/api/v1/people', {
    family_name, given_name: 'Ерлан', birth_date: `1990-0${month}-11`,
    iin: makeIin(1990, month, 11, serial += 13), region_id: region.id, status,
  }));
}

const names = (n) => ({ kk: n, ru: n, en: n });
const unit = async (name, parent) => made(await admin.post('/api/v1/units', {
  name, kind: 'territorial_troops', region_id: district.id, status: 'active',
  ...(parent ? { parent_id: parent.id } : {}), positions: [{ position: 'rifleman', target: 5 }],
}));
const join = async (p, u) => made(await admin.post(`/api/v1/people/${p.id}/memberships`,
  { unit_id: u.id, position: 'rifleman', from: '2024-01-01' }));
const ids = (list) => list.map((x) => x.id).sort((a, b) => a - b);
async function listed(who, query = '') {
  const r = await who.get(`/api/v1/people?limit=500${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  const city = await made(await admin.post('/api/v1/regions', { code: 'PL-CITY', level: 'city', name: names('Город') }));
  district = await made(await admin.post('/api/v1/regions', { code: 'PL-D', level: 'district', parent_id: city.id, name: names('Район') }));
  other = await made(await admin.post('/api/v1/regions', { code: 'PL-O', level: 'district', parent_id: city.id, name: names('Другой') }));
});

after(async () => {
  await server.stop();
  cleanup(server);
});

test('a unit moved under another commander\'s unit takes its people, and its sub-units\' people, along', async () => {
  // A ← C ← D (C and D under A's commander) and B, another commander's unit.
  const a = await unit('Рота А'), b = await unit('Рота Б');
  const c = await unit('Взвод В', a), d = await unit('Отделение Г', c);
  const pa = await person(district, 'Арманов'), pb = await person(district, 'Бекова');
  const pc = await person(district, 'Ваисов'), pd = await person(district, 'Габитова');
  for (const [p, u] of [[pa, a], [pb, b], [pc, c], [pd, d]]) await join(p, u);
  const cmdA = await server.account(admin, 'pl-cmd-a', 'commander', { unit_id: a.id });
  const cmdB = await server.account(admin, 'pl-cmd-b', 'commander', { unit_id: b.id });

  assert.deepEqual(ids(await listed(cmdA)), ids([pa, pc, pd]));
  assert.deepEqual(ids(await listed(cmdB)), ids([pb]));
  assert.deepEqual(ids(await listed(admin, `&unit=${a.id}`)), ids([pa, pc, pd]));
  assert.deepEqual(ids(await listed(admin, `&unit=${c.id}&status=active&region=${district.id}`)), ids([pc, pd]));
  assert.deepEqual(await listed(admin, '&unit=999999'), [], 'an unknown unit has no people');
  assert.equal((await cmdA.get(`/api/v1/people/${pd.id}`)).status, 200);
  assert.equal((await cmdB.get(`/api/v1/people/${pd.id}`)).status, 404);

  const r = await admin.patch(`/api/v1/units/${c.id}`, { parent_id: b.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  assert.deepEqual(ids(await listed(cmdA)), ids([pa]), 'A\'s commander no longer sees C and D\'s people');
  assert.deepEqual(ids(await listed(cmdB)), ids([pb, pc, pd]), 'B\'s commander now sees them');
  assert.deepEqual(ids(await listed(admin, `&unit=${a.id}`)), ids([pa]));
  assert.deepEqual(ids(await listed(admin, `&unit=${b.id}&status=active`)), ids([pb, pc, pd]));
  for (const p of [pc, pd]) {
    assert.equal((await cmdA.get(`/api/v1/people/${p.id}`)).status, 404);
    const seen = await cmdB.get(`/api/v1/people/${p.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.family_name, p.family_name);
  }
  assert.equal((await cmdA.get(`/api/v1/people/${pa.id}`)).status, 200);
  assert.equal((await cmdB.get(`/api/v1/people/${pa.id}`)).status, 404);
  // The units lists follow the tree too.
  const unitIds = async (who, query = '') => ids((await who.get(`/api/v1/units?limit=500${query}`)).body.items);
  assert.deepEqual(await unitIds(cmdA), ids([a]));
  assert.deepEqual(await unitIds(cmdB), ids([b, c, d]));
  assert.deepEqual(await unitIds(admin, `&within=${b.id}`), ids([b, c, d]));
  assert.deepEqual(await unitIds(admin, `&within=${a.id}`), ids([a]));

  // Back to the top level: C's commander-less subtree belongs to no one else's.
  assert.equal((await admin.patch(`/api/v1/units/${c.id}`, { parent_id: null })).status, 200);
  assert.deepEqual(ids(await listed(cmdB)), ids([pb]));
  assert.deepEqual(ids(await listed(admin, `&unit=${c.id}`)), ids([pc, pd]));

  // A removed unit leaves nothing behind in the tree.
  const e = await unit('Отделение Д', c);
  assert.equal((await admin.del(`/api/v1/units/${e.id}`)).status, 204);
  assert.equal(sql(server.db.url, `SELECT COUNT(*) FROM unit_ancestry WHERE unit_id = ${e.id} OR ancestor_id = ${e.id}`), '0');
  assert.deepEqual(ids(await listed(admin, `&unit=${c.id}`)), ids([pc, pd]));
});

test('walking the cursor pages of a filtered list shows every person once, in order', async () => {
  // Equal names (and birth dates) make pages end in the middle of a run of equal sort values.
  const made = [];
  for (let i = 0; i < 23; i++)
    made.push(await person(other, ['Жаксылыков', 'Абаев', 'Жаксылыков', 'Мусина'][i % 4], { month: 1 + (i % 3) }));
  for (let i = 0; i < 5; i++) await person(other, 'Жаксылыков', { status: 'reservist' });
  const base = `region=${other.id}&status=active`;
  for (const sort of ['name', '-name', 'birth_date', '-birth_date', 'id', '-id']) {
    const whole = await listed(admin, `&${base}&sort=${sort}`);
    assert.deepEqual(ids(whole), ids(made), `${sort}: the one-page list holds exactly the active people of the region`);
    for (const limit of [1, 4, 7]) {
      const walked = [];
      let cursor = null, pages = 0;
      do {
        const r = await admin.get(`/api/v1/people?${base}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.ok(r.body.items.length <= limit);
        walked.push(...r.body.items.map((x) => x.id));
        cursor = r.body.next_cursor;
        assert.ok(++pages <= made.length + 1, 'the walk ends');
      } while (cursor);
      assert.deepEqual(walked, whole.map((x) => x.id), `${sort}, ${limit} a page: every person once, in order`);
    }
  }
});

test('a list page is, byte for byte, its people\'s own records for the same caller (admin and commander)', async () => {
  // Every kind of field a record carries: children of each kind in an order the list must sort
  // (skills by when they were added, slots by weekday and start, periods by start), expired and
  // open-ended skills, a person without any, with and without patronymic, language and contacts.
  const region = await made(await admin.post('/api/v1/regions', { code: 'PL-B', level: 'city', name: names('Байтерек') }));
  const squad = await made(await admin.post('/api/v1/units', {
    name: 'Взвод Б', kind: 'territorial_troops', region_id: region.id, status: 'active',
  }));
  const full = await made(await admin.post('/api/v1/people', {
    family_name: 'Әбенов', given_name: 'Нұрлан', patronymic: 'Серікұлы', birth_date: '1988-07-02',
    iin: makeIin(1988, 7, 2, serial += 13), region_id: region.id, status: 'active', language: 'kk',
    phone: '+77001234567', email: 'nurlan@example.kz',
    skills: [{ skill: 'medic', qualified_on: '2019-05-01', expires_on: '2020-05-01' }, { skill: 'driver C' },
      { skill: 'radio "R-168"', qualified_on: '2021-01-10' }],
    availability: [{ weekday: 6, start: '09:00', end: '18:00' }, { weekday: 1, start: '18:30', end: '22:00' },
      { weekday: 1, start: '07:00', end: '09:00' }],
    unavailable: [{ from: '2031-03-01', to: '2031-03-10' }, { from: '2030-01-01', to: '2030-01-14', reason: 'отпуск\nс семьёй' },
      { from: '2030-01-01', to: '2030-01-03', reason: 'tab\tquote " backslash \\ \u{1F3D4} <b>&amp;</b>' }],
  }));
  const bare = await made(await admin.post('/api/v1/people', {
    family_name: 'Ли', given_name: 'Анна', birth_date: '1995-12-31', iin: makeIin(1995, 12, 31, serial += 13, false),
    region_id: region.id, status: 'active',
  }));
  const reservist = await made(await admin.post('/api/v1/people', {
    family_name: 'Абаев', given_name: 'Tom', birth_date: '1979-01-15', iin: makeIin(1979, 1, 15, serial += 13),
    region_id: region.id, status: 'reservist', email: 'tom@example.kz', skills: [{ skill: 'cook', expires_on: '2099-01-01' }],
  }));
  for (const p of [full, bare, reservist]) await join(p, squad);
  const commander = await server.account(admin, 'cmd-bytes', 'commander', { unit_id: squad.id });
  for (const [who, name] of [[admin, 'admin'], [commander, 'commander']]) {
    for (const query of [`region=${region.id}&status=active&limit=50`, `region=${region.id}&limit=2&sort=-name`,
      `unit=${squad.id}&limit=50&sort=birth_date`, `region=${region.id}&skill=cook`]) {
      const list = await who.get(`/api/v1/people?${query}`);
      assert.equal(list.status, 200, list.text);
      const records = [];
      for (const x of list.body.items) {
        const one = await who.get(`/api/v1/people/${x.id}`);
        assert.equal(one.status, 200, one.text);
        records.push(one.text);
      }
      const cursor = list.body.next_cursor === null ? 'null' : JSON.stringify(list.body.next_cursor);
      assert.equal(list.text, `{"items":[${records.join(',')}],"next_cursor":${cursor}}`, `${name}: ${query}`);
    }
  }
  const seen = (await admin.get(`/api/v1/people/${full.id}`)).body;
  assert.deepEqual(seen.skills.map((s) => [s.skill, s.expired]), [['medic', true], ['driver C', false], ['radio "R-168"', false]]);
  assert.deepEqual(seen.availability.map((a) => `${a.weekday} ${a.start}`), ['1 07:00', '1 18:30', '6 09:00']);
  // Periods by start, those with the same start in the order they were saved.
  assert.deepEqual(seen.unavailable.map((u) => [u.from, u.to]),
    [['2030-01-01', '2030-01-14'], ['2030-01-01', '2030-01-03'], ['2031-03-01', '2031-03-10']]);
  assert.equal(seen.unavailable[1].reason, 'tab\tquote " backslash \\ \u{1F3D4} <b>&amp;</b>');
  const byCommander = (await commander.get(`/api/v1/people?region=${region.id}&status=active`)).body.items;
  assert.deepEqual(byCommander.map((x) => [x.id, 'iin' in x, x.phone]).sort((a, b) => a[0] - b[0]),
    [[full.id, false, '+77001234567'], [bare.id, false, null]]);
});

test('a region\'s list holds the people of its sub-regions, as a filter and as a headquarters scope', async () => {
  const city = await made(await admin.post('/api/v1/regions', { code: 'PL-S', level: 'city', name: names('Сарыарка') }));
  const east = await made(await admin.post('/api/v1/regions', { code: 'PL-S1', level: 'district', parent_id: city.id, name: names('Шығыс') }));
  const west = await made(await admin.post('/api/v1/regions', { code: 'PL-S2', level: 'district', parent_id: city.id, name: names('Батыс') }));
  const inCity = await person(city, 'Оразов'), inEast = await person(east, 'Нуриев'), inWest = await person(west, 'Сейітов');
  const hqCity = await server.account(admin, 'pl-hq-city', 'hq_staff', { region: 'PL-S' });
  const hqEast = await server.account(admin, 'pl-hq-east', 'hq_staff', { region: 'PL-S1' });
  const all = ids([inCity, inEast, inWest]);
  assert.deepEqual(ids(await listed(admin, `&region=${city.id}&status=active`)), all);
  assert.deepEqual(ids(await listed(admin, `&region=${east.id}&status=active`)), [inEast.id]);
  assert.deepEqual(ids(await listed(hqCity, '&status=active')), all);
  assert.deepEqual(ids(await listed(hqCity, `&region=${west.id}`)), [inWest.id]);
  assert.deepEqual(ids(await listed(hqEast, '')), [inEast.id]);
  assert.deepEqual(ids(await listed(hqEast, `&region=${city.id}&status=active`)), [inEast.id]);
  assert.deepEqual(await listed(hqEast, `&region=${west.id}`), []);
});

test('a person\'s skills, availability and unavailable periods show in lists as they were last saved: added to a person who had none, emptied, added again', async () => {
  const region = await made(await admin.post('/api/v1/regions', { code: 'PL-K', level: 'city', name: names('Көктем') }));
  const p = await person(region, 'Жұмабаев');
  const shown = async () => {
    const [item] = await listed(admin, `&region=${region.id}&status=active`);
    const one = (await admin.get(`/api/v1/people/${p.id}`)).body;
    const lists = (x) => [x.skills.map((s) => s.skill), x.availability.map((a) => `${a.weekday} ${a.start}-${a.end}`),
      x.unavailable.map((u) => `${u.from}..${u.to}`)];
    assert.deepEqual(lists(item), lists(one));
    return lists(item);
  };
  const patch = async (body) => assert.equal((await admin.patch(`/api/v1/people/${p.id}`, body)).status, 200);
  assert.deepEqual(await shown(), [[], [], []]);
  await patch({ skills: [{ skill: 'medic' }], availability: [{ weekday: 3, start: '08:00', end: '12:00' }],
    unavailable: [{ from: '2030-02-01', to: '2030-02-05' }] });
  assert.deepEqual(await shown(), [['medic'], ['3 08:00-12:00'], ['2030-02-01..2030-02-05']]);
  await patch({ skills: [] });
  assert.deepEqual(await shown(), [[], ['3 08:00-12:00'], ['2030-02-01..2030-02-05']]);
  await patch({ availability: [], unavailable: [] });
  assert.deepEqual(await shown(), [[], [], []]);
  await patch({ skills: [{ skill: 'driver C' }, { skill: 'cook' }], unavailable: [{ from: '2031-01-01', to: '2031-01-02' }] });
  assert.deepEqual(await shown(), [['driver C', 'cook'], [], ['2031-01-01..2031-01-02']]);
});
