/* SPDX-License-Identifier: MIT */
/*
 * The boot info block (include/haven/bootinfo.h) and what Haven derives from it
 * for a partition's device tree at every (re)start: whether a person is at the
 * console, and fresh seeds for the guest's RNG and KASLR.
 *
 * Seeds: the block's 32-byte per-boot seed is a ChaCha20 key; the seeds of
 * one start of one partition are the first block of key stream for the nonce
 * (partition id, start count). So every partition and every restart gets
 * different values, none of which tells anything about the key or the others,
 * as long as the launcher's seed is secret and random (docs/platforms.md).
 * Haven adds no entropy of its own: no seed, no seeds (rng-seed is removed,
 * kaslr-seed stays 0, which Linux reads as "none").
 */
#include <haven/bootinfo.h>
#include <haven/entropy.h>
#include <haven/hv.h>
#include <haven/lib.h>

static bool attended;
static bool have_key;
static uint8_t key[HAVEN_BOOTINFO_SEED_SIZE];
static uint32_t starts[HAVEN_MAX_PARTITIONS]; /* (re)starts so far, per partition id */

void bootinfo_init(void)
{
	uint64_t base = haven_platform.bootinfo_base;
	volatile struct haven_bootinfo *bi = (volatile struct haven_bootinfo *)base;

	if (!base)
		return;
	if (bi->magic != HAVEN_BOOTINFO_MAGIC || bi->version != HAVEN_BOOTINFO_VERSION) {
		hv_log("no boot info at 0x%llx: not attended, no seeds for partitions' DTs",
		       (unsigned long long)base);
		return;
	}
	attended = bi->flags & HAVEN_BOOTINFO_ATTENDED;
	for (unsigned i = 0; i < sizeof(key); i++) {
		key[i] = bi->seed[i];
		have_key |= key[i] != 0;
		bi->seed[i] = 0; /* only Haven's copy remains */
	}
	dcache_clean_poc(base, sizeof(*bi));
}

bool system_attended(void)
{
	return attended;
}

void partition_dt_fixup(struct partition *p)
{
	uint64_t ipa = p->cfg->dtb_ipa, pa;
	uint8_t nonce[12] = { 0 }, out[64], *dt, *v;
	uint32_t size, len, n = starts[p->id]++;

	if (!ipa || !partition_ipa_range_ok(p, ipa, 40, 0, &pa))
		return;
	size = fdt_totalsize((const uint8_t *)pa);
	if (!size || !partition_ipa_range_ok(p, ipa, size, 0, &pa))
		return;
	dt = (uint8_t *)pa;
	v = fdt_chosen_prop(dt, size, "haven,attended", &len);
	if (v && len == 4) {
		v[0] = v[1] = v[2] = 0;
		v[3] = attended;
	}
	for (unsigned i = 0; i < 4; i++) {
		nonce[i] = (uint8_t)(p->id >> (8 * i));
		nonce[4 + i] = (uint8_t)(n >> (8 * i));
	}
	chacha20_block(key, 0, nonce, out);
	v = fdt_chosen_prop(dt, size, "kaslr-seed", &len);
	if (v && len == 8 && have_key)
		memcpy(v, out, 8);
	v = fdt_chosen_prop(dt, size, "rng-seed", &len);
	if (v && have_key && len <= sizeof(out) - 8)
		memcpy(v, out + 8, len);
	else if (v)
		fdt_nop_prop(v, len); /* never a placeholder of zeros that Linux would credit as entropy */
	memset(out, 0, sizeof(out));
	dcache_clean_poc(pa, size); /* its vCPUs start with the MMU and data caches off */
}
