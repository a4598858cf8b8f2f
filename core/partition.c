/* SPDX-License-Identifier: MIT */
/*
 * Partitions and their vCPUs: creation from the static config, start, stop,
 * reset, and the idle loop of a physical CPU whose vCPU is off. Each vCPU is
 * pinned to one physical CPU; cross-CPU requests travel as events plus
 * Haven's IPI (physical SGI 0), and every state change of a vCPU happens on
 * its own physical CPU.
 */
#include <haven/bootinfo.h>
#include <haven/hv.h>
#include <haven/lib.h>
#include <haven/sched.h>

struct pcpu pcpus[HAVEN_MAX_CPUS];
struct partition partitions[HAVEN_MAX_PARTITIONS];
unsigned num_partitions;
static struct vcpu vcpu_storage[HAVEN_MAX_CPUS]; /* the vCPU of each dedicated CPU */

#define STACK_SIZE 0x4000

static uint64_t stack_top(unsigned cpu)
{
	return (uint64_t)_stacks_end - (uint64_t)cpu * STACK_SIZE;
}

bool partition_ipa_range_ok(const struct partition *p, uint64_t ipa, uint64_t len, uint32_t perm,
			    uint64_t *pa)
{
	for (unsigned i = 0; i < p->cfg->num_mem; i++) {
		const struct haven_mem_region *r = &p->cfg->mem[i];

		if ((r->perm & perm) == perm && range_within(ipa, len, r->ipa, r->size)) {
			*pa = r->pa + (ipa - r->ipa);
			return true;
		}
	}
	return false;
}

/* Bytes between two samples of a blob's in-place check (mem_sampled_equal). */
#define BLOB_SAMPLE_STRIDE 0x10000

/*
 * Puts one blob (an image, an initramfs, a DTB) into partition memory from its
 * pristine copy (Haven's image or the image store). At the first start the
 * launcher has placed it already (docs/platforms.md#the-boot-contract): a
 * sample check (about 30 instructions per 64 KiB) confirms it, and only a blob
 * found missing is copied. Later starts always copy: the partition may have
 * changed its memory. Returns whether the blob was found in place.
 */
static bool load_blob(struct partition *p, const struct haven_image *img, bool first)
{
	uint64_t size = (uint64_t)(img->end - img->start), pa;

	if (!partition_ipa_range_ok(p, img->load_ipa, size ? size : 1, 0, &pa))
		panic("partition '%s': blob '%s' does not fit at 0x%llx", p->cfg->name, img->name,
		      (unsigned long long)img->load_ipa);
	if (first && mem_sampled_equal((const void *)pa, img->start, size, BLOB_SAMPLE_STRIDE))
		return true;
	memcpy((void *)pa, img->start, size);
	dcache_clean_poc(pa, size); /* its vCPUs start with the MMU and data caches off */
	return false;
}

/* Loads the partition's image and extra blobs; returns how many were in place already. */
static unsigned load_image(struct partition *p, bool first)
{
	unsigned in_place = load_blob(p, &p->cfg->image, first);

	for (unsigned i = 0; i < p->cfg->num_extra; i++)
		in_place += load_blob(p, &p->cfg->extra[i], first);
	/* The partition's CPUs, not only this one, may hold instructions of the last run. */
	__asm__ volatile("ic ialluis\n dsb ish\n isb" ::: "memory");
	return in_place;
}

