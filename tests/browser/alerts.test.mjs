// Public alerts in real headless Chromium: an alert officer composes a flood warning in the
// console from its template, sees that they may not approve it themself, another officer
// reviews exactly what will publish and approves it; the banner shows on the portal in kk, ru
// and en; the offline page shows the last alert the device saw; the composer writes an update
// from the alert's page (prefilled from it), the other officer approves it and it replaces the
// alert on the portal; the approver cancels it in one confirmed step and the banner is gone. The
// drawing map shows the streets of the imported road network. An update composed in the console
// carries the whole area of the alert it replaces (regions, several polygons and circles).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup, root, client } from '../api/harness.mjs';
import { osmTown } from '../api/osm-town.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });
const heads = { kk: 'Су тасқыны қаупі: эвакуацияға дайын болыңыз', ru: 'Угроза наводнения: будьте готовы к эвакуации', en: 'Flood warning: be ready to evacuate' };

let server, browser;
before(async () => {
  server = await startServer();
  const admin = await server.login();
  const city = await admin.post('/api/v1/regions', { code: '750000000', level: 'city', name: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' }, centroid: { lat: 43.238, lon: 76.945 } });
  assert.equal(city.status, 201);
  assert.equal((await admin.post('/api/v1/regions', { code: '751710000', level: 'district', parent_id: city.body.id, name: { kk: 'Медеу ауданы', ru: 'Медеуский район', en: 'Medeu District' }, centroid: { lat: 43.245, lon: 76.975 } })).status, 201);
  // A road network for the drawing map's streets (a small town in Almaty).
  const net = await admin.post('/api/v1/evac/networks?name=Town&profile=car&format=xml', osmTown(6), { 'content-type': 'application/xml' });
  assert.equal(net.status, 201, JSON.stringify(net.body));
  // A subscriber in Medeu, whose message the approver watches being queued.
  const anon = client(server.base);
  assert.equal((await anon.post('/api/v1/alerts/subscriptions', { address: '+77015550401', regions: ['751710000'], language: 'ru' })).status, 202);
  const invite = (await admin.get('/api/v1/notify/messages?reference_prefix=alerts:subscriber:&limit=10')).body.items[0];
  const token = invite.text.slice(invite.text.indexOf('/ru/alerts/c/') + 13).split(/\s/)[0];
  assert.equal((await anon.post('/api/v1/alerts/subscriptions/confirm', { token })).status, 200);
  await server.account(admin, 'br-aigerim', 'alert_officer', { region: '750000000' });
  await server.account(admin, 'br-bolat', 'alert_officer', { region: '750000000' });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

async function signedIn(login) {
  const w = await watchedPage(browser, { locale: 'en-US' });
  await w.page.goto(`${server.base}/console/alerts`);
  await w.page.getByLabel('Login').fill(login);
  await w.page.getByLabel('Password').fill(`${login}-password-long`);
  await w.page.getByRole('button', { name: 'Sign in' }).click();
  await w.page.waitForURL(/\/console\/alerts$/);
  return w;
}

const banner = (page) => page.locator('.alert-banners .alert-banner');

test('compose, approve as another officer, banner in three languages, offline, cancel, banner gone', async () => {
  const composer = await signedIn('br-aigerim');
  const p = composer.page;
  await p.getByText('Compose an alert').click();
  await p.getByLabel('Template', { exact: true }).selectOption('flood');
  await p.getByLabel('Kind', { exact: true }).selectOption('Actual');
  await p.getByRole('checkbox', { name: /Medeu District/ }).check();
  await p.getByLabel('In force for, hours').fill('6');
  // The map shows the streets of the road network, credited.
  const map = p.locator('canvas#alert-draw');
  await p.waitForFunction(() => Number(document.getElementById('alert-draw').dataset.roads) > 0);
  assert.equal(await p.locator('#alert-draw-credit').textContent(), '© OpenStreetMap contributors');
  await map.screenshot({ path: join(artifacts, 'alerts-map.png') });
  // A triangle drawn on the map: three clicks, the ring closed in the polygon field.
  for (const [x, y] of [[200, 100], [420, 120], [300, 280]]) await map.click({ position: { x, y } });
  const ring = (await p.getByLabel(/^Polygon: one point a line/).inputValue()).split('\n');
  assert.equal(ring.length, 4);
  assert.equal(ring[3], ring[0]);
  await p.getByRole('button', { name: 'Save the draft' }).click();
  await p.waitForURL(/\/console\/alerts\/\d+$/);
  const review = p.url();
  assert.equal(await p.locator('#alert-state').textContent(), 'Draft');
  assert.equal(await p.locator('#alert-covered').textContent(), 'Medeu District (751710000)', 'where the triangle lies');
  assert.equal(await p.getByRole('button', { name: 'Approve and publish' }).count(), 0, 'the composer has no approve button');
  await p.getByText('another authorised person must approve it').waitFor();

  const approver = await signedIn('br-bolat');
  const q = approver.page;
  await q.goto(review);
  // Exactly what will publish: the banner and the SMS of each language, the CAP message.
  assert.equal(await q.locator('section.alert-preview[lang="ru"] .banner-preview').textContent(), heads.ru);
  assert.equal(await q.locator('section.alert-preview[lang="en"] code').first().textContent(), 'GSM-7');
  assert.equal(await q.locator('section.alert-preview[lang="kk"] code').first().textContent(), 'UCS-2');
  assert.ok(Number(await q.locator('section.alert-preview[lang="kk"] .sms-segments').textContent()) >= 2);
  // The length is the text's, counted as the network does (GSM-7 septets for this English one).
  const enSms = await q.locator('section.alert-preview[lang="en"] .sms-preview').textContent();
  assert.equal(Number(await q.locator('section.alert-preview[lang="en"] .sms-length').textContent()), [...enSms].length + (enSms.match(/[{}\[\]~^|\\€]/g) || []).length);
  assert.match(await q.locator('pre code').textContent(), /<msgType>Alert<\/msgType>/);
  await q.screenshot({ path: join(artifacts, 'alerts-review.png'), fullPage: true });
  await q.getByRole('button', { name: 'Approve and publish' }).click();
  await q.waitForURL(/\?approved=1$/);
  assert.equal(await q.locator('#alert-state').textContent(), 'Published');
  // The approver watches the delivery: the subscriber's message queued (reloading to follow it).
  const done = q.locator('#alert-delivery tr[data-state="done"]');
  for (let i = 0; i < 50 && (await done.count()) === 0; i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    await q.reload();
  }
  assert.equal(await done.locator('[data-enqueued]').textContent(), '1');
  assert.match(await done.locator('[data-channel]').textContent(), /^SMS: 1 (queued|being sent|sent|failed)$/);

  const reader = await watchedPage(browser);
  for (const lang of ['kk', 'ru', 'en']) {
    await reader.page.goto(`${server.base}/${lang}`);
    assert.equal((await banner(reader.page).locator('.alert-headline').textContent()).trim(), heads[lang], `the ${lang} banner`);
  }
  await reader.page.screenshot({ path: join(artifacts, 'alerts-banner.png') });
  await banner(reader.page).locator('.alert-headline').click();
  await reader.page.waitForURL(/\/en\/alerts\/qorgan-alert-\d+$/);
  assert.equal(await reader.page.locator('h1').textContent(), heads.en);
  assert.equal(await reader.page.locator('svg.area-map polygon').count(), 1, 'the drawn triangle on the alert page');

  // The device keeps the last active alerts for the offline page.
  await reader.page.goto(`${server.base}/ru`);
  await reader.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await reader.page.reload();
  await reader.page.waitForFunction(() => caches.open('portal-v1').then((c) => c.match('/alerts/active.json')).then((r) => !!r));
  await reader.page.waitForFunction(() => caches.open('portal-v1').then((c) => c.match('/ru/offline')).then((r) => !!r));
  await reader.context.setOffline(true);
  await reader.page.goto(`${server.base}/ru/offline`);
  await reader.page.locator('.offline-alerts .alert-headline').waitFor();
  assert.equal(await reader.page.locator('.offline-alerts .alert-headline').textContent(), heads.ru);
  await reader.context.setOffline(false);

  // An update from the alert's page: the form comes prefilled; a new English headline.
  const original = review.match(/(\d+)$/)[1];
  await p.goto(review);
  await p.getByRole('link', { name: 'Compose an update' }).click();
  await p.waitForURL(/\/update$/);
  assert.equal(await p.locator('#a-h-en').inputValue(), heads.en);
  assert.equal(await p.locator('#a-h-ru').inputValue(), heads.ru);
  assert.equal((await p.getByLabel(/^Polygon: one point a line/).inputValue()).trim().split('\n').length, 4, 'the drawn triangle');
  assert.ok(await p.getByRole('checkbox', { name: /Medeu District/ }).isChecked(), 'its region ticked');
  assert.equal(await p.locator('#a-regions').inputValue(), '');
  assert.equal(await p.getByLabel('Template', { exact: true }).count(), 0, 'an update has no template');
  const updated = 'Flood warning: evacuate the riverside now';
  await p.locator('#a-h-en').fill(updated);
  await p.getByRole('button', { name: 'Save the update as a draft' }).click();
  await p.waitForURL(/\/console\/alerts\/\d+$/);
  const updateReview = p.url();
  assert.notEqual(updateReview, review);
  assert.equal(await p.locator('#alert-state').textContent(), 'Draft');
  await p.getByRole('link', { name: `#${original}` }).waitFor();
  assert.match(await p.locator('pre code').textContent(), /<msgType>Update<\/msgType>[\s\S]*<references>/);
  await q.goto(updateReview);
  assert.equal(await q.locator('section.alert-preview[lang="en"] .banner-preview').textContent(), updated);
  await q.getByRole('button', { name: 'Approve and publish' }).click();
  await q.waitForURL(/\?approved=1$/);
  await reader.page.goto(`${server.base}/en`);
  assert.equal((await banner(reader.page).locator('.alert-headline').textContent()).trim(), updated, 'the update replaced the banner');
  assert.equal(await banner(reader.page).count(), 1);
  await p.goto(review);
  assert.equal(await p.locator('#alert-state').textContent(), 'Replaced by an update');
  assert.equal(await p.getByRole('link', { name: 'Compose an update' }).count(), 0);

  await q.getByLabel('I confirm: the cancellation is published at once, without a second approval.').check();
  await q.getByRole('button', { name: 'Cancel the alert' }).click();
  await q.waitForURL(/\?cancelled=1$/);
  assert.equal(await q.locator('#alert-state').textContent(), 'Cancelled');
  for (const lang of ['kk', 'ru', 'en']) {
    await reader.page.goto(`${server.base}/${lang}`);
    assert.equal(await banner(reader.page).count(), 0, `no ${lang} banner after the cancel`);
  }
  for (const [name, w] of Object.entries({ composer, approver, reader }))
    assert.deepEqual(w.problems.map((m) => `${name}: ${m}`).filter((m) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(m)), []);
  for (const w of [composer, approver, reader]) await w.context.close();
});

test('an update composed in the console carries the whole area of the alert it replaces: its regions, every polygon and every circle, editable on the map', async () => {
  const admin = await server.login();
  const bolat = await server.login('br-bolat', 'br-bolat-password-long');
  const rings = [
    [[43.25, 76.95], [43.25, 76.97], [43.23, 76.97], [43.25, 76.95]],
    [[43.27, 76.98], [43.27, 77.0], [43.26, 77.0], [43.26, 76.98], [43.27, 76.98]],
  ];
  const circles = [{ lat: 43.24, lon: 76.96, radius_km: 1.5 }, { lat: 43.26, lon: 76.99, radius_km: 0.8 }];
  const a = await admin.post('/api/v1/alerts', { template: 'shelter_in_place', status: 'Actual', area: { regions: ['751710000'], polygons: rings, circles } });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal((await bolat.post(`/api/v1/alerts/${a.body.id}/approve`)).status, 200);

  const composer = await signedIn('br-aigerim');
  const p = composer.page;
  await p.goto(`${server.base}/console/alerts/${a.body.id}`);
  await p.getByRole('link', { name: 'Compose an update' }).click();
  await p.waitForURL(/\/update$/);
  // Prefilled with the whole area.
  assert.ok(await p.getByRole('checkbox', { name: /Medeu District/ }).isChecked(), 'its region ticked');
  const polygons = (await p.locator('#a-polygon').inputValue()).trim().split(/\n\s*\n/).map((block) => block.trim().split('\n').map((line) => line.split(',').map(Number)));
  assert.deepEqual(polygons, rings, 'both polygons');
  assert.deepEqual((await p.locator('#a-circles').inputValue()).trim().split('\n'), ['43.24, 76.96, 1.5', '43.26, 76.99, 0.8'], 'both circles');
  // A third circle drawn on the map (centre, then radius) is added after them.
  await p.getByLabel('Circle', { exact: true }).check();
  const map = p.locator('canvas#alert-draw');
  await map.click({ position: { x: 320, y: 180 } });
  await map.click({ position: { x: 340, y: 180 } });
  const typed = (await p.locator('#a-circles').inputValue()).trim().split('\n');
  assert.equal(typed.length, 3, typed.join(' | '));
  assert.deepEqual(typed.slice(0, 2), ['43.24, 76.96, 1.5', '43.26, 76.99, 0.8']);
  assert.ok(Number(typed[2].split(',')[2]) > 0, `a radius: ${typed[2]}`);
  await map.screenshot({ path: join(artifacts, 'alerts-update-area.png') });
  // Typed edits count too: the second circle made larger.
  await p.locator('#a-circles').fill(typed.map((line, i) => (i === 1 ? '43.26, 76.99, 1.2' : line)).join('\n'));
  await p.getByRole('button', { name: 'Save the update as a draft' }).click();
  await p.waitForURL(/\/console\/alerts\/\d+$/);
  const id = Number(p.url().match(/(\d+)$/)[1]);
  assert.equal(await p.locator('#alert-state').textContent(), 'Draft');

  const u = (await admin.get(`/api/v1/alerts/${id}`)).body;
  assert.equal(u.msg_type, 'Update');
  assert.deepEqual(u.references, [a.body.id]);
  assert.deepEqual(u.area.regions.map((r) => r.code), ['751710000']);
  assert.deepEqual(u.area.polygons, rings);
  assert.equal(u.area.circles.length, 3);
  assert.deepEqual(u.area.circles.slice(0, 2), [circles[0], { lat: 43.26, lon: 76.99, radius_km: 1.2 }]);
  assert.equal((await bolat.post(`/api/v1/alerts/${id}/approve`)).status, 200);
  const cap = await (await fetch(`${server.base}/alerts/${u.identifier}.xml`)).text();
  // Each language's <info> carries the whole area.
  const infos = (cap.match(/<info>/g) || []).length;
  assert.equal(infos, 3);
  assert.equal((cap.match(/<polygon>/g) || []).length, 2 * infos);
  assert.equal((cap.match(/<circle>/g) || []).length, 3 * infos);
  assert.deepEqual(composer.problems, []);
  await composer.context.close();
});
