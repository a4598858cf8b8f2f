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

/*
 * uint64_t load_check_preserved(uint64_t addr, uint64_t *val)      ldr w0, [addr]
 * uint64_t load_check_preserved_w20(uint64_t addr, uint64_t *val)  ldr w20, [addr]
 * Fill x1..x28 but the load's destination with 0x5EED0000_000000nn, do one
 * 32-bit load from addr (a trap to Haven: an emulated register, or a
 * violation whose abort an armed probe skips), store the loaded value to
 * *val and return a mask with bit n set for each xn (1..28) that no longer
 * holds its value. x19..x28 are restored before the return.
 */
.macro load_check name, dest
	.global	\name
	.type	\name, %function
\name:
	stp	x29, x30, [sp, #-112]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	str	x1, [sp, #96]
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28
	.if	\n - \dest
	movz	x\n, #0x5EED, lsl #48
	movk	x\n, #\n
	.endif
	.endr
	ldr	w\dest, [x0]
	mov	x29, x\dest
	mov	x0, #0
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28
	.if	\n - \dest
	movz	x30, #0x5EED, lsl #48
	movk	x30, #\n
	cmp	x\n, x30
	b.eq	1f
	orr	x0, x0, #(1 << \n)
1:
	.endif
	.endr
	ldr	x1, [sp, #96]
	str	x29, [x1]
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #112
	ret
	.size	\name, . - \name
.endm

	load_check load_check_preserved, 0
	load_check load_check_preserved_w20, 20
