#!/bin/sh
# staff-kiosk.sh KIOSK ADMIN WORKDIR: staff mode on the headless kiosk,
# run as a process. The key combination and the three corners open the PIN
# pad (and end a resident's session first); a wrong PIN says only that it
# was wrong; five lock staff mode, and a restart keeps the lock; the right
# PIN opens staff mode, whose screens count nothing; two minutes untouched
# end it. Neither way in works when the configuration turns it off.
set -u

KIOSK=$1
ADMIN=$2
WORK=$3
SAMPLE=$(cd "$(dirname "$0")/../../data" && pwd)/sample-catalogue.json
rm -rf "$WORK"
mkdir -p "$WORK" || exit 1
cd "$WORK" || exit 1

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# kiosk NAME CONFIG: runs NAME.script on kiosk.db with the configuration.
kiosk() {
    "$KIOSK" --headless --size 1080x1920 --db kiosk.db --config "$2" --script "$1.script" \
        --shots . >"$1.out" 2>&1 || fail "$1: $(cat "$1.out")"
}

"$ADMIN" init --db kiosk.db --sample >/dev/null || exit 1
echo 2468 | "$ADMIN" set-pin --db kiosk.db >/dev/null || exit 1
printf '[kiosk]\nlanguages = en, ar\n' >on.conf
printf '[kiosk]\nlanguages = en, ar\n[staff]\ncorners = off\nkeys = none\n' >off.conf
printf '[kiosk]\nlanguages = en, ar\n[staff]\nkeys = ctrl+shift+f9\n' >other.conf

# --- five wrong PINs, then a restart ------------------------------------------
cat >wrong.script <<'SCRIPT'
# A resident's session, which the staff gesture ends (and counts).
tap lang:en
expect category:mental-health
# Three corners in order: top left, top right, bottom right.
tap-at 10 10
tap-at 1070 10
tap-at 1070 1910
expect pin:5
expect-not category:mental-health
expect-text Enter the staff PIN.
tap pin:1
tap pin:2
expect-text ••
expect-not-text 12
tap pin:erase
expect-not-text ••
tap pin:1
tap pin:1
tap pin:1
tap pin:1
tap pin:ok
expect-text Wrong PIN.
expect-not-text ••
tap pin:1
tap pin:ok
expect-text Wrong PIN.
tap pin:1
tap pin:ok
tap pin:1
tap pin:ok
expect-text Wrong PIN.
tap pin:1
tap pin:ok
expect-text Staff mode is locked after too many wrong PINs. Try again in 1 minute.
expect-not pin:5
expect-not pin:ok
shot locked
SCRIPT
kiosk wrong on.conf

cat >restart.script <<'SCRIPT'
key ctrl+alt+s
expect-text Staff mode is locked after too many wrong PINs.
expect-not pin:2
wait 61
expect pin:2
tap pin:2
tap pin:4
tap pin:6
tap pin:8
tap pin:ok
expect staff:diag
shot home
tap staff:diag
expect-text Frontdoor
expect-text sample-catalogue.json
expect-text not signed
shot diag
tap nav:back
tap staff:log
expect-text Staff mode locked after wrong PINs
expect-text Catalogue imported
tap nav:back
tap staff:leave
expect lang:en
expect-not staff:diag
# Two minutes untouched end staff mode too. (The PIN from a keyboard
# and a keypad this time.)
key ctrl+alt+s
key 2
key 4
key Keypad 6
key 9
key Backspace
expect-text •••
expect-not-text ••••
key 8
key Return
expect staff:log
wait 110
expect staff:log
wait 11
expect lang:en
expect-not staff:log
SCRIPT
kiosk restart on.conf

"$ADMIN" audit --db kiosk.db >audit.out 2>&1
grep -q " locked after 5 wrong PINs, until 2026-01-05 10:01" audit.out || fail "no lockout in the audit log: $(cat audit.out)"

