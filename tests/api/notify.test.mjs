// The outbox end to end, with real receivers on localhost: an SMTP server (Debian's
// python3-aiosmtpd, tests/api/smtp_recorder.py) and an HTTP server playing the SMS gateway.
// What they received is asserted: recipients, texts, the idempotency key; retries after the
// gateway fails twice, with the backoff kept; a channel that keeps failing ends `failed` with its
// error; cancel and retry over the API (audited); and kill -9 of the server while it sends a few
// hundred messages: afterwards none is lost, and the receivers, de-duplicating by the key, see
// each once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cleanup } from './harness.mjs';
import { startSmtp, startGateway } from './receivers.mjs';

const BACKOFF_S = 0.4;
let dir, smtp, gateway;

function config(extra = '') {
  const file = join(dir, `qorgan-${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(file, `[notify]
poll_seconds = 0.05
backoff_seconds = ${BACKOFF_S}
max_attempts = 3
${extra}
[notify.email]
url = "smtp://127.0.0.1:${smtp.port}"
from = "hq@example.kz"
starttls = "no"
rate = 0
[notify.sms]
url = "http://127.0.0.1:${gateway.port}/send"
rate = 0
body_template = '{"to":"{recipient}","text":"{text}","id":"{id}"}'
`);
  return file;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Polls the message until its status is one of `want` (or fails after `ms`).
async function settled(api, id, want = ['sent', 'failed'], ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const r = await api.get(`/api/v1/notify/messages/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (want.includes(r.body.status)) return r.body;
    if (Date.now() > end) assert.fail(`message ${id} is still ${r.body.status}: ${JSON.stringify(r.body)}`);
    await sleep(50);
  }
}

// `qorgan notify send` against the server's database; the ids it queued.
function send(server, args) {
  const r = server.cli(['notify', 'send', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return [...r.stdout.matchAll(/queued message (\d+)/g)].map((m) => Number(m[1]));
}

let server, admin, auditor;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qorgan-notify-'));
  smtp = await startSmtp(join(dir, 'mail.jsonl'));
  gateway = await startGateway();
  server = await startServer({ args: ['--config', config()], env: { QORGAN_SMS_AUTH_HEADER: 'Authorization: Bearer test-gateway-token' } });
  admin = await server.login();
  auditor = await server.account(admin, 'n-auditor', 'auditor');
});

