# QEMU virt: GICv3 + PL011.
PLATFORM_DRIVERS := drivers/gicv3.c drivers/vgic.c drivers/vuart.c drivers/pl011.c
HV_CFLAGS += -DHAVEN_SEMIHOSTING
