/* SPDX-License-Identifier: MIT */
/*
 * The config validator (see include/haven/check.h). The same file is compiled
 * into the EL2 hypervisor, which refuses to start a bad config, and into the
 * host checker tools/haven-check, which refuses to build one. It is
 * freestanding: no allocation, no recursion, and every loop is bounded by the
 * HAVEN_MAX_* limits or by 64 bitmap bits.
 *
 * Every problem is reported through cfg_report() and counted; nothing stops at
 * the first problem, so one run lists all of them. Each message names the
 * partition (by name and index) and the field, and says what to do where that
 * is not obvious. A region that is malformed in itself (size 0, or an address
 * range that wraps) is reported once and then left out of the overlap checks,
 * so that one mistake does not cause a cascade of follow-on messages.
 */
#include <haven/abi.h>
#include <haven/check.h>
#include <haven/lib.h>

/* Stage 2 uses a 39-bit input address (see include/haven/pgtable.h). */
#define IPA_LIMIT (1ULL << 39)
/* The longest partition name, without the NUL. */
#define NAME_MAX_LEN 31u
/* The longest DT name list (mmio[].compatible, mmio[].clocks), without the NUL. */
#define DT_LIST_MAX 127u
/* The first Shared Peripheral Interrupt; 0..31 are per-CPU SGIs and PPIs. */
#define FIRST_SPI 32u

/* The state of one validation run: what is checked, against what, and the problems so far. */
struct checker {
	const struct haven_config *cfg;
	const struct haven_platform *plat;
	unsigned problems;
};

/* One of the emulated device windows every partition sees at a fixed IPA. */
struct window {
	const char *name;
	uint64_t base;
	uint64_t size;
};

/*
 * The format of an address range [base, base + size), shown with its last
 * byte, and the matching arguments. The range must not wrap.
 */
#define RANGE_FMT "0x%llx..0x%llx"
#define RANGE_ARGS(base, size) (unsigned long long)(base), (unsigned long long)((base) + (size) - 1)
#define HEX(v) ((unsigned long long)(v))

