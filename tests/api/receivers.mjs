// Real receivers on localhost for the outbox's channels: an SMTP server (Debian's
// python3-aiosmtpd, tests/api/smtp_recorder.py) and an HTTP server playing the SMS gateway.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import { root } from './harness.mjs';

// The lines of `text` that end with a newline (a line still being written is left for later).
function completeLines(text) {
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean);
}

// The SMTP recorder: resolves once it listens; `received()` reads what it took.
export async function startSmtp(file) {
  const child = spawn('/usr/bin/python3', [join(root, 'tests', 'api', 'smtp_recorder.py'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const port = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`SMTP recorder did not start: ${err}`)), 10000);
    child.stdout.on('data', (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`SMTP recorder exited ${code}: ${err}`)); });
  });
  return {
    port,
    // Complete lines only: the recorder may be appending a message while the test reads.
    received: () => (existsSync(file) ? completeLines(readFileSync(file, 'utf8')).map((l) => JSON.parse(l)) : []),
    stop: () => new Promise((ok) => { child.on('exit', ok); child.kill('SIGTERM'); }),
  };
}

// The SMS gateway: records every request; `plan[recipient]` is the list of statuses to answer
// in turn (200 once it runs out).
export async function startGateway() {
  const g = { requests: [], plan: {}, delayMs: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      let json = null;
      try { json = JSON.parse(body); } catch {}
      const r = { at: Date.now(), key: req.headers['idempotency-key'], auth: req.headers.authorization, type: req.headers['content-type'], body: json, raw: body };
      g.requests.push(r);
      const answers = g.plan[json?.to] || [];
      const status = answers.length ? answers.shift() : 200;
      const reply = () => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(status === 200 ? '{"ok":true}' : '{"error":"gateway busy"}'); };
      if (g.delayMs) setTimeout(reply, g.delayMs); else reply();
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  g.port = server.address().port;
  g.close = () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); });
  g.to = (phone) => g.requests.filter((r) => r.body?.to === phone);
  return g;
}
