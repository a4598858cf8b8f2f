build/qemu-virt/demo/hv/lib/fmt.c.o: lib/fmt.c include/haven/lib.h \
 include/haven/types.h
include/haven/lib.h:
include/haven/types.h:
