#!/usr/bin/env python3
"""Haven's core benchmark, behind `make bench` (issue #10, docs/performance.md).

  python3 tools/bench.py [--no-build] [--out build/bench/core.json] [--profile] [--quick]

Builds configs/bench.c, runs the bench guest (guests/bench) under Haven and
natively at EL1 on plain QEMU virt, both under -icount shift=0,sleep=off with a
1 GHz virtual counter, and tests/qemu/configs/bench-dma.c (guests/benchdma,
one blocked DMA's report: dma_violation) under Haven on qemu-virt-smmu, and
configs/bench-sched.c (guests/benchsched, CPU 0 shared by two partitions:
partition_switch), parses the guest's `@BENCH` lines and prints a table:
Haven's median (min/p99/max), the native median, the target and Bao's figure
from the issue and the budget (tools/bench-budgets.json). Also reports the EL2
image's section sizes and the lines of C and assembly compiled into it. Writes
build/bench/core.json:

  {"metrics": {"<key>": {"min": n, "median": n, "p99": n, "max": n, "unit": "instructions"}},
   "env": {...QEMU version, CPU, icount, Haven revision, native figures, sizes, lines...}}

Every figure is an instruction count (boot: virtual ns), identical from run to
run; the JSON is written with sorted keys and no timestamps, so two runs give
byte-identical files.

--profile also reruns Haven with QEMU's per-instruction execution trace
(-accel tcg,one-insn-per-tb=on -d exec,nochain) and attributes every EL2
instruction of each trap path, and of boot, to Haven's functions (and the
functions inlined into them): build/bench/profile.txt. Takes about 30 s.

--quick is the gate `make test` runs: Haven's runs only (no native run, no
sizes, no JSON), every figure checked against its budget.

Every run prints one `@T budget core.<metric> PASS|FAIL` line per metric (the
runner's protocol, docs/test-protocol.md): a metric fails when it is missing
or its largest sample exceeds its budget, and `@T budget core.run` fails when
the Haven run did not end cleanly or a guest check failed.

The partitions' load addresses (--profile) come from the compiled config
(`haven-check --json`), never from the text of configs/bench.c.

Standard library only. Exit status: 0 when every Haven metric was produced
within its budget and every guest check passed, 1 otherwise.
"""

import argparse
import bisect
import collections
import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = "qemu-virt"
CONFIG = "bench"
BUILD = Path(os.environ.get("BUILD") or "build")  # as the Makefile's BUILD
OUT = BUILD / PLATFORM / CONFIG  # relative to ROOT
HAVEN_BIN = OUT / "haven.bin"
HAVEN_ELF = OUT / "haven.elf"
GUEST_BIN = OUT / "guests" / "bench.bin"
GUEST_ELF = OUT / "guests" / "bench.elf"
CHECKER = OUT / "haven-check"
BENCH_DIR = BUILD / "bench"
BUDGET_FILE = Path("tools") / "bench-budgets.json"
CROSS = os.environ.get("CROSS", "aarch64-linux-gnu-")
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
RUN_TIMEOUT = 300
# The DMA metric needs an SMMU: its own config and guest, on qemu-virt-smmu.
DMA_PLATFORM = "qemu-virt-smmu"
DMA_CONFIG = "bench-dma"
DMA_CONFIG_DIR = "tests/qemu/configs"
DMA_OUT = BUILD / DMA_PLATFORM / DMA_CONFIG
DMA_BUILD = ["PLATFORM=" + DMA_PLATFORM, "CONFIG_DIR=" + DMA_CONFIG_DIR, "CONFIG=" + DMA_CONFIG]
# The shared-CPU metric (partition_switch): its own config, CPU 0 shared by two partitions.
SCHED_CONFIG = "bench-sched"
SCHED_OUT = BUILD / PLATFORM / SCHED_CONFIG

CPU = "cortex-a55,cntfrq=1000000000"
ICOUNT = "shift=0,sleep=off"
COMMON = ["-cpu", CPU, "-m", "1G", "-icount", ICOUNT, "-display", "none", "-serial", "stdio",
          "-monitor", "none", "-nic", "none"]
HAVEN_CMD = ([QEMU, "-M", "virt-10.0,virtualization=on,gic-version=3", "-smp", "4"] + COMMON +
             ["-kernel", str(HAVEN_BIN), "-no-reboot"])
DMA_CMD = ([c if c != str(HAVEN_BIN) else str(DMA_OUT / "haven.bin") for c in HAVEN_CMD] +
           ["-device", "edu,addr=03.0,dma_mask=0xffffffffffffffff"])
NATIVE_CMD = ([QEMU, "-M", "virt-10.0,gic-version=3", "-smp", "2"] + COMMON +
              ["-kernel", str(GUEST_BIN)])
SCHED_CMD = [c if c != str(HAVEN_BIN) else str(SCHED_OUT / "haven.bin") for c in HAVEN_CMD]

# The table: key, what it measures, Haven's target (median), Bao's median.
METRICS = [
    ("hvc_roundtrip", "PSCI_VERSION over HVC", 100, 195),
    ("hvc_unknown", "unknown SMCCC id -> NOT_SUPPORTED", 100, 156),
    ("vtimer_irq_latency", "vtimer deadline -> guest IRQ vector", 120, 201),
    ("mmio_trap", "read GICD_CTLR", 150, 234),
    ("mmio_trap_x20", "read GICD_CTLR into w20 (x19..x28 saved)", 150, None),
    ("mmio_trap_bitmap_read", "read GICD_ISENABLER1", 200, 1292),
    ("mmio_trap_bitmap", "write GICD_ISENABLER1 (32 IRQs)", 400, 3567),
    ("ipi_latency", "SGI vCPU0 -> vCPU1 handler entry", 450, 809),
    ("ipi_roundtrip", "SGI ping-pong vCPU0 -> 1 -> 0", 900, 1696),
    ("stage2_violation", "forbidden store -> guest abort, report incl.", None, None),
    ("stage2_violation_suppressed", "the same past the report rate limit", None, None),
    ("dma_violation", "blocked DMA -> report, on the CPU it interrupts (qemu-virt-smmu)", None, None),
    ("partition_switch", "window end -> next partition's first instruction (shared CPU)", 1000, None),
    ("boot_to_guest", "reset -> bench main(), 4 CPUs, 64 MiB", 50_000_000, 744_000_000),
]
UNITS = {"instructions": "instructions", "virtual-ns": "virtual ns"}

RE_BENCH = re.compile(r"^(?:\[bench\] )?@BENCH (\S+) min=(\d+) median=(\d+) p99=(\d+) max=(\d+) "
                      r"n=(\d+) unit=(\S+)\s*$")
RE_RESULT = re.compile(r"^(?:\[bench\] )?@T (\S+) (\S+) (PASS|FAIL)(?:\s+(.*?))?\s*$")


def rel(cmd):
    return " ".join(str(c) for c in cmd)


def sh(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True, **kw)


def make(*args):
    cmd = [os.environ.get("MAKE", "make"), "--no-print-directory", "-s"] + list(args)
    r = sh(cmd)
    if r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        sys.exit("bench: '%s' failed" % rel(cmd))
    return r.stdout


def budgets(part):
    """{key: budget} of one part ("core", "linux") of tools/bench-budgets.json."""
    return json.loads((ROOT / BUDGET_FILE).read_text())[part]


def config_json(checker):
    """The compiled config and its platform (haven-check --json), as a dict."""
    r = sh([str(checker), "--json"])
    if r.returncode != 0:
        sys.exit("bench: %s --json failed:\n%s" % (checker, r.stderr))
    return json.loads(r.stdout)


def check_budgets(figures, budget, problems, tag=""):
    """Prints one `@T budget <tag><key>` line per budget, and one for the run.
    figures: {key: figure or None}. Returns True when everything passed."""
    ok = True
    for key, limit in budget.items():
        fig = figures.get(key)
        if fig is None:
            why, passed = "no figure", False
        else:
            passed = fig <= limit
            why = "%s %s %s" % (fmt_n(fig), "<=" if passed else "> budget", fmt_n(limit))
        print("@T budget %s%s %s %s" % (tag, key, "PASS" if passed else "FAIL", why))
        ok = ok and passed
    first = ("; ".join(problems)).replace("\n", " ")[:300]
    print("@T budget %srun %s %s" % (tag, "FAIL" if problems else "PASS",
                                      first if problems else "ended cleanly, every guest check passed"))
    return ok and not problems


def loader_args(out=OUT):
    """-device loader lines the build staged beside the image (large blobs), if any, and
    the boot info block tools/run-qemu.sh gives a deterministic run (HAVEN_ICOUNT): not
    attended, its fixed seed (include/haven/bootinfo.h, docs/platforms.md), so Haven boots
    here exactly as it does under the launcher."""
    f = ROOT / out / "qemu-args"
    args = f.read_text().split() if f.exists() else []
    bootinfo = ROOT / BENCH_DIR / "bootinfo.bin"
    bootinfo.parent.mkdir(parents=True, exist_ok=True)
    bootinfo.write_bytes(b"HVBI" + bytes([1, 0, 0, 0]) + bytes(8) + b"haven-icount-fixed-seed-32-bytes")
    return args + ["-device", "loader,file=%s,addr=0x40001000,force-raw=on" % bootinfo]


# --------------------------------------------------------------------------
# Running and parsing
# --------------------------------------------------------------------------

def run_qemu(cmd, what):
    try:
        r = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        sys.exit("bench: the %s run did not power off within %d s" % (what, RUN_TIMEOUT))
    out = r.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    return r.returncode, out, r.stderr.decode("utf-8", "replace")


def parse(text):
    """Console text -> ({key: figures}, [failed @T lines])."""
    metrics, fails = {}, []
    for line in text.split("\n"):
        line = line.rstrip()
        m = RE_BENCH.match(line)
        if m:
            key = m.group(1)
            mn, med, p99, mx, n = (int(m.group(i)) for i in range(2, 7))
            metrics[key] = dict(min=mn, median=med, p99=p99, max=mx, n=n,
                                unit=UNITS.get(m.group(7), m.group(7)))
            continue
        m = RE_RESULT.match(line)
        if m and m.group(3) == "FAIL":
            fails.append(line)
    return metrics, fails


# --------------------------------------------------------------------------
# Image size and source lines
# --------------------------------------------------------------------------

def image_sizes():
    """Section sizes of haven.elf (size -A); the guest images embedded in .rodata apart."""
    r = sh([CROSS + "size", "-A", str(HAVEN_ELF)])
    sec = {}
    for line in r.stdout.split("\n"):
        p = line.split()
        if len(p) == 3 and p[0].startswith(".") and p[1].isdigit():
            sec[p[0]] = int(p[1])
    guests = 0
    syms = {}
    for line in sh([CROSS + "nm", str(HAVEN_ELF)]).stdout.split("\n"):
        p = line.split()
        if len(p) == 3 and p[2].startswith("_guest_"):
            syms[p[2]] = int(p[0], 16)
    for name, start in syms.items():
        if name.endswith("_start"):
            end = syms.get(name[:-len("_start")] + "_end")
            if end is not None:
                guests += end - start
    rodata = sec.get(".rodata", 0)
    return {
        "text": sec.get(".text", 0),
        "rodata": rodata - guests,
        "rodata_guest_images": guests,
        "data": sec.get(".data", 0),
        "bss": sec.get(".bss", 0),
        "pt_pool": sec.get(".pt_pool", 0),
    }


def code_lines(text):
    """Lines holding code: not blank, not only a comment (C/asm /* */ and //)."""
    count = 0
    in_block = False
    for line in text.split("\n"):
        code = []
        i, n = 0, len(line)
        quote = None
        while i < n:
            c = line[i]
            if in_block:
                if line.startswith("*/", i):
                    in_block = False
                    i += 2
                else:
                    i += 1
                continue
            if quote:
                code.append(c)
                if c == "\\":
                    code.append(line[i + 1:i + 2])
                    i += 2
                    continue
                if c == quote:
                    quote = None
                i += 1
                continue
            if line.startswith("/*", i):
                in_block = True
                i += 2
                continue
            if line.startswith("//", i):
                break
            if c in "\"'":
                quote = c
            code.append(c)
            i += 1
        if "".join(code).strip():
            count += 1
    return count


def source_lines():
    """Counts the hypervisor's sources (make print-HV_SRCS) and the repository headers
    they include (from the build's .d files)."""
    srcs = make("CONFIG=" + CONFIG, "print-HV_SRCS").split()
    headers = set()
    for d in (ROOT / OUT / "hv").rglob("*.d"):
        for tok in d.read_text().replace("\\\n", " ").split():
            if tok.endswith(".h") and not tok.startswith("/") and (ROOT / tok).exists():
                headers.add(os.path.normpath(tok))
    out = {"c": 0, "asm": 0, "headers": 0}
    for f in srcs:
        kind = "asm" if f.endswith(".S") else "c"
        out[kind] += code_lines((ROOT / f).read_text())
    for h in headers:
        out["headers"] += code_lines((ROOT / h).read_text())
    out["total"] = out["c"] + out["asm"] + out["headers"]
    out["source_files"] = len(srcs)
    out["header_files"] = len(headers)
    out["method"] = ("non-blank lines that are not only a comment (/* */, //), of the files "
                     "`make print-HV_SRCS` lists for CONFIG=bench (C and .S) and of the "
                     "repository headers their .d files name")
    return out


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def fmt_n(v):
    return "-" if v is None else "{:,}".format(v)


def table(haven, native, budget):
    head = ["metric", "Haven median (min/p99/max)", "native", "target", "budget", "Bao", "met?"]
    rows = []
    for key, _, target, bao in METRICS:
        h, nat = haven.get(key), native.get(key)
        if h is None:
            cell, met = "MISSING", "no"
        else:
            cell = "%s (%s/%s/%s)" % (fmt_n(h["median"]), fmt_n(h["min"]), fmt_n(h["p99"]),
                                      fmt_n(h["max"]))
            if target is None:
                met = "measured"
            else:
                met = "yes" if h["median"] <= target else "NO (+%s)" % fmt_n(h["median"] - target)
        rows.append([key, cell, fmt_n(nat["median"]) if nat else "n/a",
                     ("<= " + fmt_n(target)) if target else "-",
                     ("<= " + fmt_n(budget[key])) if key in budget else "-", fmt_n(bao), met])
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(head, widths)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def git_revision():
    r = sh(["git", "describe", "--always", "--dirty", "--abbrev=12"])
    return r.stdout.strip() if r.returncode == 0 else "unknown"


def qemu_version():
    r = subprocess.run([QEMU, "--version"], capture_output=True, text=True)
    return r.stdout.split("\n")[0].strip()


def strip_n(m):
    return {k: m[k] for k in ("min", "median", "p99", "max", "unit")}


def native_stats(m):
    """The native floor's min and median. Its p99 and max are not kept: natively a timer
    sample that waits in WFI now and then measures 8 instead of 1 when the host is busy
    (QEMU's icount warps the clock of an idle CPU from its main-loop thread, which races
    with the CPU thread: seen in 8 of 48 loaded runs, with -smp 1 as with -smp 2), so they
    would make two runs' JSON differ. Haven's figures (16 loaded runs of each) were not affected."""
    return {k: m[k] for k in ("min", "median", "unit")}


# --------------------------------------------------------------------------
# --profile: per-instruction attribution of the EL2 paths
# --------------------------------------------------------------------------

VEC_LOWER_SYNC, VEC_LOWER_IRQ = 0x400, 0x480
INSN_WFI = 0xD503207F


def nm_funcs(elf, base=0):
    out = []
    for line in sh([CROSS + "nm", "-n", str(elf)]).stdout.split("\n"):
        p = line.split()
        if len(p) == 3 and p[1] in "tTwW":
            out.append((int(p[0], 16) + base, p[2]))
    return out


class Symbols:
    def __init__(self, entries):
        self.entries = sorted(entries)
        self.addrs = [a for a, _ in self.entries]

    def name(self, pc, with_off=False):
        i = bisect.bisect_right(self.addrs, pc) - 1
        if i < 0:
            return "0x%x" % pc
        a, n = self.entries[i]
        return "%s+0x%x" % (n, pc - a) if with_off else n


def inline_names(elf, pcs):
    """pc -> innermost function (inlining included), from addr2line -i."""
    out, cur = {}, None
    pcs = sorted(pcs)
    for i in range(0, len(pcs), 2000):
        r = sh([CROSS + "addr2line", "-a", "-f", "-i", "-e", str(elf)] +
               ["0x%x" % p for p in pcs[i:i + 2000]])
        for line in r.stdout.split("\n"):
            if line.startswith("0x"):
                cur = int(line, 16)
                out[cur] = None
            elif cur is not None and out[cur] is None and line and ":" not in line:
                out[cur] = line
    return out


def guest_words():
    data = (ROOT / GUEST_BIN).read_bytes()
    return lambda off: int.from_bytes(data[off:off + 4], "little") if 0 <= off <= len(data) - 4 else 0


def is_counter_read(word):
    return (word & 0xFFFFFFE0) in (0xD53B9D00, 0xD53BE040)  # mrs Xt, pmccntr_el0 / cntvct_el0


def trace_run(trace_path):
    """Runs Haven with the per-instruction trace streamed through a FIFO; yields (cpu, pc)."""
    if trace_path.exists():
        trace_path.unlink()
    os.mkfifo(trace_path)
    cmd = (HAVEN_CMD[:1] + ["-accel", "tcg,one-insn-per-tb=on", "-d", "exec,nochain", "-D",
                            str(trace_path)] + HAVEN_CMD[1:] + loader_args())
    cmd = [c if c != "stdio" else "file:" + str(BENCH_DIR / "profile-console.log") for c in cmd]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    fd = os.open(ROOT / trace_path, os.O_RDWR)  # never blocks; we detect the end by QEMU's exit
    buf = b""
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            chunk = os.read(fd, 1 << 20)
            lines = (buf + chunk).split(b"\n")
            buf = lines.pop()
            for line in lines:
                if not line.startswith(b"Trace "):
                    continue
                colon = line.index(b":")
                parts = line.split(b"/", 2)
                yield int(line[6:colon]), int(parts[1], 16)
    finally:
        os.close(fd)
        proc.wait()
        (ROOT / trace_path).unlink()


def profile():
    make("CONFIG=" + CONFIG, str(GUEST_ELF))
    hv = nm_funcs(ROOT / HAVEN_ELF)
    hv_syms = Symbols(hv)
    g_syms = Symbols(nm_funcs(ROOT / GUEST_ELF))
    addr = {n: a for a, n in hv}
    text_lo, text_hi, vectors = addr["_image_start"], addr.get("_text_end"), addr["el2_vectors"]
    if text_hi is None:
        text_hi = max(a for a, _ in hv) + 0x1000
    word = guest_words()
    # Where each partition runs the bench image, from the compiled config.
    parts = {p["name"]: p for p in config_json(ROOT / CHECKER)["partitions"]}
    bench_ipa, idle_ipa = (parts[n]["image"]["load_ipa"] for n in ("bench", "idle"))
    main_pc = bench_ipa + dict((n, a) for a, n in nm_funcs(ROOT / GUEST_ELF))["main"]

    def region(pc):
        if text_lo <= pc < text_hi:
            return "el2"
        if bench_ipa <= pc < bench_ipa + 0x400000:
            return "bench"
        if idle_ipa <= pc < idle_ipa + 0x400000:
            return "idle"
        return "other"

    last, last_g, prev_g, cur = {}, {}, {}, {}
    groups = collections.defaultdict(lambda: [0, None, collections.Counter()])
    boot = collections.Counter()
    booting = True
    total = 0

    def close(cpu):
        ep = cur.pop(cpu)
        gpc, ppc = last_g.get(cpu, 0), prev_g.get(cpu, 0)
        key = (cpu, gpc, ep[0] - vectors, len(ep))
        g = groups[key]
        g[0] += 1
        if g[1] is None:
            g[1] = ep
            g[2]["prev"] = ppc

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for cpu, pc in trace_run(BENCH_DIR / "trace.fifo"):
        if last.get(cpu) == pc:  # a TB entered but not executed (icount budget): logged twice
            continue
        last[cpu] = pc
        total += 1
        r = region(pc)
        if booting:
            if cpu == 0 and pc == main_pc:
                booting = False
            else:
                name = hv_syms.name(pc) if r == "el2" else (
                    g_syms.name(pc - (bench_ipa if r == "bench" else idle_ipa))
                    if r in ("bench", "idle") else "QEMU boot stub")
                boot[(r, name)] += 1
        if r == "el2":
            cur.setdefault(cpu, []).append(pc)
        else:
            if cpu in cur:
                close(cpu)
            if r == "bench":
                prev_g[cpu] = last_g.get(cpu, 0)
                last_g[cpu] = pc
    for cpu in list(cur):
        close(cpu)

    # Inline attribution of every EL2 pc in the paths we print.
    shown = [(k, v) for k, v in groups.items() if v[0] >= 100 and k[1]]
    pcs = set(p for _, v in shown for p in v[1])
    inl = inline_names(ROOT / HAVEN_ELF, pcs)

    def label(cpu, vec, ep, gpc, ppc):
        funcs = set(hv_syms.name(p) for p in ep) | set(inl.get(p) for p in ep)
        timed = is_counter_read(word(ppc - bench_ipa)) if ppc else False
        after_wfi = word(gpc - bench_ipa) == INSN_WFI
        if vec == VEC_LOWER_SYNC:
            if "vpsci_call" in funcs:
                return "HVC, PSCI call other than PSCI_VERSION" + ("" if timed else " (untimed)")
            if "haven_call" in funcs:
                return "HVC, vendor-hypervisor id" + (" (hvc_unknown)" if timed else "")
            if "hvc_dispatch" in funcs:
                return "HVC, PSCI_VERSION answered in the dispatcher" + (" (hvc_roundtrip)" if timed else "")
            if "violation" in funcs:
                return "stage-2 violation, report and abort injection (stage2_violation)"
            if "bitmap_write" in funcs:
                return "GICD bitmap write" + (" (mmio_trap_bitmap)" if timed else " (untimed)")
            if "bitmap_read" in funcs:
                return "GICD bitmap read" + (" (mmio_trap_bitmap_read)" if timed else "")
            if "vgicd_access" in funcs:
                name = "mmio_trap_x20" if "sync_all_regs" in funcs else "mmio_trap"
                return "GICD register" + (" (%s)" % name if timed else "")
            if "vuart_access" in funcs:
                return "vUART register (the guest's console output)"
            if "vgic_sgi_trap" in funcs:
                return "ICC_SGI1R_EL1 write: send a virtual SGI (ipi_latency, ipi_roundtrip)"
            return "synchronous trap"
        if vec == VEC_LOWER_IRQ:
            if "vgic_deliver_sgis" in funcs:
                return "IRQ: Haven's IPI, virtual SGI into a list register (ipi_latency, ipi_roundtrip)"
            if "gic_inject" in funcs:
                pause = "settle" in g_syms.name(gpc - bench_ipa)
                return "IRQ: virtual timer into a list register" + (
                    " (the pause between IPI samples)" if pause else
                    " (vtimer_irq_latency)" if after_wfi and cpu == 0 else "")
            return "IRQ"
        return "vector 0x%x" % vec

    lines = []
    lines.append("Haven EL2 paths, per-instruction trace of one `make bench` run under Haven")
    lines.append("(QEMU -accel tcg,one-insn-per-tb=on -d exec,nochain; %s instructions traced)." %
                 "{:,}".format(total))
    lines.append("A group is every EL2 episode (vector entry .. eret) with the same CPU, trapping")
    lines.append("guest instruction, vector and length; each line is the instructions spent in one")
    lines.append("function of haven.elf (symbol / innermost inlined function), in execution order.")
    lines.append("")
    for (cpu, gpc, vec, n), (count, ep, meta) in sorted(shown, key=lambda kv: -kv[1][0]):
        lab = label(cpu, vec, ep, gpc, meta["prev"])
        lines.append("== %s" % lab)
        lines.append("   CPU %d, after guest %s, vector +0x%x: %d x %d EL2 instructions" %
                     (cpu, g_syms.name(gpc - bench_ipa, True), vec, count, n))
        runs = []
        for p in ep:
            k = (hv_syms.name(p), inl.get(p) or "?")
            if runs and runs[-1][0] == k:
                runs[-1][1] += 1
            else:
                runs.append([k, 1])
        merged = collections.OrderedDict()
        for k, c in runs:
            merged[k] = merged.get(k, 0) + c
        for (s, f), c in merged.items():
            lines.append("   %6d  %-26s %s" % (c, s, "" if f == s else "(inlined %s)" % f))
        lines.append("")
    lines.append("== boot: every instruction before the bench partition's main(), all CPUs")
    btotal = sum(boot.values())
    lines.append("   %d instructions (the figure boot_to_guest reports, give or take a few "
                 "double-logged TBs)" % btotal)
    per_region = collections.Counter()
    for (r, _), c in boot.items():
        per_region[r] += c
    for r, c in per_region.most_common():
        lines.append("   %8d  %s" % (c, {"el2": "Haven (EL2)", "bench": "bench guest before main",
                                          "idle": "idle partition's guest",
                                          "other": "QEMU boot stub"}.get(r, r)))
    lines.append("   by function:")
    for (r, name), c in boot.most_common(30):
        lines.append("   %8d  %-6s %s" % (c, r, name))
    text = "\n".join(lines) + "\n"
    (ROOT / BENCH_DIR / "profile.txt").write_text(text)
    print(text)
    print("bench: wrote %s" % (BENCH_DIR / "profile.txt"))


# --------------------------------------------------------------------------

def run_haven(cmd, label, what, tag):
    """One Haven run: its figures and its problems (exit status, no clean power-off, a
    PANIC, failed guest checks), each prefixed with tag."""
    print("bench: " + label + rel(cmd), flush=True)
    rc, out, _ = run_qemu(cmd, what)
    figures, fails = parse(out)
    problems = []
    if rc != 0:
        problems.append("%s: QEMU exit status %d" % (tag, rc))
    if "haven: all partitions stopped; system off" not in out:
        problems.append("%s: no clean power-off" % tag)
    if "haven: PANIC" in out:
        problems.append("%s: " % tag + next(l for l in out.split("\n") if "haven: PANIC" in l))
    return figures, problems + ["%s: " % tag + l for l in fails]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-build", action="store_true", help="use the existing build")
    ap.add_argument("--out", default=str(BENCH_DIR / "core.json"), help="the JSON file to write")
    ap.add_argument("--profile", action="store_true",
                    help="also attribute every EL2 instruction (build/bench/profile.txt)")
    ap.add_argument("--quick", action="store_true",
                    help="the make test gate: Haven's run and the budgets only (no native run, no JSON)")
    args = ap.parse_args()
    os.chdir(ROOT)
    budget = budgets("core")

    if not args.no_build:
        make("CONFIG=" + CONFIG, "image")
        make(*DMA_BUILD, "image")
        make("CONFIG=" + SCHED_CONFIG, "image")
    for f in (HAVEN_BIN, GUEST_BIN, HAVEN_ELF, DMA_OUT / "haven.bin", SCHED_OUT / "haven.bin"):
        if not (ROOT / f).exists():
            sys.exit("bench: %s is missing (run without --no-build)" % f)

    haven_cmd = HAVEN_CMD + loader_args()
    dma_cmd = DMA_CMD + loader_args(DMA_OUT)
    sched_cmd = SCHED_CMD + loader_args(SCHED_OUT)
    haven, problems = run_haven(haven_cmd, "Haven:  ", "Haven", "Haven run")
    for cmd, label, what, tag in ((dma_cmd, "DMA:    ", "DMA", "DMA run"),
                                  (sched_cmd, "shared: ", "shared CPU", "shared-CPU run")):
        figures, more = run_haven(cmd, label, what, tag)
        haven.update(figures)
        problems += more
    problems += ["no @BENCH %s line" % k for k, *_ in METRICS if k not in haven]

    native, notes = {}, []
    if not args.quick:
        print("bench: native: " + rel(NATIVE_CMD), flush=True)
        nrc, nout, _ = run_qemu(NATIVE_CMD, "native")
        native, native_fails = parse(nout)
        notes = ["native run: " + l for l in native_fails]
        if nrc != 0:
            notes.append("native run: QEMU exit status %d" % nrc)

    print()
    samples = max([m["n"] for m in haven.values()] or [0])
    print("Haven core paths: QEMU %s, -icount %s, -cpu %s; %d samples per metric (boot: one)" % (
        qemu_version().split("version ")[-1].split(" ")[0], ICOUNT, CPU, samples))
    print("Instructions (boot_to_guest: virtual ns); exact and identical from run to run.")
    print()
    print(table(haven, native, budget))
    print()

    if not args.quick:
        sizes = image_sizes()
        loc = source_lines()
        print("EL2 image (haven.elf): .text %s, .rodata %s (+ %s of embedded guest images), "
              ".data %s, .bss %s bytes (+ .pt_pool %s)" % tuple(fmt_n(sizes[k]) for k in (
                  "text", "rodata", "rodata_guest_images", "data", "bss", "pt_pool")))
        print("Source compiled into EL2: %s lines (C %s, assembly %s, headers %s; %d files + %d "
              "headers; non-blank, non-comment)" % (
                  fmt_n(loc["total"]), fmt_n(loc["c"]), fmt_n(loc["asm"]), fmt_n(loc["headers"]),
                  loc["source_files"], loc["header_files"]))
        doc = {
            "metrics": {k: strip_n(haven[k]) for k, *_ in METRICS if k in haven},
            "env": {
                "qemu": qemu_version(),
                "machine": "virt-10.0,virtualization=on,gic-version=3",
                "cpu": CPU,
                "smp": 4,
                "memory": "1G",
                "icount": ICOUNT,
                "haven_revision": git_revision(),
                "config": "configs/%s.c" % CONFIG,
                "dma_config": "%s/%s.c on %s" % (DMA_CONFIG_DIR, DMA_CONFIG, DMA_PLATFORM),
                "dma_command": rel(dma_cmd),
                "sched_config": "configs/%s.c" % SCHED_CONFIG,
                "sched_command": rel(sched_cmd),
                "samples": {k: haven[k]["n"] for k, *_ in METRICS if k in haven},
                "method": "instruction counts under -icount shift=0 (1 instruction = 1 virtual "
                          "ns); see docs/performance.md",
                "haven_command": rel(haven_cmd),
                "native_command": rel(NATIVE_CMD),
                # min and median only: see native_stats()
                "native": {k: native_stats(native[k]) for k, *_ in METRICS if k in native},
                "targets": {k: t for k, _, t, _ in METRICS if t is not None},
                "budgets": budget,
                "bao": {k: b for k, _, _, b in METRICS if b is not None},
                "image_bytes": sizes,
                "source_lines": loc,
            },
        }
        out_path = ROOT / args.out
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
        print("bench: wrote %s" % args.out)
        for n in notes:
            print("bench: note: " + n)

    # Every sample counts: under -icount they are all equal, so max is the figure.
    ok = check_budgets({k: haven[k]["max"] if k in haven else None for k in budget}, budget,
                       problems, "core.")

    if args.profile:
        print()
        profile()

    if not ok:
        for p in problems:
            print("bench: FAIL " + p, file=sys.stderr)
        over = [k for k in budget if k in haven and haven[k]["max"] > budget[k]]
        if over:
            print("bench: FAIL over budget (tools/bench-budgets.json): " + ", ".join(over),
                  file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
