#!/bin/bash
# Cold start of two builds, compared in one run: process start to the first
# frame written as PNG (as cold_start_ms in run.sh), the two builds taking
# turns so that the machine's changing load falls on both alike. Prints the
# median of each and their ratio:
#
#   cold_start_a_ms: 55.2 ms
#   cold_start_b_ms: 48.0 ms
#   cold_start_b_over_a: 0.870
#
# A build's figures from another day are not comparable on a shared
# machine; a ratio from one run is. Each build initialises its own sample
# database, so builds of different schema versions compare. Not part of the
# test suite.
# Usage: tests/bench/cold-compare.sh BUILD_A BUILD_B [RUNS]   (default 31)
# An older commit to compare with: git worktree add ../old COMMIT, then
# cmake -S ../old -B ../old/build -DCMAKE_BUILD_TYPE=Release and build it.
set -eu
a=$1
b=$2
runs=${3:-31}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$a/frontdoor-admin" init --db "$work/a.db" --sample >/dev/null
"$b/frontdoor-admin" init --db "$work/b.db" --sample >/dev/null
echo "shot first" >"$work/first.script"

# Appends one cold start of BUILD with DB to FILE, in milliseconds.
start() {
    rm -f "$work/first.png"
    local t0=$EPOCHREALTIME
    "$1/frontdoor" --headless --size 1080x1920 --config /dev/null --db "$work/$2.db" \
        --script "$work/first.script" --shots "$work"
    local t1
    t1=$(stat -c %.6Y "$work/first.png")
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }' >>"$work/$2.times"
}

echo "load_before: $(uptime)"
for _ in $(seq "$runs"); do
    start "$a" a
    start "$b" b
done
echo "load_after: $(uptime)"
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ma=$(median "$work/a.times")
mb=$(median "$work/b.times")
echo "cold_start_a_ms: $ma ms"
echo "cold_start_b_ms: $mb ms"
awk -v a="$ma" -v b="$mb" 'BEGIN { printf "cold_start_b_over_a: %.3f\n", b / a }'
