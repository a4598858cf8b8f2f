build/qemu-virt/demo/hv/core/config_check.c.o: core/config_check.c \
 include/haven/abi.h include/haven/check.h include/haven/config.h \
 include/haven/types.h include/haven/platform.h include/haven/lib.h
include/haven/abi.h:
include/haven/check.h:
include/haven/config.h:
include/haven/types.h:
include/haven/platform.h:
include/haven/lib.h:
