/* generated from configs/demo.c: the guest images it names */
.section .rodata.guest_images, "a"
.balign 4096
.global _guest_demo_start
_guest_demo_start:
.incbin "build/qemu-virt/demo/guests/demo.bin"
.global _guest_demo_end
_guest_demo_end:
