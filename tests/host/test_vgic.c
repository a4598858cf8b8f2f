/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the emulated GIC, drivers/vgic.c, compiled unchanged for the
 * host and linked with a fake GIC and core (fake_gic.c), which models the
 * physical distributor, the redistributors and each CPU's list registers and
 * records every write that reaches them, every injection and every posted
 * event.
 *
 * The system: partition A has 2 vCPUs on pCPUs 2 and 3, partition B 3 vCPUs on
 * pCPUs 0, 1 and 5, so no vCPU index equals its pCPU's index, and no pCPU's
 * MPIDR (fake_gic.c) equals a vCPU's or a pCPU's index. A passes through SPIs
 * 40, 41 and 70; B 34, 42, 44 and 100; every other SPI (43, 45, ...) belongs
 * to nobody. Both see the vUART's INTID 33, which is virtual. Each case starts from this
 * system freshly initialised by vgic_partition_init() and vgic_vcpu_init().
 *
 * traps.c rejects misaligned accesses before they reach vgicd_access() and
 * vgicr_access() (a violation); the unaligned cases call them anyway, so that
 * the driver's own bounds hold without that check.
 */
#include <haven/gic-regs.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fake_gic.h"
#include "harness.h"

#define WAKER_SLEEP 0x2u
#define WAKER_CHILDREN_ASLEEP 0x4u
#define TYPER_LAST BIT(4)
#define SGI1R_IRM BIT(40)
#define VUART 33u
#define VT 27u /* HAVEN_VTIMER_INTID */
#define PT 30u /* HAVEN_PTIMER_INTID */

#define BIT32(intid) ((uint32_t)BIT((intid) % 32))
#define SGI1R(intid, targets) (((uint64_t)(intid) << 24) | (targets))

static const uint32_t irqs_a[] = { 40, 41, 70 };
static const uint32_t irqs_b[] = { 34, 42, 44, 100 };

static const struct haven_partition_config cfgs[2] = {
	{ .name = "A", .cpus = BIT(2) | BIT(3), .num_irqs = 3, .irqs = irqs_a },
	{ .name = "B", .cpus = BIT(0) | BIT(1) | BIT(5), .num_irqs = 4, .irqs = irqs_b },
};

static struct partition parts[2];
static struct vcpu vcpu_storage[FAKE_CPUS]; /* by pCPU, as core/partition.c has them */
static struct partition *const A = &parts[0], *const B = &parts[1];
#define a0 (A->vcpus[0])
#define a1 (A->vcpus[1])
#define b0 (B->vcpus[0])
#define b1 (B->vcpus[1])
#define b2 (B->vcpus[2])

/* ---- the system -------------------------------------------------------- */

/* What core/partition.c's partitions_init() sets up, GIC part only. */
static void system_init(void)
{
	memset(parts, 0, sizeof(parts));
	memset(vcpu_storage, 0, sizeof(vcpu_storage));
	memset(pcpus, 0, sizeof(pcpus));
	fake_reset();
	for (unsigned i = 0; i < 2; i++) {
		struct partition *p = &parts[i];

		p->cfg = &cfgs[i];
		p->id = i;
		for (unsigned cpu = 0; cpu < FAKE_CPUS; cpu++) {
			struct vcpu *v = &vcpu_storage[cpu];

			if (!(cfgs[i].cpus & BIT(cpu)))
				continue;
			v->part = p;
			v->id = p->nvcpus;
			v->pcpu = cpu;
			v->vmpidr = v->id;
			pcpus[cpu].vcpu = v;
			p->vcpus[p->nvcpus++] = v;
		}
		vgic_partition_init(p);
		for (unsigned n = 0; n < p->nvcpus; n++)
			vgic_vcpu_init(p->vcpus[n]);
	}
	fake_clear_log();
}

/* The config's hardware SPIs of p in word n (the oracle: never vgic.c's own bitmaps). */
static uint32_t hw_bits(const struct partition *p, unsigned n)
{
	uint32_t bits = 0;

	for (unsigned i = 0; i < p->cfg->num_irqs; i++)
		if (p->cfg->irqs[i] / 32 == n)
			bits |= BIT32(p->cfg->irqs[i]);
	return bits;
}

/* Every INTID p may see in word n: its hardware SPIs and the vUART's. */
static uint32_t owned_bits(const struct partition *p, unsigned n)
{
	return hw_bits(p, n) | (n == VUART / 32 ? BIT32(VUART) : 0);
}

static bool owns(const struct partition *p, uint32_t intid)
{
	return intid < HAVEN_MAX_INTID && (owned_bits(p, intid / 32) & BIT32(intid));
}

/* ---- one helper per kind of access (as traps.c makes them) ------------- */

static uint64_t vgicd(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t val)
{
	fake_on_cpu(v->pcpu);
	T_CHECK(vgicd_access(v, off, size, write, &val), "vgicd_access(0x%llx, %u) refused",
		(unsigned long long)off, size);
	return val;
}

static uint32_t gicd_read(struct vcpu *v, uint64_t off)
{
	return (uint32_t)vgicd(v, off, 4, false, 0);
}

static void gicd_write(struct vcpu *v, uint64_t off, uint32_t val)
{
	vgicd(v, off, 4, true, val);
}

/* The 32-bit bitmap register base (GICD_ISENABLER ...) of word n. */
static uint32_t bitmap_read(struct vcpu *v, unsigned base, unsigned n)
{
	return gicd_read(v, base + 4 * n);
}

static void bitmap_write(struct vcpu *v, unsigned base, unsigned n, uint32_t val)
{
	gicd_write(v, base + 4 * n, val);
}

static uint64_t irouter_read(struct vcpu *v, uint32_t intid)
{
	return vgicd(v, GICD_IROUTER + 8 * intid, 8, false, 0);
}

static void irouter_write(struct vcpu *v, uint32_t intid, uint64_t val)
{
	vgicd(v, GICD_IROUTER + 8 * intid, 8, true, val);
}

static void prio_write8(struct vcpu *v, uint32_t intid, uint8_t prio)
{
	vgicd(v, GICD_IPRIORITYR + intid, 1, true, prio);
}

/* An access by v at offset off of redistributor frame `frame` (its partition's vCPU `frame`). */
static uint64_t vgicr(struct vcpu *v, unsigned frame, uint64_t off, unsigned size, bool write,
		      uint64_t val)
{
	uint64_t rel = frame * HAVEN_VGICR_STRIDE + off;

	fake_on_cpu(v->pcpu);
	T_CHECK(vgicr_access(v, rel, size, write, &val), "vgicr_access(0x%llx, %u) refused",
		(unsigned long long)rel, size);
	return val;
}

static uint32_t gicr_read(struct vcpu *v, unsigned frame, uint64_t off)
{
	return (uint32_t)vgicr(v, frame, off, 4, false, 0);
}

static void gicr_write(struct vcpu *v, unsigned frame, uint64_t off, uint32_t val)
{
	vgicr(v, frame, off, 4, true, val);
}

/* A trapped write of ICC_SGI1R_EL1 by v. */
static void sgi1r_write(struct vcpu *v, uint64_t sgi1r)
{
	fake_on_cpu(v->pcpu);
	vgic_sgi_trap(v, sgi1r);
}

/* vgic_set_virtual_spi() of A's vUART INTID, called on v's CPU (the vUART's trap). */
static void set_vuart(struct vcpu *v, bool level)
{
	fake_on_cpu(v->pcpu);
	vgic_set_virtual_spi(A, VUART, level);
}

/* What pcpu_handle_events() does on CPU cpu with the events posted there. */
static void run_events(unsigned cpu)
{
	uint32_t ev = pcpus[cpu].events;

	pcpus[cpu].events = 0;
	fake_on_cpu(cpu);
	if (ev & EV_SGI)
		vgic_deliver_sgis(pcpus[cpu].vcpu);
	if (ev & EV_VIRQ)
		vgic_deliver_spis(pcpus[cpu].vcpu);
}

/* ---- whole-system snapshots -------------------------------------------- */

struct world {
	struct partition parts[2];
	struct vcpu vcpus[FAKE_CPUS];
	struct fake_gic gic;
};

static struct world before;

static void snapshot(struct world *w)
{
	memcpy(w->parts, parts, sizeof(parts));
	memcpy(w->vcpus, vcpu_storage, sizeof(vcpu_storage));
	memcpy(&w->gic, &gic, sizeof(gic));
}

#define FIELD(type, f) { #f, offsetof(type, f), sizeof(((type *)0)->f) }
struct field {
	const char *name;
	size_t off, size;
};

static const struct field part_fields[] = {
	FIELD(struct partition, vgicd.lock), FIELD(struct partition, vgicd.ctlr),
	FIELD(struct partition, vgicd.owned), FIELD(struct partition, vgicd.hw),
	FIELD(struct partition, vgicd.enabled), FIELD(struct partition, vgicd.pending),
	FIELD(struct partition, vgicd.icfgr), FIELD(struct partition, vgicd.prio),
	FIELD(struct partition, vgicd.route),
};

static const struct field vcpu_fields[] = {
	FIELD(struct vcpu, sgi_inbox), FIELD(struct vcpu, vgicr.enabled),
	FIELD(struct vcpu, vgicr.pending), FIELD(struct vcpu, vgicr.icfgr1),
	FIELD(struct vcpu, vgicr.prio), FIELD(struct vcpu, vgicr.sleep),
	FIELD(struct vcpu, spi_pending),
};

static const struct field gic_fields[] = {
	FIELD(struct fake_gic, enable), FIELD(struct fake_gic, pend), FIELD(struct fake_gic, active),
	FIELD(struct fake_gic, icfgr), FIELD(struct fake_gic, route),
	FIELD(struct fake_gic, ppi_enable), FIELD(struct fake_gic, ppi_pend),
	FIELD(struct fake_gic, ppi_active), FIELD(struct fake_gic, lr),
};

/* Describes byte off of an object with these fields, e.g. "vgicd.prio+1020". */
static void name_byte(char *buf, size_t len, const struct field *f, size_t nf, size_t off)
{
	for (size_t i = 0; i < nf; i++) {
		if (off >= f[i].off && off < f[i].off + f[i].size) {
			snprintf(buf, len, "%s+%zu", f[i].name, off - f[i].off);
			return;
		}
	}
	snprintf(buf, len, "byte %zu", off);
}

static const char *first_diff(const void *a, const void *b, size_t size, const char *obj,
			      const struct field *f, size_t nf)
{
	static char buf[128];
	const unsigned char *x = a, *y = b;
	char where[64];

	if (!memcmp(a, b, size))
		return NULL;
	for (size_t i = 0; i < size; i++) {
		if (x[i] != y[i]) {
			name_byte(where, sizeof(where), f, nf, i);
			snprintf(buf, sizeof(buf), "%s %s: 0x%02x -> 0x%02x", obj, where, x[i], y[i]);
			return buf;
		}
	}
	return NULL;
}

/* The first difference between w and the system now, or NULL if none. */
static const char *world_diff(const struct world *w)
{
	static const char *const pnames[2] = { "partition A", "partition B" };
	static const char *const vnames[FAKE_CPUS] = { "vCPU B0", "vCPU B1", "vCPU A0", "vCPU A1",
						       "pCPU 4's (none)", "vCPU B2" };
	const char *d;

	for (unsigned i = 0; i < 2; i++)
		if ((d = first_diff(&w->parts[i], &parts[i], sizeof(parts[i]), pnames[i], part_fields,
				    ARRAY_SIZE(part_fields))))
			return d;
	for (unsigned i = 0; i < FAKE_CPUS; i++)
		if ((d = first_diff(&w->vcpus[i], &vcpu_storage[i], sizeof(vcpu_storage[i]), vnames[i],
				    vcpu_fields, ARRAY_SIZE(vcpu_fields))))
			return d;
	return first_diff(&w->gic, &gic, sizeof(gic), "physical GIC", gic_fields, ARRAY_SIZE(gic_fields));
}

/* ---- what reached the hardware ----------------------------------------- */

/*
 * The first INTID a write reached that p does not own in hardware, or -1 if
 * none: an SPI, or an SGI/PPI of pCPU c as 1000 * (c + 1) + INTID. ppis_ok:
 * the SGIs/PPIs writes may reach on the redistributors of p's own pCPUs.
 */
static int touched_outside(const struct partition *p, uint32_t ppis_ok)
{
	for (unsigned n = 0; n < HAVEN_SPI_WORDS; n++) {
		uint32_t bad = fake.touched[n] & ~hw_bits(p, n);

		if (bad)
			return (int)(32 * n + (unsigned)__builtin_ctz(bad));
	}
	for (unsigned cpu = 0; cpu < FAKE_CPUS; cpu++) {
		struct vcpu *v = pcpus[cpu].vcpu;
		uint32_t ok = v && v->part == p ? ppis_ok : 0;
		uint32_t bad = fake.touched_ppi[cpu] & ~ok;

		if (bad)
			return (int)(1000 * (cpu + 1) + (unsigned)__builtin_ctz(bad));
	}
	return -1;
}

static bool touched_nothing(void)
{
	for (unsigned n = 0; n < HAVEN_SPI_WORDS; n++)
		if (fake.touched[n])
			return false;
	for (unsigned cpu = 0; cpu < FAKE_CPUS; cpu++)
		if (fake.touched_ppi[cpu])
			return false;
	return true;
}

/* Whether the i-th injection was intid for vCPU v on its own CPU, with this priority. */
static bool injected(unsigned i, const struct vcpu *v, uint32_t intid, uint8_t prio, bool hw)
{
	const struct fake_inject *in = &fake.inject[i];

	return i < fake.ninject && in->v == v && in->cpu == v->pcpu && in->intid == intid &&
	       in->prio == prio && in->hw == hw;
}

static bool posted(unsigned i, unsigned cpu, uint32_t events)
{
	return i < fake.nposts && fake.post[i].cpu == cpu && fake.post[i].events == events;
}

/* ---- cases --------------------------------------------------------------- */

static void begin(const char *name)
{
	t_begin(name);
	system_init();
}

/* Ends a case: the fake saw no misuse and every lock is free again. */
#define end_case()                                                                         \
	do {                                                                               \
		T_CHECK(!fake.error[0], "fake GIC: %s", fake.error);                       \
		T_CHECK(!A->vgicd.lock.v && !B->vgicd.lock.v, "a vGIC lock is still held"); \
		t_end();                                                                   \
	} while (0)

static void test_gicd_id_regs(void)
{
	begin("vgic.gicd.id_regs");
	/* ITLinesNumber, IDbits = 10 bits, No1N (no 1-of-N routing: IRM is RES0). */
	T_CHECK(gicd_read(a0, GICD_TYPER) == ((FAKE_MAX_INTID / 32 - 1) | 9u << 19 | 1u << 25),
		"TYPER 0x%x", gicd_read(a0, GICD_TYPER));
	T_CHECK(gicd_read(b2, GICD_IIDR) == 0x0100484B, "IIDR 0x%x", gicd_read(b2, GICD_IIDR));
	T_CHECK(gicd_read(a1, GICD_PIDR2) == 0x3B, "PIDR2 0x%x", gicd_read(a1, GICD_PIDR2));
	T_CHECK(gicd_read(a0, GICD_CTLR) == 0x10, "CTLR 0x%x at reset (ARE_NS only)",
		gicd_read(a0, GICD_CTLR));
	gicd_write(a0, GICD_CTLR, ~0u);
	T_CHECK(gicd_read(a1, GICD_CTLR) == 0x12, "CTLR 0x%x after writing ones (EnableGrp1 + ARE_NS)",
		gicd_read(a1, GICD_CTLR));
	T_CHECK(gicd_read(b0, GICD_CTLR) == 0x10, "A's CTLR write shows in B: 0x%x",
		gicd_read(b0, GICD_CTLR));
	vgicd(a0, GICD_CTLR, 1, true, 0);
	T_CHECK(gicd_read(a0, GICD_CTLR) == 0x12, "a byte write changed CTLR: 0x%x",
		gicd_read(a0, GICD_CTLR));
	T_CHECK(vgicd(a0, GICD_TYPER, 8, false, 0) == 0, "a 64-bit read of TYPER is not 0");
	gicd_write(a0, GICD_CTLR, 0);
	T_CHECK(gicd_read(a0, GICD_CTLR) == 0x10, "CTLR 0x%x after writing 0", gicd_read(a0, GICD_CTLR));
	T_CHECK(touched_nothing() && !fake.ninject && !fake.nposts, "an ID/CTLR access reached the GIC");
	end_case();
}

/* Sets every SPI's, SGI's and PPI's physical state bits (the worst case for a leak). */
static void phys_all_ones(void)
{
	memset(gic.enable, 0xFF, sizeof(gic.enable));
	memset(gic.pend, 0xFF, sizeof(gic.pend));
	memset(gic.active, 0xFF, sizeof(gic.active));
	memset(gic.icfgr, 0xFF, sizeof(gic.icfgr));
	memset(gic.ppi_enable, 0xFF, sizeof(gic.ppi_enable));
	memset(gic.ppi_pend, 0xFF, sizeof(gic.ppi_pend));
	memset(gic.ppi_active, 0xFF, sizeof(gic.ppi_active));
}

