#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host test test_make_run: `make run` at a terminal runs until the system ends or the
person quits; the hang timeout belongs to scripts and tests.

Runs `make run CONFIG=hello` (guests/hello: it prints five lines and powers off) twice:
  tty.no_timeout      on a pseudo-terminal: make says how to quit (Ctrl-A x), and
                      run-qemu.sh's header shows no "(timeout N s)"
  tty.runs_to_end     ... and the system runs to its own power-off (status 0)
  script.timeout      with stdin from /dev/null and a pipe for output (a script): the
                      header shows run-qemu.sh's default "(timeout 30 s)"
  script.runs_to_end  ... and the same power-off
Every wait has a deadline (a passed deadline is a failure, never a wall-clock sleep).
One `@T host make_run.<check>` line per check; exit status 1 if any failed.
"""

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD = os.environ.get("BUILD", "build")
DEADLINE = 60  # wall seconds for each run
HEADER = re.compile(r"^run-qemu: \S*qemu-system-aarch64 .*$", re.M)
results = []


def report(name, ok, detail):
    results.append(ok)
    print("@T host make_run.%s %s %s" % (name, "PASS" if ok else "FAIL", " ".join(detail.split())[:300]),
          flush=True)


def make_cmd():
    return ["make", "--no-print-directory", "BUILD=%s" % BUILD, "CONFIG=hello", "run"]


def env():
    e = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "HAVEN_TIMEOUT")}
    e["TERM"] = "dumb"
    return e


def run_on_pty():
    """Output and exit status of make run with a pty as its terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(make_cmd(), cwd=ROOT, env=env(), stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True)
    os.close(slave)
    out, end = b"", time.monotonic() + DEADLINE
    while time.monotonic() < end:
        r, _, _ = select.select([master], [], [], 1.0)
        if not r:
            continue
        try:
            data = os.read(master, 4096)
        except OSError:  # the terminal's other side closed: make ended
            break
        if not data:
            break
        out += data
    try:
        rc = proc.wait(timeout=max(1.0, end - time.monotonic()))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        rc = None
    os.close(master)
    return out.decode("utf-8", "replace").replace("\r", ""), rc


def main():
    b = subprocess.run(["make", "-s", "--no-print-directory", "BUILD=%s" % BUILD, "CONFIG=hello", "image"],
                       cwd=ROOT, env=env(), capture_output=True, text=True)
    if b.returncode != 0:
        report("build", False, (b.stdout + b.stderr)[-300:])
        return 1

    out, rc = run_on_pty()
    head = HEADER.search(out)
    report("tty.no_timeout", head is not None and "(timeout" not in head.group(0) and "Ctrl-A x quits" in out,
           "header: %s" % (head.group(0)[-80:] if head else "none in: " + out[-300:]))
    report("tty.runs_to_end", rc == 0 and "haven: all partitions stopped; system off" in out,
           "make exit %s; %s" % (rc, out[-200:]))

    r = subprocess.run(make_cmd(), cwd=ROOT, env=env(), stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=DEADLINE)
    out = r.stdout + r.stderr
    head = HEADER.search(out)
    report("script.timeout", head is not None and head.group(0).endswith("(timeout 30 s)"),
           "header: %s" % (head.group(0)[-80:] if head else "none in: " + out[-300:]))
    report("script.runs_to_end", r.returncode == 0 and "haven: all partitions stopped; system off" in out,
           "make exit %s" % r.returncode)
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
