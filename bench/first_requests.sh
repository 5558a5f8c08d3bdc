#!/usr/bin/env bash
# What the editorial memo (src/workflow/memo.rs) costs when it has to compute: one request at a time,
# on a just-started release server over fresh SQLite scale data, each page timed on its
# first request, again, after a write to a conflict input (an author's affiliation on one
# submission) and after a write to a submission row. The writes go through the sqlite3
# shell, as another instance of the server would make them.
#
#   bench/first_requests.sh [N]           # default 100000
#
# Needs curl and sqlite3 (Debian's `apt-get install sqlite3`).
set -euo pipefail

cd "$(dirname "$0")/.."
N=${1:-100000}
OUT=${OUT:-${TMPDIR:-/tmp}/peerdesk-first}
PORT=${PORT:-18090}
BASE=http://127.0.0.1:$PORT
DB=$OUT/scale-$N.db
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }

nice -n 10 cargo build --release --quiet
BIN=$PWD/target/release/peerdesk
mkdir -p "$OUT"
rm -f "$DB"*
DATABASE_URL=sqlite://$DB PEERDESK_DATA_DIR=$OUT/data RUST_LOG=warn "$BIN" demo --scale "$N" >"$OUT/logins.txt"
head -1 "$OUT/logins.txt"
PASSWORD=$(awk '/^Every account/ { print $NF }' "$OUT/logins.txt")
login_of() { awk -v r="$1" '$1 == "login" && $2 == r { print $3; exit }' "$OUT/logins.txt"; }
SAMPLE=$(awk '$1 == "sample" { print $3 }' "$OUT/logins.txt")

DATABASE_URL=sqlite://$DB PEERDESK_DATA_DIR=$OUT/data PEERDESK_BIND=127.0.0.1:$PORT \
    PEERDESK_MAIL_WORKER=off RUST_LOG=warn "$BIN" serve >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "$BASE/static/style.css" && break; sleep 0.1; done

sign_in() { # $1 = jar name, $2 = email
    local jar=$OUT/$1.jar token
    rm -f "$jar"
    token=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$token" \
        --data-urlencode "email=$2" --data-urlencode "password=$PASSWORD" "$BASE/login"
}
sign_in chief "$(login_of editor-in-chief)"
sign_in editor "$(login_of editor)"
timed() { # $1 = jar name, $2 = path
    printf '%-6s %-34s ' "$1" "$2"
    curl -s -o /dev/null -b "$OUT/$1.jar" -w '%{http_code} %{time_total} s\n' "$BASE$2"
}
pages() {
    timed chief /editorial/queue
    timed editor /editorial/queue
    timed chief "/editorial/submissions/$SAMPLE"
    timed editor "/editorial/submissions/$SAMPLE"
    timed chief /editorial/statistics
}
echo "-- first request"; pages
echo "-- again"; pages
echo "-- after an author's affiliation changed on one submission (the conflicts token)"
sqlite3 "$DB" "UPDATE submission_authors SET affiliation = affiliation || ' ' WHERE id = 5"
pages
echo "-- after a submission row changed (the lists token)"
sqlite3 "$DB" "UPDATE submissions SET updated_at = updated_at WHERE id = 7"
pages
echo "peak RSS (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' "/proc/$SERVER/status")"