static void test_gicd_enable(void)
{
	uint32_t a1w = hw_bits(A, 1), b1w = hw_bits(B, 1);

	begin("vgic.gicd.isenabler_icenabler");
	bitmap_write(a0, GICD_ISENABLER, 1, ~0u);
	T_CHECK(gic.enable[1] == a1w, "physical ISENABLER1 0x%08x, expected A's 0x%08x", gic.enable[1], a1w);
	T_CHECK(touched_outside(A, 0) < 0, "A's write reached INTID %d", touched_outside(A, 0));
	T_CHECK(bitmap_read(a1, GICD_ISENABLER, 1) == (a1w | BIT32(VUART)), "A reads ISENABLER1 0x%08x",
		bitmap_read(a1, GICD_ISENABLER, 1));
	T_CHECK(bitmap_read(a0, GICD_ICENABLER, 1) == (a1w | BIT32(VUART)), "A reads ICENABLER1 0x%08x",
		bitmap_read(a0, GICD_ICENABLER, 1));
	T_CHECK(bitmap_read(b0, GICD_ISENABLER, 1) == 0, "B reads A's enables: 0x%08x",
		bitmap_read(b0, GICD_ISENABLER, 1));
	fake_clear_log();
	bitmap_write(b2, GICD_ISENABLER, 1, ~0u);
	T_CHECK(gic.enable[1] == (a1w | b1w), "physical ISENABLER1 0x%08x after B's write", gic.enable[1]);
	T_CHECK(touched_outside(B, 0) < 0, "B's write reached INTID %d", touched_outside(B, 0));
	T_CHECK(bitmap_read(a0, GICD_ISENABLER, 1) == (a1w | BIT32(VUART)), "A reads B's enables: 0x%08x",
		bitmap_read(a0, GICD_ISENABLER, 1));
	bitmap_write(a1, GICD_ISENABLER, 2, BIT32(70));
	T_CHECK(gic.enable[2] == BIT32(70), "ISENABLER2 of SPI 70: physical 0x%08x", gic.enable[2]);
	fake_clear_log();
	bitmap_write(a1, GICD_ICENABLER, 1, ~0u);
	T_CHECK(gic.enable[1] == b1w, "physical ISENABLER1 0x%08x after A's ICENABLER1 (B's: 0x%08x)",
		gic.enable[1], b1w);
	T_CHECK(touched_outside(A, 0) < 0, "A's ICENABLER1 reached INTID %d", touched_outside(A, 0));
	T_CHECK(bitmap_read(a0, GICD_ISENABLER, 1) == 0, "A reads 0x%08x after ICENABLER1",
		bitmap_read(a0, GICD_ISENABLER, 1));
	T_CHECK(gic.enable[2] == BIT32(70), "ICENABLER1 changed word 2: 0x%08x", gic.enable[2]);
	end_case();
}

/* ISPENDR/ICPENDR or ISACTIVER/ICACTIVER (set, clear, phys) of A's hardware SPIs. */
static void pend_active_case(const char *name, unsigned set, unsigned clr, uint32_t *phys)
{
	uint32_t a1w = hw_bits(A, 1), b1w = hw_bits(B, 1);

	begin(name);
	phys[1] = b1w; /* B's SPIs in the state A's write of ones would clear */
	bitmap_write(a0, set, 1, ~0u);
	T_CHECK(phys[1] == (a1w | b1w), "physical word 1: 0x%08x after A's set (A 0x%08x, B 0x%08x)",
		phys[1], a1w, b1w);
	T_CHECK(touched_outside(A, 0) < 0, "A's set reached INTID %d", touched_outside(A, 0));
	T_CHECK((bitmap_read(a1, set, 1) & ~BIT32(VUART)) == a1w, "A reads 0x%08x",
		bitmap_read(a1, set, 1));
	T_CHECK((bitmap_read(a0, clr, 1) & ~BIT32(VUART)) == a1w, "A reads the clear register 0x%08x",
		bitmap_read(a0, clr, 1));
	T_CHECK(bitmap_read(b1, set, 1) == b1w, "B reads 0x%08x (its own: 0x%08x)", bitmap_read(b1, set, 1),
		b1w);
	bitmap_write(a1, clr, 1, ~0u);
	T_CHECK(phys[1] == b1w, "physical word 1: 0x%08x after A's clear", phys[1]);
	T_CHECK(touched_outside(A, 0) < 0, "A's clear reached INTID %d", touched_outside(A, 0));
	T_CHECK((bitmap_read(a0, set, 1) & ~BIT32(VUART)) == 0, "A reads 0x%08x after clearing",
		bitmap_read(a0, set, 1));
	end_case();
}

/* No write of A's touches what is not A's; every read shows only A's INTIDs. */
static void test_gicd_unowned(void)
{
	static const unsigned regs[] = { GICD_ISENABLER, GICD_ICENABLER, GICD_ISPENDR,
					 GICD_ICPENDR, GICD_ISACTIVER, GICD_ICACTIVER };

	begin("vgic.gicd.unowned_untouched");
	for (unsigned r = 0; r < ARRAY_SIZE(regs); r++) {
		for (unsigned n = 0; n < HAVEN_SPI_WORDS; n++) {
			uint32_t fill = (regs[r] & 0x80) ? 0xFF : 0; /* opposite of what the write does */

			memset(gic.enable, fill, sizeof(gic.enable));
			memset(gic.pend, fill, sizeof(gic.pend));
			memset(gic.active, fill, sizeof(gic.active));
			fake_clear_log();
			bitmap_write(a1, regs[r], n, ~0u);
			T_CHECK(touched_outside(A, 0) < 0, "A's write of 0x%x reached INTID %d",
				regs[r] + 4 * n, touched_outside(A, 0));
			for (unsigned w = 1; w < HAVEN_SPI_WORDS; w++) {
				uint32_t others = ~hw_bits(A, w), want = fill ? ~0u : 0;

				T_CHECK(!((gic.enable[w] ^ want) & others) && !((gic.pend[w] ^ want) & others) &&
						!((gic.active[w] ^ want) & others),
					"A's write of 0x%x changed word %u of the distributor", regs[r] + 4 * n, w);
			}
		}
	}
	end_case();

	begin("vgic.gicd.unowned_read_as_zero");
	phys_all_ones();
	gicr_write(a0, 0, GICR_ISENABLER0, BIT32(6));
	sgi1r_write(a0, SGI1R(6, 0x1)); /* an SGI and a PPI in list registers: not the distributor's */
	fake_forward(a0, VT, 0);
	for (unsigned r = 0; r < ARRAY_SIZE(regs); r++) {
		for (unsigned n = 0; n < HAVEN_SPI_WORDS; n++) {
			uint32_t got = bitmap_read(a1, regs[r], n), want = hw_bits(A, n);

			T_CHECK(got == want, "A reads 0x%x as 0x%08x with every physical bit set, expected 0x%08x",
				regs[r] + 4 * n, got, want);
		}
		T_CHECK(bitmap_read(b0, regs[r], 1) == hw_bits(B, 1), "B reads 0x%x as 0x%08x", regs[r] + 4,
			bitmap_read(b0, regs[r], 1));
	}
	for (unsigned n = 0; n < HAVEN_SPI_WORDS; n++)
		T_CHECK(gicd_read(a0, GICD_IGROUPR + 4 * n) == owned_bits(A, n), "IGROUPR%u reads 0x%08x", n,
			gicd_read(a0, GICD_IGROUPR + 4 * n));
	T_CHECK(gicd_read(a0, GICD_ICFGR + 8) == (3u << 16 | 3u << 18),
		"ICFGR2 0x%08x with every physical field 3: A's 40 and 41 only", gicd_read(a0, GICD_ICFGR + 8));
	T_CHECK(gicd_read(a0, GICD_ICFGR + 16) == 3u << 12, "ICFGR4 0x%08x: A's 70 only",
		gicd_read(a0, GICD_ICFGR + 16));
	end_case();
}

