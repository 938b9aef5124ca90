#!/usr/bin/env node
// Draws the scaling benchmark (bench/evac/scaling.sh's CSV) as a log-log SVG with two panels:
// run time against junctions (one line per planner and population) and run time against
// people (one line per planner and network size). Runs that hit the timeout are drawn as
// hollow markers at the timeout. Plain Node.js, no packages, no network.
//
//   node bench/evac/loglog_svg.mjs scaling.csv scaling.svg [--timeout S]

import { readFileSync, writeFileSync } from 'node:fs';

const [csvPath, svgPath, ...rest] = process.argv.slice(2);
if (!csvPath || !svgPath) {
  console.error('usage: loglog_svg.mjs scaling.csv out.svg [--timeout S]');
  process.exit(2);
}
const timeoutArg = rest.indexOf('--timeout');
const timeout = timeoutArg >= 0 ? Number(rest[timeoutArg + 1]) : null;

const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
const header = lines.shift().split(',');
const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
const runs = rows
  .filter((r) => r.status === 'ok' || (r.status === 'timeout' && timeout))
  .map((r) => ({
    planner: r.planner,
    junctions: Number(r.junctions),
    people: Number(r.people),
    seconds: r.status === 'ok' ? Math.max(Number(r.run_s), 1e-4) : timeout,
    stopped: r.status !== 'ok',
  }));

const colours = { qorgan: '#d62728', ccrp: '#1f77b4', shortest: '#2ca02c', optimal: '#7f3fbf' };
const dashes = ['', '7 4', '2 3', '10 3 2 3', '1 5'];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const short = (x) =>
  x >= 1e6 ? `${x / 1e6}M` : x >= 1e3 ? `${x / 1e3}k` : x >= 1 ? `${x}` : `${x}`;

const W = 1140, H = 470, panelW = 470, panelH = 330, top = 60, lefts = [80, 635];

function decades(values) {
  let lo = Math.floor(Math.log10(Math.min(...values)));
  let hi = Math.ceil(Math.log10(Math.max(...values)));
  if (hi === lo) hi = lo + 1;
  return [lo, hi];
}

