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
	bl	early_cpu_setup
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
	bl	boot_main		/* builds the EL2 map, enables the MMU, never returns */
	b	halt

	/*
	 * With its MMU off, this CPU's accesses do not see the caches CPU 0 has
	 * been using: it turns its MMU on (from el2_mmu_regs, which CPU 0
	 * cleaned to memory) before it touches its stack or any variable.
	 */
	.global secondary_entry
secondary_entry:
	mov	x19, x0
	bl	early_cpu_setup
	adrp	x0, el2_mmu_regs
	add	x0, x0, :lo12:el2_mmu_regs
	bl	mmu_enable
	mov	x0, x19
	bl	set_stack
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

/*
 * SCTLR_EL2 (E2H = 0), complete values rather than changes to whatever
 * firmware left: the RES1 bits (4, 5, 11, 16, 18, 22, 23, 28, 29), little
 * endian, stack alignment checks (SA); with the MMU on also the caches (C,
 * I) and write-implies-never-execute (WXN), which backs the W^X map.
 */
#define SCTLR_EL2_MMU_OFF 0x30C50838
#define SCTLR_EL2_MMU_ON 0x30CD183D

/* Vectors and a known EL2 state before any C runs; touches no memory. */
early_cpu_setup:
	adrp	x1, el2_vectors
	add	x1, x1, :lo12:el2_vectors
	msr	vbar_el2, x1
	msr	daifset, #0xf
	movz	x1, #(SCTLR_EL2_MMU_OFF & 0xFFFF)
	movk	x1, #(SCTLR_EL2_MMU_OFF >> 16), lsl #16
	msr	sctlr_el2, x1
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

/* void mmu_enable(const uint64_t regs[3]): MAIR_EL2, TCR_EL2, TTBR0_EL2, then the MMU on; no stack. */
	.global mmu_enable
mmu_enable:
	ldp	x1, x2, [x0]
	ldr	x3, [x0, #16]
	msr	mair_el2, x1
	msr	tcr_el2, x2
	msr	ttbr0_el2, x3
	isb
	tlbi	alle2
	dsb	nsh
	isb
	movz	x1, #(SCTLR_EL2_MMU_ON & 0xFFFF)
	movk	x1, #(SCTLR_EL2_MMU_ON >> 16), lsl #16
	msr	sctlr_el2, x1
	isb
	ret

/* uint64_t smc_call(fn, a1, a2, a3): firmware call (PSCI) over SMC. */
	.global smc_call
smc_call:
	smc	#0
	ret