/* The vUART's INTID 33 is virtual: in software, delivered through list registers or an event. */
static void test_gicd_vuart(void)
{
	begin("vgic.gicd.vuart_virtual");
	prio_write8(a0, VUART, 0x80);
	bitmap_write(a0, GICD_ISENABLER, 1, BIT32(VUART));
	T_CHECK(touched_nothing(), "enabling INTID 33 reached the physical GIC");
	T_CHECK(bitmap_read(a1, GICD_ISENABLER, 1) == BIT32(VUART), "A reads ISENABLER1 0x%08x",
		bitmap_read(a1, GICD_ISENABLER, 1));
	T_CHECK(bitmap_read(b0, GICD_ISENABLER, 1) == 0, "B sees A's INTID 33 enabled");
	bitmap_write(a0, GICD_ISPENDR, 1, BIT32(VUART));
	T_CHECK(fake.ninject == 1 && injected(0, a0, VUART, 0x80, false),
		"ISPENDR of an enabled INTID 33 routed to the writer: %u injections", fake.ninject);
	T_CHECK(fake_find_lr(a0->pcpu, VUART) != NULL, "INTID 33 is in no list register of pCPU 2");
	T_CHECK(bitmap_read(a0, GICD_ISPENDR, 1) == BIT32(VUART), "A0 reads ISPENDR1 0x%08x",
		bitmap_read(a0, GICD_ISPENDR, 1));
	T_CHECK(touched_nothing() && !fake.nposts, "INTID 33 reached the physical GIC or posted");

	/* Routed to vCPU 1: raised from vCPU 0's CPU, delivered on vCPU 1's. */
	irouter_write(a0, VUART, 1);
	T_CHECK(irouter_read(a1, VUART) == 1, "IROUTER33 reads %llu", (unsigned long long)irouter_read(a1, VUART));
	fake_clear_log();
	set_vuart(a0, true);
	T_CHECK(fake.ninject == 0 && fake.nposts == 1 && posted(0, a1->pcpu, EV_VIRQ),
		"raised for vCPU 1: %u injections, %u posts (cpu %u)", fake.ninject, fake.nposts,
		fake.post[0].cpu);
	fake_on_cpu(a0->pcpu);
	vgic_deliver_spis(a0);
	T_CHECK(!fake.ninject, "vCPU 0 took INTID 33, routed to vCPU 1");
	run_events(a1->pcpu);
	T_CHECK(fake.ninject == 1 && injected(0, a1, VUART, 0x80, false),
		"EV_VIRQ on pCPU 3 did not inject INTID 33 into vCPU 1 (%u injections)", fake.ninject);
	T_CHECK(bitmap_read(a1, GICD_ISPENDR, 1) == BIT32(VUART), "A1 reads ISPENDR1 0x%08x",
		bitmap_read(a1, GICD_ISPENDR, 1));

	/* Raised while disabled: latched, delivered when enabled. */
	bitmap_write(a0, GICD_ICENABLER, 1, BIT32(VUART));
	fake_clear_log();
	set_vuart(a0, true);
	T_CHECK(!fake.ninject && !fake.nposts, "a disabled INTID 33 was delivered");
	T_CHECK(A->vgicd.pending[1] == BIT32(VUART), "a disabled INTID 33 is not latched");
	set_vuart(a1, false);
	T_CHECK(!A->vgicd.pending[1], "a lowered INTID 33 stays pending");
	set_vuart(b2, true); /* from a CPU of another partition (the console's input) */
	bitmap_write(a0, GICD_ISENABLER, 1, BIT32(VUART));
	T_CHECK(fake.nposts == 1 && posted(0, a1->pcpu, EV_VIRQ), "enabling did not send INTID 33 to vCPU 1");
	T_CHECK(!B->vgicd.pending[1] && !B->vgicd.enabled[1], "B's INTID 33 changed");

	/* Raised on the target's own CPU while it is parked: latched, not put into its list registers. */
	irouter_write(a0, VUART, 0);
	set_vuart(a1, false);
	fake_clear_log();
	fake_on_cpu(a0->pcpu);
	pcpus[a0->pcpu].in_guest = false;
	vgic_set_virtual_spi(A, VUART, true);
	T_CHECK(!fake.ninject && !fake.nposts && A->vgicd.pending[1] == BIT32(VUART),
		"INTID 33 raised for a parked vCPU 0 on its CPU: %u injections, %u posts", fake.ninject,
		fake.nposts);
	T_CHECK(touched_nothing(), "INTID 33 reached the physical GIC");
	end_case();
}

static void test_gicd_ipriorityr(void)
{
	begin("vgic.gicd.ipriorityr");
	prio_write8(a0, 40, 0x11);
	prio_write8(a0, 41, 0x22);
	T_CHECK(vgicd(a1, GICD_IPRIORITYR + 41, 1, false, 0) == 0x22, "byte read of IPRIORITYR41");
	T_CHECK(gicd_read(a1, GICD_IPRIORITYR + 40) == 0x2211, "IPRIORITYR10 reads 0x%08x",
		gicd_read(a1, GICD_IPRIORITYR + 40));
	gicd_write(a0, GICD_IPRIORITYR + 40, 0x44332211); /* 42 is B's, 43 nobody's */
	T_CHECK(gicd_read(a0, GICD_IPRIORITYR + 40) == 0x2211, "IPRIORITYR10 reads 0x%08x after a word write",
		gicd_read(a0, GICD_IPRIORITYR + 40));
	T_CHECK(!A->vgicd.prio[42] && !A->vgicd.prio[43] && !B->vgicd.prio[42],
		"the priority of an unowned SPI was stored");
	T_CHECK(gicd_read(b0, GICD_IPRIORITYR + 40) == 0, "B reads A's priorities");
	T_CHECK(touched_nothing(), "a priority reached the physical GIC (Haven's priority stays)");

	/* SGIs and PPIs are the redistributor's; the last word; beyond the last INTID. */
	static const struct { uint64_t off; unsigned size; } none[] = {
		{ GICD_IPRIORITYR, 4 }, { GICD_IPRIORITYR + 28, 4 }, { GICD_IPRIORITYR + 1020, 4 },
		{ GICD_IPRIORITYR + 1023, 1 }, { GICD_IPRIORITYR + 1022, 4 }, { GICD_IPRIORITYR + 1021, 8 },
		{ GICD_IPRIORITYR + 1024, 4 }, { GICD_IPRIORITYR + 1023, 4 },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(none); i++) {
		snapshot(&before);
		vgicd(a0, none[i].off, none[i].size, true, ~0ULL);
		T_CHECK(!world_diff(&before), "writing IPRIORITYR at 0x%llx (%u bytes) changed %s",
			(unsigned long long)none[i].off, none[i].size, world_diff(&before));
		T_CHECK(vgicd(a0, none[i].off, none[i].size, false, 0) == 0, "0x%llx does not read as 0",
			(unsigned long long)none[i].off);
	}
	end_case();
}

static void test_gicd_icfgr(void)
{
	uint32_t b_fields = 2u << 4 | 2u << 20 | 2u << 24 | 2u << 26 | 2u << 30; /* B: 34, 42, 44; 45, 47 */

	begin("vgic.gicd.icfgr");
	gic.icfgr[2] = b_fields;
	gicd_write(a0, GICD_ICFGR + 8, ~0u);
	T_CHECK(gic.icfgr[2] == (b_fields | 2u << 16 | 2u << 18),
		"physical ICFGR2 0x%08x after A's write of ones: A's 40, 41 edge, the rest as before", gic.icfgr[2]);
	T_CHECK(touched_outside(A, 0) < 0, "A's ICFGR2 write reached INTID %d", touched_outside(A, 0));
	T_CHECK(gicd_read(a1, GICD_ICFGR + 8) == (2u << 2 | 2u << 16 | 2u << 18),
		"A reads ICFGR2 0x%08x (33 in software, 40 and 41 physical)", gicd_read(a1, GICD_ICFGR + 8));
	T_CHECK(gicd_read(b1, GICD_ICFGR + 8) == (2u << 4 | 2u << 20 | 2u << 24),
		"B reads ICFGR2 0x%08x", gicd_read(b1, GICD_ICFGR + 8));
	fake_clear_log();
	gic.icfgr[2] = ~0u;
	gicd_write(a1, GICD_ICFGR + 8, 0);
	T_CHECK(gic.icfgr[2] == ~(3u << 16 | 3u << 18), "physical ICFGR2 0x%08x after A's write of 0",
		gic.icfgr[2]);
	T_CHECK(touched_outside(A, 0) < 0, "A's ICFGR2 write reached INTID %d", touched_outside(A, 0));
	gicd_write(a1, GICD_ICFGR + 16, ~0u);
	T_CHECK(gic.icfgr[4] == 2u << 12, "physical ICFGR4 0x%08x: SPI 70 only", gic.icfgr[4]);

	/* SGI/PPI words, words of nobody's or B's SPIs, words beyond the last INTID. */
	snapshot(&before);
	fake_clear_log();
	for (unsigned n = 0; n < 2 * HAVEN_SPI_WORDS; n++)
		if (n != 2 && n != 4)
			gicd_write(a0, GICD_ICFGR + 4 * n, ~0u);
	T_CHECK(!world_diff(&before), "an ICFGR write without A's INTIDs changed %s", world_diff(&before));
	T_CHECK(touched_nothing(), "an ICFGR write without A's INTIDs reached the GIC");
	end_case();
}

