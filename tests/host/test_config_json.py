#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host test of `haven-check --json` and `--list-images`, the way tools read a
config (docs/config-reference.md, "Reading a config from a tool").

tests/host/host.mk links one checker per config into BUILD/host/config-json/<name>
(every configs/<name>.c, and tests/host/configs/images-in-macros.c) and installs
this file as BUILD/host/test_config_json; tools/runner.py runs it from the
repository root. One `@T host config_json.<case> PASS|FAIL [detail]` line per
case; exit status 1 if any failed. Standard library only.

Cases:
  <config>.json      --json exits 0 and prints one JSON object of the documented
                     shape (ids in order, vcpus = number of CPUs, integers, ...)
  <config>.images    --list-images = the sorted names in image and extra[]
  every_config       each configs/*.c has its checker here
  bench, bench_linux, macros
                     known values of configs/bench.c, configs/bench-linux.c (the
                     configs tools/bench*.py read) and of the macro config,
                     incl. mmio, irqs, flags, the stop policy and string escapes
  make.images        `make print-GUESTS` for the macro config is what the
                     compiled config names, not what a text scan of it finds
"""

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent          # BUILD/host
CHECKERS = HERE / "config-json"
BUILD = HERE.parent
ROOT = Path.cwd()
MACRO_CONFIG = "images-in-macros"               # tests/host/configs/<name>.c

results = []


def t(name, ok, detail=""):
    results.append(ok)
    line = "@T host config_json.%s %s" % (name, "PASS" if ok else "FAIL")
    if detail and not ok:
        line += " " + " ".join(str(detail).split())[:400]
    print(line, flush=True)


def run(cmd, env=None):
    r = subprocess.run(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def shape_problems(cfg):
    """What in a --json document differs from the documented shape."""
    out = []
    part_keys = {"id", "name", "cpus", "vcpus", "mem", "mmio", "irqs", "fault_policy", "image",
                 "extra", "entry", "dtb_ipa", "bootargs", "flags"}
    if set(cfg) != {"partitions", "schedules", "platform"}:
        out.append("top-level keys %s" % sorted(cfg))
        return out
    for s in cfg["schedules"]:
        if set(s) != {"cpu", "frame_us", "windows"} or \
                not all(isinstance(s[k], int) for k in ("cpu", "frame_us")) or \
                any(set(w) != {"partition", "offset_us", "length_us"} or
                    not all(isinstance(v, int) for v in w.values()) for w in s["windows"]):
            out.append("schedule %s" % s)
    for i, p in enumerate(cfg["partitions"]):
        if set(p) != part_keys:
            out.append("partition %d keys %s" % (i, sorted(p)))
            continue
        if p["id"] != i:
            out.append("partition %d has id %s" % (i, p["id"]))
        if p["vcpus"] != len(p["cpus"]) or p["cpus"] != sorted(set(p["cpus"])):
            out.append("partition %d: cpus %s, vcpus %s" % (i, p["cpus"], p["vcpus"]))
        if p["fault_policy"] not in ("inject", "stop"):
            out.append("partition %d: fault_policy %r" % (i, p["fault_policy"]))
        for m in p["mem"]:
            if set(m) != {"ipa", "pa", "size", "perm", "flags"} or \
                    not all(isinstance(m[k], int) for k in ("ipa", "pa", "size")) or \
                    not set(m["perm"]) <= {"r", "w", "x"}:
                out.append("partition %d: mem %s" % (i, m))
        for img in [p["image"]] + p["extra"]:
            if set(img) != {"name", "load_ipa"} or not isinstance(img["load_ipa"], int):
                out.append("partition %d: image %s" % (i, img))
        for k in ("entry", "dtb_ipa"):
            if not isinstance(p[k], int):
                out.append("partition %d: %s %r" % (i, k, p[k]))
    plat = cfg["platform"]
    for k in ("name", "cpu_mpidr", "ram", "devices", "hyp_base", "hyp_size", "store_base",
              "store_size", "gicd_base", "gicr_base", "gicr_stride", "max_intid", "uart_base",
              "uart_irq", "pa_bits"):
        if k not in plat:
            out.append("platform lacks %s" % k)
    return out


def image_names(cfg):
    names = set()
    for p in cfg["partitions"]:
        names.update(img["name"] for img in [p["image"]] + p["extra"] if img["name"])
    return sorted(names)


def expect(name, got, want):
    """One case: every key path in want has that value in got."""
    bad = []

    def walk(path, g, w):
        if isinstance(w, dict):
            if not isinstance(g, dict):
                bad.append("%s: %r, expected an object" % (path, g))
                return
            for k, v in w.items():
                walk("%s.%s" % (path, k), g.get(k), v)
        elif g != w:
            bad.append("%s = %r, expected %r" % (path, g, w))
    walk(name, got, want)
    t(name, not bad, "; ".join(bad[:3]))


def part(cfg, name):
    return next((p for p in cfg["partitions"] if p["name"] == name), {})


def main():
    docs = {}
    checkers = sorted(p for p in CHECKERS.iterdir() if p.is_file()) if CHECKERS.is_dir() else []
    for exe in checkers:
        c = exe.name
        rc, out, err = run([str(exe), "--json"])
        try:
            cfg = json.loads(out) if rc == 0 else None
        except ValueError as e:
            cfg, err = None, "not JSON: %s" % e
        problems = shape_problems(cfg) if cfg is not None else [err or "exit %d" % rc]
        t("%s.json" % c, not problems, "; ".join(problems[:3]))
        if cfg is None:
            continue
        docs[c] = cfg
        rc, out, err = run([str(exe), "--list-images"])
        listed = out.split()
        t("%s.images" % c, rc == 0 and listed == image_names(cfg),
          "--list-images %s (exit %d), JSON names %s" % (listed, rc, image_names(cfg)))

    want = sorted(p.stem for p in (ROOT / "configs").glob("*.c"))
    missing = [c for c in want + [MACRO_CONFIG] if c not in docs]
    t("every_config", bool(want) and not missing,
      "no checker or no JSON for %s (in %s)" % (missing, CHECKERS))

    bench = docs.get("bench", {"partitions": []})
    expect("bench", {"bench": part(bench, "bench"), "idle": part(bench, "idle")}, {
        "bench": {"id": 0, "cpus": [0, 1], "vcpus": 2, "entry": 0x44000000,
                  "image": {"name": "bench", "load_ipa": 0x44000000},
                  "mem": [{"ipa": 0x44000000, "pa": 0x44000000, "size": 0x4000000,
                           "perm": ["r", "w", "x"], "flags": []}],
                  "irqs": [32] + list(range(34, 64)), "fault_policy": "inject",
                  "extra": [], "dtb_ipa": 0, "bootargs": None},
        "idle": {"id": 1, "cpus": [2, 3], "image": {"name": "bench", "load_ipa": 0x4C000000}},
    })

    bl = docs.get("bench-linux", {"partitions": []})
    expect("bench_linux", {"linux": part(bl, "linux"), "sleeper": part(bl, "sleeper"),
                           "platform": bl.get("platform")}, {
        "linux": {"id": 0, "cpus": [0, 1], "vcpus": 2, "entry": 0x50000000, "dtb_ipa": 0x5FE00000,
                  "image": {"name": "linux", "load_ipa": 0x50000000},
                  "extra": [{"name": "initramfs", "load_ipa": 0x5C000000},
                            {"name": "linux_dtb", "load_ipa": 0x5FE00000}],
                  "mem": [{"ipa": 0x50000000, "pa": 0x50000000, "size": 0x10000000,
                           "perm": ["r", "w", "x"], "flags": []},
                          {"ipa": 0x4F000000, "pa": 0x4F000000, "size": 0x1000,
                           "perm": ["r", "w"], "flags": ["shared"]}],
                  "bootargs": "console=ttyAMA0 rdinit=/init haven.variant=0 "
                              "haven.mailbox=0x4f000000",
                  "flags": []},
        "sleeper": {"id": 1, "cpus": [2, 3], "entry": 0x41000000,
                    "image": {"name": "sleeper", "load_ipa": 0x41000000}},
        "platform": {"name": "qemu-virt", "store_base": 0x70000000, "store_size": 0x10000000,
                     "cpu_mpidr": [0, 1, 2, 3], "gicd_base": 0x08000000},
    })

    mc = docs.get(MACRO_CONFIG, {"partitions": []})
    expect("macros", {"alpha": part(mc, "alpha"), "beta": part(mc, "beta")}, {
        "alpha": {"image": {"name": "demo", "load_ipa": 0x41000000},
                  "extra": [{"name": "initramfs", "load_ipa": 0x41800000}],
                  "mem": [{"ipa": 0x41000000, "pa": 0x41000000, "size": 0x1000000,
                           "perm": ["r", "w", "x"], "flags": []},
                          {"ipa": 0x4F000000, "pa": 0x4F000000, "size": 0x1000,
                           "perm": ["r", "w"], "flags": ["shared", "reserved"]}],
                  "bootargs": None, "fault_policy": "inject"},
        "beta": {"cpus": [3], "vcpus": 1, "image": {"name": "ticker", "load_ipa": 0x42000000},
                 "mmio": [{"ipa": 0x09040000, "pa": 0x09040000, "size": 0x1000}],
                 "irqs": [40], "fault_policy": "stop", "flags": ["console_input"],
                 "bootargs": 'say "hi"\\\ttab'},
    })

    # The build's image list: the sub-make must not join a parent make's jobserver.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    rc, out, err = run(["make", "-s", "--no-print-directory", "BUILD=%s" % BUILD,
                        "CONFIG_DIR=tests/host/configs", "CONFIG=" + MACRO_CONFIG,
                        "print-GUESTS"], env=env)
    got = out.split()
    t("make.images", rc == 0 and got == ["demo", "initramfs", "ticker"],
      "make print-GUESTS: %s (exit %d) %s" % (got, rc, err.strip()[-200:]))

    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
