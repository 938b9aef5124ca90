// The exact planner takes the same path on a fast machine and on a slow one: what it does is
// decided by counts of work, never by a clock. A slow machine is a fast clock: under faketime
// every second of the planner's own passes as a thousand, and the plan must not change.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, root } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'qorgan-optimal-clock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Almaty by car (the extract the demo ships), 20,000 people to 3 schools: the assigned plans
// leave too many short to bound the search, where the planner once ran qorgan for 5 s of its
// clock to find an upper bound, and started from that plan as far as qorgan got.
function plan(out, clock) {
  const args = [
    'evac', 'plan', '--network', join(root, 'demo', 'data', 'almaty-2013.osm.pbf'),
    '--evacuees', 'buildings', '--population', '20000', '--shelters', 'schools',
    '--shelter-limit', '3', '--shelter-capacity', '100000', '--profile', 'car',
    '--cache-dir', join(dir, 'cache'), '--planner', 'optimal', '--out', join(dir, out),
  ];
  const r = clock
    ? spawnSync('faketime', ['-f', clock, binary, ...args], { encoding: 'utf8' })
    : spawnSync(binary, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(join(dir, out), 'utf8'));
}

test('optimal gives the same plan when its clock runs a thousand times faster', () => {
  const quiet = plan('quiet.json');
  const hurried = plan('hurried.json', '+0 x1000');
  assert.equal(hurried.egress_time, quiet.egress_time);
  assert.equal(hurried.mean_evacuation_time, quiet.mean_evacuation_time);
  assert.deepEqual(hurried.groups, quiet.groups);
});