static void test_gicd_irouter(void)
{
	begin("vgic.gicd.irouter");
	irouter_write(a0, 40, 1);
	T_CHECK(gic.route[40] == pcpus[a1->pcpu].mpidr, "IROUTER40 = vCPU 1 routes to 0x%llx, not pCPU 3's MPIDR",
		(unsigned long long)gic.route[40]);
	T_CHECK(irouter_read(a1, 40) == 1, "IROUTER40 reads 0x%llx", (unsigned long long)irouter_read(a1, 40));
	T_CHECK(gicd_read(a1, GICD_IROUTER + 8 * 40) == 1 && gicd_read(a1, GICD_IROUTER + 8 * 40 + 4) == 0,
		"32-bit halves of IROUTER40");
	gicd_write(a1, GICD_IROUTER + 8 * 41, 1);
	T_CHECK(gic.route[41] == pcpus[a1->pcpu].mpidr, "a 32-bit IROUTER41 write routes to 0x%llx",
		(unsigned long long)gic.route[41]);
	irouter_write(a1, 40, 0);
	T_CHECK(gic.route[40] == pcpus[a0->pcpu].mpidr, "IROUTER40 = vCPU 0 routes to 0x%llx",
		(unsigned long long)gic.route[40]);
	irouter_write(b0, 44, 2);
	T_CHECK(gic.route[44] == pcpus[b2->pcpu].mpidr, "B's IROUTER44 = vCPU 2 routes to 0x%llx",
		(unsigned long long)gic.route[44]);
	T_CHECK(irouter_read(b1, 44) == 2, "IROUTER44 reads 0x%llx", (unsigned long long)irouter_read(b1, 44));

	/* Values that name none of the partition's vCPUs: vCPU 0. */
	static const uint64_t nobody[] = { 2, 0xFF, 0x101, 0x10001, 0x100000001ULL, BIT(31) | 1, ~0ULL };
	for (unsigned i = 0; i < ARRAY_SIZE(nobody); i++) {
		irouter_write(a0, 41, 1);
		irouter_write(a0, 41, nobody[i]);
		T_CHECK(gic.route[41] == pcpus[a0->pcpu].mpidr && irouter_read(a0, 41) == 0,
			"IROUTER41 = 0x%llx routes to 0x%llx, reads 0x%llx (vCPU 0 expected)",
			(unsigned long long)nobody[i], (unsigned long long)gic.route[41],
			(unsigned long long)irouter_read(a0, 41));
	}
	gicd_write(a0, GICD_IROUTER + 8 * 40 + 4, ~0u);
	T_CHECK(gic.route[40] == pcpus[a0->pcpu].mpidr, "a write of IROUTER40's upper half routed it");

	/* B's, nobody's, virtual, and out-of-range INTIDs. */
	fake_clear_log();
	snapshot(&before);
	for (uint32_t intid = 0; intid < HAVEN_MAX_INTID + 8; intid++) {
		if (owns(A, intid))
			continue;
		irouter_write(a1, intid, 1);
		T_CHECK(irouter_read(a1, intid) == 0, "IROUTER%u of an INTID not A's reads 0x%llx", intid,
			(unsigned long long)irouter_read(a1, intid));
	}
	T_CHECK(!world_diff(&before), "an IROUTER write of an INTID not A's changed %s", world_diff(&before));
	T_CHECK(touched_nothing(), "an IROUTER write of an INTID not A's reached the GIC");
	irouter_write(a0, VUART, 1);
	T_CHECK(touched_nothing() && A->vgicd.route[VUART] == 1, "IROUTER33 is virtual");
	end_case();
}

/* Whether off (with an access of size bytes) is a vGICD register with an effect. */
static bool gicd_known(uint64_t off, unsigned size)
{
	if ((off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + HAVEN_MAX_INTID) ||
	    (off >= GICD_IROUTER && off < GICD_IROUTER + 8 * HAVEN_MAX_INTID))
		return true;
	return size == 4 && (off == GICD_CTLR || off == GICD_TYPER || off == GICD_IIDR ||
			     off == GICD_PIDR2 || (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) ||
			     (off >= GICD_ICFGR && off < GICD_ICFGR + 8 * HAVEN_SPI_WORDS));
}

static void test_gicd_reserved(void)
{
	begin("vgic.gicd.reserved_raz_wi");
	phys_all_ones();
	snapshot(&before);
	for (unsigned size = 1; size <= 8; size *= 2) {
		for (uint64_t off = 0; off < HAVEN_VGICD_SIZE; off += size) {
			if (gicd_known(off, size))
				continue;
			vgicd(a0, off, size, true, ~0ULL);
			T_CHECK(!world_diff(&before) && !fake.ninject && !fake.nposts,
				"a %u-byte write of reserved offset 0x%llx changed %s", size,
				(unsigned long long)off, world_diff(&before));
			T_CHECK(vgicd(a0, off, size, false, 0) == 0, "reserved offset 0x%llx (%u bytes) reads 0x%llx",
				(unsigned long long)off, size, (unsigned long long)vgicd(a0, off, size, false, 0));
		}
	}
	end_case();
}

/*
 * Every offset of the window, aligned or not, every size: written with ones
 * and read by A. Nothing of B or of nobody's INTIDs changes, A's state stays
 * within its own INTIDs, and only A's vCPUs get interrupts.
 */
static void bounded_sweep(const char *name, bool redist)
{
	struct partition b_before;
	struct vcpu bv_before[3];
	uint64_t win;

	begin(name);
	win = redist ? A->nvcpus * HAVEN_VGICR_STRIDE : HAVEN_VGICD_SIZE;
	memcpy(&b_before, B, sizeof(b_before));
	for (unsigned i = 0; i < 3; i++)
		memcpy(&bv_before[i], B->vcpus[i], sizeof(bv_before[i]));
	for (uint64_t off = 0; off < win; off++) {
		for (unsigned size = 1; size <= 8; size *= 2) {
			struct vcpu *v = off & 1 ? a1 : a0;

			if (redist) {
				vgicr(v, 0, off, size, true, ~0ULL);
				vgicr(v, 0, off, size, false, 0);
			} else {
				vgicd(v, off, size, true, ~0ULL);
				vgicd(v, off, size, false, 0);
			}
			T_CHECK(touched_outside(A, HAVEN_TIMER_PPIS) < 0, "offset 0x%llx (%u bytes) reached INTID %d",
				(unsigned long long)off, size, touched_outside(A, HAVEN_TIMER_PPIS));
			T_CHECK(!fake.error[0], "offset 0x%llx (%u bytes): %s", (unsigned long long)off, size,
				fake.error);
			for (unsigned i = 0; i < fake.ninject; i++)
				T_CHECK(fake.inject[i].v->part == A && (fake.inject[i].intid < 32 ||
									 owns(A, fake.inject[i].intid)),
					"offset 0x%llx injected INTID %u into partition %u", (unsigned long long)off,
					fake.inject[i].intid, fake.inject[i].v->part->id);
			for (unsigned i = 0; i < fake.nposts; i++)
				T_CHECK(pcpus[fake.post[i].cpu].vcpu->part == A, "offset 0x%llx posted to pCPU %u",
					(unsigned long long)off, fake.post[i].cpu);
			fake_clear_log();
			for (unsigned c = 0; c < FAKE_CPUS; c++) /* keep list registers free */
				memset(gic.lr[c], 0, sizeof(gic.lr[c]));
		}
	}
	T_CHECK(!first_diff(&b_before, B, sizeof(b_before), "partition B", part_fields,
			    ARRAY_SIZE(part_fields)),
		"%s", first_diff(&b_before, B, sizeof(b_before), "partition B", part_fields,
				 ARRAY_SIZE(part_fields)));
	for (unsigned i = 0; i < 3; i++)
		T_CHECK(!memcmp(&bv_before[i], B->vcpus[i], sizeof(bv_before[i])), "vCPU B%u changed", i);
	for (unsigned n = 0; n < HAVEN_SPI_WORDS; n++) {
		struct vgicd *d = &A->vgicd;

		T_CHECK(d->owned[n] == owned_bits(A, n) && d->hw[n] == hw_bits(A, n),
			"A's owned/hw bitmaps of word %u changed", n);
		T_CHECK(!((d->enabled[n] | d->pending[n]) & ~owned_bits(A, n)),
			"A has an INTID not its own enabled or pending in word %u", n);
		for (unsigned i = 0; i < 32; i++) {
			uint32_t intid = 32 * n + i;

			T_CHECK(owns(A, intid) || (!d->prio[intid] && !d->route[intid]),
				"A stored a priority or route for INTID %u", intid);
		}
		T_CHECK(!((a0->spi_pending[n] | a1->spi_pending[n]) & ~owned_bits(A, n)),
			"A's vCPUs queued SPIs not A's in word %u", n);
	}
	for (unsigned n = 0; n < 2 * HAVEN_SPI_WORDS; n++) {
		uint32_t mask = 0;

		for (unsigned i = 0; i < 16; i++)
			if (owns(A, 16 * n + i))
				mask |= 3u << (2 * i);
		T_CHECK(!(A->vgicd.icfgr[n] & ~mask), "A stored ICFGR%u fields not its own: 0x%08x", n,
			A->vgicd.icfgr[n]);
	}
	end_case();
}

/* ---- redistributors ---------------------------------------------------- */

