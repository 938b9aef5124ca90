#!/usr/bin/env node
// The outbox's sender, measured: messages a second through `qorgan notify run --once` to a local
// SMS gateway (a Node HTTP server answering 200 at once) and a local SMTP server (Debian's
// python3-aiosmtpd, tests/api/smtp_recorder.py), with no rate limit, on SQLite (and PostgreSQL
// with --pg URL). The peer, run side by side on the same receivers: the same number of
// messages sent one at a time by a bare client (Node's fetch on one keep-alive connection;
// Python's smtplib on one SMTP session), i.e. the receivers' ceiling for a sequential sender.
//   node bench/notify/bench.mjs [--tiny] [--messages N] [--pg postgresql://…]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.QORGAN_BIN || join(root, 'build', 'app', 'qorgan');
const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const n = Number(opt('--messages', tiny ? 50 : 2000));
const pg = opt('--pg', null);
const env = { ...process.env, QORGAN_MASTER_KEY: process.env.QORGAN_MASTER_KEY || 'c4'.repeat(32) };
const dir = mkdtempSync(join(tmpdir(), 'qorgan-bench-notify-'));

function run(db, cmd, extra = {}) {
  const r = spawnSync(bin, ['--db', db, ...cmd], { env, encoding: 'utf8', maxBuffer: 64 << 20, ...extra });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let received = 0;
const gateway = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { received++; res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
});
await new Promise((ok) => gateway.listen(0, '127.0.0.1', ok));
const smsUrl = `http://127.0.0.1:${gateway.address().port}/send`;

const mailFile = join(dir, 'mail.jsonl');
const smtp = spawn('/usr/bin/python3', [join(root, 'tests', 'api', 'smtp_recorder.py'), mailFile], { stdio: ['ignore', 'pipe', 'inherit'] });
const smtpPort = await new Promise((ok) => smtp.stdout.on('data', (d) => { const m = /listening (\d+)/.exec(String(d)); if (m) ok(Number(m[1])); }));
const mails = () => (existsSync(mailFile) ? readFileSync(mailFile, 'utf8').split('\n').filter(Boolean).length : 0);

function configFor(channel) {
  const file = join(dir, `${channel}.toml`);
  writeFileSync(file, `[notify]
sender = false
batch = 100
${channel === 'email' ? `[notify.email]\nurl = "smtp://127.0.0.1:${smtpPort}"\nfrom = "bench@example.kz"\nstarttls = "no"\nrate = 0\n` : ''}
${channel === 'sms' ? `[notify.sms]\nurl = "${smsUrl}"\nrate = 0\n` : ''}`);
  return file;
}

function enqueue(db, channel) {
  const to = Array.from({ length: n }, (_, i) => channel === 'sms' ? `+7705${String(i).padStart(7, '0')}` : `reservist${i}@example.kz`);
  for (let i = 0; i < to.length; i += 1000) {
    const chunk = to.slice(i, i + 1000).flatMap((t) => ['--to', t]);
    run(db, ['notify', 'send', '--channel', channel, '--subject', 'Шақыру', '--text', 'Жиын пункті: №12 мектеп, 14:00.', '--reference', 'bench', ...chunk]);
  }
}

// Asynchronous: the gateway answers from this process's event loop meanwhile.
function runAsync(db, cmd) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, ['--db', db, ...cmd], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd.join(' ')}: ${err}`))));
  });
}

async function sendOnce(db, channel) {
  const t0 = process.hrtime.bigint();
  const out = await runAsync(db, ['--config', configFor(channel), 'notify', 'run', '--once']);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const sent = Number(/sent (\d+)/.exec(out)[1]);
  if (sent !== n) throw new Error(`${channel}: sent ${sent} of ${n}: ${out}`);
  return s;
}

async function peerSms() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    await new Promise((ok, fail) => {
      const req = http.request(smsUrl, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'idempotency-key': String(i) } }, (res) => { res.resume(); res.on('end', ok); });
      req.on('error', fail);
      req.end(JSON.stringify({ to: '+77050000000', text: 'Жиын пункті: №12 мектеп, 14:00.', id: String(i) }));
    });
  }
  agent.destroy();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function peerSmtp() {
  const script = `
import smtplib, sys, time
from email.message import EmailMessage
n = int(sys.argv[2]); t0 = time.time()
with smtplib.SMTP("127.0.0.1", int(sys.argv[1])) as s:
    for i in range(n):
        m = EmailMessage(); m["From"] = "bench@example.kz"; m["To"] = f"reservist{i}@example.kz"
        m["Subject"] = "Шақыру"; m["Message-ID"] = f"<peer-{i}@example.kz>"; m.set_content("Жиын пункті: №12 мектеп, 14:00.")
        s.send_message(m)
print(time.time() - t0)`;
  const r = spawnSync('/usr/bin/python3', ['-c', script, String(smtpPort), String(n)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim());
}

const rows = [];
try {
  const dbs = [`sqlite:${join(dir, 'bench.db')}`, ...(pg ? [pg] : [])];
  for (const db of dbs) {
    run(db, ['migrate']);
    for (const channel of ['sms', 'email']) {
      enqueue(db, channel);
      const before = channel === 'sms' ? received : mails();
      const s = await sendOnce(db, channel);
      const got = (channel === 'sms' ? received : mails()) - before;
      if (got !== n) throw new Error(`${channel}: the receiver got ${got} of ${n}`);
      rows.push({ engine: db.split(':')[0], channel, who: 'qorgan notify run --once', s });
    }
  }
  rows.push({ engine: '–', channel: 'sms', who: 'peer: Node http, one keep-alive connection', s: await peerSms() });
  rows.push({ engine: '–', channel: 'email', who: 'peer: Python smtplib, one session', s: peerSmtp() });
} finally {
  gateway.close();
  smtp.kill('SIGTERM');
}
rmSync(dir, { recursive: true, force: true });

console.log(`## Outbox sender (${n} messages per channel, no rate limit, local receivers)`);
console.log('| channel | sender | engine | seconds | messages/s | share of the peer |');
console.log('|---|---|---|---:|---:|---:|');
const peer = Object.fromEntries(rows.filter((r) => r.who.startsWith('peer')).map((r) => [r.channel, n / r.s]));
for (const r of rows) {
  const rate = n / r.s;
  console.log(`| ${r.channel} | ${r.who} | ${r.engine} | ${r.s.toFixed(2)} | ${rate.toFixed(0)} | ${(100 * rate / peer[r.channel]).toFixed(0)}% |`);
}
