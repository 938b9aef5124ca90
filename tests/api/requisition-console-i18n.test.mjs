// The requisition console's refusals in Kazakh and Russian: every form is sent bad input of each
// kind the services refuse (missing and malformed fields, sums that are not tenge, dates out of
// order, acts in the wrong state, a second dispute, a payment beyond what is payable, one's own
// valuation or order for the second person's step, records that do not exist, a role the form
// is not for), and each answer must say what is wrong in the page's language with no English
// left on it, and store nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pageSession } from './page-session.mjs';
import { englishLeft } from './english-left.mjs';
import { startServer, cleanup, makeIin } from './harness.mjs';

let server, admin;
const W = {};
const names = (n) => ({ kk: n, ru: n, en: n });
const ownerIin = makeIin(1979, 8, 14, 3004, false);

async function made(res) {
  assert.ok([200, 201].includes(res.status), JSON.stringify(res.body));
  return res.body;
}
const taking = (date, extra = {}) => ({
  act_date: date, place: 'Пункт сбора', condition: 'исправно', signed_by: { name: 'Айгуль Сейтова', as: 'owner', confirmed: true }, ...extra,
});
const actForm = (extra = {}) => ({
  act_date: '2026-03-05', place: 'Пункт сбора', condition: 'исправно', readings: '', defects: '', accessories: '',
  'signed_by.name': 'Айгуль Сейтова', 'signed_by.as': 'owner', 'signed_by.confirmed': 'true', ...extra,
});
const decisionForm = (extra = {}) => ({
  number: '№ 40-р', decided_on: '2026-03-01', issuing_body: 'Акимат', grounds: 'martial_law',
  region_id: String(W.region.id), deadline: '2026-06-01', collection_point_ids: String(W.facility.id),
  officials: 'Серик Алиев; заместитель акима', commission: 'Дана Омарова; оценщик; ЛИЦ-0042', ...extra,
});
const itemForm = (extra = {}) => ({
  kind: 'vehicle', description: 'Грузовик', requisition_type: 'use', 'details.plate': '123ABC02',
  'details.vin': 'XTC43118R12345678', 'details.make': 'КамАЗ', 'details.model': '43118', 'details.year': '2019',
  'owner.kind': 'person', 'owner.name': 'Айгуль Сейтова', 'owner.iin': ownerIin, ...extra,
});

