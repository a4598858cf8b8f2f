# QEMU virt: GICv3 + PL011.
PLATFORM_DRIVERS := drivers/gicv3.c drivers/vgic.c drivers/vuart.c drivers/pl011.c drivers/smmuv3.c
# A PANIC resets the machine (PSCI SYSTEM_RESET); run-qemu.sh passes -no-reboot, so
# QEMU exits and the script reports status 3 (docs/platforms.md). No semihosting.
HV_CFLAGS += -DHAVEN_PANIC_RESET
# Haven's image store (platform.c: store_base, store_size), filled by QEMU's loader.
STORE_BASE := 0x70000000
STORE_SIZE := 0x10000000
