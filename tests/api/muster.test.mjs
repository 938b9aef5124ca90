// The assembly point's muster over the API, as the offline check-in page uses it: what it
// downloads (the open activations assembling there, their token keys, the people expected with a
// digest of their code and no national IDs), and the batch of check-ins it queued offline, sent
// later with their original times: recorded, already, elsewhere, conflict or rejected, each
// with its reason; a malformed batch changes nothing; a batch resent records nothing twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { startServer, cleanup, makeIin } from './harness.mjs';

let server, admin, hq, hqOther, W;
const names = (n) => ({ kk: n, ru: n, en: n });
const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const iso = (ms) => new Date(ms).toISOString();

async function made(res) {
  assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  W = {};
  let k = 0;
  const city = await made(await admin.post('/api/v1/regions', { code: 'MU-CITY', level: 'city', name: names('Қала') }));
  for (const s of ['A', 'B']) {
    const region = await made(await admin.post('/api/v1/regions', { code: `MU-${s}`, level: 'district', parent_id: city.id, name: names(`Аудан ${s}`) }));
    const unit = await made(await admin.post('/api/v1/units', { name: `Жасақ ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    const point = await made(await admin.post('/api/v1/facilities', { name: `Мектеп ${s}`, kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.91 }, criticality: 2 }));
    const people = [];
    for (const [family, given] of [['Нұрланов', 'Асқар'], ['Қасымова', 'Әйгерім'], ['Бекова', 'Сая']]) {
      const p = await made(await admin.post('/api/v1/people', {
        family_name: `${family}${s}`, given_name: given, birth_date: '1991-03-03',
        iin: makeIin(1991, 3, 3, 500 + ++k), region_id: region.id, status: 'reservist',
      }));
      await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
      people.push(p);
    }
    const plan = await made(await admin.post('/api/v1/activation/plans', {
      name: `Жиын ${s}`, region_id: region.id, deadline_minutes: 240, messages: { kk: 'Жиын орнына келіңіз.' },
      units: [{ unit_id: unit.id, target: 3, assembly_facility_id: point.id }],
    }));
    W[s] = { region, unit, point, people, plan };
  }
  hq = await server.account(admin, 'mu-hq-a', 'hq_staff', { region: 'MU-A' });
  hqOther = await server.account(admin, 'mu-hq-b', 'hq_staff', { region: 'MU-B' });
});
after(async () => { await server.stop(); cleanup(server); });

async function activate(s, kind = 'exercise') {
  const a = await made(await admin.post(`/api/v1/activation/plans/${W[s].plan.id}/activations`, { kind }));
  return made(await admin.post(`/api/v1/activation/activations/${a.id}/approve`));
}
const notices = async (a) => (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items;
const send = (who, s, items) => who.post(`/api/v1/activation/muster/${W[s].point.id}/check-ins`, { items });
const item = (fields, at = Date.now()) => ({ client_id: randomUUID(), at: iso(at), ...fields });

test('the page downloads the point: open activations, their token keys, the people with code digests, no IDs', async () => {
  const a = await activate('A');
  const res = await hq.get(`/api/v1/activation/muster/${W.A.point.id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.facility.name, 'Мектеп A');
  const mine = res.body.activations.find((x) => x.id === a.id);
  assert.ok(mine, 'the open activation that assembles here');
  assert.equal(mine.token_key.algorithm, 'Ed25519');
  assert.equal(mine.token_key.public_key, (await admin.get(`/api/v1/activation/activations/${a.id}/token-key`)).body.public_key);
  const list = await notices(a);
  assert.equal(mine.people.length, 3);
  for (const p of mine.people) {
    const n = list.find((x) => x.id === p.notice_id);
    assert.equal(p.person_name, n.person_name);
    assert.equal(p.unit_name, 'Жасақ A');
    assert.equal(p.code_sha256, sha256(`${a.id}:${n.code.replace('-', '')}`));
    assert.equal(p.status, 'called');
  }
  const text = JSON.stringify(res.body);
  for (const n of list) {
    assert.ok(!text.includes(n.code.replace('-', '')) && !text.includes(n.code), 'no short code in clear');
    assert.ok(!text.includes(n.token), 'no token');
  }
  assert.doesNotMatch(text, /"iin"|\b\d{12}\b/, 'no national IDs');
  // Another region's officer sees neither the point nor its activations; a closed activation
  // is not downloaded.
  assert.equal((await hqOther.get(`/api/v1/activation/muster/${W.A.point.id}`)).status, 404);
  assert.deepEqual((await hqOther.get(`/api/v1/activation/muster/${W.B.point.id}`)).body.activations, []);
  await made(await admin.post(`/api/v1/activation/activations/${a.id}/close`));
  assert.ok(!(await hq.get(`/api/v1/activation/muster/${W.A.point.id}`)).body.activations.some((x) => x.id === a.id));
});

test('a queued batch: original times, already with when and by whom, elsewhere, conflict, rejections, resend', async () => {
  const a = await activate('A');
  const b = await activate('B');
  const [n1, n2, n3] = await notices(a);
  const [m1, m2] = await notices(b);
  // Taken offline a little while ago, after the approval; whole seconds, as times are shown.
  await new Promise((r) => setTimeout(r, 3000));
  const base = Math.floor(Date.now() / 1000) * 1000;
  const t1 = base - 2000, t2 = base - 1000;
  // m2 already checked in at B's own point (online, by B's officer): at A it is a conflict.
  await made(await admin.post(`/api/v1/activation/activations/${b.id}/check-ins`, { code: m2.code, facility_id: W.B.point.id }));
  const forged = n3.token.replace(`.${n3.id}.`, `.${n2.id}.`);
  const batch = [
    item({ token: n1.token }, t1),
    item({ code: n2.code.toLowerCase().replace('-', ' ') }, t2),
    item({ code: n1.code }, t2),                  // the same person again, here
    item({ code: m1.code }),                      // expected at B: recorded here, flagged
    item({ code: m2.code }),                      // already in at B
    item({ token: forged }),
    item({ code: 'ZZZZ-ZZZZ' }),
    item({ code: n3.code }, Date.parse(a.activated_at) - 60000),
    item({ code: n3.code }, Date.now() + 3600000),
  ];
  const res = await send(admin, 'A', batch);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const got = res.body.items;
  assert.deepEqual(got.map((x) => x.client_id), batch.map((x) => x.client_id));
  assert.deepEqual(got.map((x) => x.outcome),
    ['recorded', 'recorded', 'already', 'elsewhere', 'conflict', 'rejected', 'rejected', 'rejected', 'rejected']);
  assert.deepEqual(got.slice(5).map((x) => x.reason), ['invalid_token', 'unknown_code', 'before_activation', 'future_time']);
  for (const x of got.filter((y) => y.outcome === 'rejected')) assert.ok(x.message.length > 10, x.message);
  assert.equal(Date.parse(got[0].notice.arrived_at), t1, 'the arrival is the time it was taken');
  assert.equal(Date.parse(got[1].notice.arrived_at), t2);
  assert.equal(got[2].notice.checked_in_by, 'admin');
  assert.equal(Date.parse(got[2].notice.arrived_at), t1, 'already: when and by whom the first check-in was');
  assert.match(got[2].message, /before.*by admin/);
  assert.equal(got[3].notice.assembly_facility_id, W.B.point.id);
  assert.equal(got[3].notice.arrived_facility_id, W.A.point.id);
  assert.equal(got[4].notice.arrived_facility_id, W.B.point.id, 'the first point stands');
  assert.match(got[4].message, /another point/);

  // On the server: the muster shows them with their original times; the conflict is audited.
  const after1 = await notices(a);
  assert.equal(Date.parse(after1.find((n) => n.id === n1.id).arrived_at), t1);
  assert.equal(Date.parse(after1.find((n) => n.id === n2.id).arrived_at), t2);
  assert.equal(after1.find((n) => n.id === n3.id).status, 'called');
  const point = (await admin.get(`/api/v1/activation/muster/${W.A.point.id}`)).body;
  const arrivedHere = point.activations.flatMap((x) => x.people).filter((p) => p.arrived_facility_id === W.A.point.id);
  assert.deepEqual(arrivedHere.map((p) => p.notice_id).sort(), [n1.id, n2.id, m1.id].sort(), 'who came from another point is listed too');
  const audit = (await admin.get('/api/v1/audit?entity_type=activation_notice')).body.items;
  assert.ok(audit.some((e) => e.action === 'activation_notice.check_in_conflict' && e.entity_id === String(m2.id)));
  assert.ok(audit.some((e) => e.action === 'activation_notice.check_in' && e.entity_id === String(n1.id) && e.after.client_id === batch[0].client_id));

  // The answer was lost: the same batch again records nothing twice and answers the same.
  const auditCount = (await admin.get('/api/v1/audit?entity_type=activation_notice')).body.items.length;
  const again = await send(admin, 'A', batch);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body.items.map((x) => x.outcome), got.map((x) => x.outcome));
  assert.ok(again.body.items.every((x) => x.replayed));
  assert.equal(Date.parse(again.body.items[0].notice.arrived_at), t1);
  assert.equal((await admin.get('/api/v1/audit?entity_type=activation_notice')).body.items.length, auditCount);
  // A client_id reused for another check-in is refused, not taken for a resend.
  const reused = await send(admin, 'A', [{ ...batch[6], code: n3.code }]);
  assert.equal(reused.body.items[0].reason, 'client_id_reused');
  assert.equal((await notices(a)).find((n) => n.id === n3.id).status, 'called');

  // Closed: one taken before the close still counts; one taken after does not.
  const closed = await made(await admin.post(`/api/v1/activation/activations/${a.id}/close`));
  const late = await send(admin, 'A', [item({ code: n3.code }, Date.parse(closed.ended_at) + 1000)]);
  assert.equal(late.body.items[0].reason, 'after_close');
  const inTime = await send(admin, 'A', [item({ code: n3.code }, t2)]);
  assert.equal(inTime.body.items[0].outcome, 'recorded');
  // A cancelled activation takes no check-ins, whenever they were taken.
  const c = await activate('B');
  const [c1] = await notices(c);
  await made(await admin.post(`/api/v1/activation/activations/${c.id}/cancel`));
  assert.equal((await send(admin, 'B', [item({ token: c1.token })])).body.items[0].reason, 'cancelled');
});

test('sent at once from two points, or the same batch twice at once: one arrival, the other a conflict or a resend', async () => {
  for (let round = 0; round < 4; round++) {
    const a = await activate('A');
    const [n1, n2] = await notices(a);
    const [here, there] = await Promise.all([send(admin, 'A', [item({ code: n1.code })]), send(admin, 'B', [item({ code: n1.code })])]);
    assert.equal(here.status, 200, JSON.stringify(here.body));
    assert.equal(there.status, 200, JSON.stringify(there.body));
    const outcomes = [here.body.items[0].outcome, there.body.items[0].outcome].sort().join();
    assert.ok(['conflict,recorded', 'conflict,elsewhere'].includes(outcomes), outcomes);
    const same = item({ code: n2.code });
    const twice = await Promise.all([send(admin, 'A', [same]), send(admin, 'A', [same])]);
    assert.deepEqual(twice.map((r) => r.status), [200, 200], JSON.stringify(twice.map((r) => r.body)));
    assert.deepEqual(twice.map((r) => r.body.items[0].replayed).sort(), [false, true]);
    assert.deepEqual(twice.map((r) => r.body.items[0].outcome), ['recorded', 'recorded']);
  }
});

test('a malformed batch: 422 naming the item and field, nothing recorded', async () => {
  const a = await activate('A');
  const [n1, n2] = await notices(a);
  const good = item({ code: n1.code });
  const cases = [
    [{ items: [good, { client_id: 'x1', code: n2.code }] }, 'items[1].at'],
    [{ items: [good, item({ code: n2.code, at: 'yesterday' })] }, 'items[1].at'],
    [{ items: [good, item({ code: 'ABC' })] }, 'items[1].code'],
    [{ items: [good, item({})] }, 'items[1].code'],
    [{ items: [good, item({ code: n2.code, token: n2.token })] }, 'items[1].code'],
    [{ items: [good, { ...item({ code: n2.code }), client_id: good.client_id }] }, 'items[1].client_id'],
    [{ items: [good, item({ code: n2.code, client_id: 'bad id!' })] }, 'items[1].client_id'],
    [{ items: [good, item({ code: n2.code, facility: 3 })] }, 'items[1].facility'],
    [{ items: [good, 'ABCD-EFGH'] }, 'items[1]'],
    [{ items: [] }, 'items'],
    [{ items: Array.from({ length: 501 }, () => item({ code: n2.code })) }, 'items'],
    [{ checkins: [good] }, 'items'],
  ];
  for (const [body, field] of cases) {
    const res = await admin.post(`/api/v1/activation/muster/${W.A.point.id}/check-ins`, body);
    assert.equal(res.status, 422, `${field}: ${JSON.stringify(res.body)}`);
    assert.match(res.headers.get('content-type'), /problem\+json/);
    assert.ok(res.body.errors.some((e) => e.field === field), `${field}: ${JSON.stringify(res.body.errors)}`);
  }
  assert.equal((await notices(a)).filter((n) => n.status === 'arrived').length, 0, 'nothing recorded');
  // The good item was not remembered either: sent alone now, it is recorded.
  assert.equal((await send(admin, 'A', [good])).body.items[0].outcome, 'recorded');
  assert.equal((await admin.post(`/api/v1/activation/muster/999999/check-ins`, { items: [item({ code: n2.code })] })).status, 404);
});

test('who may: headquarters of the point\'s region and admins; others neither read nor send', async () => {
  const auditor = await server.account(admin, 'mu-auditor', 'auditor');
  assert.equal((await auditor.get(`/api/v1/activation/muster/${W.A.point.id}`)).status, 403);
  assert.equal((await send(auditor, 'A', [item({ code: 'ABCD-EFGH' })])).status, 403);
  const a = await activate('A');
  const [n1] = await notices(a);
  // An officer of another region cannot check in A's people, even at their own point.
  const res = await send(hqOther, 'B', [item({ code: n1.code }), item({ token: n1.token })]);
  assert.deepEqual(res.body.items.map((x) => x.reason), ['unknown_code', 'unknown_code']);
  assert.equal((await notices(a))[0].status, 'called');
});

test('a commander downloads and checks in the people of their own units only', async () => {
  // A second unit assembles at A's point under the same plan's region: its people are not the
  // commander's.
  const other = await made(await admin.post('/api/v1/units', { name: 'Көрші жасақ', kind: 'territorial_troops', region_id: W.A.region.id, status: 'active' }));
  const stranger = await made(await admin.post('/api/v1/people', {
    family_name: 'Бөтенов', given_name: 'Ерік', birth_date: '1990-02-02', iin: makeIin(1990, 2, 2, 900),
    region_id: W.A.region.id, status: 'reservist',
  }));
  await made(await admin.post(`/api/v1/people/${stranger.id}/memberships`, { unit_id: other.id, position: 'rifleman', from: '2024-01-01' }));
  const plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Жиын: екі жасақ', region_id: W.A.region.id, messages: { kk: 'Келіңіз.' },
    units: [{ unit_id: W.A.unit.id, target: 3, assembly_facility_id: W.A.point.id }, { unit_id: other.id, target: 1, assembly_facility_id: W.A.point.id }],
  }));
  const proposed = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }));
  const a = await made(await admin.post(`/api/v1/activation/activations/${proposed.id}/approve`));
  const all = await notices(a);
  const own = all.filter((n) => n.unit_id === W.A.unit.id);
  const foreign = all.find((n) => n.unit_id === other.id);
  assert.equal(own.length, 3);
  assert.ok(foreign);

  const commander = await server.account(admin, 'mu-commander', 'commander', { unit_id: W.A.unit.id });
  const down = await commander.get(`/api/v1/activation/muster/${W.A.point.id}`);
  assert.equal(down.status, 200, JSON.stringify(down.body));
  const mine = down.body.activations.find((x) => x.id === a.id);
  assert.deepEqual(mine.people.map((p) => p.notice_id ?? p.id).sort(), own.map((n) => n.id).sort());
  assert.equal(mine.people.some((p) => p.unit_name === 'Көрші жасақ'), false);
  assert.deepEqual(mine.counts, { called: 3 });
  // B's point lies outside the commander's region.
  assert.equal((await commander.get(`/api/v1/activation/muster/${W.B.point.id}`)).status, 404);

  const res = await send(commander, 'A', [item({ code: own[0].code }), item({ token: own[1].token }),
    item({ code: foreign.code }), item({ token: foreign.token })]);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.items.map((x) => x.outcome), ['recorded', 'recorded', 'rejected', 'rejected']);
  assert.deepEqual(res.body.items.slice(2).map((x) => x.reason), ['unknown_code', 'unknown_code']);
  const after = await notices(a);
  assert.equal(after.find((n) => n.id === foreign.id).status, 'called');
  assert.equal(after.filter((n) => n.status === 'arrived').length, 2);
  assert.equal(after.find((n) => n.id === own[0].id).checked_in_by, 'mu-commander');
});
