#!/bin/sh
# hsds-csv.sh ADMIN TESTDATA WORKDIR: HSDS 3.0 CSV folders and zips through
# frontdoor-admin import, and the HSDS exports. A city's folder gives the
# same catalogue as the same services in HSDS JSON; a byte order mark, CRLF
# endings and quoted line breaks are read as CSV means them; every broken
# file is refused with its FILE:ROW and nothing changes; --lenient leaves
# the rows at fault out. Then the round trip: the sample city exported as
# HSDS JSON, as a CSV folder and as a zip of it, each imported into a fresh
# database, and every table compared with the first.
set -u

. "$(dirname "$0")/lib.sh"
admin_args "$@"
cd "$WORK" || exit 1
H=$DATA/hsds
SAMPLE=$DATA/../../data/sample-catalogue.json

# Every catalogue table of database $1 (not the staff's), each row as text, in
# a stable order; the day of the import is the one thing allowed to differ.
tables() {
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table'
                             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'staff_%'
                             ORDER BY name"); do
        echo "== $t"
        sqlite3 "$1" "SELECT * FROM \"$t\" ORDER BY 1, 2" | grep -av '^imported_on|' || true
    done
}
q() { sqlite3 kiosk.db "$1"; }

# --- a city's folder: the same catalogue as its JSON -----------------------------
"$ADMIN" init --db json.db >/dev/null && "$ADMIN" init --db kiosk.db >/dev/null || fail "init"
run 0 "$ADMIN" import --db json.db --unsigned --needs "$H/needs.csv" "$H/page.json"
run 0 "$ADMIN" import --db kiosk.db --unsigned --needs "$H/needs.csv" "$H/csv"
expect_out "$H/csv/service.csv:4 \"Bicycle Repair Club\": maps to no need; it is found only by search"
expect_out "$H/csv: imported 3 services, 3 organizations, 1 locations"
tables json.db >json.tables
tables kiosk.db >csv.tables
diff json.tables csv.tables >csv.diff ||
    fail "the CSV folder gave another catalogue than its JSON: $(head -20 csv.diff)"
[ "$(q "SELECT count(assured_date) FROM service")" = 2 ] || fail "the CSV's assured_date was not read"
tables kiosk.db >before.tables

# cp_folder NAME: a copy of the city's folder to break.
cp_folder() {
    rm -rf "$1"
    cp -r "$H/csv" "$1" || fail "cp"
}
# unchanged: the catalogue is as it was before the refused import.
unchanged() {
    tables kiosk.db >now.tables
    cmp -s before.tables now.tables || fail "$1: a refused folder changed the catalogue"
}

# --- what CSV allows: read as meant ------------------------------------------------
cp_folder forms
printf '\357\273\277' | cat - forms/service.csv >bom.csv && mv bom.csv forms/service.csv
sed 's/$/\r/' forms/phone.csv >crlf.csv && mv crlf.csv forms/phone.csv
sed 's/^\(7f7c[^,]*02,[^,]*,,Tenant Advice Desk,,\)"Help with rent, /\1"Help with rent,\r\n/' \
    forms/service.csv >nl.csv && mv nl.csv forms/service.csv
"$ADMIN" init --db forms.db >/dev/null || fail "init"
run 0 "$ADMIN" import --db forms.db --unsigned --needs "$H/needs.csv" forms
expect_out "forms/service.csv:4 \"Bicycle Repair Club\""
[ "$(sqlite3 forms.db "SELECT hex(description) FROM service WHERE name = 'Tenant Advice Desk'")" = \
    "$(printf 'Help with rent,\r\neviction letters and contracts.' | od -An -tx1 | tr -d ' \n' |
        tr a-f A-F)" ] || fail "the quoted line break was not kept"
[ "$(sqlite3 forms.db "SELECT number FROM phone")" = "+358 40 123 4567" ] ||
    fail "a CRLF row was not read whole"
[ "$(sqlite3 forms.db "SELECT count(*) FROM service WHERE name LIKE '%Harbour Food Bank'")" = 1 ] ||
    fail "the byte order mark was not skipped"

# --- broken folders: FILE:ROW, nothing changed -----------------------------------
# refused NAME MESSAGE: importing the folder NAME fails and says MESSAGE.
refused() {
    run 1 "$ADMIN" import --db kiosk.db --unsigned --needs "$H/needs.csv" "$1"
    expect_err "$2"
    expect_err "$1: not imported; kiosk.db not changed"
    unchanged "$1"
}

cp_folder extra
sed -i '3s/$/,surplus/' extra/service.csv
refused extra "extra/service.csv:3: expected 13 fields as in the header, found 14"

cp_folder fewer
sed -i '2s/,[^,]*$//' fewer/phone.csv
refused fewer "fewer/phone.csv:2: expected 10 fields as in the header, found 9"

cp_folder noname
cut -d, -f1-3,5- noname/service.csv >cut.csv && mv cut.csv noname/service.csv
refused noname "noname/service.csv:2: name: required, and missing"

cp_folder twice
sed -n 2p twice/phone.csv | sed 's/,voice,/,fax,/' >>twice/phone.csv
refused twice "twice/phone.csv:3: id: \"f1a2b3c4-0000-4000-8000-000000000001\" is the id of twice/phone.csv:2 too"

cp_folder dangling
sed -i "s/3e2f12,/3e2f99,/" dangling/service.csv
sed -i 's/,7f7c3b1e-0c5e-4c3a-9d5a-1f0a6c2b9e02,/,no-such-service,/' dangling/schedule.csv
refused dangling "dangling/service.csv:4: organization_id: no organization has the id \"0b1d7f3c-2a44-4c1b-8e0f-7d9c5a3e2f99\""
expect_err "dangling/schedule.csv:3: service_id: no service has the id \"no-such-service\""
expect_err "dangling: 2 problems"
grep -qF "only organization_id" err && fail "a dangling link was named twice"

cp_folder noid
sed -i '2s/^[^,]*,/,/' noid/language.csv
refused noid "noid/language.csv:2: id: required, and missing"

cp_folder badvalue
sed -i 's/60.1699/100/' badvalue/location.csv
sed -i 's/,09:00,12:00,/,9 am,12:00,/' badvalue/schedule.csv
refused badvalue "badvalue/location.csv:2: latitude: 100 is not a number from -90 to 90"
expect_err "badvalue/schedule.csv:3: opens_at:"

cp_folder latin1
printf 'x1,Caf\344,,A caf\344.,,\n' >>latin1/organization.csv
refused latin1 "latin1/organization.csv:5: not UTF-8 (byte 0xE4 at column 7)"

cp_folder unclosed
printf 'x1,"Open,,A.,,\n' >>unclosed/organization.csv
refused unclosed "unclosed/organization.csv:5:"

cp_folder empty
: >empty/schedule.csv
refused empty "empty/schedule.csv: empty"

cp_folder nofile
rm nofile/schedule.csv
refused nofile "nofile/schedule.csv: no such file (datapackage.json names it)"

cp_folder nopackage
rm nopackage/datapackage.json
refused nopackage "nopackage: no datapackage.json"

cp_folder badpackage
echo '{"resources": [' >badpackage/datapackage.json
refused badpackage "badpackage/datapackage.json:2:"

cp_folder outside
sed -i 's#"path": "phone.csv"#"path": "../phone.csv"#' outside/datapackage.json
refused outside "outside/datapackage.json: resources[4].path: expected the name of a file in the folder"

cp_folder noservice
sed -i 's/"name": "service"/"name": "services"/' noservice/datapackage.json
refused noservice "noservice/datapackage.json: no resource named \"service\""

# A folder has nowhere to carry a signature.
run 1 "$ADMIN" import --db kiosk.db "$H/csv"
expect_err "a folder cannot carry a signature: sign a zip of it, or import it with --unsigned"
unchanged "unsigned folder"

# --- lenient: the rows at fault left out, the rest kept --------------------------
run 0 "$ADMIN" import --db kiosk.db --unsigned --lenient --needs "$H/needs.csv" dangling
expect_out "dangling/service.csv:4: organization_id: no organization has the id \"0b1d7f3c-2a44-4c1b-8e0f-7d9c5a3e2f99\"; the row is left out"
expect_out "dangling/schedule.csv:3: service_id: no service has the id \"no-such-service\"; the row is left out"
expect_out "dangling: imported 2 services"
[ "$(q "SELECT count(*) FROM schedule s JOIN service v ON v.id = s.service_id
       WHERE v.name = 'Tenant Advice Desk'")" = 0 ] || fail "the dangling schedule was kept"
run 0 "$ADMIN" import --db kiosk.db --unsigned --lenient --needs "$H/needs.csv" badvalue
expect_out "badvalue/location.csv:2: latitude: 100 is not a number from -90 to 90; dropped"
[ "$(q "SELECT count(*) FROM location WHERE latitude IS NULL AND name = 'Church hall'")" = 1 ] ||
    fail "the bad latitude was not dropped"

