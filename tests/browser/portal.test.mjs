// The public portal in real headless Chromium: night theme without a flash, font size, search
// overlay, copy link, infinite scroll, language switch, print style sheet, no-JS use, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium.mjs';
import { startServer, cleanup, root } from '../api/harness.mjs';
import { makePng } from '../api/png.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser, article, translation;

async function publish(chief, body) {
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
  const chief = await server.account(admin, 'chief-browser', 'chief_editor');
  await admin.patch('/api/v1/editor/settings', {
    social: [{ network: 'telegram', url: 'https://t.me/example_portal' }, { network: 'youtube', url: 'https://www.youtube.com/@example' }],
    promos: [{ url: '/en/notices', title: { kk: 'Резервке қосылыңыз', ru: 'Вступайте в резерв', en: 'Join the volunteer reserve' } }],
    reuse_notice: { kk: 'Материалдарды сілтемемен ғана пайдалануға болады.', ru: 'Использование материалов только со ссылкой.', en: 'Any use of materials is allowed only with a hyperlink.' },
  });
  for (let i = 1; i <= 16; i++)
    await publish(chief, { lang: 'en', category: 'news', title: `District bulletin number ${i}`, lead: `Short summary of bulletin ${i}.`, body: `Bulletin ${i} text.` });
  article = await publish(chief, {
    lang: 'en', category: 'interviews', title: 'Readiness starts with a plan', author: 'Dana Testova',
    lead: 'A conversation about family plans and neighbours.',
    body: 'Why does a family plan matter?\n\nBecause networks may fail in an emergency.\n\n> Readiness starts with a plan, not with fear.',
    tags: ['readiness'],
  });
  translation = await publish(chief, {
    lang: 'ru', category: 'interviews', title: 'Готовность начинается с плана', author: 'Дана Тестова',
    lead: 'Беседа о семейных планах.', body: 'Почему важен семейный план?', translation_of: article.id,
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, problems };
}

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('night theme follows the system, then persists across reloads without a flash', async () => {
  const { context, page, problems } = await newPage({ colorScheme: 'light' });
  // Records the theme at the moment the style sheet link enters the document: it must already be
  // set, or the first paint would use the wrong theme.
  await context.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const link = document.querySelector('link[rel=stylesheet]');
      if (link && window.__themeAtCss === undefined) {
        window.__themeAtCss = document.documentElement.getAttribute('data-theme');
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${server.base}/en`);
  assert.equal(await background(page), 'rgb(255, 255, 255)');
  await page.screenshot({ path: join(artifacts, 'portal-home-light.png'), fullPage: false });
  await page.getByRole('button', { name: 'Night theme' }).click();
  assert.equal(await background(page), 'rgb(17, 20, 24)');
  assert.equal(await page.getByRole('button', { name: 'Day theme' }).getAttribute('aria-pressed'), 'true');
  await page.reload();
  assert.equal(await page.evaluate(() => window.__themeAtCss), 'dark');
  assert.equal(await background(page), 'rgb(17, 20, 24)');
  await page.screenshot({ path: join(artifacts, 'portal-home-dark.png') });
  await page.goto(`${server.base}${article.url}`);
  await page.screenshot({ path: join(artifacts, 'portal-article-dark.png'), fullPage: true });
  await page.getByRole('button', { name: 'Day theme' }).click();
  await page.reload();
  assert.equal(await page.evaluate(() => window.__themeAtCss), 'light');
  await page.screenshot({ path: join(artifacts, 'portal-article-light.png'), fullPage: true });
  // A system in dark mode is followed until the reader chooses.
  const dark = await newPage({ colorScheme: 'dark' });
  await dark.page.goto(`${server.base}/en`);
  assert.equal(await background(dark.page), 'rgb(17, 20, 24)');
  await dark.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('A+ and A- change the article text size and persist', async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${server.base}${article.url}`);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.article .body')).fontSize));
  const base = await size();
  await page.getByRole('button', { name: 'Larger text' }).click();
  await page.getByRole('button', { name: 'Larger text' }).click();
  const bigger = await size();
  assert.ok(bigger > base * 1.2, `${bigger} > ${base}`);
  await page.reload();
  assert.equal(await size(), bigger);
  await page.getByRole('button', { name: 'Smaller text' }).click();
  assert.ok((await size()) < bigger);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the search overlay opens, searches and shows results', async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${server.base}/en`);
  await page.getByRole('link', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'What are you looking for?' }).waitFor();
  await dialog.getByRole('searchbox').fill('plans');
  await dialog.getByRole('link', { name: 'Readiness starts with a plan' }).waitFor();
  await dialog.getByRole('searchbox').press('Enter');
  await page.waitForURL(/\/en\/search\?q=plans/);
  assert.match(await page.locator('.result mark').first().textContent(), /plan/i);
  assert.deepEqual(problems, []);
  await context.close();
});

test('copy link puts the URL on the clipboard and shows the localized notice', async () => {
  const { context, page, problems } = await newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${server.base}${translation.url}`);
  await page.getByRole('button', { name: 'Копировать ссылку' }).click();
  await page.getByRole('status').filter({ hasText: 'Ссылка скопирована' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.base}${translation.url}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('scrolling loads the next page of the list', async () => {
  const { context, page, problems } = await newPage({ viewport: { width: 800, height: 600 } });
  await page.goto(`${server.base}/en/news`);
  assert.ok(await page.locator('ol.cards > li').count() >= 12);
  await page.mouse.wheel(0, 20000);
  await page.waitForFunction(() => document.querySelectorAll('ol.cards > li').length === 16);
  await page.getByText('District bulletin number 1', { exact: true }).waitFor();
  assert.equal(await page.locator('.more-link').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the language switch lands on the translation, else on that language home', async () => {
  const { context, page } = await newPage();
  await page.goto(`${server.base}${article.url}`);
  await page.locator('.langs').getByRole('link', { name: 'ru' }).click();
  await page.waitForURL(`${server.base}${translation.url}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  await page.locator('.langs').getByRole('link', { name: 'kk' }).click();
  await page.waitForURL(`${server.base}/kk`);
  // The choice is remembered for "/".
  await page.goto(`${server.base}/`);
  assert.equal(new URL(page.url()).pathname, '/kk');
  await context.close();
});

test('the print style sheet hides navigation and widgets', async () => {
  const { context, page } = await newPage();
  await page.goto(`${server.base}${article.url}`);
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['.site-header', '.share', '.side', '.site-footer'])
    assert.equal(await page.locator(sel).evaluate((e) => getComputedStyle(e).display), 'none', sel);
  assert.notEqual(await page.locator('.article .body').evaluate((e) => getComputedStyle(e).display), 'none');
  await page.pdf({ path: join(artifacts, 'portal-article-print.pdf') });
  await context.close();
});

test('the portal works with JavaScript disabled', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(`${server.base}/en/news`);
  assert.equal(await page.locator('ol.cards > li').count(), 12);
  await page.getByRole('link', { name: 'More' }).click();
  await page.waitForURL(/cursor=/);
  assert.equal(await page.locator('ol.cards > li').count(), 4);
  await page.getByRole('link', { name: 'Search' }).click();
  await page.waitForURL(/\/en\/search$/);
  await page.getByRole('searchbox').fill('bulletin');
  await page.getByRole('button', { name: 'Find' }).click();
  assert.ok(await page.locator('.result').count() > 0);
  await page.goto(`${server.base}${article.url}`);
  assert.match(await page.locator('.article h1').textContent(), /Readiness starts with a plan/);
  assert.ok(await page.getByRole('link', { name: 'Telegram' }).first().isVisible());
  // Controls that need JavaScript are not shown.
  assert.equal(await page.getByRole('button', { name: 'Night theme' }).count(), 0);
  await context.close();
});

