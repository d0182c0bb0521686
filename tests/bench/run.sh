#!/bin/bash
# The kiosk's benchmark: start-up, memory and frame times on the sample
# catalogue, headless at 1080x1920 (software renderer). Not part of the test
# suite; run it with `cmake --build BUILD --target bench`. Prints one figure
# a line as `name: value unit`:
#   cold_start_ms          process start to the first frame written as PNG
#                          (median of 11 starts; the PNG's modification time,
#                          which the kernel keeps to a few milliseconds)
#   peak_rss_mib           peak resident memory after every screen in English
#                          and Arabic has been drawn (VmHWM)
#   render_SCREEN_LANG_p50_ms / _p95_ms
#                          building and drawing one screen again with a warm
#                          text cache, as after any tap (200 frames each)
# Usage: tests/bench/run.sh BUILD_DIR
set -eu
build=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/frontdoor-admin" init --db "$work/s.db" --sample >/dev/null
echo "shot first" >"$work/first.script"
kiosk() {
    "$build/frontdoor" --headless --size 1080x1920 --config /dev/null --db "$work/s.db" "$@"
}

starts=()
for _ in $(seq 11); do
    rm -f "$work/first.png"
    t0=$EPOCHREALTIME
    kiosk --script "$work/first.script" --shots "$work"
    t1=$(stat -c %.6Y "$work/first.png")
    starts+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
done
printf '%s\n' "${starts[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "cold_start_ms: %s ms\n", v[(NR + 1) / 2] }'

kiosk --script "$here/screens.script" --shots "$work"
