// Every JSON endpoint, every field, every wrong type: each field of a valid body (nested ones
// included) is replaced in turn by values of other JSON types, and unknown fields are added. The
// server must answer each with a 4xx problem or a success, never a 5xx, and keep serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, makeIin } from './harness.mjs';

let server, admin;
const names = (s) => ({ kk: s, ru: s, en: s });

async function made(res) {
  assert.equal(res.status, 201, `fixture: ${JSON.stringify(res.body)}`);
  return res.body;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
});
after(async () => { await server.stop(); cleanup(server); });

const WRONG = [null, 0, -1, 1.5, 1e308, -9223372036854775808, '', 'x', '\u0000', 'ё'.repeat(3000), true, false,
  [], [1, 'a', null], {}, { a: { b: [] } }, JSON.parse('['.repeat(40) + ']'.repeat(40))];

// Every path to a value in `body` (["images", 0, "src"]), the containers included.
function paths(value, at = []) {
  const out = [];
  if (Array.isArray(value)) value.forEach((v, i) => { out.push([...at, i]); out.push(...paths(v, [...at, i])); });
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) { out.push([...at, k]); out.push(...paths(v, [...at, k])); }
  return out;
}

function replaced(body, path, v) {
  const copy = structuredClone(body);
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path.at(-1)] = v;
  return copy;
}

test('no JSON body, whatever the types of its fields, makes the server fail', async () => {
  const city = await made(await admin.post('/api/v1/regions', { code: 'FT-CITY', level: 'city', name: names('Қала') }));
  const region = await made(await admin.post('/api/v1/regions', { code: 'FT-A', level: 'district', parent_id: city.id, name: names('Аудан') }));
  const org = await made(await admin.post('/api/v1/organisations', { name: 'Серіктестік', kind: 'company', size_category: 'large', region_id: region.id }));
  const unit = await made(await admin.post('/api/v1/units', { name: 'Рота', kind: 'territorial_troops', region_id: region.id, status: 'active' }));
  const person = await made(await admin.post('/api/v1/people', { family_name: 'Типов', given_name: 'Арман', birth_date: '1990-01-01',
    iin: makeIin(1990, 1, 1, 404), region_id: region.id, status: 'reservist' }));
  const facility = await made(await admin.post('/api/v1/facilities', { name: 'Су қоймасы', kind: 'water', region_id: region.id,
    organisation_id: org.id, location: { lat: 43.25, lon: 76.9 }, criticality: 1, guard_posts: 2 }));
  const membership = await made(await admin.post(`/api/v1/people/${person.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
  const article = await made(await admin.post('/api/v1/editor/articles', { lang: 'en', category: 'news', title: 'Types', lead: 'Lead', body: 'Body',
    tags: ['one'], images: [{ src: '/static/portal-icon.svg', alt: 'A picture', caption: 'Caption' }] }));
  const category = await made(await admin.post('/api/v1/editor/categories', { slug: 'ft-cat', position: 9, name: names('Санат'), description: names('Сипаттама') }));

  const endpoints = [
    ['POST', '/api/v1/regions', { code: 'FT-B', level: 'district', parent_id: city.id, name: names('Б') }],
    ['PATCH', `/api/v1/regions/${region.id}`, { name: names('Аудан'), parent_id: city.id }],
    ['POST', '/api/v1/organisations', { name: 'Басқа', kind: 'company', size_category: 'small', region_id: region.id }],
    ['PATCH', `/api/v1/organisations/${org.id}`, { name: 'Серіктестік', size_category: 'large' }],
    ['POST', '/api/v1/units', { name: 'Взвод', kind: 'special_unit', region_id: region.id, parent_id: unit.id, commander_id: person.id,
      targets: [{ position: 'rifleman', count: 3 }] }],
    ['PATCH', `/api/v1/units/${unit.id}`, { status: 'active', commander_id: person.id }],
    ['POST', '/api/v1/people', { family_name: 'Екінші', given_name: 'Дана', birth_date: '1991-02-02', iin: makeIin(1991, 2, 2, 505),
      region_id: region.id, status: 'reservist', phone: '+77001112233', email: 'dana@example.kz', skills: [{ skill: 'driver', qualified_on: '2020-01-01' }] }],
    ['PATCH', `/api/v1/people/${person.id}`, { status: 'reservist', phone: '+77001112233' }],
    ['POST', `/api/v1/people/${person.id}/memberships`, { unit_id: unit.id, position: 'driver', from: '2024-02-01' }],
    ['PATCH', `/api/v1/people/${person.id}/memberships/${membership.id}`, { to: '2030-01-01' }],
    ['POST', '/api/v1/facilities', { name: 'Екінші', kind: 'energy', region_id: region.id, organisation_id: org.id,
      location: { lat: 43.2, lon: 76.8 }, criticality: 2, guard_posts: 1, shelter_capacity: 100 }],
    ['PATCH', `/api/v1/facilities/${facility.id}`, { criticality: 2, location: { lat: 43.3, lon: 76.7 } }],
    ['POST', '/api/v1/accounts', { login: 'ft-account', password: 'long-enough-password', role: 'hq_staff', region: 'FT-A' }],
    ['POST', '/api/v1/editor/articles', { lang: 'ru', category: 'news', title: 'Типы', lead: 'Л', body: 'Т', author: 'А', slug: 'tipy',
      tags: ['a', 'b'], translation_of: article.id, images: [{ src: '/static/portal-icon.svg', alt: 'B', caption: 'C' }, { media_id: 1, alt: 'M' }] }],
    ['PATCH', `/api/v1/editor/articles/${article.id}`, { title: 'Types 2', images: [{ src: '/static/x.png', alt: 'X' }] }],
    ['POST', `/api/v1/editor/articles/${article.id}/status`, { status: 'in_review', scheduled_at: '2099-01-01T00:00:00Z' }],
    ['POST', '/api/v1/editor/categories', { slug: 'ft-cat-2', position: 3, name: names('Екі'), description: names('Д') }],
    ['PATCH', `/api/v1/editor/categories/${category.id}`, { position: 4, name: names('Санат') }],
    ['PATCH', '/api/v1/editor/settings', { site_name: names('Qorgan'), base_url: 'https://portal.example.kz',
      social: [{ network: 'telegram', url: 'https://t.me/example_portal' }],
      promos: [{ url: '/en/notices', title: names('Резерв') }], reuse_notice: names('Сілтеме') }],
    ['POST', '/api/v1/session', { login: 'nobody-here', password: 'wrong-password-here' }],
  ];
  let sent = 0;
  const failures = [];
  for (const [method, path, body] of endpoints) {
    const bodies = [{ ...body, unexpected_field: 1 }, [body], 'text', 42, null];
    for (const p of paths(body)) for (const v of WRONG) bodies.push(replaced(body, p, v));
    for (const b of bodies) {
      const r = await admin.call(method, path, b);
      sent++;
      if (r.status >= 500) failures.push(`${method} ${path} ${JSON.stringify(b).slice(0, 200)} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${sent} requests failed on the server's side`);
  assert.ok(sent > 1500, `${sent} requests sent`);
  assert.equal((await admin.get('/healthz')).status, 200);
});
