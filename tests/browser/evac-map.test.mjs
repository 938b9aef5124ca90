// The evacuation map of the console in real headless Chromium: a headquarters officer starts a
// plan on a small town's road network, waits for it, replays it on the map, picks a bottleneck
// and opens the printable orders. The town is made here (OpenStreetMap XML with named streets,
// apartment blocks and schools), so the test needs no external data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup, root } from '../api/harness.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

// A 7 x 7 grid of streets about 240 m apart, south-west corner at 43.2300 N, 76.9000 E.
const across = ['Abay Avenue', 'Tole Bi Street', 'Gogol Street', 'Zhibek Zholy Avenue', 'Raiymbek Avenue', 'Makataev Street', 'Shevchenko Street'];
const along = ['Dostyk Avenue', 'Furmanov Street', 'Zheltoksan Street', 'Nauryzbay Batyr Street', 'Seifullin Avenue', 'Baitursynov Street', 'Kunaev Street'];
const N = 7, LAT0 = 43.23, LON0 = 76.9, DLAT = 0.0022, DLON = 0.003;

function townXml() {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="qorgan-test">'];
  const id = (r, c) => 1000 + r * N + c;
  for (let r = 0; r < N; r++)
    for (let c = 0; c < N; c++)
      out.push(`<node id="${id(r, c)}" lat="${(LAT0 + r * DLAT).toFixed(6)}" lon="${(LON0 + c * DLON).toFixed(6)}"/>`);
  let way = 1;
  for (let r = 0; r < N; r++) {
    const nds = Array.from({ length: N }, (_, c) => `<nd ref="${id(r, c)}"/>`).join('');
    const cls = r === 3 ? 'secondary' : 'residential';
    out.push(`<way id="${way++}">${nds}<tag k="highway" v="${cls}"/><tag k="name" v="${across[r]}"/>${r === 3 ? '<tag k="ref" v="A-3"/>' : ''}</way>`);
  }
  for (let c = 0; c < N; c++) {
    const nds = Array.from({ length: N }, (_, r) => `<nd ref="${id(r, c)}"/>`).join('');
    out.push(`<way id="${way++}">${nds}<tag k="highway" v="residential"/><tag k="name" v="${along[c]}"/></way>`);
  }
  // An apartment block in every block of the grid (four levels, about 60 x 60 m).
  let node = 5000;
  for (let r = 0; r < N - 1; r++)
    for (let c = 0; c < N - 1; c++) {
      const lat = LAT0 + (r + 0.5) * DLAT, lon = LON0 + (c + 0.5) * DLON, h = 0.00027, w = 0.00037;
      const corners = [[lat - h, lon - w], [lat - h, lon + w], [lat + h, lon + w], [lat + h, lon - w]];
      const ids = corners.map(([a, b]) => {
        out.push(`<node id="${++node}" lat="${a.toFixed(6)}" lon="${b.toFixed(6)}"/>`);
        return node;
      });
      const nds = [...ids, ids[0]].map((n) => `<nd ref="${n}"/>`).join('');
      out.push(`<way id="${way++}">${nds}<tag k="building" v="apartments"/><tag k="building:levels" v="4"/></way>`);
    }
  // Schools at the four corners of the town.
  [[0, 0, 'School No. 1'], [0, N - 1, 'School No. 2'], [N - 1, 0, 'Lyceum No. 3'], [N - 1, N - 1, 'School No. 4']]
    .forEach(([r, c, name]) => {
      out.push(`<node id="${++node}" lat="${(LAT0 + r * DLAT + 0.0002).toFixed(6)}" lon="${(LON0 + c * DLON + 0.0002).toFixed(6)}"><tag k="amenity" v="school"/><tag k="name" v="${name}"/></node>`);
    });
  out.push('</osm>');
  return out.join('\n');
}

let server, browser, network, city;
const PLANNER_PASSWORD = 'planner-password-long';
const PEOPLE = 1200;  // in the apartment blocks; the schools take 4 x 400

