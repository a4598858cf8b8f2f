/* SPDX-License-Identifier: MIT */
/*
 * Fuzzing of the config pipeline: the validator (core/config_check.c), the
 * probe planner (core/probe_plan.c) and the DT generator (tools/haven-dtgen.c)
 * run on FUZZ_ROUNDS configs made by a seeded generator, built with
 * AddressSanitizer and UBSan (tests/host/host.mk), so any out-of-bounds access,
 * NULL dereference, overflow or unbounded loop fails the test. Deterministic:
 * the same seed makes the same configs in every run. Half the configs are
 * mutations of a valid one (a field or two changed), the rest are noise
 * (random counts, NULL arrays, names with odd bytes, addresses at the edges).
 *
 * Checked per config: the validator returns as many problems as it reported
 * messages, every message names the config or a partition; a config it accepts
 * gives, for every partition, a probe plan that fits its buffer, whose own-region
 * probes expect success, and that is complete (plan_invariants.h: the first
 * and last byte of every own region and of every other partition's non-shared
 * region are read and written, and non-executable ones branched to); and (for a
 * Linux partition) a DT that renders the same twice and within its buffer.
 */
#define HAVEN_DTGEN_NO_MAIN
#include "../../tools/haven-dtgen.c"

#include <stdlib.h>
#include <string.h>

#include <haven/probe.h>

#include "harness.h"
#include "plan_invariants.h"

#define FUZZ_ROUNDS 20000
#define FUZZ_SEED 0x48415645ULL

static unsigned msgs, bad_msgs;
static bool in_validator; /* only the validator's messages must name a partition */
static char first_bad[200];

void cfg_report(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	msgs++;
	if (in_validator && strncmp(buf, "config: ", 8) != 0 && strncmp(buf, "partition ", 10) != 0) {
		if (!bad_msgs++)
			snprintf(first_bad, sizeof(first_bad), "%.150s", buf);
	}
}

static uint64_t rng = FUZZ_SEED;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t pick(const uint64_t *v, unsigned n)
{
	return v[rnd() % n];
}

/* Addresses near every interesting edge: RAM, Haven, the store, devices, the IPA limit. */
static const uint64_t addrs[] = {
	0x0, 0x1000, 0x08000000, 0x080A0000, 0x09000000, 0x09040000, 0x0A000000, 0x10000000,
	0x3FFFF000, 0x40000000, 0x40080000, 0x40FFF000, 0x41000000, 0x41800000, 0x42000000,
	0x4F000000, 0x50000000, 0x5C000000, 0x5FE00000, 0x6FFFF000, 0x70000000, 0x7FFFF000,
	0x80000000, 0x4010000000, 0x7FFFFFF000, 0x8000000000, 0xFFFFFFFFFFFFF000, 0x41000800,
};
static const uint64_t sizes[] = {
	0, 0x1000, 0x2000, 0x10000, 0x200000, 0x1000000, 0x10000000, 0x40000000, 0x800,
	0xFFFFFFFFFFFFF000, 0x3F000000,
};
static const char *const names[] = {
	"linux", "victim", "a", "", "has space", "x\xff", "linux", "a-very-long-partition-name-over-31-chars",
	"ok_name", NULL,
};
static const char *const blobs[] = { "linux", "initramfs", "linux_dtb", "demo", "", NULL, "initramfs_rt" };
/* mmio[].compatible and .clocks: unset, valid, and each way to get the list wrong. */
static const char *const dt_names[] = { NULL, NULL, "arm,pl011 arm,primecell", "uartclk apb_pclk", "", " x",
					"a  b", "a ", "a\"b" };

struct fuzz_sys {
	struct haven_mem_region mem[HAVEN_MAX_PARTITIONS][HAVEN_MAX_MEM_REGIONS + 2];
	struct haven_mmio_region mmio[HAVEN_MAX_PARTITIONS][HAVEN_MAX_MMIO_REGIONS + 2];
	uint32_t irqs[HAVEN_MAX_PARTITIONS][HAVEN_MAX_IRQS + 2];
	struct haven_image extra[HAVEN_MAX_PARTITIONS][HAVEN_MAX_EXTRA + 2];
	struct haven_partition_config parts[HAVEN_MAX_PARTITIONS + 2];
	struct haven_config cfg;
};

/* A valid three-partition system (as configs/demo.c, plus a third partition after the attacker). */
static void valid(struct fuzz_sys *s)
{
	memset(s, 0, sizeof(*s));
	s->mem[0][0] = (struct haven_mem_region){ 0x50000000, 0x50000000, 0x10000000, HV_MEM_RWX, 0 };
	s->mem[0][1] = (struct haven_mem_region){ 0x4F000000, 0x4F000000, 0x1000, HV_MEM_RW, HV_MEM_SHARED };
	s->mem[1][0] = (struct haven_mem_region){ 0x41000000, 0x41000000, 0x1000000, HV_MEM_RWX, 0 };
	s->mem[1][1] = (struct haven_mem_region){ 0x4F000000, 0x4F000000, 0x1000, HV_MEM_RW, HV_MEM_SHARED };
	s->extra[0][0] = (struct haven_image){ .name = "initramfs", .load_ipa = 0x5C000000 };
	s->extra[0][1] = (struct haven_image){ .name = "linux_dtb", .load_ipa = 0x5FE00000 };
	s->irqs[1][0] = 40;
	s->mmio[1][0] = (struct haven_mmio_region){ .ipa = 0x09040000, .pa = 0x09040000, .size = 0x1000 };
	s->mem[2][0] = (struct haven_mem_region){ 0x44000000, 0x44000000, 0x1000000, HV_MEM_RWX, 0 };
	s->mem[2][1] = (struct haven_mem_region){ 0x45000000, 0x45000000, 0x10000, HV_MEM_RW, 0 };
	s->parts[0] = (struct haven_partition_config){
		.name = "linux", .cpus = 3, .num_mem = 2, .mem = s->mem[0], .num_extra = 2,
		.extra = s->extra[0], .image = { .name = "linux", .load_ipa = 0x50000000 },
		.entry = 0x50000000, .dtb_ipa = 0x5FE00000, .bootargs = "console=ttyAMA0",
		.flags = HV_PART_CONSOLE_INPUT,
	};
	s->parts[1] = (struct haven_partition_config){
		.name = "attacker", .cpus = 4, .num_mem = 2, .mem = s->mem[1], .num_mmio = 1,
		.mmio = s->mmio[1], .num_irqs = 1, .irqs = s->irqs[1],
		.image = { .name = "attacker", .load_ipa = 0x41000000 }, .entry = 0x41000000,
	};
	s->parts[2] = (struct haven_partition_config){
		.name = "victim", .cpus = 8, .num_mem = 2, .mem = s->mem[2],
		.image = { .name = "victim", .load_ipa = 0x44000000 }, .entry = 0x44000000,
	};
	s->cfg = (struct haven_config){ .magic = HAVEN_CONFIG_MAGIC, .revision = HAVEN_CONFIG_REVISION,
					.num_partitions = 3, .partitions = s->parts };
}

static void mutate(struct fuzz_sys *s)
{
	unsigned p = (unsigned)(rnd() % 3), k = (unsigned)(rnd() % 2);
	struct haven_partition_config *q = &s->parts[p];

	switch (rnd() % 16) {
	case 0: s->mem[p][k].ipa = pick(addrs, ARRAY_SIZE(addrs)); break;
	case 1: s->mem[p][k].pa = pick(addrs, ARRAY_SIZE(addrs)); break;
	case 2: s->mem[p][k].size = pick(sizes, ARRAY_SIZE(sizes)); break;
	case 3: s->mem[p][k].perm = (uint32_t)rnd() & 0xF; break;
	case 4: s->mem[p][k].flags = (uint32_t)rnd() & 7; break;
	case 5: q->cpus = rnd() & 0x3F; break;
	case 6: q->name = names[rnd() % ARRAY_SIZE(names)]; break;
	case 7: q->num_mem = (uint32_t)(rnd() % (HAVEN_MAX_MEM_REGIONS + 2)); break;
	case 8: q->entry = pick(addrs, ARRAY_SIZE(addrs)) + (rnd() & 3); break;
	case 9: s->irqs[1][0] = (uint32_t)(rnd() % 1100); q->num_irqs = (uint32_t)(rnd() % 3); break;
	case 10: s->mmio[1][0].pa = pick(addrs, ARRAY_SIZE(addrs)); break;
	case 11: s->extra[0][k].load_ipa = pick(addrs, ARRAY_SIZE(addrs)) + (rnd() & 7); break;
	case 12: s->extra[0][k].name = blobs[rnd() % ARRAY_SIZE(blobs)]; break;
	case 13: q->num_extra = (uint32_t)(rnd() % (HAVEN_MAX_EXTRA + 2)); q->extra = s->extra[p]; break;
	case 14: q->flags = (uint32_t)rnd() & 3; q->dtb_ipa = pick(addrs, ARRAY_SIZE(addrs)); break;
	default: s->cfg.num_partitions = (uint32_t)(rnd() % (HAVEN_MAX_PARTITIONS + 2)); break;
	}
}

