#!/usr/bin/env bash
# Load benchmark: scale data, a release server, and wrk at 32 connections per page.
#
#   bench/load.sh [N ...]                 # default: 10000 100000, on SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/peerdesk_scale bench/load.sh 10000
#
# Each N gets a fresh database (a new SQLite file under $OUT, default /tmp/peerdesk-bench, or the PostgreSQL
# database named by DATABASE_URL dropped and created again with psql). For each page it
# prints p50, p99 and requests/s, the throughput as a ratio of a small static file's (the
# floor), the time of the page's first request (before anything is remembered, see
# src/workflow/memo.rs), the server's peak RSS (VmHWM) and the start-up time with migrations.
# Needs curl, bc and wrk (Debian's `apt-get install wrk`: nothing to compile). DURATION
# (default 10s), CONNECTIONS (default 32) and THREADS (default 2, one per core here) can be
# set; PROBE_LIMIT (default 30 s) skips a page whose single request takes longer;
# PEERDESK_BIN=path runs that binary instead of building this checkout. REUSE=1 keeps a
# database already loaded by an earlier run (the same N and backend) instead of loading it
# again. ONLY=search measures the editors' search pages alone (issue 18).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${OUT:-${TMPDIR:-/tmp}/peerdesk-bench}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
BASE=http://127.0.0.1:$PORT
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000)
mkdir -p "$OUT"

command -v wrk >/dev/null || {
    echo "wrk is missing: apt-get install wrk" >&2
    exit 1
}
command -v bc >/dev/null || {
    echo "bc is missing: apt-get install bc" >&2
    exit 1
}

# PEERDESK_BIN runs another build (an A/B run: the same script, two binaries, one machine).
if [ -n "${PEERDESK_BIN:-}" ]; then
    BIN=$PEERDESK_BIN
else
    nice -n 10 cargo build --release --quiet
    BIN=$ROOT/target/release/peerdesk
fi

SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

fresh_database() { # $1 = N; sets DB_URL (and LOADED=1 when REUSE=1 finds it loaded)
    LOADED=
    if [[ "${DATABASE_URL:-}" == postgres* ]]; then
        DB_URL=$DATABASE_URL
        local name=${DB_URL##*/} admin=${DB_URL%/*}/postgres
        BACKEND=postgres
        if [ -n "${REUSE:-}" ] && [ -s "$OUT/logins-$1-$BACKEND.txt" ]; then LOADED=1; return; fi
        psql "$admin" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null
    else
        DB_URL=sqlite://$OUT/scale-$1.db
        BACKEND=sqlite
        if [ -n "${REUSE:-}" ] && [ -s "$OUT/logins-$1-$BACKEND.txt" ] && [ -f "$OUT/scale-$1.db" ]; then LOADED=1; return; fi
        rm -f "$OUT/scale-$1.db"*
    fi
}

# $1 = cookie jar, $2 = email, $3 = password
sign_in() {
    local jar=$1 token
    rm -f "$jar"
    token=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
        --data-urlencode "csrf_token=$token" --data-urlencode "email=$2" --data-urlencode "password=$3" \
        "$BASE/login")
    [ "$code" = 303 ] || [ "$code" = 302 ] || { echo "sign-in as $2 failed ($code)" >&2; exit 1; }
}

cookie_header() { # $1 = jar → "name=value; ..."
    awk -F'\t' '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$1"
}

# wrk prints latencies as 850.00us, 1.20ms or 1.05s: → milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000
        printf "%.2f", n
    }'
}

# $1 = label, $2 = path, $3 = cookie jar or "" → prints a row, sets RPS
measure() {
    local label=$1 path=$2 jar=${3:-} code out
    local -a hdr=()
    [ -n "$jar" ] && hdr=(-H "Cookie: $(cookie_header "$jar")")
    # One request first: it must answer 200, and a page slower than PROBE_LIMIT seconds
    # alone is reported as such instead of being driven at 32 connections.
    local probe
    probe=$(curl -s -o /dev/null -m "${PROBE_LIMIT:-30}" -w '%{http_code} %{time_total}' "${hdr[@]}" "$BASE$path" || true)
    code=${probe%% *}
    if [ "$code" != 200 ]; then
        printf '%-34s one request: %s (no answer within %s s, or not 200)\n' "$label" "$probe" "${PROBE_LIMIT:-30}"
        RPS=0
        return
    fi
    # --latency prints the distribution (50 %, 99 %); "Non-2xx or 3xx responses" appears
    # only when some were (a lost session would answer 303, which wrk counts as success,
    # so the probe above checked for 200 with the same cookie).
    # A 30 s timeout: a slow page is measured, not dropped as a socket error at wrk's 2 s.
    out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --timeout 30s --latency "${hdr[@]}" "$BASE$path")
    RPS=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    local p50 p99 bad errors
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
    bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
    errors=$(grep -o 'Socket errors:.*' <<<"$out" || true)
    printf '%-34s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms' "$label" "$RPS" "$p50" "$p99"
    # The probe was the page's first request: what computing the editorial memo costs.
    printf '  first %.3f s' "${probe#* }"
    [ -n "$bad" ] && printf '  (%s non-2xx)' "$bad"
    [ -n "$errors" ] && printf '  (%s)' "$errors"
    [ -n "${FLOOR:-}" ] && printf '  %5.2f of static' "$(echo "$RPS / $FLOOR" | bc -l)"
    echo
}

