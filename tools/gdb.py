#!/usr/bin/env python3
"""Debug Haven (and a bare-metal guest) in QEMU with gdb-multiarch (docs/debugging.md).

  python3 tools/gdb.py [--guest NAME] OUTDIR [gdb args...]     (make gdb)
  python3 tools/gdb.py --qemu-only OUTDIR                       (make gdb-qemu)
  python3 tools/gdb.py --attach [--guest NAME] OUTDIR [gdb args...]  (make gdb-attach)

OUTDIR is a built system, build/<platform>/<config> (haven.bin, haven.elf, qemu-args).

Default (one terminal): QEMU starts halted before Haven's first instruction, in
the background, through tools/run-qemu.sh (its usual machine and the launcher's
qemu-args) with its gdbstub on a free local TCP port; its console goes to
OUTDIR/gdb-console.log (gdb's `console` command prints it). gdb-multiarch
runs in the foreground with haven.elf's symbols, connected to it. When gdb
exits, QEMU is stopped unless Haven was already powering off or panicking,
and the console's last lines are printed.

--qemu-only: QEMU alone, halted, its console at this terminal, its gdbstub on
HAVEN_GDB_PORT (default 1234); --attach: gdb alone, connected to that port.

--guest NAME adds the symbols of the bare-metal guest a partition runs (NAME:
the partition, or an image only one partition runs): OUTDIR/guests/<image>.elf,
at the partition's load address (guests run with their MMU off, so their
addresses are IPAs; identity-mapped configs make them the PAs too).

Further arguments go to gdb after the connection, e.g. -batch -ex 'break
hvc_dispatch' -ex continue (tests/host/test_gdb.py). Exit status: gdb's.

Environment: HAVEN_GDB_PORT (the port; the default mode picks a free one),
HAVEN_TIMEOUT (run-qemu.sh's hang limit; default 0 = none), GDB (default
gdb-multiarch). Standard library only.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 1234
LOG_NAME = "gdb-console.log"
ENDING = ("haven: all partitions stopped; system off", "haven: PANIC")


def die(msg):
    sys.exit("gdb: " + msg)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def guest_symbols(out, name):
    """(ELF, load address) of the bare-metal guest partition or image `name` runs."""
    r = subprocess.run([str(out / "haven-check"), "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        die("%s/haven-check --json failed:\n%s" % (out, r.stderr))
    parts = json.loads(r.stdout)["partitions"]
    hits = [p for p in parts if p["name"] == name] or \
        [p for p in parts if p["image"]["name"] == name]
    if not hits:
        die("no partition or image '%s' in this config (partitions: %s)"
            % (name, ", ".join(p["name"] for p in parts)))
    if len(hits) > 1:
        die("image '%s' runs in partitions %s: name one" % (name, ", ".join(p["name"] for p in hits)))
    image = hits[0]["image"]
    elf = out / "guests" / (image["name"] + ".elf")
    if not elf.is_file():
        die("no %s: only bare-metal guests (guests/<name>/) have symbols here" % elf)
    return elf, image["load_ipa"]


def gdb_command(out, port, guest, gdb_args, log):
    elf = out / "haven.elf"
    if not elf.is_file():
        die("no %s (build it: make CONFIG=... image)" % elf)
    init = ["set osabi none",  # bare metal: no shared libraries to look for
            "set tcp connect-timeout 30",  # gdb retries until QEMU listens
            "target remote 127.0.0.1:%d" % port,
            # step and next run only the CPU being stepped: another CPU's hit would take over
            "set scheduler-locking step"]
    if guest:
        gelf, addr = guest_symbols(out, guest)
        init.append("add-symbol-file %s -o 0x%x" % (gelf, addr))
    if log:
        init += ["define console", "shell tail -n 30 %s" % log, "end",
                 "document console", "Prints the last 30 lines of Haven's console (%s)." % log, "end"]
    script = out / "gdb-init"
    script.write_text("\n".join(init) + "\n")
    return [os.environ.get("GDB", "gdb-multiarch"), "-q", str(elf), "-x", str(script)] + gdb_args


def qemu_command(out, port):
    image = out / "haven.bin"
    if not image.is_file():
        die("no %s (build it: make CONFIG=... image)" % image)
    return ["sh", str(ROOT / "tools" / "run-qemu.sh"), str(image), "-S",
            "-gdb", "tcp:127.0.0.1:%d" % port]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--qemu-only", action="store_true", help="QEMU alone, halted, console here")
    mode.add_argument("--attach", action="store_true", help="gdb alone, to a --qemu-only QEMU")
    ap.add_argument("--guest", help="add the symbols of this partition's (or image's) guest")
    ap.add_argument("outdir", help="build/<platform>/<config>")
    ap.add_argument("gdb_args", nargs=argparse.REMAINDER, help="passed to gdb")
    args = ap.parse_args()
    out = Path(args.outdir).resolve()
    env = dict(os.environ)
    env.setdefault("HAVEN_TIMEOUT", "0")
    port = int(env.get("HAVEN_GDB_PORT") or 0)

    if args.qemu_only:
        port = port or DEFAULT_PORT
        print("gdb: QEMU is halted before Haven's first instruction, waiting for gdb on port %d:"
              % port)
        print("gdb: in another terminal: make gdb-attach CONFIG=%s" % out.name)
        return subprocess.run(qemu_command(out, port), env=env).returncode
    if args.attach:
        return subprocess.run(gdb_command(out, port or DEFAULT_PORT, args.guest, args.gdb_args,
                                          None)).returncode

    port = port or free_port()
    log = out / LOG_NAME
    with open(log, "wb") as f:
        qemu = subprocess.Popen(qemu_command(out, port), env=env, stdin=subprocess.DEVNULL,
                                stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        print("gdb: QEMU halted before Haven's first instruction (port %d); its console: %s "
              "(gdb command: console)" % (port, log), flush=True)
        # gdb owns the terminal; Ctrl-C is its own (it interrupts the target), not ours.
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            rc = subprocess.run(gdb_command(out, port, args.guest, args.gdb_args, log),
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
                                ).returncode
        finally:
            signal.signal(signal.SIGINT, old)
    finally:
        text = log.read_text(errors="replace")
        if qemu.poll() is None and not any(e in text for e in ENDING):
            os.killpg(qemu.pid, signal.SIGTERM)  # its own session: run-qemu.sh and QEMU
        try:
            qrc = qemu.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(qemu.pid, signal.SIGKILL)
            qrc = qemu.wait()
        lines = log.read_text(errors="replace").rstrip("\n").split("\n")
        print("gdb: QEMU exit status %s; the console's last lines (all of it: %s):" % (qrc, log))
        print("\n".join("  " + line for line in lines[-15:]))
    return rc


if __name__ == "__main__":
    sys.exit(main())
