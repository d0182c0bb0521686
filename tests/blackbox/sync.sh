#!/bin/sh
# The way from a resident's tap to the city's totals, through faults: the
# real kiosk (headless, simulated days) counts and seals, frontdoor-admin
# sync uploads over loopback, a real frontdoor-collector stores, and a
# proxy in between (tests/tools/faulty-proxy.py) drops, loses and lies the
# way field networks do. After each fault the collector's noise-free totals
# must equal the sessions the kiosk was given, and its report count the days.
#   sync.sh KIOSK ADMIN COLLECTOR SOURCE_DIR WORKDIR [postgres]
# With "postgres" the collector stores in a throwaway PostgreSQL server
# (pg.sh; exit 77, skipped, where PostgreSQL is not installed).
set -u
kiosk=$1 admin=$2 collector=$3 src=$4 work=$5 backend=${6:-sqlite}
proxy="$src/tests/tools/faulty-proxy.py"
rm -rf "$work"
mkdir -p "$work"
failures=0 passed=0
pids=""
store_uri=
if [ "$backend" = postgres ]; then
    . "$src/tests/blackbox/pg.sh"
    pg_start "$work/pg"
    rc=$?
    [ $rc -eq 0 ] || exit $rc
    store_uri=$PG_URI
fi
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    [ -z "$store_uri" ] || pg_stop
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); }
bad() {
    echo "FAIL $case: $*"
    failures=$((failures + 1))
}

# wait_line FILE: waits (at most 10 s) for "listening on HOST:PORT" in FILE,
# prints PORT.
wait_port() {
    i=0
    while [ $i -lt 100 ]; do
        port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$1" 2>/dev/null)
        if [ -n "$port" ]; then
            echo "$port"
            return 0
        fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "FAIL: nothing listening (see $1)" >&2
    cat "$1" >&2
    return 1
}

# setup NAME: a fresh kiosk database and a fresh collector store with the
# kiosk registered; starts the collector. Sets W, DB, STORE, CPORT.
setup() {
    case=$1
    W="$work/$1"
    mkdir -p "$W"
    DB="$W/catalogue.db"
    "$admin" init --db "$DB" --sample >/dev/null || bad "init"
    key=$("$admin" status --db "$DB" --config /dev/null | sed -n 's/^public key: //p')
    if [ -n "$store_uri" ]; then
        STORE=$store_uri
        $PG_PSQL -c "DROP TABLE IF EXISTS report, kiosk, published, meta" >/dev/null 2>&1
    else
        STORE="$W/collector.db"
    fi
    "$collector" add-kiosk --store "$STORE" --group centre "$key" >/dev/null || bad "add-kiosk"
    start_collector
    printf '[kiosk]\ntime_zone = Europe/Helsinki\n' >"$W/kiosk.conf"
    use_port "$CPORT"
}

start_collector() {
    # Emptied first: the background job's own redirection may come after
    # wait_port has read the last run's line.
    : >"$W/collector.out"
    "$collector" serve --store "$STORE" --listen 127.0.0.1:0 >"$W/collector.out" 2>"$W/collector.err" &
    CPID=$!
    pids="$pids $CPID"
    CPORT=$(wait_port "$W/collector.out") || exit 1
}

stop_collector() {
    kill "$CPID" 2>/dev/null
    wait "$CPID" 2>/dev/null
}

# use_port PORT: the kiosk's upload goes to 127.0.0.1:PORT.
use_port() {
    printf '[kiosk]\ntime_zone = Europe/Helsinki\n[sync]\ncollector = http://127.0.0.1:%s/\n' \
        "$1" >"$W/sync.conf"
}

# start_proxy MODE COUNT [ARG]: a faulty proxy in front of the collector;
# the kiosk's upload goes through it.
start_proxy() {
    : >"$W/proxy.out"
    python3 "$proxy" "$CPORT" "$@" >"$W/proxy.out" 2>"$W/proxy.err" &
    PPID_=$!
    pids="$pids $PPID_"
    use_port "$(wait_port "$W/proxy.out")" || exit 1
}

stop_proxy() {
    kill "$PPID_" 2>/dev/null
    wait "$PPID_" 2>/dev/null
    use_port "$CPORT"
}

# day_script FIRST_DAY DAYS SESSIONS: a kiosk script giving SESSIONS
# sessions (English, housing, quick exit) on each of DAYS days from
# FIRST_DAY (YYYY-MM-DD), then moving to the next day so the last is sealed.
day_script() {
    d=$1 n=0
    while [ $n -lt "$2" ]; do
        echo "clock ${d}T10:00"
        s=0
        while [ $s -lt "$3" ]; do
            printf 'tap lang:en\ntap category:housing\ntap exit\n'
            s=$((s + 1))
        done
        d=$(date -d "$d + 1 day" +%F)
        n=$((n + 1))
    done
    echo "clock ${d}T10:00"
}

# run_kiosk SCRIPT: the headless kiosk on the case's database, its clock
# starting at the time of the script's first "clock" line.
run_kiosk() {
    "$kiosk" --headless --size 800x480 --db "$DB" --config "$W/kiosk.conf" --shots "$W" \
        --clock "$(sed -n '/^clock /{s/^clock //p;q}' "$1")" \
        --script "$1" >>"$W/kiosk.out" 2>&1 || bad "kiosk script $1 failed: $(tail -3 "$W/kiosk.out")"
}

sync_now() { # [flags]: exit status of the upload
    "$admin" sync --db "$DB" --config "$W/sync.conf" "$@" >>"$W/sync.out" 2>&1
}

sql() {
    if [ -n "$store_uri" ]; then
        $PG_PSQL -c "$1"
    else
        sqlite3 "$STORE" "$1"
    fi
}

