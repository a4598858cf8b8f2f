/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the attacker's probe plan, core/probe_plan.c, for a valid
 * three-partition system on the real qemu-virt platform description, with the
 * attacker in the middle (neither first nor last), and the completeness
 * invariant of plan_invariants.h for every partition's plan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <haven/abi.h>
#include <haven/check.h>
#include <haven/probe.h>

#include "harness.h"
#include "plan_invariants.h"

#define MAX_PROBES 512

/*
 * #0 victim:    CPU 0; RWX 0x41000000 +16M; shared RW page 0x4f000000; uart1.
 * #1 attacker:  CPU 1 (one vCPU); RWX 0x42000000 +16M; read-only 0x43000000 +1M
 *               right after it; shared RW page 0x4f000000; RW (not executable)
 *               0x43200000 +64K; rtc.
 * #2 bystander: CPU 2; RWX 0x44000000 +16M; RW 0x45000000 +1M; gpio.
 */
static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x4f000000, .pa = 0x4f000000, .size = 0x1000, .perm = HV_MEM_RW, .flags = HV_MEM_SHARED },
};
static const struct haven_mmio_region victim_mmio[] = {
	{ .ipa = 0x09040000, .pa = 0x09040000, .size = 0x1000 },
};
static const uint32_t victim_irqs[] = { 40 };

static const struct haven_mem_region attacker_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x4f000000, .pa = 0x4f000000, .size = 0x1000, .perm = HV_MEM_RW, .flags = HV_MEM_SHARED },
	{ .ipa = 0x43000000, .pa = 0x43000000, .size = 0x100000, .perm = HV_MEM_R },
	{ .ipa = 0x43200000, .pa = 0x43200000, .size = 0x10000, .perm = HV_MEM_RW },
};
static const struct haven_mmio_region attacker_mmio[] = {
	{ .ipa = 0x09010000, .pa = 0x09010000, .size = 0x1000 },
};

static const struct haven_mem_region bystander_mem[] = {
	{ .ipa = 0x44000000, .pa = 0x44000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x45000000, .pa = 0x45000000, .size = 0x100000, .perm = HV_MEM_RW },
};
static const struct haven_mmio_region bystander_mmio[] = {
	{ .ipa = 0x09030000, .pa = 0x09030000, .size = 0x1000 },
};

static const struct haven_partition_config parts[] = {
	{ .name = "victim", .cpus = BIT(0), .num_mem = HV_COUNT(victim_mem), .mem = victim_mem,
	  .num_mmio = HV_COUNT(victim_mmio), .mmio = victim_mmio,
	  .num_irqs = HV_COUNT(victim_irqs), .irqs = victim_irqs, .fault_policy = HV_FAULT_INJECT,
	  .image = { .name = "victim", .load_ipa = 0x41000000 }, .entry = 0x41000000 },
	{ .name = "attacker", .cpus = BIT(1), .num_mem = HV_COUNT(attacker_mem), .mem = attacker_mem,
	  .num_mmio = HV_COUNT(attacker_mmio), .mmio = attacker_mmio, .fault_policy = HV_FAULT_INJECT,
	  .image = { .name = "attacker", .load_ipa = 0x42000000 }, .entry = 0x42000000 },
	{ .name = "bystander", .cpus = BIT(2), .num_mem = HV_COUNT(bystander_mem), .mem = bystander_mem,
	  .num_mmio = HV_COUNT(bystander_mmio), .mmio = bystander_mmio, .fault_policy = HV_FAULT_INJECT,
	  .image = { .name = "bystander", .load_ipa = 0x44000000 }, .entry = 0x44000000 },
};

static const struct haven_config config = {
	.magic = HAVEN_CONFIG_MAGIC, .revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts), .partitions = parts,
};

static struct haven_probe probes[MAX_PROBES];
static int num_probes;

/* Prints validator messages; the config here is meant to be valid. */
void cfg_report(const char *fmt, ...)
{
	va_list ap;

	fputs("# cfg_report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Returns the probe labelled label, or NULL. */
static const struct haven_probe *find(const char *label)
{
	for (int i = 0; i < num_probes; i++)
		if (strcmp(probes[i].label, label) == 0)
			return &probes[i];
	return NULL;
}

/* Checks that the probe labelled label exists with the given address, expectation, access and size. */
static void check_probe(const char *label, uint64_t addr, uint8_t expect, uint8_t access, uint8_t size)
{
	const struct haven_probe *p = find(label);

	T_CHECK(p, "no probe %s", label);
	if (!p)
		return;
	T_CHECK(p->addr == addr && p->expect == expect && p->access == access && p->size == size,
		"%s: addr 0x%llx expect %u access %u size %u; wanted 0x%llx %u %u %u", label,
		(unsigned long long)p->addr, p->expect, p->access, p->size, (unsigned long long)addr,
		expect, access, size);
}

/* True when an access to addr by the attacker must succeed according to its config. */
static bool attacker_may(uint64_t addr, uint8_t access)
{
	static const uint32_t need[3] = { HV_MEM_R, HV_MEM_W, HV_MEM_X };
	const struct haven_partition_config *a = &parts[1];

	for (unsigned k = 0; k < a->num_mem; k++)
		if (addr >= a->mem[k].ipa && addr - a->mem[k].ipa < a->mem[k].size)
			return a->mem[k].perm & need[access];
	if (access == PROBE_EXEC)
		return false; /* devices and emulated windows are never executable */
	for (unsigned k = 0; k < a->num_mmio; k++)
		if (addr >= a->mmio[k].ipa && addr - a->mmio[k].ipa < a->mmio[k].size)
			return true;
	return (addr >= HAVEN_VGICD_IPA && addr < HAVEN_VGICD_IPA + HAVEN_VGICD_SIZE) ||
	       (addr >= HAVEN_VGICR_IPA && addr < HAVEN_VGICR_IPA + HAVEN_VGICR_STRIDE) ||
	       (addr >= HAVEN_VUART_IPA && addr < HAVEN_VUART_IPA + HAVEN_VUART_SIZE);
}

static void test_setup(void)
{
	unsigned problems = haven_config_check(&config, &haven_platform);

	t_begin("probe_plan.config_valid");
	T_CHECK(problems == 0, "the test config has %u problem(s)", problems);
	num_probes = haven_probe_plan(&config, &haven_platform, "attacker", probes, MAX_PROBES);
	T_CHECK(num_probes > 0 && num_probes < MAX_PROBES, "haven_probe_plan returned %d", num_probes);
	if (num_probes < 0)
		num_probes = 0;
	t_end();
	if (getenv("HAVEN_TEST_VERBOSE"))
		for (int i = 0; i < num_probes; i++)
			fprintf(stderr, "# %-32s 0x%010llx %s %s %u\n", probes[i].label,
				(unsigned long long)probes[i].addr, probes[i].expect ? "FAULT" : "OK",
				pi_access_name[probes[i].access % 3], probes[i].size);
}

static void test_unknown_image(void)
{
	struct haven_probe one[1];

	t_begin("probe_plan.unknown_image");
	T_CHECK(haven_probe_plan(&config, &haven_platform, "nobody", one, 1) == -1,
		"a plan for an image no partition runs");
	t_end();
}

static void test_own(void)
{
	t_begin("probe_plan.own_first_last_ok");
	check_probe("own.mem0.first.read", 0x42000000, PROBE_OK, PROBE_READ, 1);
	check_probe("own.mem0.first.write", 0x42000000, PROBE_OK, PROBE_WRITE, 1);
	check_probe("own.mem0.last.read", 0x42ffffff, PROBE_OK, PROBE_READ, 1);
	check_probe("own.mem0.last.write", 0x42ffffff, PROBE_OK, PROBE_WRITE, 1);
	check_probe("own.mem1.first.read", 0x4f000000, PROBE_OK, PROBE_READ, 1);
	check_probe("own.mem1.last.write", 0x4f000fff, PROBE_OK, PROBE_WRITE, 1);
	t_end();

	t_begin("probe_plan.own_read_only_write_faults");
	check_probe("own.mem2.first.read", 0x43000000, PROBE_OK, PROBE_READ, 1);
	check_probe("own.mem2.first.write", 0x43000000, PROBE_FAULT, PROBE_WRITE, 1);
	check_probe("own.mem2.last.read", 0x430fffff, PROBE_OK, PROBE_READ, 1);
	check_probe("own.mem2.last.write", 0x430fffff, PROBE_FAULT, PROBE_WRITE, 1);
	t_end();

	t_begin("probe_plan.own_edges");
	check_probe("own.mem0.before.read", 0x41ffffff, PROBE_FAULT, PROBE_READ, 1);
	check_probe("own.mem2.past_end.read", 0x43100000, PROBE_FAULT, PROBE_READ, 1);
	check_probe("own.mem1.past_end.read", 0x4f001000, PROBE_FAULT, PROBE_READ, 1);
	T_CHECK(!find("own.mem0.past_end.read"), "past the end of mem0 is mem2: must not be probed");
	T_CHECK(!find("own.mem2.before.read"), "before mem2 is mem0: must not be probed");
	t_end();

	t_begin("probe_plan.own_exec_faults_without_x");
	check_probe("own.mem1.first.exec", 0x4f000000, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("own.mem1.last.exec", 0x4f000ffc, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("own.mem2.first.exec", 0x43000000, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("own.mem2.last.exec", 0x430ffffc, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("own.mem3.first.exec", 0x43200000, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("own.mem3.last.exec", 0x4320fffc, PROBE_FAULT, PROBE_EXEC, 4);
	T_CHECK(!find("own.mem0.first.exec") && !find("own.mem0.last.exec"),
		"mem0 is executable: a branch there is not expected to fault");
	t_end();

	t_begin("probe_plan.own_device");
	check_probe("own.mmio0.first.read", 0x09010000, PROBE_OK, PROBE_READ, 4);
	check_probe("own.mmio0.last.read", 0x09010ffc, PROBE_OK, PROBE_READ, 4);
	check_probe("own.mmio0.first.exec", 0x09010000, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("own.mmio0.past_end.read", 0x09011000, PROBE_FAULT, PROBE_READ, 1);
	check_probe("own.mmio0.before.read", 0x0900ffff, PROBE_FAULT, PROBE_READ, 1);
	for (int i = 0; i < num_probes; i++)
		T_CHECK(!(probes[i].access == PROBE_WRITE && probes[i].addr >= 0x09010000 &&
			  probes[i].addr < 0x09011000), "%s writes to the attacker's device", probes[i].label);
	T_CHECK(!find("dev.rtc.read") && !find("dev.rtc.exec"), "the attacker's own device rtc is probed to fault");
	t_end();
}

static void test_victim(void)
{
	t_begin("probe_plan.victim_faults");
	check_probe("victim.mem0.first.read", 0x41000000, PROBE_FAULT, PROBE_READ, 1);
	check_probe("victim.mem0.first.write", 0x41000000, PROBE_FAULT, PROBE_WRITE, 1);
	check_probe("victim.mem0.last.read", 0x41ffffff, PROBE_FAULT, PROBE_READ, 1);
	check_probe("victim.mem0.last.write", 0x41ffffff, PROBE_FAULT, PROBE_WRITE, 1);
	t_end();

	t_begin("probe_plan.neighbours_exec_faults");
	check_probe("victim.mem0.first.exec", 0x41000000, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("victim.mem0.last.exec", 0x41fffffc, PROBE_FAULT, PROBE_EXEC, 4);
	t_end();

	t_begin("probe_plan.last_partition_probed");
	check_probe("bystander.mem0.first.read", 0x44000000, PROBE_FAULT, PROBE_READ, 1);
	check_probe("bystander.mem0.first.write", 0x44000000, PROBE_FAULT, PROBE_WRITE, 1);
	check_probe("bystander.mem0.first.exec", 0x44000000, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("bystander.mem0.last.read", 0x44ffffff, PROBE_FAULT, PROBE_READ, 1);
	check_probe("bystander.mem0.last.write", 0x44ffffff, PROBE_FAULT, PROBE_WRITE, 1);
	check_probe("bystander.mem0.last.exec", 0x44fffffc, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("bystander.mem1.first.read", 0x45000000, PROBE_FAULT, PROBE_READ, 1);
	check_probe("bystander.mem1.first.write", 0x45000000, PROBE_FAULT, PROBE_WRITE, 1);
	check_probe("bystander.mem1.first.exec", 0x45000000, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("bystander.mem1.last.read", 0x450fffff, PROBE_FAULT, PROBE_READ, 1);
	check_probe("bystander.mem1.last.write", 0x450fffff, PROBE_FAULT, PROBE_WRITE, 1);
	check_probe("bystander.mem1.last.exec", 0x450ffffc, PROBE_FAULT, PROBE_EXEC, 4);
	t_end();

	t_begin("probe_plan.shared_region_skipped");
	for (int i = 0; i < num_probes; i++)
		T_CHECK(strncmp(probes[i].label, "victim.mem1.", 12) != 0, "shared region probed: %s",
			probes[i].label);
	t_end();
}

static void test_hyp_gic_devices(void)
{
	t_begin("probe_plan.hyp_faults");
	check_probe("hyp.base.read", 0x40000000, PROBE_FAULT, PROBE_READ, 1);
	check_probe("hyp.base.write", 0x40000000, PROBE_FAULT, PROBE_WRITE, 1);
	check_probe("hyp.image.read", 0x40080000, PROBE_FAULT, PROBE_READ, 1);
	check_probe("hyp.image.write", 0x40080000, PROBE_FAULT, PROBE_WRITE, 1);
	check_probe("hyp.last.read", 0x40ffffff, PROBE_FAULT, PROBE_READ, 1);
	check_probe("hyp.last.write", 0x40ffffff, PROBE_FAULT, PROBE_WRITE, 1);
	check_probe("hyp.image.exec", 0x40080000, PROBE_FAULT, PROBE_EXEC, 4);
	t_end();

	t_begin("probe_plan.windows_exec_faults");
	check_probe("vgicd.exec", HAVEN_VGICD_IPA, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("vuart.exec", HAVEN_VUART_IPA, PROBE_FAULT, PROBE_EXEC, 4);
	t_end();

	t_begin("probe_plan.gicr_other_cpus");
	T_CHECK(!find("gicr.cpu0.read"), "the attacker's own redistributor is probed to fault");
	check_probe("gicr.cpu1.read", HAVEN_VGICR_IPA + 1 * HAVEN_VGICR_STRIDE, PROBE_FAULT, PROBE_READ, 4);
	check_probe("gicr.cpu2.read", HAVEN_VGICR_IPA + 2 * HAVEN_VGICR_STRIDE, PROBE_FAULT, PROBE_READ, 4);
	check_probe("gicr.cpu3.read", HAVEN_VGICR_IPA + 3 * HAVEN_VGICR_STRIDE, PROBE_FAULT, PROBE_READ, 4);
	T_CHECK(!find("gicr.cpu4.read"), "qemu-virt has 4 CPUs");
	t_end();

	t_begin("probe_plan.vgicd_ok");
	check_probe("vgicd.ctlr.read", HAVEN_VGICD_IPA, PROBE_OK, PROBE_READ, 4);
	t_end();

	t_begin("probe_plan.unassigned_devices_fault");
	check_probe("dev.uart1.read", 0x09040000, PROBE_FAULT, PROBE_READ, 4);
	check_probe("dev.pcie-ecam.read", 0x4010000000ULL, PROBE_FAULT, PROBE_READ, 4);
	check_probe("dev.gic-its.read", 0x08080000, PROBE_FAULT, PROBE_READ, 4);
	check_probe("dev.uart1.exec", 0x09040000, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("dev.pcie-ecam.exec", 0x4010000000ULL, PROBE_FAULT, PROBE_EXEC, 4);
	check_probe("dev.gpio.read", 0x09030000, PROBE_FAULT, PROBE_READ, 4);
	check_probe("dev.gpio.exec", 0x09030000, PROBE_FAULT, PROBE_EXEC, 4);
	T_CHECK(!find("dev.uart0.read") && !find("dev.gicd.read") && !find("dev.gicr.read"),
		"a device under an emulated window is probed to fault");
	t_end();
}

static void test_invariants(void)
{
	t_begin("probe_plan.no_fault_inside_own_map");
	for (int i = 0; i < num_probes; i++)
		T_CHECK(probes[i].expect == PROBE_OK || !attacker_may(probes[i].addr, probes[i].access),
			"%s at 0x%llx expects a fault but the attacker may access it", probes[i].label,
			(unsigned long long)probes[i].addr);
	t_end();

	t_begin("probe_plan.ok_only_inside_own_map");
	for (int i = 0; i < num_probes; i++)
		T_CHECK(probes[i].expect == PROBE_FAULT || attacker_may(probes[i].addr, probes[i].access),
			"%s at 0x%llx expects OK outside the attacker's map", probes[i].label,
			(unsigned long long)probes[i].addr);
	t_end();

	t_begin("probe_plan.labels_unique_and_clean");
	for (int i = 0; i < num_probes; i++) {
		const char *l = probes[i].label;

		T_CHECK(l[0] && strlen(l) < PROBE_LABEL_MAX, "probe %d has a bad label", i);
		T_CHECK(strspn(l, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(l),
			"label '%s' has characters a test name cannot have", l);
		T_CHECK(probes[i].size == 1 || probes[i].size == 4, "%s: size %u", l, probes[i].size);
		T_CHECK(probes[i].access != PROBE_EXEC ||
				(probes[i].size == 4 && probes[i].expect == PROBE_FAULT && !(probes[i].addr & 3)),
			"%s: an exec probe must be a 4-byte aligned branch expected to fault", l);
		for (int j = 0; j < i; j++)
			T_CHECK(strcmp(l, probes[j].label) != 0, "label '%s' twice", l);
	}
	t_end();
}

/*
 * The invariant of plan_invariants.h for the plan of every partition: first
 * (#0), in the middle (#1, the attacker above) and last (#2).
 */
static void test_complete(void)
{
	static const char *const names[] = { "probe_plan.complete.first", "probe_plan.complete.middle",
					     "probe_plan.complete.last" };
	static struct haven_probe plan[MAX_PROBES];

	for (unsigned self = 0; self < HV_COUNT(parts); self++) {
		char why[200] = "";
		int n = haven_probe_plan(&config, &haven_platform, parts[self].image.name, plan, MAX_PROBES);
		unsigned missing;

		t_begin(names[self]);
		T_CHECK(n > 0 && n < MAX_PROBES, "%s: haven_probe_plan returned %d", parts[self].name, n);
		missing = pi_check_own(&config, self, plan, n, why, sizeof(why)) +
			  pi_check_others(&config, self, plan, n, why, sizeof(why));
		T_CHECK(missing == 0, "plan of '%s': %u probes missing, first: %s", parts[self].name, missing, why);
		t_end();
	}
}

static void test_max(void)
{
	struct haven_probe few[6];
	int n;

	memset(few, 0x5a, sizeof(few));
	n = haven_probe_plan(&config, &haven_platform, "attacker", few, 5);
	t_begin("probe_plan.stops_at_max");
	T_CHECK(n == 5, "returned %d with room for 5", n);
	T_CHECK(few[5].addr == 0x5a5a5a5a5a5a5a5aULL, "wrote past max");
	for (int i = 0; i < 5; i++)
		T_CHECK(few[i].addr == probes[i].addr && few[i].expect == probes[i].expect &&
			few[i].access == probes[i].access && strcmp(few[i].label, probes[i].label) == 0,
			"probe %d differs from the full plan", i);
	t_end();
}

int main(void)
{
	test_setup();
	test_unknown_image();
	test_own();
	test_victim();
	test_hyp_gic_devices();
	test_invariants();
	test_complete();
	test_max();
	return t_exit_status();
}
