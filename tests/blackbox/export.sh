#!/bin/sh
# export.sh ADMIN TESTDATA WORKDIR: frontdoor-admin export, and the round
# trip: each bundle imported, exported, the export imported into a fresh
# database, and every table of the two databases compared row for row
# (derived ones too: the search index, the service cards); exporting the
# second gives the same file again. Then what export refuses.
set -u

. "$(dirname "$0")/lib.sh"
admin_args "$@"
cd "$WORK" || exit 1

# Every catalogue table of database $1 (not the staff's), each row as text, in
# a stable order; the day of the import is the one thing allowed to differ.
tables() {
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table'
                             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'staff_%'
                             ORDER BY name"); do
        echo "== $t"
        sqlite3 "$1" "SELECT * FROM \"$t\" ORDER BY 1, 2" |
            grep -v '^imported_on|' || true
    done
}

for bundle in "$DATA/../../data/sample-catalogue.json" "$DATA/import-good.json" \
    "$DATA/hours-holiday.json" "$DATA/filters.json" "$DATA/catalog-paths.json" \
    "$DATA/ui-long-text.json" "$DATA/import-empty.json"; do
    name=$(basename "$bundle" .json)
    "$ADMIN" init --db "$name-1.db" >/dev/null && "$ADMIN" init --db "$name-2.db" >/dev/null ||
        fail "$name: init"
    run 0 "$ADMIN" import --db "$name-1.db" --unsigned --allow-empty "$bundle"
    run 0 "$ADMIN" export --db "$name-1.db" --output "$name-1.json"
    [ -s "$name-1.json" ] || fail "$name: the export is empty"
    [ ! -e "$name-1.json.tmp" ] || fail "$name: the export left its temporary file"
    run 0 "$ADMIN" import --db "$name-2.db" --unsigned --allow-empty "$name-1.json"
    tables "$name-1.db" >"$name-1.tables"
    tables "$name-2.db" >"$name-2.tables"
    grep -q '^== service$' "$name-1.tables" || fail "$name: no service table listed"
    diff "$name-1.tables" "$name-2.tables" >"$name.diff" ||
        fail "$name: the round trip changed the catalogue: $(head -20 "$name.diff")"
    run 0 "$ADMIN" export --db "$name-2.db"
    cmp -s out "$name-1.json" || fail "$name: exporting the round trip gives another file"
done

# The sample's shape survives: its counts, its refuges without addresses,
# when each service was checked.
run 0 "$ADMIN" info --db sample-catalogue-2.db
expect_out "services: 70"
expect_out "catalogue: sample data"
[ "$(sqlite3 sample-catalogue-2.db "SELECT count(DISTINCT assured_date) FROM service")" = 70 ] ||
    fail "the services' assured_date did not come back"
grep -q '"confidential":true' sample-catalogue-1.json || fail "no confidential place exported"
[ "$(sqlite3 sample-catalogue-2.db "SELECT count(*) FROM address a JOIN location l
      ON l.id = a.location_id WHERE l.confidential = 1")" = 0 ] ||
    fail "a refuge's address came back"

# What export refuses, and that a failed export leaves nothing behind.
run 2 "$ADMIN" export --db sample-catalogue-1.db --format hsds-xml
expect_err "--format: \"hsds-xml\" is not a format this version writes"
run 1 "$ADMIN" export --db missing.db
expect_err "missing.db: no such database"
[ ! -e missing.db ] || fail "export created a database"
run 1 "$ADMIN" export --db sample-catalogue-1.db --output no-such-dir/out.json
expect_err "no-such-dir/out.json.tmp: cannot write: No such file or directory"
# An existing file is replaced whole.
echo old >replaced.json
run 0 "$ADMIN" export --db sample-catalogue-1.db --output replaced.json
cmp -s replaced.json sample-catalogue-1.json || fail "replaced.json is not the export"

finish export.sh
