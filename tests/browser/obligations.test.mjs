// Company protection duties in real headless Chromium: an admin reads a large company's facility
// on the compliance overview, opens the duties table, adds a duty (a level that is no number is
// refused beside its field, with nothing stored) and changes one, all without JavaScript; the
// table then shows the new duty and the changed level with its version, in Russian too, and the
// audit log holds both changes. A headquarters officer reads the table without the forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup, root, ADMIN_PASSWORD } from '../api/harness.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser, admin, W;

before(async () => {
  server = await startServer();
  admin = await server.login();
  const made = async (res) => { assert.equal(res.status, 201, JSON.stringify(res.body)); return res.body; };
  W = {};
  W.region = await made(await admin.post('/api/v1/regions', { code: 'OB-ALA', level: 'city', name: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' } }));
  W.org = await made(await admin.post('/api/v1/organisations', { name: 'Almaty Power Grid', kind: 'company', size_category: 'large', region_id: W.region.id }));
  W.facility = await made(await admin.post('/api/v1/facilities', {
    name: 'Substation No. 7', kind: 'energy', region_id: W.region.id, organisation_id: W.org.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2,
  }));
  await server.account(admin, 'ob-hq', 'hq_staff', { region: 'OB-ALA' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

// By the fields' names: the sign-in page speaks the browser's language.
async function signIn(page, login, password) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('input[name="password"]').press('Enter');
}

test('an admin adds a duty and changes one in the duties table, without JavaScript', async () => {
  const { context, page, problems } = await watchedPage(browser, { javaScriptEnabled: false, locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en' } });
  await page.goto(`${server.base}/console/obligations`);
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.waitForURL(/\/console\/obligations$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Protection duties');
  assert.ok(await page.getByRole('cell', { name: 'Almaty Power Grid' }).isVisible(), 'the large company\'s facility is listed');

  await page.getByRole('link', { name: 'Duties by criticality' }).click();
  await page.waitForURL(/\/console\/obligations\/duties$/);
  const rowsBefore = await page.locator('tbody tr').count();
  await page.getByRole('link', { name: 'Add a duty' }).click();
  await page.getByLabel('Code').fill('fire_alarm');
  await page.getByLabel('Measure').selectOption('yes_no');
  await page.getByLabel('Name in Kazakh').fill('Өрт дабылы');
  await page.getByLabel('Name in Russian').fill('Пожарная сигнализация');
  await page.getByLabel('Name in English').fill('Fire alarm');
  await page.getByLabel('Level for class 1').fill('1');
  await page.getByLabel('Level for class 2').fill('many');
  await page.getByRole('button', { name: 'Add the duty' }).click();
  assert.match(await page.locator('#f-level_2-error').innerText(), /must be an integer 0–100000 or null$/);
  assert.equal(await page.getByLabel('Name in English').inputValue(), 'Fire alarm', 'what was typed stays');
  assert.ok(!(await admin.get('/api/v1/obligations/duties')).body.items.some((d) => d.code === 'fire_alarm'), 'nothing stored');
  await page.screenshot({ path: join(artifacts, 'obligations-duty-refused.png'), fullPage: true });

  await page.getByLabel('Level for class 2').fill('1');
  await page.getByRole('button', { name: 'Add the duty' }).click();
  await page.waitForURL(/\/console\/obligations\/duties$/);
  assert.equal(await page.locator('tbody tr').count(), rowsBefore + 1);
  const row = page.locator('tbody tr', { hasText: 'Fire alarm' });
  assert.deepEqual((await row.locator('td').allInnerTexts()).slice(0, 4), ['yes or no', 'yes', 'yes', 'does not apply']);

  // Changing a duty's level for class 2 makes its next version.
  const stored = (await admin.get('/api/v1/obligations/duties')).body.items.find((d) => d.code === 'backup_power_hours');
  const backup = page.locator('tbody tr', { hasText: stored.name.en });
  await backup.getByRole('link', { name: 'change' }).click();
  await page.waitForURL(/\/console\/obligations\/duties\/backup_power_hours\/edit$/);
  assert.equal(await page.getByLabel('Level for class 2').inputValue(), String(stored.levels[1]));
  assert.equal(await page.locator('#f-code').count(), 0, 'a duty\'s code does not change');
  await page.getByLabel('Level for class 2').fill(String(stored.levels[1] + 12));
  await page.getByRole('button', { name: 'Save the duty' }).click();
  await page.waitForURL(/\/console\/obligations\/duties$/);
  const changed = page.locator('tbody tr', { hasText: stored.name.en });
  const cells = await changed.locator('td').allInnerTexts();
  assert.equal(cells[2], String(stored.levels[1] + 12));
  assert.equal(cells[5], String(stored.version + 1));
  await page.screenshot({ path: join(artifacts, 'obligations-duties.png'), fullPage: true });

  const audit = JSON.stringify((await admin.get('/api/v1/audit?entity_type=obligation_duty')).body);
  assert.ok(audit.includes('obligation_duty.create') && audit.includes('obligation_duty.update'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('in Russian with JavaScript on: the table names the new duty; headquarters staff read it without the forms', async () => {
  const { context, page, problems } = await watchedPage(browser, { locale: 'ru-RU', extraHTTPHeaders: { 'accept-language': 'ru' } });
  await page.goto(`${server.base}/console/obligations/duties`);
  await signIn(page, 'ob-hq', 'ob-hq-password-long');
  await page.waitForURL(/\/console\/obligations\/duties$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Обязанности по классам критичности');
  assert.ok(await page.getByRole('rowheader', { name: 'Пожарная сигнализация' }).isVisible());
  assert.equal(await page.getByRole('link', { name: 'Добавить обязанность' }).count(), 0, 'no form for headquarters staff');
  assert.equal((await page.goto(`${server.base}/console/obligations/duties/new`)).status(), 403);
  await page.goto(`${server.base}/console/obligations/facilities/${W.facility.id}`);
  assert.ok((await page.getByRole('heading', { level: 1 }).innerText()).includes('Substation No. 7'));
  assert.deepEqual(problems, []);
  await context.close();
});
