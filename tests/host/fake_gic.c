/* SPDX-License-Identifier: MIT */
/*
 * The fake GIC and core below drivers/vgic.c (see fake_gic.h). The list
 * register functions follow drivers/gicv3.c: a virtual interrupt already in a
 * list register merges there, a hardware one takes a register of its own, and
 * with every register busy an interrupt waits in the vCPU's software queue.
 */
#include <haven/gic-regs.h>
#include <stdio.h>
#include <string.h>

#include "fake_gic.h"

struct fake_gic gic;
struct fake_log fake;
struct pcpu pcpus[HAVEN_MAX_CPUS];
uint64_t host_sysreg_tpidr_el2; /* read_sysreg(tpidr_el2): this CPU's struct pcpu */

/* MPIDRs unlike any CPU or vCPU index, with every affinity level in use. */
static const uint64_t fake_mpidr[FAKE_CPUS] = {
	0x100, 0x101, 0x10200, 0x10201, 0x10202, 0x1000010203,
};

const struct haven_platform haven_platform = {
	.name = "fake",
	.num_cpus = FAKE_CPUS,
	.cpu_mpidr = fake_mpidr,
	.max_intid = FAKE_MAX_INTID,
};

static void __attribute__((format(printf, 1, 2))) misuse(const char *fmt, ...)
{
	va_list ap;

	if (fake.error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(fake.error, sizeof(fake.error), fmt, ap);
	va_end(ap);
}

void fake_clear_log(void)
{
	memset(&fake, 0, sizeof(fake));
}

void fake_reset(void)
{
	memset(&gic, 0, sizeof(gic));
	fake_clear_log();
	for (unsigned i = 0; i < FAKE_CPUS; i++) {
		pcpus[i].id = i;
		pcpus[i].mpidr = fake_mpidr[i];
		pcpus[i].events = 0;
		pcpus[i].in_guest = false;
	}
	fake_on_cpu(0);
}

void fake_on_cpu(unsigned cpu)
{
	host_sysreg_tpidr_el2 = (uint64_t)(uintptr_t)&pcpus[cpu];
	pcpus[cpu].in_guest = true;
}

unsigned fake_cpu(void)
{
	return this_pcpu()->id;
}

/* List-register functions act on the calling CPU, which must be v's. */
static bool on_own_cpu(const struct vcpu *v, const char *fn)
{
	if (v->pcpu == fake_cpu() && pcpus[v->pcpu].vcpu == v)
		return true;
	misuse("%s for vCPU %u of partition %u (pCPU %u) called on pCPU %u", fn, v->id, v->part->id,
	       v->pcpu, fake_cpu());
	return false;
}

static bool spi_ok(uint32_t intid, const char *fn)
{
	if (intid >= 32 && intid < FAKE_MAX_INTID)
		return true;
	misuse("%s(%u): not an SPI of the distributor", fn, intid);
	return false;
}

/*
 * The state word a bitmap register (reg: GICD_IS/ICENABLER .. IS/ICACTIVER
 * offset) addresses; NULL for a word beyond the distributor's lines, which is
 * reserved (RAZ/WI), or a misuse.
 */
static uint32_t *bits_word(unsigned cpu, unsigned reg, unsigned word, const char *fn)
{
	unsigned kind = (reg - GICD_ISENABLER) / 0x100; /* 0 enable, 1 pending, 2 active */

	if (reg < GICD_ISENABLER || reg > GICD_ICACTIVER || reg % 0x80) {
		misuse("%s: register offset 0x%x is no enable/pending/active bitmap", fn, reg);
		return NULL;
	}
	if (word == 0) {
		if (cpu >= FAKE_CPUS) {
			misuse("%s: redistributor of CPU %u (there are %u)", fn, cpu, FAKE_CPUS);
			return NULL;
		}
		return kind == 0 ? &gic.ppi_enable[cpu] : kind == 1 ? &gic.ppi_pend[cpu] : &gic.ppi_active[cpu];
	}
	if (word >= HAVEN_SPI_WORDS)
		misuse("%s: word %u, beyond INTID 1023", fn, word);
	if (word >= FAKE_MAX_INTID / 32)
		return NULL;
	return kind == 0 ? &gic.enable[word] : kind == 1 ? &gic.pend[word] : &gic.active[word];
}

static void touch(unsigned cpu, uint32_t intid)
{
	if (intid < 32)
		fake.touched_ppi[cpu] |= (uint32_t)BIT(intid);
	else
		fake.touched[intid / 32] |= (uint32_t)BIT(intid % 32);
}

/* Reads happen only on behalf of a guest: never of another partition's redistributor. */
uint32_t gic_read_bits(unsigned cpu, unsigned reg_off, unsigned word)
{
	uint32_t *w = bits_word(cpu, reg_off, word, "gic_read_bits");
	const struct vcpu *self = this_pcpu()->vcpu;

	if (w && word == 0 && (!pcpus[cpu].vcpu || pcpus[cpu].vcpu->part != self->part))
		misuse("gic_read_bits of pCPU %u's redistributor for partition %u", cpu, self->part->id);

	return w ? *w : 0;
}

void gic_write_bits(unsigned cpu, unsigned reg_off, unsigned word, uint32_t bits)
{
	uint32_t *w = bits_word(cpu, reg_off, word, "gic_write_bits");

	if (w && (reg_off & 0x80))
		*w &= ~bits;
	else if (w)
		*w |= bits;
	for (; bits && word < HAVEN_SPI_WORDS && cpu < FAKE_CPUS; bits &= bits - 1)
		touch(cpu, 32 * word + (uint32_t)__builtin_ctz(bits));
}

void gic_spi_enable(uint32_t intid, bool on)
{
	if (!spi_ok(intid, "gic_spi_enable"))
		return;
	if (on)
		gic.enable[intid / 32] |= (uint32_t)BIT(intid % 32);
	else
		gic.enable[intid / 32] &= ~(uint32_t)BIT(intid % 32);
	touch(0, intid);
}

/* Kept as passed: a test compares it with the target CPU's whole MPIDR. */
void gic_spi_route(uint32_t intid, uint64_t mpidr)
{
	if (!spi_ok(intid, "gic_spi_route"))
		return;
	gic.route[intid] = mpidr;
	touch(0, intid);
}

static bool icfgr_ok(unsigned word, const char *fn)
{
	if (word >= 2 && word < FAKE_MAX_INTID / 16)
		return true;
	misuse("%s: GICD_ICFGR%u holds no SPI of the distributor", fn, word);
	return false;
}

void gic_spi_set_config(unsigned word, uint32_t mask, uint32_t val)
{
	if (!icfgr_ok(word, "gic_spi_set_config"))
		return;
	gic.icfgr[word] = (gic.icfgr[word] & ~mask) | (val & mask);
	for (unsigned i = 0; i < 16; i++)
		if (mask & (3u << (2 * i)))
			touch(0, 16 * word + i);
}

uint32_t gic_spi_config(unsigned word)
{
	return icfgr_ok(word, "gic_spi_config") ? gic.icfgr[word] : 0;
}

struct fake_lr *fake_find_lr(unsigned cpu, uint32_t intid)
{
	for (unsigned i = 0; i < FAKE_NLRS; i++) {
		struct fake_lr *lr = &gic.lr[cpu][i];

		if ((lr->pending || lr->active) && lr->intid == intid)
			return lr;
	}
	return NULL;
}

void gic_inject(struct vcpu *v, uint32_t intid, uint8_t prio, bool hw)
{
	unsigned cpu = v->pcpu;
	struct fake_lr *lr = NULL;

	if (!on_own_cpu(v, "gic_inject"))
		return;
	if (intid >= HAVEN_MAX_INTID) {
		misuse("gic_inject of INTID %u", intid);
		return;
	}
	if (fake.ninject < FAKE_LOG)
		fake.inject[fake.ninject++] = (struct fake_inject){ cpu, v, intid, prio, hw };
	else
		misuse("more than %u injections", FAKE_LOG);
	lr = hw ? NULL : fake_find_lr(cpu, intid);
	if (lr) {
		lr->pending = true; /* merged: pending stays pending, active becomes active and pending */
		return;
	}
	for (unsigned i = 0; i < FAKE_NLRS && !lr; i++)
		if (!gic.lr[cpu][i].pending && !gic.lr[cpu][i].active)
			lr = &gic.lr[cpu][i];
	if (lr) {
		*lr = (struct fake_lr){ .intid = intid, .prio = prio, .hw = hw, .pending = true };
	} else if (intid < 32) {
		v->vgicr.pending |= (uint32_t)BIT(intid);
	} else {
		v->spi_pending[intid / 32] |= (uint32_t)BIT(intid % 32);
		v->spi_any_pending = true;
	}
}

static bool intid_is_hw(const struct vcpu *v, uint32_t intid)
{
	if (intid < 32)
		return HAVEN_TIMER_PPIS & BIT(intid);
	return v->part->vgicd.hw[intid / 32] & BIT(intid % 32);
}

void gic_flush_pending(struct vcpu *v)
{
	uint32_t pend = v->vgicr.pending & v->vgicr.enabled;

	if (!on_own_cpu(v, "gic_flush_pending"))
		return;
	v->vgicr.pending &= ~pend;
	for (; pend; pend &= pend - 1) {
		uint32_t intid = (uint32_t)__builtin_ctz(pend);

		gic_inject(v, intid, v->vgicr.prio[intid], intid_is_hw(v, intid));
	}
	if (!v->spi_any_pending)
		return;
	v->spi_any_pending = false;
	for (unsigned w = 1; w < HAVEN_SPI_WORDS; w++) {
		uint32_t bits = v->spi_pending[w];

		v->spi_pending[w] = 0;
		for (; bits; bits &= bits - 1) {
			uint32_t intid = 32 * w + (uint32_t)__builtin_ctz(bits);

			gic_inject(v, intid, v->part->vgicd.prio[intid], intid_is_hw(v, intid));
		}
	}
}

void gic_lr_bits(unsigned word, uint32_t *pending, uint32_t *active)
{
	unsigned cpu = fake_cpu();

	*pending = *active = 0;
	for (unsigned i = 0; i < FAKE_NLRS; i++) {
		const struct fake_lr *lr = &gic.lr[cpu][i];

		if (lr->intid / 32 != word)
			continue;
		if (lr->pending)
			*pending |= (uint32_t)BIT(lr->intid % 32);
		if (lr->active)
			*active |= (uint32_t)BIT(lr->intid % 32);
	}
}

/* ICC_DIR_EL1 on this CPU: the physical interrupt is no longer active. */
static void deactivate(unsigned cpu, uint32_t intid)
{
	if (intid < 32)
		gic.ppi_active[cpu] &= ~(uint32_t)BIT(intid);
	else
		gic.active[intid / 32] &= ~(uint32_t)BIT(intid % 32);
	touch(cpu, intid);
}

bool gic_hw_withdraw(struct vcpu *v, uint32_t intid, bool active)
{
	uint32_t *queue = intid < 32 ? &v->vgicr.pending : &v->spi_pending[intid / 32];
	uint32_t bit = (uint32_t)BIT(intid % 32);
	struct fake_lr *lr;

	if (!on_own_cpu(v, "gic_hw_withdraw"))
		return false;
	if (!intid_is_hw(v, intid))
		misuse("gic_hw_withdraw of INTID %u, not hardware-backed for partition %u", intid,
		       v->part->id);
	if (*queue & bit) {
		if (!active) {
			*queue &= ~bit;
			deactivate(v->pcpu, intid);
		}
		return true;
	}
	lr = fake_find_lr(v->pcpu, intid);
	if (!lr)
		return false;
	if (active ? lr->active : lr->pending) {
		*lr = (struct fake_lr){ 0 };
		deactivate(v->pcpu, intid);
	}
	return true;
}

void fake_forward(struct vcpu *v, uint32_t intid, uint8_t prio)
{
	uint32_t *pend = intid < 32 ? &gic.ppi_pend[v->pcpu] : &gic.pend[intid / 32];
	uint32_t *act = intid < 32 ? &gic.ppi_active[v->pcpu] : &gic.active[intid / 32];

	fake_on_cpu(v->pcpu);
	*pend &= ~(uint32_t)BIT(intid % 32);
	*act |= (uint32_t)BIT(intid % 32);
	gic_inject(v, intid, prio, true);
}

void pcpu_post(unsigned cpu, uint32_t events)
{
	if (cpu >= FAKE_CPUS || !pcpus[cpu].vcpu) {
		misuse("pcpu_post to CPU %u, which runs no vCPU", cpu);
		return;
	}
	pcpus[cpu].events |= events;
	if (fake.nposts < FAKE_LOG)
		fake.post[fake.nposts++] = (struct fake_post){ cpu, events };
	else
		misuse("more than %u posted events", FAKE_LOG);
}
