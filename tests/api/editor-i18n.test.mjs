// The portal's editor in Kazakh, Russian and English: every editor page walked in each language
// (<html lang>, its own words, nothing left in another language), the language chosen by the
// account, then the switch's cookie, then Accept-Language; roles as words; signing out; the
// Markdown preview (editors only, sanitised like the public page); the original of a translation
// picked by title; category names in the article's language; share links with their marks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cleanup, root } from './harness.mjs';
import { pageSession } from './page-session.mjs';
import { makePng } from './png.mjs';

let server, admin, chief, editorApi;
const A = {};

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
  admin = await server.login();
  chief = await server.account(admin, 'chief-aigerim', 'chief_editor');
  editorApi = await server.account(admin, 'editor-nurlan', 'editor');
  await server.account(admin, 'auditor-dana', 'auditor');
  A.ru = await publish({
    lang: 'ru', category: 'news', title: 'Учения по оповещению в Медеуском районе', author: 'Айгерим Сапарова',
    lead: 'Сирены прозвучат в среду в 11:00.', body: 'Первый абзац.\n\nВторой абзац.', tags: ['учения'],
  });
  // A second revision, for the page of changes.
  assert.equal((await chief.patch(`/api/v1/editor/articles/${A.ru.id}`, { body: 'Первый абзац.\n\nВторой абзац, исправленный.' })).status, 200);
  A.en = (await chief.post('/api/v1/editor/articles', { lang: 'en', category: 'notices', title: 'Shelter opening hours in Almaty' })).body;
  A.kk = (await editorApi.post('/api/v1/editor/articles', { lang: 'kk', category: 'news', title: 'Жаттығу туралы хабарлама', translation_of: A.ru.id })).body;
  const up = await fetch(`${server.base}/api/v1/editor/media?alt=${encodeURIComponent('Паналық орын')}`, {
    method: 'POST', headers: { authorization: `Bearer ${chief.token}`, 'content-type': 'image/png' }, body: makePng(320, 200) });
  assert.equal(up.status, 201);
});
after(async () => { await server.stop(); cleanup(server); });

const pages = () => ['/editor', '/editor?status=draft', '/editor/new', `/editor/new?lang=kk&translation_of=${A.ru.id}`,
  `/editor/${A.ru.id}`, `/editor/${A.en.id}`, `/editor/${A.kk.id}`, `/editor/${A.ru.id}/diff?from=1&to=2`, '/editor/media'];

