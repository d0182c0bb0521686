#!/usr/bin/env python3
"""A screen mounted turned: [screen] rotation 0, 90, 180 and 270.

For each angle and three screens (1080x1920 portrait, 800x480 landscape,
and 801x480, whose odd side puts the screen's middle between two pixels)
the kiosk runs headless twice: unturned at the size of the picture the
turned screen shows (the reference), and turned at the screen's size.
Checked against this file's own arithmetic, not the kiosk's:
  - the turned screen shows the reference picture turned clockwise by the
    angle, pixel for pixel (on a grid of points);
  - a finger put down where the turned screen shows the English button
    ("tap-at", screen pixels) chooses English;
  - the turned layout is tidy (the picture has the turned size).

Usage: rotation.py FRONTDOOR FRONTDOOR_ADMIN WORKDIR
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def read_png(path):
    """Width, height and rows of RGB bytes of a PNG as the kiosk writes
    them: 8-bit RGB, unfiltered rows."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(path + ": not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour != 2:
                fail(path + ": not 8-bit RGB")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = 1 + 3 * w
    rows = []
    for y in range(h):
        row = raw[y * stride:(y + 1) * stride]
        if row[0] != 0:
            fail(path + ": a filtered row")
        rows.append(row[1:])
    return w, h, rows


def to_screen(x, y, angle, sw, sh):
    """Where a point of the picture shows on a screen of sw x sh pixels
    when the picture is turned clockwise by `angle`."""
    if angle == 90:
        return sw - 1 - y, x
    if angle == 180:
        return sw - 1 - x, sh - 1 - y
    if angle == 270:
        return y, sh - 1 - x
    return x, y


def run(frontdoor, db, work, name, size, angle, script):
    d = os.path.join(work, name)
    os.makedirs(d)
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write("[screen]\nrotation = %d\n" % angle)
    path = os.path.join(d, "run.script")
    with open(path, "w") as f:
        f.write(script)
    r = subprocess.run([frontdoor, "--headless", "--size", "%dx%d" % size, "--config", conf,
                        "--db", db, "--script", path, "--shots", d],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("%s: %s" % (name, r.stderr.strip()))
    return d


def main():
    frontdoor, admin, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    db = os.path.join(work, "sample.db")
    subprocess.run([admin, "init", "--db", db, "--sample"], check=True, stdout=subprocess.DEVNULL)
    for sw, sh in ((1080, 1920), (800, 480), (801, 480)):
        for angle in (0, 90, 180, 270):
            pw, ph = (sh, sw) if angle in (90, 270) else (sw, sh)
            tag = "%dx%d-%d" % (sw, sh, angle)
            ref = run(frontdoor, db, work, tag + "-ref", (pw, ph), 0,
                      "expect welcome:title\ndump ref\nshot ref\n")
            with open(os.path.join(ref, "ref.jsonl")) as f:
                widgets = {w["id"]: w for w in map(json.loads, f)}
            en = widgets["lang:en"]
            x, y = to_screen(en["x"] + en["w"] // 2, en["y"] + en["h"] // 2, angle, sw, sh)
            turned = run(frontdoor, db, work, tag, (sw, sh), angle,
                         "expect welcome:title\nexpect-tidy\nshot turned\n"
                         "tap-at %d %d\nexpect category:housing\nexpect-tidy\nshot english\n"
                         % (x, y))
            rw, rh, rrows = read_png(os.path.join(ref, "ref.png"))
            tw, th, trows = read_png(os.path.join(turned, "turned.png"))
            if (rw, rh) != (pw, ph) or (tw, th) != (sw, sh):
                fail("%s: shots of %dx%d and %dx%d" % (tag, rw, rh, tw, th))
            wrong = 0
            for py in range(0, ph, 7):
                for px in range(0, pw, 7):
                    qx, qy = to_screen(px, py, angle, sw, sh)
                    if rrows[py][3 * px:3 * px + 3] != trows[qy][3 * qx:3 * qx + 3]:
                        wrong += 1
            if wrong:
                fail("%s: %d points of the picture are not where the turned screen shows them"
                     % (tag, wrong))
            print("%s: the picture turned, and English tapped at %d,%d" % (tag, x, y))
    print("ok")


if __name__ == "__main__":
    main()
