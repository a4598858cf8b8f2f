/* SPDX-License-Identifier: MIT */
/*
 * hvctest: Haven's hypercall and PSCI interface, called normally and with
 * hostile arguments. One vCPU or more (the count comes from PARTITION_ID; the
 * scenario checks it in the partition_id line); with two or more, vCPU 1 is
 * switched on and off through PSCI. Its partition owns one TEST_PART_SIZE
 * region starting at its load address, and the mailbox page, where it sets
 * peer_done at the end (for the stray beside it in configs/test-hvc-cpu*.c).
 * Every check is one "@T hvc|psci <name>" line.
 * Run natively (no EL2) every Haven call reads NOT_SUPPORTED, so most checks
 * fail there: only the PSCI ones are meaningful.
 */
#include <haven/abi.h>
#include <haven/config.h>
#include <haven/lib.h>

#include "console.h"
#include "exceptions.h"
#include "gic.h"
#include "guest.h"
#include "hvc.h"
#include "hvc_regs.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define ALL_ONES 0xFFFFFFFFFFFFFFFFULL
#define HVC_FLOOD 10000
#define SMCCC_ARCH_WORKAROUND_1 0x80008000u
#define HAVEN_IPA 0x40080000ULL

static const char hello[] = "hvctest: hello through HAVEN_HVC_CONSOLE_WRITE\n";
/* A buffer longer than HAVEN_CONSOLE_WRITE_MAX, inside the image. */
static const char big[HAVEN_CONSOLE_WRITE_MAX + 16] = "hvctest: this text must not be printed\n";

/* 0xC60000FF is the test-only panic hook: a normal build must not know it. */
static const uint32_t unknown_fns[] = {
	0xC6000099, 0x86000055, 0xC600FFFE, 0x00000000, 0xFFFFFFFF,
	0xC5000000, 0xC2000001, 0x8400001F, 0xBF00FF00, 0xC7000000, 0xC60000FF,
};

static uint64_t region_base, region_end;
static unsigned num_vcpus; /* from PARTITION_ID; 0 if unknown */

static void console_write_case(const char *name, uint64_t ipa, uint64_t len, int64_t expect)
{
	int64_t r = hvc0(HAVEN_HVC_CONSOLE_WRITE, ipa, len, 0);

	t_check("hvc", name, r == expect, "ipa=0x%llx len=%llu -> %lld (expected %lld)",
		(unsigned long long)ipa, (unsigned long long)len, (long long)r, (long long)expect);
}

static void test_haven_calls(void)
{
	struct smccc_res r;
	int64_t v;

	v = hvc0(HAVEN_HVC_VERSION, 0, 0, 0);
	t_check("hvc", "version", v == ((HAVEN_ABI_MAJOR << 16) | HAVEN_ABI_MINOR), "x0=0x%llx",
		(unsigned long long)v);
	v = hvc0(HAVEN_FN32(0x00), 0, 0, 0);
	t_check("hvc", "version.smc32", v == ((HAVEN_ABI_MAJOR << 16) | HAVEN_ABI_MINOR),
		"x0=0x%llx", (unsigned long long)v);

	r = hvc_call(HAVEN_HVC_PARTITION_ID, 0, 0, 0);
	if ((int64_t)r.a0 >= 0 && r.a2 >= 1 && r.a2 <= HAVEN_MAX_VCPUS)
		num_vcpus = (unsigned)r.a2;
	t_check("hvc", "partition_id", r.a0 < HAVEN_MAX_PARTITIONS && r.a1 == 0 && num_vcpus,
		"id=%lld vcpu=%lld vcpus=%lld", (long long)r.a0, (long long)r.a1, (long long)r.a2);

	v = hvc0(HAVEN_HVC_YIELD, 0, 0, 0);
	t_check("hvc", "yield", v == HAVEN_OK, "x0=%lld", (long long)v);

	/* A test run: nobody is at the console (run-qemu.sh without a terminal). */
	r = hvc_call(HAVEN_HVC_SYSTEM_INFO, 0, 0, 0);
	t_check("hvc", "system_info", r.a0 == HAVEN_OK && r.a1 == 0, "x0=%lld x1=0x%llx",
		(long long)r.a0, (unsigned long long)r.a1);
	r = hvc_call(HAVEN_FN32(0x04), 0, 0, 0);
	t_check("hvc", "system_info.smc32", r.a0 == HAVEN_OK && r.a1 == 0, "x0=%lld x1=0x%llx",
		(long long)r.a0, (unsigned long long)r.a1);

	r = hvc_call(HAVEN_HVC_REVISION, 0, 0, 0);
	t_check("hvc", "revision", r.a0 == HAVEN_ABI_MAJOR && r.a1 == HAVEN_ABI_MINOR,
		"x0=%lld x1=%lld", (long long)r.a0, (long long)r.a1);
	r = hvc_call(HAVEN_HVC_CALL_UID, 0, 0, 0);
	t_check("hvc", "call_uid", (uint32_t)r.a0 != 0xFFFFFFFFu,
		"uid=%08llx-%08llx-%08llx-%08llx", (unsigned long long)r.a0,
		(unsigned long long)r.a1, (unsigned long long)r.a2, (unsigned long long)r.a3);
}

static void test_console_write(void)
{
	uint64_t len = sizeof(hello) - 1;
	uint64_t hello_ipa = (uint64_t)(uintptr_t)hello;

	console_write_case("console_write.valid", hello_ipa, len, (int64_t)len);
	console_write_case("console_write.len0", hello_ipa, 0, 0);
	console_write_case("console_write.too_long", (uint64_t)(uintptr_t)big,
			   HAVEN_CONSOLE_WRITE_MAX + 1, HAVEN_ERR_INVALID);
	console_write_case("console_write.wrap", 0xFFFFFFFFFFFFFFF0ULL, 32, HAVEN_ERR_INVALID);
	console_write_case("console_write.other_partition", VICTIM_BASE, 16, HAVEN_ERR_DENIED);
	console_write_case("console_write.hypervisor", HAVEN_IPA, 16, HAVEN_ERR_DENIED);
	console_write_case("console_write.vuart", HAVEN_VUART_IPA, 16, HAVEN_ERR_DENIED);
	console_write_case("console_write.straddle_end", region_end - 1, 2, HAVEN_ERR_DENIED);
}

static void test_unknown_calls(void)
{
	unsigned i, bad = 0;
	uint64_t first_bad = 0;

	for (i = 0; i < ARRAY_SIZE(unknown_fns); i++) {
		char name[32];
		uint64_t x0 = hvc_call(unknown_fns[i], 1, 2, 3).a0;

		hv_snprintf(name, sizeof(name), "unknown_fn.0x%08x", unknown_fns[i]);
		t_check("hvc", name, x0 == ALL_ONES, "x0=0x%llx", (unsigned long long)x0);
	}

	for (i = 0; i < HVC_FLOOD; i++) {
		uint64_t x0 = hvc_call(0xC6000099u + (i & 0xff) * 0x100, i, i, i).a0;

		if (x0 != ALL_ONES && bad++ == 0)
			first_bad = x0;
	}
	t_check("hvc", "flood", bad == 0, "%u unknown calls, %u did not return -1 (first 0x%llx)",
		HVC_FLOOD, bad, (unsigned long long)first_bad);
}

static void preserved_case(const char *name, uint32_t fn, uint64_t a1, bool check_x0, uint64_t x0_expect)
{
	uint64_t x0 = 0, changed = hvc_check_preserved(fn, a1, 0, 0, &x0);

	t_check("hvc", name, changed == 0 && (!check_x0 || x0 == x0_expect),
		"fn=0x%08x clobbered mask=0x%llx (bit n = xn) x0=0x%llx", fn,
		(unsigned long long)changed, (unsigned long long)x0);
}

/* An address no partition maps: past the 1 GiB of RAM (QEMU virt). */
#define UNMAPPED_IPA 0x80000000ULL

static void load_case(const char *name, uint64_t addr, bool x20, bool violation)
{
	uint64_t val = 0, changed;
	struct probe_result pr = { 0 };

	if (violation) {
		cprintf("@EXPECT-VIOLATION ipa=0x%llx access=read vcpu=0 size=4\n", (unsigned long long)addr);
		probe_arm();
	}
	changed = x20 ? load_check_preserved_w20(addr, &val) : load_check_preserved(addr, &val);
	if (violation)
		pr = probe_disarm();
	t_check("hvc", name, changed == 0 && (!violation || pr.taken),
		"ldr %s, [0x%llx]: clobbered mask=0x%llx (bit n = xn), value 0x%llx%s", x20 ? "w20" : "w0",
		(unsigned long long)addr, (unsigned long long)changed, (unsigned long long)val,
		violation ? (pr.taken ? ", aborted" : ", no abort") : "");
}