test('an article already read stays readable offline (service worker)', async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${server.base}${article.url}`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();  // now controlled by the worker, which saves the page as it passes
  await page.waitForFunction(() => caches.open('portal-v1').then((c) => c.match(location.href)).then((r) => !!r));
  await context.setOffline(true);
  await page.reload();
  assert.match(await page.locator('.article h1').textContent(), /Readiness starts with a plan/);
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(p)), []);
  await context.close();
});

test('the web editor: an editor writes and submits, a chief editor schedules; no JavaScript needed', async () => {
  const admin = await server.login();
  await server.account(admin, 'editor-web', 'editor');
  await server.account(admin, 'chief-web', 'chief_editor');
  const signIn = async (page, login) => {
    await page.goto(`${server.base}/editor`);
    assert.match(page.url(), /\/console\/login\?next=%2Feditor$/);
    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Password').fill(`${login}-password-long`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.base}/editor`);
  };
  const ed = await newPage({ javaScriptEnabled: false });
  await signIn(ed.page, 'editor-web');
  // The media library: an image needs alt text; an upload gives resized variants.
  await ed.page.getByRole('link', { name: 'Media' }).click();
  const png = join(server.db.dir, 'district-map.png');
  writeFileSync(png, makePng(320, 200));
  await ed.page.getByLabel(/^Image/).setInputFiles(png);
  await ed.page.getByLabel('Alt text (required)').fill('Sample picture of a district map');
  await ed.page.getByRole('button', { name: 'Upload' }).click();
  const address = (await ed.page.getByRole('status').locator('code').textContent()).trim();
  assert.match(address, /^\/media\/[A-Za-z0-9_-]{22,}\/large$/);
  assert.ok(await ed.page.getByRole('img', { name: 'Sample picture of a district map' }).isVisible());
  await ed.page.getByRole('link', { name: 'New article' }).first().click();
  await ed.page.getByLabel('Address (/media/… from the media library)').fill(address);
  await ed.page.getByLabel('Alt text').fill('District map');
  await ed.page.getByLabel('Caption').fill('The district and its shelters');
  await ed.page.getByLabel('Article language').selectOption('en');
  await ed.page.getByLabel('Category').selectOption('notices');
  await ed.page.getByLabel('Title').fill('Water supply schedule for the Auezov district');
  await ed.page.getByLabel('Body (Markdown)').fill('Water will be **off** from 10:00 to 14:00.');
  await ed.page.getByLabel('Tags (comma-separated)').fill('water, utilities');
  await ed.page.getByRole('button', { name: 'Save' }).click();
  await ed.page.waitForURL(/\/editor\/\d+\?saved=1$/);
  const id = ed.page.url().match(/\/editor\/(\d+)/)[1];
  assert.equal(await ed.page.locator('.status').textContent(), 'Draft');
  assert.equal(await ed.page.getByRole('button', { name: 'Publish now' }).count(), 0);
  await ed.page.getByLabel('Body (Markdown)').fill('Water will be **off** from 10:00 to 15:00.');
  await ed.page.getByRole('button', { name: 'Save' }).click();
  await ed.page.getByRole('link', { name: 'changes' }).click();
  assert.match(await ed.page.locator('del').first().textContent(), /14:00/);
  assert.match(await ed.page.locator('ins').first().textContent(), /15:00/);
  await ed.page.goto(`${server.base}/editor/${id}`);
  await ed.page.getByRole('button', { name: 'Submit for review' }).click();
  assert.equal(await ed.page.locator('.status').textContent(), 'In review');
  await ed.page.screenshot({ path: join(artifacts, 'portal-editor.png'), fullPage: true });
  await ed.context.close();

  const ch = await newPage({ javaScriptEnabled: false });
  await signIn(ch.page, 'chief-web');
  await ch.page.getByRole('link', { name: 'Water supply schedule for the Auezov district' }).click();
  await ch.page.getByRole('button', { name: 'Publish now' }).click();
  assert.equal(await ch.page.locator('.status').textContent(), 'Published');
  await ch.page.getByRole('link', { name: 'public page' }).click();
  assert.match(await ch.page.locator('.article .body').innerHTML(), /<strong>off<\/strong> from 10:00 to 15:00/);
  assert.equal(await ch.page.locator('.article figcaption').textContent(), 'The district and its shelters');
  assert.ok(await ch.page.locator('.article figure img').evaluate((img) => img.complete && img.naturalWidth === 320));
  await ch.context.close();
});

test('keyboard use with visible focus, and AA contrast of text in both themes', async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${server.base}${article.url}`);
  // The skip link comes first, then the header's controls, each with a visible focus ring.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const e = document.activeElement;
    return { text: e.textContent, outline: getComputedStyle(e).outlineStyle, width: getComputedStyle(e).outlineWidth };
  });
  assert.equal(focused.text, 'Search');
  assert.equal(focused.outline, 'solid');
  assert.equal(focused.width, '3px');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.name), 'q');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });

  // WCAG 2 contrast of the text colours against the page background.
  const ratios = () => page.evaluate(() => {
    const rgb = (s) => s.match(/\d+/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const bg = getComputedStyle(document.body).backgroundColor;
    const of = (sel) => getComputedStyle(document.querySelector(sel)).color;
    return { body: ratio(of('.article .body p'), bg), muted: ratio(of('.meta'), bg), link: ratio(of('.kicker'), bg), views: ratio(of('.views'), bg) };
  });
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    for (const [what, r] of Object.entries(await ratios())) assert.ok(r >= 4.5, `${theme} ${what}: ${r.toFixed(2)}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the front page: the lead story on the first screen of a phone, a menu button for the sections, columns on a desktop', async () => {
  const chief = await server.login('chief-browser', 'chief-browser-password-long');
  const media = await fetch(`${server.base}/api/v1/editor/media?alt=${encodeURIComponent('Volunteers fill sandbags by the river')}`, {
    method: 'POST', headers: { authorization: `Bearer ${chief.token}`, 'content-type': 'image/png' }, body: makePng(1200, 675) });
  assert.equal(media.status, 201);
  const top = await publish(chief, { lang: 'en', category: 'exercises', title: 'Flood drill on the Esentai river bank', lead: 'Two hundred volunteers built a barrier in an hour.',
    body: 'Text.', images: [{ media_id: (await media.json()).id, alt: 'Volunteers fill sandbags by the river' }] });
  for (const [name, width, height] of [['phone', 390, 844], ['desktop', 1366, 900]]) {
    for (const theme of ['light', 'dark']) {
      const { context, page, problems } = await newPage({ viewport: { width, height }, colorScheme: theme });
      await page.goto(`${server.base}/en`);
      const headline = page.locator('.front-top h2 a');
      assert.equal(await headline.textContent(), top.title);
      const box = await headline.boundingBox();
      assert.ok(box.y + box.height <= height, `${name}: the lead headline ends at ${box.y + box.height} px, within the first ${height} px`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= width, `${name}: nothing wider than the screen`);
      const sections = page.locator('#site-sections');
      const menu = page.getByRole('button', { name: 'Menu' });
      if (name === 'phone') {
        assert.equal(await sections.isVisible(), false);
        await menu.click();
        assert.equal(await menu.getAttribute('aria-expanded'), 'true');
        assert.equal(await sections.isVisible(), true);
        await page.screenshot({ path: join(artifacts, `front-${name}-${theme}-menu.png`) });
        await menu.click();
        assert.equal(await sections.isVisible(), false);
      } else {
        assert.equal(await menu.isVisible(), false);
        assert.equal(await sections.isVisible(), true);
        // The picture and the text of the lead story side by side.
        const img = await page.locator('.front-top img').boundingBox();
        const text = await page.locator('.front-top-text').boundingBox();
        assert.ok(img.x + img.width <= text.x && Math.abs(img.y - text.y) < 40, 'the lead picture is beside its text');
      }
      // The footer: sections, languages, feeds and the networks with their marks.
      const footer = page.locator('footer.site-footer');
      assert.equal(await footer.locator('.social-row svg').count(), 2);
      assert.equal(await footer.getByRole('link', { name: 'Interviews' }).count(), 1);
      assert.equal(await footer.getByRole('link', { name: 'Қазақша' }).count(), 1);
      assert.equal(theme === 'dark', await page.evaluate(() => getComputedStyle(document.body).backgroundColor) !== 'rgb(255, 255, 255)');
      await page.screenshot({ path: join(artifacts, `front-${name}-${theme}.png`), fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});
