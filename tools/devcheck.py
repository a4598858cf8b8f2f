#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Before a QEMU boot: is every device the config passes through really in the machine?

  python3 tools/devcheck.py CHECKER [QEMU args...]

CHECKER is the system's haven-check (beside haven.bin); the QEMU arguments are the
extra ones the user gives (run-qemu.sh passes its own "$@", i.e. make's QEMU_EXTRA).
On QEMU `virt` some of the platform's assignable devices exist only when QEMU is
asked for them: UART1 (0x09040000) only with a second serial port. A guest that
touches a device QEMU was not given gets a synchronous external abort straight at
EL1: QEMU never routes it to EL2, so Haven cannot see or explain it at run time
(docs/linux.md, "Passing a device to Linux"). This check explains it before the
boot instead: QEMU dumps the device tree of the machine it would build
(`-machine dumpdtb=`, with as many serial ports as the arguments ask for), and
each passed-through device with no node there gets one line on stderr:

  run-qemu: partition 'linux' is given uart1 (0x09040000), but this QEMU machine has
  no device there ... QEMU_EXTRA='-serial file:uart1.txt' ...

It only warns (the run goes on) and always exits 0, except 2 on bad usage.
Standard library only; needs dtc (device-tree-compiler, installed by make setup).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

MACHINE = "virt-10.0,virtualization=on,gic-version=3"

# How to give QEMU `virt` each device that exists only on request.
HINTS = {
    "uart1": "virt has a UART1 only with a second serial port (Haven's console is the "
             "first): QEMU_EXTRA='-serial file:uart1.txt' (or -serial pty)",
}
GENERIC_HINT = "add the device to QEMU's command line with QEMU_EXTRA='...'"


def warn(msg):
    print("run-qemu: " + msg, file=sys.stderr)


def owned_devices(cfg):
    """(partition name, device) for every platform device a partition's mmio overlaps."""
    devs = cfg["platform"]["devices"]
    out = []
    for part in cfg["partitions"]:
        for r in part.get("mmio", []):
            for d in devs:
                if r["pa"] < d["base"] + d["size"] and d["base"] < r["pa"] + r["size"]:
                    out.append((part["name"], d))
    return out


def machine_ranges(qemu, serials):
    """[(base, end)] of every top-level node's reg in the DT of the machine QEMU would build."""
    with tempfile.TemporaryDirectory(prefix="devcheck.") as tmp:
        dtb = os.path.join(tmp, "virt.dtb")
        cmd = [qemu, "-M", MACHINE + ",dumpdtb=" + dtb, "-cpu", "cortex-a55", "-smp", "4",
               "-m", "1G", "-display", "none", "-monitor", "none", "-nic", "none"]
        cmd += ["-serial", "null"] * serials
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30,
                       check=True)
        dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], capture_output=True,
                             text=True, timeout=30, check=True).stdout
    ranges = []
    # Top-level nodes are one tab deep; the root has #address-cells = #size-cells = 2.
    for node in re.finditer(r"^\t[^\t\n]+\{\n(.*?)^\t\};", dts, re.S | re.M):
        m = re.search(r"^\t\treg = <([^>]*)>;", node.group(1), re.M)
        if not m:
            continue
        cells = [int(c, 16) for c in m.group(1).split()]
        for i in range(0, len(cells) - 3, 4):
            base = cells[i] << 32 | cells[i + 1]
            ranges.append((base, base + (cells[i + 2] << 32 | cells[i + 3])))
    return ranges


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    checker, qemu_args = argv[1], argv[2:]
    try:
        cfg = json.loads(subprocess.run([checker, "--json"], capture_output=True, text=True,
                                        timeout=30, check=True).stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as e:
        warn("devcheck: cannot read the config from %s (%s): devices not checked" % (checker, e))
        return 0
    owned = owned_devices(cfg)
    if not owned:
        return 0
    # Every -serial after Haven's own (run-qemu.sh adds that one) is another UART.
    serials = 1 + sum(1 for a in qemu_args if a == "-serial")
    try:
        ranges = machine_ranges(os.environ.get("QEMU", "qemu-system-aarch64"), serials)
    except (OSError, subprocess.SubprocessError) as e:
        warn("devcheck: cannot dump QEMU's device tree (%s): devices not checked" % e)
        return 0
    for name, d in owned:
        if any(lo <= d["base"] < hi for lo, hi in ranges):
            continue
        # PCIe windows: present whenever the host bridge (ECAM) is.
        if d["name"].startswith("pcie-") and any(lo <= 0x4010000000 < hi for lo, hi in ranges):
            continue
        warn("partition '%s' is given %s (0x%08x), but this QEMU machine has no device there: "
             "a guest access gets an external abort at EL1, which Haven cannot see; %s"
             % (name, d["name"], d["base"], HINTS.get(d["name"], GENERIC_HINT)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
