#!/usr/bin/env python3
"""Haven's Linux benchmark, the second half of `make bench` (issue #3, docs/performance.md).

  python3 tools/bench_linux.py [--no-build] [--out build/bench/linux.json]
                               [--variants N] [--jobs N] [--quick]

Everything runs under QEMU -icount shift=0,sleep=off with a 1 GHz generic timer
(-cpu cortex-a55,cntfrq=1000000000), -seed 1 and -rtc base=2020-01-01T00:00:00,
clock=vm: one counter tick = one virtual ns = one instruction, and a run's figures
are the same every time its inputs are.

Boot (Debian's arm64 cloud kernel, busybox initramfs, configs/bench-linux.c):
reset to Linux's first user-space line, natively (plain QEMU virt, no EL2, the
kernel at EL1, -smp 2) and under Haven (Linux on CPUs 0-1, the idle sleeper on
CPUs 2-3). Both boot the same kernel, initramfs and device tree: the DTB Haven
gives the partition (generated from the config, so the bootargs are
byte-identical), at the same addresses; natively a 6-instruction shim
(tools/linux/boot-shim.S) enters the kernel with x0 = the DTB, as Haven does.
Haven's own part (reset to the partition's entry, from its log line) is
reported apart from the guest's (entry to user space). An irrelevant change
of the command line moves a Linux boot by up to about 10 % under -icount, so
each side boots N bootargs variants (haven.variant=0..N-1, patched into the
DTB in place); each variant's ratio is reported, and the ratio of the means.

Latency (Debian's PREEMPT_RT kernel, configs/bench-linux-rt-idle.c and
-busy.c, byte-identical bootargs): cyclictest (1 ms period, priority 90,
S*1000 loops; S from haven.cyclictest) in the Linux partition with the
bare-metal neighbour idle (guests/sleeper) and busy (guests/hog: both its vCPUs stream
through memory without sleeping from just before cyclictest until Linux is
done), and natively with the idle config's DTB (no neighbour at all).

Prints a table, writes build/bench/linux.json (sorted keys, no timestamps, no
wall times: two runs with the same inputs give byte-identical files) and each
run's console log to build/bench/linux-<run>.log.

Budgets (tools/bench-budgets.json, "linux"): Haven's own reset -> guest entry
for each kernel, and the boot ratio (Haven / native, reset -> user space, the
ratio of the means over the variants). One `@T budget linux.<key> PASS|FAIL`
line per budget, and `@T budget linux.run` for the runs themselves.

--quick is the gate `make test` runs: variant 0 of the boot only (one native
and one Haven boot, side by side), its budgets, no RT runs, no JSON.

The Linux partition's images and load addresses come from the compiled config
(`haven-check --json`), never from the text of configs/*.c; the kernel's
command line from the DT generated from it.
Standard library only. Exit status 0 when every figure was produced within
its budget and every run ended cleanly.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = "qemu-virt"
BUILD = Path(os.environ.get("BUILD") or "build")  # as the Makefile's BUILD
BENCH_DIR = BUILD / "bench"
LINUX_DIR = BUILD / "linux"
BUDGET_FILE = Path("tools") / "bench-budgets.json"
CROSS = os.environ.get("CROSS", "aarch64-linux-gnu-")
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
RUN_TIMEOUT = 600  # wall seconds per run (the slowest takes about 30 s on one idle core)

CPU = "cortex-a55,cntfrq=1000000000"
ICOUNT = "shift=0,sleep=off"
SEED = "1"
RTC = "base=2020-01-01T00:00:00,clock=vm"
NATIVE_MACHINE = "virt-10.0,gic-version=3"
HAVEN_MACHINE = "virt-10.0,virtualization=on,gic-version=3"  # tools/run-qemu.sh
MEMORY = "1G"
SHIM_SRC = Path("tools") / "linux" / "boot-shim.S"
SHIM_ADDR = 0x4E000000  # native only: RAM outside the DT's memory, reserved ranges and QEMU's own DTB

BOOT_CONFIG = "bench-linux"
RT_IDLE_CONFIG = "bench-linux-rt-idle"
RT_BUSY_CONFIG = "bench-linux-rt-busy"
CONFIGS = (BOOT_CONFIG, RT_IDLE_CONFIG, RT_BUSY_CONFIG)
VARIANT_WORD = b"haven.variant=0"  # in configs/bench-linux.c's bootargs

RE_USERSPACE = re.compile(r"@BENCH linux\.userspace cntvct=(\d+) cntfrq=(\d+) unit=ticks")
RE_CYCLICTEST = re.compile(r"@BENCH cyclictest max=(\d+) avg=(\d+) unit=us")
RE_ENTRY = re.compile(r"^haven: partition (\d+) '([^']+)' enters 0x([0-9a-f]+) at counter (\d+)")
RE_FAIL = re.compile(r"^(?:\[(\S+)\] )?@T (\S+) (\S+) FAIL(?:\s+(.*))?$")
RE_HOG_BUSY = re.compile(r"^\[hog\] @T bench hog\.busy PASS busy from counter (\d+) to (\d+)")
RE_HOG_MIB = re.compile(r"^\[hog\] hog: vCPU (\d+) streamed (\d+) MiB")


def rel(cmd):
    return " ".join(str(c) for c in cmd).replace(str(ROOT) + "/", "")


def sh(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True, **kw)


def make(*args):
    cmd = [os.environ.get("MAKE", "make"), "--no-print-directory", "-s"] + list(args)
    r = sh(cmd)
    if r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        sys.exit("bench-linux: '%s' failed" % rel(cmd))
    return r.stdout


# --------------------------------------------------------------------------
# What the configs and the build say
# --------------------------------------------------------------------------

def out_dir(config):
    return BUILD / PLATFORM / config


def config_json(config):
    """The compiled config and its platform, from its checker (haven-check --json)."""
    exe = out_dir(config) / "haven-check"
    r = sh([str(exe), "--json"])
    if r.returncode != 0:
        sys.exit("bench-linux: %s --json failed (run without --no-build?):\n%s" % (exe, r.stderr))
    return json.loads(r.stdout)


def config_layout(config):
    """The Linux partition's images, load addresses and bootargs, from the compiled config."""
    cfg = config_json(config)
    part = next((p for p in cfg["partitions"] if p["name"] == "linux"), None)
    if part is None:
        sys.exit("bench-linux: config %s has no partition named 'linux'" % config)
    extra = {e["name"]: e["load_ipa"] for e in part["extra"]}
    initrd = [n for n in extra if n.startswith("initramfs")]
    dtb = [n for n in extra if n.endswith("_dtb")]
    if len(initrd) != 1 or len(dtb) != 1:
        sys.exit("bench-linux: config %s: the linux partition needs one initramfs* and one *_dtb "
                 "blob in extra[], not %s" % (config, sorted(extra)))
    lay = {
        "kernel": part["image"]["name"],
        "kernel_addr": part["image"]["load_ipa"],
        "entry": part["entry"],
        "initramfs": initrd[0],
        "initramfs_addr": extra[initrd[0]],
        "dtb": dtb[0],
        "dtb_addr": extra[dtb[0]],
        "dtb_ipa": part["dtb_ipa"],
        "mem": [(m["ipa"], m["size"]) for m in part["mem"]],
    }
    if lay["entry"] != lay["kernel_addr"] or lay["dtb_ipa"] != lay["dtb_addr"]:
        sys.exit("bench-linux: config %s: entry must be the kernel's and dtb_ipa the DTB's "
                 "load address" % config)
    return lay


def dts_facts(config, lay):
    """The kernel's command line (the config's bootargs and what haven-dtgen adds) and the
    initrd start, from the generated DT source: what the kernel is given."""
    path = dtb_file(config, lay).with_suffix(".dts")
    dts = (ROOT / path).read_text()
    m = re.search(r'bootargs = "([^"]*)";', dts)
    i = re.search(r"linux,initrd-start = <0x0 (0x[0-9a-f]+)>;", dts)
    if not m or not i:
        sys.exit("bench-linux: %s has no bootargs or initrd" % path)
    return {"bootargs": m.group(1), "initrd_start": int(i.group(1), 16)}


def sha256(path):
    return hashlib.sha256((ROOT / path).read_bytes()).hexdigest()


def build_shim(dtb, kernel):
    """tools/linux/boot-shim.S for these addresses -> build/bench/boot-shim-<dtb>-<kernel>.bin"""
    for a in (dtb, kernel):
        if a & 0xFFFF or a >> 32:
            sys.exit("bench-linux: the boot shim needs 64 KiB-aligned addresses below 4 GiB, "
                     "not 0x%x" % a)
    base = BENCH_DIR / ("boot-shim-%x-%x" % (dtb, kernel))
    obj, elf, binf = (base.with_suffix(s) for s in (".o", ".elf", ".bin"))
    for cmd in ([CROSS + "as", "--defsym", "DTB=0x%x" % dtb, "--defsym", "KERNEL=0x%x" % kernel,
                 "-o", str(obj), str(SHIM_SRC)],
                [CROSS + "ld", "-Ttext=0", "--build-id=none", "-o", str(elf), str(obj)],
                [CROSS + "objcopy", "-O", "binary", str(elf), str(binf)]):
        r = sh(cmd)
        if r.returncode != 0:
            sys.exit("bench-linux: '%s' failed:\n%s" % (rel(cmd), r.stdout + r.stderr))
    return binf


def dtb_file(config, lay):
    return out_dir(config) / "blobs" / (lay["dtb"] + ".bin")


def make_variant(k, lay):
    """Variant k of the boot config: its DTB with haven.variant=k (same size), and for
    Haven a directory with a copy of haven.bin and a qemu-args naming that DTB."""
    src_dir = out_dir(BOOT_CONFIG)
    src_dtb = dtb_file(BOOT_CONFIG, lay)
    dtb = (ROOT / src_dtb).read_bytes()
    if k == 0:
        return src_dtb, src_dir / "haven.bin"
    if dtb.count(VARIANT_WORD) != 1 or k > 9:
        sys.exit("bench-linux: cannot make variant %d (configs/%s.c bootargs need %s)"
                 % (k, BOOT_CONFIG, VARIANT_WORD.decode()))
    vdir = BENCH_DIR / ("linux-variant%d" % k)
    (ROOT / vdir).mkdir(parents=True, exist_ok=True)
    vdtb = vdir / src_dtb.name
    (ROOT / vdtb).write_bytes(dtb.replace(VARIANT_WORD, VARIANT_WORD[:-1] + b"%d" % k))
    (ROOT / vdir / "haven.bin").write_bytes((ROOT / src_dir / "haven.bin").read_bytes())
    args = (ROOT / src_dir / "qemu-args").read_text()
    orig = str(ROOT / src_dtb)
    if args.count(orig) != 2:  # in the image store, and in place (docs/platforms.md)
        sys.exit("bench-linux: %s/qemu-args does not name %s twice" % (src_dir, orig))
    (ROOT / vdir / "qemu-args").write_text(args.replace(orig, str(ROOT / vdtb)))
    return vdtb, vdir / "haven.bin"


# --------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------

def seeded_dtb(dtb):
    """A copy of dtb whose /chosen seeds are filled as Haven fills them at every start
    (core/bootinfo.c), with fixed values: natively nobody fills them, and the kernel
    would then boot without KASLR, unlike under Haven (docs/linux.md)."""
    out = BENCH_DIR / ("native-" + Path(dtb).name)
    (ROOT / out).parent.mkdir(parents=True, exist_ok=True)
    (ROOT / out).write_bytes((ROOT / dtb).read_bytes())
    for args in (["-t", "x", "/chosen", "kaslr-seed", "0x6e617469", "0x76652d31"],
                 ["-t", "bx", "/chosen", "rng-seed"] + ["%x" % (i * 37 + 11 & 0xFF) for i in range(32)]):
        r = sh(["fdtput", str(out)] + args)
        if r.returncode != 0:
            sys.exit("bench-linux: fdtput %s failed: %s" % (out, r.stderr))
    return out


def native_cmd(config, lay, dtb, shim):
    initrd = dts_facts(config, lay)["initrd_start"]
    if initrd != lay["initramfs_addr"]:
        sys.exit("bench-linux: %s: the DT's initrd-start 0x%x is not the config's 0x%x"
                 % (config, initrd, lay["initramfs_addr"]))
    for base, size in lay["mem"]:
        if base <= SHIM_ADDR < base + size:
            sys.exit("bench-linux: the shim address 0x%x lies in the partition's memory 0x%x+0x%x"
                     % (SHIM_ADDR, base, size))
    load = [(LINUX_DIR / (lay["kernel"] + ".bin"), lay["kernel_addr"]),
            (LINUX_DIR / (lay["initramfs"] + ".bin"), lay["initramfs_addr"]),
            (seeded_dtb(dtb), lay["dtb_addr"])]
    cmd = [QEMU, "-M", NATIVE_MACHINE, "-cpu", CPU, "-smp", "2", "-m", MEMORY,
           "-icount", ICOUNT, "-seed", SEED, "-rtc", RTC,
           "-display", "none", "-serial", "stdio", "-monitor", "none", "-nic", "none"]
    for f, a in load:
        cmd += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (f, a)]
    cmd += ["-device", "loader,file=%s,addr=0x%x,cpu-num=0" % (shim, SHIM_ADDR)]
    return cmd, {}


def haven_cmd(image):
    cmd = ["sh", "tools/run-qemu.sh", str(image), "-cpu", CPU, "-seed", SEED, "-rtc", RTC]
    env = {"HAVEN_ICOUNT": "1", "HAVEN_TIMEOUT": str(RUN_TIMEOUT)}
    return cmd, env


def qemu_line(run):
    """The QEMU command line of a run as it executes (run-qemu.sh adds its own part)."""
    if run["kind"] == "native":
        return rel(run["cmd"])
    image = ROOT / run["cmd"][2]
    extra = run["cmd"][3:]
    qargs = (image.parent / "qemu-args").read_text().split()
    return rel([QEMU, "-M", HAVEN_MACHINE, "-cpu", "cortex-a55", "-smp", "4", "-m", MEMORY,
                "-display", "none", "-serial", "stdio", "-monitor", "none", "-nic", "none",
                "-kernel", str(image), "-no-reboot",
                "-icount", ICOUNT] + qargs + extra)


def execute(run):
    env = dict(os.environ)
    env.update(run["env"])
    t0 = time.monotonic()
    try:
        r = subprocess.run(run["cmd"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=RUN_TIMEOUT + 30)
        rc, out, err = r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = "timeout", e.stdout or b"", e.stderr or b""
    wall = time.monotonic() - t0
    out = out.decode("utf-8", "replace").replace("\r\n", "\n")
    err = err.decode("utf-8", "replace")
    log = BENCH_DIR / ("linux-%s.log" % run["name"])
    (ROOT / log).write_text("# %s\n%s%s" % (qemu_line(run), out, err))
    return dict(rc=rc, out=out, wall=wall, log=str(log))


def parse(run, res):
    """Console text -> figures, and the problems found."""
    lines = res["out"].split("\n")
    text = res["out"]
    fig, problems = {}, []
    who = run["name"]
    if res["rc"] != 0:
        problems.append("%s: QEMU exit status %s (log %s)" % (who, res["rc"], res["log"]))
    m = RE_USERSPACE.search(text)
    if m:
        ticks, hz = int(m.group(1)), int(m.group(2))
        fig["userspace"] = ticks * 1_000_000_000 // hz
        if hz != 1_000_000_000:
            problems.append("%s: counter at %d Hz, not 1 GHz (-cpu %s ignored?)" % (who, hz, CPU))
    else:
        problems.append("%s: no '@BENCH linux.userspace' line (log %s)" % (who, res["log"]))
    if run.get("cyclictest"):
        m = RE_CYCLICTEST.search(text)
        if m:
            fig["ct_max"], fig["ct_avg"] = int(m.group(1)), int(m.group(2))
        else:
            problems.append("%s: no '@BENCH cyclictest' line (log %s)" % (who, res["log"]))
    if run["kind"] == "haven":
        for line in lines:
            m = RE_ENTRY.match(line)
            if m and m.group(2) == "linux" and "entry" not in fig:
                fig["entry"] = int(m.group(4))
        if "entry" not in fig:
            problems.append("%s: no 'haven: partition .. 'linux' enters' line" % who)
        if "haven: all partitions stopped; system off" not in text:
            problems.append("%s: no clean power-off (log %s)" % (who, res["log"]))
        for line in lines:
            if line.startswith("haven: PANIC"):
                problems.append("%s: %s" % (who, line))
        if not any(l.strip() == "[linux] @DONE" for l in lines):
            problems.append("%s: Linux printed no @DONE" % who)
    elif not any(l.strip().endswith("@DONE") for l in lines):
        problems.append("%s: Linux printed no @DONE" % who)
    for line in lines:
        if RE_FAIL.match(line.strip()):
            problems.append("%s: %s" % (who, line.strip()))
    if run.get("hog"):
        mb = [l for l in lines if RE_HOG_BUSY.match(l)]
        if mb:
            m = RE_HOG_BUSY.match(mb[0])
            fig["hog_from"], fig["hog_to"] = int(m.group(1)), int(m.group(2))
        else:
            problems.append("%s: the hog did not report being busy" % who)
        fig["hog_mib"] = [int(m.group(2)) for m in map(RE_HOG_MIB.match, lines) if m]
    return fig, problems


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def fmt_n(v):
    return "-" if v is None else "{:,}".format(v)


def ratio(a, b):
    return None if a is None or not b else round(a / b, 4)


def fmt_r(r):
    return "-" if r is None else "%.3f" % r


def render(head, rows):
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    out = [" | ".join(c.ljust(w) for c, w in zip(head, widths)).rstrip(),
           "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(out)


def kernel_versions():
    """role -> 'package version' from build/linux/versions.txt (tools/linux/fetch.sh's manifest)."""
    out = {}
    f = ROOT / LINUX_DIR / "versions.txt"
    if f.exists():
        for line in f.read_text().split("\n"):
            p = line.split()
            if len(p) >= 3 and not line.startswith("#") and p[0] != "kernel-suite":
                out[p[0]] = "%s %s" % (p[1], p[2])
    return out


def qemu_version():
    r = subprocess.run([QEMU, "--version"], capture_output=True, text=True)
    return r.stdout.split("\n")[0].strip()


def git_revision():
    r = sh(["git", "describe", "--always", "--dirty", "--abbrev=12"])
    return r.stdout.strip() if r.returncode == 0 else "unknown"


def check_budgets(figures, budget, problems):
    """One `@T budget linux.<key>` line per budget in figures, one for the runs.
    figures: {key: figure or None}. Returns True when everything passed."""
    ok = True
    for key in sorted(figures):
        fig, limit = figures[key], budget[key]
        passed = fig is not None and fig <= limit
        why = "no figure" if fig is None else "%s %s %s" % (
            fmt_r(fig) if isinstance(fig, float) else fmt_n(fig),
            "<=" if passed else "> budget", limit if isinstance(limit, float) else fmt_n(limit))
        print("@T budget linux.%s %s %s" % (key, "PASS" if passed else "FAIL", why))
        ok = ok and passed
    first = "; ".join(problems).replace("\n", " ")[:300]
    print("@T budget linux.run %s %s" % ("FAIL" if problems else "PASS",
                                          first if problems else "every run ended cleanly"))
    return ok and not problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-build", action="store_true", help="use the existing build")
    ap.add_argument("--out", default=str(BENCH_DIR / "linux.json"), help="the JSON file to write")
    ap.add_argument("--variants", type=int, default=5,
                    help="bootargs variants of the boot comparison (1..10, default 5)")
    ap.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 4),
                    help="QEMU runs at a time (each is one host thread under -icount)")
    ap.add_argument("--quick", action="store_true",
                    help="the make test gate: boot variant 0 natively and under Haven, its budgets "
                         "only (no RT runs, no JSON)")
    args = ap.parse_args()
    if not 1 <= args.variants <= 10:
        ap.error("--variants must be 1..10")
    if args.quick:
        args.variants = 1
    configs = (BOOT_CONFIG,) if args.quick else CONFIGS
    os.chdir(ROOT)
    t_start = time.monotonic()
    (ROOT / BENCH_DIR).mkdir(parents=True, exist_ok=True)
    budget = json.loads((ROOT / BUDGET_FILE).read_text())["linux"]

    if not args.no_build:
        for c in configs:
            make("CONFIG=" + c, "image")
    lay = {c: config_layout(c) for c in configs}
    for c in configs:
        for f in (out_dir(c) / "haven.bin", out_dir(c) / "qemu-args", dtb_file(c, lay[c]),
                  dtb_file(c, lay[c]).with_suffix(".dts")):
            if not (ROOT / f).exists():
                sys.exit("bench-linux: %s is missing (run without --no-build)" % f)
    shims = {c: build_shim(lay[c]["dtb_addr"], lay[c]["entry"]) for c in configs}
    facts = {c: dts_facts(c, lay[c]) for c in configs}

    runs = []
    for k in range(args.variants):
        dtb, image = make_variant(k, lay[BOOT_CONFIG])
        c, e = native_cmd(BOOT_CONFIG, lay[BOOT_CONFIG], dtb, shims[BOOT_CONFIG])
        runs.append(dict(name="boot-v%d-native" % k, kind="native", cmd=c, env=e, variant=k))
        c, e = haven_cmd(image)
        runs.append(dict(name="boot-v%d-haven" % k, kind="haven", cmd=c, env=e, variant=k))
    if not args.quick:
        if facts[RT_IDLE_CONFIG]["bootargs"] != facts[RT_BUSY_CONFIG]["bootargs"]:
            sys.exit("bench-linux: the idle and busy RT configs must have identical bootargs")
        ct_secs = int(re.search(r"haven\.cyclictest=(\d+)",
                                facts[RT_IDLE_CONFIG]["bootargs"]).group(1))
        c, e = native_cmd(RT_IDLE_CONFIG, lay[RT_IDLE_CONFIG],
                          dtb_file(RT_IDLE_CONFIG, lay[RT_IDLE_CONFIG]), shims[RT_IDLE_CONFIG])
        runs.append(dict(name="rt-native", kind="native", cmd=c, env=e, cyclictest=True))
        c, e = haven_cmd(out_dir(RT_IDLE_CONFIG) / "haven.bin")
        runs.append(dict(name="rt-idle-haven", kind="haven", cmd=c, env=e, cyclictest=True))
        c, e = haven_cmd(out_dir(RT_BUSY_CONFIG) / "haven.bin")
        runs.append(dict(name="rt-busy-haven", kind="haven", cmd=c, env=e, cyclictest=True,
                         hog=True))

    # the slowest first (a busy neighbour makes every virtual second cost host time)
    order = sorted(runs, key=lambda r: (not r.get("hog"), not r.get("cyclictest"),
                                        r["kind"] != "haven", r["name"]))
    print("bench-linux: %d QEMU runs, %d at a time (logs: %s/linux-<run>.log)"
          % (len(runs), args.jobs, BENCH_DIR), flush=True)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futs = {pool.submit(execute, r): r for r in order}
        for f in concurrent.futures.as_completed(futs):
            r = futs[f]
            results[r["name"]] = f.result()
            print("bench-linux:   %-16s %5.1f s wall, exit %s" % (
                r["name"], results[r["name"]]["wall"], results[r["name"]]["rc"]), flush=True)

    figs, problems = {}, []
    for r in runs:
        figs[r["name"]], p = parse(r, results[r["name"]])
        problems += p

    # ---- boot
    variants = {}
    for k in range(args.variants):
        n, h = figs["boot-v%d-native" % k], figs["boot-v%d-haven" % k]
        nu, hu, he = n.get("userspace"), h.get("userspace"), h.get("entry")
        guest = hu - he if hu is not None and he is not None else None
        variants[str(k)] = {
            "bootargs": facts[BOOT_CONFIG]["bootargs"].replace(
                VARIANT_WORD.decode(), VARIANT_WORD.decode()[:-1] + str(k)),
            "native_reset_to_userspace": nu,
            "haven_reset_to_userspace": hu,
            "haven_reset_to_entry": he,
            "haven_entry_to_userspace": guest,
            "ratio_total": ratio(hu, nu),
            "ratio_guest": ratio(guest, nu),
        }
    rt_tot = [v["ratio_total"] for v in variants.values() if v["ratio_total"] is not None]
    rt_gst = [v["ratio_guest"] for v in variants.values() if v["ratio_guest"] is not None]

    def mean(key):
        vals = [v[key] for v in variants.values()]
        return None if None in vals else round(sum(vals) / len(vals))

    boot_summary = {
        "variants": args.variants,
        "native_mean": mean("native_reset_to_userspace"),
        "haven_mean": mean("haven_reset_to_userspace"),
        "haven_guest_mean": mean("haven_entry_to_userspace"),
        "ratio_total_median": round(statistics.median(rt_tot), 4) if rt_tot else None,
        "ratio_total_min": min(rt_tot) if rt_tot else None,
        "ratio_total_max": max(rt_tot) if rt_tot else None,
        "ratio_guest_median": round(statistics.median(rt_gst), 4) if rt_gst else None,
        "ratio_guest_min": min(rt_gst) if rt_gst else None,
        "ratio_guest_max": max(rt_gst) if rt_gst else None,
    }
    boot_summary["ratio_of_means_total"] = ratio(boot_summary["haven_mean"], boot_summary["native_mean"])
    boot_summary["ratio_of_means_guest"] = ratio(boot_summary["haven_guest_mean"],
                                                 boot_summary["native_mean"])

    # ---- budgets (a missing figure fails): Haven's own part is exact, the worst variant
    # counts; the boot ratio moves by up to about 10 % per variant, its mean counts.
    entries = [v["haven_reset_to_entry"] for v in variants.values()]
    figures = {"haven_reset_to_entry": None if None in entries else max(entries),
               "boot_ratio": boot_summary["ratio_of_means_total"]}

    if args.quick:
        v = variants["0"]
        print()
        print(render(["metric (virtual ns = instructions)", "native", "Haven", "ratio"], [
            ["boot v0: reset -> user space", fmt_n(v["native_reset_to_userspace"]),
             fmt_n(v["haven_reset_to_userspace"]), fmt_r(v["ratio_total"])],
            ["Haven's own reset -> guest entry", "-", fmt_n(v["haven_reset_to_entry"]), ""]]))
        print()
        ok = check_budgets(figures, budget, problems)
        print("bench-linux: quick gate, %.0f s wall" % (time.monotonic() - t_start))
        for p in problems:
            print("bench-linux: FAIL " + p, file=sys.stderr)
        return 0 if ok else 1

    # ---- RT
    rn, ri, rb = figs["rt-native"], figs["rt-idle-haven"], figs["rt-busy-haven"]
    rt = {
        "native_reset_to_userspace": rn.get("userspace"),
        "haven_idle_reset_to_userspace": ri.get("userspace"),
        "haven_idle_reset_to_entry": ri.get("entry"),
        "haven_busy_reset_to_userspace": rb.get("userspace"),
        "haven_busy_reset_to_entry": rb.get("entry"),
        "ratio_idle_total": ratio(ri.get("userspace"), rn.get("userspace")),
    }
    cyc = {
        "native": {"max": rn.get("ct_max"), "avg": rn.get("ct_avg")},
        "haven_idle": {"max": ri.get("ct_max"), "avg": ri.get("ct_avg")},
        "haven_busy": {"max": rb.get("ct_max"), "avg": rb.get("ct_avg")},
        "loops": ct_secs * 1000, "interval_us": 1000, "priority": 90, "unit": "us",
        "command": "cyclictest -m -q -p 90 -t 1 -i 1000 -l %d" % (ct_secs * 1000),
    }
    hog = {"busy_from_counter": rb.get("hog_from"), "busy_to_counter": rb.get("hog_to"),
           "streamed_mib_per_vcpu": rb.get("hog_mib")}
    rt_entries = [ri.get("entry"), rb.get("entry")]
    figures["haven_reset_to_entry_rt"] = None if None in rt_entries else max(rt_entries)

    # ---- table
    rows = []
    for k in range(args.variants):
        v = variants[str(k)]
        rows.append(["boot v%d: reset -> user space" % k, fmt_n(v["native_reset_to_userspace"]),
                     fmt_n(v["haven_reset_to_userspace"]), fmt_r(v["ratio_total"])])
        rows.append(["boot v%d: guest entry -> user space" % k,
                     fmt_n(v["native_reset_to_userspace"]), fmt_n(v["haven_entry_to_userspace"]),
                     fmt_r(v["ratio_guest"])])
    he = variants["0"]["haven_reset_to_entry"]
    share = ("%.1f %% of v0's total; RT kernel: %s" % (
        100.0 * he / variants["0"]["haven_reset_to_userspace"], fmt_n(rt["haven_idle_reset_to_entry"]))
        if he and variants["0"]["haven_reset_to_userspace"] else "")
    rows.append(["Haven's own reset -> guest entry", "-", fmt_n(he), share])
    bs = boot_summary
    if rt_tot:
        rows.append(["boot, mean of %d: reset -> user space" % args.variants, fmt_n(bs["native_mean"]),
                     fmt_n(bs["haven_mean"]), "%s; per variant: median %s, %s..%s" % (
                         fmt_r(bs["ratio_of_means_total"]), fmt_r(bs["ratio_total_median"]),
                         fmt_r(min(rt_tot)), fmt_r(max(rt_tot)))])
        rows.append(["boot, mean of %d: entry -> user space" % args.variants, fmt_n(bs["native_mean"]),
                     fmt_n(bs["haven_guest_mean"]), "%s; per variant: median %s, %s..%s" % (
                         fmt_r(bs["ratio_of_means_guest"]), fmt_r(bs["ratio_guest_median"]),
                         fmt_r(min(rt_gst)), fmt_r(max(rt_gst)))])
    rows.append(["RT: reset -> user space, idle neighbour", fmt_n(rt["native_reset_to_userspace"]),
                 fmt_n(rt["haven_idle_reset_to_userspace"]), fmt_r(rt["ratio_idle_total"])])
    rows.append(["RT: reset -> user space, hog neighbour", fmt_n(rt["native_reset_to_userspace"]),
                 fmt_n(rt["haven_busy_reset_to_userspace"]),
                 "%s (hog asleep, polling 1 kHz: input noise)" % fmt_r(
                     ratio(rt["haven_busy_reset_to_userspace"], rt["native_reset_to_userspace"]))])
    for key in ("max", "avg"):
        rows.append(["cyclictest %s (us), idle neighbour" % key, fmt_n(cyc["native"][key]),
                     fmt_n(cyc["haven_idle"][key]),
                     "native: no neighbour"])
    for key in ("max", "avg"):
        rows.append(["cyclictest %s (us), busy neighbour" % key, fmt_n(cyc["native"][key]),
                     fmt_n(cyc["haven_busy"][key]), "QEMU's round-robin time slices, below"])

    kv = kernel_versions()
    print()
    print("Haven Linux guest: QEMU %s, -icount %s, -cpu %s, -seed %s, -rtc %s" % (
        qemu_version().split("version ")[-1].split(" ")[0], ICOUNT, CPU, SEED, RTC))
    print("kernels: %s (boot), %s (RT); boot figures in virtual ns = instructions, exact" % (
        kv.get("kernel-cloud", "?"), kv.get("kernel-rt", "?")))
    print("cyclictest: %d loops of 1 ms at priority 90 in the Linux partition (2 vCPUs)" % (
        ct_secs * 1000))
    print()
    print(render(["metric", "native", "Haven", "ratio or note"], rows))
    print()
    print("Under -icount QEMU runs all vCPUs round-robin on one host thread, and the virtual clock"
          "\ncounts the instructions of every vCPU, the neighbour's too. The idle neighbour (guests/"
          "\nsleeper) waits in WFI; a neighbour that computes takes virtual time slices from the RT"
          "\nvCPUs, so the busy figures measure QEMU's scheduling, not cache or bus contention. An"
          "\nirrelevant bootargs change moves a boot by up to about 10 %: compare the means over variants.")

    doc = {
        "metrics": {
            "boot_cloud": {"unit": "virtual ns (= instructions)", "variants": variants,
                           "summary": boot_summary},
            "boot_rt": dict(rt, unit="virtual ns (= instructions)"),
            "cyclictest": cyc,
            "hog": hog,
        },
        "env": {
            "qemu": qemu_version(),
            "packages": kv,
            "haven_revision": git_revision(),
            "cpu": CPU,
            "icount": ICOUNT,
            "seed": SEED,
            "rtc": RTC,
            "memory": MEMORY,
            "native_machine": NATIVE_MACHINE + ", -smp 2, kernel at EL1, PSCI over HVC",
            "haven_machine": HAVEN_MACHINE + ", -smp 4",
            "configs": {c: {"file": "configs/%s.c" % c, "bootargs": facts[c]["bootargs"],
                            "dtb_sha256": sha256(dtb_file(c, lay[c])),
                            "kernel": lay[c]["kernel"]} for c in CONFIGS},
            "initramfs_sha256": sha256(LINUX_DIR / "initramfs.bin"),
            "native_boot_shim": "tools/linux/boot-shim.S at 0x%x (x0 = DTB 0x%x, branch to 0x%x)"
                                % (SHIM_ADDR, lay[BOOT_CONFIG]["dtb_addr"], lay[BOOT_CONFIG]["entry"]),
            "commands": {r["name"]: qemu_line(r) for r in runs},
            "budgets": budget,
            "method": "reset -> user space: the counter the init prints first thing in PID 1 "
                      "(tools/linux/cntvct.c); Haven's part: its 'enters' log line; "
                      "see docs/performance.md",
        },
    }
    out_path = ROOT / args.out
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    print("bench-linux: wrote %s (%.0f s wall in all)" % (args.out, time.monotonic() - t_start))

    ok = check_budgets(figures, budget, problems)
    for p in problems:
        print("bench-linux: FAIL " + p, file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
