# The device tree of each Linux partition, generated from the system config
# (tools/haven-dtgen.c), included by the top Makefile (which defines OUT,
# CONFIG_FILE, HOSTCC, HOST_CFLAGS, PLATFORM_DIR, BUILD and Q).
#
#   $(OUT)/haven-dtgen          the generator, linked with the config, the validator
#                               and the platform, like $(OUT)/haven-check
#   $(OUT)/blobs/NAME.dts       haven-dtgen --image NAME: the DT of the partition whose
#                               extra[] holds blob NAME (e.g. linux_dtb)
#   $(OUT)/blobs/NAME.bin       that .dts compiled by dtc: the blob Haven loads
#
# The initrd range in the DT needs the initramfs size. haven-dtgen names the
# partition's initramfs blob (--print-initrd, e.g. "initramfs_rt"); its size is
# taken from $(DTGEN_INITRD_DIR)/<blob>.bin when that file exists, else from
# $(DTGEN_INITRD), else 0 (no initrd in the DT, with a warning).
# $(DTGEN_INITRD) is a prerequisite, so the rule that builds it (tools/linux.mk)
# runs first; without such a rule the empty rule below stands in for it.

DTC ?= dtc
DTGEN_INITRD_DIR ?= $(BUILD)/linux
DTGEN_INITRD ?= $(DTGEN_INITRD_DIR)/initramfs.bin
DTGEN_SRCS := tools/haven-dtgen.c core/config_check.c $(PLATFORM_DIR)/platform.c

$(OUT)/haven-dtgen: $(DTGEN_SRCS) $(CONFIG_FILE) $(wildcard include/haven/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(DTGEN_SRCS) $(CONFIG_FILE)

# No recipe: a rule elsewhere supplies one; if none does, a missing file only
# means "regenerate" (the .dts is rewritten only when its text changes).
$(DTGEN_INITRD):

# The .dts is replaced only when its text changes, so the .bin (and whatever is
# built from it) is not remade for nothing.
$(OUT)/blobs/%.dts: $(OUT)/haven-dtgen $(DTGEN_INITRD) $(wildcard $(DTGEN_INITRD_DIR)/initramfs*.bin)
	@mkdir -p $(dir $@)
	$(Q)blob=$$($(OUT)/haven-dtgen --image $* --print-initrd) || exit 1; \
	f=$(DTGEN_INITRD_DIR)/$$blob.bin; \
	if [ -z "$$blob" ] || [ ! -f "$$f" ]; then f=$(DTGEN_INITRD); fi; \
	size=0; \
	if [ -n "$$blob" ] && [ -f "$$f" ]; then size=$$(stat -c %s "$$f"); fi; \
	$(OUT)/haven-dtgen --image $* --initrd-size $$size > $@.tmp || { rm -f $@.tmp; exit 1; }; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; \
	  echo "  DTGEN   $@ ($${blob:-no initramfs}: $$size bytes)"; fi

$(OUT)/blobs/%.bin: $(OUT)/blobs/%.dts
	$(Q)$(DTC) -I dts -O dtb -o $@.tmp $< && mv $@.tmp $@
	@echo "  DTC     $@ ($$(stat -c %s $@) bytes)"

# Keep the .dts when only the .bin was asked for (it is an intermediate otherwise).
.PRECIOUS: $(OUT)/blobs/%.dts
