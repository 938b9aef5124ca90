#!/usr/bin/env node
// Checks the layers of DESIGN.md over the #include lines of the C++ sources, so that a change
// that runs an include upward fails `make test`:
//
//   app/                       front end: wires everything
//   console/ demo/ bench/ fuzz/   front ends over the capabilities (fuzz/: the fuzz harnesses)
//   auth/ registry/ portal/ evac/web/ … (every other folder)   capabilities, side by side
//   storage/ http/ view/       shared plumbing
//   core/, evac/ (the engine)  vocabulary and the plain evacuation library
//
// Rules (each violation is printed as "file:line: message"; exit 1 when there is any):
//  - core includes only core; storage, http and view include only core and themselves; the
//    evacuation engine (evac/ but evac/web/) includes only core and itself.
//  - A capability includes plumbing, the engine, auth, itself, and other capabilities' public
//    headers, never another capability's store (*_store.hpp) or routes (routes.hpp,
//    *_routes.hpp), and never a front end. auth, which every capability may use, includes no
//    other capability.
//  - Inside a capability only its HTTP bindings see http/: routes.*, *_routes.*, pages.*,
//    *_pages.* (HTML routes), and auth's guard (guard.*, guard_*.*).
//  - Front ends do not include app/; demo/ does not include console/.
//
// Usage: scripts/check-layers.mjs [ROOT]   (default: the checkout this script is in)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.argv[2] || join(dirname(fileURLToPath(import.meta.url)), '..');
const skip = new Set(['.git', 'build', 'node_modules', 'web', 'migrations', 'scripts', 'tests', 'var']);
const plumbing = new Set(['storage', 'http', 'view']);
const frontEnds = new Set(['app', 'console', 'demo', 'bench', 'fuzz']);

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name) || name.startsWith('build')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(cpp|hpp|h|cc)$/.test(name)) yield path;
  }
}

// The module a path belongs to: "core", "storage", "evac" (the engine), "evac/web", "registry"…
function moduleOf(path) {
  const parts = path.split('/');
  if (parts[0] === 'evac') return parts[1] === 'web' ? 'evac/web' : 'evac';
  return parts[0];
}

function kindOf(module) {
  if (module === 'core') return 'core';
  if (plumbing.has(module)) return 'plumbing';
  if (module === 'evac') return 'engine';
  if (frontEnds.has(module)) return 'front';
  return 'capability';
}

const isStore = (path) => /_store\.hpp$/.test(path);
const isRoutes = (path) => /(^|\/)(routes|[a-z_]+_routes)\.hpp$/.test(path);
const isHttpBinding = (path) =>
  /(^|\/)(routes|[a-z_]+_routes|pages|[a-z_]+_pages)\.(cpp|hpp)$/.test(path) ||
  /^auth\/guard(_[a-z_]+)?\.(cpp|hpp)$/.test(path);

const violations = [];
for (const file of sources(root)) {
  const from = relative(root, file);
  const fromModule = moduleOf(from);
  const fromKind = kindOf(fromModule);
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const m = /^\s*#\s*include\s+"([^"]+)"/.exec(line);
    if (!m) return;
    const target = m[1];
    if (!target.includes('/')) return;  // a generated or local header
    const toModule = moduleOf(target);
    const toKind = kindOf(toModule);
    const say = (why) => violations.push(`${from}:${i + 1}: includes ${target}: ${why}`);
    if (toModule === fromModule) return;
    switch (fromKind) {
      case 'core':
        return say('core includes nothing of Qorgan but core');
      case 'plumbing':
        if (toKind !== 'core') say(`${fromModule}/ is plumbing: it includes only core/`);
        return;
      case 'engine':
        if (toKind !== 'core') say('the evacuation engine includes only core/ (no HTTP, no SQL)');
        return;
      case 'capability':
        if (toKind === 'front') return say(`a capability does not include a front end (${toModule}/)`);
        if (toKind === 'capability') {
          if (fromModule === 'auth') return say('auth, which every capability uses, includes no capability');
          if (isStore(target)) return say(`another capability's store (${toModule}): use its service`);
          if (isRoutes(target)) return say(`another capability's routes (${toModule})`);
        }
        if (toModule === 'http' && !isHttpBinding(from))
          say('only a capability\'s routes and pages see http/; services return types');
        return;
      case 'front':
        if (toModule === 'app') say('only app/ knows app/');
        else if (fromModule === 'demo' && toModule === 'console') say('demo/ does not include console/');
        return;
    }
  });
}

for (const v of violations) console.log(v);
console.log(violations.length ? `layers: ${violations.length} violation(s)` : 'layers: ok');
process.exit(violations.length ? 1 : 0);