// What a reader sees as the interface: text outside tags and the words of labelling attributes.
// Stored content is left out: anything marked with its own language (titles, category names in the
// article's language, the language switch's names), code samples, the text being edited, the
// changes between revisions, and logins.
function interfaceText(html, { attrs = true } = {}) {
  let body = html;
  for (let i = 0; i < 3; i++)
    body = body.replace(/<(\w+)\b[^>]*\slang="(?:kk|ru|en)"[^>]*>[\s\S]*?<\/\1>/g, ' ');
  const labels = attrs ? [...body.matchAll(/\s(?:aria-label|title|placeholder|alt|label)="([^"]*)"/g)].map((m) => m[1]) : [];
  body = body
    .replace(/<script\b[\s\S]*?<\/script>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<textarea\b[\s\S]*?<\/textarea>/g, ' ')
    .replace(/<pre class="diff">[\s\S]*?<\/pre>/g, ' ')
    .replace(/<span class="(?:login|who-login)">[^<]*<\/span>/g, ' ')
    .replace(/<title>[\s\S]*?<\/title>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return [body, ...labels].join(' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

// Latin words allowed on a Kazakh or Russian page: formats and the zone label.
const allowed = new Set(['Markdown', 'HTML', 'JPEG', 'PNG', 'GIF', 'UTC', 'media']);
const englishLeft = (html) => [...new Set((interfaceText(html).match(/[A-Za-z][A-Za-z']*/g) || []).filter((w) => w.length > 1 && !allowed.has(w)))];
const russianLeft = (html) => [...new Set(interfaceText(html, { attrs: false }).match(/[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+/g) || [])];

const words = {
  kk: { says: ['Мақалалар', 'Шығу', 'Бас редактор'] },
  ru: { says: ['Статьи', 'Выйти', 'Главный редактор'] },
  en: { says: ['Articles', 'Sign out', 'Chief editor'] },
};

for (const lang of ['kk', 'ru', 'en']) {
  test(`every editor page in ${lang}: <html lang>, its own words, the role as words, nothing in another language`, async () => {
    const s = await pageSession(server.base, 'chief-aigerim', 'chief-aigerim-password-long', { 'accept-language': `${lang};q=0.9` });
    const wrong = [];
    for (const path of pages()) {
      const r = await s.get(path);
      if (r.status !== 200) { wrong.push(`${path}: status ${r.status}`); continue; }
      const htmlLang = r.text.match(/<html lang="([^"]+)"/)?.[1];
      if (htmlLang !== lang) wrong.push(`${path}: <html lang="${htmlLang}">`);
      for (const w of words[lang].says) if (!r.text.includes(w)) wrong.push(`${path}: lacks "${w}"`);
      if (r.text.includes('chief_editor')) wrong.push(`${path}: the role as a code`);
      // Every page signs out with the console's POST and this session's token.
      if (!/<form class="sign-out" method="post" action="\/console\/logout">\s*<input type="hidden" name="_csrf" value="[^"]+">/.test(r.text))
        wrong.push(`${path}: no sign-out form`);
      if (!/<form class="lang-switch" method="post" action="\/console\/account\/language"/.test(r.text)) wrong.push(`${path}: no language switch`);
      const left = lang === 'en' ? russianLeft(r.text) : englishLeft(r.text);
      if (left.length) wrong.push(`${path}: left in another language: ${left.join(', ')}`);
    }
    assert.deepEqual(wrong, []);
  });
}

test('field errors keep their fields and read in the page language; nothing is created', async () => {
  const s = await pageSession(server.base, 'editor-nurlan', 'editor-nurlan-password-long', { 'accept-language': 'kk' });
  const before = (await chief.get('/api/v1/editor/articles?limit=200')).body.items.length;
  const r = await s.post('/editor/new', { _csrf: s.csrf, lang: 'ru', category: 'news', title: '  ', body: 'Мәтін', image_src: 'https://example.com/a.jpg', image_alt: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<html lang="kk"/);
  assert.ok(r.text.includes('Мақала сақталмады: белгіленген өрістерді түзетіңіз.'));
  assert.ok(r.text.includes('<strong>Тақырып</strong>: бос болмауы керек'), 'the title field in Kazakh');
  assert.ok(r.text.includes('<strong>Сурет мекенжайы</strong>: Басқа сайттардағы суреттер порталда көрсетілмейді'), 'the image field in Kazakh');
  assert.ok(r.text.includes('>Мәтін</textarea>'), 'what was typed is kept');
  assert.deepEqual(englishLeft(r.text), []);
  assert.equal((await chief.get('/api/v1/editor/articles?limit=200')).body.items.length, before);
});

test("the language: the account's choice, then the sign-in page's cookie, then Accept-Language; the switch saves the account's and returns to the page", async () => {
  await server.account(admin, 'editor-til', 'editor');
  const s = await pageSession(server.base, 'editor-til', 'editor-til-password-long', { 'accept-language': 'en-GB,en;q=0.9' });
  assert.match((await s.get(`/editor/${A.ru.id}`)).text, /<html lang="en"/);
  const ru = await pageSession(server.base, 'editor-til', 'editor-til-password-long', { 'accept-language': 'ru-RU' });
  assert.match((await ru.get('/editor')).text, /<html lang="ru"/);
  // The cookie of the switch before sign-in beats Accept-Language.
  assert.match((await s.get('/editor', { cookie: `${[...s.jar].map(([k, v]) => `${k}=${v}`).join('; ')}; qorgan_lang=kk` })).text, /<html lang="kk"/);
  // The switch on an editor page saves the account's choice and comes back to the page.
  const switched = await s.post('/console/account/language', { _csrf: s.csrf, language: 'kk', next: `/editor/${A.ru.id}` });
  assert.equal(switched.status, 303);
  assert.equal(switched.headers.get('location'), `/editor/${A.ru.id}`);
  const page = await s.get(`/editor/${A.ru.id}`, { 'accept-language': 'en' });
  assert.match(page.text, /<html lang="kk"/, "the account's choice beats the browser's");
  assert.ok(page.text.includes('Жұмыс барысы'));
  const me = await (await server.login('editor-til', 'editor-til-password-long')).get('/api/v1/me');
  assert.equal(me.body.language, 'kk');
  // Signing out from the editor: the console's sign-out, back at the sign-in page (in the
  // browser's language again: no account is known there).
  const out = await s.post('/console/logout', { _csrf: s.csrf });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/console/login?signed_out=1');
  const login = await s.get('/console/login?signed_out=1');
  assert.match(login.text, /<html lang="en"/);
  const after = await s.get('/editor');
  assert.equal(after.status, 303);
  assert.match(after.headers.get('location'), /^\/console\/login\?next=/);
});

const hostile = [
  '## Ескерту', '', '**жуан** мен *көлбеу*', '',
  '<script>alert(1)</script>', '', '<img src=x onerror="alert(2)">', '',
  '[сілтеме](javascript:alert(3))', '', '<a href="javascript:alert(4)">x</a>', '',
  '![сурет](/media/1/large)',
].join('\n');

test('the preview renders Markdown as the public page does and neutralises scripts', async () => {
  const s = await pageSession(server.base, 'editor-nurlan', 'editor-nurlan-password-long', { 'accept-language': 'ru' });
  const r = await s.post('/editor/preview', { _csrf: s.csrf, body: hostile });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.ok(r.text.includes('<h2>Ескерту</h2>'));
  assert.ok(r.text.includes('<strong>жуан</strong>') && r.text.includes('<em>көлбеу</em>'));
  assert.ok(r.text.includes('<img src="/media/1/large" alt="сурет"'));
  assert.doesNotMatch(r.text, /<script|onerror=|javascript:|<a href="javascript/i);
  const empty = await s.post('/editor/preview', { _csrf: s.csrf, body: '  \n' });
  assert.ok(empty.text.includes('Пока нечего показать: текст пуст.'));
  // The same as the public page: the published article's body and its preview match.
  const pub = await (await fetch(`${server.base}/api/v1/articles/${A.ru.id}`)).json();
  const same = await s.post('/editor/preview', { _csrf: s.csrf, body: 'Первый абзац.\n\nВторой абзац, исправленный.' });
  assert.equal(same.text, pub.body_html);
});

test('the preview is for editors only: anonymous visitors, other roles and forged forms are refused', async () => {
  const anon = await fetch(`${server.base}/editor/preview`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ body: '**x**' }) });
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/console\/login/);
  assert.doesNotMatch(await anon.text(), /<strong>/);
  const auditor = await pageSession(server.base, 'auditor-dana', 'auditor-dana-password-long', { 'accept-language': 'ru' });
  const csrf = (await auditor.get('/console')).text.match(/name="_csrf" value="([^"]+)"/)[1];
  const refused = await auditor.post('/editor/preview', { _csrf: csrf, body: '**x**' });
  assert.equal(refused.status, 403);
  assert.ok(refused.text.includes('только редакторам'));
  const s = await pageSession(server.base, 'editor-nurlan', 'editor-nurlan-password-long');
  const forged = await s.post('/editor/preview', { body: '**x**' });
  assert.equal(forged.status, 403);
  assert.doesNotMatch(forged.text, /<strong>/);
  // The API's bearer token is no way in either: the preview is a page of the signed-in editor.
  const bearer = await fetch(`${server.base}/editor/preview`, { method: 'POST', redirect: 'manual', headers: { authorization: `Bearer ${editorApi.token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'body=x' });
  assert.notEqual(bearer.status, 200);
});

test('without JavaScript, Preview shows the form as typed with the rendering, and saves nothing', async () => {
  const s = await pageSession(server.base, 'chief-aigerim', 'chief-aigerim-password-long', { 'accept-language': 'kk' });
  const count = (await chief.get('/api/v1/editor/articles?limit=200')).body.items.length;
  const r = await s.post('/editor/new', { _csrf: s.csrf, lang: 'kk', category: 'news', title: 'Алдын ала', body: hostile, preview: '1' });
  assert.equal(r.status, 200);
  assert.ok(r.text.includes('value="Алдын ала"'));
  const section = r.text.match(/<section class="preview"[\s\S]*?<\/section>/)[0];
  assert.doesNotMatch(section, /hidden/);
  assert.ok(section.includes('<strong>жуан</strong>'));
  assert.doesNotMatch(section, /<script|onerror=|javascript:/i);
  assert.equal((await chief.get('/api/v1/editor/articles?limit=200')).body.items.length, count);
  // On a stored article: the typed text previewed, the stored one unchanged.
  const before = (await chief.get(`/api/v1/editor/articles/${A.en.id}`)).body;
  const e = await s.post(`/editor/${A.en.id}`, { _csrf: s.csrf, category: 'notices', title: 'Changed title', body: '*new*', preview: '1' });
  assert.equal(e.status, 200);
  assert.ok(e.text.includes('value="Changed title"') && e.text.includes('<em>new</em>'));
  const stored = (await chief.get(`/api/v1/editor/articles/${A.en.id}`)).body;
  assert.equal(stored.title, before.title);
  assert.equal(stored.revision, before.revision);
  // The Markdown help, in the page's language.
  assert.ok(r.text.includes('Мәтінді қалай безендіруге болады (Markdown)'));
  assert.ok(r.text.includes('<code>**мәтін**</code> — жуан мәтін'));
});

test('the original of a translation is picked by its title and language', async () => {
  const s = await pageSession(server.base, 'editor-nurlan', 'editor-nurlan-password-long', { 'accept-language': 'kk' });
  const form = await s.get(`/editor/new?lang=en&translation_of=${A.ru.id}`);
  const select = form.text.match(/<select name="translation_of">[\s\S]*?<\/select>/)[0];
  assert.doesNotMatch(form.text, /name="translation_of" inputmode/, 'no numeric field');
  // Grouped by language (named in the page's language), shown by title, the asked one chosen.
  assert.match(select, /<optgroup label="Орыс тілі"><option value="(\d+)" lang="ru" selected>Учения по оповещению в Медеуском районе<\/option>/);
  assert.match(select, new RegExp(`<optgroup label="Ағылшын тілі"><option value="${A.en.id}" lang="en">Shelter opening hours in Almaty</option>`));
  assert.ok(select.includes('Жоқ: бұл түпнұсқа мақала'));
  const created = await s.post('/editor/new', { _csrf: s.csrf, lang: 'en', category: 'news', title: 'Alert drill in Medeu district', translation_of: String(A.ru.id) });
  assert.equal(created.status, 303);
  const id = Number(created.headers.get('location').match(/\/editor\/(\d+)/)[1]);
  const stored = (await chief.get(`/api/v1/editor/articles/${id}`)).body;
  assert.equal(stored.translation_group, A.ru.translation_group);
  // The translation names its original; the original lists its translations and offers none of
  // the written languages again.
  const page = await s.get(`/editor/${id}`);
  assert.match(page.text, new RegExp(`түпнұсқасы: <a href="/editor/${A.ru.id}" lang="ru">Учения по оповещению в Медеуском районе</a>`));
  const original = await s.get(`/editor/${A.ru.id}`);
  assert.ok(original.text.includes(`<a href="/editor/${id}" lang="en">Alert drill in Medeu district</a>`));
  assert.ok(original.text.includes(`<a href="/editor/${A.kk.id}" lang="kk">Жаттығу туралы хабарлама</a>`));
  assert.doesNotMatch(original.text, /translation_of=\d+/, 'every language is written');
  // A second translation into a written language is refused in the page's language.
  const again = await s.post('/editor/new', { _csrf: s.csrf, lang: 'kk', category: 'news', title: 'Тағы бір аударма', translation_of: String(A.ru.id) });
  assert.equal(again.status, 422);
  assert.ok(again.text.includes('Бұл мақаланың қазақ тіліндегі аудармасы бар.'));
  assert.deepEqual(englishLeft(again.text), []);
});

test("category names are shown in the article's language", async () => {
  const cats = (await chief.get('/api/v1/editor/categories')).body.items;
  const news = cats.find((c) => c.slug === 'news');
  const notices = cats.find((c) => c.slug === 'notices');
  const s = await pageSession(server.base, 'chief-aigerim', 'chief-aigerim-password-long', { 'accept-language': 'ru' });
  const kk = await s.get(`/editor/${A.kk.id}`);
  assert.match(kk.text, /<select name="category" lang="kk">/);
  assert.match(kk.text, new RegExp(`<option value="news"[^>]* selected>${news.name.kk}</option>`));
  const en = await s.get(`/editor/${A.en.id}`);
  assert.match(en.text, new RegExp(`<option value="notices"[^>]* selected>${notices.name.en}</option>`));
  const list = await s.get('/editor');
  assert.ok(list.text.includes(`<td lang="kk">${news.name.kk}</td>`));
  assert.ok(list.text.includes(`<td lang="ru">${news.name.ru}</td>`));
  const fresh = await s.get('/editor/new?lang=kk');
  assert.match(fresh.text, new RegExp(`<option value="news"[^>]*>${news.name.kk}</option>`));
});

test('the public article offers share links with their own marks, named for screen readers', async () => {
  for (const [lang, label] of [['ru', 'Поделиться: Telegram'], ['kk', 'Telegram арқылы бөлісу'], ['en', 'Share via Telegram']]) {
    const a = lang === 'ru' ? A.ru : await publish({ lang, category: 'news', title: lang === 'kk' ? 'Бөлісу сынағы' : 'Share check' });
    const html = await (await fetch(server.base + a.url)).text();
    const share = html.match(/<section class="share"[\s\S]*?<\/section>/)[0];
    for (const network of ['telegram', 'whatsapp', 'x', 'facebook', 'email']) {
      const link = share.match(new RegExp(`<a class="share-${network}" href="([^"]+)" aria-label="([^"]+)"[^>]*>(<svg[\\s\\S]*?</svg>)`));
      assert.ok(link, `${lang}: ${network} link with its mark`);
      assert.match(link[3], /aria-hidden="true"/);
      assert.match(link[3], /<path fill="currentColor"[^>]* d="M/);
    }
    assert.ok(share.includes(`aria-label="${label}"`), `${lang}: ${label}`);
    assert.doesNotMatch(share, /<img|src="http/, 'no outside requests');
  }
});

// The catalogue and the templates, read as files: every {{#t}} section of an editor template has a
// Russian and a Kazakh translation with the same values, and no editor template shows English
// outside a {{#t}} section.
test('every editor template text is in the editor catalogue in three languages', () => {
  const source = readFileSync(join(root, 'portal', 'editor_i18n_messages.cpp'), 'utf8');
  const literal = '"(?:[^"\\\\]|\\\\.)*"(?:\\s*"(?:[^"\\\\]|\\\\.)*")*';
  const joined = (s) => [...s.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`)).join('');
  const entries = new Map();
  for (const m of source.matchAll(new RegExp(`\\{(${literal}),\\s*(${literal}),\\s*(${literal})\\}`, 'g')))
    entries.set(joined(m[1]), [joined(m[2]), joined(m[3])]);
  assert.ok(entries.size > 100, `catalogue entries: ${entries.size}`);
  const wrong = [];
  const formats = /\{\{[^}]*\}\}|Markdown|HTML|JPEG|PNG|GIF|\/media\//g;
  for (const [en, [ru, kk]] of entries) {
    if (!ru || !kk) wrong.push(`${en}: a translation is empty`);
    const vars = (s) => (s.match(/\{\{[^}]+\}\}|\{[^{}]*\}/g) || []).sort().join(' ');
    if (vars(ru) !== vars(en)) wrong.push(`${en}: the Russian has other values`);
    if (vars(kk) !== vars(en)) wrong.push(`${en}: the Kazakh has other values`);
    if (/[A-Za-z]{3,}/.test(ru.replace(formats, ''))) wrong.push(`${en}: Russian has Latin words: ${ru}`);
    if (/[A-Za-z]{3,}/.test(kk.replace(formats, ''))) wrong.push(`${en}: Kazakh has Latin words: ${kk}`);
  }
  const dir = join(root, 'web', 'templates', 'portal');
  for (const f of readdirSync(dir).filter((f) => f.startsWith('editor_'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/\{\{#t\}\}([\s\S]*?)\{\{\/t\}\}/g))
      if (!entries.has(m[1])) wrong.push(`${f}: "${m[1]}" is not in the catalogue`);
    const rest = interfaceText(text.replace(/\{\{#t\}\}[\s\S]*?\{\{\/t\}\}/g, ' ').replace(/\{\{[^}]*\}\}/g, ' '));
    const left = (rest.match(/[A-Za-z][A-Za-z']*/g) || []).filter((w) => w.length > 1 && !allowed.has(w));
    if (left.length) wrong.push(`${f}: English outside the catalogue: ${left.join(', ')}`);
  }
  assert.deepEqual(wrong, []);
});
