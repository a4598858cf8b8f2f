/* SPDX-License-Identifier: MIT */
/*
 * The attacker's probe plan (see include/haven/probe.h): from the system config
 * alone, the list of accesses a test partition makes and the outcome each must
 * have. It is pure logic, freestanding like the validator, and is run on the
 * host by tools/haven-check --emit-probes.
 *
 * Addresses are IPAs of the attacker. Expectations come from the attacker's
 * own IPA map: its memory regions (with their permissions), its passed-through
 * devices and the emulated windows every partition sees. An address inside
 * that map is never probed with an expected fault, except for a permission
 * the region lacks (a write to a region without HV_MEM_W, a branch into a
 * region without HV_MEM_X, a device or an emulated window); everything else
 * the plan touches must fault.
 *
 * Execution is probed with a branch to a 4-byte aligned address; only faults
 * are planned (an executable region would need an instruction placed there).
 */
#include <haven/abi.h>
#include <haven/config.h>
#include <haven/lib.h>
#include <haven/platform.h>
#include <haven/probe.h>

/* Stage 2 uses a 39-bit input address; nothing at or above it is probed. */
#define IPA_LIMIT (1ULL << 39)
/* Offset of the hypervisor image in its reserved region (the load address). */
#define HYP_IMAGE_OFFSET 0x80000ULL

/* The plan being built: the caller's array, its capacity and the probes written so far. */
struct plan {
	struct haven_probe *out;
	unsigned max;
	unsigned n;
};

/* A probe label under construction; always NUL-terminated, silently truncated. */
struct label {
	char s[PROBE_LABEL_MAX];
	unsigned len;
};

/* Empties l. */
static void lb_init(struct label *l)
{
	l->len = 0;
	l->s[0] = '\0';
}

/*
 * Appends s to l. Characters that are not allowed in a test name (anything but
 * letters, digits, '.', '_' and '-') are replaced by '_'; a NULL s appends "?".
 */
static void lb_str(struct label *l, const char *s)
{
	if (!s)
		s = "?";
	for (; *s && l->len + 1 < PROBE_LABEL_MAX; s++) {
		char c = *s;

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			c = '_';
		l->s[l->len++] = c;
	}
	l->s[l->len] = '\0';
}

/* Appends the decimal form of v to l. */
static void lb_uint(struct label *l, unsigned v)
{
	char tmp[12];
	unsigned n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < sizeof(tmp));
	while (n && l->len + 1 < PROBE_LABEL_MAX)
		l->s[l->len++] = tmp[--n];
	l->s[l->len] = '\0';
}

/* Builds the label "<a><num><b>" (num omitted when negative) into l. */
static void lb_make(struct label *l, const char *a, int num, const char *b)
{
	lb_init(l);
	lb_str(l, a);
	if (num >= 0)
		lb_uint(l, (unsigned)num);
	lb_str(l, b);
}

/* Appends one probe to the plan; once the plan is full, further probes are dropped. */
static void add(struct plan *pl, uint64_t addr, uint8_t expect, uint8_t access, uint8_t size,
		const struct label *l)
{
	struct haven_probe *pr;

	if (pl->n >= pl->max)
		return;
	pr = &pl->out[pl->n++];
	pr->addr = addr;
	pr->expect = expect;
	pr->access = access;
	pr->size = size;
	memcpy(pr->label, l->s, sizeof(pr->label));
}

/* The number of memory regions of p that are safe to look at. */
static uint32_t mem_count(const struct haven_partition_config *p)
{
	return p->mem && p->num_mem <= HAVEN_MAX_MEM_REGIONS ? p->num_mem : 0;
}

/* The number of MMIO regions of p that are safe to look at. */
static uint32_t mmio_count(const struct haven_partition_config *p)
{
	return p->mmio && p->num_mmio <= HAVEN_MAX_MMIO_REGIONS ? p->num_mmio : 0;
}

/* True when [base, base + size) is non-empty and does not wrap. */
static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && base + size > base;
}

/* The number of vCPUs of p (set bits in its CPU bitmap). */
static unsigned vcpu_count(const struct haven_partition_config *p)
{
	unsigned n = 0;

	for (unsigned b = 0; b < 64; b++)
		n += (unsigned)((p->cpus >> b) & 1);
	return n;
}

