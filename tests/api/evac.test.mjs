// Evacuation planning over HTTP: road networks uploaded as OSM files (a hand-made town, the real
// extracts when ../shared/data/osm has them), plans run in the background and fetched as JSON,
// GeoJSON, CSV and printable orders, cancel, roles and scope, bad input that stores nothing,
// every change in the audit log, and a crash during a running plan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cleanup, client, root, makeIin } from './harness.mjs';
import { osmTown } from './osm-town.mjs';

const osmDir = process.env.QORGAN_OSM_DIR || join(root, '..', 'shared', 'data', 'osm');
const karlsruhe = '/usr/share/doc/osmium-tool/examples/extract-example-config/karlsruhe.osm.bz2';
const names = (n) => ({ kk: n, ru: n, en: n });

// POSTs raw bytes (the harness client sends JSON).
async function upload(c, query, body, type = 'application/octet-stream') {
  const headers = { 'content-type': type };
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  const res = await fetch(`${c.base}/api/v1/evac/networks?${new URLSearchParams(query)}`, { method: 'POST', headers, body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, headers: res.headers, body: json };
}

async function waitFor(c, id, statuses, ms = 60000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await c.get(`/api/v1/evac/plans/${id}`);
    assert.equal(last.status, 200, JSON.stringify(last.body));
    if (statuses.includes(last.body.status)) return last.body;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`plan ${id} did not reach ${statuses} in ${ms} ms: ${JSON.stringify(last.body)}`);
}

const people = 'lat,lon,count\n43.2401,76.9001,120\n43.2455,76.9080,80\n';
// 625,000 people spread over a 50 x 50 town (every other junction) with one shelter in a corner:
// CCRP needs a minute or more for it here, and stops between two searches when told.
const crowdTown = () => osmTown(50);
const crowd = (() => {
  const lines = ['lat,lon,count'];
  for (let j = 0; j < 50; j += 2)
    for (let i = 0; i < 50; i += 2) lines.push(`${(43.24 + j * 0.0009).toFixed(6)},${(76.90 + i * 0.00123).toFixed(6)},1000`);
  return lines.join('\n') + '\n';
})();
const bigShelter = 'lat,lon,capacity,name\n43.2401,76.9001,3000000,Stadium\n';

let server, admin, town, city, west, east, available = true;

before(async () => {
  server = await startServer();
  admin = await server.login();
  const probe = await admin.get('/api/v1/evac/networks');
  if (probe.status === 404) { available = false; return; }
  city = (await admin.post('/api/v1/regions', { code: 'EV-C', level: 'city', name: names('Town') })).body;
  west = (await admin.post('/api/v1/regions', { code: 'EV-W', level: 'district', parent_id: city.id, name: names('West'), centroid: { lat: 43.243, lon: 76.902 } })).body;
  east = (await admin.post('/api/v1/regions', { code: 'EV-E', level: 'district', parent_id: city.id, name: names('East'), centroid: { lat: 43.243, lon: 76.912 } })).body;
  for (const [region, lat, lon] of [[west, 43.2401, 76.9001], [east, 43.2463, 76.9074]]) {
    const f = await admin.post('/api/v1/facilities', {
      name: `Gym ${region.code}`, kind: 'education', region_id: region.id, location: { lat, lon }, criticality: 3, shelter_capacity: 500,
    });
    assert.equal(f.status, 201, JSON.stringify(f.body));
  }
});
after(async () => { await server.stop(); cleanup(server); });

const plan = (extra = {}) => ({
  name: 'Drill', region_id: city.id, network_id: town.id, planner: 'qorgan',
  evacuees: { csv: people }, shelters: { registry: {} }, ...extra,
});

