#!/bin/bash
# The search figures: import_10k_ms, search_keystroke_p50_ms and
# search_keystroke_p99_ms on a synthetic catalogue of 10,000 services in
# twelve languages (gen-catalogue.py), with the machine's load before and
# after. Not part of the test suite; run it with
# `cmake --build BUILD --target bench` (or bench-search). The targets are
# for a Release build; a Debug build says so.
#
# Usage: tests/bench/search.sh SEARCH_BENCH BUILD_DIR [BUILD_TYPE [SERVICES]]
set -eu
BENCH=$1
BUILD=$2
BUILD_TYPE=${3:-}
SERVICES=${4:-10000}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "$BUILD/bench-search.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

[ "$BUILD_TYPE" = Release ] || echo "search-bench: a $BUILD_TYPE build; the targets are for Release"
python3 "$HERE/gen-catalogue.py" "$WORK/catalogue.json" "$SERVICES"
echo "load_before: $(uptime)"
"$BENCH" "$WORK/catalogue.json" "$WORK/catalogue.db"
# All the hits, as the screen loads them once the keyboard is put away.
"$BENCH" - "$WORK/catalogue.db" 60 | sed -n 's/^search_keystroke_/search_all_60_/p'
echo "load_after: $(uptime)"
