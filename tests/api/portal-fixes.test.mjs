// The portal's addresses, images, promos, view counting and search as a reader meets them:
// trailing slashes, romanised slugs with redirects from old addresses, images from other sites
// refused, promo links in the reader's language, views that one address cannot inflate, and a
// search that finds inflected forms and the word being typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, cleanup, client, engine } from './harness.mjs';
import { sql } from './sql.mjs';
import { pageSession } from './page-session.mjs';

let server, admin, chief, anon;
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

before(async () => {
  server = await startServer();
  admin = await server.login();
  chief = await server.account(admin, 'chief-fixes', 'chief_editor');
  anon = client(server.base);
});
after(async () => { await server.stop(); cleanup(server); });

async function publish(body, as = chief) {
  const a = await as.post('/api/v1/editor/articles', body);
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal((await as.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'in_review' })).status, 200);
  const p = await as.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'published' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body;
}

const get = (path, init = {}) => fetch(server.base + path, { redirect: 'manual', ...init });

test('a page asked for with a trailing slash moves to its address without it, the query kept', async () => {
  const a = await publish({ lang: 'ru', category: 'news', title: 'Адрес со слешем', body: 'Текст.' });
  for (const [from, to] of [
    ['/ru/', '/ru'],
    ['/kk/', '/kk'],
    ['/ru/news/', '/ru/news'],
    ['/ru/news/?cursor=abc&x=%D0%B0', '/ru/news?cursor=abc&x=%D0%B0'],
    [`${a.url}/`, a.url],
    ['/ru/search/?q=%D1%88%D1%82%D0%B0%D0%B1', '/ru/search?q=%D1%88%D1%82%D0%B0%D0%B1'],
    ['/api/v1/categories/', '/api/v1/categories'],
  ]) {
    const r = await get(from);
    assert.ok([301, 308].includes(r.status), `${from}: ${r.status}`);
    assert.equal(r.headers.get('location'), to, from);
    assert.equal((await get(to)).status, 200, to);
  }
  assert.equal((await get('/ru/', { method: 'HEAD' })).status, 301);
  // Only pages that exist move; a write is not redirected; no redirect leaves the site.
  assert.equal((await get('/ru/news/no-such-article/x/')).status, 404);
  assert.equal((await chief.post('/api/v1/editor/articles/', { lang: 'en', category: 'news', title: 'x' })).status, 404);
  const escape = await get('//example.com/');
  assert.ok(!/^\/\//.test(escape.headers.get('location') || ''), 'no protocol-relative redirect');
});

test('slugs follow BGN/PCGN romanisation, each special letter kept; a changed slug redirects', async () => {
  const ru = await publish({ lang: 'ru', category: 'news', title: 'Штаб: что за щит, чья жизнь, цех, мы, эхо, юг, яма, ёж', body: 'Т.' });
  assert.equal(ru.slug, 'shtab-chto-za-shchit-chya-zhizn-tsekh-my-ekho-yug-yama-yezh');
  const kk = await publish({ lang: 'kk', category: 'news', title: 'Әке, ғалым, қала, аң, өзен, ұлт, үй, Һ, іс, шығыс', body: 'М.' });
  assert.equal(kk.slug, 'ake-ghalym-qala-ang-ozen-ult-ui-h-is-shyghys');
  // The editor changes the slug: the old address answers 301 with the new one.
  const moved = await chief.patch(`/api/v1/editor/articles/${ru.id}`, { slug: 'Штаб открыт' });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.slug, 'shtab-otkryt');
  const r = await get(ru.url);
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), '/ru/news/shtab-otkryt');
  assert.equal((await get('/ru/news/shtab-otkryt')).status, 200);
});

test('addresses made by the old transliteration redirect to the romanised ones after the upgrade', async () => {
  const other = await startServer();
  try {
    const oadmin = await other.login();
    const ochief = await other.account(oadmin, 'chief-legacy', 'chief_editor');
    const a = await publish({ lang: 'ru', category: 'news', title: 'Штаб обороны: что нового', body: 'Текст.' }, ochief);
    const k = await publish({ lang: 'kk', category: 'news', title: 'Қорғаныс штабы', body: 'Мәтін.' }, ochief);
    const custom = await publish({ lang: 'en', category: 'news', title: 'Kept as it is', slug: 'kept-by-the-editor', body: 'x' }, ochief);
    assert.equal(a.slug, 'shtab-oborony-chto-novogo');
    await other.stop();
    // The database as the previous version left it: slugs of the old rule, no migration 47.
    sql(other.db.url, `UPDATE portal_articles SET slug = 'stab-oborony-cto-novogo' WHERE id = ${a.id}`);
    sql(other.db.url, `UPDATE portal_articles SET slug = 'k-organys-staby' WHERE id = ${k.id}`);
    sql(other.db.url, 'DROP TABLE portal_slug_redirects');
    sql(other.db.url, 'DELETE FROM schema_migrations WHERE version = 47');
    const again = await startServer({ db: other.db });
    try {
      const g = (p) => fetch(again.base + p, { redirect: 'manual' });
      let r = await g('/ru/news/stab-oborony-cto-novogo');
      assert.equal(r.status, 301);
      assert.equal(r.headers.get('location'), '/ru/news/shtab-oborony-chto-novogo');
      assert.equal((await g('/ru/news/shtab-oborony-chto-novogo')).status, 200);
      r = await g('/kk/news/k-organys-staby');
      assert.equal(r.status, 301);
      assert.equal(r.headers.get('location'), '/kk/news/qorghanys-shtaby');
      // A slug the editor chose is left alone.
      assert.equal((await g(`/en/news/${custom.slug}`)).status, 200);
      // Search works on the re-indexed articles.
      const found = await client(again.base).get(`/api/v1/search?lang=ru&q=${encodeURIComponent('штабов')}`);
      assert.deepEqual(found.body.items.map((x) => x.id), [a.id]);
    } finally { await again.stop(); }
  } finally { await other.stop(); cleanup(other); }
});

test('images from other sites are refused with a field error; media library images are kept', async () => {
  const r = await chief.post('/api/v1/editor/articles', {
    lang: 'en', category: 'news', title: 'Outside image',
    images: [{ src: '/media/1/large', alt: 'Ours' }, { src: 'https://example.com/photo.jpg', alt: 'Theirs' }],
  });
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['images[1].src']);
  assert.match(r.body.errors[0].message, /media library/);
  for (const src of ['http://example.com/a.png', '//example.com/a.png', '/media/../etc/passwd'])
    assert.equal((await chief.post('/api/v1/editor/articles', { lang: 'en', category: 'news', title: 'x', images: [{ src, alt: 'a' }] })).status, 422, src);
  const ok = await chief.post('/api/v1/editor/articles', { lang: 'en', category: 'news', title: 'Inside image', images: [{ src: '/static/portal-icon.svg', alt: 'Icon' }] });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
});

test('an image from another site inside the text is refused on the body field, on create and on edit', async () => {
  const before = (await chief.get('/api/v1/editor/articles?limit=100')).body.items.length;
  for (const body of ['Intro.\n\n![Theirs](https://example.com/photo.jpg)',
                      'Intro.\n\n![Ref][p]\n\n[p]: http://example.com/p.png',
                      '![x](//example.com/a.png)', '![x](/media/../etc/passwd)']) {
    const r = await chief.post('/api/v1/editor/articles', { lang: 'en', category: 'news', title: 'Body image', body });
    assert.equal(r.status, 422, body);
    assert.deepEqual(r.body.errors.map((e) => e.field), ['body'], body);
    assert.match(r.body.errors[0].message, /media library/);
  }
  assert.equal((await chief.get('/api/v1/editor/articles?limit=100')).body.items.length, before, 'nothing was stored');
  const ok = await chief.post('/api/v1/editor/articles', {
    lang: 'en', category: 'news', title: 'Body image ok',
    body: 'A [link elsewhere](https://example.com/) is fine.\n\n![Ours](/static/portal-icon.svg)',
  });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  const edit = await chief.patch(`/api/v1/editor/articles/${ok.body.id}`, { body: '![Theirs](https://example.com/x.jpg)' });
  assert.equal(edit.status, 422);
  assert.deepEqual(edit.body.errors.map((e) => e.field), ['body']);
  assert.match((await chief.get(`/api/v1/editor/articles/${ok.body.id}`)).body.body_markdown, /portal-icon\.svg/, 'the edit changed nothing');
});

test('a promo links each language to its own page', async () => {
  const links = (html) => [...html.matchAll(/<a class="promo" href="([^"]*)"/g)].map((m) => m[1]);
  // The promo links of a page; with several server processes, another one drops its cached
  // copy of the page within moments of the change (README "Running several servers").
  const promoAt = async (path, want) => {
    let got;
    for (let i = 0; i < 40; i++) {
      got = links(await (await get(path)).text());
      if (JSON.stringify(got) === JSON.stringify(want)) break;
      await sleep(100);
    }
    return got;
  };
  // One site path for every language follows the reader's language…
  let s = await admin.patch('/api/v1/editor/settings', { promos: [{ url: '/en/notices', title: { kk: 'Резерв', ru: 'Резерв', en: 'Reserve' } }] });
  assert.equal(s.status, 200, JSON.stringify(s.body));
  for (const lang of ['kk', 'ru', 'en'])
    assert.deepEqual(await promoAt(`/${lang}`, [`/${lang}/notices`]), [`/${lang}/notices`], lang);
  // …and each language may have its own target.
  s = await admin.patch('/api/v1/editor/settings', { promos: [{
    url: { kk: '/kk/exercises', ru: '/ru/notices', en: 'https://example.org/reserve' },
    title: { kk: 'Резерв', ru: 'Резерв', en: 'Reserve' } }] });
  assert.equal(s.status, 200, JSON.stringify(s.body));
  assert.deepEqual(await promoAt('/kk', ['/kk/exercises']), ['/kk/exercises']);
  assert.deepEqual(await promoAt('/ru/news', ['/ru/notices']), ['/ru/notices']);
  assert.deepEqual(await promoAt('/en', ['https://example.org/reserve']), ['https://example.org/reserve']);
  const bad = await admin.patch('/api/v1/editor/settings', { promos: [{ url: { kk: 'javascript:alert(1)', ru: '/ru' }, title: { kk: 'a', ru: 'b', en: 'c' } }] });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['promos[0].url.en', 'promos[0].url.kk']);
});

// A POST of a view from a given local address (Linux routes all of 127.0.0.0/8 to loopback).
// `forwarded`: an X-Forwarded-For header, as a reverse proxy in front of the server sends.
function view(id, { from = '127.0.0.1', ua = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0', forwarded, base = server.bases[0] } = {}) {
  const target = new URL(`${base}/api/v1/articles/${id}/view`);
  const headers = { 'user-agent': ua, 'content-length': 0 };
  if (forwarded) headers['x-forwarded-for'] = forwarded;
  return new Promise((ok, fail) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      localAddress: from, headers }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => ok(JSON.parse(body)));
    });
    req.on('error', fail);
    req.end();
  });
}

test('views: one address cannot inflate the count by changing its user agent; bots are not counted', async () => {
  const a = await publish({ lang: 'ru', category: 'news', title: 'Счётчик просмотров', body: 'Текст.' });
  const counted = [];
  for (let i = 0; i < 10; i++) counted.push((await view(a.id, { ua: `Mozilla/5.0 reader-${i}` })).counted);
  assert.deepEqual(counted, [true, false, false, false, false, false, false, false, false, false]);
  // Known crawlers and link previewers count nothing, even from a new address.
  for (const ua of ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 (compatible; YandexBot/3.0)', 'facebookexternalhit/1.1', 'TelegramBot (like TwitterBot)', 'curl/7.88.1'])
    assert.deepEqual(await view(a.id, { from: '127.0.0.2', ua }), { counted: false }, ua);
  // Readers at other addresses count, once each.
  assert.deepEqual(await view(a.id, { from: '127.0.0.3' }), { counted: true });
  assert.deepEqual(await view(a.id, { from: '127.0.0.3' }), { counted: false });
  assert.deepEqual(await view(a.id, { from: '127.0.0.4' }), { counted: true });
  let views = 0;
  for (let i = 0; i < 40 && views < 3; i++) { await sleep(250); views = (await anon.get(`/api/v1/articles/${a.id}`)).body.views; }
  assert.equal(views, 3);
});

test('views behind a trusted reverse proxy count each client it names; anyone else\'s X-Forwarded-For is ignored', async () => {
  const a = await publish({ lang: 'en', category: 'news', title: 'Counted behind a proxy', body: 'Text.' });
  // Without trusted proxies (the default) the header changes nothing.
  assert.deepEqual(await view(a.id, { from: '127.0.0.6', forwarded: '198.51.100.1' }), { counted: true });
  assert.deepEqual(await view(a.id, { from: '127.0.0.6', forwarded: '198.51.100.2' }), { counted: false });

  const proxied = await startServer({ db: server.db, env: { QORGAN_TRUSTED_PROXIES: '127.0.0.9, 127.0.1.0/24' }, processes: 1 });
  try {
    const base = proxied.base;
    // Two readers behind the proxy are two readers; the same reader again is not counted again.
    assert.deepEqual(await view(a.id, { base, from: '127.0.0.9', forwarded: '198.51.100.10' }), { counted: true });
    assert.deepEqual(await view(a.id, { base, from: '127.0.0.9', forwarded: '198.51.100.11' }), { counted: true });
    assert.deepEqual(await view(a.id, { base, from: '127.0.0.9', forwarded: '198.51.100.10' }), { counted: false });
    // A chain of trusted proxies: the client is the rightmost hop none of them is; what the client
    // itself wrote at the left counts for nothing.
    assert.deepEqual(await view(a.id, { base, from: '127.0.0.9', forwarded: '203.0.113.5, 198.51.100.12, 127.0.1.7' }), { counted: true });
    assert.deepEqual(await view(a.id, { base, from: '127.0.0.9', forwarded: '203.0.113.6, 198.51.100.12, 127.0.1.8' }), { counted: false });
    // A client that is not a trusted proxy cannot name other addresses.
    assert.deepEqual(await view(a.id, { base, from: '127.0.0.7', forwarded: '198.51.100.20' }), { counted: true });
    assert.deepEqual(await view(a.id, { base, from: '127.0.0.7', forwarded: '198.51.100.21' }), { counted: false });
  } finally { await proxied.stop(); }

  const bad = server.cli(['serve', '--listen', '127.0.0.1:0'], { env: { QORGAN_TRUSTED_PROXIES: '127.0.0.1, proxy.example' } });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /proxy\.example.*neither an IP address nor a network/);
});

