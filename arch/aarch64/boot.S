/* SPDX-License-Identifier: MIT */
/*
 * EL2 entry. CPU 0 arrives from QEMU's -kernel loader at _start with x0 = DTB
 * (unused: the platform is static data). Secondary CPUs arrive at
 * secondary_entry from firmware PSCI CPU_ON with x0 = their CPU index.
 */
	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	not_el2
	/* Zero .bss (the stacks live there too). */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	mov	x0, #0
	bl	set_stack
	bl	early_cpu_setup
	bl	boot_main		/* builds the EL2 map, enables the MMU, never returns */
	b	halt

	.global secondary_entry
secondary_entry:
	mov	x19, x0
	bl	set_stack
	bl	early_cpu_setup
	mov	x0, x19
	bl	secondary_main
	b	halt

/* sp = _stacks_end - cpu * STACK_SIZE  (x0 = cpu index); clobbers x1, x2 */
set_stack:
	adrp	x1, _stacks_end
	add	x1, x1, :lo12:_stacks_end
	mov	x2, #0x4000
	msub	x1, x0, x2, x1
	mov	sp, x1
	ret

/* Vectors and a known EL2 state before any C runs. */
early_cpu_setup:
	adrp	x1, el2_vectors
	add	x1, x1, :lo12:el2_vectors
	msr	vbar_el2, x1
	msr	daifset, #0xf
	isb
	ret

not_el2:
	/* Not entered at EL2 (QEMU needs virtualization=on): say so on UART0 and stop. */
	adr	x1, not_el2_msg
	mov	x2, #0x09000000
	mov	w3, #0x301
	str	w3, [x2, #0x30]
3:	ldrb	w3, [x1], #1
	cbz	w3, halt
	str	w3, [x2]
	b	3b
halt:
	wfi
	b	halt

not_el2_msg:
	.asciz "haven: PANIC not entered at EL2 (run QEMU with -M virt,virtualization=on)\r\n"
	.balign 4

/* void mmu_enable(uint64_t ttbr): MAIR/TCR are set by the caller (arch_mmu_regs). */
	.global mmu_enable
mmu_enable:
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	nsh
	isb
	mrs	x1, sctlr_el2
	mov	x2, #((1 << 0) | (1 << 2) | (1 << 3) | (1 << 12))	/* M, C, SA, I */
	orr	x1, x1, x2
	msr	sctlr_el2, x1
	isb
	ret

/* uint64_t smc_call(fn, a1, a2, a3): firmware call (PSCI) over SMC. */
	.global smc_call
smc_call:
	smc	#0
	ret
