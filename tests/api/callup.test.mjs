// Call-up notices that reach people: the notice's message in the person's language with the
// answer link; the printable batch of a unit's notices that go by hand; the public answer page
// and its JSON twin (the code is the credential, wrong codes rate-limited per address); a
// volunteer's own notices; reminders to whoever has not answered, at most one per 30 minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, client, makeIin } from './harness.mjs';

let server, admin, hq, auditor, commander, other, anon;
const W = {};
const names = (n) => ({ kk: n, ru: n, en: n });

async function made(res) {
  assert.ok(res.status === 201, JSON.stringify(res.body));
  return res.body;
}

// People of the unit: how their notice reaches them and the language they read.
const PEOPLE = [
  { family: 'Сейтқали', given: 'Айбек', phone: '+77011230001', language: 'ru' },
  { family: 'Омарова', given: 'Дана', email: 'dana.omarova@example.kz', language: 'en' },
  { family: 'Жақсылықов', given: 'Ерлан' },                       // print, Kazakh by default
  { family: 'Нұрланова', given: 'Әсем', language: 'ru' },          // print, Russian
];

before(async () => {
  server = await startServer({ args: ['--base-url', 'https://qorgan.example.kz'] });
  admin = await server.login();
  anon = client(server.base);
  const city = await made(await admin.post('/api/v1/regions', { code: 'CU-CITY', level: 'city', name: names('Қала') }));
  let k = 0;
  for (const s of ['A', 'B']) {
    const region = await made(await admin.post('/api/v1/regions', { code: `CU-${s}`, level: 'district', parent_id: city.id, name: names(`Аудан ${s}`) }));
    const unit = await made(await admin.post('/api/v1/units', { name: `Медеу ротасы ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    const point = await made(await admin.post('/api/v1/facilities', {
      name: `№ 12 мектеп ${s}`, kind: 'education', region_id: region.id, address: `Абай даңғылы, ${10 + k}`,
      location: { lat: 43.24, lon: 76.91 }, criticality: 2,
    }));
    const people = [];
    for (const p of PEOPLE) {
      const person = await made(await admin.post('/api/v1/people', {
        family_name: `${p.family}${s}`, given_name: p.given, birth_date: '1991-03-04',
        iin: makeIin(1991, 3, 4, 500 + ++k), region_id: region.id, status: 'reservist',
        ...(p.phone ? { phone: p.phone } : {}), ...(p.email ? { email: p.email } : {}),
        ...(p.language ? { language: p.language } : {}),
      }));
      assert.equal(person.language, p.language ?? null);
      await made(await admin.post(`/api/v1/people/${person.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
      people.push(person);
    }
    const plan = await made(await admin.post('/api/v1/activation/plans', {
      name: `Жиын ${s}`, region_id: region.id, deadline_minutes: 240,
      messages: { kk: 'Жиын пунктіне келіңіз.', ru: 'Явитесь на пункт сбора.', en: 'Report to the assembly point.' },
      units: [{ unit_id: unit.id, target: 4, assembly_facility_id: point.id }],
    }));
    W[s] = { region, unit, point, people, plan };
  }
  hq = await server.account(admin, 'cu-hq', 'hq_staff', { region: 'CU-A' });
  other = await server.account(admin, 'cu-hq-b', 'hq_staff', { region: 'CU-B' });
  auditor = await server.account(admin, 'cu-auditor', 'auditor');
  commander = await server.account(admin, 'cu-commander', 'commander', { unit_id: W.A.unit.id });
});
after(async () => { await server.stop(); cleanup(server); });

async function activate(s, kind) {
  const a = await made(await admin.post(`/api/v1/activation/plans/${W[s].plan.id}/activations`, { kind }));
  const approver = kind === 'real' ? (s === 'A' ? hq : other) : admin;
  const r = await approver.post(`/api/v1/activation/activations/${a.id}/approve`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items;
  const byPerson = Object.fromEntries(notices.map((n) => [n.person_id, n]));
  return { ...r.body, notices, of: (i) => byPerson[W[s].people[i].id] };
}

const messages = async (prefix) => (await admin.get(`/api/v1/notify/messages?reference_prefix=${prefix}&limit=500`)).body.items;
const audit = async (action) => (await admin.get('/api/v1/audit?entity_type=activation_notice&limit=500')).body.items.filter((e) => e.action === action);

test('each notice goes in the person\'s language with the deadline, the code and the answer link', async () => {
  const a = await activate('A', 'exercise');
  const queued = await messages(`activation:${a.id}:notice:`);
  assert.equal(queued.length, 4);
  const of = (i) => queued.find((m) => m.reference === `activation:${a.id}:notice:${a.of(i).id}`);
  const sms = of(0);
  assert.equal(sms.channel, 'sms');
  assert.match(sms.text, /^Явитесь на пункт сбора\.\nЯвиться до: \d{4}-\d\d-\d\d \d\d:\d\d UTC\+5\nКод: /);
  assert.ok(sms.text.includes(`Ответ: https://qorgan.example.kz/ru/callup/${a.of(0).code}`), sms.text);
  assert.equal(a.of(0).language, 'ru');
  const mail = of(1);
  assert.equal(mail.channel, 'email');
  assert.equal(mail.subject, 'Call-up notice');
  assert.ok(mail.text.startsWith('Report to the assembly point.\nReport by: '), mail.text);
  assert.ok(mail.text.includes(`Answer: https://qorgan.example.kz/en/callup/${a.of(1).code}`));
  const paper = of(2);
  assert.equal(paper.channel, 'print');
  assert.ok(paper.text.startsWith('Жиын пунктіне келіңіз.\nКелу мерзімі: '), 'Kazakh when the registry has no language');
  assert.ok(paper.text.includes(`/kk/callup/${a.of(2).code}`));
  assert.equal(of(3).channel, 'print');
  assert.ok(of(3).text.includes(`/ru/callup/${a.of(3).code}`));
  // The deadline in the text is the activation's, in Almaty time.
  const deadline = new Date(Date.parse(a.deadline_at) + 5 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
  assert.ok(sms.text.includes(`${deadline} UTC+5`), `${deadline} in ${sms.text}`);
  W.exercise = a;
});

test('the print batch: the unit\'s notices that go by hand, one per half page, in the reader\'s language', async () => {
  const a = W.exercise;
  const url = (q) => `/api/v1/activation/activations/${a.id}/print?unit=${W.A.unit.id}${q}`;
  let r = await hq.get(url('&lang=ru'));
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.headers.get('content-security-policy'), /default-src 'none'/);
  const html = r.text;
  assert.match(html, /<html lang="ru">/);
  assert.match(html, /@page \{ size: A4/);
  assert.match(html, /height: 148\.5mm/, 'one notice per half page');
  const articles = html.split('<article class="notice"').slice(1);
  assert.equal(articles.length, 2, 'the two people without phone or e-mail');
  const expected = [2, 3].map((i) => a.of(i));
  for (const n of expected) {
    const art = articles.find((x) => x.includes(`data-notice-id="${n.id}"`));
    assert.ok(art, `notice ${n.id} printed`);
    assert.ok(art.includes(`<dd class="name">${n.person_name}</dd>`));
    assert.ok(art.includes(`<dd class="unit">${W.A.unit.name}</dd>`));
    assert.ok(art.includes(`<dd class="point">${W.A.point.name}</dd>`));
    assert.ok(art.includes(`<dd class="address">${W.A.point.address}</dd>`));
    assert.match(art, /<dd class="deadline">\d{4}-\d\d-\d\d \d\d:\d\d UTC\+5<\/dd>/);
    assert.ok(art.includes(`<p class="code">${n.code}</p>`));
    assert.ok(art.includes('<p class="mark">УЧЕНИЯ</p>'), 'the EXERCISE mark in Russian');
    assert.ok(art.includes('Явитесь на пункт сбора.'));
    assert.ok(art.includes(`https://qorgan.example.kz/ru/callup/${n.code}`));
    assert.match(art, /<svg [^>]*class="qr"[^>]*aria-label="QR-код повестки"/);
    assert.match(art, /<dt>Пункт сбора<\/dt>/);
  }
  // Every notice of the unit when asked; Kazakh and English words.
  r = await hq.get(url('&all=true&lang=kk'));
  assert.equal(r.text.split('<article class="notice"').length - 1, 4);
  assert.ok(r.text.includes('<p class="mark">ЖАТТЫҒУ</p>') && r.text.includes('<dt>Жиын пункті</dt>'));
  r = await auditor.get(url('&all=true&lang=en'));
  assert.equal(r.status, 200, 'auditors read activations, so they print');
  assert.ok(r.text.includes('<p class="mark">EXERCISE</p>') && r.text.includes('<dt>Assembly point</dt>'));
  // Without ?lang, the account's language, then the browser's.
  await hq.put('/api/v1/me/language', { language: 'kk' });
  assert.match((await hq.get(url(''))).text, /<html lang="kk">/);
  await hq.put('/api/v1/me/language', { language: null });
  assert.match((await hq.get(url(''), { 'accept-language': 'en-GB,en;q=0.9' })).text, /<html lang="en">/);
  // Bad input, other scopes and roles.
  r = await hq.get(`/api/v1/activation/activations/${a.id}/print`);
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['unit']);
  r = await hq.get(url('&lang=de'));
  assert.deepEqual(r.body.errors.map((e) => e.field), ['lang']);
  r = await admin.get(`/api/v1/activation/activations/${a.id}/print?unit=${W.B.unit.id}`);
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'unit');
  assert.equal((await other.get(url(''))).status, 404, 'hq of another region');
  assert.equal((await commander.get(url(''))).status, 403);
});

test('the console\'s outbox, filtered to an activation, leads to its printed notices', async () => {
  const a = W.exercise;
  const res = await fetch(`${server.base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: 'admin-password-for-tests' }),
  });
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const page = await fetch(`${server.base}/console/notify?reference=activation:${a.id}:&lang=ru`, { headers: { cookie } });
  assert.equal(page.status, 200);
  const html = await page.text();
  const form = html.match(/<form class="filters card" method="get" action="([^"]+)" aria-labelledby="outbox-print">([\s\S]*?)<\/form>/);
  assert.ok(form, 'the print form is there');
  assert.equal(form[1], `/api/v1/activation/activations/${a.id}/print`);
  assert.ok(form[2].includes('Повестки для вручения на руки') && form[2].includes('Напечатать'));
  // What the browser sends when the officer types the unit's id and presses the button.
  const printed = await fetch(`${server.base}${form[1]}?lang=ru&unit=${W.A.unit.id}`, { headers: { cookie } });
  assert.equal(printed.status, 200);
  assert.equal((await printed.text()).split('<article class="notice"').length - 1, 2);
  const plain = await fetch(`${server.base}/console/notify?lang=ru`, { headers: { cookie } });
  assert.ok(!(await plain.text()).includes('outbox-print'), 'only for an activation\'s messages');
});

test('a real activation prints without the EXERCISE mark', async () => {
  const a = await activate('B', 'real');
  const r = await admin.get(`/api/v1/activation/activations/${a.id}/print?unit=${W.B.unit.id}&lang=en`);
  assert.equal(r.status, 200);
  assert.equal(r.text.split('<article class="notice"').length - 1, 2);
  assert.ok(!r.text.includes('class="mark"'));
  W.real = a;
});

test('the answer page: initials only, confirm and decline with a reason by form POST, in three languages', async () => {
  const a = W.exercise;
  const n = a.of(0);
  let r = await anon.get(`/ru/callup/${n.code}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
  assert.match(r.text, /<html lang="ru">/);
  assert.ok(r.text.includes('<dd class="name">С. А.</dd>'), 'initials');
  assert.ok(!r.text.includes('Сейтқали'), 'never the full name');
  assert.ok(r.text.includes(`<dd class="unit">${W.A.unit.name}</dd>`));
  assert.ok(r.text.includes(`<dd class="point">${W.A.point.name}</dd>`));
  assert.ok(r.text.includes(`<dd class="address">${W.A.point.address}</dd>`));
  assert.match(r.text, /<dd class="deadline">\d{4}-\d\d-\d\d \d\d:\d\d UTC\+5<\/dd>/);
  assert.ok(r.text.includes('<p class="mark">УЧЕНИЯ</p>'));
  assert.ok(r.text.includes('<dd class="status">вызван</dd>'));
  assert.ok(!/<script/i.test(r.text), 'no script');
  // The code as a person types it; the page's form posts to itself.
  const typed = n.code.toLowerCase().replace('-', '');
  const redirect = await fetch(`${server.base}/kk/callup?code=${typed}`, { redirect: 'manual' });
  assert.equal(redirect.status, 303);
  assert.equal(redirect.headers.get('location'), `/kk/callup/${n.code}`);
  assert.ok((await anon.get('/kk/callup?code=12')).text.includes('Код — 8 әріп пен цифр, мысалы ABCD-EFGH.'));
  const form = (body) => ({ body: new URLSearchParams(body).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const post = (lang, code, body) => fetch(`${server.base}/${lang}/callup/${code}`, { method: 'POST', redirect: 'manual', ...form(body) });
  let p = await post('ru', n.code, { answer: 'confirm' });
  assert.equal(p.status, 303);
  assert.equal(p.headers.get('location'), `/ru/callup/${n.code}?answered=1`);
  r = await anon.get(`/ru/callup/${n.code}?answered=1`);
  assert.ok(r.text.includes('Ваш ответ записан.'));
  assert.ok(r.text.includes('<dd class="status">явка подтверждена</dd>'));
  // Declining needs a reason; nothing changes without one.
  p = await post('kk', typed, { answer: 'decline' });
  assert.equal(p.status, 422);
  const page = await p.text();
  assert.ok(page.includes('Себебін таңдаңыз.'), 'the error in Kazakh');
  assert.equal((await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items.find((x) => x.id === n.id).status, 'confirmed');
  p = await post('en', n.code, { answer: 'decline', reason: 'abroad' });
  assert.equal(p.status, 303);
  r = await anon.get(`/en/callup/${n.code}`);
  assert.ok(r.text.includes('<dd class="status">declined (abroad)</dd>'));
  const stored = (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items.find((x) => x.id === n.id);
  assert.equal(stored.status, 'declined');
  assert.equal(stored.reason, 'abroad');
  // Every answer is audited, naming the link (never the code).
  const entries = (await audit('activation_notice.answer')).filter((e) => e.entity_id === String(n.id));
  assert.equal(entries.length, 2);
  for (const e of entries) {
    assert.equal(e.after.via, 'link');
    assert.ok(!JSON.stringify(e).includes(n.code.replace('-', '')), 'the code is not in the audit log');
  }
});

test('the JSON answer by code, until check-in', async () => {
  const a = W.exercise;
  const n = a.of(1);
  let r = await anon.post('/api/v1/activation/answer', { code: n.code, answer: 'confirm' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'confirmed');
  assert.equal(r.body.initials, 'О. Д.');
  assert.equal(r.body.activation.kind, 'exercise');
  assert.equal(r.body.assembly_point.address, W.A.point.address);
  assert.equal(r.body.person_name, undefined);
  assert.equal(r.body.token, undefined);
  r = await anon.post('/api/v1/activation/answer', { code: n.code, answer: 'decline', reason: 'sunny' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['reason']);
  r = await anon.post('/api/v1/activation/answer', { answer: 'confirm' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['code']);
  r = await anon.post('/api/v1/activation/answer', { code: 'AB', answer: 'confirm' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['code']);
  // After check-in the answer no longer changes.
  r = await admin.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: n.code, facility_id: W.A.point.id });
  assert.equal(r.status, 201);
  r = await anon.post('/api/v1/activation/answer', { code: n.code, answer: 'decline', reason: 'ill' });
  assert.equal(r.status, 409);
  r = await anon.get(`/ru/callup/${n.code}`);
  assert.ok(r.text.includes('<dd class="status">прибыл</dd>'));
  assert.ok(!r.text.includes('<form method="post"'), 'no answer form after check-in');
});

test('a volunteer sees and answers only their own notices', async () => {
  const me = W.A.people[3];
  const vol = await server.account(admin, 'cu-volunteer', 'volunteer', { person_id: me.id });
  const r = await vol.get('/api/v1/activation/my-notices');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((x) => x.id), [W.exercise.of(3).id]);
  const mine = r.body.items[0];
  assert.equal(mine.code, W.exercise.of(3).code);
  assert.equal(mine.token, W.exercise.of(3).token);
  assert.equal(mine.initials, 'Н. Ә.');
  assert.equal(mine.status, 'called');
  let a = await vol.post(`/api/v1/activation/my-notices/${mine.id}/answer`, { answer: 'decline', reason: 'ill' });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(a.body.status, 'declined');
  a = await vol.post(`/api/v1/activation/my-notices/${mine.id}/answer`, { answer: 'confirm' });
  assert.equal(a.body.status, 'confirmed', 'changed until check-in');
  const entry = (await audit('activation_notice.answer')).find((e) => e.entity_id === String(mine.id));
  assert.equal(entry.after.via, 'account');
  assert.equal(entry.actor_login, 'cu-volunteer');
  // Someone else's notice is not there for them.
  const others = W.exercise.of(2);
  a = await vol.post(`/api/v1/activation/my-notices/${others.id}/answer`, { answer: 'confirm' });
  assert.equal(a.status, 404);
  assert.equal((await vol.get(`/api/v1/activation/activations/${W.exercise.id}/notices`)).status, 403);
  assert.equal((await vol.get(`/api/v1/activation/activations/${W.exercise.id}/print?unit=${W.A.unit.id}`)).status, 403);
  assert.equal((await hq.get('/api/v1/activation/my-notices')).status, 403);
});

test('reminders: to whoever has not answered, by SMS or e-mail, at most one per 30 minutes', async () => {
  const a = await activate('A', 'exercise');
  // One person answered already; one has only paper.
  assert.equal((await anon.post('/api/v1/activation/answer', { code: a.of(1).code, answer: 'confirm' })).status, 200);
  let r = await hq.post(`/api/v1/activation/activations/${a.id}/remind`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.queued, r.body.by_hand], [1, 2]);
  const sent = await messages(`activation:${a.id}:reminder:`);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].recipient, '+77011230001');
  assert.equal(sent[0].kind, 'exercise');
  assert.ok(sent[0].text.startsWith('Напоминание: вы ещё не ответили на повестку.\nЯвитесь на пункт сбора.'), sent[0].text);
  // A second one within 30 minutes is refused, naming when the next may go; nothing is queued.
  r = await hq.post(`/api/v1/activation/activations/${a.id}/remind`, {});
  assert.equal(r.status, 409);
  assert.match(r.body.detail, /A reminder went to these people at \d{4}-\d\d-\d\d \d\d:\d\d UTC\+5; the next may go at .* \(30 minutes apart\)\./);
  assert.ok(Number(r.headers.get('retry-after')) > 1700);
  r = await commander.post(`/api/v1/activation/activations/${a.id}/remind`, { unit_id: W.A.unit.id });
  assert.equal(r.status, 409, 'the whole activation was reminded, the unit with it');
  assert.equal((await messages(`activation:${a.id}:reminder:`)).length, 1);
  const entries = (await admin.get(`/api/v1/audit?entity_type=activation&entity_id=${a.id}`)).body.items.filter((e) => e.action === 'activation.remind');
  assert.equal(entries.length, 1);
  assert.deepEqual([entries[0].after.queued, entries[0].after.by_hand], [1, 2]);

  // The unit's commander reminds their unit; they must name it, and only their own.
  const b = await activate('A', 'exercise');
  r = await commander.post(`/api/v1/activation/activations/${b.id}/remind`, {});
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['unit_id']);
  r = await commander.post(`/api/v1/activation/activations/${b.id}/remind`, { unit_id: W.B.unit.id });
  assert.equal(r.status, 422);
  r = await commander.post(`/api/v1/activation/activations/${W.real.id}/remind`, { unit_id: W.A.unit.id });
  assert.equal(r.status, 404, 'an activation without their unit');
  r = await commander.post(`/api/v1/activation/activations/${b.id}/remind`, { unit_id: W.A.unit.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.queued, 2, 'SMS and e-mail');
  assert.equal((await auditor.post(`/api/v1/activation/activations/${b.id}/remind`, {})).status, 403);
  assert.equal((await other.post(`/api/v1/activation/activations/${b.id}/remind`, {})).status, 404);
  // Not after the end.
  assert.equal((await admin.post(`/api/v1/activation/activations/${b.id}/close`)).status, 200);
  r = await admin.post(`/api/v1/activation/activations/${b.id}/remind`, { unit_id: W.A.unit.id });
  assert.equal(r.status, 409);
  assert.match(r.body.detail, /only while the activation is active/);
});

test('the answer page of a closed call-up says it is over and takes no answer', async () => {
  const a = await activate('B', 'exercise');
  const n = a.of(0);
  assert.equal((await admin.post(`/api/v1/activation/activations/${a.id}/cancel`)).status, 200);
  const r = await anon.get(`/kk/callup/${n.code}`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes('Бұл шақыру аяқталды.'));
  assert.ok(!r.text.includes('<form method="post"'));
  assert.equal((await anon.post('/api/v1/activation/answer', { code: n.code, answer: 'confirm' })).status, 409);
});

// Last: it blocks this test client's address for ten minutes.
test('wrong codes: ten per address in ten minutes, then 429 with Retry-After, right codes too', async () => {
  const right = W.real.of(0).code;
  for (let i = 0; i < 10; i++) {
    const r = i % 2
      ? await anon.post('/api/v1/activation/answer', { code: `ZZZZ-ZZZ${'23456789AB'[i]}`, answer: 'confirm' })
      : await anon.get(`/en/callup/ZZZZ-ZZZ${'23456789AB'[i]}`);
    assert.equal(r.status, 404, `wrong code ${i + 1}`);
  }
  let r = await anon.post('/api/v1/activation/answer', { code: right, answer: 'confirm' });
  assert.equal(r.status, 429);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait > 500 && wait <= 600, `Retry-After ${wait}`);
  assert.equal(r.body.retry_after, wait);
  r = await anon.get(`/ru/callup/${right}`);
  assert.equal(r.status, 429);
  assert.ok(r.headers.get('retry-after'));
  assert.match(r.text, /С вашего адреса введено слишком много неверных кодов\. Повторите через \d+ с\./);
  const stored = (await admin.get(`/api/v1/activation/activations/${W.real.id}/notices`)).body.items.find((x) => x.code === right);
  assert.equal(stored.status, 'called', 'nothing answered while refused');
});
