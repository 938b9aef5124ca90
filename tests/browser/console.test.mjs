// The web console in real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): what a headquarters officer does with it, with and without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup, ADMIN_PASSWORD, root, makeIin } from '../api/harness.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser, region;

before(async () => {
  server = await startServer();
  const admin = await server.login();
  const r = await admin.post('/api/v1/regions', {
    code: '750000000', level: 'city',
    name: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' },
    centroid: { lat: 43.2389, lon: 76.8897 },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  region = r.body;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

// A page that fails the test on any CSP violation or script error.
const newPage = (options = {}) => watchedPage(browser, { viewport: { width: 1280, height: 860 }, ...options });

async function signIn(page, login = 'admin', password = ADMIN_PASSWORD) {
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('sign in, create a unit and a person, see the IIN error, sign out', async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${server.base}/console/units`);
  assert.match(page.url(), /\/console\/login\?next=%2Fconsole%2Funits$/);
  await page.screenshot({ path: join(artifacts, 'console-login.png') });

  await signIn(page, 'admin', 'not-the-password');
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: 'The login or the password is wrong.' }).waitFor());
  assert.equal(await page.getByLabel('Login').inputValue(), 'admin');

  await signIn(page);
  await page.waitForURL(/\/console\/units$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Units');

  await page.getByRole('link', { name: 'Add unit' }).click();
  await page.getByLabel('Name').fill('1st Territorial Defence Battalion');
  await page.getByLabel('Kind').selectOption('territorial_troops');
  await page.getByLabel('Home region').selectOption(String(region.id));
  await page.getByLabel('Target strength by position').fill('rifleman: 30\nmedic: 4');
  await page.getByRole('button', { name: 'Create unit' }).click();
  await page.getByRole('status').filter({ hasText: 'The unit has been saved.' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '1st Territorial Defence Battalion');
  assert.match(await page.locator('dl.details').textContent(), /rifleman: 30, medic: 4|medic: 4, rifleman: 30/);
  await page.screenshot({ path: join(artifacts, 'console-unit.png'), fullPage: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await page.getByRole('link', { name: 'Add person' }).click();
  await page.getByLabel('Family name').fill('Ахметова');
  await page.getByLabel('Given name').fill('Айгерим');
  await page.getByLabel('Birth date').fill('1990-01-01');
  await page.getByLabel('National ID (IIN)').fill('900101300018');  // wrong check digit
  await page.getByLabel('Phone').fill('+77011234567');
  await page.getByLabel('Home region').selectOption(String(region.id));
  await page.locator('#f-status').selectOption('reservist');
  await page.getByRole('button', { name: 'Create person' }).click();

  const iinError = page.locator('#f-iin-error');
  await iinError.waitFor();
  assert.match(await iinError.textContent(), /check digit|checksum|valid/i);
  assert.equal(await page.getByLabel('National ID (IIN)').getAttribute('aria-invalid'), 'true');
  // The rest of what was typed is still there.
  assert.equal(await page.getByLabel('Family name').inputValue(), 'Ахметова');
  assert.equal(await page.getByLabel('Phone').inputValue(), '+77011234567');
  await page.screenshot({ path: join(artifacts, 'console-person-error.png'), fullPage: true });

  await page.getByLabel('National ID (IIN)').fill('900101300017');
  await page.getByRole('button', { name: 'Create person' }).click();
  await page.getByRole('status').filter({ hasText: 'The person has been saved.' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Ахметова Айгерим');
  assert.match(await page.locator('dl.details').textContent(), /900101300017/);

  // The search finds her regardless of case.
  await page.goto(`${server.base}/console/people?q=ахмет`);
  assert.equal(await page.locator('tbody tr').count(), 1);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
  await page.goto(`${server.base}/console`);
  assert.match(page.url(), /\/console\/login/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the console works with JavaScript disabled', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(`${server.base}/console/regions`);
  await signIn(page);
  await page.waitForURL(/\/console\/regions$/);
  assert.equal(await page.locator('tbody tr').count(), 1);

  // A search with no hit, then the form to add a region, with an error the server finds.
  await page.getByLabel('Search by name').fill('zzz');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByText('Nothing to show for these filters.').waitFor();

  await page.getByRole('link', { name: 'Add region' }).click();
  await page.getByLabel('Name in English').fill('Medeu district');
  await page.getByLabel('Name in Kazakh').fill('Медеу ауданы');
  await page.getByLabel('Name in Russian').fill('Медеуский район');
  await page.getByLabel('Official code (KATO)').fill('751 710');
  await page.getByLabel('Level').selectOption('district');
  await page.getByRole('button', { name: 'Create region' }).click();
  await page.locator('#f-code-error').waitFor();
  // What was typed is still there.
  assert.equal(await page.getByLabel('Name in Kazakh').inputValue(), 'Медеу ауданы');
  await page.getByLabel('Official code (KATO)').fill('751710000');
  await page.getByRole('button', { name: 'Create region' }).click();
  await page.locator('#f-parent_id-error').waitFor();
  await page.screenshot({ path: join(artifacts, 'console-region-error-nojs.png'), fullPage: true });
  await page.getByLabel('Parent region').selectOption(String(region.id));
  await page.getByRole('button', { name: 'Create region' }).click();
  await page.getByRole('status').filter({ hasText: 'The region has been saved.' }).waitFor();

  // The night theme is a plain form without JavaScript, remembered by the server.
  await page.getByRole('button', { name: 'Night theme' }).click();
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  await page.goto(`${server.base}/console`);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  await page.screenshot({ path: join(artifacts, 'console-overview-dark.png'), fullPage: true });
  await page.goto(`${server.base}/console/audit`);
  assert.ok(await page.locator('tbody tr').count() >= 3);
  await page.screenshot({ path: join(artifacts, 'console-audit-dark.png'), fullPage: true });
  await context.close();
});

test('static files: whitelisted, typed and cached; nothing else is reachable', async () => {
  let r = await fetch(`${server.base}/static/console.css`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/css/);
  assert.match(r.headers.get('cache-control'), /max-age=\d+/);
  const etag = r.headers.get('etag');
  r = await fetch(`${server.base}/static/console.css`, { headers: { 'if-none-match': etag } });
  assert.equal(r.status, 304);
  for (const path of ['/static/..%2Fapp%2Fqorgan', '/static/%2e%2e%2fweb', '/static/layout.mustache', '/static/nope.css'])
    assert.equal((await fetch(server.base + path)).status, 404, path);
});

test('sign-in only goes back to local pages, and forms without the CSRF token are refused', async () => {
  const { context, page } = await newPage();
  await page.goto(`${server.base}/console/login?next=//evil.example/x`);
  await signIn(page);
  await page.waitForURL(`${server.base}/console`);
  // A cross-site style POST: the session cookie is there but the token is not.
  const status = await page.evaluate(async () => {
    const r = await fetch('/console/regions/new', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'code=X1&level=city&name.en=X&name.kk=X&name.ru=X',
    });
    return r.status;
  });
  assert.equal(status, 403);
  await context.close();
});

test('CSV import shows its report before anything is stored', async () => {
  const { context, page } = await newPage();
  await page.goto(`${server.base}/console/people/import`);
  await signIn(page);
  await page.waitForURL(/\/console\/people\/import$/);
  const header = 'family_name,given_name,birth_date,iin,region,status';
  const good1 = `Серikова,Динара,1991-02-03,${makeIin(1991, 2, 3, 120, false)},750000000,volunteer`.replace('ik', 'ик');
  const good2 = `Petrov,Ivan,1985-07-08,${makeIin(1985, 7, 8, 300)},750000000,reservist`;
  const bad = 'Broken,Row,1985-13-40,123,750000000,sleeping';
  await page.getByLabel('Or paste the CSV text').fill([header, good1, bad, good2].join('\n'));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('table', { name: /Problems found/ }).waitFor();
  const problems = await page.locator('table tbody tr').allTextContents();
  assert.ok(problems.length >= 3, problems.join(' / '));
  assert.ok(problems.every((p) => p.startsWith('3')), problems.join(' / '));  // all on row 3
  await page.screenshot({ path: join(artifacts, 'console-import-report.png'), fullPage: true });
  const admin = await server.login();
  const before = (await admin.get('/api/v1/people?limit=500')).body.items.length;

  await page.getByLabel('Or paste the CSV text').fill([header, good1, good2].join('\n'));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('status').filter({ hasText: 'All 2 rows are valid. Nothing has been stored yet.' }).waitFor();
  assert.equal((await admin.get('/api/v1/people?limit=500')).body.items.length, before);
  await page.getByRole('button', { name: 'Store 2 people' }).click();
  await page.getByRole('status').filter({ hasText: '2 people have been stored.' }).waitFor();
  assert.equal((await admin.get('/api/v1/people?limit=500')).body.items.length, before + 2);
  await context.close();
});

test('memberships, strength, deleting with confirmation, and a facility import checked first', async () => {
  const admin = await server.login();
  const made = async (res) => { assert.equal(res.status, 201, JSON.stringify(res.body)); return res.body; };
  const unit = await made(await admin.post('/api/v1/units', {
    name: '2nd Rifle Company', kind: 'territorial_troops', region_id: region.id, status: 'active',
    positions: [{ position: 'rifleman', target: 3 }, { position: 'medic', target: 1 }],
  }));
  const person = await made(await admin.post('/api/v1/people', {
    family_name: 'Жумабаев', given_name: 'Серик', birth_date: '1988-05-06',
    iin: makeIin(1988, 5, 6, 700), region_id: region.id, status: 'reservist',
  }));
  const org = await made(await admin.post('/api/v1/organisations', {
    name: 'Temporary Supplier LLP', kind: 'company', size_category: 'small', region_id: region.id,
  }));

  // Without JavaScript: every step is a plain link or form.
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(`${server.base}/console/people/${person.id}`);
  await signIn(page);
  await page.waitForURL(new RegExp(`/console/people/${person.id}$`));
  const memberships = page.locator('#memberships');
  await memberships.getByText('Not a member of any unit.').waitFor();

  // A membership without a position: the error stands next to the field, the choices stay.
  await page.getByLabel('Unit (required)').selectOption(String(unit.id));
  await page.getByLabel('Start date').fill('2024-05-01');
  await page.getByRole('button', { name: 'Add membership' }).click();
  await page.locator('#f-position-error').waitFor();
  assert.equal(await page.getByLabel('Position').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Unit (required)').inputValue(), String(unit.id));
  assert.equal(await page.getByLabel('Start date').inputValue(), '2024-05-01');
  await page.getByLabel('Position').fill('rifleman');
  await page.getByRole('button', { name: 'Add membership' }).click();
  await memberships.getByRole('status').filter({ hasText: 'The membership has been added.' }).waitFor();
  const row = memberships.locator('tbody tr');
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /2nd Rifle Company\s*rifleman\s*2024-05-01\s*—\s*Yes/);
  await page.screenshot({ path: join(artifacts, 'console-person-memberships.png'), fullPage: true });

  // The unit's strength counts her: actual against target by position.
  await memberships.getByRole('link', { name: '2nd Rifle Company', exact: true }).click();
  await page.waitForURL(new RegExp(`/console/units/${unit.id}$`));
  const strength = page.getByRole('table', { name: 'Strength by position' });
  const cells = async (r) => (await r.locator('th, td').allTextContents()).map((t) => t.trim());
  const rows = strength.locator('tbody tr');
  assert.deepEqual(await cells(rows.nth(0)), ['medic', '1', '0', '1 short']);
  assert.deepEqual(await cells(rows.nth(1)), ['rifleman', '3', '1', '2 short']);
  assert.deepEqual(await cells(strength.locator('tfoot tr')), ['Total', '4', '1', '3 short']);
  await page.screenshot({ path: join(artifacts, 'console-unit-strength.png'), fullPage: true });

  // Ending it on a date keeps it as history: a date before its start is refused next to the
  // row's own field; once the last day has passed she no longer counts.
  await page.goto(`${server.base}/console/people/${person.id}`);
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  await memberships.getByLabel(/^End on/).fill('2024-04-30');
  await memberships.getByRole('button', { name: /^End/ }).click();
  await memberships.locator('.field-error').filter({ hasText: 'must not be before' }).waitFor();
  assert.equal(await memberships.getByLabel(/^End on/).getAttribute('aria-invalid'), 'true');
  await memberships.getByLabel(/^End on/).fill(yesterday);
  await memberships.getByRole('button', { name: /^End/ }).click();
  await memberships.getByRole('status').filter({ hasText: 'The membership has been ended.' }).waitFor();
  assert.match(await row.textContent(), new RegExp(`rifleman\\s*2024-05-01\\s*${yesterday}\\s*No`));
  assert.equal(await memberships.getByRole('button', { name: /^End/ }).count(), 0);
  assert.equal((await admin.get(`/api/v1/units/${unit.id}/strength`)).body.actual_total, 0);

  // Removing the membership asks first; then she no longer counts.
  await page.goto(`${server.base}/console/people/${person.id}`);
  await memberships.getByRole('link', { name: /Remove/ }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Remove membership');
  await page.getByRole('button', { name: 'Remove membership' }).click();
  await memberships.getByRole('status').filter({ hasText: 'The membership has been removed.' }).waitFor();
  await memberships.getByText('Not a member of any unit.').waitFor();
  assert.equal((await admin.get(`/api/v1/units/${unit.id}/strength`)).body.actual_total, 0);

  // Deleting an organisation: a confirmation page, then the list says so; the API agrees.
  await page.goto(`${server.base}/console/organisations/${org.id}`);
  await page.getByRole('link', { name: 'Delete' }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Delete organisation');
  assert.match(await page.locator('.question').textContent(), /Temporary Supplier LLP/);
  await page.getByRole('button', { name: 'Delete organisation' }).click();
  await page.waitForURL(/\/console\/organisations\?deleted=1$/);
  await page.getByRole('status').filter({ hasText: 'The organisation has been deleted.' }).waitFor();
  assert.equal((await admin.get(`/api/v1/organisations/${org.id}`)).status, 404);

  // A region that is still used: the service's reason is shown and the region stays.
  await page.goto(`${server.base}/console/regions/${region.id}/delete`);
  await page.getByRole('button', { name: 'Delete region' }).click();
  const refused = page.getByRole('alert');
  await refused.waitFor();
  assert.match(await refused.textContent(), /still used by/);
  assert.equal(await page.getByRole('button', { name: 'Delete region' }).count(), 0);
  await page.screenshot({ path: join(artifacts, 'console-delete-refused.png'), fullPage: true });
  assert.equal((await admin.get(`/api/v1/regions/${region.id}`)).status, 200);
  await context.close();

  // The facility import, with JavaScript: a bad row is reported before anything is stored.
  const js = await newPage();
  await js.page.goto(`${server.base}/console/facilities`);
  await signIn(js.page);
  await js.page.getByRole('link', { name: 'Import facilities from CSV' }).click();
  await js.page.waitForURL(/\/console\/facilities\/import$/);
  const header = 'name,kind,region,address,lat,lon,criticality,guard_posts';
  const good1 = 'School No. 12,education,750000000,"Abay Ave 10, Almaty",43.2401,76.9112,2,1';
  const bad = 'Old Castle,castle,750000000,,43.25,76.92,7,1';
  const good2 = 'Central Water Works,water,750000000,,43.2602,76.9455,1,4';
  const count = async () => (await admin.get('/api/v1/facilities?limit=500')).body.items.length;
  const before = await count();
  await js.page.getByLabel('Or paste the CSV text').fill([header, good1, bad, good2].join('\n'));
  await js.page.getByRole('button', { name: 'Check the file' }).click();
  await js.page.getByRole('table', { name: /Problems found/ }).waitFor();
  const problems = await js.page.locator('table tbody tr').allTextContents();
  assert.ok(problems.length >= 2, problems.join(' / '));
  assert.ok(problems.every((p) => p.startsWith('3')), problems.join(' / '));  // all on row 3
  assert.ok(problems.some((p) => /kind/.test(p)) && problems.some((p) => /criticality/.test(p)), problems.join(' / '));
  await js.page.getByText('Nothing has been changed.').waitFor();
  await js.page.screenshot({ path: join(artifacts, 'console-facility-import-report.png'), fullPage: true });
  assert.equal(await count(), before);

  // The same file without the bad row: a preview, still nothing stored, then stored on request.
  await js.page.getByLabel('Or paste the CSV text').fill([header, good1, good2].join('\n'));
  await js.page.getByRole('button', { name: 'Check the file' }).click();
  await js.page.getByRole('status').filter({ hasText: 'All 2 rows are valid. Nothing has been stored yet.' }).waitFor();
  assert.match(await js.page.getByRole('table', { name: 'The first rows as they will be stored' }).textContent(), /School No\. 12.*Education.*Class 2/s);
  assert.equal(await count(), before);
  await js.page.getByRole('button', { name: 'Store 2 facilities' }).click();
  await js.page.getByRole('status').filter({ hasText: '2 facilities have been stored.' }).waitFor();
  assert.equal(await count(), before + 2);
  assert.deepEqual(js.problems, []);
  await js.context.close();

  // An auditor reads the strength and the memberships but is offered no way to change them.
  const auditor = 'console-auditor';
  assert.equal((await admin.post('/api/v1/accounts', { login: auditor, password: `${auditor}-password`, role: 'auditor' })).status, 201);
  const ro = await newPage();
  await ro.page.goto(`${server.base}/console/units/${unit.id}`);
  await signIn(ro.page, auditor, `${auditor}-password`);
  await ro.page.getByRole('table', { name: 'Strength by position' }).waitFor();
  assert.equal(await ro.page.getByRole('link', { name: 'Delete' }).count(), 0);
  await ro.page.goto(`${server.base}/console/people/${person.id}`);
  await ro.page.locator('#memberships').waitFor();
  assert.equal(await ro.page.getByRole('button', { name: 'Add membership' }).count(), 0);
  const refusedPage = await ro.page.goto(`${server.base}/console/units/${unit.id}/delete`);
  assert.equal(refusedPage.status(), 403);
  assert.equal((await admin.get(`/api/v1/units/${unit.id}`)).status, 200);
  await ro.context.close();
});
