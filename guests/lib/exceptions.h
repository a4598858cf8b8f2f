/* SPDX-License-Identifier: MIT */
/*
 * EL1 exception handling: the saved register frame, armed "probes" that turn
 * an expected synchronous abort into a recorded result, and a per-INTID IRQ
 * handler table.
 */
#ifndef GUEST_EXCEPTIONS_H
#define GUEST_EXCEPTIONS_H

#include <haven/types.h>

/* Registers saved by vectors.S (the layout is fixed there: 288 bytes). */
struct exc_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};

/* ESR_EL1 fields. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_EC_UNKNOWN 0x00
#define ESR_EC_SVC64 0x15
#define ESR_EC_IABT_CUR 0x21
#define ESR_EC_DABT_CUR 0x25
#define ESR_DFSC(esr) ((esr) & 0x3f)
#define ESR_DFSC_SEA 0x10 /* synchronous external abort, not on a table walk */
#define ESR_WNR BIT(6)
#define ESR_FNV BIT(10)

/*
 * A probe: while armed on a vCPU, a data abort taken at EL1 on that vCPU is
 * recorded (ESR, FAR, ELR) and the faulting instruction is skipped instead of
 * being reported as unexpected. Use the probe_load / probe_store helpers for
 * the access: each is a single instruction, and a skipped load returns 0.
 * An instruction abort is recorded too, and the vCPU goes on at the link
 * register: probe_exec() branches with link to its target, so an abort on the
 * target's first instruction returns from probe_exec().
 */
struct probe_result {
	bool taken; /* an abort was taken while armed */
	uint64_t esr, far, elr;
};

void probe_arm(void);
/* Disarms and returns what happened since probe_arm() on this vCPU. */
struct probe_result probe_disarm(void);

uint64_t probe_load8(uint64_t addr);
uint64_t probe_load16(uint64_t addr);
uint64_t probe_load32(uint64_t addr);
uint64_t probe_load64(uint64_t addr);
void probe_store8(uint64_t addr, uint64_t v);
void probe_store16(uint64_t addr, uint64_t v);
void probe_store32(uint64_t addr, uint64_t v);
void probe_store64(uint64_t addr, uint64_t v);

/* Branches with link to addr (4-byte aligned); returns when the code there returns or when it faults. */
void probe_exec(uint64_t addr);

/* A load / store of size 1, 2, 4 or 8 bytes through the helpers above. */
uint64_t probe_load(uint64_t addr, unsigned size);
void probe_store(uint64_t addr, unsigned size, uint64_t v);

/*
 * IRQs: the handler runs with IRQs masked after ICC_IAR1_EL1 and before
 * ICC_EOIR1_EL1 (EOImode 0: EOI drops priority and deactivates). INTIDs
 * 0..IRQ_MAX_INTID-1 can have a handler; the rest are acknowledged and
 * counted as unhandled. Spurious INTIDs (1020..1023) are ignored.
 */
#define IRQ_MAX_INTID 64
typedef void (*irq_handler_t)(uint32_t intid);
void irq_register(uint32_t intid, irq_handler_t fn);
extern volatile uint64_t irq_unhandled;

/*
 * Counts HVCs that raised an Undefined Instruction exception (no EL2, e.g. a
 * native QEMU run for a non-PSCI function id). The handler returns
 * NOT_SUPPORTED (-1) in x0 for them, as a hypervisor would.
 */
extern volatile uint64_t hvc_undef_count;

/*
 * A guest's own handler for synchronous exceptions the library does not
 * handle (an undefined instruction, a call from EL0, ...), consulted before
 * the fatal report. kind is the vector index (exc_handle); it returns true
 * when it handled the exception (it may change the frame, e.g. elr).
 */
typedef bool (*sync_hook_t)(struct exc_frame *f, uint64_t kind, uint64_t esr);
void exc_set_sync_hook(sync_hook_t fn);

/* Called by vectors.S. */
void exc_handle(struct exc_frame *f, uint64_t kind);

#endif