# expect_totals SESSIONS REPORTS: the collector holds exactly that.
expect_totals() {
    got=$(sql "SELECT coalesce(sum(m_sessions),0) || ' ' || coalesce(sum(m_need_housing),0) || ' ' ||
               coalesce(sum(m_lang_en),0) || ' ' || coalesce(sum(m_feature_quick_exit),0) || ' ' ||
               count(*) FROM report")
    want="$1 $1 $1 $1 $2"
    if [ "$got" = "$want" ]; then ok; else bad "collector holds '$got' (sessions housing en exit reports), want '$want'"; fi
}

expect_waiting() {
    got=$(sqlite3 "$W/counts.db" "SELECT count(*) FROM report WHERE state = 'waiting'")
    if [ "$got" = "$1" ]; then ok; else bad "$got reports waiting, want $1"; fi
}

expect_status() { # want, then the command's exit status
    if [ "$2" = "$1" ]; then ok; else bad "sync exited $2, want $1: $(tail -3 "$W/sync.out")"; fi
}

# --- the plain way: three days, sent, and sent again changes nothing -------
setup plain
day_script 2026-12-01 3 2 >"$W/days.script"
run_kiosk "$W/days.script"
expect_waiting 3
sync_now; expect_status 0 $?
expect_totals 6 3
expect_waiting 0
sqlite3 "$W/counts.db" "UPDATE report SET state = 'waiting'"
sync_now; expect_status 0 $?
expect_totals 6 3
# The collector's Date was kept for a clock that cannot be trusted.
[ -n "$(sqlite3 "$W/counts.db" "SELECT value FROM meta WHERE key = 'clock_offset_ms'")" ] && ok ||
    bad "no clock offset kept"
"$admin" status --db "$DB" --config "$W/sync.conf" >"$W/status.out"
grep -q "^reports sent: 3$" "$W/status.out" && grep -q "^last successful upload: 20" "$W/status.out" &&
    ok || bad "status: $(cat "$W/status.out")"
stop_collector

# --- the kiosk sends by itself once a day is sealed ----------------------------
setup by-itself
cp "$W/sync.conf" "$W/kiosk.conf"
day_script 2026-12-01 1 2 >"$W/days.script"
run_kiosk "$W/days.script"
i=0
while [ $i -lt 100 ] && [ "$(sql "SELECT count(*) FROM report")" != 1 ]; do
    sleep 0.1
    i=$((i + 1))
done
expect_totals 2 1
stop_collector

# --- HTTPS, with the collector's certificate pinned ------------------------------
# The kiosk trusts the CA file of [sync] and no other: the right one goes
# through, another (a certificate made elsewhere) is refused.
setup https
cat >"$W/cert.cfg" <<EOF
cn = "frontdoor collector test"
ip_address = "127.0.0.1"
expiration_days = 2
tls_www_server
signing_key
encryption_key
EOF
for name in cert other; do
    certtool --generate-privkey --key-type ecdsa --outfile "$W/$name-key.pem" 2>/dev/null &&
        certtool --generate-self-signed --load-privkey "$W/$name-key.pem" \
            --template "$W/cert.cfg" --outfile "$W/$name.pem" >/dev/null 2>&1 ||
        bad "certtool could not make a certificate"
done
stop_collector
: >"$W/collector.out"
"$collector" serve --store "$STORE" --listen 127.0.0.1:0 --cert "$W/cert.pem" \
    --key "$W/cert-key.pem" >"$W/collector.out" 2>"$W/collector.err" &
CPID=$!
pids="$pids $CPID"
CPORT=$(wait_port "$W/collector.out") || exit 1
day_script 2026-12-01 1 2 >"$W/days.script"
run_kiosk "$W/days.script"
printf '[sync]\ncollector = https://127.0.0.1:%s/\nca_file = %s\n' "$CPORT" "$W/other.pem" >"$W/sync.conf"
sync_now; expect_status 1 $?
expect_totals 0 0
grep -q "certificate verification failed" "$W/sync.out" && ok || bad "not refused for its certificate"
printf '[sync]\ncollector = https://127.0.0.1:%s/\nca_file = %s\n' "$CPORT" "$W/cert.pem" >"$W/sync.conf"
sync_now; expect_status 0 $?
expect_totals 2 1
stop_collector

# --- the collector is down ---------------------------------------------------
setup down
day_script 2026-12-01 2 1 >"$W/days.script"
run_kiosk "$W/days.script"
stop_collector
sync_now; expect_status 1 $?
expect_waiting 2
grep -q "no answer" "$W/sync.out" && ok || bad "no word of the failure: $(cat "$W/sync.out")"
# The next try waits; by hand it goes at once.
sync_now --if-due; expect_status 0 $?
grep -q "not due yet" "$W/sync.out" && ok || bad "--if-due did not wait"
"$admin" status --db "$DB" --config "$W/sync.conf" | grep -q "last upload failed" && ok ||
    bad "status does not show the failure"
start_collector
use_port "$CPORT"
sync_now; expect_status 0 $?
expect_totals 2 2
stop_collector

# --- a connection dropped in the middle of the body -------------------------
setup cut
day_script 2026-12-01 3 1 >"$W/days.script"
run_kiosk "$W/days.script"
start_proxy cut-request 1 300
sync_now; expect_status 1 $?
expect_totals 0 0
sync_now; expect_status 0 $?
expect_totals 3 3
stop_proxy
stop_collector

# --- the answer lost after the collector committed ---------------------------
setup lost
day_script 2026-12-01 3 1 >"$W/days.script"
run_kiosk "$W/days.script"
start_proxy lose-response 2
sync_now; expect_status 1 $?
expect_totals 1 1
expect_waiting 3
sync_now; expect_status 1 $?
sync_now; expect_status 0 $?
expect_totals 3 3
expect_waiting 0
stop_proxy
stop_collector

# --- the collector restored from an older backup ------------------------------
# It loses the reports it took after the backup; at the next upload the
# kiosk asks how far the collector holds them and sends the rest again.
setup collector-restored
day_script 2026-12-01 1 2 >"$W/a.script"
run_kiosk "$W/a.script"
sync_now; expect_status 0 $?
stop_collector
if [ -n "$store_uri" ]; then
    sql "CREATE TABLE report_backup AS SELECT * FROM report" >/dev/null
else
    cp "$STORE" "$W/backup.db"
fi
start_collector
use_port "$CPORT"
day_script 2026-12-02 2 3 >"$W/b.script"
run_kiosk "$W/b.script"
sync_now; expect_status 0 $?
expect_totals 8 3
stop_collector
if [ -n "$store_uri" ]; then
    sql "DELETE FROM report; INSERT INTO report SELECT * FROM report_backup; DROP TABLE report_backup" >/dev/null
else
    rm -f "$STORE-wal" "$STORE-shm"
    cp "$W/backup.db" "$STORE"
fi
start_collector
use_port "$CPORT"
expect_totals 2 1
day_script 2026-12-04 1 1 >"$W/c.script"
run_kiosk "$W/c.script"
sync_now; expect_status 0 $?
expect_totals 9 4
grep -q "sending the rest again" "$W/sync.out" && ok || bad "no word of the lost reports"
stop_collector

# --- 429 and 503 with Retry-After -------------------------------------------
for code in 429 503; do
    setup "busy-$code"
    day_script 2026-12-01 2 1 >"$W/days.script"
    run_kiosk "$W/days.script"
    start_proxy status 1 "$code:3600"
    before=$(date +%s)
    sync_now; expect_status 1 $?
    next=$(sqlite3 "$W/counts.db" "SELECT value / 1000 FROM meta WHERE key = 'next_try_ms'")
    if [ "$next" -ge $((before + 3600)) ]; then ok; else bad "next try at $next, not after Retry-After"; fi
    sync_now --if-due; expect_status 0 $?
    expect_waiting 2
    sync_now; expect_status 0 $?
    expect_totals 2 2
    stop_proxy
    stop_collector
done

# --- a captive portal answers 200 with a page --------------------------------
setup portal
day_script 2026-12-01 2 1 >"$W/days.script"
run_kiosk "$W/days.script"
start_proxy portal 5
sync_now; expect_status 1 $?
expect_waiting 2
grep -q "without an acknowledgement" "$W/sync.out" && ok || bad "the portal's 200 was taken"
stop_proxy
sync_now; expect_status 0 $?
expect_totals 2 2
stop_collector

# --- the kiosk's clock at 1970, then set back --------------------------------
# Untrusted, a day lasts 24 hours of running; then the clock is set, and
# later set back two days: each change of date ends the open day.
setup clock
session='tap lang:en
tap category:housing
tap exit'
cat >"$W/days.script" <<EOF
clock 1970-01-01T10:00
clock-trusted no
$session
$session
wait 86400
$session
clock-trusted yes
clock 2026-12-10T10:00
$session
$session
clock 2026-12-08T10:00
$session
clock 2026-12-09T10:00
EOF
run_kiosk "$W/days.script"
sync_now; expect_status 0 $?
expect_totals 6 4
got=$(sql "SELECT day || ':' || clock_trusted FROM report ORDER BY seq" | tr '\n' ' ')
case "$got" in
"1970-01-01:0 1970-01-02:0 2026-12-10:1 2026-12-08:1 ") ok ;;
*) bad "days as labelled: $got" ;;
esac
stop_collector

