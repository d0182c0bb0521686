#!/bin/sh
# The take-away code, read back as a phone would: zbarimg decodes the PNG of
# the screen and the digits of its tel: link must be the service's phone in
# the database; a confidential place's code carries no address.
#   qr.sh KIOSK ADMIN WORKDIR
set -u
kiosk=$1 admin=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
"$admin" init --db "$work/s.db" --sample >/dev/null || { echo "FAIL: init"; exit 1; }
: >"$work/empty.conf"
failures=0 passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL: $1"; failures=$((failures + 1)); }

# shot_code ID NEED SIZE LANG: the code of service ID (from NEED's list) as
# decoded text in $work/ID-SIZE.txt.
shot_code() {
    id=$1 need=$2 size=$3 lang=$4
    printf 'tap lang:%s\nseek category:%s\ntap category:%s\nseek service:%s\ntap service:%s\nexpect-not qr:code\nseek qr\ntap qr\nexpect qr:code\nshot code\n' \
        "$lang" "$need" "$need" "$id" "$id" >"$work/code.script"
    if ! "$kiosk" --headless --size "$size" --db "$work/s.db" --config "$work/empty.conf" \
        --shots "$work" --script "$work/code.script"; then
        bad "service $id at $size: script"
        return 1
    fi
    zbarimg -q --raw "$work/code.png" >"$work/$id-$size.txt" 2>/dev/null
}

digits() { tr -cd '0-9'; }

for size in 1080x1920 800x480; do
    for lang in en ar; do
        shot_code 2 mental-health "$size" "$lang" || continue
        want=$(sqlite3 "$work/s.db" "SELECT number FROM phone WHERE service_id = 2 ORDER BY id LIMIT 1" | digits)
        got=$(sed -n 's/^tel://p' "$work/2-$size.txt" | digits)
        [ -n "$want" ] && [ "$got" = "$want" ] && ok || bad "$lang $size: tel $got, want $want"
        name=$(sqlite3 "$work/s.db" "SELECT COALESCE((SELECT text FROM translation WHERE entity = 'service' AND entity_id = 2 AND field = 'name' AND lang = '$lang'), name) FROM service WHERE id = 2")
        head -n 1 "$work/2-$size.txt" | grep -qxF "$name" && ok || bad "$lang $size: no name \"$name\""
        grep -q '^https://' "$work/2-$size.txt" && ok || bad "$lang $size: no web address"
        grep -q 'Lantern Street' "$work/2-$size.txt" && ok || bad "$lang $size: no address"
    done
done

# The refuge: its phone, never an address.
shot_code 17 violence 1080x1920 en &&
    grep -q '^tel:+44' "$work/17-1080x1920.txt" && ok || bad "refuge: no tel"
[ "$(wc -l <"$work/17-1080x1920.txt")" -le 3 ] &&
    ! grep -v '^tel:' "$work/17-1080x1920.txt" | grep -qiE 'street|road|[0-9]' && ok ||
    bad "refuge: an address in the code: $(cat "$work/17-1080x1920.txt")"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
