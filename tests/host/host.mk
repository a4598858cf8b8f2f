# Host tests, included by the top Makefile (which defines HOSTCC, HOST_CFLAGS,
# HOSTOUT and PLATFORM_DIR).
#
#   make host-tests   builds every host unit test ($(HOST_TEST_BINS)) and one
#                     config checker per malformed config in tests/host/bad-configs
#                     ($(BAD_CONFIG_BINS)); tools/runner.py runs them.
#
# A unit test prints one "@T host <name> PASS|FAIL ..." line per case and exits
# non-zero if any failed. A bad-config checker must exit 1 and print, on stderr,
# the text after "EXPECT:" in the first line of its source.

HOST_TEST_DIR := tests/host
HOST_TEST_HDRS := $(wildcard include/haven/*.h) $(wildcard $(HOST_TEST_DIR)/*.h)
HOST_CHECKER_SRCS := tools/haven-check.c core/config_check.c core/probe_plan.c $(PLATFORM_DIR)/platform.c

# Each unit test: its source, then the code under test it is linked with.
HOST_TEST_SRCS_validator := core/config_check.c $(PLATFORM_DIR)/platform.c
HOST_TEST_SRCS_validator_el2 := core/config_check.c $(PLATFORM_DIR)/platform.c
HOST_TEST_SRCS_pgtable := arch/aarch64/pgtable.c
HOST_TEST_SRCS_fmt := lib/fmt.c
# The test guests' result lines, in protocol and in plain-text form.
HOST_TEST_SRCS_guest_format := guests/lib/test/test_format.c lib/fmt.c
HOST_TEST_CFLAGS_guest_format := -Iguests/lib/test
$(HOSTOUT)/test_guest_format: guests/lib/test/test_format.h
HOST_TEST_SRCS_string := lib/string.c
# lib/string.c defines memcpy & co.: rename them so the host's libc stays untouched.
HOST_TEST_CFLAGS_string := -fno-builtin -Dmemcpy=hv_test_memcpy -Dmemmove=hv_test_memmove \
	-Dmemset=hv_test_memset -Dmemcmp=hv_test_memcmp -Dstrlen=hv_test_strlen \
	-Dstrcmp=hv_test_strcmp -Dstrncmp=hv_test_strncmp -Dmem_sampled_equal=hv_test_mem_sampled_equal
# lib/chacha20.c and lib/fdt.c (core/bootinfo.c's seeds and DT fix-ups), under ASan and UBSan:
# the FDT cases search truncated and corrupted blobs in exact-size heap buffers.
HOST_TEST_SRCS_entropy := lib/chacha20.c lib/fdt.c
HOST_TEST_CFLAGS_entropy := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_TEST_SRCS_probe_plan := core/probe_plan.c core/config_check.c $(PLATFORM_DIR)/platform.c
# test_dtgen.c #includes tools/haven-dtgen.c (without its main), so that file is a
# prerequisite but not linked separately.
HOST_TEST_SRCS_dtgen := core/config_check.c $(PLATFORM_DIR)/platform.c
# test_dtgen_cli.c #includes tools/haven-dtgen.c with its main renamed.
HOST_TEST_SRCS_dtgen_cli := core/config_check.c $(PLATFORM_DIR)/platform.c

# test_vgic.c runs drivers/vgic.c, unchanged, against a fake GIC and core (fake_gic.c),
# under AddressSanitizer and UBSan (whose bounds checks see past the end of a struct's array).
HOST_TEST_SRCS_vgic := $(HOST_TEST_DIR)/fake_gic.c drivers/vgic.c
HOST_TEST_CFLAGS_vgic := -fsanitize=address,undefined -fno-sanitize-recover=all

# test_validator_el2 is test_validator.c built the way the hypervisor builds the
# validator (without HAVEN_HOST), which adds the image size checks.
HOST_TEST_CFLAGS_validator_el2 := -UHAVEN_HOST

HOST_TEST_NAMES := validator validator_el2 pgtable fmt guest_format probe_plan dtgen dtgen_cli string fuzz messages vgic \
	entropy
HOST_TEST_BINS := $(patsubst %,$(HOSTOUT)/test_%,$(HOST_TEST_NAMES)) $(HOSTOUT)/test_config_json \
	$(HOSTOUT)/test_mutants $(HOSTOUT)/test_docs $(HOSTOUT)/test_images $(HOSTOUT)/test_setup \
	$(HOSTOUT)/test_devcheck $(HOSTOUT)/test_gdb \
	$(HOSTOUT)/test_console_pty $(HOSTOUT)/test_make_run

BAD_CONFIG_SRCS := $(sort $(wildcard $(HOST_TEST_DIR)/bad-configs/*.c))
BAD_CONFIG_BINS := $(patsubst $(HOST_TEST_DIR)/bad-configs/%.c,$(HOSTOUT)/bad-configs/%,$(BAD_CONFIG_SRCS))

host-tests: $(HOST_TEST_BINS) $(BAD_CONFIG_BINS) ## build the host unit tests and bad-config checkers

$(HOSTOUT)/test_validator_el2: $(HOST_TEST_DIR)/test_validator.c $(HOST_TEST_SRCS_validator_el2) \
		$(HOST_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(HOST_TEST_CFLAGS_validator_el2) -o $@ $< \
		$(HOST_TEST_SRCS_validator_el2)

$(HOSTOUT)/test_dtgen: tools/haven-dtgen.c
$(HOSTOUT)/test_dtgen_cli: tools/haven-dtgen.c

# test_messages is a Python script; it reads the sources and tests where they are.
$(HOSTOUT)/test_messages: $(HOST_TEST_DIR)/test_messages.py
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec python3 "%s" "$$@"\n' "$(CURDIR)/$<" > $@ && chmod +x $@

# test_docs: every repository path and make target the README and docs/ name exists.
$(HOSTOUT)/test_docs: $(HOST_TEST_DIR)/test_docs.py
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec python3 "%s" "$$@"\n' "$(CURDIR)/$<" > $@ && chmod +x $@

# test_images: what make says about a config's image names and footprints (it runs make).
$(HOSTOUT)/test_images: $(HOST_TEST_DIR)/test_images.py
	@mkdir -p $(dir $@)
	$(Q)cp $< $@ && chmod +x $@

# test_setup: tools/setup.sh's plan and refusals on made-up systems (stubs; changes nothing).
$(HOSTOUT)/test_setup: $(HOST_TEST_DIR)/test_setup.py
	@mkdir -p $(dir $@)
	$(Q)cp $< $@ && chmod +x $@

# test_devcheck: tools/devcheck.py names a passed-through device QEMU was not given.
$(HOSTOUT)/test_devcheck: $(HOST_TEST_DIR)/test_devcheck.py tools/devcheck.py $(CONFIG_JSON_BINS)
	@mkdir -p $(dir $@)
	$(Q)cp $< $@ && chmod +x $@

# test_gdb: a scripted gdb session against Haven in QEMU, as make gdb starts it.
$(HOSTOUT)/test_gdb: $(HOST_TEST_DIR)/test_gdb.py
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec python3 "%s" "$$@"\n' "$(CURDIR)/$<" > $@ && chmod +x $@

# test_make_run: make run at a terminal (a pty) has no hang timeout; from a script it has one.
$(HOSTOUT)/test_make_run: $(HOST_TEST_DIR)/test_make_run.py
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec env BUILD="%s" python3 "%s" "$$@"\n' "$(BUILD)" "$(CURDIR)/$<" > $@ && chmod +x $@

# test_console_pty: a person at the demo's console (a pty): a shell, Ctrl-C, Ctrl-Z, poweroff.
# It builds and boots configs/demo.c itself (Linux assets in $(BUILD)/linux).
$(HOSTOUT)/test_console_pty: $(HOST_TEST_DIR)/test_console_pty.py
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec env BUILD="%s" python3 "%s" "$$@"\n' "$(BUILD)" "$(CURDIR)/$<" > $@ && chmod +x $@

# test_mutants: every mutant of tests/mutants/mutants.txt (make mutants) still applies.
$(HOSTOUT)/test_mutants: tools/mutants.py
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec python3 "%s" --check "$$@"\n' "$(CURDIR)/$<" > $@ && chmod +x $@
$(HOSTOUT)/test_vgic: $(HOST_TEST_DIR)/fake_gic.h

# The fuzz test runs the validator, probe planner and DT generator under ASan and UBSan.
$(HOSTOUT)/test_fuzz: $(HOST_TEST_DIR)/test_fuzz.c tools/haven-dtgen.c core/config_check.c \
		core/probe_plan.c $(PLATFORM_DIR)/platform.c $(HOST_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all \
		-o $@ $< core/config_check.c core/probe_plan.c $(PLATFORM_DIR)/platform.c

$(HOSTOUT)/test_string: $(HOST_TEST_DIR)/test_string.c lib/string.c $(HOST_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c -o $@.lib.o lib/string.c $(HOST_TEST_CFLAGS_string)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $@.lib.o

$(HOSTOUT)/test_%: $(HOST_TEST_DIR)/test_%.c $$(HOST_TEST_SRCS_%) $(HOST_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(HOST_TEST_CFLAGS_$*) -o $@ $< $(HOST_TEST_SRCS_$*)

# test_config_json is a Python script (haven-check --json and --list-images): it runs
# one checker per config, each linked from the checker's objects (compiled once)
# and configs/<name>.c or tests/host/configs/<name>.c.
CONFIG_JSON_OBJS := $(patsubst %.c,$(HOSTOUT)/checker-obj/%.o,$(HOST_CHECKER_SRCS))
CONFIG_JSON_BINS := $(patsubst %.c,$(HOSTOUT)/config-json/%,$(notdir \
	$(wildcard configs/*.c $(HOST_TEST_DIR)/configs/*.c)))

$(HOSTOUT)/checker-obj/%.o: %.c $(HOST_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

$(HOSTOUT)/config-json/%: configs/%.c $(CONFIG_JSON_OBJS) $(wildcard configs/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(CONFIG_JSON_OBJS) $<

$(HOSTOUT)/config-json/%: $(HOST_TEST_DIR)/configs/%.c $(CONFIG_JSON_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(CONFIG_JSON_OBJS) $<

$(HOSTOUT)/test_config_json: $(HOST_TEST_DIR)/test_config_json.py $(CONFIG_JSON_BINS)
	@mkdir -p $(dir $@)
	$(Q)cp $< $@ && chmod +x $@

$(HOSTOUT)/bad-configs/%: $(HOST_TEST_DIR)/bad-configs/%.c $(HOST_CHECKER_SRCS) $(HOST_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(HOST_CHECKER_SRCS) $<
