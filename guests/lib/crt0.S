/* SPDX-License-Identifier: MIT */
/*
 * Guest start-up. Haven (or QEMU) enters _start, the image's first byte, at
 * EL1h with the MMU off and DAIF masked, anywhere 4 KiB-aligned. vCPU 0 then:
 *   1. applies the R_AARCH64_RELATIVE relocations of .rela.dyn (image linked at 0),
 *   2. zeroes .bss, which holds the per-vCPU stacks,
 *   3. takes the stack of its MPIDR Aff0 index, installs VBAR_EL1, calls
 *      guest_start_primary() (runtime.c), which calls main().
 * Secondary vCPUs, started by PSCI CPU_ON at _secondary_entry with a context
 * id in x0, skip 1 and 2 and call guest_start_secondary(ctx).
 * Nothing is unmasked here.
 */
#define R_AARCH64_RELATIVE 1027
#define SCTLR_EL1_VAL 0x30D01808 /* RES1 bits | I | SA; MMU, caches for data, alignment checks off */

	.section .text.boot, "ax"
	.global _start
	.type _start, %function
_start:
	mov	x19, x0				/* boot argument (0 under Haven) */
	ldr	x0, =SCTLR_EL1_VAL
	msr	sctlr_el1, x0
	isb

	/* 1. relocations: *(base + r_offset) = base + r_addend */
	adr	x20, _start			/* runtime base (linked at 0) */
	adrp	x1, __rela_start
	add	x1, x1, :lo12:__rela_start
	adrp	x2, __rela_end
	add	x2, x2, :lo12:__rela_end
	mov	x21, #0				/* relocations of another type (reported later) */
1:	cmp	x1, x2
	b.hs	2f
	ldp	x3, x4, [x1], #16		/* r_offset, r_info */
	ldr	x5, [x1], #8			/* r_addend */
	mov	w6, #R_AARCH64_RELATIVE
	cmp	w4, w6				/* ELF64_R_TYPE: the low 32 bits */
	b.ne	3f
	add	x5, x5, x20
	str	x5, [x20, x3]
	b	1b
3:	add	x21, x21, #1
	b	1b

	/* 2. zero .bss (16-byte aligned both ends, see guest.ld) */
2:	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
4:	cmp	x1, x2
	b.hs	5f
	stp	xzr, xzr, [x1], #16
	b	4b
5:	adrp	x1, guest_bad_relocs
	str	x21, [x1, :lo12:guest_bad_relocs]
	dsb	sy

	/* 3. stack, vectors, C */
	bl	set_stack_and_vectors
	mov	x0, x19
	bl	guest_start_primary
	b	park

	.global _secondary_entry
	.type _secondary_entry, %function
_secondary_entry:
	mov	x19, x0				/* PSCI context id */
	ldr	x0, =SCTLR_EL1_VAL
	msr	sctlr_el1, x0
	isb
	bl	set_stack_and_vectors
	mov	x0, x19
	bl	guest_start_secondary
	b	park

/* sp = stacks + (Aff0 + 1) * GUEST_STACK_SIZE; VBAR_EL1 = vectors. Parks a vCPU with Aff0 >= 4. */
set_stack_and_vectors:
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	cmp	x0, #4				/* GUEST_MAX_CPUS */
	b.hs	park
	add	x0, x0, #1
	adrp	x1, guest_stacks
	add	x1, x1, :lo12:guest_stacks
	add	x1, x1, x0, lsl #14		/* GUEST_STACK_SIZE = 16 KiB */
	mov	sp, x1
	mov	x29, #0
	adrp	x1, guest_vectors
	add	x1, x1, :lo12:guest_vectors
	msr	vbar_el1, x1
	isb
	ret

park:
	wfi
	b	park
	.ltorg

	.section .bss.guest_stacks, "aw", %nobits
	.balign 16
	.global guest_stacks
guest_stacks:
	.space	4 * 0x4000

	.section .bss.guest_bad_relocs, "aw", %nobits
	.balign 8
	.global guest_bad_relocs
guest_bad_relocs:
	.space	8