after(async () => {
  await server?.stop();
  if (server) cleanup(server);
  await gateway?.close();
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('an SMS reaches the gateway with the recipient, the text, the id as key and the auth header', async () => {
  const [id] = send(server, ['--channel', 'sms', '--to', '+77010000001', '--text', 'Жиын: №12 мектеп, 14:00 "А" корпусы', '--reference', 'test:sms:1']);
  const m = await settled(admin, id);
  assert.equal(m.status, 'sent');
  assert.equal(m.attempts, 1);
  const got = gateway.to('+77010000001');
  assert.equal(got.length, 1);
  assert.equal(got[0].key, String(id));
  assert.equal(got[0].body.id, String(id));
  assert.equal(got[0].body.text, 'Жиын: №12 мектеп, 14:00 "А" корпусы');
  assert.equal(got[0].auth, 'Bearer test-gateway-token');
  assert.equal(got[0].type, 'application/json');
});

test('a gateway that fails twice: sent on the third attempt, after the backoff each time', async () => {
  gateway.plan['+77010000002'] = [500, 500];
  const [id] = send(server, ['--channel', 'sms', '--to', '+77010000002', '--text', 'Retry me']);
  const m = await settled(admin, id);
  assert.equal(m.status, 'sent');
  assert.equal(m.attempts, 3);
  assert.equal(m.last_error, null);
  const got = gateway.to('+77010000002');
  assert.equal(got.length, 3);
  assert.ok(got.every((r) => r.key === String(id)), 'every attempt carries the same key');
  // backoff × 2^(n-1): 0.4 s, then 0.8 s.
  assert.ok(got[1].at - got[0].at >= BACKOFF_S * 1000 - 20, `second attempt after ${got[1].at - got[0].at} ms`);
  assert.ok(got[2].at - got[1].at >= 2 * BACKOFF_S * 1000 - 20, `third attempt after ${got[2].at - got[1].at} ms`);
});

test('a gateway that keeps failing: failed after the last attempt, with its answer', async () => {
  gateway.plan['+77010000003'] = [503, 503, 503, 503];
  gateway.plan['+77010000004'] = [400];
  const [keeps] = send(server, ['--channel', 'sms', '--to', '+77010000003', '--text', 'Never']);
  const [refused] = send(server, ['--channel', 'sms', '--to', '+77010000004', '--text', 'Malformed for the gateway']);
  const m = await settled(admin, keeps);
  assert.equal(m.status, 'failed');
  assert.equal(m.attempts, 3);
  assert.match(m.last_error, /HTTP 503.*gateway busy/);
  assert.equal(gateway.to('+77010000003').length, 3);
  // A 400 will never be taken: failed at once.
  const r = await settled(admin, refused);
  assert.equal(r.status, 'failed');
  assert.equal(r.attempts, 1);
  assert.match(r.last_error, /HTTP 400/);
});

test('e-mail reaches the SMTP server with its Message-ID key, the EXERCISE mark, and a refused mailbox fails', async () => {
  const [id] = send(server, ['--channel', 'email', '--to', 'd.bekova@example.kz', '--subject', 'Шақыру', '--text', 'Сәлем! Жиын пункті: №12 мектеп.', '--kind', 'exercise']);
  const [bad] = send(server, ['--channel', 'email', '--to', 'nobody@example.kz', '--subject', 'x', '--text', 'y']);
  assert.equal((await settled(admin, id)).status, 'sent');
  const mail = smtp.received().filter((m) => m.message_id === `<qorgan-${id}@example.kz>`);
  assert.equal(mail.length, 1);
  assert.deepEqual(mail[0].rcpt, ['d.bekova@example.kz']);
  assert.equal(mail[0].mail_from, 'hq@example.kz');
  assert.equal(mail[0].subject, 'ЖАТТЫҒУ / УЧЕНИЯ / EXERCISE: Шақыру');
  assert.equal(mail[0].text.trim(), 'ЖАТТЫҒУ / УЧЕНИЯ / EXERCISE: Сәлем! Жиын пункті: №12 мектеп.');
  assert.equal(mail[0].kind, 'exercise');
  const f = await settled(admin, bad);
  assert.equal(f.status, 'failed');
  assert.equal(f.attempts, 1, 'a 550 is permanent');
  assert.match(f.last_error, /550/);
});

test('cancel a queued message, retry a failed one; both audited; wrong states are conflicts', async () => {
  // Print messages wait for their batch, so this one stays queued.
  const [queued] = send(server, ['--channel', 'print', '--to', 'Бекова Д., Абай к-сі 10', '--text', 'Шақыру қағазы', '--reference', 'test:print:1']);
  assert.equal((await auditor.post(`/api/v1/notify/messages/${queued}/cancel`)).status, 403);
  const c = await admin.post(`/api/v1/notify/messages/${queued}/cancel`);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.status, 'cancelled');
  const again = await admin.post(`/api/v1/notify/messages/${queued}/cancel`);
  assert.equal(again.status, 409);
  assert.match(again.headers.get('content-type'), /problem\+json/);
  assert.match(again.body.detail, /only a queued message can be cancelled/);

  gateway.plan['+77010000005'] = [400];
  const [failed] = send(server, ['--channel', 'sms', '--to', '+77010000005', '--text', 'Second chance']);
  assert.equal((await settled(admin, failed)).status, 'failed');
  const r = await admin.post(`/api/v1/notify/messages/${failed}/retry`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const m = await settled(admin, failed);
  assert.equal(m.status, 'sent');
  assert.equal(m.attempts, 1, 'a retried message counts its attempts afresh');
  assert.equal(gateway.to('+77010000005').length, 2);
  assert.equal((await admin.post(`/api/v1/notify/messages/${failed}/retry`)).status, 409);

  const audit = await admin.get('/api/v1/audit?entity_type=notify_message');
  const actions = audit.body.items.map((e) => `${e.action} ${e.entity_id}`);
  assert.ok(actions.includes(`notify_message.cancel ${queued}`), actions.join(', '));
  assert.ok(actions.includes(`notify_message.retry ${failed}`), actions.join(', '));
  assert.ok(actions.includes(`notify_message.send ${queued}`), 'notify send is audited');
});

test('lists filter by status, channel and reference, with counts; bad filters are named', async () => {
  const list = await auditor.get('/api/v1/notify/messages?channel=sms&status=failed&limit=2');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length >= 1);
  assert.ok(list.body.items.every((m) => m.channel === 'sms' && m.status === 'failed'));
  assert.ok('next_cursor' in list.body);
  const byRef = await admin.get('/api/v1/notify/messages?reference_prefix=test:');
  assert.deepEqual(byRef.body.items.map((m) => m.reference).sort(), ['test:print:1', 'test:sms:1']);
  const counts = await admin.get('/api/v1/notify/counts?reference_prefix=test:');
  assert.deepEqual(counts.body, { queued: 0, sending: 0, sent: 1, delivered: 0, failed: 0, cancelled: 1 });
  const bad = await admin.get('/api/v1/notify/messages?status=lost&channel=pigeon&cursor=x');
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['channel', 'cursor', 'status']);
  assert.equal((await admin.get('/api/v1/notify/messages/999999')).status, 404);
  // The console page: counts and filters, in the three languages.
  const page = await fetch(`${server.base}/console/notify?lang=kk&channel=sms`, { headers: { cookie: await consoleCookie() } });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Хабарламалар кезегі/);
  assert.match(html, /<strong data-status="failed">\d+<\/strong>/);
  for (const [lang, word] of [['ru', 'Очередь сообщений'], ['en', 'Outbox']]) {
    const p = await fetch(`${server.base}/console/notify?lang=${lang}`, { headers: { cookie: await consoleCookie() } });
    assert.match(await p.text(), new RegExp(word));
  }
});

