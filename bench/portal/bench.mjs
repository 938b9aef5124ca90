#!/usr/bin/env node
// The public portal under load, side by side in one run with its two peers on this machine:
//  - nginx serving the same HTML bytes as static files (the ceiling; gzip_static for the
//    compressed runs), and
//  - WordPress 6.1 from Debian (php-fpm with opcache, MariaDB, behind the same nginx with gzip),
//    the site a newsroom would otherwise set up, with the same posts.
// Both sites get the same P articles (Russian texts made here, of varied lengths, over the last
// 30 days). Measured with wrk at 64 and 256 connections (64 only with --tiny), without and with gzip, on the home page
// (Qorgan /ru, WordPress /) and on the article in the middle of the list; every page is checked
// to show what it should before it is measured.
//   node bench/portal/bench.mjs [--tiny] [--seconds S] [--posts P]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import net from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const seconds = Number(opt('--seconds', tiny ? 1 : 10));
const posts = Number(opt('--posts', tiny ? 20 : 200));
const { startServer, cleanup } = await import(join(here, '..', '..', 'tests', 'api', 'harness.mjs'));

// --- the articles --------------------------------------------------------------------------------
// A small deterministic generator (the same articles on every run and on both sites).
let seed = 20261205;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const pick = (xs) => xs[rnd(xs.length)];
const subjects = ['Штаб территориальной обороны', 'Районный акимат', 'Отряд добровольцев', 'Служба гражданской защиты',
  'Командир роты', 'Департамент по чрезвычайным ситуациям', 'Учебный центр', 'Совет ветеранов'];
const verbs = ['провёл', 'объявил', 'подготовил', 'проверил', 'организовал', 'завершил', 'начал', 'обсудил'];
const objects = ['учения по оповещению жителей', 'набор в резерв', 'проверку укрытий', 'занятия по первой помощи',
  'маршруты эвакуации', 'охрану водозабора', 'сбор добровольцев', 'работу пунктов сбора', 'тренировку связистов'];
const places = ['в Медеуском районе', 'в Алмалинском районе', 'в Бостандыкском районе', 'в Ауэзовском районе',
  'на окраине города', 'в предгорьях', 'у водохранилища', 'в микрорайоне Орбита'];
const tails = ['Жителей просят сохранять спокойствие.', 'Участие добровольное.', 'Сроки будут объявлены дополнительно.',
  'Справки по телефону горячей линии.', 'Следующий этап намечен на весну.', 'Итоги подведут на совещании штаба.'];
const sentence = () => `${pick(subjects)} ${pick(verbs)} ${pick(objects)} ${pick(places)}. ${pick(tails)}`;
const categories = ['news', 'interviews', 'notices', 'evacuation', 'exercises', 'infosec'];
const articles = [];
for (let i = 0; i < posts; i++) {
  const paragraphs = [];
  for (let p = 2 + rnd(9); p > 0; p--) paragraphs.push(Array.from({ length: 2 + rnd(4) }, sentence).join(' '));
  articles.push({
    title: `${pick(subjects)} ${pick(verbs)} ${pick(objects)} (${i + 1})`,
    lead: sentence(),
    body: paragraphs.join('\n\n'),
    category: categories[i % categories.length],
    date: new Date(Date.now() - (posts - i) * 30 * 86400e3 / posts).toISOString(),
  });
}

// --- measuring -----------------------------------------------------------------------------------
const ms = (s) => { const m = /^([\d.]+)(us|ms|s|m)$/.exec(s ?? ''); if (!m) return NaN; return Number(m[1]) * { us: 1e-3, ms: 1, s: 1e3, m: 6e4 }[m[2]]; };
// wrk runs beside this process (never spawnSync: the server's output must keep being read).
function wrk(url, conns, gzip) {
  const argv = ['-t2', `-c${conns}`, `-d${seconds}s`, '--timeout', '10s', '--latency'];
  if (gzip) argv.push('-H', 'Accept-Encoding: gzip');
  return new Promise((ok, fail) => {
    const child = spawn('wrk', [...argv, url]);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', fail);
    child.on('close', () => ok({
      rate: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
      p50: ms(/^\s+50%\s+(\S+)/m.exec(out)?.[1]),
      p99: ms(/^\s+99%\s+(\S+)/m.exec(out)?.[1]),
      errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
        + [...out.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0),
    }));
  });
}

// A page is measured only when it answers 200 with what it should show (and gzip when asked).
async function check(url, needle, gzip) {
  const res = await fetch(url, { headers: gzip ? { 'accept-encoding': 'gzip' } : {}, redirect: 'manual' });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  if (gzip && res.headers.get('content-encoding') !== 'gzip') throw new Error(`${url}: not gzipped`);
  if (!text.includes(needle)) throw new Error(`${url}: does not show "${needle}"`);
  return Buffer.byteLength(text);
}

