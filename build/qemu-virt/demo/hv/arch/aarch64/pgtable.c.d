build/qemu-virt/demo/hv/arch/aarch64/pgtable.c.o: arch/aarch64/pgtable.c \
 include/haven/pgtable.h include/haven/types.h
include/haven/pgtable.h:
include/haven/types.h:
