# Guest images. Every guest is a position-independent EL1 binary built from the
# runtime in guests/lib (start-up, console, timer, GIC, hypercalls, exceptions,
# the exit) and its own guests/<name>/*.c. A test guest (TEST_GUESTS) also links
# the test library in guests/lib/test (t_check, the @T lines and @DONE of
# docs/test-protocol.md); any other guest prints only what it prints itself.
# They are built per config dir because the attacker links a probe plan that
# tools/haven-check derives from the config.
TEST_GUESTS := archtest attacker bench benchdma benchsched cfgrace conin demo dmaflood dmapeer dmareset dmastop dmastorm dmatest faulter flooder gictest hog hvctest schedirq schedregs timeshare \
	irqreset meter panicker racer resetter semihost sleeper stormer stray ticker victim
GUEST_CFLAGS := $(TARGET_CFLAGS) -fpie -Iguests/lib
GUEST_LIB := $(wildcard guests/lib/*.c) $(wildcard guests/lib/*.S) lib/fmt.c lib/string.c
GUEST_TEST_LIB := $(wildcard guests/lib/test/*.c) $(wildcard guests/lib/test/*.S)
guest_test = $(if $(filter $(1),$(TEST_GUESTS)),$(2))

$(OUT)/gen/probes.c: $(OUT)/haven-check
	@mkdir -p $(dir $@)
	$(Q)$(OUT)/haven-check --emit-probes attacker > $@

GUEST_EXTRA_attacker := $(OUT)/gen/probes.c

$(OUT)/guests/%.elf: $(GUEST_LIB) $$(call guest_test,%,$(GUEST_TEST_LIB)) $$(wildcard guests/%/*.c) \
		$$(GUEST_EXTRA_%) guests/lib/guest.ld $(wildcard guests/lib/*.h guests/lib/test/*.h) \
		include/haven/abi.h guests/guests.mk
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) $(call guest_test,$*,-Iguests/lib/test) -T guests/lib/guest.ld \
		-static-pie -Wl,--no-dynamic-linker -Wl,-z,norelro -Wl,--build-id=none -Wl,--gc-sections \
		-Wl,--no-warn-rwx-segments -o $@ \
		$(GUEST_LIB) $(call guest_test,$*,$(GUEST_TEST_LIB)) $(wildcard guests/$*/*.c) \
		$(GUEST_EXTRA_$*) -lgcc

# Kept (not an intermediate file make deletes): the symbols for addr2line and gdb.
.PRECIOUS: $(OUT)/guests/%.elf

$(OUT)/guests/%.bin: $(OUT)/guests/%.elf
	$(Q)$(OBJCOPY) -O binary $< $@
