/* SPDX-License-Identifier: MIT */
/*
 * The smallest system: one bare-metal partition, guests/hello, on CPU 0 with
 * 2 MiB of memory (docs/writing-a-guest.md; make CONFIG=hello run). Its image
 * is loaded at the start of that memory and entered there, identity-mapped
 * (IPA = PA). When hello returns from main(), its partition stops and Haven
 * powers the machine off.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(hello);

static const struct haven_mem_region hello_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x200000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{
		.name = "hello",
		.cpus = BIT(0),
		.num_mem = HV_COUNT(hello_mem),
		.mem = hello_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(hello, 0x41000000),
		.entry = 0x41000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
