build/qemu-virt/demo/hv/arch/aarch64/boot.S.o: arch/aarch64/boot.S
