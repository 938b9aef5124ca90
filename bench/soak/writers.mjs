// Concurrent writers for the fault runs: each loops over several kinds of write (regions, units,
// people, portal articles and their edits) and records every write the server acknowledged with
// a 2xx, with what it wrote, so that a check after a crash or an outage can find each one again.
// A write that got no answer (the server died, the connection broke) or a 5xx is "in flight": it
// may or may not have been stored, and the checks accept either, but never anything else.
import { makeIin } from '../../tests/api/harness.mjs';
import { spawnSync } from 'node:child_process';
import { sql } from '../../tests/api/sql.mjs';

const names = (n) => ({ kk: n, ru: n, en: n });

// Shared counters, so that codes and IINs stay unique over every round of a run.
export function newRun(prefix) {
  return { prefix, next: 0, acked: [], articles: new Map(), edits: 0, refused: new Map(), lost: 0 };
}

// A fictional person's birth date and a valid IIN for it, different for every n.
function identity(n) {
  const day = 1 + (n % 28), month = 1 + (Math.floor(n / 28) % 12), year = 1960 + (Math.floor(n / 336) % 40);
  const pad = (x) => String(x).padStart(2, '0');
  return { birth: `${year}-${pad(month)}-${pad(day)}`, iin: makeIin(year, month, day, 100 + (Math.floor(n / 13440) % 80) * 100) };
}

// Setup that every round's writers lean on: a region and a unit to hang things on.
export async function prepare(admin, run) {
  const region = await admin.post('/api/v1/regions', { code: `${run.prefix}-BASE`, level: 'city', name: names('Город испытаний') });
  if (region.status !== 201) throw new Error(`base region: ${region.status} ${region.text}`);
  run.regionId = region.body.id;
}

// One writer's loop until `stop()` says so. Records go into run.acked as
// {kind, id, check: {field: value}}; article edits into run.articles (id -> {acked, pending}).
async function writer(admin, run, stop, w) {
  let i = 0;
  while (!stop()) {
    const n = run.next++;
    const kind = ['region', 'unit', 'person', 'article', 'edit', 'edit'][(i++ + w) % 6];
    let res;
    try {
      if (kind === 'region') {
        const code = `${run.prefix}-R${n}`;
        res = await admin.post('/api/v1/regions', { code, level: 'district', parent_id: run.regionId, name: names(`Район ${n}`) });
        if (res.status === 201) run.acked.push({ kind, id: res.body.id, path: `/api/v1/regions/${res.body.id}`, check: { code } });
      } else if (kind === 'unit') {
        const name = `Рота ${run.prefix} ${n}`;
        res = await admin.post('/api/v1/units', { name, kind: 'territorial_troops', region_id: run.regionId, status: 'active' });
        if (res.status === 201) run.acked.push({ kind, id: res.body.id, path: `/api/v1/units/${res.body.id}`, check: { name } });
      } else if (kind === 'person') {
        const family_name = `Испытаний-${run.prefix}-${n}`, { birth, iin } = identity(n);
        res = await admin.post('/api/v1/people', { family_name, given_name: 'Тест', birth_date: birth, iin, region_id: run.regionId, status: 'reservist' });
        if (res.status === 201) run.acked.push({ kind, id: res.body.id, path: `/api/v1/people/${res.body.id}`, check: { family_name } });
      } else if (kind === 'article' || run.articles.size === 0) {
        const title = `Soak article ${run.prefix} ${n}`;
        res = await admin.post('/api/v1/editor/articles', { lang: 'en', category: 'news', title, lead: 'A test of the fault runs.', body: 'edit 0' });
        if (res.status === 201) {
          run.acked.push({ kind: 'article', id: res.body.id, path: `/api/v1/editor/articles/${res.body.id}`, check: { title } });
          run.articles.set(res.body.id, { acked: 'edit 0', pending: null, writer: w });
        }
      } else {
        // Each article is edited by the writer that made it, one edit at a time, so its body after
        // a crash must be the last acknowledged edit or the one in flight.
        const mine = [...run.articles.entries()].filter(([, a]) => a.writer === w && a.pending === null);
        if (mine.length === 0) continue;
        const [id, a] = mine[n % mine.length];
        const body = `edit ${n}`;
        a.pending = body;
        res = await admin.patch(`/api/v1/editor/articles/${id}`, { body });
        if (res.status === 200) { a.acked = body; a.pending = null; run.edits++; }
        else if (res.status < 500) { a.pending = null; throw new Error(`edit refused: ${res.status} ${res.text}`); }
        // A 5xx leaves the edit in flight: it may have been stored.
      }
      if (res.status >= 500) {
        run.refused.set(res.status, (run.refused.get(res.status) || 0) + 1);
        await new Promise((ok) => setTimeout(ok, 50));  // as a client honouring Retry-After would, briefly
      }
      else if (res.status >= 300) throw new Error(`${kind}: unexpected ${res.status} ${res.text}`);
    } catch (e) {
      if (/unexpected|refused/.test(e.message)) throw e;
      run.lost++;  // no answer: the server went away under this request
      if (stop()) return;
      await new Promise((ok) => setTimeout(ok, 20));
    }
  }
}

