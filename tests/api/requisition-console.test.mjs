// The requisition console's forms, without JavaScript: an officer makes, amends and revokes a
// decision, lists property and records the taking act, custody and the return act; an appraiser
// values and another approves; a finance officer makes a payment order (submitted twice, paid
// once) and another confirms it; a dispute is opened and resolved. A bad input comes back on
// the form with the problem next to its field in the page's language and nothing stored; a role
// the API refuses gets the 403 page. Photos on the acts, from the form and the API, shown on the
// item's page and on the printed act. Also the balances per owner, in the API and on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { png, webpHeader } from './images.mjs';

let server, admin, W;
const names = (n) => ({ kk: n, ru: n, en: n });
const ownerIin = makeIin(1984, 2, 11, 3120, false);
const orgBin = '050540004455';

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

// A signed-in console visitor in one language: cookies kept, forms posted with the CSRF token.
async function consoleSession(login, password, lang) {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      if (/Max-Age=0/.test(c)) jar.delete(pair.slice(0, eq)); else jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const headers = () => ({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': lang });
  const get = async (path) => {
    const res = await fetch(server.base + path, { redirect: 'manual', headers: headers() });
    keep(res);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const post = async (path, fields, { csrf = true } = {}) => {
    const res = await fetch(server.base + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(csrf ? { _csrf: s.csrf, ...fields } : fields),
      headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    keep(res);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  // Any body (e.g. FormData for multipart), with the session's cookies.
  const raw = async (method, path, body) => {
    const res = await fetch(server.base + path, { method, redirect: 'manual', body, headers: headers() });
    keep(res);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const s = { get, post, raw };
  const page = await get('/console/login');
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const signed = await post('/console/login', { _csrf: token, login, password, next: '/console' }, { csrf: false });
  assert.equal(signed.status, 303, `sign-in of ${login}`);
  s.csrf = (await get('/console')).text.match(/name="_csrf" value="([^"]+)"/)[1];
  return s;
}

// The error shown next to a form's field (its id is f-<path with dots as dashes>).
function fieldError(html, path) {
  const id = `f-${path.replace(/\./g, '-')}-error`;
  const m = html.match(new RegExp(`id="${id}"><span class="visually-hidden">[^<]*</span>([^<]*)</p>`));
  return m ? m[1] : null;
}
const idFrom = (res, kind) => Number(res.headers.get('location').match(new RegExp(`/${kind}/(\\d+)`))[1]);

const decisionForm = (extra = {}) => ({
  number: '№ 31-р', decided_on: '2026-03-01', issuing_body: 'Акимат города Алматы', grounds: 'martial_law',
  region_id: String(W.region.id), deadline: '2026-05-31', collection_point_ids: String(W.facility.id),
  officials: 'Серик Алиев; заместитель акима',
  commission: 'Дана Омарова; оценщик; ЛИЦ-0042\nЕрлан Ким; инженер',
  ...extra,
});
const actForm = (extra = {}) => ({
  act_date: '2026-03-03', place: 'Пункт сбора, ул. Толе би 1', condition: 'исправен', readings: '84 512 км',
  defects: '', accessories: 'домкрат', 'signed_by.name': 'Айгуль Сейтова', 'signed_by.as': 'owner', 'signed_by.confirmed': 'true',
  ...extra,
});

before(async () => {
  server = await startServer();
  admin = await server.login();
  W = {};
  W.region = await made(await admin.post('/api/v1/regions', { code: 'RC-ALA', level: 'city', name: names('Алматы') }));
  W.unit = await made(await admin.post('/api/v1/units', { name: 'Рота связи', kind: 'territorial_troops', region_id: W.region.id, status: 'active' }));
  W.facility = await made(await admin.post('/api/v1/facilities', {
    name: 'Склад № 4', kind: 'energy', region_id: W.region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2,
  }));
  for (const [login, role] of [['rc-officer', 'requisition_officer'], ['rc-appraiser', 'appraiser'], ['rc-appraiser2', 'appraiser'],
    ['rc-finance', 'finance_officer'], ['rc-finance2', 'finance_officer'], ['rc-hq', 'hq_staff']])
    await server.account(admin, login, role, { region: 'RC-ALA' });
});
after(async () => { await server.stop(); cleanup(server); });

const count = async (path) => (await admin.get(path)).body.items.length;

test('an officer makes a decision on the form; a bad one comes back with its problems and stores nothing', async () => {
  const s = await consoleSession('rc-officer', 'rc-officer-password-long', 'ru');
  const list = await s.get('/console/requisition');
  assert.ok(list.text.includes('href="/console/requisition/decisions/new"'), 'the list offers a new decision');
  const form = await s.get('/console/requisition/decisions/new');
  assert.equal(form.status, 200);
  assert.ok(form.text.includes('Новое решение о реквизиции'));
  assert.ok(form.text.includes(`<option value="${W.facility.id}">Склад № 4</option>`), "a choice of the region's facilities, though officers do not read the registry");

  const before = await count('/api/v1/requisition/decisions');
  const bad = await s.post('/console/requisition/decisions/new', decisionForm({
    number: '', deadline: '2026-02-01', commission: 'Ерлан Ким; инженер',
  }));
  assert.equal(bad.status, 422);
  assert.equal(fieldError(bad.text, 'number'), 'обязательно для заполнения');
  assert.equal(fieldError(bad.text, 'deadline'), 'не может быть раньше даты решения');
  assert.equal(fieldError(bad.text, 'commission'), 'В комиссии должен быть хотя бы один оценщик с лицензией.');
  assert.ok(bad.text.includes('В решении о реквизиции есть ошибки.'), 'the summary in Russian');
  assert.ok(bad.text.includes('value="Акимат города Алматы"'), 'what was typed stays');
  assert.equal(await count('/api/v1/requisition/decisions'), before, 'nothing stored');

  const good = await s.post('/console/requisition/decisions/new', decisionForm());
  assert.equal(good.status, 303);
  W.decision = idFrom(good, 'decisions');
  const d = (await admin.get(`/api/v1/requisition/decisions/${W.decision}`)).body;
  assert.equal(d.number, '№ 31-р');
  assert.deepEqual(d.collection_point_ids ?? d.details?.collection_point_ids, [W.facility.id]);
  const commission = d.commission ?? d.details.commission;
  assert.deepEqual(commission.map((m) => [m.name, m.appraiser, m.licence]), [['Дана Омарова', true, 'ЛИЦ-0042'], ['Ерлан Ким', false, '']]);

  // Amended: the form starts with the decision's values; saving makes version 2.
  const amend = await s.get(`/console/requisition/decisions/${W.decision}/amend`);
  assert.equal(amend.status, 200);
  assert.ok(amend.text.includes('Дана Омарова; оценщик; ЛИЦ-0042'));
  const { region_id: _, ...amended } = decisionForm({ deadline: '2026-06-15' });
  const saved = await s.post(`/console/requisition/decisions/${W.decision}/amend`, amended);
  assert.equal(saved.status, 303);
  const v2 = (await admin.get(`/api/v1/requisition/decisions/${W.decision}`)).body;
  assert.equal(v2.version, 2);
  assert.equal(v2.deadline, '2026-06-15');
});

test('property, the taking act, custody, a valuation approved by another, a payment order paid once, a dispute, the return', async () => {
  const s = await consoleSession('rc-officer', 'rc-officer-password-long', 'kk');
  const itemsBefore = await count(`/api/v1/requisition/decisions/${W.decision}/items`);
  // An organisation with a BIN whose check digit is wrong: the error is on the BIN field.
  const bad = await s.post(`/console/requisition/decisions/${W.decision}/items/new`, {
    kind: 'building', description: 'Склад', requisition_type: 'use', 'details.cadastral_number': '20:315:023:004',
    'details.address': 'ул. Рыскулова 5', 'details.plate': 'typed by mistake', 'owner.kind': 'organisation',
    'owner.name': 'ТОО «Жетысу»', 'owner.bin': '050540004456', 'owner.iin': '',
  });
  assert.equal(bad.status, 422);
  assert.ok(fieldError(bad.text, 'owner.bin'), 'the BIN field says what is wrong');
  assert.equal(fieldError(bad.text, 'details.plate'), null, "a vehicle's field left on a building's form is not held against it");
  assert.ok(bad.text.includes('<html lang="kk"'));
  assert.equal(await count(`/api/v1/requisition/decisions/${W.decision}/items`), itemsBefore);

  const building = await s.post(`/console/requisition/decisions/${W.decision}/items/new`, {
    kind: 'building', description: 'Склад', requisition_type: 'ownership', 'details.cadastral_number': '20:315:023:004',
    'details.address': 'ул. Рыскулова 5', 'owner.kind': 'organisation', 'owner.name': 'ТОО «Жетысу»', 'owner.bin': orgBin,
  });
  assert.equal(building.status, 303, building.text.slice(0, 300));
  const item = await s.post(`/console/requisition/decisions/${W.decision}/items/new`, {
    kind: 'equipment', description: 'Дизельный генератор', requisition_type: 'use', 'details.serial': 'ДГ-200-731',
    'owner.kind': 'person', 'owner.name': 'Айгуль Сейтова', 'owner.iin': ownerIin,
  });
  assert.equal(item.status, 303);
  W.item = idFrom(item, 'items');
  const page = await s.get(`/console/requisition/items/${W.item}`);
  assert.ok(page.text.includes(`href="/console/requisition/items/${W.item}/taking"`));

  // The taking act: unconfirmed, it is refused on the confirmation's field; then recorded.
  const unsigned = await s.post(`/console/requisition/items/${W.item}/taking`, actForm({ 'signed_by.confirmed': '' }));
  assert.equal(unsigned.status, 422);
  assert.ok(fieldError(unsigned.text, 'signed_by.confirmed'));
  assert.equal((await admin.get(`/api/v1/requisition/items/${W.item}`)).body.status, 'listed');
  const taken = await s.post(`/console/requisition/items/${W.item}/taking`, actForm());
  assert.equal(taken.status, 303);
  let file = (await admin.get(`/api/v1/requisition/items/${W.item}`)).body;
  assert.equal(file.status, 'taken');
  assert.equal(file.acts[0].details?.signed_by?.name ?? file.acts[0].signed_by?.name, 'Айгуль Сейтова');
  // A second taking is a conflict shown on the form.
  const again = await s.post(`/console/requisition/items/${W.item}/taking`, actForm());
  assert.equal(again.status, 409);
  assert.ok(again.text.includes('Мүлік бұрын алынған.'));

  assert.ok((await s.get(`/console/requisition/items/${W.item}/custody`)).text.includes(`<option value="${W.unit.id}">Рота связи</option>`));
  const moved = await s.post(`/console/requisition/items/${W.item}/custody`, {
    moved_on: '2026-03-04', unit_id: String(W.unit.id), place: 'Гараж роты', responsible: 'Нурлан Беков',
  });
  assert.equal(moved.status, 303);

  // The appraiser values it in tenge; a sum that is not tenge says how to write one.
  const a = await consoleSession('rc-appraiser', 'rc-appraiser-password-long', 'ru');
  const wrongSum = await a.post(`/console/requisition/items/${W.item}/valuations/new`, {
    appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'cost', value_date: '2026-03-03', market_value: '25 млн', rent_per_day: '15 000',
  });
  assert.equal(wrongSum.status, 422);
  assert.equal(fieldError(wrongSum.text, 'market_value'), 'должно быть суммой в тенге, например 1 250 000,50');
  assert.equal((await admin.get(`/api/v1/requisition/items/${W.item}`)).body.valuations.length, 0);
  const valued = await a.post(`/console/requisition/items/${W.item}/valuations/new`, {
    appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'cost', value_date: '2026-03-03', market_value: '2 500 000', rent_per_day: '15 000,50',
  });
  assert.equal(valued.status, 303);
  file = (await admin.get(`/api/v1/requisition/items/${W.item}`)).body;
  assert.equal(file.valuations[0].market_value, 250_000_000);
  assert.equal(file.valuations[0].rent_per_day, 1_500_050);
  // Its recorder may not approve it; another appraiser does, with the item page's button.
  assert.ok(!(await a.get(`/console/requisition/items/${W.item}`)).text.includes('/approve"'));
  const a2 = await consoleSession('rc-appraiser2', 'rc-appraiser2-password-long', 'ru');
  assert.equal((await a2.post(`/console/requisition/valuations/${file.valuations[0].id}/approve`, {})).status, 303);

  assert.equal((await s.post(`/console/requisition/items/${W.item}/applications/new`, { method: 'bank', iban: 'KZ86 125K ZT50 0410 0101' })).status, 422);
  assert.equal((await s.post(`/console/requisition/items/${W.item}/applications/new`, { method: 'bank', iban: 'KZ86 125K ZT50 0410 0100' })).status, 303);
  const ret = await s.post(`/console/requisition/items/${W.item}/return`, actForm({ act_date: '2026-03-13', condition: 'исправен, царапина на кожухе' }));
  assert.equal(ret.status, 303);
  file = (await admin.get(`/api/v1/requisition/items/${W.item}`)).body;
  assert.equal(file.status, 'returned');
  assert.ok(file.due > 0);

  // The finance officer's form carries its idempotency key: the same form sent twice pays once.
  const f = await consoleSession('rc-finance', 'rc-finance-password-long', 'ru');
  const orderForm = await f.get(`/console/requisition/items/${W.item}/payment-orders/new`);
  const key = orderForm.text.match(/name="idempotency_key" value="([^"]+)"/)[1];
  const tooMuch = await f.post(`/console/requisition/items/${W.item}/payment-orders/new`, { idempotency_key: key, amount: '99 999 999' });
  assert.equal(tooMuch.status, 422);
  assert.ok(fieldError(tooMuch.text, 'amount').startsWith('больше, чем можно выплатить сейчас'));
  for (let i = 0; i < 2; i++)
    assert.equal((await f.post(`/console/requisition/items/${W.item}/payment-orders/new`, { idempotency_key: key, amount: '10 000' })).status, 303);
  file = (await admin.get(`/api/v1/requisition/items/${W.item}`)).body;
  assert.equal(file.payment_orders.length, 1, 'one order for two submissions');
  assert.equal(file.payment_orders[0].amount, 1_000_000);
  assert.ok(!(await f.get(`/console/requisition/items/${W.item}`)).text.includes('/confirm"'), 'not confirmed by its maker');
  const f2 = await consoleSession('rc-finance2', 'rc-finance2-password-long', 'ru');
  assert.equal((await f2.post(`/console/requisition/payment-orders/${file.payment_orders[0].id}/confirm`, {})).status, 303);

  // A dispute opened and resolved with a negative adjustment typed with a minus.
  const opened = await s.post(`/console/requisition/items/${W.item}/disputes/new`, { reason: 'Оценка занижена', claimed: '3 000 000' });
  assert.equal(opened.status, 303);
  file = (await admin.get(`/api/v1/requisition/items/${W.item}`)).body;
  const dispute = file.disputes[0];
  const itemPage = await s.get(`/console/requisition/items/${W.item}`);
  assert.ok(itemPage.text.includes(`/console/requisition/disputes/${dispute.id}/resolve?item=${W.item}`));
  const owedBefore = file.totals.owed;
  const resolved = await s.post(`/console/requisition/disputes/${dispute.id}/resolve?item=${W.item}`, { resolution: 'Оценка подтверждена частично', adjustment: '-1 000' });
  assert.equal(resolved.status, 303);
  assert.equal(resolved.headers.get('location'), `/console/requisition/items/${W.item}?done=1`);
  file = (await admin.get(`/api/v1/requisition/items/${W.item}`)).body;
  assert.equal(file.totals.owed, owedBefore - 100_000);
  assert.equal(file.disputes[0].status, 'resolved');
  // Every step was audited like the API's.
  const audit = (await admin.get(`/api/v1/audit?entity_type=requisition_item&entity_id=${W.item}`)).body.items.map((e) => e.action);
  for (const action of ['requisition_item.create', 'requisition_item.take', 'requisition_item.custody', 'requisition_item.return'])
    assert.ok(audit.includes(action), action);
});

test('a payment order cancelled on its form: the reason asked next to its field, refusals store nothing, audited', async () => {
  const order = await made(await admin.post(`/api/v1/requisition/items/${W.item}/payment-orders`, { amount: 50_000, idempotency_key: 'console-cancel-0001' }));
  const form = `/console/requisition/payment-orders/${order.id}/cancel?item=${W.item}`;
  const orderNow = async () => (await admin.get(`/api/v1/requisition/items/${W.item}`)).body.payment_orders.find((o) => o.id === order.id);
  const cancels = async () => (await admin.get(`/api/v1/audit?entity_type=requisition_order&entity_id=${order.id}`)).body.items
    .filter((e) => e.action === 'requisition_order.cancel');
  const paidBefore = (await admin.get(`/api/v1/requisition/items/${W.item}`)).body.totals.paid;

  // Roles the API refuses: the 403 page, the order as it was.
  const hq = await consoleSession('rc-hq', 'rc-hq-password-long', 'en');
  assert.equal((await hq.get(form)).status, 403);
  const officer = await consoleSession('rc-officer', 'rc-officer-password-long', 'en');
  assert.equal((await officer.post(form, { reason: 'not mine to cancel' })).status, 403);
  assert.ok(!(await officer.get(`/console/requisition/items/${W.item}`)).text.includes(`/payment-orders/${order.id}/cancel`));

  // The finance officer finds the link on the item's page and the form in Kazakh.
  const f = await consoleSession('rc-finance', 'rc-finance-password-long', 'kk');
  assert.ok((await f.get(`/console/requisition/items/${W.item}`)).text.includes(`href="/console/requisition/payment-orders/${order.id}/cancel?item=${W.item}"`));
  const page = await f.get(form);
  assert.equal(page.status, 200);
  assert.match(page.text, /Төлем тапсырмасының күшін жою/);
  assert.match(page.text, /name="reason"/);
  assert.equal((await f.get('/console/requisition/payment-orders/999999/cancel')).status, 404);

  // No reason: the form again, the problem next to the field in Kazakh, the order unchanged.
  const empty = await f.post(form, { reason: '   ' });
  assert.equal(empty.status, 422);
  assert.equal(fieldError(empty.text, 'reason'), 'бос болмауы керек');
  assert.equal((await orderNow()).status, 'created');
  assert.equal((await cancels()).length, 0);

  // With a reason: back to the item's page, the order cancelled with its reason shown there.
  const done = await f.post(form, { reason: 'Сома қате терілді' });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), `/console/requisition/items/${W.item}?done=1`);
  const o = await orderNow();
  assert.equal(o.status, 'cancelled');
  assert.equal(o.cancel_reason, 'Сома қате терілді');
  assert.equal(o.confirmed_by, 'rc-finance');
  const itemPage = (await f.get(`/console/requisition/items/${W.item}`)).text;
  assert.ok(itemPage.includes('Сома қате терілді'));
  assert.ok(!itemPage.includes(`/payment-orders/${order.id}/cancel`));
  const log = await cancels();
  assert.equal(log.length, 1);
  assert.equal(log[0].actor_login, 'rc-finance');
  assert.equal(log[0].after.cancel_reason, 'Сома қате терілді');

  // Sent again (a reload): the refusal is on the form in the page's language, nothing changed.
  const f2 = await consoleSession('rc-finance2', 'rc-finance2-password-long', 'ru');
  const again = await f2.post(form, { reason: 'ещё раз' });
  assert.equal(again.status, 409);
  assert.match(again.text, /Отменить можно только ещё не оплаченное поручение/);
  assert.equal((await orderNow()).cancel_reason, 'Сома қате терілді');
  assert.equal((await cancels()).length, 1);
  assert.equal((await admin.get(`/api/v1/requisition/items/${W.item}`)).body.totals.paid, paidBefore);
});

test('photos on the acts: from the form with the act, or through the API; checked by their bytes; on the page and the printed act', async () => {
  // A decision of its own (another test revokes the first one).
  const s = await consoleSession('rc-officer', 'rc-officer-password-long', 'ru');
  const made303 = async (path, fields) => { const r = await s.post(path, fields); assert.equal(r.status, 303, r.text.slice(0, 400)); return r; };
  const decision = idFrom(await made303('/console/requisition/decisions/new', decisionForm({ number: '№ 32-р' })), 'decisions');
  const item = idFrom(await made303(`/console/requisition/decisions/${decision}/items/new`, {
    kind: 'other', description: 'Прицеп', requisition_type: 'use', 'details.name': 'Прицеп бортовой',
    'owner.kind': 'person', 'owner.name': 'Айгуль Сейтова', 'owner.iin': ownerIin,
  }), 'items');
  const form = await s.get(`/console/requisition/items/${item}/taking`);
  assert.match(form.text, /enctype="multipart\/form-data"/);
  assert.match(form.text, /<input id="f-photos" name="photos" type="file"/);
  const multipart = async (fields, files) => {
    const body = new FormData();
    body.set('_csrf', s.csrf);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    for (const [name, bytes, type] of files) body.append('photos', new Blob([bytes], { type }), name);
    return s.raw('POST', `/console/requisition/items/${item}/taking`, body);
  };
  // A text file named .jpg: refused on the photos' field, and the act is not recorded either.
  const fake = await multipart(actForm(), [['front.jpg', Buffer.from('not a picture at all'), 'image/jpeg']]);
  assert.equal(fake.status, 422);
  assert.match(fake.text, /id="f-photos-error"><span class="visually-hidden">[^<]*<\/span>Принимаются только фотографии JPEG, PNG и WebP/);
  assert.equal((await admin.get(`/api/v1/requisition/items/${item}`)).body.status, 'listed');
  // Two real photos with the act: one transaction.
  const taken = await multipart(actForm(), [['front.png', png(64, 48), 'image/png'], ['side.png', png(800, 600, [20, 90, 200]), 'image/png']]);
  assert.equal(taken.status, 303, taken.text.slice(0, 400));
  let file = (await admin.get(`/api/v1/requisition/items/${item}`)).body;
  assert.equal(file.status, 'taken');
  assert.deepEqual(file.photos.map((p) => [p.act, p.mime, p.width, p.height]), [['taking', 'image/png', 64, 48], ['taking', 'image/png', 800, 600]]);
  const original = await fetch(server.base + file.photos[1].href, { headers: { authorization: `Bearer ${admin.token}` } });
  assert.equal(original.status, 200);
  assert.equal(original.headers.get('content-type'), 'image/png');
  assert.ok(Buffer.from(await original.arrayBuffer()).equals(png(800, 600, [20, 90, 200])), 'the photo as it was sent');
  const thumb = await fetch(server.base + file.photos[1].thumbnail_href, { headers: { authorization: `Bearer ${admin.token}` } });
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
  const thumbBytes = Buffer.from(await thumb.arrayBuffer());
  assert.deepEqual([...thumbBytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  assert.ok(thumbBytes.length < 40_000);

  // Through the API: a WebP added to the taking act; refusals change nothing.
  const officer = await server.login('rc-officer', 'rc-officer-password-long');
  const hq = await server.login('rc-hq', 'rc-hq-password-long');
  const appraiser = await server.login('rc-appraiser', 'rc-appraiser-password-long');
  const api = (who, query, bytes, type) => who.post(`/api/v1/requisition/items/${item}/photos?${query}`, bytes, { 'content-type': type });
  const count = async () => (await admin.get(`/api/v1/requisition/items/${item}`)).body.photos.length;
  const refusals = [
    [officer, 'act=taking&name=a.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'image/gif', 422, 'photos'],
    [officer, 'act=taking&name=a.png', Buffer.from('plain text'), 'image/png', 422, 'photos'],
    [officer, 'act=taking&name=a.png', png(16, 16), 'image/jpeg', 422, 'photos'],
    [officer, 'act=taking&name=a.png', Buffer.concat([png(16, 16), Buffer.alloc(5 * 1024 * 1024)]), 'image/png', 422, 'photos'],
    [officer, 'act=taking&name=../a.png', png(16, 16), 'image/png', 422, 'photos'],
    [officer, 'act=handover&name=a.png', png(16, 16), 'image/png', 422, 'act'],
    [officer, 'act=return&name=a.png', png(16, 16), 'image/png', 409, null],
    [hq, 'act=taking&name=a.png', png(16, 16), 'image/png', 403, null],
    [appraiser, 'act=taking&name=a.png', png(16, 16), 'image/png', 403, null],
  ];
  for (const [who, query, bytes, type, status, field] of refusals) {
    const r = await api(who, query, bytes, type);
    assert.equal(r.status, status, `${query} ${type}: ${JSON.stringify(r.body)}`);
    if (field) assert.deepEqual(r.body.errors.map((e) => e.field), [field], query);
    assert.equal(await count(), 2, `${query}: nothing stored`);
  }
  const webp = await api(officer, 'act=taking&name=back.webp', webpHeader(640, 480), 'image/webp');
  assert.equal(webp.status, 201, JSON.stringify(webp.body));
  assert.deepEqual(webp.body.items.map((p) => [p.name, p.mime, p.width, p.height]), [['back.webp', 'image/webp', 640, 480]]);
  // Or several at once as multipart/form-data "photos" parts; one bad part refuses them all.
  const parts = (files) => { const b = new FormData(); for (const f of files) b.append('photos', new Blob([f]), 'x.png'); return b; };
  const multi = (files) => fetch(`${server.base}/api/v1/requisition/items/${item}/photos?act=taking`, {
    method: 'POST', headers: { authorization: `Bearer ${officer.token}` }, body: parts(files) });
  const mixed = await multi([png(20, 20), Buffer.from('not an image')]);
  assert.equal(mixed.status, 422);
  assert.deepEqual((await mixed.json()).errors.map((e) => e.field), ['photos[1]']);
  assert.equal(await count(), 3);
  const two = await multi([png(20, 20), png(30, 20)]);
  assert.equal(two.status, 201);
  assert.deepEqual((await two.json()).items.map((p) => p.width), [20, 30]);
  assert.equal(await count(), 5);
  const audit = (await admin.get(`/api/v1/audit?entity_type=requisition_item&entity_id=${item}`)).body.items.map((e) => e.action);
  assert.ok(audit.includes('requisition_item.photos') && audit.includes('requisition_item.take'));

  // On the item's page as thumbnails linking to the photos, and inline on the printed act.
  const page = await s.get(`/console/requisition/items/${item}`);
  file = (await admin.get(`/api/v1/requisition/items/${item}`)).body;
  for (const p of file.photos) assert.ok(page.text.includes(`<a href="${p.href}"><img src="${p.thumbnail_href.replace('&', '&amp;')}"`), p.name);
  assert.ok(page.text.includes('alt="Фото 1: акт изъятия"') || page.text.includes('alt="Фото 1:'), 'photos have words for screen readers');
  const act = await s.get(`/api/v1/requisition/items/${item}/taking-act?lang=ru`);
  assert.equal(act.status, 200);
  assert.equal((act.text.match(/<img src="data:image\/jpeg;base64,/g) ?? []).length, 4, 'the PNGs as JPEG thumbnails inline');
  assert.equal((act.text.match(/<img src="data:image\/webp;base64,/g) ?? []).length, 1, 'the WebP as it is');
  assert.ok(act.text.includes('front.png') || act.text.includes('photo-1'));
});

test('roles the API refuses get the 403 page and change nothing; a form without the CSRF token is refused', async () => {
  const hq = await consoleSession('rc-hq', 'rc-hq-password-long', 'en');
  const before = await count('/api/v1/requisition/decisions');
  assert.equal((await hq.get('/console/requisition/decisions/new')).status, 403);
  assert.equal((await hq.post('/console/requisition/decisions/new', decisionForm({ number: 'HQ-1' }))).status, 403);
  assert.ok(!(await hq.get('/console/requisition')).text.includes('/console/requisition/decisions/new'));
  const appraiser = await consoleSession('rc-appraiser', 'rc-appraiser-password-long', 'en');
  assert.equal((await appraiser.post(`/console/requisition/decisions/${W.decision}/items/new`, { kind: 'other', description: 'x' })).status, 403);
  assert.equal((await appraiser.get(`/console/requisition/items/${W.item}/payment-orders/new`)).status, 403);
  const officer = await consoleSession('rc-officer', 'rc-officer-password-long', 'en');
  assert.equal((await officer.post('/console/requisition/decisions/new', decisionForm({ number: 'NO-CSRF' }), { csrf: false })).status, 403);
  assert.equal((await officer.get('/console/requisition/items/999999/taking')).status, 404);
  assert.equal(await count('/api/v1/requisition/decisions'), before);
  // Revoked on its form: the decision offers no more forms.
  assert.equal((await officer.post(`/console/requisition/decisions/${W.decision}/revoke`, { reason: '' })).status, 422);
  assert.equal((await officer.post(`/console/requisition/decisions/${W.decision}/revoke`, { reason: 'The need has passed' })).status, 303);
  assert.equal((await admin.get(`/api/v1/requisition/decisions/${W.decision}`)).body.status, 'revoked');
  assert.ok(!(await officer.get(`/console/requisition/decisions/${W.decision}`)).text.includes('/items/new'));
});

test('balances per owner: paged, the IIN/BIN masked, summing to the ledger; on the ledger page too', async () => {
  const all = (await admin.get('/api/v1/requisition/totals?by=owner')).body;
  assert.equal(all.by, 'owner');
  assert.equal(all.items.length, 2);
  const person = all.items.find((o) => o.owner.kind === 'person');
  assert.equal(person.owner.name, 'Айгуль Сейтова');
  assert.equal(person.owner.id_masked, '••••••••' + ownerIin.slice(8));
  assert.ok(!JSON.stringify(all).includes(ownerIin) && !JSON.stringify(all).includes(orgBin), 'no whole IIN or BIN');
  const file = (await admin.get(`/api/v1/requisition/items/${W.item}`)).body;
  // Hers: the generator (valued, paid, disputed) and the trailer of the photo test (not valued).
  assert.equal(person.items, 2);
  for (const k of ['owed', 'paid', 'entries']) assert.equal(person.totals[k], file.totals[k], k);
  const region = (await admin.get('/api/v1/requisition/totals?by=region')).body.items;
  const sum = (xs, k) => xs.reduce((a, x) => a + x.totals[k], 0);
  for (const k of ['owed', 'paid', 'disputed']) assert.equal(sum(all.items, k), sum(region, k), k);
  // A page at a time.
  const first = (await admin.get('/api/v1/requisition/totals?by=owner&limit=1')).body;
  assert.equal(first.items.length, 1);
  assert.ok(first.next_cursor);
  const second = (await admin.get(`/api/v1/requisition/totals?by=owner&limit=1&cursor=${encodeURIComponent(first.next_cursor)}`)).body;
  assert.equal(second.items.length, 1);
  assert.equal(second.next_cursor, null);
  assert.notDeepEqual(first.items[0].owner, second.items[0].owner);
  assert.equal((await admin.get('/api/v1/requisition/totals?by=owner&limit=500')).status, 422);
  assert.equal((await admin.get('/api/v1/requisition/totals?by=owners')).status, 422);
  const s = await consoleSession('rc-hq', 'rc-hq-password-long', 'ru');
  const page = await s.get('/console/requisition');
  assert.ok(page.text.includes('Итоги учёта по собственникам'));
  assert.ok(page.text.includes('Айгуль Сейтова'));
  assert.ok(page.text.includes('••••••••' + ownerIin.slice(8)));
});

test("the owner's page shows the photos of their own item's acts, and another owner's code and IIN/BIN cannot fetch them", async () => {
  const officer = await server.login('rc-officer', 'rc-officer-password-long');
  const decision = await made(await admin.post('/api/v1/requisition/decisions', {
    number: '№ 33-р', decided_on: '2026-03-01', issuing_body: 'Акимат города Алматы', grounds: 'martial_law', region_id: W.region.id,
    deadline: '2026-05-31', collection_point_ids: [W.facility.id], officials: [{ name: 'Серик Алиев', position: 'заместитель акима' }],
    commission: [{ name: 'Дана Омарова', position: 'оценщик', appraiser: true, licence: 'ЛИЦ-0042' }],
  }));
  const act = (date) => ({ act_date: date, place: 'Пункт сбора', condition: 'исправен', signed_by: { name: 'Айгуль Сейтова', as: 'owner', confirmed: true } });
  const owners = { person: ownerIin, organisation: orgBin };
  const taken = {};
  for (const [kind, id] of Object.entries(owners)) {
    const item = await made(await officer.post(`/api/v1/requisition/decisions/${decision.id}/items`, {
      kind: 'other', description: kind === 'person' ? 'Лодка моторная' : 'Компрессор', details: { name: 'x' }, requisition_type: 'use',
      owner: kind === 'person' ? { kind, name: 'Айгуль Сейтова', iin: id } : { kind, name: 'ТОО «Жетысу»', bin: id },
    }));
    const t = await officer.post(`/api/v1/requisition/items/${item.id}/taking`, act('2026-03-03'));
    assert.equal(t.status, 200, JSON.stringify(t.body));
    taken[kind] = { item, code: t.body.owner_code, id };
  }
  const add = async (item, actKind, name, bytes, type) => {
    const r = await officer.post(`/api/v1/requisition/items/${item}/photos?act=${actKind}&name=${name}`, bytes, { 'content-type': type });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.items[0];
  };
  const a = taken.person, b = taken.organisation;
  const front = png(400, 300, [10, 120, 60]);
  const aTaking = await add(a.item.id, 'taking', 'front.png', front, 'image/png');
  assert.equal((await officer.post(`/api/v1/requisition/items/${a.item.id}/return`, act('2026-03-10'))).status, 200);
  const aReturn = await add(a.item.id, 'return', 'dent.png', png(200, 100, [90, 10, 10]), 'image/png');
  const aWebp = await add(a.item.id, 'taking', 'side.webp', webpHeader(640, 480), 'image/webp');
  const bPhoto = await add(b.item.id, 'taking', 'plate.png', png(120, 90), 'image/png');

  const ownerPost = (path, fields) => fetch(server.base + path, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  // The owner's page: the thumbnails of both acts in the page itself, each a button posting the
  // credentials and the photo's key; no address of a picture anywhere.
  const page = await ownerPost('/kk/requisition', { code: a.code, owner_id: a.id });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy'), /img-src data:/);
  const html = await page.text();
  assert.match(html, /Алу кезіндегі фотосуреттер/);
  assert.match(html, /Қайтару кезіндегі фотосуреттер/);
  assert.equal((html.match(/<img src="data:image\/jpeg;base64,/g) || []).length, 2, 'the JPEG thumbnails of the two PNG photos');
  assert.match(html, /<img src="data:image\/webp;base64,/, 'the small WebP itself, shown scaled');
  for (const p of [aTaking, aReturn, aWebp]) assert.ok(html.includes(`name="photo" value="${p.key}"`), p.name);
  assert.ok(!html.includes(bPhoto.key), "not the other owner's photo");
  assert.ok(!html.includes('/api/v1/requisition/photos/'));
  assert.match(html, /action="\/kk\/requisition\/photo" target="_blank"/);
  // A button gives the full picture, as it was sent, never cached.
  const full = await ownerPost('/kk/requisition/photo', { code: a.code, owner_id: a.id, photo: aTaking.key });
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('content-type'), 'image/png');
  assert.equal(full.headers.get('cache-control'), 'no-store');
  assert.ok(Buffer.from(await full.arrayBuffer()).equals(front));
  // The owner's JSON view lists the keys; the API gives the bytes to the same credentials.
  const view = await fetch(`${server.base}/api/v1/requisition/owner`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: a.code, owner_id: a.id }) });
  assert.deepEqual((await view.json()).photos.map((p) => [p.key, p.act]), [[aTaking.key, 'taking'], [aReturn.key, 'return'], [aWebp.key, 'taking']]);
  const apiPhoto = (body) => fetch(`${server.base}/api/v1/requisition/owner/photo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const thumb = await apiPhoto({ code: a.code, owner_id: a.id, photo: aReturn.key, size: 'thumb' });
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');

  // Another owner's code and BIN with this owner's key: refused like a wrong code, no picture.
  const other = await ownerPost('/ru/requisition/photo', { code: b.code, owner_id: b.id, photo: aTaking.key });
  assert.equal(other.status, 404);
  assert.match(other.headers.get('content-type'), /text\/html/);
  assert.match(await other.text(), /Имущество с таким кодом и ИИН\/БИН не найдено/);
  const otherApi = await apiPhoto({ code: b.code, owner_id: b.id, photo: aTaking.key });
  assert.equal(otherApi.status, 404);
  assert.match(otherApi.headers.get('content-type'), /application\/problem\+json/);
  // This owner's code with the other owner's IIN, or a key made up: the same.
  assert.equal((await apiPhoto({ code: a.code, owner_id: b.id, photo: aTaking.key })).status, 404);
  assert.equal((await apiPhoto({ code: a.code, owner_id: a.id, photo: 'A'.repeat(24) })).status, 404);
  assert.equal((await apiPhoto({ code: a.code, owner_id: a.id, photo: aTaking.key, size: 'huge' })).status, 422);
  // The other owner sees their own photo only; and the staff address of a photo needs an account.
  const bPage = await (await ownerPost('/en/requisition', { code: b.code, owner_id: b.id })).text();
  assert.ok(bPage.includes(bPhoto.key) && !bPage.includes(aTaking.key) && !bPage.includes(aReturn.key));
  assert.match(bPage, /Photos of the taking act/);
  assert.equal((await fetch(`${server.base}/api/v1/requisition/photos/${aTaking.key}`)).status, 401);
});
