#!/bin/sh
# The backlight outside the screen's hours, on a real (offscreen, real
# clock) kiosk: started outside its hours it turns every backlight off
# (bl_power 4); stopped, it turns them on again (0) for whatever shows next.
# The devices are stand-ins in FRONTDOOR_BACKLIGHT_DIR, laid out as
# /sys/class/backlight is.
#   backlight.sh KIOSK ADMIN WORKDIR
set -u
kiosk=$1 admin=$2 work=$3
rm -rf "$work"
mkdir -p "$work/bl/panel" "$work/bl/hdmi"
echo 0 >"$work/bl/panel/bl_power"
echo 0 >"$work/bl/hdmi/bl_power"
"$admin" init --db "$work/k.db" --sample >/dev/null || exit 1

fail() {
    echo "FAIL: $*"
    exit 1
}

# Open on one day only, two days from now: today is dark all day.
day=$(LC_ALL=C date -d "+2 days" +%a)
printf '[screen]\nhours = %s 09:00-17:00\n' "$day" >"$work/k.conf"
FRONTDOOR_BACKLIGHT_DIR="$work/bl" SDL_VIDEODRIVER=offscreen "$kiosk" --windowed --size 800x480 \
    --config "$work/k.conf" --db "$work/k.db" >"$work/out" 2>&1 &
pid=$!
i=0
until [ "$(cat "$work/bl/panel/bl_power")" = 4 ] && [ "$(cat "$work/bl/hdmi/bl_power")" = 4 ]; do
    i=$((i + 1))
    [ $i -lt 300 ] && kill -0 $pid 2>/dev/null || {
        kill $pid 2>/dev/null
        fail "the backlights stayed on outside the screen's hours: $(cat "$work/out")"
    }
    sleep 0.1
done
kill -TERM $pid
wait $pid
[ "$(cat "$work/bl/panel/bl_power")" = 0 ] && [ "$(cat "$work/bl/hdmi/bl_power")" = 0 ] ||
    fail "the backlights stayed off after the kiosk stopped"

# In its hours (every day, all day) it turns a backlight left off on.
echo 4 >"$work/bl/panel/bl_power"
printf '[screen]\nhours = Mon-Sun 00:00-24:00\n' >"$work/k.conf"
FRONTDOOR_BACKLIGHT_DIR="$work/bl" SDL_VIDEODRIVER=offscreen "$kiosk" --windowed --size 800x480 \
    --config "$work/k.conf" --db "$work/k.db" >"$work/out" 2>&1 &
pid=$!
i=0
until [ "$(cat "$work/bl/panel/bl_power")" = 0 ]; do
    i=$((i + 1))
    [ $i -lt 300 ] && kill -0 $pid 2>/dev/null || {
        kill $pid 2>/dev/null
        fail "a backlight left off stayed off in the screen's hours: $(cat "$work/out")"
    }
    sleep 0.1
done
kill -TERM $pid
wait $pid
echo "ok"
