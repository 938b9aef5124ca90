#!/usr/bin/env bash
# Loads qorgan's read endpoints with wrk and, side by side in the same run, nginx serving the
# very same JSON bodies as static files (the ceiling for an HTTP server on this machine).
# Usage: bench/registry/http_read.sh DB_URL DURATION_SECONDS CONNECTIONS
# Needs a database holding people (see import.sh). Prints a Markdown table.
# QORGAN_BENCH_PORT and NGINX_BENCH_PORT choose the two servers' ports (18181 and 18182), so that
# two runs on one machine need not collide.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/registry/static_peer.sh
db=$1 duration=${2:-10} conns=${3:-64}
bin=${QORGAN_BIN:-build/app/qorgan}
work=$(mktemp -d /tmp/qorgan-bench-http.XXXXXX)
qport=${QORGAN_BENCH_PORT:-18181} nport=${NGINX_BENCH_PORT:-18182}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

password=bench-admin-password
printf '%s\n' "$password" | "$bin" --db "$db" user add --login bench-admin --role admin >/dev/null 2>&1 || true
QORGAN_ACCESS_LOG=0 "$bin" --db "$db" serve --listen 127.0.0.1:$qport --threads 4 >/dev/null 2>"$work/qorgan.log" &
pids+=($!)
for _ in $(seq 100); do curl -sf http://127.0.0.1:$qport/healthz >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST http://127.0.0.1:$qport/api/v1/session \
  -d "{\"login\":\"bench-admin\",\"password\":\"$password\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/') || true
if [ -z "$token" ]; then
  echo "http_read.sh: could not log in as bench-admin on $db (PostgreSQL needs QORGAN_MASTER_KEY" \
    "set as it was for the import; the server's log follows)" >&2
  cat "$work/qorgan.log" >&2
  exit 1
fi

total=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$qport/api/v1/people?limit=1&sort=-id" \
  | sed -E 's/.*"items":\[\{[^}]*"id":([0-9]+).*/\1/')
id=$(( (total + 1) / 2 ))
region=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$qport/api/v1/people/$id" \
  | sed -E 's/.*"region_id":([0-9]+).*/\1/')
list_path="/api/v1/people?region=$region&status=active&limit=50"
# The cursor of the list's page 1,000 (rows 49,951–50,000): walked in pages of 450 rows, as a
# cursor holds the last row's sort value and id whatever the page size. A smaller list (the tiny
# run) goes on page by page to its last page that has a next one.
cursor='' page=1 most=9
while [ "$page" -lt 1000 ]; do
  step=$(( page + most <= 1000 ? most : 1000 - page ))
  next=$(curl -sf -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$qport${list_path%limit=50}limit=$(( step * 50 ))${cursor:+&cursor=$cursor}" \
    | sed -nE 's/.*"next_cursor":"([^"]+)".*/\1/p')
  if [ -z "$next" ]; then
    [ "$step" -gt 1 ] || break
    most=1
    continue
  fi
  cursor=$next page=$(( page + step ))
done
late_path="$list_path${cursor:+&cursor=$cursor}"
mkdir -p "$work/www"
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$qport/api/v1/people/$id" >"$work/www/person.json"
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$qport$list_path" >"$work/www/list.json"
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$qport$late_path" >"$work/www/late.json"

serve_static "$nport"

run() {  # name url -> "rps p50 p99"
  local out
  out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency -H "Authorization: Bearer $token" "$2")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$rps $p50 $p99"
}

echo "| request | server | requests/s | p50 | p99 | share of nginx |"
echo "|---|---|---:|---:|---:|---:|"
for pair in "GET /api/v1/people/{id}|/api/v1/people/$id|/person.json" \
  "GET /api/v1/people?region&status (50 rows, page 1)|$list_path|/list.json" \
  "GET /api/v1/people?region&status (50 rows, page $page)|$late_path|/late.json"; do
  IFS='|' read -r label qpath npath <<<"$pair"
  read -r nr np50 np99 <<<"$(run nginx "http://127.0.0.1:$nport$npath")"
  read -r qr qp50 qp99 <<<"$(run qorgan "http://127.0.0.1:$qport$qpath")"
  share=$(awk -v a="$qr" -v b="$nr" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  echo "| $label | nginx (static file) | $nr | $np50 | $np99 | 100% |"
  echo "| $label | qorgan | $qr | $qp50 | $qp99 | $share |"
done
echo
echo "wrk -t2 -c$conns -d${duration}s on $(nproc) cores; body sizes: $(stat -c%s "$work/www/person.json"), $(stat -c%s "$work/www/list.json") and $(stat -c%s "$work/www/late.json") bytes"
