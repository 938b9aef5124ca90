// The layer check of `make test` (scripts/check-layers.mjs) on small trees: it passes the
// house's shape and names each include that runs against it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'check-layers.mjs');

function check(files) {
  const dir = mkdtempSync(join(tmpdir(), 'qorgan-layers-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const r = spawnSync('node', [script, dir], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const house = {
  'core/error.hpp': '#pragma once\n',
  'storage/database.hpp': '#include "core/error.hpp"\n',
  'http/request.hpp': '#include "core/error.hpp"\n',
  'auth/principal.hpp': '#include "core/error.hpp"\n',
  'auth/guard.hpp': '#include "http/request.hpp"\n#include "auth/principal.hpp"\n',
  'registry/units.hpp': '#include "auth/principal.hpp"\n#include "storage/database.hpp"\n',
  'registry/unit_store.hpp': '#include "registry/units.hpp"\n',
  'registry/unit_routes.cpp': '#include "http/request.hpp"\n#include "registry/unit_store.hpp"\n',
  'guard/rosters.cpp': '#include "registry/units.hpp"\n',
  'evac/graph/network.hpp': '#include "core/error.hpp"\n',
  'evac/web/service.cpp': '#include "evac/graph/network.hpp"\n#include "registry/units.hpp"\n',
  'console/pages.cpp': '#include "registry/units.hpp"\n#include "http/request.hpp"\n',
  'app/main.cpp': '#include "console/pages.cpp"\n',
};

test('the house as designed passes', () => {
  const r = check(house);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /layers: ok/);
});

test("only auth's guard files among auth's see http/", () => {
  const ok = check({ ...house, 'auth/guard_language.hpp': '#include "http/request.hpp"\n' });
  assert.equal(ok.code, 0, ok.out);
  const bad = check({ ...house, 'auth/problem_language.hpp': '#include "http/request.hpp"\n' });
  assert.equal(bad.code, 1);
  assert.match(bad.out, /auth\/problem_language\.hpp:1: includes http\/request\.hpp: only a capability's routes and pages see http\//);
});

test("a capability including another's store or routes fails, naming the line", () => {
  const r = check({
    ...house,
    'guard/rosters.cpp': '#include "registry/units.hpp"\n#include "registry/unit_store.hpp"\n',
    'guard/posts.cpp': '#include "registry/routes.hpp"\n',
  });
  assert.equal(r.code, 1);
  assert.match(r.out, /guard\/rosters\.cpp:2: includes registry\/unit_store\.hpp: another capability's store/);
  assert.match(r.out, /guard\/posts\.cpp:1: includes registry\/routes\.hpp: another capability's routes/);
  assert.match(r.out, /layers: 2 violation/);
});

test('anything below the capabilities including one fails', () => {
  const r = check({
    ...house,
    'core/text.cpp': '#include "registry/units.hpp"\n',
    'storage/database.cpp': '#include "auth/principal.hpp"\n',
    'evac/plan/plan.cpp': '#include "storage/database.hpp"\n',
    'auth/accounts.cpp': '#include "registry/units.hpp"\n',
  });
  assert.equal(r.code, 1);
  for (const f of ['core/text.cpp:1', 'storage/database.cpp:1', 'evac/plan/plan.cpp:1', 'auth/accounts.cpp:1'])
    assert.match(r.out, new RegExp(f.replace(/[./]/g, '\\$&')));
});

test('a service seeing http/ or a capability including a front end fails', () => {
  const r = check({
    ...house,
    'registry/units.cpp': '#include "http/request.hpp"\n',
    'registry/people.cpp': '#include "console/pages.cpp"\n',
  });
  assert.equal(r.code, 1);
  assert.match(r.out, /registry\/units\.cpp:1: .*only a capability's routes and pages see http/);
  assert.match(r.out, /registry\/people\.cpp:1: .*does not include a front end/);
});