void partitions_init(void)
{
	const struct haven_config *cfg = &haven_config;

	num_partitions = cfg->num_partitions;
	for (unsigned i = 0; i < num_partitions; i++) {
		struct partition *p = &partitions[i];
		const struct haven_partition_config *c = &cfg->partitions[i];
		char cpus[40];
		unsigned len = 0, in_place;

		p->cfg = c;
		p->id = i;
		p->nvcpus = 0;
		for (unsigned cpu = 0; cpu < haven_platform.num_cpus; cpu++) {
			struct vcpu *v;

			if (!(c->cpus & BIT(cpu)))
				continue;
			/* A shared CPU's vCPUs follow its windows (core/sched.c). */
			v = pcpus[cpu].sched ? sched_new_vcpu(p, cpu) : &vcpu_storage[cpu];
			if (!pcpus[cpu].sched)
				pcpus[cpu].vcpu = v;
			v->part = p;
			v->id = p->nvcpus;
			v->pcpu = cpu;
			v->vmpidr = v->id;
			v->state = VCPU_OFF;
			v->hyp_sp = stack_top(cpu);
			p->vcpus[p->nvcpus++] = v;
			len += (unsigned)hv_snprintf(cpus + len, sizeof(cpus) - len, "%s%u",
						     len ? "," : "", cpu);
		}
		p->vttbr = stage2_build(p) | ((uint64_t)(i + 1) << 48);
		vgic_partition_init(p);
		for (unsigned n = 0; n < p->nvcpus; n++)
			vgic_vcpu_init(p->vcpus[n]);
		vuart_reset(p);
		emu_init(p);
		if (c->flags & HV_PART_CONSOLE_INPUT) {
			console_input = p;
			p->con_immediate = true;
		}
		in_place = load_image(p, true);
		partition_dt_fixup(p);
		p->vcpus[0]->boot_entry = c->entry;
		p->vcpus[0]->boot_ctx = c->dtb_ipa;
		p->vcpus[0]->state = VCPU_ON_PENDING;
		p->state = PART_RUNNING;
		hv_log("partition %u '%s' started on CPU %s (%u vCPU%s, entry 0x%llx, fault policy %s, "
		       "%u of %u images in place)",
		       i, c->name, cpus, p->nvcpus, p->nvcpus == 1 ? "" : "s",
		       (unsigned long long)c->entry,
		       c->fault_policy == HV_FAULT_STOP ? "stop" : "inject", in_place, 1 + c->num_extra);
	}
}

void pcpu_post(unsigned cpu, uint32_t events)
{
	atomic_or32(&pcpus[cpu].events, events);
	gic_send_sgi(cpu, HAVEN_SGI_IPI);
}

/* Resets v's EL1 state on this physical CPU and enters it at boot_entry with x0 = boot_ctx. */
void vcpu_reset_and_enter(struct vcpu *v)
{
	struct partition *p = v->part;

	write_sysreg(vttbr_el2, p->vttbr);
	write_sysreg(vmpidr_el2, BIT(31) | v->vmpidr);
	isb();
	arch_vcpu_reset_el1();
	gic_vcpu_clear(v);
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.x[0] = v->boot_ctx;
	v->regs.elr = v->boot_entry;
	v->regs.spsr = SPSR_EL1H_MASKED;
	v->hyp_sp = stack_top(v->pcpu);
	this_pcpu()->in_guest = true;
	if (v->id == 0)
		hv_log("partition %u '%s' enters 0x%llx at counter %llu", p->id, p->cfg->name,
		       (unsigned long long)v->boot_entry, (unsigned long long)read_sysreg(cntpct_el0));
	vcpu_enter(v);
}

/*
 * The vCPU state machine. Every transition of a vCPU's state or of its
 * partition's state happens under the partition's lock (p->lock):
 *
 *   vCPU       OFF -> ON_PENDING    CPU_ON, or vCPU 0 at the end of a reset
 *              ON_PENDING -> RUNNING    its own CPU starts it, only while p is RUNNING
 *              ON_PENDING -> OFF    a stop or reset cancels the start
 *              RUNNING -> PARKING   CPU_OFF, or a stop or reset asks it to go off
 *              PARKING -> OFF       on its own CPU (vcpu_park)
 *   partition  RUNNING -> RESETTING -> RUNNING, or RUNNING -> STOPPED (for good)
 *
 * CPU_ON needs a RUNNING caller in a RUNNING partition, and a start needs a
 * RUNNING partition; so once a stop or reset has taken the lock, no vCPU of
 * the partition comes on until the reset ends, and waiting for the others to
 * be OFF always ends.
 */

/* Clears this CPU's per-vCPU state before v goes off. */
static void vcpu_silence(struct vcpu *v)
{
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	gic_vcpu_clear(v);
	v->sgi_inbox = 0;
	this_pcpu()->in_guest = false;
}

