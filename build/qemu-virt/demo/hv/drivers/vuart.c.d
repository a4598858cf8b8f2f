build/qemu-virt/demo/hv/drivers/vuart.c.o: drivers/vuart.c \
 include/haven/hv.h include/haven/config.h include/haven/types.h \
 include/haven/platform.h include/haven/arch.h include/haven/abi.h
include/haven/hv.h:
include/haven/config.h:
include/haven/types.h:
include/haven/platform.h:
include/haven/arch.h:
include/haven/abi.h:
