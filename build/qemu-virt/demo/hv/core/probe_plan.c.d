build/qemu-virt/demo/hv/core/probe_plan.c.o: core/probe_plan.c \
 include/haven/abi.h include/haven/config.h include/haven/types.h \
 include/haven/lib.h include/haven/platform.h include/haven/probe.h
include/haven/abi.h:
include/haven/config.h:
include/haven/types.h:
include/haven/lib.h:
include/haven/platform.h:
include/haven/probe.h:
