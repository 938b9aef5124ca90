#!/usr/bin/env bash
# The fault runs of the soak, on localhost, each bounded in rounds:
#   kill9.mjs              kill -9 during writes, then every acknowledged write present,
#                          integrity_check ok and the audit chain intact (SQLite, then PostgreSQL)
#   pg_restart.mjs         PostgreSQL stopped and started under a write burst: 503 while down, the
#                          same server serves again after, no acknowledged write lost
#   backup_under_load.mjs  backups under writers (qorgan backup; pg_dump), each restored and
#                          compared with the live database as of the backup's audit head
# bench/soak/faults.sh           full runs (about 15 minutes): 100 kill rounds on SQLite, 20 on
#                                PostgreSQL, 10 PostgreSQL restarts, 5 backups on each engine
# bench/soak/faults.sh --tiny    3, 2, 1 and 1 (each engine) of them, to prove they still work (CI)
# PostgreSQL runs on a throwaway cluster of its own, on a free port (or QORGAN_SOAK_PG_PORT).
set -euo pipefail
cd "$(dirname "$0")/../.."

# The whole run is one function, read before it starts, so editing this file meanwhile is safe.
main() {
  local tiny=0 status=0
  if [ "${1:-}" = "--tiny" ]; then tiny=1; fi
  build=${BUILD:-build}
  export QORGAN_BIN=${QORGAN_BIN:-$PWD/$build/app/qorgan}
  if [ "$tiny" = 1 ]; then
    kills=3 pg_kills=2 restarts=1 down_ms=1000 backups=1 max_ms=600
  else
    kills=100 pg_kills=20 restarts=10 down_ms=2000 backups=5 max_ms=1500
  fi
  # Each round's line goes to QORGAN_SOAK_LOGS, or to a directory of its own that is kept only
  # when a run failed.
  logs=${QORGAN_SOAK_LOGS:-}
  if [ -z "$logs" ]; then logs=$(mktemp -d /tmp/qorgan-soak-logs.XXXXXX) own_logs=1; else own_logs=0; fi
  mkdir -p "$logs"
  pg_dir=$(mktemp -d /tmp/qorgan-soak-pg.XXXXXX)
  trap 'scripts/test-postgres stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
  port=${QORGAN_SOAK_PG_PORT:-$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")}
  pg_url=$(scripts/test-postgres start "$pg_dir" "$port")

  echo "### kill -9 during writes, SQLite ($kills rounds)"
  QORGAN_TEST_ENGINE=sqlite node bench/soak/kill9.mjs --rounds "$kills" --max-ms "$max_ms" | tee "$logs/kill9-sqlite.log" | tail -n 1 || status=1
  echo "### kill -9 during writes, PostgreSQL ($pg_kills rounds)"
  QORGAN_TEST_ENGINE=postgres QORGAN_TEST_PG=$pg_url node bench/soak/kill9.mjs --rounds "$pg_kills" --max-ms "$max_ms" | tee "$logs/kill9-postgres.log" | tail -n 1 || status=1
  echo "### PostgreSQL restarted under a write burst ($restarts times)"
  QORGAN_TEST_ENGINE=postgres QORGAN_TEST_PG=$pg_url node bench/soak/pg_restart.mjs --cluster "$pg_dir" --rounds "$restarts" --down-ms "$down_ms" | tee "$logs/pg-restart.log" | tail -n 1 || status=1
  echo "### backups under load, restored and compared, SQLite: qorgan backup ($backups backups)"
  QORGAN_TEST_ENGINE=sqlite node bench/soak/backup_under_load.mjs --backups "$backups" | tee "$logs/backup-sqlite.log" | tail -n 1 || status=1
  echo "### backups under load, restored and compared, PostgreSQL: pg_dump ($backups backups)"
  QORGAN_TEST_ENGINE=postgres QORGAN_TEST_PG=$pg_url node bench/soak/backup_under_load.mjs --backups "$backups" | tee "$logs/backup-postgres.log" | tail -n 1 || status=1
  if [ "$status" = 0 ] && [ "$own_logs" = 1 ]; then rm -rf "$logs"; else echo "each round's line: $logs"; fi
  return "$status"  # every run ran; a failed one fails the whole
}
main "$@"
