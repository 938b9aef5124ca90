// A list row shows what the person's own record shows, after every way a person is written:
// created, changed (names, contacts, language, status, region, skills, availability, IIN),
// imported (a file large enough to be loaded in bulk, then a small one) and removed. Each check
// reads the district's page with a status, the list's usual query, which on SQLite is read from
// the row's stored list text in one index (people.list_text, migration 0109): a write that did
// not keep that text would show the old fields here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';

let server, admin, east, west;

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

// The page of `region`'s people with `status`, as admin sees it.
async function page(region, status) {
  const r = await admin.get(`/api/v1/people?region=${region.id}&status=${status}&limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

// The person's row in the page of their region and status, equal to their own record.
async function listedAsRecorded(id) {
  const record = await admin.get(`/api/v1/people/${id}`);
  assert.equal(record.status, 200, JSON.stringify(record.body));
  const region = record.body.region_id === east.id ? east : west;
  const rows = (await page(region, record.body.status)).filter((p) => p.id === id);
  assert.equal(rows.length, 1, `person ${id} is listed once in region ${region.id}, ${record.body.status}`);
  assert.deepEqual(rows[0], record.body);
  return rows[0];
}

let serial = 700;
const names = (n) => ({ kk: n, ru: n, en: n });

before(async () => {
  server = await startServer();
  admin = await server.login();
  const city = await made(await admin.post('/api/v1/regions', { code: 'LR-CITY', level: 'city', name: names('Қала') }));
  east = await made(await admin.post('/api/v1/regions', { code: 'LR-EAST', level: 'district', parent_id: city.id, name: names('Шығыс') }));
  west = await made(await admin.post('/api/v1/regions', { code: 'LR-WEST', level: 'district', parent_id: city.id, name: names('Батыс') }));
});

after(async () => {
  await server.stop();
  cleanup(server);
});

test('a created person and each change to them are listed as their record shows them', async () => {
  const p = await made(await admin.post('/api/v1/people', {
    family_name: 'Құрманғазы "Төре"', given_name: 'Әлия', patronymic: 'Ержанқызы',
    birth_date: '1991-05-17', iin: makeIin(1991, 5, 17, serial += 7, false), region_id: east.id,
    status: 'reservist', phone: '+77011234567', email: 'aliya@example.kz', language: 'kk',
  }));
  let row = await listedAsRecorded(p.id);
  assert.equal(row.family_name, 'Құрманғазы "Төре"');

  const changes = [
    { family_name: 'Сейтқали\\Бек', given_name: 'Dana' },
    { patronymic: null, language: 'ru' },
    { phone: '+77017654321', email: null },
    { status: 'active' },
    { region_id: west.id },
    { skills: [{ skill: 'cook', expires_on: '2099-01-01' }] },
    { skills: [] },
    { skills: [{ skill: 'medic', qualified_on: '2020-01-01', expires_on: '2021-01-01' }, { skill: 'driver' }] },
    { availability: [{ weekday: 2, start: '09:00', end: '17:30' }] },
    { unavailable: [{ from: '2030-01-01', to: '2030-01-31', reason: 'курс' }] },
    { iin: makeIin(1991, 5, 17, serial += 7, false), birth_date: '1991-05-17' },
  ];
  for (const change of changes) {
    const r = await admin.patch(`/api/v1/people/${p.id}`, change);
    assert.equal(r.status, 200, `${JSON.stringify(change)}: ${JSON.stringify(r.body)}`);
    row = await listedAsRecorded(p.id);
    for (const [field, value] of Object.entries(change))
      if (field !== 'skills' && field !== 'availability' && field !== 'unavailable')
        assert.deepEqual(row[field], value, `${field} after ${JSON.stringify(change)}`);
  }
  assert.equal(row.region_id, west.id);
  assert.deepEqual(row.skills.map((s) => [s.skill, s.expired]), [['medic', true], ['driver', false]]);
  assert.equal(row.unavailable[0].reason, 'курс');
  // Moved out of the east's reservists and into the west's active people.
  assert.equal((await page(east, 'reservist')).some((x) => x.id === p.id), false);

  const r = await admin.del(`/api/v1/people/${p.id}`);
  assert.ok(r.status === 204 || r.status === 200, JSON.stringify(r.body));
  assert.equal((await page(west, 'active')).some((x) => x.id === p.id), false);
});

// The list's writer copies a string of 4 to 16 bytes as two words when it needs no escaping, and
// checks letters of two bytes (Cyrillic, Kazakh) four at a time; every other string goes the long
// way. Names of each length around those bounds, in letters, in Latin, mixed, and with what JSON
// escapes, are written in the page's own bytes exactly as JSON.stringify writes them (the escapes
// of core::Json's dump(): \" \\ \t \n \r, non-ASCII kept).
test('names of every short length and with escapes are written in the page as JSON writes them', async () => {
  const family = ['Ан', 'Әлі', 'Ахмет', 'Жүсіпбек', 'Серикбаева', 'Құрманғазыұлы', 'Ab', 'Ёж', 'Ab Cd',
    'Ер "Ж"', 'А\\Б', 'Ж\tК', 'Ә\nБ\rВ', 'Aб', 'Кz', 'Ёж😀', 'Ә—Б', 'Öz', 'O\'Neil', 'abcdefghijklmnop',
    'abcdefghijklmnopq', 'абвгдежз', 'абвгдежзи', 'Ӑ'];
  const ids = [];
  for (const [i, name] of family.entries()) {
    const p = await made(await admin.post('/api/v1/people', {
      family_name: name, given_name: family[(i + 7) % family.length], patronymic: i % 2 ? name : null,
      birth_date: '1990-02-03', iin: makeIin(1990, 2, 3, serial += 7, i % 2 === 0), region_id: east.id,
      status: 'volunteer', phone: '+77011234567', email: i % 3 ? `n${i}@example.kz` : null,
    }));
    ids.push(p.id);
  }
  const r = await admin.get(`/api/v1/people?region=${east.id}&status=volunteer&limit=500`);
  assert.equal(r.status, 200, r.text);
  for (const [i, name] of family.entries()) {
    const expected = `"family_name":${JSON.stringify(name)},"given_name":${JSON.stringify(family[(i + 7) % family.length])},"id":${ids[i]},`;
    assert.ok(r.text.includes(expected), `${expected} in the page`);
    const patronymic = `"patronymic":${i % 2 ? JSON.stringify(name) : 'null'},`;
    assert.ok(r.text.includes(`${patronymic}"phone":"+77011234567","region_id":${east.id},`), `${name}: ${patronymic}`);
    await listedAsRecorded(ids[i]);
  }
});

const HEADER = 'family_name,given_name,patronymic,birth_date,iin,phone,email,region,status,skills';
function csvRow(i, { region = 'LR-EAST', status = 'volunteer', patronymic = '' } = {}) {
  return [`Імпорт${i}`, 'Ерлан', patronymic, '1988-04-12', makeIin(1988, 4, 12, serial += 3),
    i % 2 ? '+77011234567' : '', i % 3 ? `p${i}@example.kz` : '', region, status,
    i % 4 ? '' : 'first aid||2099-01-01'].join(',');
}

async function upload(rows) {
  const r = await admin.call('POST', '/api/v1/people/import', [HEADER, ...rows].join('\n'),
    { 'content-type': 'text/csv; charset=utf-8' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.stored, rows.length, JSON.stringify(r.body));
}

test('imported people, in bulk and one file after another, are listed as their records show them', async () => {
  const before = (await page(east, 'volunteer')).length;
  // More people than the table holds: the import sets the indexes aside and rebuilds them.
  await upload(Array.from({ length: 40 }, (_, i) => csvRow(i, { patronymic: i % 5 ? 'Ұлы' : '' })));
  // A few more: written with the indexes in place.
  await upload(Array.from({ length: 3 }, (_, i) => csvRow(100 + i)));
  const listed = await page(east, 'volunteer');
  assert.equal(listed.length, before + 43);
  for (const p of listed) await listedAsRecorded(p.id);
  const ids = listed.map((p) => p.id);
  const one = ids[ids.length - 1];
  const r = await admin.patch(`/api/v1/people/${one}`, { given_name: 'Жаңа', status: 'active' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await listedAsRecorded(one)).given_name, 'Жаңа');
});