/* Noise: arbitrary counts (within the arrays), NULL arrays, edge addresses. */
static void noise(struct fuzz_sys *s)
{
	memset(s, 0, sizeof(*s));
	s->cfg.magic = rnd() % 8 ? HAVEN_CONFIG_MAGIC : (uint32_t)rnd();
	s->cfg.revision = rnd() % 8 ? HAVEN_CONFIG_REVISION : (uint32_t)rnd();
	s->cfg.num_partitions = (uint32_t)(rnd() % (HAVEN_MAX_PARTITIONS + 2));
	s->cfg.partitions = rnd() % 16 ? s->parts : NULL;
	for (unsigned p = 0; p < HAVEN_MAX_PARTITIONS + 1 && p < HAVEN_MAX_PARTITIONS; p++) {
		struct haven_partition_config *q = &s->parts[p];

		q->name = names[rnd() % ARRAY_SIZE(names)];
		q->cpus = rnd() & 0xFF;
		q->num_mem = (uint32_t)(rnd() % (HAVEN_MAX_MEM_REGIONS + 2));
		q->mem = rnd() % 16 ? s->mem[p] : NULL;
		q->num_mmio = (uint32_t)(rnd() % 3);
		q->mmio = rnd() % 8 ? s->mmio[p] : NULL;
		q->num_irqs = (uint32_t)(rnd() % 4);
		q->irqs = rnd() % 8 ? s->irqs[p] : NULL;
		q->num_extra = (uint32_t)(rnd() % (HAVEN_MAX_EXTRA + 2));
		q->extra = rnd() % 8 ? s->extra[p] : NULL;
		q->fault_policy = (enum haven_fault_policy)(rnd() % 3);
		q->image.name = blobs[rnd() % ARRAY_SIZE(blobs)];
		q->image.load_ipa = pick(addrs, ARRAY_SIZE(addrs));
		q->entry = pick(addrs, ARRAY_SIZE(addrs));
		q->dtb_ipa = rnd() % 2 ? 0 : pick(addrs, ARRAY_SIZE(addrs));
		q->flags = (uint32_t)rnd() & 3;
		q->bootargs = rnd() % 2 ? "console=ttyAMA0 \"quoted\\\"" : NULL;
		for (unsigned k = 0; k < HAVEN_MAX_MEM_REGIONS + 2; k++)
			s->mem[p][k] = (struct haven_mem_region){ pick(addrs, ARRAY_SIZE(addrs)),
								  pick(addrs, ARRAY_SIZE(addrs)),
								  pick(sizes, ARRAY_SIZE(sizes)),
								  (uint32_t)rnd() & 0xF, (uint32_t)rnd() & 7 };
		for (unsigned k = 0; k < HAVEN_MAX_MMIO_REGIONS + 2; k++)
			s->mmio[p][k] = (struct haven_mmio_region){
				.ipa = pick(addrs, ARRAY_SIZE(addrs)), .pa = pick(addrs, ARRAY_SIZE(addrs)),
				.size = pick(sizes, ARRAY_SIZE(sizes)),
				.compatible = dt_names[rnd() % ARRAY_SIZE(dt_names)],
				.clocks = dt_names[rnd() % ARRAY_SIZE(dt_names)], .dt_flags = (uint32_t)rnd() & 3 };
		for (unsigned k = 0; k < HAVEN_MAX_IRQS + 2; k++)
			s->irqs[p][k] = (uint32_t)(rnd() % 1100);
		for (unsigned k = 0; k < HAVEN_MAX_EXTRA + 2; k++)
			s->extra[p][k] = (struct haven_image){ .name = blobs[rnd() % ARRAY_SIZE(blobs)],
							       .load_ipa = pick(addrs, ARRAY_SIZE(addrs)) };
	}
}

int main(void)
{
	static struct fuzz_sys s;
	static struct haven_probe plan[1024];
	static char dt1[65536], dt2[65536];
	unsigned accepted = 0, rejected = 0, planned = 0, dts = 0, count_mismatch = 0;
	unsigned plan_bad = 0, dt_bad = 0, incomplete = 0, truncated = 0;
	char first_incomplete[300] = "";

	for (unsigned round = 0; round < FUZZ_ROUNDS; round++) {
		unsigned n;

		if (round % 2) {
			valid(&s);
			for (unsigned m = 1 + (unsigned)(rnd() % 3); m; m--)
				mutate(&s);
		} else {
			noise(&s);
		}
		msgs = 0;
		in_validator = true;
		n = haven_config_check(&s.cfg, &haven_platform);
		in_validator = false;
		count_mismatch += n != msgs;
		if (n) {
			rejected++;
			continue;
		}
		accepted++;
		for (unsigned p = 0; p < s.cfg.num_partitions; p++) {
			const struct haven_partition_config *q = &s.parts[p];
			int np = haven_probe_plan(&s.cfg, &haven_platform, q->image.name, plan, ARRAY_SIZE(plan));

			char why[200] = "";

			if (np < 0)
				continue;
			planned++;
			if (np >= (int)ARRAY_SIZE(plan)) {
				truncated++;
				continue;
			}
			if (pi_check_own(&s.cfg, p, plan, np, why, sizeof(why)) +
			    pi_check_others(&s.cfg, p, plan, np, why, sizeof(why))) {
				if (!incomplete++)
					snprintf(first_incomplete, sizeof(first_incomplete),
						 "round %u, plan of partition #%u: %s", round, p, why);
			}
			for (int i = 0; i < np; i++) {
				bool own = false;

				for (unsigned k = 0; k < q->num_mem; k++)
					own |= range_within(plan[i].addr, plan[i].size ? plan[i].size : 1,
							    q->mem[k].ipa, q->mem[k].size);
				if (own && plan[i].expect == PROBE_FAULT && strncmp(plan[i].label, "own.", 4))
					plan_bad++;
			}
		}
		msgs = 0;
		int l1 = haven_dtgen(&s.cfg, &haven_platform, "linux_dtb", rnd() % 0x2000000, dt1,
				     sizeof(dt1), NULL);
		if (l1 >= 0) {
			int l2 = haven_dtgen(&s.cfg, &haven_platform, "linux_dtb", 0, dt2, 16, NULL);

			dts++;
			dt_bad += (size_t)l1 >= sizeof(dt1) || l2 < 0 || strlen(dt2) > 15 ||
				  strlen(dt1) != (size_t)l1;
		}
	}
	fprintf(stderr, "# fuzz: %u configs: %u accepted, %u rejected; %u probe plans, %u DTs\n",
		FUZZ_ROUNDS, accepted, rejected, planned, dts);

	t_begin("fuzz.validator.no_crash");
	T_CHECK(accepted + rejected == FUZZ_ROUNDS, "ran %u of %u", accepted + rejected, FUZZ_ROUNDS);
	t_end();
	t_begin("fuzz.validator.count_matches_messages");
	T_CHECK(count_mismatch == 0, "%u configs returned a count unlike their messages", count_mismatch);
	t_end();
	t_begin("fuzz.validator.messages_name_partition_or_config");
	T_CHECK(bad_msgs == 0, "%u messages, e.g. '%s'", bad_msgs, first_bad);
	t_end();
	t_begin("fuzz.validator.both_outcomes");
	T_CHECK(accepted > 100 && rejected > 100, "accepted %u, rejected %u: the generator is off", accepted,
		rejected);
	t_end();
	t_begin("fuzz.probe_plan.only_own_probes_in_own_map");
	T_CHECK(plan_bad == 0 && planned > 0, "%u bad probes in %u plans", plan_bad, planned);
	t_end();
	t_begin("fuzz.probe_plan.complete");
	T_CHECK(incomplete == 0 && truncated == 0 && planned > 0,
		"%u incomplete and %u truncated plans of %u; first: %s", incomplete, truncated, planned,
		first_incomplete);
	t_end();
	t_begin("fuzz.dtgen.bounded_and_complete");
	T_CHECK(dt_bad == 0 && dts > 0, "%u bad renders of %u", dt_bad, dts);
	t_end();
	return t_exit_status();
}