// Runs `count` writers until `stop()`; resolves when every writer has returned.
export function startWriters(admin, run, count, stop) {
  return Promise.all(Array.from({ length: count }, (_, w) => writer(admin, run, stop, w)));
}

// Checks through the API that every acknowledged write is there with what was written, and that
// every edited article holds its last acknowledged edit or the one that was in flight. Returns
// the list of problems (empty: all present).
export async function checkAcknowledged(admin, run, records = run.acked) {
  const problems = [];
  const queue = [...records];
  const worker = async () => {
    for (let rec = queue.shift(); rec; rec = queue.shift()) {
      const r = await admin.get(rec.path);
      if (r.status !== 200) { problems.push(`${rec.kind} ${rec.id}: ${r.status}`); continue; }
      for (const [k, v] of Object.entries(rec.check)) {
        if (r.body[k] !== v) problems.push(`${rec.kind} ${rec.id}: ${k} is ${JSON.stringify(r.body[k])}, acknowledged ${JSON.stringify(v)}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  for (const [id, a] of run.articles) {
    const r = await admin.get(`/api/v1/editor/articles/${id}`);
    if (r.status !== 200) { problems.push(`article ${id}: ${r.status}`); continue; }
    const ok = [a.acked, a.pending].filter((x) => x !== null);
    const stored = r.body.body_markdown;
    if (!ok.includes(stored)) problems.push(`article ${id}: body ${JSON.stringify(stored)}, acknowledged ${JSON.stringify(a.acked)}`);
    else { a.acked = stored; a.pending = null; }  // what is stored is now the known state
  }
  return problems;
}

// The engine's own check of the stored data: PRAGMA integrity_check on SQLite ("ok"), and on
// PostgreSQL contrib amcheck's bt_index_check over every B-tree index of the schema ("ok: N
// indexes"; a corrupt index raises an error, returned as the answer).
export function integrity(dbUrl) {
  if (dbUrl.startsWith('sqlite:')) return sql(dbUrl, 'PRAGMA integrity_check');
  try {
    sql(dbUrl, 'CREATE EXTENSION IF NOT EXISTS amcheck');
    const n = sql(dbUrl, `SELECT count(*) FROM (SELECT c.oid FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.amname = 'btree' AND n.nspname = 'public'
      OFFSET 0) s, LATERAL (SELECT bt_index_check(s.oid, true)) checked`);
    return `ok: ${n} indexes`;
  } catch (e) {
    return `amcheck: ${e.message}`;
  }
}

// The rows a query returns, one text line a row, for comparing two databases of one engine (the
// sqlite3 and psql clients, as tests/api/sql.mjs uses them, with room for large answers).
export function rows(dbUrl, statement) {
  const args = dbUrl.startsWith('sqlite:')
    ? ['sqlite3', ['-batch', '-noheader', dbUrl.slice(7), statement]]
    : ['psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', dbUrl, '-c', statement]];
  const r = spawnSync(...args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`SQL failed: ${r.stderr || r.error}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}
