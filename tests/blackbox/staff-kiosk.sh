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
# Two minutes untouched end staff mode too.
key ctrl+alt+s
tap pin:2
tap pin:4
tap pin:6
tap pin:8
tap pin:ok
expect staff:log
wait 110
expect staff:log
wait 11
expect lang:en
expect-not staff:log
SCRIPT
kiosk restart on.conf

"$ADMIN" audit --db kiosk.db >audit.out 2>&1
grep -q " locked 5 wrong PINs; until " audit.out || fail "no lockout in the audit log: $(cat audit.out)"

# --- nothing staff do is counted ------------------------------------------------
# Five residents' sessions (the staff gesture ends the fifth) are written
# together (COUNTS_BATCH); five times in and out of staff mode add nothing,
# or they too would be written.
{
    for i in 1 2 3 4; do
        printf 'tap lang:en\ntap exit\n'
    done
    printf 'tap lang:ar\nkey ctrl+alt+s\n'
    for i in 1 2 3 4 5; do
        printf 'key ctrl+alt+s\ntap pin:2\ntap pin:4\ntap pin:6\ntap pin:8\ntap pin:ok\n'
        printf 'tap staff:diag\ntap nav:back\ntap nav:language\ntap lang:ar\nexpect staff:log\ntap exit\n'
    done
} >counted.script
rm -f counts.db
"$ADMIN" init --db kiosk.db >/dev/null
kiosk counted on.conf
got=$(sqlite3 counts.db "SELECT json_extract(counts, '$.sessions') || ' ' ||
    json_extract(counts, '$.\"lang:ar\"') FROM bucket")
[ "$got" = "5 1" ] || fail "counted '$got' (sessions, Arabic), not the residents' '5 1'"

# --- every staff screen, tidy in every language ----------------------------------
printf '[kiosk]\n' >all.conf
{
    for lang in en fi sv da nb es ar fa uk ru so ti; do
        printf 'key ctrl+alt+s\ntap nav:language\ntap lang:%s\nexpect pin:5\nexpect-tidy\n' "$lang"
        printf 'tap pin:1\ntap pin:ok\nexpect-tidy\nshot pin-wrong-%s\n' "$lang"
        printf 'tap pin:2\ntap pin:4\ntap pin:6\ntap pin:8\ntap pin:ok\nexpect-tidy\n'
        printf 'shot staff-%s\ntap staff:diag\nexpect-tidy\nshot diag-%s\ntap nav:back\n' "$lang" "$lang"
        printf 'tap staff:log\nexpect-tidy\nshot log-%s\ntap nav:back\ntap staff:leave\n' "$lang"
    done
} >languages.script
kiosk languages all.conf

# --- staff edits on the service screen, kept across an import -----------------
# Edits as staff mode stores them (migration 7's staff_edit), for the
# sample's Wellbeing Walk-in: closed for a week with a note, and a notice in
# Arabic and in English.
SVC=svc-wellbeing-walk-in
sqlite3 kiosk.db "INSERT INTO staff_edit (service, kind, starts, ends, lang, text, made)
    VALUES ('$SVC', 'closed', '2026-01-05', '2026-01-12', 'en',
            'Closed for repairs. The Open Door day centre helps meanwhile.', 'x'),
           ('$SVC', 'notice', '2026-01-01', '2026-01-31', 'ar', 'أحضر بطاقة الهوية.', 'x'),
           ('$SVC', 'notice', '2026-01-01', '2026-01-31', 'en', 'Bring an ID card.', 'x')" ||
    fail "cannot write the edits"
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
clock 2026-01-13T10:00
tap lang:en
tap category:mental-health
seek service:2
tap service:2
expect-not-text Temporarily closed
expect-not-text Closed for repairs.
expect-text Bring an ID card.
clock 2026-02-01T10:00
tap nav:back
seek service:2
tap service:2
expect-not-text Bring an ID card.
SCRIPT
kiosk edits-over on.conf

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
