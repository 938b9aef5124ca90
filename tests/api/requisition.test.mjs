// Requisition of property with compensation at market value: a decision, its property, the
// taking and return acts, custody, valuations approved by a second person, the owner's payment
// application and dispute (by the code on the taking act and the owner's IIN/BIN), payment
// orders paid once per idempotency key and confirmed by a second person, and the append-only
// ledger with its totals, CSV export and the `qorgan requisition report` reconciliation.
// Every bad input of the issue's §4 is a clear 4xx that changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, client, makeIin } from './harness.mjs';
import { sql } from './sql.mjs';

let server, admin, officer, officer2, appraiser, appraiser2, finance, finance2, hq, other, W;
const names = (n) => ({ kk: n, ru: n, en: n });
const ownerIin = makeIin(1979, 8, 14, 4410);
const farmBin = '050540004455';

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

// A VIN whose 9th character is its check digit (ISO 3779).
function vin(body16) {
  const values = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const v = body16.slice(0, 8) + '0' + body16.slice(8);
  const sum = [...v].reduce((a, c, i) => a + (/\d/.test(c) ? Number(c) : values[c]) * weights[i], 0) % 11;
  return v.slice(0, 8) + (sum === 10 ? 'X' : String(sum)) + v.slice(9);
}

const decisionOf = (s, extra = {}) => ({
  number: `№ 17-${s}`, decided_on: '2026-03-01', issuing_body: 'Акимат города Алматы', grounds: 'martial_law',
  region_id: W[s].region.id, deadline: '2026-05-31', collection_point_ids: [W[s].facility.id],
  officials: [{ name: 'Серик Алиев', position: 'заместитель акима' }],
  commission: [{ name: 'Дана Омарова', position: 'оценщик', appraiser: true, licence: 'ЛИЦ-0042' }, { name: 'Ерлан Ким', position: 'инженер' }],
  ...extra,
});
const truck = (extra = {}) => ({
  kind: 'vehicle', description: 'Грузовик КамАЗ-43118', requisition_type: 'use',
  details: { plate: '123ABC02', vin: vin('XTC43118R1234567'), make: 'КамАЗ', model: '43118', year: 2019 },
  owner: { kind: 'person', name: 'Айгуль Сейтова', iin: ownerIin }, ...extra,
});
const taking = (date = '2026-03-03') => ({
  act_date: date, place: 'Пункт сбора, ул. Толе би 1', condition: 'исправен', readings: '84 512 км',
  defects: 'скол на лобовом стекле', accessories: 'запасное колесо, домкрат', photos: ['front.jpg'],
  signed_by: { name: 'Айгуль Сейтова', as: 'owner', confirmed: true },
});
const valuation = (extra = {}) => ({
  appraiser: 'Дана Омарова', licence: 'ЛИЦ-0042', method: 'comparative', value_date: '2026-03-03',
  market_value: 2_500_000_000, rent_per_day: 4_500_000, ...extra,
});

