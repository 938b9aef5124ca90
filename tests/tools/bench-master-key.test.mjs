// The key the registry's list scripts (bench/registry/list_bodies.sh, list_cpu.sh) start their
// server with: a SQLite database's own master.key, so that a comparison of two builds' bodies
// has the IINs in it; a different QORGAN_MASTER_KEY is refused rather than opening no IIN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const benchKey = 'b1'.repeat(32);
const ownKey = '7e'.repeat(32);

// The key each script exports for `db`, read from the script's own lines up to its server start.
function keyOf(script, db, env = {}) {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `set -euo pipefail
    lines=$(sed -n '1,/signed_in_server.sh/p' "bench/registry/${script}" | grep -v signed_in_server.sh)
    db="$1"
    eval "$(echo "$lines" | grep -E '^(source|export) ')"
    echo "$QORGAN_MASTER_KEY"`, 'key', db],
  { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return { status: r.status, key: r.stdout.trim(), stderr: r.stderr };
}

for (const script of ['list_bodies.sh', 'list_cpu.sh']) {
  test(`${script} uses a SQLite database's own key and refuses another`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'qorgan-bench-key-'));
    try {
      writeFileSync(join(dir, 'master.key'), `${ownKey}\n`);
      const db = `sqlite:${join(dir, 'qorgan.db')}`;
      const own = keyOf(script, db);
      assert.equal(own.status, 0, own.stderr);
      assert.equal(own.key, ownKey);
      assert.equal(keyOf(script, db, { QORGAN_MASTER_KEY: ownKey }).key, ownKey);
      const other = keyOf(script, db, { QORGAN_MASTER_KEY: benchKey });
      assert.equal(other.status, 2);
      assert.match(other.stderr, /QORGAN_MASTER_KEY is not the key of .* its IINs would not be opened/);
      // Without a master.key (PostgreSQL, a file made with the variable): the benchmarks' key.
      assert.equal(keyOf(script, `sqlite:${join(dir, 'sub', 'x.db')}`).key, benchKey);
      assert.equal(keyOf(script, 'postgresql://qorgan@127.0.0.1:1/qorgan').key, benchKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