/* Turns v off on its own physical CPU and idles there until it is switched on again. */
void vcpu_park(struct vcpu *v)
{
	struct partition *p = v->part;

	vcpu_silence(v);
	spin_lock(&p->lock);
	v->state = VCPU_OFF;
	spin_unlock(&p->lock);
	sev(); /* a stop or reset may wait for it (quiesce_and_wait) */
	pcpu_idle();
}

/* Claims v's start if it was switched on and its partition runs. */
static bool vcpu_claim_start(struct vcpu *v)
{
	struct partition *p = v->part;
	bool start;

	if (v->state != VCPU_ON_PENDING)
		return false;
	spin_lock(&p->lock);
	start = p->state == PART_RUNNING && v->state == VCPU_ON_PENDING;
	if (start)
		v->state = VCPU_RUNNING;
	spin_unlock(&p->lock);
	return start;
}

/* Handles the events posted to this physical CPU (called with its vCPU trapped, or idle). */
void pcpu_handle_events(void)
{
	struct pcpu *c = this_pcpu();
	uint32_t ev = atomic_xchg32(&c->events, 0);
	struct vcpu *v = c->vcpu;

	if (!v || !c->in_guest)
		return;
	if ((ev & EV_STOP) && v->state == VCPU_PARKING)
		vcpu_park(v);
	if (ev & EV_SGI)
		vgic_deliver_sgis(v);
	if (ev & EV_VIRQ)
		vgic_deliver_spis(v);
}

/*
 * The idle loop of a CPU whose vCPU is off, or, on a shared CPU, outside any
 * running vCPU's window: a window boundary may enter a vCPU from here, and an
 * SPI of a vCPU that is not in the hardware waits in its queue.
 */
void pcpu_idle(void)
{
	struct pcpu *c = this_pcpu();

	for (;;) {
		uint32_t intid;
		struct vcpu *v;

		while ((intid = gic_ack()) < 1020) {
			gic_eoi(intid);
			if (c->sched && intid == HAVEN_HYP_TIMER_INTID) {
				gic_deactivate(intid);
				v = sched_tick();
				if (v)
					vcpu_enter(v);
				continue;
			}
			if (c->sched && sched_queue_spi(intid))
				continue;
			gic_deactivate(intid);
			if (intid == haven_platform.uart_irq)
				console_input_irq(); /* drain it (dropped while its partition is off) */
			else
				dma_irq(intid);
		}
		if ((atomic_xchg32(&c->events, 0) & EV_VIRQ) && c->sched)
			sched_virq_posted();
		v = c->vcpu;
		if (v && vcpu_claim_start(v))
			vcpu_reset_and_enter(v);
		wfi();
	}
}

/* The vCPU of p that trapped on this physical CPU, if any. */
static struct vcpu *current_vcpu_of(struct partition *p)
{
	struct vcpu *v = this_pcpu()->vcpu;

	return v && v->part == p && this_pcpu()->in_guest ? v : NULL;
}

/*
 * p->lock held, p RUNNING: moves p to 'to' and asks every vCPU but self to go
 * off: a pending start is cancelled, a running vCPU is sent EV_STOP.
 */
static void begin_stop_locked(struct partition *p, uint32_t to, struct vcpu *self)
{
	p->state = to;
	for (unsigned i = 0; i < p->nvcpus; i++) {
		struct vcpu *w = p->vcpus[i];

		if (w == self)
			continue;
		if (w->state == VCPU_ON_PENDING) {
			w->state = VCPU_OFF;
		} else if (w->state == VCPU_RUNNING) {
			w->state = VCPU_PARKING;
			pcpu_post(w->pcpu, EV_STOP);
		}
	}
}

/* Disables p's physical interrupts; returns once every vCPU of p but self is OFF. */
static void quiesce_and_wait(struct partition *p, struct vcpu *self)
{
	vgic_partition_quiesce(p);
	for (unsigned i = 0; i < p->nvcpus; i++)
		while (p->vcpus[i] != self && p->vcpus[i]->state != VCPU_OFF)
			wfe();
}

/* A bit per partition that has stopped and whose "stopped" line is out. */
static volatile uint32_t stops_reported;