const work = mkdtempSync(join(tmpdir(), 'qorgan-portal-bench-'));
// The peers' ports: free now, and below Linux's ephemeral range (32768-60999), so that no
// outgoing connection of this or another process takes one before nginx binds it.
async function freePort(avoid) {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (port === avoid) continue;
    const free = await new Promise((ok) => {
      const probe = net.createServer();
      probe.once('error', () => ok(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => ok(true)));
    });
    if (free) return port;
  }
}
const staticPort = await freePort(), wpPort = await freePort(staticPort);
const peers = join(here, 'peers.sh');
// No access log (a line a request would measure the log) and no per-address connection cap
// (wrk's connections all come from one address).
const server = await startServer({ env: { QORGAN_ACCESS_LOG: '0', QORGAN_MAX_CONNECTIONS_PER_ADDRESS: '0' } });
try {
  const chief = await server.account(await server.login(), 'bench-chief', 'chief_editor');
  let middle;
  for (const [i, a] of articles.entries()) {
    const made = await chief.post('/api/v1/editor/articles', { lang: 'ru', category: a.category, title: a.title, lead: a.lead, body: a.body, author: 'Пресс-служба' });
    if (made.status !== 201) throw new Error(`article: ${made.status} ${JSON.stringify(made.body)}`);
    for (const status of ['in_review', 'published']) {
      const r = await chief.post(`/api/v1/editor/articles/${made.body.id}/status`, { status });
      if (r.status !== 200) throw new Error(`${status}: ${r.status} ${JSON.stringify(r.body)}`);
      if (status === 'published' && i === Math.floor(posts / 2)) middle = r.body.url;
    }
  }
  writeFileSync(join(work, 'posts.json'), JSON.stringify(articles));
  const wpArticle = execFileSync(peers, ['start', work, String(staticPort), String(wpPort), join(work, 'posts.json')], { encoding: 'utf8' }).trim();

  const mid = articles[Math.floor(posts / 2)], last = articles[posts - 1];
  const pages = [
    { name: 'home page', qorgan: `${server.base}/ru`, file: 'home.html', wp: `http://127.0.0.1:${wpPort}/`, needle: last.title },
    { name: 'article page', qorgan: `${server.base}${middle}`, file: 'article.html', wp: wpArticle, needle: mid.title },
  ];
  // nginx serves the bytes Qorgan serves, as files (and their gzip for gzip_static).
  for (const p of pages) {
    const html = Buffer.from(await (await fetch(p.qorgan)).arrayBuffer());
    writeFileSync(join(work, 'www', p.file), html);
    writeFileSync(join(work, 'www', `${p.file}.gz`), gzipSync(html, { level: 6 }));
    p.nginx = `http://127.0.0.1:${staticPort}/${p.file}`;
  }

  console.log(`## The portal beside nginx and WordPress 6.1 (${posts} articles each; wrk -t2 -d${seconds}s; requests/s, p50 / p99 in ms)`);
  console.log('| page | gzip | connections | Qorgan | nginx, static | WordPress | Qorgan / nginx | Qorgan / WordPress | errors (Q / n / W) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  const f = (r) => `${r.rate.toFixed(0)} (${r.p50.toFixed(2)} / ${r.p99.toFixed(2)})`;
  for (const p of pages) {
    for (const gzip of [false, true]) {
      const sizes = [];
      for (const url of [p.qorgan, p.nginx, p.wp]) sizes.push(await check(url, p.needle, gzip));
      for (const conns of tiny ? [64] : [64, 256]) {
        const q = await wrk(p.qorgan, conns, gzip);
        const n = await wrk(p.nginx, conns, gzip);
        const w = await wrk(p.wp, conns, gzip);
        // WordPress is still working off the requests wrk left queued: wait for them to end
        // (a request queues behind them) before the next measurement.
        await check(p.wp, p.needle, gzip);
        console.log(`| ${p.name} (${(sizes[0] / 1024).toFixed(0)} KB; WordPress ${(sizes[2] / 1024).toFixed(0)} KB) | ${gzip ? 'yes' : 'no'} | ${conns} | ${f(q)} | ${f(n)} | ${f(w)} | ${(100 * q.rate / n.rate).toFixed(0)} % | ${w.rate > 0 ? `${(q.rate / w.rate).toFixed(0)}×` : 'none answered'} | ${q.errors} / ${n.errors} / ${w.errors} |`);
      }
    }
  }
} finally {
  try { execFileSync(peers, ['stop', work]); } catch { /* nothing was started */ }
  await server.stop();
  cleanup(server);
  rmSync(work, { recursive: true, force: true });
}
