build/qemu-virt/demo/hv/configs/demo.c.o: configs/demo.c \
 include/haven/config.h include/haven/types.h
include/haven/config.h:
include/haven/types.h:
