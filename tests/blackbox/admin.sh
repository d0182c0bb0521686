#!/bin/sh
# admin.sh ADMIN TESTDATA WORKDIR: frontdoor-admin run as a process on
# temporary databases. Checks the exit status (0 done, 1 failed, 2 usage) and
# the messages of every subcommand, that a refused bundle leaves the
# catalogue exactly as it was, that a database from a newer Frontdoor is
# refused and left byte for byte, and that the binary carries no SDL.
set -u

. "$(dirname "$0")/lib.sh"
admin_args "$@"

DB=$WORK/kiosk.db

# --- help and version -------------------------------------------------------
for help in --help help -h; do
    run 0 "$ADMIN" $help
    for cmd in init import validate keygen sign verify info; do
        expect_out "  $cmd"
    done
done
run 0 "$ADMIN" help import
expect_out "usage: frontdoor-admin import --db PATH [--config FILE] [--unsigned] [--allow-empty] [--dry-run] [--needs MAP.csv] [--lenient] FILE"
run 0 "$ADMIN" import --help
expect_out "usage: frontdoor-admin import --db PATH [--config FILE] [--unsigned] [--allow-empty] [--dry-run] [--needs MAP.csv] [--lenient] FILE"
run 0 "$ADMIN" --version
expect_out "frontdoor-admin "

# --- usage errors: status 2, a message naming the problem, nothing created --
run 2 "$ADMIN"
expect_err "missing COMMAND"
run 2 "$ADMIN" frobnicate
expect_err "unknown command 'frobnicate'"
run 2 "$ADMIN" import --db
expect_err "--db needs a PATH"
run 2 "$ADMIN" import --db "$WORK/never.db" --unsigned
expect_err "frontdoor-admin import: missing FILE"
expect_err "usage: frontdoor-admin import --db PATH [--config FILE] [--unsigned] [--allow-empty] [--dry-run] [--needs MAP.csv] [--lenient] FILE"
run 2 "$ADMIN" import "$DATA/import-good.json"
expect_err "missing --db PATH"
run 2 "$ADMIN" init --db "$WORK/never.db" --bogus
expect_err "unknown option '--bogus'"
run 2 "$ADMIN" validate
expect_err "missing FILE"
run 2 "$ADMIN" validate a.json b.json
expect_err "unexpected argument 'b.json'"
run 2 "$ADMIN" info
expect_err "missing --db PATH"
run 2 "$ADMIN" validate --db "$WORK/never.db" "$DATA/import-good.json"
expect_err "unknown option '--db'"
run 2 "$ADMIN" help frobnicate
expect_err "no command 'frobnicate'"
[ ! -e "$WORK/never.db" ] || fail "a usage error created a database"

# --- init and info on an empty catalogue -----------------------------------
run 0 "$ADMIN" init --db "$DB"
expect_out "$DB: created, schema version 7"
run 0 "$ADMIN" init --db "$DB"
expect_out "$DB: ready, schema version 7"
run 0 "$ADMIN" info --db "$DB"
expect_out "schema version: 7"
expect_out "catalogue: empty"
expect_out "services: 0"

# --- import ------------------------------------------------------------------
run 0 "$ADMIN" import --db "$DB" --unsigned "$DATA/import-good.json"
expect_out "$DATA/import-good.json: imported 6 services, 3 organizations, 2 locations, 10 taxonomy terms, 12 translations; 1 confidential address not stored"
run 0 "$ADMIN" info --db "$DB"
expect_out "catalogue: real data"
expect_out "services: 6"
expect_out "organizations: 3"
expect_out "locations: 2"
expect_out "taxonomy terms: 10"
expect_out "language: en"
cp "$WORK/out" "$WORK/info-before"

# A refused bundle: status 1, "FILE: json.path: message", nothing changed.
run 1 "$ADMIN" import --db "$DB" --unsigned "$DATA/import-bad-last.json"
expect_err "frontdoor-admin: $DATA/import-bad-last.json: services[2].attributes[0].taxonomy_term_id: no taxonomy term \"x\""
expect_err "frontdoor-admin: $DB: not changed"
expect_no_stdout
run 1 "$ADMIN" import --db "$DB" --unsigned "$DATA/import-malformed.json"
expect_err "frontdoor-admin: $DATA/import-malformed.json:5:"
run 1 "$ADMIN" import --db "$DB" --unsigned "$DATA/import-duplicate-key.json"
expect_err "$DATA/import-duplicate-key.json:11:"
expect_err "duplicate object key"
run 1 "$ADMIN" import --db "$DB" --unsigned "$WORK/no-such-bundle.json"
expect_err "frontdoor-admin: $WORK/no-such-bundle.json: cannot open: No such file or directory"
run 0 "$ADMIN" info --db "$DB"
cmp -s "$WORK/out" "$WORK/info-before" || fail "a refused import changed the catalogue: $(cat "$WORK/out")"

# A dry run names what would change, by service, and changes nothing: a
# text in another language (a schedule's note in Finnish) counts as a change.
cp "$DB" "$WORK/before-dry-run.db"
run 0 "$ADMIN" import --db "$DB" --unsigned --dry-run "$DATA/import-good-changed.json"
expect_out "added: Food bank (svc-new-food)"
expect_out "changed: Crisis helpline (svc-crisis)"
expect_out "changed: Housing advice and help (svc-housing)"
expect_out "removed: Old drop-in (svc-old)"
expect_out "$DATA/import-good-changed.json: a dry run: 1 service would be added, 2 changed, 1 removed, 3 unchanged; $DB not changed"
[ "$(wc -l <"$WORK/out")" -eq 5 ] || fail "the dry run said more: $(cat "$WORK/out")"
cmp -s "$DB" "$WORK/before-dry-run.db" || fail "a dry run changed the database file"
run 0 "$ADMIN" import --db "$DB" --unsigned --dry-run "$DATA/import-good.json"
expect_out "0 services would be added, 0 changed, 0 removed, 6 unchanged"
run 1 "$ADMIN" import --db "$DB" --unsigned --dry-run "$DATA/import-bad-last.json"
expect_err "services[2].attributes[0].taxonomy_term_id: no taxonomy term \"x\""
expect_no_stdout

# The catalogue must exist before an import.
run 1 "$ADMIN" import --db "$WORK/missing.db" --unsigned "$DATA/import-good.json"
expect_err "frontdoor-admin: $WORK/missing.db: no such database"
[ ! -e "$WORK/missing.db" ] || fail "import created a database"
run 1 "$ADMIN" info --db "$WORK/missing.db"
expect_err "$WORK/missing.db: no such database"

# --- validate ---------------------------------------------------------------
run 0 "$ADMIN" validate "$DATA/import-good.json"
expect_out "$DATA/import-good.json: OK: 6 services"
run 1 "$ADMIN" validate "$DATA/import-bad-last.json"
expect_err "frontdoor-admin: $DATA/import-bad-last.json: services[2].attributes[0].taxonomy_term_id: no taxonomy term \"x\""
expect_no_stdout
run 1 "$ADMIN" validate "$DATA/import-malformed.json"
expect_err "$DATA/import-malformed.json:5:"

# --- sample data --------------------------------------------------------------
run 0 "$ADMIN" init --db "$WORK/sample.db" --sample
expect_out "sample catalogue loaded"
run 0 "$ADMIN" info --db "$WORK/sample.db"
expect_out "catalogue: sample data"
# Never over a centre's real catalogue.
run 1 "$ADMIN" init --db "$DB" --sample
expect_err "not sample data; not replacing it"
run 0 "$ADMIN" info --db "$DB"
cmp -s "$WORK/out" "$WORK/info-before" || fail "init --sample replaced a real catalogue"

# --- a database from a newer Frontdoor is refused and left untouched ---------
NEWER=$WORK/newer.db
cp "$DB" "$NEWER"
if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$NEWER" "PRAGMA user_version = 99" || fail "sqlite3 could not set user_version"
    before=$(cksum <"$NEWER")
    run 1 "$ADMIN" info --db "$NEWER"
    expect_err "frontdoor-admin: $NEWER: schema version 99 is newer than this Frontdoor's (7)"
    run 1 "$ADMIN" import --db "$NEWER" --unsigned "$DATA/import-good.json"
    expect_err "$NEWER: schema version 99 is newer"
    run 1 "$ADMIN" init --db "$NEWER"
    expect_err "$NEWER: schema version 99 is newer"
    after=$(cksum <"$NEWER")
    [ "$before" = "$after" ] || fail "a refused newer database was modified"
    [ "$(sqlite3 "$NEWER" "PRAGMA user_version")" = 99 ] || fail "user_version changed"
else
    fail "the sqlite3 command is needed for the newer-schema check"
fi

# --- a tampered catalogue_meta: a row with a NULL key is ignored -------------
if command -v sqlite3 >/dev/null 2>&1; then
    TAMPERED=$WORK/tampered.db
    cp "$DB" "$TAMPERED"
    sqlite3 "$TAMPERED" "INSERT INTO catalogue_meta (key, value) VALUES (NULL, 'x')" ||
        fail "sqlite3 could not add a row with a NULL key"
    run 0 "$ADMIN" info --db "$TAMPERED"
    expect_out "catalogue: real data"
    expect_out "language: en"
    expect_out "services: 6"
    run 1 "$ADMIN" init --db "$TAMPERED" --sample
    expect_err "$TAMPERED: holds a catalogue that is not sample data; not replacing it"
    # Over sample data, init --sample still reloads it.
    cp "$WORK/sample.db" "$WORK/tampered-sample.db"
    sqlite3 "$WORK/tampered-sample.db" "INSERT INTO catalogue_meta (key, value) VALUES (NULL, '1')" ||
        fail "sqlite3 could not add a row with a NULL key"
    run 0 "$ADMIN" init --db "$WORK/tampered-sample.db" --sample
    expect_out "sample catalogue loaded"
    run 0 "$ADMIN" info --db "$WORK/tampered-sample.db"
    expect_out "catalogue: sample data"
else
    fail "the sqlite3 command is needed for the tampered-database check"
fi

# --- a FIFO (or anything but a regular file) is refused, never waited on ------
mkfifo "$WORK/bundle.fifo" || fail "mkfifo failed"
run 1 timeout 10 "$ADMIN" validate "$WORK/bundle.fifo"
expect_err "frontdoor-admin: $WORK/bundle.fifo: not a regular file"
run 1 timeout 10 "$ADMIN" import --db "$DB" --unsigned "$WORK/bundle.fifo"
expect_err "frontdoor-admin: $WORK/bundle.fifo: not a regular file"
expect_err "frontdoor-admin: $DB: not changed"
run 1 timeout 10 "$ADMIN" validate /dev/zero
expect_err "frontdoor-admin: /dev/zero: not a regular file"

# --- a bundle with no services never empties a catalogue by accident ---------
run 1 "$ADMIN" import --db "$DB" --unsigned "$DATA/import-empty.json"
expect_err "frontdoor-admin: $DATA/import-empty.json: has no services; the catalogue was not changed. Use --allow-empty to empty it."
expect_err "frontdoor-admin: $DB: not changed"
expect_no_stdout
run 0 "$ADMIN" info --db "$DB"
cmp -s "$WORK/out" "$WORK/info-before" || fail "a refused empty bundle changed the catalogue: $(cat "$WORK/out")"
# Checking it is fine; it is a valid bundle.
run 0 "$ADMIN" validate "$DATA/import-empty.json"
expect_out "$DATA/import-empty.json: OK: 0 services"
# On purpose, on a copy: the catalogue is emptied.
cp "$DB" "$WORK/emptied.db"
run 0 "$ADMIN" import --db "$WORK/emptied.db" --unsigned --allow-empty "$DATA/import-empty.json"
expect_out "$DATA/import-empty.json: imported 0 services, 0 organizations, 0 locations, 1 taxonomy terms"
run 0 "$ADMIN" info --db "$WORK/emptied.db"
expect_out "catalogue: empty"
expect_out "taxonomy terms: 1"
# --allow-empty belongs to import only.
run 2 "$ADMIN" init --db "$WORK/never.db" --allow-empty
expect_err "unknown option '--allow-empty'"
[ ! -e "$WORK/never.db" ] || fail "a usage error created a database"

# --- no SDL in the staff tool -------------------------------------------------
if ldd "$ADMIN" >"$WORK/ldd" 2>&1; then
    grep -qi 'libsqlite3' "$WORK/ldd" || fail "ldd output does not list libsqlite3: $(cat "$WORK/ldd")"
    if grep -qi 'sdl' "$WORK/ldd"; then
        fail "frontdoor-admin links SDL: $(grep -i sdl "$WORK/ldd")"
    fi
else
    fail "ldd $ADMIN failed: $(cat "$WORK/ldd")"
fi

finish admin.sh
