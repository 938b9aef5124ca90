// A call-up notice's delivery as the commander sees it: when the outbox's sender hands a notice's
// SMS or e-mail to a real receiver on localhost (tests/api/receivers.mjs), the person shows as
// reached with the time it was delivered; a message the gateway refuses, or a notice that goes
// on paper, leaves the person called; an answer given before the delivery stands; a reminder
// that gets through counts as a delivery too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { startSmtp, startGateway } from './receivers.mjs';
import { pageSession } from './page-session.mjs';

let dir, smtp, gateway, server, admin, commander;
const W = {};
const names = (n) => ({ kk: n, ru: n, en: n });
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

// SMS goes through; the refused one's gateway answers 400 (failed for good); the late one's
// answers 500 once, so it is sent after the backoff.
const PEOPLE = [
  { key: 'sms', family: 'Ахметов', phone: '+77019990001' },
  { key: 'mail', family: 'Бекова', email: 'bekova@example.kz' },
  { key: 'refused', family: 'Жұмабаев', phone: '+77019990003' },
  { key: 'late', family: 'Исаева', phone: '+77019990004' },
  { key: 'paper', family: 'Қасымов' },
];

function config() {
  const file = join(dir, 'qorgan.toml');
  writeFileSync(file, `[notify]
poll_seconds = 0.05
backoff_seconds = 1.5
max_attempts = 3
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

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qorgan-delivery-'));
  smtp = await startSmtp(join(dir, 'mail.jsonl'));
  gateway = await startGateway();
  gateway.plan['+77019990003'] = [400];
  gateway.plan['+77019990004'] = [500];
  server = await startServer({ args: ['--config', config()] });
  admin = await server.login();
  const region = await made(await admin.post('/api/v1/regions', { code: 'ND-R', level: 'city', name: names('Қала') }));
  const unit = await made(await admin.post('/api/v1/units', { name: 'Жетісу ротасы', kind: 'territorial_troops', region_id: region.id, status: 'active' }));
  const point = await made(await admin.post('/api/v1/facilities', {
    name: '№ 7 мектеп', kind: 'education', region_id: region.id, address: 'Райымбек даңғылы, 7',
    location: { lat: 43.25, lon: 76.95 }, criticality: 2,
  }));
  W.people = {};
  let k = 0;
  for (const p of PEOPLE) {
    const person = await made(await admin.post('/api/v1/people', {
      family_name: p.family, given_name: 'Тест', birth_date: '1990-05-06', iin: makeIin(1990, 5, 6, 700 + ++k),
      region_id: region.id, status: 'reservist', ...(p.phone ? { phone: p.phone } : {}), ...(p.email ? { email: p.email } : {}),
    }));
    await made(await admin.post(`/api/v1/people/${person.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
    W.people[p.key] = person;
  }
  W.plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Жиын', region_id: region.id, deadline_minutes: 240,
    messages: { kk: 'Жиын пунктіне келіңіз.', ru: 'Явитесь на пункт сбора.', en: 'Report to the assembly point.' },
    units: [{ unit_id: unit.id, target: 5, assembly_facility_id: point.id }],
  }));
  W.unit = unit;
  await server.account(admin, 'nd-commander', 'commander', { unit_id: unit.id });
  commander = await server.login('nd-commander', 'nd-commander-password-long');
});