# --- nothing staff do is counted ------------------------------------------------
# Five residents' sessions (the staff gesture ends the fifth) are written
# together (COUNTS_BATCH); five times in and out of staff mode, in Arabic,
# through a need and a service, add nothing, or they too would be written.
{
    for i in 1 2 3 4; do
        printf 'tap lang:en\ntap exit\n'
    done
    printf 'tap lang:ar\nkey ctrl+alt+s\n'
    for i in 1 2 3 4 5; do
        printf 'key ctrl+alt+s\ntap pin:2\ntap pin:4\ntap pin:6\ntap pin:8\ntap pin:ok\n'
        printf 'tap staff:diag\ntap nav:back\ntap nav:language\ntap lang:ar\nexpect staff:log\n'
        printf 'tap staff:find\ntap category:mental-health\nseek service:2\ntap service:2\ntap exit\n'
    done
} >counted.script
rm -f counts.db
"$ADMIN" init --db kiosk.db >/dev/null
kiosk counted on.conf
got=$(sqlite3 counts.db "SELECT json_extract(counts, '$.sessions') || ' ' ||
    json_extract(counts, '$.\"lang:ar\"') FROM bucket")
[ "$got" = "5 1" ] || fail "counted '$got' (sessions, Arabic), not the residents' '5 1'"

# --- every staff screen, tidy in every language, tall and low -------------------
printf '[staff]\nusb_folder = %s/no-sticks\n' "$PWD" >all.conf
{
    for lang in en fi sv da nb es ar fa uk ru so ti; do
        printf 'key ctrl+alt+s\ntap nav:language\ntap lang:%s\nexpect pin:5\nexpect-tidy\n' "$lang"
        printf 'tap pin:1\ntap pin:ok\nexpect-tidy\nshot pin-wrong-%s\n' "$lang"
        printf 'tap pin:2\ntap pin:4\ntap pin:6\ntap pin:8\ntap pin:ok\nexpect-tidy\n'
        printf 'shot staff-%s\ntap staff:diag\nexpect-tidy\nshot diag-%s\ntap nav:back\n' "$lang" "$lang"
        printf 'tap staff:log\nexpect-tidy\nshot log-%s\ntap nav:back\n' "$lang"
        printf 'tap staff:usb\nexpect-tidy\nshot usb-%s\ntap nav:back\n' "$lang"
        printf 'tap staff:find\ntap category:mental-health\nseek service:2\ntap service:2\n'
        printf 'tap staff:change\nexpect-tidy\nshot change-%s\n' "$lang"
        for form in closed hours notice phone:0; do
            printf 'seek staff:%s\ntap staff:%s\nexpect-tidy\nshot form-%s-%s\n' "$form" "$form" \
                "${form%%:*}" "$lang"
            [ "$form" = hours ] && printf 'tap edit:closed\nexpect-tidy\n'
            printf 'tap nav:back\n'
        done
        printf 'tap nav:back\ntap nav:back\ntap nav:back\ntap nav:back\n'
        printf 'tap staff:changes\nexpect-tidy\ntap nav:back\n'
        printf 'seek staff:console\ntap staff:console\nexpect console:stop\nexpect-tidy\n'
        printf 'shot console-%s\ntap nav:back\nseek staff:leave\ntap staff:leave\n' "$lang"
    done
    printf 'expect-running\n'
} >languages.script
kiosk languages all.conf
"$KIOSK" --headless --size 800x480 --db kiosk.db --config all.conf --script languages.script \
    --shots . >languages-low.out 2>&1 || fail "languages at 800x480: $(cat languages-low.out)"

# --- staff edits, made on the kiosk, shown at once, after a restart and an import
# The sample's Wellbeing Walk-in (service 2): closed for a week with a note,
# a notice in English and one in Arabic, another number, other hours on
# Wednesdays; the crisis line's number cannot be changed.
{
    printf 'key ctrl+alt+s\ntap pin:2\ntap pin:4\ntap pin:6\ntap pin:8\ntap pin:ok\n'
    printf 'tap staff:find\ntap category:mental-health\nseek service:2\ntap service:2\n'
    printf 'tap staff:change\nexpect-text Wellbeing Walk-in\nexpect-tidy\n'
    printf 'seek staff:closed\ntap staff:closed\nexpect-tidy\n'
    printf 'type Closed for repairs. The Open Door day centre helps meanwhile.\n'
    printf 'expect-text Monday 12 January\ntap edit:ends:-\nexpect-text Sunday 11 January\n'
    printf 'tap edit:ends:+\nexpect-text Monday 12 January\n'
    printf 'tap edit:starts:-\nexpect-text Monday 5 January\ntap edit:save\n'
    printf 'expect-text Changes in force\nexpect-text Monday 5 January to Monday 12 January\n'
    printf 'seek staff:notice\ntap staff:notice\ntype Bring an ID card.\n'
    for i in $(seq 19); do printf 'tap edit:ends:+\n'; done
    printf 'expect-text Saturday 31 January\ntap edit:save\n'
    printf 'seek staff:phone:0\ntap staff:phone:0\n'
    printf 'tap digit:erase\ntap digit:erase\ntap digit:erase\ntap digit:9\ntap digit:9\n'
    printf 'tap digit:9\nexpect-text +44 20 7946 0999\ntap edit:save\n'
    printf 'seek staff:hours\ntap staff:hours\ntap edit:day:3\ntap edit:opens:+\ntap edit:opens:+\n'
    for i in $(seq 14); do printf 'tap edit:ends:+\n'; done
    printf 'expect-text Sunday 25 January\nexpect-text 10:00\nexpect-tidy\ntap edit:save\n'
    printf 'tap nav:language\ntap lang:ar\nseek staff:notice\ntap staff:notice\n'
    printf 'type أحضر بطاقة الهوية.\nexpect-tidy\ntap edit:save\nexpect-tidy\n'
    printf 'tap nav:back\ntap nav:back\ntap nav:back\ntap nav:back\n'
    printf 'expect staff:changes\ntap staff:changes\nexpect changes:4\nexpect-tidy\nshot changes-ar\n'
    # A crisis line's number is not offered.
    printf 'tap nav:back\ntap staff:find\ntap category:mental-health\ntap service:1\n'
    printf 'tap staff:change\nseek staff:protected\nexpect-not staff:phone:0\n'
    printf 'tap exit\n'
    # A resident sees it all at once.
    printf 'tap lang:en\ntap category:mental-health\nseek service:2\n'
    printf 'expect-text Temporarily closed until Monday 12 January\n'
} >make-edits.script
kiosk make-edits on.conf
[ "$(sqlite3 kiosk.db "SELECT count(*) FROM staff_edit")" = 5 ] ||
    fail "staff_edit holds $(sqlite3 kiosk.db "SELECT count(*) FROM staff_edit") rows, not 5"
"$ADMIN" audit --db kiosk.db >audit2.out 2>&1
for kind in closed notice phone hours; do
    grep -q "[0-9] $kind svc-wellbeing-walk-in 2026-01-" audit2.out ||
        fail "no $kind line in the audit log: $(cat audit2.out)"
done
grep -q " phone svc-wellbeing-walk-in 2026-01-05..2026-01-12 ph-wellbeing-walk-in: +44 20 7946 0110 -> +44 20 7946 0999" audit2.out ||
    fail "the phone's audit line: $(grep ' phone ' audit2.out)"
cat >edits.script <<'SCRIPT'
tap lang:en
tap category:mental-health
seek service:2
expect-text Temporarily closed until Monday 12 January
tap service:2
expect-text Wellbeing Walk-in
expect-text Temporarily closed until Monday 12 January
expect-text Closed for repairs. The Open Door day centre helps meanwhile.
expect-text Bring an ID card.
expect-text +44 20 7946 0999
expect-not staff:change
expect-tidy
lang ar
expect-text أحضر بطاقة الهوية.
expect-not-text Bring an ID card.
expect-tidy
SCRIPT
kiosk edits on.conf
"$ADMIN" import --db kiosk.db --unsigned "$SAMPLE" >import.out 2>&1 || fail "import: $(cat import.out)"
kiosk edits on.conf
cat >edits-over.script <<'SCRIPT'
clock 2026-01-14T10:00
tap lang:en
tap category:mental-health
seek service:2
tap service:2
expect-not-text Temporarily closed
expect-not-text Closed for repairs.
expect-text Bring an ID card.
expect-text +44 20 7946 0110
expect-text 10:00
clock 2026-02-01T10:00
tap nav:back
seek service:2
tap service:2
expect-not-text Bring an ID card.
SCRIPT
kiosk edits-over on.conf

# A catalogue that changes the number staff changed: the edit stays, and
# staff mode says the catalogue contradicts it.
sed 's/+44 20 7946 0110/+44 20 7946 0111/' "$SAMPLE" >changed.json
"$ADMIN" import --db kiosk.db --unsigned changed.json >import2.out 2>&1 ||
    fail "import: $(cat import2.out)"
{
    printf 'key ctrl+alt+s\ntap pin:2\ntap pin:4\ntap pin:6\ntap pin:8\ntap pin:ok\n'
    printf 'tap staff:changes\nexpect-text The catalogue changed this since.\nexpect-tidy\n'
    printf 'shot changes-contradicted\ntap exit\n'
    printf 'tap lang:en\ntap category:mental-health\nseek service:2\ntap service:2\n'
    printf 'expect-text +44 20 7946 0999\n'
} >contradicted.script
kiosk contradicted on.conf

# A note typed and not saved is gone with staff mode, text cache and all.
{
    printf 'key ctrl+alt+s\ntap pin:2\ntap pin:4\ntap pin:6\ntap pin:8\ntap pin:ok\n'
    printf 'tap staff:find\ntap category:mental-health\nseek service:2\ntap service:2\n'
    printf 'tap staff:change\nseek staff:closed\ntap staff:closed\ntype Draft note 4242\n'
    printf 'expect-text Draft note 4242\ntap exit\nexpect-forgotten Draft note 4242\n'
} >forgotten.script
kiosk forgotten on.conf

# --- a catalogue from a USB stick ----------------------------------------------
# The folder starts empty; a stick "put in" shows by itself. A signed bundle
# is checked (what it would change) and imported; one changed after
# signing, and an unsigned one, are refused with the reason, and the
# catalogue stays as it was.
"$ADMIN" keygen --key city.key >keygen.out 2>&1 || fail "keygen: $(cat keygen.out)"
CITY=$(sed -n 's/^public key: //p' keygen.out)
mkdir -p media
printf '[kiosk]\nlanguages = en, ar\n[catalogue]\ntrusted_keys = %s\n[staff]\nusb_folder = %s/media\n' \
    "$CITY" "$PWD" >usb.conf
sed 's/"Wellbeing Walk-in"/"Wellbeing Walk-in Centre"/' "$SAMPLE" >city.json
"$ADMIN" sign --key city.key city.json >/dev/null 2>&1 || fail "sign"
cp city.json tampered.json && cp city.json.sig tampered.json.sig
sed -i 's/Wellbeing Walk-in Centre/Wellbeing Centre/' tampered.json
cp "$SAMPLE" unsigned.json
{
    printf 'key ctrl+alt+s\ntap pin:2\ntap pin:4\ntap pin:6\ntap pin:8\ntap pin:ok\n'
    printf 'tap staff:usb\nexpect usb:none\nexpect-tidy\npause\nwait 3\nexpect usb:file:2\n'
    printf 'expect-tidy\nshot usb-files\n'
    # city.json, tampered.json, unsigned.json, by name.
    printf 'tap usb:file:1\nwait-for usb:done\nexpect-text This file cannot be imported:\n'
    printf 'expect-text changed after signing\ntap usb:done\n'
    printf 'tap usb:file:2\nwait-for usb:done\nexpect-text not signed\ntap usb:done\n'
    printf 'tap usb:file:0\nwait-for usb:import\nexpect-text Changed services: 1\n'
    printf 'expect-text Wellbeing Walk-in Centre\nexpect-tidy\nshot usb-checked\n'
    printf 'tap usb:import\nwait-for usb:done\nexpect-text Imported.\nexpect-tidy\nshot usb-done\n'
    printf 'tap usb:done\ntap nav:back\ntap staff:find\ntap category:mental-health\n'
    printf 'seek service:2\nexpect-text Wellbeing Walk-in Centre\n'
} >usb.script
[ "$(sqlite3 kiosk.db "SELECT name FROM service WHERE hsds_id = 'svc-wellbeing-walk-in'")" = \
    "Wellbeing Walk-in" ] || fail "the catalogue is not the sample's before the USB import"
# The script pauses (it says "paused" and reads a line) until the stick is
# "put in".
mkfifo to-kiosk from-kiosk
"$KIOSK" --headless --size 1080x1920 --db kiosk.db --config usb.conf --script usb.script \
    --shots . <to-kiosk >from-kiosk 2>usb.err &
kiosk_pid=$!
exec 3>to-kiosk 4<from-kiosk
while read -r line <&4 && [ "$line" != paused ]; do :; done
mkdir -p media/kiosk/STICK
mv city.json city.json.sig tampered.json tampered.json.sig unsigned.json media/kiosk/STICK/
echo >&3
cat <&4 >usb.out
exec 3>&- 4<&-
wait $kiosk_pid || fail "usb: $(cat usb.err)"
[ "$(sqlite3 kiosk.db "SELECT name FROM service WHERE hsds_id = 'svc-wellbeing-walk-in'")" = \
    "Wellbeing Walk-in Centre" ] || fail "the USB import did not change the catalogue"
"$ADMIN" audit --db kiosk.db | grep -q " import city.json, signed with the key $CITY\$" ||
    fail "no import line in the audit log: $("$ADMIN" audit --db kiosk.db)"
# A bundle that changes every service: the counts come from the summary,
# the names are cut to fit, and the way on stays on the first page.
rm -f media/kiosk/STICK/*
python3 -c 'import json, sys
b = json.load(open(sys.argv[1]))
for s in b["services"]:
    s["name"] += " in the new catalogue of the city, updated this week"
json.dump(b, open("media/kiosk/STICK/all.json", "w"), ensure_ascii=False)' "$SAMPLE" ||
    fail "cannot write all.json"
"$ADMIN" sign --key city.key media/kiosk/STICK/all.json >/dev/null 2>&1 || fail "sign all.json"
{
    printf 'key ctrl+alt+s\ntap pin:2\ntap pin:4\ntap pin:6\ntap pin:8\ntap pin:ok\n'
    printf 'tap staff:usb\ntap usb:file:0\nwait-for usb:cancel\nexpect usb:import\n'
    printf 'expect-text Changed services: 70\nexpect-tidy\ntap usb:cancel\nexpect usb:file:0\n'
} >usb-all.script
kiosk usb-all usb.conf

# --- out of order: staff mode still opens, and leaves the kiosk resting ------
mv kiosk.db full.db
"$ADMIN" init --db kiosk.db >/dev/null && echo 2468 | "$ADMIN" set-pin --db kiosk.db >/dev/null ||
    fail "cannot make an empty database"
cat >resting.script <<'SCRIPT'
expect-text In an emergency
key ctrl+alt+s
tap pin:2
tap pin:4
tap pin:6
tap pin:8
tap pin:ok
tap staff:diag
expect-text No catalogue imported
tap nav:back
tap staff:leave
expect-text In an emergency
expect-not staff:diag
SCRIPT
kiosk resting on.conf
rm -f kiosk.db*
mv full.db kiosk.db

# --- the ways in, turned off or changed --------------------------------------
cat >off.script <<'SCRIPT'
tap-at 10 10
tap-at 1070 10
tap-at 1070 1910
expect-not pin:5
key ctrl+alt+s
expect-not pin:5
SCRIPT
kiosk off off.conf
cat >other.script <<'SCRIPT'
key ctrl+alt+s
expect-not pin:5
key ctrl+shift+F9
expect pin:5
SCRIPT
kiosk other other.conf
# Corners out of order, or too slow, open nothing.
cat >order.script <<'SCRIPT'
tap-at 1070 10
tap-at 10 10
tap-at 1070 1910
expect-not pin:5
tap-at 10 10
tap-at 1070 10
wait 4
tap-at 1070 1910
expect-not pin:5
SCRIPT
kiosk order on.conf

# --- "Exit to console": the one way to end the full-screen kiosk -------------
# Asked for, it says what it does and waits; going back stops nothing; the
# button ends the kiosk (in a real run with exit status 64, which
# frontdoor.service does not restart).
cat >console.script <<'SCRIPT'
key ctrl+alt+s
tap pin:2
tap pin:4
tap pin:6
tap pin:8
tap pin:ok
seek staff:console
tap staff:console
expect-text systemctl start frontdoor
expect-tidy
shot console
tap nav:back
expect-running
seek staff:console
tap staff:console
tap console:stop
expect-ended
SCRIPT
kiosk console on.conf
# From the out-of-order screen systemd shows when the kiosk would not stay
# up, too.
"$KIOSK" --headless --out-of-order --db kiosk.db --config on.conf --script console.script \
    --shots . >console-ooo.out 2>&1 || fail "console from out of order: $(cat console-ooo.out)"

# A bad combination is a bad configuration: the kiosk refuses to start.
printf '[staff]\nkeys = s\n' >bad.conf
"$KIOSK" --headless --db kiosk.db --config bad.conf --script order.script --shots . \
    >bad.out 2>&1 && fail "keys = s was taken"
grep -q 'bad.conf:2: keys "s": expected modifiers and a key' bad.out || fail "bad.out: $(cat bad.out)"

if [ "$failures" -ne 0 ]; then
    echo "staff-kiosk: $failures failure(s)" >&2
    exit 1
fi
echo "staff-kiosk: all checks passed"
