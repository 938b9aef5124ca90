#!/usr/bin/env bash
# Creates a database with Almaty and two of its districts (the regions the generated people
# live in) and an admin account; prints nothing on success. With SETUP, runs
# `SETUP BASE_URL TOKEN` against the server instead of creating Almaty (national.sh does).
# Usage: bench/registry/prepare_db.sh DB_URL [SETUP]
set -euo pipefail
cd "$(dirname "$0")/../.."
db=$1 setup=${2:-}
bin=${QORGAN_BIN:-build/app/qorgan}
# A free port of its own (or QORGAN_BENCH_PORT): two preparations may run side by side.
port=${QORGAN_BENCH_PORT:-$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")}
"$bin" --db "$db" migrate >/dev/null
printf 'bench-admin-password\n' | "$bin" --db "$db" user add --login bench-admin --role admin >/dev/null
log=$(mktemp)
QORGAN_ACCESS_LOG=0 "$bin" --db "$db" serve --listen 127.0.0.1:$port 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
up=
for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && up=1 && break; sleep 0.1; done
if [ -z "$up" ]; then
  echo "prepare_db.sh: the server on port $port did not answer /healthz within 10 s; it said:" >&2
  cat "$log" >&2
  exit 1
fi
token=$(curl -sSf -X POST http://127.0.0.1:$port/api/v1/session \
  -d '{"login":"bench-admin","password":"bench-admin-password"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
if [ -n "$setup" ]; then
  $setup "http://127.0.0.1:$port" "$token"
  exit 0
fi
post() { curl -sSf -o /dev/null -H "Authorization: Bearer $token" -X POST "http://127.0.0.1:$port/api/v1/regions" -d "$1"; }
post '{"code":"750000000","level":"city","name":{"kk":"Алматы","ru":"Алматы","en":"Almaty"}}'
post '{"code":"751710000","level":"district","parent_id":1,"name":{"kk":"Алмалы ауданы","ru":"Алмалинский район","en":"Almaly District"}}'
post '{"code":"751910000","level":"district","parent_id":1,"name":{"kk":"Әуезов ауданы","ru":"Ауэзовский район","en":"Auezov District"}}'
