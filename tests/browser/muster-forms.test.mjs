// The muster page's two forms in real headless Chromium, used by a commander who reads the console
// in Russian: a reminder to those who have not answered (the page says how many were queued, and
// the outbox holds them), an answer taken by phone that changes the person's status on the page,
// and a decline without a reason, refused beside the reason's field in Russian with nothing
// changed; a second reminder within 30 minutes is refused above the forms, again in Russian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup, root, makeIin } from '../api/harness.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser, admin, W;
const names = (n) => ({ kk: n, ru: n, en: n });
const made = (r) => { assert.equal(r.status, 201, JSON.stringify(r.body)); return r.body; };

before(async () => {
  server = await startServer();
  admin = await server.login();
  const region = made(await admin.post('/api/v1/regions', { code: 'MF-A', level: 'city', name: names('Алатау') }));
  const unit = made(await admin.post('/api/v1/units', { name: 'Алатау ротасы', kind: 'territorial_troops', region_id: region.id, status: 'active' }));
  const point = made(await admin.post('/api/v1/facilities', { name: 'Мектеп № 7', kind: 'education', region_id: region.id, location: { lat: 43.2, lon: 76.85 }, criticality: 2 }));
  const people = [];
  for (let i = 0; i < 3; i++) {
    const p = made(await admin.post('/api/v1/people', {
      family_name: `Телефонов${i}`, given_name: 'Серік', birth_date: '1989-04-04', iin: makeIin(1989, 4, 4, 600 + i),
      region_id: region.id, status: 'reservist', phone: '+77017654321',
    }));
    made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
    people.push(p);
  }
  const plan = made(await admin.post('/api/v1/activation/plans', {
    name: 'Алатау жиыны', region_id: region.id, messages: { ru: 'Прибыть на пункт сбора.' },
    units: [{ unit_id: unit.id, target: 3, assembly_facility_id: point.id }],
  }));
  const a = made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }));
  assert.equal((await admin.post(`/api/v1/activation/activations/${a.id}/approve`)).status, 200);
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items;
  await server.account(admin, 'mf-commander', 'commander', { unit_id: unit.id });
  W = { unit, a, notices, of: (i) => notices.find((n) => n.person_id === people[i].id) };
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

const notice = async (id) => (await admin.get(`/api/v1/activation/activations/${W.a.id}/notices`)).body.items.find((n) => n.id === id);
const reminders = async () => (await admin.get(`/api/v1/notify/messages?reference_prefix=activation:${W.a.id}:reminder:&limit=100`)).body.items;

test('a commander sends a reminder and records phone answers; a bad answer is refused beside its field in Russian', async () => {
  const { page, problems } = await watchedPage(browser, { locale: 'ru-RU', extraHTTPHeaders: { 'accept-language': 'ru' } });
  const path = `/console/activation/activations/${W.a.id}`;
  await page.goto(`${server.base}${path}`);
  await page.locator('input[name="login"]').fill('mf-commander');
  await page.locator('input[name="password"]').fill('mf-commander-password-long');
  await page.getByRole('button', { name: 'Вход' }).click();
  await page.waitForURL(new RegExp(`${path}$`));
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');

  // The reminder: a commander names one of their units.
  assert.deepEqual(await reminders(), []);
  await page.locator('#remind-unit').selectOption(String(W.unit.id));
  await page.getByRole('button', { name: 'Отправить напоминание' }).click();
  await page.waitForURL(/\?reminded=3$/);
  assert.equal((await page.locator('p.notice[role="status"]').textContent()).trim(), 'Напоминаний поставлено в очередь: 3');
  const queued = await reminders();
  assert.equal(queued.length, 3, 'one reminder a person, in the outbox');
  assert.deepEqual([...new Set(queued.map((m) => m.channel))], ['sms']);

  // An answer by phone: person 0 will come.
  const row = (i) => page.locator('table.muster-people tbody tr').filter({ has: page.locator(`form[action$="/notices/${W.of(i).id}/answer"]`) });
  // As a person picks with the mouse: the field takes the focus, which holds the live refresh
  // off the form being filled.
  const choose = async (select, value) => { await select.focus(); await select.selectOption(value); };
  await choose(row(0).locator('select[name="answer"]'), 'confirm');
  await row(0).getByRole('button', { name: 'Записать ответ' }).click();
  await page.waitForURL(new RegExp(`${path}$`));
  assert.equal((await row(0).locator('.status').textContent()).trim(), 'подтвердил');
  assert.equal((await notice(W.of(0).id)).status, 'confirmed');

  // Person 1 will not come, but the commander gave no reason: refused, beside the reason.
  const before = await notice(W.of(1).id);
  await choose(row(1).locator('select[name="answer"]'), 'decline');
  const [refusedAnswer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/notices/${W.of(1).id}/answer`)),
    row(1).getByRole('button', { name: 'Записать ответ' }).click(),
  ]);
  assert.equal(refusedAnswer.status(), 422);
  await page.waitForLoadState();
  const reason = row(1).locator('select[name="reason"]');
  assert.equal(await reason.getAttribute('aria-invalid'), 'true');
  const errorId = await reason.getAttribute('aria-describedby');
  const error = row(1).locator(`[id="${errorId}"]`);
  assert.equal(await error.count(), 1, 'the message is in the same row as the field');
  assert.match(await error.textContent(), /Укажите причину: болезнь, за границей, освобождён или другая\./);
  assert.equal(await row(1).locator('select[name="answer"]').inputValue(), 'decline', 'what was chosen is kept');
  assert.match(await page.locator('[role="alert"]').textContent(), /Ничего не изменено\./);
  assert.equal(await row(0).locator('[aria-invalid]').count(), 0, 'only the refused row is marked');
  assert.deepEqual(await notice(W.of(1).id), before, 'nothing changed');
  await page.screenshot({ path: join(artifacts, 'console-muster-refused.png'), fullPage: true });

  // With a reason the answer is taken.
  await choose(reason, 'ill');
  await row(1).getByRole('button', { name: 'Записать ответ' }).click();
  await page.waitForURL(new RegExp(`${path}$`));
  assert.equal((await row(1).locator('.status').textContent()).trim(), 'отказался');
  assert.deepEqual([(await notice(W.of(1).id)).status, (await notice(W.of(1).id)).reason], ['declined', 'ill']);

  // A second reminder within 30 minutes is refused, above the forms, and nothing more is queued.
  await page.locator('#remind-unit').selectOption(String(W.unit.id));
  const [again] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/remind')),
    page.getByRole('button', { name: 'Отправить напоминание' }).click(),
  ]);
  assert.equal(again.status(), 409);
  await page.waitForLoadState();
  const alert = await page.locator('[role="alert"]').textContent();
  assert.match(alert, /Напоминание этим людям ушло в .* UTC\+5; следующее можно отправить в/);
  assert.match(alert, /Ничего не изменено\./);
  assert.equal((await reminders()).length, 3);
  assert.deepEqual(problems, []);
});
