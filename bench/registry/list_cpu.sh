#!/usr/bin/env bash
# Where a list request's CPU goes: loads one qorgan process with wrk (64 connections) on
# `GET /api/v1/people?region&status&limit=50` (a district of the person in the middle of the
# table, or the page after LATE rows) and prints requests/s, p50, p99 and the CPU time a request
# of the server process and, on PostgreSQL, of the cluster's backends (from /proc, so run it on the
# cluster's machine). Run two builds one after the other (QORGAN_BIN) to compare them: on a loaded
# machine the CPU a request varies less than requests/s.
# Usage: bench/registry/list_cpu.sh DB_URL PGDATA [DURATION] [LATE]
#   PGDATA: the cluster's data directory (its postmaster.pid names the backends' parent); - for
#   SQLite;
#   QORGAN_BENCH_PORT: the server's port (18183); needs the bench-admin account of prepare_db.sh.
#   QORGAN_BENCH_WRITERS: with N > 0, N more connections PATCH random people's phones meanwhile
#   (patch_people.lua), whose rate, p50 and p99 are printed too, and the CPU is that of a request
#   of either kind: whether reads wait behind writes, and whether writes keep their rate beside
#   reads. It writes to the database: use a copy.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=$1 pgdata=$2 duration=${3:-10} late=${4:-0} writers=${QORGAN_BENCH_WRITERS:-0}
bin=${QORGAN_BIN:-build/app/qorgan}
port=${QORGAN_BENCH_PORT:-18183}
source bench/registry/master_key.sh
threads=4 curl_flags=-sf
source bench/registry/signed_in_server.sh
path="/api/v1/people?region=$region&status=active&limit=50"
cursor='' left=$late
while [ "$left" -gt 0 ]; do
  step=$(( left > 500 ? 500 : left )) left=$(( left - step ))
  cursor=$(get "${path%limit=50}limit=$step${cursor:+&cursor=$cursor}" | sed -nE 's/.*"next_cursor":"([^"]+)".*/\1/p')
done
path="$path${cursor:+&cursor=$cursor}"
wrk -t2 -c64 -d2s -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" >/dev/null  # warm
backends() { [ "$pgdata" = - ] || pgrep -P "$(head -1 "$pgdata/postmaster.pid")"; }
ticks() { local s=0; for p in "$@"; do s=$(( s + $(awk '{ print $14 + $15 }' /proc/$p/stat 2>/dev/null || echo 0) )); done; echo $s; }
s0=$(ticks $server) b0=$(ticks $(backends))
if [ "$writers" -gt 0 ]; then
  exec 3< <(wrk -t1 -c"$writers" -d"${duration}s" --latency -H "Authorization: Bearer $token" \
    -s bench/registry/patch_people.lua "http://127.0.0.1:$port" -- "$total")
fi
out=$(wrk -t2 -c64 -d"${duration}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path")
writes=''
if [ "$writers" -gt 0 ]; then writes=$(cat <&3); fi
s1=$(ticks $server) b1=$(ticks $(backends))
count() { awk '/requests in/ { n = $1 } END { print n + 0 }' <<<"$1"; }
n=$(( $(count "$out") + $(count "$writes") ))
us() { echo $(( ($1) * 1000000 / $(getconf CLK_TCK) / n )); }
page="page 1"; [ "$late" -gt 0 ] && page="after $late rows"
echo "$(basename "$bin"), $page: $(awk '/Requests\/sec/ { print $2 }' <<<"$out") req/s," \
  "p50 $(awk '$1=="50%" { print $2 }' <<<"$out"), p99 $(awk '$1=="99%" { print $2 }' <<<"$out")," \
  "CPU a request: server $(us "s1 - s0") us$([ "$pgdata" = - ] || echo ", PostgreSQL $(us "b1 - b0") us");" \
  "load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$writers" -gt 0 ]; then
  echo "  beside it, $writers connections' PATCHes: $(awk '/Requests\/sec/ { print $2 }' <<<"$writes")" \
    "a second, p50 $(awk '$1=="50%" { print $2 }' <<<"$writes"), p99 $(awk '$1=="99%" { print $2 }' <<<"$writes")," \
    "non-2xx $(awk '/Non-2xx/ { n = $NF } END { print n + 0 }' <<<"$writes")"
fi
