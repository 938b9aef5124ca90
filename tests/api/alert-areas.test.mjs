// Public alerts and where they are: a drawn polygon or circle must lie in the composing officer's
// region (admins draw anywhere), the regions a drawn area lies in are worked out from the
// registry's region centres and receive the fan-out to subscribers, a region's feed carries the
// alert drawn over it, and a banner leaves the cached portal pages at the alert's expiry itself,
// not at the next expiry sweep. The street maps the console draws alert areas on are readable by
// alert officers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, client } from './harness.mjs';
import { sql } from './sql.mjs';
import { osmTown } from './osm-town.mjs';

let server, admin, second, medeu, astana, bare, anon;
const names = (n) => ({ kk: n, ru: n, en: n });

// Almaty's districts at their real centres (as in the demo), Astana far away, and a district
// with no centre in the registry.
const places = {
  medeu: { code: '751710000', name: 'Medeu District', lat: 43.2450, lon: 76.9750 },
  turksib: { code: '751910000', name: 'Turksib District', lat: 43.3400, lon: 76.9700 },
  bostandyk: { code: '751410000', name: 'Bostandyk District', lat: 43.2050, lon: 76.9050 },
};

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

// The sweep runs once an hour here, so that only the expiry itself can take a banner away.
before(async () => {
  server = await startServer({
    env: { QORGAN_ALERTS_EXPIRY_SWEEP_SECONDS: '3600', QORGAN_NOTIFY_SENDER: '0', QORGAN_ALERTS_SUBSCRIBE_PER_CLIENT: '1000' },
  });
  admin = await server.login();
  anon = client(server.base);
  const city = await made(await admin.post('/api/v1/regions', { code: '750000000', level: 'city', name: names('Алматы'), centroid: { lat: 43.238, lon: 76.945 } }));
  for (const p of Object.values(places))
    await made(await admin.post('/api/v1/regions', { code: p.code, level: 'district', parent_id: city.id, name: { kk: p.name, ru: p.name, en: p.name }, centroid: { lat: p.lat, lon: p.lon } }));
  await made(await admin.post('/api/v1/regions', { code: '710000000', level: 'city', name: names('Астана'), centroid: { lat: 51.1694, lon: 71.4491 } }));
  await made(await admin.post('/api/v1/regions', { code: '711000000', level: 'city', name: names('Без центра') }));
  second = await server.account(admin, 'ar-second', 'admin');
  medeu = await server.account(admin, 'ar-medeu', 'alert_officer', { region: places.medeu.code });
  astana = await server.account(admin, 'ar-astana', 'alert_officer', { region: '710000000' });
  bare = await server.account(admin, 'ar-bare', 'alert_officer', { region: '711000000' });
});
after(async () => { await server.stop(); cleanup(server); });

const drawn = (area, extra = {}) => ({
  template: 'shelter_in_place', status: 'Actual', area, ...extra,
});
const circleAt = (p, radius_km = 1) => ({ circles: [{ lat: p.lat, lon: p.lon, radius_km }] });
const count = async () => (await admin.get('/api/v1/alerts?limit=200')).body.items.length;

test('an alert officer draws inside their region; outside it the shape is refused with 422 naming it, nothing stored', async () => {
  const inside = await made(await medeu.post('/api/v1/alerts', drawn(circleAt(places.medeu, 1.5))));
  assert.deepEqual(inside.area.covered_regions.map((r) => r.code), [places.medeu.code]);

  const before = await count();
  const east = await medeu.post('/api/v1/alerts', drawn(circleAt(places.turksib, 1)));
  assert.equal(east.status, 422, JSON.stringify(east.body));
  const err = east.body.errors.find((e) => e.field === 'area.circles[0]');
  assert.ok(err, JSON.stringify(east.body.errors));
  assert.match(err.message, /outside your region, into: Turksib District \(751910000\)/);

  // A polygon from Medeu's centre reaching over to Bostandyk's: the second of two shapes is named.
  const m = places.medeu, b = places.bostandyk;
  const across = [[m.lat + 0.005, m.lon], [m.lat + 0.005, m.lon + 0.01], [b.lat, b.lon], [m.lat + 0.005, m.lon]];
  const poly = await medeu.post('/api/v1/alerts', drawn({ ...circleAt(m, 1), polygons: [across] }));
  assert.equal(poly.status, 422, JSON.stringify(poly.body));
  assert.deepEqual(poly.body.errors.map((e) => e.field), ['area.polygons[0]']);
  assert.match(poly.body.errors[0].message, /Bostandyk District/);

  // Far away: Astana's officer drawing in Almaty.
  const far = await astana.post('/api/v1/alerts', drawn(circleAt(places.medeu, 2)));
  assert.equal(far.status, 422);
  assert.equal(far.body.errors[0].field, 'area.circles[0]');

  // A region without a centre gives nothing to check a drawing against: name regions instead.
  const none = await bare.post('/api/v1/alerts', drawn(circleAt(places.medeu, 2)));
  assert.equal(none.status, 422);
  assert.match(none.body.errors[0].message, /cannot be checked against your region: name regions instead/);
  assert.equal((await bare.post('/api/v1/alerts', drawn({ regions: ['711000000'] }))).status, 201, 'naming the region works');

  // Changing a draft is checked alike.
  const moved = await medeu.patch(`/api/v1/alerts/${inside.id}`, { area: circleAt(places.turksib, 1) });
  assert.equal(moved.status, 422);
  assert.equal((await medeu.get(`/api/v1/alerts/${inside.id}`)).body.area.circles[0].lat, places.medeu.lat);
  assert.equal(await count(), before + 1, 'only the named-region draft was stored');
});

test('an administrator draws anywhere; the regions the area lies in are reported', async () => {
  const m = places.medeu, t = places.turksib;
  const both = [[m.lat, m.lon - 0.01], [t.lat, t.lon - 0.01], [t.lat, t.lon + 0.01], [m.lat, m.lon + 0.01], [m.lat, m.lon - 0.01]];
  const a = await made(await admin.post('/api/v1/alerts', drawn({ polygons: [both] })));
  assert.deepEqual(a.area.covered_regions.map((r) => r.code).sort(), [places.medeu.code, places.turksib.code]);
  assert.equal(a.area.regions.length, 0, 'no region was named');
  // It spans two districts, so it is the city's: above the Medeu officer, who does not see it.
  assert.equal((await medeu.get(`/api/v1/alerts/${a.id}`)).status, 404);
});

// The newest messages of the outbox whose reference starts with `prefix`.
async function outbox(prefix) {
  const r = await admin.get(`/api/v1/notify/messages?reference_prefix=${encodeURIComponent(prefix)}&limit=200`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

async function subscribe(address, regions) {
  const r = await anon.post('/api/v1/alerts/subscriptions', { address, regions, language: 'ru' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const m = (await outbox('alerts:subscriber:')).find((x) => x.recipient === address);
  const token = m.text.slice(m.text.indexOf('/ru/alerts/c/') + 13).split(/\s/)[0];
  assert.equal((await anon.post('/api/v1/alerts/subscriptions/confirm', { token })).status, 200);
  // An alert's messages name the subscriber, whose address is opened only when it is sent.
  return `alerts.subscriber:${/^alerts:subscriber:(\d+):/.exec(m.reference)[1]}`;
}

test('an alert drawn only as a circle fans out to the subscribers of the regions it lies in', async () => {
  const turksib = await subscribe('+77015550101', [places.turksib.code]);
  const city = await subscribe('+77015550102', ['750000000']);
  await subscribe('+77015550103', [places.medeu.code]);
  const a = await made(await admin.post('/api/v1/alerts', drawn(circleAt(places.turksib, 2))));
  assert.deepEqual(a.area.covered_regions.map((r) => r.code), [places.turksib.code]);
  assert.equal((await second.post(`/api/v1/alerts/${a.id}/approve`)).status, 200);
  let d;
  for (let i = 0; i < 200; i++) {
    d = await admin.get(`/api/v1/alerts/deliveries/${a.id}`);
    if (d.body.items?.[0]?.state === 'done') break;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.equal(d.body.items[0].state, 'done', JSON.stringify(d.body));
  assert.equal(d.body.items[0].enqueued, 2);
  const to = (await outbox(`alert:${a.id}:`)).map((m) => m.recipient).sort();
  assert.deepEqual(to, [turksib, city].sort(), 'Turksib and the whole city, not Medeu');

  // The region's CAP feed carries it too; Medeu's does not.
  assert.ok((await anon.get(`/alerts/feed.atom?region=${places.turksib.code}`)).text.includes(a.identifier));
  assert.ok(!(await anon.get(`/alerts/feed.atom?region=${places.medeu.code}`)).text.includes(a.identifier));
  // Cancelling reaches the same people.
  assert.equal((await admin.post(`/api/v1/alerts/${a.id}/cancel`, { confirm: true })).status, 200);
});

test('an alert\'s public page lists the shelters where it applies: in its regions, and inside what is drawn', async () => {
  const ids = Object.fromEntries((await admin.get('/api/v1/regions?limit=500')).body.items.map((r) => [r.code, r.id]));
  const shelter = async (name, region, lat, lon, capacity) => made(await admin.post('/api/v1/facilities', {
    name, kind: 'education', region_id: ids[region], location: { lat, lon }, criticality: 3,
    ...(capacity ? { shelter_capacity: capacity, address: `${name} street 1` } : {}),
  }));
  const t = places.turksib, m = places.medeu;
  await shelter('School 41 basement', t.code, t.lat + 0.005, t.lon, 300);        // inside a 2 km circle
  await shelter('Depot shelter far east', t.code, t.lat, t.lon + 0.08, 800);     // about 6.5 km away
  await shelter('Library without a shelter', t.code, t.lat, t.lon + 0.001, null);
  await shelter('Medeu gymnasium shelter', m.code, m.lat, m.lon, 450);

  const circle = await made(await admin.post('/api/v1/alerts', drawn(circleAt(t, 2))));
  assert.equal((await second.post(`/api/v1/alerts/${circle.id}/approve`)).status, 200);
  const ru = await (await fetch(`${server.base}/ru/alerts/${circle.identifier}`)).text();
  const listed = (html) => [...html.matchAll(/<li><strong>([^<]+)<\/strong>/g)].map((x) => x[1]);
  assert.match(ru, /<h2>Укрытия в зоне оповещения<\/h2>/);
  assert.deepEqual(listed(ru), ['School 41 basement']);
  assert.match(ru, /School 41 basement<\/strong>, School 41 basement street 1 — мест: 300/);
  const kk = await (await fetch(`${server.base}/kk/alerts/${circle.identifier}`)).text();
  assert.match(kk, /Хабарландыру аумағындағы баспаналар[\s\S]*орын: 300/);

  const named = await made(await admin.post('/api/v1/alerts', { template: 'air_raid', status: 'Actual', area: { regions: [m.code] } }));
  assert.equal((await second.post(`/api/v1/alerts/${named.id}/approve`)).status, 200);
  const en = await (await fetch(`${server.base}/en/alerts/${named.identifier}`)).text();
  assert.deepEqual(listed(en), ['Medeu gymnasium shelter']);
  assert.match(en, /Shelters in the area[\s\S]*places: 450/);
  for (const a of [circle, named]) assert.equal((await admin.post(`/api/v1/alerts/${a.id}/cancel`, { confirm: true })).status, 200);
});

// The fan-out of alert `id`'s message of type `type`, once done.
async function delivered(id, type = 'Alert') {
  let d;
  for (let i = 0; i < 200; i++) {
    d = (await admin.get(`/api/v1/alerts/deliveries/${id}`)).body.items?.find((x) => x.msg_type === type);
    if (d?.state === 'done') return d;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.fail(`no finished ${type} fan-out of alert ${id}: ${JSON.stringify(d)}`);
}

test('an alert drawn before drawn areas were placed among regions still reaches the subscribers where it lies', async () => {
  const turksib = await subscribe('+77015550201', [places.turksib.code]);
  const city = await subscribe('+77015550202', ['750000000']);
  const medeu = await subscribe('+77015550203', [places.medeu.code]);
  const a = await made(await admin.post('/api/v1/alerts', drawn(circleAt(places.turksib, 2))));
  // Stored as such alerts were: the shapes, and no regions they lie in.
  const unplaced = sql(server.db.url, server.db.url.startsWith('sqlite:')
    ? `UPDATE alerts SET content = json_remove(content, '$.area.covered') WHERE id = ${a.id}`
    : `UPDATE alerts SET content = (content::jsonb #- '{area,covered}')::text WHERE id = ${a.id}`);
  assert.equal(unplaced, '');
  assert.deepEqual((await admin.get(`/api/v1/alerts/${a.id}`)).body.area.covered_regions, []);
  assert.equal((await second.post(`/api/v1/alerts/${a.id}/approve`)).status, 200);
  const d = await delivered(a.id);
  const to = (await outbox(`alert:${a.id}:Alert:`)).map((m) => m.recipient);
  assert.equal(d.enqueued, to.length);
  assert.ok(to.includes(turksib) && to.includes(city), 'Turksib and the whole city');
  assert.ok(!to.includes(medeu), 'not Medeu');
  assert.ok((await anon.get(`/alerts/feed.atom?region=${places.turksib.code}`)).text.includes(a.identifier));
  assert.ok(!(await anon.get(`/alerts/feed.atom?region=${places.medeu.code}`)).text.includes(a.identifier));
  // Its cancel reaches the same people.
  const c = await admin.post(`/api/v1/alerts/${a.id}/cancel`, { confirm: true });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal((await delivered(c.body.id, 'Cancel')).enqueued, to.length);
});

// The same for an alert published before, and its region feed while it is in force.
test('a published alert without placed regions is in its region feed, and its cancel reaches the subscribers', async () => {
  const a = await made(await admin.post('/api/v1/alerts', drawn(circleAt(places.bostandyk, 1))));
  assert.equal((await second.post(`/api/v1/alerts/${a.id}/approve`)).status, 200);
  await delivered(a.id);
  const bostandyk = await subscribe('+77015550301', [places.bostandyk.code]);
  sql(server.db.url, server.db.url.startsWith('sqlite:')
    ? `UPDATE alerts SET content = json_remove(content, '$.area.covered') WHERE id = ${a.id}`
    : `UPDATE alerts SET content = (content::jsonb #- '{area,covered}')::text WHERE id = ${a.id}`);
  assert.ok((await anon.get(`/alerts/feed.atom?region=${places.bostandyk.code}`)).text.includes(a.identifier), 'the district feed');
  assert.ok(!(await anon.get(`/alerts/feed.atom?region=${places.turksib.code}`)).text.includes(a.identifier));
  const c = await admin.post(`/api/v1/alerts/${a.id}/cancel`, { confirm: true });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  await delivered(c.body.id, 'Cancel');
  assert.ok((await outbox(`alert:${c.body.id}:Cancel:`)).some((m) => m.recipient === bostandyk), 'the cancel reaches the district');
});

test('a banner leaves the cached portal pages at its expiry, before the sweep records it', async () => {
  const headline = 'Проверка окончания баннера';
  // A whole second, as the API writes times.
  const expires = Math.ceil((Date.now() + 8000) / 1000) * 1000;
  const a = await made(await admin.post('/api/v1/alerts', drawn({ regions: [places.medeu.code] }, {
    expires: new Date(expires).toISOString(),
    texts: { ru: { event: 'Проверка', headline } },
  })));
  assert.equal((await second.post(`/api/v1/alerts/${a.id}/approve`)).status, 200);
  const page = async () => (await fetch(`${server.base}/ru`)).text();
  assert.ok((await page()).includes(headline), 'the banner is on the page');
  assert.ok((await page()).includes(headline), 'and on the cached page');
  const etag = (await fetch(`${server.base}/ru`)).headers.get('etag');
  assert.equal(Date.parse(a.expires), expires);
  while (Date.now() < expires + 50) await new Promise((ok) => setTimeout(ok, 100));
  assert.ok(!(await page()).includes(headline), 'the banner is gone at expiry');
  const again = await fetch(`${server.base}/ru`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 200, 'a browser revalidating its copy gets the page without the banner');
  assert.ok(!(await again.text()).includes(headline));
  assert.ok(!(await anon.get('/alerts/active.json')).body.items.some((x) => x.identifier === a.identifier));
  assert.equal((await admin.get(`/api/v1/alerts/${a.id}`)).body.state, 'published', 'the sweep has not run yet');
});

test('alert officers read the street maps the console draws on; the roads are GeoJSON', async () => {
  const osm = { 'content-type': 'application/xml' };
  const net = await made(await admin.post('/api/v1/evac/networks?name=Town&profile=car&format=xml', osmTown(3), osm));
  const list = await medeu.get('/api/v1/evac/street-maps');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const item = list.body.items.find((x) => x.id === net.id);
  assert.ok(item && item.bbox.length === 4 && item.attribution === '© OpenStreetMap contributors', JSON.stringify(list.body));
  const roads = await medeu.get(`/api/v1/evac/street-maps/${net.id}`);
  assert.equal(roads.status, 200);
  assert.match(roads.headers.get('content-type'), /application\/geo\+json/);
  assert.ok(roads.body.features.length > 0);
  assert.equal((await medeu.get('/api/v1/evac/street-maps/99999')).status, 404);
  assert.equal((await medeu.get(`/api/v1/evac/networks/${net.id}/geojson`)).status, 403, 'the planner API stays closed');
  assert.equal((await anon.get('/api/v1/evac/street-maps')).status, 401);
});
