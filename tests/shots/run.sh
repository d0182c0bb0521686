#!/bin/sh
# Renders the screens of tests/shots/screens.script in every interface
# language and the pseudo-locale, portrait 1080x1920 and small 800x480,
# into BUILD/shots/LANG/SIZE-N-NAME.png, for people to look at:
#   run.sh BUILD [LANG ...]
set -eu
build=$1
shift
here=$(dirname "$0")
langs=${*:-en fi sv da nb es ar fa uk ru so ti qps}
out=$build/shots
work=$build/shots-work
rm -rf "$work" "$out"
mkdir -p "$work" "$out"
"$build/frontdoor-admin" init --db "$work/sample.db" --sample >/dev/null
# The welcome screen offers what a kiosk would; the pseudo-locale is added
# only to be shown itself.
all="en, fi, sv, da, nb, es, ar, fa, uk, ru, so, ti"
# The sample city's configuration (the desk, what 112 is for) with them.
sample=$here/../../data/sample-kiosk.conf
{ cat "$sample"; printf 'languages = %s\n' "$all"; } >"$work/real.conf"
{ cat "$sample"; printf 'languages = %s, qps\n' "$all"; } >"$work/qps.conf"
for lang in $langs; do
    sed "s/@LANG@/$lang/g" "$here/screens.script" >"$work/$lang.script"
    for size in 1080x1920 800x480; do
        mkdir -p "$work/$lang-$size"
        "$build/frontdoor" --headless --size "$size" --db "$work/sample.db" \
            --config "$work/$([ "$lang" = qps ] && echo qps || echo real).conf" --lang "$lang" --script "$work/$lang.script" \
            --shots "$work/$lang-$size"
        mkdir -p "$out/$lang"
        for png in "$work/$lang-$size"/*.png; do
            mv "$png" "$out/$lang/$size-$(basename "$png")"
        done
    done
done
rm -rf "$work"
echo "shots: $out/LANG/ for $langs"
