// Guarding key facilities: posts and shift patterns, rosters generated in the background (with
// progress and cancel), published, changed only by new versions (a replacement that keeps every
// rule, swaps re-checked), and their outputs (a person's duties, .ics with the account or a
// secret token, CSV, the printed week). Bad input of the issue's §5 is a clear 4xx that changes
// nothing; a post needing a skill nobody has still gets a roster that reports its slots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cleanup, makeIin } from './harness.mjs';
import { englishLeft } from './english-left.mjs';

let server, admin, hq, hqB, commander, commanderB, auditor, volunteer, W, roster, shifts;
const names = (n) => ({ kk: n, ru: n, en: n });
const FROM = '2026-12-07';

async function made(res) {
  assert.ok(res.status === 201 || res.status === 200, `${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
async function refused(res, status, field) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type'), /application\/problem\+json/);
  if (field) assert.ok((res.body.errors ?? []).some((e) => e.field === field), `${field} named: ${JSON.stringify(res.body)}`);
}
async function finished(who, id) {
  for (let i = 0; i < 400; i++) {
    const r = (await who.get(`/api/v1/guard/rosters/${id}`)).body;
    if (['done', 'failed', 'cancelled'].includes(r.status)) return r;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('the roster did not finish');
}
const everything = async () => JSON.stringify({
  posts: (await admin.get('/api/v1/guard/posts?limit=200')).body,
  rosters: (await admin.get('/api/v1/guard/rosters?limit=200')).body,
});

before(async () => {
  server = await startServer();
  admin = await server.login();
  const city = await made(await admin.post('/api/v1/regions', { code: 'G-CITY', level: 'city', name: names('Қала'), centroid: { lat: 43.25, lon: 76.92 } }));
  W = {};
  let k = 0;
  for (const s of ['A', 'B']) {
    const region = await made(await admin.post('/api/v1/regions', { code: `G-${s}`, level: 'district', parent_id: city.id, name: names(`Аудан ${s}`), centroid: { lat: 43.24, lon: 76.9 } }));
    const unit = await made(await admin.post('/api/v1/units', { name: `Күзет ротасы ${s}`, kind: 'territorial_troops', region_id: region.id, status: 'active' }));
    const facility = await made(await admin.post('/api/v1/facilities', { name: `Су тазарту станциясы ${s}`, kind: 'water', region_id: region.id, location: { lat: 43.23, lon: 76.88 }, criticality: 1 }));
    const people = [];
    const roster = s === 'A'
      ? [['Сейтқали', 'Айбек', true, true], ['Омарова', 'Дана', false, true], ['Жақсылықов', 'Ерлан', true, true],
        ['Бекова', 'Әсел', false, false], ['Нұрланов', 'Тимур', true, true], ['Ахметова', 'Жанар', false, false],
        ['Қасымов', 'Арман', true, true], ['Серікова', 'Мадина', false, true], ['Төлегенов', 'Бауыржан', true, false],
        ['Исаева', 'Гүлнар', false, false], ['Мұратов', 'Данияр', true, false], ['Әлиева', 'Сәуле', false, false],
        ['Оспанов', 'Нұржан', true, false], ['Жұмабаева', 'Ләззат', false, false], ['Дәулетов', 'Ғалым', true, true], ['Рахимова', 'Айжан', false, false],
        ['Абенов', 'Руслан', true, true], ['Қалиева', 'Айгүл', false, true], ['Сапаров', 'Нұрсұлтан', true, true], ['Ермекова', 'Гаухар', false, true]]
      : [['Байжанов', 'Олжас', true, true], ['Ким', 'Алина', false, false], ['Петров', 'Илья', true, false], ['Садықова', 'Айгерім', false, false]];
    for (const [family, given, male, armed] of roster) {
      const year = 1985 + (k % 10);
      const p = await made(await admin.post('/api/v1/people', {
        family_name: family, given_name: given, birth_date: `${year}-04-0${1 + (k % 9)}`,
        iin: makeIin(year, 4, 1 + (k % 9), 500 + ++k, male), region_id: region.id, status: 'reservist',
        skills: armed ? [{ skill: 'armed_guard', qualified_on: '2024-01-01', expires_on: '2028-01-01' }, { skill: 'first_aid' }] : [{ skill: 'first_aid' }],
      }));
      await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'guard', from: '2024-01-01' }));
      people.push(p);
    }
    W[s] = { region, unit, facility, people };
  }
  hq = await server.account(admin, 'g-hq', 'hq_staff', { region: 'G-A' });
  hqB = await server.account(admin, 'g-hq-b', 'hq_staff', { region: 'G-B' });
  commander = await server.account(admin, 'g-commander', 'commander', { unit_id: W.A.unit.id });
  commanderB = await server.account(admin, 'g-commander-b', 'commander', { unit_id: W.B.unit.id });
  auditor = await server.account(admin, 'g-auditor', 'auditor');
  volunteer = await server.account(admin, 'g-volunteer', 'volunteer', { person_id: W.A.people[0].id });
});
after(async () => { await server.stop(); cleanup(server); });

test('posts and shift patterns: made by headquarters, across midnight, bad patterns refused with nothing changed', async () => {
  const gate1 = await made(await hq.post('/api/v1/guard/posts', { facility_id: W.A.facility.id, name: 'Бас қақпа', min_guards: 1, target_guards: 2, active_from: '2026-01-01' }));
  assert.equal(gate1.lat, 43.23, 'the facility\'s location by default');
  assert.equal(gate1.region_id, W.A.region.id);
  const gate2 = await made(await hq.post('/api/v1/guard/posts', { facility_id: W.A.facility.id, name: 'Шығыс қақпа', min_guards: 1, active_from: '2026-01-01' }));
  const armory = await made(await hq.post('/api/v1/guard/posts', { facility_id: W.A.facility.id, name: 'Қару қоймасы', min_guards: 1, skills: ['armed_guard'], min_age: 21, active_from: '2026-01-01' }));
  const pier = await made(await hq.post('/api/v1/guard/posts', { facility_id: W.A.facility.id, name: 'Су қоймасы айлағы', min_guards: 1, skills: ['diver'], active_from: '2026-01-01' }));
  W.posts = { gate1, gate2, armory, pier };

  const p1 = await made(await hq.post(`/api/v1/guard/posts/${gate1.id}/patterns`, { shifts: '3x8@06:00', valid_from: '2026-01-01' }));
  assert.deepEqual(p1.shifts.map((s) => [s.start, s.end, s.overnight]), [['06:00', '14:00', false], ['14:00', '22:00', false], ['22:00', '06:00', true]]);
  await made(await hq.post(`/api/v1/guard/posts/${gate2.id}/patterns`, { shifts: '3x8@06:00', valid_from: '2026-01-01' }));
  await made(await hq.post(`/api/v1/guard/posts/${armory.id}/patterns`, { shifts: [{ start: '08:00', hours: 12 }, { start: '20:00', hours: 12 }], valid_from: '2026-01-01' }));
  await made(await hq.post(`/api/v1/guard/posts/${pier.id}/patterns`, { shifts: 'day@09:00-18:00', valid_from: '2026-01-01' }));

  const before = await everything();
  // Overlapping across midnight: 22:00 for 10 h runs to 08:00, past the 06:00 start.
  await refused(await hq.post(`/api/v1/guard/posts/${gate1.id}/patterns`, { shifts: [{ start: '22:00', hours: 10 }, { start: '06:00', hours: 8 }], valid_from: '2026-12-01' }), 422, 'shifts');
  // More than a day of shifts, and a time that is no time.
  await refused(await hq.post(`/api/v1/guard/posts/${gate1.id}/patterns`, { shifts: '4x8@06:00', valid_from: '2026-12-01' }), 422, 'shifts');
  await refused(await hq.post(`/api/v1/guard/posts/${gate1.id}/patterns`, { shifts: [{ start: '25:00', hours: 8 }], valid_from: '2026-12-01' }), 422, 'shifts[0].start');
  await refused(await hq.post(`/api/v1/guard/posts/${gate1.id}/patterns`, { shifts: '3x8@06:00', valid_from: '2026-01-01' }), 422, 'valid_from');
  await refused(await hq.post('/api/v1/guard/posts', { facility_id: W.A.facility.id, name: 'Қақпа', min_guards: 3, target_guards: 2, active_from: '2026-01-01' }), 422, 'target_guards');
  await refused(await hq.post('/api/v1/guard/posts', { facility_id: W.B.facility.id, name: 'Бөтен', min_guards: 1, active_from: '2026-01-01' }), 422, 'facility_id');
  await refused(await hq.post('/api/v1/guard/posts', { facility_id: W.A.facility.id, name: 'Қақпа', min_guards: 1, active_from: '2026-01-01', colour: 'red' }), 422, 'colour');
  await refused(await volunteer.post('/api/v1/guard/posts', { facility_id: W.A.facility.id, name: 'Қақпа', min_guards: 1, active_from: '2026-01-01' }), 403);
  await refused(await commander.post(`/api/v1/guard/posts/${gate1.id}/patterns`, { shifts: '2x12@08:00', valid_from: '2026-12-01' }), 403);
  assert.equal(await everything(), before, 'the refusals changed nothing');

  // Another district's staff do not see the post.
  await refused(await hqB.get(`/api/v1/guard/posts/${gate1.id}`), 404);
  assert.equal((await auditor.get(`/api/v1/guard/posts/${gate1.id}`)).status, 200);
  assert.equal((await commander.get(`/api/v1/guard/posts?facility_id=${W.A.facility.id}`)).body.items.length, 4);
});

test('a roster runs in the background, fills what it can, explains the rest and keeps every rule', async () => {
  const before = await everything();
  await refused(await hq.post('/api/v1/guard/rosters', { from: FROM, days: 3650 }), 422, 'days');
  await refused(await hq.post('/api/v1/guard/rosters', { from: '2026-13-01', days: 7 }), 422, 'from');
  await refused(await hq.post('/api/v1/guard/rosters', { from: FROM, days: 7, region_code: 'G-B' }), 422, 'region_code');
  await refused(await hq.post('/api/v1/guard/rosters', { from: FROM, days: 7, rules: { min_rest_hours: -1 } }), 422, 'rules.min_rest_hours');
  await refused(await commander.post('/api/v1/guard/rosters', { from: FROM, days: 7 }), 403);
  assert.equal(await everything(), before, 'nothing was queued');

  const queued = await hq.post('/api/v1/guard/rosters', { from: FROM, days: 7 });
  assert.equal(queued.status, 202, JSON.stringify(queued.body));
  assert.ok(['queued', 'running', 'done'].includes(queued.body.status));
  roster = await finished(hq, queued.body.id);
  assert.equal(roster.status, 'done', JSON.stringify(roster));
  assert.equal(roster.state, 'draft');
  assert.equal(roster.version, 1);
  assert.equal(roster.progress, 1);
  const s = roster.summary;
  assert.equal(s.rules_kept, true);
  // Gates: 2 × 3 shifts × 7 days (min 1 each); the armory 2 × 7; the pier 7 that nobody can take.
  assert.equal(s.slots_min, 42 + 14 + 7);
  assert.equal(s.unfilled.no_skill, 7, 'the diver\'s post is reported, not refused');
  assert.equal(s.fill_bound_min, 42 + 14);
  assert.equal(s.filled_min, s.fill_bound_min, `every min slot that can be filled is: ${JSON.stringify(s)}`);
  assert.equal(s.gap_min, 0);

  const view = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body;
  shifts = view.shifts;
  const pier = shifts.filter((x) => x.post_id === W.posts.pier.id);
  assert.equal(pier.length, 7);
  for (const x of pier) {
    assert.equal(x.guards.length, 0);
    assert.equal(x.reason, 'no_skill');
  }
  const night = shifts.find((x) => x.post_id === W.posts.gate1.id && x.starts_local === '2026-12-07 22:00');
  assert.equal(night.ends_local, '2026-12-08 06:00', 'a night shift ends the next morning');
  assert.equal(night.day, '2026-12-07');
  // The armory takes only people holding the armed-guard licence.
  const armed = new Set(W.A.people.filter((p) => p.skills.some((k) => k.skill === 'armed_guard')).map((p) => p.id));
  for (const x of shifts.filter((x) => x.post_id === W.posts.armory.id))
    for (const g of x.guards) assert.ok(armed.has(g.person_id), `${g.name} holds the licence`);
  // Nobody from district B stands at district A's facility.
  const fromB = new Set(W.B.people.map((p) => p.id));
  for (const x of shifts) for (const g of x.guards) assert.ok(!fromB.has(g.person_id));
  // No one holds two overlapping shifts, and rests at least 11 h between them.
  const byPerson = new Map();
  for (const x of shifts) for (const g of x.guards) byPerson.set(g.person_id, [...(byPerson.get(g.person_id) ?? []), x]);
  for (const [, list] of byPerson) {
    list.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
    for (let i = 1; i < list.length; i++)
      assert.ok(Date.parse(list[i].starts_at) - Date.parse(list[i - 1].ends_at) >= 11 * 3600e3, 'rest kept');
  }

  // Others' districts do not see it; auditors do.
  await refused(await hqB.get(`/api/v1/guard/rosters/${roster.id}`), 404);
  assert.equal((await auditor.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).status, 200);
});

test('a run can be cancelled; a finished one cannot', async () => {
  const r = (await hq.post('/api/v1/guard/rosters', { from: '2027-01-04', days: 14, solver: 'fast' })).body;
  const c = await hq.post(`/api/v1/guard/rosters/${r.id}/cancel`);
  if (c.status === 200) assert.equal(c.body.status, 'cancelled');
  else await refused(c, 409);  // it finished first
  const end = await finished(hq, r.id);
  if (c.status === 200) assert.equal(end.status, 'cancelled', 'a cancelled run never turns done');
  await refused(await hq.post(`/api/v1/guard/rosters/${roster.id}/cancel`), 409);
  await refused(await auditor.post(`/api/v1/guard/rosters/${roster.id}/cancel`), 403);
});

test('a cancel stops a long run mid-solve: it stays cancelled and the runner takes the next run at once', async () => {
  // CBC on two months of every post: far longer than the wait below unless it stops when told.
  const long = (await hq.post('/api/v1/guard/rosters', { from: '2027-01-04', days: 62, solver: 'exact' })).body;
  for (let i = 0; i < 400 && (await hq.get(`/api/v1/guard/rosters/${long.id}`)).body.status === 'queued'; i++)
    await new Promise((ok) => setTimeout(ok, 25));
  const c = await hq.post(`/api/v1/guard/rosters/${long.id}/cancel`);
  assert.equal(c.status, 200, `cancelled while running: ${JSON.stringify(c.body)}`);
  // The runner waits for the solver it stopped before it takes the next run: this one is made
  // only if the solver stopped.
  const next = (await hq.post('/api/v1/guard/rosters', { from: '2027-05-03', days: 1 })).body;
  assert.equal((await finished(hq, next.id)).status, 'done');
  const end = (await hq.get(`/api/v1/guard/rosters/${long.id}`)).body;
  assert.equal(end.status, 'cancelled');
  assert.equal(end.summary, null, 'no roster was stored for it');
  const audit = JSON.stringify((await admin.get(`/api/v1/audit?entity_type=guard_roster&entity_id=${long.id}`)).body);
  assert.ok(audit.includes('guard_roster.cancel') && !audit.includes('guard_roster.finish'));
});

test('published: a sick guard gets ranked replacements that keep the rules; the change is a new version', async () => {
  await refused(await commander.post(`/api/v1/guard/rosters/${roster.id}/publish`), 403);
  const pub = await made(await hq.post(`/api/v1/guard/rosters/${roster.id}/publish`));
  assert.equal(pub.state, 'published');
  await refused(await hq.post(`/api/v1/guard/rosters/${roster.id}/publish`), 409);

  const shift = shifts.find((x) => x.post_id === W.posts.armory.id && x.guards.length > 0);
  const sick = shift.guards[0].person_id;
  // Another unit's commander may not touch district A's people.
  await refused(await commanderB.get(`/api/v1/guard/rosters/${roster.id}/replacements?shift_id=${shift.id}&person_id=${sick}`), 404);
  const list = await commander.get(`/api/v1/guard/rosters/${roster.id}/replacements?shift_id=${shift.id}&person_id=${sick}`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const candidates = list.body.items;
  assert.ok(candidates.length > 0, 'someone can stand in');
  const armed = new Set(W.A.people.filter((p) => p.skills.some((k) => k.skill === 'armed_guard')).map((p) => p.id));
  for (const c of candidates) {
    assert.ok(armed.has(c.person_id), 'a replacement holds the post\'s skill');
    assert.notEqual(c.person_id, sick);
  }
  for (let i = 1; i < candidates.length; i++) assert.ok(candidates[i - 1].km <= candidates[i].km, 'nearest first');

  const before = await everything();
  await refused(await commander.post(`/api/v1/guard/rosters/${roster.id}/replacements`, { shift_id: shift.id, person_id: sick, replacement_id: sick, reason: 'ауырып қалды' }), 422, 'replacement_id');
  await refused(await commander.post(`/api/v1/guard/rosters/${roster.id}/replacements`, { shift_id: shift.id, person_id: sick, replacement_id: candidates[0].person_id }), 422, 'reason');
  // Someone without the licence would break a rule.
  const unarmed = W.A.people.find((p) => !armed.has(p.id)).id;
  const noLicence = await commander.post(`/api/v1/guard/rosters/${roster.id}/replacements`, { shift_id: shift.id, person_id: sick, replacement_id: unarmed, reason: 'ауырып қалды' });
  await refused(noLicence, 422);
  assert.match(noLicence.body.detail, /"Қару қоймасы".*armed_guard/, 'the broken rule names the post and the skill');
  assert.equal(await everything(), before, 'the refusals changed nothing');

  const changed = await made(await commander.post(`/api/v1/guard/rosters/${roster.id}/replacements`, {
    shift_id: shift.id, person_id: sick, replacement_id: candidates[0].person_id, reason: 'ауырып қалды',
  }));
  assert.equal(changed.version, 2);
  assert.equal(changed.state, 'published');
  const now = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts?post_id=${W.posts.armory.id}`)).body.shifts.find((x) => x.id === shift.id);
  assert.ok(now.guards.some((g) => g.person_id === candidates[0].person_id));
  assert.ok(!now.guards.some((g) => g.person_id === sick));
  // Version 1 is still there as it was published.
  const then = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts?version=1&post_id=${W.posts.armory.id}`)).body.shifts.find((x) => x.id === shift.id);
  assert.ok(then.guards.some((g) => g.person_id === sick));
  const versions = (await hq.get(`/api/v1/guard/rosters/${roster.id}/versions`)).body.items;
  assert.deepEqual(versions.map((v) => [v.version, v.kind]), [[1, 'generated'], [2, 'replacement']]);
  assert.equal(versions[1].change.removed[0].person_id, sick);
  assert.equal(versions[1].change.added[0].person_id, candidates[0].person_id);
  assert.equal(versions[1].change.reason, 'ауырып қалды');
  const audit = (await admin.get(`/api/v1/audit?entity_type=guard_roster&entity_id=${roster.id}`)).body;
  assert.ok(JSON.stringify(audit).includes('guard_roster.replacement'), 'the change is audited');
  shifts = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts;
});

// A person P with two shifts S1 and S3, and someone else's shift S2 too close to S3: P taking S2
// (for S1) would leave less than 11 h of rest.
function restBreakingSwap(shifts) {
  const H = 3600e3;
  const mine = (p) => shifts.filter((x) => x.guards.some((g) => g.person_id === p));
  for (const x of shifts) {
    for (const g of x.guards) {
      const p = g.person_id;
      for (const s3 of mine(p).filter((y) => y.id !== x.id)) {
        const s2 = shifts.find((y) => y.id !== x.id && y.id !== s3.id && y.guards.length > 0 &&
          !y.guards.some((h) => h.person_id === p) && y.post_id !== W.posts.armory.id &&
          Date.parse(y.starts_at) < Date.parse(s3.ends_at) + 11 * H && Date.parse(s3.starts_at) < Date.parse(y.ends_at) + 11 * H);
        if (s2) return { s1: x, p, s2, q: s2.guards[0].person_id };
      }
    }
  }
  return undefined;
}

// Two gates' shifts at the same hour with different guards: swapping them keeps every rule.
function harmlessSwap(shifts) {
  for (const a of shifts.filter((x) => x.post_id === W.posts.gate1.id && x.guards.length > 0)) {
    const b = shifts.find((x) => x.post_id === W.posts.gate2.id && x.starts_at === a.starts_at && x.guards.length > 0 &&
      !x.guards.some((g) => a.guards.some((h) => h.person_id === g.person_id)));
    if (b) return { a, b };
  }
  return undefined;
}

test('swaps are re-checked: one that breaks the rest rule is refused, one that keeps it is a new version', async () => {
  const bad = restBreakingSwap(shifts);
  assert.ok(bad, 'the roster has such a pair');
  const before = await everything();
  const r = await commander.post(`/api/v1/guard/rosters/${roster.id}/swaps`, {
    first: { shift_id: bad.s1.id, person_id: bad.p }, second: { shift_id: bad.s2.id, person_id: bad.q }, reason: 'өтініш бойынша',
  });
  await refused(r, 422);
  assert.match(r.body.detail ?? r.body.title ?? '', /rest|overlap/i);
  assert.doesNotMatch(r.body.detail, /post-\d+\/pattern/, 'posts by their names');
  assert.equal(await everything(), before, 'nothing changed');

  const { a, b } = harmlessSwap(shifts);
  const swapped = await made(await commander.post(`/api/v1/guard/rosters/${roster.id}/swaps`, {
    first: { shift_id: a.id, person_id: a.guards[0].person_id }, second: { shift_id: b.id, person_id: b.guards[0].person_id }, reason: 'өтініш бойынша',
  }));
  assert.equal(swapped.version, 3);
  const now = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts;
  assert.ok(now.find((x) => x.id === a.id).guards.some((g) => g.person_id === b.guards[0].person_id));
  assert.ok(now.find((x) => x.id === b.id).guards.some((g) => g.person_id === a.guards[0].person_id));
  shifts = now;
});

test('a volunteer sees their own duties and calendar; outputs as CSV and a printed week in kk, ru, en', async () => {
  const me = W.A.people[0].id;
  const mine = await volunteer.get(`/api/v1/guard/duties?from=${FROM}&days=14`);
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  const expected = shifts.filter((x) => x.guards.some((g) => g.person_id === me));
  assert.equal(mine.body.items.length, expected.length);
  for (const d of mine.body.items) assert.equal(d.state, 'published');
  // Someone else's schedule is not theirs to read.
  await refused(await volunteer.get(`/api/v1/guard/duties?person_id=${W.A.people[1].id}&from=${FROM}`), 404);
  await refused(await volunteer.get(`/api/v1/guard/rosters/${roster.id}`), 403);

  const ics = await volunteer.get(`/api/v1/guard/duties.ics?from=${FROM}&days=14`);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /text\/calendar/);
  assert.match(ics.text, /^BEGIN:VCALENDAR\r\n/);
  assert.equal((ics.text.match(/BEGIN:VEVENT/g) ?? []).length, expected.length);

  const token = await made(await volunteer.post('/api/v1/guard/calendar-token'));
  const feed = await fetch(`${server.base}${token.path}?from=${FROM}&days=14`);
  assert.equal(feed.status, 200);
  assert.equal(((await feed.text()).match(/BEGIN:VEVENT/g) ?? []).length, expected.length);
  const wrong = await fetch(`${server.base}/api/v1/guard/calendar/${'x'.repeat(32)}.ics`);
  assert.equal(wrong.status, 404);
  // A new token retires the old one.
  await made(await volunteer.post('/api/v1/guard/calendar-token'));
  assert.equal((await fetch(`${server.base}${token.path}`)).status, 404);

  const csv = await hq.get(`/api/v1/guard/rosters/${roster.id}/roster.csv?post_id=${W.posts.pier.id}`);
  assert.equal(csv.status, 200);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'roster,version,shift_id,post_id,post,day,start,end,person_id,name,reason');
  assert.equal(lines.length, 1 + 7);
  assert.match(lines[1], /no_skill$/);

  for (const [lang, title] of [['kk', 'Кезекшілік кестесі'], ['ru', 'График дежурств'], ['en', 'Duty roster']]) {
    const page = await hq.get(`/api/v1/guard/rosters/${roster.id}/print?week=${FROM}&post_id=${W.posts.gate1.id}&lang=${lang}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /text\/html/);
    assert.ok(page.text.includes(title), lang);
    assert.ok(page.text.includes('Бас қақпа'));
    assert.equal((page.text.match(/<tr><th>2026-12-/g) ?? []).length, 7, 'a row a day');
  }
  const unit = await commander.get(`/api/v1/guard/rosters/${roster.id}/print?week=${FROM}&unit_id=${W.A.unit.id}&lang=ru`);
  assert.equal(unit.status, 200);
  assert.ok(unit.text.includes(W.A.people[0].family_name));
  await refused(await hq.get(`/api/v1/guard/rosters/${roster.id}/print?week=${FROM}`), 422, 'post_id');
});

test('qorgan guard roster makes the stored posts\' roster from the command line', async () => {
  const r = server.cli(['guard', 'roster', '--from', '2027-02-01', '--days', '3', '--region', 'G-A']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /slots up to min: +\d+ of 27 filled/);
  assert.match(r.stdout, /unfilled, no_skill: +3 slots/);
  assert.match(r.stdout, /every hard rule kept/);
  const bad = server.cli(['guard', 'roster', '--from', '2027-02-01', '--days', '3650']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /days/);
  const list = (await hq.get('/api/v1/guard/rosters')).body.items;
  assert.ok(list.some((x) => x.from === '2027-02-01' && x.status === 'done'));

  // A district's own rules in qorgan.toml hold for its runs; the request's own rules come first.
  const file = join(server.db.dir, 'guard.toml');
  writeFileSync(file, '[guard]\nmin_rest_hours = 12\n\n[guard.regions.G-A]\nmin_rest_hours = 16\nmax_hours_per_7_days = 40\n');
  const own = server.cli(['guard', 'roster', '--config', file, '--from', '2027-03-01', '--days', '2', '--region', 'G-A']);
  assert.equal(own.code, 0, own.stderr);
  const city = server.cli(['guard', 'roster', '--config', file, '--from', '2027-03-01', '--days', '2', '--region', 'G-B']);
  assert.notEqual(city.code, 0, 'district B has no posts');
  const runs = (await admin.get('/api/v1/guard/rosters')).body.items;
  assert.deepEqual(runs.find((x) => x.from === '2027-03-01' && x.region_id === W.A.region.id).rules, { min_rest_hours: 16, max_hours_per_7_days: 40 });
  assert.deepEqual(runs.find((x) => x.from === '2027-03-01' && x.region_id === W.B.region.id).rules, { min_rest_hours: 12, max_hours_per_7_days: 48 });
});

