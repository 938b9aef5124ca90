// A roster measures travel along a stored road network when asked (`network_id`): the committed
// Almaty extract, homes at their district's centre, a post across town. The kilometres are the
// road's (longer than the straight line, not absurdly), the summary says how they were measured,
// and a network that is not there is a 422 at `network_id` with nothing stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { pageSession } from './page-session.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const names = (n) => ({ kk: n, ru: n, en: n });
const FROM = '2026-12-07';
let server, admin, hq, network, available = true;

async function made(res) {
  assert.ok([200, 201, 202].includes(res.status), `${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
async function finished(id) {
  for (let i = 0; i < 600; i++) {
    const r = (await admin.get(`/api/v1/guard/rosters/${id}`)).body;
    if (['done', 'failed', 'cancelled'].includes(r.status)) return r;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('the roster did not finish');
}
const haversineKm = (a, b) => {
  const rad = Math.PI / 180, dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
};

let home, post;
before(async () => {
  server = await startServer();
  admin = await server.login();
  if ((await admin.get('/api/v1/evac/networks')).status === 404) { available = false; return; }
  const bytes = readFileSync(join(root, 'demo', 'data', 'almaty-2013.osm.pbf'));
  const res = await fetch(`${admin.base}/api/v1/evac/networks?${new URLSearchParams({ name: 'Almaty 2013', profile: 'car', format: 'pbf' })}`,
    { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${admin.token}` }, body: bytes });
  network = await res.json();
  assert.equal(res.status, 201, JSON.stringify(network));
  // Homes a quarter into the extract, the post three quarters in: kilometres apart, both on it.
  const [minLon, minLat, maxLon, maxLat] = network.bbox;
  home = { lat: minLat + 0.3 * (maxLat - minLat), lon: minLon + 0.3 * (maxLon - minLon) };
  post = { lat: minLat + 0.65 * (maxLat - minLat), lon: minLon + 0.7 * (maxLon - minLon) };
  const city = await made(await admin.post('/api/v1/regions', { code: 'GR-CITY', level: 'city', name: names('Алматы'), centroid: home }));
  const district = await made(await admin.post('/api/v1/regions', { code: 'GR-D', level: 'district', parent_id: city.id, name: names('Аудан'), centroid: home }));
  const unit = await made(await admin.post('/api/v1/units', { name: 'Күзет ротасы', kind: 'territorial_troops', region_id: district.id, status: 'active' }));
  const facility = await made(await admin.post('/api/v1/facilities', { name: 'Қосалқы станция', kind: 'energy', region_id: district.id, location: post, criticality: 1 }));
  for (let k = 0; k < 4; k++) {
    const p = await made(await admin.post('/api/v1/people', {
      family_name: `Жолов${k}`, given_name: 'Серік', birth_date: '1988-05-0' + (k + 1), iin: makeIin(1988, 5, k + 1, 700 + k, true),
      region_id: district.id, status: 'reservist',
    }));
    await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'guard', from: '2024-01-01' }));
  }
  hq = await server.account(admin, 'gr-hq', 'hq_staff', { region: 'GR-D' });
  const gate = await made(await hq.post('/api/v1/guard/posts', { facility_id: facility.id, name: 'Қақпа', min_guards: 1, active_from: '2026-01-01' }));
  await made(await hq.post(`/api/v1/guard/posts/${gate.id}/patterns`, { shifts: 'day@09:00-18:00', valid_from: '2026-01-01' }));
});
after(async () => { await server.stop(); cleanup(server); });

