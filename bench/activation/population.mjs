// The activation benches' population, made over HTTP as an admin would: one region, `units`
// units with an assembly point for every ten of them, `people` generated people imported as CSV
// with their memberships (bench/registry/gen_people.mjs), and one plan calling up every unit.
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function made(res, what, status = 201) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body;
}

// `deadlineMinutes`: how long after the activation people may still check in without being
// overdue (a prepared database reused later needs the longest the plan allows).
export async function populate(admin, { people, units: unitCount, deadlineMinutes = 360 }) {
  const names = (n) => ({ kk: n, ru: n, en: n });
  const region = await made(await admin.post('/api/v1/regions', { code: '750000000', level: 'city', name: names('Алматы') }), 'region');
  const points = [];
  for (let i = 0; i < Math.max(1, Math.ceil(unitCount / 10)); i++)
    points.push((await made(await admin.post('/api/v1/facilities', {
      name: `№ ${i + 1} мектеп`, kind: 'education', region_id: region.id, address: `Абай даңғылы, ${i + 1}`,
      location: { lat: 43.2 + i * 0.001, lon: 76.9 }, criticality: 2,
    }), 'facility')).id);
  const units = [];
  for (let i = 0; i < unitCount; i++)
    units.push((await made(await admin.post('/api/v1/units', { name: `${i + 1}-рота`, kind: 'territorial_troops', region_id: region.id, status: 'active' }), 'unit')).id);

  const gen = spawnSync('node', [join(root, 'bench', 'registry', 'gen_people.mjs'), String(people), '750000000', units.join(',')],
    { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (gen.status !== 0) throw new Error(gen.stderr);
  const imported = await made(await admin.call('POST', '/api/v1/people/import', gen.stdout, { 'content-type': 'text/csv; charset=utf-8' }), 'import');
  const perUnit = Math.ceil(people / unitCount);
  const plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Алматы: барлық бөлімшелер', region_id: region.id, deadline_minutes: deadlineMinutes,
    messages: { kk: 'Жиын пунктіне келіңіз.', ru: 'Явитесь на пункт сбора.', en: 'Report to your assembly point.' },
    units: units.map((id, i) => ({ unit_id: id, target: perUnit, assembly_facility_id: points[Math.floor(i / 10)] })),
  }), 'plan');
  return { region, units, points, plan, stored: imported.stored };
}

// Every notice's printed code and assembly point, as `code,facility_id` lines.
export async function codeLines(admin, activationId) {
  const lines = [];
  for (let cursor = ''; ;) {
    const page = await made(await admin.get(`/api/v1/activation/activations/${activationId}/notices?limit=500${cursor}`), 'notices', 200);
    for (const n of page.items) lines.push(`${n.code},${n.assembly_facility_id}`);
    if (!page.next_cursor) return lines;
    cursor = `&cursor=${page.next_cursor}`;
  }
}
