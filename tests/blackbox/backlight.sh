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

# start: the kiosk, real and offscreen, on the stand-in devices.
start() {
    FRONTDOOR_BACKLIGHT_DIR="$work/bl" SDL_VIDEODRIVER=offscreen "$kiosk" --windowed \
        --size 800x480 --config "$work/k.conf" --db "$work/k.db" >"$work/out" 2>&1 &
    pid=$!
}

# until_power WHY VALUE DEVICES...: waits until every device's bl_power
# is VALUE, failing with WHY after 30 s or when the kiosk has ended.
until_power() {
    why=$1 value=$2
    shift 2
    i=0
    while :; do
        all=1
        for dev in "$@"; do
            [ "$(cat "$work/bl/$dev/bl_power")" = "$value" ] || all=0
        done
        [ $all = 1 ] && return 0
        i=$((i + 1))
        [ $i -lt 300 ] && kill -0 $pid 2>/dev/null || {
            kill $pid 2>/dev/null
            fail "$why: $(cat "$work/out")"
        }
        sleep 0.1
    done
}

# Open on one day only, two days from now: today is dark all day.
day=$(LC_ALL=C date -d "+2 days" +%a)
printf '[screen]\nhours = %s 09:00-17:00\n' "$day" >"$work/k.conf"
start
until_power "the backlights stayed on outside the screen's hours" 4 panel hdmi
kill -TERM $pid
wait $pid
[ "$(cat "$work/bl/panel/bl_power")" = 0 ] && [ "$(cat "$work/bl/hdmi/bl_power")" = 0 ] ||
    fail "the backlights stayed off after the kiosk stopped"

# In its hours (every day, all day) it turns a backlight left off on.
echo 4 >"$work/bl/panel/bl_power"
printf '[screen]\nhours = Mon-Sun 00:00-24:00\n' >"$work/k.conf"
start
until_power "a backlight left off stayed off in the screen's hours" 0 panel
kill -TERM $pid
wait $pid
echo "ok"