# --- two uploads at once: one waits for the other ----------------------------
setup twice
day_script 2026-12-01 20 1 >"$W/days.script"
run_kiosk "$W/days.script"
sync_now &
first=$!
sync_now
second=$?
wait $first
expect_totals 20 20
expect_waiting 0
stop_collector

# --- the kiosk's card restored from an older copy: the 409 rule --------------
session5=$(i=0; while [ $i -lt 5 ]; do printf 'tap lang:en\ntap category:housing\ntap exit\n'; i=$((i + 1)); done)
# a) The copy holds an open day that the collector already has with more
#    sessions in it: sealed at the next start, covered, dropped.
setup restore-drop
printf 'clock 2026-12-01T10:00\n%s\n' "$session5" >"$W/a.script"
run_kiosk "$W/a.script"
cp "$W/counts.db" "$W/counts.db.old"
printf 'clock 2026-12-01T12:00\n%s\nclock 2026-12-02T10:00\n' "$session5" >"$W/b.script"
run_kiosk "$W/b.script"
sync_now; expect_status 0 $?
expect_totals 10 1
cp "$W/counts.db.old" "$W/counts.db"
printf 'clock 2026-12-02T10:00\n' >"$W/c.script"
run_kiosk "$W/c.script"
sync_now; expect_status 0 $?
expect_totals 10 1
got=$(sqlite3 "$W/counts.db" "SELECT state FROM report")
[ "$got" = "dropped" ] && ok || bad "the restored report is '$got', not dropped"
stop_collector

# b) The copy is older than reports that were sent: what it seals next
#    collides with them, so it moves to a new instance and nothing is lost.
setup restore-renumber
day_script 2026-12-01 1 5 >"$W/a.script"
run_kiosk "$W/a.script"
cp "$W/counts.db" "$W/counts.db.old"
day_script 2026-12-02 1 3 >"$W/b.script"
run_kiosk "$W/b.script"
sync_now; expect_status 0 $?
expect_totals 8 2
cp "$W/counts.db.old" "$W/counts.db"
day_script 2026-12-03 1 4 >"$W/c.script"
run_kiosk "$W/c.script"
sync_now; expect_status 0 $?
expect_totals 12 3
got=$(sql "SELECT count(DISTINCT instance_id) FROM report")
[ "$got" = "2" ] && ok || bad "$got instances, want 2"
stop_collector

# --- kill -9 of the kiosk while it counts ------------------------------------
# Seven sessions: five were written, two only in memory are lost, as
# designed; nothing is counted twice after the restart.
setup kill-kiosk
mkfifo "$W/in"
{
    echo "clock 2026-12-01T10:00"
    i=0; while [ $i -lt 7 ]; do printf 'tap lang:en\ntap category:housing\ntap exit\n'; i=$((i + 1)); done
    echo "pause"
} >"$W/a.script"
"$kiosk" --headless --size 800x480 --db "$DB" --config "$W/kiosk.conf" --shots "$W" \
    --clock 2026-12-01T10:00 --script "$W/a.script" <"$W/in" >"$W/kiosk.out" 2>&1 &
