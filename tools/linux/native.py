#!/usr/bin/env python3
"""Boot Haven's Linux guest assets on plain QEMU virt (no hypervisor) and check them.

  python3 tools/linux/native.py [--out build/linux] [--icount] [SCENARIO...]

Scenarios (default: all):
  lifecycle  cloud kernel, mem=200M: cpus, memory, timer, a devmem probe of an
             unassigned address (0x0e000000: QEMU aborts it -> SIGBUS),
             3 boots through reboot -f with the counter in RAM above mem=, poweroff
  rt         PREEMPT_RT kernel: the same checks once, then cyclictest for 3 s

QEMU's own DT is used (so haven.* parameters stand in for the generated DT's
bootargs). --icount runs under -icount shift=0,sleep=off with a 1 GHz counter:
the "@BENCH linux.userspace cntvct=N" line is then the number of instructions
from reset to the first user-space line.

Prints every protocol line, then one summary line per scenario with wall
times; logs go to OUT/native-<scenario>.log. Exit status 0 when every expected
line came and nothing failed.
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time

QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
BASE = ("console=ttyAMA0 haven.cpus=2 haven.probe=0xe000000")

SCENARIOS = {
    "lifecycle": dict(
        kernel="linux.bin", timeout=180,
        append=BASE + " mem=200M haven.mem_mb=200 haven.boots=3 haven.persist=0x4f000000",
        expect=["boot.userspace", "cpus", "memory", "timer.ticks", "irq.all_vcpus",
                "devmem.read.e000000", "devmem.write.e000000",
                "lifecycle.boot1", "lifecycle.boot2", "lifecycle.boot3"]),
    "rt": dict(
        kernel="linux_rt.bin", timeout=180,
        append=BASE + " haven.mem_mb=256 haven.cyclictest=3",
        expect=["boot.userspace", "cpus", "memory", "timer.ticks", "irq.all_vcpus",
                "devmem.read.e000000", "devmem.write.e000000", "cyclictest.ran"]),
}

RE_T = re.compile(r"^@T linux (\S+) (PASS|FAIL)")


def run(name, sc, out, icount):
    cmd = [QEMU, "-M", "virt-10.0,gic-version=3", "-cpu",
           "cortex-a55,cntfrq=1000000000" if icount else "cortex-a55",
           "-smp", "2", "-m", "256M", "-display", "none", "-serial", "stdio", "-monitor", "none",
           "-nic", "none", "-seed", "1", "-rtc", "base=2020-01-01T00:00:00,clock=vm",
           "-kernel", os.path.join(out, sc["kernel"]), "-initrd", os.path.join(out, "initramfs.bin"),
           "-append", sc["append"]]
    if icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    log = open(os.path.join(out, f"native-{name}.log"), "w")
    log.write("# " + " ".join(cmd) + "\n")
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    seen, fails, first, done = {}, [], None, False
    timer = threading.Timer(sc["timeout"], p.kill)
    timer.start()
    try:
        for raw in p.stdout:
            line = raw.decode(errors="replace").rstrip("\r\n")
            now = time.monotonic() - t0
            log.write(f"{now:8.3f} {line}\n")
            if line.startswith("@") or line.startswith("linux:"):
                print(f"  [{name} {now:6.2f}s] {line}")
            m = RE_T.match(line)
            if m:
                seen[m.group(1)] = seen.get(m.group(1), 0) + 1
                if m.group(1) == "boot.userspace" and first is None:
                    first = now
                if m.group(2) == "FAIL":
                    fails.append(line)
            if line == "@DONE":
                done = True
        p.wait()
    finally:
        if timer.is_alive():
            timer.cancel()
        else:
            fails.append(f"timeout after {sc['timeout']} s")
    wall = time.monotonic() - t0
    log.close()
    missing = [e for e in sc["expect"] if e not in seen]
    ok = not fails and not missing and done and p.returncode == 0
    first_s = f"{first:.2f}s" if first is not None else "never"
    print(f"native {name}: {'PASS' if ok else 'FAIL'} first user-space line at {first_s}, "
          f"total {wall:.2f}s, QEMU exit {p.returncode}"
          + (f", missing {' '.join(missing)}" if missing else "")
          + (f", failed: {'; '.join(fails)}" if fails else "")
          + ("" if done else ", no @DONE"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="build/linux")
    ap.add_argument("--icount", action="store_true")
    ap.add_argument("scenario", nargs="*", help=" | ".join(SCENARIOS))
    args = ap.parse_args()
    names = args.scenario or list(SCENARIOS)
    for n in names:
        if n not in SCENARIOS:
            ap.error(f"unknown scenario {n} (one of: {' '.join(SCENARIOS)})")
    results = [run(n, SCENARIOS[n], args.out, args.icount) for n in names]
    print(f"native: {sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