test('a hand-made OSM town is uploaded, listed and drawn', async (t) => {
  if (!available) return t.skip('this build has no evacuation planning (evac/ left out)');
  const r = await upload(admin, { name: 'Town', profile: 'car', format: 'xml', filename: 'town.osm' }, osmTown(8));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  town = r.body;
  // An 8 x 8 grid; its four corners, where a street only turns, are folded into the streets.
  assert.equal(town.nodes, 64 - 4);
  assert.equal(town.arcs, 2 * 2 * 8 * 7 - 4 * 2);
  assert.equal(town.profile, 'car');
  assert.equal(town.step_seconds, 30);
  assert.equal(town.source_file, 'town.osm');
  assert.equal(town.created_by, 'admin');
  assert.deepEqual(town.bbox.map((x) => +x.toFixed(4)), [76.9, 43.24, 76.9086, 43.2463]);
  assert.equal(r.headers.get('location'), `/api/v1/evac/networks/${town.id}`);
  const list = await admin.get('/api/v1/evac/networks');
  assert.deepEqual(list.body.items.map((n) => n.id), [town.id]);
  assert.equal(list.body.next_cursor, null);
  assert.equal((await admin.get(`/api/v1/evac/networks/${town.id}`)).body.name, 'Town');
  const geo = await admin.get(`/api/v1/evac/networks/${town.id}/geojson`);
  assert.equal(geo.status, 200);
  assert.match(geo.headers.get('content-type'), /geo\+json/);
  assert.equal(geo.body.type, 'FeatureCollection');
  assert.equal(geo.body.features.length, 2 * 8 * 7 - 4);  // both directions of a street: one feature
  assert.equal(geo.body.attribution, '© OpenStreetMap contributors');
  const f = geo.body.features[0];
  assert.equal(f.geometry.type, 'LineString');
  assert.equal(f.properties.oneway, false);
  assert.ok(f.properties.capacity >= 1 && f.properties.travel_time >= 1);
  assert.equal((await admin.get('/api/v1/evac/networks/99999')).status, 404);
});

test('a real extract is uploaded when ../shared/data/osm has one', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const file = ['monaco.osm.pbf', 'almaty-2013.osm.pbf'].map((f) => join(osmDir, f)).find(existsSync);
  if (!file) return t.skip(`no monaco.osm.pbf or almaty-2013.osm.pbf in ${osmDir} (set QORGAN_OSM_DIR)`);
  const bytes = readFileSync(file);
  const r = await upload(admin, { name: 'Real city', profile: 'car', format: 'pbf' }, bytes);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // Monaco: 2,078 junctions kept; Almaty 2013: 8,386 (evac/README.md).
  assert.ok(r.body.nodes > 1500 && r.body.nodes < 10000, `${r.body.nodes} junctions`);
  assert.equal(r.body.source_bytes, bytes.length);
  assert.ok(r.body.stats.buildings > 100);
  const p = await admin.post('/api/v1/evac/plans', {
    name: 'Real city, schools', region_id: city.id, network_id: r.body.id, planner: 'shortest',
    evacuees: { buildings: { population: 3000 } }, shelters: { schools: { capacity: 2000 } },
  });
  assert.equal(p.status, 202, JSON.stringify(p.body));
  assert.equal(p.body.input.population, 3000);
  const done = await waitFor(admin, p.body.id, ['done', 'failed']);
  assert.equal(done.status, 'done', done.error);
  assert.equal(done.summary.evacuated + done.summary.unroutable, 3000);
});

