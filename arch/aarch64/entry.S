/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors and the guest entry/exit path.
 *
 * While a guest runs, SP_EL2 points at its struct vcpu, whose first member is
 * the register frame (struct vcpu_regs: x0..x30, elr, spsr) followed by
 * hyp_sp, the top of this physical CPU's EL2 stack. A trap stores the
 * registers C may clobber (x0..x18, x29, x30, ELR, SPSR) in place, switches
 * to hyp_sp and calls the C handler with the vcpu; C itself preserves
 * x19..x28 (AAPCS64), so they stay live in the hardware. Only traps whose
 * emulation names a guest register (a data abort, a system-register access)
 * also store and reload x19..x28. Nothing else is saved: a pinned vCPU's EL1
 * system registers never leave the hardware. See docs/performance.md.
 */
#define FRAME_ELR (31 * 8)
#define VCPU_HYP_SP (33 * 8)
#define EC_SYSREG 0x18
#define EC_DABT_LOW 0x24

/* x0..x17 into the frame at sp (struct vcpu_regs layout). */
.macro save_x0_x17
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
.endm

/* x19..x28 into the frame at x0 (a trap whose emulation names one of them). */
.macro save_x19_x28
	stp	x19, x20, [x0, #8 * 19]
	stp	x21, x22, [x0, #8 * 21]
	stp	x23, x24, [x0, #8 * 23]
	stp	x25, x26, [x0, #8 * 25]
	stp	x27, x28, [x0, #8 * 27]
.endm

/* The caller-saved half of the frame; leaves x0 = vcpu and sp = its EL2 stack. */
.macro save_guest
	save_x0_x17
	str	x18, [sp, #8 * 18]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x29, x30, [sp, #8 * 29]
	stp	x1, x2, [sp, #FRAME_ELR]
	mov	x0, sp
	ldr	x1, [x0, #VCPU_HYP_SP]
	mov	sp, x1
.endm

/* Calls handler(vcpu) with x0 = vcpu kept on the EL2 stack; leaves x1 = vcpu for the restore. */
.macro call_handler handler
	str	x0, [sp, #-16]!
	bl	\handler
	ldr	x1, [sp], #16
.endm

.macro lower_vector handler
	.balign 0x80
	save_guest
	call_handler \handler
	b	restore_fast
.endm

.macro hyp_vector name
	.balign 0x80
	stp	x29, x30, [sp, #-16]!
	mov	x29, #\name
	b	hyp_trap
.endm

/* An IRQ on a shared CPU: the whole frame, since the handler may switch vCPUs (core/sched.c). */
.macro sched_irq_vector
	.balign 0x80
	save_guest
	save_x19_x28
	call_handler sched_irq_lower
	mov	x1, x0		/* the vCPU to resume */
	b	restore_full
.endm

/* IRQs from a lower EL: irq_vector is lower_vector handle_irq_lower or sched_irq_vector. */
.macro vector_table irq_vector:vararg
	/* Current EL with SP_EL0: never used. */
	hyp_vector 0
	hyp_vector 1
	hyp_vector 2
	hyp_vector 3
	/* Current EL with SP_EL2: faults inside Haven. IRQs are masked at EL2,
	 * except in pcpu_idle(), which polls instead; any exception is a panic. */
	hyp_vector 4
	hyp_vector 5
	hyp_vector 6
	hyp_vector 7
	/* Lower EL, AArch64: the guest. */
	.balign 0x80
	save_guest
	mrs	x3, esr_el2
	lsr	x2, x3, #26
	cmp	x2, #EC_DABT_LOW
	b.eq	sync_dabt
	cmp	x2, #EC_SYSREG
	b.eq	sync_sysreg
	call_handler handle_sync_lower
	b	restore_fast
	\irq_vector
	lower_vector handle_fiq_lower
	lower_vector handle_serror_lower
	/* Lower EL, AArch32: EL1 is AArch64 (HCR_EL2.RW = 1), but a guest may run
	 * AArch32 code at EL0; r0..r14 live in x0..x14, so the same paths serve. */
	.balign 0x80
	save_guest
	b	sync_all_regs
	\irq_vector
	lower_vector handle_fiq_lower
	lower_vector handle_serror_lower
.endm

	.section .text.vectors, "ax"
	.balign 0x800
	.global el2_vectors
el2_vectors:
	vector_table lower_vector handle_irq_lower

/* A CPU that a schedule shares (core/sched.c sched_cpu_start) uses this table instead. */
	.balign 0x800
	.global el2_vectors_sched
el2_vectors_sched:
	vector_table sched_irq_vector

/*
 * A system-register trap or a data abort (x3 = ESR): its emulation reads or
 * writes the register the syndrome names. If that is x0..x15, it is in the
 * caller-saved half already; otherwise save and reload the whole frame. One
 * bit test (the register number's bit 4) decides: x16..x18 take the full
 * path too, correctly, which is cheaper than comparing with 19 on every trap
 * (compilers seldom load into x16..x18). Each EC branches here directly.
 */
sync_sysreg:
	tbnz	x3, #9, sync_all_regs	/* ISS.Rt >= 16 (ISS bits 9:5) */
	call_handler handle_sync_lower
	b	restore_fast
/* A data abort goes straight to handle_dabt_lower(vcpu, esr): no second decode of the EC. */
sync_dabt:
	mov	x1, x3
	tbnz	x3, #20, dabt_all_regs	/* ISS.SRT >= 16 (ISS bits 20:16) */
	call_handler handle_dabt_lower
	b	restore_fast
dabt_all_regs:
	save_x19_x28
	call_handler handle_dabt_lower
	b	restore_full
sync_all_regs:
	save_x19_x28
	call_handler handle_sync_lower
	/* fall through */

/* x1 = vcpu: restore the whole frame and return to the guest. */
restore_full:
	ldp	x19, x20, [x1, #8 * 19]
	ldp	x21, x22, [x1, #8 * 21]
	ldp	x23, x24, [x1, #8 * 23]
	ldp	x25, x26, [x1, #8 * 25]
	ldp	x27, x28, [x1, #8 * 27]
	/* fall through */

/* x1 = vcpu: restore the caller-saved half (x19..x28 are live) and eret. */
restore_fast:
	mov	sp, x1
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldr	x18, [sp, #8 * 18]
	ldp	x29, x30, [sp, #8 * 29]
	eret

/* void vcpu_enter(struct vcpu *v): first entry (or re-entry after a reset): every register from the frame. */
	.global vcpu_enter
vcpu_enter:
	mov	x1, x0
	b	restore_full

/* An exception taken from EL2 itself: build a vcpu_regs-shaped frame and panic. */
hyp_trap:
	sub	sp, sp, #(34 * 8 - 16)
	save_x0_x17
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	ldp	x0, x1, [sp, #(34 * 8 - 16)]	/* the x29, x30 pushed by the vector */
	stp	x28, x0, [sp, #16 * 14]
	mrs	x2, elr_el2
	stp	x1, x2, [sp, #16 * 15]
	mrs	x2, spsr_el2
	str	x2, [sp, #FRAME_ELR + 8]
	mov	x0, x29		/* vector number */
	mov	x1, sp
	bl	hyp_exception
	b	.
