# Sourced by the registry's list scripts: starts "$bin" on "$db" at 127.0.0.1:$port with
# $threads handler threads (stopped when the script exits), signs in as prepare_db.sh's
# bench-admin ($token), defines get PATH (curl with $curl_flags, -s unless set) and finds the
# person in the middle of the table ($total people by the highest id) and their district
# ($region), which the lists read.
QORGAN_ACCESS_LOG=0 "$bin" --db "$db" serve --listen 127.0.0.1:$port --threads "$threads" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST http://127.0.0.1:$port/api/v1/session \
  -d '{"login":"bench-admin","password":"bench-admin-password"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
get() { curl ${curl_flags:--s} -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1"; }
total=$(get "/api/v1/people?limit=1&sort=-id" | sed -E 's/.*"items":\[\{[^}]*"id":([0-9]+).*/\1/')
region=$(get "/api/v1/people/$(( (total + 1) / 2 ))" | sed -E 's/.*"region_id":([0-9]+).*/\1/')
