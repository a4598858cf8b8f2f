/* SPDX-License-Identifier: MIT */
/*
 * The boot info block: what the launcher (tools/run-qemu.sh, through QEMU's
 * -device loader) or a board's boot loader leaves in Haven-owned memory at
 * haven_platform.bootinfo_base before Haven starts. Haven reads it once at
 * boot (core/bootinfo.c); docs/platforms.md describes it. Little-endian.
 */
#ifndef HAVEN_BOOTINFO_H
#define HAVEN_BOOTINFO_H

#include <haven/types.h>

#define HAVEN_BOOTINFO_MAGIC 0x49425648u /* "HVBI" */
#define HAVEN_BOOTINFO_VERSION 1u
#define HAVEN_BOOTINFO_ATTENDED 0x1u /* flags: a person is at Haven's console */
#define HAVEN_BOOTINFO_SEED_SIZE 32u

struct haven_bootinfo {
	uint32_t magic;   /* HAVEN_BOOTINFO_MAGIC */
	uint32_t version; /* HAVEN_BOOTINFO_VERSION */
	uint32_t flags;   /* HAVEN_BOOTINFO_* */
	uint32_t reserved;
	uint8_t seed[HAVEN_BOOTINFO_SEED_SIZE]; /* fresh entropy for this boot; all zero: none */
};

struct partition;

/* CPU 0 at boot, before any partition starts: reads and then wipes the block. */
void bootinfo_init(void);
/* True when the boot info said a person is at Haven's console. */
bool system_attended(void);
/*
 * At every (re)start of p, after its blobs are loaded and before a vCPU runs:
 * fills the placeholders of /chosen in its DT (haven-dtgen): fresh rng-seed and
 * kaslr-seed, and haven,attended. Skips whatever is missing.
 */
void partition_dt_fixup(struct partition *p);

#endif