/* Reports and counts a problem of the config as a whole. */
#define sys_report(ck, fmt, ...)                                   \
	do {                                                       \
		(ck)->problems++;                                  \
		cfg_report("config: " fmt, ##__VA_ARGS__);         \
	} while (0)

/* Reports and counts a problem of partition #i; the message starts with its field. */
#define part_report(ck, i, fmt, ...)                                                        \
	do {                                                                                \
		(ck)->problems++;                                                           \
		cfg_report("partition '%s' (#%u): " fmt, part_name(ck, i), (unsigned)(i), \
			   ##__VA_ARGS__);                                                  \
	} while (0)

/* Reports and counts that partition #i is empty; the message names the missing field. */
#define empty_report(ck, i, fmt, ...)                                                            \
	do {                                                                                     \
		(ck)->problems++;                                                                \
		cfg_report("partition '%s' (#%u) is empty: " fmt, part_name(ck, i), (unsigned)(i), \
			   ##__VA_ARGS__);                                                       \
	} while (0)

/* Returns partition #i. */
static const struct haven_partition_config *part(const struct checker *ck, unsigned i)
{
	return &ck->cfg->partitions[i];
}

/* Returns the name of partition #i for messages, or "?" when it has none. */
static const char *part_name(const struct checker *ck, unsigned i)
{
	const char *name = part(ck, i)->name;

	return name ? name : "?";
}

/* True when [base, base + size) is non-empty and does not wrap around the address space. */
static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && base + size > base;
}

/* The number of memory regions of p that are safe to look at (0 when the array is unusable). */
static uint32_t mem_count(const struct haven_partition_config *p)
{
	return p->mem && p->num_mem <= HAVEN_MAX_MEM_REGIONS ? p->num_mem : 0;
}

/* The number of MMIO regions of p that are safe to look at. */
static uint32_t mmio_count(const struct haven_partition_config *p)
{
	return p->mmio && p->num_mmio <= HAVEN_MAX_MMIO_REGIONS ? p->num_mmio : 0;
}

/* The number of interrupts of p that are safe to look at. */
static uint32_t irq_count(const struct haven_partition_config *p)
{
	return p->irqs && p->num_irqs <= HAVEN_MAX_IRQS ? p->num_irqs : 0;
}

/* The number of streams of p that are safe to look at. */
static uint32_t stream_count(const struct haven_partition_config *p)
{
	return p->streams && p->num_streams <= HAVEN_MAX_STREAMS ? p->num_streams : 0;
}

/* True when both the IPA and the PA range of a memory region are usable for comparisons. */
static bool mem_usable(const struct haven_mem_region *r)
{
	return range_ok(r->ipa, r->size) && range_ok(r->pa, r->size);
}

/* The whole 4 KiB pages of a size: what stage 2 could map of it. */
static uint64_t whole_pages(uint64_t size)
{
	return size & ~(SZ_4K - 1);
}

/* True when both the IPA and the PA range of an MMIO region are usable for comparisons. */
static bool mmio_usable(const struct haven_mmio_region *r)
{
	return range_ok(r->ipa, r->size) && range_ok(r->pa, r->size);
}

/* The number of set bits in a CPU bitmap, i.e. the partition's vCPU count. */
static unsigned cpu_count(uint64_t cpus)
{
	unsigned n = 0;

	for (unsigned b = 0; b < 64; b++)
		n += (unsigned)((cpus >> b) & 1);
	return n;
}

/*
 * Fills w with the emulated windows of a partition that runs on the CPUs in
 * cpus: the vGIC distributor, one vGIC redistributor frame per vCPU and the
 * vUART. Returns how many windows were written (at most 3).
 */
static unsigned emulated_windows(uint64_t cpus, struct window w[3])
{
	unsigned n = 0, nvcpus = cpu_count(cpus);

	w[n++] = (struct window){ "vGICD", HAVEN_VGICD_IPA, HAVEN_VGICD_SIZE };
	if (nvcpus)
		w[n++] = (struct window){ "vGICR", HAVEN_VGICR_IPA,
					  (uint64_t)nvcpus * HAVEN_VGICR_STRIDE };
	w[n++] = (struct window){ "vUART", HAVEN_VUART_IPA, HAVEN_VUART_SIZE };
	return n;
}

/*
 * Returns the index of the memory region of p whose IPA range contains addr
 * and is usable, or -1 when there is none.
 */
static int mem_at(const struct haven_partition_config *p, uint64_t addr)
{
	uint32_t n = mem_count(p);

	for (uint32_t k = 0; k < n; k++)
		if (mem_usable(&p->mem[k]) && range_within(addr, 1, p->mem[k].ipa, p->mem[k].size))
			return (int)k;
	return -1;
}

/* Returns the platform device that wholly contains [pa, pa + size), or NULL. */
static const struct haven_device *device_containing(const struct haven_platform *plat,
						    uint64_t pa, uint64_t size)
{
	for (uint32_t d = 0; d < plat->num_devices; d++)
		if (range_within(pa, size, plat->devices[d].base, plat->devices[d].size))
			return &plat->devices[d];
	return NULL;
}

/* Returns the platform device called name, or NULL. */
static const struct haven_device *device_named(const struct haven_platform *plat, const char *name)
{
	for (uint32_t d = 0; name && d < plat->num_devices; d++)
		if (plat->devices[d].name && strcmp(plat->devices[d].name, name) == 0)
			return &plat->devices[d];
	return NULL;
}

/* True when one of the usable mmio regions of p lies in device dev. */
static bool owns_device(const struct haven_partition_config *p, const struct haven_device *dev)
{
	uint32_t n = mmio_count(p);

	for (uint32_t k = 0; k < n; k++)
		if (mmio_usable(&p->mmio[k]) && range_within(p->mmio[k].pa, p->mmio[k].size, dev->base, dev->size))
			return true;
	return false;
}

/* True when the platform's SMMU translates the DMA of dev. */
static bool smmu_translates(const struct haven_platform *plat, const struct haven_device *dev)
{
	return plat->smmu && (dev->flags & HV_DEV_SMMU);
}

/* The number of schedules that are safe to look at. */
static uint32_t sched_count(const struct haven_config *cfg)
{
	return cfg->schedules && cfg->num_schedules <= HAVEN_MAX_CPUS ? cfg->num_schedules : 0;
}

/* The index of the first schedule of CPU cpu, or -1 when the CPU is dedicated. */
static int sched_of(const struct checker *ck, unsigned cpu)
{
	uint32_t n = sched_count(ck->cfg);

	for (uint32_t s = 0; s < n; s++)
		if (ck->cfg->schedules[s].cpu == cpu)
			return (int)s;
	return -1;
}

/* True when schedule s has a window for partition #i (among the windows safe to look at). */
static bool sched_has_window(const struct haven_schedule *sc, unsigned i)
{
	uint32_t n = sc->windows && sc->num_windows <= HAVEN_MAX_WINDOWS ? sc->num_windows : 0;

	for (uint32_t w = 0; w < n; w++)
		if (sc->windows[w].partition == i)
			return true;
	return false;
}

/*
 * Checks the header: magic, revision and the partition array. Returns false
 * when the partitions cannot be looked at safely, which ends the run.
 */
static bool check_system(struct checker *ck)
{
	const struct haven_config *cfg = ck->cfg;

	if (!cfg) {
		sys_report(ck, "haven_config is NULL; define one const struct haven_config");
		return false;
	}
	if (!ck->plat) {
		sys_report(ck, "no platform description to check against");
		return false;
	}
	if (cfg->magic != HAVEN_CONFIG_MAGIC) {
		sys_report(ck, "magic: 0x%x is not HAVEN_CONFIG_MAGIC (0x%x); set .magic = HAVEN_CONFIG_MAGIC",
			   (unsigned)cfg->magic, (unsigned)HAVEN_CONFIG_MAGIC);
		return false;
	}
	if (cfg->revision != HAVEN_CONFIG_REVISION) {
		sys_report(ck, "revision: %u is not %u, the revision this Haven understands; "
			   "update the config to include/haven/config.h and set .revision = HAVEN_CONFIG_REVISION",
			   (unsigned)cfg->revision, (unsigned)HAVEN_CONFIG_REVISION);
		return false;
	}
	if (cfg->num_partitions == 0) {
		sys_report(ck, "num_partitions: is 0; a system needs at least one partition");
		return false;
	}
	if (cfg->num_partitions > HAVEN_MAX_PARTITIONS) {
		sys_report(ck, "num_partitions: %u is more than HAVEN_MAX_PARTITIONS (%u)",
			   (unsigned)cfg->num_partitions, (unsigned)HAVEN_MAX_PARTITIONS);
		return false;
	}
	if (!cfg->partitions) {
		sys_report(ck, "partitions: is NULL but num_partitions is %u; point it at the partition array",
			   (unsigned)cfg->num_partitions);
		return false;
	}
	return true;
}

/* Checks that the name of partition #i is present, short, plain and unique. */
static void check_name(struct checker *ck, unsigned i)
{
	const char *name = part(ck, i)->name;
	unsigned len;

	if (!name) {
		part_report(ck, i, "name: is NULL; every partition needs a name (its console prefix)");
		return;
	}
	for (len = 0; len <= NAME_MAX_LEN && name[len]; len++)
		;
	if (len == 0) {
		part_report(ck, i, "name: is empty; every partition needs a name (its console prefix)");
		return;
	}
	if (len > NAME_MAX_LEN) {
		part_report(ck, i, "name: is longer than %u characters", NAME_MAX_LEN);
		return;
	}
	for (unsigned c = 0; c < len; c++) {
		char ch = name[c];

		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '-')) {
			part_report(ck, i, "name: character 0x%x at offset %u is not allowed; use only A-Z a-z 0-9 _ -",
				    (unsigned)(unsigned char)ch, c);
			return;
		}
	}
	for (unsigned j = 0; j < i; j++) {
		if (part(ck, j)->name && strcmp(part(ck, j)->name, name) == 0) {
			part_report(ck, i, "name: '%s' is also the name of partition #%u; names must be unique",
				    name, j);
			return;
		}
	}
}

/* Checks that partition #i has CPUs, that they exist, and that no other partition has them. */
static void check_cpus(struct checker *ck, unsigned i)
{
	const struct haven_partition_config *p = part(ck, i);
	uint32_t present = ck->plat->num_cpus;
	unsigned nvcpus = cpu_count(p->cpus);

	if (p->cpus == 0) {
		empty_report(ck, i, "cpus: no CPU is assigned; set at least one bit in .cpus");
		return;
	}
	for (unsigned b = 0; b < 64; b++)
		if ((p->cpus & BIT(b)) && b >= present)
			part_report(ck, i, "cpus: CPU %u is not present: platform has %u CPUs (0..%u)", b,
				    (unsigned)present, (unsigned)present - 1);
	if (nvcpus > HAVEN_MAX_VCPUS)
		part_report(ck, i, "cpus: 0x%llx gives it %u vCPUs; a partition has at most %u (HAVEN_MAX_VCPUS)",
			    HEX(p->cpus), nvcpus, (unsigned)HAVEN_MAX_VCPUS);
	for (unsigned j = 0; j < i; j++) {
		uint64_t both = p->cpus & part(ck, j)->cpus;

		for (unsigned b = 0; b < 64; b++)
			if ((both & BIT(b)) && sched_of(ck, b) < 0)
				part_report(ck, i, "cpus: CPU %u is also given to partition '%s' (#%u); "
					    "a CPU runs exactly one partition unless a schedule shares it",
					    b, part_name(ck, j), j);
	}
	for (unsigned b = 0; b < 64; b++) {
		int s = sched_of(ck, b);

		if (!(p->cpus & BIT(b)) || s < 0)
			continue;
		/* One vCPU: CPU_ON/OFF and IPIs between vCPUs never involve a shared CPU. */
		if (nvcpus != 1)
			part_report(ck, i, "cpus: CPU %u is shared (schedules[%d]) but the partition has %u vCPUs; "
				    "a partition on a shared CPU has exactly one vCPU", b, s, nvcpus);
		if (!sched_has_window(&ck->cfg->schedules[s], i))
			part_report(ck, i, "cpus: CPU %u is shared (schedules[%d]) but none of its windows is "
				    "this partition's, which would never run", b, s);
	}
}