static void test_gicr_frames(void)
{
	begin("vgic.gicr.typer_frames");
	for (unsigned i = 0; i < 2; i++) {
		struct partition *p = &parts[i];

		for (unsigned r = 0; r < p->nvcpus; r++) {
			struct vcpu *reader = p->vcpus[r];

			for (unsigned f = 0; f < p->nvcpus; f++) {
				uint64_t want = (uint64_t)f << 8 | (uint64_t)f << 32 |
						(f == p->nvcpus - 1 ? TYPER_LAST : 0);
				uint64_t got = vgicr(reader, f, GICR_TYPER, 8, false, 0);

				T_CHECK(got == want, "partition %s vCPU %u reads frame %u's TYPER 0x%llx, expected 0x%llx",
					p->cfg->name, r, f, (unsigned long long)got, (unsigned long long)want);
				T_CHECK(gicr_read(reader, f, GICR_TYPER) == (uint32_t)want &&
						gicr_read(reader, f, GICR_TYPER + 4) == (uint32_t)(want >> 32),
					"32-bit halves of frame %u's TYPER", f);
				/* A narrower read carries only its own bytes (the trap puts it in Xt as is). */
				T_CHECK(vgicr(reader, f, GICR_TYPER, 1, false, 0) == (want & 0xFF) &&
						vgicr(reader, f, GICR_TYPER, 2, false, 0) == (want & 0xFFFF),
					"byte/halfword reads of frame %u's TYPER: 0x%llx, 0x%llx", f,
					(unsigned long long)vgicr(reader, f, GICR_TYPER, 1, false, 0),
					(unsigned long long)vgicr(reader, f, GICR_TYPER, 2, false, 0));
			}
		}
	}
	T_CHECK(gicr_read(b2, 1, GICR_IIDR) == 0x0100484B, "GICR_IIDR");
	T_CHECK(gicr_read(a1, 0, GICR_PIDR2) == 0x3B, "GICR_PIDR2");
	T_CHECK(gicr_read(a1, 0, GICR_IGROUPR0) == ~0u, "GICR_IGROUPR0 0x%08x", gicr_read(a1, 0, GICR_IGROUPR0));
	T_CHECK(gicr_read(a1, 0, GICR_ICFGR0) == 0xAAAAAAAA, "GICR_ICFGR0 0x%08x", gicr_read(a1, 0, GICR_ICFGR0));
	gicr_write(a0, 1, GICR_ICFGR1, ~0u);
	T_CHECK(a1->vgicr.icfgr1 == (0xAAAAAAAAu & ~(3u << 2 * (VT - 16)) & ~(3u << 2 * (PT - 16))),
		"ICFGR1 of frame 1: 0x%08x (the timers stay level)", a1->vgicr.icfgr1);
	T_CHECK(!a0->vgicr.icfgr1, "frame 1's ICFGR1 write reached vCPU 0");
	T_CHECK(touched_nothing(), "an ICFGR1 write reached the GIC");
	end_case();
}

static void test_gicr_waker(void)
{
	begin("vgic.gicr.waker");
	T_CHECK(gicr_read(a0, 0, GICR_WAKER) == (WAKER_SLEEP | WAKER_CHILDREN_ASLEEP), "WAKER 0x%x at reset",
		gicr_read(a0, 0, GICR_WAKER));
	gicr_write(a0, 1, GICR_WAKER, 0);
	T_CHECK(gicr_read(a0, 1, GICR_WAKER) == 0, "frame 1's WAKER 0x%x after waking",
		gicr_read(a0, 1, GICR_WAKER));
	T_CHECK(!a1->vgicr.sleep && a0->vgicr.sleep, "frame 1 is not vCPU 1's");
	T_CHECK(gicr_read(a1, 0, GICR_WAKER) == (WAKER_SLEEP | WAKER_CHILDREN_ASLEEP), "frame 0 woke too");
	T_CHECK(gicr_read(b1, 1, GICR_WAKER) == (WAKER_SLEEP | WAKER_CHILDREN_ASLEEP), "B's frame 1 woke too");
	gicr_write(a1, 1, GICR_WAKER, WAKER_CHILDREN_ASLEEP);
	T_CHECK(gicr_read(a1, 1, GICR_WAKER) == 0, "ChildrenAsleep is read-only");
	gicr_write(a1, 1, GICR_WAKER, WAKER_SLEEP);
	T_CHECK(gicr_read(a0, 1, GICR_WAKER) == (WAKER_SLEEP | WAKER_CHILDREN_ASLEEP), "asleep again");
	end_case();
}

/* The timers' PPIs: each frame's enable, pending and active bits live on its vCPU's pCPU. */
static void test_gicr_timer_ppis(void)
{
	begin("vgic.gicr.timer_ppis");
	gicr_write(a0, 0, GICR_ISENABLER0, BIT32(VT) | BIT32(PT) | BIT32(1) | BIT32(16));
	T_CHECK(gic.ppi_enable[a0->pcpu] == (BIT32(VT) | BIT32(PT)), "pCPU 2's ISENABLER0 0x%08x",
		gic.ppi_enable[a0->pcpu]);
	T_CHECK(fake.touched_ppi[a0->pcpu] == (BIT32(VT) | BIT32(PT)) &&
			touched_outside(A, BIT32(VT) | BIT32(PT)) < 0,
		"ISENABLER0 of frame 0 reached another redistributor or PPI");
	T_CHECK(gicr_read(a1, 0, GICR_ISENABLER0) == (BIT32(VT) | BIT32(PT) | BIT32(1) | BIT32(16)),
		"frame 0's ISENABLER0 reads 0x%08x", gicr_read(a1, 0, GICR_ISENABLER0));
	fake_clear_log();
	gicr_write(a0, 1, GICR_ISENABLER0, BIT32(VT));
	T_CHECK(fake.touched_ppi[a1->pcpu] == BIT32(VT) && touched_outside(A, BIT32(VT)) < 0,
		"frame 1's ISENABLER0 did not reach pCPU 3 only (pCPU 3: 0x%08x, pCPU 1: 0x%08x)",
		fake.touched_ppi[a1->pcpu], fake.touched_ppi[1]);
	T_CHECK(gicr_read(a0, 1, GICR_ISENABLER0) == BIT32(VT), "frame 1 reads 0x%08x",
		gicr_read(a0, 1, GICR_ISENABLER0));
	gicr_write(b0, 2, GICR_ISENABLER0, BIT32(PT));
	T_CHECK(gic.ppi_enable[b2->pcpu] == BIT32(PT), "B's frame 2 did not reach pCPU 5");
	gicr_write(a1, 0, GICR_ICENABLER0, BIT32(VT) | BIT32(1));
	T_CHECK(gic.ppi_enable[a0->pcpu] == BIT32(PT), "ICENABLER0 of frame 0: pCPU 2 0x%08x",
		gic.ppi_enable[a0->pcpu]);
	T_CHECK(gic.ppi_enable[a1->pcpu] == BIT32(VT) && gic.ppi_enable[0] == 0 && gic.ppi_enable[1] == 0,
		"ICENABLER0 of frame 0 reached another CPU");

	fake_clear_log();
	gicr_write(a0, 0, GICR_ISPENDR0, BIT32(VT));
	T_CHECK(gic.ppi_pend[a0->pcpu] == BIT32(VT), "ISPENDR0: pCPU 2 pending 0x%08x", gic.ppi_pend[a0->pcpu]);
	T_CHECK(gicr_read(a0, 0, GICR_ISPENDR0) == BIT32(VT), "frame 0 ISPENDR0 reads 0x%08x",
		gicr_read(a0, 0, GICR_ISPENDR0));
	gicr_write(a0, 1, GICR_ISACTIVER0, BIT32(PT));
	T_CHECK(gic.ppi_active[a1->pcpu] == BIT32(PT), "ISACTIVER0 of frame 1: pCPU 3 active 0x%08x",
		gic.ppi_active[a1->pcpu]);
	T_CHECK(gicr_read(a0, 1, GICR_ISACTIVER0) == BIT32(PT), "frame 1 ISACTIVER0 reads 0x%08x",
		gicr_read(a0, 1, GICR_ISACTIVER0));
	gicr_write(a0, 1, GICR_ICACTIVER0, ~0u);
	gicr_write(a1, 0, GICR_ICPENDR0, ~0u);
	T_CHECK(!gic.ppi_active[a1->pcpu] && !gic.ppi_pend[a0->pcpu], "ICACTIVER0/ICPENDR0 did not clear");
	T_CHECK(touched_outside(A, BIT32(VT) | BIT32(PT)) < 0, "a write reached INTID %d",
		touched_outside(A, BIT32(VT) | BIT32(PT)));
	T_CHECK(!gic.ppi_pend[0] && !gic.ppi_pend[1] && !gic.ppi_active[0] && !gic.ppi_active[1],
		"B's pCPUs' PPIs changed");
	end_case();
}

/* Hardware interrupts Haven forwarded: pending in a list register, physically active. */
static void test_forwarded_state(void)
{
	begin("vgic.hw_forwarded_state");
	bitmap_write(a0, GICD_ISENABLER, 1, BIT32(40));
	fake_forward(a0, 40, 0x50);
	T_CHECK(bitmap_read(a0, GICD_ISPENDR, 1) == BIT32(40), "forwarded SPI 40: ISPENDR1 0x%08x on its vCPU",
		bitmap_read(a0, GICD_ISPENDR, 1));
	T_CHECK(bitmap_read(a0, GICD_ISACTIVER, 1) == 0, "forwarded, not taken: ISACTIVER1 0x%08x",
		bitmap_read(a0, GICD_ISACTIVER, 1));
	T_CHECK(bitmap_read(a1, GICD_ISACTIVER, 1) == BIT32(40), "from vCPU 1 it reads active: 0x%08x",
		bitmap_read(a1, GICD_ISACTIVER, 1));
	fake_clear_log();
	bitmap_write(a0, GICD_ICPENDR, 1, BIT32(40));
	T_CHECK(!fake_find_lr(a0->pcpu, 40), "ICPENDR1 left SPI 40 in a list register");
	T_CHECK(!(gic.active[1] & BIT32(40)) && !(gic.pend[1] & BIT32(40)), "SPI 40 not deactivated");
	T_CHECK(touched_outside(A, 0) < 0, "ICPENDR1 reached INTID %d", touched_outside(A, 0));

	/* The timer: forwarded on pCPU 3, withdrawn through frame 1 by vCPU 1 itself. */
	gicr_write(a1, 1, GICR_ISENABLER0, BIT32(VT));
	fake_forward(a1, VT, 0x60);
	T_CHECK(gicr_read(a1, 1, GICR_ISPENDR0) == BIT32(VT), "forwarded vtimer: ISPENDR0 0x%08x",
		gicr_read(a1, 1, GICR_ISPENDR0));
	T_CHECK(gicr_read(a0, 1, GICR_ISACTIVER0) == BIT32(VT), "vCPU 0 reads vCPU 1's vtimer active: 0x%08x",
		gicr_read(a0, 1, GICR_ISACTIVER0));
	gicr_write(a1, 1, GICR_ICPENDR0, BIT32(VT));
	T_CHECK(!fake_find_lr(a1->pcpu, VT) && !(gic.ppi_active[a1->pcpu] & BIT32(VT)),
		"ICPENDR0 left the vtimer in a list register or active");
	end_case();
}

