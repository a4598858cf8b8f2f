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

/*
 * void el1_fp_save(uint64_t regs[66]), void el1_fp_load(const uint64_t regs[66]):
 * Q0..Q31, then FPCR and FPSR, for a vCPU switch on a shared CPU (core/sched.c).
 */
	.global el1_fp_save
	.type el1_fp_save, %function
el1_fp_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpcr
	mrs	x2, fpsr
	add	x0, x0, #16 * 32
	stp	x1, x2, [x0]
	ret

	.global el1_fp_load
	.type el1_fp_load, %function
el1_fp_load:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x0, x0, #16 * 32
	ldp	x1, x2, [x0]
	msr	fpcr, x1
	msr	fpsr, x2
	ret
