#!/usr/bin/env python3
"""Host test test_console_pty: a person at the console of the default system.

Boots configs/demo.c with tools/run-qemu.sh on a pseudo-terminal, as `make demo` or
`make run` does at a terminal (HAVEN_ATTENDED=1 says so explicitly; a pty is a terminal
anyway), and types at Linux's shell like a person would:

  shell        a shell prompt comes (Linux's init learnt "attended" from Haven's DT;
               nothing config-specific: any console-input Linux partition does this)
  ctrl_c       `sleep 30`, then Ctrl-C (0x03): the prompt returns, `$?` is 130 (killed
               by SIGINT) and the guest's own clock (/proc/uptime) moved less than 30 s
  ctrl_z       `sleep 30`, then Ctrl-Z (0x1a): the job is reported stopped, `jobs`
               lists it, and it can be killed
  no_protocol  no protocol line (@T, @BENCH, @DONE, "N checks") from any partition in all
               of it: neither Linux nor the bare-metal ticker (the guest runtime asks
               Haven, HAVEN_HVC_SYSTEM_INFO) prints one for a person
  poweroff     `poweroff` ends Linux; the ticker then stops and Haven powers off (exit 0)

Every wait is for console output with a deadline; a deadline that passes is a
failure (never a wall-clock sleep). Prints one `@T host console_pty.<check>` line per
check; exits 1 if any failed. Standard library only.
"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD = os.environ.get("BUILD", "build")
IMAGE = Path(BUILD) / "qemu-virt" / "demo" / "haven.bin"
PROMPT = re.compile(r"haven-linux:\S*# $")
PROTOCOL = re.compile(r"^\[\w+\] .*(@T |@BENCH|@DONE|\d+ checks, \d+ failed)", re.M)
DEADLINE = 100  # wall seconds for the whole session (the runner allows a host test 120)

results = []


def report(name, ok, detail=""):
    results.append(ok)
    print("@T host console_pty.%s %s%s" % (name, "PASS" if ok else "FAIL", " " + detail if detail else ""))
    sys.stdout.flush()


class Console:
    def __init__(self, cmd, env):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.text = ""
        self.end = time.monotonic() + DEADLINE

    def read(self, timeout):
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError:  # the other side closed: QEMU exited
            return None
        if not data:
            return None
        self.text += data.decode("utf-8", "replace").replace("\r", "")
        return True

    def expect(self, pattern, start):
        """Waits until pattern matches the output from offset start; the match or None."""
        pat = re.compile(pattern, re.M)
        while True:
            m = pat.search(self.text, start)
            if m:
                return m
            left = self.end - time.monotonic()
            if left <= 0 or self.read(min(left, 1.0)) is None:
                return None

    def send(self, data):
        os.write(self.master, data)

    def command(self, line):
        """Types a line at the prompt; returns the output offset before it."""
        start = len(self.text)
        self.send(line.encode() + b"\r")
        return start

    def close(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)


def uptime(m):
    return float(m.group(1)) if m else None


def session(con):
    m = con.expect(r"^\[linux\] .*haven-linux:\S*# ", 0)
    report("shell", m is not None, "prompt after %d bytes" % len(con.text) if m else
           "no shell prompt within %d s (tail: %r)" % (DEADLINE, con.text[-300:]))
    if not m:
        return

    # Ctrl-C: the job prints the time and becomes sleep 30; once the line is out, the
    # job is the terminal's foreground process group, whether or not exec is done.
    at = con.command("sh -c 'read t r </proc/uptime; echo C0=$t; exec sleep 30'")
    t0 = uptime(con.expect(r"^\[linux\] C0=([0-9.]+)\n", at))
    con.send(b"\x03")
    at = con.command("echo rc=$?; read t1 r </proc/uptime; echo C1=$t1")
    m = con.expect(r"^\[linux\] rc=(\d+)\n(?:.*\n)*?\[linux\] C1=([0-9.]+)\n", at)
    rc = int(m.group(1)) if m else None
    t1 = float(m.group(2)) if m else None
    ok = t0 is not None and rc == 130 and t1 is not None and t1 - t0 < 20
    report("ctrl_c", ok, "sleep 30: status %s, guest uptime %s -> %s" % (rc, t0, t1) if m or t0 else
           "no answer (tail: %r)" % con.text[-300:])

    # Ctrl-Z: the shell stops the job and can list and kill it.
    at = con.command("sh -c 'echo Z0; exec sleep 30'")
    z0 = con.expect(r"^\[linux\] Z0\n", at)
    if z0:
        con.send(b"\x1a")
    back = con.expect(r"Stopped.*sleep 30.*\n(?:.*\n)*?.*haven-linux:\S*# ", z0.end()) if z0 else None
    at = con.command("jobs; kill -9 %1; wait; echo Z1=done")
    listed = con.expect(r"\[1\].*Stopped.*sleep 30.*\n(?:.*\n)*?\[linux\] Z1=done\n", at) if back else None
    report("ctrl_z", listed is not None, "prompt back, job listed as stopped, killed" if listed else
           "%s (tail: %r)" % ("no 'Stopped' job and prompt after Ctrl-Z" if not back else "no stopped job listed",
                              con.text[-300:]))

    at = con.command("poweroff")
    off = con.expect(r"^haven: all partitions stopped; system off", at)
    rc = None
    if off:
        while con.proc.poll() is None and time.monotonic() < con.end:
            if con.read(min(max(con.end - time.monotonic(), 0), 1.0)) is None:
                break
        try:
            rc = con.proc.wait(timeout=max(con.end - time.monotonic(), 1))
        except subprocess.TimeoutExpired:
            rc = None
    bad = [ln for ln in con.text.split("\n") if PROTOCOL.match(ln)]
    report("no_protocol", not bad, "%d protocol line(s) from a partition, first: %r" % (len(bad), bad[0]) if bad
           else "none in the whole session")
    report("poweroff", off is not None and rc == 0, "run-qemu.sh status %s" % rc if off else
           "no system off (tail: %r)" % con.text[-300:])


def main():
    b = subprocess.run(["make", "-s", "--no-print-directory", "BUILD=%s" % BUILD, "CONFIG=demo", "image"],
                       cwd=ROOT, capture_output=True, text=True)
    if b.returncode != 0:
        report("build", False, "make CONFIG=demo image failed: %s" % (b.stdout + b.stderr)[-300:])
        return 1
    env = dict(os.environ, HAVEN_ATTENDED="1", HAVEN_TIMEOUT=str(DEADLINE + 10), TERM="dumb")
    env.pop("HAVEN_ICOUNT", None)
    env.pop("HAVEN_STDIN", None)
    con = Console(["sh", "tools/run-qemu.sh", str(IMAGE)], env)
    try:
        session(con)
    finally:
        con.close()
        log = ROOT / BUILD / "host" / "console_pty.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(con.text)
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
