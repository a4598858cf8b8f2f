/* SPDX-License-Identifier: MIT */
/*
 * uint64_t hvc_check_preserved(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t *x0)
 * Fills x4..x17 with 0x5EED0000_000000nn (nn = register number), does HVC #0,
 * stores x0 to *x0 and returns a mask with bit n set for each xn (4..17) that
 * no longer holds its value. x4..x17 are caller-saved: nothing to restore.
 */
	.text
	.balign	4
	.global	hvc_check_preserved
	.type	hvc_check_preserved, %function
hvc_check_preserved:
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x4, [sp, #16]			/* result pointer */
	.irp	n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17
	movz	x\n, #0x5EED, lsl #48
	movk	x\n, #\n
	.endr
	hvc	#0
	mov	x3, #0
	.irp	n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17
	movz	x1, #0x5EED, lsl #48
	movk	x1, #\n
	cmp	x\n, x1
	b.eq	1f
	mov	x2, #1
	lsl	x2, x2, #\n
	orr	x3, x3, x2
1:
	.endr
	ldr	x1, [sp, #16]
	str	x0, [x1]
	mov	x0, x3
	ldp	x29, x30, [sp], #32
	ret
