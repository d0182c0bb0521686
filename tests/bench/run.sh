#!/bin/bash
# The kiosk's benchmark: start-up, memory and frame times on the sample
# catalogue, headless at 1080x1920 (software renderer). Not part of the test
# suite; run it with `cmake --build BUILD --target bench`. Prints one figure
# a line as `name: value unit`:
#   cold_start_ms          process start to the first frame written as PNG
#                          (median of 11 starts; the PNG's modification time,
#                          which the kernel keeps to a few milliseconds)
#   peak_rss_mib           peak resident memory after every screen in every
#                          interface language has been drawn (VmHWM)
#   render_SCREEN_LANG_p50_ms / _p95_ms
#                          building and drawing one screen again with a warm
#                          text cache, as after any tap (100 frames each)
#   open_service_64k_ms    opening a service whose description is one
#                          paragraph of 64 KiB (the importer's limit), from
#                          its category: the cold layout of every piece of
#                          the text (median of 5 runs, less the same runs
#                          stopping on the category)
#   render_service_64k_p50_ms / _p95_ms
#                          that service's first page drawn again
# and last a table of each screen's p50 in every language as a multiple of
# its English figure.
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

langs="en fi sv da nb es ar fa uk ru so ti"
for lang in $langs; do
    sed "s/@LANG@/$lang/g" "$here/screens.script"
done >"$work/screens.script"
echo memory >>"$work/screens.script"
kiosk --script "$work/screens.script" --shots "$work" | tee "$work/figures"

# The longest description a bundle may carry, in one paragraph.
"$here/long-bundle.sh" 64 "$work/long.json"
"$build/frontdoor-admin" init --db "$work/long.db" >/dev/null
"$build/frontdoor-admin" import --db "$work/long.db" --unsigned "$work/long.json" >/dev/null
printf 'lang en\ntap category:long\ndump list\n' >"$work/list.script"
printf 'lang en\ntap category:long\ntap service:1\ndump service\n' >"$work/open.script"
printf 'lang en\ntap category:long\ntap service:1\nmeasure service_64k 100\n' >"$work/long.script"
long() {
    "$build/frontdoor" --headless --size 1080x1920 --config /dev/null --db "$work/long.db" \
        --shots "$work" --script "$work/$1.script"
}
median_ms() {
    local times=()
    for _ in $(seq 5); do
        t0=$EPOCHREALTIME
        long "$1"
        t1=$EPOCHREALTIME
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
list_ms=$(median_ms list)
open_ms=$(median_ms open)
awk -v a="$list_ms" -v b="$open_ms" 'BEGIN { printf "open_service_64k_ms: %.1f ms\n", b - a }'
long long

# p50 against English, screen by screen.
awk -v langs="$langs" '
/_p50_ms:/ {
    name = $1; sub(/^render_/, "", name); sub(/_p50_ms:$/, "", name)
    lang = name; sub(/.*_/, "", lang); screen = name; sub(/_[a-z]+$/, "", screen)
    p50[screen, lang] = $2
    if (!(screen in seen)) { seen[screen] = 1; order[++n] = screen }
}
END {
    split(langs, l, " ")
    printf "\np50 as a multiple of English:\n%-15s", "screen"
    for (j = 1; j in l; j++) printf " %5s", l[j]
    printf "   worst\n"
    for (i = 1; i <= n; i++) {
        s = order[i]; worst = 0
        printf "%-15s", s
        for (j = 1; j in l; j++) {
            r = p50[s, l[j]] / p50[s, "en"]
            if (r > worst) worst = r
            printf " %5.2f", r
        }
        printf "   %5.2f\n", worst
    }
}' "$work/figures"
