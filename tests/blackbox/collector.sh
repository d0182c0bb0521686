#!/bin/bash
# collector.sh COLLECTOR REPORT_TOOL WORKDIR: frontdoor-collector run as a
# process on loopback, with curl as the kiosk, on SQLite and then on a real
# PostgreSQL server started for the test (pg.sh; that half is skipped with a
# visible SKIP when PostgreSQL is not installed).
#
# On each store: a report is stored (201), sent again (200), sent changed
# under the same seq (409, original kept); every bad input is refused with
# its status and a message naming the field, and changes nothing in the
# store; the per-day limit answers 429 with Retry-After; GET tells how far
# an instance is stored without a gap; the same report sent twice at once
# makes one row. Once: the command line's errors, plain HTTP refused off
# loopback, HTTPS with a certificate made here by certtool.
#
# Every curl has --max-time, every server is stopped by the EXIT trap, and
# nothing listens anywhere but 127.0.0.1.
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

for tool in curl sqlite3 sha256sum; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "collector.sh: needs $tool (scripts/deps)" >&2
        exit 1
    fi
done

# --- helpers ------------------------------------------------------------------

expect_out() {
    grep -qF -- "$1" "$WORK/out" || fail "stdout lacks '$1'; it was: $(cat "$WORK/out")"
}

# make_report FILE KEY SEQ DAY [OPTION...]: a report body of KEY's kiosk.
make_report() {
    file=$1 key=$2 seq=$3 day=$4
    shift 4
    "$TOOL" make "$key" --instance "$INST" --seq "$seq" --day "$day" "$@" >"$file" ||
        fail "report-tool make $*"
}
sign() {
    "$TOOL" sign "$1" "$2"
}

