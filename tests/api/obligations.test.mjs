// Company protection duties: the duties table by criticality (admins change it), self-assessments
// by a company officer of its own organisation's facilities with evidence files checked by their
// bytes, inspections by headquarters of their region with findings and their follow-up, one
// reminder through the outbox for an overdue finding, compliance per facility, organisation and
// region with its trend, the printed inspection act and the CSV export. Every refusal is a clear
// 4xx that stores nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cleanup } from './harness.mjs';
import { sql } from './sql.mjs';

let server, admin, officer, officerB, hq, hqB, auditor, W;
const names = (n) => ({ kk: n, ru: n, en: n });

async function made(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const today = () => new Date(Date.now() + 5 * 3600 * 1000).toISOString().slice(0, 10);  // Asia/Almaty
const daysFromToday = (n) => new Date(Date.now() + 5 * 3600 * 1000 + n * 86400 * 1000).toISOString().slice(0, 10);

// Answers to every duty that applies to a class, all met unless `short` names what falls short.
async function answersFor(criticality, short = {}) {
  const duties = (await admin.get('/api/v1/obligations/duties')).body.items;
  return duties.filter((d) => d.active && d.levels[criticality - 1] !== null).map((d) => ({
    duty: d.code,
    value: d.code in short ? short[d.code] : d.measure === 'percent' ? 200 : d.levels[criticality - 1],
  }));
}
const count = (table) => Number(sql(server.db.url, `SELECT COUNT(*) FROM ${table}`));

// A binary upload with the claimed type (the API client sends JSON text).
async function upload(client, assessmentId, bytes, type, name = 'plan.pdf') {
  const res = await fetch(`${server.base}/api/v1/obligations/assessments/${assessmentId}/evidence?name=${encodeURIComponent(name)}`, {
    method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': type }, body: bytes,
  });
  return { status: res.status, body: await res.json() };
}
const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

before(async () => {
  server = await startServer({ env: { QORGAN_DEADLINE_SWEEP_SECONDS: '1' } });
  admin = await server.login();
  const city = await made(await admin.post('/api/v1/regions', { code: 'OB-ALA', level: 'city', name: names('Алматы') }));
  W = {};
  for (const s of ['A', 'B']) {
    const region = await made(await admin.post('/api/v1/regions', { code: `OB-${s}`, level: 'district', parent_id: city.id, name: names(`Аудан ${s}`) }));
    const org = await made(await admin.post('/api/v1/organisations', {
      name: `ТОО «Энергосеть ${s}»`, kind: 'company', size_category: 'large', region_id: region.id,
      contact_name: 'Дежурный', email: `security-${s.toLowerCase()}@energo.example.kz`,
    }));
    const facility = await made(await admin.post('/api/v1/facilities', {
      name: `Подстанция ${s}`, kind: 'energy', region_id: region.id, organisation_id: org.id,
      location: { lat: 43.25, lon: 76.9 }, criticality: 1,
    }));
    W[s] = { region, org, facility };
  }
  W.small = await made(await admin.post('/api/v1/organisations', { name: 'ИП «Пекарня»', kind: 'company', size_category: 'small', region_id: W.A.region.id }));
  W.bakery = await made(await admin.post('/api/v1/facilities', {
    name: 'Пекарня', kind: 'other', region_id: W.A.region.id, organisation_id: W.small.id, location: { lat: 43.2, lon: 76.8 }, criticality: 3,
  }));
  W.second = await made(await admin.post('/api/v1/facilities', {
    name: 'Склад А', kind: 'energy', region_id: W.A.region.id, organisation_id: W.A.org.id, location: { lat: 43.21, lon: 76.81 }, criticality: 3,
  }));
  officer = await server.account(admin, 'ob-officer', 'company_officer', { organisation_id: W.A.org.id });
  officerB = await server.account(admin, 'ob-officer-b', 'company_officer', { organisation_id: W.B.org.id });
  hq = await server.account(admin, 'ob-hq', 'hq_staff', { region: 'OB-A' });
  hqB = await server.account(admin, 'ob-hq-b', 'hq_staff', { region: 'OB-B' });
  auditor = await server.account(admin, 'ob-auditor', 'auditor');
});
after(async () => { await server.stop(); cleanup(server); });

test('the duties table has a default by criticality that only admins change, audited', async () => {
  const list = (await officer.get('/api/v1/obligations/duties')).body.items;
  const guards = list.find((d) => d.code === 'guards_per_shift');
  assert.deepEqual(guards.levels, [4, 2, 1]);
  assert.equal(guards.measure, 'count');
  assert.equal(guards.name.kk, 'Ауысымдағы күзетшілер');
  assert.deepEqual(list.find((d) => d.code === 'drills_per_year').levels, [4, 4, 2], 'quarterly drills for classes 1 and 2');
  assert.deepEqual(list.find((d) => d.code === 'perimeter_lighting').levels, [1, 1, null]);

  assert.equal((await hq.patch('/api/v1/obligations/duties/guards_per_shift', { levels: [5, 2, 1] })).status, 403);
  const bad = await admin.patch('/api/v1/obligations/duties/guards_per_shift', { levels: [5, -1], measure: 'hours' });
  assert.equal(bad.status, 422);
  const fields = bad.body.errors.map((e) => e.field);
  assert.ok(fields.includes('levels') && fields.includes('measure'), JSON.stringify(bad.body));
  assert.equal((await admin.patch('/api/v1/obligations/duties/no_such_duty', { active: false })).status, 404);
  assert.deepEqual((await admin.get('/api/v1/obligations/duties')).body.items.find((d) => d.code === 'guards_per_shift').levels, [4, 2, 1], 'nothing changed');

  const changed = await admin.patch('/api/v1/obligations/duties/guards_per_shift', { levels: [5, 2, 1] });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.version, 2);
  assert.deepEqual(changed.body.levels, [5, 2, 1]);
  const added = await admin.post('/api/v1/obligations/duties', {
    code: 'fire_alarm', name: { en: 'Fire alarm', ru: 'Пожарная сигнализация', kk: 'Өрт дабылы' }, measure: 'yes_no', levels: [1, 1, null],
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  assert.equal((await admin.post('/api/v1/obligations/duties', {
    code: 'fire_alarm', name: { en: 'x', ru: 'x', kk: 'x' }, measure: 'yes_no', levels: [1, 1, 1],
  })).status, 422, 'a code is used once');
  const audit = (await admin.get('/api/v1/audit?entity_type=obligation_duty')).body.items.map((e) => e.action);
  assert.ok(audit.includes('obligation_duty.update') && audit.includes('obligation_duty.create'), audit.join());
});

test('a company officer assesses its own organisation\'s facilities only, and nothing else is stored', async () => {
  const before = count('obligation_assessments');
  const answers = await answersFor(1);
  // Another organisation's facility, a small company's, a facility that does not exist.
  const other = await officer.post(`/api/v1/obligations/facilities/${W.B.facility.id}/assessments`, { assessed_on: today(), workers: 40, answers });
  assert.equal(other.status, 403, JSON.stringify(other.body));
  assert.match(other.body.detail ?? other.body.title, /another organisation/);
  const small = await admin.post(`/api/v1/obligations/facilities/${W.bakery.id}/assessments`, { assessed_on: today(), workers: 4, answers: await answersFor(3) });
  assert.equal(small.status, 422);
  assert.equal(small.body.errors[0].field, 'facility_id');
  assert.equal((await officer.post('/api/v1/obligations/facilities/999999/assessments', { assessed_on: today(), workers: 1, answers })).status, 404);
  assert.equal((await admin.get(`/api/v1/obligations/facilities/${W.bakery.id}`)).status, 422, 'a small company has no duties');
  assert.equal((await hqB.get(`/api/v1/obligations/facilities/${W.bakery.id}`)).status, 404, 'and outside the region it does not exist');
  assert.equal((await hq.post(`/api/v1/obligations/facilities/${W.A.facility.id}/assessments`, { assessed_on: today(), workers: 40, answers })).status, 403, 'headquarters inspect, they do not self-assess');
  // Half-valid bodies: a missing duty, an unknown one, a future date, a yes-no duty answered 3.
  const half = await officer.post(`/api/v1/obligations/facilities/${W.A.facility.id}/assessments`, {
    assessed_on: daysFromToday(3), workers: 40,
    answers: [...answers.filter((a) => a.duty !== 'drills_per_year' && a.duty !== 'access_control'), { duty: 'moat', value: 1 }, { duty: 'access_control', value: 3 }],
  });
  assert.equal(half.status, 422);
  const at = half.body.errors.map((e) => e.field);
  for (const f of ['assessed_on', 'answers', `answers[${answers.length - 2}].duty`, `answers[${answers.length - 1}].value`]) assert.ok(at.includes(f), `${f} in ${at}`);
  assert.equal(count('obligation_assessments'), before, 'no refused assessment is stored');

  // A real one: backup power for 12 h where 72 are due, the rest met.
  const a = await made(await officer.post(`/api/v1/obligations/facilities/${W.A.facility.id}/assessments`, {
    assessed_on: daysFromToday(-20), workers: 120,
    answers: (await answersFor(1, { backup_power_hours: 12 })).map((x) => x.duty === 'backup_power_hours' ? { ...x, comment: 'Дизель-генератор на 12 часов' } : x),
  }));
  assert.equal(a.required, answers.length);
  assert.equal(a.met, answers.length - 1);
  const line = a.answers.find((l) => l.duty === 'backup_power_hours');
  assert.deepEqual([line.required, line.observed, line.met, line.comment], [72, 12, false, 'Дизель-генератор на 12 часов']);
  W.assessment = a;
  const c = (await officer.get(`/api/v1/obligations/facilities/${W.A.facility.id}`)).body;
  assert.equal(c.status, 'partly_compliant');
  assert.equal(c.basis.kind, 'assessment');
  assert.equal(c.score, Math.floor((answers.length - 1) * 100 / answers.length));
  // The other company and the other region do not see it.
  assert.equal((await officerB.get(`/api/v1/obligations/assessments/${a.id}`)).status, 404);
  assert.equal((await hqB.get(`/api/v1/obligations/assessments/${a.id}`)).status, 404);
  assert.equal((await hq.get(`/api/v1/obligations/assessments/${a.id}`)).status, 200);
  assert.deepEqual((await officerB.get('/api/v1/obligations/assessments')).body.items, []);
  const audit = (await admin.get(`/api/v1/audit?entity_type=obligation_assessment&entity_id=${a.id}`)).body.items.map((e) => e.action);
  assert.deepEqual(audit, ['obligation_assessment.submit']);
});

test('evidence files are what their bytes are: a file that lies about its type is refused', async () => {
  const id = W.assessment.id;
  const before = count('obligation_evidence');
  const lie = await upload(officer, id, pdf, 'image/jpeg', 'photo.jpg');
  assert.equal(lie.status, 422);
  assert.equal(lie.body.errors[0].field, 'file');
  assert.match(lie.body.errors[0].message, /application\/pdf/);
  const text = await upload(officer, id, Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf');
  assert.equal(text.status, 422);
  const fakePng = await upload(officer, id, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not an image')]), 'image/png', 'x.png');
  assert.equal(fakePng.status, 422);
  assert.equal((await upload(officer, id, Buffer.alloc(5 * 1024 * 1024 + 1, 0x25), 'application/pdf')).status, 422, 'over 5 MB');
  assert.equal((await upload(officerB, id, pdf, 'application/pdf')).status, 404, 'another company');
  assert.equal((await upload(hq, id, pdf, 'application/pdf')).status, 403);
  assert.equal(count('obligation_evidence'), before, 'nothing refused is stored');

  const e = await upload(officer, id, pdf, 'application/pdf', 'План охраны.pdf');
  assert.equal(e.status, 201, JSON.stringify(e.body));
  assert.equal(e.body.mime, 'application/pdf');
  assert.equal(e.body.name, 'План охраны.pdf');
  const file = await fetch(`${server.base}${e.body.href}`, { headers: { authorization: `Bearer ${hq.token}` } });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), pdf);
  assert.equal((await fetch(`${server.base}${e.body.href}`, { headers: { authorization: `Bearer ${officerB.token}` } })).status, 404);
  assert.equal((await officer.get(`/api/v1/obligations/assessments/${id}`)).body.evidence.length, 1);
});

test('headquarters inspect their region with the checklist; findings are followed up and closed with a note', async () => {
  const checklist = await answersFor(1, { perimeter_lighting: 0, guards_per_shift: 3 });
  const body = {
    inspected_on: daysFromToday(-10), inspector: 'майор Т. Ахметов', workers: 120, notes: 'Проверка по плану',
    checklist: checklist.map((x) => x.duty === 'perimeter_lighting' ? { ...x, comment: 'северный участок не освещён' } : x),
    findings: [
      { duty: 'perimeter_lighting', deficiency: 'Нет освещения северного участка периметра', severity: 'high', deadline: daysFromToday(-3), responsible: 'Главный энергетик Б. Жумабаев' },
      { duty: 'guards_per_shift', deficiency: 'В ночную смену три охранника вместо пяти', severity: 'medium', deadline: daysFromToday(30), responsible: 'Начальник охраны' },
    ],
  };
  const before = count('obligation_inspections');
  assert.equal((await hqB.post(`/api/v1/obligations/facilities/${W.A.facility.id}/inspections`, body)).status, 404, 'outside the region');
  assert.equal((await officer.post(`/api/v1/obligations/facilities/${W.A.facility.id}/inspections`, body)).status, 403);
  const bad = await hq.post(`/api/v1/obligations/facilities/${W.A.facility.id}/inspections`, {
    ...body, findings: [{ ...body.findings[0], severity: 'dire', deadline: daysFromToday(-30) }],
  });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['findings[0].deadline', 'findings[0].severity']);
  assert.equal(count('obligation_inspections'), before);
  assert.equal(count('obligation_findings'), 0);

  const i = await made(await hq.post(`/api/v1/obligations/facilities/${W.A.facility.id}/inspections`, body));
  assert.equal(i.met, i.required - 2);
  assert.equal(i.findings.length, 2);
  assert.deepEqual(i.findings.map((f) => f.status), ['open', 'open']);
  W.inspection = i;
  const c = (await hq.get(`/api/v1/obligations/facilities/${W.A.facility.id}`)).body;
  assert.equal(c.basis.kind, 'inspection', 'the newer result counts');
  assert.equal(c.open_findings, 2);
  assert.equal(c.overdue_findings, 1);
  assert.equal(c.status, 'non_compliant', 'an overdue finding of high severity');

  // The company reports progress; only headquarters close, with a note.
  const [late, later] = i.findings;
  const progress = await officer.post(`/api/v1/obligations/findings/${later.id}/status`, { status: 'in_progress', note: 'Набираем двух охранников' });
  assert.equal(progress.status, 200, JSON.stringify(progress.body));
  assert.equal((await officer.post(`/api/v1/obligations/findings/${later.id}/status`, { status: 'closed', note: 'сами закрыли' })).status, 403);
  assert.equal((await officerB.post(`/api/v1/obligations/findings/${later.id}/status`, { status: 'remedied', note: 'x' })).status, 404);
  const noNote = await hq.post(`/api/v1/obligations/findings/${later.id}/status`, { status: 'closed' });
  assert.equal(noNote.status, 422);
  assert.equal(noNote.body.errors[0].field, 'note');
  const closed = await hq.post(`/api/v1/obligations/findings/${later.id}/status`, { status: 'closed', note: 'Штат охраны укомплектован, приказ № 12' });
  assert.equal(closed.status, 200);
  assert.equal(closed.body.closing_note, 'Штат охраны укомплектован, приказ № 12');
  assert.deepEqual(closed.body.events.map((e) => e.status), ['open', 'in_progress', 'closed']);
  assert.equal((await hq.post(`/api/v1/obligations/findings/${later.id}/status`, { status: 'open', note: 'снова' })).status, 409, 'closed stays closed');
  // A finding added later to the same inspection.
  const extra = await made(await hq.post(`/api/v1/obligations/inspections/${i.id}/findings`, {
    deficiency: 'Журнал обходов не ведётся', severity: 'low', deadline: daysFromToday(14), responsible: 'Начальник охраны',
  }));
  assert.equal(extra.status, 'open');
  const audit = (await admin.get(`/api/v1/audit?entity_type=obligation_finding&entity_id=${later.id}`)).body.items.map((e) => e.action);
  assert.deepEqual(audit.sort(), ['obligation_finding.status', 'obligation_finding.status']);
  W.late = late;
});

test('an overdue finding raises one reminder through the outbox and shows as overdue', async () => {
  const reference = `obligations:finding:${W.late.id}`;
  let messages = [];
  for (let k = 0; k < 100 && messages.length === 0; k++) {
    messages = (await admin.get(`/api/v1/notify/messages?reference=${encodeURIComponent(reference)}`)).body.items;
    if (messages.length === 0) await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.equal(messages.length, 1, 'the sweep reminded of the overdue finding');
  assert.equal(messages[0].channel, 'email');
  assert.equal(messages[0].recipient, 'security-a@energo.example.kz');
  assert.match(messages[0].text, /Нет освещения северного участка/);
  const overdue = (await hq.get('/api/v1/obligations/findings?overdue=true')).body.items;
  assert.deepEqual(overdue.map((f) => f.id), [W.late.id]);
  assert.ok(overdue[0].reminded_at);
  assert.deepEqual((await hqB.get('/api/v1/obligations/findings?overdue=true')).body.items, []);
  await new Promise((ok) => setTimeout(ok, 2500));  // more sweeps: no second reminder
  assert.equal((await admin.get(`/api/v1/notify/messages?reference=${encodeURIComponent(reference)}`)).body.items.length, 1);
  const audit = (await admin.get(`/api/v1/audit?entity_type=obligation_finding&entity_id=${W.late.id}`)).body.items.map((e) => e.action);
  assert.deepEqual(audit, ['obligation_finding.remind']);
});

test('compliance per facility, organisation and region with its trend, and its CSV', async () => {
  const all = (await auditor.get('/api/v1/obligations/compliance')).body;
  const ids = all.facilities.map((f) => f.facility_id).sort((a, b) => a - b);
  assert.deepEqual(ids, [W.A.facility.id, W.B.facility.id, W.second.id].sort((a, b) => a - b), 'large companies\' facilities only');
  const a = all.facilities.find((f) => f.facility_id === W.A.facility.id);
  assert.equal(a.status, 'non_compliant');
  assert.equal(all.facilities.find((f) => f.facility_id === W.B.facility.id).status, 'not_assessed');
  const orgA = all.organisations.find((o) => o.id === W.A.org.id);
  assert.equal(orgA.facilities, 2);
  assert.equal(orgA.assessed, 1);
  assert.equal(orgA.overdue_findings, 1);
  assert.equal(all.regions.find((r) => r.id === W.A.region.id).label, 'OB-A');
  assert.equal(all.total.facilities, 3);
  assert.equal(all.total.by_status.not_assessed, 2);
  assert.equal(all.trend.length, 13);
  assert.equal(all.trend.at(-1).facilities, 1);
  assert.equal(all.trend[0].facilities, 0, 'nothing was assessed a year ago');
  const history = (await hq.get(`/api/v1/obligations/facilities/${W.A.facility.id}`)).body.history;
  assert.deepEqual(history.map((h) => h.status).slice(0, 2), ['partly_compliant', 'non_compliant']);

  // Scoped: the company sees its own, the other region's staff theirs.
  assert.deepEqual((await officer.get('/api/v1/obligations/compliance')).body.facilities.map((f) => f.facility_id).sort(), [W.A.facility.id, W.second.id].sort());
  assert.deepEqual((await hqB.get('/api/v1/obligations/compliance')).body.facilities.map((f) => f.facility_id), [W.B.facility.id]);
  assert.equal((await officerB.get(`/api/v1/obligations/facilities/${W.A.facility.id}`)).status, 404);

  const csv = await fetch(`${server.base}/api/v1/obligations/compliance.csv`, { headers: { authorization: `Bearer ${hq.token}` } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = (await csv.text()).trim().split(/\r?\n/);
  assert.match(lines[0], /^facility_id,facility,organisation_id,organisation,region_id,criticality,status,score/);
  assert.equal(lines.length, 3, 'header and the two facilities of region A');
  assert.ok(lines.some((l) => l.startsWith(`${W.A.facility.id},Подстанция A,`) && l.includes(',non_compliant,')), lines.join('\n'));
});

test('the inspection act prints in kk, ru and en', async () => {
  const id = W.inspection.id;
  for (const [lang, words] of [['ru', ['Акт проверки', 'Освещение периметра', 'высокая', 'Подпись']], ['kk', ['Тексеру актісі', 'Периметрді жарықтандыру', 'жоғары']], ['en', ['Inspection act', 'Perimeter lighting', 'high', 'Signature']]]) {
    const res = await fetch(`${server.base}/api/v1/obligations/inspections/${id}/act?lang=${lang}`, { headers: { authorization: `Bearer ${officer.token}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
    const html = await res.text();
    assert.match(html, new RegExp(`<html lang="${lang}"`));
    for (const w of words) assert.ok(html.includes(w), `${lang}: ${w}`);
    assert.ok(html.includes('Нет освещения северного участка периметра'));
    assert.ok(html.includes('Подстанция A'));
  }
  assert.equal((await admin.get(`/api/v1/obligations/inspections/${id}/act?lang=de`)).status, 422);
  assert.equal((await officerB.get(`/api/v1/obligations/inspections/${id}/act?lang=ru`)).status, 404);
});

test('levels set in qorgan.toml replace the table\'s, and admins cannot change them over the API', async () => {
  const file = join(server.db.dir, 'obligations.toml');
  writeFileSync(file, '[obligations.levels]\nguards_per_shift = [6, 3, -1]\n');
  // The last test: the server restarts with the file and stays so until `after` stops it.
  await server.stop();
  const own = await startServer({ db: server.db, args: ['--config', file], processes: 1 });
  server = own;
  const admin2 = await own.login();
  const guards = (await admin2.get('/api/v1/obligations/duties')).body.items.find((d) => d.code === 'guards_per_shift');
  assert.deepEqual(guards.levels, [6, 3, null]);
  assert.equal(guards.levels_from_config, true);
  const refused = await admin2.patch('/api/v1/obligations/duties/guards_per_shift', { levels: [1, 1, 1] });
  assert.equal(refused.status, 422);
  assert.match(refused.body.errors[0].message, /qorgan\.toml/);
  assert.equal((await admin2.patch('/api/v1/obligations/duties/guards_per_shift', { position: 5 })).status, 200, 'the rest stays editable');
  writeFileSync(file, '[obligations.levels]\nguards_per_shift = [6, "three"]\n');
  const bad = own.cli(['--config', file, 'migrate']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /obligations\.levels\.guards_per_shift/);
});
