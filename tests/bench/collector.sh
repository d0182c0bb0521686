#!/bin/bash
# collector_reports_per_s: how many distinct signed reports a collector
# stores per second from one client over one keep-alive loopback connection
# (collector-bench: libcurl, one easy handle). Not part of the test suite;
# run it with `cmake --build BUILD --target bench` (or bench-collector).
#
# Usage: tests/bench/collector.sh COLLECTOR COLLECTOR_BENCH BUILD_DIR [BUILD_TYPE [N]]
#
# Stores:
#   sqlite        a file in BUILD_DIR (its filesystem is printed): WAL,
#                 synchronous=FULL, so every report's COMMIT waits for fsync
#   sqlite_tmpfs  the same in /dev/shm, where fsync costs nothing: the gap
#                 between the two is what the disk's fsync takes
#   postgres      a throwaway server (tests/blackbox/pg.sh) with its data in
#                 BUILD_DIR, fsync and synchronous_commit on
# Prints one line per store with latencies, then
#   collector_reports_per_s sqlite=R postgres=R
# and the machine's load (/proc/loadavg) before and after.
set -u
COLLECTOR=$1
BENCH=$2
BUILD=$3
BUILD_TYPE=${4:-}
N=${5:-${COLLECTOR_BENCH_N:-20000}}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "$BUILD/bench-collector.XXXXXX")
. "$HERE/../blackbox/pg.sh"

SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null
    pg_stop
    rm -rf "$WORK" "${SHM:-}"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# bench NAME STORE: prints NAME's figures and sets RATE.
bench() {
    name=$1 store=$2
    RATE=-
    key=$WORK/$name.key
    kiosk=$("$BENCH" keygen "$key") || return
    "$COLLECTOR" add-kiosk --store "$store" --group bench "$kiosk" >/dev/null || return
    "$COLLECTOR" serve --store "$store" --listen 127.0.0.1:0 >"$WORK/serve.out" \
        2>"$WORK/serve.err" &
    SERVER_PID=$!
    addr=
    for _ in $(seq 200); do
        addr=$(sed -n 's/^listening on //p' "$WORK/serve.out")
        [ -n "$addr" ] && break
        sleep 0.05
    done
    if [ -z "$addr" ]; then
        echo "$name: the collector did not start: $(cat "$WORK/serve.err")" >&2
        return
    fi
    # The collector's own CPU time, to tell its work from the client's.
    before=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
    out=$("$BENCH" put "http://$addr" "$key" "$N")
    st=$?
    after=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || echo "$name: the collector exited $? on SIGTERM: $(cat "$WORK/serve.err")" >&2
    SERVER_PID=
    if [ $st -ne 0 ]; then
        echo "$name: failed" >&2
        return
    fi
    ticks=$(getconf CLK_TCK)
    cpu=$(awk -v a="$before" -v b="$after" -v t="$ticks" -v n="$N" \
        'BEGIN { printf "collector_cpu_us_per_report=%.0f", (b - a) / t / n * 1e6 }')
    echo "$name: $out $cpu"
    RATE=$(echo "$out" | sed -n 's/.*reports_per_s=\([0-9]*\).*/\1/p')
}

echo "load before: $(cat /proc/loadavg)"
echo "cpus: $(nproc); build dir filesystem: $(df -PT "$BUILD" | awk 'NR == 2 { print $2 " on " $1 }')"
case $BUILD_TYPE in
Release | RelWithDebInfo | MinSizeRel) echo "build type: $BUILD_TYPE" ;;
*) echo "build type: '$BUILD_TYPE', not optimised: configure with -DCMAKE_BUILD_TYPE=Release for figures worth comparing" ;;
esac
echo "reports: $N, one client, one keep-alive connection"
echo "where the time goes, per report: $("$BENCH" parts "$WORK" 5000)"

bench sqlite "$WORK/bench.db"
SQLITE=$RATE
if [ -d /dev/shm ]; then
    SHM=$(mktemp -d /dev/shm/frontdoor-bench.XXXXXX)
    bench sqlite_tmpfs "$SHM/bench.db"
fi
POSTGRES=-
pg_start "$WORK/pg" >/dev/null
case $? in
0)
    bench postgres "$PG_URI"
    POSTGRES=$RATE
    ;;
77) echo "postgres: SKIP: PostgreSQL not installed" ;;
*) echo "postgres: the server did not start" ;;
esac

echo "collector_reports_per_s sqlite=$SQLITE postgres=$POSTGRES"
echo "load after: $(cat /proc/loadavg)"