/*
 * Checks the shape of one region of partition #i, field prefix "<kind>[k]":
 * a non-zero size, 4 KiB alignment of ipa, pa and size, no wrap-around and an
 * IPA range inside the 39-bit IPA space. Returns true when the region can be
 * compared with others (non-zero, no wrap), even if it is misaligned.
 */
static bool check_shape(struct checker *ck, unsigned i, const char *kind, unsigned k, uint64_t ipa,
			uint64_t pa, uint64_t size)
{
	bool usable = true;

	if (size == 0) {
		part_report(ck, i, "%s[%u].size: is 0; a region covers at least one 4 KiB page", kind, k);
		return false;
	}
	if (!IS_ALIGNED(ipa, SZ_4K))
		part_report(ck, i, "%s[%u].ipa: 0x%llx is not 4 KiB aligned; stage 2 maps whole 4 KiB pages",
			    kind, k, HEX(ipa));
	if (!IS_ALIGNED(pa, SZ_4K))
		part_report(ck, i, "%s[%u].pa: 0x%llx is not 4 KiB aligned; stage 2 maps whole 4 KiB pages",
			    kind, k, HEX(pa));
	if (!IS_ALIGNED(size, SZ_4K))
		part_report(ck, i, "%s[%u].size: 0x%llx is not 4 KiB aligned; round it up to whole 4 KiB pages",
			    kind, k, HEX(size));
	if (!range_ok(ipa, size)) {
		part_report(ck, i, "%s[%u].ipa: 0x%llx + size 0x%llx wraps around the address space",
			    kind, k, HEX(ipa), HEX(size));
		usable = false;
	} else if (ipa + size > IPA_LIMIT) {
		part_report(ck, i, "%s[%u].ipa: " RANGE_FMT " is beyond the 39-bit IPA space (the last IPA is 0x%llx)",
			    kind, k, RANGE_ARGS(ipa, size), HEX(IPA_LIMIT - 1));
	}
	if (!range_ok(pa, size)) {
		part_report(ck, i, "%s[%u].pa: 0x%llx + size 0x%llx wraps around the address space",
			    kind, k, HEX(pa), HEX(size));
		usable = false;
	}
	return usable;
}

/*
 * Checks that the IPA range of region "<kind>[k]" of partition #i stays clear of
 * the emulated windows the partition sees.
 */
static void check_windows(struct checker *ck, unsigned i, const char *kind, unsigned k, uint64_t ipa,
			  uint64_t size)
{
	struct window w[3];
	unsigned n = emulated_windows(part(ck, i)->cpus, w);

	for (unsigned x = 0; x < n; x++)
		if (ranges_overlap(ipa, size, w[x].base, w[x].size))
			part_report(ck, i, "%s[%u].ipa: " RANGE_FMT " overlaps the emulated %s window " RANGE_FMT
				    "; move the region elsewhere in IPA space",
				    kind, k, RANGE_ARGS(ipa, size), w[x].name, RANGE_ARGS(w[x].base, w[x].size));
}

/* Checks that memory region k of partition #i is wholly inside one RAM bank and clear of Haven. */
static void check_mem_placement(struct checker *ck, unsigned i, unsigned k)
{
	const struct haven_platform *plat = ck->plat;
	const struct haven_mem_region *r = &part(ck, i)->mem[k];
	bool in_ram = false;

	for (uint32_t b = 0; b < plat->num_ram && !in_ram; b++)
		in_ram = range_within(r->pa, r->size, plat->ram[b].base, plat->ram[b].size);
	if (!in_ram) {
		const struct haven_ram_bank *near = NULL;

		for (uint32_t b = 0; b < plat->num_ram && !near; b++)
			if (ranges_overlap(r->pa, r->size, plat->ram[b].base, plat->ram[b].size))
				near = &plat->ram[b];
		if (near)
			part_report(ck, i, "mem[%u].pa: " RANGE_FMT " runs past the end of RAM bank " RANGE_FMT
				    "; a region must lie wholly inside one bank",
				    k, RANGE_ARGS(r->pa, r->size), RANGE_ARGS(near->base, near->size));
		else if (plat->num_ram)
			part_report(ck, i, "mem[%u].pa: " RANGE_FMT " is outside RAM (platform '%s' has RAM at "
				    RANGE_FMT "%s); devices belong in mmio[], not mem[]",
				    k, RANGE_ARGS(r->pa, r->size), plat->name,
				    RANGE_ARGS(plat->ram[0].base, plat->ram[0].size),
				    plat->num_ram > 1 ? " and more banks" : "");
		else
			part_report(ck, i, "mem[%u].pa: " RANGE_FMT " is outside RAM (platform '%s' has none)",
				    k, RANGE_ARGS(r->pa, r->size), plat->name);
	}
	if (plat->hyp_size && ranges_overlap(r->pa, r->size, plat->hyp_base, plat->hyp_size))
		part_report(ck, i, "mem[%u].pa: " RANGE_FMT " overlaps the hypervisor's reserved region " RANGE_FMT
			    "; move the region out of Haven's memory",
			    k, RANGE_ARGS(r->pa, r->size), RANGE_ARGS(plat->hyp_base, plat->hyp_size));
	if (plat->store_size && ranges_overlap(r->pa, r->size, plat->store_base, plat->store_size))
		part_report(ck, i, "mem[%u].pa: " RANGE_FMT " overlaps Haven's image store " RANGE_FMT
			    "; move the region out of Haven's memory",
			    k, RANGE_ARGS(r->pa, r->size), RANGE_ARGS(plat->store_base, plat->store_size));
}

/*
 * Checks memory region k of partition #i against the partition's earlier
 * regions (IPA and PA) and against every region of the earlier partitions
 * (PA), which may only overlap when both regions are HV_MEM_SHARED.
 */
static void check_mem_overlaps(struct checker *ck, unsigned i, unsigned k)
{
	const struct haven_partition_config *p = part(ck, i);
	const struct haven_mem_region *r = &p->mem[k];

	for (unsigned l = 0; l < k; l++) {
		const struct haven_mem_region *o = &p->mem[l];

		if (!mem_usable(o))
			continue;
		if (ranges_overlap(r->ipa, r->size, o->ipa, o->size))
			part_report(ck, i, "mem[%u].ipa: " RANGE_FMT " overlaps mem[%u] (" RANGE_FMT
				    ") of the same partition; regions must not overlap in IPA space",
				    k, RANGE_ARGS(r->ipa, r->size), l, RANGE_ARGS(o->ipa, o->size));
		if (ranges_overlap(r->pa, r->size, o->pa, o->size))
			part_report(ck, i, "mem[%u].pa: " RANGE_FMT " overlaps mem[%u] (" RANGE_FMT
				    ") of the same partition; map each physical page once",
				    k, RANGE_ARGS(r->pa, r->size), l, RANGE_ARGS(o->pa, o->size));
	}
	for (unsigned j = 0; j < i; j++) {
		const struct haven_partition_config *q = part(ck, j);
		uint32_t n = mem_count(q);

		for (uint32_t l = 0; l < n; l++) {
			const struct haven_mem_region *o = &q->mem[l];
			bool mine = r->flags & HV_MEM_SHARED, theirs = o->flags & HV_MEM_SHARED;

			/* Whole pages only: a misaligned size is its own fault (check_shape), not the neighbour's. */
			if (!mem_usable(o) || !ranges_overlap(r->pa, whole_pages(r->size), o->pa, whole_pages(o->size)))
				continue;
			if (mine && theirs)
				continue;
			part_report(ck, i, "mem[%u].pa: " RANGE_FMT " overlaps partition '%s' (#%u) mem[%u]%s; "
				    "declare both regions HV_MEM_SHARED to share memory",
				    k, RANGE_ARGS(r->pa, r->size), part_name(ck, j), j, (unsigned)l,
				    mine ? ", which is not HV_MEM_SHARED (this one is)" :
				    theirs ? ", which is HV_MEM_SHARED (this one is not)" : "");
		}
	}
}

/* Checks the memory regions of partition #i. */
static void check_mem(struct checker *ck, unsigned i)
{
	const struct haven_partition_config *p = part(ck, i);

	if (p->num_mem == 0) {
		empty_report(ck, i, "num_mem: no memory regions; give it at least one for its image");
		return;
	}
	if (p->num_mem > HAVEN_MAX_MEM_REGIONS) {
		part_report(ck, i, "num_mem: %u is more than HAVEN_MAX_MEM_REGIONS (%u)",
			    (unsigned)p->num_mem, (unsigned)HAVEN_MAX_MEM_REGIONS);
		return;
	}
	if (!p->mem) {
		part_report(ck, i, "mem: is NULL but num_mem is %u", (unsigned)p->num_mem);
		return;
	}
	for (unsigned k = 0; k < p->num_mem; k++) {
		const struct haven_mem_region *r = &p->mem[k];

		if (r->perm == 0)
			part_report(ck, i, "mem[%u].perm: is 0; use HV_MEM_R, HV_MEM_RW or HV_MEM_RWX", k);
		else if (r->perm & ~HV_MEM_RWX)
			part_report(ck, i, "mem[%u].perm: 0x%x has unknown bits 0x%x; only HV_MEM_R, HV_MEM_W and HV_MEM_X exist",
				    k, (unsigned)r->perm, (unsigned)(r->perm & ~HV_MEM_RWX));
		if (r->flags & ~(HV_MEM_SHARED | HV_MEM_RESERVED))
			part_report(ck, i, "mem[%u].flags: 0x%x has unknown bits 0x%x; only HV_MEM_SHARED and "
				    "HV_MEM_RESERVED exist",
				    k, (unsigned)r->flags, (unsigned)(r->flags & ~(HV_MEM_SHARED | HV_MEM_RESERVED)));
		if (!check_shape(ck, i, "mem", k, r->ipa, r->pa, r->size))
			continue;
		check_mem_placement(ck, i, k);
		check_windows(ck, i, "mem", k, r->ipa, r->size);
		check_mem_overlaps(ck, i, k);
	}
}

/*
 * Checks that MMIO region k of partition #i is one assignable platform device
 * (or part of one) that no other partition, and no earlier region, has.
 */
static void check_mmio_device(struct checker *ck, unsigned i, unsigned k)
{
	const struct haven_platform *plat = ck->plat;
	const struct haven_partition_config *p = part(ck, i);
	const struct haven_mmio_region *r = &p->mmio[k];
	const struct haven_device *dev = device_containing(plat, r->pa, r->size);
	bool hyp = false;

	for (uint32_t d = 0; d < plat->num_devices; d++) {
		const struct haven_device *o = &plat->devices[d];

		if ((o->flags & HV_DEV_HYP) && ranges_overlap(r->pa, r->size, o->base, o->size)) {
			part_report(ck, i, "mmio[%u].pa: " RANGE_FMT ": %s is owned by Haven and cannot be passed through",
				    k, RANGE_ARGS(r->pa, r->size), o->name);
			hyp = true;
		}
	}
	if (!hyp && !dev) {
		const struct haven_device *near = NULL;

		for (uint32_t d = 0; d < plat->num_devices && !near; d++)
			if (ranges_overlap(r->pa, r->size, plat->devices[d].base, plat->devices[d].size))
				near = &plat->devices[d];
		if (near)
			part_report(ck, i, "mmio[%u].pa: " RANGE_FMT " is not wholly inside device '%s' (" RANGE_FMT
				    "); a region maps one device's window or a part of it",
				    k, RANGE_ARGS(r->pa, r->size), near->name, RANGE_ARGS(near->base, near->size));
		else
			part_report(ck, i, "mmio[%u].pa: " RANGE_FMT " is not a device of platform '%s'; "
				    "mmio[] passes through assignable devices only",
				    k, RANGE_ARGS(r->pa, r->size), plat->name);
	} else if (!hyp && !(dev->flags & HV_DEV_ASSIGNABLE)) {
		part_report(ck, i, "mmio[%u].pa: " RANGE_FMT ": device '%s' is not assignable to a partition",
			    k, RANGE_ARGS(r->pa, r->size), dev->name);
	}

	for (unsigned l = 0; l < k; l++) {
		const struct haven_mmio_region *o = &p->mmio[l];

		if (!mmio_usable(o))
			continue;
		if (ranges_overlap(r->pa, r->size, o->pa, o->size))
			part_report(ck, i, "mmio[%u].pa: " RANGE_FMT " overlaps mmio[%u] (" RANGE_FMT
				    ") of the same partition; list each device once",
				    k, RANGE_ARGS(r->pa, r->size), l, RANGE_ARGS(o->pa, o->size));
		if (ranges_overlap(r->ipa, r->size, o->ipa, o->size))
			part_report(ck, i, "mmio[%u].ipa: " RANGE_FMT " overlaps mmio[%u] (" RANGE_FMT
				    ") of the same partition",
				    k, RANGE_ARGS(r->ipa, r->size), l, RANGE_ARGS(o->ipa, o->size));
	}
	/* The ECAM is emulated: each partition sees only its own functions in it (core/vpci.c). */
	for (unsigned j = 0; j < i && !(dev && (dev->flags & HV_DEV_ECAM)); j++) {
		const struct haven_partition_config *q = part(ck, j);
		uint32_t n = mmio_count(q);

		for (uint32_t l = 0; l < n; l++)
			if (mmio_usable(&q->mmio[l]) &&
			    ranges_overlap(r->pa, r->size, q->mmio[l].pa, q->mmio[l].size))
				part_report(ck, i, "mmio[%u].pa: " RANGE_FMT ": device '%s' given twice: "
					    "partition '%s' (#%u) mmio[%u] has it too; a device belongs to exactly one partition",
					    k, RANGE_ARGS(r->pa, r->size), dev ? dev->name : "?",
					    part_name(ck, j), j, (unsigned)l);
	}
}

