/* SPDX-License-Identifier: MIT */
/* EL1 exception handlers: probes, the HVC-undefined fix-up, IRQ dispatch, fatal reports. */
#include <haven/lib.h>

#include "exceptions.h"
#include "console.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"

#define HVC0_INSN 0xD4000002u /* hvc #0 */

struct probe_state {
	volatile uint32_t armed;
	volatile uint32_t taken;
	volatile uint64_t esr, far, elr;
};

static struct probe_state probes[GUEST_MAX_CPUS];
static irq_handler_t irq_handlers[IRQ_MAX_INTID];
volatile uint64_t irq_unhandled;
volatile uint64_t hvc_undef_count;
static sync_hook_t sync_hook;

void exc_set_sync_hook(sync_hook_t fn)
{
	sync_hook = fn;
	dsb(sy);
}

void probe_arm(void)
{
	struct probe_state *p = &probes[cpu_id()];

	p->taken = 0;
	p->esr = p->far = p->elr = 0;
	barrier();
	p->armed = 1;
	barrier();
}

struct probe_result probe_disarm(void)
{
	struct probe_state *p = &probes[cpu_id()];
	struct probe_result r;

	barrier();
	p->armed = 0;
	barrier();
	r.taken = p->taken != 0;
	r.esr = p->esr;
	r.far = p->far;
	r.elr = p->elr;
	return r;
}

uint64_t probe_load(uint64_t addr, unsigned size)
{
	switch (size) {
	case 1:
		return probe_load8(addr);
	case 2:
		return probe_load16(addr);
	case 4:
		return probe_load32(addr);
	default:
		return probe_load64(addr);
	}
}

void probe_store(uint64_t addr, unsigned size, uint64_t v)
{
	switch (size) {
	case 1:
		probe_store8(addr, v);
		break;
	case 2:
		probe_store16(addr, v);
		break;
	case 4:
		probe_store32(addr, v);
		break;
	default:
		probe_store64(addr, v);
		break;
	}
}

void irq_register(uint32_t intid, irq_handler_t fn)
{
	if (intid < IRQ_MAX_INTID) {
		irq_handlers[intid] = fn;
		dsb(sy);
	}
}

static void handle_irq(void)
{
	uint64_t iar = read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
	uint32_t intid = (uint32_t)(iar & 0xffffff);
	irq_handler_t fn;

	if (intid >= 1020 && intid <= 1023)
		return; /* spurious: nothing to EOI */
	fn = intid < IRQ_MAX_INTID ? irq_handlers[intid] : NULL;
	if (fn)
		fn(intid);
	else
		irq_unhandled++;
	write_sysreg(S3_0_C12_C12_1, iar); /* ICC_EOIR1_EL1 */
	isb();
}

static const char *const kind_names[4] = { "sync", "irq", "fiq", "serror" };

static void __attribute__((noreturn)) fatal(struct exc_frame *f, uint64_t kind)
{
	uint64_t esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);
	static volatile bool in_fatal[GUEST_MAX_CPUS];
	char detail[CONSOLE_LINE_MAX - 64];

	if (in_fatal[cpu_id()]) /* faulted while reporting: give up quietly */
		psci_system_off();
	in_fatal[cpu_id()] = true;
	console_end_line();
	hv_snprintf(detail, sizeof(detail),
		    "esr=0x%llx elr=0x%llx far=0x%llx kind=%s cpu=%u spsr=0x%llx lr=0x%llx",
		    (unsigned long long)esr, (unsigned long long)f->elr, (unsigned long long)far,
		    kind_names[kind & 3], cpu_id(), (unsigned long long)f->spsr,
		    (unsigned long long)f->x[30]);
	guest_report_error("unexpected_exception", detail);
	/* Not guest_exit(): the guest did not finish (a test guest prints no @DONE). */
	psci_system_off();
}

void exc_handle(struct exc_frame *f, uint64_t kind)
{
	unsigned type = kind & 3;

	if (type == 1) {
		handle_irq();
		return;
	}
	if (type == 0 && (kind >> 2) == 1) {
		uint64_t esr = read_sysreg(esr_el1);
		struct probe_state *p = &probes[cpu_id()];

		if (p->armed && (ESR_EC(esr) == ESR_EC_DABT_CUR || ESR_EC(esr) == ESR_EC_IABT_CUR)) {
			p->esr = esr;
			p->far = read_sysreg(far_el1);
			p->elr = f->elr;
			p->taken++;
			/* Skip the load or store; an instruction abort has no instruction to skip:
			 * go back to the caller of the branch (probe_exec), at its link register. */
			f->elr = ESR_EC(esr) == ESR_EC_DABT_CUR ? f->elr + 4 : f->x[30];
			return;
		}
		if (ESR_EC(esr) == ESR_EC_UNKNOWN && (f->elr & 3) == 0 &&
		    *(const volatile uint32_t *)f->elr == HVC0_INSN) {
			if (hvc_undef_count++ == 0)
				cprintf("note: HVC is undefined here (no EL2?): treating it as "
					"NOT_SUPPORTED\n");
			f->x[0] = (uint64_t)(int64_t)HAVEN_ERR_NOT_SUPPORTED;
			f->elr += 4;
			return;
		}
	}
	if (type == 0 && sync_hook && sync_hook(f, kind, read_sysreg(esr_el1)))
		return;
	fatal(f, kind);
}
