// The muster (JSON) and the after-action report (JSON and CSV) of an activation agree with
// themselves while check-ins and declines land: each answer is read in one snapshot, so its
// counts, curve, people, units and totals all show one moment. Past the deadline the report is
// final, so every person called has either arrived or is a no-show in it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { sql } from './sql.mjs';

let server, admin;
const W = { units: [] };
const names = (n) => ({ kk: n, ru: n, en: n });
const PER_UNIT = 40, TARGET = 30;

async function made(res, status = 201) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  const region = await made(await admin.post('/api/v1/regions', { code: 'MS-R', level: 'city', name: names('Қала') }));
  W.point = await made(await admin.post('/api/v1/facilities', { name: 'Мектеп', kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2 }));
  let k = 0;
  for (const s of ['A', 'B']) {
    const unit = await made(await admin.post('/api/v1/units', { name: `Рота ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    W.units.push(unit);
    for (let i = 0; i < PER_UNIT; i++) {
      const p = await made(await admin.post('/api/v1/people', {
        family_name: `Суретов${s}${i}`, given_name: 'Ерлан', birth_date: '1991-05-05', iin: makeIin(1991, 5, 5, 600 + ++k),
        region_id: region.id, status: 'reservist',
      }));
      await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
    }
  }
  W.plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Сурет', region_id: region.id, deadline_minutes: 240, messages: { kk: 'Жиын орнына келіңіз.' },
    units: W.units.map((u) => ({ unit_id: u.id, target: TARGET, assembly_facility_id: W.point.id })),
  }));
});

after(async () => {
  await server?.stop();
  if (server) cleanup(server);
});

const sum = (xs) => xs.reduce((s, x) => s + x, 0);
const values = (o) => sum(Object.values(o || {}));

// The muster: counts per status over its people, arrivals per unit and in all, the curves' last
// points and the minutes to 50 % against the arrivals.
function assertMusterAgrees(m, called) {
  assert.equal(m.people.length, called);
  assert.equal(values(m.counts), called, `counts ${JSON.stringify(m.counts)}`);
  const arrived = m.people.filter((p) => p.status === 'arrived');
  const { total, units } = m.muster;
  assert.equal(m.counts.arrived || 0, arrived.length, 'counts against people');
  assert.equal(total.arrived, arrived.length, 'the curve against the people');
  assert.equal(sum(units.map((u) => u.arrived)), total.arrived);
  assert.equal(sum(units.map((u) => u.target)), total.target);
  for (const s of [total, ...units]) {
    const own = s.unit_id ? arrived.filter((p) => p.unit_id === s.unit_id).length : arrived.length;
    assert.equal(s.arrived, own, `arrivals of ${s.name || 'all'}`);
    const last = s.curve.at(-1);
    assert.equal(last ? Math.round(last.share * s.target) : 0, s.arrived, `the last point of ${s.name || 'all'}`);
    assert.equal(s.minutes_to_half !== null, s.arrived >= Math.ceil(s.target / 2));
  }
  for (const [status, n] of Object.entries(m.counts))
    assert.equal(m.people.filter((p) => p.status === status).length, n, `people ${status}`);
}

// The final report: called = arrived + no-shows for each unit and in all, units summing to the
// total, the list of no-shows as long as their counts.
function assertReportAgrees(r, called) {
  assert.equal(r.final, true);
  const { total, units } = r;
  assert.equal(total.called, called);
  for (const u of [total, ...units])
    assert.equal(u.arrived + values(u.no_shows), u.called, `arrived and no-shows of ${u.name || 'all'}`);
  for (const key of ['called', 'arrived', 'target'])
    assert.equal(sum(units.map((u) => u[key])), total[key], key);
  assert.equal(r.no_shows.length, values(total.no_shows));
  for (const u of units) assert.equal(r.no_shows.filter((n) => n.unit_id === u.unit_id).length, values(u.no_shows));
}

// The CSV's rows: called = arrived + no-shows, and the units summing to the last (all) row.
function assertCsvAgrees(text, called) {
  const [head, ...rows] = text.trim().split(/\r\n/).map((l) => l.split(','));
  const col = (name) => head.indexOf(name);
  const noShows = head.map((h, i) => (h.startsWith('no_show_') ? i : -1)).filter((i) => i >= 0);
  assert.equal(noShows.length, 6);
  const n = (row, name) => Number(row[col(name)]);
  for (const row of rows)
    assert.equal(n(row, 'arrived') + sum(noShows.map((i) => Number(row[i]))), n(row, 'called'), row.join(','));
  const all = rows.at(-1), units = rows.slice(0, -1);
  assert.equal(all[col('unit')], 'all');
  assert.equal(n(all, 'called'), called);
  for (const name of ['called', 'arrived', ...noShows.map((i) => head[i])])
    assert.equal(sum(units.map((r) => n(r, name))), n(all, name), name);
  return n(all, 'arrived');
}

test('the muster and the after-action report agree with themselves while check-ins land', async () => {
  const a = await made(await admin.post(`/api/v1/activation/plans/${W.plan.id}/activations`, { kind: 'exercise' }));
  await made(await admin.post(`/api/v1/activation/activations/${a.id}/approve`), 200);
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices?limit=500`)).body.items;
  const called = 2 * PER_UNIT;
  assert.equal(notices.length, called);
  // Past the deadline the report is final; check-ins and answers are still taken.
  sql(server.db.url, `UPDATE activations SET deadline_at = ${Date.now() * 1000 - 1000} WHERE id = ${a.id}`);

  // Four writers: every fifth person declines, the others check in, in a shuffled order.
  const order = notices.map((n, i) => [(i * 37) % called, n]).sort((x, y) => x[0] - y[0]).map(([, n]) => n);
  let next = 0, writing = true;
  const writer = async () => {
    while (next < order.length) {
      const n = order[next++];
      const res = n.person_id % 5 === 0
        ? await admin.post(`/api/v1/activation/activations/${a.id}/notices/${n.id}/answer`, { answer: 'decline', reason: 'ill' })
        : await admin.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: n.code, facility_id: W.point.id });
      assert.ok([200, 201].includes(res.status), JSON.stringify(res.body));
    }
  };
  const csvOf = async () => {
    const res = await fetch(`${server.base}/api/v1/activation/activations/${a.id}/after-action.csv`, { headers: { authorization: `Bearer ${admin.token}` } });
    assert.equal(res.status, 200);
    return res.text();
  };
  const midway = new Set();
  let reads = 0;
  const reader = async () => {
    while (writing) {
      const [m, r, csv] = await Promise.all([
        admin.get(`/api/v1/activation/activations/${a.id}/muster`),
        admin.get(`/api/v1/activation/activations/${a.id}/after-action`),
        csvOf(),
      ]);
      assertMusterAgrees(await made(m, 200), called);
      assertReportAgrees(await made(r, 200), called);
      const arrived = assertCsvAgrees(csv, called);
      for (const x of [m.body.muster.total.arrived, r.body.total.arrived, arrived])
        if (x > 0 && x < called) midway.add(x);
      reads++;
    }
  };
  const readers = [reader(), reader()];
  await Promise.all([writer(), writer(), writer(), writer()]);
  writing = false;
  await Promise.all(readers);
  assert.ok(midway.size >= 3, `answers read while check-ins landed: ${[...midway]} in ${reads} rounds`);

  const m = await made(await admin.get(`/api/v1/activation/activations/${a.id}/muster`), 200);
  assertMusterAgrees(m, called);
  const declined = notices.filter((n) => n.person_id % 5 === 0).length;
  assert.equal(m.muster.total.arrived, called - declined);
  assert.equal(m.counts.declined, declined);
  const r = await made(await admin.get(`/api/v1/activation/activations/${a.id}/after-action`), 200);
  assertReportAgrees(r, called);
  assert.equal(r.total.no_shows.ill, declined);
  assert.equal(assertCsvAgrees(await csvOf(), called), called - declined);
});
