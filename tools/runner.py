#!/usr/bin/env python3
"""Haven's test runner, behind `make test`.

  python3 tools/runner.py [--only SUBSTR] [--list] [-j N] [--no-build] [--self-test]

Phases (each result is a testcase; nothing aborts the run):
  runner    the runner's own self-test (--self-test, run as a subprocess)
  build     `make host-tests`, `make CONFIG=<c> image` for every scenario config
  host      every host test binary (HOST_TEST_BINS), its `@T` lines
  config    tests/host/bad-configs/<stem>.c must be rejected; scenario configs accepted
  QEMU      every scenario of tests/qemu/scenarios.py, booted with tools/run-qemu.sh

Prints `PASS <classname>.<name>` / `FAIL <classname>.<name>: <reason>` per testcase,
then `N passed, M failed`; writes build/test-results/junit.xml and one console
log per scenario. Exit status 1 if anything failed. The protocol it checks is
docs/test-protocol.md. Standard library only.
"""

import argparse
import collections
import concurrent.futures
import dataclasses
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.dont_write_bytecode = True  # loading tests/qemu/scenarios.py leaves no __pycache__
ROOT = Path(__file__).resolve().parent.parent
PLATFORM = "qemu-virt"
SCENARIO_FILE = ROOT / "tests" / "qemu" / "scenarios.py"
BAD_CONFIG_DIR = ROOT / "tests" / "host" / "bad-configs"
DEFAULT_TIMEOUT = 30
HOST_TEST_TIMEOUT = 120
LOG_TAIL_LINES = 80
ALWAYS_FORBID = [("panic", r"^haven: PANIC")]


# --------------------------------------------------------------------------
# Testcases
# --------------------------------------------------------------------------

@dataclasses.dataclass
class TestCase:
    classname: str
    name: str
    ok: bool
    message: str = ""  # one line: why it failed (or a note when it passed)
    detail: str = ""   # failure body (JUnit <failure> text)
    time: float = 0.0
    output: str = ""   # JUnit <system-out>, e.g. the tail of a scenario log

    @property
    def full(self):
        return "%s.%s" % (self.classname, self.name)

    def line(self):
        if self.ok:
            return "PASS " + self.full
        return "FAIL %s: %s" % (self.full, one_line(self.message) or "failed")


def one_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def tail(text, n):
    lines = text.rstrip("\n").split("\n")
    return "\n".join(lines[-n:])


def uniquify(cases, seen=None):
    """Makes classname.name unique by suffixing '#2', '#3', ... to repeats."""
    seen = {} if seen is None else seen
    for tc in cases:
        key = tc.full
        if key in seen:
            seen[key] += 1
            tc.name = "%s#%d" % (tc.name, seen[key])
        else:
            seen[key] = 1
    return cases


# --------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------

@dataclasses.dataclass
class Scenario:
    name: str
    config: str
    partitions: list
    expect_done: list = dataclasses.field(default_factory=list)
    expect_lines: list = dataclasses.field(default_factory=list)   # [(label, compiled re)]
    forbid_lines: list = dataclasses.field(default_factory=list)   # [(label, compiled re)]
    checks: list = dataclasses.field(default_factory=list)
    min_results: int = 1
    results_from: list = dataclasses.field(default_factory=list)
    allow_violations_from: list = dataclasses.field(default_factory=list)
    timeout: int = DEFAULT_TIMEOUT
    icount: bool = False
    qemu_args: list = dataclasses.field(default_factory=list)
    build_vars: dict = dataclasses.field(default_factory=dict)  # extra make VAR=value for the image
    expect_exit: int = 0  # QEMU's exit status; non-zero: Haven must refuse to boot (panic exit)
    expect_panic: bool = False  # with expect_exit: the panic comes after the partitions started
    # partition -> the results it must print ("area.name", ("area.name", times) or a function
    # of the build directory returning such entries), or None: its results are not listed
    expect_results: dict = dataclasses.field(default_factory=dict)
    allow_haven_lines: list = dataclasses.field(default_factory=list)  # [(label, compiled re)]
    console_input: bytes = b""  # what QEMU's serial port receives (run-qemu.sh HAVEN_STDIN)
    # partition -> every line it prints (the text after "[name] "), exactly and in order:
    # for a guest without result lines (guests/hello), whose output is what a person reads
    expect_output: dict = dataclasses.field(default_factory=dict)
    # QEMU's second serial port (on virt: UART1 at 0x09040000, SPI 40), connected to the
    # runner (Serial1Peer): it receives serial1_input once the guest has sent a line there,
    # and what the guest sends must match every serial1_expect regex
    serial1: bool = False
    serial1_input: bytes = b""
    serial1_expect: list = dataclasses.field(default_factory=list)  # [(label, compiled re)]
    # A disk: a fresh copy of $(BUILD)/linux/disk.img (make linux-disk) as a virtio-blk-pci
    # function in slot disk_slot, its DMA through the SMMU (iommu_platform=on); after the
    # run every file of disk_files must exist in the copy and match its regex (debugfs)
    disk_slot: int = None
    disk_files: list = dataclasses.field(default_factory=list)  # [(path, compiled re)]


SCENARIO_KEYS = {f.name for f in dataclasses.fields(Scenario)} - {"disk_slot", "disk_files"} | {"disk"}


def slug(text, limit=40):
    s = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")
    return s[:limit] or "line"


def _patterns(entries, what):
    out = []
    for e in entries:
        if isinstance(e, (tuple, list)) and len(e) == 2:
            label, rx = e
        elif isinstance(e, str):
            label, rx = slug(e), e
        else:
            raise ValueError("%s entry %r: want a regex or a (label, regex) pair" % (what, e))
        try:
            out.append((str(label), re.compile(rx)))
        except re.error as exc:
            raise ValueError("%s regex %r: %s" % (what, rx, exc)) from None
    return out


def _names(value, key):
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ValueError("%s must be a list of partition names" % key)
    return list(value)


RE_RESULT_KEY = re.compile(r"[^.\s]+\.\S+")


def result_entries(entries, what):
    """Validates expect_results entries (functions already called) -> Counter 'area.name' -> times."""
    out = collections.Counter()
    for e in entries:
        if isinstance(e, str):
            key, times = e, 1
        elif isinstance(e, (tuple, list)) and len(e) == 2:
            key, times = e
        else:
            key, times = None, None
        if not (isinstance(key, str) and RE_RESULT_KEY.fullmatch(key) and isinstance(times, int)
                and not isinstance(times, bool) and times >= 1):
            raise ValueError("%s entry %r: want 'area.name', ('area.name', times >= 1) or a function"
                             % (what, e))
        if key in out:
            raise ValueError("%s lists %r twice" % (what, key))
        out[key] = times
    return out


def _expect_results(value):
    if not isinstance(value, dict):
        raise ValueError("expect_results must be a dict: partition -> list of results (or None)")
    out = {}
    for part, entries in value.items():
        if not isinstance(part, str):
            raise ValueError("expect_results: partition %r is not a name" % (part,))
        if entries is None:
            out[part] = None
            continue
        if isinstance(entries, str) or not isinstance(entries, (list, tuple)):
            raise ValueError("expect_results[%r] must be a list" % part)
        result_entries([e for e in entries if not callable(e)], "expect_results[%r]" % part)
        out[part] = list(entries)
    return out


def _expect_output(value):
    if not isinstance(value, dict) or not all(
            isinstance(p, str) and isinstance(v, (list, tuple)) and all(isinstance(l, str) for l in v)
            for p, v in value.items()):
        raise ValueError("expect_output must be a dict: partition -> list of lines (str)")
    return {p: list(v) for p, v in value.items()}


def make_scenario(d):
    """Validates one scenario dict (see tests/qemu/scenarios.py) into a Scenario."""
    if not isinstance(d, dict):
        raise ValueError("a scenario must be a dict, not %r" % (d,))
    unknown = set(d) - SCENARIO_KEYS
    if unknown:
        raise ValueError("unknown key(s) %s" % ", ".join(sorted(unknown)))
    for key in ("name", "config", "partitions"):
        if key not in d:
            raise ValueError("missing %r" % key)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", str(d["name"])):
        raise ValueError("name %r: use letters, digits, '-' and '_'" % d["name"])
    sc = Scenario(name=d["name"], config=str(d["config"]),
                  partitions=_names(d["partitions"], "partitions"))
    sc.expect_done = _names(d.get("expect_done", []), "expect_done")
    sc.results_from = _names(d.get("results_from", []), "results_from")
    sc.allow_violations_from = _names(d.get("allow_violations_from", []), "allow_violations_from")
    sc.expect_lines = _patterns(d.get("expect_lines", []), "expect_lines")
    sc.expect_exit = int(d.get("expect_exit", 0))
    sc.expect_panic = bool(d.get("expect_panic", False))
    if sc.expect_panic and not sc.expect_exit:
        raise ValueError("expect_panic needs expect_exit (the panic's exit status)")
    sc.build_vars = {str(k): str(v) for k, v in dict(d.get("build_vars", {})).items()}
    always = list(ALWAYS_FORBID) if sc.expect_exit == 0 else []
    sc.forbid_lines = _patterns(always + list(d.get("forbid_lines", [])), "forbid_lines")
    sc.checks = list(d.get("checks", []))
    if not all(callable(c) for c in sc.checks):
        raise ValueError("checks must be functions f(lines) -> [(classname, name, ok, message)]")
    sc.min_results = int(d.get("min_results", 1))
    sc.timeout = int(d.get("timeout", DEFAULT_TIMEOUT))
    if sc.timeout <= 0:
        raise ValueError("timeout must be > 0")
    sc.icount = bool(d.get("icount", False))
    sc.expect_results = _expect_results(d.get("expect_results", {}))
    sc.allow_haven_lines = _patterns(d.get("allow_haven_lines", []), "allow_haven_lines")
    sc.qemu_args = [str(a) for a in d.get("qemu_args", [])]
    ci = d.get("console_input", b"")
    if not isinstance(ci, (str, bytes)):
        raise ValueError("console_input must be str or bytes")
    sc.console_input = ci.encode("utf-8") if isinstance(ci, str) else ci
    sc.expect_output = _expect_output(d.get("expect_output", {}))
    s1 = d.get("serial1")
    if s1 is not None:
        if not isinstance(s1, dict) or set(s1) - {"input", "expect"}:
            raise ValueError("serial1 must be a dict with the keys 'input' and 'expect'")
        si = s1.get("input", b"")
        if not isinstance(si, (str, bytes)):
            raise ValueError("serial1 input must be str or bytes")
        sc.serial1 = True
        sc.serial1_input = si.encode("utf-8") if isinstance(si, str) else si
        sc.serial1_expect = _patterns(s1.get("expect", []), "serial1 expect")
    dk = d.get("disk")
    if dk is not None:
        if not isinstance(dk, dict) or set(dk) != {"slot", "files"}:
            raise ValueError("disk must be a dict with the keys 'slot' and 'files'")
        if not isinstance(dk["slot"], int) or not 1 <= dk["slot"] <= 31:
            raise ValueError("disk slot must be a PCI slot number 1..31")
        if not isinstance(dk["files"], dict) or not all(
                isinstance(f, str) and f.startswith("/") for f in dk["files"]):
            raise ValueError("disk files must be a dict: absolute path -> regex")
        sc.disk_slot = dk["slot"]
        sc.disk_files = _patterns(list(dk["files"].items()), "disk files")
    return sc


def load_scenario_module(path=SCENARIO_FILE):
    spec = importlib.util.spec_from_file_location("haven_scenarios", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_scenarios(path=SCENARIO_FILE):
    """Returns (scenarios, error testcases)."""
    errors = []
    try:
        raw = load_scenario_module(path).SCENARIOS
    except Exception as exc:  # a broken data file is a failure, not a crash
        return [], [TestCase("runner", "scenarios.load", False,
                             "%s: %s: %s" % (path, type(exc).__name__, exc))]
    out, names = [], set()
    for i, d in enumerate(raw):
        label = d.get("name", "#%d" % i) if isinstance(d, dict) else "#%d" % i
        try:
            sc = make_scenario(d)
            if sc.name in names:
                raise ValueError("duplicate scenario name")
            names.add(sc.name)
            out.append(sc)
        except (ValueError, TypeError) as exc:
            errors.append(TestCase("runner", "scenario.%s" % label, False,
                                   "%s: scenario %s: %s" % (path.name, label, exc)))
    return out, errors


# --------------------------------------------------------------------------
# Log parsing (pure functions)
# --------------------------------------------------------------------------

RE_BANNER = re.compile(r"^haven: Haven (\S+) on (\S+): (\d+) CPUs, config '([^']*)', (\d+) partitions")
RE_STARTED = re.compile(r"^haven: partition (\d+) '([^']*)' started on CPU")
RE_STOPPED = re.compile(r"^haven: partition (\d+) '([^']*)' stopped \((.*)\)\s*$")
RE_VIOLATION = re.compile(r"^haven: VIOLATION (.*)$")
RE_DMA_VIOLATION = re.compile(r"^haven: DMA VIOLATION (.*)$")
RE_SYSTEM_OFF = re.compile(r"^haven: all partitions stopped; system off\s*$")
RE_RESET = re.compile(r"^haven: partition (\d+) '([^']*)' reset \(system-reset\)\s*$")
RE_GUEST = re.compile(r"^\[([^\]]+)\] (.*)$")
# A result's third word must be PASS or FAIL; anything else (SKIP, ...) is a failed check.
RE_RESULT = re.compile(r"^@T (\S+) (\S+) (\S+)(?:\s+(.*?))?\s*$")
RE_KV = re.compile(r"(\w+)=(\S+)")
# The protocol markers. The runner looks for them anywhere in a line, not only at its start:
# bytes printed before a marker (a guest's unfinished line, a console bug) must not hide a
# result. Each marker starts a part that runs to the next marker or the end of the line.
RE_MARKER = re.compile(r"@(?:T|EXPECT-VIOLATION|EXPECT-DMA-VIOLATION|EXPECT-STOP|DONE|BENCH)(?=\s|$)")
# The closing line of guests/lib/test/test.c t_done() (and of tools/linux/init), before @DONE.
RE_SUMMARY = re.compile(r"(\d+) checks, (\d+) failed$")

# Every line Haven prints starts with "haven: ". These are the lines a scenario may show
# without saying so (docs/test-protocol.md lists them). Any other Haven line ("unexpected
# IRQ", "unhandled trap", "SERROR", ...) fails the scenario unless the scenario names it in
# allow_haven_lines. A new informational Haven line is added here, and to the docs.
HAVEN_KNOWN_LINES = [
    ("banner", r"^haven: Haven \S+ on \S+: \d+ CPUs, config '[^']*', \d+ partitions$"),
    ("el2_ready", r"^haven: EL2 ready: "),
    ("started", r"^haven: partition \d+ '[^']*' started on CPU "),
    ("enters", r"^haven: partition \d+ '[^']*' enters 0x[0-9a-f]+ at counter \d+$"),
    ("stopped", r"^haven: partition \d+ '[^']*' stopped \((system-off|violation, policy=stop|DMA violation, policy=stop|fault storm|all vCPUs off|serror|fiq)\)$"),
    ("reset", r"^haven: partition \d+ '[^']*' reset \(system-reset\)$"),
    ("schedule", r"^haven: partition \d+ '[^']*' schedule: \d+ windows, \d+ overruns, \d+ late \(max \d+ ns\)$"),
    ("suppressed", r"^haven: partition \d+ '[^']*': \d+ more reports? suppressed \(rate limit\)$"),
    ("violation", r"^haven: VIOLATION "),  # each must be announced (@EXPECT-VIOLATION / @EXPECT-STOP)
    ("dma_violation", r"^haven: DMA VIOLATION "),  # each must be announced (@EXPECT-DMA-VIOLATION)
    ("dma_suppressed", r"^haven: DMA of unassigned streams: \d+ more reports? suppressed \(rate limit\)$"),
    ("dma_lost", r"^haven: DMA event queue overflowed: "),
    ("dma_lost_suppressed", r"^haven: DMA event queue overflows: \d+ more reports? suppressed \(rate limit\)$"),
    ("smmu_on", r"^haven: SMMU at 0x[0-9a-f]+ on: "),
    ("trusted_dma", r"^haven: WARNING partition \d+ '[^']*' is trusted with physical DMA: "),
    ("console_input", r"^haven: console input goes to partition \d+ '[^']*'$"),
    ("translation_tables", r"^haven: translation tables \(EL2 and stage 2\): "),
    ("system_off", r"^haven: all partitions stopped; system off$"),
    ("config", r"^haven: config: "),  # a refused config; Haven then panics
    ("panic", r"^haven: PANIC "),  # fails through ALWAYS_FORBID unless the scenario expects it
    ("panic_registers", r"^haven:   x\d+ +[0-9a-f]{16}( +x\d+ +[0-9a-f]{16})*$"),
]


RE_CONTINUED = re.compile(r"^\[([^\]]+)\]\+ (.*)$")
RE_PREFIXED = re.compile(r"^\[([^\]]+)\] ")


def split_lines(text):
    """Console text -> lines without CR/LF, NULs or trailing blanks. A console-input
    partition's line that another line broke goes on as `[name]+ rest`: the rest is
    joined back onto that partition's last line (docs/test-protocol.md)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")
    joined, last = [], {}
    for line in text.split("\n"):
        m = RE_CONTINUED.match(line)
        if m and m.group(1) in last:
            joined[last[m.group(1)]] += m.group(2)
            continue
        m = RE_PREFIXED.match(line)
        if m:
            last[m.group(1)] = len(joined)
        joined.append(line)
    lines = [l.rstrip() for l in joined]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def parse_int(s):
    try:
        return int(s.replace("_", ""), 0)
    except (ValueError, AttributeError):
        return None


HAVEN_KNOWN = [(label, re.compile(rx)) for label, rx in HAVEN_KNOWN_LINES]


def protocol_parts(text):
    """Cuts a line at each protocol marker: (the text before the first marker, [parts]).
    Each part starts with its marker and runs to the next marker or the end of the line."""
    starts = [m.start() for m in RE_MARKER.finditer(text)]
    if not starts:
        return text, []
    ends = starts[1:] + [len(text)]
    return text[:starts[0]], [text[a:b].rstrip() for a, b in zip(starts, ends)]


def result_of(part):
    """'@T <area> <name> <status> [detail]' -> (area, name, ok, message); None if malformed.
    Only PASS passes: FAIL fails, and so does any other status, such as SKIP: a check
    that could not run (a missing tool) is a failure in the gate, not a pass."""
    m = RE_RESULT.match(part)
    if not m:
        return None
    area, name, res, detail = m.groups()
    if res == "PASS":
        return area, name, True, detail or ""
    if res == "FAIL":
        return area, name, False, detail or "FAIL without detail"
    return area, name, False, "%s is not PASS: a check that did not run fails the gate%s" % (
        res, ": " + detail if detail else "")


def parse_results(lines):
    """`@T <area> <name> PASS|FAIL [detail]` lines (no partition prefix) -> testcases.
    A result may sit anywhere in a line. Returns (cases, malformed parts, lines with
    output before a marker)."""
    cases, bad, midline = [], [], []
    for line in lines:
        prefix, parts = protocol_parts(line)
        if parts and prefix:
            midline.append(line)
        for part in parts:
            if not part.startswith("@T"):
                continue
            r = result_of(part)
            if r is None:
                bad.append(part)
                continue
            area, name, ok, msg = r
            cases.append(TestCase(area, name, ok, msg, detail="" if ok else line))
    return cases, bad, midline


def parse_host_output(label, stdout, stderr, rc, classname="host", timed_out=False, elapsed=0.0):
    """Testcases of one host test program: its @T lines, plus a failed
    '<label>.exit' if it crashed, timed out, or failed without a FAIL line,
    and a failed '<label>.results' if it printed no @T line at all."""
    out_lines = split_lines(stdout)
    cases, bad, midline = parse_results(out_lines)
    if not cases and not bad:  # tolerate a program that reports on stderr
        cases, bad, midline = parse_results(split_lines(stderr))
    ctx = tail(stdout, 20) + ("\n--- stderr ---\n" + tail(stderr, 20) if stderr.strip() else "")
    for line in bad:
        cases.append(TestCase(classname, "%s.malformed" % label, False,
                              "malformed result line: %r" % line, detail=ctx))
    for line in midline:
        cases.append(TestCase(classname, "%s.midline_marker" % label, False,
                              "a protocol marker after other output on its line: %r" % line, detail=ctx))
    any_fail = any(not c.ok for c in cases)
    if timed_out:
        cases.append(TestCase(classname, "%s.exit" % label, False,
                              "timeout after %d s" % elapsed, detail=ctx))
    elif rc is not None and rc < 0:
        try:
            sig = signal.Signals(-rc).name
        except ValueError:
            sig = "signal %d" % -rc
        cases.append(TestCase(classname, "%s.exit" % label, False, "crashed: killed by %s" % sig, detail=ctx))
    elif rc and not any_fail:
        cases.append(TestCase(classname, "%s.exit" % label, False,
                              "exit status %d without a FAIL line" % rc, detail=ctx))
    if not cases:
        cases.append(TestCase(classname, "%s.results" % label, False,
                              "printed no @T result line", detail=ctx))
    return uniquify(cases)


def _violations(lines):
    out = []
    for i, line in enumerate(lines):
        m = RE_VIOLATION.match(line)
        if m:
            kv = dict(RE_KV.findall(m.group(1)))
            out.append(dict(line=i, text=line, id=parse_int(kv.get("partition")), name=kv.get("name"),
                            ipa=parse_int(kv.get("ipa")), access=kv.get("access"),
                            policy=kv.get("policy"), used=False,
                            fields={f: kv.get(f) for f in VIOLATION_FIELDS}))
    return out


# The fields of a VIOLATION line an @EXPECT-VIOLATION may name besides ipa and access; each
# one it names must match. Numbers compare as numbers (0x1f == 0x001f), size=? as text.
VIOLATION_FIELDS = ("vcpu", "size", "pc", "esr")


def field_value(v):
    n = parse_int(v) if v is not None else None
    return n if n is not None else v


def field_mismatches(announced, reported):
    """The announced fields (name -> text) that the VIOLATION's fields differ from."""
    return ["%s=%s announced, %s reported" % (f, announced[f], reported.get(f))
            for f in VIOLATION_FIELDS if f in announced
            and field_value(announced[f]) != field_value(reported.get(f))]


def resolve_expect_results(sc, build_out):
    """sc.expect_results with its functions called on build_out (the config's build
    directory) -> ({partition: Counter 'area.name' -> times, or None}, [errors])."""
    out, errors = {}, []
    for part, entries in sc.expect_results.items():
        if entries is None:
            out[part] = None
            continue
        flat = []
        for e in entries:
            if not callable(e):
                flat.append(e)
                continue
            name = getattr(e, "__name__", "function")
            try:
                if build_out is None:
                    raise ValueError("no build directory to read")
                flat.extend(e(Path(build_out)))
            except Exception as exc:
                errors.append("expect_results[%r]: %s(%s): %s: %s" % (part, name, build_out, type(exc).__name__, exc))
        try:
            out[part] = result_entries(flat, "expect_results[%r]" % part)
        except ValueError as exc:
            errors.append(str(exc))
            out[part] = collections.Counter()  # every result it prints is then unlisted
    return out, errors


class Serial1Peer:
    """The far end of QEMU's second serial port: a Unix socket QEMU connects to
    (-chardev socket). It records what the guest sends and sends `reply` once the
    guest has sent its first complete line, so nothing arrives before the guest has
    opened and set up its port (a PL011 drops what it holds when its FIFO is enabled)."""

    def __init__(self, reply, timeout):
        self.reply, self.timeout, self.data = reply, timeout, bytearray()
        self.dir = tempfile.mkdtemp(prefix="haven-serial1.")
        self.path = os.path.join(self.dir, "sock")
        self.srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.srv.bind(self.path)
        self.srv.listen(1)
        self.srv.settimeout(timeout)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.srv.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(self.timeout)
            sent = False
            while True:
                try:
                    chunk = conn.recv(4096)
                except OSError:
                    return
                if not chunk:
                    return
                self.data += chunk
                if not sent and re.search(rb"[^\r\n]\r?\n", bytes(self.data)):
                    conn.sendall(self.reply)
                    sent = True

    def finish(self):
        """Stops listening, waits for the connection to end; returns what the guest sent."""
        self.srv.close()
        self.thread.join(10)
        shutil.rmtree(self.dir, ignore_errors=True)
        return bytes(self.data)


def serial1_cases(sc, data):
    """The checks of a scenario's serial1 output: data (bytes, or None when QEMU left no
    file) -> testcases, one per serial1 expect regex (searched one line at a time)."""
    if not sc.serial1:
        return []
    if data is None:
        return [TestCase("serial1", sc.name + ".serial1.output", False, "the serial1 port was not connected")]
    lines = split_lines(data.decode("utf-8", errors="replace"))
    return [TestCase("serial1", "%s.serial1.%s" % (sc.name, label), any(rx.search(l) for l in lines),
                     "" if any(rx.search(l) for l in lines) else
                     "no line of the %d the guest sent to serial1 matches %r" % (len(lines), rx.pattern),
                     detail="\n".join(lines[-20:]))
            for label, rx in sc.serial1_expect]


def parse_log(log_text, scenario, rc=0, timed_out=False, elapsed=0.0, build_out=None):
    """One scenario's console log -> testcases (see docs/test-protocol.md).
    rc: run-qemu.sh exit status; timed_out: it hit the scenario timeout;
    build_out: build/<platform>/<config>, for expect_results functions."""
    sc = scenario
    lines = split_lines(log_text)
    P = sc.name + "."
    cases = []

    def add(classname, name, ok, message="", detail=""):
        tc = TestCase(classname, P + name, ok, message, detail)
        cases.append(tc)
        return tc

    # Completion.
    done_tc = add("boot", "completes", not timed_out,
                  "timeout after %d s" % sc.timeout if timed_out else "")
    done_tc.time = elapsed

    # Banner and partitions started.
    banner = next((l for l in lines if l.startswith("haven: Haven ")), None)
    started = {}  # name -> id (first start)
    for line in lines:
        m = RE_STARTED.match(line)
        if m and m.group(2) not in started:
            started[m.group(2)] = int(m.group(1))
    problems = []
    if banner is None:
        problems.append("no 'haven: Haven' banner")
    else:
        m = RE_BANNER.match(banner)
        if m and int(m.group(5)) != len(started):
            problems.append("banner says %s partitions, %d started" % (m.group(5), len(started)))
        if m and Path(m.group(4)).stem != sc.config:
            problems.append("banner says config '%s', expected '%s'" % (m.group(4), sc.config))
    missing = [p for p in sc.partitions if p not in started]
    if missing:
        problems.append("not started: %s" % ", ".join(missing))
    if sc.expect_exit and not sc.expect_panic:
        problems = [p for p in problems if not p.startswith("banner says") or "config" in p]
        if started:
            problems.append("partitions started: %s (expected a refusal)" % ", ".join(started))
    add("boot", "boot", not problems, "; ".join(problems))

    # Guest lines, cut into protocol parts at every marker; each reset line of a partition
    # starts its next boot.
    guest = []   # (index, partition, text): every guest line
    texts = []   # (index, partition, boot, text before the line's first marker)
    events = []  # (index, partition, boot, marker, part): every protocol part
    boots = {}
    for i, line in enumerate(lines):
        m = RE_RESET.match(line)
        if m:
            boots[m.group(2)] = boots.get(m.group(2), 0) + 1
            continue
        m = RE_GUEST.match(line)
        if not m:
            if RE_MARKER.search(line):
                add("scenario", "stray_marker", False,
                    "log line %d: a protocol marker outside a '[<partition>] ' line" % (i + 1), line)
            continue
        part, text = m.groups()
        boot = boots.get(part, 0)
        guest.append((i, part, text))
        prefix, parts = protocol_parts(text)
        texts.append((i, part, boot, prefix))
        if parts and prefix:
            add("scenario", "%s.midline_marker" % part, False,
                "log line %d: %r follows other output on its line (a partial line or foreign bytes); "
                "its result counts, but the line must start with it" % (i + 1, parts[0][:40]), line)
        events.extend((i, part, boot, RE_MARKER.match(p).group(), p) for p in parts)

    # Result lines.
    results = {}  # partition -> [(area, name, ok, boot)]
    for i, part, boot, marker, text in events:
        if marker != "@T":
            continue
        r = result_of(text)
        if r is None:
            add("scenario", "%s.malformed_result" % part, False,
                "log line %d: malformed result line %r" % (i + 1, text))
            continue
        area, name, ok, msg = r
        results.setdefault(part, []).append((area, name, ok, boot))
        add(area, "%s.%s" % (part, name), ok, msg, "" if ok else lines[i])
    n_results = sum(len(r) for r in results.values())
    if sc.min_results > 0:
        add("scenario", "results", n_results >= sc.min_results,
            "%d @T result lines, expected at least %d (silent guest?)" % (n_results, sc.min_results)
            if n_results < sc.min_results else "%d result lines" % n_results)
    for part in sc.results_from:
        add("scenario", "%s.results" % part, bool(results.get(part)),
            "" if results.get(part) else "[%s] printed no @T result line" % part)

    # The summary t_done() prints before @DONE ('N checks, M failed') must agree with the
    # results that boot of the partition printed; a boot that printed @DONE must have one.
    for part, boot in sorted({(p, b) for _, p, b, _ in texts}):
        sums = [(i, RE_SUMMARY.search(t)) for i, p, b, t in texts if p == part and b == boot]
        sums = [(i, m) for i, m in sums if m]
        done = any(p == part and b == boot and t == "@DONE" for _, p, b, _, t in events)
        if not sums and not done:
            continue
        mine = [r for r in results.get(part, []) if r[3] == boot]
        n, nf = len(mine), sum(1 for r in mine if not r[2])
        where = "" if not boot else " (after reset %d)" % boot
        if not sums:
            add("scenario", "%s.summary" % part, False,
                "[%s] printed @DONE without its 'N checks, M failed' line%s" % (part, where))
        elif len(sums) > 1:
            add("scenario", "%s.summary" % part, False, "[%s] printed %d summary lines%s (log lines %s)" % (
                part, len(sums), where, ", ".join(str(i + 1) for i, _ in sums)))
        else:
            i, m = sums[0]
            said = (int(m.group(1)), int(m.group(2)))
            add("scenario", "%s.summary" % part, said == (n, nf),
                "log line %d: [%s] says %d checks, %d failed; the runner parsed %d results, %d failed%s"
                % (i + 1, part, said[0], said[1], n, nf, where), lines[i])

    # Every result the scenario lists (expect_results) must be reported, as often as listed,
    # and every reported result must be listed: a check that went missing fails.
    expected, errors = resolve_expect_results(sc, build_out)
    for why in errors:
        add("scenario", "expect_results", False, why)
    for part in sorted(set(expected) | set(results)):
        got = collections.Counter("%s.%s" % (a, n) for a, n, _, _ in results.get(part, []))
        if part not in expected:
            add("scenario", "%s.expect_results" % part, False,
                "[%s] printed %d results, but expect_results has no entry for '%s' (it printed: %s)"
                % (part, sum(got.values()), part, ", ".join(sorted(got))))
            continue
        want = expected[part]
        if want is None:
            continue  # the scenario does not list this partition's results (see its comment)
        missing = [k for k in want if not got[k]]
        counts = ["%s %d times, expected %d" % (k, got[k], want[k]) for k in want if got[k] and got[k] != want[k]]
        unlisted = sorted(k for k in got if k not in want)
        for k in missing:
            area, name = k.split(".", 1)
            add(area, "%s.%s" % (part, name), False, "missing: listed in expect_results, never reported")
        problems = (["missing: " + ", ".join(missing)] if missing else []) + counts + \
            (["not in expect_results: " + ", ".join(unlisted)] if unlisted else [])
        add("scenario", "%s.expect_results" % part, not problems,
            "; ".join(problems) if problems else "%d results as listed" % sum(got.values()))

    # Spatial isolation: every announced violation is reported, attributed to the right partition.
    viols = _violations(lines)
    for i, part, _, marker, text in events:
        if marker != "@EXPECT-VIOLATION":
            continue
        kv = dict(RE_KV.findall(text))
        ipa, access = parse_int(kv.get("ipa")), kv.get("access")
        if ipa is None or access is None:
            add("scenario", "%s.malformed_expect" % part, False,
                "log line %d: malformed %r" % (i + 1, text))
            continue
        tc_name = "%s.reported.0x%x.%s" % (part, ipa, access)
        fields = {f: kv[f] for f in VIOLATION_FIELDS if f in kv}
        after = [v for v in viols if v["line"] > i and not v["used"]
                 and v["ipa"] == ipa and v["access"] == access]
        mine = [v for v in after if v["name"] == part]
        # The first report whose every announced field matches; else the first one, whose
        # differing fields then fail the check.
        mine.sort(key=lambda v: bool(field_mismatches(fields, v["fields"])))
        if mine:
            v = mine[0]
            v["used"] = True
            pid = started.get(part)
            wrong = field_mismatches(fields, v["fields"])
            if pid is not None and v["id"] != pid:
                add("spatial", tc_name, False,
                    "reported as partition=%s but '%s' is partition %d (log line %d)"
                    % (v["id"], part, pid, v["line"] + 1), v["text"])
            elif wrong:
                add("spatial", tc_name, False, "log line %d: %s" % (v["line"] + 1, "; ".join(wrong)),
                    v["text"])
            else:
                add("spatial", tc_name, True)
        else:
            why = "no 'haven: VIOLATION ... name=%s ... ipa=0x%x access=%s' after log line %d" % (
                part, ipa, access, i + 1)
            if after:
                why += "; reported for name=%s instead (log line %d)" % (after[0]["name"], after[0]["line"] + 1)
            add("spatial", tc_name, False, why, lines[i])

    # DMA isolation: every announced DMA violation is reported, with its stream, address, access
    # and owner: the announcing partition, or owner=unassigned for a stream no partition owns.
    dmas = []
    for j, line in enumerate(lines):
        m = RE_DMA_VIOLATION.match(line)
        if m:
            kv = dict(RE_KV.findall(m.group(1)))
            dmas.append(dict(line=j, text=line, partition=kv.get("partition"), name=kv.get("name"),
                             sid=parse_int(kv.get("sid")), iova=parse_int(kv.get("iova")),
                             access=kv.get("access"), used=False))
    for i, part, _, marker, text in events:
        if marker != "@EXPECT-DMA-VIOLATION":
            continue
        kv = dict(RE_KV.findall(text))
        sid, iova, access = parse_int(kv.get("sid")), parse_int(kv.get("iova")), kv.get("access")
        owner = kv.get("owner", part)
        if sid is None or iova is None or access is None:
            add("scenario", "%s.malformed_expect" % part, False, "log line %d: malformed %r" % (i + 1, text))
            continue
        tc_name = "%s.dma_reported.0x%x.0x%x.%s" % (part, sid, iova, access)
        after = [d for d in dmas if d["line"] > i and not d["used"] and d["sid"] == sid
                 and d["iova"] == iova and d["access"] == access]
        if not after:
            add("dma", tc_name, False, "no 'haven: DMA VIOLATION ... sid=0x%x iova=0x%x access=%s' after log "
                "line %d" % (sid, iova, access, i + 1), lines[i])
            continue
        d = after[0]
        d["used"] = True
        if owner == "unassigned":
            why = "" if d["partition"] == "unassigned" else "attributed to partition=%s, not unassigned" % d["partition"]
        elif d["name"] != owner:
            why = "attributed to name=%s, not %s" % (d["name"], owner)
        elif started.get(owner) is not None and parse_int(d["partition"]) != started[owner]:
            why = "reported as partition=%s but '%s' is partition %d" % (d["partition"], owner, started[owner])
        else:
            why = ""
        add("dma", tc_name, not why, "log line %d: %s" % (d["line"] + 1, why) if why else "", d["text"])
    for d in dmas:
        if not d["used"] and d["name"] not in sc.allow_violations_from:
            add("dma", "unexpected_dma_violation.%s" % slug(d["text"][len("haven: DMA VIOLATION "):]), False,
                "unannounced DMA violation (no @EXPECT-DMA-VIOLATION): log line %d" % (d["line"] + 1), d["text"])

    # Partitions that announce a fatal access must be stopped, and stay silent after.
    for i, part, _, marker, text in events:
        if marker != "@EXPECT-STOP":
            continue
        if text != marker:
            add("scenario", "%s.malformed_expect" % part, False, "log line %d: malformed %r" % (i + 1, text))
            continue
        stop = None
        for j in range(i + 1, len(lines)):
            m = RE_STOPPED.match(lines[j])
            if m and m.group(2) == part and m.group(3) == "violation, policy=stop":
                stop = j
                break
        if stop is None:
            add("spatial", "%s.stopped" % part, False,
                "no \"haven: partition <id> '%s' stopped (violation, policy=stop)\" after log line %d"
                % (part, i + 1))
            continue
        sid = int(RE_STOPPED.match(lines[stop]).group(1))
        later = [j for j, p, _ in guest if j > stop and p == part]
        if started.get(part) is not None and sid != started[part]:
            add("spatial", "%s.stopped" % part, False,
                "stopped line names partition %d, '%s' is %d" % (sid, part, started[part]))
        elif later:
            add("spatial", "%s.stopped" % part, False,
                "[%s] printed after it was stopped (log line %d)" % (part, later[0] + 1), lines[later[0]])
        else:
            add("spatial", "%s.stopped" % part, True)
        for v in viols:  # the fatal access itself was announced by the stop
            if (not v["used"] and v["name"] == part and v["policy"] == "stop"
                    and i < v["line"] <= stop):
                v["used"] = True
                break

    for v in viols:
        if not v["used"] and v["name"] not in sc.allow_violations_from:
            ipa = "0x%x" % v["ipa"] if v["ipa"] is not None else "unknown"
            add("spatial", "%s.unexpected_violation.%s.%s" % (v["name"], ipa, v["access"]), False,
                "unannounced violation (no @EXPECT-VIOLATION / @EXPECT-STOP): log line %d" % (v["line"] + 1),
                v["text"])

    # @DONE.
    for i, part, _, marker, text in events:
        if marker == "@DONE" and text != marker:
            add("scenario", "%s.malformed_done" % part, False, "log line %d: malformed %r" % (i + 1, text))
    for part in sc.expect_done:
        ok = any(p == part and t == "@DONE" for _, p, _, _, t in events)
        add("scenario", "%s.done" % part, ok, "" if ok else "[%s] never printed @DONE" % part)

    # Expected and forbidden lines.
    for label, rx in sc.expect_lines:
        ok = any(rx.search(l) for l in lines)
        add("scenario", "expect.%s" % label, ok, "" if ok else "no line matches /%s/" % rx.pattern)
    for label, rx in sc.forbid_lines:
        hit = next((j for j, l in enumerate(lines) if rx.search(l)), None)
        add("scenario", "forbid.%s" % label, hit is None,
            "" if hit is None else "log line %d: %s" % (hit + 1, lines[hit]))

    # Exact output: every line of the partition, in order, and nothing else.
    for part, want in sc.expect_output.items():
        got = [(i, t) for i, p, t in guest if p == part]
        k = next((k for k in range(min(len(got), len(want))) if got[k][1] != want[k]), None)
        if k is not None:
            why = "log line %d: [%s] printed %r, expected %r" % (got[k][0] + 1, part, got[k][1], want[k])
        elif len(got) > len(want):
            why = "log line %d: [%s] printed %r after its last expected line" % (
                got[len(want)][0] + 1, part, got[len(want)][1])
        elif len(got) < len(want):
            why = "[%s] printed %d lines, expected %d; the first missing: %r" % (
                part, len(got), len(want), want[len(got)])
        else:
            why = ""
        add("scenario", "%s.output" % part, not why, why)

    # Haven's own lines: each one is a known line or one the scenario allows.
    allowed = HAVEN_KNOWN + sc.allow_haven_lines
    unknown = [i for i, l in enumerate(lines) if l.startswith("haven:") and not any(rx.search(l) for _, rx in allowed)]
    add("scenario", "haven_lines", not unknown,
        "%d Haven line(s) neither known (runner HAVEN_KNOWN_LINES) nor in allow_haven_lines; first, log line %d: %s"
        % (len(unknown), unknown[0] + 1, lines[unknown[0]]) if unknown
        else "%d Haven lines, all known" % sum(1 for l in lines if l.startswith("haven:")),
        "\n".join(lines[i] for i in unknown[:20]))

    # Scenario-specific checks.
    for check in sc.checks:
        cname = getattr(check, "__name__", "check")
        try:
            for classname, name, ok, message in check(lines):
                add(classname, name, bool(ok), "" if ok else message)
        except Exception as exc:
            add("scenario", "check.%s" % cname, False, "check raised %s: %s" % (type(exc).__name__, exc))

    # Clean power-off (or the expected refusal).
    if timed_out:
        why = "timeout after %d s" % sc.timeout
    elif sc.expect_exit:
        why = "" if rc == sc.expect_exit else "QEMU exit status %s, expected %d" % (rc, sc.expect_exit)
    elif rc != 0:
        why = "QEMU exit status %s%s" % (rc, " (run-qemu.sh: Haven reset the machine after a PANIC)"
                                         if rc == 3 else "")
    elif not any(RE_SYSTEM_OFF.match(l) for l in lines):
        why = "no 'haven: all partitions stopped; system off' line"
    else:
        why = ""
    add("boot", "clean_exit", not why, why)
    # The machine powers off once: a second 'system off' line means two CPUs both did it.
    offs = [i for i, l in enumerate(lines) if RE_SYSTEM_OFF.match(l)]
    if len(offs) > 1:
        add("boot", "one_power_off", False, "%d 'system off' lines (log lines %s): two CPUs powered off"
            % (len(offs), ", ".join(str(i + 1) for i in offs)))

    uniquify(cases)
    log_tail = "\n".join(lines[-LOG_TAIL_LINES:])
    for tc in cases:
        if not tc.ok:
            tc.output = log_tail
    return cases


# --------------------------------------------------------------------------
# JUnit XML
# --------------------------------------------------------------------------

_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(s):
    """Text XML 1.0 can hold: other characters become \\xNN."""
    return _XML_BAD.sub(lambda m: "\\x%02x" % ord(m.group()), str(s))


def junit_xml(suites):
    """suites: [(suite name, [TestCase])] -> an XML document (str)."""
    root = ET.Element("testsuites")
    total = fails = 0
    ttime = 0.0
    for sname, cases in suites:
        if not cases:
            continue
        nf = sum(1 for c in cases if not c.ok)
        st = sum(c.time for c in cases)
        suite = ET.SubElement(root, "testsuite", name=xml_text(sname), tests=str(len(cases)),
                              failures=str(nf), errors="0", skipped="0", time="%.3f" % st)
        for c in cases:
            el = ET.SubElement(suite, "testcase", classname=xml_text(c.classname),
                               name=xml_text(c.name), time="%.3f" % c.time)
            if not c.ok:
                f = ET.SubElement(el, "failure", message=xml_text(one_line(c.message, 1000) or "failed"),
                                  type="failure")
                f.text = xml_text(c.detail or c.message)
            if c.output:
                so = ET.SubElement(el, "system-out")
                so.text = xml_text(c.output)
        total += len(cases)
        fails += nf
        ttime += st
    root.set("tests", str(total))
    root.set("failures", str(fails))
    root.set("errors", "0")
    root.set("time", "%.3f" % ttime)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --------------------------------------------------------------------------
# Running things
# --------------------------------------------------------------------------

class Reporter:
    """Prints each testcase as it completes and keeps them for the JUnit file."""

    def __init__(self, stream=sys.stdout):
        self.suites = {}
        self.lock = threading.Lock()
        self.stream = stream
        self.seen = set()

    def add(self, suite, cases, tag=None):
        """tag: where the cases come from (e.g. a host test binary), used to
        tell apart testcases of the same name from different sources."""
        with self.lock:
            for c in cases:
                if c.full in self.seen and tag:
                    c.name = "%s[%s]" % (c.name, tag)
                n, base = 2, c.name
                while c.full in self.seen:
                    c.name = "%s#%d" % (base, n)
                    n += 1
                self.seen.add(c.full)
            self.suites.setdefault(suite, []).extend(cases)
            for c in cases:
                print(c.line(), file=self.stream, flush=True)

    def all(self):
        return [c for cs in self.suites.values() for c in cs]


_live = {}  # process group id -> Popen of every running child
_live_lock = threading.Lock()
_stopping = threading.Event()  # set on Ctrl-C / SIGTERM: start nothing new


class Interrupted(Exception):
    pass


def run(cmd, timeout, env=None, merge=False):
    """Runs cmd in its own process group from the repo root, stdin /dev/null.
    Returns (rc or None on timeout, stdout, stderr, seconds)."""
    t0 = time.monotonic()
    with _live_lock:
        if _stopping.is_set():
            raise Interrupted()
        p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT if merge else subprocess.PIPE, start_new_session=True)
        _live[p.pid] = p
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        stop_group(p)
        out, err = p.communicate()
        rc = None
    except BaseException:
        stop_group(p)
        raise
    finally:
        with _live_lock:
            _live.pop(p.pid, None)
    if _stopping.is_set():
        raise Interrupted()
    dec = lambda b: (b or b"").decode("utf-8", "replace")
    return rc, dec(out), dec(err), time.monotonic() - t0


def _killpg(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_group(p, grace=5):
    """SIGTERM to p's process group (make removes half-written targets, QEMU
    exits), SIGKILL if it is still there after `grace` seconds."""
    _killpg(p.pid, signal.SIGTERM)
    try:
        p.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    _killpg(p.pid, signal.SIGKILL)


def kill_all():
    _stopping.set()
    with _live_lock:
        procs = list(_live.values())
    for p in procs:
        _killpg(p.pid, signal.SIGTERM)
    for p in procs:
        stop_group(p)


def make_env():
    """The environment for sub-makes: without a jobserver from a parent make
    (our children are not recursive makes, so those descriptors are closed)."""
    env = dict(os.environ)
    flags = env.get("MAKEFLAGS", "")
    if flags:
        words = flags.split()
        keep = []
        for i, w in enumerate(words):
            if w.startswith("--jobserver") or re.fullmatch(r"-j\d*", w):
                continue
            if i == 0 and not w.startswith("-") and "=" not in w:
                w = w.replace("j", "")  # single-letter flags, e.g. "sj"
                if not w:
                    continue
            keep.append(w)
        env["MAKEFLAGS"] = " ".join(keep)
    env.pop("MFLAGS", None)
    return env


def build_failure(name, rc, out, elapsed):
    lines = split_lines(out)
    err = next((l for l in lines if re.search(r"error|Error|undefined reference|\*\*\*", l)
                and not l.startswith("collect2")), None)
    reason = err or (lines[-1] if lines else "make exit status %s" % rc)
    if rc is None:
        reason = "make timed out"
    tc = TestCase("build", name, False, reason, detail=tail(out, 40), time=elapsed)
    return tc


def do_builds(configs, build_dir, rep, host=True, disk=False):
    """Returns the set of configs whose image build failed. disk: build the disk image too."""
    env = make_env()
    jobs = "-j%d" % max(1, os.cpu_count() or 1)
    failed = set()
    targets = ([("host-tests", ["host-tests"])] if host else []) + \
        ([("linux-disk", ["linux-disk"])] if disk else []) + \
        [(c, ["PLATFORM=%s" % platform_of(configs[c]), "CONFIG=%s" % c] +
          ["%s=%s" % kv for kv in sorted(configs[c].items()) if kv[0] != "PLATFORM"] + ["image"])
         for c in configs]
    for name, extra in targets:
        cmd = ["make", "-s", "--no-print-directory", "-k", jobs, "BUILD=%s" % rel(build_dir)] + extra
        rc, out, _, el = run(cmd, timeout=1800, env=env, merge=True)
        if rc == 0:
            tc = TestCase("build", name, True, time=el)
        else:
            tc = build_failure(name, rc, out, el)
            failed.add(name)
        rep.add("build", [tc])
    return failed


def platform_of(build_vars):
    """The platform a config is built for: build_vars' PLATFORM (e.g. qemu-virt-smmu) or the default."""
    return build_vars.get("PLATFORM", PLATFORM)


def rel(path):
    """path relative to the repo root if it is inside it (as the Makefile spells it)."""
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def host_test_bins(build_dir):
    rc, out, _, _ = run(["make", "-s", "--no-print-directory", "BUILD=%s" % rel(build_dir),
                         "print-HOST_TEST_BINS"], timeout=120, env=make_env())
    if rc == 0 and out.strip():
        return out.split()
    hdir = build_dir / "host"
    if not hdir.is_dir():
        return []
    return sorted(rel(p) for p in hdir.glob("test_*") if p.is_file() and os.access(p, os.X_OK))


def do_host_tests(build_dir, rep):
    bins = host_test_bins(build_dir)
    if not bins:
        rep.add("host", [TestCase("host", "binaries", False,
                                  "no host test binaries (HOST_TEST_BINS empty, no %s/host/test_*)" % build_dir)])
        return
    for b in bins:
        label = Path(b).name
        path = (ROOT / b) if not os.path.isabs(b) else Path(b)
        if not (path.is_file() and os.access(path, os.X_OK)):
            rep.add("host", [TestCase("host", "%s.exit" % label, False, "%s not built" % b)])
            continue
        rc, out, err, el = run([str(path)], timeout=HOST_TEST_TIMEOUT)
        cases = parse_host_output(label, out, err, rc, timed_out=rc is None, elapsed=el)
        rep.add("host", cases, tag=label)


def do_lint(rep):
    """Static analysis (make cppcheck) of the EL2 code and the host tools: one check."""
    rc, out, _, el = run(["make", "-s", "--no-print-directory", "cppcheck"], timeout=600,
                         env=make_env(), merge=True)
    first = next((l for l in split_lines(out) if l.strip()), "")
    rep.add("lint", [TestCase("lint", "cppcheck", rc == 0,
                              "" if rc == 0 else (first or "cppcheck exit status %s" % rc),
                              detail=tail(out, 40) if rc else "", time=el)])


def do_bench(build_dir, rep):
    """The benchmark gate: `tools/bench.py --quick` and `tools/bench_linux.py --quick` print one
    `@T budget <metric>` line per figure, failed when missing or over its budget
    (tools/bench-budgets.json, docs/performance.md#budgets)."""
    env = dict(make_env(), BUILD=rel(build_dir))
    for script in ("bench.py", "bench_linux.py"):
        rc, out, err, el = run([sys.executable, str(ROOT / "tools" / script), "--quick"], timeout=900,
                               env=env)
        rep.add("bench", parse_host_output(script, out, err, rc, classname="bench",
                                           timed_out=rc is None, elapsed=el), tag=script)


def do_self_test(rep):
    rc, out, err, el = run([sys.executable, str(Path(__file__).resolve()), "--self-test"], timeout=120)
    rep.add("runner", parse_host_output("self-test", out, err, rc, classname="runner",
                                        timed_out=rc is None, elapsed=el))


def expect_of(src):
    try:
        first = src.read_text(errors="replace").split("\n", 1)[0]
    except OSError:
        return None
    m = re.search(r"/\*\s*EXPECT:\s*(.*?)\s*\*/", first)
    return m.group(1) if m and m.group(1) else None


def do_bad_configs(build_dir, rep):
    cases = []
    for src in sorted(BAD_CONFIG_DIR.glob("*.c")):
        stem = src.stem
        name = "reject.%s" % stem
        want = expect_of(src)
        exe = build_dir / "host" / "bad-configs" / stem
        if want is None:
            cases.append(TestCase("config", name, False,
                                  "%s: first line is not a /* EXPECT: <stderr substring> */ comment"
                                  % src.relative_to(ROOT)))
            continue
        if not (exe.is_file() and os.access(exe, os.X_OK)):
            cases.append(TestCase("config", name, False, "checker %s not built" % exe))
            continue
        rc, out, err, el = run([str(exe)], timeout=60)
        if rc is None:
            why = "timeout"
        elif rc != 1:
            why = "exit status %s, expected 1%s" % (rc, " (accepted a bad config)" if rc == 0 else "")
        elif want not in err:
            first = next((l for l in split_lines(err) if l.strip()), "(empty stderr)")
            why = "stderr lacks %r; it says: %s" % (want, first)
        else:
            why = ""
        cases.append(TestCase("config", name, not why, why, detail=tail(err, 20) if why else "", time=el))
    if not cases:
        cases.append(TestCase("config", "reject", False, "no %s/*.c" % BAD_CONFIG_DIR.relative_to(ROOT)))
    rep.add("config", cases)


def do_accept_configs(configs, build_dir, rep):
    cases = []
    for c in configs:
        exe = build_dir / PLATFORM / c / "haven-check"
        if not (exe.is_file() and os.access(exe, os.X_OK)):
            cases.append(TestCase("config", "accept.%s" % c, False, "%s not built" % exe))
            continue
        rc, out, err, el = run([str(exe)], timeout=60)
        first = next((l for l in split_lines(err + out) if l.strip()), "")
        why = "" if rc == 0 else ("timeout" if rc is None else "exit status %s: %s" % (rc, first))
        cases.append(TestCase("config", "accept.%s" % c, not why, why, detail=tail(err, 20) if why else "",
                              time=el))
    rep.add("config", cases)


DISK_IMAGE = Path("linux") / "disk.img"  # in the build directory (tools/linux.mk: make linux-disk)


def disk_args(image, slot):
    """QEMU arguments of a virtio-blk-pci disk in slot `slot`. iommu_platform=on: without
    VIRTIO_F_ACCESS_PLATFORM QEMU's virtio DMA bypasses the SMMU (docs/isolation.md)."""
    return ["-drive", "file=%s,if=none,id=disk0,format=raw" % image,
            "-device", "virtio-blk-pci,drive=disk0,addr=%d.0,iommu_platform=on,disable-legacy=on" % slot]


def disk_cases(sc, image):
    """The checks of the files a scenario's guest left on its disk: one testcase per disk_files
    entry, read from the ext4 image with debugfs (e2fsprogs)."""
    cases = []
    for path, rx in sc.disk_files:
        name = "%s.disk%s" % (sc.name, re.sub(r"[^A-Za-z0-9]+", "_", path))
        if not image.is_file():
            cases.append(TestCase("disk", name, False, "no disk image %s" % image))
            continue
        rc, out, err, _ = run(["debugfs", "-R", "cat %s" % path, str(image)], timeout=60)
        lines = split_lines(out)
        if rc != 0 or "File not found" in err:
            why = "%s is not on the disk: %s" % (path, one_line(err) or "debugfs exit status %s" % rc)
        elif not any(rx.search(l) for l in lines):
            why = "no line of %s matches %r (%d lines)" % (path, rx.pattern, len(lines))
        else:
            why = ""
        cases.append(TestCase("disk", name, not why, why))
    return cases


def run_scenario(sc, build_dir, results_dir, skip_reason=None):
    if skip_reason:
        return [TestCase("boot", sc.name + ".completes", False, skip_reason)]
    build_out = build_dir / platform_of(sc.build_vars) / sc.config
    image = build_out / "haven.bin"
    if not image.is_file():
        return [TestCase("boot", sc.name + ".completes", False, "no image %s" % image)]
    env = dict(os.environ, HAVEN_TIMEOUT=str(sc.timeout))
    if sc.icount:
        env["HAVEN_ICOUNT"] = "1"
    else:
        env.pop("HAVEN_ICOUNT", None)
    env.pop("HAVEN_STDIN", None)
    if sc.console_input:
        stdin_file = results_dir / ("%s.stdin" % sc.name)
        stdin_file.write_bytes(sc.console_input)
        env["HAVEN_STDIN"] = str(stdin_file)
    cmd = ["sh", str(ROOT / "tools" / "run-qemu.sh"), str(image)] + sc.qemu_args
    peer = None
    if sc.serial1:
        # After run-qemu.sh's own -serial (Haven's console), so this one is the second port.
        peer = Serial1Peer(sc.serial1_input, sc.timeout + 20)
        cmd += ["-chardev", "socket,id=serial1,path=%s" % peer.path, "-serial", "chardev:serial1"]
    disk = results_dir / ("%s.disk.img" % sc.name)
    if sc.disk_slot is not None:
        if not (build_dir / DISK_IMAGE).is_file():
            return [TestCase("boot", sc.name + ".completes", False, "no disk image %s (make linux-disk)"
                             % (build_dir / DISK_IMAGE))]
        shutil.copyfile(build_dir / DISK_IMAGE, disk)  # a fresh copy: the guest writes to it
        cmd += disk_args(disk, sc.disk_slot)
    try:
        rc, out, err, el = run(cmd, timeout=sc.timeout + 20, env=env)
    finally:
        s1_data = peer.finish() if peer else None
    if peer:
        (results_dir / ("%s.serial1.out" % sc.name)).write_bytes(s1_data)
    timed_out = rc is None or rc == 124
    log = out
    if err.strip():
        log_file_text = out + ("" if out.endswith("\n") or not out else "\n") + \
            "".join("# %s\n" % l for l in split_lines(err))
    else:
        log_file_text = out
    (results_dir / ("%s.log" % sc.name)).write_text(log_file_text, encoding="utf-8", errors="replace")
    cases = parse_log(log, sc, rc=rc, timed_out=timed_out, elapsed=el, build_out=build_out)
    cases += serial1_cases(sc, s1_data)
    cases += disk_cases(sc, disk)
    if err.strip():
        for tc in cases:
            if not tc.ok:
                tc.output += "\n--- run-qemu stderr ---\n" + tail(err, 20)
    return cases


def do_scenarios(scenarios, build_dir, results_dir, failed_configs, jobs, rep):
    def one(sc):
        skip = "not run: the build of config '%s' failed" % sc.config if sc.config in failed_configs else None
        try:
            return sc, run_scenario(sc, build_dir, results_dir, skip)
        except Interrupted:
            raise
        except Exception as exc:
            return sc, [TestCase("runner", "%s.internal" % sc.name, False, "%s: %s" % (type(exc).__name__, exc))]

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        for fut in concurrent.futures.as_completed([pool.submit(one, sc) for sc in scenarios]):
            sc, cases = fut.result()
            rep.add("qemu.%s" % sc.name, cases)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        kill_all()
        raise
    pool.shutdown()


# --------------------------------------------------------------------------
# Self-test: the parsers on embedded sample logs
# --------------------------------------------------------------------------

SAMPLE_SPATIAL = """\
haven: Haven 0.1.0 on qemu-virt: 4 CPUs, config 'test-spatial', 3 partitions\r
haven: partition 0 'victim' started on CPU 0\r
haven: partition 1 'attacker' started on CPU 1,2\r
haven: partition 2 'faulter' started on CPU 3\r
[victim] @T spatial pattern.written PASS\r
[attacker] @T spatial own.mem0.first.read PASS\r
[attacker] @EXPECT-VIOLATION ipa=0x48000000 access=read\r
haven: VIOLATION partition=1 name=attacker vcpu=0 ipa=0x48000000 access=read size=8 pc=0x40001234 esr=0x93c08007 policy=inject\r
[faulter] @EXPECT-STOP\r
[attacker] @T spatial probe.victim.mem0.read PASS got a synchronous external abort\r
[attacker] @EXPECT-VIOLATION ipa=0x0000000048000ff8 access=write\r
haven: VIOLATION partition=2 name=faulter vcpu=0 ipa=0x50000000 access=write size=4 pc=0x40000100 esr=0x93c48046 policy=stop\r
haven: partition 2 'faulter' stopped (violation, policy=stop)\r
haven: VIOLATION partition=1 name=attacker vcpu=1 ipa=0x48000ff8 access=write size=8 pc=0x40001250 esr=0x93c48047 policy=inject\r
[attacker] @T spatial probe.victim.mem0.write PASS\r
[victim] @T spatial pattern.intact PASS\r
[victim] 2 checks, 0 failed\r
[victim] @DONE\r
[attacker] 3 checks, 0 failed\r
[attacker] @DONE\r
haven: partition 0 'victim' stopped (system-off)\r
haven: partition 1 'attacker' stopped (system-off)\r
haven: all partitions stopped; system off\r
"""

SAMPLE_SPATIAL_SCENARIO = dict(
    name="spatial", config="test-spatial", partitions=["victim", "attacker", "faulter"],
    expect_done=["victim", "attacker"], results_from=["attacker"],
    expect_results={"victim": ["spatial.pattern.written", "spatial.pattern.intact"],
                    "attacker": ["spatial.own.mem0.first.read", "spatial.probe.victim.mem0.read",
                                 "spatial.probe.victim.mem0.write"],
                    "faulter": []},
    expect_lines=[("faulter_stopped", r"^haven: partition \d+ 'faulter' stopped \(violation, policy=stop\)")])

SAMPLE_SPATIAL_PASSES = [
    "boot.spatial.completes", "boot.spatial.boot", "boot.spatial.clean_exit",
    "spatial.spatial.victim.pattern.written", "spatial.spatial.attacker.own.mem0.first.read",
    "spatial.spatial.attacker.probe.victim.mem0.read", "spatial.spatial.attacker.probe.victim.mem0.write",
    "spatial.spatial.victim.pattern.intact",
    "spatial.spatial.attacker.reported.0x48000000.read", "spatial.spatial.attacker.reported.0x48000ff8.write",
    "spatial.spatial.faulter.stopped", "scenario.spatial.results", "scenario.spatial.attacker.results",
    "scenario.spatial.victim.done", "scenario.spatial.attacker.done",
    "scenario.spatial.expect.faulter_stopped", "scenario.spatial.forbid.panic",
    "scenario.spatial.victim.summary", "scenario.spatial.attacker.summary",
    "scenario.spatial.victim.expect_results", "scenario.spatial.attacker.expect_results",
    "scenario.spatial.faulter.expect_results", "scenario.spatial.haven_lines",
]

SAMPLE_DMA = """\
haven: Haven 0.1 on qemu-virt-smmu: 4 CPUs, config 'test-dma', 2 partitions
haven: partition 0 'victim' started on CPU 0 (1 vCPU, entry 0x41000000, fault policy inject)
haven: partition 1 'dmatest' started on CPU 1 (1 vCPU, entry 0x48000000, fault policy inject)
haven: SMMU at 0x9050000 on: 256 stream IDs, 1 of them translated by their partition's stage 2, the others fault
[dmatest] @EXPECT-DMA-VIOLATION sid=0x18 iova=0x41800000 access=write
haven: DMA event queue overflowed: the SMMU dropped events (their DMA was blocked all the same)
haven: DMA VIOLATION partition=1 name=dmatest sid=0x18 iova=0x41800000 access=write fault=translation events=64 policy=inject
[dmatest] @EXPECT-DMA-VIOLATION sid=0x20 iova=0x48800000 access=read owner=unassigned
haven: DMA VIOLATION partition=unassigned sid=0x20 iova=0x48800000 access=read fault=translation events=16
[dmatest] @T dma unassigned.blocked PASS
[dmatest] 1 checks, 0 failed
[dmatest] @DONE
haven: partition 1 'dmatest' stopped (system-off)
haven: partition 0 'victim' stopped (system-off)
haven: all partitions stopped; system off
"""

SAMPLE_DMA_SCENARIO = dict(name="dma", config="test-dma", partitions=["victim", "dmatest"],
                           expect_results={"dmatest": ["dma.unassigned.blocked"]})

SAMPLE_DEMO = """\
haven: Haven 0.1 on qemu-virt: 4 CPUs, config 'baremetal', 2 partitions
haven: EL2 ready: image 0x40080000..0x401b7000, GICv3 with 4 list registers
haven: partition 0 'alpha' started on CPU 0,1 (2 vCPUs, entry 0x41000000, fault policy inject)
haven: partition 1 'beta' started on CPU 2,3 (2 vCPUs, entry 0x42000000, fault policy inject)
[alpha] cpu0 tick 1
[beta] cpu1 tick 1
[alpha] cpu1 tick 1
[beta] cpu0 tick 1
[alpha] cpu0 tick 2
[alpha] @T demo ticks.cpu0 PASS 2 ticks, 2 timer irqs, 80211 us, worst lateness 310 us
[alpha] @T demo ticks.cpu1 PASS 1 ticks, 1 timer irqs, 40112 us, worst lateness 235 us
[alpha] 2 checks, 0 failed
[alpha] @DONE
haven: partition 0 'alpha' stopped (system-off)
[beta] @T demo ticks.cpu0 PASS 1 ticks, 1 timer irqs, 40108 us, worst lateness 567 us
[beta] @T demo ticks.cpu1 PASS 1 ticks, 1 timer irqs, 40093 us, worst lateness 449 us
[beta] 2 checks, 0 failed
[beta] @DONE
haven: partition 1 'beta' stopped (system-off)
haven: all partitions stopped; system off
"""

SAMPLE_HELLO = """\
haven: Haven 0.1 on qemu-virt: 4 CPUs, config 'hello', 1 partitions
haven: partition 0 'hello' started on CPU 0 (1 vCPU, entry 0x41000000, fault policy inject)
[hello] Hello from partition 0, vCPU 0 of 1
[hello] tick 1: on time
[hello] tick 2: on time
[hello] tick 3: on time
[hello] Goodbye
haven: partition 0 'hello' stopped (system-off)
haven: all partitions stopped; system off
"""


def self_test():
    """Runs the parsers on the samples above; prints `@T runner ...` lines."""
    results = []

    def T(name, ok, detail=""):
        results.append(ok)
        print("@T runner %s %s%s" % (name, "PASS" if ok else "FAIL",
                                      (" " + one_line(detail)) if detail or not ok else ""), flush=True)

    def by(cases):
        return {c.full: c for c in cases}

    def expect(name, cases, passing=(), failing=(), msg_has=None):
        d = by(cases)
        errs = []
        for n in passing:
            if n not in d:
                errs.append("missing %s" % n)
            elif not d[n].ok:
                errs.append("%s failed: %s" % (n, d[n].message))
        for n in failing:
            if n not in d:
                errs.append("missing %s" % n)
            elif d[n].ok:
                errs.append("%s passed" % n)
            elif msg_has and msg_has.get(n) and msg_has[n] not in d[n].message:
                errs.append("%s message %r lacks %r" % (n, d[n].message, msg_has[n]))
        T(name, not errs, "; ".join(errs))
        return d

    sc = make_scenario(SAMPLE_SPATIAL_SCENARIO)

    # 1. A passing log: everything passes, and each expected testcase is there.
    cases = parse_log(SAMPLE_SPATIAL, sc)
    d = expect("parse.pass.expected_cases", cases, passing=SAMPLE_SPATIAL_PASSES)
    bad = [c.full + ": " + c.message for c in cases if not c.ok]
    T("parse.pass.all_pass", not bad, "; ".join(bad))

    # DMA violations: each announced one reported with its stream, address, access and owner;
    # an unannounced one fails.
    dsc = make_scenario(SAMPLE_DMA_SCENARIO)
    own = "dma.dma.dmatest.dma_reported.0x18.0x41800000.write"
    other = "dma.dma.dmatest.dma_reported.0x20.0x48800000.read"
    dcases = parse_log(SAMPLE_DMA, dsc)
    expect("dma.pass", dcases, passing=[own, other, "scenario.dma.haven_lines"])
    bad = [c.full + ": " + c.message for c in dcases if not c.ok]
    T("dma.pass.all_pass", not bad, "; ".join(bad))
    log = SAMPLE_DMA.replace("haven: DMA VIOLATION partition=1 name=dmatest sid=0x18 iova=0x41800000", "haven: x")
    expect("dma.missing_report", parse_log(log, dsc), failing=[own], msg_has={own: "no 'haven: DMA VIOLATION"})
    log = SAMPLE_DMA.replace("partition=unassigned sid=0x20", "partition=1 name=dmatest sid=0x20")
    expect("dma.wrong_owner", parse_log(log, dsc), failing=[other], msg_has={other: "not unassigned"})
    log = SAMPLE_DMA.replace("partition=1 name=dmatest sid=0x18", "partition=0 name=victim sid=0x18")
    expect("dma.wrong_partition", parse_log(log, dsc), failing=[own], msg_has={own: "name=victim, not dmatest"})
    log = SAMPLE_DMA.replace("[dmatest] @EXPECT-DMA-VIOLATION sid=0x20 iova=0x48800000 access=read owner=unassigned\n", "")
    T("dma.unannounced", any(c.name.startswith("dma.unexpected_dma_violation.") and not c.ok
                             for c in parse_log(log, dsc)),
      "an unannounced DMA VIOLATION line did not fail")
    T("parse.pass.no_output_when_passing", all(not c.output for c in cases))

    # 2. An unreported violation fails exactly that expectation (and nothing else).
    log = SAMPLE_SPATIAL.replace(
        "haven: VIOLATION partition=1 name=attacker vcpu=1 ipa=0x48000ff8 access=write size=8 "
        "pc=0x40001250 esr=0x93c48047 policy=inject\r\n", "")
    cases = parse_log(log, sc)
    expect("parse.unreported_violation", cases,
           passing=["spatial.spatial.attacker.reported.0x48000000.read", "boot.spatial.clean_exit"],
           failing=["spatial.spatial.attacker.reported.0x48000ff8.write"],
           msg_has={"spatial.spatial.attacker.reported.0x48000ff8.write": "no 'haven: VIOLATION"})
    T("parse.unreported_violation.only_one_failure", sum(not c.ok for c in cases) == 1,
      "; ".join(c.full for c in cases if not c.ok))
    T("parse.unreported_violation.log_tail",
      all(c.output.endswith("system off") for c in cases if not c.ok))

    # 3. A violation before its announcement does not count.
    log = SAMPLE_SPATIAL.replace("[attacker] @EXPECT-VIOLATION ipa=0x48000000 access=read\r\n", "") \
        .replace("haven: VIOLATION partition=1 name=attacker vcpu=0 ipa=0x48000000 access=read size=8 "
                 "pc=0x40001234 esr=0x93c08007 policy=inject\r\n", "") \
        .replace("[attacker] @T spatial own.mem0.first.read PASS\r\n",
                 "[attacker] @T spatial own.mem0.first.read PASS\r\n"
                 "[attacker] @EXPECT-VIOLATION ipa=0x48000000 access=read\r\n"
                 "haven: VIOLATION partition=1 name=attacker vcpu=0 ipa=0x48000000 access=write size=8 "
                 "pc=0 esr=0 policy=inject\r\n", 1)
    cases = parse_log(log, sc)
    expect("parse.violation.access_must_match", cases,
           failing=["spatial.spatial.attacker.reported.0x48000000.read",
                    "spatial.spatial.attacker.unexpected_violation.0x48000000.write"])

    # 4. Misattribution: reported under another partition's name or id.
    log = SAMPLE_SPATIAL.replace("partition=1 name=attacker vcpu=0", "partition=0 name=victim vcpu=0")
    cases = parse_log(log, sc)
    expect("parse.violation.wrong_name", cases,
           failing=["spatial.spatial.attacker.reported.0x48000000.read"],
           msg_has={"spatial.spatial.attacker.reported.0x48000000.read": "name=victim"})
    log = SAMPLE_SPATIAL.replace("partition=1 name=attacker vcpu=0", "partition=0 name=attacker vcpu=0")
    cases = parse_log(log, sc)
    expect("parse.violation.wrong_id", cases,
           failing=["spatial.spatial.attacker.reported.0x48000000.read"],
           msg_has={"spatial.spatial.attacker.reported.0x48000000.read": "partition=0"})

    # 4b. The other fields an announcement may name (vcpu, size, pc, esr): each one must match.
    ann = "[attacker] @EXPECT-VIOLATION ipa=0x48000000 access=read"
    full = ann + " vcpu=0 size=8 pc=0x40001234 esr=0x93c08007"
    tc = "spatial.spatial.attacker.reported.0x48000000.read"
    cases = parse_log(SAMPLE_SPATIAL.replace(ann, full), sc)
    expect("parse.violation.fields.match", cases, passing=[tc])
    T("parse.violation.fields.match.all_pass", all(c.ok for c in cases),
      "; ".join(c.full for c in cases if not c.ok))
    expect("parse.violation.fields.subset", parse_log(SAMPLE_SPATIAL.replace(ann, ann + " pc=0x40001234"), sc),
           passing=[tc])
    expect("parse.violation.fields.same_number", parse_log(SAMPLE_SPATIAL.replace(
        ann, ann + " pc=0x0000000040001234 vcpu=0 size=8"), sc), passing=[tc])
    for field, wrong in [("vcpu", "vcpu=1"), ("size", "size=4"), ("size", "size=?"),
                         ("pc", "pc=0x40001238"), ("esr", "esr=0x93c08006")]:
        expect("parse.violation.fields.%s_%s" % (field, slug(wrong.split("=")[1])),
               parse_log(SAMPLE_SPATIAL.replace(ann, ann + " " + wrong), sc), failing=[tc],
               msg_has={tc: "%s announced" % wrong})
    # With two reports of the same IPA and access, the one whose fields match is taken.
    second = ("haven: VIOLATION partition=1 name=attacker vcpu=1 ipa=0x48000000 access=read size=4 "
              "pc=0x40009999 esr=0x93808007 policy=inject\r\n")
    log = SAMPLE_SPATIAL.replace(ann + "\r\n", ann + " vcpu=0 pc=0x40001234\r\n" + ann +
                                 " vcpu=1 size=4\r\n" + second)
    expect("parse.violation.fields.pairing", parse_log(log, sc), passing=[tc, tc + "#2"])
    log = SAMPLE_SPATIAL.replace(ann + "\r\n", ann + " vcpu=1\r\n")
    d = expect("parse.violation.fields.no_second_use", parse_log(log, sc), failing=[tc])
    T("parse.violation.fields.no_second_use.not_unexpected",
      not any("unexpected_violation" in k for k in d), "; ".join(k for k in d if "unexpected" in k))

    # 5. A hang: a truncated log and a timeout.
    cut = SAMPLE_SPATIAL.index("[victim] @DONE")
    cases = parse_log(SAMPLE_SPATIAL[:cut], sc, rc=124, timed_out=True, elapsed=30.0)
    d = expect("parse.timeout", cases,
               passing=["boot.spatial.boot", "spatial.spatial.attacker.reported.0x48000000.read"],
               failing=["boot.spatial.completes", "boot.spatial.clean_exit",
                        "scenario.spatial.victim.done", "scenario.spatial.attacker.done"],
               msg_has={"boot.spatial.completes": "timeout after 30 s"})
    T("parse.timeout.time", d["boot.spatial.completes"].time == 30.0)

    # 6. A panic: forbidden line, non-zero exit.
    log = SAMPLE_SPATIAL[:cut] + "haven: PANIC: unexpected EL2 exception esr=0x96000045 elr=0x40081234\r\n"
    cases = parse_log(log, sc, rc=1)
    expect("parse.panic", cases, failing=["scenario.spatial.forbid.panic", "boot.spatial.clean_exit"],
           msg_has={"scenario.spatial.forbid.panic": "PANIC", "boot.spatial.clean_exit": "exit status 1"})

    # 7. Silent guests, a missing start, a stop that did not happen, a missing system-off line.
    log = "\n".join(l for l in SAMPLE_SPATIAL.split("\n") if "@T" not in l)
    cases = parse_log(log, sc)
    expect("parse.silent_guest", cases, failing=["scenario.spatial.results", "scenario.spatial.attacker.results"])
    log = SAMPLE_SPATIAL.replace("haven: partition 2 'faulter' started on CPU 3\r\n", "")
    expect("parse.not_started", parse_log(log, sc), failing=["boot.spatial.boot"],
           msg_has={"boot.spatial.boot": "faulter"})
    log = SAMPLE_SPATIAL.replace("haven: partition 2 'faulter' stopped (violation, policy=stop)\r\n", "")
    expect("parse.not_stopped", parse_log(log, sc), failing=["spatial.spatial.faulter.stopped"])
    log = SAMPLE_SPATIAL.replace("haven: partition 2 'faulter' stopped (violation, policy=stop)\r\n",
                                 "haven: partition 2 'faulter' stopped (violation, policy=stop)\r\n"
                                 "[faulter] still running\r\n")
    expect("parse.runs_after_stop", parse_log(log, sc), failing=["spatial.spatial.faulter.stopped"])
    log = SAMPLE_SPATIAL.replace("haven: all partitions stopped; system off", "")
    expect("parse.no_system_off", parse_log(log, sc), failing=["boot.spatial.clean_exit"])
    log = SAMPLE_SPATIAL.replace("[victim] @T spatial pattern.intact PASS\r\n",
                                 "[victim] @T spatial pattern.in\r\n[attacker] hello\r\n"
                                 "[victim]+ tact PASS\r\n")
    d = expect("parse.broken_line_joined", parse_log(log, sc),
               passing=["spatial.spatial.victim.pattern.intact"])
    T("parse.broken_line_joined.text", split_lines("[a] x y\r\n[b] z\r\n[a]+ w\r\n") == ["[a] x yw", "[b] z"],
      repr(split_lines("[a] x y\r\n[b] z\r\n[a]+ w\r\n")))
    log = SAMPLE_SPATIAL + "haven: all partitions stopped; system off\r\n"
    expect("parse.two_system_off", parse_log(log, sc), failing=["boot.spatial.one_power_off"])
    log = SAMPLE_SPATIAL.replace("[victim] @T spatial pattern.intact PASS",
                                 "[victim] @T spatial pattern.intact FAIL word 3 is 0xdead")
    expect("parse.guest_fail", parse_log(log, sc), failing=["spatial.spatial.victim.pattern.intact"],
           msg_has={"spatial.spatial.victim.pattern.intact": "word 3 is 0xdead"})
    log = SAMPLE_SPATIAL.replace("[victim] @T spatial pattern.intact PASS", "[victim] @T spatial pattern")
    expect("parse.malformed_result", parse_log(log, sc), failing=["scenario.spatial.victim.malformed_result"])
    log = SAMPLE_SPATIAL + "[victim] @T spatial pattern.intact PASS\n"
    names = [c.full for c in parse_log(log, sc)]
    T("parse.duplicate_names", len(names) == len(set(names)) and
      "spatial.spatial.victim.pattern.intact#2" in names)

    # 8. Two bare-metal partitions side by side: the real scenario file, its interleaving check.
    try:
        demo = next(make_scenario(d) for d in load_scenario_module().SCENARIOS if d.get("name") == "smp")
    except Exception as exc:
        T("scenarios.demo.load", False, "%s: %s" % (type(exc).__name__, exc))
    else:
        T("scenarios.demo.load", True)
        cases = parse_log(SAMPLE_DEMO, demo)
        bad = [c.full + ": " + c.message for c in cases if not c.ok]
        T("demo.interleaved.pass", not bad and len(cases) >= 8, "; ".join(bad))
        lines = SAMPLE_DEMO.split("\n")
        beta = [l for l in lines if l.startswith("[beta]")]
        serial = "\n".join([l for l in lines if not l.startswith("[beta]")][:-2] + beta + lines[-2:])
        cases = parse_log(serial, demo)
        fails = [c.full for c in cases if not c.ok]
        T("demo.interleaved.serial_fails", fails == ["demo.smp.alpha.beta.interleaved"], "; ".join(fails))

    # 8b. A guest checked by its whole output (expect_output): the real hello scenario.
    try:
        hello = next(make_scenario(d) for d in load_scenario_module().SCENARIOS if d.get("name") == "hello")
    except Exception as exc:
        T("scenarios.hello.load", False, "%s: %s" % (type(exc).__name__, exc))
    else:
        cases = parse_log(SAMPLE_HELLO, hello)
        bad = [c.full + ": " + c.message for c in cases if not c.ok]
        T("hello.output.pass", not bad and "scenario.hello.hello.output" in by(cases), "; ".join(bad))
        out = "scenario.hello.hello.output"
        for label, log, why in [
                ("protocol", SAMPLE_HELLO.replace("[hello] Goodbye\n",
                                                  "[hello] Goodbye\n[hello] 0 checks, 0 failed\n[hello] @DONE\n"),
                 "'0 checks, 0 failed' after its last expected line"),
                ("changed", SAMPLE_HELLO.replace("tick 2: on time", "tick 2: EARLY"), "'tick 2: EARLY', expected"),
                ("missing", SAMPLE_HELLO.replace("[hello] Goodbye\n", ""), "the first missing: 'Goodbye'"),
                ("other_partition", SAMPLE_HELLO.replace("[hello] tick 1", "[other] tick 1"),
                 "'tick 2: on time', expected 'tick 1: on time'")]:
            expect("hello.output.%s" % label, parse_log(log, hello), failing=[out], msg_has={out: why})
    _, errs = load_scenarios()
    T("scenarios.valid", not errs, "; ".join(e.message for e in errs))
    ci = make_scenario(dict(name="x", config="c", partitions=["a"], console_input="h\u00e9\n")).console_input
    T("scenarios.console_input.bytes", ci == b"h\xc3\xa9\n", repr(ci))
    s1 = make_scenario(dict(name="u", config="c", partitions=["a"],
                            serial1=dict(input="hi\n", expect=[("hello", r"^hello from \w+$")])))
    T("scenarios.serial1.input", s1.serial1 and s1.serial1_input == b"hi\n", repr(s1.serial1_input))
    expect("serial1.match", serial1_cases(s1, b"noise\r\nhello from linux\r\n"), passing=["serial1.u.serial1.hello"])
    expect("serial1.no_match", serial1_cases(s1, b"hello from\n"), failing=["serial1.u.serial1.hello"])
    expect("serial1.no_output", serial1_cases(s1, None), failing=["serial1.u.serial1.output"])
    peer = Serial1Peer(b"reply\n", 10)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
        c.settimeout(10)
        c.connect(peer.path)
        c.sendall(b"partial")
        c.sendall(b" line\r\n")
        got = c.recv(64)
    T("serial1.peer", got == b"reply\n" and peer.finish() == b"partial line\r\n", repr(got))
    T("serial1.unused", serial1_cases(make_scenario(dict(name="x", config="c", partitions=["a"])), None) == [])
    dk = make_scenario(dict(name="d", config="c", partitions=["a"],
                            disk=dict(slot=2, files={"/out.txt": r"^sum=ab$", "/none": "x"})))
    T("disk.args", disk_args(Path("/t/d.img"), dk.disk_slot)[-1]
      == "virtio-blk-pci,drive=disk0,addr=2.0,iommu_platform=on,disable-legacy=on", repr(dk.disk_slot))
    with tempfile.TemporaryDirectory(prefix="haven-disk-selftest.") as tmp:
        root, img = Path(tmp) / "root", Path(tmp) / "d.img"
        root.mkdir()
        (root / "out.txt").write_text("x\nsum=ab\n")
        mk = subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-d", str(root), str(img), "1M"],
                            capture_output=True, text=True)
        T("disk.mke2fs", mk.returncode == 0, mk.stderr)
        expect("disk.files", disk_cases(dk, img), passing=["disk.d.disk_out_txt"], failing=["disk.d.disk_none"],
               msg_has={"disk.d.disk_none": "/none is not on the disk"})
        (root / "out.txt").write_text("sum=abc\n")
        subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-d", str(root), str(img), "1M"], capture_output=True)
        expect("disk.mismatch", disk_cases(dk, img), failing=["disk.d.disk_out_txt"])
        expect("disk.no_image", disk_cases(dk, Path(tmp) / "nope.img"), failing=["disk.d.disk_out_txt"],
               msg_has={"disk.d.disk_out_txt": "no disk image"})
    T("disk.unused", disk_cases(make_scenario(dict(name="x", config="c", partitions=["a"])), Path("/nope")) == [])
    for bad_sc, why in [(dict(name="x", config="c"), "missing"),
                        (dict(name="x", config="c", partitions=["a"], expect_lines=["("]), "regex"),
                        (dict(name="x", config="c", partitions=["a"], expect_dnoe=["a"]), "unknown key"),
                        (dict(name="x", config="c", partitions=["a"], expect_results={"a": ["nodot"]}),
                         "want 'area.name'"),
                        (dict(name="x", config="c", partitions=["a"], allow_haven_lines=["("]), "regex"),
                        (dict(name="x", config="c", partitions=["a"], console_input=["a"]), "str or bytes"),
                        (dict(name="x", config="c", partitions=["a"], expect_output={"a": "line"}),
                         "list of lines"),
                        (dict(name="x", config="c", partitions=["a"], serial1=dict(inptu="")), "keys 'input'"),
                        (dict(name="x", config="c", partitions=["a"], serial1=dict(expect=["("])), "regex"),
                        (dict(name="x", config="c", partitions=["a"], disk=dict(slot=2)), "keys 'slot'"),
                        (dict(name="x", config="c", partitions=["a"], disk=dict(slot=0, files={})),
                         "PCI slot"),
                        (dict(name="x", config="c", partitions=["a"], disk=dict(slot=2, files={"out": "x"})),
                         "absolute path")]:
        try:
            make_scenario(bad_sc)
            T("scenarios.rejects.%s" % slug(why), False, "accepted %r" % bad_sc)
        except ValueError as exc:
            T("scenarios.rejects.%s" % slug(why), why in str(exc), str(exc))

    # 9. Host test output.
    out = "@T host pgtable.map PASS\n@T host pgtable.unmap FAIL level 2 entry 0x3\n"
    d = expect("host.parse", parse_host_output("test_pg", out, "", 1),
               passing=["host.pgtable.map"], failing=["host.pgtable.unmap"])
    T("host.parse.no_exit_case", "host.test_pg.exit" not in d)
    expect("host.crash", parse_host_output("test_pg", "@T host a PASS\n", "", -11),
           passing=["host.a"], failing=["host.test_pg.exit"], msg_has={"host.test_pg.exit": "SIGSEGV"})
    expect("host.exit_without_fail", parse_host_output("test_pg", "@T host a PASS\n", "", 2),
           failing=["host.test_pg.exit"])
    expect("host.silent", parse_host_output("test_pg", "hello\n", "", 0), failing=["host.test_pg.results"])
    expect("host.timeout", parse_host_output("t", "", "", None, timed_out=True, elapsed=120),
           failing=["host.t.exit"], msg_has={"host.t.exit": "timeout"})

    # 10. JUnit: well-formed, escaped, counts right.
    nasty = 'a<b>&"c"\x1b[31m\x00\x07 \u00e9 \U0001F600 ]]>'
    cases = [TestCase("spatial", "x." + nasty, False, nasty, detail=nasty, output=nasty + "\n" * 3),
             TestCase("host", "ok", True, time=0.25)]
    try:
        root = ET.fromstring(junit_xml([("qemu.spatial", cases[:1]), ("host", cases[1:]), ("empty", [])]))
        tcs = root.findall("./testsuite/testcase")
        fl = root.findall("./testsuite/testcase/failure")
        ok = (root.get("tests") == "2" and root.get("failures") == "1" and len(tcs) == 2 and len(fl) == 1
              and "\\x1b" in fl[0].get("message") and 'a<b>&"c"' in fl[0].text
              and tcs[0].find("system-out") is not None and tcs[1].get("time") == "0.250")
        T("junit.well_formed", ok, ET.tostring(root, encoding="unicode")[:200])
    except ET.ParseError as exc:
        T("junit.well_formed", False, str(exc))

    # 11. The strict rules: nothing a guest prints gets lost.
    # A result, an announcement or @DONE after other output on its line is still parsed,
    # and the line itself fails (the hostile console write that leaked bytes before a FAIL).
    log = SAMPLE_SPATIAL.replace("[victim] @T spatial pattern.intact PASS",
                                 "[victim] xyz@T spatial pattern.intact FAIL leaked") \
        .replace("[victim] 2 checks, 0 failed", "[victim] 2 checks, 1 failed")
    expect("strict.midline_fail", parse_log(log, sc),
           passing=["scenario.spatial.victim.summary", "scenario.spatial.victim.expect_results"],
           failing=["spatial.spatial.victim.pattern.intact", "scenario.spatial.victim.midline_marker"],
           msg_has={"spatial.spatial.victim.pattern.intact": "leaked"})
    log = SAMPLE_SPATIAL.replace("[attacker] @EXPECT-VIOLATION ipa=0x48000000", "[attacker] a@EXPECT-VIOLATION ipa=0x48000000") \
        .replace("[victim] @DONE", "[victim] 0@DONE")
    d = expect("strict.midline_announcements", parse_log(log, sc),
               passing=["spatial.spatial.attacker.reported.0x48000000.read", "scenario.spatial.victim.done"],
               failing=["scenario.spatial.attacker.midline_marker", "scenario.spatial.victim.midline_marker"])
    T("strict.midline_announcements.no_unexpected_violation",
      not any("unexpected_violation" in k for k in d), "; ".join(k for k in d if "unexpected_violation" in k))
    log = SAMPLE_SPATIAL.replace("[victim] @T spatial pattern.written PASS",
                                 "[victim] @T spatial pattern.written PASS@T spatial pattern.written2 FAIL x")
    expect("strict.two_results_one_line", parse_log(log, sc), passing=["spatial.spatial.victim.pattern.written"],
           failing=["spatial.spatial.victim.pattern.written2"])
    log = SAMPLE_SPATIAL.replace("[victim] @T spatial pattern.intact PASS", "@T spatial pattern.intact FAIL x")
    expect("strict.stray_marker", parse_log(log, sc), failing=["scenario.spatial.stray_marker"])

    # The closing 'N checks, M failed' agrees with the results of that boot, and @DONE needs it.
    log = SAMPLE_SPATIAL.replace("[attacker] 3 checks, 0 failed", "[attacker] 42 checks, 4 failed")
    expect("strict.summary_mismatch", parse_log(log, sc), passing=["scenario.spatial.victim.summary"],
           failing=["scenario.spatial.attacker.summary"],
           msg_has={"scenario.spatial.attacker.summary": "says 42 checks, 4 failed; the runner parsed 3 results, 0"})
    log = SAMPLE_SPATIAL.replace("[victim] 2 checks, 0 failed\r\n", "")
    expect("strict.summary_missing", parse_log(log, sc), failing=["scenario.spatial.victim.summary"],
           msg_has={"scenario.spatial.victim.summary": "without"})
    log = SAMPLE_SPATIAL.replace("[victim] 2 checks, 0 failed\r\n", "[victim] 2 checks, 0 failed\r\n" * 2)
    expect("strict.summary_twice", parse_log(log, sc), failing=["scenario.spatial.victim.summary"])
    reset = "haven: partition 0 'victim' reset (system-reset)\r\n"
    log = SAMPLE_SPATIAL.replace("[attacker] @T spatial own.mem0.first.read PASS\r\n",
                                 "[attacker] @T spatial own.mem0.first.read PASS\r\n" + reset)
    expect("strict.summary_per_boot.mismatch", parse_log(log, sc), failing=["scenario.spatial.victim.summary"],
           msg_has={"scenario.spatial.victim.summary": "(after reset 1)"})
    log = log.replace("[victim] 2 checks, 0 failed", "[victim] 1 checks, 0 failed")
    expect("strict.summary_per_boot.match", parse_log(log, sc), passing=["scenario.spatial.victim.summary"])

    # expect_results: a listed check that never reported fails under its own name; an
    # unlisted one, a wrong count and an unlisted partition fail too.
    log = SAMPLE_SPATIAL.replace("[attacker] @T spatial probe.victim.mem0.write PASS\r\n", "") \
        .replace("[attacker] 3 checks, 0 failed", "[attacker] 2 checks, 0 failed")
    expect("strict.listed_result_missing", parse_log(log, sc), passing=["scenario.spatial.attacker.summary"],
           failing=["spatial.spatial.attacker.probe.victim.mem0.write", "scenario.spatial.attacker.expect_results"],
           msg_has={"spatial.spatial.attacker.probe.victim.mem0.write": "missing"})
    log = SAMPLE_SPATIAL.replace("[victim] @T spatial pattern.intact PASS\r\n",
                                 "[victim] @T spatial pattern.intact PASS\r\n[victim] @T spatial extra PASS\r\n") \
        .replace("[victim] 2 checks, 0 failed", "[victim] 3 checks, 0 failed")
    expect("strict.unlisted_result", parse_log(log, sc), passing=["scenario.spatial.victim.summary"],
           failing=["scenario.spatial.victim.expect_results"],
           msg_has={"scenario.spatial.victim.expect_results": "not in expect_results: spatial.extra"})
    alt = dict(SAMPLE_SPATIAL_SCENARIO, expect_results=dict(SAMPLE_SPATIAL_SCENARIO["expect_results"]))
    alt["expect_results"]["victim"] = ["spatial.pattern.written", ("spatial.pattern.intact", 2)]
    expect("strict.result_count", parse_log(SAMPLE_SPATIAL, make_scenario(alt)),
           failing=["scenario.spatial.victim.expect_results"],
           msg_has={"scenario.spatial.victim.expect_results": "1 times, expected 2"})
    del alt["expect_results"]["victim"]
    expect("strict.unlisted_partition", parse_log(SAMPLE_SPATIAL, make_scenario(alt)),
           failing=["scenario.spatial.victim.expect_results"],
           msg_has={"scenario.spatial.victim.expect_results": "no entry for 'victim'"})
    alt["expect_results"]["victim"] = None
    d = expect("strict.unlisted_on_purpose", parse_log(SAMPLE_SPATIAL, make_scenario(alt)),
               passing=["spatial.spatial.victim.pattern.intact"])
    T("strict.unlisted_on_purpose.no_case", "scenario.spatial.victim.expect_results" not in d)
    # A function of the build directory: the real probe_plan() of tests/qemu/scenarios.py.
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "gen").mkdir()
        probes = Path(tmp) / "gen" / "probes.c"
        probes.write_text('const struct haven_probe haven_probes[2] = {\n'
                          '\t{ .addr = 0x1ULL, .label = "own.mem0.first.read" },\n'
                          '\t{ .addr = 0x2ULL, .label = "probe.victim.mem0.read" },\n};\n')
        try:
            plan = load_scenario_module().probe_plan()
        except Exception as exc:
            T("strict.probe_plan.load", False, "%s: %s" % (type(exc).__name__, exc))
        else:
            alt["expect_results"] = dict(SAMPLE_SPATIAL_SCENARIO["expect_results"],
                                         attacker=[plan, "spatial.probe.victim.mem0.write"])
            sc_plan = make_scenario(alt)
            expect("strict.probe_plan.pass", parse_log(SAMPLE_SPATIAL, sc_plan, build_out=tmp),
                   passing=["scenario.spatial.attacker.expect_results"])
            log = SAMPLE_SPATIAL.replace("[attacker] @T spatial probe.victim.mem0.read PASS got a synchronous "
                                         "external abort\r\n", "")
            expect("strict.probe_plan.missing", parse_log(log, sc_plan, build_out=tmp),
                   failing=["spatial.spatial.attacker.probe.victim.mem0.read"])
            probes.write_text(probes.read_text().replace("[2]", "[3]"))
            expect("strict.probe_plan.bad_file", parse_log(SAMPLE_SPATIAL, sc_plan, build_out=tmp),
                   failing=["scenario.spatial.expect_results", "scenario.spatial.attacker.expect_results"],
                   msg_has={"scenario.spatial.expect_results": "declares 3 probes, 2 labels"})
            expect("strict.probe_plan.no_build", parse_log(SAMPLE_SPATIAL, sc_plan),
                   failing=["scenario.spatial.expect_results"])

    # Haven's lines: only the known ones, or those the scenario allows.
    irq = "haven: unexpected IRQ 27 on CPU 1\r\n"
    log = SAMPLE_SPATIAL.replace("[victim] @DONE\r\n", "[victim] @DONE\r\n" + irq)
    expect("strict.haven_line.unexpected_irq", parse_log(log, sc), failing=["scenario.spatial.haven_lines"],
           msg_has={"scenario.spatial.haven_lines": "unexpected IRQ 27"})
    alt = dict(SAMPLE_SPATIAL_SCENARIO, allow_haven_lines=[r"^haven: unexpected IRQ 27 on CPU \d+$"])
    expect("strict.haven_line.allowed", parse_log(log, make_scenario(alt)), passing=["scenario.spatial.haven_lines"])
    for label, line in [("trap", "haven: partition 1 'attacker' vcpu 0: unhandled trap ESR=0x1 at pc=0x2; "
                                 "injecting undef"),
                        ("serror", "haven: SERROR partition=1 name=attacker vcpu=0 esr=0xbf000000 pc=0x40001000"),
                        ("stop_reason", "haven: partition 2 'faulter' stopped (something new)"),
                        ("no_space", "haven:VIOLATION partition=1")]:
        log = SAMPLE_SPATIAL.replace("[victim] @DONE\r\n", "[victim] @DONE\r\n" + line + "\r\n")
        expect("strict.haven_line." + label, parse_log(log, sc), failing=["scenario.spatial.haven_lines"])
    known = [l for l in SAMPLE_DEMO.split("\n") if l.startswith("haven:")] + [
        "haven: console input goes to partition 0 'linux'",
        "haven: translation tables (EL2 and stage 2): 12 of the 4 KiB table pool in use",
        "haven: partition 0 'linux' enters 0x50000000 at counter 17152141",
        "haven: partition 0 'linux' reset (system-reset)",
        "haven: config: partition 'two' (#1): cpus: CPU 1 is also given to partition 'one' (#0)",
        "haven: PANIC cpu=0: sync at EL2: ESR_EL2=0x96000005",
        "haven:   x0  00000000dead0000  x1  00000000860000ff  x2  00000000860000ff  x3  0000000086000002",
        "haven:   x28 0000000000000000  x29 00000000400bbc80  x30 0000000040085c64"]
    unknown = [l for l in known if not any(rx.search(l) for _, rx in HAVEN_KNOWN)]
    T("strict.haven_line.known", not unknown, "; ".join(unknown))

    # A check that did not run is no pass: SKIP (or any status but PASS and FAIL) fails.
    d = expect("strict.skip.host", parse_host_output("test_dtgen", "@T host dtgen.dtc SKIP dtc not installed\n", "", 0),
               failing=["host.dtgen.dtc"], msg_has={"host.dtgen.dtc": "SKIP is not PASS"})
    log = SAMPLE_SPATIAL.replace("[victim] @T spatial pattern.intact PASS", "[victim] @T spatial pattern.intact SKIP")
    expect("strict.skip.guest", parse_log(log, sc), failing=["spatial.spatial.victim.pattern.intact"])
    expect("strict.midline.host", parse_host_output("t", "ok\nxyz@T host a FAIL boom\n", "", 1),
           failing=["host.a", "host.t.midline_marker"])

    # 12. Sub-make flags lose the parent's jobserver, keep variables.
    saved = os.environ.get("MAKEFLAGS")
    os.environ["MAKEFLAGS"] = "sj -j4 --jobserver-auth=3,4 -- V=1"
    try:
        T("make_env.strips_jobserver", make_env()["MAKEFLAGS"] == "s -- V=1", make_env()["MAKEFLAGS"])
    finally:
        if saved is None:
            os.environ.pop("MAKEFLAGS", None)
        else:
            os.environ["MAKEFLAGS"] = saved
    return 0 if all(results) else 1


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="Haven test runner (make test).")
    ap.add_argument("--only", metavar="SUBSTR", action="append",
                    help="run only the QEMU scenarios whose name contains SUBSTR (repeatable); "
                         "skips the host, bad-config and self tests")
    ap.add_argument("--list", action="store_true", help="list the QEMU scenarios and exit")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="QEMU scenarios in parallel (default 2)")
    ap.add_argument("--no-build", action="store_true", help="use what is in the build directory")
    ap.add_argument("--self-test", action="store_true", help="test the runner's parsers and exit")
    ap.add_argument("--build-dir", default=os.environ.get("BUILD") or "build",
                    help="the Makefile's BUILD (default: $BUILD or build)")
    args = ap.parse_args(argv)

    for stream in (sys.stdout, sys.stderr):  # guest output may be any bytes
        stream.reconfigure(errors="backslashreplace")
    if args.self_test:
        return self_test()

    build_dir = Path(args.build_dir)
    if not build_dir.is_absolute():
        build_dir = ROOT / build_dir
    results_dir = build_dir / "test-results"
    scenarios, scenario_errors = load_scenarios()
    if args.only:
        scenarios = [s for s in scenarios if any(o in s.name for o in args.only)]
        if not scenarios:
            print("runner: no scenario matches %s (see --list)" % " ".join(args.only), file=sys.stderr)
            return 2
    if args.list:
        for s in scenarios:
            print("%-12s config=%-14s partitions=%s timeout=%ds" % (
                s.name, s.config, ",".join(s.partitions), s.timeout))
        for e in scenario_errors:
            print("runner: " + e.message, file=sys.stderr)
        return 1 if scenario_errors else 0
    args.host = not args.only

    results_dir.mkdir(parents=True, exist_ok=True)
    junit = results_dir / "junit.xml"
    junit.unlink(missing_ok=True)
    for s in scenarios:
        (results_dir / ("%s.log" % s.name)).unlink(missing_ok=True)
    configs = {}  # config -> the make variables its image is built with
    for s_ in scenarios:
        configs.setdefault(s_.config, s_.build_vars)
    accept = [c for c in configs if not configs[c]]  # configs built the normal way must pass the checker
    rep = Reporter()
    t0 = time.monotonic()

    def on_sigterm(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, on_sigterm)
    phases = []
    if args.host:
        phases.append(("runner", lambda: do_self_test(rep)))
        phases.append(("lint", lambda: do_lint(rep)))
    failed_configs = set()
    if not args.no_build:
        phases.append(("build", lambda: failed_configs.update(do_builds(
            configs, build_dir, rep, args.host, any(s_.disk_slot is not None for s_ in scenarios)))))
    if args.host:
        phases.append(("host", lambda: do_host_tests(build_dir, rep)))
        phases.append(("config", lambda: do_bad_configs(build_dir, rep)))
    phases.append(("config", lambda: do_accept_configs(accept, build_dir, rep)))
    phases.append(("qemu", lambda: do_scenarios(scenarios, build_dir, results_dir, failed_configs,
                                                 args.jobs, rep)))
    phases += [("bench", lambda: do_bench(build_dir, rep))] if args.host else []
    try:
        if scenario_errors:
            rep.add("runner", scenario_errors)
        for pname, fn in phases:
            try:
                fn()
            except Interrupted:
                raise KeyboardInterrupt() from None
            except Exception as exc:  # a runner bug is a failure, the run goes on
                rep.add("runner", [TestCase("runner", "%s.internal" % pname, False,
                                            "%s: %s" % (type(exc).__name__, exc))])
    except KeyboardInterrupt:
        kill_all()
        print("runner: interrupted", file=sys.stderr)
        return 130
    finally:
        kill_all()

    order = ["runner", "build", "host", "config"] + ["qemu.%s" % s.name for s in scenarios]
    suites = [(n, rep.suites[n]) for n in order if n in rep.suites] + \
        [(n, c) for n, c in rep.suites.items() if n not in order]
    junit.write_text(junit_xml(suites), encoding="utf-8")
    cases = rep.all()
    npass = sum(1 for c in cases if c.ok)
    nfail = len(cases) - npass
    print("logs: %s/ (junit.xml%s), %.1f s" % (
        rel(results_dir), "".join(", %s.log" % s.name for s in scenarios), time.monotonic() - t0), flush=True)
    print("%d passed, %d failed" % (npass, nfail), flush=True)
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
