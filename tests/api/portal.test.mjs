// The public portal end to end: editorial workflow and permissions, scheduled publication, search
// with stemming, feeds and sitemap, view counting, hostile Markdown, caching, language choice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, client } from './harness.mjs';
import { parseXml, findAll } from './xml.mjs';
import { makePng } from './png.mjs';
import http from 'node:http';
import net from 'node:net';

let server, admin, editor, chief, anon;
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));


// A view of article `id` sent from local address `from` (Linux routes all of 127.0.0.0/8 to
// loopback), as readers at different addresses would: {status, headers, body}.
function postView(base, id, from) {
  const target = new URL(`${base}/api/v1/articles/${id}/view`);
  return new Promise((ok, fail) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      localAddress: from, headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0', 'content-length': 0 } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: JSON.parse(body) }));
    });
    req.on('error', fail);
    req.end();
  });
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  editor = await server.account(admin, 'editor-asel', 'editor');
  chief = await server.account(admin, 'chief-marat', 'chief_editor');
  anon = client(server.base);
});
after(async () => { await server.stop(); cleanup(server); });

async function publish(body) {
  const a = await chief.post('/api/v1/editor/articles', body);
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal((await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'in_review' })).status, 200);
  const p = await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'published' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body;
}

test('an editor writes and submits; only a chief editor publishes; every step is audited', async () => {
  const created = await editor.post('/api/v1/editor/articles', {
    lang: 'ru', category: 'news', title: 'Штаб обороны открыт в Алмалинском районе',
    lead: 'Жители могут записаться в резерв.', body: 'Первый абзац.\n\nВторой абзац.', author: 'Айгерим Тестова',
    tags: ['Штаб', 'резерв'],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  assert.equal(created.body.status, 'draft');
  assert.match(created.body.slug, /^[a-z]+-oborony-otkryt-v-almalinskom-ra[a-z]+$/);
  // The editor cannot publish or schedule, from draft or from review.
  let r = await editor.post(`/api/v1/editor/articles/${id}/status`, { status: 'published' });
  assert.equal(r.status, 403);
  assert.equal((await editor.post(`/api/v1/editor/articles/${id}/status`, { status: 'in_review' })).status, 200);
  r = await editor.post(`/api/v1/editor/articles/${id}/status`, { status: 'published' });
  assert.equal(r.status, 403);
  r = await editor.post(`/api/v1/editor/articles/${id}/status`, { status: 'scheduled', scheduled_at: new Date(Date.now() + 60000).toISOString() });
  assert.equal(r.status, 403);
  // Not public yet.
  assert.equal((await anon.get(`/api/v1/articles/${id}`)).status, 404);
  // Readers and other roles cannot use the editor API.
  assert.equal((await anon.get('/api/v1/editor/articles')).status, 401);
  const auditor = await server.account(admin, 'auditor-portal', 'auditor');
  assert.equal((await auditor.post('/api/v1/editor/articles', { lang: 'en', category: 'news', title: 'x' })).status, 403);
  // An edit in review makes revision 2, with a diff.
  r = await editor.patch(`/api/v1/editor/articles/${id}`, { body: 'Первый абзац.\n\nВторой абзац, исправленный.' });
  assert.equal(r.status, 200);
  assert.equal(r.body.revision, 2);
  const revs = await editor.get(`/api/v1/editor/articles/${id}/revisions`);
  assert.deepEqual(revs.body.items.map((x) => [x.revision, x.author]), [[1, 'editor-asel'], [2, 'editor-asel']]);
  const diff = await editor.get(`/api/v1/editor/articles/${id}/diff?from=1&to=2`);
  assert.equal(diff.status, 200);
  assert.deepEqual(diff.body.body.filter((l) => l.op !== '=').map((l) => l.op + l.text).sort(),
    ['+Второй абзац, исправленный.', '-Второй абзац.']);
  // The chief editor publishes.
  r = await chief.post(`/api/v1/editor/articles/${id}/status`, { status: 'published' });
  assert.equal(r.status, 200);
  assert.equal(r.body.approved_by, 'chief-marat');
  const pub = await anon.get(`/api/v1/articles/${id}`);
  assert.equal(pub.status, 200);
  assert.match(pub.body.body_html, /исправленный/);
  // After publication the editor can no longer change the text alone.
  assert.equal((await editor.patch(`/api/v1/editor/articles/${id}`, { title: 'Другое' })).status, 403);
  // Unpublish hides it again.
  assert.equal((await chief.post(`/api/v1/editor/articles/${id}/status`, { status: 'unpublished' })).status, 200);
  assert.equal((await anon.get(`/api/v1/articles/${id}`)).status, 404);
  assert.equal((await chief.post(`/api/v1/editor/articles/${id}/status`, { status: 'published' })).status, 200);
  // Illegal moves are conflicts.
  assert.equal((await chief.post(`/api/v1/editor/articles/${id}/status`, { status: 'in_review' })).status, 409);
  const audit = await admin.get(`/api/v1/audit?entity_type=portal_article&entity_id=${id}&limit=50`);
  const actions = audit.body.items.map((e) => `${e.action}:${e.actor_login}`).reverse();
  assert.deepEqual(actions, [
    'portal_article.create:editor-asel', 'portal_article.in_review:editor-asel', 'portal_article.update:editor-asel',
    'portal_article.published:chief-marat', 'portal_article.unpublished:chief-marat', 'portal_article.published:chief-marat',
  ]);
});

test('slugs are transliterated and unique per language; translations link; bad input names every field', async () => {
  const a = await publish({ lang: 'ru', category: 'notices', title: 'Проверка сирен', body: 'Текст.' });
  const b = await publish({ lang: 'ru', category: 'notices', title: 'Проверка сирен', body: 'Текст 2.' });
  assert.equal(a.slug, 'proverka-siren');
  assert.equal(b.slug, 'proverka-siren-2');
  const en = await publish({ lang: 'en', category: 'notices', title: 'Siren test', body: 'Text.', translation_of: a.id });
  assert.equal(en.translation_group, a.translation_group);
  const dup = await chief.post('/api/v1/editor/articles', { lang: 'en', category: 'notices', title: 'Again', translation_of: a.id });
  assert.equal(dup.status, 409);
  const bad = await chief.post('/api/v1/editor/articles', { lang: 'de', title: '', colour: 'red', images: [{ src: 'javascript:x' }] });
  assert.equal(bad.status, 422);
  const fields = bad.body.errors.map((e) => e.field).sort();
  for (const f of ['lang', 'title', 'category', 'colour', 'images[0].src', 'images[0].alt']) assert.ok(fields.includes(f), `${f} in ${fields}`);
  // The article page's language switch lands on the translation.
  const page = await (await fetch(`${server.base}/ru/notices/proverka-siren`)).text();
  assert.match(page, /<a href="\/en\/notices\/siren-test" hreflang="en"/);
  assert.match(page, /<link rel="alternate" hreflang="en" href="http:\/\/127\.0\.0\.1:\d+\/en\/notices\/siren-test">/);
});

test('a scheduled article appears at its time and not before: API, lists, feeds, sitemap, search, pages', async () => {
  const a = await chief.post('/api/v1/editor/articles', {
    lang: 'en', category: 'exercises', title: 'Night drill at the Zhetysu depot', lead: 'A scheduled notice.',
    body: 'The quartermaster checks lanterns.',
  });
  await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'in_review' });
  // Warm the caches first, so the test also proves they are invalidated by the scheduler.
  await fetch(`${server.base}/en/exercises`);
  await fetch(`${server.base}/en/rss.xml`);
  const at = new Date(Date.now() + 6000);  // room for the checks below on a busy machine
  const s = await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'scheduled', scheduled_at: at.toISOString() });
  assert.equal(s.status, 200, JSON.stringify(s.body));
  const visible = async () => ({
    api: (await anon.get(`/api/v1/articles/${a.body.id}`)).status === 200,
    list: (await anon.get('/api/v1/articles?lang=en&category=exercises')).body.items.some((x) => x.id === a.body.id),
    page: /Night drill/.test(await (await fetch(`${server.base}/en/exercises`)).text()),
    rss: /Night drill/.test(await (await fetch(`${server.base}/en/rss.xml`)).text()),
    sitemap: /night-drill/.test(await (await fetch(`${server.base}/sitemap.xml`)).text()),
    search: (await anon.get('/api/v1/search?q=lantern&lang=en')).body.items.some((x) => x.id === a.body.id),
  });
  assert.deepEqual(await visible(), { api: false, list: false, page: false, rss: false, sitemap: false, search: false });
  assert.ok(Date.now() < at.getTime(), 'the checks ran before the scheduled time');
  await sleep(at.getTime() - Date.now() + 1500);
  assert.deepEqual(await visible(), { api: true, list: true, page: true, rss: true, sitemap: true, search: true });
  const audit = await admin.get(`/api/v1/audit?entity_type=portal_article&entity_id=${a.body.id}`);
  assert.equal(audit.body.items[0].action, 'portal_article.published');
  // A time in the past is refused.
  const b = await chief.post('/api/v1/editor/articles', { lang: 'en', category: 'news', title: 'Past' });
  await chief.post(`/api/v1/editor/articles/${b.body.id}/status`, { status: 'in_review' });
  const past = await chief.post(`/api/v1/editor/articles/${b.body.id}/status`, { status: 'scheduled', scheduled_at: '2020-01-01T00:00:00Z' });
  assert.equal(past.status, 422);
});

test('search stems Russian and English and normalises Kazakh; the page highlights matches', async () => {
  const ru = await publish({ lang: 'ru', category: 'news', title: 'Оборона города начинается с соседей', body: 'Учения по обороне прошли спокойно.' });
  const en = await publish({ lang: 'en', category: 'exercises', title: 'Volunteers join the exercise', body: 'One exercise per month.' });
  const kk = await publish({ lang: 'kk', category: 'exercises', title: 'Еріктілер жаттығулары басталды', body: 'Жаттығуға қатысыңыз.' });
  const ids = async (q, lang) => (await anon.get(`/api/v1/search?q=${encodeURIComponent(q)}&lang=${lang}`)).body.items.map((x) => x.id);
  assert.ok((await ids('обороны', 'ru')).includes(ru.id));
  assert.ok((await ids('exercises', 'en')).includes(en.id));
  assert.ok((await ids('жаттығу', 'kk')).includes(kk.id));
  assert.ok(!(await ids('обороны', 'en')).includes(ru.id), 'the language filter applies');
  // FTS syntax in a query is inert.
  assert.equal((await anon.get('/api/v1/search?q=%22OR%20*%20NEAR(')).status, 200);
  const html = await (await fetch(`${server.base}/ru/search?q=${encodeURIComponent('обороны')}`)).text();
  assert.match(html, /<mark>Оборона<\/mark> города/);
  assert.match(html, /по <mark>обороне<\/mark>/);
  // Category and date filters.
  assert.ok(!(await (await fetch(`${server.base}/ru/search?q=${encodeURIComponent('обороны')}&category=notices`)).text()).includes('<mark>'));
  const future = await anon.get(`/api/v1/search?q=exercise&lang=en&from=2099-01-01`);
  assert.equal(future.body.items.length, 0);
});

test('feeds, category feeds and the sitemap are valid XML with hreflang alternates; robots.txt names the sitemap', async () => {
  // Markup characters in the text must not break the XML (control characters are refused on input).
  const odd = await publish({ lang: 'en', category: 'news', title: 'Fuel & water: <notes> "quoted" here',
    lead: "It's 5 > 3 & 2 < 4", body: '<b>bold?</b> & [link](https://example.com/?a=1&b=2)' });
  for (const path of ['/en/rss.xml', '/en/atom.xml', '/en/news/rss.xml', '/ru/atom.xml', '/ru/news/rss.xml', '/kk/exercises/atom.xml', '/sitemap.xml']) {
    const res = await fetch(server.base + path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), /xml/);
    const doc = parseXml(await res.text());
    if (path.endsWith('rss.xml')) {
      assert.equal(doc.name, 'rss');
      for (const item of findAll(doc, 'item')) assert.ok(findAll(item, 'link')[0].text.startsWith('http'));
    }
    if (path.endsWith('atom.xml')) assert.equal(doc.name, 'feed');
    if (path === '/en/rss.xml') {
      const item = findAll(doc, 'item').find((i) => findAll(i, 'guid')[0].text.endsWith(odd.url));
      assert.equal(findAll(item, 'title')[0].text, 'Fuel & water: <notes> "quoted" here');
      assert.equal(findAll(item, 'description')[0].text, "It's 5 > 3 & 2 < 4");
    }
    if (path === '/sitemap.xml') {
      const alternates = findAll(doc, 'xhtml:link').map((l) => l.attrs.hreflang);
      assert.ok(alternates.includes('en') && alternates.includes('ru') && alternates.includes('kk'));
    }
  }
  const robots = await (await fetch(`${server.base}/robots.txt`)).text();
  assert.match(robots, /Sitemap: http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml/);
});

test('hostile Markdown and HTML in an article are rendered inert', async () => {
  const a = await publish({
    lang: 'en', category: 'infosec', title: 'Evil <script>alert(1)</script> title',
    lead: '"><img src=x onerror=alert(2)>',
    body: '<script>alert(3)</script>\n\n[click](javascript:alert(4)) [data](data:text/html,<b>x</b>)\n\n<img src=x onerror=alert(5)>\n\n<iframe src="https://example.com"></iframe>\n\n**fine**',
    author: '<b>Mallory</b>', tags: ['<svg onload=alert(6)>'],
  });
  const html = await (await fetch(`${server.base}${a.url}`)).text();
  const body = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  assert.doesNotMatch(body, /<script/i);
  assert.doesNotMatch(body, /<img src=x/i);
  assert.doesNotMatch(body, /<iframe/i);
  // No markup of the author's: the only pictures are the share links' own marks.
  assert.doesNotMatch(body.replace(/<section class="share"[\s\S]*?<\/section>/, ''), /<svg/i);
  assert.doesNotMatch(body, /<svg[^>]*onload/i);
  assert.doesNotMatch(body, /href="javascript:/i);
  assert.doesNotMatch(body, /href="data:/i);
  assert.match(body, /<strong>fine<\/strong>/);
  assert.match(body, /Evil &lt;script&gt;alert\(1\)&lt;\/script&gt; title/);
  // The JSON-LD block cannot be closed by a title.
  const ld = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)[1];
  assert.equal(JSON.parse(ld).headline, a.title);
  assert.doesNotMatch(ld, /<\/script/i);
  // Every page forbids inline script through the CSP.
  const res = await fetch(`${server.base}${a.url}`);
  assert.match(res.headers.get('content-security-policy'), /script-src 'self'/);
});

test('views are counted by a separate request, once per reader per day, and survive a clean shutdown', async () => {
  const a = await publish({ lang: 'kk', category: 'notices', title: 'Қаралым сынағы', body: 'Мәтін.' });
  // A reader is recognised by the process that counts the view (README "Running several servers").
  const view = (from) => postView(server.bases[0], a.id, from).then((r) => r.body);
  assert.deepEqual(await view('127.0.0.11'), { counted: true });
  assert.deepEqual(await view('127.0.0.11'), { counted: false });
  assert.deepEqual(await view('127.0.0.12'), { counted: true });
  // No cookie is set by counting.
  const res = await postView(server.bases[0], a.id, '127.0.0.13');
  assert.equal(res.headers['set-cookie'], undefined);
  // Batched: written every two seconds, so the count appears within a few seconds, not at once.
  let views = 0;
  for (let i = 0; i < 40 && views < 3; i++) { await sleep(250); views = (await anon.get(`/api/v1/articles/${a.id}`)).body.views; }
  assert.equal(views, 3);
  assert.equal((await fetch(`${server.base}/api/v1/articles/999999/view`, { method: 'POST' })).status, 404);
});

test('pending views are written on a clean shutdown', async () => {
  const other = await startServer();
  const oadmin = await other.login();
  const ochief = await other.account(oadmin, 'chief-two', 'chief_editor');
  const a = await ochief.post('/api/v1/editor/articles', { lang: 'ru', category: 'news', title: 'Просмотры при остановке' });
  await ochief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'in_review' });
  await ochief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'published' });
  for (const n of [21, 22, 23, 24, 25]) await postView(other.bases[0], a.body.id, `127.0.0.${n}`);
  assert.equal(await other.stop('SIGTERM'), 0);
  const again = await startServer({ db: other.db });
  try {
    assert.equal((await client(again.base).get(`/api/v1/articles/${a.body.id}`)).body.views, 5);
  } finally { await again.stop(); cleanup(again); }
});

test('pages: language redirect, ETag/304, gzip, cache headers, 404s, settings and translations of the UI', async () => {
  let r = await fetch(`${server.base}/`, { redirect: 'manual', headers: { 'accept-language': 'kk-KZ,kk;q=0.9,ru;q=0.8' } });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get('location'), '/kk');
  r = await fetch(`${server.base}/`, { redirect: 'manual', headers: { 'accept-language': 'kk', cookie: 'portal_lang=en' } });
  assert.equal(r.headers.get('location'), '/en');
  r = await fetch(`${server.base}/`, { redirect: 'manual', headers: { 'accept-language': 'de-DE,en;q=0.5' } });
  assert.equal(r.headers.get('location'), '/en');

  r = await fetch(`${server.base}/ru`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  assert.match(r.headers.get('cache-control'), /public/);
  const etag = r.headers.get('etag');
  assert.ok(etag && r.headers.get('last-modified'));
  const html = await r.text();
  assert.match(html, /<html lang="ru"/);
  assert.match(html, /Что вы ищете\?/);
  r = await fetch(`${server.base}/ru`, { headers: { 'if-none-match': etag } });
  assert.equal(r.status, 304);

  const lm = (await fetch(`${server.base}/ru`)).headers.get('last-modified');
  assert.equal((await fetch(`${server.base}/ru`, { headers: { 'if-modified-since': lm } })).status, 304);
  const manifest = await fetch(`${server.base}/manifest.webmanifest`);
  assert.match(manifest.headers.get('content-type'), /application\/manifest\+json/);
  assert.equal((await manifest.json()).start_url, '/');
  const sw = await fetch(`${server.base}/sw.js`);
  assert.equal(sw.headers.get('service-worker-allowed'), '/');

  assert.equal((await fetch(`${server.base}/ru/no-such-section`)).status, 404);
  assert.equal((await fetch(`${server.base}/en/news/no-such-article`)).status, 404);

  // Admins configure social links, promos and the footer; editors cannot.
  const settings = { social: [{ network: 'telegram', url: 'https://t.me/example_portal' }],
    promos: [{ url: '/en/notices', title: { kk: 'Резерв', ru: 'Резерв', en: 'Join the volunteer reserve' } }],
    reuse_notice: { kk: 'Сілтеме міндетті.', ru: 'Ссылка обязательна.', en: 'Any use requires a hyperlink.' } };
  assert.equal((await chief.patch('/api/v1/editor/settings', settings)).status, 403);
  assert.equal((await admin.patch('/api/v1/editor/settings', { social: [{ network: 'myspace', url: 'http://x' }] })).status, 422);
  assert.equal((await admin.patch('/api/v1/editor/settings', settings)).status, 200);
  const en = await (await fetch(`${server.base}/en`)).text();
  assert.match(en, /href="https:\/\/t\.me\/example_portal"/);
  assert.match(en, /Join the volunteer reserve/);
  assert.match(en, /Any use requires a hyperlink\./);
  assert.match(en, /Follow us/);

  // Categories are configurable by editors, with names and descriptions in three languages.
  const c = await editor.post('/api/v1/editor/categories', { slug: 'alerts', position: 7,
    name: { kk: 'Дабылдар', ru: 'Тревоги', en: 'Alerts' }, description: { en: 'Urgent alerts for residents' } });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const cats = await anon.get('/api/v1/categories');
  assert.ok(cats.body.items.some((x) => x.slug === 'alerts' && x.name.en === 'Alerts'));
  const page = await (await fetch(`${server.base}/en/alerts`)).text();
  assert.match(page, /Urgent alerts for residents/);
});

test('the content API pages with a cursor and filters by tag', async () => {
  for (let i = 0; i < 5; i++) await publish({ lang: 'en', category: 'evacuation', title: `Route note ${i}`, tags: ['routes'] });
  const seen = new Set();
  let cursor = '';
  for (let n = 0; n < 10; n++) {
    const r = await anon.get(`/api/v1/articles?lang=en&category=evacuation&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200);
    r.body.items.forEach((x) => { assert.ok(!seen.has(x.id)); seen.add(x.id); });
    if (!r.body.next_cursor) break;
    cursor = r.body.next_cursor;
  }
  assert.equal(seen.size, 5);
  assert.equal((await anon.get('/api/v1/articles?tag=routes')).body.items.length, 5);
  assert.equal((await anon.get('/api/v1/articles?cursor=garbage')).status, 422);
  assert.equal((await anon.get('/api/v1/articles?lang=de')).status, 422);
  // Without JavaScript the list has a plain "More" link to the next page.
  const html = await (await fetch(`${server.base}/en/evacuation`)).text();
  assert.doesNotMatch(html, /class="more-link"/);  // 5 fit on one page of 12
});

test('media: images are checked by content, resized, and need alt text', async () => {
  const png = makePng(640, 360);
  let r = await fetch(`${server.base}/api/v1/editor/media?alt=${encodeURIComponent('A test square')}`, {
    method: 'POST', headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'image/png' }, body: png });
  assert.equal(r.status, 201);
  const m = await r.json();
  assert.equal(m.mime, 'image/png');
  assert.deepEqual([m.width, m.height], [640, 360]);
  // The address holds a random key, not the id; until a published article shows the image, only
  // editors get it, and no cache keeps it.
  assert.match(m.variants.thumb, /^\/media\/[A-Za-z0-9_-]{22,}\/thumb$/);
  assert.equal((await fetch(`${server.base}/media/${m.id}/thumb`)).status, 404);
  assert.equal((await fetch(server.base + m.variants.thumb)).status, 404);
  let thumb = await fetch(server.base + m.variants.thumb, { headers: { authorization: `Bearer ${editor.token}` } });
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('cache-control'), 'private, no-store');
  const shown = await publish({ lang: 'en', category: 'news', title: 'A square on show', lead: 'Lead', body: 'Body',
    images: [{ media_id: m.id, alt: 'A test square' }] });
  assert.equal(shown.images[0].src, m.variants.large);
  thumb = await fetch(server.base + m.variants.thumb);
  assert.equal(thumb.status, 200);
  assert.match(thumb.headers.get('cache-control'), /^public/);
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
  const jpeg = Buffer.from(await thumb.arrayBuffer());
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  r = await fetch(`${server.base}/api/v1/editor/media?alt=x`, {
    method: 'POST', headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'image/png' }, body: '<svg onload=alert(1)>' });
  assert.equal(r.status, 422);
  r = await fetch(`${server.base}/api/v1/editor/media`, {
    method: 'POST', headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'image/png' }, body: png });
  assert.equal(r.status, 422);
  assert.deepEqual((await r.json()).errors.map((e) => e.field), ['alt']);
  r = await fetch(`${server.base}/api/v1/editor/media?alt=big`, {
    method: 'POST', headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'image/png' }, body: Buffer.concat([png, Buffer.alloc(6 * 1024 * 1024)]) });
  assert.equal(r.status, 413);
  // A small file that claims a huge image is refused from its header, before any decoding.
  for (const [claim, why] of [[[6000, 5000], /6000×5000 pixels; at most 8000 pixels a side and 24 million pixels/], [[9000, 10], /9000×10 pixels/]]) {
    r = await fetch(`${server.base}/api/v1/editor/media?alt=claim`, {
      method: 'POST', headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'image/png' }, body: makePng(4, 4, { claim }) });
    assert.equal(r.status, 422);
    const body = await r.json();
    assert.equal(body.errors[0].field, 'file');
    assert.match(body.errors[0].message, why);
  }
});

test('absolute links never come from the Host header; a configured base URL is used; two Host headers are refused', async () => {
  await publish({ lang: 'en', category: 'news', title: 'Host header check', lead: 'Lead', body: 'Body' });
  const get = (port, path, headers) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
  for (const path of ['/sitemap.xml', '/robots.txt', '/en/rss.xml', '/en/atom.xml', '/en']) {
    const res = await get(server.port, path, { Host: 'evil.example' });
    assert.equal(res.status, 200, path);
    assert.ok(!res.body.includes('evil.example'), `${path} must not repeat the Host header`);
    assert.ok(res.body.includes(`${server.base}/`), `${path} links to the server itself`);
  }
  // A page kept in the cache after a hostile request is the same for the next honest reader.
  const honest = await (await fetch(`${server.base}/sitemap.xml`)).text();
  assert.ok(!honest.includes('evil.example'));

  const configured = await startServer({ args: ['--base-url', 'https://portal.example.kz/'] });
  try {
    const robots = await get(configured.port, '/robots.txt', { Host: 'evil.example' });
    assert.match(robots.body, /^Sitemap: https:\/\/portal\.example\.kz\/sitemap\.xml$/m);
  } finally {
    await configured.stop();
    cleanup(configured);
  }
  const bad = server.cli(['serve', '--listen', '127.0.0.1:0', '--base-url', 'portal.example.kz']);
  assert.ok(bad.code !== 0 && bad.code !== null, 'refused at once, not served nor hung');
  assert.match(bad.stderr, /base-url.*http:\/\/ or https:\/\//);

  const twice = await new Promise((resolve) => {
    const s = net.connect(server.port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('close', () => resolve(out));
    s.write('GET /en HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n');
  });
  assert.match(twice, /^HTTP\/1\.1 400/);
  assert.match(twice, /more than one Host header/);
});