// A signed-in console visitor: cookies kept, forms posted with the page's CSRF token.
async function consoleSession(login, password, lang) {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      if (/Max-Age=0/.test(c)) jar.delete(pair.slice(0, eq)); else jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const headers = () => ({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': lang });
  const get = async (path) => {
    const res = await fetch(server.base + path, { redirect: 'manual', headers: headers() });
    keep(res);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const post = async (path, fields) => {
    const res = await fetch(server.base + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
      headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    keep(res);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const page = await get('/console/login');
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const signed = await post('/console/login', { _csrf: token, login, password, next: '/console' });
  assert.equal(signed.status, 303, `sign-in of ${login}`);
  const csrf = (await get('/console')).text.match(/name="_csrf" value="([^"]+)"/)[1];
  return { get, post, csrf };
}

test('the console shows posts, rosters with their fill and gap, the week\'s grid, and replaces a guard', async () => {
  const words = {
    kk: ['Күзет қызметі', 'Бекеттер және ауысым кестелері', 'Шекке дейінгі айырма', 'қажетті дағдысы мен рұқсаты бар ешкім жоқ'],
    ru: ['Караульная служба', 'Посты и графики смен', 'Разрыв до границы', 'нет никого с нужными навыками и допуском'],
    en: ['Guard duty', 'Posts and shift patterns', 'Gap to the bound', 'nobody with the skills and eligibility'],
  };
  for (const lang of ['kk', 'ru', 'en']) {
    const hqPage = await consoleSession('g-hq', 'g-hq-password-long', lang);
    const list = await hqPage.get('/console/guard');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(`<html lang="${lang}"`), lang);
    for (const w of words[lang].slice(0, 2)) assert.ok(list.text.includes(w), `${lang}: ${w}`);
    assert.ok(list.text.includes('Бас қақпа'));
    assert.ok(list.text.includes(`/console/guard/rosters/${roster.id}`));
    const one = await hqPage.get(`/console/guard/rosters/${roster.id}?post=${W.posts.pier.id}&week=${FROM}`);
    assert.equal(one.status, 200);
    for (const w of words[lang].slice(2)) assert.ok(one.text.includes(w), `${lang}: ${w}`);
    assert.equal((one.text.match(/<tr><th scope="row">2026-12-/g) ?? []).length, 7, 'a row a day');
  }
  // A commander replaces a guard from the grid: the candidates page, then one button.
  const cmd = await consoleSession('g-commander', 'g-commander-password-long', 'ru');
  const grid = await cmd.get(`/console/guard/rosters/${roster.id}?post=${W.posts.gate2.id}&week=${FROM}`);
  const link = grid.text.match(/href="(\/console\/guard\/rosters\/\d+\/replace\?shift=(\d+)&amp;person=(\d+))"/);
  assert.ok(link, 'a replace link per guard');
  const choose = await cmd.get(link[1].replace(/&amp;/g, '&'));
  assert.equal(choose.status, 200);
  const candidate = choose.text.match(/name="replacement" value="(\d+)"/);
  assert.ok(candidate, 'someone can stand in');
  const done = await cmd.post(`/console/guard/rosters/${roster.id}/replace`, { _csrf: cmd.csrf, shift: link[2], person: link[3], replacement: candidate[1], reason: 'отпуск' });
  assert.equal(done.status, 303);
  const after = (await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body;
  assert.equal(after.version, 4);
  // A volunteer has no roster pages.
  const vol = await consoleSession('g-volunteer', 'g-volunteer-password-long', 'en');
  assert.equal((await vol.get('/console/guard')).status, 403);
});

test('console forms: posts made and changed, shift patterns added, refusals next to their fields with nothing stored', async () => {
  const hqPage = await consoleSession('g-hq', 'g-hq-password-long', 'ru');
  const form = await hqPage.get('/console/guard/posts/new');
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(W.A.facility.name), 'the district\'s facility is a choice');
  assert.ok(!form.text.includes(W.B.facility.name), 'another district\'s is not');
  assert.ok(form.text.includes('Караульных в смену, не менее'));
  const post = { facility_id: String(W.A.facility.id), name: 'Қосалқы қақпа', min_guards: '1', target_guards: '2', skills: 'armed_guard, first_aid', sex: 'F', min_age: '', lat: '', lon: '', active_from: '2026-01-01', active_to: '' };

  const before = await everything();
  assert.equal((await hqPage.post('/console/guard/posts/new', post)).status, 403, 'no CSRF token, no post');
  const bad = await hqPage.post('/console/guard/posts/new', { ...post, _csrf: hqPage.csrf, min_guards: '3', active_to: '2025-01-01' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<div class="field has-error">\s*<label for="f-target_guards">/);
  assert.match(bad.text, /id="f-target_guards-error"><span class="visually-hidden">[^<]*<\/span>должно быть не меньше минимума/);
  assert.match(bad.text, /id="f-active_to-error"><span class="visually-hidden">[^<]*<\/span>не может быть раньше начала действия/);
  assert.ok(bad.text.includes('В посте охраны есть ошибки.'), 'the summary in Russian');
  assert.match(bad.text, /name="name" type="text" value="Қосалқы қақпа"/, 'what was typed is kept');
  const stranger = await hqPage.post('/console/guard/posts/new', { ...post, _csrf: hqPage.csrf, facility_id: String(W.B.facility.id) });
  assert.equal(stranger.status, 422);
  assert.match(stranger.text, /id="f-facility_id-error"/);
  assert.equal(await everything(), before, 'the refusals stored nothing');

  const made_ = await hqPage.post('/console/guard/posts/new', { ...post, _csrf: hqPage.csrf });
  assert.equal(made_.status, 303);
  assert.equal(made_.headers.get('location'), '/console/guard');
  const created = (await hq.get(`/api/v1/guard/posts?facility_id=${W.A.facility.id}`)).body.items.find((p) => p.name === 'Қосалқы қақпа');
  assert.ok(created);
  assert.deepEqual([created.skills, created.sex, created.min_guards, created.target_guards, created.lat], [['armed_guard', 'first_aid'], 'F', 1, 2, 43.23]);
  const list = await hqPage.get('/console/guard');
  assert.ok(list.text.includes(`/console/guard/posts/${created.id}/edit`));
  assert.ok(list.text.includes(`/console/guard/posts/${created.id}/patterns/new`));

  const edit = await hqPage.get(`/console/guard/posts/${created.id}/edit`);
  assert.equal(edit.status, 200);
  assert.match(edit.text, /name="skills" type="text" value="armed_guard, first_aid"/);
  assert.ok(!edit.text.includes('name="facility_id"'), 'a post\'s facility does not change');
  const editBefore = await everything();
  const badEdit = await hqPage.post(`/console/guard/posts/${created.id}/edit`, { ...post, _csrf: hqPage.csrf, min_age: '7', active_to: '2025-12-31' });
  assert.equal(badEdit.status, 422);
  assert.match(badEdit.text, /id="f-min_age-error"/);
  assert.match(badEdit.text, /id="f-active_to-error"/);
  assert.equal(await everything(), editBefore);
  const saved = await hqPage.post(`/console/guard/posts/${created.id}/edit`, { ...post, _csrf: hqPage.csrf, name: 'Қосалқы қақпа 2', sex: '', skills: '' });
  assert.equal(saved.status, 303, saved.text.match(/<div class="alert"[\s\S]*?<\/div>|field-error[^\n]*/g)?.join('\n'));
  const now = (await hq.get(`/api/v1/guard/posts/${created.id}`)).body;
  assert.deepEqual([now.name, now.sex, now.skills], ['Қосалқы қақпа 2', null, []]);
  const audit = JSON.stringify((await admin.get(`/api/v1/audit?entity_type=guard_post&entity_id=${created.id}`)).body);
  assert.ok(audit.includes('guard_post.create') && audit.includes('guard_post.update'));

  const patternsBefore = await everything();
  const overlap = await hqPage.post(`/console/guard/posts/${created.id}/patterns/new`, { _csrf: hqPage.csrf, shifts: '22:00 10\n06:00 8', valid_from: '2026-01-01' });
  assert.equal(overlap.status, 422);
  assert.match(overlap.text, /id="f-shifts-error"><span class="visually-hidden">[^<]*<\/span>смены накладываются/);
  const nonsense = await hqPage.post(`/console/guard/posts/${created.id}/patterns/new`, { _csrf: hqPage.csrf, shifts: '4x8@06:00', valid_from: 'завтра' });
  assert.equal(nonsense.status, 422);
  assert.match(nonsense.text, /id="f-shifts-error"/);
  assert.match(nonsense.text, /id="f-valid_from-error"/);
  assert.equal(await everything(), patternsBefore);
  assert.equal((await hqPage.post(`/console/guard/posts/${created.id}/patterns/new`, { _csrf: hqPage.csrf, shifts: '2x12@08:00', valid_from: '2026-01-01' })).status, 303);
  assert.equal((await hqPage.post(`/console/guard/posts/${created.id}/patterns/new`, { _csrf: hqPage.csrf, shifts: '22:00 10\n08:00 12', valid_from: '2026-06-01' })).status, 303);
  const patterns = (await hq.get(`/api/v1/guard/posts/${created.id}/patterns`)).body.items;
  assert.deepEqual(patterns.map((p) => [p.label, p.shifts.map((x) => x.start).sort()]), [['2x12@08:00', ['08:00', '20:00']], ['custom', ['08:00', '22:00']]]);

  // Commanders and volunteers have no post forms.
  const cmd = await consoleSession('g-commander', 'g-commander-password-long', 'en');
  assert.equal((await cmd.get('/console/guard/posts/new')).status, 403);
  assert.equal((await cmd.post(`/console/guard/posts/${created.id}/edit`, { ...post, _csrf: cmd.csrf })).status, 403);
  // Another district's staff do not find the post.
  const other = await consoleSession('g-hq-b', 'g-hq-b-password-long', 'en');
  assert.equal((await other.get(`/console/guard/posts/${created.id}/edit`)).status, 404);
});

test('console forms: a commander swaps two guards\' shifts; a swap that breaks a rule is refused on its field', async () => {
  const cmd = await consoleSession('g-commander', 'g-commander-password-long', 'kk');
  const current = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts;
  const grid = await cmd.get(`/console/guard/rosters/${roster.id}?post=${W.posts.gate1.id}&week=${FROM}`);
  assert.match(grid.text, /href="\/console\/guard\/rosters\/\d+\/swap\?shift=\d+&amp;person=\d+"/, 'a swap link per guard');

  const bad = restBreakingSwap(current);
  assert.ok(bad, 'the roster has a swap that breaks the rest rule');
  const page = await cmd.get(`/console/guard/rosters/${roster.id}/swap?shift=${bad.s1.id}&person=${bad.p}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`value="${bad.s2.id}:${bad.q}"`), 'the other guard is a choice');
  const before = await everything();
  const refusedSwap = await cmd.post(`/console/guard/rosters/${roster.id}/swap`, { _csrf: cmd.csrf, shift: bad.s1.id, person: bad.p, second: `${bad.s2.id}:${bad.q}`, reason: 'өтініш' });
  assert.equal(refusedSwap.status, 422);
  assert.match(refusedSwap.text, /<div class="field has-error">\s*<label for="f-second">/);
  assert.ok(refusedSwap.text.includes('Өзгеріс кестенің ережелерін бұзар еді'), 'the summary in Kazakh');
  assert.deepEqual(englishLeft(refusedSwap.text.replaceAll('g-commander', '')), [], 'the broken rule in Kazakh too (the login aside)');
  const noReason = await cmd.post(`/console/guard/rosters/${roster.id}/swap`, { _csrf: cmd.csrf, shift: bad.s1.id, person: bad.p, second: `${bad.s2.id}:${bad.q}`, reason: '' });
  assert.equal(noReason.status, 422);
  assert.match(noReason.text, /id="f-reason-error"/);
  assert.equal(await everything(), before, 'nothing changed');

  const { a, b } = harmlessSwap(current);
  const version = (await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body.version;
  const done = await cmd.post(`/console/guard/rosters/${roster.id}/swap`, { _csrf: cmd.csrf, shift: a.id, person: a.guards[0].person_id, second: `${b.id}:${b.guards[0].person_id}`, reason: 'өтініш бойынша' });
  assert.equal(done.status, 303, done.text.slice(0, 2000));
  assert.equal((await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body.version, version + 1);
  const after = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts;
  assert.ok(after.find((x) => x.id === a.id).guards.some((g) => g.person_id === b.guards[0].person_id));
  const versions = (await hq.get(`/api/v1/guard/rosters/${roster.id}/versions`)).body.items;
  assert.equal(versions.at(-1).kind, 'swap');
  assert.equal(versions.at(-1).created_by, 'g-commander');
  // A volunteer has no swap form; an auditor reads but does not change.
  const vol = await consoleSession('g-volunteer', 'g-volunteer-password-long', 'en');
  assert.equal((await vol.get(`/console/guard/rosters/${roster.id}/swap?shift=${a.id}&person=${a.guards[0].person_id}`)).status, 403);
});

const nextDay = (d) => new Date(Date.parse(`${d}T00:00:00Z`) + 86400e3).toISOString().slice(0, 10);

test('a volunteer reports sick: no shifts on those days, the commander sees it with the shifts that want a replacement', async () => {
  const me = W.A.people[0].id;
  const current = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts;
  // The sick days: a day on duty after the roster's first, and the next, where someone could
  // stand in for one of the volunteer's shifts (the roster is full enough for none to on some).
  const mineOn = (days) => current.filter((x) => days.includes(x.day) && x.guards.some((g) => g.person_id === me));
  const candidates = async (x) => (await commander.get(`/api/v1/guard/rosters/${roster.id}/replacements?shift_id=${x.id}&person_id=${me}`)).body.items;
  for (const day of [...new Set(mineOn(current.map((x) => x.day)).map((x) => x.day))].filter((d) => d > FROM).sort()) {
    let any = false;
    for (const x of mineOn([day, nextDay(day)])) any ||= (await candidates(x)).length > 0;
    if (any) { W.sick = [day, nextDay(day)]; break; }
  }
  assert.ok(W.sick, 'the volunteer is on duty in the roster, and someone could stand in');
  const [from, to] = W.sick;

  const before = JSON.stringify((await admin.get('/api/v1/guard/sick-reports?from=2026-01-01')).body);
  await refused(await volunteer.post('/api/v1/guard/sick-reports', { from: to, to: from }), 422, 'to');
  await refused(await volunteer.post('/api/v1/guard/sick-reports', { from: 'ертең', to }), 422, 'from');
  await refused(await volunteer.post('/api/v1/guard/sick-reports', { from, to: '2027-06-08' }), 422, 'to');
  await refused(await volunteer.post('/api/v1/guard/sick-reports', { from, to, person_id: W.A.people[1].id }), 422, 'person_id');
  await refused(await hq.post('/api/v1/guard/sick-reports', { from, to }), 403);
  assert.equal(JSON.stringify((await admin.get('/api/v1/guard/sick-reports?from=2026-01-01')).body), before, 'nothing stored');

  const onSickDays = current.filter((x) => W.sick.includes(x.day) && x.guards.some((g) => g.person_id === me));
  const report = await made(await volunteer.post('/api/v1/guard/sick-reports', { from, to, note: 'тұмау' }));
  assert.deepEqual(report.duties.map((d) => d.shift_id).sort(), onSickDays.map((x) => x.id).sort(), 'the shifts it touches');
  const audit = JSON.stringify((await admin.get(`/api/v1/audit?entity_type=person&entity_id=${me}`)).body);
  assert.ok(audit.includes('guard_sick.report'));

  // The commander of the volunteer's unit sees it; another unit's commander does not.
  const seen = (await commander.get('/api/v1/guard/sick-reports?from=2026-12-01')).body.items;
  assert.deepEqual(seen.map((r) => [r.person_id, r.from, r.to, r.duties.length]), [[me, from, to, onSickDays.length]]);
  assert.deepEqual((await commanderB.get('/api/v1/guard/sick-reports?from=2026-12-01')).body.items, []);
  assert.equal((await volunteer.get('/api/v1/guard/sick-reports?from=2026-12-01')).body.items.length, 1, 'one\'s own');

  // The roster offers replacements that keep the rules, and the sick person is offered for
  // nothing on those days.
  const lists = [];
  for (const x of onSickDays) lists.push(await candidates(x));
  assert.ok(lists.some((l) => l.length > 0), 'someone can stand in for a shift of the sick volunteer');
  assert.ok(!lists.flat().some((c) => c.person_id === me));
  const other = current.find((x) => x.day === from && x.guards.length > 0 && !x.guards.some((g) => g.person_id === me));
  const offered = (await commander.get(`/api/v1/guard/rosters/${roster.id}/replacements?shift_id=${other.id}&person_id=${other.guards[0].person_id}`)).body.items;
  assert.ok(!offered.some((c) => c.person_id === me), 'not offered while sick');

  // A roster made now leaves the volunteer out on those days.
  const run = (await hq.post('/api/v1/guard/rosters', { from, days: 2 })).body;
  assert.equal((await finished(hq, run.id)).status, 'done');
  const fresh = (await hq.get(`/api/v1/guard/rosters/${run.id}/shifts`)).body.shifts;
  assert.ok(fresh.some((x) => x.guards.length > 0));
  assert.ok(!fresh.some((x) => x.guards.some((g) => g.person_id === me)), 'no shift for the sick volunteer');
});

test('a swap asked for by one person is approved by the other (or their commander) as a new version; refusals change nothing', async () => {
  const current = () => hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`).then((r) => r.body.shifts);
  let shiftsNow = await current();
  const sick = W.A.people[0].id;
  const later = shiftsNow.filter((x) => !x.guards.some((g) => g.person_id === sick));
  const { a, b } = harmlessSwap(later);
  const P = a.guards[0].person_id, Q = b.guards[0].person_id;
  const p = await server.account(admin, 'g-swap-p', 'volunteer', { person_id: P });
  const q = await server.account(admin, 'g-swap-q', 'volunteer', { person_id: Q });
  const ask = { roster_id: roster.id, shift_id: a.id, other: { shift_id: b.id, person_id: Q }, reason: 'отбасылық жағдай' };
  const none = async () => JSON.stringify((await admin.get('/api/v1/guard/swap-requests')).body);

  const before = await none();
  const notMine = shiftsNow.find((x) => x.id !== a.id && x.id !== b.id && !x.guards.some((g) => g.person_id === P));
  await refused(await p.post('/api/v1/guard/swap-requests', { ...ask, shift_id: notMine.id }), 422, 'shift_id');
  await refused(await p.post('/api/v1/guard/swap-requests', { ...ask, other: { shift_id: b.id, person_id: P } }), 422, 'other.person_id');
  await refused(await p.post('/api/v1/guard/swap-requests', { ...ask, reason: '' }), 422, 'reason');
  await refused(await hq.post('/api/v1/guard/swap-requests', ask), 403);
  const bad = restBreakingSwap(shiftsNow);
  const pb = await server.account(admin, 'g-swap-bad', 'volunteer', { person_id: bad.p });
  const broke = await pb.post('/api/v1/guard/swap-requests', { roster_id: roster.id, shift_id: bad.s1.id, other: { shift_id: bad.s2.id, person_id: bad.q }, reason: 'өтініш' });
  await refused(broke, 422, 'other');
  assert.match(broke.body.detail, /rest|overlap/i);
  assert.equal(await none(), before, 'the refusals stored nothing');

  // The choices offered are the other guards of the week around the shift.
  const choices = (await p.get(`/api/v1/guard/rosters/${roster.id}/swap-choices?shift_id=${a.id}`)).body.items;
  assert.ok(choices.some((c) => c.shift_id === b.id && c.person_id === Q));
  const asked = await made(await p.post('/api/v1/guard/swap-requests', ask));
  assert.equal(asked.status, 'pending');
  assert.deepEqual([asked.first.person_id, asked.second.person_id], [P, Q]);
  await refused(await p.post('/api/v1/guard/swap-requests', ask), 409);
  const version = (await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body.version;

  // Not by the one who asked, not by another unit's commander; seen by the other person.
  await refused(await p.post(`/api/v1/guard/swap-requests/${asked.id}/approve`, {}), 403);
  await refused(await commanderB.post(`/api/v1/guard/swap-requests/${asked.id}/approve`, {}), 404);
  assert.ok((await q.get('/api/v1/guard/swap-requests?status=pending')).body.items.some((x) => x.id === asked.id));
  assert.equal((await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body.version, version, 'nothing changed yet');
  const approved = await made(await q.post(`/api/v1/guard/swap-requests/${asked.id}/approve`, { note: 'келісемін' }));
  assert.equal(approved.status, 'approved');
  assert.equal(approved.version, version + 1);
  await refused(await q.post(`/api/v1/guard/swap-requests/${asked.id}/approve`, {}), 409);
  shiftsNow = await current();
  assert.ok(shiftsNow.find((x) => x.id === a.id).guards.some((g) => g.person_id === Q));
  assert.ok(shiftsNow.find((x) => x.id === b.id).guards.some((g) => g.person_id === P));
  const versions = (await hq.get(`/api/v1/guard/rosters/${roster.id}/versions`)).body.items;
  assert.deepEqual([versions.at(-1).kind, versions.at(-1).created_by, versions.at(-1).change.reason], ['swap', 'g-swap-q', 'отбасылық жағдай']);
  const audit = JSON.stringify((await admin.get(`/api/v1/audit?entity_type=guard_swap_request&entity_id=${asked.id}`)).body);
  assert.ok(audit.includes('guard_swap.request') && audit.includes('guard_swap.approve'));

  // Back again, declined by their commander; and one withdrawn by the one who asked.
  const again = await made(await q.post('/api/v1/guard/swap-requests', { roster_id: roster.id, shift_id: a.id, other: { shift_id: b.id, person_id: P }, reason: 'қайтару' }));
  const declined = await made(await commander.post(`/api/v1/guard/swap-requests/${again.id}/decline`, { note: 'жоқ' }));
  assert.equal(declined.status, 'declined');
  const third = await made(await q.post('/api/v1/guard/swap-requests', { roster_id: roster.id, shift_id: a.id, other: { shift_id: b.id, person_id: P }, reason: 'қайтару' }));
  assert.equal((await made(await q.post(`/api/v1/guard/swap-requests/${third.id}/decline`, {}))).status, 'withdrawn');
  assert.equal((await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body.version, version + 1, 'declines change no roster');
  W.swapPair = { a, b, P, Q };
});

test('console: a volunteer\'s own page reports sick and asks for a swap; the other person approves it there', async () => {
  const vol = await consoleSession('g-volunteer', 'g-volunteer-password-long', 'kk');
  const mine = await vol.get(`/console/guard/mine?from=${FROM}`);
  assert.equal(mine.status, 200);
  assert.ok(mine.text.includes('Менің кезекшіліктерім'));
  assert.match(mine.text, /href="\/console\/guard\/mine\/swap\?roster=\d+&amp;shift=\d+"/, 'a swap link per shift');
  assert.ok(mine.text.includes(`${W.sick[0]} – ${W.sick[1]}`), 'the sick report is listed');
  assert.equal((await vol.get('/console/guard/mine/sick')).status, 200);
  const before = JSON.stringify((await admin.get('/api/v1/guard/sick-reports?from=2026-01-01')).body);
  const bad = await vol.post('/console/guard/mine/sick', { _csrf: vol.csrf, from: '2026-12-20', to: '2026-12-19', note: '' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="f-to-error"><span class="visually-hidden">[^<]*<\/span>басталған күннен бұрын болмауы керек/);
  assert.equal((await vol.post('/console/guard/mine/sick', { from: '2026-12-20', to: '2026-12-21' })).status, 403, 'no CSRF token');
  assert.equal(JSON.stringify((await admin.get('/api/v1/guard/sick-reports?from=2026-01-01')).body), before);
  assert.equal((await vol.post('/console/guard/mine/sick', { _csrf: vol.csrf, from: '2026-12-20', to: '2026-12-21', note: '' })).status, 303);

  // Headquarters and the commander see the reports on the guard page with links to replacements.
  const cmd = await consoleSession('g-commander', 'g-commander-password-long', 'ru');
  const guardPage = await cmd.get('/console/guard?from=2026-12-01');
  assert.ok(guardPage.text.includes('Сообщения о болезни'));
  assert.ok(guardPage.text.includes(`${W.A.people[0].family_name} ${W.A.people[0].given_name}: 2026-12-20 – 2026-12-21`));
  // From the report's shift to its replacements, and one confirmed.
  const links = [...guardPage.text.matchAll(/href="(\/console\/guard\/rosters\/(\d+)\/replace\?shift=(\d+)&amp;person=(\d+))">замены/g)];
  assert.ok(links.length > 0, 'links to the replacements of the sick person\'s shifts');
  let link, candidate;
  for (const l of links) {
    candidate = (await cmd.get(l[1].replace(/&amp;/g, '&'))).text.match(/name="replacement" value="(\d+)"/);
    if (candidate) { link = l; break; }
  }
  assert.ok(candidate, 'someone can stand in');
  const before2 = (await hq.get(`/api/v1/guard/rosters/${link[2]}`)).body.version;
  assert.equal((await cmd.post(`/console/guard/rosters/${link[2]}/replace`, { _csrf: cmd.csrf, shift: link[3], person: link[4], replacement: candidate[1], reason: 'ауырып қалды' })).status, 303);
  assert.equal((await hq.get(`/api/v1/guard/rosters/${link[2]}`)).body.version, before2 + 1);

  // P asks Q from the console; Q approves from theirs.
  const { a, b, P, Q } = W.swapPair;
  const shiftsNow = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts;
  const pShift = shiftsNow.find((x) => x.id === b.id && x.guards.some((g) => g.person_id === P));
  assert.ok(pShift);
  const p = await consoleSession('g-swap-p', 'g-swap-p-password-long', 'ru');
  const form = await p.get(`/console/guard/mine/swap?roster=${roster.id}&shift=${b.id}`);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(`value="${a.id}:${Q}"`));
  const noChoice = await p.post('/console/guard/mine/swap', { _csrf: p.csrf, roster: roster.id, shift: b.id, other: '', reason: 'өтініш' });
  assert.equal(noChoice.status, 422);
  assert.match(noChoice.text, /id="f-other-error"/);
  assert.equal((await p.post('/console/guard/mine/swap', { _csrf: p.csrf, roster: roster.id, shift: b.id, other: `${a.id}:${Q}`, reason: 'өтініш' })).status, 303);
  const q = await consoleSession('g-swap-q', 'g-swap-q-password-long', 'ru');
  const qPage = await q.get(`/console/guard/mine?from=${FROM}`);
  const id = qPage.text.match(/action="\/console\/guard\/swap-requests\/(\d+)\/approve"/)?.[1];
  assert.ok(id, 'an approve button for the request');
  const version = (await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body.version;
  assert.equal((await q.post(`/console/guard/swap-requests/${id}/approve`, { _csrf: q.csrf })).status, 303);
  assert.equal((await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body.version, version + 1);
});

test('a sick report withdrawn by its author or cancelled by their commander while it runs: replacements made stay, the person counts again; the commander is told in their language', async () => {
  const me = W.A.people[0].id;
  // The unit's commander, who reads Russian and has an e-mail address.
  const boss = W.A.people[2];
  await made(await admin.patch(`/api/v1/people/${boss.id}`, { email: 'komandir@example.kz', language: 'ru' }));
  await made(await admin.patch(`/api/v1/units/${W.A.unit.id}`, { commander_id: boss.id }));
  const outbox = async (id) => (await admin.get(`/api/v1/notify/messages?reference_prefix=${encodeURIComponent(`guard:sick:${id}:`)}`)).body.items;

  // A day on which the volunteer is on duty and someone can stand in, away from the other reports.
  const current = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts;
  const taken = new Set([...W.sick, '2026-12-20', '2026-12-21']);
  const candidates = async (x, p) => (await commander.get(`/api/v1/guard/rosters/${roster.id}/replacements?shift_id=${x.id}&person_id=${p}`)).body.items;
  let day, shift, standIn;
  for (const x of current.filter((s) => s.guards.some((g) => g.person_id === me) && !taken.has(s.day) && !taken.has(nextDay(s.day)))) {
    const list = await candidates(x, me);
    if (list.length > 0) { day = x.day; shift = x; standIn = list[0].person_id; break; }
  }
  assert.ok(shift, 'the volunteer has a shift someone can take');

  const report = await made(await volunteer.post('/api/v1/guard/sick-reports', { from: day, to: day, note: 'қызба' }));
  assert.equal(report.status, 'filed');
  const filed = await outbox(report.id);
  assert.equal(filed.length, 1, 'one notice to the commander');
  assert.deepEqual([filed[0].channel, filed[0].recipient, filed[0].reference], ['email', 'komandir@example.kz', `guard:sick:${report.id}:filed:${boss.id}`]);
  assert.match(filed[0].subject, /^Сообщение о болезни: /);
  assert.ok(filed[0].text.includes(`сообщение о болезни — ${W.A.people[0].family_name} ${W.A.people[0].given_name}, ${day} – ${day}`), filed[0].text);

  // The commander gives the shift to someone else (a new version).
  await made(await commander.post(`/api/v1/guard/rosters/${roster.id}/replacements`, { shift_id: shift.id, person_id: me, replacement_id: standIn, reason: 'ауырып қалды' }));
  const version = (await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body.version;
  const onDay = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts.filter((x) => x.day === day);
  const offeredAnywhere = async () => {
    for (const x of onDay) for (const g of x.guards) if ((await candidates(x, g.person_id)).some((c) => c.person_id === me)) return true;
    return false;
  };
  assert.equal(await offeredAnywhere(), false, 'not offered while sick');

  // Refusals change nothing: another unit's commander, an auditor, someone else's account.
  const stored = async () => JSON.stringify((await admin.get('/api/v1/guard/sick-reports?from=2026-01-01')).body);
  const before = await stored();
  await refused(await commanderB.post(`/api/v1/guard/sick-reports/${report.id}/withdraw`, {}), 404);
  await refused(await auditor.post(`/api/v1/guard/sick-reports/${report.id}/withdraw`, {}), 403);
  const other = await server.account(admin, 'g-sick-other', 'volunteer', { person_id: W.A.people[1].id });
  await refused(await other.post(`/api/v1/guard/sick-reports/${report.id}/withdraw`, {}), 404);
  await refused(await volunteer.post('/api/v1/guard/sick-reports/999999/withdraw', {}), 404);
  await refused(await volunteer.post(`/api/v1/guard/sick-reports/${report.id}/withdraw`, { note: 7 }), 422, 'note');
  assert.equal(await stored(), before);
  assert.equal((await outbox(report.id)).length, 1);

  // The volunteer withdraws it: the replacement stays, and they can be offered again.
  const withdrawn = await made(await volunteer.post(`/api/v1/guard/sick-reports/${report.id}/withdraw`, { note: 'жазылдым' }));
  assert.deepEqual([withdrawn.status, withdrawn.closed_by, withdrawn.closed_note, withdrawn.duties], ['withdrawn', 'g-volunteer', 'жазылдым', []]);
  await refused(await volunteer.post(`/api/v1/guard/sick-reports/${report.id}/withdraw`, {}), 409);
  assert.equal((await hq.get(`/api/v1/guard/rosters/${roster.id}`)).body.version, version, 'no roster changed');
  const now = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts.find((x) => x.id === shift.id);
  assert.ok(now.guards.some((g) => g.person_id === standIn) && !now.guards.some((g) => g.person_id === me), 'the replacement stays');
  assert.equal(await offeredAnywhere(), true, 'offered again once withdrawn');
  const told = (await outbox(report.id)).find((m) => m.reference === `guard:sick:${report.id}:withdrawn:${boss.id}`);
  assert.ok(told && told.text.includes('сообщение о болезни отозвано'), JSON.stringify(told));
  const audit = JSON.stringify((await admin.get(`/api/v1/audit?entity_type=person&entity_id=${me}`)).body);
  assert.ok(audit.includes('guard_sick.withdraw'));

  // The commander cancels another one; told in Kazakh now that the commander reads it.
  await made(await admin.patch(`/api/v1/people/${boss.id}`, { language: 'kk' }));
  const second = await made(await volunteer.post('/api/v1/guard/sick-reports', { from: '2026-12-28', to: '2026-12-29' }));
  assert.ok((await outbox(second.id))[0].text.includes('ауру туралы хабарлама —'));
  const cancelled = await made(await commander.post(`/api/v1/guard/sick-reports/${second.id}/withdraw`, { note: 'тексерілді' }));
  assert.deepEqual([cancelled.status, cancelled.closed_by], ['cancelled', 'g-commander']);
  const kk = (await outbox(second.id)).find((m) => m.reference === `guard:sick:${second.id}:cancelled:${boss.id}`);
  assert.ok(kk && kk.text.includes('күші жойылды (g-commander)'), JSON.stringify(kk));
  assert.ok(JSON.stringify((await admin.get(`/api/v1/audit?entity_type=person&entity_id=${me}`)).body).includes('guard_sick.cancel'));

  // A report that has ended is not withdrawn.
  const past = await made(await volunteer.post('/api/v1/guard/sick-reports', { from: '2026-11-02', to: '2026-11-03' }));
  await refused(await volunteer.post(`/api/v1/guard/sick-reports/${past.id}/withdraw`, {}), 409);

  // The console: the volunteer withdraws from their page, the commander cancels from the guard page.
  const third = await made(await volunteer.post('/api/v1/guard/sick-reports', { from: '2026-12-30', to: '2026-12-31' }));
  const vol = await consoleSession('g-volunteer', 'g-volunteer-password-long', 'ru');
  const mine = await vol.get('/console/guard/mine?from=2026-12-01');
  assert.ok(mine.text.includes('сообщение отозвано'), 'the withdrawn report is shown as such');
  assert.match(mine.text, new RegExp(`action="/console/guard/sick-reports/${third.id}/withdraw"`));
  assert.doesNotMatch(mine.text, new RegExp(`action="/console/guard/sick-reports/${report.id}/withdraw"`));
  assert.equal((await vol.post(`/console/guard/sick-reports/${third.id}/withdraw`, {})).status, 403, 'no CSRF token');
  assert.equal((await vol.post(`/console/guard/sick-reports/${third.id}/withdraw`, { _csrf: vol.csrf })).status, 303);
  const fourth = await made(await volunteer.post('/api/v1/guard/sick-reports', { from: '2027-01-02', to: '2027-01-03' }));
  const cmd = await consoleSession('g-commander', 'g-commander-password-long', 'kk');
  const page = await cmd.get('/console/guard?from=2026-12-01');
  assert.match(page.text, new RegExp(`action="/console/guard/sick-reports/${fourth.id}/withdraw"[^]*?Хабарламаның күшін жою`));
  assert.equal((await cmd.post(`/console/guard/sick-reports/${fourth.id}/withdraw`, { _csrf: cmd.csrf, next: '/console/guard' })).status, 303);
  const statuses = Object.fromEntries((await admin.get('/api/v1/guard/sick-reports?from=2026-12-01')).body.items.map((r) => [r.id, r.status]));
  assert.deepEqual([statuses[third.id], statuses[fourth.id]], ['withdrawn', 'cancelled']);
});

test('a refused swap request says the rule it breaks in the caller\'s language; other refusals too', async () => {
  const shiftsNow = (await hq.get(`/api/v1/guard/rosters/${roster.id}/shifts`)).body.shifts;
  const bad = restBreakingSwap(shiftsNow);
  const pb = await server.account(admin, 'g-swap-lang', 'volunteer', { person_id: bad.p });
  const ask = { roster_id: roster.id, shift_id: bad.s1.id, other: { shift_id: bad.s2.id, person_id: bad.q }, reason: 'өтініш' };
  const en = await pb.post('/api/v1/guard/swap-requests', ask);
  await refused(en, 422, 'other');
  assert.match(en.body.detail, /^The change would break the roster's rules: person "[^"]+": (only [\d.]+ h rest|post ".*" overlaps)/);
  for (const [lang, words] of [['ru', /^Изменение нарушило бы правила графика: «[^»]+»: (только [\d.]+ ч отдыха|смена на посту)/], ['kk', /^Өзгеріс кестенің ережелерін бұзар еді: «[^»]+»: /]]) {
    const r = await pb.post(`/api/v1/guard/swap-requests?lang=${lang}`, ask);
    await refused(r, 422, 'other');
    assert.equal(r.headers.get('content-language'), lang);
    assert.match(r.body.detail, words);
    assert.deepEqual(englishLeft(`<p>${r.body.detail} ${r.body.errors.map((e) => e.message).join(' ')}</p>`), [], r.body.detail);
  }
  // Refusals of the sick reports and swaps in Russian too.
  const volunteerRu = async (path, body) => (await volunteer.post(`${path}?lang=ru`, body)).body;
  assert.equal((await volunteerRu('/api/v1/guard/sick-reports/999999/withdraw', {})).detail, 'Нет сообщения о болезни с номером 999999.');
  assert.equal((await volunteerRu('/api/v1/guard/swap-requests/999999/approve', {})).detail, 'Нет просьбы об обмене с номером 999999.');
  assert.equal((await hq.post(`/api/v1/guard/rosters/${roster.id}/publish?lang=kk`)).body.detail, 'Кесте бұрын жарияланған.');
});
