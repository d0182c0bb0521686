#!/bin/bash
# collector_reports_per_s: how many distinct signed reports a collector
# stores per second on loopback, from one connection and from a fleet of
# CONNS connections at once (collector-bench: libcurl, keep-alive
# connections, each of the CONNS transfers in flight sending its own
# instance's reports). The collector is single-threaded, so it uses one core at most;
# each line says how much of it it used and how many threads it had. Not
# part of the test suite; run it with `cmake --build BUILD --target bench`
# (or bench-collector).
#
# Usage: tests/bench/collector.sh COLLECTOR COLLECTOR_BENCH BUILD_DIR [BUILD_TYPE [N [CONNS]]]
#
# Stores:
#   sqlite        a file in BUILD_DIR (its filesystem is printed): WAL,
#                 synchronous=NORMAL, so a COMMIT waits for no fsync (only
#                 checkpoints do; see include/frontdoor/store.h)
#   sqlite_tmpfs  the same in /dev/shm, where fsync costs nothing: the gap
#                 between the two is what the disk costs
#   postgres      a throwaway server (tests/blackbox/pg.sh) with its data in
#                 BUILD_DIR, fsync and synchronous_commit on
# Prints one line per store and connection count with latencies and the
# collector's CPU, then
#   collector_reports_per_s_one_connection sqlite=R postgres=R
#   collector_reports_per_s sqlite=R postgres=R (CONNS connections at once)
# and the machine's load (/proc/loadavg) before and after, with the share of
# CPU time a virtual machine's host took away meanwhile (steal).
set -u
COLLECTOR=$1
BENCH=$2
BUILD=$3
BUILD_TYPE=${4:-}
N=${5:-${COLLECTOR_BENCH_N:-20000}}
CONNS=${6:-${COLLECTOR_BENCH_CONNS:-8}}
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

# bench NAME STORE C: prints NAME's figures over C connections and sets RATE.
bench() {
    name=$1 store=$2 c=$3
    RATE=-
    key=$WORK/$name-$c.key
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
    # The collector's own CPU time, to tell its work from the client's; it
    # is idle while the client signs, so its CPU over the PUTs' seconds is
    # the share of one core it used.
    before=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
    out=$("$BENCH" put "http://$addr" "$key" "$N" "$c")
    st=$?
    after=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
    threads=$(awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status")
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || echo "$name: the collector exited $? on SIGTERM: $(cat "$WORK/serve.err")" >&2
    SERVER_PID=
    if [ $st -ne 0 ]; then
        echo "$name: failed" >&2
        return
    fi
    secs=$(echo "$out" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
    cpu=$(awk -v a="$before" -v b="$after" -v t="$(getconf CLK_TCK)" -v n="$N" -v s="$secs" \
        'BEGIN { printf "collector_cpu_us_per_report=%.0f collector_cpu_percent=%.0f", (b - a) / t / n * 1e6, (b - a) / t / s * 100 }')
    echo "$name: $out $cpu collector_threads=$threads"
    RATE=$(echo "$out" | sed -n 's/.*reports_per_s=\([0-9]*\).*/\1/p')
}

# The CPU time counters of /proc/stat: all of them, and steal.
cpu_ticks() {
    awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9 }' /proc/stat
}

echo "load before: $(cat /proc/loadavg)"
TICKS_BEFORE=$(cpu_ticks)
echo "cpus: $(nproc); build dir filesystem: $(df -PT "$BUILD" | awk 'NR == 2 { print $2 " on " $1 }')"
case $BUILD_TYPE in
Release | RelWithDebInfo | MinSizeRel) echo "build type: $BUILD_TYPE" ;;
*) echo "build type: '$BUILD_TYPE', not optimised: configure with -DCMAKE_BUILD_TYPE=Release for figures worth comparing" ;;
esac
echo "reports: $N per run; one keep-alive connection, then $CONNS at once"
echo "where the time goes, per report: $("$BENCH" parts "$WORK" 5000)"

bench sqlite "$WORK/bench-1.db" 1
SQLITE_1=$RATE
bench sqlite "$WORK/bench-$CONNS.db" "$CONNS"
SQLITE=$RATE
if [ -d /dev/shm ]; then
    SHM=$(mktemp -d /dev/shm/frontdoor-bench.XXXXXX)
    bench sqlite_tmpfs "$SHM/bench-1.db" 1
    bench sqlite_tmpfs "$SHM/bench-$CONNS.db" "$CONNS"
fi
POSTGRES_1=-
POSTGRES=-
pg_start "$WORK/pg" >/dev/null
started=$?
trap cleanup EXIT # pg_start set its own, which leaves WORK and SHM behind
case $started in
0)
    bench postgres "$PG_URI" 1
    POSTGRES_1=$RATE
    bench postgres "$PG_URI" "$CONNS"
    POSTGRES=$RATE
    ;;
77) echo "postgres: SKIP: PostgreSQL not installed" ;;
*) echo "postgres: the server did not start" ;;
esac

echo "collector_reports_per_s_one_connection sqlite=$SQLITE_1 postgres=$POSTGRES_1"
echo "collector_reports_per_s sqlite=$SQLITE postgres=$POSTGRES ($CONNS connections at once)"
echo "load after: $(cat /proc/loadavg)"
echo "$TICKS_BEFORE $(cpu_ticks)" |
    awk '{ printf "cpu time stolen by the host meanwhile: %.0f%%\n", ($3 > $1 ? ($4 - $2) / ($3 - $1) * 100 : 0) }'
