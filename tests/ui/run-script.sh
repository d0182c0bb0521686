#!/bin/sh
# Runs one headless UI script on a fresh sample database.
#   run-script.sh KIOSK ADMIN SCRIPT WORKDIR
# A line "# kiosk: FLAGS" in the script adds flags to the kiosk's command line
# (e.g. --size 800x480); "@WORK@" in them stands for WORKDIR. A line
# "# catalogue: FILE" imports tests/data/FILE instead of the sample catalogue.
# Lines "# config: KEY = VALUE" make the kiosk's configuration ([kiosk]).
set -eu
kiosk=$1 admin=$2 script=$3 work=$4

rm -rf "$work"
mkdir -p "$work"
bundle=$(sed -n 's/^# catalogue: //p' "$script")
if [ -n "$bundle" ]; then
    "$admin" init --db "$work/sample.db" >/dev/null
    "$admin" import --db "$work/sample.db" --unsigned "$(dirname "$script")/../data/$bundle" >/dev/null
else
    "$admin" init --db "$work/sample.db" --sample >/dev/null
fi

# The script's configuration (often empty), so that no file on the machine
# changes the result.
{
    echo "[kiosk]"
    sed -n 's/^# config: //p' "$script"
} >"$work/test.conf"
flags=$(sed -n 's/^# kiosk: //p' "$script" | sed "s|@WORK@|$work|g")
# shellcheck disable=SC2086
exec "$kiosk" --headless --size 1080x1920 --db "$work/sample.db" --shots "$work" \
    --config "$work/test.conf" --script "$script" $flags