kpid=$!
exec 9>"$W/in"
i=0; while [ $i -lt 100 ] && ! grep -q paused "$W/kiosk.out"; do sleep 0.1; i=$((i + 1)); done
kill -9 $kpid
wait $kpid 2>/dev/null
exec 9>&-
day_script 2026-12-01 1 3 >"$W/b.script"
run_kiosk "$W/b.script"
sync_now; expect_status 0 $?
expect_totals 8 1
stop_collector

# --- the timer's upload seals the day a kiosk left open -----------------------
# Five sessions written on a day long past, and the kiosk stopped before the
# day ended: frontdoor-admin sync (frontdoor-sync.timer) seals and sends it.
setup stopped-kiosk
day_script 2025-06-02 1 5 | sed '$d' >"$W/a.script"
run_kiosk "$W/a.script"
expect_waiting 0
sync_now --if-due; expect_status 0 $?
grep -q "sealed 1 report" "$W/sync.out" && ok || bad "sync: $(cat "$W/sync.out")"
expect_totals 5 1
stop_collector

# --- kill -9 of the sealing, again and again ---------------------------------
# Five sessions a day, so memory is empty when a day is sealed: whatever
# moment the kill comes, the file is sound, the numbers have no gap and
# every report holds exactly five sessions (a start may seal the day a kill
# interrupted, at boot; the script then gives that day again).
setup kill-seal
day_script 2026-12-01 40 5 >"$W/a.script"
n=0
while [ $n -lt 6 ]; do
    "$kiosk" --headless --size 800x480 --db "$DB" --config "$W/kiosk.conf" --shots "$W" \
        --clock 2026-12-01T10:00 --script "$W/a.script" >/dev/null 2>&1 &
    kpid=$!
    sleep "0.$((3 + n))"
    kill -9 $kpid 2>/dev/null
    wait $kpid 2>/dev/null
    n=$((n + 1))
done
check=$(sqlite3 "$W/counts.db" "PRAGMA integrity_check")
[ "$check" = "ok" ] && ok || bad "integrity: $check"
gaps=$(sqlite3 "$W/counts.db" "SELECT count(*) - coalesce(max(seq), 0) FROM report")
[ "$gaps" = "0" ] && ok || bad "seq has gaps"
odd=$(sqlite3 "$W/counts.db" "SELECT count(*) FROM report WHERE json_extract(body, '$.metrics.sessions') != 5")
[ "$odd" = "0" ] && ok || bad "$odd reports without exactly five sessions"
reports=$(sqlite3 "$W/counts.db" "SELECT count(*) FROM report")
[ "$reports" -gt 0 ] && ok || bad "no report sealed before the kills"
# The kiosk is not running: the upload first seals the day the last kill
# left open, if it had its five sessions written.
sync_now; expect_status 0 $?
left=$(sqlite3 "$W/counts.db" "SELECT count(*) FROM report")
[ "$left" -eq "$reports" ] || [ "$left" -eq $((reports + 1)) ] && ok ||
    bad "$left reports after the upload, $reports before"
reports=$left
odd=$(sqlite3 "$W/counts.db" "SELECT count(*) FROM report WHERE json_extract(body, '$.metrics.sessions') != 5")
[ "$odd" = "0" ] && ok || bad "$odd reports without exactly five sessions"
expect_totals $((reports * 5)) "$reports"

# --- kill -9 of the upload, again and again ----------------------------------
sqlite3 "$W/counts.db" "UPDATE report SET state = 'waiting'"
sql "DELETE FROM report" >/dev/null
n=0
while [ $n -lt 8 ]; do
    "$admin" sync --db "$DB" --config "$W/sync.conf" >/dev/null 2>&1 &
    spid=$!
    sleep "0.0$((n + 1))"
    kill -9 $spid 2>/dev/null
    wait $spid 2>/dev/null
    n=$((n + 1))
done
sync_now; expect_status 0 $?
expect_totals $((reports * 5)) "$reports"
stop_collector

# --- 400 days of backlog -----------------------------------------------------
setup backlog
day_script 2025-10-01 400 1 >"$W/days.script"
run_kiosk "$W/days.script"
expect_waiting 400
sync_now; expect_status 0 $?
expect_totals 400 400
stop_collector

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