# put KIOSK INSTANCE SEQ BODYFILE [SIGNATURE]: PUT; sets CODE, the reply's
# body in $WORK/resp and its headers in $WORK/headers.
put() {
    sig_header=()
    if [ $# -ge 5 ]; then
        sig_header=(-H "Frontdoor-Signature: $5")
    fi
    CODE=$(curl -sS --max-time 10 -X PUT "${sig_header[@]}" -H "Content-Type: application/json" \
        --data-binary @"$4" -D "$WORK/headers" -o "$WORK/resp" -w '%{http_code}' \
        "$SCHEME://$ADDR/v1/reports/$1/$2/$3")
}
get() {
    CODE=$(curl -sS --max-time 10 -D "$WORK/headers" -o "$WORK/resp" -w '%{http_code}' \
        "$SCHEME://$ADDR$1")
}
expect_code() {
    [ "$CODE" = "$1" ] || fail "$2: HTTP $CODE, expected $1; body: $(cat "$WORK/resp")"
}
expect_resp() {
    grep -qF -- "$1" "$WORK/resp" || fail "$2: reply lacks '$1'; it was: $(cat "$WORK/resp")"
}
expect_header() {
    grep -qi -- "^$1" "$WORK/headers" || fail "$2: no header '$1'; headers: $(cat "$WORK/headers")"
}

# sql QUERY: one value from the store under test.
sql() {
    if [ "$BACKEND" = sqlite ]; then
        sqlite3 "$STORE" "$1"
    else
        pg_sql "$1"
    fi
}
# What the report table holds, in one line: rows, sum of sessions, sum of seq.
fingerprint() {
    sql "SELECT COUNT(*) || ':' || COALESCE(SUM(m_sessions), 0) || ':' || COALESCE(SUM(seq), 0) FROM report"
}

# --- the command line (SQLite, once) -----------------------------------------

DB=$WORK/cli.db
KEY_A=$WORK/a.key
KIOSK_A=$("$TOOL" keygen "$KEY_A") || fail "keygen"
KEY_B=$WORK/b.key
KIOSK_B=$("$TOOL" keygen "$KEY_B")
KEY_U=$WORK/unregistered.key
KIOSK_U=$("$TOOL" keygen "$KEY_U")
KEY_R=$WORK/revoked.key
KIOSK_R=$("$TOOL" keygen "$KEY_R")

for help in --help help -h; do
    run 0 "$COLLECTOR" $help
    for cmd in add-kiosk revoke list serve; do
        expect_out "  $cmd"
    done
done
run 0 "$COLLECTOR" --version
expect_out "frontdoor-collector "
run 0 "$COLLECTOR" serve --help
expect_out "usage: frontdoor-collector serve --store URI --listen HOST:PORT"
run 2 "$COLLECTOR"
expect_err "missing COMMAND"
run 2 "$COLLECTOR" frobnicate
expect_err "unknown command 'frobnicate'"
run 2 "$COLLECTOR" add-kiosk --group g "$KIOSK_A"
expect_err "missing --store URI"
run 2 "$COLLECTOR" add-kiosk --store "$DB" "$KIOSK_A"
expect_err "missing --group GROUP"
run 2 "$COLLECTOR" add-kiosk --store "$DB" --group g
expect_err "missing PUBLIC_KEY_HEX"
run 2 "$COLLECTOR" add-kiosk --store "$DB" --group g --bogus "$KIOSK_A"
expect_err "unknown option '--bogus'"
run 2 "$COLLECTOR" add-kiosk --store "$DB" --group g --store x "$KIOSK_A"
expect_err "--store given twice"
run 2 "$COLLECTOR" add-kiosk --store "$DB" --group
expect_err "--group needs a GROUP"
run 2 "$COLLECTOR" list --store "$DB" extra
expect_err "unexpected argument 'extra'"
run 1 "$COLLECTOR" add-kiosk --store "$DB" --group g abc
expect_err "'abc': not a public key of 64 hex digits"
run 1 "$COLLECTOR" add-kiosk --store "$DB" --group g "${KIOSK_A%?}x"
expect_err "not a public key of 64 hex digits"
run 1 "$COLLECTOR" add-kiosk --store "$DB" --group " padded" "$KIOSK_A"
expect_err "--group ' padded': not 1 to 64 characters"
run 1 "$COLLECTOR" list --store "$DB"
expect_err "no such store"
[ ! -e "$DB" ] || fail "list created $DB"
run 1 "$COLLECTOR" list --store "$WORK/no/such/dir/x.db"
expect_err "no such store"
run 1 "$COLLECTOR" add-kiosk --store "$WORK/no/such/dir/x.db" --group g "$KIOSK_A"
expect_err "--store: "
expect_err "cannot open the database"

run 0 "$COLLECTOR" add-kiosk --store "$DB" --group north "$KIOSK_A"
expect_out "kiosk $KIOSK_A added to group 'north'"
# Upper-case hex is the same kiosk.
run 0 "$COLLECTOR" add-kiosk --store "$DB" --group north "$(echo "$KIOSK_A" | tr a-f A-F)"
expect_out "already registered in group 'north'; nothing changed"
run 1 "$COLLECTOR" add-kiosk --store "$DB" --group south "$KIOSK_A"
expect_err "already registered in group 'north'; nothing changed (--move moves it to 'south')"
[ "$(sqlite3 "$DB" "SELECT grp FROM kiosk")" = north ] || fail "re-adding changed the group"
run 0 "$COLLECTOR" add-kiosk --store "$DB" --group south --move "$KIOSK_A"
expect_out "moved to group 'south'"
run 0 "$COLLECTOR" revoke --store "$DB" "$KIOSK_A"
expect_out "revoked"
run 0 "$COLLECTOR" revoke --store "$DB" "$KIOSK_A"
expect_out "was already revoked; nothing changed"
run 1 "$COLLECTOR" revoke --store "$DB" "$KIOSK_U"
expect_err "no kiosk registered with this key"
run 0 "$COLLECTOR" list --store "$DB"
expect_out "kiosk_id"
expect_out "$KIOSK_A  south"
grep -q "$KIOSK_A  south  *yes  *0  -" "$WORK/out" || fail "list: $(cat "$WORK/out")"

# serve's options.
run 2 "$COLLECTOR" serve --store "$DB"
expect_err "missing --listen HOST:PORT"
for bad in "127.0.0.1" "127.0.0.1:" "127.0.0.1:70000" "127.0.0.1:-1" "127.0.0.1:8x" \
    "::1:80" "[::1]80" "example.org:80" "300.1.1.1:80"; do
    run 1 "$COLLECTOR" serve --store "$DB" --listen "$bad"
    expect_err "--listen '$bad': "
done
run 2 "$COLLECTOR" serve --store "$DB" --listen 127.0.0.1:0 --timeout 0
expect_err "--timeout '0': not a whole number from 1 to 3600"
run 2 "$COLLECTOR" serve --store "$DB" --listen 127.0.0.1:0 --max-connections x
expect_err "--max-connections 'x': not a whole number"
run 2 "$COLLECTOR" serve --store "$DB" --listen 127.0.0.1:0 --max-reports-per-day -5
expect_err "--max-reports-per-day '-5': not a whole number"
run 2 "$COLLECTOR" serve --store "$DB" --listen 127.0.0.1:0 --cert "$WORK/x.pem"
expect_err "give both --cert FILE and --key FILE"
# Plain HTTP off loopback is refused before anything listens.
for addr in 0.0.0.0:0 192.0.2.1:0 "[::]:0"; do
    run 1 "$COLLECTOR" serve --store "$DB" --listen "$addr"
    expect_err "not a loopback address; plain HTTP is served on 127.0.0.1, ::1 or localhost only"
done
run 1 "$COLLECTOR" serve --store "$DB" --listen 127.0.0.1:0 --cert "$WORK/none.pem" \
    --key "$WORK/none.pem"
expect_err "--cert $WORK/none.pem: No such file or directory"
echo "not a key" >"$WORK/junk.pem"
run 1 "$COLLECTOR" serve --store "$DB" --listen 127.0.0.1:0 --cert "$WORK/junk.pem" \
    --key "$WORK/junk.pem"
expect_err "--cert $WORK/junk.pem: not a PEM file"
# A port in use.
start_server "$DB"
run 1 "$COLLECTOR" serve --store "$DB" --listen "$ADDR"
expect_err "--listen $ADDR: cannot bind: Address already in use"
stop_server

# --- HTTPS with a certificate made here ----------------------------------------

if command -v certtool >/dev/null 2>&1; then
    cat >"$WORK/cert.cfg" <<EOF
cn = "frontdoor collector test"
ip_address = "127.0.0.1"
dns_name = "localhost"
expiration_days = 2
tls_www_server
signing_key
encryption_key
EOF
    certtool --generate-privkey --key-type ecdsa --outfile "$WORK/key.pem" 2>/dev/null &&
        certtool --generate-self-signed --load-privkey "$WORK/key.pem" \
            --template "$WORK/cert.cfg" --outfile "$WORK/cert.pem" >/dev/null 2>&1 ||
        fail "certtool could not make a certificate"
    "$COLLECTOR" add-kiosk --store "$WORK/tls.db" --group g "$KIOSK_B" >/dev/null
    INST=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    make_report "$WORK/tls.json" "$KEY_B" 1 2026-12-01 --set sessions=3
    start_server "$WORK/tls.db" --cert "$WORK/cert.pem" --key "$WORK/key.pem"
    SCHEME=https
    CODE=$(curl -sS --max-time 10 --cacert "$WORK/cert.pem" -X PUT \
        -H "Frontdoor-Signature: $(sign "$KEY_B" "$WORK/tls.json")" \
        --data-binary @"$WORK/tls.json" -o "$WORK/resp" -w '%{http_code}' \
        "https://$ADDR/v1/reports/$KIOSK_B/$INST/1")
    expect_code 201 "HTTPS PUT"
    # Without the certificate curl must not trust it; plain HTTP gets nothing.
    curl -sS --max-time 10 -o /dev/null "https://$ADDR/v1/reports/$KIOSK_B/$INST" 2>/dev/null &&
        fail "curl trusted a self-signed certificate it was not given"
    code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' \
        "http://$ADDR/v1/reports/$KIOSK_B/$INST" 2>/dev/null)
    [ "$code" = 000 ] || [ "$code" = 400 ] || fail "plain HTTP to the HTTPS port: $code"
    stop_server
    [ "$(sqlite3 "$WORK/tls.db" "SELECT COUNT(*) FROM report")" = 1 ] || fail "HTTPS: no row"
else
    echo "SKIP: certtool not installed: HTTPS not tested"
fi

# --- the wire protocol, on one store ------------------------------------------

# suite BACKEND STORE: the whole protocol against a fresh store.
suite() {
    BACKEND=$1
    STORE=$2
    SCHEME=http
    : >"$WORK/serve.err"
    echo "--- $BACKEND"
    "$COLLECTOR" add-kiosk --store "$STORE" --group north "$KIOSK_A" >/dev/null ||
        fail "$BACKEND: add-kiosk A"
    "$COLLECTOR" add-kiosk --store "$STORE" --group south "$KIOSK_B" >/dev/null ||
        fail "$BACKEND: add-kiosk B"
    "$COLLECTOR" add-kiosk --store "$STORE" --group north "$KIOSK_R" >/dev/null ||
        fail "$BACKEND: add-kiosk R"
    "$COLLECTOR" revoke --store "$STORE" "$KIOSK_R" >/dev/null || fail "$BACKEND: revoke R"
    start_server "$STORE" || return

    # Stored, replayed, conflicting.
    INST=0123456789abcdef0123456789abcdef
    make_report "$WORK/r1.json" "$KEY_A" 1 2026-12-02 --set sessions=41 --set need:housing=9
    SIG1=$(sign "$KEY_A" "$WORK/r1.json")
    DIGEST="sha256:$(sha256sum "$WORK/r1.json" | cut -d' ' -f1)"
    put "$KIOSK_A" "$INST" 1 "$WORK/r1.json" "$SIG1"
    expect_code 201 "$BACKEND: first PUT"
    expect_resp "{\"kiosk_id\":\"$KIOSK_A\",\"instance_id\":\"$INST\",\"seq\":1,\"digest\":\"$DIGEST\"}" \
        "$BACKEND: first PUT"
    expect_header "Content-Type: application/json" "$BACKEND: first PUT"
    expect_header "Date: " "$BACKEND: first PUT"
    [ "$(sql "SELECT grp || ' ' || m_sessions || ' ' || m_need_housing || ' ' || day || ' ' || clock_trusted || ' ' || digest FROM report")" = \
        "north 41 9 2026-12-02 1 $DIGEST" ] || fail "$BACKEND: the stored row: $(sql "SELECT * FROM report")"
    cp "$WORK/resp" "$WORK/resp.first"
    put "$KIOSK_A" "$INST" 1 "$WORK/r1.json" "$SIG1"
    expect_code 200 "$BACKEND: replay"
    cmp -s "$WORK/resp" "$WORK/resp.first" || fail "$BACKEND: replay's body differs"
    make_report "$WORK/r1b.json" "$KEY_A" 1 2026-12-02 --set sessions=40
    put "$KIOSK_A" "$INST" 1 "$WORK/r1b.json" "$(sign "$KEY_A" "$WORK/r1b.json")"
    expect_code 409 "$BACKEND: changed report, same seq"
    expect_resp '"error":"seq: 1 of this instance is stored already with a different body; the stored one is kept"' \
        "$BACKEND: 409"
    expect_resp '"stored":{"sessions":41,"lang:en":0,' "$BACKEND: 409"
    expect_resp '"need:housing":9,' "$BACKEND: 409"
    expect_resp "\"digest\":\"$DIGEST\"}" "$BACKEND: 409"
    [ "$(fingerprint)" = "1:41:1" ] || fail "$BACKEND: 409 changed the store: $(fingerprint)"

    # Bad input: each refused with its status and message, and nothing stored.
    before=$(fingerprint)
    OTHER=fedcba9876543210fedcba9876543210
    make_report "$WORK/good2.json" "$KEY_A" 2 2026-12-02 --set sessions=1000
    GOOD2_SIG=$(sign "$KEY_A" "$WORK/good2.json")
    make_report "$WORK/u.json" "$KEY_U" 2 2026-12-02 --set sessions=1000
    make_report "$WORK/rv.json" "$KEY_R" 2 2026-12-02 --set sessions=1000
    "$TOOL" make "$KEY_A" --kiosk "$KIOSK_B" --instance "$INST" --seq 2 --day 2026-12-02 \
        --set sessions=1000 >"$WORK/kid.json"
    make_report "$WORK/seq.json" "$KEY_A" 3 2026-12-02 --set sessions=1000
    "$TOOL" make "$KEY_A" --instance "$OTHER" --seq 2 --day 2026-12-02 --set sessions=1000 \
        >"$WORK/inst.json"
    head -c 70000 /dev/zero | tr '\0' ' ' >"$WORK/big.json"
    printf '{"v":1,' >"$WORK/malformed.json"
    make_report "$WORK/neg.json" "$KEY_A" 2 2026-12-02 --set sessions=-1
    sed 's/"lang:en":0,//' "$WORK/good2.json" >"$WORK/missing.json"
    sed 's/"lang:en":0,/"lang:en":0,"lang:xx":0,/' "$WORK/good2.json" >"$WORK/unknown.json"
    sed 's/"sessions":1000/"sessions":1.5/' "$WORK/good2.json" >"$WORK/float.json"
    sed 's/"sessions":1000/"sessions":"1000"/' "$WORK/good2.json" >"$WORK/string.json"
    sed 's/"day":"2026-12-02"/"day":"2026-02-30"/' "$WORK/good2.json" >"$WORK/day.json"
    sed 's/"v":1,/"v":2,/' "$WORK/good2.json" >"$WORK/version.json"
    # name | status | kiosk | instance | seq | body | signing key (- none, bad: another's) | message
    while IFS='|' read -r name want kiosk inst seq body key msg; do
        [ -n "$name" ] || continue
        case $key in
        -) sig=() ;;
        *) sig=("$(sign "$WORK/$key" "$WORK/$body")") ;;
        esac
        put "$(eval echo "$kiosk")" "$(eval echo "$inst")" "$seq" "$WORK/$body" "${sig[@]}"
        expect_code "$want" "$BACKEND: $name"
        expect_resp "{\"error\":\"$msg" "$BACKEND: $name"
        expect_header "Content-Type: application/json" "$BACKEND: $name"
        [ "$(fingerprint)" = "$before" ] || fail "$BACKEND: $name changed the store"
        grep -qF "$want $msg" "$WORK/serve.err" || fail "$BACKEND: $name: not logged"
    done <<'EOF'
