// The editor in real headless Chromium: the language follows the browser until the switch on the
// page chooses another; the article form's Preview shows the server's rendering under the form
// without leaving the page (and, without JavaScript, by posting the form), scripts neutralised;
// the category names follow the language chosen for a new article; signing out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup } from '../api/harness.mjs';

let server, browser;

before(async () => {
  server = await startServer();
  const admin = await server.login();
  await server.account(admin, 'editor-browser', 'editor');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

async function signIn(page, next = '/editor/new') {
  await page.goto(`${server.base}${next}`);
  await page.locator('input[name="login"]').fill('editor-browser');
  await page.locator('input[name="password"]').fill('editor-browser-password-long');
  await page.locator('form[action="/console/login"] button[type="submit"]').click();
  await page.waitForURL(`${server.base}${next}`);
}

const markdown = '## Хабарлама\n\n**Сирена** сәрсенбі күні.\n\n<script>window.__hacked = 1</script>\n\n<img src=x onerror="window.__hacked = 2">\n\n[сілтеме](javascript:window.__hacked=3)';

test('the editor speaks the browser language, the switch changes it; Preview renders in place, scripts neutralised', async () => {
  const { context, page, problems } = await watchedPage(browser, { locale: 'kk-KZ', extraHTTPHeaders: { 'accept-language': 'kk-KZ,kk;q=0.9' } });
  await signIn(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'kk');
  assert.equal(await page.locator('h1').textContent(), 'Жаңа мақала');
  // The switch: Russian, back on the same form.
  await page.locator('form.lang-switch button[value="ru"]').click();
  await page.waitForURL(`${server.base}/editor/new`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(await page.locator('h1').textContent(), 'Новая статья');
  assert.equal(await page.locator('form.lang-switch button[value="ru"]').getAttribute('aria-current'), 'true');
  // The category names follow the language picked for the article.
  await page.locator('select[name="lang"]').selectOption('kk');
  assert.equal((await page.locator('select[name="category"] option[value="news"]').textContent()).trim(), 'Жаңалықтар');
  await page.locator('select[name="lang"]').selectOption('en');
  assert.equal((await page.locator('select[name="category"] option[value="news"]').textContent()).trim(), 'News');
  // Preview: the server's rendering under the form, the page not left, nothing run.
  assert.equal(await page.locator('#preview').isVisible(), false);
  await page.locator('input[name="title"]').fill('Сирена');
  await page.locator('textarea[name="body"]').fill(markdown);
  await page.getByRole('button', { name: 'Предпросмотр' }).click();
  await page.locator('#preview h2', { hasText: 'Предпросмотр' }).waitFor();
  await page.locator('#preview .preview-body strong', { hasText: 'Сирена' }).waitFor();
  assert.equal(await page.locator('#preview .preview-body h2').textContent(), 'Хабарлама');
  assert.equal(page.url(), `${server.base}/editor/new`);
  assert.equal(await page.locator('input[name="title"]').inputValue(), 'Сирена', 'the form as typed');
  assert.equal(await page.evaluate(() => window.__hacked), undefined);
  assert.equal(await page.locator('#preview script, #preview [onerror], #preview a[href^="javascript"]').count(), 0);
  // The Markdown help opens in the page's language.
  await page.getByText('Как оформить текст (Markdown)').click();
  await page.getByText('маркированный список').waitFor();
  // Signing out from the editor.
  await page.locator('form.sign-out button').click();
  await page.waitForURL(/\/console\/login\?signed_out=1/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'kk', 'signed out: the browser language again');
  await page.goto(`${server.base}/editor`);
  assert.match(page.url(), /\/console\/login\?next=/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript, Preview posts the form and shows the rendering with the text kept', async () => {
  const { context, page, problems } = await watchedPage(browser, { javaScriptEnabled: false, locale: 'ru-RU' });
  await signIn(page);
  await page.locator('input[name="title"]').fill('Без скриптов');
  await page.locator('textarea[name="body"]').fill(markdown);
  await page.getByRole('button', { name: 'Предпросмотр' }).click();
  await page.locator('#preview .preview-body strong', { hasText: 'Сирена' }).waitFor();
  assert.equal(await page.locator('input[name="title"]').inputValue(), 'Без скриптов');
  assert.equal(await page.locator('textarea[name="body"]').inputValue(), markdown);
  assert.equal(await page.locator('#preview script, #preview [onerror], #preview a[href^="javascript"]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
