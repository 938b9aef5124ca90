// The requisition console in real headless Chromium with JavaScript switched off: a requisition
// officer makes a decision, lists a generator under it, records the taking act with a photograph
// and sees the photograph on the item's page and on the printed act. The owner, with the code on
// the taking act and their IIN, sees the photograph on their own page and opens it full size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup, root, makeIin } from '../api/harness.mjs';
import { png } from '../api/images.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser, W;

before(async () => {
  server = await startServer();
  const admin = await server.login();
  const made = async (res) => { assert.equal(res.status, 201, JSON.stringify(res.body)); return res.body; };
  W = {};
  W.region = await made(await admin.post('/api/v1/regions', { code: 'RB-ALA', level: 'city', name: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' } }));
  W.facility = await made(await admin.post('/api/v1/facilities', {
    name: 'Collection point No. 4', kind: 'energy', region_id: W.region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2,
  }));
  await server.account(admin, 'rb-officer', 'requisition_officer', { region: 'RB-ALA' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

test('an officer makes a decision, lists a generator, records its taking with a photo and sees it on the act', async () => {
  const { context, page, problems } = await watchedPage(browser, { javaScriptEnabled: false, locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en' } });
  await page.goto(`${server.base}/console/requisition`);
  await page.getByLabel('Login').fill('rb-officer');
  await page.getByLabel('Password').fill('rb-officer-password-long');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/requisition$/);

  await page.getByRole('link', { name: 'New requisition decision' }).click();
  await page.getByLabel('Decision number').fill('No. 12-r');
  await page.getByLabel('Date of the decision').fill('2026-03-01');
  await page.getByLabel('Issuing body').fill('Akimat of Almaty');
  await page.getByLabel('Grounds').selectOption('emergency');
  await page.getByLabel('Region').selectOption(String(W.region.id));
  await page.getByLabel('Deadline').fill('2026-02-01');  // before the decision: refused
  await page.getByLabel('Collection point').selectOption(String(W.facility.id));
  await page.getByLabel('Responsible officials').fill('Serik Aliyev; deputy akim');
  await page.getByLabel('Valuation commission').fill('Dana Omarova; appraiser; LIC-0042');
  await page.getByRole('button', { name: 'Create the decision' }).click();
  assert.match(await page.locator('#f-deadline-error').textContent(), /must not be before the decision's date$/);
  assert.equal(await page.getByLabel('Issuing body').inputValue(), 'Akimat of Almaty', 'what was typed stays');
  await page.getByLabel('Deadline').fill('2026-05-31');
  await page.getByRole('button', { name: 'Create the decision' }).click();
  await page.waitForURL(/\/console\/requisition\/decisions\/\d+$/);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /No\. 12-r/);

  await page.getByRole('link', { name: 'Add property' }).click();
  await page.getByLabel('Kind').selectOption('equipment');
  await page.getByLabel('Description').fill('Diesel generator 200 kW');
  await page.getByLabel('Requisitioned for').selectOption('use');
  await page.getByLabel('Serial number').fill('DG-200-731');
  await page.locator('#f-owner-kind').selectOption('person');
  await page.getByLabel("Owner's name").fill('Aigul Seitova');
  await page.getByLabel("Owner's IIN").fill(makeIin(1984, 2, 11, 3120, false));
  await page.getByRole('button', { name: 'Add the property' }).click();
  await page.waitForURL(/\/console\/requisition\/items\/\d+\?done=1$/);
  const itemUrl = page.url().replace(/\?done=1$/, '');

  await page.getByRole('link', { name: 'Record the taking act' }).click();
  await page.getByLabel('Date of the act').fill('2026-03-03');
  await page.getByLabel('Place').fill('Collection point No. 4');
  await page.getByLabel('Condition').fill('In working order');
  await page.getByLabel('Signed by').fill('Aigul Seitova');
  await page.getByLabel('Signed as').selectOption('owner');
  await page.getByLabel('The signature is on the paper act').check();
  const photo = join(artifacts, 'requisition-generator.png');
  writeFileSync(photo, png(640, 480, [30, 160, 90]));
  await page.getByLabel('Photos').setInputFiles(photo);
  await page.getByRole('button', { name: 'Record the act' }).click();
  await page.waitForURL(/\/console\/requisition\/items\/\d+\?done=1$/);

  // The item's page shows the photo's thumbnail, loaded and drawn.
  const thumb = page.getByRole('img', { name: 'Photo 1: taking act' });
  await thumb.waitFor();
  assert.ok(await thumb.evaluate((img) => img.complete && img.naturalWidth > 0), 'the thumbnail is drawn');
  assert.equal(await thumb.evaluate((img) => img.naturalWidth), 320);
  await page.screenshot({ path: join(artifacts, 'requisition-item.png'), fullPage: true });

  // The printed act carries it inline.
  const printed = await context.newPage();
  await printed.goto(`${itemUrl.replace('/console/requisition/items/', '/api/v1/requisition/items/')}/taking-act?lang=en`);
  const inline = printed.locator('.photos img');
  assert.equal(await inline.count(), 1);
  assert.ok(await inline.first().evaluate((img) => img.complete && img.naturalWidth === 320), 'drawn on the act');
  await printed.screenshot({ path: join(artifacts, 'requisition-taking-act.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the owner sees the taking act's photo on their page, drawn under its policy, and opens it full size", async () => {
  const admin = await server.login();
  const made = async (res) => { assert.equal(res.status, 201, JSON.stringify(res.body)); return res.body; };
  const decision = await made(await admin.post('/api/v1/requisition/decisions', {
    number: 'No. 14-r', decided_on: '2026-03-01', issuing_body: 'Akimat of Almaty', grounds: 'emergency', region_id: W.region.id,
    deadline: '2026-05-31', collection_point_ids: [W.facility.id], officials: [{ name: 'Serik Aliyev' }],
    commission: [{ name: 'Dana Omarova', appraiser: true, licence: 'LIC-0042' }],
  }));
  const iin = makeIin(1986, 6, 6, 4410, false);
  const item = await made(await admin.post(`/api/v1/requisition/decisions/${decision.id}/items`, {
    kind: 'equipment', description: 'Water pump', details: { serial: 'WP-7' }, requisition_type: 'use',
    owner: { kind: 'person', name: 'Aigul Seitova', iin },
  }));
  const taken = await admin.post(`/api/v1/requisition/items/${item.id}/taking`, {
    act_date: '2026-03-02', place: 'Collection point No. 4', condition: 'working', signed_by: { name: 'Aigul Seitova', as: 'owner', confirmed: true },
  });
  assert.equal(taken.status, 200, JSON.stringify(taken.body));
  const picture = png(640, 480, [200, 120, 30]);
  await made(await admin.post(`/api/v1/requisition/items/${item.id}/photos?act=taking&name=pump.png`, picture, { 'content-type': 'image/png' }));

  const { context, page, problems } = await watchedPage(browser, { javaScriptEnabled: false, locale: 'ru-RU' });
  const blocked = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) blocked.push(m.text()); });
  await page.goto(`${server.base}/ru/requisition`);
  await page.getByLabel('Код из акта изъятия').fill(taken.body.owner_code);
  await page.getByLabel('Ваш ИИН или БИН').fill(iin);
  await page.getByRole('button', { name: 'Показать' }).click();
  await page.getByRole('heading', { name: 'Фотографии при изъятии' }).waitFor();
  const thumb = page.getByRole('img', { name: 'Фотография 1' });
  assert.ok(await thumb.evaluate((img) => img.complete && img.naturalWidth === 320), 'the thumbnail is drawn');
  await page.screenshot({ path: join(artifacts, 'requisition-owner-photos.png'), fullPage: true });
  // Its button opens the full picture in a new tab, by a POST: the address shows no key.
  const [full] = await Promise.all([context.waitForEvent('page'), thumb.click()]);
  await full.waitForLoadState();
  assert.equal(new URL(full.url()).pathname, '/ru/requisition/photo');
  const shown = full.locator('img');
  await shown.waitFor();
  assert.ok(await shown.evaluate((img) => img.complete && img.naturalWidth === 640), 'the photo as it was taken');
  assert.deepEqual(blocked, []);
  assert.deepEqual(problems, []);
  await context.close();
});
