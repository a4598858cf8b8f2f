build/qemu-virt/demo/hv/arch/aarch64/mmu.c.o: arch/aarch64/mmu.c \
 include/haven/hv.h include/haven/config.h include/haven/types.h \
 include/haven/platform.h include/haven/arch.h include/haven/abi.h \
 include/haven/pgtable.h
include/haven/hv.h:
include/haven/config.h:
include/haven/types.h:
include/haven/platform.h:
include/haven/arch.h:
include/haven/abi.h:
include/haven/pgtable.h:
