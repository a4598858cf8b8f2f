/* SPDX-License-Identifier: MIT */
/*
 * The bench guest's own EL1 vector table, installed (VBAR_EL1) only around the
 * measurements that end in an exception: the virtual timer interrupt, the
 * IPIs and the stage-2 violation. Its two live entries read the counter in
 * their very first instruction, so no register saving or C dispatch sits
 * between the event and the time stamp. Every other entry branches to the
 * runtime's table (guests/lib/vectors.S), which reports it as usual.
 *
 * Register contract (the waiting code in main.c declares these clobbered and
 * runs with nothing else live in them):
 *   x9   out: the counter at vector entry (CNTVCT_EL0 for an IRQ, PMCCNTR_EL0
 *             for a synchronous exception)
 *   x10  in:  if non-zero, the IRQ entry stores x9 there (before any reply)
 *   x11  in:  if non-zero, the IRQ entry writes it to ICC_SGI1R_EL1 (the reply
 *             of an SGI ping-pong) after acknowledging the interrupt
 *   x12  out: ICC_IAR1_EL1 (IRQ) or ESR_EL1 (synchronous exception)
 *   x13..x15  scratch
 *
 * IRQ entry: acknowledge, disable the virtual timer if it was the timer (a
 * level interrupt), EOI (EOImode 0: priority drop and deactivation; under a
 * hypervisor this also deactivates a hardware-linked interrupt), optional
 * store and reply, and if the interrupt arrived just before a WFI, skip that
 * WFI so the waiting code never sleeps past its own wake-up.
 * Synchronous entry: a data abort at the current EL (EC 0x25) skips the
 * faulting instruction; anything else goes to the runtime's fatal report.
 */
__asm__(
	"	.section .text.bench_vectors, \"ax\"\n"
	"	.balign	0x800\n"
	"	.global	bench_vectors\n"
	"	.type	bench_vectors, %function\n"
	"bench_vectors:\n"
	/* 0x000..0x180: current EL with SP_EL0 -> the runtime */
	"	.irp	k, 0, 1, 2, 3\n"
	"	.balign	0x80\n"
	"	b	guest_vectors + \\k * 0x80\n"
	"	.endr\n"
	/* 0x200: synchronous, current EL with SP_ELx */
	"	.balign	0x80\n"
	"	mrs	x9, pmccntr_el0\n"
	"	mrs	x12, esr_el1\n"
	"	ubfx	x13, x12, #26, #6\n"
	"	cmp	x13, #0x25\n"
	"	b.ne	1f\n"
	"	mrs	x13, elr_el1\n"
	"	add	x13, x13, #4\n"
	"	msr	elr_el1, x13\n"
	"	eret\n"
	"1:	b	guest_vectors + 0x200\n"
	/* 0x280: IRQ, current EL with SP_ELx */
	"	.balign	0x80\n"
	"	mrs	x9, cntvct_el0\n"
	"	mrs	x12, S3_0_C12_C12_0\n"		/* ICC_IAR1_EL1 */
	"	and	w13, w12, #0xffffff\n"
	"	cmp	w13, #1020\n"
	"	b.hs	3f\n"				/* spurious: nothing to EOI */
	"	cmp	w13, #27\n"			/* HAVEN_VTIMER_INTID */
	"	b.ne	1f\n"
	"	msr	cntv_ctl_el0, xzr\n"
	"	isb\n"
	"1:	msr	S3_0_C12_C12_1, x12\n"		/* ICC_EOIR1_EL1 */
	"	cbz	x10, 2f\n"
	"	str	x9, [x10]\n"
	"2:	cbz	x11, 3f\n"
	"	dsb	ish\n"
	"	msr	S3_0_C12_C11_5, x11\n"		/* ICC_SGI1R_EL1 */
	"3:	mrs	x13, elr_el1\n"
	"	ldr	w14, [x13]\n"
	"	movz	w15, #0x207f\n"
	"	movk	w15, #0xd503, lsl #16\n"	/* wfi */
	"	cmp	w14, w15\n"
	"	b.ne	4f\n"
	"	add	x13, x13, #4\n"
	"	msr	elr_el1, x13\n"
	"4:	eret\n"
	/* 0x300..0x780: FIQ, SError, lower ELs -> the runtime */
	"	.irp	k, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15\n"
	"	.balign	0x80\n"
	"	b	guest_vectors + \\k * 0x80\n"
	"	.endr\n"
	"	.size	bench_vectors, . - bench_vectors\n"
	"	.text\n");
