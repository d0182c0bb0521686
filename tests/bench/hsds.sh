#!/bin/bash
# The HSDS figures: import_hsds_10k_ms, frontdoor-admin import --needs of
# a city's HSDS CSV folder of 10,000 services (gen-hsds.py) into a fresh
# database, the median of ROUNDS runs; beside it, for the ratio in the same
# run, gen-catalogue.py's catalogue in twelve languages exported as HSDS CSV
# and JSON and imported again, and the same as Frontdoor's own bundle. With the machine's load before and after. Not part of the
# test suite; run it with `cmake --build BUILD --target bench` (or
# bench-hsds). The target (under 3,000) is for a Release build.
#
# Usage: tests/bench/hsds.sh ADMIN BUILD_DIR [BUILD_TYPE [SERVICES [ROUNDS]]]
set -eu
ADMIN=$1
BUILD=$2
BUILD_TYPE=${3:-}
SERVICES=${4:-10000}
ROUNDS=${5:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "$BUILD/bench-hsds.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

[ "$BUILD_TYPE" = Release ] || echo "hsds-bench: a $BUILD_TYPE build; the targets are for Release"
python3 "$HERE/gen-catalogue.py" "$WORK/catalogue.json" "$SERVICES"
"$ADMIN" init --db "$WORK/source.db" >/dev/null
"$ADMIN" import --db "$WORK/source.db" --unsigned "$WORK/catalogue.json" >/dev/null
echo "load_before: $(uptime)"

# ms COMMAND...: the wall time of COMMAND in milliseconds.
ms() {
    local t0=$EPOCHREALTIME
    "$@" >/dev/null
    local t1=$EPOCHREALTIME
    echo $(((${t1/./} - ${t0/./}) / 1000))
}
echo "export_hsds_csv_10k_ms: $(ms "$ADMIN" export --db "$WORK/source.db" --format hsds-csv \
    --output "$WORK/csv")"
echo "export_hsds_json_10k_ms: $(ms "$ADMIN" export --db "$WORK/source.db" --format hsds-json \
    --output "$WORK/hsds.json")"
echo "hsds_csv_mib: $(du -sm "$WORK/csv" | cut -f1)"

# median NAME FILE [OPTION...]: imports FILE into a fresh database ROUNDS times.
median() {
    local times=()
    for _ in $(seq "$ROUNDS"); do
        rm -f "$WORK/k.db"*
        "$ADMIN" init --db "$WORK/k.db" >/dev/null
        times+=("$(ms "$ADMIN" import --db "$WORK/k.db" --unsigned "${@:3}" "$2")")
    done
    echo "$1: $(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((ROUNDS + 1) / 2))p")"
}
python3 "$HERE/gen-hsds.py" "$WORK/city" "$SERVICES"
median import_hsds_10k_ms "$WORK/city" --needs "$WORK/city.needs.csv"
median import_hsds_export_10k_ms "$WORK/csv"
median import_hsds_json_export_10k_ms "$WORK/hsds.json"
median import_bundle_10k_ms "$WORK/catalogue.json"
echo "load_after: $(uptime)"