static void test_gicr_ipriorityr(void)
{
	begin("vgic.gicr.ipriorityr_bounds");
	for (unsigned i = 0; i < 32; i++)
		vgicr(a1, 0, GICR_IPRIORITYR0 + i, 1, true, i + 1);
	for (unsigned i = 0; i < 32; i++)
		T_CHECK(a0->vgicr.prio[i] == i + 1 && vgicr(a1, 0, GICR_IPRIORITYR0 + i, 1, false, 0) == i + 1,
			"byte %u of frame 0's IPRIORITYR", i);
	T_CHECK(gicr_read(a0, 0, GICR_IPRIORITYR0 + 28) == 0x201F1E1D, "IPRIORITYR7 reads 0x%08x",
		gicr_read(a0, 0, GICR_IPRIORITYR0 + 28));

	/* The old bug: an access to IPRIORITYR7 reaching past prio[31]. */
	static const struct { uint64_t off; unsigned size; unsigned first, n; } acc[] = {
		{ 28, 4, 28, 4 }, { 29, 4, 29, 3 }, { 31, 4, 31, 1 }, { 28, 8, 28, 4 },
		{ 30, 2, 30, 2 }, { 31, 8, 31, 1 }, { 27, 8, 27, 4 }, { 32, 4, 0, 0 },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(acc); i++) {
		snapshot(&before);
		vgicr(a0, 1, GICR_IPRIORITYR0 + acc[i].off, acc[i].size, true, 0xA5A5A5A5A5A5A5A5ULL);
		for (unsigned k = 0; k < acc[i].n; k++)
			before.vcpus[a1->pcpu].vgicr.prio[acc[i].first + k] = 0xA5;
		T_CHECK(!world_diff(&before), "a %u-byte write at IPRIORITYR+%llu changed %s", acc[i].size,
			(unsigned long long)acc[i].off, world_diff(&before));
	}
	end_case();
}

static bool gicr_known(uint64_t off, unsigned size)
{
	static const uint64_t regs[] = { GICR_IIDR, GICR_WAKER, GICR_PIDR2, GICR_IGROUPR0,
					 GICR_ISENABLER0, GICR_ICENABLER0, GICR_ISPENDR0,
					 GICR_ICPENDR0, GICR_ISACTIVER0, GICR_ICACTIVER0,
					 GICR_ICFGR0, GICR_ICFGR1 };

	if (off == GICR_TYPER || off == GICR_TYPER + 4 ||
	    (off >= GICR_IPRIORITYR0 && off < GICR_IPRIORITYR0 + 32))
		return true;
	for (unsigned i = 0; i < ARRAY_SIZE(regs); i++)
		if (size == 4 && off == regs[i])
			return true;
	return false;
}

static void test_gicr_reserved(void)
{
	begin("vgic.gicr.reserved_raz_wi");
	phys_all_ones();
	snapshot(&before);
	for (unsigned size = 1; size <= 8; size *= 2) {
		for (uint64_t off = 0; off < HAVEN_VGICR_STRIDE; off += size) {
			if (gicr_known(off, size))
				continue;
			vgicr(a0, 1, off, size, true, ~0ULL);
			T_CHECK(!world_diff(&before) && !fake.ninject && !fake.nposts,
				"a %u-byte write of frame offset 0x%llx changed %s", size, (unsigned long long)off,
				world_diff(&before));
			T_CHECK(vgicr(a0, 1, off, size, false, 0) == 0, "frame offset 0x%llx (%u bytes) reads 0x%llx",
				(unsigned long long)off, size, (unsigned long long)vgicr(a0, 1, off, size, false, 0));
		}
	}
	end_case();
}

/* ---- SGIs ---------------------------------------------------------------- */

static void test_sgi_target_list(void)
{
	begin("vgic.sgi.target_list");
	gicr_write(a1, 1, GICR_ISENABLER0, BIT32(5));
	gicr_write(a1, 1, GICR_IPRIORITYR0 + 4, 0x90 << 8);
	sgi1r_write(a0, SGI1R(5, 0x2));
	T_CHECK(fake.nposts == 1 && posted(0, a1->pcpu, EV_SGI), "SGI 5 to vCPU 1: %u posts, first to pCPU %u",
		fake.nposts, fake.post[0].cpu);
	T_CHECK(a1->sgi_inbox == BIT32(5) && !b1->sgi_inbox, "vCPU 1's inbox 0x%x, B1's 0x%x", a1->sgi_inbox,
		b1->sgi_inbox);
	T_CHECK(!fake.ninject, "the SGI was injected on the sender's CPU");
	run_events(a1->pcpu);
	T_CHECK(fake.ninject == 1 && injected(0, a1, 5, 0x90, false), "SGI 5 not injected into vCPU 1 on pCPU 3");
	T_CHECK(gicr_read(a1, 1, GICR_ISPENDR0) == BIT32(5), "vCPU 1's ISPENDR0 0x%08x",
		gicr_read(a1, 1, GICR_ISPENDR0));

	/* To itself: at once, on its own CPU. */
	fake_clear_log();
	gicr_write(a0, 0, GICR_ISENABLER0, BIT32(3));
	sgi1r_write(a0, SGI1R(3, 0x1));
	T_CHECK(fake.ninject == 1 && injected(0, a0, 3, 0, false) && !fake.nposts, "SGI 3 to self");

	/* B: vCPU 2 lives on pCPU 5. */
	fake_clear_log();
	sgi1r_write(b0, SGI1R(7, 0x6));
	T_CHECK(fake.nposts == 2 && posted(0, b1->pcpu, EV_SGI) && posted(1, b2->pcpu, EV_SGI),
		"B's SGI to vCPUs 1 and 2: posts to pCPUs %u, %u", fake.post[0].cpu, fake.post[1].cpu);
	T_CHECK(b1->sgi_inbox == BIT32(7) && b2->sgi_inbox == BIT32(7) && !a1->sgi_inbox,
		"B's SGI inboxes 0x%x 0x%x, A1's 0x%x", b1->sgi_inbox, b2->sgi_inbox, a1->sgi_inbox);

	/* A disabled SGI waits, and is delivered when enabled. */
	fake_clear_log();
	sgi1r_write(b1, SGI1R(9, 0x4));
	run_events(b2->pcpu);
	T_CHECK(!fake.ninject && (b2->vgicr.pending & BIT32(9)), "a disabled SGI 9 was injected");
	T_CHECK(gicr_read(b0, 2, GICR_ISPENDR0) & BIT32(9), "a waiting SGI 9 does not read pending");
	gicr_write(b0, 2, GICR_ISENABLER0, BIT32(9));
	T_CHECK(fake.nposts == 2 && posted(1, b2->pcpu, EV_SGI), "enabling SGI 9 of vCPU 2 posted nothing to pCPU 5");
	T_CHECK(touched_nothing(), "an SGI reached the physical GIC");
	end_case();
}

