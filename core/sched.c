/* SPDX-License-Identifier: MIT */
/*
 * Temporal partitioning: the CPUs a schedule shares (docs/scheduling.md).
 * Such a CPU repeats its major frame; at each window boundary the EL2
 * physical timer (CNTHP, PPI 26) interrupts whatever runs, guest or idle loop,
 * and sched_tick() ends the window (saves the vCPU's state, counts an overrun
 * if it was still running) and starts the next one (restores its vCPU).
 * Boundaries are computed from the frame's start, never from when a tick was
 * handled, so lateness does not accumulate. CPUs without a schedule never
 * come here.
 */
#include <haven/gic-regs.h>
#include <haven/hv.h>
#include <haven/lib.h>
#include <haven/sched.h>

struct sched {
	const struct haven_schedule *cfg;
	struct vcpu *vcpu[HAVEN_MAX_WINDOWS]; /* each window's vCPU */
	uint64_t start[HAVEN_MAX_WINDOWS], end[HAVEN_MAX_WINDOWS], frame; /* counter ticks */
	uint64_t late_bound;
	uint64_t base;  /* counter value at the start of the current frame */
	unsigned idx;   /* the current window, or the next one when !in_window */
	bool in_window;
};

/*
 * In .noinit (haven.ld), zeroed here when used: a system without a shared CPU
 * pays nothing for them at boot. A partition has one vCPU at most on shared
 * CPUs (core/config_check.c), so its id picks its vCPU and context.
 */
#define NOINIT __attribute__((section(".noinit.sched")))
static struct sched scheds[HAVEN_MAX_CPUS] NOINIT;
static struct vcpu_ctx ctxs[HAVEN_MAX_PARTITIONS] NOINIT;
static struct vcpu shared_vcpus[HAVEN_MAX_PARTITIONS] NOINIT;
static uint64_t freq;

static uint64_t us_to_ticks(uint64_t us)
{
	return us * freq / 1000000;
}

static uint64_t ticks_to_ns(uint64_t t)
{
	return t * 1000000000 / freq;
}

/* Builds each shared CPU's schedule (before partitions_init() places the vCPUs). */
void sched_init(void)
{
	freq = read_sysreg(cntfrq_el0);
	for (unsigned i = 0; i < haven_config.num_schedules; i++) {
		const struct haven_schedule *sc = &haven_config.schedules[i];
		struct sched *s = &scheds[sc->cpu];

		memset(s, 0, sizeof(*s));
		s->cfg = sc;
		s->frame = us_to_ticks(sc->frame_us);
		s->late_bound = us_to_ticks(HAVEN_SCHED_LATE_US);
		for (unsigned w = 0; w < sc->num_windows; w++) {
			s->start[w] = us_to_ticks(sc->windows[w].offset_us);
			s->end[w] = us_to_ticks((uint64_t)sc->windows[w].offset_us + sc->windows[w].length_us);
		}
		pcpus[sc->cpu].sched = s;
	}
}

/* The vCPU that partition p has on shared CPU cpu, zeroed, with a context and its windows. */
struct vcpu *sched_new_vcpu(struct partition *p, unsigned cpu)
{
	struct sched *s = pcpus[cpu].sched;
	struct vcpu *v = &shared_vcpus[p->id];

	memset(v, 0, sizeof(*v));
	memset(&ctxs[p->id], 0, sizeof(ctxs[p->id]));
	v->ctx = &ctxs[p->id];
	for (unsigned w = 0; w < s->cfg->num_windows; w++)
		if (s->cfg->windows[w].partition == p->id)
			s->vcpu[w] = v;
	return v;
}

/* Arms the EL2 timer for the next boundary: the current window's end or the next one's start. */
static void arm(struct sched *s)
{
	write_sysreg(cnthp_cval_el2, s->base + (s->in_window ? s->end[s->idx] : s->start[s->idx]));
	write_sysreg(cnthp_ctl_el2, 1); /* ENABLE, not masked */
	isb();
}

/* On a shared CPU, before its idle loop: switches on the traps and starts the first frame. */
void sched_cpu_start(void)
{
	extern const char el2_vectors_sched[];
	struct pcpu *c = this_pcpu();
	struct sched *s = c->sched;

	if (!s)
		return;
	arch_sched_cpu_init();
	write_sysreg(vbar_el2, (uint64_t)el2_vectors_sched);
	gic_write_bits(c->id, GICD_ISENABLER, 0, BIT(HAVEN_HYP_TIMER_INTID));
	/*
	 * Frames start at multiples of the frame length in counter time, so that a
	 * guest knows when its windows begin (and the schedules of several CPUs
	 * with one frame length line up). Until the first one, the CPU idles.
	 */
	s->base = (read_sysreg(cntpct_el0) / s->frame + 1) * s->frame;
	arm(s);
}

/* Moves the state of v, running here, out of the hardware. */
static void save(struct vcpu *v)
{
	struct vcpu_ctx *x = v->ctx;

	el1_fp_save(x->fp);
	arch_el1_save(x->el1);
	x->cntv_ctl = read_sysreg(cntv_ctl_el0);
	x->cntv_cval = read_sysreg(cntv_cval_el0);
	/* Its timer keeps counting (CNTVOFF stays 0) but must not fire into the next window. */
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	gic_vcpu_save(&x->gic, v->pcpu);
}

