#!/usr/bin/env bash
# Saves the bodies of the people list for varied queries, each with its next three cursor pages,
# so that two builds' pages can be compared byte for byte: run it once per build into two
# directories and `diff -r` them. The queries: a district (the middle person's region) with and
# without a status, both ways of every sort, a skill, a name search, the district's oblast or city
# (a region with sub-regions) also by birth date, creation and id and with a skill, a unit, all
# people (also by birth date and creation), and a region that does not exist; page sizes
# from 1 to 200. Needs a database of national.sh (or import.sh) with the bench-admin account of
# prepare_db.sh; the reads change nothing, so the builds see the same data.
# Usage: bench/registry/list_bodies.sh DB_URL OUTDIR
#   QORGAN_BIN: the build (build/app/qorgan); QORGAN_BENCH_PORT: its port (18184).
set -euo pipefail
cd "$(dirname "$0")/../.."
db=$1 out=$2
bin=${QORGAN_BIN:-build/app/qorgan}
port=${QORGAN_BENCH_PORT:-18184}
source bench/registry/master_key.sh
mkdir -p "$out"
threads=2
source bench/registry/signed_in_server.sh
parent=$(get "/api/v1/regions/$region" | sed -nE 's/.*"parent_id":([0-9]+).*/\1/p')
unit=$(get "/api/v1/units?limit=1" | sed -nE 's/.*"items":\[\{[^}]*"id":([0-9]+).*/\1/p')
queries=("region=$region&status=active&limit=50" "region=$region&status=active&limit=200"
  "region=$region&limit=7&sort=-name" "region=$region&status=active&limit=50&sort=-name"
  "region=$region&status=active&limit=50&sort=birth_date" "region=$region&limit=9&sort=-birth_date"
  "region=$region&status=active&limit=30&sort=-created_at" "region=$region&limit=30&sort=created_at"
  "region=$region&status=active&limit=40&sort=-id" "region=$region&skill=medic&limit=20"
  "region=$region&status=reservist&limit=1" "status=reservist&limit=50" "limit=3"
  "region=999999999&limit=5")
[ -n "$parent" ] && queries+=("region=$parent&status=active&limit=50" "region=$parent&limit=25&sort=-name")
[ -n "$unit" ] && queries+=("unit=$unit&limit=20" "unit=$unit&limit=20&sort=-name")
family=$(get "/api/v1/people?region=$region&limit=1" | sed -nE 's/.*"family_name":"([^"]+)".*/\1/p')
[ -n "$family" ] && queries+=("region=$region&q=$(jq -rn --arg v "$family" '$v|@uri')&limit=25")
# The oblast's or city's lists in the other orders and with a skill (on PostgreSQL each of its
# regions read in order and merged), and everyone's by birth date and by creation.
[ -n "$parent" ] && queries+=("region=$parent&limit=50&sort=birth_date"
  "region=$parent&status=active&limit=20&sort=-created_at" "region=$parent&skill=medic&limit=30"
  "region=$parent&skill=medic&limit=10&sort=-birth_date" "region=$parent&limit=40&sort=-id")
queries+=("limit=50&sort=-birth_date" "status=active&limit=25&sort=created_at"
  "skill=medic&limit=10&sort=birth_date")
i=0
for q in "${queries[@]}"; do
  i=$((i + 1))
  body=$(get "/api/v1/people?$q")
  printf '%s\n' "$body" >"$out/$i.json"
  for step in 1 2 3; do
    cursor=$(sed -nE 's/.*"next_cursor":"([^"]+)".*/\1/p' <<<"$body")
    [ -n "$cursor" ] || break
    body=$(get "/api/v1/people?$q&cursor=$cursor")
    printf '%s\n' "$body" >"$out/$i-$step.json"
  done
done
echo "$(ls "$out" | wc -l) bodies of ${#queries[@]} queries in $out"
