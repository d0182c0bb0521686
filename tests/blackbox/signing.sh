#!/bin/sh
# signing.sh ADMIN TESTDATA WORKDIR: signed bundles through frontdoor-admin
# run as a process: keygen, sign, verify, and import that takes only a
# bundle signed by a trusted key (or an unsigned one with --unsigned). Each
# refusal (no signature, a damaged or truncated one, a key the configuration
# does not trust, a bundle changed after signing, another bundle's
# signature) says what is wrong and leaves the catalogue exactly as it was.
# OpenSSL checks a signature too: it is plain Ed25519 over the bundle.
set -u

. "$(dirname "$0")/lib.sh"
admin_args "$@"
cd "$WORK" || exit 1

# The catalogue as info shows it, to compare before and after a refusal.
unchanged() {
    "$ADMIN" info --db kiosk.db >info-now 2>&1
    cmp -s info-before info-now || fail "$1 changed the catalogue: $(cat info-now)"
}

cp "$DATA/import-good.json" good.json
cp "$DATA/../../data/sample-catalogue.json" sample.json

# --- keys --------------------------------------------------------------------
run 0 "$ADMIN" keygen --key city.key
expect_out "city.key: signing key made; keep this file secret"
expect_out "public key: "
CITY=$(sed -n 's/^public key: //p' out)
[ "${#CITY}" -eq 44 ] || fail "public key '$CITY' is not 44 characters"
[ "$(stat -c %a city.key)" = 600 ] || fail "city.key has mode $(stat -c %a city.key), not 600"
cp city.key city.key.before
run 1 "$ADMIN" keygen --key city.key
expect_err "frontdoor-admin: city.key: already exists; a signing key is never written over"
cmp -s city.key city.key.before || fail "a second keygen changed the key file"
run 0 "$ADMIN" keygen --key other.key
OTHER=$(sed -n 's/^public key: //p' out)
[ "$OTHER" != "$CITY" ] || fail "two keygens made the same key"
run 2 "$ADMIN" keygen
expect_err "frontdoor-admin keygen: missing --key"

printf '[catalogue]\ntrusted_keys = %s\n' "$CITY" >city.conf
printf '[catalogue]\ntrusted_keys = %s, %s\n' "$OTHER" "$CITY" >both.conf
printf '[kiosk]\ncountry = FI\n' >none.conf

# --- sign and verify ---------------------------------------------------------
run 0 "$ADMIN" sign --key city.key good.json
expect_out "good.json.sig: signed with the key $CITY"
run 0 "$ADMIN" verify --config city.conf good.json
expect_out "good.json: signed with the key $CITY"
run 0 "$ADMIN" verify --config both.conf good.json
run 1 "$ADMIN" verify --config none.conf good.json
expect_err "frontdoor-admin: none.conf: trusts no signing key"

# Plain Ed25519: OpenSSL agrees, and refuses a changed byte.
sed -n 's/^key //p' good.json.sig | base64 -d >key.bin
sed -n 's/^signature //p' good.json.sig | base64 -d >sig.bin
{
    printf '\060\052\060\005\006\003\053\145\160\003\041\000'
    cat key.bin
} >key.der
openssl pkey -pubin -inform DER -in key.der -out key.pem 2>err || fail "openssl: $(cat err)"
run 0 openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in good.json -sigfile sig.bin
{
    cat good.json
    echo
} >changed.json
run 1 openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in changed.json -sigfile sig.bin

# A key that is not trusted, named.
cp sample.json stranger.json
run 0 "$ADMIN" sign --key other.key stranger.json
run 1 "$ADMIN" verify --config city.conf stranger.json
expect_err "frontdoor-admin: stranger.json: signed with the key $OTHER, which city.conf does not trust"

# Changed after signing; another bundle's signature.
cp good.json.sig changed.json.sig
run 1 "$ADMIN" verify --config city.conf changed.json
expect_err "changed.json: does not match its signature changed.json.sig: it was changed after signing"
cp good.json.sig sample.json.sig
run 1 "$ADMIN" verify --config city.conf sample.json
expect_err "sample.json: does not match its signature"

# Damaged signature files, each named by line.
cp good.json truncated.json
head -c 120 good.json.sig >truncated.json.sig
run 1 "$ADMIN" verify --config city.conf truncated.json
expect_err "truncated.json.sig:3: expected \"signature\" and 88 characters of Base64"
cp good.json headless.json
tail -n 2 good.json.sig >headless.json.sig
run 1 "$ADMIN" verify --config city.conf headless.json
expect_err "headless.json.sig:1: not a signature: expected \"frontdoor-signature 1\""
cp good.json extra.json
{
    cat good.json.sig
    echo "key $OTHER"
} >extra.json.sig
run 1 "$ADMIN" verify --config city.conf extra.json
expect_err "extra.json.sig:4: unexpected text after the signature"
cp good.json crlf.json
sed 's/$/\r/' good.json.sig >crlf.json.sig
run 0 "$ADMIN" verify --config city.conf crlf.json
cp good.json dir.json
mkdir dir.json.sig
run 1 "$ADMIN" verify --config city.conf dir.json
expect_err "dir.json.sig: is a directory, not a signature"

# A damaged key signs nothing.
sed "s|^public .*|public $OTHER|" city.key >mixed.key
run 1 "$ADMIN" sign --key mixed.key good.json
expect_err "mixed.key: damaged: its public and secret lines do not belong together"
sed '3s/.$//' city.key >short.key
run 1 "$ADMIN" sign --key short.key good.json
expect_err "short.key:3: expected \"secret\" and 88 characters of Base64"
run 1 "$ADMIN" sign --key missing.key good.json
expect_err "missing.key: cannot open: No such file or directory"
run 0 "$ADMIN" verify --config city.conf good.json

# A configuration's trusted_keys is checked like every other key.
printf '[catalogue]\ntrusted_keys = %s, abc\n' "$CITY" >bad.conf
run 1 "$ADMIN" verify --config bad.conf good.json
expect_err "bad.conf:2: trusted_keys: \"abc\" is not a public key"
printf '[catalogue]\ntrusted_keys = %s, %s\n' "$CITY" "$CITY" >twice.conf
run 1 "$ADMIN" verify --config twice.conf good.json
expect_err "twice.conf:2: trusted_keys: $CITY is named twice"

# --- import ------------------------------------------------------------------
"$ADMIN" init --db kiosk.db >/dev/null || fail "init"
run 0 "$ADMIN" import --db kiosk.db --config city.conf good.json
expect_out "good.json: signed with the key $CITY"
expect_out "good.json: imported 6 services"
"$ADMIN" info --db kiosk.db >info-before 2>&1

cp sample.json plain.json
for bundle in plain stranger changed truncated; do
    run 1 "$ADMIN" import --db kiosk.db --config city.conf "$bundle.json"
    expect_err "frontdoor-admin: $bundle.json: not imported; kiosk.db not changed"
    unchanged "importing $bundle.json"
done
run 1 "$ADMIN" import --db kiosk.db --config city.conf plain.json
expect_err "plain.json: not signed: there is no plain.json.sig beside it"
expect_err "imported only with --unsigned"

# --unsigned takes a bundle as it is; the check is all or nothing.
run 0 "$ADMIN" import --db kiosk.db --config city.conf --unsigned plain.json
expect_out "plain.json: imported"
grep -qF "signed with" out && fail "an unsigned import spoke of a signature"

finish signing.sh