before(async () => {
  server = await startServer();
  admin = await server.login();
  W.region = await made(await admin.post('/api/v1/regions', { code: '1961', level: 'city', name: names('Түркістан') }));
  W.other = await made(await admin.post('/api/v1/regions', { code: '1962', level: 'city', name: names('Тараз') }));
  W.facility = await made(await admin.post('/api/v1/facilities', { name: 'Қойма', kind: 'energy', region_id: W.region.id, location: { lat: 43.3, lon: 68.2 }, criticality: 2 }));
  W.foreign = await made(await admin.post('/api/v1/facilities', { name: 'Алыс қойма', kind: 'energy', region_id: W.other.id, location: { lat: 42.9, lon: 71.4 }, criticality: 2 }));
  W.unit = await made(await admin.post('/api/v1/units', { name: 'Рота', kind: 'territorial_troops', region_id: W.region.id, status: 'active' }));
  const api = {};
  for (const [login, role] of [['ri-officer', 'requisition_officer'], ['ri-appraiser', 'appraiser'], ['ri-appraiser2', 'appraiser'],
    ['ri-finance', 'finance_officer'], ['ri-finance2', 'finance_officer'], ['ri-hq', 'hq_staff']])
    api[login] = await server.account(admin, login, role, { region: '1961' });
  const officer = api['ri-officer'];
  const decision = (extra) => officer.post('/api/v1/requisition/decisions', {
    number: '№ 1-р', decided_on: '2026-03-01', issuing_body: 'Акимат', grounds: 'martial_law', region_id: W.region.id,
    deadline: '2026-06-01', collection_point_ids: [W.facility.id], officials: [{ name: 'Серик Алиев', position: 'заместитель акима' }],
    commission: [{ name: 'Дана Омарова', position: 'оценщик', appraiser: true, licence: 'ЛИЦ-0042' }], ...extra,
  });
  const item = (d, extra = {}) => officer.post(`/api/v1/requisition/decisions/${d}/items`, {
    kind: 'equipment', description: 'Генератор', details: { serial: 'ДГ-1' }, requisition_type: 'ownership',
    owner: { kind: 'person', name: 'Айгуль Сейтова', iin: ownerIin }, ...extra,
  });
  W.decision = await made(await decision());
  W.exercise = await made(await decision({ number: '№ 2-р', grounds: 'exercise' }));
  W.revoked = await made(await decision({ number: '№ 3-р' }));
  await made(await officer.post(`/api/v1/requisition/decisions/${W.revoked.id}/revoke`, { reason: 'Отпала необходимость' }));
  // Taken for ownership, valued and approved, applied for, one order paid and one waiting, and a
  // dispute open.
  W.owned = await made(await item(W.decision.id));
  await made(await officer.post(`/api/v1/requisition/items/${W.owned.id}/taking`, taking('2026-03-02')));
  const valuation = { appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'cost', value_date: '2026-03-02', market_value: 1_000_000 };
  const v = await made(await api['ri-appraiser'].post(`/api/v1/requisition/items/${W.owned.id}/valuations`, valuation));
  await made(await api['ri-appraiser2'].post(`/api/v1/requisition/valuations/${v.id}/approve`));
  W.unapproved = await made(await api['ri-appraiser'].post(`/api/v1/requisition/items/${W.owned.id}/valuations`, { ...valuation, market_value: 1_200_000 }));
  await made(await officer.post(`/api/v1/requisition/items/${W.owned.id}/applications`, { method: 'cash' }));
  W.paid = await made(await api['ri-finance'].post(`/api/v1/requisition/items/${W.owned.id}/payment-orders`, { amount: 100_000, idempotency_key: 'ri-order-paid' }));
  await made(await api['ri-finance2'].post(`/api/v1/requisition/payment-orders/${W.paid.id}/confirm`));
  W.waiting = await made(await api['ri-finance'].post(`/api/v1/requisition/items/${W.owned.id}/payment-orders`, { amount: 50_000, idempotency_key: 'ri-order-waiting' }));
  W.dispute = await made(await officer.post(`/api/v1/requisition/items/${W.owned.id}/disputes`, { reason: 'Оценка занижена', claimed: 2_000_000 }));
  // Taken into use and returned.
  W.returned = await made(await item(W.decision.id, { requisition_type: 'use' }));
  await made(await officer.post(`/api/v1/requisition/items/${W.returned.id}/taking`, taking('2026-03-02')));
  await made(await officer.post(`/api/v1/requisition/items/${W.returned.id}/return`, taking('2026-03-10')));
  // Listed only, and listed under an exercise.
  W.listed = await made(await item(W.decision.id));
  W.drill = await made(await item(W.exercise.id));
});
after(async () => { await server.stop(); cleanup(server); });

// What the database holds of the requisitions, to show a refusal changed nothing.
async function state() {
  const out = [];
  for (const d of (await admin.get('/api/v1/requisition/decisions?limit=100')).body.items) {
    out.push([d.id, d.version, d.status]);
    for (const i of (await admin.get(`/api/v1/requisition/decisions/${d.id}/items`)).body.items) {
      const f = (await admin.get(`/api/v1/requisition/items/${i.id}`)).body;
      out.push([i.id, f.status, f.acts?.length, f.valuations?.map((x) => x.status), f.payment_orders?.map((o) => o.status),
        f.disputes?.map((x) => x.status), f.applications?.length, f.due, f.totals]);
    }
  }
  out.push((await admin.get('/api/v1/requisition/ledger?limit=200')).body.items.length);
  return JSON.stringify(out);
}

