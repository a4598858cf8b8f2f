build/qemu-virt/demo/hv/drivers/gicv3.c.o: drivers/gicv3.c \
 include/haven/hv.h include/haven/config.h include/haven/types.h \
 include/haven/platform.h include/haven/arch.h include/haven/abi.h
include/haven/hv.h:
include/haven/config.h:
include/haven/types.h:
include/haven/platform.h:
include/haven/arch.h:
include/haven/abi.h:
