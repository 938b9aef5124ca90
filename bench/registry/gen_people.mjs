// Writes N fictional people as the CSV that `qorgan import people` reads, with unique valid
// IINs, to stdout. With UNIT_IDS, each person is also a member of one of those units in turn
// (and has a language), so a unit of the list gets N / count members.
// With @PLAN (written by national_setup.mjs) people are spread over the plan's regions in turn,
// and SHARE of them (0.3 when not given) are members of one of their own region's units.
// Usage: node gen_people.mjs N REGION_CODE[,REGION_CODE…] [UNIT_ID,UNIT_ID…]
//        node gen_people.mjs N @PLAN_FILE [SHARE]
import { readFileSync } from 'node:fs';

const n = Number(process.argv[2] || 1000);
const plan = process.argv[3]?.startsWith('@') ? JSON.parse(readFileSync(process.argv[3].slice(1), 'utf8')) : null;
const regions = plan ? plan.regions.map((r) => r.code) : (process.argv[3] || '750000000').split(',');
const units = plan ? [] : process.argv[4] ? process.argv[4].split(',') : null;
const perMille = plan ? Math.round(1000 * Number(process.argv[4] ?? 0.3)) : 0;
const positions = ['rifleman', 'rifleman', 'rifleman', 'driver', 'medic', 'radio_operator'];
const languages = ['kk', 'kk', 'ru', 'en'];
const family = ['Ахметов', 'Серикбаев', 'Жаксыбеков', 'Омаров', 'Касымов', 'Иванов', 'Петренко', 'Нурланов', 'Абенов', 'Тулеев'];
const given = { m: ['Арман', 'Ерлан', 'Данияр', 'Сергей', 'Тимур', 'Азамат'], f: ['Айгерим', 'Динара', 'Елена', 'Сауле', 'Жанар', 'Мария'] };
const statuses = ['reservist', 'volunteer', 'active', 'unavailable'];
const skills = ['medic', 'driver', 'radio_operator', 'engineer', 'cook'];

function iin(year, month, day, serial, male) {
  const c = year >= 2000 ? (male ? 5 : 6) : (male ? 3 : 4);
  const d = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${c}${String(serial).padStart(4, '0')}`.split('').map(Number);
  let s = d.reduce((a, x, i) => a + x * (i + 1), 0) % 11;
  if (s === 10) {
    const w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    s = d.reduce((a, x, i) => a + x * w[i], 0) % 11;
    if (s === 10) return null;
  }
  return d.join('') + s;
}

const out = [];
const flush = () => { process.stdout.write(out.join('')); out.length = 0; };
out.push('family_name,given_name,patronymic,birth_date,iin,phone,email,region,status,skills' + (units ? ',language,unit_id,position' : '') + '\n');
// Unique IINs: walk dates (1960–1999) × serials; skip the rare numbers with no check digit.
let made = 0;
for (let serial = 0; made < n; serial++) {
  for (let day = 0; day < 14600 && made < n; day++) {
    const date = new Date(Date.UTC(1960, 0, 1) + day * 86400000);
    const y = date.getUTCFullYear(), m = date.getUTCMonth() + 1, dd = date.getUTCDate();
    const male = (day + serial) % 2 === 0;
    const id = iin(y, m, dd, serial, male);
    if (!id) continue;
    const k = made;
    const fam = family[k % family.length] + (male ? '' : 'а');
    const name = (male ? given.m : given.f)[k % 6];
    const birth = `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
    const phone = `+7700${String(k).padStart(7, '0')}`;
    // A person's turn within their region, so that each region gets every status, skill and language.
    const turn = plan ? Math.floor(k / regions.length) : k;
    const skill = turn % 3 === 0 ? `${skills[turn % 5]}|2020-01-01|2030-01-01` : '';
    let member = '';
    if (plan) {
      const own = plan.regions[k % regions.length].units;
      member = (turn * 7919) % 1000 < perMille
        ? `,${languages[turn % 4]},${own[turn % own.length]},${positions[Math.floor(turn / own.length) % positions.length]}`
        : `,${languages[turn % 4]},,`;
    } else if (units) {
      member = `,${languages[k % 4]},${units[k % units.length]},${positions[Math.floor(k / units.length) % positions.length]}`;
    }
    out.push(`${fam},${name},,${birth},${id},${phone},p${k}@example.kz,${regions[k % regions.length]},${statuses[(turn >> 1) % 4]},${skill}${member}\n`);
    made++;
    if (out.length >= 10000) flush();
  }
}
flush();
