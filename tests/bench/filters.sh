#!/bin/bash
# The filter figures: filtered_list_p50_ms and filtered_list_p99_ms (a
# need's list loaded and filtered with three filters on, the chip counts
# included), the same without the loading, and open_now_1000_ms, on the
# synthetic catalogue of 10,000 services in twelve languages
# (gen-catalogue.py), with the machine's load before and after. Not part of
# the test suite; run it with `cmake --build BUILD --target bench` (or
# bench-filters). The targets are for a Release build; another says so.
#
# Usage: tests/bench/filters.sh ADMIN FILTERS_BENCH BUILD_DIR [BUILD_TYPE [SERVICES [ROUNDS]]]
set -eu
ADMIN=$1
BENCH=$2
BUILD=$3
BUILD_TYPE=${4:-}
SERVICES=${5:-10000}
ROUNDS=${6:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "$BUILD/bench-filters.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

[ "$BUILD_TYPE" = Release ] || echo "filters-bench: a $BUILD_TYPE build; the targets are for Release"
python3 "$HERE/gen-catalogue.py" "$WORK/catalogue.json" "$SERVICES"
"$ADMIN" init --db "$WORK/catalogue.db" >/dev/null
"$ADMIN" import --db "$WORK/catalogue.db" --unsigned "$WORK/catalogue.json" >/dev/null
echo "load_before: $(uptime)"
"$BENCH" "$WORK/catalogue.db" "$ROUNDS"
echo "load_after: $(uptime)"