before(async () => {
  server = await startServer();
  const admin = await server.login();
  const made = (r) => { assert.equal(r.status, 201, JSON.stringify(r.body)); return r.body; };
  const centre = { lat: LAT0 + 3 * DLAT, lon: LON0 + 3 * DLON };
  city = made(await admin.post('/api/v1/regions', {
    code: 'T-CITY', level: 'city', name: { kk: 'Ескі қала', ru: 'Старый город', en: 'Old Town' }, centroid: centre,
  }));
  made(await admin.post('/api/v1/regions', {
    code: 'T-N', level: 'district', parent_id: city.id, name: { kk: 'Солтүстік', ru: 'Северный', en: 'North district' },
    centroid: { lat: LAT0 + 4.5 * DLAT, lon: centre.lon },
  }));
  made(await admin.post('/api/v1/regions', {
    code: 'T-S', level: 'district', parent_id: city.id, name: { kk: 'Оңтүстік', ru: 'Южный', en: 'South district' },
    centroid: { lat: LAT0 + 1.5 * DLAT, lon: centre.lon },
  }));
  const res = await admin.call('POST', '/api/v1/evac/networks?name=Old%20Town&profile=car&format=xml', townXml(),
    { 'content-type': 'application/octet-stream' });
  network = made(res);
  made(await admin.post('/api/v1/accounts', { login: 'planner', password: PLANNER_PASSWORD, role: 'hq_staff', region: 'T-CITY' }));
  made(await admin.post('/api/v1/accounts', { login: 'watcher', password: 'watcher-password-long', role: 'auditor' }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

const newPage = (options = {}) => watchedPage(browser, options);

async function signIn(page, login, password) {
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const figure = (page, id) => page.locator(`#${id}`).textContent();
// The first number of a figure ("1,200 (100%)" → 1200).
const count = (text) => Number((/[\d,]+/.exec(String(text)) || ['0'])[0].replace(/,/g, ''));

test('hq_staff starts a plan, replays it on the map, picks a bottleneck and prints the orders', async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${server.base}/console/evac`);
  await signIn(page, 'planner', PLANNER_PASSWORD);
  await page.waitForURL(/\/console\/evac$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Evacuation plans');
  await page.getByText('No plans yet.').waitFor();

  // The form: a refused plan comes back with the error next to the field and what was typed.
  await page.getByLabel('Name').fill('Old Town by car');
  await page.getByLabel('Road network').selectOption(String(network.id));
  await page.getByLabel('Estimate from residential buildings of the map').check();
  await page.getByLabel('Population to place').fill(String(PEOPLE));
  await page.getByLabel('Schools, colleges and hospitals of the map').check();
  await page.getByLabel('Places in each').fill('400');
  await page.getByRole('button', { name: 'Start planning' }).click();
  await page.locator('#f-region-error').waitFor();
  assert.equal(await page.getByLabel('Name').inputValue(), 'Old Town by car');
  assert.equal(await page.getByLabel('Population to place').inputValue(), String(PEOPLE));

  await page.getByLabel('Region (required)').selectOption(String(city.id));
  await page.getByRole('button', { name: 'Start planning' }).click();
  await page.waitForURL(/\/console\/evac\/plans\/\d+/);
  const planId = /plans\/(\d+)/.exec(page.url())[1];
  // The page follows the job by itself and shows the result when it is done.
  await page.locator('#evac-status-text', { hasText: 'Done' }).waitFor({ timeout: 60_000 });
  assert.equal(count(await page.locator('.evac-figures .figure').first().textContent()), PEOPLE);

  // The map: roads from our own GeoJSON on a canvas, routes, attribution.
  const canvas = page.locator('#evac-canvas');
  await page.waitForFunction(() => Number(document.getElementById('evac-canvas')?.dataset.roads) > 0, null, { timeout: 20_000 });
  const roads = Number(await canvas.getAttribute('data-roads'));
  const routes = Number(await canvas.getAttribute('data-routes'));
  assert.ok(roads >= 80, `roads drawn: ${roads}`);  // 7 x 7 grid: 84 road pieces
  assert.ok(routes > 0, `routes drawn: ${routes}`);
  assert.equal(await page.locator('#evac-attribution').textContent(), '© OpenStreetMap contributors');
  assert.ok(await page.locator('#evac-attribution').isVisible());
  const atEnd = await canvas.screenshot();
  assert.equal(count(await figure(page, 'evac-now-arrived')), PEOPLE);

  // Replay: at the order nobody has left; a few steps later people are on the roads and the
  // first have arrived; the map changes with it.
  const slider = page.getByLabel('Time since the order');
  await slider.focus();
  await page.keyboard.press('Home');
  assert.equal(await page.locator('#evac-time-label').textContent(), 'H+0 s (step 0 of ' + (await slider.getAttribute('max')) + ')');
  // Only those whose home junction is a shelter's are there at once; most wait to leave.
  const arrived0 = count(await figure(page, 'evac-now-arrived'));
  assert.ok(count(await figure(page, 'evac-now-waiting')) > 0);
  assert.ok(arrived0 < PEOPLE / 4, `arrived at the order: ${arrived0}`);
  const max = Number(await slider.getAttribute('max'));
  const mid = Math.max(2, Math.floor(max / 2));
  for (let i = 0; i < mid; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await slider.inputValue(), String(mid));
  const arrived = count(await figure(page, 'evac-now-arrived'));
  const moving = count(await figure(page, 'evac-now-moving'));
  const waiting = count(await figure(page, 'evac-now-waiting'));
  const junction = count(await figure(page, 'evac-now-junction'));
  assert.ok(arrived > arrived0 && arrived < PEOPLE, `arrived at step ${mid}: ${arrived}`);
  assert.ok(moving > 0, `on the roads at step ${mid}: ${moving}`);
  assert.equal(arrived + moving + waiting + junction, PEOPLE);
  // The shelters' column follows the slider too.
  let sheltered = 0;
  for (const cell of await page.locator('[id^="evac-shelter-now-"]').all()) sheltered += count(await cell.textContent());
  assert.equal(sheltered, arrived);
  const atMid = await canvas.screenshot();
  assert.notDeepEqual(atMid, atEnd);

  // Play runs the replay to the end.
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 30_000 });
  assert.equal(await slider.inputValue(), String(max));
  assert.equal(count(await figure(page, 'evac-now-arrived')), PEOPLE);

  // Pan and zoom.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Fit' }).click();

  // A bottleneck, picked from the list, is highlighted on the map.
  const picks = page.locator('[data-bottleneck-arc]');
  assert.ok(await picks.count() > 0, 'the plan has bottlenecks');
  const label = await picks.first().textContent();
  assert.match(label, /Avenue|Street/);  // named after its street
  const before = await canvas.screenshot();
  await picks.first().click();
  assert.equal(await picks.first().getAttribute('aria-pressed'), 'true');
  assert.match(await page.locator('#evac-pick').textContent(), /Showing on the map: .*(Avenue|Street)/);
  assert.notDeepEqual(await canvas.screenshot(), before);

  // The screenshot: the whole town mid-evacuation, the bottleneck still picked.
  await page.getByRole('button', { name: 'Fit' }).click();
  await slider.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < mid; i++) await page.keyboard.press('ArrowRight');
  await page.locator('.evac-map-card').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, 'evac-map.png'), fullPage: true });

  // The plan is listed with its status.
  await page.goto(`${server.base}/console/evac`);
  const row = page.locator('tbody tr').filter({ hasText: 'Old Town by car' });
  assert.match(await row.textContent(), /Done/);

  // The printable orders: one page per neighbourhood, streets by name, the OSM credit; their
  // inline style is allowed (no CSP error) and applied.
  await page.goto(`${server.base}/console/evac/plans/${planId}`);
  await page.getByRole('link', { name: 'Printable orders per neighbourhood' }).click();
  await page.waitForURL(/\/orders\?lang=en$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Evacuation orders');
  const orders = await page.locator('h2').allTextContents();
  assert.ok(orders.includes('Evacuation order: North district'), orders.join(' | '));
  assert.ok(orders.includes('Evacuation order: South district'), orders.join(' | '));
  const body = await page.locator('body').textContent();
  assert.match(body, /Abay Avenue|Dostyk Avenue|Zhibek Zholy Avenue \(A-3\)/);
  assert.match(body, /H\+\d+ (min|s)/);
  assert.doesNotMatch(body, /H\+\d\d:\d\d/);  // never a bare mm:ss that reads as hours
  assert.match(body, /© OpenStreetMap contributors/);
  assert.equal(await page.locator('section.order svg').count(), 2);
  assert.equal(await page.locator('h2').first().evaluate((h) => getComputedStyle(h).borderBottomStyle), 'solid');
  await page.screenshot({ path: join(artifacts, 'evac-orders.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('section.order').nth(1).evaluate((s) => getComputedStyle(s).breakBefore), 'page');

  assert.deepEqual(problems, []);
  await context.close();
});

test('CSV files are uploaded with the form; a bad line is named next to its field', async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${server.base}/console/evac`);
  await signIn(page, 'planner', PLANNER_PASSWORD);
  await page.waitForURL(/\/console\/evac$/);
  const at = (r, c) => `${(LAT0 + r * DLAT + 0.0003).toFixed(5)},${(LON0 + c * DLON + 0.0004).toFixed(5)}`;
  const evacuees = `lat,lon,count\n${at(3, 3)},150\n${at(5, 1)},90\n`;
  const fill = async (shelters) => {
    await page.getByLabel('Name').fill('From the CSV files');
    await page.getByLabel('Region (required)').selectOption(String(city.id));
    await page.getByLabel('A CSV file of counts').check();
    await page.getByLabel('Evacuees CSV').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(evacuees) });
    await page.getByLabel('A CSV file of shelters').check();
    await page.getByLabel('Shelters CSV').setInputFiles({ name: 'shelters.csv', mimeType: 'text/csv', buffer: Buffer.from(shelters) });
    await page.getByRole('button', { name: 'Start planning' }).click();
  };
  await fill(`lat,lon,capacity,name\n${at(0, 0)},200,Gym\n${at(6, 6)},lots,Stadium\n`);
  const error = page.locator('#f-shelters-error');
  await error.waitFor();
  assert.match(await error.textContent(), /line 3/);
  assert.equal(await page.getByLabel('Shelters CSV').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#error-summary a').first().getAttribute('href'), '#f-shelters-file');
  // Files are not kept by browsers: choose them again.
  await fill(`lat,lon,capacity,name\n${at(0, 0)},200,Gym\n${at(6, 6)},300,"Stadium, north stand"\n`);
  await page.waitForURL(/\/console\/evac\/plans\/\d+/);
  await page.locator('#evac-status-text', { hasText: 'Done' }).waitFor({ timeout: 60_000 });
  assert.equal(count(await page.locator('.evac-figures .figure').first().textContent()), 240);
  assert.match(await page.locator('table').last().textContent(), /Stadium, north stand/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('other roles get the console\'s 403 page and no Evacuation link', async () => {
  const { context, page } = await newPage();
  await page.goto(`${server.base}/console/evac`);
  await signIn(page, 'watcher', 'watcher-password-long');
  await page.waitForURL(/\/console\/evac$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Not allowed');
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Evacuation' }).count(), 0);
  const res = await page.goto(`${server.base}/console/evac/plans/1`);
  assert.equal(res.status(), 403);
  await context.close();
});
