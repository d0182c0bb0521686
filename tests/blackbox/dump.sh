#!/bin/sh
# The frame-list dump, read as a consumer would: one JSON object a line with
# id, role (from the fixed set), x, y, w, h, label, interactive, and fit for
# a widget with a label; in Arabic the back button lies in the right half of
# the window.
#   dump.sh KIOSK ADMIN WORKDIR
set -u
kiosk=$1 admin=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
"$admin" init --db "$work/s.db" --sample >/dev/null || { echo "FAIL: init"; exit 1; }
: >"$work/empty.conf"
printf 'lang ar\ntap category:housing\ndump services\n' >"$work/dump.script"
"$kiosk" --headless --size 1080x1920 --db "$work/s.db" --config "$work/empty.conf" \
    --shots "$work" --script "$work/dump.script" || { echo "FAIL: script"; exit 1; }
f="$work/services.jsonl"
failures=0 passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL: $1"; failures=$((failures + 1)); }

line='^\{"id":"[^"]+","role":"(heading|text|button|badge|panel)","x":-?[0-9]+,"y":-?[0-9]+,"w":[0-9]+,"h":[0-9]+,"label":".*","interactive":(true|false)(,"fit":"(whole|wrapped|shrunk|cut)")?(,"modal":true)?\}$'
[ "$(wc -l <"$f")" -ge 6 ] && ok || bad "too few widgets in the dump"
[ "$(grep -cvE "$line" "$f")" -eq 0 ] && ok || bad "lines not in the documented form: $(grep -vE "$line" "$f" | head -2)"
grep -q '"id":"services:title","role":"heading"' "$f" && ok || bad "no heading"
grep -q '"id":"nav:bar","role":"panel"' "$f" && ok || bad "no panel"
grep -qE '"id":"service:[0-9]+","role":"button"' "$f" && ok || bad "no service buttons"
[ "$(grep -c '"label":"[^"]' "$f")" -eq "$(grep -c '"fit":' "$f")" ] && ok ||
    bad "a labelled widget without \"fit\""
grep -q '"label":"رجوع' "$f" || grep -q '"label":"‹ رجوع' "$f" && ok || bad "back label not translated"
back_x=$(sed -n 's/.*"id":"nav:back","role":"button","x":\([0-9]*\),"y":[0-9]*,"w":\([0-9]*\).*/\1 \2/p' "$f")
set -- $back_x
[ $# -eq 2 ] && [ $(($1 + $2 / 2)) -gt 540 ] && ok || bad "nav:back is not in the right half: $back_x"
echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
