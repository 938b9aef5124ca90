// Activation pages of the console in real headless Chromium: the live muster counts an arrival
// by itself within seconds (no reload, no CSP violation), the muster curve and the readiness
// bars are drawn as SVG, and the after-action report prints without the console's chrome and
// with its EXERCISE mark. Without JavaScript the muster page is a plain, complete page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup, ADMIN_PASSWORD, root, makeIin } from '../api/harness.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser, admin, W;
const names = (n) => ({ kk: n, ru: n, en: n });
const made = (r) => { assert.equal(r.status, 201, JSON.stringify(r.body)); return r.body; };

before(async () => {
  server = await startServer();
  admin = await server.login();
  const region = made(await admin.post('/api/v1/regions', { code: 'BR-A', level: 'city', name: names('Медеу') }));
  const unit = made(await admin.post('/api/v1/units', { name: 'Медеу ротасы', kind: 'territorial_troops', region_id: region.id, status: 'active' }));
  const point = made(await admin.post('/api/v1/facilities', { name: 'Мектеп № 12', kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.95 }, criticality: 2 }));
  for (let i = 0; i < 4; i++) {
    const p = made(await admin.post('/api/v1/people', {
      family_name: `Байжанов${i}`, given_name: 'Ерлан', birth_date: '1990-02-02', iin: makeIin(1990, 2, 2, 400 + i),
      region_id: region.id, status: 'reservist', phone: '+77011234567', skills: i < 1 ? [{ skill: 'medic' }] : [],
    }));
    made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
  }
  const plan = made(await admin.post('/api/v1/activation/plans', {
    name: 'Медеу жиыны', region_id: region.id, messages: { kk: 'Келіңіз.' },
    units: [{ unit_id: unit.id, target: 4, assembly_facility_id: point.id, needs: [{ skill: 'medic', count: 2 }], positions: [{ position: 'rifleman', target: 4 }] }],
  }));
  const a = made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }));
  assert.equal((await admin.post(`/api/v1/activation/activations/${a.id}/approve`)).status, 200);
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items;
  assert.equal((await admin.post(`/api/v1/activation/activations/${a.id}/check-ins`, { code: notices[0].code, facility_id: point.id })).status, 201);
  W = { region, unit, point, plan, a, notices };
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

async function signIn(page, next) {
  await page.goto(`${server.base}${next}`);
  await page.getByLabel('Login').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(new RegExp(next.replace(/[/?]/g, '\\$&') + '$'));
}

test('the live muster counts an arrival by itself, draws its curve, and the report prints with its EXERCISE mark', async () => {
  const { page, problems } = await watchedPage(browser, { viewport: { width: 1280, height: 900 } });
  const path = `/console/activation/activations/${W.a.id}`;
  await signIn(page, path);
  const arrived = page.locator('strong[data-status="arrived"]');
  assert.equal(await arrived.textContent(), '1');
  assert.equal(await page.locator('.exercise-mark').first().textContent(), 'EXERCISE');
  assert.ok(await page.locator('svg.chart-curve polyline').count() >= 1, 'the curve is drawn');
  const before = await page.locator('svg.chart-curve polyline').first().getAttribute('points');
  // Someone checks in at the assembly point; the open page shows it within a few seconds.
  assert.equal((await admin.post(`/api/v1/activation/activations/${W.a.id}/check-ins`, { code: W.notices[1].code, facility_id: W.point.id })).status, 201);
  await page.waitForFunction(() => document.querySelector('strong[data-status="arrived"]')?.textContent === '2', null, { timeout: 12000 });
  assert.notEqual(await page.locator('svg.chart-curve polyline').first().getAttribute('points'), before, 'the curve grew');
  assert.match(page.url(), new RegExp(`${path}$`), 'no navigation: the muster was refreshed in place');
  await page.screenshot({ path: join(artifacts, 'console-muster.png'), fullPage: true });

  await page.goto(`${server.base}/console/activation/readiness`);
  assert.equal(await page.locator('svg.chart-bars').count(), 3, 'strength, positions and skills charts');
  assert.match(await page.locator('#training-rule').textContent(), /arrived \(checked in\) at an exercise in the 365 days/);
  assert.ok(await page.locator('section.exercises svg.chart-curve').count() === 1, 'the exercise under way, apart');
  await page.screenshot({ path: join(artifacts, 'console-readiness.png'), fullPage: true });

  await page.goto(`${server.base}${path}/report`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.site-header').isVisible(), false, 'no console chrome on paper');
  assert.equal(await page.locator('.exercise-banner').first().isVisible(), true);
  assert.equal(await page.locator('.exercise-banner').first().textContent(), 'EXERCISE');
  await page.pdf({ path: join(artifacts, 'after-action.pdf'), format: 'A4' });
  assert.deepEqual(problems, []);
});

test('without JavaScript the muster page is complete and does not change', async () => {
  const { page, problems } = await watchedPage(browser, { javaScriptEnabled: false });
  await signIn(page, `/console/activation/activations/${W.a.id}`);
  assert.equal(await page.locator('table.muster-people tbody tr').count(), 4);
  assert.ok(await page.locator('svg.chart-curve').count() === 1);
  // A count is a link to its people.
  await page.locator('.muster-count.status-called a').click();
  await page.waitForURL(/\?status=called$/);
  assert.equal(await page.locator('table.muster-people tbody tr').count(), 2, 'the two not yet arrived');
  // Each unit's notices on paper, one link per unit: every person called up, with a QR code.
  const links = page.locator('section[aria-labelledby="print-title"] a');
  assert.equal(await links.count(), 1);
  await links.first().click();
  await page.waitForURL(/\/print\?unit=\d+&all=true$/);
  assert.equal(await page.locator('article.notice').count(), 4, 'a notice for each of the four called up');
  assert.equal(await page.locator('article.notice svg').count(), 4, 'each with its QR code');
  assert.deepEqual(problems, []);
});
