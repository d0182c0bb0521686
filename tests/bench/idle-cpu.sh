#!/bin/sh
# Measures the CPU an idle kiosk uses, in real time, under the offscreen
# driver (alone, and pinging a watchdog of 30 s as under frontdoor.service,
# a listener on the notify socket standing in for systemd) and under X11
# (Xvfb, from the xvfb package). Prints one figure a line:
#   idle_cpu_DRIVER: PERCENT % over SECONDS s
# WATCHDOG_USEC in the environment sets another watchdog time.
# Usage: tests/bench/idle-cpu.sh BUILD_DIR [SECONDS]
set -eu
build=$1
secs=${2:-30}
work=$(mktemp -d)
trap 'kill $kiosk_pid $xvfb_pid $notify_pid 2>/dev/null || true; rm -rf "$work"' EXIT
kiosk_pid="" xvfb_pid="" notify_pid=""

"$build/frontdoor-admin" init --db "$work/s.db" --sample >/dev/null
cpu_ns() { # time a process has spent on a CPU, in nanoseconds (exact, unlike tick counts)
    awk '{print $1}' "/proc/$1/schedstat"
}

measure() { # driver name, then the environment for the kiosk
    name=$1
    shift
    env "$@" "$build/frontdoor" --windowed --size 1080x1920 --db "$work/s.db" 2>/dev/null &
    kiosk_pid=$!
    sleep 5 # start and first frame
    t0=$(cpu_ns $kiosk_pid)
    sleep "$secs"
    t1=$(cpu_ns $kiosk_pid)
    kill $kiosk_pid
    wait $kiosk_pid 2>/dev/null || true
    awk -v d=$((t1 - t0)) -v s="$secs" -v n="$name" \
        'BEGIN { printf "idle_cpu_%s: %.3f %% over %d s\n", n, 100 * d / 1e9 / s, s }'
}

measure offscreen SDL_VIDEODRIVER=offscreen

python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
while True:
    s.recv(4096)
' "$work/notify" &
notify_pid=$!
sleep 1
measure offscreen_watchdog SDL_VIDEODRIVER=offscreen NOTIFY_SOCKET="$work/notify" WATCHDOG_USEC=${WATCHDOG_USEC:-30000000}

if command -v Xvfb >/dev/null; then
    Xvfb :77 -screen 0 1080x1920x24 -nolisten tcp 2>/dev/null &
    xvfb_pid=$!
    sleep 1
    measure x11 DISPLAY=:77 SDL_VIDEODRIVER=x11
else
    echo "idle_cpu_x11: skipped (install xvfb)"
fi
