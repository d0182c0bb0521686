#!/bin/sh
# The Debian packages in a fresh Debian 12 root: install, use, upgrade,
# purge.
#   package.sh BUILD_DIR WORKDIR
# Makes the packages from BUILD_DIR with CPack (lintian finds no error or
# warning in them), and a rebuilt pair with a higher version; unpacks a
# minimal Debian 12 root made by debootstrap (kept in FRONTDOOR_ROOT_CACHE,
# default ~/.cache/frontdoor, between runs, with the packages apt
# downloads); installs both packages there with apt,
# which fetches their dependencies from the host's Debian mirror. Then:
# the units pass systemd-analyze verify, check-config passes, the sample
# loads only when asked, a headless script and the report timer's command
# run as the kiosk's user, the collector serves with its default
# arguments, an upgrade keeps a changed configuration and the database,
# and a purge leaves nothing behind. Last, the root boots under
# systemd-nspawn with the package installed again: frontdoor.service
# (offscreen) becomes active only after READY=1, systemd's own watchdog
# restarts it when it hangs (SIGSTOP), past the restart limit
# frontdoor-out-of-order.service takes over, and frontdoor-sync.service
# and frontdoor-collector.service run.
# Needs root (debootstrap, chroot, mount); exits 77 (skipped) without it.
set -eu
build=$(cd "$1" && pwd)
work=$2

if [ "$(id -u)" != 0 ]; then
    echo "package test: needs root (debootstrap, chroot, mount); skipped"
    exit 77
fi
for tool in debootstrap dpkg-deb cpack lintian systemd-nspawn nsenter; do
    command -v "$tool" >/dev/null || {
        echo "FAIL: $tool is missing (scripts/deps installs it)"
        exit 1
    }
done

cache=${FRONTDOOR_ROOT_CACHE:-${HOME:-/root}/.cache/frontdoor}
root=$work/root
mounted=""
leader=""
cleanup() {
    # The container's first process: its end ends every process in it.
    [ -n "$leader" ] && kill -9 "$leader" 2>/dev/null
    for m in $mounted; do umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
if [ -d "$root" ]; then
    umount -l "$root/proc" "$root/var/cache/apt/archives" 2>/dev/null || true
fi
rm -rf "$work"
mkdir -p "$work" "$cache/archives"

fail() {
    echo "FAIL: $*"
    exit 1
}
step() { echo "== $*"; }

# The host's mirror, as its apt sources name it.
mirror=$(sed -n 's/^URIs: *\([^ ]*debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
    head -n 1)
[ -n "$mirror" ] ||
    mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\(http[^ ]*\) bookworm .*/\2/p' \
        /etc/apt/sources.list 2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}

step "packages"
(cd "$build" && cpack -G DEB -B "$work/v1" >"$work/cpack1.log" 2>&1) ||
    fail "cpack: $(tail -n 5 "$work/cpack1.log")"
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[ -n "$version" ] || fail "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"
(cd "$build" && cpack -G DEB -B "$work/v2" -D CPACK_PACKAGE_VERSION="$version+rebuilt" \
    >"$work/cpack2.log" 2>&1) || fail "cpack (rebuilt): $(tail -n 5 "$work/cpack2.log")"
kiosk_deb=$(ls "$work"/v1/frontdoor_*.deb)
lintian --fail-on error,warning "$work"/v1/*.deb >"$work/lintian.log" 2>&1 ||
    fail "lintian: $(cat "$work/lintian.log")"
collector_deb=$(ls "$work"/v1/frontdoor-collector_*.deb)
kiosk_deb2=$(ls "$work"/v2/frontdoor_*.deb)
collector_deb2=$(ls "$work"/v2/frontdoor-collector_*.deb)

step "a fresh Debian 12 root"
tarball=$cache/bookworm-minbase.tar
if [ ! -s "$tarball" ]; then
    debootstrap --variant=minbase bookworm "$work/boot" "$mirror" >"$work/debootstrap.log" 2>&1 ||
        fail "debootstrap from $mirror: $(tail -n 5 "$work/debootstrap.log")"
    tar -C "$work/boot" -cf "$tarball.new" . && mv "$tarball.new" "$tarball"
    rm -rf "$work/boot"
fi
mkdir "$root"
tar -C "$root" -xf "$tarball"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
mount -t proc proc "$root/proc"
mounted="$root/proc"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
mounted="$root/var/cache/apt/archives $mounted"

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_kiosk() {
    in_root setpriv --reuid=frontdoor --regid=frontdoor --init-groups --reset-env "$@"
}
apt_get() {
    in_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y \
        -o Acquire::Check-Valid-Until=false -o Dpkg::Options::=--force-confdef \
        -o Dpkg::Options::=--force-confold "$@"
}

step "install"
mkdir "$root/debs"
cp "$kiosk_deb" "$collector_deb" "$kiosk_deb2" "$collector_deb2" "$root/debs/"
apt_get update >"$work/apt.log" 2>&1 || fail "apt-get update: $(tail -n 5 "$work/apt.log")"
# systemd only to check the units; nothing is started.
apt_get install --no-install-recommends systemd >>"$work/apt.log" 2>&1 ||
    fail "apt-get install systemd: $(tail -n 5 "$work/apt.log")"
find "$root" -xdev -path "$root/proc" -prune -o -path "$root/debs" -prune -o -print |
    sed "s|^$root||" | sort >"$work/before.list"
apt_get install --no-install-recommends "/debs/$(basename "$kiosk_deb")" \
    "/debs/$(basename "$collector_deb")" >>"$work/apt.log" 2>&1 ||
    fail "apt-get install: $(tail -n 20 "$work/apt.log")"

step "what the kiosk's package made"
in_root id -nG frontdoor | tr ' ' '\n' | sort >"$work/groups"
for g in frontdoor input render video; do
    grep -qx "$g" "$work/groups" || fail "frontdoor is not in group $g: $(cat "$work/groups")"
done
uid=$(in_root id -u frontdoor)
for f in catalogue.db kiosk.key counts.db; do
    owner=$(stat -c %u "$root/var/lib/frontdoor/$f") || fail "no /var/lib/frontdoor/$f"
    [ "$owner" = "$uid" ] || fail "/var/lib/frontdoor/$f belongs to uid $owner, not frontdoor's $uid"
done
[ "$(stat -c %a "$root/var/lib/frontdoor/kiosk.key")" = 600 ] ||
    fail "kiosk.key is not 0600"
in_root frontdoor-admin info --db /var/lib/frontdoor/catalogue.db >"$work/info0" 2>&1 || true
grep -q "sample" "$work/info0" && fail "the sample was loaded unasked: $(cat "$work/info0")"

step "systemd-analyze verify"
in_root systemd-analyze verify /lib/systemd/system/frontdoor.service \
    /lib/systemd/system/frontdoor-out-of-order.service /lib/systemd/system/frontdoor-sync.service \
    /lib/systemd/system/frontdoor-sync.timer /lib/systemd/system/frontdoor-collector.service \
    >"$work/verify.log" 2>&1 || fail "systemd-analyze verify: $(cat "$work/verify.log")"
grep "frontdoor" "$work/verify.log" && fail "systemd-analyze verify warns about the units"

step "check-config"
# Before the sample, the one problem is the empty catalogue.
in_root frontdoor-admin check-config --db /var/lib/frontdoor/catalogue.db >"$work/check" 2>&1 &&
    fail "check-config passes an empty catalogue"
grep -q "1 problem" "$work/check" && grep -q "holds no catalogue" "$work/check" ||
    fail "check-config on the fresh install: $(cat "$work/check")"

step "the sample, when asked, and a headless script as the kiosk's user"
as_kiosk frontdoor-admin init --db /var/lib/frontdoor/catalogue.db --sample >/dev/null ||
    fail "init --sample as frontdoor"
in_root frontdoor-admin check-config --db /var/lib/frontdoor/catalogue.db >"$work/check" 2>&1 ||
    fail "check-config: $(cat "$work/check")"
cat >"$root/tmp/walk.script" <<'EOF'
expect welcome:title
expect sample
tap lang:fi
expect category:housing
tap category:housing
shot housing
EOF
mkdir -m 0777 "$root/tmp/shots"
as_kiosk frontdoor --headless --size 800x480 --db /var/lib/frontdoor/catalogue.db \
    --script /tmp/walk.script --shots /tmp/shots >"$work/walk.log" 2>&1 ||
    fail "headless script in the root: $(cat "$work/walk.log")"
[ -s "$root/tmp/shots/housing.png" ] || fail "the script wrote no shot"

step "the report timer's command, as the kiosk's user"
as_kiosk frontdoor-admin sync --if-due --db /var/lib/frontdoor/catalogue.db >"$work/sync.log" 2>&1 ||
    fail "frontdoor-sync.service's command: $(cat "$work/sync.log")"
grep -q "no collector configured" "$work/sync.log" || fail "sync: $(cat "$work/sync.log")"

step "the collector with its default arguments"
# As the unit starts it, on a free port: this machine's 8080 may be taken.
in_root sh -c '. /etc/default/frontdoor-collector &&
    args=$(echo "$FRONTDOOR_COLLECTOR_ARGS" | sed "s/--listen [^ ]*/--listen 127.0.0.1:0/") &&
    exec setpriv --reuid=frontdoor-collector --regid=frontdoor-collector --init-groups \
        --reset-env frontdoor-collector serve $args' >"$work/serve.log" 2>&1 &
serve=$!
i=0
until grep -q "listening on" "$work/serve.log"; do
    i=$((i + 1))
    [ $i -lt 100 ] && kill -0 $serve 2>/dev/null || fail "collector: $(cat "$work/serve.log")"
    sleep 0.1
done
kill $serve
wait $serve 2>/dev/null || true
[ -s "$root/var/lib/frontdoor-collector/reports.db" ] || fail "the collector made no store"

step "upgrade"
echo "# changed by the centre" >>"$root/etc/frontdoor/frontdoor.conf"
sum_conf=$(sha256sum <"$root/etc/frontdoor/frontdoor.conf")
sum_key=$(sha256sum <"$root/var/lib/frontdoor/kiosk.key")
in_root frontdoor-admin info --db /var/lib/frontdoor/catalogue.db >"$work/info1"
apt_get install --no-install-recommends "/debs/$(basename "$kiosk_deb2")" \
    "/debs/$(basename "$collector_deb2")" >>"$work/apt.log" 2>&1 ||
    fail "upgrade: $(tail -n 20 "$work/apt.log")"
in_root dpkg-query -W -f '${Version}' frontdoor | grep -q "+rebuilt" || fail "not upgraded"
[ "$(sha256sum <"$root/etc/frontdoor/frontdoor.conf")" = "$sum_conf" ] ||
    fail "the upgrade changed the centre's configuration"
[ "$(sha256sum <"$root/var/lib/frontdoor/kiosk.key")" = "$sum_key" ] ||
    fail "the upgrade changed the kiosk's key"
in_root frontdoor-admin info --db /var/lib/frontdoor/catalogue.db >"$work/info2"
cmp -s "$work/info1" "$work/info2" || fail "the upgrade changed the catalogue: $(diff "$work/info1" "$work/info2")"
grep -q sample "$work/info2" || fail "no catalogue after the upgrade: $(cat "$work/info2")"

step "purge"
apt_get purge frontdoor frontdoor-collector >>"$work/apt.log" 2>&1 ||
    fail "purge: $(tail -n 20 "$work/apt.log")"
# And what was installed only for them (libqrencode4 among them, though
# systemd, here only to check the units, suggests it).
apt_get -o APT::AutoRemove::SuggestsImportant=false autoremove --purge >>"$work/apt.log" 2>&1 ||
    fail "autoremove: $(tail -n 20 "$work/apt.log")"
find "$root" -xdev -path "$root/proc" -prune -o -path "$root/debs" -prune -o -print |
    sed "s|^$root||" | sort >"$work/after.list"
# What apt and dpkg keep of any package (their logs, caches and lists) is
# theirs, /run is gone at the next boot, and the shots were the test's.
comm -13 "$work/before.list" "$work/after.list" |
    grep -v -e '^/var/log/' -e '^/var/cache/' -e '^/var/lib/apt/' -e '^/var/lib/dpkg/' \
        -e '^/run/' -e '^/tmp/' >"$work/left" || true
[ ! -s "$work/left" ] || fail "the purge left: $(head -n 20 "$work/left")"

step "under a real systemd: ready, the watchdog, the restart limit, the timer"
apt_get install --no-install-recommends "/debs/$(basename "$kiosk_deb2")" \
    "/debs/$(basename "$collector_deb2")" >>"$work/apt.log" 2>&1 ||
    fail "install again: $(tail -n 20 "$work/apt.log")"
as_kiosk frontdoor-admin init --db /var/lib/frontdoor/catalogue.db --sample >/dev/null ||
    fail "init --sample as frontdoor"
# A container has no console and no KMSDRM: the same units, drawn
# offscreen, and a watchdog of 3 s instead of 30.
for unit in frontdoor frontdoor-out-of-order; do
    flags=""
    [ "$unit" = frontdoor-out-of-order ] && flags="--out-of-order "
    mkdir -p "$root/etc/systemd/system/$unit.service.d"
    cat >"$root/etc/systemd/system/$unit.service.d/container.conf" <<EOF
[Service]
Environment=SDL_VIDEODRIVER=offscreen
StandardInput=null
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
ExecStart=
ExecStart=/usr/bin/frontdoor ${flags}--windowed --size 800x480 --db /var/lib/frontdoor/catalogue.db
EOF
done
echo "WatchdogSec=3" >>"$root/etc/systemd/system/frontdoor.service.d/container.conf"
for m in $mounted; do umount "$m"; done
mounted=""
# A network of its own: the collector's port is the container's.
systemd-nspawn -q -D "$root" --boot --register=no --keep-unit --private-network \
    --machine="frontdoor-test-$$" >"$work/boot.log" 2>&1 &
nspawn=$!
i=0
until leader=$(pgrep -P $nspawn) && [ -n "$leader" ]; do
    i=$((i + 1))
    [ $i -lt 300 ] || fail "no container: $(cat "$work/boot.log")"
    sleep 0.1
done
in_box() { nsenter -t "$leader" -m -p -- "$@"; }
show() { in_box systemctl show -p "$1" --value "$2"; }
# wait_for SECONDS WHAT COMMAND...: until the command succeeds.
wait_for() {
    end=$(($(date +%s) + $1))
    what=$2
    shift 2
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt $end ] || fail "$what: $(in_box journalctl -n 30 --no-pager 2>&1)"
        sleep 0.2
    done
}
booted() { in_box systemctl is-system-running | grep -qvx -e initializing -e starting; }
wait_for 60 "the container did not boot" booted
# Type=notify: "active" only once the kiosk has said READY=1.
in_box systemctl start frontdoor.service || fail "start: $(in_box journalctl -u frontdoor --no-pager)"
[ "$(show ActiveState frontdoor.service)" = active ] || fail "frontdoor.service is not active"
first=$(show MainPID frontdoor.service)
# Left alone, it keeps pinging: two watchdog times later it is the same
# process, never restarted.
sleep 7
[ "$(show MainPID frontdoor.service)" = "$first" ] && [ "$(show NRestarts frontdoor.service)" = 0 ] ||
    fail "a healthy, idle kiosk was restarted: $(in_box journalctl -u frontdoor --no-pager)"
# A hang: the process alive and silent; systemd's watchdog restarts it.
in_box sh -c "kill -STOP $first"
restarted() {
    [ "$(show NRestarts frontdoor.service)" -ge 1 ] &&
        [ "$(show ActiveState frontdoor.service)" = active ] &&
        [ "$(show MainPID frontdoor.service)" != "$first" ]
}
wait_for 60 "the watchdog did not restart the hung kiosk" restarted
in_box journalctl -u frontdoor.service --no-pager | grep -q "Watchdog timeout" ||
    fail "no watchdog timeout in the journal"
# Crashing again and again: past the limit, the out-of-order screen.
crash() {
    pid=$(show MainPID frontdoor.service)
    [ "$pid" != 0 ] && in_box sh -c "kill -KILL $pid"
    [ "$(in_box systemctl is-active frontdoor-out-of-order.service)" = active ]
}
wait_for 90 "no out-of-order screen after the restart limit" crash
[ "$(show ActiveState frontdoor.service)" = failed ] || fail "frontdoor.service has not given up"
# The timer's service, hardened as it is.
in_box systemctl start frontdoor-sync.service ||
    fail "frontdoor-sync.service: $(in_box journalctl -u frontdoor-sync --no-pager)"
# The collector, with its default arguments, under its own hardening.
in_box systemctl start frontdoor-collector.service
listening() { in_box journalctl -u frontdoor-collector --no-pager | grep -q "listening on"; }
wait_for 30 "the collector does not listen" listening
[ "$(in_box systemctl is-active frontdoor-collector.service)" = active ] ||
    fail "frontdoor-collector.service: $(in_box journalctl -u frontdoor-collector --no-pager)"
in_box systemctl poweroff
i=0
while kill -0 $nspawn 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 300 ] || fail "the container does not stop"
    sleep 0.1
done
leader=""
echo "ok"

