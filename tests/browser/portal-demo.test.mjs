// The portal as `qorgan demo` leaves it, in real headless Chromium: the front page in Russian on a
// phone and a desktop shows the demo's own stories, each with its own drawn picture that loads,
// nothing wider than the screen; screenshots in tests/artifacts/demo-front-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, watchedPage } from './chromium.mjs';
import { freshDatabase, startServer, cleanup, binary, root, MASTER_KEY } from '../api/harness.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser;

before(async () => {
  const db = freshDatabase();
  const env = { ...process.env, QORGAN_MASTER_KEY: MASTER_KEY };
  assert.equal(spawnSync(binary, ['--db', db.url, 'migrate'], { encoding: 'utf8', env }).status, 0);
  const demo = spawnSync(binary, ['--db', db.url, 'demo'], { cwd: db.dir, encoding: 'utf8', env });
  assert.equal(demo.status, 0, demo.stderr);
  server = await startServer({ db });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  if (server) { await server.stop(); cleanup(server); }
});

// What the demo's pictures show, in Russian (portal/demo_pictures.cpp).
const scenes = /^(Горы над городом в сумерках|Микрофон на столе и облачка реплик|Сирена оповещения на опоре|Схема улиц с маршрутом эвакуации до укрытия|Полевой лагерь у гор: палатки и флаг|Щит с замком на фоне кода)$/;

for (const [name, width, height] of [['phone', 390, 844], ['desktop', 1366, 900]]) {
  test(`the demo's front page on a ${name}: its own stories, each picture drawn for it and loaded`, async () => {
    const { context, page, problems } = await watchedPage(browser, { viewport: { width, height } });
    await page.goto(`${server.base}/ru`, { waitUntil: 'load' });
    const headline = page.locator('.front-top h2 a');
    assert.ok((await headline.textContent()).trim().length > 10);
    const box = await headline.boundingBox();
    assert.ok(box.y + box.height <= height, `the lead headline ends within the first screen (${box.y + box.height} px)`);
    // Scroll through the page so that lazy pictures load, then check every one.
    for (let y = 0; y < 20000; y += height) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(50);
    }
    await page.waitForFunction(() => [...document.querySelectorAll('main img')].every((i) => i.complete));
    const imgs = await page.evaluate(() => [...document.querySelectorAll('main img')]
      .map((i) => ({ src: i.getAttribute('src'), alt: i.getAttribute('alt'), w: i.naturalWidth })));
    assert.ok(imgs.length >= 8, `pictures on the page: ${imgs.length}`);
    for (const i of imgs) {
      assert.ok(i.w > 0, `${i.src} loaded`);
      assert.match(i.alt, scenes, `${i.src} is described in Russian`);
    }
    assert.ok(new Set(imgs.map((i) => i.src)).size >= 8, 'the stories have pictures of their own');
    assert.ok(new Set(imgs.map((i) => i.alt)).size >= 4, 'the sections have different scenes');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= width, 'nothing wider than the screen');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, `demo-front-${name}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  });
}