/* GICR_ISPENDR0 of SGIs and PPIs the hardware does not back: software, delivered like SGIs. */
static void test_sgi_ispendr0(void)
{
	begin("vgic.sgi.ispendr0");
	gicr_write(a1, 1, GICR_ISENABLER0, BIT32(5) | BIT32(20));
	fake_clear_log();
	gicr_write(a0, 1, GICR_ISPENDR0, BIT32(5) | BIT32(20));
	T_CHECK(fake.nposts == 1 && posted(0, a1->pcpu, EV_SGI) && !fake.ninject,
		"ISPENDR0 of frame 1 by vCPU 0: %u posts, %u injections", fake.nposts, fake.ninject);
	T_CHECK(gicr_read(a0, 1, GICR_ISPENDR0) == (BIT32(5) | BIT32(20)), "frame 1 ISPENDR0 reads 0x%08x",
		gicr_read(a0, 1, GICR_ISPENDR0));
	run_events(a1->pcpu);
	T_CHECK(fake.ninject == 2 && injected(0, a1, 5, 0, false) && injected(1, a1, 20, 0, false),
		"SGI 5 and PPI 20 pended by vCPU 0: %u injections into vCPU 1", fake.ninject);
	fake_clear_log();
	gicr_write(a0, 0, GICR_ISENABLER0, BIT32(3));
	gicr_write(a0, 0, GICR_ISPENDR0, BIT32(3));
	T_CHECK(fake.ninject == 1 && injected(0, a0, 3, 0, false) && !fake.nposts, "ISPENDR0 of its own SGI 3");
	memset(gic.lr[a1->pcpu], 0, sizeof(gic.lr[a1->pcpu])); /* vCPU 1 took and finished both */
	gicr_write(a0, 1, GICR_ICENABLER0, BIT32(20));
	gicr_write(a0, 1, GICR_ISPENDR0, BIT32(20));
	run_events(a1->pcpu);
	T_CHECK(gicr_read(a1, 1, GICR_ISPENDR0) & BIT32(20), "a disabled PPI 20 pended: ISPENDR0 0x%08x",
		gicr_read(a1, 1, GICR_ISPENDR0));
	gicr_write(a0, 1, GICR_ICPENDR0, BIT32(20));
	T_CHECK(!(gicr_read(a1, 1, GICR_ISPENDR0) & BIT32(20)), "ICPENDR0 left PPI 20 pending: 0x%08x",
		gicr_read(a1, 1, GICR_ISPENDR0));
	T_CHECK(touched_nothing(), "a software SGI or PPI reached the physical GIC");
	end_case();
}

static void test_sgi_irm(void)
{
	begin("vgic.sgi.irm_others");
	sgi1r_write(a0, SGI1R(2, 0) | SGI1R_IRM);
	T_CHECK(fake.nposts == 1 && posted(0, a1->pcpu, EV_SGI), "A0's IRM SGI: %u posts", fake.nposts);
	T_CHECK(a1->sgi_inbox == BIT32(2) && !a0->sgi_inbox && !a0->vgicr.pending,
		"A0's IRM SGI: inboxes 0x%x (self 0x%x)", a1->sgi_inbox, a0->sgi_inbox);
	fake_clear_log();
	sgi1r_write(b1, SGI1R(4, 0xFFFF) | SGI1R_IRM | 0xFFULL << 16);
	T_CHECK(fake.nposts == 2 && posted(0, b0->pcpu, EV_SGI) && posted(1, b2->pcpu, EV_SGI),
		"B1's IRM SGI: %u posts", fake.nposts);
	T_CHECK(!b1->sgi_inbox && !b1->vgicr.pending && !fake.ninject, "B1's IRM SGI reached itself");
	T_CHECK(b0->sgi_inbox == BIT32(4) && b2->sgi_inbox == BIT32(4) && a1->sgi_inbox == BIT32(2) &&
			!a0->sgi_inbox,
		"IRM SGIs crossed partitions");
	end_case();
}

/* ICC_SGI1R_EL1's affinity fields and target list for a CPU with this MPIDR. */
static uint64_t sgi1r_aff(uint64_t mpidr)
{
	return (mpidr >> 32 & 0xFF) << 48 | (mpidr >> 16 & 0xFF) << 32 | (mpidr >> 8 & 0xFF) << 16 |
	       BIT(mpidr & 0xF);
}

static void test_sgi_dropped(void)
{
	const uint64_t none[] = {
		SGI1R(1, 0x4), SGI1R(1, 0xFFFC), /* indexes beyond A's vCPUs */
		SGI1R(1, 0x1) | 1ULL << 16, SGI1R(1, 0x1) | 1ULL << 32, SGI1R(1, 0x1) | 1ULL << 48, /* Aff1..3 */
		SGI1R(1, 0x3) | 1ULL << 44, /* RS */
		SGI1R(1, 0) | sgi1r_aff(pcpus[a0->pcpu].mpidr), /* vCPU 0's pCPU, not a vCPU */
		SGI1R(1, 0) | sgi1r_aff(pcpus[b0->pcpu].mpidr),
		SGI1R(1, 0),
	};

	begin("vgic.sgi.no_vcpu_dropped");
	snapshot(&before);
	for (unsigned i = 0; i < ARRAY_SIZE(none); i++) {
		sgi1r_write(a1, none[i]);
		T_CHECK(!fake.nposts && !fake.ninject && !world_diff(&before),
			"ICC_SGI1R_EL1 = 0x%llx reached a vCPU (%s)", (unsigned long long)none[i], world_diff(&before));
	}
	end_case();
}

/* ---- initialisation and stop --------------------------------------------- */

static void test_init_quiesce(void)
{
	begin("vgic.partition_init_quiesce");
	for (unsigned i = 0; i < 2; i++) {
		for (unsigned k = 0; k < parts[i].cfg->num_irqs; k++) {
			uint32_t intid = parts[i].cfg->irqs[k];

			T_CHECK(gic.route[intid] == pcpus[parts[i].vcpus[0]->pcpu].mpidr,
				"SPI %u routed to 0x%llx at init, not its vCPU 0's pCPU", intid,
				(unsigned long long)gic.route[intid]);
		}
	}
	/* A restarts while B's SPIs and timers are live. */
	phys_all_ones();
	fake_clear_log();
	fake_on_cpu(a1->pcpu);
	vgic_partition_quiesce(A);
	vgic_partition_init(A);
	for (unsigned n = 0; n < A->nvcpus; n++)
		vgic_vcpu_init(A->vcpus[n]);
	T_CHECK(touched_outside(A, HAVEN_TIMER_PPIS) < 0, "A's restart reached INTID %d",
		touched_outside(A, HAVEN_TIMER_PPIS));
	for (unsigned k = 0; k < A->cfg->num_irqs; k++) {
		uint32_t intid = A->cfg->irqs[k], w = intid / 32, bit = BIT32(intid);

		T_CHECK(!(gic.enable[w] & bit) && !(gic.pend[w] & bit) && !(gic.active[w] & bit),
			"SPI %u enabled, pending or active after A's restart", intid);
		T_CHECK(!(gic.icfgr[intid / 16] & 3u << 2 * (intid % 16)), "SPI %u not level after restart", intid);
	}
	for (unsigned w = 1; w < HAVEN_SPI_WORDS; w++)
		T_CHECK(((gic.enable[w] & gic.pend[w] & gic.active[w]) | hw_bits(A, w)) == ~0u,
			"A's restart changed another SPI's state in word %u", w);
	for (unsigned n = 0; n < 2 * HAVEN_SPI_WORDS; n++) {
		uint32_t mine = 0;

		for (unsigned i = 0; i < 16; i++)
			if (hw_bits(A, (16 * n + i) / 32) & BIT32(16 * n + i))
				mine |= 3u << (2 * i);
		T_CHECK((gic.icfgr[n] | mine) == ~0u, "A's restart changed ICFGR%u: 0x%08x", n, gic.icfgr[n]);
	}
	for (unsigned k = 0; k < A->cfg->num_irqs; k++)
		T_CHECK(gic.route[A->cfg->irqs[k]] == pcpus[a0->pcpu].mpidr, "SPI %u not routed to pCPU 2 after restart",
			A->cfg->irqs[k]);
	T_CHECK(!(gic.ppi_enable[2] & HAVEN_TIMER_PPIS) && !(gic.ppi_enable[3] & HAVEN_TIMER_PPIS),
		"A's timers enabled after its restart");
	T_CHECK(gic.ppi_enable[0] == ~0u && gic.ppi_enable[1] == ~0u && gic.ppi_enable[5] == ~0u,
		"A's restart disabled PPIs of B's pCPUs");
	end_case();
}

/*
 * A lock taken twice or released while free traps (arch.h, HAVEN_HOST): the
 * running case fails. (A sanitizer error ends the program with its report on
 * stderr and status 1, which fails the run.)
 */
static void on_trap(int sig)
{
	static const char msg[] = " FAIL crashed: a vGIC lock taken twice or released while free\n";

	if (write(1, "@T host ", 8) < 0 || write(1, t_state.name, strlen(t_state.name)) < 0 ||
	    write(1, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(1);
}

int main(void)
{
	signal(SIGILL, on_trap);
	signal(SIGTRAP, on_trap);
	test_gicd_id_regs();
	test_gicd_enable();
	pend_active_case("vgic.gicd.ispendr_icpendr", GICD_ISPENDR, GICD_ICPENDR, gic.pend);
	pend_active_case("vgic.gicd.isactiver_icactiver", GICD_ISACTIVER, GICD_ICACTIVER, gic.active);
	test_gicd_unowned();
	test_gicd_vuart();
	test_gicd_ipriorityr();
	test_gicd_icfgr();
	test_gicd_irouter();
	test_gicd_reserved();
	bounded_sweep("vgic.gicd.every_offset_bounded", false);
	test_gicr_frames();
	test_gicr_waker();
	test_gicr_timer_ppis();
	test_forwarded_state();
	test_gicr_ipriorityr();
	test_gicr_reserved();
	bounded_sweep("vgic.gicr.every_offset_bounded", true);
	test_sgi_target_list();
	test_sgi_ispendr0();
	test_sgi_irm();
	test_sgi_dropped();
	test_init_quiesce();
	return t_exit_status();
}