/* Puts v's saved state back into the hardware, with what arrived for it meanwhile. */
static void load(struct vcpu *v)
{
	struct vcpu_ctx *x = v->ctx;

	write_sysreg(vttbr_el2, v->part->vttbr);
	write_sysreg(vmpidr_el2, BIT(31) | v->vmpidr);
	el1_fp_load(x->fp);
	arch_el1_load(x->el1);
	write_sysreg(cntv_cval_el0, x->cntv_cval);
	write_sysreg(cntv_ctl_el0, x->cntv_ctl);
	isb();
	gic_vcpu_load(&x->gic, v->pcpu);
	/* No vSGI inbox to drain: v is its partition's only vCPU, so nobody sends it one. */
	if (x->virq_posted) {
		x->virq_posted = false;
		vgic_deliver_spis(v);
	}
	if (v->spi_any_pending)
		gic_flush_pending(v);
}

/*
 * EV_VIRQ reached this shared CPU: a virtual SPI was made pending for one of
 * its vCPUs, maybe one that is not in the hardware (the event itself is
 * handled for the vCPU that is). Each looks when it is loaded next.
 */
void sched_virq_posted(void)
{
	struct sched *s = this_pcpu()->sched;

	for (unsigned w = 0; w < s->cfg->num_windows; w++)
		s->vcpu[w]->ctx->virq_posted = true;
}

/*
 * The EL2 timer fired: a window boundary is due. Ends the current window and
 * starts the next one if it is due too. Returns the vCPU to resume (its state
 * loaded, every register in its frame), or NULL for the idle loop, which also
 * starts a vCPU still ON_PENDING (its first start) in its window.
 */
struct vcpu *sched_tick(void)
{
	struct pcpu *c = this_pcpu();
	struct sched *s = c->sched;
	uint64_t now = read_sysreg(cntpct_el0), late;
	struct vcpu *v;

	if (s->in_window) {
		v = s->vcpu[s->idx];
		if (c->in_guest) {
			if (!v->ctx->wfi_idle)
				v->ctx->overruns++;
			save(v);
			c->in_guest = false;
		}
		c->vcpu = NULL;
		s->in_window = false;
		if (++s->idx == s->cfg->num_windows) {
			s->idx = 0;
			s->base += s->frame;
		}
	}
	if (now < s->base + s->start[s->idx]) {
		arm(s);
		return NULL;
	}
	v = s->vcpu[s->idx];
	late = now - (s->base + s->start[s->idx]);
	v->ctx->windows++;
	if (late > s->late_bound)
		v->ctx->late++;
	if (ticks_to_ns(late) > v->ctx->max_late)
		v->ctx->max_late = ticks_to_ns(late);
	v->ctx->wfi_idle = false;
	s->in_window = true;
	c->vcpu = v;
	arm(s);
	if (v->state != VCPU_RUNNING && v->state != VCPU_PARKING)
		return NULL;
	load(v);
	c->in_guest = true;
	if (v->state == VCPU_PARKING) /* a stop from another CPU while it was descheduled */
		vcpu_park(v);
	return v;
}

/*
 * A physical SPI (acknowledged, priority dropped) that belongs to a vCPU of
 * this CPU that is not in the hardware: queued for it. Returns false for any
 * other interrupt.
 */
bool sched_queue_spi(uint32_t intid)
{
	struct pcpu *c = this_pcpu();
	struct sched *s = c->sched;

	if (intid < 32 || intid >= HAVEN_MAX_INTID)
		return false;
	for (unsigned w = 0; w < s->cfg->num_windows; w++) {
		struct vcpu *v = s->vcpu[w];

		if ((v != c->vcpu || !c->in_guest) && (v->part->vgicd.hw[intid / 32] & BIT(intid % 32))) {
			gic_queue_hw(v, intid);
			return true;
		}
	}
	return false;
}

/*
 * A trapped WFI of v: the CPU waits at EL2 for the next physical interrupt,
 * which is then taken from the guest as usual (HCR_EL2.IMO): its virtual
 * interrupt, or the end of its window, which then counts no overrun. The rest
 * of the window goes to nobody.
 */
void sched_wfi(struct vcpu *v)
{
	if (gic_vcpu_has_pending())
		return;
	v->ctx->wfi_idle = true;
	while (gic_highest_pending() >= 1020)
		wfi();
}

/* The schedule's counts for p, which has a vCPU on a shared CPU, when it stops. */
void sched_report(struct partition *p)
{
	struct vcpu_ctx *x = p->vcpus[0]->ctx;

	if (x)
		hv_log("partition %u '%s' schedule: %llu windows, %llu overruns, %llu late (max %llu ns)",
		       p->id, p->cfg->name, (unsigned long long)x->windows,
		       (unsigned long long)x->overruns, (unsigned long long)x->late,
		       (unsigned long long)x->max_late);
}