function panel(x0, xKey, seriesKey, xLabel, seriesLabel) {
  const out = [];
  if (runs.length === 0) return out;
  const [xlo, xhi] = decades(runs.map((r) => r[xKey]));
  const [ylo, yhi] = decades(runs.map((r) => r.seconds));
  const X = (v) => x0 + ((Math.log10(v) - xlo) / (xhi - xlo)) * panelW;
  const Y = (v) => top + panelH - ((Math.log10(v) - ylo) / (yhi - ylo)) * panelH;
  out.push(`<rect x="${x0}" y="${top}" width="${panelW}" height="${panelH}" fill="none" stroke="#444"/>`);
  for (let d = xlo; d <= xhi; ++d) {
    const x = X(10 ** d);
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + panelH}" stroke="#ddd"/>`);
    out.push(`<text x="${x}" y="${top + panelH + 18}" text-anchor="middle">${short(10 ** d)}</text>`);
    for (const m of [2, 5]) {
      if (d < xhi) {
        const xm = X(m * 10 ** d);
        out.push(`<line x1="${xm}" y1="${top + panelH}" x2="${xm}" y2="${top + panelH - 5}" stroke="#888"/>`);
      }
    }
  }
  for (let d = ylo; d <= yhi; ++d) {
    const y = Y(10 ** d);
    out.push(`<line x1="${x0}" y1="${y}" x2="${x0 + panelW}" y2="${y}" stroke="#ddd"/>`);
    const label = d >= 0 ? `${10 ** d}` : `${(10 ** d).toFixed(-d)}`;
    out.push(`<text x="${x0 - 6}" y="${y + 4}" text-anchor="end">${label}</text>`);
  }
  out.push(`<text x="${x0 + panelW / 2}" y="${top + panelH + 40}" text-anchor="middle">${esc(xLabel)} (log)</text>`);
  out.push(`<text transform="translate(${x0 - 50},${top + panelH / 2}) rotate(-90)" text-anchor="middle">run time, s (log)</text>`);
  // A slope-1 guide: linear growth.
  const gx0 = 10 ** xlo, gy0 = 10 ** (ylo + 0.2);
  const gx1 = Math.min(10 ** xhi, gx0 * 10 ** (yhi - ylo - 0.2));
  out.push(`<line x1="${X(gx0)}" y1="${Y(gy0)}" x2="${X(gx1)}" y2="${Y((gy0 * gx1) / gx0)}" stroke="#999" stroke-dasharray="1 3"/>`);
  out.push(`<text x="${X(gx1) - 4}" y="${Y((gy0 * gx1) / gx0) - 4}" text-anchor="end" fill="#777" font-size="11">linear</text>`);

  const seriesValues = [...new Set(runs.map((r) => r[seriesKey]))].sort((a, b) => a - b);
  const planners = [...new Set(runs.map((r) => r.planner))];
  for (const planner of planners) {
    seriesValues.forEach((sv, i) => {
      const pts = runs
        .filter((r) => r.planner === planner && r[seriesKey] === sv)
        .sort((a, b) => a[xKey] - b[xKey]);
      const colour = colours[planner] ?? '#333';
      const done = pts.filter((p) => !p.stopped);
      if (done.length > 1) {
        const d = done.map((p, k) => `${k ? 'L' : 'M'}${X(p[xKey]).toFixed(1)},${Y(p.seconds).toFixed(1)}`).join(' ');
        out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.8" stroke-dasharray="${dashes[i % dashes.length]}"/>`);
      }
      for (const p of pts) {
        const title = `${planner}: ${p.junctions} junctions, ${p.people} people: ${p.stopped ? `stopped after ${p.seconds} s` : `${p.seconds} s`}`;
        out.push(`<circle cx="${X(p[xKey]).toFixed(1)}" cy="${Y(p.seconds).toFixed(1)}" r="4" fill="${p.stopped ? 'white' : colour}" stroke="${colour}" stroke-width="1.5"><title>${esc(title)}</title></circle>`);
      }
    });
  }
  // Dash legend for the series inside the panel.
  seriesValues.forEach((sv, i) => {
    const y = top + 14 + i * 16;
    out.push(`<line x1="${x0 + 10}" y1="${y}" x2="${x0 + 40}" y2="${y}" stroke="#333" stroke-width="1.8" stroke-dasharray="${dashes[i % dashes.length]}"/>`);
    out.push(`<text x="${x0 + 46}" y="${y + 4}" font-size="11">${esc(seriesLabel)} ${sv.toLocaleString('en-US')}</text>`);
  });
  return out;
}

const parts = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  `<rect width="${W}" height="${H}" fill="white"/>`,
  `<text x="${W / 2}" y="24" text-anchor="middle" font-size="16">Evacuation planners on grid cities: run time (log-log)</text>`,
  ...panel(lefts[0], 'junctions', 'people', 'junctions', 'people'),
  ...panel(lefts[1], 'people', 'junctions', 'people', 'junctions'),
];
// Planner colours and marker legend along the bottom.
let lx = 80;
for (const planner of [...new Set(runs.map((r) => r.planner))]) {
  parts.push(`<circle cx="${lx}" cy="${H - 18}" r="5" fill="${colours[planner] ?? '#333'}"/>`);
  parts.push(`<text x="${lx + 9}" y="${H - 14}">${esc(planner)}</text>`);
  lx += 100;
}
if (timeout)
  parts.push(`<circle cx="${lx + 10}" cy="${H - 18}" r="5" fill="white" stroke="#333"/><text x="${lx + 19}" y="${H - 14}">stopped at the ${timeout} s timeout</text>`);
if (runs.length === 0)
  parts.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no finished runs</text>`);
parts.push('</svg>');
writeFileSync(svgPath, parts.join('\n') + '\n');
