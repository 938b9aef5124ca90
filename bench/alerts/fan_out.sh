#!/usr/bin/env bash
# Fan-out of one alert to 1,000,000 confirmed subscribers into the outbox, on SQLite (a fresh
# file) and on PostgreSQL (a fresh database on the server given), each beside the outbox's own
# enqueue of as many messages (bench/alerts/fan_out_bench.cpp).
#   bench/alerts/fan_out.sh [--tiny] [--pg postgresql://…]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build}
args=() pg=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tiny) args+=(--tiny) ;;
    --pg) pg=$2; shift ;;
    *) echo "usage: $0 [--tiny] [--pg URL]" >&2; exit 2 ;;
  esac
  shift
done
echo "## Alert fan-out to subscribers (bench/alerts)"
"$build/bench/alerts/alerts_bench" "${args[@]}"
if [ -n "$pg" ]; then
  name="alerts_bench_$$"
  base=${pg%/*}
  psql -X -q "$pg" -c "CREATE DATABASE $name" >/dev/null
  trap 'psql -X -q "$pg" -c "DROP DATABASE IF EXISTS $name" >/dev/null' EXIT
  "$build/bench/alerts/alerts_bench" "${args[@]}" --db "$base/$name" | tail -1
fi
