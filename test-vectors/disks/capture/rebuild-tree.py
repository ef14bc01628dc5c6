#!/usr/bin/env python3
"""Rebuilds a fixture tree from the "SYSFS ..." lines guest-dump.sh printed on a guest's console.

    python3 rebuild-tree.py SERIAL_LOG OUT_DIR

Links are written as the kernel had them (relative targets kept as they were); files get the
bytes the kernel returned. /sys, /proc and /dev paths become sys/, proc/, dev/ below OUT_DIR.
"""
import os
import shutil
import sys


def main(log, out):
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    done = False
    for raw in open(log, "rb").read().decode("utf-8", "replace").splitlines():
        line = raw.strip("\r")
        i = line.find("SYSFS ")
        if i < 0:
            continue
        parts = line[i:].split(" ", 3)
        kind = parts[1]
        if kind == "END":
            done = True
            continue
        path = parts[2].lstrip("/")
        if path.startswith("proc/self/") or path.startswith("proc/"):
            pass
        dest = os.path.join(out, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if kind == "L":
            if not os.path.lexists(dest):
                os.symlink(parts[3], dest)
        elif kind == "F":
            data = bytes.fromhex(parts[3]) if len(parts) > 3 else b""
            with open(dest, "wb") as f:
                f.write(data)
        elif kind == "D":
            os.makedirs(dest, exist_ok=True)
            with open(os.path.join(dest, "uevent"), "wb"):
                pass
    if not done:
        sys.exit("no SYSFS END in " + log + ": the dump was cut short")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
