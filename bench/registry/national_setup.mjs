// Creates a national shape through the API: Kazakhstan's 17 oblasts and 3 cities of republican
// significance (their KATO codes), DISTRICTS generated districts under each, one brigade per
// oblast or city and BATTALIONS battalions under it per district. Writes the plan that
// gen_people.mjs spreads people over: {"regions": [{"code", "units": [unit ids]}]}, where every
// other entry is the district's brigade, so half of the members serve in the brigade itself (a
// large unit: its strength reads tens of thousands of memberships) and half in battalions.
// Usage: node national_setup.mjs --plan PLAN_FILE [--districts N] [--battalions N] BASE_URL TOKEN
import { writeFileSync } from 'node:fs';

const opts = { plan: null, districts: 10, battalions: 4 };
const rest = [];
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a.startsWith('--')) opts[a.slice(2)] = process.argv[++i];
  else rest.push(a);
}
const [base, token] = rest;
const planFile = opts.plan;
const districts = Number(opts.districts);
const battalions = Number(opts.battalions);

// KATO two-digit prefix, kk, ru, en, level.
const top = [
  ['10', 'Абай облысы', 'Область Абай', 'Abai Region', 'oblast'],
  ['11', 'Ақмола облысы', 'Акмолинская область', 'Akmola Region', 'oblast'],
  ['15', 'Ақтөбе облысы', 'Актюбинская область', 'Aktobe Region', 'oblast'],
  ['19', 'Алматы облысы', 'Алматинская область', 'Almaty Region', 'oblast'],
  ['23', 'Атырау облысы', 'Атырауская область', 'Atyrau Region', 'oblast'],
  ['27', 'Батыс Қазақстан облысы', 'Западно-Казахстанская область', 'West Kazakhstan Region', 'oblast'],
  ['31', 'Жамбыл облысы', 'Жамбылская область', 'Jambyl Region', 'oblast'],
  ['33', 'Жетісу облысы', 'Область Жетісу', 'Jetisu Region', 'oblast'],
  ['35', 'Қарағанды облысы', 'Карагандинская область', 'Karaganda Region', 'oblast'],
  ['39', 'Қостанай облысы', 'Костанайская область', 'Kostanay Region', 'oblast'],
  ['43', 'Қызылорда облысы', 'Кызылординская область', 'Kyzylorda Region', 'oblast'],
  ['47', 'Маңғыстау облысы', 'Мангистауская область', 'Mangystau Region', 'oblast'],
  ['55', 'Павлодар облысы', 'Павлодарская область', 'Pavlodar Region', 'oblast'],
  ['59', 'Солтүстік Қазақстан облысы', 'Северо-Казахстанская область', 'North Kazakhstan Region', 'oblast'],
  ['61', 'Түркістан облысы', 'Туркестанская область', 'Turkistan Region', 'oblast'],
  ['62', 'Ұлытау облысы', 'Область Улытау', 'Ulytau Region', 'oblast'],
  ['63', 'Шығыс Қазақстан облысы', 'Восточно-Казахстанская область', 'East Kazakhstan Region', 'oblast'],
  ['71', 'Астана', 'Астана', 'Astana', 'city'],
  ['75', 'Алматы', 'Алматы', 'Almaty', 'city'],
  ['79', 'Шымкент', 'Шымкент', 'Shymkent', 'city'],
];

async function post(path, body) {
  const r = await fetch(base + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`POST ${path} ${JSON.stringify(body)}: ${r.status} ${text}`);
  return JSON.parse(text);
}

const plan = { regions: [] };
for (const [prefix, kk, ru, en, level] of top) {
  const region = await post('/api/v1/regions', { code: `${prefix}0000000`, level, name: { kk, ru, en } });
  const brigade = await post('/api/v1/units', {
    name: `${en} territorial defence brigade`, kind: 'territorial_troops', region_id: region.id,
  });
  for (let d = 1; d <= districts; d++) {
    const code = `${prefix}${String(10 + d * 2).padStart(2, '0')}00000`;
    const district = await post('/api/v1/regions', {
      code, level: 'district', parent_id: region.id,
      name: { kk: `${kk}, ${d}-аудан`, ru: `${ru}, район ${d}`, en: `${en}, district ${d}` },
    });
    const units = [];
    for (let b = 1; b <= battalions; b++) {
      const unit = await post('/api/v1/units', {
        name: `${en}, district ${d}, battalion ${b}`, kind: b % 4 === 0 ? 'volunteer_squad' : 'territorial_troops',
        region_id: district.id, parent_id: brigade.id,
      });
      units.push(brigade.id, unit.id);
    }
    plan.regions.push({ code, units });
  }
}
writeFileSync(planFile, JSON.stringify(plan));