test('search finds Russian and Kazakh forms, place-name adjectives, and the word being typed', async () => {
  const medeu = await publish({ lang: 'ru', category: 'news', title: 'Учения в Медеуском районе', body: 'Жители Медеуского района проверили укрытия.' });
  const sirens = await publish({ lang: 'ru', category: 'notices', title: 'Проверка сирен', body: 'В полдень включат сирены оповещения.' });
  const kk = await publish({ lang: 'kk', category: 'exercises', title: 'Медеу ауданында жаттығулар', body: 'Тұрғындар жаттығуға қатысты.' });
  const ids = async (q, lang, prefix = false) =>
    (await anon.get(`/api/v1/search?lang=${lang}&q=${encodeURIComponent(q)}${prefix ? '&prefix=1' : ''}`)).body.items.map((x) => x.id);
  const table = [
    ['Медеу', 'ru', false, medeu.id],
    ['медеуский', 'ru', false, medeu.id],
    ['сиренами', 'ru', false, sirens.id],
    ['сиренам', 'ru', false, sirens.id],
    ['сирене', 'ru', false, sirens.id],
    ['сирены', 'ru', false, sirens.id],
    ['Меде', 'ru', true, medeu.id],
    ['проверка сир', 'ru', true, sirens.id],
    ['жаттығуларға', 'kk', false, kk.id],
    ['жатты', 'kk', true, kk.id],
  ];
  for (const [q, lang, prefix, id] of table) assert.ok((await ids(q, lang, prefix)).includes(id), `${q} (${lang}${prefix ? ', typing' : ''})`);
  // Without prefix=1 a part of a word is not a word.
  assert.ok(!(await ids('жатты', 'kk')).includes(kk.id));
  assert.equal((await anon.get('/api/v1/search?q=x&prefix=maybe')).status, 422);
  // tsquery and FTS5 syntax in a typed query stay inert.
  for (const q of ["a' & b:*", '"OR * NEAR(', '!(x | y)'])
    assert.equal((await anon.get(`/api/v1/search?prefix=1&q=${encodeURIComponent(q)}`)).status, 200, q);
  // The search page marks the adjective for the place.
  const html = await (await get(`/ru/search?q=${encodeURIComponent('Медеу')}`)).text();
  assert.match(html, /<mark>Медеуск(ом|ого)<\/mark>/);
});

test(`engine ${engine}: the offline page exists in each language and is not indexed`, async () => {
  for (const [lang, words] of [['kk', /Желіге қосылым жоқ/], ['ru', /Нет подключения к сети/], ['en', /You are offline/]]) {
    const r = await get(`/${lang}/offline`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, words);
    assert.match(html, new RegExp(`<html lang="${lang}"`));
    assert.match(html, /noindex/);
  }
});

test('one configured time zone: the article page, the editor and the console all show QORGAN_TIME_ZONE; editors cannot set another', async () => {
  const tokyo = await startServer({ env: { QORGAN_TIME_ZONE: 'Asia/Tokyo' } });
  try {
    const root = await tokyo.login();
    const editor = await tokyo.account(root, 'chief-tokyo', 'chief_editor');
    const a = await publish({ lang: 'en', category: 'news', title: 'Clocks in another zone', body: 'Text.' }, editor);
    const article = await (await fetch(tokyo.base + a.url)).text();
    assert.match(article, /datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00"/, 'the article page is on the configured clock');
    const page = await pageSession(tokyo.base, 'chief-tokyo', 'chief-tokyo-password-long', { 'accept-language': 'en' });
    const list = await page.get('/editor');
    assert.match(list.text, /UTC\+9\)/, 'the editor list labels its times with the configured zone');
    assert.doesNotMatch(list.text, /UTC\+5\)/);
    const settings = await root.get('/api/v1/editor/settings');
    assert.equal(settings.status, 200);
    assert.equal(settings.body.time_zone, undefined, 'the zone is the server\'s, not a site setting');
    const refused = await root.patch('/api/v1/editor/settings', { time_zone: 'Asia/Almaty' });
    assert.equal(refused.status, 422);
    assert.ok(refused.body.errors.some((e) => e.field === 'time_zone'), JSON.stringify(refused.body));
  } finally {
    await tokyo.stop();
    cleanup(tokyo);
  }
});
