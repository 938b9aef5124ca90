// The portal's front page as a reader sees it: the lead story (the newest with a picture), the
// stories after it, the week's most read from the readers' views, a block per section without the
// stories already shown, and the latest list that "more" continues; in each language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { sql } from './sql.mjs';
import { startServer, cleanup } from './harness.mjs';
import { makePng } from './png.mjs';

let server, chief;
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

before(async () => {
  server = await startServer();
  chief = await server.account(await server.login(), 'front-chief', 'chief_editor');
});
after(async () => { await server.stop(); cleanup(server); });

async function publish(body) {
  const a = await chief.post('/api/v1/editor/articles', { author: 'Press office', lead: `${body.title}: the lead.`, body: 'Text.', ...body });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal((await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'in_review' })).status, 200);
  const p = await chief.post(`/api/v1/editor/articles/${a.body.id}/status`, { status: 'published' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body;
}

// A view from local address `from`, as a reader's browser sends it.
function view(id, from) {
  const target = new URL(`${server.base}/api/v1/articles/${id}/view`);
  return new Promise((ok, fail) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', localAddress: from,
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0', 'content-length': 0 } }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode));
    });
    req.on('error', fail);
    req.end();
  });
}

// The text of every element with `cls` inside the first element with `block` (by class).
function block(html, cls) {
  const at = html.indexOf(`class="${cls}"`);
  assert.ok(at >= 0, `the page has a ${cls} block`);
  const tag = html.lastIndexOf('<', at);
  const name = /^<(\w+)/.exec(html.slice(tag))[1];
  return html.slice(tag, html.indexOf(`</${name}>`, at) + name.length + 3);
}
const titles = (html) => [...html.matchAll(/<h[23]><a href="[^"]+">([^<]+)<\/a><\/h[23]>/g)].map((m) => m[1]);

test('the front page leads with the newest story that has a picture, then sections and the week\'s most read', async () => {
  const media = await fetch(`${server.base}/api/v1/editor/media?alt=${encodeURIComponent('Sandbags at the river bank')}`, {
    method: 'POST', headers: { authorization: `Bearer ${chief.token}`, 'content-type': 'image/png' }, body: makePng(800, 450) });
  assert.equal(media.status, 201);
  const picture = (await media.json()).id;
  const made = {};
  const plan = [
    ['news', 'Flood barriers raised along the Esentai', true],
    ['interviews', 'The chief of staff on the reserve', false],
    ['notices', 'Sirens will be tested on Friday', false],
    ['evacuation', 'Where the buses leave from', false],
    ['exercises', 'A night exercise in the foothills', false],
    ['news', 'Volunteers sign up in Medeu', false],
    ['infosec', 'Do not trust calls asking for codes', false],
    ['notices', 'Water will be off on Saturday', false],
  ];
  for (const [category, title, withPicture] of plan) {
    made[title] = await publish({ lang: 'en', category, title, ...(withPicture ? { images: [{ media_id: picture, alt: 'Sandbags at the river bank' }] } : {}) });
    await sleep(5);
  }
  // Readers: three for the siren notice, two for the evacuation guide, one for the interview.
  const readers = { 'Sirens will be tested on Friday': 3, 'Where the buses leave from': 2, 'The chief of staff on the reserve': 1 };
  let address = 20;
  for (const [title, n] of Object.entries(readers))
    for (let i = 0; i < n; i++) assert.equal(await view(made[title].id, `127.0.0.${address++}`), 202);
  for (let i = 0; i < 40; i++) {
    const a = (await fetch(`${server.base}/api/v1/articles/${made['Where the buses leave from'].id}`).then((r) => r.json()));
    if (a.views === 2) break;
    await sleep(250);
  }

  // Views older than the week: they neither place a story among the most read nor count there.
  const dayAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
  const ago = [[made['Do not trust calls asking for codes'].id, 50, 8], [made['Sirens will be tested on Friday'].id, 100, 10]];
  for (const [id, n, days] of ago) {
    sql(server.db.url, `INSERT INTO portal_article_views_daily (article_id, day, views) VALUES (${id}, '${dayAgo(days)}', ${n})`);
    sql(server.db.url, `UPDATE portal_articles SET views = views + ${n} WHERE id = ${id}`);
  }

  const html = await (await fetch(`${server.base}/en`)).text();
  // The lead story is the newest with a picture, although six stories are newer.
  const top = block(html, 'front-top');
  assert.match(top, /<h2><a href="[^"]+">Flood barriers raised along the Esentai<\/a><\/h2>/);
  assert.match(top, /<img src="\/media\/[^"]+" alt="Sandbags at the river bank"/);
  assert.match(top, /News<\/a>/);
  // Then the four newest others, newest first.
  assert.deepEqual(titles(block(html, 'front-secondary')),
    ['Water will be off on Saturday', 'Do not trust calls asking for codes', 'Volunteers sign up in Medeu', 'A night exercise in the foothills']);
  // The most read of the week, most first, with their counts.
  const most = block(html, 'most-read');
  assert.match(most, /Most read this week/);
  assert.deepEqual([...most.matchAll(/<li><a href="[^"]+">([^<]+)<\/a> <span class="views">([^<]+)<\/span>/g)].map((m) => [m[1], m[2]]),
    [['Sirens will be tested on Friday', '3 views'], ['Where the buses leave from', '2 views'], ['The chief of staff on the reserve', '1 view']]);
  // A block per section holds only what is not shown above: interviews, notices (the siren test),
  // evacuation; news, exercises and information security have nothing left.
  const sections = [...html.matchAll(/<section class="front-section">\s*<h2><a href="([^"]+)">([^<]+)<\/a><\/h2>([\s\S]*?)<\/section>/g)]
    .map((m) => [m[1], m[2], titles(m[3])]);
  assert.deepEqual(sections, [
    ['/en/interviews', 'Interviews', ['The chief of staff on the reserve']],
    ['/en/notices', 'Notices', ['Sirens will be tested on Friday']],
    ['/en/evacuation', 'Evacuation', ['Where the buses leave from']],
  ]);
  // The latest list has every story, newest first, with its views; cards show their counts.
  const latest = block(html, 'front-latest');
  assert.deepEqual(titles(latest), plan.map((p) => p[1]).reverse());
  // A card counts every view; the most-read list above only the week's.
  assert.match(latest, /Sirens will be tested on Friday<\/a><\/h3>\s*<p class="meta"><time[^>]*>[^<]+<\/time> · <span class="views">103 views<\/span>/);
  // The continued list (a cursor) is the plain chronological page, as before.
  assert.equal((await fetch(`${server.base}/en?cursor=x`)).status, 200);
});

test('the front page speaks the reader\'s language, and an empty language still answers', async () => {
  await publish({ lang: 'ru', category: 'notices', title: 'Проверка сирен в пятницу' });
  const a = await publish({ lang: 'ru', category: 'news', title: 'Добровольцы записываются в Медеу' });
  assert.equal(await view(a.id, '127.0.0.40'), 202);
  for (let i = 0; i < 40; i++) {
    if ((await fetch(`${server.base}/api/v1/articles/${a.id}`).then((r) => r.json())).views === 1) break;
    await sleep(250);
  }
  const ru = await (await fetch(`${server.base}/ru`)).text();
  assert.match(block(ru, 'front-top'), /Добровольцы записываются в Медеу/);
  assert.match(block(ru, 'most-read'), /Самое читаемое за неделю[\s\S]*Добровольцы записываются в Медеу<\/a> <span class="views">1 просмотр<\/span>/);
  assert.match(ru, /<h2 id="latest-title">Последние новости<\/h2>/);
  const kk = await fetch(`${server.base}/kk`);
  assert.equal(kk.status, 200);
  const kkHtml = await kk.text();
  assert.doesNotMatch(kkHtml, /class="front-top"/);
  assert.match(kkHtml, /<h2 id="latest-title">Соңғы жаңалықтар<\/h2>/);
});
