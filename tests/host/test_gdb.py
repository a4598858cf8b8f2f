#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`make gdb` works: a scripted gdb-multiarch session against Haven in QEMU (docs/debugging.md).

Runs tools/gdb.py, as `make gdb CONFIG=baremetal GUEST=alpha` does, with a gdb
batch script: break in hvc_dispatch on partition alpha's first hypercall,
check the backtrace and the vCPU's saved registers (its ELR is in the guest's
symbols), step, break in the guest (tick_loop), then continue to the end.
QEMU must have stopped at the breakpoints and then finished on its own (the
system powers off). No waiting in wall-clock time: gdb retries its connection
until QEMU listens (set tcp connect-timeout), and the session ends when QEMU
does. About 2 s.

Prints one `@T host gdb.<check> PASS|FAIL detail` line per check
(docs/test-protocol.md); built into build/host/test_gdb by tests/host/host.mk.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("BUILD") or "build")
CONFIG = "baremetal"
OUT = BUILD / "qemu-virt" / CONFIG
GDB_SCRIPT = [
    "break hvc_dispatch if v->part == &partitions[0]",
    "continue",
    "backtrace",
    "print/x v->regs.x[0]",
    "info symbol v->regs.elr",
    "next",
    "delete",
    "break tick_loop",
    "continue",
    "backtrace 1",
    "delete",
    "continue",
]
failed = 0


def check(name, ok, detail):
    global failed
    failed += not ok
    print("@T host gdb.%s %s %s" % (name, "PASS" if ok else "FAIL", " ".join(detail.split())[:300]),
          flush=True)


def main():
    make = [os.environ.get("MAKE", "make"), "--no-print-directory", "-s", "CONFIG=" + CONFIG,
            "image", str(OUT / "guests" / "demo.elf")]
    r = subprocess.run(make, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        check("build", False, r.stdout + r.stderr)
        return 1
    cmd = [sys.executable, "tools/gdb.py", "--guest", "alpha", str(OUT), "-batch"]
    for c in GDB_SCRIPT:
        cmd += ["-ex", c]
    env = dict(os.environ, HAVEN_TIMEOUT="30")
    env.pop("HAVEN_GDB_PORT", None)
    try:
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
                           stdin=subprocess.DEVNULL)
        out = r.stdout + r.stderr
    except subprocess.TimeoutExpired as e:
        out = "timeout after 60 s: " + str(e.stdout or "")
    log_file = ROOT / OUT / "gdb-console.log"
    log = log_file.read_text(errors="replace") if log_file.is_file() else ""

    check("breaks_in_hvc_dispatch", re.search(r"hit Breakpoint 1, hvc_dispatch \(v=0x", out) is not None,
          "gdb stopped in hvc_dispatch" if "Breakpoint 1, hvc_dispatch" in out else out[-300:])
    bt = re.search(r"^#0  hvc_dispatch \(v=.*\n#1  0x[0-9a-f]+ in el2_vectors \(\) at arch/aarch64/entry\.S",
                   out, re.M)
    check("backtrace", bt is not None, "hvc_dispatch called from the EL2 vectors" if bt else out[-300:])
    # The guest's first call: the runtime's HAVEN_HVC_SYSTEM_INFO, or PSCI.
    regs = re.search(r"^\$1 = 0x(84|c4|86|c6)[0-9a-f]{6}$", out, re.M)
    check("vcpu_registers", regs is not None,
          "x0 is a PSCI or Haven function id" if regs else "no PSCI/Haven id in x0: " + out[-300:])
    elr = re.search(r"^\w+ \+ \d+ in section \.text of .*/guests/demo\.elf$", out, re.M)
    check("guest_symbols", elr is not None,
          "the vCPU's ELR is in alpha's guest: " + elr.group(0).split(" in ")[0] if elr else out[-300:])
    at = re.search(r"hvc_dispatch \(v=[^)]*\) at core/hypercall\.c:(\d+)\n(\d+)\t.*\n(?:.*\n)*?(\d+)\t",
                   out)
    stepped = at is not None and at.group(1) == at.group(2) and int(at.group(3)) > int(at.group(1))
    check("steps", stepped, "next went from line %s to %s of hvc_dispatch" % (at.group(1), at.group(3))
          if stepped else out[-300:])
    gb = re.search(r"hit Breakpoint 2, tick_loop \(", out)
    check("guest_breakpoint", gb is not None, "stopped in the guest's tick_loop" if gb else out[-300:])
    done = "haven: all partitions stopped; system off" in log and "QEMU exit status 0" in out
    check("system_finishes", done, "the system ran on and powered off" if done else out[-300:])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
