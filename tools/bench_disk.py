#!/usr/bin/env python3
"""Haven's disk benchmark, `make bench-disk`: beside tools/bench_linux.py, but not yet
in `make bench` (issue #16, docs/performance.md).

  python3 tools/bench_disk.py [--no-build] [--quick] [--out build/bench/disk.json]

Throughput of a sequential read of a virtio-blk-pci disk from Linux (dd of its
first 24 MiB in 1 MiB blocks, the page cache dropped first; tools/linux/init
haven.diskread), natively (plain QEMU virt, no SMMU, no EL2) and under Haven
(tests/qemu/configs/bench-linux-disk.c on qemu-virt-smmu: the disk's DMA goes
through the SMMU with the partition's stage 2, its INTx through Haven's vGIC,
its configuration space through Haven's ECAM emulation), with the same kernel,
initramfs and DTB (the one Haven generates; identity-mapped, so it boots
natively too), under -icount shift=0 (bench_linux.py: 1 tick = 1 virtual ns =
1 instruction).

The disk is QEMU's null-co block driver (reads give zeroes, size 64 MiB): no
host file I/O. Either way the DMA is the same: the device writes each block
into the guest's memory through the SMMU.

NOT YET REPRODUCIBLE, so not in `make bench` nor in the make test gate: QEMU
completes a block request in a bottom half of its main loop, at a point in
virtual time that depends on the host (when the vCPUs idle first, -icount
sleep=off jumps the clock to the next timer). The native run gave the same
figure three times (41,365,721 ns); the Haven run 41,213,704, 41,213,741,
43,011,000 and about 44.2 M ns (ratios 0.996 to 1.068). A fix would complete
requests in the vCPU's own thread, or use QEMU's record/replay (docs/performance.md).

Prints the figures and one `@T budget disk.<key> PASS|FAIL` line per budget
(tools/bench-budgets.json, "disk": the ratio Haven / native of the read's
virtual time; goal: within 5 %), and `@T budget disk.run`. Without --quick it
also writes build/bench/disk.json (sorted keys, no wall times: byte-identical
across runs). Exit status 0 when every figure was produced within budget.
"""

import argparse
import concurrent.futures
import json
import re
import sys
from pathlib import Path

import bench_linux as bl

bl.PLATFORM = "qemu-virt-smmu"  # the config's platform: bl.out_dir() builds paths with it
CONFIG = "bench-linux-disk"
CONFIG_DIR = "tests/qemu/configs"
DISK_ARGS = ["-blockdev", "driver=null-co,node-name=disk0,read-zeroes=on,size=67108864",
             "-device", "virtio-blk-pci,drive=disk0,addr=2.0,iommu_platform=on,disable-legacy=on"]
RE_DISKREAD = re.compile(r"@BENCH linux\.diskread bytes=(\d+) ticks=(\d+)")


def figures_of(run, res):
    fig, problems = {}, []
    if res["rc"] != 0:
        problems.append("%s: QEMU exit status %s (log %s)" % (run["name"], res["rc"], res["log"]))
    m = RE_DISKREAD.search(res["out"])
    if m:
        fig["bytes"], fig["ticks"] = int(m.group(1)), int(m.group(2))
    else:
        problems.append("%s: no '@BENCH linux.diskread' line (log %s)" % (run["name"], res["log"]))
    for line in res["out"].split("\n"):
        if bl.RE_FAIL.match(line.strip()) or line.startswith("haven: DMA VIOLATION"):
            problems.append("%s: %s" % (run["name"], line.strip()))
    return fig, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-build", action="store_true", help="use the images already built")
    ap.add_argument("--quick", action="store_true", help="the make test gate: no JSON")
    ap.add_argument("--out", default=str(bl.BENCH_DIR / "disk.json"))
    args = ap.parse_args()
    (bl.ROOT / bl.BENCH_DIR).mkdir(parents=True, exist_ok=True)
    budget = json.loads((bl.ROOT / bl.BUDGET_FILE).read_text())["disk"]
    if not args.no_build:
        bl.make("PLATFORM=" + bl.PLATFORM, "CONFIG_DIR=" + CONFIG_DIR, "CONFIG=" + CONFIG, "image")
    lay = bl.config_layout(CONFIG)
    dtb = bl.dtb_file(CONFIG, lay)
    shim = bl.build_shim(lay["dtb_addr"], lay["entry"])
    c, e = bl.native_cmd(CONFIG, lay, dtb, shim)
    runs = [dict(name="disk-native", kind="native", cmd=c + DISK_ARGS, env=e)]
    c, e = bl.haven_cmd(bl.out_dir(CONFIG) / "haven.bin")
    runs.append(dict(name="disk-haven", kind="haven", cmd=c + DISK_ARGS, env=e))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(bl.execute, runs))
    figs, problems = {}, []
    for run, res in zip(runs, results):
        figs[run["kind"]], p = figures_of(run, res)
        problems += p
    if "haven: all partitions stopped; system off" not in results[1]["out"]:
        problems.append("disk-haven: no clean power-off (log %s)" % results[1]["log"])
    n, h = figs["native"].get("ticks"), figs["haven"].get("ticks")
    ratio = h / n if n and h else None
    print("Disk: sequential read of %s MiB from a virtio-blk-pci disk (virtual time, -icount shift=0)"
          % (figs["native"].get("bytes", 0) >> 20))
    for kind in ("native", "haven"):
        f = figs[kind]
        if f.get("ticks"):
            print("  %-7s %12s ns  %8.1f MiB/s" % (kind, bl.fmt_n(f["ticks"]),
                                                   f["bytes"] / f["ticks"] * 1e9 / (1 << 20)))
    figures = {"read_ratio": None if ratio is None else round(ratio, 4)}
    if ratio is not None:
        print("  ratio   %.4f (Haven / native; goal <= 1.05)" % ratio)
    ok = True
    for key in sorted(figures):
        fig, limit = figures[key], budget[key]
        passed = fig is not None and fig <= limit
        why = "no figure" if fig is None else "%.4f %s %s" % (fig, "<=" if passed else "> budget", limit)
        print("@T budget disk.%s %s %s" % (key, "PASS" if passed else "FAIL", why))
        ok = ok and passed
    print("@T budget disk.run %s %s" % ("FAIL" if problems else "PASS",
                                         "; ".join(problems)[:300] if problems else "every run ended cleanly"))
    if not args.quick:
        out = {"config": CONFIG, "platform": bl.PLATFORM, "disk_args": DISK_ARGS,
               "native": figs["native"], "haven": figs["haven"], "figures": figures, "budgets": budget,
               "qemu": {r["name"]: bl.qemu_line(r) for r in runs}}
        (bl.ROOT / args.out).write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
        print("wrote %s" % args.out)
    return 0 if ok and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