/* True when addr is inside one of the emulated windows a partition with nvcpus vCPUs sees. */
static bool in_window(uint64_t addr, unsigned nvcpus)
{
	return range_within(addr, 1, HAVEN_VGICD_IPA, HAVEN_VGICD_SIZE) ||
	       (nvcpus && range_within(addr, 1, HAVEN_VGICR_IPA, nvcpus * HAVEN_VGICR_STRIDE)) ||
	       range_within(addr, 1, HAVEN_VUART_IPA, HAVEN_VUART_SIZE);
}

/*
 * True when IPA addr is mapped for partition a in any way: one of its memory
 * regions, one of its devices, or an emulated window. Addresses at or beyond
 * the IPA space count as mapped, so that nothing is ever probed there.
 */
static bool in_own_map(const struct haven_partition_config *a, uint64_t addr)
{
	uint32_t nmem = mem_count(a), nmmio = mmio_count(a);

	if (addr >= IPA_LIMIT)
		return true;
	for (uint32_t k = 0; k < nmem; k++)
		if (range_ok(a->mem[k].ipa, a->mem[k].size) &&
		    range_within(addr, 1, a->mem[k].ipa, a->mem[k].size))
			return true;
	for (uint32_t k = 0; k < nmmio; k++)
		if (range_ok(a->mmio[k].ipa, a->mmio[k].size) &&
		    range_within(addr, 1, a->mmio[k].ipa, a->mmio[k].size))
			return true;
	return in_window(addr, vcpu_count(a));
}

/* True when any memory region of a overlaps the physical range [pa, pa + size). */
static bool pa_mapped_by(const struct haven_partition_config *a, uint64_t pa, uint64_t size)
{
	uint32_t n = mem_count(a);

	for (uint32_t k = 0; k < n; k++)
		if (range_ok(a->mem[k].pa, a->mem[k].size) &&
		    ranges_overlap(pa, size, a->mem[k].pa, a->mem[k].size))
			return true;
	return false;
}

/* True when a device window [base, base + size) is passed through to a. */
static bool device_assigned_to(const struct haven_partition_config *a, uint64_t base, uint64_t size)
{
	uint32_t n = mmio_count(a);

	for (uint32_t k = 0; k < n; k++)
		if (range_ok(a->mmio[k].pa, a->mmio[k].size) &&
		    ranges_overlap(base, size, a->mmio[k].pa, a->mmio[k].size))
			return true;
	return false;
}

/* The last 4-byte aligned word of [base, base + size), which must hold one. */
static uint64_t last_word(uint64_t base, uint64_t size)
{
	return (base + size - 4) & ~3ULL;
}

/* Adds a branch to addr, expected to fault, labelled "<prefix>.exec" (only at a 4-byte aligned addr). */
static void add_exec_fault(struct plan *pl, uint64_t addr, const struct label *prefix)
{
	struct label l = *prefix;

	if (!IS_ALIGNED(addr, 4))
		return;
	lb_str(&l, ".exec");
	add(pl, addr, PROBE_FAULT, PROBE_EXEC, 4, &l);
}

/* Adds a read and a write probe at addr, both expected to fault, labelled "<prefix>.read/.write". */
static void add_fault_rw(struct plan *pl, const struct haven_partition_config *a, uint64_t addr,
			 const struct label *prefix)
{
	struct label l;

	if (in_own_map(a, addr))
		return;
	l = *prefix;
	lb_str(&l, ".read");
	add(pl, addr, PROBE_FAULT, PROBE_READ, 1, &l);
	l = *prefix;
	lb_str(&l, ".write");
	add(pl, addr, PROBE_FAULT, PROBE_WRITE, 1, &l);
}

/*
 * The byte just past the end of [base, end) and the byte just before it, read:
 * both fault unless something else of the attacker's map is there.
 */
static void plan_edges(struct plan *pl, const struct haven_partition_config *a, const char *kind,
		       uint32_t k, uint64_t base, uint64_t end)
{
	struct label l;

	if (!in_own_map(a, end)) {
		lb_make(&l, kind, (int)k, ".past_end.read");
		add(pl, end, PROBE_FAULT, PROBE_READ, 1, &l);
	}
	if (base > 0 && !in_own_map(a, base - 1)) {
		lb_make(&l, kind, (int)k, ".before.read");
		add(pl, base - 1, PROBE_FAULT, PROBE_READ, 1, &l);
	}
}