before(async () => {
  server = await startServer();
  admin = await server.login();
  const city = await made(await admin.post('/api/v1/regions', { code: 'RQ-ALA', level: 'city', name: names('Алматы') }));
  W = {};
  for (const s of ['A', 'B']) {
    const region = await made(await admin.post('/api/v1/regions', { code: `RQ-${s}`, level: 'district', parent_id: city.id, name: names(`Аудан ${s}`) }));
    const unit = await made(await admin.post('/api/v1/units', { name: `Рота ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    const facility = await made(await admin.post('/api/v1/facilities', {
      name: `Склад ${s}`, kind: 'energy', region_id: region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2,
    }));
    W[s] = { region, unit, facility };
  }
  officer = await server.account(admin, 'rq-officer', 'requisition_officer', { region: 'RQ-A' });
  officer2 = await server.account(admin, 'rq-officer2', 'requisition_officer', { region: 'RQ-A' });
  appraiser = await server.account(admin, 'rq-appraiser', 'appraiser', { region: 'RQ-A' });
  appraiser2 = await server.account(admin, 'rq-appraiser2', 'appraiser', { region: 'RQ-A' });
  finance = await server.account(admin, 'rq-finance', 'finance_officer', { region: 'RQ-A' });
  finance2 = await server.account(admin, 'rq-finance2', 'finance_officer', { region: 'RQ-A' });
  hq = await server.account(admin, 'rq-hq', 'hq_staff', { region: 'RQ-A' });
  other = await server.account(admin, 'rq-other', 'requisition_officer', { region: 'RQ-B' });
});
after(async () => { await server.stop(); cleanup(server); });

// What a refusal must leave as it was: the item's whole file and the ledger.
async function state(itemId) {
  const item = (await admin.get(`/api/v1/requisition/items/${itemId}`)).body;
  const ledger = (await admin.get('/api/v1/requisition/ledger?limit=200')).body;
  return JSON.stringify({ item, ledger });
}
async function refused(res, status, itemId, before, field) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type'), /application\/problem\+json/);
  if (field) assert.ok((res.body.errors ?? []).some((e) => e.field === field), `${field} named: ${JSON.stringify(res.body)}`);
  assert.equal(await state(itemId), before, 'the refusal changed nothing');
}

test('a vehicle goes from decision to taking, custody, valuation, payment and return; the ledger reconciles', async () => {
  const d = await made(await officer.post('/api/v1/requisition/decisions', decisionOf('A')));
  assert.equal(d.status, 'in_force');
  assert.equal(d.version, 1);
  assert.equal(d.commission[0].licence, 'ЛИЦ-0042');
  const item = await made(await officer.post(`/api/v1/requisition/decisions/${d.id}/items`, truck()));
  assert.equal(item.status, 'listed');
  assert.equal(item.owner.iin, ownerIin);

  const taken = await officer.post(`/api/v1/requisition/items/${item.id}/taking`, taking());
  assert.equal(taken.status, 200, JSON.stringify(taken.body));
  assert.equal(taken.body.status, 'taken');
  assert.match(taken.body.owner_code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  const code = taken.body.owner_code;

  const moved = await officer.post(`/api/v1/requisition/items/${item.id}/custody`, { unit_id: W.A.unit.id, place: 'Автопарк роты', responsible: 'лейтенант Нурлан Беков', moved_on: '2026-03-04' });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.custody[0].unit_id, W.A.unit.id);

  const v = await made(await appraiser.post(`/api/v1/requisition/items/${item.id}/valuations`, valuation()));
  assert.equal(v.status, 'recorded');
  // Nothing is payable before the valuation is approved.
  let before = await state(item.id);
  await refused(await finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount: 100, idempotency_key: 'early-order-1' }), 409, item.id, before);
  // The appraiser who recorded it may not approve it.
  await refused(await appraiser.post(`/api/v1/requisition/valuations/${v.id}/approve`), 403, item.id, before);
  const approved = await appraiser2.post(`/api/v1/requisition/valuations/${v.id}/approve`);
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  // Taken into use: nothing is owed until the return act.
  assert.equal((await admin.get(`/api/v1/requisition/items/${item.id}`)).body.due, 0);

  const returned = await officer.post(`/api/v1/requisition/items/${item.id}/return`, { ...taking('2026-03-13'), condition: 'вмятина на двери', signed_by: { name: 'Айгуль Сейтова', as: 'owner', confirmed: true } });
  assert.equal(returned.status, 200, JSON.stringify(returned.body));
  assert.equal(returned.body.status, 'returned');
  // 10 days × 45 000 ₸ = 450 000 ₸.
  assert.equal(returned.body.due, 10 * 4_500_000);
  assert.equal(returned.body.totals.owed, 10 * 4_500_000);
  // Damage beyond fair wear: a re-appraisal, approved by someone else, adds it.
  const damage = await made(await appraiser.post(`/api/v1/requisition/items/${item.id}/valuations`, valuation({ value_date: '2026-03-13', damage: 12_000_000 })));
  assert.equal((await officer.post(`/api/v1/requisition/valuations/${damage.id}/approve`)).status, 200);
  let file = (await admin.get(`/api/v1/requisition/items/${item.id}`)).body;
  assert.equal(file.totals.owed, 45_000_000 + 12_000_000);
  assert.deepEqual(file.totals, { accrued: 45_000_000, adjusted: 12_000_000, owed: 57_000_000, paid: 0, balance: 57_000_000, disputed: 0, entries: 2 });

  // The owner signs in with the code and the IIN, applies for payment to a bank account.
  const owner = client(server.base);
  const view = await owner.post('/api/v1/requisition/owner', { code: code.toLowerCase().replaceAll('-', ' '), owner_id: ownerIin });
  assert.equal(view.status, 200, JSON.stringify(view.body));
  assert.equal(view.body.due, 57_000_000);
  assert.equal(view.body.custody[0].place, 'Автопарк роты');
  assert.equal(view.body.item.owner_name, 'Айгуль Сейтова');
  assert.equal(JSON.stringify(view.body).includes(ownerIin), false, 'the IIN is not echoed');
  const applied = await owner.post('/api/v1/requisition/owner/application', { code, owner_id: ownerIin, method: 'bank', iban: 'kz86 125k zt50 0410 0100' });
  assert.equal(applied.status, 201, JSON.stringify(applied.body));
  assert.equal(applied.body.iban, 'KZ86125KZT5004100100');

  // A partial payment, submitted twice with one idempotency key: one order.
  const first = await finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount: 20_000_000, idempotency_key: 'pay-truck-0001' });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const again = await finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount: 20_000_000, idempotency_key: 'pay-truck-0001' });
  assert.equal(again.status, 200);
  assert.equal(again.body.id, first.body.id);
  const location = first.headers.get('location');
  assert.equal(location, `/api/v1/requisition/payment-orders/${first.body.id}`);
  assert.deepEqual((await hq.get(location)).body, first.body);
  assert.equal((await other.get(location)).status, 404, 'not from another region');
  before = await state(item.id);
  await refused(await finance.post(`/api/v1/requisition/payment-orders/${first.body.id}/confirm`), 403, item.id, before);
  const paid = await finance2.post(`/api/v1/requisition/payment-orders/${first.body.id}/confirm`);
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  assert.equal(paid.body.status, 'paid');
  before = await state(item.id);
  await refused(await finance2.post(`/api/v1/requisition/payment-orders/${first.body.id}/confirm`), 409, item.id, before);
  file = (await admin.get(`/api/v1/requisition/items/${item.id}`)).body;
  assert.equal(file.totals.paid, 20_000_000);
  assert.equal(file.payable, 37_000_000);
  // Paying more than is due.
  before = await state(item.id);
  await refused(await finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount: 37_000_001, idempotency_key: 'pay-truck-0002' }), 422, item.id, before, 'amount');

  // An order made by mistake is cancelled, with its reason, by a finance officer (its maker may):
  // it no longer holds back what is payable and pays nothing. Without a reason, by another role,
  // a second time, or an order already paid: refused, nothing changed.
  const mistaken = await made(await finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount: 1_000_000, idempotency_key: 'pay-truck-mistake' }));
  assert.equal((await admin.get(`/api/v1/requisition/items/${item.id}`)).body.payable, 36_000_000);
  before = await state(item.id);
  await refused(await finance.post(`/api/v1/requisition/payment-orders/${mistaken.id}/cancel`, {}), 422, item.id, before, 'reason');
  await refused(await finance.post(`/api/v1/requisition/payment-orders/${mistaken.id}/cancel`, { reason: '  ' }), 422, item.id, before, 'reason');
  await refused(await officer.post(`/api/v1/requisition/payment-orders/${mistaken.id}/cancel`, { reason: 'Ошибка' }), 403, item.id, before);
  await refused(await hq.post(`/api/v1/requisition/payment-orders/${mistaken.id}/cancel`, { reason: 'Ошибка' }), 403, item.id, before);
  const cancelled = await finance.post(`/api/v1/requisition/payment-orders/${mistaken.id}/cancel`, { reason: ' Сумма набрана с ошибкой ' });
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  assert.equal(cancelled.body.status, 'cancelled');
  assert.equal(cancelled.body.cancel_reason, 'Сумма набрана с ошибкой');
  file = (await admin.get(`/api/v1/requisition/items/${item.id}`)).body;
  assert.equal(file.payable, 37_000_000);
  assert.equal(file.totals.paid, 20_000_000);
  assert.equal(file.payment_orders.find((o) => o.id === mistaken.id).cancel_reason, 'Сумма набрана с ошибкой');
  before = await state(item.id);
  await refused(await finance2.post(`/api/v1/requisition/payment-orders/${mistaken.id}/cancel`, { reason: 'ещё раз' }), 409, item.id, before);
  await refused(await finance2.post(`/api/v1/requisition/payment-orders/${mistaken.id}/confirm`), 409, item.id, before);
  await refused(await finance2.post(`/api/v1/requisition/payment-orders/${first.body.id}/cancel`, { reason: 'уже оплачено' }), 409, item.id, before);
  const cancelLog = (await admin.get(`/api/v1/audit?entity_type=requisition_order&entity_id=${mistaken.id}`)).body.items;
  const cancelEntry = cancelLog.find((e) => e.action === 'requisition_order.cancel');
  assert.ok(cancelEntry, JSON.stringify(cancelLog));
  assert.equal(cancelEntry.after.cancel_reason, 'Сумма набрана с ошибкой');
  assert.equal(cancelEntry.before.status, 'created');
  assert.equal(cancelLog.filter((e) => e.action === 'requisition_order.cancel').length, 1);

  // The owner disputes; the undisputed part stays payable; the resolution adjusts the amount.
  const dispute = await owner.post('/api/v1/requisition/owner/dispute', { code, owner_id: ownerIin, reason: 'Аренда грузовика в Алматы дороже.', claimed: 80_000_000 });
  assert.equal(dispute.status, 201, JSON.stringify(dispute.body));
  file = (await admin.get(`/api/v1/requisition/items/${item.id}`)).body;
  assert.equal(file.totals.disputed, 80_000_000 - 57_000_000);
  assert.equal(file.payable, 37_000_000);
  const resolved = await officer2.post(`/api/v1/requisition/disputes/${dispute.body.id}/resolve`, { resolution: 'Комиссия пересчитала ставку.', adjustment: 8_000_000 });
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  file = (await admin.get(`/api/v1/requisition/items/${item.id}`)).body;
  assert.equal(file.totals.owed, 65_000_000);
  assert.equal(file.totals.disputed, 0);
  const rest = await made(await finance2.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount: 45_000_000, idempotency_key: 'pay-truck-0003' }));
  assert.equal((await finance.post(`/api/v1/requisition/payment-orders/${rest.id}/confirm`)).status, 200);

  // A second return is refused.
  before = await state(item.id);
  await refused(await officer.post(`/api/v1/requisition/items/${item.id}/return`, taking('2026-03-20')), 409, item.id, before);

  // The ledger: entries are accruals, adjustments and payments; totals by decision and region.
  const ledger = (await hq.get(`/api/v1/requisition/ledger?decision_id=${d.id}`)).body.items;
  assert.deepEqual(ledger.map((e) => [e.kind, e.amount]), [
    ['accrual', 45_000_000], ['adjustment', 12_000_000], ['payment', 20_000_000], ['adjustment', 8_000_000], ['payment', 45_000_000],
  ]);
  const byDecision = (await hq.get('/api/v1/requisition/totals?by=decision')).body.items.find((g) => g.id === d.id);
  assert.deepEqual([byDecision.totals.owed, byDecision.totals.paid, byDecision.totals.balance], [65_000_000, 65_000_000, 0]);
  const byRegion = (await hq.get('/api/v1/requisition/totals?by=region')).body.items;
  assert.deepEqual(byRegion.map((g) => [g.label, g.totals.paid]), [['RQ-A', 65_000_000]]);

  // The reconciliation, over the API and from the command line.
  const report = (await hq.get(`/api/v1/requisition/decisions/${d.id}/report`)).body;
  assert.equal(report.ok, true);
  const cli = server.cli(['requisition', 'report', '--decision', String(d.id)]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /reconciled: the ledger agrees/);
  assert.match(cli.stdout, /650\u202f000,00\u00a0₸/);

  // Every act is in the audit log.
  const audit = (await admin.get(`/api/v1/audit?entity_type=requisition_item&entity_id=${item.id}`)).body.items.map((e) => e.action);
  for (const action of ['requisition_item.create', 'requisition_item.take', 'requisition_item.custody', 'requisition_item.return', 'requisition_item.apply'])
    assert.ok(audit.includes(action), action);
});

test('the ledger is append-only in the database itself, and its CSV matches the API', async () => {
  const count = sql(server.db.url, 'SELECT COUNT(*), SUM(amount) FROM requisition_ledger');
  assert.notEqual(count.split(/[|]/)[0], '0');
  for (const statement of ['UPDATE requisition_ledger SET amount = amount + 1', 'DELETE FROM requisition_ledger'])
    assert.throws(() => sql(server.db.url, statement), /append-only/, statement);
  assert.equal(sql(server.db.url, 'SELECT COUNT(*), SUM(amount) FROM requisition_ledger'), count);

  const csv = await admin.get('/api/v1/requisition/ledger.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = csv.text.split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'entry,recorded_at,decision,region,item,kind,amount_tiyn,reason,recorded_by');
  const json = (await admin.get('/api/v1/requisition/ledger?limit=200')).body.items;
  assert.equal(lines.length, json.length + 1);
  for (const [i, e] of json.entries()) {
    const fields = lines[i + 1].split(',');
    assert.deepEqual([Number(fields[0]), fields[5], Number(fields[6])], [e.id, e.kind, e.amount]);
  }
  for (const method of ['PATCH', 'DELETE', 'PUT'])
    assert.ok([404, 405].includes((await admin.call(method, `/api/v1/requisition/ledger/${json[0].id}`)).status));
});

test('bad input of every kind is a clear 4xx and changes nothing', async () => {
  const d = await made(await officer.post('/api/v1/requisition/decisions', decisionOf('A', { number: '№ 18-A' })));
  const item = await made(await officer.post(`/api/v1/requisition/decisions/${d.id}/items`, truck({ requisition_type: 'ownership' })));
  let before = await state(item.id);
  const items = `/api/v1/requisition/decisions/${d.id}/items`;
  const listed = async () => (await admin.get(items)).body.items.length;
  const count = await listed();
  // Invalid IIN, BIN, VIN.
  for (const [body, field] of [
    [truck({ owner: { kind: 'person', name: 'X', iin: '790814300001' } }), 'owner.iin'],
    [truck({ owner: { kind: 'organisation', name: 'ТОО Ферма', bin: '050540004454' } }), 'owner.bin'],
    // A North American VIN must carry its check digit; a Russian one need not, but no letter O.
    [truck({ details: { plate: '123ABC02', vin: '1M8GDM9A1KP042788', make: 'MCI', model: 'D4500', year: 2019 } }), 'details.vin'],
    [truck({ details: { plate: '123ABC02', vin: 'XTC43118R1234567O', make: 'КамАЗ', model: '43118', year: 2019 } }), 'details.vin'],
  ]) {
    const r = await officer.post(items, body);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(r.body.errors.some((e) => e.field === field), `${field}: ${JSON.stringify(r.body)}`);
  }
  assert.equal(await listed(), count);
  // An organisation with a valid BIN is fine.
  await made(await officer.post(items, { kind: 'equipment', description: 'Дизельный генератор 100 кВт', requisition_type: 'use', details: { serial: 'DG-100-7781' }, owner: { kind: 'organisation', name: 'ТОО «Жетысу Агро»', bin: farmBin } }));

  await officer.post(`/api/v1/requisition/items/${item.id}/taking`, taking('2026-03-05'));
  before = await state(item.id);
  // A valuation dated before the taking; negative and absurd amounts.
  await refused(await appraiser.post(`/api/v1/requisition/items/${item.id}/valuations`, valuation({ value_date: '2026-03-04' })), 422, item.id, before, 'value_date');
  await refused(await appraiser.post(`/api/v1/requisition/items/${item.id}/valuations`, valuation({ market_value: -5 })), 422, item.id, before, 'market_value');
  await refused(await appraiser.post(`/api/v1/requisition/items/${item.id}/valuations`, valuation({ market_value: 1e16 })), 422, item.id, before, 'market_value');
  await refused(await appraiser.post(`/api/v1/requisition/items/${item.id}/valuations`, valuation({ market_value: 12.5 })), 422, item.id, before, 'market_value');
  // A return act for property taken into ownership.
  await refused(await officer.post(`/api/v1/requisition/items/${item.id}/return`, taking('2026-03-10')), 409, item.id, before);
  // An invalid IBAN.
  await refused(await officer.post(`/api/v1/requisition/items/${item.id}/applications`, { method: 'bank', iban: 'KZ87125KZT5004100100' }), 422, item.id, before, 'iban');
  // Payment before an approved valuation.
  await refused(await finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount: 1000, idempotency_key: 'bad-input-1' }), 409, item.id, before);
  const v = await made(await appraiser.post(`/api/v1/requisition/items/${item.id}/valuations`, valuation({ value_date: '2026-03-05' })));
  before = await state(item.id);
  // Approving one's own valuation.
  await refused(await appraiser.post(`/api/v1/requisition/valuations/${v.id}/approve`), 403, item.id, before);
  assert.equal((await officer.post(`/api/v1/requisition/valuations/${v.id}/approve`)).status, 200);
  await made(await officer.post(`/api/v1/requisition/items/${item.id}/applications`, { method: 'cash' }));
  before = await state(item.id);
  // A negative, a zero, an absurd payment and one more than is due.
  for (const amount of [-1, 0, 1e16, 2_500_000_001])
    await refused(await finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount, idempotency_key: `bad-amount-${amount}` }), 422, item.id, before, 'amount');
  // Unknown fields and malformed JSON.
  await refused(await finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, { amount: 10, idempotency_key: 'bad-input-2', amont: 1 }), 422, item.id, before, 'amont');
  await refused(await finance.post(`/api/v1/requisition/items/${item.id}/payment-orders`, '{"amount":'), 422, item.id, before);
  // Another region's officer does not see the item.
  await refused(await other.post(`/api/v1/requisition/items/${item.id}/custody`, { place: 'X', responsible: 'Y', moved_on: '2026-03-06' }), 404, item.id, before);
});

test('an exercise decision never takes real property', async () => {
  const d = await made(await officer.post('/api/v1/requisition/decisions', decisionOf('A', { number: '№ 19-A', grounds: 'exercise' })));
  const item = await made(await officer.post(`/api/v1/requisition/decisions/${d.id}/items`, truck()));
  const before = await state(item.id);
  await refused(await officer.post(`/api/v1/requisition/items/${item.id}/taking`, taking()), 409, item.id, before);
});

// The limits are bytes: PostgreSQL carries an item's description and owner's name in an index
// entry, whose size is bounded, and the longest allowed in 4-byte characters must still fit.
test('the longest description and owner name are stored, taken and reported; a byte more is refused', async () => {
  const d = await made(await officer.post('/api/v1/requisition/decisions', decisionOf('A', { number: '№ 20-A' })));
  const items = `/api/v1/requisition/decisions/${d.id}/items`;
  const description = '\u{1D538}'.repeat(125), name = '\u{1D539}'.repeat(75);
  assert.equal(Buffer.byteLength(description), 500);
  assert.equal(Buffer.byteLength(name), 300);
  const owner = { kind: 'organisation', name, bin: farmBin };
  for (const [body, field] of [[truck({ description: description + 'a', owner }), 'description'], [truck({ description, owner: { ...owner, name: name + 'a' } }), 'owner.name']]) {
    const r = await officer.post(items, body);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(r.body.errors.some((e) => e.field === field), `${field}: ${JSON.stringify(r.body)}`);
  }
  assert.equal((await admin.get(items)).body.items.length, 0);
  const item = await made(await officer.post(items, truck({ description, owner })));
  assert.equal((await officer.post(`/api/v1/requisition/items/${item.id}/taking`, taking())).status, 200);
  const report = (await hq.get(`/api/v1/requisition/decisions/${d.id}/report`)).body;
  assert.deepEqual(report.lines.map((l) => [l.item_id, l.description, l.status]), [[item.id, description, 'taken']]);
  const file = (await officer.get(`/api/v1/requisition/items/${item.id}`)).body;
  assert.deepEqual([file.description, file.owner.name, file.status], [description, name, 'taken']);
});

test('a decision is amended as a new version and revoked; both audited', async () => {
  const d = await made(await officer.post('/api/v1/requisition/decisions', decisionOf('A', { number: '№ 20-A' })));
  const amended = await officer.patch(`/api/v1/requisition/decisions/${d.id}`, { deadline: '2026-06-30' });
  assert.equal(amended.status, 200, JSON.stringify(amended.body));
  assert.equal(amended.body.version, 2);
  const noAppraiser = await officer.patch(`/api/v1/requisition/decisions/${d.id}`, { commission: [{ name: 'Ерлан Ким' }] });
  assert.equal(noAppraiser.status, 422);
  assert.ok(noAppraiser.body.errors.some((e) => e.field === 'commission'));
  const versions = (await hq.get(`/api/v1/requisition/decisions/${d.id}/versions`)).body.items;
  assert.deepEqual(versions.map((v) => [v.version, v.decision.deadline]), [[1, '2026-05-31'], [2, '2026-06-30']]);
  const revoked = await officer.post(`/api/v1/requisition/decisions/${d.id}/revoke`, { reason: 'Необходимость отпала.' });
  assert.equal(revoked.status, 200);
  assert.equal(revoked.body.status, 'revoked');
  assert.equal((await officer.post(`/api/v1/requisition/decisions/${d.id}/items`, truck())).status, 409);
  assert.equal((await officer.post(`/api/v1/requisition/decisions/${d.id}/revoke`, { reason: 'ещё раз' })).status, 409);
  const audit = (await admin.get(`/api/v1/audit?entity_type=requisition_decision&entity_id=${d.id}`)).body.items.map((e) => e.action);
  assert.deepEqual(audit.sort(), ['requisition_decision.amend', 'requisition_decision.create', 'requisition_decision.revoke']);
  // Another region: a decision there is refused, and is invisible.
  assert.equal((await officer.post('/api/v1/requisition/decisions', decisionOf('B'))).status, 403);
  assert.equal((await other.get(`/api/v1/requisition/decisions/${d.id}`)).status, 404);
});

test('the printed acts and the annex: A4 pages in kk, ru and en; the code only for those who hand it over', async () => {
  const d = await made(await officer.post('/api/v1/requisition/decisions', decisionOf('A', { number: '№ 22-A' })));
  const item = await made(await officer.post(`/api/v1/requisition/decisions/${d.id}/items`, truck()));
  const code = (await officer.post(`/api/v1/requisition/items/${item.id}/taking`, taking())).body.owner_code;
  const act = await officer.get(`/api/v1/requisition/items/${item.id}/taking-act?lang=kk`);
  assert.equal(act.status, 200);
  assert.match(act.headers.get('content-type'), /text\/html/);
  assert.match(act.headers.get('content-security-policy'), /default-src 'none'/);
  assert.match(act.text, /<html lang="kk">/);
  for (const text of ['Мүлікті алу актісі', 'Грузовик КамАЗ-43118', '123ABC02', 'скол на лобовом стекле', code, '/kk/requisition'])
    assert.ok(act.text.includes(text), text);
  assert.ok((await officer.get(`/api/v1/requisition/items/${item.id}/taking-act?lang=ru`)).text.includes('Акт изъятия имущества'));
  assert.ok((await officer.get(`/api/v1/requisition/items/${item.id}/taking-act?lang=en`)).text.includes('Taking act'));
  // Headquarters read the act, without the owner's code.
  const read = await hq.get(`/api/v1/requisition/items/${item.id}/taking-act?lang=ru`);
  assert.equal(read.status, 200);
  assert.ok(!read.text.includes(code));
  assert.equal((await officer.get(`/api/v1/requisition/items/${item.id}/taking-act?lang=de`)).status, 422);
  assert.ok((await officer.get(`/api/v1/requisition/items/${item.id}/return-act?lang=ru`)).text.includes('Акт возврата не составлялся.'));
  const annex = await officer.get(`/api/v1/requisition/decisions/${d.id}/annex?lang=kk`);
  assert.equal(annex.status, 200);
  for (const text of ['№ 22-A', 'Грузовик КамАЗ-43118', 'Айгуль Сейтова', 'ЛИЦ-0042', 'уақытша пайдалануға']) assert.ok(annex.text.includes(text), text);
});

test('the owner page: the code and the BIN open the file; the application and the dispute go by plain forms', async () => {
  const d = await made(await officer.post('/api/v1/requisition/decisions', decisionOf('A', { number: '№ 23-A' })));
  const item = await made(await officer.post(`/api/v1/requisition/decisions/${d.id}/items`, {
    kind: 'building', description: 'Склад 1 200 м²', requisition_type: 'use',
    details: { cadastral_number: '20:315:023:004', address: 'Алматы, ул. Бокейханова, 510' },
    owner: { kind: 'organisation', name: 'ТОО «Жетысу Логистик»', bin: farmBin },
  }));
  const code = (await officer.post(`/api/v1/requisition/items/${item.id}/taking`, taking())).body.owner_code;
  const form = (fields) => ({ method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const post = async (lang, fields) => { const r = await fetch(`${server.base}/${lang}/requisition`, form(fields)); return { status: r.status, text: await r.text(), headers: r.headers }; };
  const empty = await fetch(`${server.base}/kk/requisition`);
  assert.equal(empty.status, 200);
  assert.ok((await empty.text()).includes('Алу актісіндегі код'));
  const shown = await post('ru', { code, owner_id: farmBin });
  assert.equal(shown.status, 200, shown.text.slice(0, 500));
  assert.equal(shown.headers.get('cache-control'), 'no-store');
  for (const text of ['<html lang="ru">', 'Склад 1 200 м²', 'Оценка ещё не утверждена.', 'Пункт сбора, ул. Толе би 1']) assert.ok(shown.text.includes(text), text);
  const applied = await post('ru', { code, owner_id: farmBin, action: 'apply', method: 'bank', iban: 'KZ86 125K ZT50 0410 0100' });
  assert.ok(applied.text.includes('Ваше заявление принято.'), applied.text.slice(0, 800));
  const badIban = await post('en', { code, owner_id: farmBin, action: 'apply', method: 'bank', iban: 'KZ87125KZT5004100100' });
  assert.equal(badIban.status, 422);
  assert.ok(badIban.text.includes('Bank account (IBAN)'));
  const disputed = await post('kk', { code, owner_id: farmBin, action: 'dispute', reason: 'Жалдау ақысы төмен.', claimed: '1 500,50' });
  assert.ok(disputed.text.includes('Дауыңыз қабылданды.'), disputed.text.slice(0, 800));
  const file = (await admin.get(`/api/v1/requisition/items/${item.id}`)).body;
  assert.deepEqual(file.applications.map((a) => [a.method, a.iban, a.filed_by]), [['bank', 'KZ86125KZT5004100100', `owner:${item.id}`]]);
  assert.deepEqual(file.disputes.map((x) => [x.claimed, x.opened_by]), [[150050, `owner:${item.id}`]]);
  const wrong = await post('ru', { code, owner_id: '050540004447' });
  assert.equal(wrong.status, 404);
  assert.ok(wrong.text.includes('Имущество с таким кодом и ИИН/БИН не найдено.'));
});

test('the owner view is throttled after wrong codes, and a wrong IIN is as wrong as a wrong code', async () => {
  const d = await made(await officer.post('/api/v1/requisition/decisions', decisionOf('A', { number: '№ 21-A' })));
  const item = await made(await officer.post(`/api/v1/requisition/decisions/${d.id}/items`, truck()));
  const code = (await officer.post(`/api/v1/requisition/items/${item.id}/taking`, taking())).body.owner_code;
  const owner = client(server.base);
  assert.equal((await owner.post('/api/v1/requisition/owner', { code, owner_id: makeIin(1979, 8, 14, 4500) })).status, 404);
  assert.equal((await owner.post('/api/v1/requisition/owner', { code })).status, 422);
  let status;
  for (let i = 0; i < 12; i++) status = (await owner.post('/api/v1/requisition/owner', { code: 'AAAA-BBBB-CCCC', owner_id: ownerIin })).status;
  assert.equal(status, 429);
  // Throttled: even the right code waits.
  assert.equal((await owner.post('/api/v1/requisition/owner', { code, owner_id: ownerIin })).status, 429);
});
