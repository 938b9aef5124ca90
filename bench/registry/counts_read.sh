#!/usr/bin/env bash
# Times the counting reads of a large registry: people per region with their sub-regions
# (GET /api/v1/regions/stats, all regions and one oblast's), the console's region page that
# shows them, and a large unit's strength (GET /api/v1/units/{id}/strength, the top-level unit with
# the most direct members among the first hundred units). Each is asked REQUESTS times one after
# another (curl: median and p99) and under wrk at CONNECTIONS for DURATION seconds. Side by side,
# the peer: counting the people per region directly (GROUP BY over the people table, as the
# counts would cost without the counters that triggers keep), timed by the engine's own client.
# Usage: bench/registry/counts_read.sh DB_URL [REQUESTS] [DURATION] [CONNECTIONS] [PORT]
set -euo pipefail
cd "$(dirname "$0")/../.."
db=$1 requests=${2:-100} duration=${3:-10} conns=${4:-64} port=${5:-18183}
bin=${QORGAN_BIN:-build/app/qorgan}
base=http://127.0.0.1:$port
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true' EXIT

password=bench-admin-password
printf '%s\n' "$password" | "$bin" --db "$db" user add --login bench-admin --role admin >/dev/null 2>&1 || true
QORGAN_ACCESS_LOG=0 "$bin" --db "$db" serve --listen 127.0.0.1:$port --threads 4 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf $base/healthz >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST $base/api/v1/session \
  -d "{\"login\":\"bench-admin\",\"password\":\"$password\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
auth="Authorization: Bearer $token"
jar=$(mktemp /tmp/qorgan-bench-jar.XXXXXX)
csrf=$(curl -sf -c "$jar" "$base/console/login" | sed -nE 's/.*name="_csrf" value="([^"]+)".*/\1/p' | head -1)
curl -s -o /dev/null -b "$jar" -c "$jar" -X POST "$base/console/login" --data-urlencode "_csrf=$csrf" \
  --data-urlencode login=bench-admin --data-urlencode "password=$password" --data-urlencode next=/console
session=$(awk 'NF == 7 && $6 !~ /csrf/ { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
rm -f "$jar"
oblast=$(curl -sf -H "$auth" "$base/api/v1/regions?level=oblast&sort=id&limit=1" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).items[0].id))')
unit= best=-1
for u in $(curl -sf -H "$auth" "$base/api/v1/units?sort=id&limit=100" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () =>
    console.log(JSON.parse(s).items.filter((u) => u.parent_id === null).map((u) => u.id).join(" ")))'); do
  n=$(curl -sf -H "$auth" "$base/api/v1/units/$u/strength" | grep -oE '"actual_total":[0-9]+' | tr -dc '0-9')
  [ "${n:-0}" -gt "$best" ] && best=$n unit=$u
done

lat() {  # url [curl args] -> "median p99" in ms over $requests sequential requests
  local url=$1; shift
  for _ in $(seq "$requests"); do curl -s -o /dev/null -w '%{time_total}\n' "$@" "$url"; done \
    | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.1f %.1f", t[int((NR + 1) / 2)], t[int(NR * 0.99 + 0.999)] }'
}
load() {  # url header -> "rps p99"
  local out
  out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency -H "$2" "$1")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
}

echo "| request | one at a time: median | p99 | wrk -c$conns: requests/s | p99 |"
echo "|---|---:|---:|---:|---:|"
for pair in "GET /api/v1/regions/stats (all regions)|/api/v1/regions/stats|$auth" \
  "GET /api/v1/regions/stats?within=oblast|/api/v1/regions/stats?within=$oblast|$auth" \
  "console region page (the oblast, its districts' counts)|/console/regions/$oblast|Cookie: $session" \
  "GET /api/v1/units/{id}/strength ($best members)|/api/v1/units/$unit/strength|$auth"; do
  IFS='|' read -r label path header <<<"$pair"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$header" "$base$path")
  [ "$code" = 200 ] || { echo "$label: HTTP $code" >&2; exit 1; }
  read -r med p99 <<<"$(lat "$base$path" -H "$header")"
  read -r rps lp99 <<<"$(load "$base$path" "$header")"
  echo "| $label | $med ms | $p99 ms | $rps | $lp99 |"
done

# The peer: the count per region straight from the people table (best of three).
count_sql="SELECT region_id, COUNT(*) FROM people GROUP BY region_id"
best_ms=
for _ in 1 2 3; do
  if [[ "$db" == postgresql://* ]]; then
    ms=$(psql "$db" -Atc '\timing on' -c "$count_sql" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p')
  else
    ms=$(printf '.timer on\n%s;\n' "$count_sql" | sqlite3 "${db#sqlite:}" \
      | sed -nE 's/^Run Time: real ([0-9.]+).*/\1/p' | awk '{ print $1 * 1000 }')
  fi
  best_ms=$(awk -v a="${best_ms:-}" -v b="$ms" 'BEGIN { print (a == "" || b < a) ? b : a }')
done
echo
echo "peer: $count_sql, in the engine's own client, best of three: $best_ms ms"
echo "curl one at a time ($requests requests each), wrk -t2 -c$conns -d${duration}s on $(nproc) cores"
