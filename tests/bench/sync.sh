#!/bin/bash
# sync_365_days_ms: a kiosk that was offline for a year sends its backlog.
# The real kiosk (headless) seals 365 days, one session each; a real
# collector (SQLite, in BUILD_DIR) runs on loopback; then one
# `frontdoor-admin sync` is timed from start to exit: every report PUT,
# acknowledged, committed by the collector and marked sent by the kiosk.
# Not part of the test suite; run it with `cmake --build BUILD --target
# bench`. Prints
#   sync_365_days_ms: N ms        (median of 3 uploads of the same backlog)
# and the machine's load before and after.
# Usage: tests/bench/sync.sh BUILD_DIR
set -eu
build=$1
work=$(mktemp -d "$build/bench-sync.XXXXXX")
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/frontdoor-admin" init --db "$work/k.db" --sample >/dev/null
{
    d=2025-12-01
    for _ in $(seq 365); do
        printf 'clock %sT10:00\ntap lang:en\ntap category:housing\ntap exit\n' "$d"
        d=$(date -d "$d + 1 day" +%F)
    done
    echo "clock ${d}T10:00"
} >"$work/days.script"
printf '[kiosk]\ntime_zone = Europe/Helsinki\n' >"$work/kiosk.conf"
"$build/frontdoor" --headless --size 800x480 --db "$work/k.db" --config "$work/kiosk.conf" \
    --shots "$work" --clock 2025-12-01T10:00 --script "$work/days.script"
key=$("$build/frontdoor-admin" status --db "$work/k.db" --config /dev/null |
    sed -n 's/^public key: //p')
cp "$work/counts.db" "$work/counts.db.sealed"

times=()
for run in 1 2 3; do
    rm -f "$work/c.db"*
    cp "$work/counts.db.sealed" "$work/counts.db"
    "$build/frontdoor-collector" add-kiosk --store "$work/c.db" --group bench "$key" >/dev/null
    : >"$work/serve.out"
    "$build/frontdoor-collector" serve --store "$work/c.db" --listen 127.0.0.1:0 >"$work/serve.out" &
    pid=$!
    for _ in $(seq 100); do
        grep -q listening "$work/serve.out" && break
        sleep 0.05
    done
    port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/serve.out")
    printf '[sync]\ncollector = http://127.0.0.1:%s/\n' "$port" >"$work/sync.conf"
    t0=$EPOCHREALTIME
    "$build/frontdoor-admin" sync --db "$work/k.db" --config "$work/sync.conf" >"$work/sync.out"
    t1=$EPOCHREALTIME
    sent=$(sqlite3 "$work/c.db" "SELECT count(*) FROM report")
    [ "$sent" = 365 ] || { echo "only $sent reports arrived" >&2; exit 1; }
    times+=($(((${t1/./} - ${t0/./}) / 1000)))
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "sync_365_days_ms: $(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p) ms (runs: $sorted; filesystem: $(stat -f -c %T "$work"))"
echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)"
