// Public alert subscriptions end to end: subscribe by phone or e-mail without an account, the
// confirmation link through the outbox (its page a single button, so that a link scanner
// confirms nothing), one-click unsubscribe that deletes the address, bad input answered with its
// fields and nothing stored, the address never whole in the audit log, counts for admins only,
// an SMS gateway that fails (the alert public at once, its messages retried until the gateway
// takes them), and the fan-out of an alert killed with SIGKILL half-way: after the restart every subscriber
// has the alert exactly once — at an SMS gateway (a local HTTP server) that `qorgan notify run`
// sends to, since the outbox keeps only the subscriber's id and the words once per language, and
// the address is opened when the message is sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { startServer, cleanup, client, binary } from './harness.mjs';
import { sql } from './sql.mjs';

// Small batches with a pause between them, so that a fan-out of 30 takes a few seconds and a
// kill lands in the middle of it.
const env = {
  QORGAN_ALERTS_SUBSCRIBE_PER_CLIENT: '1000',
  QORGAN_ALERTS_FAN_OUT_BATCH: '3',
  QORGAN_ALERTS_FAN_OUT_PAUSE_MS: '200',
  QORGAN_NOTIFY_SENDER: '0',
};
let server, admin, anon;

// A qorgan command against the server's database, without blocking this process (whose SMS
// gateway below must keep answering meanwhile).
function cliAsync(args) {
  return new Promise((ok) => {
    const child = spawn(binary, ['--db', server.db.url, ...args], { env: { ...process.env, ...server.env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

// An SMS gateway on localhost that records every request it takes; while `failing` is set it
// answers 503 (a gateway down), which the outbox retries.
async function startGateway() {
  const g = { requests: [], failing: false };
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      g.requests.push({ key: req.headers['idempotency-key'], body: JSON.parse(body), failed: g.failing });
      res.writeHead(g.failing ? 503 : 200, { 'content-type': 'application/json' });
      res.end(g.failing ? '{"error":"down for maintenance"}' : '{"ok":true}');
    });
  });
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  g.port = srv.address().port;
  g.close = () => new Promise((ok) => { srv.closeAllConnections(); srv.close(ok); });
  return g;
}

const names = (en) => ({ kk: en, ru: en, en });

before(async () => {
  server = await startServer({ env, processes: 1 });
  admin = await server.login();
  anon = client(server.base);
  const oblast = await admin.post('/api/v1/regions', { code: '190000000', level: 'oblast', name: names('Zhetysu') });
  assert.equal(oblast.status, 201, JSON.stringify(oblast.body));
  assert.equal((await admin.post('/api/v1/regions', { code: '193200000', level: 'district', parent_id: oblast.body.id, name: names('Karatal') })).status, 201);
  assert.equal((await admin.post('/api/v1/regions', { code: '750000000', level: 'city', name: names('Almaty') })).status, 201);
});

after(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop();
  if (server) cleanup(server);
});

// The newest message's text to `recipient` and the token after `marker` in it.
async function linkTo(recipient, marker) {
  const list = await admin.get('/api/v1/notify/messages?reference_prefix=alerts:subscriber:&limit=200');
  assert.equal(list.status, 200);
  const m = list.body.items.find((x) => x.recipient === recipient);
  assert.ok(m, `a message to ${recipient}`);
  const at = m.text.indexOf(marker);
  assert.ok(at >= 0, m.text);
  return m.text.slice(at + marker.length).split(/[\s]/)[0];
}

async function subscribeConfirmed(address, regions, language = 'kk') {
  const r = await anon.post('/api/v1/alerts/subscriptions', { address, regions, language });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const token = await linkTo(address, `/${language}/alerts/c/`);
  const c = await anon.post('/api/v1/alerts/subscriptions/confirm', { token });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  return c.body;
}

test('subscribe, confirm through the link page, unsubscribe in one click', async () => {
  // The form lists the registry's regions in the page's language, without JavaScript.
  const form = await fetch(`${server.base}/ru/alerts/subscribe`);
  assert.equal(form.status, 200);
  const formHtml = await form.text();
  assert.match(formHtml, /<html lang="ru">[\s\S]*Подписка на оповещения/);
  assert.match(formHtml, /<option value="193200000">--Karatal<\/option>/);
  assert.match(formHtml, /<form method="post" action="\/ru\/alerts\/subscribe">/);
  const r = await anon.post('/api/v1/alerts/subscriptions', { address: '+7 701 444 55 66', regions: ['193200000'], language: 'ru' });
  assert.equal(r.status, 202);
  assert.deepEqual(r.body, { status: 'confirmation_sent' });
  const token = await linkTo('+77014445566', '/ru/alerts/c/');
  // Opening the link changes nothing: the page asks for the click.
  const page = await fetch(`${server.base}/ru/alerts/c/${token}`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const html = await page.text();
  assert.match(html, /<html lang="ru">/);
  assert.match(html, /Подтвердить/);
  assert.match(html, /\+7\*+5566/);
  assert.equal(sql(server.db.url, "SELECT status FROM alert_subscribers"), 'pending');
  const click = await fetch(`${server.base}/ru/alerts/c/${token}`, { method: 'POST', redirect: 'manual' });
  assert.equal(click.status, 303);
  const done = await (await fetch(`${server.base}${click.headers.get('location')}`)).text();
  assert.match(done, /Подписка подтверждена/);
  assert.equal(sql(server.db.url, "SELECT status FROM alert_subscribers"), 'confirmed');

  const counts = await admin.get('/api/v1/alerts/subscriptions/counts');
  assert.equal(counts.status, 200);
  assert.deepEqual(counts.body.items, [{ region: '193200000', channel: 'sms', language: 'ru', status: 'confirmed', count: 1 }]);

  // The unsubscribe link as the fan-out writes it, from a fan-out of a test alert to this region.
  const id = sql(server.db.url, 'SELECT id FROM alert_subscribers');
  const file = join(server.db.dir, 'alert-1.json');
  writeFileSync(file, JSON.stringify({ alert_id: 1, identifier: 'KZ-1', regions: ['190000000'], texts: { ru: { headline: 'Паводок', sms: 'Угроза паводка.' } } }));
  const run = server.cli(['alerts', 'fan-out', file]);
  assert.equal(run.code, 0, run.stderr);
  const sent = await admin.get('/api/v1/notify/messages?reference_prefix=alert:1:&limit=10');
  assert.equal(sent.body.items.length, 1);
  const text = sent.body.items[0].text;
  assert.match(text, /^Угроза паводка\. http:\/\/\S+\/ru\/alerts\/u\/\d+-\S+$/);
  const stop = text.slice(text.indexOf('/ru/alerts/u/') + '/ru/alerts/u/'.length);
  assert.ok(stop.startsWith(`${id}-`));
  const ask = await fetch(`${server.base}/kk/alerts/u/${stop}`);
  assert.match(await ask.text(), /<html lang="kk">[\s\S]*Бас тарту/);
  const gone = await fetch(`${server.base}/kk/alerts/u/${stop}`, { method: 'POST', redirect: 'manual' });
  assert.equal(gone.status, 303);
  assert.equal(sql(server.db.url, 'SELECT COUNT(*) FROM alert_subscribers'), '0');
  assert.match(await (await fetch(`${server.base}${gone.headers.get('location')}`)).text(), /Мекенжайыңыз жойылды/);
  // The API's unsubscribe of an address already gone: fine, nothing to do.
  assert.equal((await anon.post('/api/v1/alerts/subscriptions/unsubscribe', { token: stop })).status, 200);
  // A forged token is not.
  assert.equal((await anon.post('/api/v1/alerts/subscriptions/unsubscribe', { token: `${id}-AAAAAAAAAAAAAAAAAAAAAA` })).status, 404);

  // The audit has every step, the address only masked.
  const audit = sql(server.db.url, "SELECT action || ' ' || COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_log WHERE entity_type = 'alert_subscriber' ORDER BY seq");
  assert.match(audit, /alert\.subscriber\.subscribe[\s\S]*alert\.subscriber\.confirm[\s\S]*alert\.subscriber\.unsubscribe/);
  assert.doesNotMatch(audit, /4445566/);
  assert.match(audit, /\+7\*+5566/);
});

test("an alert e-mail offers the mail program's own unsubscribe button (RFC 8058), which works in one POST", async () => {
  await subscribeConfirmed('d.oralova@example.kz', ['750000000'], 'en');
  const file = join(server.db.dir, 'alert-7.json');
  writeFileSync(file, JSON.stringify({ alert_id: 7, identifier: 'KZ-7', regions: ['750000000'], texts: { ru: { headline: 'Сель', sms: 'Угроза селя.' }, en: { headline: 'Mudflow', sms: 'Mudflow risk.' } } }));
  const run = server.cli(['alerts', 'fan-out', file]);
  assert.equal(run.code, 0, run.stderr);
  const sent = (await admin.get('/api/v1/notify/messages?reference_prefix=alert:7:&limit=10')).body.items;
  // The outbox shows the message as it will be sent, but not the address: it stays sealed.
  const mail = sent.find((m) => m.channel === 'email');
  assert.ok(mail, JSON.stringify(sent));
  assert.match(mail.recipient, /^alerts\.subscriber:\d+$/);
  assert.match(mail.list_unsubscribe, /^http:\/\/\S+\/en\/alerts\/u\/\d+-\S+$/);
  assert.ok(mail.text.includes(mail.list_unsubscribe), 'the same link as in the text');
  assert.ok(sent.filter((m) => m.channel === 'sms').every((m) => m.list_unsubscribe === null), 'e-mail only');
  // What a mail program sends for the button: a form POST, no cookies, no questions (to this
  // server: the link's own origin is the configured public address).
  const click = await fetch(server.base + new URL(mail.list_unsubscribe).pathname, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
  });
  assert.ok(click.status >= 200 && click.status < 400, String(click.status));
  const id = mail.list_unsubscribe.match(/\/u\/(\d+)-/)[1];
  assert.equal(sql(server.db.url, `SELECT COUNT(*) FROM alert_subscribers WHERE id = ${id}`), '0');
});

test('bad subscriptions are refused with their fields, and nothing is stored or sent', async () => {
  const before = sql(server.db.url, 'SELECT COUNT(*) FROM notify_outbox');
  const r = await anon.post('/api/v1/alerts/subscriptions', { address: '8 701 444 55 66', regions: ['000'], language: 'de' });
  assert.equal(r.status, 422);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.deepEqual(r.body.errors.map((e) => e.field).sort(), ['address', 'language', 'regions[0]']);
  assert.equal((await anon.post('/api/v1/alerts/subscriptions', '{"address":')).status, 422);
  assert.equal((await anon.post('/api/v1/alerts/subscriptions/confirm', { token: 'nonsense' })).status, 404);
  assert.equal(sql(server.db.url, 'SELECT COUNT(*) FROM notify_outbox'), before);
  // The form page answers in the reader's language with the field's problem.
  const form = await fetch(`${server.base}/kk/alerts/subscribe`, {
    method: 'POST', body: new URLSearchParams({ address: 'nobody', regions: '190000000', language: 'kk' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(form.status, 422);
  assert.match(await form.text(), /халықаралық форматта/);
  // Counts are for admins and auditors.
  assert.equal((await anon.get('/api/v1/alerts/subscriptions/counts')).status, 401);
  const editor = await server.account(admin, 'subs-editor', 'editor');
  assert.equal((await editor.get('/api/v1/alerts/subscriptions/counts')).status, 403);
  assert.equal((await editor.get('/api/v1/alerts/deliveries/1')).status, 403);
});

test('a fan-out killed with SIGKILL half-way reaches every subscriber exactly once after the restart', async () => {
  const phones = [];
  for (let i = 0; i < 30; i++) {
    const phone = `+7702000${String(1000 + i)}`;
    phones.push(phone);
    await subscribeConfirmed(phone, [i % 3 ? '193200000' : '190000000'], ['kk', 'ru', 'en'][i % 3]);
  }
  // Someone elsewhere: not reached.
  await subscribeConfirmed('far.away@example.kz', ['750000000'], 'en');
  const file = join(server.db.dir, 'alert-2.json');
  writeFileSync(file, JSON.stringify({
    alert_id: 2, identifier: 'KZ-2', regions: ['193200000'],
    texts: { kk: { headline: 'Әуе дабылы', sms: 'Әуе дабылы! Жақын баспанаға барыңыз.' }, ru: { headline: 'Воздушная тревога', sms: 'Воздушная тревога! Пройдите в ближайшее укрытие.' } },
  }));
  const recorded = server.cli(['alerts', 'fan-out', '--no-run', file]);
  assert.equal(recorded.code, 0, recorded.stderr);
  const count = () => Number(sql(server.db.url, "SELECT COUNT(*) FROM notify_outbox WHERE reference LIKE 'alert:2:%'"));
  // The server's worker takes it up; kill it once some batches are in.
  let seen = 0;
  for (let i = 0; i < 2000 && seen === 0; i++) {
    seen = count();
    if (!seen) await new Promise((ok) => setTimeout(ok, 10));
  }
  await server.stop('SIGKILL');
  const atKill = count();
  assert.ok(atKill > 0 && atKill < 30, `killed half-way (${atKill} of 30 queued)`);
  assert.equal(sql(server.db.url, "SELECT state FROM alert_fan_outs WHERE alert_id = 2"), 'running');

  server = await startServer({ db: server.db, env, processes: 1 });
  admin = await server.login();
  for (let i = 0; i < 500 && sql(server.db.url, "SELECT state FROM alert_fan_outs WHERE alert_id = 2") !== 'done'; i++)
    await new Promise((ok) => setTimeout(ok, 50));
  assert.equal(Number(sql(server.db.url, "SELECT COUNT(*) FROM notify_outbox WHERE reference LIKE 'alert:2:%' AND recipient LIKE '+%'")), 0, 'no address in the outbox');
  const d = await admin.get('/api/v1/alerts/deliveries/2');
  assert.equal(d.status, 200);
  assert.equal(d.body.items[0].state, 'done');
  assert.equal(d.body.items[0].enqueued, 30);
  assert.deepEqual(d.body.items[0].messages, { sms: { queued: 30 } });

  // The sender hands each of them to the SMS gateway: every phone gets the alert once.
  const gateway = await startGateway();
  try {
    const config = join(server.db.dir, 'sms.toml');
    writeFileSync(config, `[notify.sms]\nurl = "http://127.0.0.1:${gateway.port}/send"\nrate = 0\nbody_template = '{"to":"{recipient}","text":"{text}","id":"{id}"}'\n`);
    const run = await cliAsync(['--config', config, 'notify', 'run', '--once']);
    assert.equal(run.code, 0, run.stderr);
    const alertTo = gateway.requests.filter((r) => /тревога|дабылы/.test(r.body.text));
    assert.deepEqual(alertTo.map((r) => r.body.to).sort(), [...phones].sort());
    assert.equal(new Set(alertTo.map((r) => r.body.id)).size, 30);
    // Kazakh and Russian readers in their language; English readers get Russian (fallback),
    // with the unsubscribe page in English; each SMS fits two segments with its link.
    const byPhone = Object.fromEntries(alertTo.map((r) => [r.body.to, r.body.text]));
    assert.match(byPhone[phones[0]], /^Әуе дабылы! .* http:\/\/\S+\/kk\/alerts\/u\/\d+-\S+$/);
    assert.match(byPhone[phones[1]], /^Воздушная тревога! .* http:\/\/\S+\/ru\/alerts\/u\/\d+-\S+$/);
    assert.match(byPhone[phones[2]], /^Воздушная тревога! .* http:\/\/\S+\/en\/alerts\/u\/\d+-\S+$/);
    for (const text of Object.values(byPhone)) assert.ok(text.length <= 134, `${text.length}: ${text}`);
    const after = await admin.get('/api/v1/alerts/deliveries/2');
    assert.deepEqual(after.body.items[0].messages, { sms: { sent: 30 } });
  } finally {
    await gateway.close();
  }
  const audit = sql(server.db.url, "SELECT action FROM audit_log WHERE entity_type = 'alert_fan_out' ORDER BY seq").split('\n');
  assert.deepEqual(audit.filter((a) => a !== 'alert.fan_out.delivered').slice(-2), ['alert.fan_out.start', 'alert.fan_out.done']);
});

test('an SMS gateway that fails: the alert is published on the portal and in the feed at once, and its messages are retried until the gateway takes them', async () => {
  const gateway = await startGateway();
  gateway.failing = true;
  const dir = mkdtempSync(join(tmpdir(), 'qorgan-gateway-'));
  const config = join(dir, 'notify.toml');
  writeFileSync(config, `[notify]\nbackoff_seconds = 0.3\nbackoff_max_seconds = 0.6\npoll_seconds = 0.1\nmax_attempts = 20\n[notify.sms]\nurl = "http://127.0.0.1:${gateway.port}/send"\nrate = 0\nbody_template = '{"to":"{recipient}","text":"{text}","id":"{id}"}'\n`);
  const live = await startServer({ env: { QORGAN_ALERTS_SUBSCRIBE_PER_CLIENT: '1000' }, args: ['--config', config], processes: 1 });
  try {
    const root = await live.login();
    const visitor = client(live.base);
    assert.equal((await root.post('/api/v1/regions', { code: '190000000', level: 'oblast', name: names('Zhetysu') })).status, 201);
    const officer = await live.account(root, 'gw-officer', 'alert_officer', { region: '190000000' });
    const phone = '+77020009001';
    assert.equal((await visitor.post('/api/v1/alerts/subscriptions', { address: phone, regions: ['190000000'], language: 'ru' })).status, 202);
    const invite = (await root.get('/api/v1/notify/messages?reference_prefix=alerts:subscriber:&limit=10')).body.items.find((m) => m.recipient === phone);
    const token = invite.text.slice(invite.text.indexOf('/ru/alerts/c/') + 13).split(/\s/)[0];
    assert.equal((await visitor.post('/api/v1/alerts/subscriptions/confirm', { token })).status, 200);

    const a = (await officer.post('/api/v1/alerts', { template: 'air_raid', status: 'Actual', area: { regions: ['190000000'] } })).body;
    const approved = await root.post(`/api/v1/alerts/${a.id}/approve`);
    assert.equal(approved.status, 200, 'the approval does not wait for the gateway');
    // Public at once, whatever the gateway does.
    assert.ok((await (await fetch(`${live.base}/ru`)).text()).includes('Воздушная тревога'), 'the banner');
    assert.ok((await visitor.get('/alerts/feed.atom')).text.includes(a.identifier), 'the feed');
    assert.equal((await visitor.get(`/alerts/${a.identifier}.xml`)).status, 200, 'the CAP message');

    // The subscriber's message is tried, refused, and queued again for a later attempt.
    const message = async () => (await root.get(`/api/v1/notify/messages?reference_prefix=${encodeURIComponent(`alert:${a.id}:`)}&limit=10`)).body.items[0];
    // A message's attempts count when it is taken, so wait for the gateway to have refused two:
    // a second attempt still in flight could otherwise reach the gateway once it is back.
    const refused = () => gateway.requests.filter((r) => r.body.to === phone && r.failed).length;
    let m;
    for (let i = 0; i < 200; i++) {
      m = await message();
      if (m && m.attempts >= 2 && refused() >= 2 && /503/.test(m.last_error ?? '')) break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    assert.ok(m && m.attempts >= 2, `retried: ${JSON.stringify(m)}`);
    assert.equal(m.status === 'queued' || m.status === 'sending', true, JSON.stringify(m));
    assert.match(m.last_error ?? '', /503/);
    // The gateway is back: the message goes, once, under the same idempotency key every attempt had.
    gateway.failing = false;
    for (let i = 0; i < 200 && m.status !== 'sent'; i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      m = await message();
    }
    assert.equal(m.status, 'sent', JSON.stringify(m));
    const tries = gateway.requests.filter((r) => r.body.to === phone && /тревога/.test(r.body.text));
    assert.ok(tries.length >= 3, `${tries.length} attempts`);
    assert.deepEqual([...new Set(tries.map((r) => r.key))], [String(m.id)]);
    assert.equal(tries.filter((r) => !r.failed).length, 1, 'delivered once');
    const delivery = (await root.get(`/api/v1/alerts/deliveries/${a.id}`)).body.items[0];
    assert.equal(delivery.messages.sms.sent, 1);
    // Once none is left to send, the delivery counts go to the audit log, once.
    let entries = [];
    for (let i = 0; i < 100 && !entries.some((e) => e.action === 'alert.fan_out.delivered'); i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      entries = (await root.get(`/api/v1/audit?entity_type=alert_fan_out&entity_id=${delivery.fan_out_id}`)).body.items;
    }
    assert.deepEqual(entries.map((e) => e.action).sort(), ['alert.fan_out.delivered', 'alert.fan_out.done', 'alert.fan_out.start']);
    assert.deepEqual(entries.find((e) => e.action === 'alert.fan_out.delivered').after.messages, { sms: { sent: 1 } });
    // The server's log, failures included, never holds the number whole.
    assert.ok(!live.stderr.includes(phone.slice(1)), 'no whole phone number in the log');
  } finally {
    await live.stop();
    cleanup(live);
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
