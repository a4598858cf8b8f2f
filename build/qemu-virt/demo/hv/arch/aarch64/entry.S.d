build/qemu-virt/demo/hv/arch/aarch64/entry.S.o: arch/aarch64/entry.S
