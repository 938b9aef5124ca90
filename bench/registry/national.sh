#!/usr/bin/env bash
# The registry at national scale: N generated people over Kazakhstan's 17 oblasts and 3 cities,
# ten districts each (KATO-style codes), with a brigade per oblast or city and four battalions
# per district; SHARE of the people are members of a unit of their own district, half of them of
# the brigade itself (a large unit) and half of a battalion. Imports them
# with `qorgan import people` (in files of CHUNK rows when given) and prints the import's time and
# peak memory, the database's size on disk, then the reads (http_read.sh, counts_read.sh, and
# on PostgreSQL scale_read.sh: one serving process against two).
# Usage: bench/registry/national.sh DB_URL N [SHARE] [CHUNK] [DURATION]
#   DURATION: seconds of each wrk load (10); the counts are also asked 10 × DURATION times in turn.
#   QORGAN_BENCH_DIR keeps the generated files (default: a temporary directory, removed after);
#   QORGAN_BENCH_SKIP_READS=1 stops after the import.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=$1 n=$2 share=${3:-0.3} chunk=${4:-0} duration=${5:-10}
bin=${QORGAN_BIN:-build/app/qorgan}
export QORGAN_BIN=$bin
export QORGAN_MASTER_KEY=${QORGAN_MASTER_KEY:-$(printf 'b1%.0s' $(seq 32))}  # PostgreSQL needs an explicit key
work=${QORGAN_BENCH_DIR:-}
if [ -z "$work" ]; then
  work=$(mktemp -d /tmp/qorgan-bench-national.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

bench/registry/prepare_db.sh "$db" "node bench/registry/national_setup.mjs --plan $work/plan.json"
t0=$(date +%s.%N)
node bench/registry/gen_people.mjs "$n" "@$work/plan.json" "$share" >"$work/people.csv"
t1=$(date +%s.%N)
echo "generated $n people in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s: $(stat -c%s "$work/people.csv") bytes"

files=("$work/people.csv")
if [ "$chunk" -gt 0 ]; then
  rm -f "$work"/part-*.csv
  tail -n +2 "$work/people.csv" | split -l "$chunk" -d -a 3 --additional-suffix=.csv - "$work/part-"
  header=$(head -1 "$work/people.csv")
  files=()
  for f in "$work"/part-*.csv; do sed -i "1i $header" "$f"; files+=("$f"); done
  rm "$work/people.csv"
fi
total=0
for f in "${files[@]}"; do
  /usr/bin/time -v "$bin" --db "$db" import people "$f" >"$work/import.out" 2>"$work/import.time"
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/import.time")
  kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/import.time")
  total=$(awk -v a="$total" -v b="$secs" 'BEGIN { print a + b }')
  echo "import $(basename "$f"): $secs s, peak $((kb / 1024)) MB"
done
echo "import of $n people in ${#files[@]} file(s): $total s"
if [[ "$db" == postgresql://* ]]; then
  # What autovacuum would do after a load: statistics, and the visibility map for index-only scans.
  t0=$(date +%s.%N)
  psql "$db" -Atc "VACUUM ANALYZE" >/dev/null
  echo "VACUUM ANALYZE: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s"
  psql "$db" -Atc "SELECT 'database size on disk: ' || pg_size_pretty(pg_database_size(current_database()))"
else
  echo "database size on disk: $(du -ch "${db#sqlite:}"* | tail -1 | cut -f1)"
fi
[ "${QORGAN_BENCH_SKIP_READS:-0}" = 1 ] && exit 0
bench/registry/http_read.sh "$db" "$duration" 64
bench/registry/counts_read.sh "$db" $((10 * duration)) "$duration" 64
if [[ "$db" == postgresql://* ]]; then bench/registry/scale_read.sh "$db" "$duration" 64; fi
