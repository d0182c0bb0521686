#!/bin/sh
# The kiosk's command line and script errors, run as processes.
#   kiosk.sh KIOSK ADMIN TESTDATA WORKDIR
set -u
kiosk=$1 admin=$2 data=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
failures=0 passed=0

check() { # name, expected exit code, expected text in stderr, command...
    name=$1 want=$2 text=$3
    shift 3
    "$@" >"$work/out" 2>"$work/err"
    rc=$?
    if [ "$rc" -ne "$want" ] ||
        { [ -n "$text" ] && ! grep -qF -- "$text" "$work/out" "$work/err"; }; then
        echo "FAIL $name: exit $rc (want $want), output:"
        cat "$work/out" "$work/err"
        failures=$((failures + 1))
    else
        passed=$((passed + 1))
    fi
}

"$admin" init --db "$work/sample.db" --sample >/dev/null || { echo "FAIL: init"; exit 1; }
printf 'expect welcome:title\n' >"$work/ok.script"
printf 'expect welcome:title\nfrobnicate now\n' >"$work/unknown.script"
printf 'tap lang:en\ntap category:no-such-need\n' >"$work/missing.script"
printf 'tap welcome:title\n' >"$work/label.script"
printf 'wait soon\n' >"$work/wait.script"
printf 'shot ../escape\n' >"$work/shot.script"
printf 'clock 2026-02-31T10:00\n' >"$work/clock.script"
printf '[kiosk]\ndefault_language = ar\ntime_zone = Europe/Helsinki\n' >"$work/good.conf"
printf '[kiosk]\ndefault_language = ar\nemergency_number = call us\n' >"$work/bad.conf"

# An empty configuration, so that no file on the machine changes the result;
# a later --config on the same command line replaces it.
: >"$work/empty.conf"
H="--headless --db $work/sample.db --shots $work --config $work/empty.conf"
check help 0 "usage: frontdoor" "$kiosk" --help
check version 0 "frontdoor " "$kiosk" --version
check unknown-flag 2 'unknown option "--fly"' "$kiosk" --fly
check size-bad 2 '--size: expected WIDTHxHEIGHT' "$kiosk" $H --size 12x --script "$work/ok.script"
check size-small 2 '--size: expected WIDTHxHEIGHT' "$kiosk" $H --size 10x10 --script "$work/ok.script"
check lang-bad 2 '--lang: unknown language "xx"' "$kiosk" --lang xx
check missing-value 2 '--db needs a value' "$kiosk" --db
check headless-no-script 2 '--headless needs --script' "$kiosk" --headless
check script-no-headless 2 '--script and --shots need --headless' "$kiosk" --script x
check script-ok 0 "" "$kiosk" $H --script "$work/ok.script"
check script-unknown 1 "$work/unknown.script:2: unknown command \"frobnicate\"" \
    "$kiosk" $H --script "$work/unknown.script"
check script-missing-id 1 "$work/missing.script:2: no widget \"category:no-such-need\" on screen" \
    "$kiosk" $H --script "$work/missing.script"
check script-not-button 1 "$work/label.script:1: widget \"welcome:title\" cannot be tapped" \
    "$kiosk" $H --script "$work/label.script"
check script-wait 1 "$work/wait.script:1: wait: expected seconds" \
    "$kiosk" $H --script "$work/wait.script"
check script-shot-path 1 "$work/shot.script:1: \"../escape\" is not a plain file name" \
    "$kiosk" $H --script "$work/shot.script"
check script-clock 1 "$work/clock.script:1: clock: expected YYYY-MM-DDTHH:MM" \
    "$kiosk" $H --script "$work/clock.script"
check script-file-missing 1 "$work/none.script: No such file" \
    "$kiosk" $H --script "$work/none.script"
check config-good 0 "" "$kiosk" $H --config "$work/good.conf" --script "$work/ok.script"
check config-bad 1 "$work/bad.conf:3: emergency_number \"call us\": only digits" \
    "$kiosk" $H --config "$work/bad.conf" --script "$work/ok.script"
check config-missing 1 "$work/none.conf: cannot open" \
    "$kiosk" $H --config "$work/none.conf" --script "$work/ok.script"

# The configured default language is where the kiosk starts.
printf 'expect-text اختر لغتك\n' >"$work/ar.script"
check config-language 0 "" "$kiosk" $H --config "$work/good.conf" --script "$work/ar.script"
# A corrupt database file is out of order, not a crash.
printf 'this is not a database' >"$work/corrupt.db"
printf 'expect out-of-order\n' >"$work/ooo.script"
check corrupt-db 0 "out of order" "$kiosk" --headless --db "$work/corrupt.db" --shots "$work" \
    --config "$work/empty.conf" --script "$work/ooo.script"
# So is a catalogue with nothing in it.
"$admin" init --db "$work/empty.db" >/dev/null
check empty-catalogue 0 "the catalogue is empty" "$kiosk" --headless --db "$work/empty.db" \
    --shots "$work" --config "$work/empty.conf" --script "$work/ooo.script"

# A missing font is out of order too: a fontconfig that knows only Noto Sans.
mkdir -p "$work/fonts"
ln -sf /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf "$work/fonts/NotoSans-Regular.ttf"
ln -sf /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf "$work/fonts/NotoSans-Bold.ttf"
cat >"$work/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$work/fonts</dir><cachedir>$work/fc-cache</cachedir></fontconfig>
CONF
check missing-font 0 "font missing: Noto Sans Arabic" env FONTCONFIG_FILE="$work/fonts.conf" \
    "$kiosk" $H --script "$work/ooo.script"
# ... and its words fall back to English when the missing font is the one
# the default language needs.
printf 'expect out-of-order\nexpect-text In an emergency, call\n' >"$work/ooo-en.script"
check missing-font-ar 0 "font missing" env FONTCONFIG_FILE="$work/fonts.conf" \
    "$kiosk" $H --config "$work/good.conf" --script "$work/ooo-en.script"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