/* True when s is 1..DT_LIST_MAX characters of DT names ([A-Za-z0-9,._+-]+) separated by single spaces. */
static bool dt_list_ok(const char *s)
{
	unsigned len;

	for (len = 0; len <= DT_LIST_MAX && s[len]; len++) {
		char c = s[len];
		bool space = c == ' ';

		if (space && (len == 0 || s[len - 1] == ' ' || !s[len + 1]))
			return false;
		if (!space && !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
				c == ',' || c == '.' || c == '_' || c == '+' || c == '-'))
			return false;
	}
	return len > 0 && len <= DT_LIST_MAX;
}

/*
 * Checks what MMIO region k of partition #i tells haven-dtgen: well-formed
 * compatible and clock names, known flags, nothing without a compatible, and
 * the device's interrupt passed through (the DT node names it).
 */
static void check_mmio_dt(struct checker *ck, unsigned i, unsigned k)
{
	const struct haven_partition_config *p = part(ck, i);
	const struct haven_mmio_region *r = &p->mmio[k];
	const struct haven_device *dev = device_containing(ck->plat, r->pa, r->size);
	const char *field[2] = { "compatible", "clocks" }, *value[2] = { r->compatible, r->clocks };
	bool irq_passed = false;

	for (unsigned f = 0; f < 2; f++)
		if (value[f] && !dt_list_ok(value[f]))
			part_report(ck, i, "mmio[%u].%s: \"%s\" is not a list of DT names: use A-Z a-z 0-9 , . _ + - "
				    "with single spaces between names, at most %u characters", k, field[f], value[f],
				    DT_LIST_MAX);
	if (r->dt_flags & ~HV_DT_IRQ_EDGE)
		part_report(ck, i, "mmio[%u].dt_flags: 0x%x has unknown bits 0x%x; only HV_DT_IRQ_EDGE exists",
			    k, (unsigned)r->dt_flags, (unsigned)(r->dt_flags & ~HV_DT_IRQ_EDGE));
	if (!r->compatible) {
		if (r->clocks || r->dt_flags)
			part_report(ck, i, "mmio[%u].%s: is set but compatible is not; only a device with a "
				    "compatible is described in the DT", k, r->clocks ? "clocks" : "dt_flags");
		return;
	}
	if (!dev || !dev->irq)
		return;
	for (uint32_t l = 0; l < irq_count(p); l++)
		irq_passed |= p->irqs[l] == dev->irq;
	if (!irq_passed)
		part_report(ck, i, "mmio[%u].compatible: device '%s' raises INTID %u, which is not in irqs[]; "
			    "pass it through so that the DT can give the device its interrupt",
			    k, dev->name, (unsigned)dev->irq);
}

/* Checks the passed-through device windows of partition #i. */
static void check_mmio(struct checker *ck, unsigned i)
{
	const struct haven_partition_config *p = part(ck, i);
	uint32_t nmem = mem_count(p);

	if (p->num_mmio > HAVEN_MAX_MMIO_REGIONS) {
		part_report(ck, i, "num_mmio: %u is more than HAVEN_MAX_MMIO_REGIONS (%u)",
			    (unsigned)p->num_mmio, (unsigned)HAVEN_MAX_MMIO_REGIONS);
		return;
	}
	if (p->num_mmio && !p->mmio) {
		part_report(ck, i, "mmio: is NULL but num_mmio is %u", (unsigned)p->num_mmio);
		return;
	}
	for (unsigned k = 0; k < p->num_mmio; k++) {
		const struct haven_mmio_region *r = &p->mmio[k];

		if (!check_shape(ck, i, "mmio", k, r->ipa, r->pa, r->size))
			continue;
		check_mmio_device(ck, i, k);
		check_mmio_dt(ck, i, k);
		check_windows(ck, i, "mmio", k, r->ipa, r->size);
		for (unsigned l = 0; l < nmem; l++)
			if (mem_usable(&p->mem[l]) && ranges_overlap(r->ipa, r->size, p->mem[l].ipa, p->mem[l].size))
				part_report(ck, i, "mmio[%u].ipa: " RANGE_FMT " overlaps mem[%u] (" RANGE_FMT
					    ") of the same partition; give the device its own IPA range",
					    k, RANGE_ARGS(r->ipa, r->size), l,
					    RANGE_ARGS(p->mem[l].ipa, p->mem[l].size));
	}
}

/*
 * Checks that no mmio region of partition #i is a device whose DMA no SMMU
 * translates, unless the partition is trusted with physical DMA: such a
 * device reads and writes any physical address.
 */
static void check_dma_devices(struct checker *ck, unsigned i)
{
	const struct haven_partition_config *p = part(ck, i);
	uint32_t n = mmio_count(p);

	if (p->flags & HV_PART_TRUSTED_PHYS_DMA)
		return;
	for (uint32_t k = 0; k < n; k++) {
		const struct haven_mmio_region *r = &p->mmio[k];
		const struct haven_device *dev = mmio_usable(r) ? device_containing(ck->plat, r->pa, r->size) : NULL;

		if (dev && (dev->flags & HV_DEV_DMA) && !smmu_translates(ck->plat, dev))
			part_report(ck, i, "mmio[%u].pa: device '%s' masters DMA that no SMMU translates on platform '%s': "
				    "the partition could read and write all memory, Haven's included; use a platform "
				    "with an SMMU or, only if it is trusted that far, set HV_PART_TRUSTED_PHYS_DMA",
				    (unsigned)k, dev->name, ck->plat->name);
	}
}

/*
 * Checks the DMA streams of partition #i: each names a DMA-capable device the
 * partition owns and a stream ID the platform's SMMU translates, which no
 * other stream has.
 */
static void check_streams(struct checker *ck, unsigned i)
{
	const struct haven_platform *plat = ck->plat;
	const struct haven_partition_config *p = part(ck, i);

	if (p->num_streams > HAVEN_MAX_STREAMS) {
		part_report(ck, i, "num_streams: %u is more than HAVEN_MAX_STREAMS (%u)",
			    (unsigned)p->num_streams, (unsigned)HAVEN_MAX_STREAMS);
		return;
	}
	if (p->num_streams && !p->streams) {
		part_report(ck, i, "streams: is NULL but num_streams is %u", (unsigned)p->num_streams);
		return;
	}
	for (unsigned k = 0; k < p->num_streams; k++) {
		const struct haven_stream *st = &p->streams[k];
		const struct haven_device *dev = device_named(plat, st->device);

		if (!dev) {
			part_report(ck, i, "streams[%u].device: '%s' is not a device of platform '%s'", k,
				    st->device ? st->device : "(null)", plat->name);
			continue;
		}
		if (!(dev->flags & HV_DEV_DMA)) {
			part_report(ck, i, "streams[%u].device: '%s' masters no DMA; streams belong to DMA-capable devices",
				    k, dev->name);
			continue;
		}
		if (!owns_device(p, dev))
			part_report(ck, i, "streams[%u].device: '%s' is not in this partition's mmio[]; a stream belongs "
				    "to the partition that owns its device", k, dev->name);
		if (!smmu_translates(plat, dev)) {
			if (!(p->flags & HV_PART_TRUSTED_PHYS_DMA))
				part_report(ck, i, "streams[%u]: stream 0x%x of '%s' is DMA that no SMMU translates on "
					    "platform '%s'; use a platform with an SMMU or, only if the partition is "
					    "trusted that far, set HV_PART_TRUSTED_PHYS_DMA",
					    k, (unsigned)st->sid, dev->name, plat->name);
			continue;
		}
		if (plat->smmu->sid_bits < 32 && st->sid >> plat->smmu->sid_bits) {
			part_report(ck, i, "streams[%u].sid: 0x%x is beyond the SMMU's stream IDs (0..0x%x on platform '%s')",
				    k, (unsigned)st->sid, (unsigned)((1ULL << plat->smmu->sid_bits) - 1), plat->name);
			continue;
		}
		for (unsigned l = 0; l < k; l++)
			if (p->streams[l].sid == st->sid)
				part_report(ck, i, "streams[%u].sid: 0x%x is listed twice (streams[%u] too)", k,
					    (unsigned)st->sid, l);
		for (unsigned j = 0; j < i; j++) {
			const struct haven_partition_config *q = part(ck, j);
			uint32_t n = stream_count(q);

			for (uint32_t l = 0; l < n; l++)
				if (q->streams[l].sid == st->sid)
					part_report(ck, i, "streams[%u].sid: 0x%x is also given to partition '%s' (#%u) "
						    "streams[%u]; a stream belongs to exactly one partition",
						    k, (unsigned)st->sid, part_name(ck, j), j, (unsigned)l);
		}
	}
}

/* Checks the passed-through interrupts of partition #i. */
static void check_irqs(struct checker *ck, unsigned i)
{
	const struct haven_platform *plat = ck->plat;
	const struct haven_partition_config *p = part(ck, i);

	if (p->num_irqs > HAVEN_MAX_IRQS) {
		part_report(ck, i, "num_irqs: %u is more than HAVEN_MAX_IRQS (%u)",
			    (unsigned)p->num_irqs, (unsigned)HAVEN_MAX_IRQS);
		return;
	}
	if (p->num_irqs && !p->irqs) {
		part_report(ck, i, "irqs: is NULL but num_irqs is %u", (unsigned)p->num_irqs);
		return;
	}
	for (unsigned k = 0; k < p->num_irqs; k++) {
		uint32_t intid = p->irqs[k];

		if (intid < FIRST_SPI || intid >= plat->max_intid) {
			part_report(ck, i, "irqs[%u]: INTID %u is not an SPI (SPIs on '%s' are %u..%u); "
				    "SGIs and PPIs are per CPU and virtualised by Haven",
				    k, (unsigned)intid, plat->name, FIRST_SPI, (unsigned)plat->max_intid - 1);
			continue;
		}
		for (uint32_t d = 0; d < plat->num_devices; d++)
			if (plat->devices[d].irq == intid && (plat->devices[d].flags & HV_DEV_HYP))
				part_report(ck, i, "irqs[%u]: INTID %u belongs to %s, which is owned by Haven; "
					    "it cannot be passed through", k, (unsigned)intid, plat->devices[d].name);
		if (plat->smmu && (intid == plat->smmu->irq_eventq || intid == plat->smmu->irq_gerror))
			part_report(ck, i, "irqs[%u]: INTID %u is the SMMU's, which is owned by Haven; "
				    "it cannot be passed through", k, (unsigned)intid);
		for (unsigned l = 0; l < k; l++)
			if (p->irqs[l] == intid)
				part_report(ck, i, "irqs[%u]: INTID %u is listed twice (irqs[%u] too)", k,
					    (unsigned)intid, l);
		for (unsigned j = 0; j < i; j++) {
			const struct haven_partition_config *q = part(ck, j);
			uint32_t n = irq_count(q);

			for (uint32_t l = 0; l < n; l++)
				if (q->irqs[l] == intid)
					part_report(ck, i, "irqs[%u]: INTID %u is also given to partition '%s' (#%u) irqs[%u]; "
						    "an interrupt belongs to exactly one partition",
						    k, (unsigned)intid, part_name(ck, j), j, (unsigned)l);
		}
	}
}

/*
 * Checks that a blob fits in mem[load] of partition #i from its load address:
 * its bytes (known in the hypervisor only: host builds have no blobs, start
 * and end are NULL) and its memsz, the room it takes once it runs (.bss and
 * stacks too; known in both builds when the build measured it).
 */
static void check_blob_fits(struct checker *ck, unsigned i, const char *field,
			    const struct haven_image *img, int load)
{
	const struct haven_partition_config *p = part(ck, i);
	const char *name = img->name ? img->name : "?";
	uint64_t room;

	if (load < 0)
		return;
	room = p->mem[load].ipa + p->mem[load].size - img->load_ipa;
#ifndef HAVEN_HOST
	if (img->start && img->end) {
		if (img->end < img->start) {
			part_report(ck, i, "%s: '%s' ends before it starts", field, name);
			return;
		}
		if ((uint64_t)(img->end - img->start) > room) {
			part_report(ck, i, "%s: '%s' is 0x%llx bytes but mem[%u] has only 0x%llx bytes from load_ipa 0x%llx; "
				    "enlarge the region or load the image lower",
				    field, name, HEX(img->end - img->start), (unsigned)load, HEX(room),
				    HEX(img->load_ipa));
			return;
		}
	}
#endif
	if (img->memsz > room)
		part_report(ck, i, "%s: '%s' takes 0x%llx bytes from load_ipa 0x%llx once it runs (image, .bss and "
			    "stacks) but mem[%u] ends 0x%llx bytes after it, 0x%llx bytes short; enlarge mem[%u] "
			    "or load the image lower",
			    field, name, HEX(img->memsz), HEX(img->load_ipa), (unsigned)load, HEX(room),
			    HEX(img->memsz - room), (unsigned)load);
}

/* Checks the extra blobs of partition #i (initramfs, DTB): named, in readable memory, fitting. */
static void check_extra(struct checker *ck, unsigned i)
{
	const struct haven_partition_config *p = part(ck, i);

	if (p->num_extra > HAVEN_MAX_EXTRA) {
		part_report(ck, i, "num_extra: %u blobs, at most %u", (unsigned)p->num_extra,
			    (unsigned)HAVEN_MAX_EXTRA);
		return;
	}
	if (p->num_extra && !p->extra) {
		part_report(ck, i, "extra: is NULL but num_extra is %u", (unsigned)p->num_extra);
		return;
	}
	for (unsigned k = 0; k < p->num_extra; k++) {
		static const char *const field[] = { "extra[0]", "extra[1]", "extra[2]", "extra[3]" };
		_Static_assert(ARRAY_SIZE(field) == HAVEN_MAX_EXTRA, "a field name per extra[] slot");
		const struct haven_image *x = &p->extra[k];
		int at = mem_at(p, x->load_ipa);

		if (!x->name || !x->name[0])
			part_report(ck, i, "extra[%u].name: is empty; name the blob with HAVEN_IMAGE(name, load_ipa)", k);
		if (at < 0)
			part_report(ck, i, "extra[%u].load_ipa: 0x%llx is not inside any mem region", k,
				    HEX(x->load_ipa));
		else if (!(p->mem[at].perm & HV_MEM_W))
			part_report(ck, i, "extra[%u].load_ipa: 0x%llx is in mem[%u], which is not writable "
				    "(perm 0x%x); blobs go to RAM", k, HEX(x->load_ipa), (unsigned)at,
				    (unsigned)p->mem[at].perm);
		check_blob_fits(ck, i, field[k], x, at);
	}
}

/* Checks the partition flags of #i; one partition at most takes console input. */
static void check_flags(struct checker *ck, unsigned i)
{
	const struct haven_partition_config *p = part(ck, i);
	uint32_t known = HV_PART_CONSOLE_INPUT | HV_PART_TRUSTED_PHYS_DMA | HV_PART_PCI_HOST;
	bool ecam = false;

	if (p->flags & ~known)
		part_report(ck, i, "flags: 0x%x has unknown bits 0x%x; only HV_PART_CONSOLE_INPUT, "
			    "HV_PART_TRUSTED_PHYS_DMA and HV_PART_PCI_HOST exist", (unsigned)p->flags,
			    (unsigned)(p->flags & ~known));
	if (p->flags & HV_PART_CONSOLE_INPUT)
		for (unsigned j = 0; j < i; j++)
			if (part(ck, j)->flags & HV_PART_CONSOLE_INPUT)
				part_report(ck, i, "flags: HV_PART_CONSOLE_INPUT is also set on partition '%s' (#%u); "
					    "console input goes to one partition", part(ck, j)->name ? part(ck, j)->name : "?", j);
	if (!(p->flags & HV_PART_PCI_HOST))
		return;
	for (uint32_t d = 0; d < ck->plat->num_devices; d++)
		if (ck->plat->devices[d].flags & HV_DEV_ECAM)
			ecam |= owns_device(p, &ck->plat->devices[d]);
	if (!ecam)
		part_report(ck, i, "flags: HV_PART_PCI_HOST is set but mmio[] lists no PCIe ECAM of platform '%s'; "
			    "the PCI host partition configures functions through it", ck->plat->name);
	for (unsigned j = 0; j < i; j++)
		if (part(ck, j)->flags & HV_PART_PCI_HOST)
			part_report(ck, i, "flags: HV_PART_PCI_HOST is also set on partition '%s' (#%u); "
				    "one partition at most owns the PCIe host bridge", part_name(ck, j), j);
}

/*
 * Checks the image of partition #i: it has a name, it loads into executable
 * memory, the entry point is executable, and the DTB (if any) is readable.
 * In the hypervisor the image's size is known and must fit its region.
 */
static void check_image(struct checker *ck, unsigned i)
{
	const struct haven_partition_config *p = part(ck, i);
	const struct haven_image *img = &p->image;
	int load, entry;

	if (!img->name || !img->name[0])
		part_report(ck, i, "image.name: is empty; name the guest with HAVEN_IMAGE(name, load_ipa)");
	if (mem_count(p) == 0)
		return; /* reported by check_mem() */

	load = mem_at(p, img->load_ipa);
	if (load < 0)
		part_report(ck, i, "image.load_ipa: 0x%llx is not inside any mem region; "
			    "load the image into executable memory", HEX(img->load_ipa));
	else if (!(p->mem[load].perm & HV_MEM_X))
		part_report(ck, i, "image.load_ipa: 0x%llx is in mem[%u], which is not executable (perm 0x%x); "
			    "add HV_MEM_X", HEX(img->load_ipa), (unsigned)load, (unsigned)p->mem[load].perm);

	entry = mem_at(p, p->entry);
	if (entry < 0)
		part_report(ck, i, "entry: 0x%llx is not in executable memory: no mem region contains it",
			    HEX(p->entry));
	else if (!(p->mem[entry].perm & HV_MEM_X))
		part_report(ck, i, "entry: 0x%llx is not in executable memory: mem[%u] has perm 0x%x, without HV_MEM_X",
			    HEX(p->entry), (unsigned)entry, (unsigned)p->mem[entry].perm);
	if (!IS_ALIGNED(p->entry, 4))
		part_report(ck, i, "entry: 0x%llx is not 4-byte aligned; it must be the address of an A64 instruction",
			    HEX(p->entry));

	if (p->dtb_ipa) {
		int dtb = mem_at(p, p->dtb_ipa);

		if (dtb < 0)
			part_report(ck, i, "dtb_ipa: 0x%llx is not inside any mem region; use 0 for no DTB",
				    HEX(p->dtb_ipa));
		else if (!(p->mem[dtb].perm & HV_MEM_R))
			part_report(ck, i, "dtb_ipa: 0x%llx is in mem[%u], which is not readable (perm 0x%x)",
				    HEX(p->dtb_ipa), (unsigned)dtb, (unsigned)p->mem[dtb].perm);
	}

	check_blob_fits(ck, i, "image", img, load);
	check_extra(ck, i);
}