static void test_preserved(void)
{
	/* Every register but the destination survives an emulated load and a violation. */
	load_case("regs_preserved.mmio_read", GICD_BASE + GICD_CTLR, false, false);
	load_case("regs_preserved.mmio_read_x20", GICD_BASE + GICD_CTLR, true, false);
	load_case("regs_preserved.violation", UNMAPPED_IPA, false, true);
	load_case("regs_preserved.violation_x20", UNMAPPED_IPA, true, true);
	preserved_case("regs_preserved.unknown", 0xC6000099u, 0, true, ALL_ONES);
	preserved_case("regs_preserved.version", HAVEN_HVC_VERSION, 0, true,
		       (HAVEN_ABI_MAJOR << 16) | HAVEN_ABI_MINOR);
	preserved_case("regs_preserved.console_write", HAVEN_HVC_CONSOLE_WRITE,
		       (uint64_t)(uintptr_t)hello, false, 0);
	preserved_case("regs_preserved.psci_version", PSCI_VERSION, 0, false, 0);
}

static void test_smccc(void)
{
	int64_t v = hvc0(SMCCC_VERSION, 0, 0, 0);
	int32_t f;

	t_check("hvc", "smccc_version", v >= 0x10001 && v <= 0x7FFFFFFF, "x0=0x%llx",
		(unsigned long long)v);
	f = (int32_t)hvc0(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0);
	t_check("hvc", "smccc_arch_features.workaround_1", f <= 0, "w0=%d", f);
	f = (int32_t)hvc0(SMCCC_ARCH_FEATURES, 0xC6000099u, 0, 0);
	t_check("hvc", "smccc_arch_features.unknown", f < 0, "w0=%d", f);
}

static struct {
	volatile uint32_t running, release, id_ok;
	volatile uint64_t mpidr, vcpu_id, part_id;
} cpu1;

/* On vCPU 1: who am I, then wait for vCPU 0; returning switches it off (PSCI CPU_OFF). */
static void cpu1_main(void *unused)
{
	struct smccc_res r = hvc_call(HAVEN_HVC_PARTITION_ID, 0, 0, 0);

	cpu1.mpidr = read_sysreg(mpidr_el1) & 0xFF00FFFFFFULL;
	cpu1.vcpu_id = r.a1;
	cpu1.part_id = r.a0;
	dsb(sy);
	cpu1.running = 1;
	dsb(sy);
	sev();
	WAIT_EVENT(cpu1.release, 5000);
}

/* vCPU 1 through its PSCI life: OFF, CPU_ON, ON (and ALREADY_ON), CPU_OFF, OFF again. */
static void test_vcpu1(void)
{
	uint64_t part = hvc_call(HAVEN_HVC_PARTITION_ID, 0, 0, 0).a0;
	int32_t r, on;
	bool ok;

	r = psci_affinity_info(1, 0);
	t_check("psci", "affinity_info.vcpu1_off", r == 1, "AFFINITY_INFO(1, 0) -> %d (expected 1, OFF)",
		r);
	on = cpu_start(1, cpu1_main, NULL);
	ok = on == PSCI_SUCCESS && WAIT_EVENT(cpu1.running, 2000);
	t_check("psci", "cpu_on.vcpu1", ok, "CPU_ON(1) -> %d; vCPU 1 %s", on,
		cpu1.running ? "runs" : "did not run");
	t_check("psci", "vcpu1.identity", ok && cpu1.mpidr == 1 && cpu1.vcpu_id == 1 && cpu1.part_id == part,
		"on vCPU 1: MPIDR affinity 0x%llx, PARTITION_ID vcpu=%llu partition=%llu (expected 0x1, 1, "
		"%llu)", (unsigned long long)cpu1.mpidr, (unsigned long long)cpu1.vcpu_id,
		(unsigned long long)cpu1.part_id, (unsigned long long)part);
	r = psci_affinity_info(1, 0);
	t_check("psci", "affinity_info.vcpu1_on", r == 0, "AFFINITY_INFO(1, 0) -> %d (expected 0, ON)", r);
	r = psci_cpu_on(1, (uint64_t)(uintptr_t)_secondary_entry, 0);
	t_check("psci", "cpu_on.vcpu1_again", r == PSCI_ALREADY_ON, "CPU_ON(1) -> %d (expected %d)", r,
		PSCI_ALREADY_ON);
	cpu1.release = 1;
	dsb(sy);
	sev();
	ok = WAIT_UNTIL((r = psci_affinity_info(1, 0)) == 1, 2000, 200);
	t_check("psci", "cpu_off.vcpu1", ok, "AFFINITY_INFO(1, 0) -> %d after vCPU 1's CPU_OFF (expected 1, OFF)",
		r);
}

static void test_psci(void)
{
	int32_t r;
	uint64_t entry = (uint64_t)(uintptr_t)_secondary_entry;

	r = psci_version();
	t_check("psci", "version", r == 0x10001, "0x%x (expected 0x10001, PSCI 1.1)", r);
	r = psci_features(PSCI_CPU_ON_64);
	t_check("psci", "features.cpu_on_64", r == PSCI_SUCCESS, "%d", r);
	r = psci_features(0x8400001Fu);
	t_check("psci", "features.unknown", r == PSCI_NOT_SUPPORTED, "%d", r);
	r = psci_cpu_on(5, entry, 0);
	t_check("psci", "cpu_on.not_in_partition", r == PSCI_INVALID_PARAMETERS,
		"CPU_ON(mpidr 5) -> %d (expected %d)", r, PSCI_INVALID_PARAMETERS);
	r = psci_cpu_on(0, entry, 0);
	t_check("psci", "cpu_on.already_on", r == PSCI_ALREADY_ON, "CPU_ON(mpidr 0) -> %d (expected %d)",
		r, PSCI_ALREADY_ON);
	if (num_vcpus == 1) {
		r = psci_cpu_on(1, 0x100, 0);
		t_check("psci", "cpu_on.bad_entry", r == PSCI_INVALID_PARAMETERS,
			"CPU_ON(mpidr 1, entry 0x100) with 1 vCPU -> %d (expected %d)", r,
			PSCI_INVALID_PARAMETERS);
	} else if (num_vcpus > 1) {
		/* vCPU 1 exists: Haven must refuse the entry point outside the partition. */
		r = psci_cpu_on(1, 0x100, 0);
		t_check("psci", "cpu_on.bad_entry", r == PSCI_INVALID_PARAMETERS || r == PSCI_INVALID_ADDRESS,
			"CPU_ON(mpidr 1, entry 0x100) with %u vCPUs -> %d", num_vcpus, r);
	} else {
		/* Natively vCPU 1 may exist and would really start at 0x100. */
		t_fail("psci", "cpu_on.bad_entry", "not run: vCPU count unknown (PARTITION_ID failed)");
	}
	r = psci_affinity_info(0, 0);
	t_check("psci", "affinity_info.self", r == 0, "AFFINITY_INFO(0, 0) -> %d (expected 0, ON)", r);
	/* The first vCPU number past the partition's: not a vCPU, whatever physical CPU it names. */
	r = psci_affinity_info(num_vcpus, 0);
	t_check("psci", "affinity_info.absent", r == PSCI_INVALID_PARAMETERS,
		"AFFINITY_INFO(%u, 0) with %u vCPUs -> %d (expected %d)", num_vcpus, num_vcpus, r,
		PSCI_INVALID_PARAMETERS);
	r = psci_cpu_on(num_vcpus, entry, 0);
	t_check("psci", "cpu_on.absent", r == PSCI_INVALID_PARAMETERS,
		"CPU_ON(%u) with %u vCPUs and a good entry -> %d (expected %d)", num_vcpus, num_vcpus, r,
		PSCI_INVALID_PARAMETERS);
	/* Every vCPU has Aff1..Aff3 = 0: a target in another cluster is no vCPU, not vCPU 0. */
	r = psci_affinity_info(0x100, 0);
	t_check("psci", "affinity_info.other_cluster", r == PSCI_INVALID_PARAMETERS,
		"AFFINITY_INFO(0x100, 0) -> %d (expected %d)", r, PSCI_INVALID_PARAMETERS);
	r = psci_cpu_on(0x10001, entry, 0);
	t_check("psci", "cpu_on.other_cluster", r == PSCI_INVALID_PARAMETERS,
		"CPU_ON(0x10001) -> %d (expected %d)", r, PSCI_INVALID_PARAMETERS);
	/* The SMC32 convention: only the low 32 bits of each argument count (SMCCC). */
	r = (int32_t)hvc0(PSCI_AFFINITY_INFO_32, 0xFFFFFFFF00000000ULL, 0xABCD000000000000ULL, 0);
	t_check("psci", "affinity_info_32.upper_bits_ignored", r == 0,
		"AFFINITY_INFO_32(0xffffffff00000000, 0xabcd000000000000) -> %d (expected 0: vCPU 0, ON)", r);
	if (num_vcpus > 1)
		test_vcpu1();
	r = (int32_t)hvc0(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0);
	t_check("psci", "migrate_info_type", r == 2, "%d (expected 2: no migration needed)", r);
}

int main(void)
{
	region_base = image_base();
	region_end = region_base + TEST_PART_SIZE;
	cprintf("hvctest: image at 0x%llx, region end 0x%llx\n", (unsigned long long)region_base,
		(unsigned long long)region_end);

	test_haven_calls();
	test_console_write();
	test_unknown_calls();
	test_preserved();
	test_smccc();
	test_psci();
	t_check("hvc", "no_undef", hvc_undef_count == 0,
		"%llu HVCs raised Undefined Instruction (no hypervisor answering)",
		(unsigned long long)hvc_undef_count);
	mailbox()->peer_done = 1;
	dsb(sy);
	return 0;
}
