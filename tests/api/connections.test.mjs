// Connection floods: idle connections past the limit, one address holding many, and idle
// timeouts that shorten under pressure. Real sockets from several loopback addresses
// (127.0.0.x: all of 127/8 is the loopback on Linux).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, cleanup, client } from './harness.mjs';

// A raw connection from `from`, with what the server sent and whether it closed.
function connect(port, from) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress: from });
    s.received = '';
    s.closedByServer = false;
    s.on('data', (d) => { s.received += d; });
    s.on('end', () => { s.closedByServer = true; });
    s.on('close', () => { s.closedByServer = true; });
    s.on('error', () => { s.closedByServer = true; });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

// Resolves with the first complete response on `s` after `sent` bytes were already received.
function response(s, { timeoutMs = 10000 } = {}) {
  const start = s.received.length;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { s.off('data', check); reject(new Error(`no response; got ${JSON.stringify(s.received.slice(start))}`)); }, timeoutMs);
    const check = () => {
      const text = s.received.slice(start);
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number((/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end)) || [])[1] || 0);
      if (text.length < end + 4 + length) return;
      clearTimeout(timer);
      s.off('data', check);
      s.off('close', check);
      resolve(text.slice(0, end + 4 + length));
    };
    s.on('data', check);
    s.on('close', () => { if (!s.received.slice(start).includes('\r\n\r\n')) { clearTimeout(timer); reject(new Error('closed without a response')); } });
    check();
  });
}

// A keep-alive connection that has been served one request and now waits, idle.
async function keptAlive(port, from) {
  const s = await connect(port, from);
  s.write('GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n');
  const r = await response(s);
  assert.match(r, /^HTTP\/1\.1 200 /, `from ${from}`);
  return s;
}

async function until(what, check, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

async function metric(base, name) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' '));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

function closeAll(sockets) { for (const s of sockets) s.destroy(); }

test('idle connections past max_connections make room for a new client; a request in progress is never cut', async () => {
  const server = await startServer({ env: {
    QORGAN_MAX_CONNECTIONS: '50', QORGAN_MAX_CONNECTIONS_PER_ADDRESS: '20',
    QORGAN_IDLE_TIMEOUT_SECONDS: '60', QORGAN_BUSY_IDLE_TIMEOUT_SECONDS: '60',
  } });
  const sockets = [];
  try {
    // The oldest connection is in the middle of a request: its header is not finished.
    const partial = await connect(server.port, '127.0.0.1');
    sockets.push(partial);
    partial.write('GET /healthz HTTP/1.1\r\nHost: a\r\n');
    // 60 idle connections: 20 kept alive after a request, 20 that never sent anything, 20 more
    // kept alive, from three addresses (each within the per-address cap).
    const groups = [[], [], []];
    for (let i = 0; i < 20; i++) groups[0].push(await keptAlive(server.port, '127.0.0.2'));
    for (let i = 0; i < 20; i++) groups[1].push(await connect(server.port, '127.0.0.3'));
    for (let i = 0; i < 20; i++) groups[2].push(await keptAlive(server.port, '127.0.0.4'));
    sockets.push(...groups.flat());

    // A new client is served, not refused.
    const res = await client(`http://127.0.0.1:${server.port}`).get('/healthz');
    assert.equal(res.status, 200);

    // To stay within 50, the server closed the longest-idle connections: the first group's.
    await until('the server closed 11 idle connections', () => groups.flat().filter((s) => s.closedByServer).length >= 11);
    assert.equal(groups[1].filter((s) => s.closedByServer).length, 0, 'a younger idle connection was closed');
    assert.equal(groups[2].filter((s) => s.closedByServer).length, 0, 'a younger idle connection was closed');
    assert.ok(await metric(server.base, 'qorgan_http_idle_connections_closed_total{reason="evicted"}') >= 11);
    assert.ok(await metric(server.base, 'qorgan_http_connections{state="open"}') <= 51);

    // The request in progress was left alone and is answered once it is complete.
    assert.equal(partial.closedByServer, false);
    partial.write('\r\n');
    assert.match(await response(partial), /^HTTP\/1\.1 200 /);
  } finally {
    closeAll(sockets);
    await server.stop();
    cleanup(server);
  }
});

