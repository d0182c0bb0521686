#!/bin/bash
# publish.sh COLLECTOR REPORT_TOOL WORKDIR: frontdoor-collector publish, run
# as a process on a store that a serving collector filled with signed
# reports sent over loopback HTTP, on SQLite and then on a real PostgreSQL
# server (pg.sh; skipped with a visible SKIP when it is not installed).
#
# Three kiosks in two groups report for last week and for the month before
# last. Checked: the figures by group and in total; small counts and the
# cells that would give them away suppressed (the languages add up to the
# sessions); sensitive needs absent from a week, rounded in a month; the
# untrusted clock counted; a publication frozen, so a report that arrives
# after it changes nothing but the late section; one group's publication
# hiding what the all-groups one hides; a running period refused without
# --draft, and a draft freezing nothing; wrong command lines exiting 2 with
# the flag named; --out writing a whole file.
#
# Periods are reckoned from today's date, so the test runs on any day.
set -u

if [ $# -ne 3 ]; then
    echo "usage: $0 COLLECTOR REPORT_TOOL WORKDIR" >&2
    exit 2
fi
COLLECTOR=$1
TOOL=$2
WORK=$3
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$WORK"
mkdir -p "$WORK" || exit 1
. "$HERE/pg.sh"
. "$HERE/collector-lib.sh"

for tool in curl sqlite3 date; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "publish.sh: needs $tool (scripts/deps)" >&2
        exit 1
    fi
done

# --- periods, from today ------------------------------------------------------

TODAY=$(date +%F)
# Last week, Monday to Sunday: over, whatever today is.
MON=$(date -d "$TODAY -$(($(date +%u) + 6)) days" +%F)
WEEK=$(date -d "$MON" +%G-W%V)
D1=$MON
D2=$(date -d "$MON +1 day" +%F)
D3=$(date -d "$MON +2 days" +%F)
D4=$(date -d "$MON +3 days" +%F)
OUTSIDE=$(date -d "$MON +7 days" +%F)
# The month before last: over, and no day of last week lies in it.
MONTH=$(date -d "$(date +%Y-%m-15) -2 months" +%Y-%m)
RUNNING_WEEK=$(date +%G-W%V)
NEXT_YEAR_WEEK="$(($(date +%Y) + 1))-W10"
echo "today $TODAY: week $WEEK ($D1..), month $MONTH, running $RUNNING_WEEK"

# --- helpers ------------------------------------------------------------------

# expect_line FILE LINE: FILE (CSV, CRLF) has the whole line LINE.
expect_line() {
    tr -d '\r' <"$1" | grep -qxF -- "$2" || fail "$(basename "$1") lacks the line '$2'"
}
expect_no() {
    ! grep -qF -- "$2" "$1" || fail "$(basename "$1") has '$2'"
}
expect_has() {
    grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks '$2'"
}
# No count of 1 to 9 anywhere among the figures (the metric and late rows).
expect_no_small_cells() {
    bad=$(tr -d '\r' <"$1" | awk -F, '/^(sessions|lang:|need:|feature:|late:)/ {
        for (i = 2; i <= NF; i++) if ($i ~ /^[1-9]$/) print }')
    [ -z "$bad" ] || fail "$(basename "$1") shows small counts: $bad"
}

# send KEY SEQ DAY [report-tool option...]: a signed report of KEY's kiosk
# PUT to the server, which must store it (201).
send() {
    key=$1 seq=$2 day=$3
    shift 3
    kiosk=$("$TOOL" pubkey "$key")
    body=$WORK/body.json
    "$TOOL" make "$key" --instance "$INST" --seq "$seq" --day "$day" "$@" >"$body" ||
        fail "report-tool make $*"
    code=$(curl -sS --max-time 10 -X PUT -H "Content-Type: application/json" \
        -H "Frontdoor-Signature: $("$TOOL" sign "$key" "$body")" --data-binary @"$body" \
        -o "$WORK/resp" -w '%{http_code}' "http://$ADDR/v1/reports/$kiosk/$INST/$seq")
    [ "$code" = 201 ] || fail "$BACKEND: report $seq of $day: HTTP $code: $(cat "$WORK/resp")"
}

sql() {
    if [ "$BACKEND" = sqlite ]; then
        sqlite3 "$STORE" "$1"
    else
        pg_sql "$1"
    fi
}

publish() {
    "$COLLECTOR" publish --store "$STORE" "$@"
}

KEY_A=$WORK/a.key
KEY_B=$WORK/b.key
KEY_C=$WORK/c.key
KIOSK_A=$("$TOOL" keygen "$KEY_A") || fail "keygen"
KIOSK_B=$("$TOOL" keygen "$KEY_B")
KIOSK_C=$("$TOOL" keygen "$KEY_C")
INST=0123456789abcdef0123456789abcdef

# --- the command line, no store needed -----------------------------------------

run 0 "$COLLECTOR" help publish
grep -qF "usage: frontdoor-collector publish --store URI --period" "$WORK/out" ||
    fail "help publish: $(cat "$WORK/out")"
run 2 "$COLLECTOR" publish --store "$WORK/none.db" --period 2026-W54 --format csv
expect_err "--period: \"2026-W54\": 2026 has ISO weeks 01 to 53"
run 2 "$COLLECTOR" publish --store "$WORK/none.db" --period 2026-13 --format csv
expect_err "--period: \"2026-13\": months are 01 to 12"
run 2 "$COLLECTOR" publish --store "$WORK/none.db" --period 2026-W5 --format csv
expect_err "--period: \"2026-W5\" is not a period"
run 2 "$COLLECTOR" publish --store "$WORK/none.db" --period 2026-W49 --format xml
expect_err "--format: \"xml\": use csv, json or html"
run 2 "$COLLECTOR" publish --store "$WORK/none.db" --period 2026-W49
expect_err "missing --format FORMAT"
run 2 "$COLLECTOR" publish --store "$WORK/none.db" --format csv
expect_err "missing --period PERIOD"
run 1 "$COLLECTOR" publish --store "$WORK/none.db" --period 2026-W49 --format csv
expect_err "no such store"
[ -e "$WORK/none.db" ] && fail "publish made a store"

# --- one store ----------------------------------------------------------------

# suite BACKEND STORE
suite() {
    BACKEND=$1
    STORE=$2
    D=$WORK/$BACKEND
    mkdir -p "$D"
    echo "--- $BACKEND"
    "$COLLECTOR" add-kiosk --store "$STORE" --group Library "$KIOSK_A" >/dev/null &&
        "$COLLECTOR" add-kiosk --store "$STORE" --group Library "$KIOSK_B" >/dev/null &&
        "$COLLECTOR" add-kiosk --store "$STORE" --group "Youth centre" "$KIOSK_C" >/dev/null ||
        fail "$BACKEND: add-kiosk"
    start_server "$STORE" || return

    # Last week. Library: A on two days (one with an untrusted clock), B
    # once. Youth centre: C once. One report falls in the next week.
    send "$KEY_A" 1 "$D1" --set sessions=30 --set lang:en=20 --set lang:fi=10 \
        --set need:housing=12 --set need:money=3 --set need:violence=4 --set feature:search=9
    send "$KEY_A" 2 "$D2" --untrusted --set sessions=25 --set lang:en=15 --set lang:fi=10 \
        --set need:violence=3 --set feature:search=6
    send "$KEY_B" 1 "$D2" --set sessions=14 --set lang:fi=14 --set need:health=14
    send "$KEY_C" 1 "$D3" --set sessions=40 --set lang:en=38 --set lang:ar=2 \
        --set need:housing=25 --set need:money=8 --set need:violence=9 --set feature:search=2
    send "$KEY_C" 2 "$OUTSIDE" --set sessions=99 --set lang:en=99
    # The month before last: sensitive needs.
    send "$KEY_A" 3 "$MONTH-05" --set sessions=60 --set lang:en=60 --set need:violence=40
    send "$KEY_C" 3 "$MONTH-12" --set sessions=20 --set lang:en=20 --set need:violence=6 \
        --set need:mental-health=3

    W=$D/week.csv
    run 0 publish --period "$WEEK" --format csv
    cp "$WORK/out" "$W"
    expect_line "$W" "metric,Library,Youth centre,total"
    expect_line "$W" "sessions,69,40,109"
    # Arabic 2 hides a ring of six language cells, sessions untouched.
    expect_line "$W" "lang:en,suppressed,suppressed,73"
    expect_line "$W" "lang:fi,suppressed,0,suppressed"
    expect_line "$W" "lang:ar,0,suppressed,suppressed"
    expect_line "$W" "need:housing,12,25,37"
    expect_line "$W" "need:money,suppressed,suppressed,11"
    expect_line "$W" "need:health,14,0,14"
    expect_line "$W" "feature:search,suppressed,suppressed,17"
    expect_line "$W" "reports,3,1,4"
    expect_line "$W" "reports:untrusted-clock,1,0,1"
    expect_line "$W" "reports:late,,,0"
    expect_line "$W" "kiosks,2,1,3"
    expect_line "$W" "period,,,$WEEK"
    expect_line "$W" "published,,,$TODAY"
    expect_line "$W" "status,,,published"
    expect_no "$W" "need:violence"
    expect_no "$W" "need:mental-health"
    expect_no_small_cells "$W"
    [ "$(sql "SELECT COUNT(*) FROM published WHERE period = '$WEEK' AND grp = ''")" = 1 ] ||
        fail "$BACKEND: the week's publication was not recorded"

    # A late report: the figures stay; it is counted, but one report is
    # one kiosk's day, so its figures wait for two more.
    send "$KEY_A" 4 "$D4" --set sessions=12 --set lang:en=12 --set need:housing=4
    L=$D/week-one-late.csv
    run 0 publish --period "$WEEK" --format csv
    cp "$WORK/out" "$L"
    sed '/^reports,/,$d' "$W" >"$D/figures-first"
    sed '/^reports,/,$d' "$L" >"$D/figures-again"
    cmp -s "$D/figures-first" "$D/figures-again" ||
        fail "$BACKEND: a late report changed the published figures: $(diff "$D/figures-first" "$D/figures-again")"
    expect_line "$L" "reports:late,,,1"
    expect_no "$L" "late:sessions"
    expect_has "$L" "The figures of late reports are shown once at least 3 have arrived"
    send "$KEY_B" 2 "$D4" --set sessions=10 --set lang:fi=10
    send "$KEY_C" 4 "$D4" --set sessions=10 --set lang:en=10
    L=$D/week-again.csv
    run 0 publish --period "$WEEK" --format csv
    cp "$WORK/out" "$L"
    sed '/^late:/,$d' "$L" >"$D/figures-again"
    cmp -s "$D/figures-first" "$D/figures-again" ||
        fail "$BACKEND: late reports changed the published figures: $(diff "$D/figures-first" "$D/figures-again")"
    expect_line "$L" "late:sessions,,,32"
    expect_line "$L" "late:lang:en,,,22"
    expect_line "$L" "late:lang:fi,,,10"
    expect_line "$L" "late:need:housing,,,suppressed"
    expect_line "$L" "reports:late,,,3"
    expect_line "$L" "published,,,$TODAY"
    expect_no_small_cells "$L"
    [ "$(sql "SELECT COUNT(*) FROM published")" = 1 ] ||
        fail "$BACKEND: publishing again recorded another publication"

    # One group: what the whole table hides, with the period's moment.
    Y=$D/youth.csv
    run 0 publish --period "$WEEK" --format csv --group "Youth centre"
    cp "$WORK/out" "$Y"
    expect_line "$Y" "metric,Youth centre,total"
    expect_line "$Y" "sessions,40,40"
    expect_line "$Y" "lang:en,suppressed,suppressed"
    expect_line "$Y" "lang:ar,suppressed,suppressed"
    expect_line "$Y" "need:money,suppressed,suppressed"
    expect_line "$Y" "reports:late,,1"
    expect_no "$Y" "late:sessions"
    expect_no_small_cells "$Y"
    run 0 publish --period "$WEEK" --format csv --group Library
    cp "$WORK/out" "$D/library.csv"
    expect_line "$D/library.csv" "reports:late,,2"
    expect_no "$D/library.csv" "late:sessions"
    [ "$(sql "SELECT COUNT(DISTINCT published_ms) FROM published WHERE period = '$WEEK'")" = 1 ] ||
        fail "$BACKEND: the groups of one period have different moments"
    run 2 publish --period "$WEEK" --format csv --group Nowhere
    expect_err "--group: no kiosk counts for a group \"Nowhere\""

    # The month before last: sensitive needs rounded, for the groups together.
    M=$D/month.csv
    run 0 publish --period "$MONTH" --format csv
    cp "$WORK/out" "$M"
    expect_line "$M" "sessions,60,20,80"
    expect_line "$M" "need:violence,,,50"
    expect_line "$M" "need:mental-health,,,suppressed"
    expect_no_small_cells "$M"

    # JSON and HTML of the same week.
    run 0 publish --period "$WEEK" --format json
    cp "$WORK/out" "$D/week.json"
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$D/week.json" "$WEEK" <<'EOF' || fail "$BACKEND: JSON"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["period"] == sys.argv[2], j["period"]
assert j["groups"] == ["Library", "Youth centre"], j["groups"]
assert j["draft"] is False
rows = {r["metric"]: r for r in j["rows"]}
assert rows["sessions"]["cells"] == {"Library": 69, "Youth centre": 40}, rows["sessions"]
assert rows["sessions"]["total"] == 109
assert rows["lang:ar"]["cells"]["Youth centre"] is None and rows["lang:ar"]["total"] is None
assert "need:violence" not in rows
assert j["late"]["reports"] == 3 and j["late"]["shown"] is True
late = {r["metric"]: r["total"] for r in j["late"]["rows"]}
assert late["sessions"] == 32 and late["need:housing"] is None, late
assert j["reports"] == {"count": 4, "untrusted_clock": 1, "kiosks": 3}, j["reports"]
EOF
    else
        expect_has "$D/week.json" "\"period\": \"$WEEK\""
    fi
    H=$D/week.html
    run 0 publish --period "$WEEK" --format html --out "$H"
    [ -s "$WORK/out" ] && fail "$BACKEND: --out also wrote to stdout"
    head -c 15 "$H" | grep -qF "<!DOCTYPE html>" || fail "$BACKEND: $H is not HTML"
    expect_has "$H" '<meta name="viewport"'
    expect_has "$H" "Late reports"
    expect_has "$H" "Youth centre"
    expect_no "$H" "<script"
    expect_no "$H" "http://"
    expect_no "$H" "https://"
    ls "$D"/week.html.* >/dev/null 2>&1 && fail "$BACKEND: --out left a temporary file"
    run 0 publish --period "$MONTH" --format html --out "$D/month.html"

    # A running period: refused, unless a draft, which freezes nothing.
    run 1 publish --period "$RUNNING_WEEK" --format csv
    expect_err "$RUNNING_WEEK has not ended"
    run 1 publish --period "$NEXT_YEAR_WEEK" --format csv --out "$D/next.csv"
    [ -e "$D/next.csv" ] && fail "$BACKEND: a refused publication wrote --out"
    run 0 publish --period "$RUNNING_WEEK" --format csv --draft
    cp "$WORK/out" "$D/draft.csv"
    # Only the Youth centre reported this week: one group, one comma less.
    expect_line "$D/draft.csv" "metric,Youth centre,total"
    expect_line "$D/draft.csv" "status,,draft"
    expect_no "$D/draft.csv" "reports:late"
    run 0 publish --period "$RUNNING_WEEK" --format html --draft --out "$D/draft.html"
    expect_has "$D/draft.html" "DRAFT"
    [ "$(sql "SELECT COUNT(*) FROM published WHERE period = '$RUNNING_WEEK'")" = 0 ] ||
        fail "$BACKEND: a draft was recorded as published"

    stop_server
}

suite sqlite "$WORK/store.db"

pg_start "$WORK/pg"
case $? in
0) suite postgresql "$PG_URI" ;;
77) ;;
*) fail "PostgreSQL did not start" ;;
esac

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "publish: all passed"