/* After begin_stop_locked(p, PART_STOPPED, ...): waits, reports, powers off after the last one. */
static void finish_stop(struct partition *p, struct vcpu *self, const char *reason)
{
	dma_partition_stop(p);
	quiesce_and_wait(p, self);
	partition_console_flush(p);
	hv_log("partition %u '%s' stopped (%s)", p->id, p->cfg->name, reason);
	sched_report(p);
	/*
	 * The last partition to report powers the machine off: exactly one CPU sets the
	 * last bit, and only after every "stopped" line is out (two partitions stopping
	 * at once must not power off under each other's line).
	 */
	if ((atomic_or32(&stops_reported, BIT(p->id)) | BIT(p->id)) == BIT(num_partitions) - 1) {
		hv_log("all partitions stopped; system off");
		fw_system_off();
	}
}

/* Stops every vCPU of p; when called by one of them, that vCPU parks too (no return). */
void partition_stop(struct partition *p, const char *reason)
{
	struct vcpu *self = current_vcpu_of(p);
	bool won;

	spin_lock(&p->lock);
	won = p->state == PART_RUNNING;
	if (won)
		begin_stop_locked(p, PART_STOPPED, self);
	spin_unlock(&p->lock);
	/* A loser is a vCPU that another stop or reset of p has asked to go off already. */
	if (won)
		finish_stop(p, self, reason);
	if (self)
		vcpu_park(self);
}

/* PSCI CPU_OFF: v goes off; when it was the last vCPU on, its partition stops. */
void vcpu_off(struct vcpu *v)
{
	struct partition *p = v->part;
	bool last = false;

	spin_lock(&p->lock);
	if (v->state == VCPU_RUNNING) { /* not asked to go off by a stop or reset already */
		v->state = VCPU_PARKING;
		last = p->state == PART_RUNNING;
		for (unsigned i = 0; i < p->nvcpus; i++)
			if (p->vcpus[i]->state == VCPU_RUNNING || p->vcpus[i]->state == VCPU_ON_PENDING)
				last = false;
		if (last)
			begin_stop_locked(p, PART_STOPPED, v);
	}
	spin_unlock(&p->lock);
	if (last)
		finish_stop(p, v, "all vCPUs off");
	vcpu_park(v);
}

/*
 * PSCI SYSTEM_RESET by self: restarts its partition from a pristine image,
 * every vCPU off, memory reloaded, vCPU 0 at the entry point. No return.
 */
void partition_reset(struct vcpu *self)
{
	struct partition *p = self->part;
	struct vcpu *v0 = p->vcpus[0];
	bool won;

	spin_lock(&p->lock);
	won = p->state == PART_RUNNING;
	if (won)
		begin_stop_locked(p, PART_RESETTING, self);
	spin_unlock(&p->lock);
	if (!won)
		vcpu_park(self); /* another vCPU stops or resets p and asked this one to go off */
	dma_partition_stop(p); /* until the restart below: no DMA into memory being reloaded */
	quiesce_and_wait(p, self);
	partition_console_flush(p);
	hv_log("partition %u '%s' reset (system-reset)", p->id, p->cfg->name);
	load_image(p, false);
	partition_dt_fixup(p); /* fresh seeds for every restart */
	vgic_partition_init(p);
	for (unsigned i = 0; i < p->nvcpus; i++)
		vgic_vcpu_init(p->vcpus[i]);
	vuart_reset(p);
	dma_partition_start(p);
	v0->boot_entry = p->cfg->entry;
	v0->boot_ctx = p->cfg->dtb_ipa;
	if (self != v0)
		vcpu_silence(self);
	spin_lock(&p->lock);
	p->state = PART_RUNNING;
	if (self != v0) {
		/* Off before vCPU 0 runs, so that vCPU 0 can switch it on again at once. */
		self->state = VCPU_OFF;
		v0->state = VCPU_ON_PENDING;
	}
	spin_unlock(&p->lock);
	if (self == v0)
		vcpu_reset_and_enter(v0);
	pcpu_post(v0->pcpu, EV_CPU_ON);
	pcpu_idle();
}
