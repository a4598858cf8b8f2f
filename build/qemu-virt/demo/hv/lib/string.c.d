build/qemu-virt/demo/hv/lib/string.c.o: lib/string.c include/haven/lib.h \
 include/haven/types.h
include/haven/lib.h:
include/haven/types.h:
