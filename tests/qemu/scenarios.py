"""QEMU test scenarios run by tools/runner.py (`make test`).

Each scenario boots build/qemu-virt/<config>/haven.bin with tools/run-qemu.sh and
checks the console log against docs/test-protocol.md. A scenario is a dict:

  name           unique scenario name (testcase names start with it)
  config         configs/<config>.c
  partitions     names that must print `haven: partition <id> '<name>' started`
                 (a config may have more partitions; ids come from the log)
  expect_done    partitions that must print `[<name>] @DONE`
  expect_lines   regexes (re.search, one line at a time) that must match some line;
                 an entry may be a (label, regex) pair to name its testcase
  forbid_lines   regexes that must match no line (`^haven: PANIC` is always forbidden)
  checks         functions f(lines) -> [(classname, name, ok, message), ...];
                 lines is the console log as a list of str, name gets the scenario prefix
  min_results    fewest `@T` lines the whole log must contain (default 1: a silent
                 guest fails); 0 for a scenario without result lines
  results_from   partitions that must each print at least one `@T` line
  expect_results partition -> every result it must print, as "area.name" (once),
                 ("area.name", times), or a function of the config's build directory
                 (build/qemu-virt/<config>) returning such entries, e.g. probe_plan();
                 [] for a partition that prints none. A listed result that is missing
                 fails under its own name, and so does a result nobody listed, or one
                 from a partition without an entry. None: the partition's results are
                 not listed (only where the scenario cuts it off at no fixed point)
  allow_haven_lines  regexes (or (label, regex)) of `haven: ` lines this scenario may
                 show besides the known ones (tools/runner.py HAVEN_KNOWN_LINES)
  allow_violations_from  partitions whose unannounced VIOLATIONs are not failures
  timeout        wall-clock seconds before the run counts as a hang (default 30)
  icount         True: run with -icount shift=0,sleep=off (HAVEN_ICOUNT=1)
  qemu_args      extra QEMU arguments (e.g. -device lines)
  serial1        QEMU's second serial port (virt: UART1 at 0x09040000, SPI 40), connected
                 to the runner: dict(input=<str or bytes>, expect=[regexes]); the port
                 receives input once the guest has sent a complete line there, and every
                 regex (or (label, regex)) must match a line the guest sent
  build_vars     extra make variables for the image build, e.g. {"HOST_CHECK": "0"}; a
                 PLATFORM here (e.g. qemu-virt-smmu) builds and boots the image of that
                 platform (build/<platform>/<config>), and the build gives QEMU the machine
                 options the platform needs (platform.mk QEMU_MACHINE_ARGS, via qemu-args)
  expect_exit    run-qemu.sh's expected exit status (default 0); non-zero means Haven must
                 refuse to boot: no partition may start and `haven: PANIC` is allowed
                 (3: Haven reset the machine after a PANIC, docs/platforms.md)
  expect_panic   with expect_exit: the partitions start, then Haven panics (the panic path)
  expect_output  partition -> every line it prints (the text after `[<name>] `), exactly
                 and in order: for a guest without result lines (guests/hello), whose
                 output is what a person reads

Every `[<p>] @T`, `@EXPECT-VIOLATION`, `@EXPECT-DMA-VIOLATION` and `@EXPECT-STOP` line is checked whatever
the scenario says, wherever the marker sits in the line, and so is each guest's closing
`N checks, M failed` line; adding a scenario is adding a dict below (with its
expect_results).
"""

import re


def interleaved(a, b, a_line=r"cpu\d+ tick", classname="demo"):
    """Check that partitions a and b run at the same time: at least one `[b]` line
    appears between the first and the last `[a] <a_line>` line."""
    pat = re.compile(r"^\[%s\] %s" % (re.escape(a), a_line))
    prefix = "[%s] " % b
    name = "%s.%s.interleaved" % (a, b)

    def check(lines):
        idx = [i for i, line in enumerate(lines) if pat.search(line)]
        if len(idx) < 2:
            return [(classname, name, False,
                     "fewer than two [%s] lines match %r" % (a, a_line))]
        inside = sum(1 for i in range(idx[0] + 1, idx[-1]) if lines[i].startswith(prefix))
        if not inside:
            return [(classname, name, False,
                     "no [%s] line between the first and last [%s] tick (log lines %d..%d):"
                     " not running at the same time" % (b, a, idx[0] + 1, idx[-1] + 1))]
        return [(classname, name, True,
                 "%d [%s] lines between the first and last [%s] tick" % (inside, b, a))]

    check.__name__ = "interleaved_%s_%s" % (a, b)
    return check


def count_lines(name, regex, n, classname="linux"):
    """Check that exactly n log lines match regex."""
    pat = re.compile(regex)

    def check(lines):
        k = sum(1 for line in lines if pat.search(line))
        return [(classname, name, k == n, "%d lines match /%s/, expected %d" % (k, regex, n))]

    check.__name__ = "count_" + name.replace(".", "_")
    return check


def distinct_values(name, regex, n, classname="linux"):
    """Check that exactly n log lines match regex and that their group(1) values all
    differ (e.g. where a fresh seed must put the kernel at every boot)."""
    pat = re.compile(regex)

    def check(lines):
        vals = [m.group(1) for m in map(pat.search, lines) if m]
        ok = len(vals) == n and len(set(vals)) == n
        return [(classname, name, ok, "%d lines match /%s/ (expected %d), %d distinct values: %s"
                 % (len(vals), regex, n, len(set(vals)), " ".join(vals)))]

    check.__name__ = "distinct_" + name.replace(".", "_")
    return check


def powered_off_by_haven(classname="scenario"):
    """Check that the `system off` line is Haven's own: exactly one, the last line of
    the log, after a `stopped` line of every partition that started. A copy forged
    through a channel that bypasses Haven's prefix would come early, or twice."""
    off = re.compile(r"^haven: all partitions stopped; system off\s*$")
    started = re.compile(r"^haven: partition (\d+) '[^']*' started on CPU")
    stopped = re.compile(r"^haven: partition (\d+) '[^']*' stopped \(")

    def check(lines):
        offs = [i for i, line in enumerate(lines) if off.match(line)]
        ids = {m.group(1) for m in map(started.match, lines) if m}
        if len(offs) != 1 or offs[0] != len(lines) - 1:
            return [(classname, "system_off.genuine", False,
                     "%d 'system off' line(s) at log line(s) %s of %d: expected one, the last"
                     % (len(offs), ", ".join(str(i + 1) for i in offs), len(lines)))]
        before = {m.group(1) for m in map(stopped.match, lines[:offs[0]]) if m}
        missing = sorted(ids - before)
        return [(classname, "system_off.genuine", not missing,
                 "system off before partition(s) %s stopped" % ", ".join(missing))]

    check.__name__ = "powered_off_by_haven"
    return check


def reports_accounted(part, burst=64, rate=8, classname="flood"):
    """Check Haven's rate limit of a partition's reports: at most `burst` VIOLATION lines
    back to back plus `rate` a second (the flood lasts under a second of counter time),
    and every violation is either printed or counted in a `N more reports suppressed`
    line: printed + suppressed == the aborts the guest counted (its `<part>.aborts` @T
    line: `<n> reads outside the map`)."""
    viol = re.compile(r"^haven: VIOLATION partition=\d+ name=%s " % re.escape(part))
    supp = re.compile(r"^haven: partition \d+ '%s': (\d+) more reports? suppressed" % re.escape(part))
    took = re.compile(r"^\[%s\] @T \S+ %s\.aborts PASS (\d+) reads outside the map" % (re.escape(part),
                                                                                     re.escape(part)))

    def check(lines):
        printed = sum(1 for line in lines if viol.match(line))
        suppressed = sum(int(m.group(1)) for m in map(supp.match, lines) if m)
        aborts = [int(m.group(1)) for m in map(took.match, lines) if m]
        out = [(classname, "%s.reports.rate_limited" % part, 0 < printed <= burst + rate and suppressed > 0,
                "%d VIOLATION lines (limit %d + %d/s), %d suppressed" % (printed, burst, rate, suppressed))]
        out.append((classname, "%s.reports.accounted" % part,
                    len(aborts) == 1 and printed + suppressed == aborts[0],
                    "%d printed + %d suppressed, the guest took %s aborts"
                    % (printed, suppressed, aborts[0] if aborts else "no count of")))
        return out

    check.__name__ = "reports_accounted_" + part
    return check


def fault_storm(part, vector_ipa, classname="flood"):
    """Check that an abort at the vector it would be injected to is one event: exactly one
    VIOLATION of `part` at `vector_ipa`, then `stopped (fault storm)`, then no line of it."""
    viol = re.compile(r"^haven: VIOLATION partition=\d+ name=%s .*ipa=0x%x access=exec " % (re.escape(part),
                                                                                             vector_ipa))
    stop = re.compile(r"^haven: partition \d+ '%s' stopped \(fault storm\)$" % re.escape(part))
    mine = "[%s] " % part

    def check(lines):
        v = [i for i, line in enumerate(lines) if viol.match(line)]
        s = [i for i, line in enumerate(lines) if stop.match(line)]
        if len(v) != 1 or len(s) != 1 or s[0] < v[0]:
            return [(classname, "%s.fault_storm" % part, False,
                     "%d VIOLATION line(s) at 0x%x and %d 'stopped (fault storm)' line(s): expected one, then one"
                     % (len(v), vector_ipa, len(s)))]
        later = [i for i in range(s[0] + 1, len(lines)) if lines[i].startswith(mine)]
        return [(classname, "%s.fault_storm" % part, not later,
                 "[%s] printed after it was stopped (log line %d)" % (part, later[0] + 1) if later else "")]

    check.__name__ = "fault_storm_" + part
    return check


def silent_after_stop(part, reason, classname="scenario"):
    """Check that Haven stopped `part` for `reason` once, and that it printed nothing after."""
    stop = re.compile(r"^haven: partition \d+ '%s' stopped \(%s\)$" % (re.escape(part), re.escape(reason)))
    mine = "[%s] " % part

    def check(lines):
        s = [i for i, line in enumerate(lines) if stop.match(line)]
        if len(s) != 1:
            return [(classname, "%s.silent_after_stop" % part, False,
                     "%d 'stopped (%s)' lines, expected one" % (len(s), reason))]
        later = [i for i in range(s[0] + 1, len(lines)) if lines[i].startswith(mine)]
        return [(classname, "%s.silent_after_stop" % part, not later,
                 "[%s] printed after it was stopped (log line %d)" % (part, later[0] + 1) if later else "")]

    check.__name__ = "silent_after_stop_" + part
    return check


def dma_storm_accounted(part, bursts, events, burst=64, rate=8, classname="dma-storm"):
    """Check Haven's rate limit of a partition's DMA reports: of its `bursts` failed DMA bursts
    (the last one after a pause) each is either a `DMA VIOLATION` line or counted in a
    `N more reports suppressed` line, at most `burst` lines plus `rate` a second went out
    (the storm lasts about 2 s of counter time: 64 + 3 x 8 allowed), and every line but
    the last counts `events` events."""
    viol = re.compile(r"^haven: DMA VIOLATION partition=\d+ name=%s .* events=(\d+) " % re.escape(part))
    supp = re.compile(r"^haven: partition \d+ '%s': (\d+) more reports? suppressed" % re.escape(part))

    def check(lines):
        counts = [int(m.group(1)) for m in map(viol.match, lines) if m]
        suppressed = sum(int(m.group(1)) for m in map(supp.match, lines) if m)
        return [
            (classname, "%s.reports.rate_limited" % part, 0 < len(counts) <= burst + 3 * rate and suppressed > 0,
             "%d DMA VIOLATION lines (limit %d + %d/s), %d suppressed" % (len(counts), burst, rate, suppressed)),
            (classname, "%s.reports.accounted" % part, len(counts) + suppressed == bursts,
             "%d printed + %d suppressed, %d bursts made" % (len(counts), suppressed, bursts)),
            (classname, "%s.reports.events" % part, all(c == events for c in counts[:-1]),
             "events per line: %s" % sorted(set(counts[:-1]))),
        ]

    check.__name__ = "dma_storm_accounted_" + part
    return check


def dma_overflow_accounted(overflows, burst=64, rate=8, classname="dma-flood"):
    """Check the rate limit of Haven's event queue overflow reports: of `overflows` overflowing
    DMAs (the last one after a pause), each is either a `DMA event queue overflowed` line or
    counted in a `DMA event queue overflows: N more reports suppressed` line, and at most
    `burst` lines plus `rate` a second went out (the flood lasts about 2 s: 64 + 3 x 8)."""
    line = re.compile(r"^haven: DMA event queue overflowed: ")
    supp = re.compile(r"^haven: DMA event queue overflows: (\d+) more reports? suppressed \(rate limit\)$")

    def check(lines):
        printed = sum(1 for l in lines if line.match(l))
        suppressed = sum(int(m.group(1)) for m in map(supp.match, lines) if m)
        return [
            (classname, "overflow.rate_limited", 0 < printed <= burst + 3 * rate and suppressed > 0,
             "%d overflow lines (limit %d + %d/s), %d suppressed" % (printed, burst, rate, suppressed)),
            (classname, "overflow.accounted", printed + suppressed == overflows,
             "%d printed + %d suppressed, %d overflowing DMAs made" % (printed, suppressed, overflows)),
        ]

    check.__name__ = "dma_overflow_accounted"
    return check


def schedule_counts(part, min_windows, overruns, classname="temporal"):
    """Check the `schedule:` line Haven prints when a partition on a shared CPU stops
    (core/sched.c): at least min_windows windows, none started later than the bound, and
    overruns "all" (every window but the one it stopped in ended with it still running)
    or "none" (each ended with it waiting in WFI)."""
    pat = re.compile(r"^haven: partition \d+ '%s' schedule: (\d+) windows, (\d+) overruns, "
                     r"(\d+) late \(max (\d+) ns\)$" % re.escape(part))
    name = "%s.schedule_%s_overruns" % (part, overruns)

    def check(lines):
        m = next((pat.match(line) for line in lines if pat.match(line)), None)
        if not m:
            return [(classname, name, False, "no `schedule:` line for %s" % part)]
        windows, over, late, max_late = (int(g) for g in m.groups())
        want = windows - 1 if overruns == "all" else 0
        ok = windows >= min_windows and late == 0 and over == want
        return [(classname, name, ok, "%d windows (at least %d), %d overruns (expected %d), "
                 "%d late (max %d ns)" % (windows, min_windows, over, want, late, max_late))]

    check.__name__ = "schedule_counts_%s" % part
    return check


def results(area, *names):
    """expect_results entries: 'area.name' for each name."""
    return ["%s.%s" % (area, n) for n in names]