# --- zips ------------------------------------------------------------------------
# The folder's files at the zip's top, or in one folder inside it.
(cd "$H/csv" && zip -qr "$WORK/top.zip" .) || fail "zip"
(cd "$H" && zip -qr "$WORK/inside.zip" csv) || fail "zip"
for z in top inside; do
    "$ADMIN" init --db "$z.db" >/dev/null || fail "init"
    run 0 "$ADMIN" import --db "$z.db" --unsigned --needs "$H/needs.csv" "$z.zip"
    expect_out "$z.zip: imported 3 services"
    tables "$z.db" >"$z.tables"
    cmp -s json.tables "$z.tables" || fail "$z.zip gave another catalogue than the folder"
done
expect_out "inside.zip/csv/service.csv:4 \"Bicycle Repair Club\""
# Signed, a zip is checked like a bundle.
"$ADMIN" keygen --key city.key >keygen.out || fail "keygen"
printf '[catalogue]\ntrusted_keys = %s\n' "$(sed -n 's/^public key: //p' keygen.out)" >kiosk.conf
run 0 "$ADMIN" sign --key city.key top.zip
run 0 "$ADMIN" import --db kiosk.db --config kiosk.conf --needs "$H/needs.csv" top.zip
expect_out "top.zip: imported 3 services"
cp top.zip.sig inside.zip.sig
run 1 "$ADMIN" import --db kiosk.db --config kiosk.conf --needs "$H/needs.csv" inside.zip
expect_err "inside.zip: does not match its signature"
# Broken zips.
head -c 300 top.zip >cut.zip
run 1 "$ADMIN" import --db kiosk.db --unsigned cut.zip
expect_err "cut.zip: not a zip file that can be read"
(cd nopackage && zip -qr ../nopackage.zip .) || fail "zip"
run 1 "$ADMIN" import --db kiosk.db --unsigned nopackage.zip
expect_err "nopackage.zip: no datapackage.json"

# --- the round trip over the sample city --------------------------------------------
"$ADMIN" init --db sample.db >/dev/null || fail "init"
run 0 "$ADMIN" import --db sample.db --unsigned "$SAMPLE"
tables sample.db >sample.tables
run 0 "$ADMIN" export --db sample.db --format hsds-json --output sample-hsds.json
run 0 "$ADMIN" export --db sample.db --format hsds-csv --output sample-csv
[ -s sample-csv/service.csv ] && [ -s sample-csv/datapackage.json ] || fail "no CSV folder written"
[ ! -e sample-csv.tmp ] || fail "the CSV export left its temporary folder"
(cd sample-csv && zip -qr ../sample.zip .) || fail "zip"
for form in sample-hsds.json sample-csv sample.zip; do
    rm -f again.db*
    "$ADMIN" init --db again.db >/dev/null || fail "init"
    run 0 "$ADMIN" import --db again.db --unsigned "$form"
    expect_out "$form: imported 70 services"
    [ "$(sqlite3 again.db "SELECT count(assured_date) FROM service")" = 70 ] ||
        fail "$form: the services lost their assured_date"
    tables again.db >again.tables
    diff sample.tables again.tables >again.diff ||
        fail "$form: the round trip changed the catalogue: $(head -20 again.diff)"
done
run 0 "$ADMIN" export --db again.db --format hsds-json --output again.json
cmp -s sample-hsds.json again.json || fail "exporting the round trip gives another HSDS file"
# The export is HSDS: an API page whose services nest their organization
# and places, with Frontdoor's extensions beside them.
python3 - sample-hsds.json <<'EOF' || fail "the HSDS JSON export is not an API page"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["total_items"] == 70 and len(p["contents"]) == 70, "not 70 services"
for s in p["contents"]:
    assert s["organization"]["id"] == s["organization_id"], s["id"]
    for sal in s.get("service_at_locations", []):
        assert sal["service_id"] == s["id"] and sal["location"]["id"] == sal["location_id"]
assert p["frontdoor"]["language"] == "en" and p["frontdoor"]["sample"] is True
EOF

# --- what the CSV export refuses --------------------------------------------------
run 1 "$ADMIN" export --db sample.db --format hsds-csv --output sample-csv
expect_err "sample-csv: already exists; give the name of a new folder"
run 2 "$ADMIN" export --db sample.db --format hsds-csv
expect_err "--format hsds-csv writes a folder: give it with --output"
run 1 "$ADMIN" export --db sample.db --format hsds-csv --output no-such-dir/csv
expect_err "no-such-dir/csv.tmp: cannot make the folder: No such file or directory"
[ ! -e no-such-dir ] || fail "a failed export made a folder"

finish hsds-csv.sh