/* Checks that the fault policy of partition #i is one Haven knows. */
static void check_fault_policy(struct checker *ck, unsigned i)
{
	unsigned policy = (unsigned)part(ck, i)->fault_policy;

	if (policy != HV_FAULT_INJECT && policy != HV_FAULT_STOP)
		part_report(ck, i, "fault_policy: %u is neither HV_FAULT_INJECT (%u) nor HV_FAULT_STOP (%u)",
			    policy, (unsigned)HV_FAULT_INJECT, (unsigned)HV_FAULT_STOP);
}

/* Checks window w of schedule s: its partition runs on the CPU, its length, its place in the frame. */
static void check_window(struct checker *ck, unsigned s, unsigned w)
{
	const struct haven_schedule *sc = &ck->cfg->schedules[s];
	const struct haven_window *win = &sc->windows[w];
	uint64_t end = (uint64_t)win->offset_us + win->length_us;

	if (win->partition >= ck->cfg->num_partitions)
		sys_report(ck, "schedules[%u].windows[%u].partition: %u is not a partition (there are %u)",
			   s, w, (unsigned)win->partition, (unsigned)ck->cfg->num_partitions);
	else if (!(part(ck, win->partition)->cpus & BIT(sc->cpu % 64)))
		sys_report(ck, "schedules[%u].windows[%u].partition: '%s' (#%u) has no vCPU on CPU %u; "
			   "add the CPU to its .cpus", s, w, part_name(ck, win->partition),
			   (unsigned)win->partition, (unsigned)sc->cpu);
	if (win->length_us < HAVEN_SCHED_MIN_US)
		sys_report(ck, "schedules[%u].windows[%u].length_us: %u is shorter than HAVEN_SCHED_MIN_US (%u), "
			   "the shortest window Haven switches into on time", s, w, (unsigned)win->length_us,
			   (unsigned)HAVEN_SCHED_MIN_US);
	if (end > sc->frame_us)
		sys_report(ck, "schedules[%u].windows[%u]: %u..%llu us ends past the frame (frame_us %u)", s, w,
			   (unsigned)win->offset_us, (unsigned long long)end, (unsigned)sc->frame_us);
	if (w > 0) {
		const struct haven_window *prev = &sc->windows[w - 1];
		uint64_t prev_end = (uint64_t)prev->offset_us + prev->length_us;

		if (win->offset_us < prev_end)
			sys_report(ck, "schedules[%u].windows[%u].offset_us: %u is before the end of windows[%u] "
				   "(%llu us); list the windows in time order, without overlap", s, w,
				   (unsigned)win->offset_us, w - 1, (unsigned long long)prev_end);
	}
}

/* Checks the schedules: each names a present CPU once, has a sane frame and sane windows. */
static void check_schedules(struct checker *ck)
{
	const struct haven_config *cfg = ck->cfg;

	if (cfg->num_schedules > HAVEN_MAX_CPUS) {
		sys_report(ck, "num_schedules: %u is more than HAVEN_MAX_CPUS (%u)",
			   (unsigned)cfg->num_schedules, (unsigned)HAVEN_MAX_CPUS);
		return;
	}
	if (cfg->num_schedules && !cfg->schedules) {
		sys_report(ck, "schedules: is NULL but num_schedules is %u", (unsigned)cfg->num_schedules);
		return;
	}
	for (unsigned s = 0; s < cfg->num_schedules; s++) {
		const struct haven_schedule *sc = &cfg->schedules[s];

		if (sc->cpu >= ck->plat->num_cpus)
			sys_report(ck, "schedules[%u].cpu: CPU %u is not present: platform has %u CPUs", s,
				   (unsigned)sc->cpu, (unsigned)ck->plat->num_cpus);
		else if (sched_of(ck, sc->cpu) != (int)s)
			sys_report(ck, "schedules[%u].cpu: CPU %u has schedules[%d] already; one schedule per CPU",
				   s, (unsigned)sc->cpu, sched_of(ck, sc->cpu));
		if (sc->frame_us < HAVEN_SCHED_MIN_US || sc->frame_us > HAVEN_SCHED_MAX_FRAME_US)
			sys_report(ck, "schedules[%u].frame_us: %u is outside %u..%u "
				   "(HAVEN_SCHED_MIN_US..HAVEN_SCHED_MAX_FRAME_US)", s, (unsigned)sc->frame_us,
				   (unsigned)HAVEN_SCHED_MIN_US, (unsigned)HAVEN_SCHED_MAX_FRAME_US);
		if (sc->num_windows == 0 || sc->num_windows > HAVEN_MAX_WINDOWS) {
			sys_report(ck, "schedules[%u].num_windows: %u is not 1..%u (HAVEN_MAX_WINDOWS)", s,
				   (unsigned)sc->num_windows, (unsigned)HAVEN_MAX_WINDOWS);
			continue;
		}
		if (!sc->windows) {
			sys_report(ck, "schedules[%u].windows: is NULL but num_windows is %u", s,
				   (unsigned)sc->num_windows);
			continue;
		}
		for (unsigned w = 0; w < sc->num_windows; w++)
			check_window(ck, s, w);
	}
}

unsigned haven_config_check(const struct haven_config *cfg, const struct haven_platform *plat)
{
	struct checker ck = { .cfg = cfg, .plat = plat, .problems = 0 };

	if (!check_system(&ck))
		return ck.problems;
	for (unsigned i = 0; i < cfg->num_partitions; i++) {
		check_name(&ck, i);
		check_cpus(&ck, i);
		check_mem(&ck, i);
		check_mmio(&ck, i);
		check_irqs(&ck, i);
		check_dma_devices(&ck, i);
		check_streams(&ck, i);
		check_image(&ck, i);
		check_flags(&ck, i);
		check_fault_policy(&ck, i);
	}
	check_schedules(&ck);
	return ck.problems;
}
