// The console's readiness page draws a running activation's muster curve: the total, and beside
// it a curve for each unit while there are a few (up to 12); an activation of more units shows
// the total alone, their curves being on its muster page. The readiness JSON carries the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin, ADMIN_PASSWORD } from './harness.mjs';
import { pageSession } from './page-session.mjs';

let server, admin;
const names = (n) => ({ kk: n, ru: n, en: n });
const made = async (res) => { assert.equal(res.status, 201, JSON.stringify(res.body)); return res.body; };

before(async () => {
  server = await startServer();
  admin = await server.login();
});
after(async () => { await server.stop(); cleanup(server); });

// A region with `count` units on one plan (unit i with a target of target(i)), one person in
// the first, activated as an exercise.
async function activated(code, count, target = () => 1) {
  const region = await made(await admin.post('/api/v1/regions', { code, level: 'city', name: names(`Қала ${code}`) }));
  const point = await made(await admin.post('/api/v1/facilities', { name: `Мектеп ${code}`, kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2 }));
  const units = [];
  for (let i = 0; i < count; i++)
    units.push(await made(await admin.post('/api/v1/units', { name: `${code} рота ${i + 1}`, kind: 'territorial_troops', region_id: region.id, status: 'active' })));
  const person = await made(await admin.post('/api/v1/people', {
    family_name: `Сынақов${count}`, given_name: 'Ерлан', birth_date: '1990-04-04', iin: makeIin(1990, 4, 4, 400 + count),
    region_id: region.id, status: 'reservist',
  }));
  await made(await admin.post(`/api/v1/people/${person.id}/memberships`, { unit_id: units[0].id, position: 'rifleman', from: '2024-01-01' }));
  const plan = await made(await admin.post('/api/v1/activation/plans', {
    name: `Жиын ${code}`, region_id: region.id, messages: { kk: 'Келіңіз.' },
    units: units.map((u, i) => ({ unit_id: u.id, target: target(i), assembly_facility_id: point.id })),
  }));
  const a = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }));
  assert.equal((await admin.post(`/api/v1/activation/activations/${a.id}/approve`)).status, 200);
  return region;
}

test('the readiness page draws each unit\'s curve for a few units, the total alone for many', async () => {
  const few = await activated('RP-FEW', 12);
  const many = await activated('RP-MANY', 13);
  const page = await pageSession(server.base, 'admin', ADMIN_PASSWORD, {}, '/console');
  const curves = async (region) => {
    const r = await page.get(`/console/activation/readiness?region=${region.id}`);
    assert.equal(r.status, 200);
    const chart = r.text.match(/<svg[^>]*chart-curve[\s\S]*?<\/svg>/);
    assert.ok(chart, 'the muster curve is drawn');
    return (chart[0].match(/<polyline/g) || []).length;
  };
  assert.equal(await curves(few), 13, 'the total and each of the 12 units');
  assert.equal(await curves(many), 1, 'the total alone');

  // The JSON carries what the page draws: each unit's curve for up to 12 units; for more, each
  // unit's figures without its curve, and the total's curve. The muster keeps every unit's.
  const muster = async (region) => {
    const r = await admin.get(`/api/v1/activation/readiness?region=${region.id}`);
    assert.equal(r.status, 200);
    return r.body.activations.exercises[0];
  };
  const fewUnits = (await muster(few)).muster.units;
  assert.equal(fewUnits.length, 12);
  for (const u of fewUnits) assert.deepEqual(u.curve, [], `${u.name}: a curve, none arrived yet`);
  const manyMuster = await muster(many);
  assert.equal(manyMuster.muster.units.length, 13);
  assert.deepEqual(manyMuster.muster.total.curve, []);
  for (const u of manyMuster.muster.units) {
    assert.ok(!('curve' in u), `${u.name}: no curve`);
    assert.deepEqual([u.target, u.arrived, u.minutes_to_half, u.minutes_to_nine_tenths], [1, 0, null, null]);
  }
  const full = (await admin.get(`/api/v1/activation/activations/${manyMuster.id}/muster`)).body;
  assert.equal(full.muster.units.filter((u) => Array.isArray(u.curve)).length, 13, 'the muster keeps each unit\'s curve');
});

test('a plan of many units charts the ones furthest below their target and lists every unit', async () => {
  // Unit i needs i + 1 people and only the first has its one: the shortfall grows with i, so the
  // chart holds units 7 to 30, the 30th first.
  const region = await activated('RP-BARS', 30, (i) => i + 1);
  const page = await pageSession(server.base, 'admin', ADMIN_PASSWORD, {}, '/console');
  const r = await page.get(`/console/activation/readiness?region=${region.id}&lang=ru`);
  assert.equal(r.status, 200);
  const chart = r.text.match(/<svg[^>]*chart-bars[^>]*aria-label="([^"]*)"[\s\S]*?<\/svg>/);
  assert.ok(chart, 'the strength chart is drawn');
  assert.match(chart[1], /24 подразделений.*из 30/);
  const bars = [...chart[0].matchAll(/<text class="bar-name"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(bars, Array.from({ length: 24 }, (_, k) => `RP-BARS рота ${30 - k}`));
  assert.match(r.text, /в таблице ниже — все 30/);
  const table = r.text.match(/<table class="readiness-units">[\s\S]*?<\/table>/)[0];
  const rows = [...table.matchAll(/<th scope="row"><a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
  assert.equal(rows.length, 30, 'the table keeps every unit');
  for (let i = 1; i <= 30; i++) assert.ok(rows.includes(`RP-BARS рота ${i}`), `unit ${i} in the table`);
});

test('a plan of a few units charts every unit', async () => {
  const region = await activated('RP-ALL', 5, (i) => 5 - i);
  const page = await pageSession(server.base, 'admin', ADMIN_PASSWORD, {}, '/console');
  const r = await page.get(`/console/activation/readiness?region=${region.id}&lang=ru`);
  const [chart, label] = r.text.match(/<svg[^>]*chart-bars[^>]*aria-label="([^"]*)"[\s\S]*?<\/svg>/);
  assert.equal(label, 'Штатная и фактическая численность: Жиын RP-ALL');
  const bars = [...chart.matchAll(/<text class="bar-name"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(bars, [1, 2, 3, 4, 5].map((k) => `RP-ALL рота ${k}`), 'in the plan\'s order');
  assert.doesNotMatch(r.text, /в таблице ниже/);
});
