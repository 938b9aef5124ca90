// The evacuation engine's errors in Kazakh, Russian and English: a bad evacuee CSV is refused
// with the field, the line and the value in the language the request asks for (?lang=, the
// account's, Accept-Language, else English), an upload that is no map likewise, a plan past the
// horizon keeps its English `error` and adds `error_translation` in the reader's language, and
// the console's evacuation pages show both in the page's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cleanup, ADMIN_PASSWORD } from './harness.mjs';
import { osmTown } from './osm-town.mjs';

const names = (n) => ({ kk: n, ru: n, en: n });
let server, admin, city, town, available = true, failedPlan;

const shelter = 'lat,lon,capacity,name\n43.2401,76.9001,1000000000,Stadium\n';
const badCsv = 'lat,lon,count\n43.2401,76.9001,10\n43.2401,76.9001,zero\n';
const plan = (extra) => ({
  name: 'Тіл', region_id: city.id, network_id: town.id, planner: 'qorgan',
  evacuees: { csv: 'lat,lon,count\n43.2455,76.9080,80\n' }, shelters: { csv: shelter }, ...extra,
});

async function waitFor(id, statuses, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await admin.get(`/api/v1/evac/plans/${id}`);
    if (statuses.includes(last.body.status)) return last.body;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.fail(`plan ${id} did not reach ${statuses} in ${ms} ms: ${JSON.stringify(last.body)}`);
}

// A signed-in console visitor asking for `lang`; forms are posted as the browser does
// (multipart, with the page's CSRF token).
async function consoleAs(lang) {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      if (/Max-Age=0/.test(c) || pair.slice(eq + 1) === '') jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const headers = () => ({ 'accept-language': lang, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') });
  const get = async (path) => {
    const res = await fetch(server.base + path, { redirect: 'manual', headers: headers() });
    keep(res);
    return { status: res.status, text: await res.text() };
  };
  const post = async (path, fields, files = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const [k, v] of Object.entries(files)) form.append(k, new Blob([v], { type: 'text/csv' }), `${k}.csv`);
    const res = await fetch(server.base + path, { method: 'POST', redirect: 'manual', body: form, headers: headers() });
    keep(res);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const login = await get('/console/login');
  const token = login.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const body = new URLSearchParams({ _csrf: token, login: 'admin', password: ADMIN_PASSWORD, next: '/console' });
  const res = await fetch(server.base + '/console/login', {
    method: 'POST', redirect: 'manual', body, headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  keep(res);
  assert.equal(res.status, 303, 'console sign-in');
  const csrf = (await get('/console/evac')).text.match(/name="_csrf" value="([^"]+)"/)[1];
  return { get, post, csrf };
}

// Mustache escapes quotes and ampersands; the words of the messages are plain.
const unescaped = (html) => html.replaceAll('&#39;', "'").replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

before(async () => {
  server = await startServer();
  admin = await server.login();
  if ((await admin.get('/api/v1/evac/networks')).status === 404) { available = false; return; }
  city = (await admin.post('/api/v1/regions', { code: 'EI-C', level: 'city', name: names('Тіл қаласы') })).body;
  const res = await fetch(`${server.base}/api/v1/evac/networks?name=Town&format=xml`, {
    method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${admin.token}` }, body: osmTown(8),
  });
  town = await res.json();
  assert.equal(res.status, 201, JSON.stringify(town));
  // 10^9 people at one junction of a town whose streets take a few people per step.
  const r = await admin.post('/api/v1/evac/plans', plan({ evacuees: { csv: 'lat,lon,count\n43.2455,76.9080,1000000000\n' } }));
  assert.equal(r.status, 202, JSON.stringify(r.body));
  failedPlan = await waitFor(r.body.id, ['failed', 'done']);
  assert.equal(failedPlan.status, 'failed', JSON.stringify(failedPlan));
});
after(async () => { await server.stop(); cleanup(server); });

test('a bad evacuee CSV is refused in the language the request asks for', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const before = (await admin.get('/api/v1/evac/plans?limit=500')).body.items.length;
  const cases = [
    ['', { 'accept-language': 'kk-KZ,kk;q=0.9' }, '3-жол: count: «zero» бүтін сан емес',
      'Жоспардағы эвакуацияланатындарды немесе баспаналарды пайдалану мүмкін емес.'],
    ['', { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' }, 'строка 3: count: «zero» не является целым числом',
      'Эвакуируемых или укрытия плана невозможно использовать.'],
    // ?lang= wins over Accept-Language.
    ['?lang=ru', { 'accept-language': 'kk' }, 'строка 3: count: «zero» не является целым числом',
      'Эвакуируемых или укрытия плана невозможно использовать.'],
    ['?lang=kk', {}, '3-жол: count: «zero» бүтін сан емес',
      'Жоспардағы эвакуацияланатындарды немесе баспаналарды пайдалану мүмкін емес.'],
    // Without a wish the API answers in English, as it always has.
    ['', {}, "line 3: count 'zero' is not an integer", "The plan's evacuees or shelters cannot be used."],
    ['', { 'accept-language': 'de' }, "line 3: count 'zero' is not an integer", "The plan's evacuees or shelters cannot be used."],
  ];
  for (const [query, headers, message, detail] of cases) {
    const r = await admin.post(`/api/v1/evac/plans${query}`, plan({ evacuees: { csv: badCsv } }), headers);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.match(r.headers.get('content-type'), /problem\+json/);
    assert.deepEqual(r.body.errors, [{ field: 'evacuees.csv', message }], `${query} ${JSON.stringify(headers)}`);
    assert.equal(r.body.detail, detail);
  }
  // The values are kept: the point and its distance.
  const far = await admin.post('/api/v1/evac/plans?lang=ru', plan({ evacuees: { csv: '43.2401,76.9001,10\n55.75,37.61,10\n' } }));
  assert.equal(far.status, 422);
  assert.match(far.body.errors[0].message, /^строка 2: точка \(55\.75, 37\.61\) находится в \d+ м от ближайшего узла дорожной сети$/);
  const big = await admin.post('/api/v1/evac/plans', plan({ shelters: { csv: 'lat,lon,capacity\n43.2401,76.9001,10000000000000000\n' } }), { 'accept-language': 'kk' });
  assert.deepEqual(big.body.errors, [{ field: 'shelters.csv', message: '2-жол: capacity бағанындағы мән ең көбі 1000000000 болуы керек, берілгені: 10000000000000000' }]);
  assert.equal((await admin.get('/api/v1/evac/plans?limit=500')).body.items.length, before, 'nothing stored');
});

test('the account\'s language is used when the request names none', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const planner = await server.account(admin, 'evac-kk', 'hq_staff');
  const saved = await planner.put('/api/v1/me/language', { language: 'kk' });
  assert.ok([200, 204].includes(saved.status), JSON.stringify(saved.body));
  let r = await planner.post('/api/v1/evac/plans', plan({ evacuees: { csv: badCsv } }), { 'accept-language': 'ru' });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].message, '3-жол: count: «zero» бүтін сан емес');
  r = await planner.post('/api/v1/evac/plans?lang=en', plan({ evacuees: { csv: badCsv } }));
  assert.equal(r.body.errors[0].message, "line 3: count 'zero' is not an integer");
});

test('an upload that is no map is refused in the asked language', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const up = async (query, headers) => {
    const res = await fetch(`${server.base}/api/v1/evac/networks?${query}`, {
      method: 'POST', body: 'this is not a map',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${admin.token}`, ...headers },
    });
    return { status: res.status, body: await res.json() };
  };
  let r = await up('name=Garbage', { 'accept-language': 'ru' });
  assert.equal(r.status, 422);
  assert.equal(r.body.detail, 'Дорожную сеть невозможно импортировать.');
  assert.deepEqual(r.body.errors, [{ field: 'body', message: 'не является ни файлом OpenStreetMap PBF, ни OSM XML (обычным, .bz2 или .gz)' }]);
  r = await up('name=Garbage&lang=kk', {});
  assert.equal(r.body.detail, 'Жол желісін импорттау мүмкін емес.');
  assert.deepEqual(r.body.errors, [{ field: 'body', message: 'OpenStreetMap PBF файлы да, OSM XML (кәдімгі, .bz2 немесе .gz) да емес' }]);
  r = await up('name=Garbage', {});
  assert.deepEqual(r.body.errors, [{ field: 'body', message: 'is neither an OpenStreetMap PBF file nor OSM XML (plain, .bz2 or .gz)' }]);
});

test('a plan past the horizon keeps its English error and adds the reader\'s language', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const english = /^the egress would take at least (\d+) steps \((\d+) min\), beyond the horizon of 1000000 steps: 1000000000 people can reach a shelter, and at most (\d+) per step cross the narrowest cut/;
  const m = failedPlan.error.match(english);
  assert.ok(m, failedPlan.error);
  const [, steps, minutes, perStep] = m;
  assert.equal(failedPlan.error_translation, undefined, 'no translation when English is asked for');
  let r = await admin.get(`/api/v1/evac/plans/${failedPlan.id}`, { 'accept-language': 'ru' });
  assert.equal(r.body.error, failedPlan.error);
  assert.equal(r.body.error_translation.lang, 'ru');
  assert.equal(r.body.error_translation.message,
    `эвакуация займёт шагов не меньше: ${steps} (${minutes} мин), это за пределами горизонта планирования (шагов: 1000000): ` +
    `до укрытий могут добраться людей: 1000000000, а через самое узкое сечение между местами выхода и укрытиями за шаг проходит не больше ${perStep} человек; ` +
    'проверьте число людей и пропускные способности или увеличьте горизонт');
  r = await admin.get(`/api/v1/evac/plans/${failedPlan.id}?lang=kk`);
  assert.equal(r.body.error_translation.lang, 'kk');
  assert.equal(r.body.error_translation.message,
    `эвакуация кемінде ${steps} қадамға (${minutes} мин) созылады, бұл 1000000 қадамдық жоспарлау көкжиегінен тыс: ` +
    `баспанаға 1000000000 адам жете алады, ал шығу орындары мен баспаналар арасындағы ең тар қимадан бір қадамда ең көбі ${perStep} адам өтеді; ` +
    'адамдар саны мен өткізу қабілетін тексеріңіз немесе көкжиекті ұлғайтыңыз');
  // The list carries it too.
  r = await admin.get('/api/v1/evac/plans?status=failed&lang=ru');
  const listed = r.body.items.find((p) => p.id === failedPlan.id);
  assert.match(listed.error_translation.message, /^эвакуация займёт шагов не меньше: /);
});

test('the console shows the engine\'s errors in the page\'s language', async (t) => {
  if (!available) return t.skip('no evacuation planning in this build');
  const expected = {
    kk: { line: '3-жол: count: «zero» бүтін сан емес', horizon: `эвакуация кемінде `, horizon2: '1000000 қадамдық жоспарлау көкжиегінен тыс: баспанаға 1000000000 адам жете алады' },
    ru: { line: 'строка 3: count: «zero» не является целым числом', horizon: 'эвакуация займёт шагов не меньше: ', horizon2: 'за пределами горизонта планирования (шагов: 1000000): до укрытий могут добраться людей: 1000000000' },
    en: { line: "line 3: count 'zero' is not an integer", horizon: 'the egress would take at least ', horizon2: 'beyond the horizon of 1000000 steps: 1000000000 people can reach a shelter' },
  };
  for (const [lang, want] of Object.entries(expected)) {
    const s = await consoleAs(lang);
    const before = (await admin.get('/api/v1/evac/plans?limit=500')).body.items.length;
    const page = await s.post('/console/evac/plans', {
      _csrf: s.csrf, name: 'Console', network_id: String(town.id), region_id: String(city.id), planner: 'qorgan',
      evacuees: 'csv', shelters: 'csv',
    }, { evacuees_file: badCsv, shelters_file: shelter });
    assert.equal(page.status, 422, `${lang}: ${page.text.slice(0, 300)}`);
    const text = unescaped(page.text);
    assert.match(text, new RegExp(`<html[^>]+lang="${lang}"`));
    assert.ok(text.includes(want.line), `${lang}: the CSV error on the form page: ${text.match(/evacuees.csv[^<]*/)}`);
    assert.equal((await admin.get('/api/v1/evac/plans?limit=500')).body.items.length, before, 'nothing stored');
    const failed = unescaped((await s.get(`/console/evac/plans/${failedPlan.id}`)).text);
    assert.ok(failed.includes(want.horizon) && failed.includes(want.horizon2), `${lang}: the failed plan's error`);
    if (lang !== 'en') assert.ok(!failed.includes('the egress would take'), `${lang}: no English left`);
  }
});
