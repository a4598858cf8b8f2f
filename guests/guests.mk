# Guest images. Every guest is a position-independent EL1 binary built from
# guests/lib (start-up, console, exceptions, test reporting) and guests/<name>.
# They are built per config dir because the attacker links a probe plan that
# tools/haven-check derives from the config.
GUEST_CFLAGS := $(TARGET_CFLAGS) -fpie -Iguests/lib
GUEST_LIB := $(wildcard guests/lib/*.c) $(wildcard guests/lib/*.S) lib/fmt.c lib/string.c

$(OUT)/gen/probes.c: $(OUT)/haven-check
	@mkdir -p $(dir $@)
	$(Q)$(OUT)/haven-check --emit-probes attacker > $@

GUEST_EXTRA_attacker := $(OUT)/gen/probes.c

$(OUT)/guests/%.elf: $(GUEST_LIB) $$(wildcard guests/%/*.c) $$(GUEST_EXTRA_%) guests/lib/guest.ld \
		$(wildcard guests/lib/*.h) include/haven/abi.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -T guests/lib/guest.ld -static-pie -Wl,--no-dynamic-linker \
		-Wl,-z,norelro -Wl,--build-id=none -Wl,--gc-sections -Wl,--no-warn-rwx-segments -o $@ \
		$(GUEST_LIB) $(wildcard guests/$*/*.c) $(GUEST_EXTRA_$*) -lgcc

$(OUT)/guests/%.bin: $(OUT)/guests/%.elf
	$(Q)$(OBJCOPY) -O binary $< $@
