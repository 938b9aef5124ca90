// Heavy work (here: OpenStreetMap imports) runs on the server's bounded worker pool, not on the
// threads that read and answer requests: /healthz stays quick while imports run, a full queue is
// told to come back later (503, Retry-After), SIGTERM lets accepted imports finish, and a
// compressed upload that would expand past the budget is refused before it is read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, get } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startServer, cleanup } from './harness.mjs';
import { osmTown } from './osm-town.mjs';

// About 7 MB of OSM XML (40,000 junctions, 10,000 buildings), roughly a second to import here;
// sent gzipped (about 1 MB) so that reading the bodies is quick next to importing them.
const bigTown = gzipSync(osmTown(200));

async function upload(c, name, body) {
  const res = await fetch(`${c.base}/api/v1/evac/networks?${new URLSearchParams({ name })}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/octet-stream' },
    body,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, headers: res.headers, body: json, at: performance.now() };
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

let server, admin, available = true;

before(async () => {
  // One heavy thread, so four imports take turns; 16 MiB of expansion for the bomb below.
  server = await startServer({
    env: { QORGAN_HEAVY_THREADS: '1', QORGAN_HEAVY_QUEUE: '8', QORGAN_OSM_EXPANDED_LIMIT_MB: '16' },
  });
  admin = await server.login();
  available = (await admin.get('/api/v1/evac/networks')).status !== 404;
});
after(async () => { await server.stop(); cleanup(server); });

// GET /healthz on the probe's own kept-alive connection: {ms, status, at}.
function probe(base, agent) {
  const start = performance.now();
  return new Promise((ok, fail) => {
    get(`${base}/healthz`, { agent }, (res) => {
      res.resume();
      res.on('end', () => ok({ ms: performance.now() - start, status: res.statusCode, at: performance.now() }));
    }).on('error', fail);
  });
}

test('while four OSM imports run, /healthz answers within 50 ms', async (t) => {
  if (!available) return t.skip('built without evacuation planning');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  await probe(server.base, agent);  // the probe's connection is open before the work starts
  // A small import first: once it has answered, the four big bodies have been read (reading
  // them is I/O, not what is measured here) and the big imports, about a second each, run.
  const small = upload(admin, 'Small town', osmTown(40));
  const uploads = [1, 2, 3, 4].map((i) => upload(admin, `Big town ${i}`, bigTown));
  assert.equal((await small).status, 201);
  const probes = [];
  for (let i = 0; i < 20; i++) {
    probes.push(await probe(server.base, agent));
    await sleep(25);
  }
  agent.destroy();
  const done = await Promise.all(uploads);
  for (const u of done) assert.equal(u.status, 201, JSON.stringify(u.body));
  assert.ok(probes.every((p) => p.status === 200));
  const worst = Math.max(...probes.map((p) => p.ms));
  t.diagnostic(`slowest of 20 /healthz probes: ${worst.toFixed(1)} ms`);
  assert.ok(worst <= 50, `the slowest of 20 /healthz probes took ${worst.toFixed(1)} ms: ${probes.map((p) => p.ms.toFixed(1)).join(' ')}`);
  // The probes ran while heavy work was still going on, or the test proves nothing.
  const lastImport = Math.max(...done.map((u) => u.at));
  assert.ok(probes.at(-1).at < lastImport, 'the imports ended before the probes did; the town is too small to measure with');
});

test('a full heavy-work queue answers 503 with Retry-After and stores nothing for it', async (t) => {
  if (!available) return t.skip('built without evacuation planning');
  const small = await startServer({ env: { QORGAN_HEAVY_THREADS: '1', QORGAN_HEAVY_QUEUE: '1' } });
  try {
    const c = await small.login();
    // One runs, one waits, the others find the queue full.
    const results = await Promise.all([1, 2, 3, 4].map((i) => upload(c, `Queued ${i}`, bigTown)));
    const refused = results.filter((r) => r.status === 503);
    const created = results.filter((r) => r.status === 201);
    assert.ok(refused.length >= 1, JSON.stringify(results.map((r) => r.status)));
    assert.equal(created.length + refused.length, 4, JSON.stringify(results.map((r) => [r.status, r.body])));
    for (const r of refused) {
      assert.equal(r.headers.get('retry-after'), '5');
      assert.match(r.headers.get('content-type'), /application\/problem\+json/);
      assert.equal(r.body.status, 503);
      assert.equal(r.body.retry_after, 5);
      assert.match(r.body.detail ?? r.body.title, /busy with other heavy work/);
    }
    const list = await c.get('/api/v1/evac/networks');
    assert.deepEqual(list.body.items.map((n) => n.name).sort(), created.map((r) => r.body.name).sort());
    // Once the queue has room again, the same upload is taken.
    const again = await upload(c, 'Queued again', osmTown(8));
    assert.equal(again.status, 201, JSON.stringify(again.body));
  } finally {
    await small.stop();
    cleanup(small);
  }
});

test('SIGTERM lets accepted imports finish and answer before the server exits', async (t) => {
  if (!available) return t.skip('built without evacuation planning');
  const other = await startServer({ env: { QORGAN_HEAVY_THREADS: '1', QORGAN_HEAVY_QUEUE: '4' } });
  try {
    const c = await other.login();
    const uploads = [1, 2, 3].map((i) => upload(c, `Draining ${i}`, bigTown));
    // When the first answer comes, the other two have arrived and wait for the one heavy thread.
    await Promise.race(uploads);
    const stopping = performance.now();
    const code = await other.stop('SIGTERM');
    const results = await Promise.all(uploads);
    assert.deepEqual(results.map((r) => r.status), [201, 201, 201], JSON.stringify(results.map((r) => r.body)));
    assert.ok(results.some((r) => r.at > stopping), 'every import ended before SIGTERM');
    assert.equal(code, 0);
  } finally {
    cleanup(other);
  }
});

test('a gzip bomb is refused with 413 before it is imported; an honest gzip file is imported', async (t) => {
  if (!available) return t.skip('built without evacuation planning');
  const before = (await admin.get('/api/v1/evac/networks')).body.items.length;
  // 64 MiB of zeros compress to about 64 kB; the server allows 16 MiB of expansion here.
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  assert.ok(bomb.length < 100_000);
  const r = await upload(admin, 'Bomb', bomb);
  assert.equal(r.status, 413, JSON.stringify(r.body));
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  assert.equal(r.body.status, 413);
  assert.match(JSON.stringify(r.body), /expands to more than 16 MiB/);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['body']);
  // The same trick inside an XML file that starts honestly.
  const padded = gzipSync(Buffer.concat([Buffer.from(osmTown(3).replace('</osm>', '')), Buffer.alloc(32 * 1024 * 1024, 0x20), Buffer.from('</osm>')]));
  assert.equal((await upload(admin, 'Padded', padded)).status, 413);
  assert.equal((await admin.get('/api/v1/evac/networks')).body.items.length, before);

  const honest = await upload(admin, 'Gzipped town', gzipSync(osmTown(8)));
  assert.equal(honest.status, 201, JSON.stringify(honest.body));
  assert.equal(honest.body.source_file, 'upload.osm.gz');
});
