#!/usr/bin/env bash
# Requests every page of the app as a union admin on a generated organisation and fails when one
# answers with more than 300 kB of HTML or takes more than 500 ms (issue 11's bound).
#
#   scripts/every-page.sh [DATABASE] [PEOPLE]
#
# DATABASE (default /tmp/ciw-500k.db) is generated with PEOPLE people (default 500000) and a
# million points entries when it does not exist (about three minutes), then served by the release
# build (`cargo leptos build --release` first) on 127.0.0.1:3005. Every route in app/src/app.rs is
# asked for, `:id` filled with a row from the middle of its table. Prints one line a page and a
# summary; exits 1 if any page is over a bound (or answers 5xx).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-/tmp/ciw-500k.db}
people=${2:-500000}
bin=${CARGO_TARGET_DIR:-$HOME/.cache/ciw/target}/release/server
max_bytes=300000
max_ms=500
port=3005
[ -x "$bin" ] || { echo "build the release server first: cargo leptos build --release" >&2; exit 2; }
if [ ! -f "$db" ]; then
  echo "generating $people people into $db ..."
  "$bin" generate --people "$people" --points $((people * 2)) --database "sqlite://$db"
fi
up=$(mktemp -d)
LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=ciw LEPTOS_HASH_FILES=true LEPTOS_SITE_ADDR=127.0.0.1:$port \
  APP_DATABASE_URL="sqlite://$db" APP_UPLOAD_DIR="$up" "$bin" >"$up/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$up"' EXIT
for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.2; done
jar="$up/jar"
curl -s -c "$jar" -H 'Accept: application/json' -d 'username=admin&password=demo1234' \
  "http://127.0.0.1:$port/api/login" >/dev/null
# A row from the middle of each table, so a page shows a typical object, not the first.
mid() { sqlite3 "$db" "SELECT COALESCE((SELECT id FROM $1 ORDER BY id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM $1)), 1)"; }
person=$(mid people); team=$(mid teams); dept=$(mid departments)
fill() {
  case "$1" in
    /people/:id) echo "/people/$person" ;;
    /admin/people/:id) echo "/admin/people/$person" ;;
    /teams/:id) echo "/teams/$team" ;;
    /directory/:id | /admin/org/:id) echo "${1%:id}$dept" ;;
    /rounds/:id/sheets/:judge) echo "/rounds/1/sheets/1" ;;
    *) echo "${1//:id/1}" ;;
  esac
}
# Warm the caches once, then measure.
curl -s -o /dev/null -b "$jar" "http://127.0.0.1:$port/"
over=0 count=0
printf '%-34s %6s %10s %8s\n' page status bytes ms
for route in $(grep -o 'path!("[^"]*")' app/src/app.rs | sed 's/path!("\(.*\)")/\1/'); do
  path=$(fill "$route")
  read -r code bytes secs < <(curl -s -o /dev/null -b "$jar" -w '%{http_code} %{size_download} %{time_total}\n' \
    "http://127.0.0.1:$port$path")
  ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
  flag=""
  if [ "$bytes" -gt "$max_bytes" ] || [ "$ms" -gt "$max_ms" ] || [ "$code" -ge 500 ]; then flag="  <-- over"; over=$((over + 1)); fi
  count=$((count + 1))
  printf '%-34s %6s %10s %8s%s\n' "$path" "$code" "$bytes" "$ms" "$flag"
done
echo "$count pages; $over over ${max_bytes} bytes or ${max_ms} ms (or 5xx)"
[ "$over" -eq 0 ]