after(async () => {
  await server?.stop();
  if (server) cleanup(server);
  await gateway?.close();
  await smtp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The activation's messages once none is queued or being sent any more.
async function settledMessages(prefix, count, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const items = (await admin.get(`/api/v1/notify/messages?reference_prefix=${prefix}&limit=100`)).body.items;
    const electronic = items.filter((m) => m.channel !== 'print');
    if (electronic.length === count && electronic.every((m) => m.status === 'sent' || m.status === 'failed')) return items;
    if (Date.now() > end) assert.fail(`messages not settled: ${JSON.stringify(items.map((m) => [m.reference, m.status]))}`);
    await sleep(50);
  }
}

test('the commander sees who the notice reached, and when, from what the receivers took', async () => {
  const a = await made(await admin.post(`/api/v1/activation/plans/${W.plan.id}/activations`, { kind: 'exercise' }));
  const approved = await admin.post(`/api/v1/activation/activations/${a.id}/approve`);
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  W.activation = a;
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items;
  const of = (key) => notices.find((n) => n.person_id === W.people[key].id);

  // The late one's first attempt failed: the person answers by phone before the retry.
  const deadline = Date.now() + 10000;
  while (gateway.to('+77019990004').length === 0) {
    assert.ok(Date.now() < deadline, 'the gateway saw the first attempt');
    await sleep(20);
  }
  const answered = await commander.post(`/api/v1/activation/activations/${a.id}/notices/${of('late').id}/answer`, { answer: 'decline', reason: 'ill' });
  assert.equal(answered.status, 200, JSON.stringify(answered.body));

  const messages = await settledMessages(`activation:${a.id}:notice:`, 4);
  const status = Object.fromEntries(messages.map((m) => [m.reference.split(':').pop(), m.status]));
  assert.equal(status[of('sms').id], 'sent');
  assert.equal(status[of('mail').id], 'sent');
  assert.equal(status[of('refused').id], 'failed');
  assert.equal(status[of('late').id], 'sent');
  // What the receivers took: the SMS with the person's code, the e-mail to its address.
  assert.ok(gateway.to('+77019990001').some((r) => r.body.text.includes(of('sms').code)));
  assert.ok(smtp.received().some((m) => JSON.stringify(m).includes('bekova@example.kz')));

  const muster = await commander.get(`/api/v1/activation/activations/${a.id}/muster`);
  assert.equal(muster.status, 200, JSON.stringify(muster.body));
  const person = (key) => muster.body.people.find((p) => p.person_id === W.people[key].id);
  const sentAt = (key) => messages.find((m) => m.reference.endsWith(`:${of(key).id}`)).sent_at;
  assert.equal(person('sms').status, 'reached');
  assert.equal(person('mail').status, 'reached');
  assert.equal(person('sms').delivered_at, sentAt('sms'));
  assert.equal(person('mail').delivered_at, sentAt('mail'));
  assert.deepEqual([person('refused').status, person('refused').delivered_at], ['called', null]);
  assert.deepEqual([person('paper').status, person('paper').delivered_at], ['called', null]);
  assert.deepEqual([person('late').status, person('late').reason], ['declined', 'ill'], 'the answer stands');
  assert.equal(person('late').delivered_at, sentAt('late'));
  assert.equal(muster.body.counts.reached, 2, JSON.stringify(muster.body.counts));

  // Headquarters' list of notices says the same, and filters by it.
  const listed = (await admin.get(`/api/v1/activation/activations/${a.id}/notices?status=reached`)).body.items;
  assert.deepEqual(listed.map((n) => n.person_id).sort(), [W.people.sms.id, W.people.mail.id].sort());
  assert.ok(listed.every((n) => n.delivered_at));

  // The commander's console page shows them reached, with the time, in Kazakh.
  const page = await pageSession(server.base, 'nd-commander', 'nd-commander-password-long', { 'accept-language': 'kk' }, `/console/activation/activations/${a.id}`);
  const html = (await page.get(`/console/activation/activations/${a.id}`)).text;
  const row = (family) => html.split('<tr>').find((r) => r.includes(family)) || '';
  assert.match(row('Ахметов'), /status-reached">хабарланды</);
  assert.match(row('Ахметов'), /class="delivered">\d{4}-\d\d-\d\d \d\d:\d\d/);
  assert.match(row('Қасымов'), /status-called">/);
  assert.match(row('Қасымов'), /class="delivered"><\/td>/);
});

test('a reminder that gets through reaches a person whose notice did not', async () => {
  const a = W.activation;
  // The refused number is corrected in the registry; the reminder goes to the new one.
  const fixed = await admin.patch(`/api/v1/people/${W.people.refused.id}`, { phone: '+77019990005' });
  assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
  const r = await commander.post(`/api/v1/activation/activations/${a.id}/remind`, { unit_id: W.unit.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await settledMessages(`activation:${a.id}:reminder:`, r.body.queued);
  assert.equal(gateway.to('+77019990005').length, 1);
  const people = (await commander.get(`/api/v1/activation/activations/${a.id}/muster`)).body.people;
  const refused = people.find((p) => p.person_id === W.people.refused.id);
  assert.equal(refused.status, 'reached');
  assert.ok(refused.delivered_at);
  const paper = people.find((p) => p.person_id === W.people.paper.id);
  assert.deepEqual([paper.status, paper.delivered_at], ['called', null], 'no reminder goes on paper');
});
