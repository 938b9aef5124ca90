// The `qorgan` command line as the README documents it: --db and --config are taken by every
// command, before the subcommand or after it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { binary, freshDatabase, MASTER_KEY } from './harness.mjs';

const env = { ...process.env, QORGAN_MASTER_KEY: MASTER_KEY };
const dirs = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function fresh() {
  const db = freshDatabase();
  dirs.push(db.dir);
  return db;
}

function run(args, input = '') {
  const r = spawnSync(binary, args, { input, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Starts `qorgan ARGS` (a serve command) and resolves with the port once it listens.
function serve(args) {
  const child = spawn(binary, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const port = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no server: ${stderr}`)), 15000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`exited ${code}: ${stderr}`)); });
  });
  return { child, port };
}

test('--db is accepted before and after the subcommand', () => {
  const before = fresh(), afterwards = fresh();
  let r = run(['--db', before.url, 'migrate']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /schema is current/);
  r = run(['migrate', '--db', afterwards.url]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /schema is current/);

  // A nested command: `user add --db URL --login …`.
  r = run(['user', 'add', '--db', afterwards.url, '--login', 'chief', '--role', 'admin'],
    'a-long-password-for-chief\n');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /created account chief/);
  // The account went to the database named after the subcommand, not to the default one.
  r = run(['user', 'disable', '--login', 'chief', '--db', afterwards.url]);
  assert.equal(r.code, 0, r.stderr);
  r = run(['--db', before.url, 'user', 'disable', '--login', 'chief']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no account has login 'chief'/);
});

test('serve --db URL --listen ADDR starts and answers', async () => {
  const db = fresh();
  assert.equal(run(['migrate', '--db', db.url]).code, 0);
  const { child, port } = serve(['serve', '--db', db.url, '--listen', '127.0.0.1:0']);
  try {
    const res = await fetch(`http://127.0.0.1:${await port}/readyz`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).database, true);
  } finally {
    child.kill('SIGTERM');
  }
});

test('--config is accepted before and after the subcommand', () => {
  const db = fresh();
  const file = join(db.dir, 'qorgan.toml');
  writeFileSync(file, `db = "${db.url}"\n`);
  let r = run(['migrate', '--config', file]);
  assert.equal(r.code, 0, r.stderr);
  r = run(['user', 'add', '--config', file, '--login', 'officer', '--role', 'auditor'],
    'a-long-password-for-officer\n');
  assert.equal(r.code, 0, r.stderr);
  r = run(['--config', file, 'audit', 'verify']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /audit log intact: [1-9]\d* entries/);
});

test('an option no command knows is still refused, naming it', () => {
  const db = fresh();
  const r = run(['migrate', '--db', db.url, '--no-such-option']);
  assert.equal(r.code, 2, 'a usage error');
  assert.match(r.stderr, /--no-such-option/);
});

test('a value out of range is a usage error naming the flag, the range and the value', () => {
  for (const [flag, value] of [['--step', '0'], ['--step', 'nan'], ['--step', '1e300'], ['--horizon', '0']]) {
    const r = run(['evac', 'plan', '--network', 'town.osm', '--out', 'plan.json', flag, value]);
    assert.equal(r.code, 2, `${flag} ${value}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${flag}`), `${flag} ${value}`);
    assert.ok(r.stderr.length < 400, `a short message: ${r.stderr}`);
  }
});

test('qorgan guard: a generated week of posts gets a roster that keeps every rule; a missing file is named', () => {
  const db = fresh();
  const instance = join(db.dir, 'week.json');
  const made = run(['guard', 'generate', '--people', '80', '--posts', '6', '--from', '2026-12-07', '--days', '7', '--seed', '3']);
  assert.equal(made.code, 0, made.stderr);
  writeFileSync(instance, made.stdout);
  const r = run(['guard', 'roster', '--instance', instance, '--from', '2026-12-07', '--days', '7']);
  assert.equal(r.code, 0, r.stderr);
  const [, filled, of] = /slots up to min:\s+(\d+) of (\d+) filled/.exec(r.stdout);
  assert.ok(Number(of) > 0 && Number(filled) <= Number(of));
  assert.match(r.stdout, /checker:\s+every hard rule kept/);
  const missing = run(['guard', 'roster', '--instance', join(db.dir, 'none.json'), '--from', '2026-12-07', '--days', '7']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read the instance file .*none\.json/);
});
