// The portal's fixes in real headless Chromium: a wide image in an article body stays within a
// 390 px phone screen; cards loaded by scrolling are the server's cards; offline, a page never
// visited shows the offline page in its language with the saved articles, never another page;
// live search finds a word while it is typed; the editor shows times on the site's clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup, root } from '../api/harness.mjs';
import { makePng } from '../api/png.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser, chief, wide, saved, unsaved, kkArticle;

async function publish(body) {
  const a = await chief.post('/api/v1/editor/articles', body);
  assert.equal(a.status, 201, JSON.stringify(a.body));
  await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'in_review' });
  const p = await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'published' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body;
}

before(async () => {
  server = await startServer();
  const admin = await server.login();
  chief = await server.account(admin, 'chief-fixes', 'chief_editor');
  // A picture 1200 px wide in the body (the media library's large rendition keeps 1200 px).
  const up = await fetch(`${server.base}/api/v1/editor/media?alt=${encodeURIComponent('Wide panorama')}`, {
    method: 'POST', headers: { authorization: `Bearer ${chief.token}`, 'content-type': 'image/png' }, body: makePng(1600, 300) });
  assert.equal(up.status, 201);
  const media = await up.json();
  wide = await publish({
    lang: 'en', category: 'news', title: 'A wide panorama of the district', lead: 'With a wide picture in the text.',
    images: [{ media_id: media.id, alt: 'Lead picture' }],
    body: `The district from the hill.\n\n![Wide panorama](${media.variants.large})\n\nMore text after the picture.`,
  });
  for (let i = 1; i <= 15; i++)
    await publish({ lang: 'en', category: 'notices', title: `Notice number ${i}`, lead: `Summary of notice ${i}.`, body: `Notice ${i}.`,
      ...(i % 3 === 0 ? { images: [{ media_id: media.id, alt: `Picture ${i}` }] } : {}) });
  saved = await publish({ lang: 'ru', category: 'news', title: 'Сохранённая статья о сиренах', lead: 'Прочитана заранее.', body: 'Текст о сиренах.' });
  unsaved = await publish({ lang: 'ru', category: 'news', title: 'Статья, которую не открывали', lead: 'Не прочитана.', body: 'Текст.' });
  kkArticle = await publish({ lang: 'kk', category: 'news', title: 'Медеу ауданындағы жаттығу', lead: 'Жаттығу.', body: 'Мәтін.' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

test('a wide image in an article body fits a 390 px screen and the desktop column', async () => {
  const { context, page, problems } = await watchedPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(`${server.base}${wide.url}`);
  await page.locator('.article .body img').evaluate((img) => img.complete || new Promise((ok) => { img.onload = ok; }));
  assert.equal(await page.locator('.article .body img').evaluate((img) => img.naturalWidth), 1200);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide on a 390 px screen`);
  await page.screenshot({ path: join(artifacts, 'portal-body-image-390.png') });
  // On a desktop screen the picture stays within the article's column, clear of the sidebar.
  await page.setViewportSize({ width: 1366, height: 900 });
  const [img, body, side] = await Promise.all(['.article .body img', '.article .body', '.side'].map((s) => page.locator(s).first().boundingBox()));
  assert.ok(img.x + img.width <= body.x + body.width + 0.5, 'the picture ends inside the column');
  assert.ok(img.x + img.width <= side.x, 'the picture does not run under the sidebar');
  assert.deepEqual(problems, []);
  await context.close();
});

test('cards added by scrolling are the cards the server renders for the next page', async () => {
  const { context, page, problems } = await watchedPage(browser, { viewport: { width: 800, height: 600 } });
  await page.goto(`${server.base}/en/notices`);
  const first = await page.locator('ol.cards > li').count();
  assert.equal(first, 12);
  const next = await page.locator('.more-link').getAttribute('href');
  await page.mouse.wheel(0, 20000);
  await page.waitForFunction(() => document.querySelectorAll('ol.cards > li').length === 15);
  const added = await page.locator('ol.cards > li').evaluateAll((lis) => lis.slice(12).map((li) => li.outerHTML));
  // The same page as a reader without JavaScript gets it from the "More" link.
  const html = await (await fetch(server.base + next)).text();
  const served = await page.evaluate((h) => [...new DOMParser().parseFromString(h, 'text/html').querySelectorAll('ol.cards > li')].map((li) => li.outerHTML), html);
  assert.equal(served.length, 3);
  assert.deepEqual(added, served);
  // Each card has the category kicker and the server's date format.
  for (const card of added) {
    assert.match(card, /class="kicker" href="\/en\/notices"/);
    assert.match(card, /<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00">\d\d \w+ \d{4} \d\d:\d\d<\/time>/);
  }
  assert.equal(await page.locator('.more-link').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('offline, a page never visited shows the offline page in its language with the saved articles', async () => {
  const { context, page } = await watchedPage(browser);
  // Read one Russian article with the network, under the service worker.
  await page.goto(`${server.base}/ru`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.goto(`${server.base}${saved.url}`);
  await page.waitForFunction((u) => caches.open('portal-v1').then((c) => c.match(u)).then((r) => !!r), `${server.base}${saved.url}`);
  await context.setOffline(true);
  // An article never opened: the Russian offline page under its address, not the home page.
  await page.goto(`${server.base}${unsaved.url}`);
  assert.equal(new URL(page.url()).pathname, unsaved.url);
  assert.equal(await page.locator('h1').first().textContent(), 'Нет подключения к сети');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(await page.locator('ol.cards').count(), 0, 'no list of the home page');
  const list = page.locator('.offline-saved a');
  await list.first().waitFor();
  assert.deepEqual(await list.allTextContents(), ['Сохранённая статья о сиренах']);
  await page.screenshot({ path: join(artifacts, 'portal-offline-ru.png') });
  // The saved article opens from the list.
  await list.first().click();
  await page.waitForURL(`${server.base}${saved.url}`);
  assert.match(await page.locator('.article h1').textContent(), /Сохранённая статья/);
  // A language whose pages were never opened: its own offline page, not the browser's error.
  await page.goto(`${server.base}${kkArticle.url}`);
  assert.equal(await page.locator('h1').first().textContent(), 'Желіге қосылым жоқ');
  assert.equal(await page.locator('html').getAttribute('lang'), 'kk');
  await page.locator('.offline-saved a').first().waitFor();
  assert.deepEqual(await page.locator('.offline-saved a').allTextContents(), ['Сохранённая статья о сиренах']);
  await page.goto(`${server.base}/en`);
  assert.equal(await page.locator('h1').first().textContent(), 'You are offline');
  await context.close();
});

test('live search finds an article while its word is still being typed', async () => {
  const { context, page, problems } = await watchedPage(browser);
  await page.goto(`${server.base}/kk`);
  await page.locator('.search-open').click();
  await page.locator('.search-overlay input[name=q]').pressSequentially('Меде', { delay: 30 });
  await page.locator('.search-live a', { hasText: 'Медеу ауданындағы жаттығу' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the editor shows times on the site clock with its zone, not UTC', async () => {
  const admin = await server.login();
  await server.account(admin, 'chief-clock', 'chief_editor');
  const { context, page } = await watchedPage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.base}/editor`);
  await page.getByLabel('Login').fill('chief-clock');
  await page.getByLabel('Password').fill('chief-clock-password-long');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.base}/editor`);
  // Schedule one article for tomorrow 09:30 on the site's clock.
  const a = await chief.post('/api/v1/editor/articles', { lang: 'en', category: 'news', title: 'Clock check' });
  await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'in_review' });
  const when = new Date(Date.now() + 86400000);
  const day = when.toISOString().slice(0, 10);
  const s = await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'scheduled', scheduled_at: `${day}T09:30:00+05:00` });
  assert.equal(s.status, 200, JSON.stringify(s.body));
  await page.reload();
  const row = page.locator('tr', { hasText: 'Clock check' });
  const text = await row.textContent();
  assert.match(text, /09:30 \(Almaty, UTC\+5\)/);
  assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT\d\d:\d\d/, 'no ISO UTC strings');
  const body = await page.locator('main, body').first().textContent();
  assert.doesNotMatch(body, /\d\d:\d\d:\d\dZ/);
  await page.getByRole('link', { name: 'Clock check' }).click();
  assert.match(await page.locator('.meta').textContent(), /09:30 \(Almaty, UTC\+5\)/);
  assert.match(await page.locator('.revisions').textContent(), /\(Almaty, UTC\+5\)/);
  await context.close();
});
