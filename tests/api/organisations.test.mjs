// Organisations: CRUD, the protection obligation of large companies, filters, search, cursor
// pages, scopes per role, references that block deletion, and bad input that changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup } from './harness.mjs';

let server, admin;
const R = {};
const names = (ru, kk = ru, en = ru) => ({ kk, ru, en });

async function region(key, code, level, parent, ru) {
  const r = await admin.post('/api/v1/regions', { code, level, parent_id: parent ? R[parent].id : undefined, name: names(ru) });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  R[key] = r.body;
}

async function org(body) {
  const r = await admin.post('/api/v1/organisations', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function auditMark() {
  const a = await admin.get('/api/v1/audit?limit=500');
  return { count: a.body.items.length, top: a.body.items[0]?.seq };
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  await region('almaty', 'O-750000', 'city', null, 'Алматы');
  await region('almaly', 'O-751710', 'district', 'almaty', 'Алмалинский район');
  await region('medeu', 'O-752410', 'district', 'almaty', 'Медеуский район');
  await region('astana', 'O-710000', 'city', null, 'Астана');
});
after(async () => { await server.stop(); cleanup(server); });

test('an organisation is created, read, changed and deleted; large companies carry the protection obligation', async () => {
  const created = await admin.post('/api/v1/organisations', {
    name: 'АО «Алматинские электрические станции»', kind: 'company', size_category: 'large', region_id: R.almaly.id,
    contact_name: 'Нұрлан Сәрсенов', phone: '+77272123456', email: 'security@ales.example.kz',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const o = created.body;
  assert.equal(created.headers.get('location'), `/api/v1/organisations/${o.id}`);
  assert.equal(o.protection_obligation, true);
  assert.equal(o.phone, '+77272123456');
  assert.equal(o.region_id, R.almaly.id);
  assert.deepEqual((await admin.get(`/api/v1/organisations/${o.id}`)).body, o);

  const medium = await admin.patch(`/api/v1/organisations/${o.id}`, { size_category: 'medium', phone: null });
  assert.equal(medium.status, 200);
  assert.equal(medium.body.protection_obligation, false);
  assert.equal(medium.body.phone, null);
  assert.equal(medium.body.email, 'security@ales.example.kz', 'fields not sent stay');
  const agency = await org({ name: 'ДЧС города Алматы', kind: 'agency', size_category: 'large' });
  assert.equal(agency.protection_obligation, false, 'only companies carry it');
  assert.equal(agency.region_id, null);

  // Referenced by a facility → 409 naming it; free again once the facility is gone.
  const f = await admin.post('/api/v1/facilities', { name: 'ТЭЦ-2', kind: 'energy', organisation_id: o.id, region_id: R.almaly.id,
    location: { lat: 43.22, lon: 76.85 }, criticality: 1 });
  assert.equal(f.status, 201, JSON.stringify(f.body));
  const busy = await admin.del(`/api/v1/organisations/${o.id}`);
  assert.equal(busy.status, 409);
  assert.match(busy.body.detail, /1 facilities/);
  assert.equal((await admin.del(`/api/v1/facilities/${f.body.id}`)).status, 204);
  assert.equal((await admin.del(`/api/v1/organisations/${o.id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/organisations/${o.id}`)).status, 404);

  const audit = (await admin.get(`/api/v1/audit?entity_type=organisation&entity_id=${o.id}`)).body.items;
  assert.deepEqual(audit.map((e) => e.action).sort(), ['organisation.create', 'organisation.delete', 'organisation.update']);
  const upd = audit.find((e) => e.action === 'organisation.update');
  assert.equal(upd.before.size_category, 'large');
  assert.equal(upd.after.size_category, 'medium');
});

test('organisations are filtered, searched in any script and paged by cursor without gaps', async () => {
  const made = [];
  const specs = [
    ['ТОО «Ерлан-Құрылыс»', 'company', 'small', 'almaly'], ['ТОО «Ёлочка»', 'company', 'medium', 'medeu'],
    ['Қазақ Су', 'company', 'large', 'medeu'], ['Фонд «Көмек»', 'ngo', 'small', 'almaly'],
    ['Акимат Медеуского района', 'agency', 'medium', 'medeu'], ['Астана Газ', 'company', 'large', 'astana'],
    ['Прочие', 'other', 'small', null],
  ];
  for (const [name, kind, size_category, r] of specs) {
    made.push(await org({ name, kind, size_category, ...(r ? { region_id: R[r].id } : {}) }));
  }
  const ids = async (q) => {
    const r = await admin.get('/api/v1/organisations?limit=500&sort=id&' + q);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((o) => o.id).filter((id) => made.some((m) => m.id === id));
  };
  const id = (name) => made.find((m) => m.name === name).id;
  assert.deepEqual(await ids(`region=${R.medeu.id}`), [id('ТОО «Ёлочка»'), id('Қазақ Су'), id('Акимат Медеуского района')]);
  assert.deepEqual(await ids(`region=${R.almaty.id}&kind=ngo`), [id('Фонд «Көмек»')]);
  assert.deepEqual(await ids('size_category=large'), [id('Қазақ Су'), id('Астана Газ')]);
  assert.deepEqual(await ids('q=' + encodeURIComponent('елочка')), [id('ТОО «Ёлочка»')]);
  assert.deepEqual(await ids('q=' + encodeURIComponent('ҚАЗАҚ')), [id('Қазақ Су')]);
  assert.deepEqual(await ids('q=' + encodeURIComponent('көмек')), [id('Фонд «Көмек»')]);
  for (const q of ['kind=bank', 'size_category=huge', 'region=x', 'sort=phone', 'limit=501']) {
    assert.equal((await admin.get('/api/v1/organisations?' + q)).status, 422, q);
  }
  const all = (await admin.get('/api/v1/organisations?limit=500')).body.items.map((o) => o.id).sort((a, b) => a - b);
  for (const sort of ['name', '-name', '-id', 'created_at']) {
    const seen = [];
    let cursor = null;
    do {
      const r = await admin.get(`/api/v1/organisations?limit=2&sort=${sort}` + (cursor ? `&cursor=${cursor}` : ''));
      assert.equal(r.status, 200);
      seen.push(...r.body.items.map((o) => o.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length, `no duplicates (${sort})`);
    assert.deepEqual([...seen].sort((a, b) => a - b), all, sort);
  }
  const byName = (await admin.get('/api/v1/organisations?limit=500&sort=name')).body.items.map((o) => o.name.toLowerCase());
  assert.deepEqual(byName.slice(0, 2), ['акимат медеуского района', 'астана газ']);
});

test('each role sees and changes only the organisations its scope allows', async () => {
  const inScope = await org({ name: 'Скоуп Алмалы', kind: 'company', size_category: 'large', region_id: R.almaly.id, phone: '+77011234567' });
  const outScope = await org({ name: 'Скоуп Астана', kind: 'company', size_category: 'small', region_id: R.astana.id });
  const noRegion = await org({ name: 'Скоуп без региона', kind: 'agency', size_category: 'small' });
  const q = '/api/v1/organisations?q=' + encodeURIComponent('скоуп') + '&sort=id';

  const hq = await server.account(admin, 'orgs-hq-almaty', 'hq_staff', { region: 'O-750000' });
  assert.deepEqual((await hq.get(q)).body.items.map((o) => o.id), [inScope.id, noRegion.id]);
  assert.equal((await hq.get(`/api/v1/organisations/${outScope.id}`)).status, 404);
  assert.equal((await hq.patch(`/api/v1/organisations/${outScope.id}`, { name: 'X' })).status, 404);
  assert.equal((await hq.del(`/api/v1/organisations/${outScope.id}`)).status, 404);
  assert.equal((await hq.patch(`/api/v1/organisations/${inScope.id}`, { contact_name: 'Айгүл' })).status, 200);
  assert.equal((await hq.patch(`/api/v1/organisations/${inScope.id}`, { region_id: R.astana.id })).status, 403);
  assert.equal((await hq.patch(`/api/v1/organisations/${inScope.id}`, { region_id: null })).status, 403, 'no region is read-only for scoped staff');
  assert.equal((await hq.get(`/api/v1/organisations/${noRegion.id}`)).status, 200);
  assert.equal((await hq.patch(`/api/v1/organisations/${noRegion.id}`, { name: 'X' })).status, 403);
  assert.equal((await hq.post('/api/v1/organisations', { name: 'Чужая', kind: 'ngo', size_category: 'small', region_id: R.astana.id })).status, 403);
  assert.equal((await hq.post('/api/v1/organisations', { name: 'Без региона', kind: 'ngo', size_category: 'small' })).status, 403);
  const mine = await hq.post('/api/v1/organisations', { name: 'Своя', kind: 'ngo', size_category: 'small', region_id: R.medeu.id });
  assert.equal(mine.status, 201);
  assert.equal((await hq.del(`/api/v1/organisations/${mine.body.id}`)).status, 204);

  const hqAll = await server.account(admin, 'orgs-hq-all', 'hq_staff');
  assert.equal((await hqAll.get(q)).body.items.length, 3);
  assert.equal((await hqAll.patch(`/api/v1/organisations/${noRegion.id}`, { contact_name: 'Дежурный' })).status, 200);

  const unit = await admin.post('/api/v1/units', { name: 'Скоуп-рота', kind: 'territorial_troops', region_id: R.almaly.id });
  const cmd = await server.account(admin, 'orgs-commander', 'commander', { unit_id: unit.body.id });
  assert.equal((await cmd.get(q)).body.items.length, 3);
  assert.equal((await cmd.get(`/api/v1/organisations/${outScope.id}`)).status, 200);
  assert.equal((await cmd.patch(`/api/v1/organisations/${inScope.id}`, { name: 'X' })).status, 403);

  const off = await server.account(admin, 'orgs-officer', 'company_officer', { organisation_id: inScope.id });
  assert.deepEqual((await off.get('/api/v1/organisations?limit=500')).body.items.map((o) => o.id), [inScope.id]);
  assert.equal((await off.get(`/api/v1/organisations/${inScope.id}`)).status, 200);
  assert.equal((await off.get(`/api/v1/organisations/${noRegion.id}`)).status, 404);
  assert.equal((await off.patch(`/api/v1/organisations/${inScope.id}`, { name: 'X' })).status, 403);

  const aud = await server.account(admin, 'orgs-auditor', 'auditor');
  assert.equal((await aud.get(q)).body.items.length, 3);
  assert.equal((await aud.del(`/api/v1/organisations/${outScope.id}`)).status, 403);

  const person = await admin.post('/api/v1/people', { family_name: 'Орг', given_name: 'Тест', birth_date: '1990-01-01', iin: '900101300017', region_id: R.almaly.id, status: 'volunteer' });
  assert.equal(person.status, 201, JSON.stringify(person.body));
  const vol = await server.account(admin, 'orgs-volunteer', 'volunteer', { person_id: person.body.id });
  assert.equal((await vol.get(q)).status, 403);
  assert.equal((await vol.get(`/api/v1/organisations/${inScope.id}`)).status, 403);

  // An organisation that accounts belong to cannot be deleted.
  const busy = await admin.del(`/api/v1/organisations/${inScope.id}`);
  assert.equal(busy.status, 409);
  assert.match(busy.body.detail, /1 accounts/);
});

test('bad organisation input is refused whole with field errors and changes nothing', async () => {
  const o = await org({ name: 'Неизменная', kind: 'ngo', size_category: 'small', region_id: R.almaly.id });
  const before = await auditMark();
  const count = (await admin.get('/api/v1/organisations?limit=500')).body.items.length;
  const cases = [
    [{}, ['kind', 'name', 'size_category']],
    [{ name: ['x'], kind: 'bank', size_category: 'huge', region_id: 1.5, fax: '1' }, ['fax', 'kind', 'name', 'region_id', 'size_category']],
    [{ name: 'X', kind: 'ngo', size_category: 'small', phone: '87011234567', email: 'not an email' }, ['email', 'phone']],
    [{ name: 'X', kind: 'ngo', size_category: 'small', region_id: 999999 }, ['region_id']],
    [{ name: 'X\u0000', kind: 'ngo', size_category: 'small' }, ['name']],
    [{ name: 'x'.repeat(301), kind: 'ngo', size_category: 'small' }, ['name']],
  ];
  for (const [body, fields] of cases) {
    const r = await admin.post('/api/v1/organisations', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(r.body.errors.map((e) => e.field).sort(), fields, JSON.stringify(body));
  }
  for (const body of [{ kind: null }, { size_category: 'xl' }, { region_id: 999999 }, { phone: '+0123' }, { id: 5 }]) {
    assert.equal((await admin.patch(`/api/v1/organisations/${o.id}`, body)).status, 422, JSON.stringify(body));
  }
  for (const raw of ['{', '[1]', '"x"']) assert.equal((await admin.post('/api/v1/organisations', raw)).status, 422, raw);
  const invalidUtf8 = await fetch(`${server.base}/api/v1/organisations`, {
    method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","kind":"ngo","size_category":"small"}')]),
  });
  assert.equal(invalidUtf8.status, 422);
  assert.deepEqual(await auditMark(), before);
  assert.equal((await admin.get('/api/v1/organisations?limit=500')).body.items.length, count);
  assert.deepEqual((await admin.get(`/api/v1/organisations/${o.id}`)).body, o);

  const hostile = `O'Hara & Sons"; DELETE FROM organisations; -- <b>bold</b>`;
  const h = await org({ name: hostile, kind: 'company', size_category: 'small' });
  assert.equal((await admin.get(`/api/v1/organisations/${h.id}`)).body.name, hostile);
  assert.ok((await admin.get('/api/v1/organisations?limit=500')).body.items.length === count + 1);
});
