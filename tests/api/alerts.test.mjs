// Public alerts: an alert officer composes (from a template or from scratch, in kk/ru/en), a
// different officer approves, and only then is it public: CAP 1.2 at a stable address, signed,
// valid against the OASIS schema, in the Atom feeds and the portal's list of active alerts.
// Updates and cancels reference earlier alerts; exercises never reach the public; bad input is
// refused with a clear problem and nothing stored; every step is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { startServer, cleanup, client, root } from './harness.mjs';
import { parseXml } from './xml.mjs';

let server, admin, officer, second, outsider, auditor, anon;
const names = (n) => ({ kk: n, ru: n, en: n });
const xsd = join(root, 'tests', 'data', 'cap', 'CAP-v1.2.xsd');
const inHours = (h) => new Date(Date.now() + h * 3600e3).toISOString();

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

// Whether `xml` is valid CAP 1.2 (xmllint against the OASIS schema); the error text if not.
function schemaErrors(xml) {
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, '-'], { input: xml, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.status === 0 ? '' : r.stderr;
}
const validated = [];  // every CAP message the tests saw, each checked against the schema
function assertValidCap(xml, what) {
  assert.equal(schemaErrors(xml), '', `${what} is valid CAP 1.2`);
  validated.push(what);
}

before(async () => {
  server = await startServer({ env: { QORGAN_ALERTS_EXPIRY_SWEEP_SECONDS: '1' } });
  admin = await server.login();
  anon = client(server.base);
  // Centres as the registry holds them: a drawn area is placed among regions by them.
  const city = await made(await admin.post('/api/v1/regions', { code: '750000000', level: 'city', name: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' }, centroid: { lat: 43.238, lon: 76.945 } }));
  await made(await admin.post('/api/v1/regions', { code: '751710000', level: 'district', parent_id: city.id, name: { kk: 'Медеу ауданы', ru: 'Медеуский район', en: 'Medeu District' }, centroid: { lat: 43.245, lon: 76.975 } }));
  await made(await admin.post('/api/v1/regions', { code: '751910000', level: 'district', parent_id: city.id, name: names('Наурызбай'), centroid: { lat: 43.195, lon: 76.8 } }));
  await made(await admin.post('/api/v1/regions', { code: '710000000', level: 'city', name: names('Астана'), centroid: { lat: 51.1694, lon: 71.4491 } }));
  officer = await server.account(admin, 'al-aigerim', 'alert_officer', { region: '750000000' });
  second = await server.account(admin, 'al-bolat', 'alert_officer', { region: '750000000' });
  outsider = await server.account(admin, 'al-dana', 'alert_officer', { region: '710000000' });
  auditor = await server.account(admin, 'al-audit', 'auditor');
});
after(async () => { await server.stop(); cleanup(server); });

const flood = (extra = {}) => ({
  status: 'Actual', categories: ['Met'], urgency: 'Expected', severity: 'Severe', certainty: 'Likely',
  response_types: ['Prepare'], onset: inHours(0), expires: inHours(12),
  texts: {
    kk: { event: 'Су тасқыны', headline: 'Медеуде су тасқыны қаупі', instruction: 'Өзенге жақындамаңыз.' },
    ru: { event: 'Наводнение', headline: 'Угроза наводнения в Медеуском районе', description: 'Уровень воды в реке растёт.', instruction: 'Не приближайтесь к реке.' },
    en: { event: 'Flood', headline: 'Flood warning in Medeu District', instruction: 'Keep away from the river.' },
  },
  sender_name: 'Алматы қаласының ТЖД', contact: '112',
  area: { regions: ['751710000'], polygons: [[[43.20, 76.95], [43.20, 77.00], [43.16, 77.00], [43.16, 76.95], [43.20, 76.95]]], circles: [{ lat: 43.18, lon: 76.97, radius_km: 2.5 }] },
  evacuation_plan_url: '/ru/evacuation',
  ...extra,
});

test('an alert officer cannot approve their own alert; another officer publishes it as signed, valid CAP', async () => {
  const a = await made(await officer.post('/api/v1/alerts', flood()));
  assert.equal(a.state, 'draft');
  assert.match(a.identifier, /^qorgan-alert-\d+$/);
  assert.deepEqual(a.warnings, []);
  assert.deepEqual(a.area.regions.map((r) => r.code), ['751710000']);
  assert.equal((await anon.get(`/alerts/${a.identifier}.xml`)).status, 404, 'a draft is not public');

  const own = await officer.post(`/api/v1/alerts/${a.id}/approve`);
  assert.equal(own.status, 403);
  assert.match(own.body.detail, /two-person/);
  assert.equal((await officer.get(`/api/v1/alerts/${a.id}`)).body.state, 'draft');

  const preview = await second.get(`/api/v1/alerts/${a.id}/preview`);
  assert.equal(preview.status, 200);
  assertValidCap(preview.body.cap_xml, 'the draft preview');
  assert.equal(preview.body.languages.en.sms.encoding, 'GSM-7');
  assert.equal(preview.body.languages.ru.sms.encoding, 'UCS-2');
  assert.ok(preview.body.languages.ru.sms.segments >= 1);

  const ok = await second.post(`/api/v1/alerts/${a.id}/approve`);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.state, 'published');
  assert.equal(ok.body.approved_by, 'al-bolat');
  assert.equal(ok.body.cap_url, `/alerts/${a.identifier}.xml`);

  const cap = await anon.get(ok.body.cap_url);
  assert.equal(cap.status, 200);
  assert.match(cap.headers.get('content-type'), /application\/cap\+xml/);
  assertValidCap(cap.text, 'the published alert');
  assert.equal((cap.text.match(/<info>/g) || []).length, 3, 'one <info> per language');
  for (const lang of ['kk-KZ', 'ru-KZ', 'en-US']) assert.ok(cap.text.includes(`<language>${lang}</language>`));
  assert.ok(cap.text.includes('<valueName>KATO</valueName>'));
  assert.ok(cap.text.includes('<value>751710000</value>'));
  assert.ok(cap.text.includes('<polygon>43.2,76.95 43.2,77 43.16,77 43.16,76.95 43.2,76.95</polygon>'));
  assert.ok(cap.text.includes('<circle>43.18,76.97 2.5</circle>'));
  assert.ok(cap.text.includes('<areaDesc>Медеуский район; Район, отмеченный на карте</areaDesc>'));
  assert.equal((await anon.get(ok.body.cap_url)).text, cap.text, 'the document is stable');

  // The detached Ed25519 signature over the document's bytes, by the published key.
  const sig = await fetch(`${server.base}${ok.body.cap_url}.sig`);
  assert.equal(sig.status, 200);
  const signature = Buffer.from(await sig.arrayBuffer());
  assert.equal(signature.length, 64);
  const pem = await anon.get('/alerts/signing-key.pem');
  assert.equal(pem.status, 200);
  const key = createPublicKey(pem.text);
  assert.ok(verify(null, Buffer.from(cap.text), key, signature), 'the signature verifies');
  assert.ok(!verify(null, Buffer.from(cap.text.replace('Medeu', 'Medeo')), key, signature), 'a changed document does not');

  const active = await anon.get('/alerts/active.json');
  assert.ok(active.body.items.some((x) => x.identifier === a.identifier && x.texts.kk.headline === 'Медеуде су тасқыны қаупі'));
  const feed = await anon.get('/alerts/feed.atom');
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type'), /application\/atom\+xml/);
  const tree = parseXml(feed.text);
  assert.equal(tree.name, 'feed');
  assert.equal(tree.attrs.xmlns, 'http://www.w3.org/2005/Atom');
  assert.ok(feed.text.includes(`/alerts/${a.identifier}.xml`));
  assert.ok((await anon.get('/alerts/feed.atom?region=751710000')).text.includes(a.identifier), 'the district feed has it');
  assert.ok((await anon.get('/alerts/feed.atom?region=750000000')).text.includes(a.identifier), 'the city feed has it');
  assert.ok(!(await anon.get('/alerts/feed.atom?region=751910000')).text.includes(a.identifier), 'another district feed has not');
  assert.equal((await anon.get('/alerts/feed.atom?region=000')).status, 404);

  const log = (await admin.get(`/api/v1/audit?entity_type=alert&entity_id=${a.id}`)).body.items.map((e) => e.action).sort();
  assert.deepEqual(log, ['alert.approve', 'alert.compose']);
});

test('a template prefills the three languages; a missing language is a warning, not an error', async () => {
  const list = await officer.get('/api/v1/alerts/templates');
  assert.deepEqual(list.body.items.map((t) => t.key), ['air_raid', 'all_clear', 'flood', 'evacuation_order', 'shelter_in_place']);
  for (const t of list.body.items) assert.deepEqual(Object.keys(t.texts).sort(), ['en', 'kk', 'ru']);
  for (const t of list.body.items) {
    const a = await made(await officer.post('/api/v1/alerts', { template: t.key, status: 'Actual', area: { regions: ['751910000'] } }));
    assert.equal(a.template, t.key);
    assert.deepEqual(Object.keys(a.texts).sort(), ['en', 'kk', 'ru']);
    assertValidCap((await second.get(`/api/v1/alerts/${a.id}/preview`)).body.cap_xml, `the ${t.key} template`);
    assert.equal((await officer.post(`/api/v1/alerts/${a.id}/cancel`)).body.state, 'discarded');
  }
  const only = await made(await officer.post('/api/v1/alerts', flood({ texts: { ru: { event: 'Наводнение', headline: 'Угроза наводнения' } } })));
  assert.deepEqual(only.warnings.map((w) => w.field), ['texts.kk', 'texts.en']);
});

test('bad alerts are refused with a clear problem and nothing is stored', async () => {
  const count = async () => (await admin.get('/api/v1/alerts?limit=200')).body.items.length;
  const before = await count();
  const cases = [
    ['no area', flood({ area: {} }), 'area'],
    ['expiry before onset', flood({ onset: inHours(5), expires: inHours(2) }), 'expires'],
    ['expiry in the past', flood({ onset: null, expires: inHours(-1) }), 'expires'],
    ['an open polygon', flood({ area: { polygons: [[[43.2, 76.9], [43.2, 77.0], [43.1, 77.0], [43.1, 76.9]]] } }), 'area.polygons[0]'],
    ['a self-crossing polygon', flood({ area: { polygons: [[[43.2, 76.9], [43.1, 77.0], [43.2, 77.0], [43.1, 76.9], [43.2, 76.9]]] } }), 'area.polygons[0]'],
    ['a latitude out of range', flood({ area: { circles: [{ lat: 95, lon: 76.9, radius_km: 1 }] } }), 'area.circles[0]'],
    ['control characters', flood({ texts: { en: { event: 'Flood', headline: 'Flood\u0007 warning' } } }), 'texts.en.headline'],
    ['no language', flood({ texts: {} }), 'texts'],
    ['an unknown region', flood({ area: { regions: ['999999999'] } }), 'area.regions[0]'],
    ['an unknown reference', flood({ msg_type: 'Update', references: [999999] }), 'references[0]'],
    ['an update without reference', flood({ msg_type: 'Update' }), 'references'],
    ['a wrong code', flood({ urgency: 'Soon' }), 'urgency'],
    ['an unknown field', flood({ colour: 'red' }), 'colour'],
  ];
  for (const [what, body, field] of cases) {
    const r = await officer.post('/api/v1/alerts', body);
    assert.equal(r.status, 422, `${what}: ${JSON.stringify(r.body)}`);
    assert.match(r.headers.get('content-type'), /application\/problem\+json/);
    assert.ok(r.body.errors.some((e) => e.field === field), `${what}: names ${field}: ${JSON.stringify(r.body.errors)}`);
  }
  const outside = await outsider.post('/api/v1/alerts', flood());
  assert.equal(outside.status, 403, 'a region outside the officer\'s');
  assert.match(outside.body.detail, /outside your region/);
  assert.equal(await count(), before);
});

test('an update references the alert it replaces; publishing it ends the earlier one', async () => {
  const a = await made(await officer.post('/api/v1/alerts', flood()));
  await second.post(`/api/v1/alerts/${a.id}/approve`);
  const u = await made(await second.post('/api/v1/alerts', flood({ msg_type: 'Update', references: [a.id], severity: 'Extreme' })));
  const ok = await officer.post(`/api/v1/alerts/${u.id}/approve`);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const old = (await admin.get(`/api/v1/alerts/${a.id}`)).body;
  assert.equal(old.state, 'superseded');
  assert.equal(old.replaced_by, u.id);
  const cap = (await anon.get(`/alerts/${u.identifier}.xml`)).text;
  assertValidCap(cap, 'an update');
  assert.match(cap, new RegExp(`<references>alerts@qorgan.local,${a.identifier},\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00</references>`));
  assert.match(cap, /<msgType>Update<\/msgType>/);
  const active = (await anon.get('/alerts/active.json')).body.items.map((x) => x.identifier);
  assert.ok(active.includes(u.identifier) && !active.includes(a.identifier));
  // The earlier alert is gone: a second update of it names a reference that cannot change.
  const again = await officer.post('/api/v1/alerts', flood({ msg_type: 'Update', references: [a.id] }));
  assert.equal(again.status, 422);
  assert.match(again.body.errors[0].message, /replaced by an update/);
});

test('a published alert is cancelled in one confirmed step by its composer or approver, not by others', async () => {
  const a = await made(await officer.post('/api/v1/alerts', flood()));
  await second.post(`/api/v1/alerts/${a.id}/approve`);
  const third = await server.account(admin, 'al-yerlan', 'alert_officer', { region: '750000000' });
  const stranger = await third.post(`/api/v1/alerts/${a.id}/cancel`, { confirm: true });
  assert.equal(stranger.status, 403);
  const unconfirmed = await officer.post(`/api/v1/alerts/${a.id}/cancel`, {});
  assert.equal(unconfirmed.status, 422);
  assert.equal(unconfirmed.body.errors[0].field, 'confirm');
  assert.equal((await admin.get(`/api/v1/alerts/${a.id}`)).body.state, 'published');

  const c = await second.post(`/api/v1/alerts/${a.id}/cancel`, { confirm: true });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.msg_type, 'Cancel');
  assert.equal(c.body.state, 'published');
  assert.deepEqual(c.body.references, [a.id]);
  assert.equal((await admin.get(`/api/v1/alerts/${a.id}`)).body.state, 'cancelled');
  const cap = (await anon.get(`/alerts/${c.body.identifier}.xml`)).text;
  assertValidCap(cap, 'a cancel');
  assert.match(cap, /<msgType>Cancel<\/msgType>/);
  assert.match(cap, new RegExp(`<references>alerts@qorgan.local,${a.identifier},\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00</references>`), 'the cancel names the alert it cancels');
  assert.match(cap, /<headline>Отменено: Угроза наводнения/);
  assert.ok(!(await anon.get('/alerts/active.json')).body.items.some((x) => x.identifier === a.identifier));
  assert.ok((await anon.get('/alerts/feed.atom')).text.includes(c.body.identifier), 'the feed carries the cancel');
  assert.equal((await officer.post(`/api/v1/alerts/${a.id}/cancel`, { confirm: true })).status, 409, 'twice is a conflict');
  const log = (await admin.get(`/api/v1/audit?entity_type=alert&entity_id=${a.id}`)).body.items.map((e) => e.action).sort();
  assert.deepEqual(log, ['alert.approve', 'alert.cancel', 'alert.compose']);
});

test('an exercise is marked as one and stays off the public channels', async () => {
  const a = await made(await officer.post('/api/v1/alerts', { template: 'air_raid', status: 'Exercise', area: { regions: ['751710000'] } }));
  const preview = (await second.get(`/api/v1/alerts/${a.id}/preview`)).body;
  assertValidCap(preview.cap_xml, 'an exercise');
  assert.match(preview.cap_xml, /<status>Exercise<\/status>/);
  assert.match(preview.languages.ru.banner, /^\[УЧЕНИЯ\] /);
  assert.match(preview.languages.kk.sms.text, /^\[ЖАТТЫҒУ\] /);
  assert.equal((await second.post(`/api/v1/alerts/${a.id}/approve`)).status, 200);
  assert.equal((await anon.get(`/alerts/${a.identifier}.xml`)).status, 404);
  assert.ok(!(await anon.get('/alerts/feed.atom')).text.includes(a.identifier));
  assert.ok(!(await anon.get('/alerts/active.json')).body.items.some((x) => x.identifier === a.identifier));
  assert.equal((await admin.get(`/api/v1/alerts/${a.id}`)).body.state, 'published');
});

test('a draft changes until it is approved, and whoever changed it may not approve it', async () => {
  const a = await made(await officer.post('/api/v1/alerts', flood()));
  const changed = await second.patch(`/api/v1/alerts/${a.id}`, { severity: 'Extreme' });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal((await second.post(`/api/v1/alerts/${a.id}/approve`)).status, 403);
  assert.equal((await officer.post(`/api/v1/alerts/${a.id}/approve`)).status, 403);
  assert.equal((await admin.post(`/api/v1/alerts/${a.id}/approve`)).status, 200);
  assert.equal((await officer.patch(`/api/v1/alerts/${a.id}`, { severity: 'Minor' })).status, 409);
  assert.equal((await outsider.get(`/api/v1/alerts/${a.id}`)).status, 404, 'another region\'s officer does not see it');
  assert.equal((await auditor.get(`/api/v1/alerts/${a.id}`)).status, 200);
  assert.equal((await auditor.post('/api/v1/alerts', flood())).status, 403);
});

test('an alert stops being active at its expiry, and the sweep records it', async () => {
  const a = await made(await officer.post('/api/v1/alerts', flood({ onset: null, expires: new Date(Date.now() + 3000).toISOString() })));
  assert.equal((await second.post(`/api/v1/alerts/${a.id}/approve`)).status, 200);
  let state;
  for (let i = 0; i < 100 && state !== 'expired'; i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    state = (await admin.get(`/api/v1/alerts/${a.id}`)).body.state;
  }
  assert.equal(state, 'expired');
  assert.ok(!(await anon.get('/alerts/active.json')).body.items.some((x) => x.identifier === a.identifier));
  const log = (await admin.get(`/api/v1/audit?entity_type=alert&entity_id=${a.id}`)).body.items.map((e) => e.action);
  assert.ok(log.includes('alert.expire'));
});

test('the portal shows an approved alert as a banner on its cached pages in the reader\'s language, with a page of its own, until it is cancelled', async () => {
  const page = async (path) => (await fetch(server.base + path)).text();
  for (const path of ['/kk', '/ru', '/en', '/ru', '/en/search']) await page(path);  // cached now
  const a = await made(await officer.post('/api/v1/alerts', { template: 'evacuation_order', status: 'Actual', area: { regions: ['751710000'] }, evacuation_plan_url: '/ru/evacuation' }));
  assert.ok(!(await page('/ru')).includes('Приказ об эвакуации'), 'not before approval');
  assert.equal((await second.post(`/api/v1/alerts/${a.id}/approve`)).status, 200);
  const heads = { kk: 'Эвакуация туралы бұйрық', ru: 'Приказ об эвакуации', en: 'Evacuation order' };
  for (const [lang, head] of Object.entries(heads)) {
    const html = await page(`/${lang}`);
    assert.ok(html.includes(head), `the ${lang} home page shows the banner`);
    assert.ok(html.includes(`href="/${lang}/alerts/${a.identifier}"`), `the ${lang} banner links the alert page`);
  }
  assert.ok((await page('/en/search')).includes(heads.en), 'every page has it');
  const alertPage = await fetch(`${server.base}/kk/alerts/${a.identifier}`);
  assert.equal(alertPage.status, 200);
  const html = await alertPage.text();
  assert.ok(html.includes(heads.kk) && html.includes('Не істеу керек') && html.includes('Медеу ауданы'));
  assert.ok(html.includes('href="/ru/evacuation"') && html.includes(`href="/alerts/${a.identifier}.xml"`));
  assert.equal((await officer.post(`/api/v1/alerts/${a.id}/cancel`, { confirm: true })).status, 200);
  for (const [lang, head] of Object.entries(heads)) assert.ok(!(await page(`/${lang}`)).includes(head), `the ${lang} banner is gone`);
  assert.ok((await page(`/en/alerts/${a.identifier}`)).includes('no longer in force'));
  assert.equal((await fetch(`${server.base}/en/alerts/qorgan-alert-999999`)).status, 404);
});

test('with a test channel configured, exercises are public too, and marked', async () => {
  const other = await startServer({ env: { QORGAN_ALERTS_TEST_CHANNEL: '1' } });
  try {
    const oadmin = await other.login();
    assert.equal((await oadmin.post('/api/v1/regions', { code: '750000000', level: 'city', name: names('Алматы') })).status, 201);
    const oofficer = await other.account(oadmin, 'tc-officer', 'alert_officer', { region: '750000000' });
    const a = (await oadmin.post('/api/v1/alerts', { template: 'shelter_in_place', status: 'Exercise', area: { regions: ['750000000'] } })).body;
    assert.equal((await oofficer.post(`/api/v1/alerts/${a.id}/approve`)).status, 200);
    const cap = await client(other.base).get(`/alerts/${a.identifier}.xml`);
    assert.equal(cap.status, 200);
    assertValidCap(cap.text, 'an exercise on a test channel');
    assert.match(cap.text, /<headline>\[УЧЕНИЯ\] /);
    assert.ok((await (await fetch(`${other.base}/ru`)).text()).includes('УЧЕНИЯ'), 'the banner is marked');
  } finally {
    await other.stop();
    cleanup(other);
  }
});

test('every CAP message seen was checked against the OASIS schema', () => {
  for (const kind of ['the published alert', 'an update', 'a cancel', 'an exercise', 'the air_raid template', 'the all_clear template', 'the flood template', 'the evacuation_order template', 'the shelter_in_place template'])
    assert.ok(validated.includes(kind), kind);
});
