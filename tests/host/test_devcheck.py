#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host test of tools/devcheck.py, which run-qemu.sh calls before every boot: a
partition given a device QEMU was not asked for is named, with how to add it.

Uses the per-config checkers tests/host/host.mk links into BUILD/host/config-json/
and this machine's QEMU (`-machine dumpdtb=`, no boot). Run from the repository
root (tools/runner.py does). One `@T host devcheck.<case> PASS|FAIL [detail]` line
per case; exit status 1 if any failed. Standard library only.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent          # BUILD/host
CHECKERS = HERE / "config-json"
results = []


def t(name, ok, detail=""):
    results.append(ok)
    line = "@T host devcheck.%s %s" % (name, "PASS" if ok else "FAIL")
    if detail and not ok:
        line += " " + " ".join(str(detail).split())[:400]
    print(line, flush=True)


def devcheck(config, *qemu_args):
    r = subprocess.run([sys.executable, "tools/devcheck.py", str(CHECKERS / config)] + list(qemu_args),
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def main():
    # UART1 passed through, QEMU given only Haven's console: named, with the fix.
    rc, out, err = devcheck("test-linux-uart")
    t("uart1_missing.named", rc == 0 and "partition 'linux' is given uart1 (0x09040000)" in err,
      "exit %d: %r" % (rc, err))
    t("uart1_missing.hint", "QEMU_EXTRA='-serial" in err, err)
    t("uart1_missing.one_line", len(err.splitlines()) == 1 and out == "", "%r %r" % (out, err))
    # With a second serial port the machine has UART1: silent.
    rc, out, err = devcheck("test-linux-uart", "-serial", "file:/dev/null")
    t("uart1_given.silent", rc == 0 and err == "" and out == "", "exit %d: %r" % (rc, err))
    # Devices virt always has (the spatial attacker's RTC); a config without devices.
    for cfg in ("test-spatial", "demo"):
        rc, out, err = devcheck(cfg)
        t("%s.silent" % cfg, rc == 0 and err == "" and out == "", "exit %d: %r" % (rc, err))
    # A checker that cannot run: a warning, never a failed boot.
    rc, out, err = devcheck("no-such-config")
    t("bad_checker.warns", rc == 0 and "devices not checked" in err, "exit %d: %r" % (rc, err))
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
