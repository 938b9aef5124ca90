#!/usr/bin/env bash
# How the planners' run time and peak memory grow with network size and population (issue 4,
# "Benchmark"): generated grid cities (evac_bench --grid: N x N junctions 100 m apart, an
# avenue every fifth street, about 50 people per origin, 16 shelters on the edge of town) for
# every size x population, each planner in its own forked child with a timeout (evac_bench).
# Writes a CSV, a Markdown table and a log-log SVG plot (run time against junctions and against
# people; bench/evac/loglog_svg.mjs, Node.js, no network).
#
#   bench/evac/scaling.sh [--sides "100 316 1000"] [--populations "10000 100000 1000000"]
#                         [--planners qorgan,ccrp,shortest,optimal] [--timeout 300]
#                         [--mem-gb 8] [--out DIR]
#   bench/evac/scaling.sh --quick      sides 32 100 316, populations 10^4 10^5, timeout 60
#
# The issue's full run: sides 316 and 1000 (10^5 and 10^6 junctions), populations 10^4, 10^5,
# 10^6. A planner stopped by the timeout is reported as "timeout" (drawn at the timeout, hollow);
# one that runs out of the --mem-gb address-space limit fails ("failed").
#   BUILD=build-x   the build directory holding bench/evac/evac_bench (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
sides="316 1000" populations="10000 100000 1000000" planners="qorgan,ccrp,shortest,optimal"
timeout=300 mem_gb=8 out=""
while (($#)); do
  case "$1" in
    --sides) sides=$2; shift ;;
    --populations) populations=$2; shift ;;
    --planners) planners=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    --mem-gb) mem_gb=$2; shift ;;
    --out) out=$2; shift ;;
    --quick) sides="32 100 316" populations="10000 100000" timeout=60 ;;
    *) echo "usage: $0 [--quick] [--sides \"N ...\"] [--populations \"P ...\"] [--planners a,b] [--timeout S] [--mem-gb G] [--out DIR]" >&2
       exit 2 ;;
  esac
  shift
done
build=${BUILD:-build}
bench=$root/$build/bench/evac/evac_bench
[ -x "$bench" ] || { echo "error: $bench not built (ninja -C $build evac_bench)" >&2; exit 1; }
out=${out:-$root/$build/bench/evac/scaling}
mkdir -p "$out"
csv=$out/scaling.csv
echo "side,junctions,arcs,people,planner,status,egress,vs_opt,mean,run_s,cpu_s,peak_mb,valid" >"$csv"

for side in $sides; do
  for people in $populations; do
    echo "# grid ${side}x${side}, $people people: $planners (timeout $timeout s)" >&2
    # The address-space limit applies to evac_bench and its forked planners only.
    log=$( (ulimit -v $((mem_gb * 1024 * 1024)); "$bench" --grid "$side" --population "$people" \
             --planners "$planners" --timeout "$timeout") 2>&1 || true)
    # evac_bench prints a header line ("input nodes arcs people planner egress ...") and a row
    # per planner ("grid NxN, P  1024 3968 10000 qorgan 52 ..." or "... qorgan stopped after S
    # s" / "... qorgan failed"). Columns are found by their header names, counted from the
    # planner's column, so that the input's name may have any number of words and new columns
    # do not break the parse.
    awk -v side="$side" -v planners="$planners" '
      BEGIN { n = split(planners, list, ","); for (i = 1; i <= n; ++i) known[list[i]] = 1 }
      $1 == "input" { for (i = 1; i <= NF; ++i) col[$i] = i; next }
      {
        for (i = 2; i <= NF; ++i) if ($i in known) break
        if (i > NF || !("planner" in col) || $(i - 3) !~ /^[0-9]+$/) next
        off = i - col["planner"]
        nodes = $(i - 3); arcs = $(i - 2); ppl = $(i - 1); planner = $i
        if ($(i + 1) == "stopped") { status = "timeout" }
        else if ($(i + 1) == "failed") { status = "failed" }
        else { status = "ok" }
        if (status != "ok") { printf "%s,%s,%s,%s,%s,%s,,,,,,,\n", side, nodes, arcs, ppl, planner, status; next }
        # Peak memory of the planning itself when evac_bench tells it (plan_MB), else of the
        # whole child (peak_MB, validation included).
        peak = ("plan_MB" in col) ? $(col["plan_MB"] + off) : $(col["peak_MB"] + off)
        cpu = ("cpu_s" in col) ? $(col["cpu_s"] + off) : ""
        printf "%s,%s,%s,%s,%s,ok,%s,%s,%s,%s,%s,%s,%s\n", side, nodes, arcs, ppl, planner,
               $(col["egress"] + off), $(col["vs_opt"] + off), $(col["mean"] + off),
               $(col["run_s"] + off), cpu, peak, $(col["valid"] + off)
      }' <<<"$log" >>"$csv"
    if ! grep -q "^$side," "$csv"; then
      echo "error: evac_bench printed no rows for grid $side:" >&2
      echo "$log" >&2
      exit 1
    fi
  done
done

# Markdown table.
md=$out/scaling.md
{
  echo "Grid cities, $(nproc) cores, load$(uptime | sed 's/.*load average//'); timeout $timeout s, address space $mem_gb GB per run."
  echo
  echo "| junctions | arcs | people | planner | run s | CPU s | peak MB | egress (steps) | vs optimum | valid |"
  echo "|---:|---:|---:|---|---:|---:|---:|---:|---:|:---:|"
  awk -F, -v timeout="$timeout" 'NR > 1 {
      if ($6 == "ok") printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $10, $11, $12, $7, $8, $13
      else if ($6 == "timeout") printf "| %s | %s | %s | %s | stopped after %s s | | | | | |\n", $2, $3, $4, $5, timeout
      else printf "| %s | %s | %s | %s | failed (memory limit?) | | | | | |\n", $2, $3, $4, $5
    }' "$csv"
} >"$md"
cat "$md"
node bench/evac/loglog_svg.mjs "$csv" "$out/scaling.svg" --timeout "$timeout"
echo
echo "CSV: $csv"
echo "Markdown: $md"
echo "plot: $out/scaling.svg"