let cookie;
async function consoleCookie() {
  if (cookie) return cookie;
  const res = await fetch(`${server.base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'admin-password-for-tests' }) });
  cookie = res.headers.get('set-cookie').split(';')[0];
  return cookie;
}

test('only one sender works an outbox: notify run --once refuses while serve sends', () => {
  const r = server.cli(['--config', config(), 'notify', 'run', '--once']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /another sender works this outbox/);
});

test('kill -9 while sending hundreds: after restart none is lost and each key is seen once by the receivers', async (t) => {
  // A server of its own, one process, a slower gateway so that the kill lands mid-run.
  const file = config();
  let own = await startServer({ args: ['--config', file], processes: 1 });
  const api = await own.login();
  const phones = Array.from({ length: 200 }, (_, i) => `+7702${String(i).padStart(7, '0')}`);
  const mails = Array.from({ length: 100 }, (_, i) => `reservist${i}@example.kz`);
  const before = gateway.requests.length;
  const mailBefore = smtp.received().length;
  gateway.delayMs = 3;
  try {
    const sms = send(own, ['--channel', 'sms', '--text', 'Жиын', '--reference', 'kill9:sms', ...phones.flatMap((p) => ['--to', p])]);
    const email = send(own, ['--channel', 'email', '--subject', 'Шақыру', '--text', 'Жиын', '--reference', 'kill9:email', ...mails.flatMap((m) => ['--to', m])]);
    assert.equal(sms.length + email.length, 300);
    const end = Date.now() + 20000;
    // Killed once about a third has arrived, both channels under way.
    const progress = () => gateway.requests.length - before + smtp.received().length - mailBefore;
    while (progress() < 100 && Date.now() < end) await sleep(5);
    await own.stop('SIGKILL');
    const atKill = { sms: gateway.requests.length - before, email: smtp.received().length - mailBefore };
    own = await startServer({ db: own.db, args: ['--config', file], processes: 1 });
    const api2 = await own.login();
    const deadline = Date.now() + 60000;
    for (;;) {
      const c = (await api2.get('/api/v1/notify/counts?reference_prefix=kill9:')).body;
      if (c.sent === 300) break;
      assert.ok(Date.now() < deadline, `not all sent: ${JSON.stringify(c)}`);
      await sleep(100);
    }
    const raw = gateway.requests.slice(before).filter((r) => r.body?.text === 'Жиын');
    const keys = new Set(raw.map((r) => r.key));
    assert.equal(keys.size, 200, 'every SMS arrived');
    assert.deepEqual([...keys].map(Number).sort((a, b) => a - b), [...sms].sort((a, b) => a - b));
    const got = smtp.received().slice(mailBefore).filter((m) => m.subject === 'Шақыру');
    const ids = new Set(got.map((m) => m.message_id));
    assert.equal(ids.size, 100, 'every e-mail arrived');
    // Each SMS to the phone it was meant for.
    for (const r of raw) assert.equal(r.body.to, phones[sms.indexOf(Number(r.key))]);
    const dup = { sms: raw.length - keys.size, email: got.length - ids.size };
    assert.ok(dup.sms <= 2 && dup.email <= 2, `at most the in-flight message per channel is sent again: ${JSON.stringify(dup)}`);
    t.diagnostic(`at the kill: ${atKill.sms} SMS and ${atKill.email} e-mails received; after the restart ${raw.length} SMS requests for 200 keys and ${got.length} e-mails for 100 Message-IDs: duplicates absorbed by the key: ${dup.sms} SMS, ${dup.email} e-mail`);
  } finally {
    gateway.delayMs = 0;
    await own.stop();
    cleanup(own);
  }
});
