// `qorgan demo` on a fresh database: Almaty's eight districts, ~2,000 fictional people with valid
// IINs, units of every kind, key facilities (from OpenStreetMap when the extract is there), one
// working account per role, an intact audit log, and a refusal to run twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase, startServer, cleanup, binary, MASTER_KEY, client } from './harness.mjs';
import { pageSession } from './page-session.mjs';

let db, server, run, accounts, admin;

// The demo runs in the database's temp folder, so a PostgreSQL run's var/ lands there too.
function demo(args = []) {
  const r = spawnSync(binary, ['--db', db.url, 'demo', ...args], {
    cwd: db.dir, encoding: 'utf8', env: { ...process.env, QORGAN_MASTER_KEY: MASTER_KEY },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function validIin(iin) {
  if (!/^\d{12}$/.test(iin)) return false;
  const d = iin.split('').map(Number);
  let sum = d.slice(0, 11).reduce((a, x, i) => a + x * (i + 1), 0) % 11;
  if (sum === 10) {
    const w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    sum = d.slice(0, 11).reduce((a, x, i) => a + x * w[i], 0) % 11;
  }
  return sum !== 10 && sum === d[11];
}

async function all(c, path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await c.get(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  return items;
}

async function login(name) {
  const a = accounts.find((x) => x.login === name);
  assert.ok(a, `no ${name} in the accounts file`);
  const res = await fetch(`${server.base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: a.login, password: a.password }),
  });
  assert.equal(res.status, 201, `${name} cannot sign in`);
  return client(server.base, (await res.json()).token);
}

before(async () => {
  db = freshDatabase();
  const m = spawnSync(binary, ['--db', db.url, 'migrate'], { encoding: 'utf8', env: { ...process.env, QORGAN_MASTER_KEY: MASTER_KEY } });
  assert.equal(m.status, 0, m.stderr);
  run = demo();
  assert.equal(run.code, 0, run.stderr);
  const file = join(db.dir, 'var', 'demo-accounts.txt');
  const sqliteFile = db.url.startsWith('sqlite:') ? join(db.dir, 'demo-accounts.txt') : file;
  const path = existsSync(sqliteFile) ? sqliteFile : file;
  db.accountsFile = path;
  accounts = readFileSync(path, 'utf8').trim().split('\n').map((l) => {
    const [login, password, role] = l.split(/\s+/);
    return { login, password, role };
  });
  server = await startServer({ db });
  admin = await login('demo-admin');
});

after(async () => {
  await server?.stop();
  if (server) cleanup(server);
});

test('the demo says what it loaded, where the buildings came from, and the accounts', () => {
  assert.match(run.stdout, /2000 people/);
  assert.match(run.stdout, /Demo accounts/);
  for (const a of accounts) assert.ok(run.stdout.includes(a.password), `${a.login}'s password is printed`);
  if (/OpenStreetMap \(/.test(run.stdout)) assert.match(run.stdout, /© OpenStreetMap contributors/);
  else assert.match(run.stdout, /built-in list/);
});

test('the accounts file holds one account per role with a random password, readable only by its owner', () => {
  assert.equal(statSync(db.accountsFile).mode & 0o777, 0o600);
  assert.deepEqual(accounts.map((a) => a.role).sort(),
    ['admin', 'alert_officer', 'auditor', 'chief_editor', 'commander', 'company_officer', 'editor', 'hq_staff', 'volunteer']);
  for (const a of accounts) assert.ok(a.password.length >= 12);
  assert.equal(new Set(accounts.map((a) => a.password)).size, accounts.length);
});

test('Almaty has its eight districts under Kazakhstan', async () => {
  const almaty = await admin.get('/api/v1/regions?level=city');
  assert.equal(almaty.status, 200);
  const city = almaty.body.items.find((r) => r.code === '750000000');
  assert.ok(city, 'Almaty (750000000) exists');
  assert.equal(city.name.en, 'Almaty');
  const districts = await all(admin, `/api/v1/regions?level=district&parent_id=${city.id}`);
  assert.equal(districts.length, 8);
  assert.deepEqual(districts.map((d) => d.name.en.replace(' District', '')).sort(),
    ['Alatau', 'Almaly', 'Auezov', 'Bostandyk', 'Medeu', 'Nauryzbay', 'Turksib', 'Zhetysu']);
  for (const d of districts) {
    assert.match(d.code, /^75\d{7}$/);
    assert.ok(d.name.kk && d.name.ru && d.centroid);
  }
});

test('about 2,000 fictional people, every IIN valid and matching birth date and sex', async () => {
  const people = await all(admin, '/api/v1/people');
  assert.ok(people.length >= 2000, `${people.length} people`);
  const iins = new Set();
  for (const p of people) {
    assert.ok(validIin(p.iin), `IIN ${p.iin} of ${p.family_name}`);
    assert.equal(p.iin.slice(0, 6), p.birth_date.slice(2, 4) + p.birth_date.slice(5, 7) + p.birth_date.slice(8, 10));
    assert.match(p.phone, /^\+7700000\d{4}$/);
    if (p.email) assert.match(p.email, /^[a-z0-9.]+@example\.kz$/);
    iins.add(p.iin);
  }
  assert.equal(iins.size, people.length);
  const medics = await admin.get('/api/v1/people?skill=medic&limit=1');
  assert.equal(medics.body.items.length, 1);
});

test('units of all four kinds, staffed close to their targets', async () => {
  for (const kind of ['territorial_troops', 'law_enforcement', 'special_unit', 'volunteer_squad']) {
    const units = await all(admin, `/api/v1/units?kind=${kind}`);
    assert.ok(units.length >= 8, `${units.length} ${kind} units`);
  }
  const units = await all(admin, '/api/v1/units?status=active');
  const s = await admin.get(`/api/v1/units/${units[0].id}/strength`);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  assert.ok(s.body.actual_total > 0 && s.body.actual_total <= s.body.target_total, JSON.stringify(s.body));
});

test('key facilities sit in districts; schools offer shelter', async () => {
  const facilities = await all(admin, '/api/v1/facilities');
  const fromOsm = /OpenStreetMap \(/.test(run.stdout);
  assert.ok(facilities.length > (fromOsm ? 50 : 10), `${facilities.length} facilities`);
  const shelters = await all(admin, '/api/v1/facilities?shelter=true');
  assert.ok(shelters.length > (fromOsm ? 20 : 0), `${shelters.length} shelters`);
  const kinds = new Set(facilities.map((f) => f.kind));
  for (const k of ['education', 'medical', 'energy', 'water']) assert.ok(kinds.has(k), k);
});

test('every demo account signs in and sees its scope', async () => {
  const hq = await login('demo-hq');
  assert.equal((await hq.get('/api/v1/people?limit=1')).status, 200);
  const commander = await login('demo-commander');
  const mine = await commander.get('/api/v1/units');
  assert.equal(mine.status, 200);
  assert.ok(mine.body.items.length >= 1 && mine.body.items.length < 10);
  const company = await login('demo-company');
  const owned = await company.get('/api/v1/facilities');
  assert.equal(owned.status, 200);
  assert.ok(owned.body.items.length >= 1);
  const volunteer = await login('demo-volunteer');
  assert.equal((await volunteer.get('/api/v1/me')).status, 200);
  const auditor = await login('demo-auditor');
  const log = await auditor.get('/api/v1/audit?limit=200');
  assert.equal(log.status, 200);
  assert.ok(log.body.items.some((e) => e.request_id?.startsWith('cli-demo-')), JSON.stringify(log.body.items[0]));
  for (const name of ['demo-editor', 'demo-chief-editor']) {
    const editor = await login(name);
    const drafts = await editor.get('/api/v1/editor/articles?limit=100');
    assert.equal(drafts.status, 200, name);
  }
});

test('the portal has at least 60 published demo articles in all three languages', async () => {
  const admin = await login('demo-admin');
  let total = 0;
  for (const language of ['kk', 'ru', 'en']) {
    let cursor = null, n = 0;
    do {
      const page = await admin.get(`/api/v1/articles?language=${language}&limit=50` + (cursor ? `&cursor=${cursor}` : ''));
      assert.equal(page.status, 200);
      assert.ok(page.body.items.every((a) => a.lang === language), `${language} list holds another language`);
      n += page.body.items.length;
      cursor = page.body.next_cursor;
    } while (cursor);
    assert.ok(n >= 10, `${language}: ${n} articles`);
    total += n;
  }
  assert.ok(total >= 60, `${total} articles`);
});

test('the evacuation runs on the Almaty extract shipped in the repository: real shelters and streets', async () => {
  // Found in the checkout (demo/data), not in a shared folder beside it: a fresh clone has it.
  assert.match(run.stdout, /OpenStreetMap \([^)]*demo\/data\/almaty-2013\.osm\.pbf\)/);
  assert.match(run.stdout, /Almaty roads \(OpenStreetMap, 2013\)/);
  assert.match(run.stdout, /© OpenStreetMap contributors/);
  const plans = await all(admin, '/api/v1/evac/plans');
  assert.equal(plans.length, 1);
  const plan = await admin.get(`/api/v1/evac/plans/${plans[0].id}/plan.json`);
  assert.equal(plan.status, 200, JSON.stringify(plan.body));
  // Shelters are buildings of the extract with their names, not "shelter 5".
  const shelters = plan.body.shelters.map((s) => s.name);
  assert.ok(shelters.length >= 5, `${shelters.length} shelters`);
  for (const name of shelters) assert.ok(name && !/^shelter \d+$/i.test(name), `shelter named ${JSON.stringify(name)}`);
  const cyrillic = shelters.filter((n) => /[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]/.test(n));
  assert.ok(cyrillic.length >= shelters.length / 2, `names from the map: ${shelters.slice(0, 10).join('; ')}`);
  assert.ok(shelters.some((n) => /школа|гимназия|лицей|университет/i.test(n)), shelters.slice(0, 10).join('; '));
  // The orders route people along named streets, not "junction 1678 → 1679".
  const orders = await fetch(`${server.base}/api/v1/evac/plans/${plans[0].id}/orders?lang=en`, { headers: { authorization: `Bearer ${admin.token}` } });
  assert.equal(orders.status, 200);
  const html = await orders.text();
  assert.doesNotMatch(html, /Through junctions/);
  const routes = [...html.matchAll(/<ol class="streets">([\s\S]*?)<\/ol>/g)].map((m) => m[1]);
  assert.ok(routes.length > 0, 'routes are given by street names');
  assert.match(routes.join(' '), /(улица|проспект|микрорайон|көшесі|даңғылы)/i);
  assert.match(html, /© OpenStreetMap contributors/);
});

test('two activation plans for Almaty districts and one finished exercise with a realistic muster', async () => {
  assert.match(run.stdout, /Activation: 2 plans; exercise \d+ finished/);
  const plans = (await admin.get('/api/v1/activation/plans')).body.items;
  assert.equal(plans.length, 2);
  const districts = await all(admin, '/api/v1/regions?level=district');
  for (const p of plans) {
    assert.ok(districts.some((d) => d.id === p.region_id), `${p.name} is a district's plan`);
    assert.ok(p.units.length >= 1 && p.units.every((u) => u.needs.length === 3));
    assert.ok(p.units.every((u) => u.positions.length >= 1 && u.positions.reduce((n, x) => n + x.target, 0) <= u.target), 'targets per position');
    assert.ok(p.messages.kk && p.messages.ru && p.messages.en);
  }
  // The demo's exercise, three days back, makes its arrivals' training current.
  const readiness = (await admin.get('/api/v1/activation/readiness')).body;
  assert.ok(readiness.plans.some((p) => p.trained > 0), 'members trained at the exercise');
  assert.ok(readiness.plans.every((p) => p.positions.length >= 1));
  assert.notEqual(plans[0].region_id, plans[1].region_id);
  const acts = (await admin.get('/api/v1/activation/activations')).body.items;
  assert.equal(acts.length, 1);
  const [ex] = acts;
  assert.equal(ex.kind, 'exercise');
  assert.equal(ex.phase, 'closed');
  assert.ok(Date.parse(ex.activated_at) < Date.now() - 2 * 86400e3, 'a few days ago');
  const aa = (await admin.get(`/api/v1/activation/activations/${ex.id}/after-action`)).body;
  const t = aa.total;
  assert.ok(t.called >= 30, `${t.called} called up`);
  assert.ok(t.arrived > t.called * 0.7 && t.arrived < t.called, `${t.arrived} of ${t.called} arrived`);
  // Check-ins spread over hours: half the target after more than half an hour, most later still.
  assert.ok(t.minutes_to_half > 30 && t.minutes_to_half < 300, `50 % after ${t.minutes_to_half} min`);
  const muster = (await admin.get(`/api/v1/activation/activations/${ex.id}/muster`)).body;
  const curve = muster.muster.total.curve;
  assert.ok(curve.at(-1).minutes - curve[0].minutes > 120, 'arrivals spread over more than two hours');
  assert.ok(t.no_shows.ill + t.no_shows.abroad + t.no_shows.exempt + t.no_shows.other > 0, 'some declined');
  assert.ok(t.no_shows.did_not_come + t.no_shows.no_answer > 0, 'some did not come');
  assert.equal(aa.exercise, true);
  // Readiness has both plans to show.
  const r = (await admin.get('/api/v1/activation/readiness')).body;
  assert.equal(r.plans.length, 2);
  assert.ok(r.plans.every((p) => p.actual > 0 && p.target >= p.actual));
});

test('the demo company has a self-assessment and one inspection with open findings, one overdue', async () => {
  assert.match(run.stdout, /Protection duties: company \d+, facility \d+: self-assessment \d+, inspection \d+ with 3 open findings/);
  const company = await login('demo-company');
  const overview = (await company.get('/api/v1/obligations/compliance')).body;
  const inspected = overview.facilities.filter((f) => f.basis?.kind === 'inspection');
  assert.equal(inspected.length, 1, JSON.stringify(overview.facilities));
  const [f] = inspected;
  assert.equal(f.open_findings, 3);
  assert.equal(f.overdue_findings, 1);
  assert.equal(f.status, 'non_compliant');
  const assessments = (await company.get(`/api/v1/obligations/assessments?facility_id=${f.facility_id}`)).body.items;
  assert.equal(assessments.length, 1);
  assert.equal(assessments[0].evidence.length, 0, 'lists leave the files out');
  assert.equal((await company.get(`/api/v1/obligations/assessments/${assessments[0].id}`)).body.evidence[0].mime, 'application/pdf');
  const findings = (await company.get('/api/v1/obligations/findings')).body.items;
  assert.deepEqual(findings.map((x) => x.status).sort(), ['in_progress', 'open', 'open']);
});

test("the requisition decision's taken property each has its taking act's photograph", async () => {
  const [decision] = (await admin.get('/api/v1/requisition/decisions')).body.items;
  assert.ok(decision, 'a requisition decision');
  const items = (await admin.get(`/api/v1/requisition/decisions/${decision.id}/items`)).body.items;
  assert.ok(items.length >= 5);
  for (const { id } of items) {
    const file = (await admin.get(`/api/v1/requisition/items/${id}`)).body;
    if (file.status === 'listed') continue;
    assert.deepEqual(file.photos.map((p) => [p.act, p.mime, p.width]), [['taking', 'image/png', 640]], file.description);
    const thumb = await admin.get(file.photos[0].thumbnail_href);
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
  }
});

// What `qorgan demo` promises a visitor of the requisition pages: one decision with property at
// every stage, from the taking act through custody, valuation and payment to the return, each
// stage there and agreeing with the others, on the console, in the API, on the printed acts and
// on the owner's page.
test('the requisition demo shows every stage of the lifecycle, each present and consistent', async () => {
  const tenge = (tiyn) => `${Math.trunc(tiyn / 100).toLocaleString('en').replace(/,/g, '\u202f')},${String(tiyn % 100).padStart(2, '0')}\u00a0₸`;
  const printed = run.stdout.match(/Requisition: decision (\d+), (\d+) items, (\d+) ledger entries; the warehouse owner's page: code (\S+) with BIN (\d{12})/);
  assert.ok(printed, run.stdout);
  const [, decisionId, itemCount, entryCount, code, bin] = printed;
  const hq = await login('demo-hq');
  const decision = (await hq.get(`/api/v1/requisition/decisions/${decisionId}`)).body;
  assert.equal(decision.status, 'in_force');
  assert.equal(decision.grounds, 'martial_law');
  const items = (await hq.get(`/api/v1/requisition/decisions/${decisionId}/items`)).body.items;
  assert.equal(items.length, Number(itemCount));
  const files = {};
  for (const { id } of items) {
    const f = (await hq.get(`/api/v1/requisition/items/${id}`)).body;
    files[f.description.split(' ')[0]] = f;
    // Every item was taken under the decision, after it was made, with a signed taking act.
    const [taking, ...rest] = f.acts;
    assert.equal(taking.kind, 'taking', f.description);
    assert.equal(taking.act_date, f.taken_on);
    assert.ok(f.taken_on >= decision.decided_on, f.description);
    assert.equal(taking.signed_by.confirmed, true);
    for (const c of f.custody) assert.ok(c.moved_on >= f.taken_on && c.unit_id, f.description);
    for (const v of f.valuations) {
      assert.ok(v.value_date >= f.taken_on, f.description);
      assert.notEqual(v.approved_by, v.recorded_by, `${f.description}: two people`);
    }
    // The item's sums are its ledger entries', and it owes what the rules give.
    assert.equal(f.totals.owed, f.due, f.description);
    assert.ok(f.totals.paid <= f.totals.owed, f.description);
    assert.equal(f.totals.paid, f.payment_orders.filter((o) => o.status === 'paid').reduce((a, o) => a + o.amount, 0), f.description);
    assert.equal(rest.length, f.status === 'returned' ? 1 : 0, f.description);
  }
  const { Грузовой: truck, Внедорожник: car, Склад: warehouse, Дизельный: generator, Микроавтобус: minibus } = files;
  // Taken: the truck has only its taking act.
  assert.equal(truck.status, 'taken');
  assert.deepEqual([truck.custody.length, truck.valuations.length, truck.totals.entries], [0, 0, 0]);
  // In custody with a unit: the car.
  assert.equal(car.status, 'taken');
  assert.equal(car.custody.length, 1);
  assert.equal(car.valuations.length, 0);
  // Valued and disputed: the warehouse, held in use, its rent approved and the owner's claim open.
  assert.equal(warehouse.status, 'taken');
  assert.equal(warehouse.owner.kind, 'organisation');
  assert.deepEqual(warehouse.valuations.map((v) => v.status), ['approved']);
  assert.equal(warehouse.applications[0].method, 'bank');
  const [dispute] = warehouse.disputes;
  assert.equal(dispute.status, 'open');
  assert.equal(dispute.disputed, dispute.claimed - warehouse.totals.owed);
  assert.equal(warehouse.totals.disputed, dispute.disputed);
  // Partly paid: the generator, taken into ownership, owed its market value, half of it paid.
  assert.equal(generator.requisition_type, 'ownership');
  const genValue = generator.valuations.find((v) => v.status === 'approved').market_value;
  assert.equal(generator.due, genValue);
  assert.deepEqual(generator.payment_orders.map((o) => [o.status, o.amount]), [['paid', genValue / 2]]);
  assert.equal(generator.payable, genValue / 2);
  // Returned with damage: the minibus, owed its days of use at the approved rate plus the damage,
  // and paid in full.
  assert.equal(minibus.status, 'returned');
  const back = minibus.acts[1];
  assert.equal(back.kind, 'return');
  assert.equal(back.act_date, minibus.returned_on);
  assert.ok(minibus.returned_on > minibus.taken_on);
  assert.match(back.condition, /вмятина/);
  const rate = minibus.valuations.at(-1);
  assert.equal(rate.status, 'approved');
  assert.ok(rate.damage > 0, 'the damage is valued');
  const days = (Date.parse(minibus.returned_on) - Date.parse(minibus.taken_on)) / 86_400_000;
  assert.equal(minibus.due, days * rate.rent_per_day + rate.damage);
  assert.deepEqual(minibus.payment_orders.map((o) => [o.status, o.amount]), [['paid', minibus.due]]);
  assert.equal(minibus.totals.balance, 0);

  // The ledger of the decision holds those sums, and the reconciliation agrees, in the API and as
  // the command.
  const ledger = (await hq.get(`/api/v1/requisition/ledger?decision_id=${decisionId}&limit=200`)).body.items;
  assert.equal(ledger.length, Number(entryCount));
  for (const f of Object.values(files)) {
    const own = ledger.filter((e) => e.item_id === f.id);
    assert.equal(own.filter((e) => e.kind !== 'payment').reduce((a, e) => a + e.amount, 0), f.totals.owed, f.description);
    assert.equal(own.filter((e) => e.kind === 'payment').reduce((a, e) => a + e.amount, 0), f.totals.paid, f.description);
  }
  const report = (await hq.get(`/api/v1/requisition/decisions/${decisionId}/report`)).body;
  assert.equal(report.ok, true);
  const cli = spawnSync(binary, ['--db', db.url, 'requisition', 'report', '--decision', decisionId], { encoding: 'utf8', env: { ...process.env, QORGAN_MASTER_KEY: MASTER_KEY } });
  assert.equal(cli.status, 0, cli.stdout + cli.stderr);

  // On the console, as the region's staff see it: the decision among the totals, its five items
  // with their stages, and each item's page with its acts, custody, valuations and money.
  const s = await pageSession(server.base, 'demo-hq', accounts.find((a) => a.login === 'demo-hq').password, { 'accept-language': 'en' }, '/console');
  const list = await s.get('/console/requisition');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`href="/console/requisition/decisions/${decisionId}"`));
  const page = (await s.get(`/console/requisition/decisions/${decisionId}`)).text;
  for (const f of Object.values(files)) assert.ok(page.includes(`href="/console/requisition/items/${f.id}"`), f.description);
  const itemPage = async (f) => {
    const r = await s.get(`/console/requisition/items/${f.id}`);
    assert.equal(r.status, 200, f.description);
    return r.text;
  };
  assert.ok((await itemPage(car)).includes(car.custody[0].responsible));
  const wh = await itemPage(warehouse);
  for (const text of [tenge(warehouse.valuations[0].rent_per_day), tenge(dispute.claimed), dispute.reason])
    assert.ok(wh.includes(text), `the warehouse's page shows ${text}`);
  const gen = await itemPage(generator);
  for (const text of [tenge(genValue), tenge(genValue / 2)]) assert.ok(gen.includes(text), `the generator's page shows ${text}`);
  const mb = await itemPage(minibus);
  for (const text of [tenge(minibus.due), tenge(rate.damage), back.condition]) assert.ok(mb.includes(text), `the minibus's page shows ${text}`);

  // The printed acts: every item's taking act, and the minibus's return act with its condition.
  for (const f of Object.values(files)) {
    const act = await hq.get(`/api/v1/requisition/items/${f.id}/taking-act?lang=ru`);
    assert.equal(act.status, 200, f.description);
    assert.ok(act.text.includes('Акт изъятия имущества') && act.text.includes(f.owner.name), f.description);
  }
  const returnAct = await hq.get(`/api/v1/requisition/items/${minibus.id}/return-act?lang=kk`);
  assert.equal(returnAct.status, 200);
  assert.ok(returnAct.text.includes('Мүлікті қайтару актісі') && returnAct.text.includes(back.condition));

  // The owner's page with the code the demo printed: the warehouse, its valuation and the dispute.
  const owner = await fetch(`${server.base}/ru/requisition`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code, owner_id: bin }),
  });
  assert.equal(owner.status, 200);
  const ownerPage = await owner.text();
  for (const text of [warehouse.description, tenge(warehouse.valuations[0].rent_per_day), dispute.reason])
    assert.ok(ownerPage.includes(text), `the owner's page shows ${text}`);
});

test('the audit log is intact after the demo', () => {
  const r = spawnSync(binary, ['--db', db.url, 'audit', 'verify'], { encoding: 'utf8', env: { ...process.env, QORGAN_MASTER_KEY: MASTER_KEY } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const n = Number(/(\d+) entries/.exec(r.stdout)[1]);
  assert.ok(n > 3000, r.stdout);
});

test('a second run refuses and changes nothing', async () => {
  const before = await all(admin, '/api/v1/regions');
  const again = demo();
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /already holds registry data/);
  assert.equal((await all(admin, '/api/v1/regions')).length, before.length);
  // The accounts file still holds the first run's working passwords.
  await login('demo-auditor');
});
