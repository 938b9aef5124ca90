// The requisition ledger's CSV (`GET /api/v1/requisition/ledger.csv` and `qorgan requisition
// ledger`, the module's only CSV) read as a spreadsheet reads RFC 4180 and saved again: the same
// bytes, and every value the API gives, for fields holding commas, quotes, line breaks, Kazakh
// and Russian text, leading spaces and what a sheet would run as a formula.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { sql } from './sql.mjs';

let server, admin, W;
const names = (n) => ({ kk: n, ru: n, en: n });

async function made(res) {
  assert.ok([200, 201].includes(res.status), JSON.stringify(res.body));
  return res.body;
}

// RFC 4180 as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line
// breaks; records end with CRLF. Throws on what a sheet would misread.
function parse(text) {
  const rows = [];
  let i = 0;
  while (i < text.length) {
    const row = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error('a quote left open');
          if (text[i] === '"') {
            if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
            i++;
            break;
          }
          field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') throw new Error(`a quote inside an unquoted field at ${i}`);
          field += text[i++];
        }
      }
      row.push(field);
      if (text[i] === ',') { i++; continue; }
      if (text.slice(i, i + 2) !== '\r\n') throw new Error(`a record not ended by CRLF at ${i}`);
      i += 2;
      break;
    }
    rows.push(row);
  }
  return rows;
}
// And as it writes the sheet back: a field is quoted when it holds a comma, a quote or a line
// break, or begins or ends with a space.
const write = (rows) => rows.map((r) => r.map((f) => (/[",\r\n]|^ | $/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + '\r\n').join('');
// A cell shown as text because it would otherwise run as a formula carries a leading apostrophe
// that the sheet does not show (core/csv.hpp); the value is what follows it.
const shown = (f) => (/^'['=+\-@\t\r]/.test(f) ? f.slice(1) : f);

before(async () => {
  server = await startServer();
  admin = await server.login();
  W = {};
  W.region = await made(await admin.post('/api/v1/regions', { code: 'RCSV', level: 'city', name: names('Шымкент') }));
  W.facility = await made(await admin.post('/api/v1/facilities', { name: 'Қойма', kind: 'energy', region_id: W.region.id, location: { lat: 42.3, lon: 69.6 }, criticality: 2 }));
  const approver = await server.account(admin, 'csv-admin2', 'admin');
  W.decision = await made(await admin.post('/api/v1/requisition/decisions', {
    number: '№ 7-р', decided_on: '2026-03-01', issuing_body: 'Акимат', grounds: 'emergency', region_id: W.region.id,
    deadline: '2026-06-01', collection_point_ids: [W.facility.id], officials: [{ name: 'Серік Әлиев', position: 'орынбасар' }],
    commission: [{ name: 'Дана Омарова', position: 'бағалаушы', appraiser: true, licence: 'ЛИЦ-7' }],
  }));
  // Real entries: an accrual and a payment for property taken into ownership.
  W.item = await made(await admin.post(`/api/v1/requisition/decisions/${W.decision.id}/items`, {
    kind: 'equipment', description: 'Генератор', details: { serial: 'ДГ-7' }, requisition_type: 'ownership',
    owner: { kind: 'person', name: 'Әсел Нұрова', iin: makeIin(1985, 1, 2, 3456, false) },
  }));
  await made(await admin.post(`/api/v1/requisition/items/${W.item.id}/taking`, {
    act_date: '2026-03-02', place: 'Қойма', condition: 'жарамды', signed_by: { name: 'Әсел Нұрова', as: 'owner', confirmed: true },
  }));
  const v = await made(await admin.post(`/api/v1/requisition/items/${W.item.id}/valuations`, {
    appraiser: 'Дана Омарова', licence: 'ЛИЦ-7', method: 'cost', value_date: '2026-03-02', market_value: 123_456_789,
  }));
  await made(await approver.post(`/api/v1/requisition/valuations/${v.id}/approve`));
  await made(await admin.post(`/api/v1/requisition/items/${W.item.id}/applications`, { method: 'cash' }));
  const o = await made(await admin.post(`/api/v1/requisition/items/${W.item.id}/payment-orders`, { amount: 1_000_050, idempotency_key: 'csv-order-0001' }));
  await made(await approver.post(`/api/v1/requisition/payment-orders/${o.id}/confirm`));
  // The services write plain reasons and logins of a–z, 0–9, '.', '_' and '-'; so that the export
  // meets every kind of text a field may hold, entries with such reasons and signatures are
  // appended to the ledger in the database (it refuses only changes and deletions).
  W.texts = [
    ['Өтемақы, «түзету» — 2-кезең', 'бухгалтер, Әлия'],
    ['Он сказал: "заплатите", и ушёл', 'кассир "Ә"'],
    ['жол 1\r\nжол 2\nжол 3', 'a\nb'],
    ['=SUM(A1:A9)', '+7 701 000 00 00'],
    ['-2+3', '@имя'],
    ["'уже с апострофом", "''"],
    ['  пробелы по краям  ', ' '],
    ['\tтабуляция', '-'],
    ['"', '""'],
    ['', ','],
  ];
  const q = (s) => `'${s.replace(/'/g, "''")}'`;
  const at = Date.UTC(2026, 2, 10) * 1000;
  for (const [n, [reason, by]] of W.texts.entries()) {
    sql(server.db.url, `INSERT INTO requisition_ledger (item_id, decision_id, region_id, owner_id_index, kind, amount, reason, recorded_by, recorded_at)
      SELECT id, decision_id, region_id, owner_id_index, 'adjustment', ${n % 2 ? -n : n}, ${q(reason)}, ${q(by)}, ${at + n} FROM requisition_items WHERE id = ${W.item.id}`);
  }
});
after(async () => { await server.stop(); cleanup(server); });

test('the ledger CSV read as a spreadsheet reads it and saved again gives the same bytes and every value of the API', async () => {
  const res = await admin.get('/api/v1/requisition/ledger.csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  const rows = parse(res.text);
  assert.equal(write(rows), res.text, 'saved again unchanged');
  assert.deepEqual(rows[0], ['entry', 'recorded_at', 'decision', 'region', 'item', 'kind', 'amount_tiyn', 'reason', 'recorded_by']);
  const entries = (await admin.get('/api/v1/requisition/ledger?limit=200')).body.items;
  assert.equal(rows.length - 1, entries.length);
  assert.ok(entries.length >= W.texts.length + 2, 'the real accrual and payment are there too');
  for (const [n, e] of entries.entries()) {
    const r = rows[n + 1].map(shown);
    assert.deepEqual([Number(r[0]), r[2], r[3], r[4], r[5], Number(r[6]), r[7], r[8]],
      [e.id, String(e.decision_id), String(e.region_id), String(e.item_id), e.kind, e.amount, e.reason, e.recorded_by], `entry ${e.id}`);
    assert.ok(!Number.isNaN(Date.parse(r[1])), `entry ${e.id}: ${r[1]} is a time`);
  }
  // Every hostile text came back as it was stored, and nothing that would run as a formula is
  // left bare in a cell.
  const byReason = new Map(entries.map((e) => [e.reason, e.recorded_by]));
  for (const [reason, by] of W.texts) assert.equal(byReason.get(reason), by, JSON.stringify(reason));
  for (const row of rows.slice(1)) for (const f of [row[7], row[8]]) assert.doesNotMatch(f, /^[=+@\t\r]|^-(?!\d+$)/, JSON.stringify(f));
  // The sums survive: the amounts are whole tiyn, with no separator a sheet would localise.
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  assert.equal(sum(rows.slice(1).map((r) => Number(r[6]))), sum(entries.map((e) => e.amount)));
});

test('qorgan requisition ledger writes the same file, for all decisions and for one', async () => {
  const http = (await admin.get('/api/v1/requisition/ledger.csv')).text;
  const all = server.cli(['requisition', 'ledger']);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, http);
  const one = server.cli(['requisition', 'ledger', '--decision', String(W.decision.id)]);
  assert.equal(one.code, 0, one.stderr);
  const rows = parse(one.stdout);
  assert.equal(write(rows), one.stdout);
  assert.ok(rows.slice(1).every((r) => r[2] === String(W.decision.id)));
  assert.equal(rows.length, parse(http).length, 'one decision holds every entry here');
});