test('a roster measures travel along the road network it names, the straight line otherwise', async (t) => {
  if (!available) return t.skip('this build has no evacuation planning (evac/ left out)');
  const straight = await finished((await made(await hq.post('/api/v1/guard/rosters', { from: FROM, days: 2 }))).id);
  assert.equal(straight.status, 'done', straight.error);
  assert.equal(straight.summary.distance, 'straight_line');
  assert.equal(straight.summary.filled, 2, 'a guard each day');
  const line = haversineKm(home, post);
  assert.ok(Math.abs(straight.summary.km - 2 * line) < 0.2, `${straight.summary.km} km against 2 × ${line.toFixed(2)}`);

  const asked = await made(await hq.post('/api/v1/guard/rosters', { from: FROM, days: 2, network_id: network.id }));
  assert.equal(asked.rules.road_network_id, network.id, 'the run keeps what it was asked');
  const road = await finished(asked.id);
  assert.equal(road.status, 'done', road.error);
  assert.equal(road.summary.distance, 'road');
  assert.equal(road.summary.road_network_id, network.id);
  assert.equal(road.summary.straight_line_fallbacks, 0, 'home and post are on the network');
  assert.equal(road.summary.filled, 2);
  assert.ok(road.summary.km > straight.summary.km * 1.05, `road ${road.summary.km} km, line ${straight.summary.km} km`);
  assert.ok(road.summary.km < straight.summary.km * 2.5, `road ${road.summary.km} km, line ${straight.summary.km} km`);
  t.diagnostic(`two days: ${road.summary.km} km by road, ${straight.summary.km} km straight`);

  // A guard who cannot serve: the replacements are ranked and measured as the roster measured
  // travel (everyone lives at the same centre here, so each is one day's trip).
  const offered = async (roster) => {
    const shift = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts.find((x) => x.guards.length > 0);
    const r = await hq.get(`/api/v1/guard/rosters/${roster.id}/replacements?shift_id=${shift.id}&person_id=${shift.guards[0].person_id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.items.length > 0, 'someone can stand in');
    return r.body.items;
  };
  for (const c of await offered(straight)) assert.ok(Math.abs(c.km - line) < 0.1, `${c.km} km straight, line ${line}`);
  for (const c of await offered(road)) assert.ok(Math.abs(c.km - road.summary.km / 2) < 0.1, `${c.km} km by road, the roster's day ${road.summary.km / 2}`);
});

test('a road network that is not there is refused at network_id, and nothing is stored', async (t) => {
  if (!available) return t.skip('this build has no evacuation planning (evac/ left out)');
  const count = async () => (await admin.get('/api/v1/guard/rosters?limit=200')).body.items.length;
  const before = await count();
  for (const [value, message] of [[999999, /no road network has this id/], ['seven', /./], [0, /./]]) {
    const r = await hq.post('/api/v1/guard/rosters', { from: FROM, days: 2, network_id: value });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const e = (r.body.errors ?? []).find((x) => x.field === 'network_id');
    assert.ok(e, JSON.stringify(r.body));
    assert.match(e.message, message);
  }
  const ru = await hq.post('/api/v1/guard/rosters?lang=ru', { from: FROM, days: 2, network_id: 999999 });
  assert.equal(ru.headers.get('content-language'), 'ru');
  assert.doesNotMatch(JSON.stringify(ru.body), /road network/, 'in Russian, not English');
  assert.equal(await count(), before);
});

test('the console offers the stored road networks for a roster and says how its kilometres were measured', async (t) => {
  if (!available) return t.skip('this build has no evacuation planning (evac/ left out)');
  const page = await pageSession(server.base, 'gr-hq', 'gr-hq-password-long', {}, '/console/guard');
  const form = await page.get('/console/guard?lang=ru');
  const select = form.text.match(/<select name="network_id">([\s\S]*?)<\/select>/);
  assert.ok(select, 'the form has the choice');
  assert.match(select[1], /<option value="">по прямой<\/option>/);
  assert.match(select[1], new RegExp(`<option value="${network.id}">по дорогам сети Almaty 2013 \\(автомобиль\\)</option>`));
  const made = await page.post('/console/guard/rosters', { _csrf: page.csrf, from: FROM, days: '2', network_id: String(network.id) });
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const id = made.headers.get('location').split('/').pop();
  const done = await finished(id);
  assert.equal(done.summary.distance, 'road');
  const shown = await page.get(`/console/guard/rosters/${id}?lang=ru`);
  assert.match(shown.text, new RegExp(`по дорогам сети ${network.id}; 0 расстояний вне её — по прямой`));
});
