/* SPDX-License-Identifier: MIT */
/*
 * archtest's EL1 vector table and its AArch32 EL0 launcher (main.c).
 *
 * Two live entries record what an exception delivered into arch_rec
 * (struct arch_rec in main.c): ESR_EL1, ELR_EL1, SPSR_EL1, FAR_EL1, NZCV at
 * the vector (read before any flag-setting instruction), and the handler's
 * own PSTATE, which a nested SVC captures from its SPSR_EL1: the PSTATE that
 * the exception entry (Haven's, for an injected exception) gave the handler.
 *   0x200, synchronous from EL1: an Undefined Instruction (EC 0x00) or a data
 *          abort (EC 0x25) is recorded and the instruction skipped (ELR + 4);
 *          EC 0x15 is the nested SVC; anything else goes to the runtime.
 *   0x600, synchronous from AArch32 EL0: recorded with r0..r3, then
 *          run_a32() returns to its caller at EL1.
 * Every other entry branches to the runtime's table (guests/lib/vectors.S).
 * The vectors use x9..x16 (the tests declare them clobbered).
 *
 * uint64_t run_a32(uint64_t pc, uint64_t spsr, uint64_t r0, uint64_t r1)
 *   enters AArch32 EL0 at pc with SPSR spsr (mode, T bit), r0, r1 and the
 *   other registers 0; returns when an exception from it reaches 0x600.
 */
__asm__(
	"	.section .text.arch_vectors, \"ax\"\n"
	"	.balign	0x800\n"
	"	.global	arch_vectors\n"
	"arch_vectors:\n"
	"	.irp	k, 0, 1, 2, 3\n"
	"	.balign	0x80\n"
	"	b	guest_vectors + \\k * 0x80\n"
	"	.endr\n"
	"	.balign	0x80\n" /* 0x200 */
	"	mrs	x9, esr_el1\n"
	"	mrs	x10, nzcv\n"
	"	b	sync_el1\n"
	"	.irp	k, 5, 6, 7, 8, 9, 10, 11\n"
	"	.balign	0x80\n"
	"	b	guest_vectors + \\k * 0x80\n"
	"	.endr\n"
	"	.balign	0x80\n" /* 0x600 */
	"	mrs	x9, esr_el1\n"
	"	mrs	x10, nzcv\n"
	"	b	sync_a32\n"
	"	.irp	k, 13, 14, 15\n"
	"	.balign	0x80\n"
	"	b	guest_vectors + \\k * 0x80\n"
	"	.endr\n"

	/*
	 * x9 = ESR, x10 = NZCV at the vector. Leaves x11 = &arch_rec, x12 = ELR,
	 * x13 = SPSR; the nested SVC (label 1 below) changes only x9, x10, x15, x16.
	 */
	"	.macro	RECORD\n"
	"	adrp	x11, arch_rec\n"
	"	add	x11, x11, :lo12:arch_rec\n"
	"	mrs	x12, elr_el1\n"
	"	mrs	x13, spsr_el1\n"
	"	mrs	x14, far_el1\n"
	"	stp	x9, x12, [x11, #0]\n"
	"	stp	x13, x14, [x11, #16]\n"
	"	str	x10, [x11, #32]\n"
	"	svc	#0\n" /* x15 = this handler's PSTATE */
	"	str	x15, [x11, #40]\n"
	"	ldr	x14, [x11, #48]\n"
	"	add	x14, x14, #1\n"
	"	str	x14, [x11, #48]\n"
	"	.endm\n"

	"sync_el1:\n"
	"	ubfx	x16, x9, #26, #6\n"
	"	cmp	x16, #0x15\n"
	"	b.eq	1f\n"
	"	cbz	x16, 2f\n"
	"	cmp	x16, #0x25\n"
	"	b.ne	guest_vectors + 0x200\n"
	"2:	RECORD\n"
	"	add	x12, x12, #4\n"
	"	msr	elr_el1, x12\n"
	"	msr	spsr_el1, x13\n"
	"	eret\n"
	"1:	mrs	x15, spsr_el1\n"
	"	eret\n"

	"sync_a32:\n"
	"	RECORD\n"
	"	stp	x0, x1, [x11, #56]\n"
	"	stp	x2, x3, [x11, #72]\n"
	"	adrp	x9, a32_sp\n"
	"	ldr	x9, [x9, :lo12:a32_sp]\n"
	"	mov	sp, x9\n"
	"	ldp	x19, x20, [sp, #16]\n"
	"	ldp	x21, x22, [sp, #32]\n"
	"	ldp	x23, x24, [sp, #48]\n"
	"	ldp	x25, x26, [sp, #64]\n"
	"	ldp	x27, x28, [sp, #80]\n"
	"	ldp	x29, x30, [sp], #96\n"
	"	ret\n"

	"	.global	run_a32\n"
	"	.type	run_a32, %function\n"
	"run_a32:\n"
	"	stp	x29, x30, [sp, #-96]!\n"
	"	stp	x19, x20, [sp, #16]\n"
	"	stp	x21, x22, [sp, #32]\n"
	"	stp	x23, x24, [sp, #48]\n"
	"	stp	x25, x26, [sp, #64]\n"
	"	stp	x27, x28, [sp, #80]\n"
	"	mov	x9, sp\n"
	"	adrp	x10, a32_sp\n"
	"	str	x9, [x10, :lo12:a32_sp]\n"
	"	msr	elr_el1, x0\n"
	"	msr	spsr_el1, x1\n"
	"	mov	x0, x2\n"
	"	mov	x1, x3\n"
	"	.irp	r, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14\n"
	"	mov	x\\r, #0\n"
	"	.endr\n"
	"	eret\n"

	"	.section .bss.a32_sp, \"aw\", %nobits\n"
	"	.balign	8\n"
	"a32_sp:	.space	8\n");