for N in "${SIZES[@]}"; do
    fresh_database "$N"
    DATA=$OUT/data-$N-$BACKEND
    LOGINS=$OUT/logins-$N-$BACKEND.txt
    echo "== $N submissions on $BACKEND =="
    if [ -z "$LOADED" ]; then
        rm -rf "$DATA"
        mkdir -p "$DATA"
        start=$(date +%s.%N)
        DATABASE_URL=$DB_URL PEERDESK_DATA_DIR=$DATA RUST_LOG=warn "$BIN" demo --scale "$N" >"$LOGINS"
        printf 'scale data: %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc -l)"
    else
        echo "scale data: loaded by an earlier run (REUSE=1)"
    fi
    head -1 "$LOGINS"
    PASSWORD=$(awk '/^Every account/ { print $NF }' "$LOGINS")
    login_of() { awk -v r="$1" '$1 == "login" && $2 == r { print $3; exit }' "$LOGINS"; }
    SAMPLE=$(awk '$1 == "sample" { print $3 }' "$LOGINS")

    DATABASE_URL=$DB_URL PEERDESK_DATA_DIR=$DATA PEERDESK_BIND=127.0.0.1:$PORT \
        PEERDESK_MAIL_WORKER=off RUST_LOG=info "$BIN" serve >"$OUT/server-$N.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do curl -s -o /dev/null "$BASE/static/style.css" && break; sleep 0.1; done
    grep -o 'startup_ms[^ ]*' "$OUT/server-$N.log" | head -1 | sed 's/\x1b\[[0-9;]*m//g; s/^/start-up with migrations: /'

    sign_in "$OUT/author.jar" "$(login_of author)" "$PASSWORD"
    sign_in "$OUT/editor.jar" "$(login_of editor)" "$PASSWORD"
    sign_in "$OUT/chief.jar" "$(login_of editor-in-chief)" "$PASSWORD"

    FLOOR=
    measure "static /static/style.css" /static/style.css
    FLOOR=$RPS
    if [ "${ONLY:-}" != search ]; then
    measure "collection /collections/rare-cancers" /collections/rare-cancers
    measure "author /submissions" /submissions "$OUT/author.jar"
    measure "editor /editorial/queue" /editorial/queue "$OUT/editor.jar"
    measure "editor /editorial/queue?page=40" "/editorial/queue?page=40" "$OUT/editor.jar"
    measure "editor /editorial/submissions/$SAMPLE" "/editorial/submissions/$SAMPLE" "$OUT/editor.jar"
    measure "chief /editorial/queue" /editorial/queue "$OUT/chief.jar"
    measure "chief /editorial/submissions/$SAMPLE" "/editorial/submissions/$SAMPLE" "$OUT/chief.jar"
    measure "chief /editorial/statistics" /editorial/statistics "$OUT/chief.jar"
    fi
    # The editors' search (issue 18): a manuscript number, words with a filter, an author
    # with a sort, three words, and a state alone sorted by title (the broadest).
    NUMBER=$(curl -s -H "Cookie: $(cookie_header "$OUT/chief.jar")" "$BASE/editorial/search?sort=number&dir=desc&page=7" |
        grep -o 'class="manuscript-number">[^<]*' | head -1 | sed 's/.*>//')
    measure "chief search number" "/editorial/search?q=$NUMBER" "$OUT/chief.jar"
    measure "chief search words+state" "/editorial/search?q=chordoma&state=under_review" "$OUT/chief.jar"
    measure "chief search author+sort" "/editorial/search?author=haddad&sort=title" "$OUT/chief.jar"
    measure "chief search 3 words+page 2" "/editorial/search?q=germline+chordoma+adults&page=2" "$OUT/chief.jar"
    measure "chief search state, by title" "/editorial/search?state=submitted&sort=title" "$OUT/chief.jar"
    measure "editor search author+overdue" "/editorial/search?author=haddad&overdue=yes" "$OUT/editor.jar"
    measure "editor search words" "/editorial/search?q=thymoma+registry" "$OUT/editor.jar"
    echo "peak RSS (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' "/proc/$SERVER_PID/status")"
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
done
