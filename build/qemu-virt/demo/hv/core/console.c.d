build/qemu-virt/demo/hv/core/console.c.o: core/console.c \
 include/haven/hv.h include/haven/config.h include/haven/types.h \
 include/haven/platform.h include/haven/arch.h include/haven/abi.h \
 include/haven/lib.h
include/haven/hv.h:
include/haven/config.h:
include/haven/types.h:
include/haven/platform.h:
include/haven/arch.h:
include/haven/abi.h:
include/haven/lib.h:
