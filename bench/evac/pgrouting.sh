#!/usr/bin/env bash
# Point-to-point routes and max-flow, Qorgan side by side with pgRouting on the same graph, in
# one run (issue 4, "Benchmark"). For each network:
#   1. evac_pgr_compare exports the graph as a pgRouting edge table (cost = travel time in
#      steps, reverse_cost, capacity, reverse_capacity), draws N random node pairs, answers them
#      with Qorgan's RouteQuery (bidirectional A*) and computes the per-step max-flow from the
#      origins' super source to the shelters' super sink with LEMON's Preflow;
#   2. PostgreSQL loads the same table and answers the same pairs with pgr_dijkstra, one call per
#      pair (timed inside the server, so no client round trip is counted against it), then all
#      pairs in one pgr_dijkstra call (its many-pairs form: the graph is read once), and runs
#      pgr_maxFlow on the same super source and sink;
#   3. travel times are compared pair by pair and the max-flow values must be equal.
# Prints Markdown tables with the ratios; exits 1 when the two disagree.
#
#   bench/evac/pgrouting.sh [--tiny] [--db URL] [--pairs N]
#     --tiny     a 20 x 20 grid city and 200 pairs: seconds (CI; no OSM data needed)
#     --db URL   an existing PostgreSQL database where `CREATE EXTENSION pgrouting CASCADE` is
#                allowed; default: a throwaway cluster (scripts/test-postgres) on port
#                $QORGAN_PGR_PORT (55396)
#   BUILD=build-x  the build directory holding bench/evac/evac_pgr_compare (default: build)
#   QORGAN_OSM_DIR where the OSM extracts are (default: ../shared/data/osm beside the checkout)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tiny=0 db="" pairs=""
while (($#)); do
  case "$1" in
    --tiny) tiny=1 ;;
    --db) db=$2; shift ;;
    --pairs) pairs=$2; shift ;;
    *) echo "usage: $0 [--tiny] [--db URL] [--pairs N]" >&2; exit 2 ;;
  esac
  shift
done
build=${BUILD:-build}
tool=$root/$build/bench/evac/evac_pgr_compare
[ -x "$tool" ] || { echo "error: $tool not built (ninja -C $build evac_pgr_compare)" >&2; exit 1; }
osm_dir=${QORGAN_OSM_DIR:-$root/../shared/data/osm}

work=$(mktemp -d /tmp/qorgan-pgr.XXXXXX)
pg_dir=""
cleanup() {
  [ -n "$pg_dir" ] && scripts/test-postgres stop "$pg_dir"
  rm -rf "$work" ${pg_dir:+"$pg_dir"}
}
trap cleanup EXIT
if [ -z "$db" ]; then
  pg_dir=$(mktemp -d /tmp/qorgan-pgr-pg.XXXXXX)
  db=$(scripts/test-postgres start "$pg_dir" "${QORGAN_PGR_PORT:-55396}")
fi
sql() { PGOPTIONS='-c client_min_messages=warning' psql "$db" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
sql -c "CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE" 2>/dev/null
versions=$(sql -c "SELECT 'pgRouting ' || pgr_version() || ', PostgreSQL ' || current_setting('server_version')")

# Cases: name|arguments of evac_pgr_compare|pairs
cases=()
if [ "$tiny" = 1 ]; then
  cases+=("grid|--grid 20 --population 2000|${pairs:-200}")
else
  [ -f "$osm_dir/monaco.osm.pbf" ] && cases+=("monaco|--network $osm_dir/monaco.osm.pbf --population 38000|${pairs:-1000}")
  [ -f "$osm_dir/almaty-2013.osm.pbf" ] && cases+=("almaty|--network $osm_dir/almaty-2013.osm.pbf --population 100000|${pairs:-1000}")
  cases+=("grid|--grid 316 --population 100000|${pairs:-100}")
fi

fmt_ms() { awk -v x="$1" 'BEGIN { if (x >= 1000) printf "%.2f s", x / 1000; else if (x >= 1) printf "%.1f ms", x; else printf "%.0f µs", x * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "–"; else { r = a / b; printf (r >= 10 ? "%.0f×" : "%.1f×"), r } }'; }
thousands() { printf "%'d" "$1" 2>/dev/null || echo "$1"; }

route_rows=() total_rows=() flow_rows=() notes=() status=0
for c in "${cases[@]}"; do
  IFS='|' read -r name args n <<<"$c"
  dir=$work/$name
  # shellcheck disable=SC2086
  "$tool" --dir "$dir" $args --pairs "$n" --seed 1
  # shellcheck disable=SC1091
  . "$dir/ours.env"

  sql <<SQL
DROP TABLE IF EXISTS evac_edges, evac_flow_extra, evac_pairs, evac_ours, evac_pgr, evac_pgr_batch,
  evac_results;
CREATE TABLE evac_edges (id BIGINT PRIMARY KEY, source BIGINT, target BIGINT, cost FLOAT8,
  reverse_cost FLOAT8, capacity BIGINT, reverse_capacity BIGINT);
CREATE TABLE evac_flow_extra (LIKE evac_edges);
CREATE TABLE evac_pairs (pair INT PRIMARY KEY, source BIGINT, target BIGINT);
CREATE TABLE evac_ours (pair INT PRIMARY KEY, travel_time FLOAT8, micros FLOAT8);
CREATE TABLE evac_pgr (pair INT PRIMARY KEY, agg_cost FLOAT8, micros FLOAT8);
CREATE TABLE evac_results (key TEXT PRIMARY KEY, value FLOAT8);
\copy evac_edges FROM '$dir/edges.csv' CSV HEADER
\copy evac_flow_extra FROM '$dir/flow_extra.csv' CSV HEADER
\copy evac_pairs FROM '$dir/pairs.csv' CSV HEADER
\copy evac_ours FROM '$dir/ours.csv' CSV HEADER
ANALYZE;

-- One pgr_dijkstra call per pair, as a router serving one request at a time; one untimed call
-- first, so that loading the extension's library is not counted.
DO \$\$
DECLARE p RECORD; t0 TIMESTAMPTZ; c FLOAT8;
BEGIN
  PERFORM count(*) FROM pgr_dijkstra('SELECT id, source, target, cost, reverse_cost FROM evac_edges',
                                     (SELECT source FROM evac_pairs ORDER BY pair LIMIT 1),
                                     (SELECT target FROM evac_pairs ORDER BY pair LIMIT 1), true);
  FOR p IN SELECT * FROM evac_pairs ORDER BY pair LOOP
    t0 := clock_timestamp();
    SELECT max(agg_cost) INTO c FROM pgr_dijkstra(
      'SELECT id, source, target, cost, reverse_cost FROM evac_edges', p.source, p.target, true);
    INSERT INTO evac_pgr VALUES (p.pair, c, extract(epoch FROM clock_timestamp() - t0) * 1e6);
  END LOOP;
END \$\$;

-- All pairs in one call (pgRouting at its best: the edge table is read once).
DO \$\$
DECLARE t0 TIMESTAMPTZ := clock_timestamp();
BEGIN
  CREATE TABLE evac_pgr_batch AS
    SELECT start_vid, end_vid, max(agg_cost) AS agg_cost
    FROM pgr_dijkstra('SELECT id, source, target, cost, reverse_cost FROM evac_edges',
                      'SELECT source, target FROM evac_pairs', true)
    GROUP BY start_vid, end_vid;
  INSERT INTO evac_results VALUES ('batch_ms', extract(epoch FROM clock_timestamp() - t0) * 1e3);
END \$\$;

-- Max-flow from the super source through the origins to the shelters and the super sink; best
-- of three runs, as on Qorgan's side.
DO \$\$
DECLARE t0 TIMESTAMPTZ; v BIGINT; best FLOAT8;
BEGIN
  FOR run IN 1..3 LOOP
    t0 := clock_timestamp();
    SELECT pgr_maxflow('SELECT id, source, target, capacity, reverse_capacity FROM evac_edges
                        UNION ALL
                        SELECT id, source, target, capacity, reverse_capacity FROM evac_flow_extra',
                       $SUPER_SOURCE::BIGINT, $SUPER_SINK::BIGINT) INTO v;
    best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1e3);
  END LOOP;
  INSERT INTO evac_results VALUES ('flow_ms', best), ('flow_value', v);
END \$\$;
SQL

  read -r pgr_total pgr_mean pgr_median pgr_p95 <<<"$(sql -F' ' -c "
    SELECT sum(micros) / 1e3, avg(micros) / 1e3,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY micros) / 1e3,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY micros) / 1e3 FROM evac_pgr")"
  read -r same same_batch <<<"$(sql -F' ' -c "
    SELECT (SELECT count(*) FROM evac_pgr g JOIN evac_ours o USING (pair)
             WHERE g.agg_cost IS NOT DISTINCT FROM o.travel_time),
           (SELECT count(*) FROM evac_pairs p JOIN evac_ours o USING (pair)
             LEFT JOIN evac_pgr_batch b ON b.start_vid = p.source AND b.end_vid = p.target
             WHERE b.agg_cost IS NOT DISTINCT FROM o.travel_time)")"
  batch_ms=$(sql -c "SELECT value FROM evac_results WHERE key = 'batch_ms'")
  pgr_flow_ms=$(sql -c "SELECT value FROM evac_results WHERE key = 'flow_ms'")
  pgr_flow=$(sql -c "SELECT value::BIGINT FROM evac_results WHERE key = 'flow_value'")

  ms() { awk -v x="$1" 'BEGIN { print x / 1000 }'; }  # µs -> ms
  per_query() { echo "$(fmt_ms "$(ms "$1")") ($(fmt_ms "$(ms "$2")") / $(fmt_ms "$(ms "$3")"))"; }
  size="$(thousands "$NODES") / $(thousands "$ARCS")"
  route_rows+=("| $NAME | $size | $PAIRS | $(fmt_ms "$pgr_mean") ($(fmt_ms "$pgr_median") / $(fmt_ms "$pgr_p95")) | $(per_query "$GEO_MEAN_US" "$GEO_MEDIAN_US" "$GEO_P95_US") | $(ratio "$pgr_mean" "$(ms "$GEO_MEAN_US")") | $(per_query "$ALT_MEAN_US" "$ALT_MEDIAN_US" "$ALT_P95_US") | **$(ratio "$pgr_mean" "$(ms "$ALT_MEAN_US")")** | $same / $PAIRS |")
  alt_all=$(awk -v a="$ALT_PREPARE_MS" -v b="$ALT_TOTAL_MS" 'BEGIN { print a + b }')
  total_rows+=("| $NAME | $PAIRS | $(fmt_ms "$pgr_total") | $(fmt_ms "$batch_ms") | $(fmt_ms "$GEO_TOTAL_MS") | $(fmt_ms "$ALT_PREPARE_MS") + $(fmt_ms "$ALT_TOTAL_MS") | $(ratio "$batch_ms" "$alt_all") | $same_batch / $PAIRS |")
  flow_same=no
  [ "$pgr_flow" = "$FLOW_VALUE" ] && flow_same=yes
  flow_rows+=("| $NAME | $(thousands "$POPULATION") in $ORIGINS origins, $SHELTERS shelters | $pgr_flow | $FLOW_VALUE | $flow_same | $(fmt_ms "$pgr_flow_ms") | $(fmt_ms "$FLOW_MS") | $(ratio "$pgr_flow_ms" "$FLOW_MS") |")
  notes+=("$NAME: the edge table has $(thousands "$ROWS") rows; Qorgan loads the graph once in $(fmt_ms "$LOAD_MS"); a query settles $GEO_SETTLED junctions on average with the geometric bound, $ALT_SETTLED with $LANDMARKS landmarks.")
  if [ "$same" != "$PAIRS" ] || [ "$same_batch" != "$PAIRS" ] || [ "$flow_same" != yes ] || [ "$DISAGREE" != 0 ]; then
    echo "MISMATCH on $NAME: equal travel times $same / $same_batch of $PAIRS (A* vs ALT differ on $DISAGREE), max-flow $pgr_flow vs $FLOW_VALUE" >&2
    status=1
  fi
done

echo "## Point-to-point routes: pgr_dijkstra vs Qorgan's route query ($versions; $(nproc) cores; load$(uptime | sed 's/.*load average//'))"
echo
echo "Per query: mean (median / p95), timed where each runs (pgr_dijkstra inside the server, so no client round trip counts against it). Qorgan A*: bidirectional, straight-line bound, no preprocessing (what \`evac route\` does); ALT: the same search with 16 landmarks computed up front (totals below). \"same\": pairs where pgRouting's travel time equals Qorgan's."
echo
echo "| network | junctions / arcs | pairs | pgr_dijkstra per call | Qorgan A* per query | faster by | Qorgan ALT per query | faster by | same |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${route_rows[@]}"
echo
echo "All pairs: pgr_dijkstra called once per pair, and once with every pair (its many-pairs form reads the edge table once); Qorgan's total includes the landmarks' preprocessing."
echo
echo "| network | pairs | pgr_dijkstra, a call per pair | pgr_dijkstra, one call | Qorgan A* | Qorgan ALT: landmarks + queries | faster than the one call by | same |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${total_rows[@]}"
echo
echo "## Static max-flow, origins' super source to shelters' super sink: pgr_maxFlow vs LEMON Preflow (best of 3 runs each)"
echo
echo "| network | demand | pgr_maxFlow (people/step) | Qorgan | same | pgr_maxFlow time | Qorgan time | faster by |"
echo "|---|---|---:|---:|:---:|---:|---:|---:|"
printf '%s\n' "${flow_rows[@]}"
echo
printf -- '- %s\n' "${notes[@]}"
exit "$status"
