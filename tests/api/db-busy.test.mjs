// A request that waits for a lock other work holds (a bulk import holds the people table's lock
// until it commits; another process writes to the SQLite file) is told that the database is busy,
// in the caller's language, with Retry-After: not that the database is unreachable. The lock is
// taken from outside the server (psql, sqlite3) and held while the requests wait.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, engine, cleanup } from './harness.mjs';

let server;
after(() => cleanup(server));

const names = (n) => ({ kk: n, ru: n, en: n });

// A client of the database holding `statements`' locks until release() ends its transaction.
async function holding(dbUrl, statements) {
  const child = dbUrl.startsWith('sqlite:')
    ? spawn('sqlite3', ['-batch', '-noheader', dbUrl.slice(7)])
    : spawn('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', dbUrl]);
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stdin.write(`${statements}\nSELECT 'held';\n`);
  for (let i = 0; i < 100 && !out.includes('held'); i++) await new Promise((ok) => setTimeout(ok, 50));
  assert.ok(out.includes('held'), 'the lock was taken');
  return () => new Promise((ok) => { child.on('exit', ok); child.stdin.end('ROLLBACK;\n'); });
}

test('a request waiting for a lock held by other work: 503 busy with Retry-After, in kk, ru and en', async () => {
  // Statements wait for a lock at most two thirds of the answer's bound: 2 s here.
  server = await startServer({ env: { QORGAN_DB_ANSWER_TIMEOUT_SECONDS: '3' } });
  const admin = await server.login();
  assert.equal((await admin.post('/api/v1/regions', { code: 'BUSY-1', level: 'city', name: names('Город') })).status, 201);
  // PostgreSQL: the lock of a bulk import on the people table (and on regions, for the write);
  // SQLite: another process's write transaction on the file.
  const release = await holding(server.db.url, engine === 'postgres'
    ? 'BEGIN; LOCK TABLE people, regions IN ACCESS EXCLUSIVE MODE;'
    : 'BEGIN IMMEDIATE;');
  try {
    const waits = [
      ['write', 'en', () => admin.post('/api/v1/regions', { code: 'BUSY-2', level: 'city', name: names('Город') })],
      ...(engine === 'postgres' ? [
        ['list', 'ru', () => admin.get('/api/v1/people?limit=5', { 'accept-language': 'ru' })],
        ['list', 'kk', () => admin.get('/api/v1/people?limit=5&lang=kk')],
      ] : [
        ['write', 'ru', () => admin.post('/api/v1/regions', { code: 'BUSY-3', level: 'city', name: names('Город') }, { 'accept-language': 'ru' })],
        ['write', 'kk', () => admin.post('/api/v1/regions?lang=kk', { code: 'BUSY-4', level: 'city', name: names('Город') })],
      ]),
    ];
    const said = {
      en: /^The database is busy with other work \(an import, for example\) that holds what this request needs; try again in 10 seconds\.$/,
      ru: /^База данных занята другой работой \(например, импортом\).*через 10 с\.$/,
      kk: /^Дерекқор басқа жұмыспен бос емес \(мысалы, импортпен\).*10 секундтан кейін қайталап көріңіз\.$/,
    };
    for (const [what, lang, call] of waits) {
      const started = Date.now();
      const r = await call();
      const ms = Date.now() - started;
      assert.equal(r.status, 503, `${what} ${lang}: ${r.text}`);
      assert.ok(ms >= 1500 && ms < 9000, `${what} ${lang} answered after ${ms} ms`);
      assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
      assert.equal(r.body.code, 'unavailable');
      assert.match(r.body.detail, said[lang], `${what} ${lang}`);
      assert.equal(r.headers.get('retry-after'), '10');
    }
    if (engine === 'sqlite') {  // reads do not wait for a writer on SQLite (WAL)
      const list = await admin.get('/api/v1/regions');
      assert.equal(list.status, 200, list.text);
    }
  } finally {
    await release();
  }
  assert.equal((await admin.get('/api/v1/people?limit=5')).status, 200);
  const write = await admin.post('/api/v1/regions', { code: 'BUSY-5', level: 'city', name: names('Город') });
  assert.equal(write.status, 201, write.text);
  const codes = (await admin.get('/api/v1/regions?limit=50')).body.items.map((r) => r.code).sort();
  assert.deepEqual(codes, ['BUSY-1', 'BUSY-5'], 'the writes refused as busy were not stored');
});
