#!/bin/sh
# What the kiosk leaves on disk about the people who use it.
#
# 1. Sessions one at a time, each in the real headless kiosk, which pauses
#    after each (script command "pause") while every file beside the
#    catalogue is read: none may change in content, and none may appear,
#    before the fifth session; at the fifth the counts change.
# 2. A thousand sessions, each a need in a language: no file then holds
#    anything in session order. The counts database holds the day's totals
#    once (a metric name appears once per report and once in the open day,
#    never per session); old versions of the totals are not left in free
#    pages (secure_delete) or in a journal; the catalogue is untouched.
#   privacy.sh KIOSK ADMIN WORKDIR
set -u
kiosk=$1 admin=$2 work=$3
rm -rf "$work"
mkdir -p "$work/kiosk"
failures=0 passed=0
ok() { passed=$((passed + 1)); }
bad() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
kpid=
cleanup() { [ -n "$kpid" ] && kill "$kpid" 2>/dev/null; }
trap cleanup EXIT

dir="$work/kiosk"
"$admin" init --db "$dir/catalogue.db" --sample >/dev/null || { echo "FAIL: init"; exit 1; }
printf '[kiosk]\ntime_zone = Europe/Helsinki\n' >"$work/kiosk.conf"

# Every file of the kiosk, with the digest of its content.
snapshot() {
    (cd "$dir" && for f in $(ls -A | sort); do printf '%s %s\n' "$f" "$(sha256sum <"$f" | cut -c1-64)"; done)
}

# --- 1. nothing written before the fifth session -----------------------------
{
    echo "pause"
    for need in housing money violence health digital; do
        printf 'tap lang:ar\nseek category:%s\ntap category:%s\ntap exit\npause\n' "$need" "$need"
    done
} >"$work/five.script"
mkfifo "$work/in"
"$kiosk" --headless --size 800x480 --db "$dir/catalogue.db" --config "$work/kiosk.conf" \
    --shots "$work" --clock 2026-12-01T10:00 --script "$work/five.script" \
    <"$work/in" >"$work/kiosk.out" 2>&1 &
kpid=$!
exec 9>"$work/in"

# wait_pause N: waits until the kiosk has said "paused" N times.
wait_pause() {
    i=0
    while [ $i -lt 300 ]; do
        [ "$(grep -c '^paused$' "$work/kiosk.out")" -ge "$1" ] && return 0
        kill -0 "$kpid" 2>/dev/null || break
        sleep 0.05
        i=$((i + 1))
    done
    echo "FAIL: the kiosk did not pause ($(cat "$work/kiosk.out"))"
    exit 1
}

wait_pause 1
snapshot >"$work/before"
n=1
while [ $n -le 5 ]; do
    echo >&9
    wait_pause $((n + 1))
    snapshot >"$work/after-$n"
    if [ $n -lt 5 ]; then
        if cmp -s "$work/before" "$work/after-$n"; then ok; else
            bad "after session $n the files changed:"
            diff "$work/before" "$work/after-$n"
        fi
    else
        if cmp -s "$work/before" "$work/after-$n"; then bad "the fifth session was not written"; else ok; fi
        # Only the counts changed, and no file came or went.
        diff "$work/before" "$work/after-$n" | grep '^[<>]' | grep -v ' counts.db ' >"$work/other" || true
        if [ -s "$work/other" ]; then bad "files other than counts.db changed: $(cat "$work/other")"; else ok; fi
    fi
    n=$((n + 1))
done
echo >&9
exec 9>&-
wait $kpid
kpid=
cp "$dir/counts.db" "$work/counts-5.db"
got=$(sqlite3 "$work/counts-5.db" "SELECT json_extract(counts, '$.sessions') || ' ' ||
       json_extract(counts, '$.\"lang:ar\"') FROM bucket")
[ "$got" = "5 5" ] && ok || bad "the open day holds '$got', want '5 5'"

# --- 2. a thousand sessions leave totals, not a trail -------------------------
cat_before=$(sha256sum <"$dir/catalogue.db")
needs="housing money work-study integration family-youth health digital violence mental-health addiction"
langs="en fi sv ar so uk"
{
    echo "clock 2026-12-02T08:00"
    i=0
    while [ $i -lt 1000 ]; do
        set -- $needs
        shift $((i % 10))
        need=$1
        set -- $langs
        shift $((i % 6))
        printf 'tap lang:%s\nseek category:%s\ntap category:%s\ntap exit\n' "$1" "$need" "$need"
        i=$((i + 1))
    done
} >"$work/thousand.script"
"$kiosk" --headless --size 800x480 --db "$dir/catalogue.db" --config "$work/kiosk.conf" \
    --shots "$work" --clock 2026-12-02T08:00 --script "$work/thousand.script" \
    >"$work/kiosk.out" 2>&1 || bad "the thousand sessions: $(tail -3 "$work/kiosk.out")"

[ "$(sha256sum <"$dir/catalogue.db")" = "$cat_before" ] && ok || bad "the catalogue changed"
# The catalogue's WAL index (-shm) is SQLite's map of an empty WAL.
files=$(cd "$dir" && ls -A | tr '\n' ' ')
case "$files" in
"catalogue.db catalogue.db-shm catalogue.db-wal counts.db kiosk.key " | \
    "catalogue.db counts.db kiosk.key ") ok ;;
*) bad "files beside the catalogue: $files" ;;
esac
[ ! -s "$dir/catalogue.db-wal" ] && ok || bad "the catalogue's WAL is not empty"
[ -e "$dir/counts.db-journal" ] && bad "a journal was left behind" || ok
got=$(sqlite3 "$dir/counts.db" "SELECT json_extract(counts, '$.sessions') FROM bucket")
[ "$got" = "1000" ] && ok || bad "the open day holds $got sessions, want 1000"
# One report (the first day) and one open day: each name at most twice in
# the whole file, old versions included.
for name in need:housing need:digital lang:so lang:fi feature:quick-exit; do
    seen=$(grep -a -o "$name" "$dir/counts.db" | wc -l)
    if [ "$seen" -le 2 ]; then ok; else bad "\"$name\" is written $seen times in counts.db"; fi
done
# No number of sessions from before is left in the file: the totals as they
# were after 995 sessions would be an old version of the open day.
if grep -a -q '"sessions":995' "$dir/counts.db"; then bad "an old version of the totals is left"; else ok; fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
