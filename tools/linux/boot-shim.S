/* SPDX-License-Identifier: MIT */
/*
 * Native boot shim for the Linux benchmark (tools/bench_linux.py): on plain
 * QEMU virt (no hypervisor, the kernel at EL1), CPU 0 starts here (QEMU's
 * generic loader with cpu-num=0 sets its PC to this file's load address) and
 * enters the arm64 Image the way Haven enters the partition: x0 = the DTB's
 * address, x1..x3 = 0 (the arm64 boot protocol), then a branch to the kernel.
 * Needed because -kernel would load the Image at 0x40200000, outside the
 * memory the partition's DT describes. Position-independent: the addresses
 * come from the assembler (--defsym DTB=..., --defsym KERNEL=..., each below
 * 4 GiB and 64 KiB-aligned).
 *
 *   aarch64-linux-gnu-as --defsym DTB=0x5fe00000 --defsym KERNEL=0x50000000 \
 *       -o shim.o boot-shim.S && ld -Ttext=0 -o shim.elf shim.o && objcopy -O binary
 */
	.text
	.globl	_start
_start:
	movz	x0, #(DTB >> 16), lsl #16
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	movz	x4, #(KERNEL >> 16), lsl #16
	br	x4
