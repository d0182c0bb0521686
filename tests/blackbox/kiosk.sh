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
check script-no-headless 2 '--script, --shots and --clock need --headless' "$kiosk" --script x
check clock-bad 2 '--clock: expected YYYY-MM-DDTHH:MM' "$kiosk" $H --clock 2026-13-01T10:00 --script "$work/ok.script"
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

# The README's own example configuration is accepted: the ```ini block under
# "## Configuration", inline comments and all.
readme=$data/../../README.md
awk '/^## / { in_section = ($0 == "## Configuration") }
     in_section && /^```ini$/ { in_block = 1; next }
     in_block && /^```$/ { exit }
     in_block' "$readme" >"$work/readme.conf"
if [ -s "$work/readme.conf" ]; then
    check readme-config 0 "" "$kiosk" $H --size 480x800 --config "$work/readme.conf" \
        --script "$work/ok.script"
else
    echo "FAIL readme-config: no \`\`\`ini block under \"## Configuration\" in $readme"
    failures=$((failures + 1))
fi
# So are the examples of the installed configuration, uncommented.
# (Settings there are commented out with ';', descriptions with '#'.)
sed 's/^;//' "$data/../../packaging/frontdoor.conf" >"$work/packaged.conf"
check packaged-config 0 "" "$kiosk" $H --size 480x800 --config "$work/packaged.conf" \
    --script "$work/ok.script"
# And the sample city's, which the demo runs with.
check sample-config 0 "" "$kiosk" $H --size 480x800 --config "$data/../../data/sample-kiosk.conf" \
    --script "$work/ok.script"

# A configuration that is not a regular file is refused by name; a FIFO is
# never opened to find out (it would wait for a writer for ever).
mkdir -p "$work/conf.d"
check config-directory 1 "$work/conf.d: not a regular file" \
    "$kiosk" $H --config "$work/conf.d" --script "$work/ok.script"
mkfifo "$work/conf.fifo"
check config-fifo 1 "$work/conf.fifo: not a regular file" \
    timeout 10 "$kiosk" $H --config "$work/conf.fifo" --script "$work/ok.script"

# A script that pauses while the test changes the catalogue under the
# running kiosk: `during NAME DB SCRIPT COMMAND...` runs COMMAND at the
# script's "pause" and checks that the script then passes.
during() {
    name=$1 db=$2 script=$3
    shift 3
    rm -f "$work/pipe.in" "$work/pipe.out"
    mkfifo "$work/pipe.in" "$work/pipe.out"
    timeout 60 "$kiosk" $H --db "$db" --script "$script" <"$work/pipe.in" >"$work/pipe.out" \
        2>"$work/err" &
    pid=$!
    exec 3>"$work/pipe.in" 4<"$work/pipe.out"
    if read -r line <&4 && [ "$line" = paused ]; then
        "$@" >/dev/null
        echo go >&3
    fi
    exec 3>&- 4<&-
    rm -f "$work/pipe.in" "$work/pipe.out"
    if wait "$pid"; then
        passed=$((passed + 1))
    else
        echo "FAIL $name:"
        cat "$work/err"
        failures=$((failures + 1))
    fi
}

# Out of order for want of a catalogue, the kiosk looks again once a minute
# and is back in service when staff have imported one.
"$admin" init --db "$work/later.db" >/dev/null
printf 'expect out-of-order\npause\nwait 30\nexpect out-of-order\nwait 31\nexpect welcome:title\nexpect-not out-of-order\nexpect sample\ntap lang:en\nexpect category:housing\n' \
    >"$work/recover.script"
during recover "$work/later.db" "$work/recover.script" \
    "$admin" import --db "$work/later.db" --unsigned "$data/../../data/sample-catalogue.json"

# The sample strip follows the catalogue while the kiosk runs: gone when a
# real one replaces the sample, back when the sample returns.
"$admin" init --db "$work/switch.db" --sample >/dev/null
printf 'expect sample\ntap lang:en\npause\ntap category:health\nexpect-not sample\n' \
    >"$work/real.script"
during sample-to-real "$work/switch.db" "$work/real.script" \
    "$admin" import --db "$work/switch.db" --unsigned "$data/import-good.json"
printf 'expect-not sample\ntap lang:en\npause\ntap nav:back\nexpect sample\n' >"$work/back.script"
during real-to-sample "$work/switch.db" "$work/back.script" \
    "$admin" import --db "$work/switch.db" --unsigned "$data/../../data/sample-catalogue.json"

# A need with more services than a list shows: the count says how many the
# list shows, and the last of them can be reached.
{
    printf '{"format": "frontdoor-catalogue", "version": 1, "language": "en",\n'
    printf ' "taxonomy_terms": [{"id": "n", "code": "housing", "taxonomy": "frontdoor-need", "name": "Housing"}],\n'
    printf ' "services": [\n'
    for i in $(seq 1 305); do
        [ "$i" -gt 1 ] && printf ',\n'
        printf '  {"id": "s%03d", "name": "Service %03d", "status": "active", "organization": {"id": "o", "name": "Org"}, "attributes": [{"taxonomy_term_id": "n"}]}' "$i" "$i"
    done
    printf '\n ]}\n'
} >"$work/many.json"
rm -f "$work/many.db"
"$admin" init --db "$work/many.db" >/dev/null
"$admin" import --db "$work/many.db" --unsigned "$work/many.json" >/dev/null
printf 'tap lang:en\ntap category:housing\nseek service:300\nexpect-nowhere service:301\n' \
    >"$work/many.script"
check many-services 0 "a need has more services than a list shows (300)" \
    "$kiosk" $H --db "$work/many.db" --script "$work/many.script"
# The log is the journal: it never says which need a resident opened.
grep -q "housing" "$work/err" && {
    echo "FAIL many-services: the log names the need opened: $(cat "$work/err")"
    failures=$((failures + 1))
}

# SIGTERM stops the kiosk within a second whatever it is doing, even in the
# middle of a long run of redraws (a loaded machine gets three).
printf 'measure busy 100000\n' >"$work/busy.script"
"$kiosk" $H --script "$work/busy.script" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -TERM "$pid"
tenths=0
while kill -0 "$pid" 2>/dev/null && [ "$tenths" -lt 30 ]; do
    sleep 0.1
    tenths=$((tenths + 1))
done
if kill -0 "$pid" 2>/dev/null; then
    echo "FAIL sigterm-busy: still running 3 s after SIGTERM"
    kill -KILL "$pid"
    failures=$((failures + 1))
elif wait "$pid"; then
    passed=$((passed + 1))
else
    echo "FAIL sigterm-busy: exit status $? after SIGTERM (want 0)"
    failures=$((failures + 1))
fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