test('a plan runs in the background to done; its results come as JSON, GeoJSON, CSV and orders', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const r = await admin.post('/api/v1/evac/plans', plan({ with_optimum: true }));
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(r.body.status, 'queued');
  assert.equal(r.body.progress, 0);
  assert.equal(r.body.created_by, 'admin');
  assert.deepEqual(
    { population: r.body.input.population, sources: r.body.input.sources, shelters: r.body.input.shelters, shelter_capacity: r.body.input.shelter_capacity },
    { population: 200, sources: 2, shelters: 2, shelter_capacity: 1000 });
  assert.match(r.body.input.fingerprint, /^[0-9a-f]{16}$/);
  const early = await admin.get(`/api/v1/evac/plans/${r.body.id}/plan.json`);
  if (early.status !== 200) assert.equal(early.status, 409);  // not done yet (unless very quick)
  const done = await waitFor(admin, r.body.id, ['done', 'failed']);
  assert.equal(done.status, 'done', done.error);
  assert.equal(done.progress, 1);
  assert.ok(done.started_at && done.finished_at);
  assert.equal(done.summary.evacuated, 200);
  assert.equal(done.summary.unroutable, 0);
  assert.equal(done.summary.step_seconds, 30);
  assert.equal(done.summary.egress_seconds, done.summary.egress_time * 30);
  assert.ok(done.summary.optimum > 0 && done.summary.egress_over_optimum >= 1);

  const json = await admin.get(`/api/v1/evac/plans/${r.body.id}/plan.json`);
  assert.equal(json.status, 200);
  assert.equal(json.body.format, 'qorgan-evac-plan');
  assert.equal(json.body.evacuated, 200);
  // Each origin is named after the nearest neighbourhood (leaf region) of the plan's region.
  assert.deepEqual(json.body.sources.map((s) => s.name).sort(), ['East', 'West']);
  assert.deepEqual(json.body.shelters.map((s) => s.name).sort(), ['Gym EV-E', 'Gym EV-W']);
  const geo = await admin.get(`/api/v1/evac/plans/${r.body.id}/plan.geojson`);
  assert.equal(geo.status, 200);
  assert.match(geo.headers.get('content-type'), /geo\+json/);
  assert.ok(geo.body.features.length > 0);
  assert.equal(geo.body.attribution, '© OpenStreetMap contributors');
  const csv = await admin.get(`/api/v1/evac/plans/${r.body.id}/plan.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.text, /^group,source,origin,count,departure,arrival,shelter/);
  const orders = await admin.get(`/api/v1/evac/plans/${r.body.id}/orders`);
  assert.equal(orders.status, 200, orders.text);
  assert.match(orders.headers.get('content-type'), /^text\/html/);
  assert.match(orders.headers.get('content-security-policy'), /default-src 'none'/);
  assert.match(orders.text, /West/);
  assert.match(orders.text, /East/);

  const list = await admin.get(`/api/v1/evac/plans?region=${city.id}&status=done`);
  assert.ok(list.body.items.some((p) => p.id === r.body.id));
  assert.equal((await admin.get(`/api/v1/evac/plans?status=running`)).body.items.length, 0);
  assert.equal((await admin.post(`/api/v1/evac/plans/${r.body.id}/cancel`)).status, 409);
});

test('a long plan is cancelled while it runs', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const big = await upload(admin, { name: 'Big town' }, crowdTown());
  assert.equal(big.status, 201, JSON.stringify(big.body));
  const crowdPlan = (name) => plan({ name, network_id: big.body.id, planner: 'ccrp', evacuees: { csv: crowd }, shelters: { csv: bigShelter } });
  const r = await admin.post('/api/v1/evac/plans', crowdPlan('Crowd'));
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const running = await waitFor(admin, r.body.id, ['running', 'done', 'failed']);
  assert.equal(running.status, 'running');
  // Progress is written while it runs.
  let seen = running.progress;
  for (let i = 0; i < 40 && seen === 0; i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    seen = (await admin.get(`/api/v1/evac/plans/${r.body.id}`)).body.progress;
  }
  assert.ok(seen > 0 && seen < 1, `progress ${seen}`);
  // One account may have 3 plans waiting or running (the default): behind the running one, two
  // more are queued and the next is refused with a wait that the header and body agree on.
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await admin.post('/api/v1/evac/plans', plan({ name: `Queued ${i}` })));
  assert.deepEqual(answers.map((a) => a.status), [202, 202, 429], JSON.stringify(answers.at(-1).body));
  const refused = answers[2];
  assert.equal(refused.headers.get('retry-after'), '60');
  assert.equal(refused.body.retry_after, 60);
  assert.match(refused.body.detail, /You already have 3 plans waiting or running/);
  const c = await admin.post(`/api/v1/evac/plans/${r.body.id}/cancel`);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.status, 'cancelled');
  await new Promise((ok) => setTimeout(ok, 600));
  const later = await admin.get(`/api/v1/evac/plans/${r.body.id}`);
  assert.equal(later.body.status, 'cancelled');
  assert.equal((await admin.get(`/api/v1/evac/plans/${r.body.id}/plan.json`)).status, 409);
  assert.equal((await admin.post(`/api/v1/evac/plans/${r.body.id}/cancel`)).status, 409);
  // The worker is free again: a small plan after it is done promptly.
  const next = await admin.post('/api/v1/evac/plans', plan({ name: 'After the crowd' }));
  assert.equal((await waitFor(admin, next.body.id, ['done', 'failed'], 20000)).status, 'done');
  // A running plan that is deleted is cancelled first.
  const doomed = await admin.post('/api/v1/evac/plans', crowdPlan('Doomed'));
  await waitFor(admin, doomed.body.id, ['running']);
  assert.equal((await admin.del(`/api/v1/evac/plans/${doomed.body.id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/evac/plans/${doomed.body.id}`)).status, 404);
  const again = await admin.post('/api/v1/evac/plans', plan({ name: 'After the doomed one' }));
  assert.equal((await waitFor(admin, again.body.id, ['done', 'failed'], 20000)).status, 'done');
});

test('roles: admin and hq_staff of the region plan; everyone else is refused', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const hq = await server.account(admin, 'ev-hq-west', 'hq_staff', { region: 'EV-W' });
  const hqAll = await server.account(admin, 'ev-hq-all', 'hq_staff');
  const mine = await hq.post('/api/v1/evac/plans', plan({ name: 'West drill', region_id: west.id }));
  assert.equal(mine.status, 202, JSON.stringify(mine.body));
  assert.equal(mine.body.created_by, 'ev-hq-west');
  assert.equal((await hq.post('/api/v1/evac/plans', plan({ region_id: east.id }))).status, 403);
  assert.equal((await hq.post('/api/v1/evac/plans', plan())).status, 403);  // the whole city
  const theirs = await admin.post('/api/v1/evac/plans', plan({ name: 'East drill', region_id: east.id }));
  assert.equal(theirs.status, 202);
  await waitFor(admin, theirs.body.id, ['done']);
  await waitFor(hq, mine.body.id, ['done']);
  // Out of scope: as if it did not exist.
  for (const path of ['', '/plan.json', '/plan.csv', '/orders'])
    assert.equal((await hq.get(`/api/v1/evac/plans/${theirs.body.id}${path}`)).status, 404, path);
  assert.equal((await hq.post(`/api/v1/evac/plans/${theirs.body.id}/cancel`)).status, 404);
  assert.equal((await hq.del(`/api/v1/evac/plans/${theirs.body.id}`)).status, 404);
  assert.equal((await hq.get(`/api/v1/evac/plans/${mine.body.id}/plan.geojson`)).status, 200);
  const listed = (await hq.get('/api/v1/evac/plans')).body.items.map((p) => p.id);
  assert.ok(listed.includes(mine.body.id) && !listed.includes(theirs.body.id));
  assert.ok((await hqAll.get('/api/v1/evac/plans')).body.items.some((p) => p.id === theirs.body.id));
  assert.equal((await hqAll.get(`/api/v1/evac/plans/${theirs.body.id}`)).status, 200);
  // Networks are shared road data: hq_staff read and upload them; only an admin deletes one.
  assert.equal((await hq.get('/api/v1/evac/networks')).status, 200);
  assert.equal((await hq.get(`/api/v1/evac/networks/${town.id}/geojson`)).status, 200);
  assert.equal((await hq.del(`/api/v1/evac/networks/${town.id}`)).status, 403);
  const hqUpload = await upload(hq, { name: 'West streets', profile: 'foot' }, osmTown(4));
  assert.equal(hqUpload.status, 201, JSON.stringify(hqUpload.body));
  assert.equal(hqUpload.body.profile, 'foot');
  assert.equal(hqUpload.body.step_seconds, 10);

  const made = async (res) => { assert.equal(res.status, 201, JSON.stringify(res.body)); return res.body; };
  const org = await made(await admin.post('/api/v1/organisations', { name: 'Town Water', kind: 'company', size_category: 'large', region_id: west.id }));
  const unit = await made(await admin.post('/api/v1/units', { name: 'West company', kind: 'territorial_troops', region_id: west.id, status: 'active' }));
  const person = await made(await admin.post('/api/v1/people', {
    family_name: 'Evakuatsiya', given_name: 'Aigerim', birth_date: '1991-02-03', iin: makeIin(1991, 2, 3, 4321, false),
    region_id: west.id, status: 'volunteer',
  }));
  const others = {
    commander: await server.account(admin, 'ev-commander', 'commander', { unit_id: unit.id }),
    auditor: await server.account(admin, 'ev-auditor', 'auditor'),
    volunteer: await server.account(admin, 'ev-volunteer', 'volunteer', { person_id: person.id }),
    company_officer: await server.account(admin, 'ev-officer', 'company_officer', { organisation_id: org.id }),
  };
  const anonymous = client(server.base);
  const calls = [
    (c) => c.get('/api/v1/evac/networks'),
    (c) => c.get(`/api/v1/evac/networks/${town.id}`),
    (c) => c.get(`/api/v1/evac/networks/${town.id}/geojson`),
    (c) => upload(c, { name: 'X' }, osmTown(3)),
    (c) => c.del(`/api/v1/evac/networks/${town.id}`),
    (c) => c.get('/api/v1/evac/plans'),
    (c) => c.post('/api/v1/evac/plans', plan()),
    (c) => c.get(`/api/v1/evac/plans/${mine.body.id}`),
    (c) => c.get(`/api/v1/evac/plans/${mine.body.id}/plan.json`),
    (c) => c.get(`/api/v1/evac/plans/${mine.body.id}/orders`),
    (c) => c.post(`/api/v1/evac/plans/${mine.body.id}/cancel`),
    (c) => c.del(`/api/v1/evac/plans/${mine.body.id}`),
  ];
  for (const [role, c] of Object.entries(others))
    for (const [i, call] of calls.entries()) assert.equal((await call(c)).status, 403, `${role} call ${i}`);
  for (const [i, call] of calls.entries()) assert.equal((await call(anonymous)).status, 401, `anonymous call ${i}`);
  assert.equal((await admin.get(`/api/v1/evac/plans/${mine.body.id}`)).body.status, 'done');
});

test('bad input is refused with a clear error and stores nothing', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const networksBefore = (await admin.get('/api/v1/evac/networks')).body.items.length;
  const plansBefore = (await admin.get('/api/v1/evac/plans?limit=500')).body.items.length;
  const auditBefore = (await admin.get('/api/v1/audit?limit=1')).body.items[0].seq;

  // Corrupt and truncated PBF, garbage, XML without roads, an empty body, wrong parameters.
  const fakePbf = Buffer.concat([Buffer.from([0, 0, 0, 13, 0x0a, 0x09]), Buffer.from('OSMHeader'), Buffer.alloc(300, 0x5a)]);
  const bad = [
    [{ name: 'Corrupt', format: 'pbf' }, fakePbf, 'body'],
    [{ name: 'Garbage' }, Buffer.from('this is not a map'), 'body'],
    [{ name: 'Empty' }, Buffer.alloc(0), 'body'],
    [{ name: 'No roads', format: 'xml' }, '<osm version="0.6"><node id="1" lat="43.2" lon="76.9"/></osm>', 'body'],
    [{ name: 'Cut XML' }, osmTown(5).slice(0, 900), 'body'],
    [{ name: 'Wrong format', format: 'pbf' }, osmTown(3), 'format'],
    [{ name: 'Boat', profile: 'boat' }, osmTown(3), 'profile'],
    [{ profile: 'car' }, osmTown(3), 'name'],
  ];
  const real = ['monaco.osm.pbf', 'almaty-2013.osm.pbf'].map((f) => join(osmDir, f)).find(existsSync);
  if (real) bad.push([{ name: 'Truncated real', format: 'pbf' }, readFileSync(real).subarray(0, 100000), 'body']);
  if (existsSync(karlsruhe)) bad.push([{ name: 'Karlsruhe', format: 'xml' }, readFileSync(karlsruhe), 'body']);  // no roads in it
  for (const [query, body, field] of bad) {
    const r = await upload(admin, query, body);
    assert.equal(r.status, 422, `${query.name}: ${JSON.stringify(r.body)}`);
    assert.match(r.headers.get('content-type'), /problem\+json/);
    assert.ok(r.body.errors.some((e) => e.field === field), `${query.name}: ${JSON.stringify(r.body.errors)}`);
    assert.ok(!JSON.stringify(r.body).includes('/tmp/'), 'no server paths in errors');
  }

  // Plans: a bad CSV line is named; unknown network/region; malformed fields all at once.
  let r = await admin.post('/api/v1/evac/plans', plan({ evacuees: { csv: 'lat,lon,count\n43.2401,76.9001,10\n43.2401,76.9001,zero\n' } }));
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors, [{ field: 'evacuees.csv', message: "line 3: count 'zero' is not an integer" }]);
  r = await admin.post('/api/v1/evac/plans', plan({ shelters: { csv: 'lat,lon,capacity\n43.2401,76.9001,-5\n' } }));
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'shelters.csv');
  assert.match(r.body.errors[0].message, /^line 2: /);
  r = await admin.post('/api/v1/evac/plans', plan({ evacuees: { csv: '43.2401,76.9001,10\n55.75,37.61,10\n' } }));
  assert.equal(r.status, 422);
  assert.match(r.body.errors[0].message, /^line 2: point .* from the nearest road junction/);
  r = await admin.post('/api/v1/evac/plans', plan({ network_id: 99999, region_id: 99999 }));
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field).sort(), ['network_id', 'region_id']);
  r = await admin.post('/api/v1/evac/plans', { name: '', region_id: 'x', planner: 'fastest', evacuees: {}, shelters: { registry: {}, csv: 'a' }, colour: 'red' });
  assert.equal(r.status, 422);
  const fields = r.body.errors.map((e) => e.field);
  for (const f of ['name', 'region_id', 'network_id', 'planner', 'evacuees.buildings', 'shelters.registry', 'colour'])
    assert.ok(fields.includes(f), `${f} in ${JSON.stringify(r.body.errors)}`);
  r = await admin.post('/api/v1/evac/plans', plan({ evacuees: { buildings: { population: 0 } } }));
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'evacuees.buildings.population');
  r = await admin.post('/api/v1/evac/plans', plan({ region_id: west.id, shelters: { schools: {} } }));
  assert.equal(r.status, 202, 'the town has a school');
  await waitFor(admin, r.body.id, ['done', 'failed']);
  assert.equal((await admin.post('/api/v1/evac/plans', '{"name": ')).status, 422);
  assert.equal((await admin.get('/api/v1/evac/plans/99999')).status, 404);
  assert.equal((await admin.get('/api/v1/evac/plans?status=lost')).status, 422);
  assert.equal((await admin.get('/api/v1/evac/plans?region=abc')).status, 422);

  assert.equal((await admin.get('/api/v1/evac/networks')).body.items.length, networksBefore);
  assert.equal((await admin.get('/api/v1/evac/plans?limit=500')).body.items.length, plansBefore + 1);
  // Only the one accepted plan (and its end) reached the audit log.
  const audit = (await admin.get('/api/v1/audit?limit=500')).body.items.filter((e) => e.seq > auditBefore);
  assert.deepEqual(audit.map((e) => e.action).sort(), ['evac_plan.create', 'evac_plan.finish']);
});

test('every change is in the audit log, and a network in use cannot be deleted', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  assert.equal((await admin.del(`/api/v1/evac/networks/${town.id}`)).status, 409);
  const spare = await upload(admin, { name: 'Spare' }, osmTown(3));
  assert.equal(spare.status, 201);
  assert.equal((await admin.del(`/api/v1/evac/networks/${spare.body.id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/evac/networks/${spare.body.id}`)).status, 404);
  const p = await admin.post('/api/v1/evac/plans', plan({ name: 'To delete' }));
  await waitFor(admin, p.body.id, ['done']);
  assert.equal((await admin.del(`/api/v1/evac/plans/${p.body.id}`)).status, 204);

  const entries = [];
  let cursor = null;
  do {
    const page = await admin.get(`/api/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    entries.push(...page.body.items);
    cursor = page.body.next_cursor;
  } while (cursor);
  const actions = new Set(entries.filter((e) => e.entity_type.startsWith('evac_')).map((e) => e.action));
  for (const a of ['evac_network.create', 'evac_network.delete', 'evac_plan.create', 'evac_plan.finish', 'evac_plan.cancel', 'evac_plan.delete'])
    assert.ok(actions.has(a), `${a} in ${[...actions]}`);
  const created = entries.find((e) => e.action === 'evac_network.create' && e.entity_id === String(spare.body.id));
  assert.equal(created.actor_login, 'admin');
  const finished = entries.find((e) => e.action === 'evac_plan.finish' && e.entity_id === String(p.body.id));
  assert.equal(finished.actor_login, 'system:evac-runner');
  const deleted = entries.find((e) => e.action === 'evac_plan.delete' && e.entity_id === String(p.body.id));
  assert.ok(deleted, 'the deletion is audited');
  const verify = server.cli(['audit', 'verify']);
  assert.equal(verify.code, 0, verify.stderr + verify.stdout);
});

test('a plan running when the server is killed is failed on restart; queued ones then run', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  // One process, restarted: with several, another would run the queued plan meanwhile (the
  // death of one of several is tested in scale-out.test.mjs).
  const own = await startServer({ processes: 1 });
  let restarted;
  try {
    const a = await own.login();
    const net = await upload(a, { name: 'Big town' }, crowdTown());
    assert.equal(net.status, 201);
    const region = (await a.post('/api/v1/regions', { code: 'EV-R', level: 'city', name: names('Restart') })).body;
    const body = { name: 'Crowd', region_id: region.id, network_id: net.body.id, planner: 'ccrp', evacuees: { csv: crowd }, shelters: { csv: bigShelter } };
    const long = await a.post('/api/v1/evac/plans', body);
    assert.equal(long.status, 202, JSON.stringify(long.body));
    const queued = await a.post('/api/v1/evac/plans', { ...body, name: 'Small', planner: 'qorgan', evacuees: { csv: people } });
    assert.equal(queued.status, 202);
    await waitFor(a, long.body.id, ['running']);
    assert.equal((await a.get(`/api/v1/evac/plans/${queued.body.id}`)).body.status, 'queued');
    await own.stop('SIGKILL');
    restarted = await startServer({ db: own.db, processes: 1 });
    const b = await restarted.login();
    const failed = (await b.get(`/api/v1/evac/plans/${long.body.id}`)).body;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error, 'interrupted by a restart');
    assert.ok(failed.finished_at);
    const done = await waitFor(b, queued.body.id, ['done', 'failed']);
    assert.equal(done.status, 'done', done.error);
    const audit = (await b.get(`/api/v1/audit?entity_type=evac_plan&entity_id=${long.body.id}`)).body.items;
    const fail = audit.find((e) => e.action === 'evac_plan.fail');
    assert.ok(fail, JSON.stringify(audit));
    assert.equal(fail.actor_login, 'system:evac-runner');
    // A clean stop puts a running plan back in the queue instead.
    const again = await b.post('/api/v1/evac/plans', body);
    await waitFor(b, again.body.id, ['running']);
    assert.equal(await restarted.stop('SIGTERM'), 0);
    restarted = await startServer({ db: own.db, processes: 1 });
    const c = await restarted.login();
    const back = (await c.get(`/api/v1/evac/plans/${again.body.id}`)).body;
    assert.ok(['queued', 'running'].includes(back.status), back.status);
    assert.equal((await c.post(`/api/v1/evac/plans/${again.body.id}/cancel`)).status, 200);
  } finally {
    if (restarted) await restarted.stop();
    // (the harness's stop() would wait for an exit that already happened after SIGKILL)
    if (own.child.exitCode === null && own.child.signalCode === null) await own.stop();
    cleanup(own);
  }
});