test('one address holds at most max_connections_per_address connections; others are still served', async () => {
  const server = await startServer({ env: { QORGAN_MAX_CONNECTIONS: '50', QORGAN_MAX_CONNECTIONS_PER_ADDRESS: '5' } });
  const sockets = [];
  try {
    for (let i = 0; i < 5; i++) sockets.push(await keptAlive(server.port, '127.0.0.6'));
    // The sixth from the same address: 503 with Retry-After, naming the address, then closed.
    const sixth = await connect(server.port, '127.0.0.6');
    sockets.push(sixth);
    sixth.write('GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n');
    const refused = await response(sixth);
    assert.match(refused, /^HTTP\/1\.1 503 /);
    assert.match(refused, /\r\nRetry-After: \d+\r\n/i);
    assert.match(refused, /\r\nConnection: close\r\n/i);
    const problem = JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4));
    assert.equal(problem.status, 503);
    assert.match(problem.detail, /127\.0\.0\.6.*at most 5/);
    await until('the refused connection is closed', () => sixth.closedByServer);

    // Another address is served meanwhile.
    const other = await connect(server.port, '127.0.0.7');
    sockets.push(other);
    other.write('GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n');
    assert.match(await response(other), /^HTTP\/1\.1 200 /);
    assert.equal(await metric(server.base, 'qorgan_http_connections_refused_total{reason="per_address"}'), 1);

    // A place given back is free again.
    sockets[0].destroy();
    await until('a new connection from 127.0.0.6 is served', async () => {
      const s = await connect(server.port, '127.0.0.6');
      sockets.push(s);
      s.write('GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n');
      return /^HTTP\/1\.1 200 /.test(await response(s).catch(() => ''));
    });
  } finally {
    closeAll(sockets);
    await server.stop();
    cleanup(server);
  }
});

test('past 3/4 of max_connections idle connections are closed after the short idle timeout', async () => {
  const server = await startServer({ env: {
    QORGAN_MAX_CONNECTIONS: '24', QORGAN_MAX_CONNECTIONS_PER_ADDRESS: '0',
    QORGAN_IDLE_TIMEOUT_SECONDS: '60', QORGAN_BUSY_IDLE_TIMEOUT_SECONDS: '1',
  } });
  // Five places stay free below the limit for this process's own keep-alive connections (the
  // start-up checks'), so that nothing is evicted to admit a newcomer: what closes the early
  // connections is the short timeout alone.
  const sockets = [];
  try {
    const early = [];
    for (let i = 0; i < 5; i++) early.push(await keptAlive(server.port, '127.0.0.8'));
    sockets.push(...early);
    // 5 of 24: no pressure, the 60-second idle timeout holds.
    await new Promise((ok) => setTimeout(ok, 3000));
    assert.equal(early.filter((s) => s.closedByServer).length, 0, 'closed without pressure');
    // 19 of 24 (more than 18): idle for longer than a second is too long now.
    for (let i = 0; i < 14; i++) sockets.push(await keptAlive(server.port, '127.0.0.8'));
    // On a slow machine the sweep may come late; if it never comes, say what the server saw.
    try {
      await until('the early idle connections are closed', () => early.every((s) => s.closedByServer), 20000);
    } catch (e) {
      const seen = await (await fetch(`${server.base}/metrics`)).text();
      const lines = seen.split('\n').filter((l) => /^qorgan_http_(connections|idle_connections_closed_total)/.test(l));
      assert.fail(`${e.message}: ${early.filter((s) => s.closedByServer).length} of 5 early closed, ` +
        `${sockets.filter((s) => s.closedByServer).length} of ${sockets.length} in all; server: ${lines.join('; ')}`);
    }
    assert.ok(await metric(server.base, 'qorgan_http_idle_connections_closed_total{reason="timeout"}') >= 5);
    assert.equal((await client(server.base).get('/healthz')).status, 200);
  } finally {
    closeAll(sockets);
    await server.stop();
    cleanup(server);
  }
});

test('connection settings are checked: a bad value names the variable', async () => {
  const server = await startServer();
  try {
    for (const [name, value] of [['QORGAN_MAX_CONNECTIONS_PER_ADDRESS', '-1'], ['QORGAN_MAX_CONNECTIONS', 'many'], ['QORGAN_IDLE_TIMEOUT_SECONDS', '0']]) {
      const r = server.cli(['migrate'], { env: { [name]: value } });
      assert.notEqual(r.code, 0, name);
      assert.match(r.stderr, new RegExp(name), name);
    }
  } finally {
    await server.stop();
    cleanup(server);
  }
});

test('with three I/O threads, the connections dealt to each are served, kept alive, closed when idle past their timeout, and drained by SIGTERM', async () => {
  const server = await startServer({ processes: 1, env: {
    QORGAN_IO_THREADS: '3', QORGAN_IDLE_TIMEOUT_SECONDS: '2', QORGAN_BUSY_IDLE_TIMEOUT_SECONDS: '2',
  } });
  const sockets = [];
  try {
    // Connections are dealt to the I/O threads in turn: six put two on each.
    for (let i = 0; i < 6; i++) sockets.push(await keptAlive(server.port, '127.0.0.1'));
    for (let round = 0; round < 3; round++)
      for (const s of sockets) {
        s.write('GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n');
        assert.match(await response(s), /^HTTP\/1\.1 200 /);
      }
    // The sweeper, on one of the threads, closes those of every thread.
    await until('every idle connection is closed', () => sockets.every((s) => s.closedByServer));
    closeAll(sockets.splice(0));
    for (let i = 0; i < 6; i++) sockets.push(await keptAlive(server.port, '127.0.0.1'));
    // Each thread's own io_context is stopped, idle connections or not.
    assert.equal(await server.stop('SIGTERM'), 0);
    assert.match(server.stderr, /stopped/);
  } finally {
    closeAll(sockets);
    cleanup(server);
  }
});
