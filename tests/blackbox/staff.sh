#!/bin/sh
# staff.sh ADMIN TESTDATA WORKDIR: the staff PIN and the audit log through
# frontdoor-admin run as a process. set-pin reads the PIN from standard
# input (never the command line, where anyone could list it), stores only
# its argon2id hash, and refuses anything but 4 to 12 digits without
# changing a thing; audit prints what staff did: PIN changes and imports
# (with who signed them), oldest first; edits lists the edits in force.
set -u

. "$(dirname "$0")/lib.sh"
admin_args "$@"
cd "$WORK" || exit 1

run 0 "$ADMIN" init --db kiosk.db
run 0 "$ADMIN" audit --db kiosk.db
expect_no_stdout
run 0 "$ADMIN" edits --db kiosk.db
expect_no_stdout

# --- the PIN -----------------------------------------------------------------
echo 2468 >pin
run 0 "$ADMIN" set-pin --db kiosk.db <pin
expect_out "kiosk.db: staff PIN set"
HASH=$(sqlite3 kiosk.db "SELECT hash FROM staff_pin")
case $HASH in
'$argon2id$'*) ;;
*) fail "the PIN is stored as '$HASH', not an argon2id hash" ;;
esac
case $HASH in *2468*) fail "the PIN is in the database in the clear" ;; esac
for bad in 123 1234567890123 12a4 "" "12 34"; do
    printf '%s\n' "$bad" >pin
    run 1 "$ADMIN" set-pin --db kiosk.db <pin
    expect_err "frontdoor-admin: kiosk.db: a PIN is 4 to 12 digits; nothing changed"
done
run 1 "$ADMIN" set-pin --db kiosk.db </dev/null
expect_err "frontdoor-admin: no PIN on standard input"
[ "$(sqlite3 kiosk.db "SELECT hash FROM staff_pin")" = "$HASH" ] ||
    fail "a refused PIN changed the stored one"
run 2 "$ADMIN" set-pin --db kiosk.db 1234
expect_err "frontdoor-admin set-pin:"
run 1 "$ADMIN" set-pin --db missing.db <pin
expect_err "frontdoor-admin: missing.db: no such database"
[ ! -e missing.db ] || fail "set-pin made a database"

# --- the audit log -----------------------------------------------------------
run 0 "$ADMIN" keygen --key city.key
CITY=$(sed -n 's/^public key: //p' out)
printf '[catalogue]\ntrusted_keys = %s\n' "$CITY" >city.conf
cp "$DATA/import-good.json" good.json
run 0 "$ADMIN" sign --key city.key good.json
run 0 "$ADMIN" import --db kiosk.db --config city.conf good.json
run 0 "$ADMIN" import --db kiosk.db --unsigned good.json
run 0 "$ADMIN" import --db kiosk.db --unsigned --dry-run good.json
run 1 "$ADMIN" import --db kiosk.db --unsigned "$DATA/import-malformed.json"
run 0 "$ADMIN" audit --db kiosk.db
[ "$(wc -l <out)" -eq 3 ] || fail "the audit log has $(wc -l <out) lines, not 3: $(cat out)"
sed -n 1p out | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} pin-set$' ||
    fail "first line: $(sed -n 1p out)"
sed -n 2p out | grep -q " import good.json, signed with the key $CITY\$" ||
    fail "second line: $(sed -n 2p out)"
sed -n 3p out | grep -q " import good.json, unsigned\$" || fail "third line: $(sed -n 3p out)"

finish staff
