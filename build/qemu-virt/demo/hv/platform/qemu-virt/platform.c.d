build/qemu-virt/demo/hv/platform/qemu-virt/platform.c.o: \
 platform/qemu-virt/platform.c include/haven/platform.h \
 include/haven/types.h
include/haven/platform.h:
include/haven/types.h:
