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
  allow_violations_from  partitions whose unannounced VIOLATIONs are not failures
  timeout        wall-clock seconds before the run counts as a hang (default 30)
  icount         True: run with -icount shift=0,sleep=off (HAVEN_ICOUNT=1)
  qemu_args      extra QEMU arguments
  build_vars     extra make variables for the image build, e.g. {"HOST_CHECK": "0"}
  expect_exit    QEMU's expected exit status (default 0); non-zero means Haven must
                 refuse to boot: no partition may start and `haven: PANIC` is allowed
  expect_panic   with expect_exit: the partitions start, then Haven panics (the panic path)

Every `[<p>] @T`, `@EXPECT-VIOLATION` and `@EXPECT-STOP` line is checked whatever
the scenario says; adding a scenario is adding a dict below.
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
    ),
    dict(
        name="spatial",
        config="test-spatial",
        partitions=["victim", "attacker", "faulter"],
        expect_done=["victim", "attacker"],
        expect_lines=[
            ("faulter_stopped", r"^haven: partition \d+ 'faulter' stopped \(violation, policy=stop\)"),
        ],
        results_from=["attacker"],
    ),
    dict(
        name="hvc",
        config="test-hvc",
        partitions=["hvctest"],
        expect_done=["hvctest"],
        results_from=["hvctest"],
    ),
    dict(
        name="gic",
        config="test-gic",
        partitions=["gictest"],
        expect_done=["gictest"],
        results_from=["gictest"],
    ),
    dict(
        # The validator compiled into the hypervisor: a config that skipped the
        # build-time check is refused at boot, naming partition and field.
        name="bootcheck",
        config="bad-boot",
        build_vars={"CONFIG_DIR": "tests/qemu/configs", "HOST_CHECK": "0"},
        partitions=[],
        expect_exit=3,
        min_results=0,
        expect_lines=[
            ("cpu_twice", r"^haven: config: partition 'two' \(#1\): cpus: CPU 1 is also given to partition 'one'"),
            ("pa_overlap", r"^haven: config: partition 'two' \(#1\): mem\[0\]\.pa: .* overlaps partition 'one'"),
            ("refused", r"^haven: PANIC cpu=0: config 'bad-boot' has 2 problems .* refusing to start any partition"),
        ],
        forbid_lines=[("no_partition_output", r"^\[")],
    ),
    dict(
        # PSCI SYSTEM_RESET restarts only the caller, from a pristine image, twice,
        # while the other partition keeps ticking.
        name="reset",
        config="test-reset",
        partitions=["resetter", "other"],
        expect_done=["resetter", "other"],
        results_from=["resetter", "other"],
        expect_lines=[
            ("two_resets", r"^haven: partition 0 'resetter' reset \(system-reset\)"),
        ],
        checks=[],
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
        allow_violations_from=["bench"],
        icount=True,
        qemu_args=["-cpu", "cortex-a55,cntfrq=1000000000"],  # the later -cpu wins
        expect_lines=[("bench_line_" + k,
                       r"^\[bench\] @BENCH %s min=\d+ median=\d+ p99=\d+ max=\d+ n=\d+ unit=\S+$" % k)
                      for k in ["hvc_roundtrip", "hvc_unknown", "vtimer_irq_latency", "mmio_trap",
                                "mmio_trap_bitmap_read", "mmio_trap_bitmap", "ipi_latency",
                                "ipi_roundtrip", "stage2_violation", "boot_to_guest"]],
    ),
    dict(
        # make demo without a terminal: Linux (2 vCPUs) runs a scripted shell session
        # beside the bare-metal ticker, whose heartbeat and memory survive it.
        name="demo",
        config="demo",
        partitions=["linux", "ticker"],
        expect_done=["linux", "ticker"],
        results_from=["linux", "ticker"],
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
        timeout=240,
        expect_lines=[
            ("reboots", r"^haven: partition 0 'linux' reset \(system-reset\)"),
            ("boot4", r"^\[linux\] @T linux lifecycle\.boot4 PASS"),
            ("linux_poweroff", r"^haven: partition 0 'linux' stopped \(system-off\)"),
        ],
        checks=[count_lines("linux.resets", r"^haven: partition 0 'linux' reset \(system-reset\)", 3)],
    ),
    dict(
        # The PREEMPT_RT kernel boots under Haven and cyclictest runs and reports.
        name="linux-rt",
        config="test-linux-rt",
        partitions=["linux", "ticker"],
        expect_done=["linux", "ticker"],
        results_from=["linux", "ticker"],
        timeout=240,
        expect_lines=[
            ("preempt_rt", r"^\[linux\] linux: 6\.\S+-rt-arm64 .*PREEMPT_RT"),
            ("cyclictest", r"^\[linux\] @T linux cyclictest\.ran PASS max=\d+ avg=\d+"),
        ],
    ),
    dict(
        # The panic path, in a test build (HAVEN_TEST_HOOKS=1): a fault inside EL2 prints
        # the CPU, ESR/ELR/FAR/SPSR and every register, never returns to a guest, and
        # stops QEMU with status 3.
        name="panic",
        config="panic",
        build_vars={"CONFIG_DIR": "tests/qemu/configs", "HAVEN_TEST_HOOKS": "1"},
        partitions=["panicker", "other"],
        expect_exit=3,
        expect_panic=True,
        results_from=["panicker"],
        expect_lines=[
            ("report", r"^haven: PANIC cpu=0: sync at EL2: ESR_EL2=0x9600000[4-7] ELR_EL2=0x4008[0-9a-f]+ "
                       r"FAR_EL2=0xdead0000 SPSR_EL2=0x[0-9a-f]+$"),
            ("registers_first", r"^haven:   x0  [0-9a-f]{16}  x1  [0-9a-f]{16}  x2  [0-9a-f]{16}  x3  [0-9a-f]{16}$"),
            ("registers_last", r"^haven:   x28 [0-9a-f]{16}  x29 [0-9a-f]{16}  x30 [0-9a-f]{16}$"),
        ],
        forbid_lines=[("no_return_to_guest", r"^\[panicker\] @T panic hypercall_returned")],
    ),
]
