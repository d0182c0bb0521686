#!/bin/sh
# check-config.sh ADMIN TESTDATA WORKDIR: frontdoor-admin check-config run as
# a process: a good configuration and database say "ok" and exit 0; each
# problem with what the configuration names (a CA file missing or without
# a certificate, no USB folder, no database, an empty one, a kiosk key
# others can read, fonts fontconfig cannot find) is a line of its own, and
# any makes the exit status 1. A configuration that does not parse says
# FILE:LINE, as the kiosk does.
set -u

. "$(dirname "$0")/lib.sh"
admin_args "$@"
cd "$WORK" || exit 1

"$ADMIN" init --db kiosk.db --sample >/dev/null || fail "init"
mkdir -p media
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' >ca.pem
printf '[sync]\ncollector = https://counts.example.org/\nca_file = %s/ca.pem\n[staff]\nusb_folder = %s/media\n' \
    "$PWD" "$PWD" >good.conf
run 0 "$ADMIN" check-config --config good.conf --db kiosk.db
expect_out "good.conf: ok"

# Three problems, a line each: a CA file without a certificate, no USB
# folder, an empty database.
printf 'not a certificate\n' >notes.txt
printf '[sync]\ncollector = https://counts.example.org/\nca_file = %s/notes.txt\n[staff]\nusb_folder = %s/sticks\n' \
    "$PWD" "$PWD" >bad.conf
"$ADMIN" init --db empty.db >/dev/null || fail "init empty.db"
run 1 "$ADMIN" check-config --config bad.conf --db empty.db
expect_out "$PWD/notes.txt: holds no PEM certificate"
expect_out "bad.conf: usb_folder $PWD/sticks: no such folder, so staff mode finds no USB stick"
expect_out "empty.db: holds no catalogue"
expect_out "bad.conf: 3 problems"
[ "$(wc -l <"$WORK/out")" -eq 4 ] || fail "not a line per problem: $(cat "$WORK/out")"
# A CA file that is not there is the configuration's own error.
printf '[sync]\ncollector = https://counts.example.org/\nca_file = %s/none.pem\n' "$PWD" >none.conf
run 1 "$ADMIN" check-config --config none.conf
expect_out "none.conf:3: ca_file"

run 1 "$ADMIN" check-config --config good.conf --db missing.db
expect_out "missing.db: no such database; create it with 'frontdoor-admin init --db missing.db'"
[ ! -e missing.db ] || fail "check-config made a database"

chmod 644 kiosk.key
run 1 "$ADMIN" check-config --config good.conf --db kiosk.db
expect_out "kiosk.key: readable by others (mode 644); it must be 600"
chmod 600 kiosk.key

# No fonts where fontconfig looks.
printf '<?xml version="1.0"?>\n<fontconfig><cachedir>%s/fc-cache</cachedir></fontconfig>\n' \
    "$PWD" >fonts.conf
run 1 env FONTCONFIG_FILE="$PWD/fonts.conf" "$ADMIN" check-config --config good.conf --db kiosk.db
expect_out 'font "Noto Sans Arabic": not installed (Debian: fonts-noto-core)'
expect_out "good.conf: 3 problems"

printf '[kiosk]\n\nidle_reset_seconds = 5\n' >worse.conf
run 1 "$ADMIN" check-config --config worse.conf
expect_out 'worse.conf:3: idle_reset_seconds "5": expected a whole number from 20 to 3600'
run 2 "$ADMIN" check-config --config good.conf extra
expect_err "frontdoor-admin check-config:"

finish check-config
