/* SPDX-License-Identifier: MIT */
/*
 * Spatial-isolation scenario (tests/qemu: spatial). A victim keeps a checksum
 * and a heartbeat; an attacker probes its own edges and everything outside
 * its map (the probe plan is derived from this file by haven-check); a
 * faulter under the "stop" policy writes into the victim while its second
 * vCPU counts in the mailbox (which must stop with it). The three share one
 * mailbox page. Identity-mapped (IPA = PA), so each probe names a real PA.
 * The attacker also owns the PL031 RTC (a passed-through device whose reads
 * have no side effects): it reads its ID registers and the plan branches
 * into it.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);
HAVEN_DECLARE_IMAGE(attacker);
HAVEN_DECLARE_IMAGE(faulter);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region attacker_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	/* A read-only window: the attacker's writes to it must fault (stage-2 permissions). */
	{ .ipa = 0x43000000, .pa = 0x43000000, .size = 0x10000, .perm = HV_MEM_R },
	MAILBOX,
	/* Read-write but not executable: a branch into it must fault (stage-2 XN). */
	{ .ipa = 0x43100000, .pa = 0x43100000, .size = 0x10000, .perm = HV_MEM_RW },
};

static const struct haven_mmio_region attacker_mmio[] = {
	{ .ipa = 0x09010000, .pa = 0x09010000, .size = 0x1000 }, /* PL031 RTC */
};

static const struct haven_mem_region faulter_mem[] = {
	{ .ipa = 0x44000000, .pa = 0x44000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_partition_config parts[] = {
	{
		.name = "victim",
		.cpus = BIT(0),
		.num_mem = HV_COUNT(victim_mem),
		.mem = victim_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(victim, 0x41000000),
		.entry = 0x41000000,
	},
	{
		.name = "attacker",
		.cpus = BIT(1),
		.num_mem = HV_COUNT(attacker_mem),
		.mem = attacker_mem,
		.num_mmio = HV_COUNT(attacker_mmio),
		.mmio = attacker_mmio,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(attacker, 0x42000000),
		.entry = 0x42000000,
	},
	{
		.name = "faulter",
		.cpus = BIT(2) | BIT(3),
		.num_mem = HV_COUNT(faulter_mem),
		.mem = faulter_mem,
		.fault_policy = HV_FAULT_STOP,
		.image = HAVEN_IMAGE(faulter, 0x44000000),
		.entry = 0x44000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
