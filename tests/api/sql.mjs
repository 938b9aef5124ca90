// Runs SQL directly against a test database, bypassing qorgan: for tampering and for checking
// what is really stored. Uses the sqlite3 and psql command-line clients.
import { spawnSync } from 'node:child_process';

export function sql(dbUrl, statement) {
  let r;
  if (dbUrl.startsWith('sqlite:')) {
    r = spawnSync('sqlite3', ['-batch', '-noheader', dbUrl.slice(7), statement], { encoding: 'utf8' });
  } else {
    r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', dbUrl, '-c', statement], { encoding: 'utf8' });
  }
  if (r.status !== 0) throw new Error(`SQL failed: ${r.stderr}`);
  return r.stdout.trim();
}
