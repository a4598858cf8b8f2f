build/qemu-virt/demo/hv/drivers/pl011.c.o: drivers/pl011.c \
 include/haven/hv.h include/haven/config.h include/haven/types.h \
 include/haven/platform.h include/haven/arch.h include/haven/abi.h
include/haven/hv.h:
include/haven/config.h:
include/haven/types.h:
include/haven/platform.h:
include/haven/arch.h:
include/haven/abi.h:
