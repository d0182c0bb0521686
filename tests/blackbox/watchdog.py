#!/usr/bin/env python3
"""The kiosk under a stand-in for systemd's notify protocol and watchdog.

What frontdoor.service asks of systemd (Type=notify, WatchdogSec=,
Restart=always), done here as systemd does it: the kiosk is started with
NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID set; only datagrams whose
sender (SO_PASSCRED) is the main process count; the watchdog runs from
READY=1; when a ping is late the process gets SIGABRT, then SIGKILL if it
is still there, and is started again.

Checks: READY=1 comes, pings keep coming from an idle kiosk, a kiosk
whose loop hangs (stopped with SIGSTOP: alive, not exiting, silent) is
restarted and says READY=1 again, and the processes the kiosk starts do not
inherit the watchdog.

Usage: watchdog.py FRONTDOOR FRONTDOOR_ADMIN WORKDIR
"""
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

WATCHDOG_SEC = 2.0
ABORT_SEC = 3.0  # SIGABRT to SIGKILL, as TimeoutAbortSec=
DEADLINE = 60.0  # the longest any step may take before the test fails


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


class Supervisor:
    def __init__(self, work, argv, env):
        self.argv = argv
        self.env = env
        self.path = os.path.join(work, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.pid = 0
        self.starts = 0

    def start(self):
        pid = os.fork()
        if pid == 0:
            env = dict(self.env)
            env["NOTIFY_SOCKET"] = self.path
            env["WATCHDOG_USEC"] = str(int(WATCHDOG_SEC * 1e6))
            env["WATCHDOG_PID"] = str(os.getpid())
            try:
                os.execve(self.argv[0], self.argv, env)
            finally:
                os._exit(127)
        self.pid = pid
        self.starts += 1
        self.ready = False
        self.last_ping = None

    def receive(self, timeout):
        """The next message from the main process, or None at the timeout."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                data, anc, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
            except socket.timeout:
                return None
            sender = 0
            for level, kind, payload in anc:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    sender = struct.unpack("iII", payload[:12])[0]
            if sender != self.pid:
                fail("a message from pid %d, not the kiosk's %d: %r" % (sender, self.pid, data))
            return data.decode()

    def exited(self):
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        return status if pid == self.pid else None

    def stop(self):
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0

    def wait_ready(self):
        while True:
            msg = self.receive(DEADLINE)
            if msg is None:
                fail("no READY=1 within %d s of the start" % DEADLINE)
            if "READY=1" in msg.split("\n"):
                self.ready = True
                self.last_ping = time.monotonic()
                return
            if "WATCHDOG=1" in msg.split("\n"):
                fail("a watchdog ping before READY=1")

    def watch(self, seconds):
        """Supervises for `seconds` as systemd would; returns the pings
        received and whether the watchdog fired (the process then killed,
        as systemd does, and not yet started again)."""
        pings = 0
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            overdue = self.last_ping + WATCHDOG_SEC
            msg = self.receive(max(0.0, min(end, overdue) - time.monotonic()))
            if msg is not None:
                if "WATCHDOG=1" in msg.split("\n"):
                    pings += 1
                    self.last_ping = time.monotonic()
                continue
            if self.exited() is not None:
                fail("the kiosk exited by itself")
            if time.monotonic() >= overdue:
                os.kill(self.pid, signal.SIGABRT)
                gone = time.monotonic() + ABORT_SEC
                while time.monotonic() < gone:
                    if self.exited() is not None:
                        self.pid = 0
                        break
                    time.sleep(0.05)
                self.stop()
                return pings, True
        return pings, False


def main():
    frontdoor, admin, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    db = os.path.join(work, "catalogue.db")
    subprocess.run([admin, "init", "--db", db, "--sample"], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ)
    env["SDL_VIDEODRIVER"] = "offscreen"
    env.pop("NOTIFY_SOCKET", None)
    argv = [frontdoor, "--windowed", "--size", "800x480", "--config", "/dev/null", "--db", db]
    sup = Supervisor(work, argv, env)
    try:
        sup.start()
        first = sup.pid
        sup.wait_ready()
        print("ready: pid %d" % first)

        # Idle: nobody touches it, and pings still come, each in time.
        pings, fired = sup.watch(4 * WATCHDOG_SEC)
        if fired:
            fail("the watchdog fired on an idle, healthy kiosk")
        if pings < 4:
            fail("only %d pings in %.0f s with WatchdogSec=%.0f" % (pings, 4 * WATCHDOG_SEC, WATCHDOG_SEC))
        print("idle: %d pings in %.0f s" % (pings, 4 * WATCHDOG_SEC))

        # A hang: the process stays, silent.
        os.kill(first, signal.SIGSTOP)
        pings, fired = sup.watch(DEADLINE)
        if not fired:
            fail("the watchdog never fired on a hung kiosk")
        print("hung: the watchdog fired after %d more pings" % pings)

        sup.start()
        if sup.pid == first:
            fail("the same pid came back")
        sup.wait_ready()
        pings, fired = sup.watch(2 * WATCHDOG_SEC)
        if fired or pings < 2:
            fail("the restarted kiosk is not pinging (%d pings)" % pings)
        print("restarted: pid %d ready, %d pings" % (sup.pid, pings))
    finally:
        sup.stop()
    print("ok")


if __name__ == "__main__":
    main()
