// On PostgreSQL a people import that wrote 10,000 rows or more and is not kept (a dry run, a bad
// row found late) leaves what it wrote, dead, in the tables and their indexes until a vacuum.
// Through the server that vacuum runs on a worker of its own: the import answers without waiting
// for it, and the server's bound on a statement's answer (2 s here) does not cut it off. The
// database's vacuums are throttled (vacuum_cost_delay, as an operator may set it) so that this
// one outlasts the bound as a vacuum of a table of 10 M people does. Counted with pgstattuple, as
// ImportOnPostgres counts the import from the command line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDatabase, engine, cleanup, makeIin } from './harness.mjs';
import { sql } from './sql.mjs';

const skip = engine !== 'postgres' && 'PostgreSQL only (QORGAN_TEST_ENGINE=postgres)';
const ROWS = 10001;  // just over person_store::kReclaimAfter
const HEADER = 'family_name,given_name,birth_date,iin,region,status,skills';

let server, admin;
before(async () => {
  if (skip) return;
  const db = freshDatabase();
  // Before the server connects: its connections take the database's settings when they open.
  sql(db.url, `ALTER DATABASE "${new URL(db.url).pathname.slice(1)}" SET vacuum_cost_delay = 20`);
  sql(db.url, `ALTER DATABASE "${new URL(db.url).pathname.slice(1)}" SET vacuum_cost_limit = 20`);
  server = await startServer({ db, env: { QORGAN_DB_ANSWER_TIMEOUT_SECONDS: '2' } });
  // As at 10 M people, where autovacuum waits for 2,000,000 dead rows: not for these.
  for (const table of ['people', 'person_skills', 'memberships'])
    sql(db.url, `ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  admin = await server.login();
  sql(server.db.url, 'CREATE EXTENSION IF NOT EXISTS pgstattuple');
  const r = await admin.post('/api/v1/regions', { code: 'RCL-1', level: 'city', name: { kk: 'Қала', ru: 'Город', en: 'City' } });
  assert.equal(r.status, 201, r.text);
});
after(async () => {
  if (skip) return;
  await server.stop();
  cleanup(server);
});

// ROWS fictional people with distinct IINs, each with a skill (so person_skills gets rows too).
function file(lastRow = '') {
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    const day = i % 16800, group = Math.floor(i / 16800);
    const year = 1950 + Math.floor(day / 336), month = 1 + Math.floor((day % 336) / 28), d = 1 + (day % 28);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    lines.push(`Тестов,Арман,${date},${makeIin(year, month, d, group * 100)},RCL-1,reservist,first aid`);
  }
  if (lastRow) lines.push(lastRow);
  return lines.join('\n') + '\n';
}

// Of `table` and its B-tree indexes: the dead rows, and the index entries beyond the live rows.
function leftBehind(table) {
  const [dead, live] = sql(server.db.url, `SELECT dead_tuple_count || ',' || tuple_count FROM pgstattuple('${table}')`).split(',').map(Number);
  const extra = Number(sql(server.db.url,
    `SELECT COALESCE(SUM(GREATEST(s.tuple_count + s.dead_tuple_count - ${live}, 0)), 0) FROM pg_index i ` +
    `JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam, LATERAL pgstattuple(i.indexrelid::regclass) s ` +
    `WHERE i.indrelid = '${table}'::regclass AND a.amname = 'btree'`));
  return { dead, extra };
}

const vacuumed = /"msg":"VACUUM \(INDEX_CLEANUP ON\) memberships, people, person_skills: done in [0-9.]+ s","reclaim":"vacuum"/g;
const vacuums = () => server.stderr.match(vacuumed)?.length ?? 0;

// Waits (at most two minutes) for the server to log its `n`th vacuum; returns what is left then
// in people and person_skills.
async function reclaimed(n) {
  for (let i = 0; i < 240 && vacuums() < n; i++) await new Promise((ok) => setTimeout(ok, 500));
  return { people: leftBehind('people'), person_skills: leftBehind('person_skills') };
}

const nothing = { people: { dead: 0, extra: 0 }, person_skills: { dead: 0, extra: 0 } };
const upload = (path, text, headers = {}) =>
  admin.call('POST', path, text, { 'content-type': 'text/csv; charset=utf-8', ...headers });

test(`a dry run of ${ROWS} people answers without waiting for its vacuum, which then takes its dead rows`, { skip, timeout: 300000 }, async () => {
  const r = await upload('/api/v1/people/import?dry_run=true', file());
  const loggedWhenAnswered = vacuums();
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.valid, true);
  assert.equal(r.body.rows, ROWS);
  assert.equal(r.body.stored, 0);
  assert.equal(loggedWhenAnswered, 0, 'the answer came before the vacuum ended');
  assert.deepEqual(await reclaimed(1), nothing, server.stderr);
  assert.equal(sql(server.db.url, 'SELECT COUNT(*) FROM people'), '0');
});

test('a file rejected for its last row says which row and why, stores nothing and leaves no dead rows', { skip, timeout: 300000 }, async () => {
  const before = sql(server.db.url, 'SELECT (SELECT COUNT(*) FROM people) || \'/\' || (SELECT COUNT(*) FROM audit_log)');
  const r = await upload('/api/v1/people/import', file(`Тестов,Арман,1949-01-01,${makeIin(1949, 1, 1, 0)},RCL-1,retired,`), { 'accept-language': 'ru' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.report.stored, 0);
  assert.deepEqual(r.body.errors.map((e) => e.field), [`row ${ROWS + 2}, status`]);
  assert.equal(r.headers.get('content-language'), 'ru');
  assert.match(r.body.errors[0].message, /[а-я]/, 'in the caller\'s language');
  assert.equal(sql(server.db.url, 'SELECT (SELECT COUNT(*) FROM people) || \'/\' || (SELECT COUNT(*) FROM audit_log)'), before);
  assert.deepEqual(await reclaimed(2), nothing, server.stderr);
});
