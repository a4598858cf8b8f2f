/* SPDX-License-Identifier: MIT */
/*
 * The EL1 vector table. Every entry saves the general registers, ELR_EL1 and
 * SPSR_EL1 into a struct exc_frame (exceptions.h) on the current stack, calls
 * exc_handle(frame, kind) with kind = the entry's index (0..15: sync, irq, fiq,
 * serror for current EL SP0, current EL SPx, lower EL AArch64, lower EL
 * AArch32), restores the (possibly modified) frame and returns.
 */
#define FRAME_SIZE 288 /* x0..x30, elr, spsr, pad: a multiple of 16 */

	.macro	VENTRY kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	exc_common
	.endm

	.text
	.balign	0x800
	.global	guest_vectors
guest_vectors:
	VENTRY	0
	VENTRY	1
	VENTRY	2
	VENTRY	3
	VENTRY	4
	VENTRY	5
	VENTRY	6
	VENTRY	7
	VENTRY	8
	VENTRY	9
	VENTRY	10
	VENTRY	11
	VENTRY	12
	VENTRY	13
	VENTRY	14
	VENTRY	15

exc_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, elr_el1
	stp	x30, x2, [sp, #240]
	mrs	x3, spsr_el1
	str	x3, [sp, #256]
	mov	x0, sp
	mov	x29, #0				/* end the frame-pointer chain for C */
	bl	exc_handle
	ldr	x2, [sp, #248]
	ldr	x3, [sp, #256]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret

/*
 * Probe accesses (exceptions.h): exactly one load or store instruction each,
 * so the sync handler can skip it (ELR += 4) when an armed probe faults. A
 * load that faults returns 0: x0 is cleared before it.
 *   uint64_t probe_load{8,16,32,64}(uint64_t addr)
 *   void probe_store{8,16,32,64}(uint64_t addr, uint64_t value)
 */
	.macro	PROBE_LOAD name, insn, reg
	.global	\name
	.type	\name, %function
\name:
	mov	x1, x0
	mov	x0, #0
	\insn	\reg, [x1]
	ret
	.endm

	.macro	PROBE_STORE name, insn, reg
	.global	\name
	.type	\name, %function
\name:
	\insn	\reg, [x0]
	ret
	.endm

	PROBE_LOAD probe_load8, ldrb, w0
	PROBE_LOAD probe_load16, ldrh, w0
	PROBE_LOAD probe_load32, ldr, w0
	PROBE_LOAD probe_load64, ldr, x0
	PROBE_STORE probe_store8, strb, w1
	PROBE_STORE probe_store16, strh, w1
	PROBE_STORE probe_store32, str, w1
	PROBE_STORE probe_store64, str, x1

/*
 * void probe_exec(uint64_t addr): BLR to addr. If the fetch there aborts, the
 * armed probe's handler resumes at x30, the instruction after the BLR, as if
 * the code at addr had returned at once.
 */
	.global	probe_exec
	.type	probe_exec, %function
probe_exec:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	blr	x0
	ldp	x29, x30, [sp], #16
	ret
