/* SPDX-License-Identifier: MIT */
/*
 * EL1 state that C at EL2 cannot reach (for arch_vcpu_reset_el1(), mmu.c):
 * EL2 is built -mgeneral-regs-only, so it never names an FP/SIMD register,
 * and MSR takes a debug register's number in the instruction.
 */
	.arch_extension fp
	.arch_extension simd
	.text

/* void el1_fp_reset(void): V0..V31, FPCR and FPSR to 0 (CPTR_EL2 does not trap FP/SIMD). */
	.global el1_fp_reset
	.type el1_fp_reset, %function
el1_fp_reset:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	movi	v\n\().2d, #0
	.endr
	msr	fpcr, xzr
	msr	fpsr, xzr
	ret

/*
 * void el1_debug_reset(unsigned brps, unsigned wrps): DBGBCR<n>_EL1 and
 * DBGBVR<n>_EL1 for n < brps, DBGWCR<n>_EL1 and DBGWVR<n>_EL1 for n < wrps,
 * to 0 (1..16 each, ID_AA64DFR0_EL1). Each table entry is two instructions,
 * in the order 15..0: the branch lands on entry brps - 1 (wrps - 1).
 */
	.global el1_debug_reset
	.type el1_debug_reset, %function
el1_debug_reset:
	adr	x2, 1f
	sub	x2, x2, x0, lsl #3
	br	x2
	.irp	n, 15,14,13,12,11,10,9,8,7,6,5,4,3,2,1,0
	msr	dbgbcr\n\()_el1, xzr
	msr	dbgbvr\n\()_el1, xzr
	.endr
1:	adr	x2, 2f
	sub	x2, x2, x1, lsl #3
	br	x2
	.irp	n, 15,14,13,12,11,10,9,8,7,6,5,4,3,2,1,0
	msr	dbgwcr\n\()_el1, xzr
	msr	dbgwvr\n\()_el1, xzr
	.endr
2:	ret