unknown kiosk|401|$KIOSK_U|$INST|2|u.json|unregistered.key|kiosk_id: no kiosk registered with this key
bad signature|401|$KIOSK_A|$INST|2|good2.json|b.key|Frontdoor-Signature: not this kiosk's signature of this body
missing signature|401|$KIOSK_A|$INST|2|good2.json|-|Frontdoor-Signature: missing
revoked kiosk|403|$KIOSK_R|$INST|2|rv.json|revoked.key|kiosk_id: this kiosk is revoked
kiosk_id not the URL's|400|$KIOSK_A|$INST|2|kid.json|a.key|kiosk_id: the body's is not the path's
instance_id not the URL's|400|$KIOSK_A|$INST|2|inst.json|a.key|instance_id: the body's is not the path's
seq not the URL's|400|$KIOSK_A|$INST|2|seq.json|a.key|seq: the body's 3 is not the path's 2
oversized|413|$KIOSK_A|$INST|2|big.json|a.key|body: more than 65536 bytes
malformed JSON|400|$KIOSK_A|$INST|2|malformed.json|a.key|body: line 1 column
unknown version|400|$KIOSK_A|$INST|2|version.json|a.key|v: not version 1
impossible day|400|$KIOSK_A|$INST|2|day.json|a.key|day: '2026-02-30' is not a date
negative count|422|$KIOSK_A|$INST|2|neg.json|a.key|metrics.sessions: not a whole number from 0 to 100000
missing metric|422|$KIOSK_A|$INST|2|missing.json|a.key|metrics.lang:en: missing
unknown metric|422|$KIOSK_A|$INST|2|unknown.json|a.key|metrics.lang:xx: no such metric in version 1
non-integer count|422|$KIOSK_A|$INST|2|float.json|a.key|metrics.sessions: not a whole number
string count|422|$KIOSK_A|$INST|2|string.json|a.key|metrics.sessions: not a whole number
seq 0 in the URL|400|$KIOSK_A|$INST|0|good2.json|a.key|path seq: not a whole number from 1
seq with a sign|400|$KIOSK_A|$INST|+2|good2.json|a.key|path seq: not a whole number from 1
seq too large|400|$KIOSK_A|$INST|99999999999999999999|good2.json|a.key|path seq: not a whole number from 1
upper-case kiosk id|400|ABCDEF|$INST|2|good2.json|a.key|path kiosk_id: not 64 lower-case hex digits
short instance id|400|$KIOSK_A|abc|2|good2.json|a.key|path instance_id: not 32 lower-case hex digits
EOF
    grep -q '"sessions":1000\|{"v"' "$WORK/serve.err" && fail "$BACKEND: a body went to the log"

    # Routes and methods.
    get /
    expect_code 404 "$BACKEND: GET /"
    expect_resp '{"error":"path: no such resource' "$BACKEND: GET /"
    get "/v1/reports/$KIOSK_A/$INST/1/extra"
    expect_code 404 "$BACKEND: a path too long"
    get "/v1/reports/$KIOSK_A/$INST/1"
    expect_code 405 "$BACKEND: GET a report"
    expect_header "Allow: PUT" "$BACKEND: GET a report"
    CODE=$(curl -sS --max-time 10 -X DELETE -o "$WORK/resp" -w '%{http_code}' \
        "http://$ADDR/v1/reports/$KIOSK_A/$INST")
    expect_code 405 "$BACKEND: DELETE an instance"

    # The good report the table's rows were made from still goes in.
    put "$KIOSK_A" "$INST" 2 "$WORK/good2.json" "$GOOD2_SIG"
    expect_code 201 "$BACKEND: seq 2 after the bad ones"

    # GET upto: seq 1, 2 and 4 stored: 2. Unknown instance: 0.
    make_report "$WORK/r4.json" "$KEY_A" 4 2026-12-04
    put "$KIOSK_A" "$INST" 4 "$WORK/r4.json" "$(sign "$KEY_A" "$WORK/r4.json")"
    expect_code 201 "$BACKEND: seq 4"
    get "/v1/reports/$KIOSK_A/$INST"
    expect_code 200 "$BACKEND: GET upto"
    expect_resp "{\"kiosk_id\":\"$KIOSK_A\",\"instance_id\":\"$INST\",\"upto\":2}" "$BACKEND: upto"
    make_report "$WORK/r3.json" "$KEY_A" 3 2026-12-03
    put "$KIOSK_A" "$INST" 3 "$WORK/r3.json" "$(sign "$KEY_A" "$WORK/r3.json")"
    get "/v1/reports/$KIOSK_A/$INST"
    expect_resp '"upto":4}' "$BACKEND: upto after the gap is filled"
    get "/v1/reports/$KIOSK_A/$OTHER"
    expect_resp '"upto":0}' "$BACKEND: upto of an unknown instance"
    get "/v1/reports/$KIOSK_U/$INST"
    expect_code 401 "$BACKEND: upto of an unknown kiosk"
    get "/v1/reports/$KIOSK_R/$INST"
    expect_code 403 "$BACKEND: upto of a revoked kiosk"

    # The same report sent twice at once: one row, one 201.
    make_report "$WORK/r5.json" "$KEY_A" 5 2026-12-05 --set sessions=5
    SIG5=$(sign "$KEY_A" "$WORK/r5.json")
    for i in 1 2 3 4; do
        curl -sS --max-time 10 -X PUT -H "Frontdoor-Signature: $SIG5" \
            --data-binary @"$WORK/r5.json" -o /dev/null -w '%{http_code}\n' \
            "http://$ADDR/v1/reports/$KIOSK_A/$INST/5" >"$WORK/par.$i" &
    done
    wait $(jobs -p | grep -v "^$SERVER_PID\$")
    codes=$(cat "$WORK/par."* | sort | tr '\n' ' ')
    [ "$codes" = "200 200 200 201 " ] || fail "$BACKEND: four at once answered $codes"
    [ "$(sql "SELECT COUNT(*) FROM report WHERE seq = 5")" = 1 ] ||
        fail "$BACKEND: four at once made $(sql "SELECT COUNT(*) FROM report WHERE seq = 5") rows"

    # The store away: 503 with Retry-After, nothing stored; back: 201. On
    # SQLite another process holds the write lock past the busy timeout; on
    # PostgreSQL the server goes down and comes back on its port.
    make_report "$WORK/r6.json" "$KEY_A" 6 2026-12-06 --set sessions=6
    SIG6=$(sign "$KEY_A" "$WORK/r6.json")
    before=$(fingerprint)
    if [ "$BACKEND" = sqlite ]; then
        (echo "BEGIN IMMEDIATE;"; sleep 7; echo "ROLLBACK;") | sqlite3 "$STORE" &
        locker=$!
        sleep 0.5
    else
        pg_stop
    fi
    put "$KIOSK_A" "$INST" 6 "$WORK/r6.json" "$SIG6"
    expect_code 503 "$BACKEND: the store away"
    expect_header "Retry-After: [0-9]" "$BACKEND: 503"
    expect_resp '{"error":"store: unavailable, try again later"}' "$BACKEND: 503"
    if [ "$BACKEND" = sqlite ]; then
        wait "$locker"
    else
        pg_resume || fail "postgres: the server did not come back"
    fi
    [ "$(fingerprint)" = "$before" ] || fail "$BACKEND: 503 changed the store"
    put "$KIOSK_A" "$INST" 6 "$WORK/r6.json" "$SIG6"
    expect_code 201 "$BACKEND: the store back"
    stop_server

    # The per-day limit: 3 a day, new reports only.
    start_server "$STORE" --max-reports-per-day 3 || return
    INST=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
    for s in 1 2 3; do
        make_report "$WORK/d$s.json" "$KEY_B" $s 2026-12-10
        put "$KIOSK_B" "$INST" $s "$WORK/d$s.json" "$(sign "$KEY_B" "$WORK/d$s.json")"
        expect_code 201 "$BACKEND: report $s of the day"
    done
    before=$(fingerprint)
    make_report "$WORK/d4.json" "$KEY_B" 4 2026-12-10
    put "$KIOSK_B" "$INST" 4 "$WORK/d4.json" "$(sign "$KEY_B" "$WORK/d4.json")"
    expect_code 429 "$BACKEND: a fourth report of the day"
    expect_header "Retry-After: [0-9]" "$BACKEND: 429"
    expect_resp '{"error":"day: this kiosk has 3 reports of 2026-12-10 stored, the most it may send"}' "$BACKEND: 429"
    [ "$(fingerprint)" = "$before" ] || fail "$BACKEND: 429 changed the store"
    put "$KIOSK_B" "$INST" 3 "$WORK/d3.json" "$(sign "$KEY_B" "$WORK/d3.json")"
    expect_code 200 "$BACKEND: a replay at the limit"
    make_report "$WORK/d4.json" "$KEY_B" 4 2026-12-11
    put "$KIOSK_B" "$INST" 4 "$WORK/d4.json" "$(sign "$KEY_B" "$WORK/d4.json")"
    expect_code 201 "$BACKEND: the next day"
    # Two connections that send headers and then nothing take the whole
    # connection limit until the timeout cuts them off.
    stop_server
    start_server "$STORE" --timeout 1 --max-connections 2 || return
    for fd in 7 8; do
        eval "exec $fd<>/dev/tcp/127.0.0.1/${ADDR##*:}"
        printf 'PUT /v1/reports/%s/%s/9 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n' \
            "$KIOSK_B" "$INST" >&$fd
    done
    get "/v1/reports/$KIOSK_B/$INST"
    expect_code 200 "$BACKEND: GET once idle connections timed out"
    expect_resp '"upto":4}' "$BACKEND: upto of the day-limit instance"
    exec 7>&- 8>&-
    stop_server

    run 0 "$COLLECTOR" list --store "$STORE"
    grep -q "$KIOSK_A  north  *no  *6  2026-12-06" "$WORK/out" || fail "$BACKEND: list: $(cat "$WORK/out")"
    grep -q "$KIOSK_B  south  *no  *4  2026-12-11" "$WORK/out" || fail "$BACKEND: list: $(cat "$WORK/out")"
    grep -q "$KIOSK_R  north  *yes  *0  -" "$WORK/out" || fail "$BACKEND: list: $(cat "$WORK/out")"
}

suite sqlite "$WORK/store.db"
if [ "$(sqlite3 "$WORK/store.db" "PRAGMA journal_mode")" != wal ]; then
    fail "sqlite: the store is not in WAL mode"
fi

pg_start "$WORK/pg"
case $? in
0)
    trap cleanup EXIT
    suite postgres "$PG_URI"
    # A URI's password never shows in a message.
    run 1 "$COLLECTOR" list --store "postgresql://frontdoor:s3cret@127.0.0.1:1/none"
    expect_err "--store: PostgreSQL: cannot connect"
    grep -q s3cret "$WORK/err" && fail "a store's password went to stderr"
    ;;
77) ;;
*) fail "PostgreSQL could not be started" ;;
esac

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "all collector tests passed"