// Each bad submission: who sends it, where, what, and the status it must get.
function cases() {
  const i = (id, form) => `/console/requisition/items/${id}/${form}`;
  const d = (id, form) => `/console/requisition/decisions/${id}/${form}`;
  const officer = 'ri-officer', appraiser = 'ri-appraiser', finance = 'ri-finance';
  return [
    // Decisions.
    [officer, '/console/requisition/decisions/new', {}, 422],
    [officer, '/console/requisition/decisions/new', decisionForm({ number: '', decided_on: '2026-13-45', grounds: 'war', deadline: 'завтра' }), 422],
    [officer, '/console/requisition/decisions/new', decisionForm({ deadline: '2026-02-01', commission: 'Ерлан Ким; инженер', officials: '' }), 422],
    [officer, '/console/requisition/decisions/new', decisionForm({ officials: 'Серик Алиев; заместитель акима\n; начальник отдела' }), 422],
    [officer, '/console/requisition/decisions/new', decisionForm({ collection_point_ids: String(W.foreign.id) }), 422],
    [officer, '/console/requisition/decisions/new', decisionForm({ collection_point_ids: 'склад', region_id: 'Алматы' }), 422],
    [officer, '/console/requisition/decisions/new', decisionForm({ number: 'Ж'.repeat(400), issuing_body: '' }), 422],
    [officer, '/console/requisition/decisions/new', decisionForm({ region_id: String(W.other.id), collection_point_ids: String(W.foreign.id) }), 403],
    [officer, d(W.decision.id, 'amend'), decisionForm({ region_id: undefined, grounds: 'exercise' }), 409],
    [officer, d(W.decision.id, 'amend'), decisionForm({ region_id: undefined, number: '', deadline: '2025-01-01' }), 422],
    [officer, d(W.revoked.id, 'amend'), decisionForm({ region_id: undefined }), 409],
    [officer, d(W.decision.id, 'revoke'), { reason: '   ' }, 422],
    [officer, d(W.revoked.id, 'revoke'), { reason: 'Ещё раз' }, 409],
    [officer, d(999999, 'revoke'), { reason: 'Нет такого' }, 404],
    // Property.
    [officer, d(W.decision.id, 'items/new'), {}, 422],
    [officer, d(W.decision.id, 'items/new'), itemForm({ kind: 'самолёт', requisition_type: 'аренда', 'owner.kind': 'сосед' }), 422],
    [officer, d(W.decision.id, 'items/new'), itemForm({ 'details.plate': 'А-1', 'details.vin': '1M8GDM9A1KP042788', 'details.year': 'давно', 'owner.iin': '790814300001' }), 422],
    [officer, d(W.decision.id, 'items/new'), itemForm({ 'details.vin': 'XTC43118R1234567O', 'details.year': '1700', 'owner.name': '' }), 422],
    [officer, d(W.decision.id, 'items/new'), itemForm({ kind: 'building', 'details.cadastral_number': '20-315-023', 'details.address': '' }), 422],
    [officer, d(W.decision.id, 'items/new'), itemForm({ 'owner.kind': 'organisation', 'owner.name': 'ТОО «Жетысу»', 'owner.bin': '050540004456' }), 422],
    [officer, d(W.decision.id, 'items/new'), itemForm({ 'owner.kind': 'organisation', 'owner.name': 'ТОО «Жетысу»', 'owner.bin': '12' }), 422],
    [officer, d(W.revoked.id, 'items/new'), itemForm(), 409],
    // The acts.
    [officer, i(W.listed.id, 'taking'), {}, 422],
    [officer, i(W.listed.id, 'taking'), actForm({ act_date: '05.03.2026', 'signed_by.as': 'сосед', 'signed_by.confirmed': '' }), 422],
    [officer, i(W.listed.id, 'taking'), actForm({ act_date: '2026-02-01' }), 422],
    [officer, i(W.drill.id, 'taking'), actForm(), 409],
    [officer, i(W.owned.id, 'taking'), actForm(), 409],
    [officer, i(W.owned.id, 'custody'), { moved_on: '', unit_id: 'рота', place: '', responsible: '' }, 422],
    [officer, i(W.owned.id, 'custody'), { moved_on: '2026-02-01', unit_id: '', place: 'Гараж', responsible: 'Беков' }, 422],
    [officer, i(W.returned.id, 'custody'), { moved_on: '2026-03-12', unit_id: String(W.unit.id), place: 'Гараж', responsible: 'Беков' }, 409],
    [officer, i(W.listed.id, 'custody'), { moved_on: '2026-03-12', unit_id: '', place: 'Гараж', responsible: 'Беков' }, 409],
    [officer, i(W.owned.id, 'return'), actForm({ act_date: '2026-03-20' }), 409],
    [officer, i(W.returned.id, 'return'), actForm({ act_date: '2026-03-20' }), 409],
    [officer, i(W.listed.id, 'return'), actForm({ act_date: '2026-03-20' }), 409],
    // Valuations.
    [appraiser, i(W.owned.id, 'valuations/new'), {}, 422],
    [appraiser, i(W.owned.id, 'valuations/new'), { appraiser: 'Дана Омарова', licence: '', method: 'на глаз', value_date: '2026-03-01', market_value: '25 млн' }, 422],
    [appraiser, i(W.owned.id, 'valuations/new'), { appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'cost', value_date: '2026-03-02', market_value: '-5' }, 422],
    [appraiser, i(W.owned.id, 'valuations/new'), { appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'cost', value_date: '2026-03-02', market_value: '999 999 999 999 999' }, 422],
    [appraiser, i(W.returned.id, 'valuations/new'), { appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'cost', value_date: '2026-03-02', market_value: '10 000' }, 422],
    [appraiser, i(W.listed.id, 'valuations/new'), { appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'cost', value_date: '2026-03-02', market_value: '10 000' }, 409],
    [appraiser, `/console/requisition/valuations/${W.unapproved.id}/approve`, {}, 403],
    [appraiser, '/console/requisition/valuations/999999/approve', {}, 404],
    // The owner's application.
    [officer, i(W.owned.id, 'applications/new'), {}, 422],
    [officer, i(W.owned.id, 'applications/new'), { method: 'bank', iban: 'KZ86 125K ZT50 0410 0101' }, 422],
    [officer, i(W.owned.id, 'applications/new'), { method: 'bank', iban: '12' }, 422],
    [officer, i(W.owned.id, 'applications/new'), { method: 'cash', iban: 'KZ86 125K ZT50 0410 0100' }, 422],
    [officer, i(W.listed.id, 'applications/new'), { method: 'cash', iban: '' }, 409],
    // Payment orders.
    [finance, i(W.owned.id, 'payment-orders/new'), { idempotency_key: 'ri-form-0001', amount: '' }, 422],
    [finance, i(W.owned.id, 'payment-orders/new'), { idempotency_key: 'ri-form-0002', amount: 'сто' }, 422],
    [finance, i(W.owned.id, 'payment-orders/new'), { idempotency_key: 'ri-form-0003', amount: '0' }, 422],
    [finance, i(W.owned.id, 'payment-orders/new'), { idempotency_key: 'ri-form-0004', amount: '100 000' }, 422],
    [finance, i(W.owned.id, 'payment-orders/new'), { idempotency_key: 'abc', amount: '10' }, 422],
    [finance, i(W.owned.id, 'payment-orders/new'), { idempotency_key: 'ri-order-paid', amount: '10' }, 409],
    [finance, i(W.listed.id, 'payment-orders/new'), { idempotency_key: 'ri-form-0005', amount: '10' }, 409],
    [finance, `/console/requisition/payment-orders/${W.waiting.id}/confirm`, {}, 403],
    [finance, `/console/requisition/payment-orders/${W.waiting.id}/cancel?item=${W.owned.id}`, { reason: '' }, 422],
    [finance, `/console/requisition/payment-orders/${W.paid.id}/cancel?item=${W.owned.id}`, { reason: 'Ошибка' }, 409],
    [finance, '/console/requisition/payment-orders/999999/confirm', {}, 404],
    // Disputes.
    [officer, i(W.returned.id, 'disputes/new'), {}, 422],
    [officer, i(W.returned.id, 'disputes/new'), { reason: 'Мало', claimed: 'много' }, 422],
    [officer, i(W.owned.id, 'disputes/new'), { reason: 'Ещё раз', claimed: '30 000' }, 409],
    [officer, i(W.listed.id, 'disputes/new'), { reason: 'Рано', claimed: '30 000' }, 409],
    [officer, `/console/requisition/disputes/${W.dispute.id}/resolve?item=${W.owned.id}`, { resolution: '', adjustment: 'ноль' }, 422],
    [officer, `/console/requisition/disputes/${W.dispute.id}/resolve?item=${W.owned.id}`, { resolution: 'Снизить', adjustment: '-9 000' }, 409],
    [officer, `/console/requisition/disputes/${W.dispute.id}/resolve?item=${W.owned.id}`, { resolution: 'Снизить', adjustment: '-20 000' }, 409],
    [officer, '/console/requisition/disputes/999999/resolve', { resolution: 'Нет', adjustment: '0' }, 404],
    // A role the form is not for.
    ['ri-hq', i(W.owned.id, 'valuations/new'), { market_value: '1' }, 403],
    [appraiser, d(W.decision.id, 'revoke'), { reason: 'Не моё' }, 403],
  ];
}

for (const lang of ['kk', 'ru']) {
  test(`every requisition form refuses bad input in ${lang}: what is wrong is said in ${lang}, no English is left, nothing is stored`, async () => {
    const sessions = {};
    const session = async (login) => (sessions[login] ??= await pageSession(server.base, login, `${login}-password-long`, { 'accept-language': lang }, '/console'));
    const before = await state();
    const wrong = [];
    for (const [login, path, fields, status] of cases()) {
      const s = await session(login);
      const body = Object.fromEntries(Object.entries({ _csrf: s.csrf, ...fields }).filter(([, v]) => v !== undefined));
      const r = await s.post(path, body);
      const where = `${login} ${path} ${JSON.stringify(fields).slice(0, 120)}`;
      if (r.status !== status) { wrong.push(`${where}: status ${r.status}, not ${status}`); continue; }
      if (!r.text.includes(`<html lang="${lang}"`)) wrong.push(`${where}: not a ${lang} page`);
      // A form's summary with the problems, or the error page with its message.
      const said = r.text.match(/<div class="alert" role="alert"[^>]*>([\s\S]*?)<\/div>/)?.[1]
        ?? r.text.match(/<p class="status-code">[\s\S]*?<\/h1>\s*<p>([\s\S]*?)<\/p>/)?.[1];
      if (!said || !/[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]/.test(said)) wrong.push(`${where}: no problem said in ${lang}`);
      // The signed-in login in the page's corner is the account's name, not interface.
      const left = englishLeft(r.text).filter((w) => !login.split('-').includes(w));
      if (left.length) wrong.push(`${where}: English left: ${left.join(', ')}`);
    }
    assert.deepEqual(wrong, []);
    assert.equal(await state(), before, 'a refusal stores nothing');
  });
}

