#!/bin/sh
# hsds.sh ADMIN TESTDATA WORKDIR: HSDS 3.0 JSON through frontdoor-admin
# import: an API page, a list and a single service, a city's terms mapped to
# the kiosk's needs and facets (--needs), zones dropped from times, services
# that map to no need reported; a file with problems refused with every
# problem named and nothing changed, or imported with --lenient without the
# bad fields; broken maps named by row.
set -u

. "$(dirname "$0")/lib.sh"
admin_args "$@"
cd "$WORK" || exit 1
H=$DATA/hsds

"$ADMIN" init --db kiosk.db >/dev/null || fail "init"

# --- an API page, mapped ---------------------------------------------------------
run 0 "$ADMIN" import --db kiosk.db --unsigned --needs "$H/needs.csv" "$H/page.json"
expect_out "$H/page.json: contents[2] \"Bicycle Repair Club\": maps to no need; it is found only by search"
expect_out "$H/page.json: imported 3 services, 3 organizations, 1 locations"
q() { sqlite3 kiosk.db "$1"; }
[ "$(q "SELECT t.code FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
       JOIN service s ON s.id = a.service_id WHERE s.name = 'Harbour Food Bank' ORDER BY t.code")" = \
    "$(printf 'free\nmoney')" ] || fail "Harbour Food Bank is not linked to money and free"
[ "$(q "SELECT t.code FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
       JOIN service s ON s.id = a.service_id WHERE s.name = 'Tenant Advice Desk'")" = housing ] ||
    fail "Tenant Advice Desk is not linked to housing (mapped by term id)"
[ "$(q "SELECT byday, opens_at, closes_at FROM schedule s JOIN service v ON v.id = s.service_id
       WHERE v.name = 'Harbour Food Bank'")" = "TU,TH|10:00|14:00" ] ||
    fail "the food bank's hours are not TU,TH 10:00-14:00 without zones"
[ "$(q "SELECT name || '|' || coalesce(assured_date, '') FROM service ORDER BY name")" = \
    "$(printf 'Bicycle Repair Club|\nHarbour Food Bank|2026-10-01\nTenant Advice Desk|2025-03-14')" ] ||
    fail "the services' assured_date did not come through"
[ "$(q "SELECT count(*) FROM taxonomy_term WHERE taxonomy = 'frontdoor-need'")" = 13 ] ||
    fail "the kiosk's needs did not come from the sample"
[ "$(q "SELECT count(*) FROM taxonomy_term WHERE taxonomy = 'frontdoor-worried'")" = 0 ] ||
    fail "guided-path answers without a service were kept"
[ "$(q "SELECT count(*) FROM translation WHERE entity = 'taxonomy_term' AND lang = 'ar'
       AND field = 'name'")" -gt 20 ] || fail "the needs lost their Arabic names"
"$ADMIN" info --db kiosk.db >info-before

# The same services as a list and one by one: the same catalogue.
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); json.dump(p["contents"], open("list.json","w")); json.dump(p["contents"][1], open("one.json","w"))' "$H/page.json" ||
    fail "python3"
run 0 "$ADMIN" import --db kiosk.db --unsigned --needs "$H/needs.csv" --dry-run list.json
expect_out "list.json: a dry run: 0 services would be added, 0 changed, 0 removed, 3 unchanged"
expect_out "list.json: [2] \"Bicycle Repair Club\": maps to no need"
run 0 "$ADMIN" import --db kiosk.db --unsigned --needs "$H/needs.csv" --dry-run one.json
expect_out "0 services would be added, 0 changed, 2 removed, 1 unchanged"
expect_out "removed: Harbour Food Bank"

# Frontdoor's own taxonomy needs no map.
python3 -c 'import json; json.dump({"id": "s1", "name": "Rent help", "status": "active", "organization": {"id": "o1", "name": "City", "description": "The city."}, "attributes": [{"id": "a1", "taxonomy_term_id": "x", "taxonomy_term": {"id": "x", "code": "housing", "taxonomy": "frontdoor-need"}}]}, open("own.json", "w"))' ||
    fail "python3"
run 0 "$ADMIN" import --db kiosk.db --unsigned --dry-run own.json
expect_out "added: Rent help (s1)"
grep -qF "maps to no need" out && fail "a frontdoor-need term was not taken as a need"

# --- problems: all named, nothing changed; or dropped with --lenient ------------
P=$H/problems.json
run 1 "$ADMIN" import --db kiosk.db --unsigned --needs "$H/problems-needs.csv" "$P"
for want in \
    "$P: [0].url: \"ftp://shelter.example.org\" is not an http or https address" \
    "$P: [0].assured_date: \"2025-02-30\" is not a date (YYYY-MM-DD)" \
    "$P: [0].service_at_locations[0].location.latitude: 100 is not a number from -90 to 90" \
    "$P: [1].name: required, and missing" \
    "$P: [1].status: \"open\" is not one of active, inactive, defunct, temporarily closed" \
    "$P: [1].organization: only organization_id is given" \
    "$P: [2].minimum_age: 12.5 is not a whole number from 0 to 150" \
    "$P: [2].organization.website: \"youth.example.org\" is not an http or https address" \
    "$P: [2].phones[0].number: required, and missing" \
    "$P: [0].organization.description: required by HSDS, and missing" \
    "$P: 11 problems (--lenient drops each bad field and imports the rest)" \
    "$P: not imported; kiosk.db not changed"; do
    expect_err "$want"
done
expect_out "$P: [0].schedules[1]: a monthly rule (the kiosk shows weekly ones); left out"
"$ADMIN" info --db kiosk.db >info-now
cmp -s info-before info-now || fail "a refused HSDS file changed the catalogue"

run 0 "$ADMIN" import --db kiosk.db --unsigned --lenient --needs "$H/problems-needs.csv" "$P"
expect_out "$P: [0].service_at_locations[0].location.latitude: 100 is not a number from -90 to 90; dropped"
expect_out "$P: [1].name: required, and missing; dropped"
expect_out "$P: [2].organization.description: required by HSDS, and missing; imported without it"
expect_out "$P: imported 2 services"
[ "$(q "SELECT count(*) FROM location WHERE latitude IS NULL AND name = 'Old school'")" = 1 ] ||
    fail "the bad latitude was not dropped"
[ "$(q "SELECT url IS NULL FROM service WHERE hsds_id = 'svc-1'")" = 1 ] || fail "the ftp url stayed"
expect_out "$P: [0].assured_date: \"2025-02-30\" is not a date (YYYY-MM-DD); dropped"
[ "$(q "SELECT coalesce(assured_date, 'none') FROM service WHERE hsds_id IN ('svc-1', 'svc-3')
       ORDER BY hsds_id")" = "$(printf 'none\n2026-06-30')" ] ||
    fail "the impossible assured_date was not dropped, or the good one not kept"
[ "$(q "SELECT count(*) FROM schedule s JOIN service v ON v.id = s.service_id
       WHERE v.hsds_id = 'svc-1'")" = 1 ] || fail "the monthly rule was not left out"

# --- maps ------------------------------------------------------------------------
printf 'term,need\nBD-1800,need:money\n' >header.csv
run 1 "$ADMIN" import --db kiosk.db --unsigned --needs header.csv "$H/page.json"
expect_err "header.csv:1: expected the header \"term,maps_to\""
printf 'term,maps_to\r\nBD-1800,need:money\r\n"FREE",need:nope\r\n' >unknown.csv
run 1 "$ADMIN" import --db kiosk.db --unsigned --needs unknown.csv "$H/page.json"
expect_err "unknown.csv:3: maps_to: need:nope is not in the kiosk's catalogue"
printf 'term,maps_to\nBD-1800,money\n' >form.csv
run 1 "$ADMIN" import --db kiosk.db --unsigned --needs form.csv "$H/page.json"
expect_err "form.csv:2: maps_to: expected need:CODE or facet:CODE"
printf 'term,maps_to\n"BD-1800,need:money\n' >quote.csv
run 1 "$ADMIN" import --db kiosk.db --unsigned --needs quote.csv "$H/page.json"
expect_err "quote.csv:2: a quoted field is not closed"
printf 'term,maps_to\nBD-1800,need:money,extra\n' >three.csv
run 1 "$ADMIN" import --db kiosk.db --unsigned --needs three.csv "$H/page.json"
expect_err "three.csv:2: expected two fields: term,maps_to"
run 1 "$ADMIN" import --db kiosk.db --unsigned --needs missing.csv "$H/page.json"
expect_err "missing.csv: cannot open: No such file or directory"
run 2 "$ADMIN" import --db kiosk.db --unsigned --needs "$H/needs.csv" "$DATA/import-good.json"
expect_err "--needs and --lenient are for HSDS files"

finish hsds.sh
