// The console in Kazakh, Russian and English: every page is walked in each language and must
// carry <html lang>, its language's own words and no English left over; the language comes from
// the account's preference, then Accept-Language; field errors keep their fields and read in the
// page's language. Also the console's cross-script name search, times in the configured zone and
// the duplicate IIN marked on its field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pageSession } from './page-session.mjs';
import { visibleText, latinWords, englishLeft } from './english-left.mjs';
import { startServer, cleanup, makeIin, root, client } from './harness.mjs';
import { osmTown } from './osm-town.mjs';

let server, admin;
const W = {};

// A signed-in console visitor: cookies kept, forms posted with the page's CSRF token.
const consoleSession = (login, password, headers = {}) => pageSession(server.base, login, password, headers, '/console');

before(async () => {
  server = await startServer();
  admin = await server.login();
  const made = (r) => { assert.ok(r.status === 201 || r.status === 202, JSON.stringify(r.body)); return r.body; };
  W.region = made(await admin.post('/api/v1/regions', {
    code: '1950', level: 'oblast', name: { kk: 'Жетісу облысы', ru: 'Жетысуская область', en: 'Zhetysu Region' },
  }));
  W.org = made(await admin.post('/api/v1/organisations', { name: 'Жетысу энерго', kind: 'company', size_category: 'large', region_id: W.region.id }));
  W.unit = made(await admin.post('/api/v1/units', { name: 'Жетысу батальоны', kind: 'territorial_troops', region_id: W.region.id, positions: [{ position: 'атқыш', target: 3 }] }));
  W.person = made(await admin.post('/api/v1/people', {
    family_name: 'Абдрахманов', given_name: 'Ерлан', birth_date: '1990-05-14',
    iin: makeIin(1990, 5, 14, 123), region_id: W.region.id, status: 'reservist',
  }));
  W.facility = made(await admin.post('/api/v1/facilities', {
    name: 'Қазандық', kind: 'energy', region_id: W.region.id, organisation_id: W.org.id,
    location: { lat: 43.24, lon: 76.9 }, criticality: 2, shelter_capacity: 300,
  }));
  made(await admin.post(`/api/v1/people/${W.person.id}/memberships`, { unit_id: W.unit.id, position: 'атқыш', from: '2025-01-01' }));
  // An activation plan with needs, a running exercise (someone arrived: a curve to draw) and a
  // finished one (its report with no-shows).
  W.actPlan = made(await admin.post('/api/v1/activation/plans', {
    name: 'Жетісу жиыны', region_id: W.region.id, messages: { kk: 'Келіңіз.' },
    units: [{ unit_id: W.unit.id, target: 3, assembly_facility_id: W.facility.id, needs: [{ skill: 'дәрігер', count: 1 }] }],
  }));
  for (const key of ['activation', 'finished']) {
    W[key] = made(await admin.post(`/api/v1/activation/plans/${W.actPlan.id}/activations`, { kind: 'exercise' }));
    assert.equal((await admin.post(`/api/v1/activation/activations/${W[key].id}/approve`)).status, 200);
  }
  const [notice] = (await admin.get(`/api/v1/activation/activations/${W.activation.id}/notices`)).body.items;
  assert.equal((await admin.post(`/api/v1/activation/activations/${W.activation.id}/check-ins`, { code: notice.code, facility_id: W.facility.id })).status, 201);
  const [other] = (await admin.get(`/api/v1/activation/activations/${W.finished.id}/notices`)).body.items;
  assert.equal((await admin.post(`/api/v1/activation/activations/${W.finished.id}/notices/${other.id}/answer`, { answer: 'decline', reason: 'abroad' })).status, 200);
  assert.equal((await admin.post(`/api/v1/activation/activations/${W.finished.id}/close`)).status, 200);
  // A public alert (an exercise) to review: its page shows the banner, SMS and CAP previews.
  W.alert = made(await admin.post('/api/v1/alerts', { template: 'flood', status: 'Exercise', area: { regions: ['1950'] } }));
  // A published one (approved by a second administrator): its page offers an update, whose form
  // comes prefilled from it.
  W.published = made(await admin.post('/api/v1/alerts', { template: 'flood', status: 'Exercise', area: { regions: ['1950'] } }));
  const approver = await server.account(admin, 'admin2', 'admin');
  assert.equal((await approver.post(`/api/v1/alerts/${W.published.id}/approve`)).status, 200);
  // A requisition decision with a generator taken, held by the unit, valued and applied for.
  W.decision = made(await admin.post('/api/v1/requisition/decisions', {
    number: '17-р', decided_on: '2026-03-01', issuing_body: 'Жетісу облысының әкімдігі', grounds: 'martial_law',
    region_id: W.region.id, deadline: '2026-06-01', collection_point_ids: [W.facility.id],
    officials: [{ name: 'Серік Әлиев', position: 'әкімнің орынбасары' }],
    commission: [{ name: 'Дана Омарова', position: 'бағалаушы', appraiser: true, licence: '0042' }],
  }));
  W.item = made(await admin.post(`/api/v1/requisition/decisions/${W.decision.id}/items`, {
    kind: 'equipment', description: 'Дизельді генератор', details: { serial: '200-731' }, requisition_type: 'use',
    owner: { kind: 'person', name: 'Айгүл Сейітова', iin: makeIin(1982, 9, 14, 222, false) },
  }));
  const taken = await admin.post(`/api/v1/requisition/items/${W.item.id}/taking`, {
    act_date: '2026-03-02', place: 'Қазандық', condition: 'жарамды', signed_by: { name: 'Айгүл Сейітова', as: 'owner', confirmed: true },
  });
  assert.equal(taken.status, 200, JSON.stringify(taken.body));
  assert.equal((await admin.post(`/api/v1/requisition/items/${W.item.id}/custody`, { unit_id: W.unit.id, place: 'Батальон гаражы', responsible: 'Нұрлан Беков', moved_on: '2026-03-03' })).status, 200);
  made(await admin.post(`/api/v1/requisition/items/${W.item.id}/valuations`, {
    appraiser: 'Дана Омарова', licence: '0042', method: 'cost', value_date: '2026-03-02', market_value: 250_000_000, rent_per_day: 1_500_000,
  }));
  made(await admin.post(`/api/v1/requisition/items/${W.item.id}/applications`, { method: 'cash' }));
  // A water tank taken for ownership, valued, approved by another admin and ordered paid.
  W.tank = made(await admin.post(`/api/v1/requisition/decisions/${W.decision.id}/items`, {
    kind: 'equipment', description: 'Су цистернасы', details: { serial: 'ЦВ-12' }, requisition_type: 'ownership',
    owner: { kind: 'person', name: 'Айгүл Сейітова', iin: makeIin(1982, 9, 14, 222, false) },
  }));
  assert.equal((await admin.post(`/api/v1/requisition/items/${W.tank.id}/taking`, {
    act_date: '2026-03-02', place: 'Қазандық', condition: 'жарамды', signed_by: { name: 'Айгүл Сейітова', as: 'owner', confirmed: true },
  })).status, 200);
  const tankValue = made(await admin.post(`/api/v1/requisition/items/${W.tank.id}/valuations`, {
    appraiser: 'Дана Омарова', licence: '0042', method: 'cost', value_date: '2026-03-02', market_value: 90_000_000,
  }));
  assert.equal((await approver.post(`/api/v1/requisition/valuations/${tankValue.id}/approve`)).status, 200);
  made(await admin.post(`/api/v1/requisition/items/${W.tank.id}/applications`, { method: 'cash' }));
  W.order = made(await admin.post(`/api/v1/requisition/items/${W.tank.id}/payment-orders`, { amount: 10_000_000, idempotency_key: 'i18n-order-0001' }));
  // Protection duties: the large company's self-assessment with a file, and an inspection with an
  // overdue finding and one closed.
  const duties = (await admin.get('/api/v1/obligations/duties')).body.items;
  const answers = duties.filter((d) => d.levels[1] !== null).map((d) => ({ duty: d.code, value: d.code === 'backup_power_hours' ? 6 : d.measure === 'percent' ? 150 : d.levels[1] }));
  W.assessment = made(await admin.post(`/api/v1/obligations/facilities/${W.facility.id}/assessments`, { assessed_on: '2026-01-10', workers: 90, answers }));
  made(await admin.post(`/api/v1/obligations/assessments/${W.assessment.id}/evidence?name=plan.pdf`, '%PDF-1.4\n%%EOF\n', { 'content-type': 'application/pdf' }));
  W.inspection = made(await admin.post(`/api/v1/obligations/facilities/${W.facility.id}/inspections`, {
    inspected_on: '2026-01-20', inspector: 'Ахметов Т.', workers: 90, checklist: answers,
    findings: [{ deficiency: 'Резервтік қуат 6 сағатқа ғана жетеді', severity: 'high', deadline: '2026-02-01', responsible: 'Бас энергетик' },
      { deficiency: 'Журнал жүргізілмейді', severity: 'low', deadline: '2026-02-15', responsible: 'Күзет бастығы' }],
  }));
  assert.equal((await admin.post(`/api/v1/obligations/findings/${W.inspection.findings[1].id}/status`, { status: 'closed', note: 'Журнал ашылды' })).status, 200);
  // A guard post with its pattern and a day's roster: the guard pages and their forms.
  W.guardPost = made(await admin.post('/api/v1/guard/posts', { facility_id: W.facility.id, name: 'Бас қақпа', min_guards: 1, active_from: '2026-01-01' }));
  made(await admin.post(`/api/v1/guard/posts/${W.guardPost.id}/patterns`, { shifts: '2x12@08:00', valid_from: '2026-01-01' }));
  W.roster = made(await admin.post('/api/v1/guard/rosters', { from: '2026-12-07', days: 1, region_id: W.region.id }));
  for (let i = 0; i < 200 && (await admin.get(`/api/v1/guard/rosters/${W.roster.id}`)).body.status !== 'done'; i++)
    await new Promise((ok) => setTimeout(ok, 50));
  const guarded = (await admin.get(`/api/v1/guard/rosters/${W.roster.id}/shifts`)).body.shifts.find((x) => x.guards.length > 0);
  assert.ok(guarded, 'someone stands at the post');
  W.guardShift = { shift: guarded.id, person: guarded.guards[0].person_id };
  const probe = await admin.get('/api/v1/evac/networks');
  W.evac = probe.status === 200;
  if (W.evac) {
    const net = await fetch(`${server.base}/api/v1/evac/networks?name=Қала&profile=car&format=xml`, {
      method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/octet-stream' }, body: osmTown(3),
    });
    W.network = await net.json();
    W.plan = made(await admin.post('/api/v1/evac/plans', {
      name: 'Оқу-жаттығу', region_id: W.region.id, network_id: W.network.id, planner: 'qorgan',
      evacuees: { csv: 'lat,lon,count\n43.2401,76.9001,80\n' },
      shelters: { csv: 'lat,lon,capacity,name\n43.2418,76.9024,1000,Зал\n' },
    }));
    for (let i = 0; i < 200; i++) {
      if ((await admin.get(`/api/v1/evac/plans/${W.plan.id}`)).body.status === 'done') break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }
});
after(async () => { await server.stop(); cleanup(server); });

// Every page of the console a signed-in admin can open.
function pages() {
  const list = ['/console', '/console/audit', '/console/account', '/console/people/import', '/console/facilities/import', '/console/alerts/subscribers'];
  for (const [key, id] of [['regions', W.region.id], ['organisations', W.org.id], ['units', W.unit.id], ['people', W.person.id], ['facilities', W.facility.id]])
    list.push(`/console/${key}`, `/console/${key}?q=zzz`, `/console/${key}/new`, `/console/${key}/${id}`, `/console/${key}/${id}/edit`, `/console/${key}/${id}/delete`);
  if (W.evac) list.push('/console/evac', `/console/evac/plans/${W.plan.id}`);
  list.push('/console/activation', '/console/activation/readiness', `/console/activation/readiness?region=${W.region.id}`,
    `/console/activation/activations/${W.activation.id}`, `/console/activation/activations/${W.activation.id}/report`,
    `/console/activation/activations/${W.finished.id}/report`);
  list.push('/console/requisition', `/console/requisition/decisions/${W.decision.id}`, `/console/requisition/items/${W.item.id}`);
  // The requisition forms.
  list.push('/console/requisition/decisions/new', ...['amend', 'revoke', 'items/new'].map((f) => `/console/requisition/decisions/${W.decision.id}/${f}`),
    ...['taking', 'custody', 'return', 'valuations/new', 'applications/new', 'payment-orders/new', 'disputes/new'].map((f) => `/console/requisition/items/${W.item.id}/${f}`),
    `/console/requisition/disputes/1/resolve?item=${W.item.id}`, `/console/requisition/items/${W.tank.id}`,
    `/console/requisition/payment-orders/${W.order.id}/cancel?item=${W.tank.id}`);
  list.push('/console/obligations', '/console/obligations/duties', '/console/obligations/duties/new', '/console/obligations/duties/backup_power_hours/edit', `/console/obligations/facilities/${W.facility.id}`, `/console/obligations/inspections/${W.inspection.id}`);
  list.push('/console/guard', '/console/guard/posts/new', `/console/guard/posts/${W.guardPost.id}/edit`,
    `/console/guard/posts/${W.guardPost.id}/patterns/new`, `/console/guard/rosters/${W.roster.id}`,
    `/console/guard/rosters/${W.roster.id}/swap?shift=${W.guardShift.shift}&person=${W.guardShift.person}`);
  list.push(`/muster/${W.facility.id}`);
  list.push('/console/alerts', `/console/alerts/${W.alert.id}`, `/console/alerts/${W.published.id}`, `/console/alerts/${W.published.id}/update`);
  return list;
}

const words = {
  kk: { lang: 'kk', says: ['Шолу', 'Шығу'] },
  ru: { lang: 'ru', says: ['Обзор', 'Выйти'] },
  en: { lang: 'en', says: ['Overview', 'Sign out'] },
};

for (const lang of ['kk', 'ru', 'en']) {
  test(`every console page in ${lang}: <html lang>, the language's own words, nothing left in another language`, async () => {
    const s = await consoleSession('admin', 'admin-password-for-tests', { 'accept-language': `${lang};q=0.9` });
    const wrong = [];
    for (const path of pages()) {
      const r = await s.get(path);
      if (r.status !== 200) { wrong.push(`${path}: status ${r.status}`); continue; }
      const htmlLang = r.text.match(/<html lang="([^"]+)"/)?.[1];
      if (htmlLang !== words[lang].lang) wrong.push(`${path}: <html lang="${htmlLang}">`);
      for (const w of words[lang].says) if (!r.text.includes(w)) wrong.push(`${path}: lacks "${w}"`);
      if (lang !== 'en') {
        const left = englishLeft(r.text);
        if (left.length) wrong.push(`${path}: English left: ${left.join(', ')}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
}

test('the sign-in page follows Accept-Language, and the switch before sign-in sets a cookie', async () => {
  for (const [header, lang, word] of [['kk-KZ,kk;q=0.9', 'kk', 'Кіру'], ['ru-RU,ru', 'ru', 'Вход'], ['en-GB,en;q=0.8', 'en', 'Sign in'], ['de-DE', 'ru', 'Вход']]) {
    const r = await fetch(`${server.base}/console/login`, { headers: { 'accept-language': header } });
    const html = await r.text();
    assert.equal(html.match(/<html lang="([^"]+)"/)[1], lang, header);
    assert.ok(html.includes(word), `${header}: ${word}`);
    assert.match(html, /<form class="lang-switch" method="get" action="\/console\/language"/);
  }
  const set = await fetch(`${server.base}/console/language?language=kk&next=/console/login`, { redirect: 'manual', headers: { 'accept-language': 'en' } });
  assert.equal(set.status, 303);
  const cookie = set.headers.getSetCookie().find((c) => c.startsWith('qorgan_lang=kk'));
  assert.ok(cookie);
  const page = await fetch(`${server.base}/console/login`, { headers: { 'accept-language': 'en', cookie: cookie.split(';')[0] } });
  assert.match(await page.text(), /<html lang="kk"/);
  const evil = await fetch(`${server.base}/console/language?language=kk&next=//evil.example`, { redirect: 'manual' });
  assert.equal(evil.headers.get('location'), '/console/login');
});

test("the account's language beats Accept-Language; the switch on every page and the API set it", async () => {
  await server.account(admin, 'til-user', 'hq_staff');
  const s = await consoleSession('til-user', 'til-user-password-long', { 'accept-language': 'en' });
  assert.match((await s.get('/console')).text, /<html lang="en"/);
  const switched = await s.post('/console/account/language', { _csrf: s.csrf, language: 'kk', next: '/console/units' });
  assert.equal(switched.status, 303);
  assert.equal(switched.headers.get('location'), '/console/units');
  const units = await s.get('/console/units');
  assert.match(units.text, /<html lang="kk"/);
  assert.ok(units.text.includes('Бөлімшелер'));
  assert.ok(units.text.includes('Штаб қызметкері'), 'the role as words in Kazakh');
  const me = await (await server.login('til-user', 'til-user-password-long')).get('/api/v1/me');
  assert.equal(me.body.language, 'kk');
  // An admin sets it back to none; the browser's language rules again.
  const id = (await admin.get('/api/v1/accounts')).body.items.find((a) => a.login === 'til-user').id;
  const cleared = await admin.put(`/api/v1/accounts/${id}/language`, { language: null });
  assert.equal(cleared.status, 200);
  assert.equal(cleared.body.language, null);
  let page;
  for (let i = 0; i < 40; i++) {  // a cached session carries the old preference for a moment at most
    page = await s.get('/console', { 'accept-language': 'ru' });
    if (/<html lang="ru"/.test(page.text)) break;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.match(page.text, /<html lang="ru"/);
  const bad = await admin.put(`/api/v1/accounts/${id}/language`, { language: 'de' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field), ['language']);
  const audit = await admin.get(`/api/v1/audit?entity_type=account&entity_id=${id}`);
  assert.ok(audit.body.items.some((e) => e.action === 'account.language'));
});

test("an account's English is not overruled by the browser's language in an API problem", async () => {
  await server.account(admin, 'eng-user', 'hq_staff');
  const id = (await admin.get('/api/v1/accounts')).body.items.find((a) => a.login === 'eng-user').id;
  assert.equal((await admin.put(`/api/v1/accounts/${id}/language`, { language: 'en' })).status, 200);
  const s = await server.login('eng-user', 'eng-user-password-long');
  const missing = await s.get('/api/v1/activation/activations/999999', { 'accept-language': 'ru' });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-language'), 'en');
  assert.equal(missing.body.detail, 'No activation has id 999999.');
  // Without an account the browser's language is the caller's.
  const nobody = await client(server.base).get('/api/v1/nothing-here', { 'accept-language': 'ru' });
  assert.equal(nobody.headers.get('content-language'), 'ru');
});

test('role names are words in every language, never codes', async () => {
  await server.account(admin, 'bas-redaktor', 'chief_editor');
  for (const [lang, word] of [['kk', 'Бас редактор'], ['ru', 'Главный редактор'], ['en', 'Chief editor']]) {
    const s = await consoleSession('bas-redaktor', 'bas-redaktor-password-long', { 'accept-language': lang });
    const page = await s.get('/console/account');
    assert.ok(page.text.includes(word), `${lang}: ${word}`);
    assert.ok(!page.text.includes('chief_editor'), lang);
    assert.ok(!/Chief_editor|chief editor/.test(page.text), lang);
  }
});

test('field errors keep their fields and read in the page language; a duplicate IIN marks the IIN field', async () => {
  const s = await consoleSession('admin', 'admin-password-for-tests', { 'accept-language': 'kk' });
  const base = { _csrf: s.csrf, family_name: 'Сейітов', given_name: 'Нұрлан', birth_date: '1991-02-03', region_id: String(W.region.id), status: 'reservist' };
  const bad = await s.post('/console/people/new', { ...base, iin: '12345' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<div class="field has-error">\s*<label for="f-iin">/);
  assert.match(bad.text, /id="f-iin-error"><span class="visually-hidden">Қате: <\/span>12 цифрдан тұруы керек/);
  const dup = await s.post('/console/people/new', { ...base, birth_date: '1990-05-14', iin: makeIin(1990, 5, 14, 123) });
  assert.equal(dup.status, 409);
  assert.match(dup.text, /<div class="field has-error">\s*<label for="f-iin">/);
  assert.match(dup.text, /id="f-iin"[^>]*aria-invalid="true"/);
  assert.ok(dup.text.includes('Бұл ЖСН бар адам тіркелген.'), 'the summary in Kazakh');
  // The API names the field too.
  const api = await admin.post('/api/v1/people', { family_name: 'Екі', given_name: 'Бір', birth_date: '1990-05-14', iin: makeIin(1990, 5, 14, 123), region_id: W.region.id, status: 'reservist' });
  assert.equal(api.status, 409);
  assert.deepEqual(api.body.errors.map((e) => e.field), ['iin']);
});

test('a name search matches across scripts: Abdrakhmanov finds Абдрахманов, Zhetysu finds Жетысу, for people, units, organisations, facilities and regions', async () => {
  const ids = async (path) => (await admin.get(path)).body.items.map((x) => x.id);
  assert.deepEqual(await ids('/api/v1/people?q=Abdrakhmanov'), [W.person.id]);
  assert.deepEqual(await ids('/api/v1/people?q=abdrahmanov%20erlan'), [W.person.id]);
  assert.deepEqual(await ids('/api/v1/people?q=Абдрахманов'), [W.person.id]);
  assert.deepEqual(await ids('/api/v1/people?q=Smith'), []);
  assert.deepEqual(await ids('/api/v1/units?q=Zhetysu'), [W.unit.id]);
  assert.deepEqual(await ids('/api/v1/organisations?q=zhetysu'), [W.org.id]);
  assert.deepEqual(await ids('/api/v1/facilities?q=Kazandyk'), [W.facility.id]);
  assert.deepEqual(await ids('/api/v1/facilities?q=Қазандық'), [W.facility.id]);
  // The region's English name says "Zhetysu"; "Zhetisu oblysy" is its Kazakh name in Latin letters.
  assert.deepEqual(await ids('/api/v1/regions?q=Zhetisu%20oblysy'), [W.region.id]);
  // A name changed later is found by its new spelling in the other script.
  assert.equal((await admin.patch(`/api/v1/units/${W.unit.id}`, { name: 'Жетісу батальоны' })).status, 200);
  assert.deepEqual(await ids('/api/v1/units?q=Zhetisu'), [W.unit.id]);
  const s = await consoleSession('admin', 'admin-password-for-tests', { 'accept-language': 'ru' });
  const page = await s.get('/console/people?q=Abdrakhmanov');
  assert.ok(page.text.includes('Абдрахманов Ерлан'));
});

test('the console shows times in the configured zone with its label, and durations in words', async () => {
  const s = await consoleSession('admin', 'admin-password-for-tests', { 'accept-language': 'en' });
  const person = await s.get(`/console/people/${W.person.id}`);
  assert.match(person.text, /<dt>Last changed<\/dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d UTC\+5<\/dd>/);
  assert.doesNotMatch(person.text, /\d\d:\d\d:\d\dZ/);
  const audit = await s.get('/console/audit');
  assert.match(audit.text, /UTC\+5/);
  if (W.evac) {
    const plan = await s.get(`/console/evac/plans/${W.plan.id}`);
    assert.match(plan.text, /H\+(\d+ h \d\d min|\d+ min|\d+ s)/);
    assert.doesNotMatch(plan.text, /H\+\d\d:\d\d/);
    const ru = await (await consoleSession('admin', 'admin-password-for-tests', { 'accept-language': 'ru' })).get(`/console/evac/plans/${W.plan.id}`);
    assert.match(ru.text, /Ч\+(\d+ ч \d\d мин|\d+ мин|\d+ с)/);
  }
});

test('the printable evacuation orders for residents come in their language', async (t) => {
  if (!W.evac) return t.skip('this build has no evacuation planning');
  const orders = async (query, headers = {}) => {
    const r = await admin.get(`/api/v1/evac/plans/${W.plan.id}/orders${query}`, headers);
    assert.equal(r.status, 200);
    return r.text;
  };
  const kk = await orders('?lang=kk');
  assert.match(kk, /<html lang="kk">/);
  assert.ok(kk.includes('Эвакуация туралы өкімдер'));
  assert.ok(kk.includes('Жетісу облысы'), 'the region in Kazakh');
  assert.match(kk, /Ч\+\d+ (с|мин)/);
  assert.doesNotMatch(kk, /Departure window|Evacuation order/);
  const ru = await orders('', { 'accept-language': 'ru-RU,ru;q=0.9' });
  assert.match(ru, /<html lang="ru">/);
  assert.ok(ru.includes('Распоряжение об эвакуации'));
  assert.match(ru, /\d{4}-\d\d-\d\d \d\d:\d\d UTC\+5/, 'issued in the configured zone');
  const en = await orders('?lang=en');
  assert.match(en, /<html lang="en">/);
  assert.match(en, /H\+\d+ (s|min)/);
  assert.doesNotMatch(en, /H\+\d\d:\d\d/);
  const s = await consoleSession('admin', 'admin-password-for-tests', { 'accept-language': 'kk' });
  assert.ok((await s.get(`/console/evac/plans/${W.plan.id}`)).text.includes(`/api/v1/evac/plans/${W.plan.id}/orders?lang=kk`));
});

// A refused act on the muster page reads in the page's language, with nothing English left;
// the activation API answers its problems in the caller's language too.
test('refused muster forms and activation API problems read in Kazakh and Russian', async () => {
  const muster = `/console/activation/activations/${W.activation.id}`;
  const kk = await consoleSession('admin', 'admin-password-for-tests', { 'accept-language': 'kk' });
  const form = (await kk.get(muster)).text;
  assert.match(form, /action="\/console\/activation\/activations\/\d+\/remind"/);
  const first = await kk.post(`${muster}/remind`, { _csrf: kk.csrf, unit_id: '' });
  assert.equal(first.status, 303, first.text.slice(0, 300));
  assert.match(first.headers.get('location'), /\?reminded=0$/);
  const again = await kk.post(`${muster}/remind`, { _csrf: kk.csrf, unit_id: '' });
  assert.equal(again.status, 409);
  const refusal = again.text.match(/<div class="alert" role="alert"[^>]*>([\s\S]*?)<\/div>/)?.[1] ?? '';
  assert.match(refusal, /Бұл адамдарға еске салу \d{4}-\d\d-\d\d \d\d:\d\d UTC\+5 жіберілді; келесісін .* жіберуге болады/);
  assert.match(refusal, /Ештеңе өзгертілген жоқ\./);
  assert.deepEqual(englishLeft(again.text), []);

  const [notice] = (await admin.get(`/api/v1/activation/activations/${W.activation.id}/notices`)).body.items;
  const ru = await consoleSession('admin', 'admin-password-for-tests', { 'accept-language': 'ru' });
  const late = await ru.post(`${muster}/notices/${notice.id}/answer`, { _csrf: ru.csrf, answer: 'decline', reason: '' });
  assert.equal(late.status, 409);
  assert.match(late.text, /Человек уже отметился о прибытии; ответ изменить нельзя\./);
  assert.deepEqual(englishLeft(late.text), []);
  const after = (await admin.get(`/api/v1/activation/activations/${W.activation.id}/notices`)).body.items[0];
  assert.deepEqual([after.status, after.reason], ['arrived', null], 'nothing changed');

  // The API: Accept-Language, else ?lang=, and the title, detail and field messages alike.
  const bad = await admin.post(`/api/v1/activation/activations/${W.activation.id}/check-ins`, { code: 'O0', facility_id: 'x' }, { 'accept-language': 'kk' });
  assert.equal(bad.status, 422);
  assert.equal(bad.headers.get('content-language'), 'kk');
  assert.equal(bad.body.title, 'Деректер қабылданбады');
  assert.equal(bad.body.detail, 'Келгенін тіркеу деректерінде қателер бар.');
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['code', 'facility_id']);
  for (const e of bad.body.errors) assert.deepEqual(latinWords(e.message), [], e.message);
  const missing = await admin.get('/api/v1/activation/activations/999999?lang=ru');
  assert.deepEqual([missing.status, missing.body.title, missing.body.detail], [404, 'Не найдено', 'Приведение в готовность № 999999 не найдено.']);
  const twice = await admin.post(`/api/v1/activation/activations/${W.activation.id}/remind`, {}, { 'accept-language': 'ru' });
  assert.equal(twice.status, 409);
  assert.match(twice.body.detail, /^Напоминание этим людям ушло в .* UTC\+5; следующее можно отправить в .* \(не чаще раза в 30 минут\)\.$/);
  const english = await admin.get('/api/v1/activation/activations/999999');
  assert.equal(english.body.detail, 'No activation has id 999999.', 'English without a language asked for');
});

// Every API route answers its problems through the auth guard, which speaks the caller's
// language: its own 401 and 403, a sign-in refused, and the services' refusals beyond activation.
test('every API problem, the guard\'s 401 and 403 too, reads in the caller\'s language', async () => {
  const nobody = client(server.base);
  const out = await nobody.get('/api/v1/people', { 'accept-language': 'ru-RU,ru;q=0.9' });
  assert.equal(out.status, 401);
  assert.equal(out.headers.get('content-language'), 'ru');
  assert.match(out.headers.get('www-authenticate'), /^Bearer/);
  assert.deepEqual([out.body.title, out.body.detail], ['Требуется вход', 'Сначала войдите в систему.']);
  const ended = await client(server.base, 'no-such-session-token').get('/api/v1/me?lang=kk');
  assert.deepEqual([ended.status, ended.body.detail], [401, 'Сеанс белгісіз немесе аяқталған; жүйеге кіріңіз.']);
  const wrong = await nobody.post('/api/v1/session', { login: 'admin', password: 'not-the-password' }, { 'accept-language': 'kk' });
  assert.deepEqual([wrong.status, wrong.body.detail], [401, 'Логин немесе құпиясөз қате.']);

  const auditor = await server.account(admin, 'auditor-i18n', 'auditor');
  const people = async () => (await admin.get(`/api/v1/people?region=${W.region.id}`)).body.items.length;
  const before = await people();
  const refused = await auditor.post('/api/v1/people', {}, { 'accept-language': 'kk' });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.title, 'Рұқсат жоқ');
  assert.equal(refused.body.detail, 'Сіздің рөліңізге (auditor) бұл әрекетке рұқсат жоқ.');
  assert.equal(await people(), before, 'nothing stored');
  // The account's own language, when it chose one, without any header.
  assert.equal((await auditor.put('/api/v1/me/language', { language: 'ru' })).status, 200);
  const own = await auditor.del(`/api/v1/people/${W.person.id}`);
  assert.deepEqual([own.status, own.headers.get('content-language'), own.body.detail], [403, 'ru', 'Вашей роли (auditor) это действие недоступно.']);
  // A registry refusal (not activation's): title and field messages in Kazakh, fields kept.
  const bad = await admin.post('/api/v1/people', { family_name: '', birth_date: 'tomorrow' }, { 'accept-language': 'kk' });
  assert.equal(bad.status, 422);
  assert.equal(bad.headers.get('content-language'), 'kk');
  assert.deepEqual(latinWords(bad.body.title), [], bad.body.title);
  assert.ok(bad.body.errors.some((e) => e.field === 'birth_date'));
  // Without a language asked for, the API stays English.
  assert.equal((await nobody.get('/api/v1/people')).body.detail, 'Sign in first.');
});

// The catalogue and the templates, read as files: every {{#t}} section has a Russian and a Kazakh
// translation, and no template shows English outside a {{#t}} section.
test('every template text is in the catalogue in three languages, and no template has English outside it', () => {
  const catalogue = readFileSync(join(root, 'console', 'i18n_messages.cpp'), 'utf8');
  const entries = new Map();
  const unq = (s) => JSON.parse(s);
  for (const m of catalogue.matchAll(/\{("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*")\}/g))
    entries.set(unq(m[1]), [unq(m[2]), unq(m[3])]);
  assert.ok(entries.size > 300, `catalogue entries: ${entries.size}`);
  const wrong = [];
  for (const [en, [ru, kk]] of entries) {
    if (!ru || !kk) wrong.push(`${en}: a translation is empty`);
    const vars = (s) => (s.match(/\{\{[^}]+\}\}|\{[^{}]*\}/g) || []).sort().join(' ');
    if (vars(ru) !== vars(en) && !/\{1\}/.test(ru)) wrong.push(`${en}: the Russian has other values`);
    if (vars(kk) !== vars(en) && !/\{1\}/.test(kk)) wrong.push(`${en}: the Kazakh has other values`);
    if (/[A-Za-z]{3,}/.test(ru.replace(/\{[^}]*\}|Qorgan|OpenStreetMap|CSV|JSON|GeoJSON|HTML|UTF|API|JavaScript|CCRP|SHA|SMS|CAP|JPEG|PNG|WebP|example\.kz/g, ''))) wrong.push(`${en}: Russian has Latin words: ${ru}`);
    if (/[A-Za-z]{3,}/.test(kk.replace(/\{[^}]*\}|Qorgan|OpenStreetMap|CSV|JSON|GeoJSON|HTML|UTF|API|JavaScript|CCRP|SHA|SMS|CAP|JPEG|PNG|WebP|example\.kz/g, ''))) wrong.push(`${en}: Kazakh has Latin words: ${kk}`);
  }
  const dir = join(root, 'web', 'templates');
  const files = ['layout.mustache', ...readdirSync(join(dir, 'console')).map((f) => `console/${f}`)];
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/\{\{#t\}\}([\s\S]*?)\{\{\/t\}\}/g))
      if (!entries.has(m[1])) wrong.push(`${f}: "${m[1]}" is not in the catalogue`);
    const rest = visibleText(text.replace(/\{\{#t\}\}[\s\S]*?\{\{\/t\}\}/g, ' ').replace(/\{\{[^}]*\}\}/g, ' '));
    const left = latinWords(rest);
    if (left.length) wrong.push(`${f}: English outside the catalogue: ${left.join(', ')}`);
  }
  assert.deepEqual(wrong, []);
});