test('a photo that is not an image is refused on the act form in Kazakh, with the act not stored', async () => {
  const s = await pageSession(server.base, 'ri-officer', 'ri-officer-password-long', { 'accept-language': 'kk' }, '/console');
  const before = await state();
  const form = new FormData();
  for (const [k, v] of Object.entries({ _csrf: s.csrf, ...actForm() })) form.append(k, v);
  form.append('photos', new Blob(['not a picture'], { type: 'image/jpeg' }), 'act.jpg');
  const cookie = [...s.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${server.base}/console/requisition/items/${W.listed.id}/taking`, {
    method: 'POST', redirect: 'manual', body: form, headers: { cookie, 'accept-language': 'kk' },
  });
  const html = await res.text();
  assert.equal(res.status, 422);
  assert.match(html, /id="f-photos-error"><span class="visually-hidden">Қате: <\/span>[^<A-Za-z]*JPEG/);
  assert.deepEqual(englishLeft(html).filter((w) => !['ri', 'officer'].includes(w)), []);
  assert.equal(await state(), before);
});

test('spot checks: the two-person refusals and a payment beyond what is payable, in tenge, in Russian', async () => {
  const f = await pageSession(server.base, 'ri-finance', 'ri-finance-password-long', { 'accept-language': 'ru' }, '/console');
  const own = await f.post(`/console/requisition/payment-orders/${W.waiting.id}/confirm`, { _csrf: f.csrf });
  assert.ok(own.text.includes('Это поручение создали вы; подтвердить оплату должен другой сотрудник (правило двух лиц).'));
  const much = await f.post(`/console/requisition/items/${W.owned.id}/payment-orders/new`, { _csrf: f.csrf, idempotency_key: 'ri-spot-0001', amount: '100 000' });
  // 1 000 000 tiyn valued, 100 000 paid and 50 000 ordered: 8 500,00 ₸ payable.
  assert.match(much.text, /id="f-amount-error"><span class="visually-hidden">[^<]*<\/span>больше, чем можно выплатить сейчас \(8\u202f500,00\u00a0₸\)/);
  const a = await pageSession(server.base, 'ri-appraiser', 'ri-appraiser-password-long', { 'accept-language': 'ru' }, '/console');
  const mine = await a.post(`/console/requisition/valuations/${W.unapproved.id}/approve`, { _csrf: a.csrf });
  assert.ok(mine.text.includes('Эту оценку записали вы; утвердить её должен другой сотрудник (правило двух лиц).'));
});
