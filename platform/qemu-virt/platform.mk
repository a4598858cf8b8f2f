# QEMU virt: GICv3 + PL011.
PLATFORM_DRIVERS := drivers/gicv3.c drivers/pl011.c
