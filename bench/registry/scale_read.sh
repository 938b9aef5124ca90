#!/usr/bin/env bash
# Reads against one and against two `qorgan serve` processes on the same PostgreSQL database,
# with nginx serving the same JSON bodies as static files in the same run (the ceiling). The load
# is the same in each case: two wrk processes of CONNECTIONS/2 connections each, both against the
# one process (or nginx), or one against each of the two processes (no balancer in between).
# Usage: bench/registry/scale_read.sh DB_URL [DURATION_SECONDS] [CONNECTIONS] [THREADS]
#   THREADS: I/O threads of each qorgan process (4)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/registry/static_peer.sh
db=$1 duration=${2:-10} conns=${3:-64} threads=${4:-4}
bin=${QORGAN_BIN:-build/app/qorgan}
export QORGAN_MASTER_KEY=${QORGAN_MASTER_KEY:-$(printf 'b1%.0s' $(seq 32))}
work=$(mktemp -d /tmp/qorgan-bench-scale.XXXXXX)
p1=18184 p2=18185 nport=18186
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

password=bench-admin-password
printf '%s\n' "$password" | "$bin" --db "$db" user add --login bench-admin --role admin >/dev/null 2>&1 || true
for port in $p1 $p2; do
  QORGAN_ACCESS_LOG=0 "$bin" --db "$db" serve --listen 127.0.0.1:$port --threads "$threads" >/dev/null 2>"$work/qorgan-$port.log" &
  pids+=($!)
done
for port in $p1 $p2; do
  for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
done
token=$(curl -sf -X POST http://127.0.0.1:$p1/api/v1/session \
  -d "{\"login\":\"bench-admin\",\"password\":\"$password\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
get() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$1$2"; }
total=$(get $p1 "/api/v1/people?limit=1&sort=-id" | sed -E 's/.*"items":\[\{[^}]*"id":([0-9]+).*/\1/')
id=$(( (total + 1) / 2 ))
region=$(get $p1 "/api/v1/people/$id" | sed -E 's/.*"region_id":([0-9]+).*/\1/')
list_path="/api/v1/people?region=$region&status=active&limit=50"
mkdir -p "$work/www"
get $p2 "/api/v1/people/$id" >"$work/www/person.json"  # the session made on one works on the other
get $p2 "$list_path" >"$work/www/list.json"

serve_static "$nport"

half=$((conns / 2))
pair() {  # path portA portB -> "rps p99" summed over both wrk runs (p99: the larger)
  wrk -t1 -c"$half" -d"${duration}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$2$1" >"$work/a.out" &
  local a=$!
  wrk -t1 -c"$half" -d"${duration}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$3$1" >"$work/b.out"
  wait $a
  awk '/Requests\/sec/ { r += $2 } $1 == "99%" { v = $2; ms = v ~ /ms$/ ? v + 0 : v ~ /us$/ ? v / 1000 : v * 1000; if (ms > p) p = ms }
       END { printf "%.0f %.2fms\n", r, p }' "$work/a.out" "$work/b.out"
}

echo "| request | server | requests/s | p99 | share of nginx |"
echo "|---|---|---:|---:|---:|"
for spec in "GET /api/v1/people/{id}|/api/v1/people/$id|/person.json" "GET /api/v1/people?region&status (50 rows)|$list_path|/list.json"; do
  IFS='|' read -r label qpath npath <<<"$spec"
  read -r nr np99 <<<"$(pair "$npath" $nport $nport)"
  read -r r1 p99_1 <<<"$(pair "$qpath" $p1 $p1)"
  read -r r2 p99_2 <<<"$(pair "$qpath" $p1 $p2)"
  echo "| $label | nginx (static file) | $nr | $np99 | 100% |"
  echo "| $label | qorgan, one process | $r1 | $p99_1 | $(awk -v a="$r1" -v b="$nr" 'BEGIN { printf "%.0f%%", 100 * a / b }') |"
  echo "| $label | qorgan, two processes | $r2 | $p99_2 | $(awk -v a="$r2" -v b="$nr" 'BEGIN { printf "%.0f%%", 100 * a / b }') |"
done
echo
echo "two wrk -t1 -c$half -d${duration}s at once on $(nproc) cores; qorgan --threads $threads per process"