def probe_plan(area="spatial"):
    """An expect_results entry: one result per probe of the attacker's probe plan, read from
    the config's generated gen/probes.c (what `haven-check --emit-probes` derived from the
    config, compiled into the attacker): a probe that did not report fails."""
    def probe_plan_results(build_out):
        text = (build_out / "gen" / "probes.c").read_text()
        size = re.search(r"haven_probes\[(\d+)\]", text)
        labels = re.findall(r'\.label = "([^"]+)"', text)
        if not size or int(size.group(1)) != len(labels):
            raise ValueError("gen/probes.c declares %s probes, %d labels found"
                             % (size.group(1) if size else "no", len(labels)))
        return results(area, *labels)

    return probe_plan_results


def devmem_probes(*addrs):
    """The results of tools/linux/init's haven.probe=<addrs>: a read and a write of each."""
    return [r for a in addrs for r in ("linux.devmem.read.%x" % a, "linux.devmem.write.%x" % a)]


# guests/demo (partitions alpha and beta, and the neighbour in several scenarios)
DEMO_TICKS = results("demo", "ticks.cpu0", "ticks.cpu1")
# tools/linux/init: the checks of a first boot (boot.userspace comes on every boot)
LINUX_CHECKS = results("linux", "cpus", "memory", "rng.seeded", "kaslr", "timer.ticks", "irq.all_vcpus")
# guests/ticker beside Linux
TICKER = results("demo", "ticker.memory", "ticker.heartbeat")
# guests/victim beside the attacker or Linux
VICTIM = results("spatial", "victim.checksum", "victim.heartbeat")
# guests/stray (2 vCPUs), the neighbour that must see nothing of the partition beside it
STRAY = results("stray", "watched", "irqs.cpu0", "irqs.cpu1", "spis.held", "vuart.no_input")

# guests/dmatest, guests/dmapeer: three edu devices, 00:03.0 (stream 0x18, dmatest's), 00:04.0
# (stream 0x20, dmapeer's) and 00:05.0 (stream 0x28, no one's).
# dma_mask: edu clamps DMA addresses to 28 bits by default.
# SHA-256 of /data.bin on the Linux disk (tools/linux/mkdisk.py DATA_SHA256)
DISK_DATA_SHA256 = "135c4b5f51d8c6f37bacfa1a6586f58046915a9b6ebac5e9f2b1ee9c7fc7e76e"
EDU_ARGS = ["-device", "edu,addr=03.0,dma_mask=0xffffffffffffffff",
            "-device", "edu,addr=04.0,dma_mask=0xffffffffffffffff",
            "-device", "edu,addr=05.0,dma_mask=0xffffffffffffffff"]
# Haven's reports of the configuration writes it drops (core/vpci.c): dmapeer's, each once.
ECAM_REFUSED = [
    ("ecam." + label, r"^haven: ECAM partition=\d+ name=dmapeer write 0x%s \(%d bytes\) to 00:%s\+0x%s refused: %s$"
     % (val, size, fn, reg, why))
    for label, val, size, fn, reg, why in [
        ("dmatest_command", "0", 2, "03.0", "4", "not its function"),
        ("dmatest_bar", "10200000", 4, "03.0", "10", "not its function"),
        ("unassigned_command", "6", 2, "05.0", "4", "not its function"),
        ("host_bridge_command", "6", 2, "00.0", "4", "not its function"),
        ("bar_into_other", "10000000", 4, "04.0", "10", "the BAR would decode outside the partition's MMIO windows"),
        ("bar_outside_window", "10300000", 4, "04.0", "10",
         "the BAR would decode outside the partition's MMIO windows"),
    ]]


def edu_args(*slots):
    """QEMU arguments for an edu device in each PCIe slot (00:<slot>.0: stream ID slot * 8)."""
    return [a for d in slots for a in ("-device", "edu,addr=%02x.0,dma_mask=0xffffffffffffffff" % d)]


DMA_TABLES_IOVA = 0x40100000  # guests/dmatest HAVEN_TABLES


def dma_target_in_table_pool(lines):
    """guests/dmatest's 'Haven's tables' target lies in Haven's table pool: the last MiB of
    the image (arch/aarch64/haven.ld: PT_POOL_TABLES, 256 x 4 KiB) that the boot line shows."""
    m = next((re.search(r"image 0x([0-9a-f]+)\.\.0x([0-9a-f]+)", l) for l in lines
              if l.startswith("haven: EL2 ready: ")), None)
    end = int(m.group(2), 16) if m else 0
    ok = end - 0x100000 <= DMA_TABLES_IOVA < end
    return [("dma", "tables_target_in_pool", ok,
             "0x%x is not in the table pool 0x%x..0x%x: move guests/dmatest HAVEN_TABLES"
             % (DMA_TABLES_IOVA, end - 0x100000, end - 1))]


SCENARIOS = [
    dict(
        name="smp",
        config="baremetal",
        partitions=["alpha", "beta"],
        expect_done=["alpha", "beta"],
        expect_lines=[
            ("alpha_ticks", r"^\[alpha\] cpu0 tick"),
            ("beta_ticks", r"^\[beta\] cpu1 tick"),
        ],
        checks=[interleaved("alpha", "beta")],
        results_from=["alpha", "beta"],
        expect_results={"alpha": DEMO_TICKS, "beta": DEMO_TICKS},
    ),
    dict(
        name="spatial",
        config="test-spatial",
        partitions=["victim", "attacker", "faulter"],
        expect_done=["victim", "attacker"],
        expect_lines=[
            ("faulter_stopped", r"^haven: partition \d+ 'faulter' stopped \(violation, policy=stop\)"),
            # The plan's kinds of probe ran: a branch into the attacker's own RW (not executable)
            # region, into the victim and into its passed-through RTC, and the RTC answered.
            ("exec_own_nx", r"^\[attacker\] @T spatial own\.mem3\.first\.exec PASS"),
            ("exec_neighbour", r"^\[attacker\] @T spatial victim\.mem0\.first\.exec PASS"),
            ("exec_device", r"^\[attacker\] @T spatial own\.mmio0\.first\.exec PASS"),
            ("passthrough_read", r"^\[attacker\] @T spatial own\.mmio0\.last\.read PASS"),
            ("passthrough_ids", r"^\[attacker\] @T spatial passthrough\.rtc\.ids PASS"),
        ],
        results_from=["attacker"],
        expect_results={
            "attacker": [probe_plan(), "spatial.victim_alive_during_attack", "spatial.passthrough.rtc.ids"],
            # the faulter's count stops with it: its vCPU 1 was stopped too
            "victim": VICTIM + ["spatial.victim.faulter_stopped"],
            "faulter": [],  # stopped at its first access; it only prints a FAIL if it goes on
        },
    ),
    dict(
        name="dma",
        config="test-dma",
        build_vars={"PLATFORM": "qemu-virt-smmu", "CONFIG_DIR": "tests/qemu/configs"},
        qemu_args=EDU_ARGS,
        icount=True,
        partitions=["victim", "dmatest", "dmapeer"],
        expect_done=["victim", "dmatest", "dmapeer"],
        expect_lines=[
            ("smmu_on", r"^haven: SMMU at 0x9050000 on: 256 stream IDs, 2 of them translated"),
            # the 4 KiB write into the victim makes more events than the event queue holds
            ("overflow_reported", r"^haven: DMA event queue overflowed: "),
        ] + ECAM_REFUSED,
        allow_haven_lines=[rx for _, rx in ECAM_REFUSED],
        checks=[dma_target_in_table_pool] + [count_lines(label, rx, 1, "dma") for label, rx in ECAM_REFUSED],
        expect_results={
            "dmatest": results("dma", "victim_ready", "edu.own.setup", "edu.other.setup", "ecam.host_bridge",
                               "ecam.peer_hidden", "own.roundtrip",
                               "read.victim", "read.haven_image", "read.haven_tables", "read.image_store",
                               "writes.finished", "unassigned.blocked", "peer.blocked", "ecam.own_intact",
                               "own.after", "victim_alive"),
            "dmapeer": results("dma", "peer.edu.setup", "peer.ecam.dmatest_hidden", "peer.ecam.unassigned_hidden",
                               "peer.ecam.host_bridge_hidden", "peer.dmatest_ready", "peer.bar.sizing",
                               "peer.bar.into_other", "peer.bar.outside_window", "peer.bar.parked",
                               "peer.own.roundtrip", "peer.read.dmatest", "peer.write.dmatest", "peer.own.after"),
            "victim": VICTIM,
        },
    ),
    dict(
        name="dma-policy",
        config="test-dma-policy",
        build_vars={"PLATFORM": "qemu-virt-smmu", "CONFIG_DIR": "tests/qemu/configs"},
        qemu_args=edu_args(3, 4, 5),
        icount=True,
        partitions=["victim", "dmastop", "dmareset"],
        expect_done=["victim", "dmareset"],
        expect_lines=[
            ("dmastop_stopped", r"^haven: partition \d+ 'dmastop' stopped \(DMA violation, policy=stop\)$"),
            ("dmareset_reset", r"^haven: partition \d+ 'dmareset' reset \(system-reset\)$"),
        ],
        checks=[silent_after_stop("dmastop", "DMA violation, policy=stop", classname="dma-policy")],
        expect_results={
            "victim": VICTIM,
            # stopped by Haven: no closing lines
            "dmastop": results("dma-policy", "stop.victim_ready", "stop.edu_setup", "stop.own_dma", "stop.armed"),
            "dmareset": results("dma-policy", "reset.life1.pristine", "reset.bars_ready", "stop.parked",
                                "stop.late_dma_blocked", "reset.deadline", "reset.life2.pristine", "reset.armed",
                                "reset.life3.pristine", "reset.due_in_reset", "reset.dma_blocked",
                                "reset.translated_again", "victim_alive"),
        },
    ),
    dict(
        name="dma-storm",
        config="test-dma-storm",
        build_vars={"PLATFORM": "qemu-virt-smmu", "CONFIG_DIR": "tests/qemu/configs"},
        qemu_args=edu_args(*range(3, 11)),
        icount=True,
        partitions=["victim", "dmastorm"],
        expect_done=["victim", "dmastorm"],
        # each of its 160 bursts is reported or counted (dma_storm_accounted); only the last is announced
        allow_violations_from=["dmastorm"],
        # one burst at a time fits the event queue: none lost
        forbid_lines=[r"^haven: DMA event queue overflowed"],
        checks=[dma_storm_accounted("dmastorm", bursts=160 + 1, events=64)],
        expect_results={
            "victim": VICTIM,
            "dmastorm": results("dma-storm", "victim_ready", "edu_setup", "storm.finished",
                                "victim.heartbeat_rate", "storm.after"),
        },
    ),
    dict(
        name="dma-flood",
        config="test-dma-flood",
        build_vars={"PLATFORM": "qemu-virt-smmu", "CONFIG_DIR": "tests/qemu/configs"},
        qemu_args=edu_args(*range(3, 11)),
        icount=True,
        partitions=["victim", "dmaflood"],
        expect_done=["victim", "dmaflood"],
        # each of its 161 DMAs overflows the event queue: its first 64 events make one burst
        allow_violations_from=["dmaflood"],
        checks=[dma_overflow_accounted(160 + 1),
                dma_storm_accounted("dmaflood", bursts=160 + 1, events=64, classname="dma-flood")],
        expect_results={
            "victim": VICTIM,
            "dmaflood": results("dma-flood", "victim_ready", "edu_setup", "flood.finished", "flood.after"),
        },
    ),
    dict(
        name="hvc",
        config="test-hvc",
        partitions=["hvctest", "victim"],
        expect_done=["hvctest", "victim"],
        results_from=["hvctest"],
        expect_results={
            "hvctest": results("hvc", "version", "version.smc32", "partition_id", "yield", "system_info",
                               "system_info.smc32", "revision", "call_uid")
            + results("hvc", *("console_write." + n for n in [
                "valid", "len0", "too_long", "wrap", "other_partition", "hypervisor", "vuart",
                "straddle_end"]))
            + results("hvc", *("unknown_fn.0x%08x" % f for f in [
                0xC6000099, 0x86000055, 0xC600FFFE, 0x00000000, 0xFFFFFFFF, 0xC5000000, 0xC2000001,
                0x8400001F, 0xBF00FF00, 0xC7000000, 0xC60000FF]))
            + results("hvc", "flood", "regs_preserved.unknown", "regs_preserved.version",
                      "regs_preserved.mmio_read", "regs_preserved.mmio_read_x20", "regs_preserved.violation",
                      "regs_preserved.violation_x20",
                      "regs_preserved.console_write", "regs_preserved.psci_version", "smccc_version",
                      "smccc_arch_features.workaround_1", "smccc_arch_features.unknown", "no_undef")
            + results("psci", "version", "features.cpu_on_64", "features.unknown", "cpu_on.not_in_partition",
                      "cpu_on.already_on", "cpu_on.bad_entry", "affinity_info.self", "migrate_info_type",
                      "affinity_info.absent", "cpu_on.absent", "affinity_info.other_cluster",
                      "cpu_on.other_cluster", "affinity_info_32.upper_bits_ignored"),
            "victim": DEMO_TICKS,  # configs/test-hvc.c runs the demo guest as 'victim'
        },
        expect_lines=[("one_vcpu", r"^\[hvctest\] @T hvc partition_id PASS id=\d+ vcpu=0 vcpus=1$")],
    ),
    dict(
        name="gic",
        config="test-gic",
        partitions=["gictest", "stray"],
        expect_done=["gictest", "stray"],
        results_from=["gictest"],
        expect_results={
            "gictest": results("gic", "gicd.typer", "gicd.ctlr", "gicd.iidr", "gicd.pidr2", "gicd.spi40.enable",
                               "gicd.spi40.disable", "gicd.spi41.not_owned", "gicd.irouter40", "gicr0.typer",
                               "gicr1.typer", "gicr0.waker", "vtimer.cpu0", "cpu_on.cpu1", "gicr1.waker",
                               "vtimer.cpu1", "sgi.cpu0_to_cpu1", "sgi.cpu1_to_cpu0", "sgi.absent_target",
                               "irq.unhandled", "lifecycle.cpu1_cycles", "lifecycle.off_in_handler.rpr",
                               "lifecycle.off_in_handler.vtimer", "lifecycle.queued.rpr",
                               "lifecycle.queued.spi40", "lifecycle.queued.vtimer", "ptimer.counter",
                               "ptimer.disabled", "ptimer.irq", "spi40.active_in_handler", "spi40.icpendr",
                               "spi40.isactiver_icactiver", "spi40.pending_not_taken",
                               "unaligned.gicd_isenabler", "unaligned.gicr_ipriorityr", "unaligned.vuart",
                               "vtimer.active_in_handler", "vtimer.ispendr_icpendr",
                               "vtimer.pending_while_disabled", "foreign_spis.writes_stay_local",
                               "irouter40.to_vcpu1", "irouter40.no_such_vcpu"),
            "stray": STRAY,
        },
    ),
    dict(
        # The validator compiled into the hypervisor: a config that skipped the
        # build-time check is refused at boot, naming partition and field. The refusal
        # is a PANIC: Haven resets the machine, which run-qemu.sh reports as status 3.
        name="bootcheck",
        config="bad-boot",
        build_vars={"CONFIG_DIR": "tests/qemu/configs", "HOST_CHECK": "0"},
        partitions=[],
        expect_exit=3,
        min_results=0,
        expect_lines=[
            ("cpu_twice", r"^haven: config: partition 'two' \(#1\): cpus: CPU 1 is also given to partition 'one'"),
            ("pa_overlap", r"^haven: config: partition 'two' \(#1\): mem\[0\]\.pa: .* overlaps partition 'one'"),
            # the file fits its 32 KiB region, its .bss and stacks do not (memsz from images.S)
            ("memsz", r"^haven: config: partition 'three' \(#2\): image: 'demo' takes 0x[0-9a-f]+ bytes from "
                      r"load_ipa 0x43000000 once it runs .* but mem\[0\] ends 0x8000 bytes after it"),
            ("refused", r"^haven: PANIC cpu=0: config 'bad-boot' has 3 problems .* refusing to start any partition"),
        ],
        forbid_lines=[("no_partition_output", r"^\["),
                      ("no_power_off", r"^haven: all partitions stopped")],
    ),
    dict(
        # A partition given a DMA stream on a machine without an SMMU (qemu-virt: -M virt
        # without iommu=smmuv3; tests/host/bad-configs/24-dma-stream-no-smmu.c, which
        # haven-check refuses at build time) is refused at boot too when the build-time
        # check is skipped: its device could DMA anywhere.
        name="bootcheck-dma",
        config="24-dma-stream-no-smmu",
        build_vars={"CONFIG_DIR": "tests/host/bad-configs", "HOST_CHECK": "0"},
        partitions=[],
        expect_exit=3,
        min_results=0,
        expect_lines=[
            ("stream_no_smmu", r"^haven: config: partition 'dmatest' \(#1\): streams\[0\]: stream 0x18 of "
                               r"'pcie-ecam' is DMA that no SMMU translates on platform 'qemu-virt'"),
            ("refused", r"^haven: PANIC cpu=0: config '24-dma-stream-no-smmu' has \d+ problems? .* "
                        r"refusing to start any partition"),
        ],
        forbid_lines=[("no_partition_output", r"^\["),
                      ("no_power_off", r"^haven: all partitions stopped")],
    ),
    dict(
        # PSCI SYSTEM_RESET restarts only the caller, from a pristine image, twice,
        # while the other partition keeps ticking.
        name="reset",
        config="test-reset",
        partitions=["resetter", "other"],
        expect_done=["resetter", "other"],
        results_from=["resetter", "other"],
        expect_results={
            "resetter": results("psci", *("reset.boot%d.%s" % (b, w) for b in (1, 2, 3)
                                          for w in ("pristine", "cpu1")), "reset.count"),
            "other": DEMO_TICKS,
        },
        expect_lines=[
            ("two_resets", r"^haven: partition 0 'resetter' reset \(system-reset\)"),
            # the launcher placed both images (docs/platforms.md#the-boot-contract)
            ("in_place", r"^haven: partition 0 'resetter' started .*, 1 of 1 images in place\)$"),
        ],
        checks=[],
    ),
    dict(
        # The same system when the launcher did not place the images at their load
        # addresses (IN_PLACE=0): Haven's sample check finds them missing and copies
        # them at the first start; the resets copy as always.
        name="load-copied",
        config="load-copied",
        build_vars={"CONFIG_DIR": "tests/qemu/configs", "IN_PLACE": "0"},
        partitions=["resetter", "other"],
        expect_done=["resetter", "other"],
        results_from=["resetter", "other"],
        expect_results={
            "resetter": results("psci", *("reset.boot%d.%s" % (b, w) for b in (1, 2, 3)
                                          for w in ("pristine", "cpu1")), "reset.count"),
            "other": DEMO_TICKS,
        },
        expect_lines=[
            ("two_resets", r"^haven: partition 0 'resetter' reset \(system-reset\)"),
            ("copied", r"^haven: partition 0 'resetter' started .*, 0 of 1 images in place\)$"),
            ("other_copied", r"^haven: partition 1 'other' started .*, 0 of 1 images in place\)$"),
        ],
    ),
    dict(
        # A partition resets itself from inside an interrupt handler, with interrupts
        # it made active and an SPI it made edge-triggered: its next boot finds the
        # GIC as at its first, and every interrupt still arrives.
        name="gic-reset",
        config="test-gic-reset",
        partitions=["irqreset"],
        expect_done=["irqreset"],
        results_from=["irqreset"],
        expect_lines=[
            ("one_reset", r"^haven: partition 0 'irqreset' reset \(system-reset\)"),
            ("boot2", r"^\[irqreset\] @T gic boot2\.clean PASS"),
        ],
        expect_results={"irqreset": results("gic", *["boot%d.%s" % (b, c) for b in (1, 2)
                                                     for c in ("clean", "ptimer", "spi40", "vtimer")])},
    ),
    dict(
        # Two partitions flip the trigger modes of their SPIs in one shared physical
        # GICD_ICFGR word at the same time; neither may undo the other's (icount makes
        # the CPU switches land inside the emulated writes).
        name="gic-race",
        config="test-gic-race",
        partitions=["race0", "race1"],
        expect_done=["race0", "race1"],
        results_from=["race0", "race1"],
        expect_results={"race0": results("gic", "icfgr.no_lost_update", "icfgr.own_spi"),
                        "race1": results("gic", "icfgr.no_lost_update", "icfgr.own_spi")},
        icount=True,
    ),
    dict(
        # vCPU state-machine races: 300 times vCPUs 1..3 switch each other on and off
        # while vCPU 0 resets the partition (each boot finds vCPUs 1..3 off), then the
        # last two vCPUs call CPU_OFF together: the partition stops, the machine powers
        # off. icount makes the interleavings the same on every run.
        name="race",
        config="test-race",
        partitions=["racer"],
        expect_done=["racer"],
        results_from=["racer"],
        icount=True,
        qemu_args=["-cpu", "cortex-a55,cntfrq=1000000000"],  # the later -cpu wins
        expect_lines=[
            ("all_off", r"^haven: partition 0 'racer' stopped \(all vCPUs off\)$"),
        ],
        expect_results={"racer": results("race", "cpu_on.hops", "cpu_on.results", "last_off.cpu_on",
                                          "reset.count", "reset.never_returned", "reset.others_off",
                                          "handoff.cpu_on", "handoff")},
        checks=[count_lines("resets", r"^haven: partition 0 'racer' reset \(system-reset\)$",
                            300, classname="psci")],
    ),
    dict(
        # The architectural state a vCPU sees through Haven: the PSTATE and syndrome of
        # an injected exception (PAN, SSBS, NZCV, IL), AArch32 EL0 Thumb code (a 16-bit
        # emulated store advances the PC by 2, ITSTATE moves on, coprocessor traps are
        # quietly undefined), a PMU that does not count EL2, IMPLEMENTATION DEFINED /
        # ACTLR / RAS / LOR registers undefined, a stage-2 permission fault through a
        # stage-1 alias reported at its IPA, and FP/SIMD, PMU and debug registers back
        # at their reset values after SYSTEM_RESET. icount: the PMU counts instructions.
        name="arch",
        config="test-arch",
        partitions=["archtest"],
        expect_done=["archtest"],
        results_from=["archtest"],
        icount=True,
        expect_lines=[
            ("a32_str16_output", r"^\[archtest\] A$"),
            ("a32_str16_it_output", r"^\[archtest\] B$"),
            ("a32_str32_output", r"^\[archtest\] C$"),
            ("reset", r"^haven: partition 0 'archtest' reset \(system-reset\)$"),
        ],
        expect_results={
            "archtest": results("arch", "a32.cp15_cntp_ctl", "a32.cp15_cntp_cval", "a32.inject.pstate",
                                "a32.ldr16_abort.syndrome", "a32.str16.pc_plus_2",
                                "a32.str16_in_it_block.itstate", "a32.str32.pc_plus_4",
                                "abort.s2_permission.far_is_va", "abort.s2_permission.par_el1_kept",
                                "inject.pan.kept_clear", "inject.pan.kept_set",
                                "inject.pan.set_by_span0", "inject.ssbs.from_dssbs",
                                "pmu.cycles_skip_el2", "pmu.events_skip_el2", "reset.cpacr_el1",
                                "reset.debug", "reset.fp_simd", "reset.pmselr", "reset.pmu",
                                "sysreg.actlr_el1.read.undef", "sysreg.actlr_el1.write.undef",
                                "sysreg.erridr_el1.undef", "sysreg.errselr_el1.undef",
                                "sysreg.erxstatus_el1.undef", "sysreg.impdef.s3_0_c11_c0_0.undef",
                                "sysreg.impdef.s3_0_c15_c1_0.undef", "sysreg.impdef.s3_1_c15_c2_0.undef",
                                "sysreg.lorc_el1.undef", "sysreg.lorid_el1.undef",
                                "sysreg.lorsa_el1.write.undef"),
        },
        forbid_lines=[("no_unhandled_trap_report", r"^haven: .*unhandled trap")],
    ),
    dict(
        # The bench guest (make bench) briefly under Haven with icount: every metric is
        # produced and plausible (@T bench lines). The figures live in make bench.
        name="bench",
        config="bench",
        partitions=["bench", "idle"],
        expect_done=["bench", "idle"],
        results_from=["bench"],
        expect_results={
            "bench": results("bench", "boot_to_guest", "counters.agree", "hvc_roundtrip", "hvc_unknown",
                             "mmio_trap.value", "mmio_trap", "mmio_trap_bitmap_read.value", "mmio_trap_bitmap_read",
                             "mmio_trap_bitmap.value", "mmio_trap_bitmap", "cntfrq", "vtimer_irq_latency",
                             "ipi.cpu_on", "ipi.ready", "ipi.cpu1_done", "ipi_latency", "ipi_roundtrip",
                             "stage2_violation", "stage2_violation_suppressed", "mmio_trap_x20",
                             "mmio_trap_x20.value", "irq.unhandled"),
            "idle": [],  # the same image as partition 1: it only powers off
        },
        allow_violations_from=["bench"],
        icount=True,
        qemu_args=["-cpu", "cortex-a55,cntfrq=1000000000"],  # the later -cpu wins
        expect_lines=[("bench_line_" + k,
                       r"^\[bench\] @BENCH %s min=\d+ median=\d+ p99=\d+ max=\d+ n=\d+ unit=\S+$" % k)
                      for k in ["hvc_roundtrip", "hvc_unknown", "vtimer_irq_latency", "mmio_trap",
                                "mmio_trap_bitmap_read", "mmio_trap_bitmap", "ipi_latency",
                                "ipi_roundtrip", "stage2_violation", "stage2_violation_suppressed",
                                "mmio_trap_x20", "boot_to_guest"]],
    ),
    dict(
        # make demo without a terminal: Linux (2 vCPUs) runs a scripted shell session
        # beside the bare-metal ticker, whose heartbeat and memory survive it.
        name="demo",
        config="demo",
        partitions=["linux", "ticker"],
        expect_done=["linux", "ticker"],
        results_from=["linux", "ticker"],
        expect_results={"linux": ["linux.boot.userspace"] + LINUX_CHECKS + ["linux.demo.session"], "ticker": TICKER},
        timeout=180,
        expect_lines=[
            ("linux_userspace", r"^\[linux\] @T linux boot\.userspace PASS"),
            ("session", r"^\[linux\] Linux 6\.\d+"),
            ("ticker_heartbeat", r"^\[ticker\] heartbeat \d+, memory intact"),
        ],
        checks=[interleaved("ticker", "linux", a_line=r"heartbeat \d+", classname="demo")],
    ),
    dict(
        # Debian's Linux under Haven: its CPUs, memory, timer and interrupts as its DT
        # says; /dev/mem reads and writes of the victim's and Haven's memory refused,
        # reported, attributed to linux; three reboots (each from a pristine image) and
        # a poweroff, while the victim's checksum and heartbeat hold.
        name="linux",
        config="test-linux",
        partitions=["linux", "victim"],
        expect_done=["linux", "victim"],
        results_from=["linux", "victim"],
        expect_results={
            # boot.userspace on each of the 4 boots; checks and probes on the first
            "linux": [("linux.boot.userspace", 4)] + LINUX_CHECKS
            + devmem_probes(0x41000000, 0x41fffffc, 0x40080000, 0x70000000)  # configs/test-linux.c
            + results("linux", *("lifecycle.boot%d" % b for b in (1, 2, 3, 4))),
            "victim": VICTIM,
        },
        timeout=240,
        expect_lines=[
            ("reboots", r"^haven: partition 0 'linux' reset \(system-reset\)"),
            # kernel, initramfs and DTB placed by the launcher (docs/platforms.md#the-boot-contract);
            # each reboot copies them from the image store (lifecycle.boot2..4)
            ("in_place", r"^haven: partition 0 'linux' started .*, 3 of 3 images in place\)$"),
            ("boot4", r"^\[linux\] @T linux lifecycle\.boot4 PASS"),
            ("linux_poweroff", r"^haven: partition 0 'linux' stopped \(system-off\)"),
        ],
        checks=[count_lines("linux.resets", r"^haven: partition 0 'linux' reset \(system-reset\)", 3),
                # fresh kaslr-seed at every (re)start: the kernel lands somewhere new each boot
                distinct_values("linux.kaslr.fresh_per_boot",
                                r"^\[linux\] linux: boot \d+: kernel _text=(0x[0-9a-f]+)$", 4)],
    ),
    dict(
        # The PREEMPT_RT kernel boots under Haven and cyclictest runs and reports.
        name="linux-rt",
        config="test-linux-rt",
        partitions=["linux", "ticker"],
        expect_done=["linux", "ticker"],
        results_from=["linux", "ticker"],
        expect_results={"linux": ["linux.boot.userspace"] + LINUX_CHECKS + ["linux.cyclictest.ran"], "ticker": TICKER},
        timeout=240,
        expect_lines=[
            ("preempt_rt", r"^\[linux\] linux: 6\.\S+-rt-arm64 .*PREEMPT_RT"),
            ("cyclictest", r"^\[linux\] @T linux cyclictest\.ran PASS max=\d+ avg=\d+"),
        ],
    ),
    dict(
        # Device pass-through to Linux: QEMU's UART1 (0x09040000, SPI 40; virt has it only
        # with a second -serial, which serial1 adds) is in the linux partition's mmio[] with
        # its DT facts, so haven-dtgen describes it. Linux binds amba-pl011 to it
        # (/dev/ttyAMA1), its SPI 40 fires, a line it writes reaches the host file, and the
        # line the host fed the port arrives (tools/linux/init haven.uart).
        name="linux-uart",
        config="test-linux-uart",
        partitions=["linux"],
        expect_done=["linux"],
        results_from=["linux"],
        expect_results={"linux": ["linux.boot.userspace"] + LINUX_CHECKS
                        + results("linux", "uart.bound", "uart.tx", "uart.rx", "uart.irq")},
        timeout=120,
        expect_lines=[
            ("driver", r"^\[linux\] @T linux uart\.bound PASS dev=/dev/ttyAMA1 driver=uart-pl011$"),
            ("rx_line", r"^\[linux\] @T linux uart\.rx PASS got=host-says-hello-to-uart1$"),
            ("spi40", r"^\[linux\] @T linux uart\.irq PASS virq=\d+ hwirq=40 count=[1-9]"),
        ],
        serial1=dict(input=b"host-says-hello-to-uart1\n",
                     expect=[("linux_line", r"^haven-uart: hello from linux on /dev/ttyAMA1$")]),
    ),
    dict(
        # Linux as a DMA client (#16): Debian's unmodified cloud kernel finds a virtio-blk-pci
        # disk (slot 2, iommu_platform=on: its DMA goes through the SMMU) through the PCIe
        # host node haven-dtgen derives from the config (emulated ECAM, the partition's BAR
        # window, INTA on SPI 37), mounts it (ext4, tools/linux/mkdisk.py), checks /data.bin's
        # SHA-256 and writes /out.txt, which the runner then finds on the disk image. Linux's
        # RAM is at IPA 0x50000000 but PA 0x60000000: every DMA is translated by its stage 2.
        # No DMA violation may be reported; the victim's checksum and heartbeat hold.
        name="linux-disk",
        config="test-linux-disk",
        build_vars={"PLATFORM": "qemu-virt-smmu", "CONFIG_DIR": "tests/qemu/configs"},
        partitions=["linux", "victim"],
        expect_done=["linux", "victim"],
        results_from=["linux", "victim"],
        expect_results={"linux": ["linux.boot.userspace"] + LINUX_CHECKS
                        + results("linux", "disk.probe", "disk.mount", "disk.read", "disk.write"),
                        "victim": VICTIM},
        timeout=150,
        expect_lines=[
            ("smmu_on", r"^haven: SMMU at 0x9050000 on: 256 stream IDs, 1 of them translated"),
            ("pci_host", r"^\[linux\] .*pci-host-generic 4010000000\.pcie: ECAM at \[mem 0x4010000000-0x401fffffff\]"),
            ("disk_found", r"^\[linux\] @T linux disk\.probe PASS dev=/dev/vda pci=0000:00:02\.0$"),
            ("checksum", r"^\[linux\] @T linux disk\.read PASS sha256=" + DISK_DATA_SHA256 + "$"),
        ],
        forbid_lines=[("dma_violation", r"^haven: DMA (VIOLATION|event queue overflowed)")],
        disk=dict(slot=2, files={"/out.txt": r"^haven linux disk: data\.bin sha256=" + DISK_DATA_SHA256 + "$"}),
    ),
    dict(
        # The panic path, in a test build (HAVEN_TEST_HOOKS=1): a fault inside EL2 prints
        # the CPU, ESR/ELR/FAR/SPSR and every register, never returns to a guest, and
        # resets the machine (PSCI SYSTEM_RESET; QEMU runs with -no-reboot), which
        # run-qemu.sh reports as status 3. It never looks like Haven's clean power-off.
        name="panic",
        config="panic",
        build_vars={"CONFIG_DIR": "tests/qemu/configs", "HAVEN_TEST_HOOKS": "1"},
        partitions=["panicker", "other"],
        expect_exit=3,
        expect_panic=True,
        results_from=["panicker"],
        expect_results={
            "panicker": ["panic.about_to_fault_el2"],
            # the panic cuts the neighbour off at a time that is not fixed: whatever it
            # printed by then is not listed (a FAIL among it still fails)
            "other": None,
        },
        expect_lines=[
            ("report", r"^haven: PANIC cpu=0: sync at EL2: ESR_EL2=0x9600000[4-7] ELR_EL2=0x4008[0-9a-f]+ "
                       r"FAR_EL2=0xdead0000 SPSR_EL2=0x[0-9a-f]+$"),
            ("registers_first", r"^haven:   x0  [0-9a-f]{16}  x1  [0-9a-f]{16}  x2  [0-9a-f]{16}  x3  [0-9a-f]{16}$"),
            ("registers_last", r"^haven:   x28 [0-9a-f]{16}  x29 [0-9a-f]{16}  x30 [0-9a-f]{16}$"),
        ],
        forbid_lines=[("no_return_to_guest", r"^\[panicker\] @T panic hypercall_returned"),
                      ("no_power_off", r"^haven: all partitions stopped")],
    ),
    dict(
        # Semihosting is off: HLT #0xF000 from EL0 and EL1 (SYS_WRITE0 of a forged
        # "system off" line, SYS_SYSTEM of a host command, SYS_EXIT with status 0) is an
        # undefined instruction in the guest, and the machine runs on until Haven powers off.
        name="semihost",
        config="test-semihost",
        partitions=["semihost", "other"],
        expect_done=["semihost", "other"],
        results_from=["semihost", "other"],
        expect_results={
            "semihost": results("semihost", *["%s.%s.undefined" % (el, call) for el in ("el0", "el1")
                                              for call in ("sys_write0", "sys_system", "sys_exit")]),
            "other": DEMO_TICKS,
        },
        forbid_lines=[("no_host_command", r"HAVEN-SEMIHOST-SYSTEM-RAN")],
        checks=[powered_off_by_haven("semihost")],
    ),
    dict(
        # Console interference, under icount: the meter's wake-ups and its own console
        # writes stay within the bound of docs/isolation.md while the flooder (2 CPUs)
        # floods the console and faults in a loop; Haven's reports about the flooder are
        # rate-limited and accounted for; the stormer's LDP/STP probes of the meter print
        # size=?, and its abort at its own (unmapped) vector is one report and a stop.
        name="console-flood",
        config="test-flood",
        partitions=["meter", "flooder", "stormer"],
        expect_done=["meter", "flooder"],
        results_from=["meter", "flooder", "stormer"],
        allow_violations_from=["flooder"],
        icount=True,
        expect_lines=[
            ("ldp_size_unknown", r"^haven: VIOLATION partition=2 name=stormer vcpu=0 ipa=0x41000100 "
                                 r"access=read size=\? pc=0x[0-9a-f]+ esr=0x[0-9a-f]+ policy=inject$"),
            ("stp_size_unknown", r"^haven: VIOLATION partition=2 name=stormer vcpu=0 ipa=0x41000100 "
                                 r"access=write size=\? "),
            ("ldr_size_8", r"^haven: VIOLATION partition=2 name=stormer vcpu=0 ipa=0x41000100 "
                           r"access=read size=8 "),
        ],
        expect_results={
            "meter": results("flood", "meter.line_write.hvc", "meter.line_write.vuart", "meter.wakeup_late"),
            "flooder": results("flood", "flooder.aborts", "flooder.cpu_on", "flooder.flooded"),
            "stormer": results("flood", "stormer.ldp_neighbour", "stormer.ldr_neighbour", "stormer.storm_next",
                               "stormer.stp_neighbour"),
        },
        checks=[reports_accounted("flooder"), fault_storm("stormer", 0x4B000200)],
    ),
    dict(
        # Temporal partitioning (docs/scheduling.md): CPU 0 shared in a 10 ms frame, 3 ms
        # and 7 ms windows. Both partitions spin with IRQs masked (share7 making a hypercall
        # in every round); each measures its share
        # over 50 frames, how long it ran at a stretch (preempted on time) and how long it
        # was away (every window started within the bound); Haven counts an overrun for
        # every window that ended with its partition still running, and no late start.
        name="temporal",
        config="test-temporal",
        partitions=["share3", "share7"],
        expect_done=["share3", "share7"],
        icount=True,
        timeout=120,
        expect_results={
            "share3": results("temporal", "frames", "share", "preempted_on_time", "window_start_late"),
            "share7": results("temporal", "frames", "share", "preempted_on_time", "window_start_late",
                              "hvc_flood"),
        },
        checks=[schedule_counts("share3", 50, "all"), schedule_counts("share7", 50, "all")],
    ),
    dict(
        # The vCPU switch restores every register class (docs/scheduling.md): three
        # partitions take turns on CPU 0 every 0.5 ms; regs1 and regs2 fill general,
        # FP/SIMD, timer and GIC state (an active and a pending SGI, the priority mask),
        # spin through dozens of preemptions and check it; then all sleep in WFI across
        # windows. The idler only sleeps: no window of it ends in an overrun.
        name="temporal-regs",
        config="test-temporal-regs",
        partitions=["regs1", "regs2", "idler"],
        expect_done=["regs1", "regs2", "idler"],
        icount=True,
        timeout=120,
        expect_results={
            "regs1": results("temporal", "sgi_pending", "sgi_active", "regs_general", "regs_fpsimd",
                             "regs_timer", "regs_gic", "regs_gic_eoi", "sleeps"),
            "regs2": results("temporal", "sgi_pending", "sgi_active", "regs_general", "regs_fpsimd",
                             "regs_timer", "regs_gic", "regs_gic_eoi", "sleeps"),
            "idler": results("temporal", "sleeps"),
        },
        checks=[schedule_counts("idler", 10, "none")],
    ),
    dict(
        # A hardware SPI for a descheduled partition is kept for it (docs/scheduling.md):
        # the listener (0.2 ms of a 9 ms frame on CPU 0) sets the PL031 RTC's alarm 1 s
        # ahead, which with the RTC on QEMU's virtual clock fires inside the spinner's
        # window; the listener must get it once, at the start of its next window.
        name="temporal-irq",
        config="test-temporal-irq",
        partitions=["listener", "spinner"],
        expect_done=["listener", "spinner"],
        icount=True,
        timeout=120,
        qemu_args=["-rtc", "clock=vm"],
        expect_results={
            "listener": results("temporal", "spi_while_away"),
            "spinner": results("temporal", "spinner"),
        },
    ),
]


# ---------------------------------------------------------------------------
# The same guests where a wrong implementation would show: vCPU n on a CPU
# other than n, the physical GIC's state watched by a neighbour.


def same_as(base_name, **changes):
    """A copy of the scenario `base_name` above with some keys changed."""
    base = next(s for s in SCENARIOS if s["name"] == base_name)
    return dict(base, **changes)


SCENARIOS += [
    # gictest on CPUs 2-3, the stray on 0-1: an SGI, a PSCI call or a routed SPI that
    # takes a vCPU index for a CPU index lands in the stray (or nowhere).
    same_as("gic", name="gic-cpu23", config="test-gic-cpu23"),
    # gictest on CPUs 1 and 3, the stray on 0 and 2: vCPU n is neither CPU n nor the
    # first CPU + n.
    same_as("gic", name="gic-cpu13", config="test-gic-cpu13"),
]

# hvctest with two vCPUs (vCPU 1 switched on and off through PSCI), beside the stray.
HVCTEST_2 = same_as("hvc")["expect_results"]["hvctest"] + results(
    "psci", "affinity_info.vcpu1_off", "cpu_on.vcpu1", "vcpu1.identity", "affinity_info.vcpu1_on",
    "cpu_on.vcpu1_again", "cpu_off.vcpu1")
SCENARIOS += [
    same_as("hvc", name=name, config="test-" + name, partitions=["hvctest", "stray"],
            expect_done=["hvctest", "stray"], expect_results={"hvctest": HVCTEST_2, "stray": STRAY},
            expect_lines=[("two_vcpus", r"^\[hvctest\] @T hvc partition_id PASS id=\d+ vcpu=0 vcpus=2$")])
    # hvctest on CPUs 2-3, then on 1 and 3; the stray on the others
    for name in ("hvc-cpu23", "hvc-cpu13")
]

# What the runner types (console_input); guests/conin/main.c expects exactly these bytes.
CONSOLE_INPUT = "console input: 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
# The line of control bytes guests/stray and guests/conin print, as Haven must show it:
# ESC, BEL, NUL, 0x80, 0xFF, DEL, CR, TAB, BS. A line-buffered partition keeps only TAB
# and drops CR; the console-input partition (immediate mode) also keeps ESC and BS.
CONTROL_LINE = "control bytes <%sB%s|.|.|..|.|ab|\t|%s>"
SCENARIOS += [
    dict(
        # Console input reaches the console-input partition, through its vUART's receive
        # interrupt, complete and in order; the other partition receives nothing. Control
        # bytes are neutralised on Haven's console for both kinds of partition.
        name="console-input",
        config="test-console",
        partitions=["conin", "stray"],
        expect_done=["conin", "stray"],
        results_from=["conin", "stray"],
        console_input=CONSOLE_INPUT,
        expect_results={"conin": ["console.input.received"], "stray": STRAY},
        expect_lines=[
            ("input_routed", r"^haven: console input goes to partition 0 'conin'$"),
            ("control_line_buffered", "^" + re.escape("[stray] stray: " + CONTROL_LINE % (".[1m", ".[0m", ".")) + "$"),
            ("control_immediate", "^" + re.escape("[conin] conin: " + CONTROL_LINE % ("\x1b[1m", "\x1b[0m", "\b"))
             + "$"),
        ],
    ),
]

SCENARIOS += [
    dict(
        # guests/hello, the guest docs/writing-a-guest.md walks through: a plain guest (no test
        # library) prints only its own lines, no protocol, so its whole output is checked line
        # by line (a stray "@DONE" or "N checks, M failed" fails it), and main() returning must
        # stop the partition through PSCI SYSTEM_OFF and so power the machine off.
        name="hello",
        config="hello",
        partitions=["hello"],
        min_results=0,
        expect_results={"hello": []},
        expect_output={"hello": ["Hello from partition 0, vCPU 0 of 1", "tick 1: on time", "tick 2: on time",
                                 "tick 3: on time", "Goodbye"]},
        expect_lines=[("stopped_by_system_off", r"^haven: partition 0 'hello' stopped \(system-off\)$")],
    ),
]