/*
 * The attacker's own regions: the first and last byte of each, read and
 * written, succeed exactly when the region's permissions allow it; the byte
 * just past the end and the byte just before the start fault unless something
 * else of the attacker's map is there.
 */
static void plan_own(struct plan *pl, const struct haven_partition_config *a)
{
	static const char *const edge[2] = { ".first", ".last" };
	static const char *const acc[2] = { ".read", ".write" };
	uint32_t n = mem_count(a);
	struct label l;

	for (uint32_t k = 0; k < n; k++) {
		const struct haven_mem_region *r = &a->mem[k];
		uint64_t end = r->ipa + r->size;

		if (!range_ok(r->ipa, r->size))
			continue;
		for (unsigned e = 0; e < 2; e++) {
			uint64_t addr = e ? end - 1 : r->ipa;

			for (unsigned x = 0; x < 2; x++) {
				bool allowed = r->perm & (x == PROBE_READ ? HV_MEM_R : HV_MEM_W);

				lb_make(&l, "own.mem", (int)k, edge[e]);
				lb_str(&l, acc[x]);
				add(pl, addr, allowed ? PROBE_OK : PROBE_FAULT, (uint8_t)x, 1, &l);
			}
			if (!(r->perm & HV_MEM_X) && r->size >= 4) {
				lb_make(&l, "own.mem", (int)k, edge[e]);
				add_exec_fault(pl, e ? last_word(r->ipa, r->size) : r->ipa, &l);
			}
		}
		plan_edges(pl, a, "own.mem", k, r->ipa, end);
	}
}

/*
 * The attacker's passed-through devices: a 4-byte read of the first and the
 * last word of each works (so give a test partition devices whose reads have
 * no side effects), a branch into it faults (device windows are never
 * executable), and the bytes around it fault like those of a memory region.
 */
static void plan_own_mmio(struct plan *pl, const struct haven_partition_config *a)
{
	uint32_t n = mmio_count(a);
	struct label l;

	for (uint32_t k = 0; k < n; k++) {
		const struct haven_mmio_region *r = &a->mmio[k];

		if (!range_ok(r->ipa, r->size) || r->size < 4)
			continue;
		lb_make(&l, "own.mmio", (int)k, ".first.read");
		add(pl, r->ipa, PROBE_OK, PROBE_READ, 4, &l);
		lb_make(&l, "own.mmio", (int)k, ".last.read");
		add(pl, last_word(r->ipa, r->size), PROBE_OK, PROBE_READ, 4, &l);
		lb_make(&l, "own.mmio", (int)k, ".first");
		add_exec_fault(pl, r->ipa, &l);
		plan_edges(pl, a, "own.mmio", k, r->ipa, r->ipa + r->size);
	}
}

/*
 * The memory of every other partition, at its physical address used as an
 * IPA: reads and writes of the first and last byte, and branches to the first
 * and last word, fault. Regions the attacker maps too (shared memory) are
 * left out.
 */
static void plan_others(struct plan *pl, const struct haven_config *cfg, unsigned self)
{
	const struct haven_partition_config *a = &cfg->partitions[self];

	for (unsigned i = 0; i < cfg->num_partitions; i++) {
		const struct haven_partition_config *p = &cfg->partitions[i];
		uint32_t n = mem_count(p);

		if (i == self)
			continue;
		for (uint32_t j = 0; j < n; j++) {
			const struct haven_mem_region *r = &p->mem[j];
			struct label first, last;

			if (!range_ok(r->pa, r->size) || pa_mapped_by(a, r->pa, r->size))
				continue;
			lb_init(&first);
			if (p->name) {
				lb_str(&first, p->name);
			} else {
				lb_str(&first, "partition");
				lb_uint(&first, i);
			}
			lb_str(&first, ".mem");
			lb_uint(&first, j);
			last = first;
			lb_str(&first, ".first");
			lb_str(&last, ".last");
			add_fault_rw(pl, a, r->pa, &first);
			add_fault_rw(pl, a, r->pa + r->size - 1, &last);
			if (!in_own_map(a, r->pa))
				add_exec_fault(pl, r->pa, &first);
			if (r->size >= 4 && !in_own_map(a, last_word(r->pa, r->size)))
				add_exec_fault(pl, last_word(r->pa, r->size), &last);
		}
	}
}

/*
 * The hypervisor's reserved memory: reads and writes of its base, its image and
 * its last byte fault, and so does a branch into its image.
 */
static void plan_hyp(struct plan *pl, const struct haven_partition_config *a,
		     const struct haven_platform *plat)
{
	struct label l;

	if (!range_ok(plat->hyp_base, plat->hyp_size))
		return;
	lb_make(&l, "hyp.base", -1, "");
	add_fault_rw(pl, a, plat->hyp_base, &l);
	if (plat->hyp_size > HYP_IMAGE_OFFSET) {
		uint64_t image = plat->hyp_base + HYP_IMAGE_OFFSET;

		lb_make(&l, "hyp.image", -1, "");
		add_fault_rw(pl, a, image, &l);
		if (!in_own_map(a, image))
			add_exec_fault(pl, image, &l);
	}
	lb_make(&l, "hyp.last", -1, "");
	add_fault_rw(pl, a, plat->hyp_base + plat->hyp_size - 1, &l);
}

/*
 * The interrupt controller: the vGIC distributor answers (one OK probe), and
 * the redistributor frames of physical CPUs beyond the attacker's vCPUs fault.
 */
static void plan_gic(struct plan *pl, const struct haven_partition_config *a,
		     const struct haven_platform *plat)
{
	struct label l;

	lb_make(&l, "vgicd.ctlr.read", -1, "");
	add(pl, HAVEN_VGICD_IPA, PROBE_OK, PROBE_READ, 4, &l);
	for (unsigned k = vcpu_count(a); k < plat->num_cpus && k < HAVEN_MAX_CPUS; k++) {
		uint64_t addr = HAVEN_VGICR_IPA + (uint64_t)k * HAVEN_VGICR_STRIDE;

		if (in_own_map(a, addr))
			continue;
		lb_make(&l, "gicr.cpu", (int)k, ".read");
		add(pl, addr, PROBE_FAULT, PROBE_READ, 4, &l);
	}
}

/*
 * Every platform device the attacker was not given: a read of its first word
 * faults, and so does a branch to it.
 */
static void plan_devices(struct plan *pl, const struct haven_partition_config *a,
			 const struct haven_platform *plat)
{
	for (uint32_t d = 0; d < plat->num_devices; d++) {
		const struct haven_device *dev = &plat->devices[d];
		struct label l, rd;

		if (!range_ok(dev->base, dev->size) || device_assigned_to(a, dev->base, dev->size) ||
		    in_own_map(a, dev->base))
			continue;
		lb_make(&l, "dev.", -1, dev->name);
		rd = l;
		lb_str(&rd, ".read");
		add(pl, dev->base, PROBE_FAULT, PROBE_READ, 4, &rd);
		add_exec_fault(pl, dev->base, &l);
	}
}

/* The emulated windows answer data accesses only: a branch into the vGICD or the vUART faults. */
static void plan_windows(struct plan *pl)
{
	struct label l;

	lb_make(&l, "vgicd", -1, "");
	add_exec_fault(pl, HAVEN_VGICD_IPA, &l);
	lb_make(&l, "vuart", -1, "");
	add_exec_fault(pl, HAVEN_VUART_IPA, &l);
}

int haven_probe_plan(const struct haven_config *cfg, const struct haven_platform *plat,
		     const char *image_name, struct haven_probe *out, unsigned max)
{
	struct plan pl = { .out = out, .max = out ? max : 0, .n = 0 };
	unsigned self = HAVEN_MAX_PARTITIONS;
	const struct haven_partition_config *a;

	if (!cfg || !plat || !image_name || !cfg->partitions || cfg->num_partitions > HAVEN_MAX_PARTITIONS)
		return -1;
	for (unsigned i = 0; i < cfg->num_partitions && self == HAVEN_MAX_PARTITIONS; i++)
		if (cfg->partitions[i].image.name && strcmp(cfg->partitions[i].image.name, image_name) == 0)
			self = i;
	if (self == HAVEN_MAX_PARTITIONS)
		return -1;
	a = &cfg->partitions[self];

	plan_own(&pl, a);
	plan_own_mmio(&pl, a);
	plan_gic(&pl, a, plat);
	plan_windows(&pl);
	plan_others(&pl, cfg, self);
	plan_hyp(&pl, a, plat);
	plan_devices(&pl, a, plat);
	return (int)pl.n;
}
