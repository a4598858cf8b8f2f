# Haven: a static-partitioning hypervisor for Armv8-A EL2.
#   make help        lists every target
#   make demo        boots the default system in QEMU
#   make test        runs every test and prints "N passed, N failed"
# Build one system:  make PLATFORM=qemu-virt CONFIG=NAME     (the system in configs/NAME.c)

PLATFORM ?= qemu-virt
CONFIG ?= demo
CONFIG_DIR ?= configs
CONFIG_FILE := $(CONFIG_DIR)/$(CONFIG).c
# HOST_CHECK=0 skips the build-time check (only to test the boot-time one).
HOST_CHECK ?= 1
# HAVEN_TEST_HOOKS=1 adds test-only hypercalls (the panic-path test); never in a real build.
HAVEN_TEST_HOOKS ?= 0
BUILD ?= build
OUT := $(BUILD)/$(PLATFORM)/$(CONFIG)
HOSTOUT := $(BUILD)/host
CROSS ?= aarch64-linux-gnu-
Q := $(if $(V),,@)

CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc

# Flags for everything that runs on the target (EL2 and guests).
TARGET_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdlib -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
	-mstrict-align -mgeneral-regs-only -mno-outline-atomics -mcpu=cortex-a55 \
	-fno-stack-protector -fno-pic -fno-tree-loop-distribute-patterns \
	-fno-omit-frame-pointer -ffunction-sections -fdata-sections \
	-Wall -Wextra -Werror -Wno-unused-parameter -Iinclude
HV_CFLAGS := $(TARGET_CFLAGS) -Iplatform/$(PLATFORM) -DHAVEN_CONFIG_NAME='"$(CONFIG)"' \
	$(if $(filter 1,$(HAVEN_TEST_HOOKS)),-DHAVEN_TEST_HOOKS)
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -Iinclude -DHAVEN_HOST

PLATFORM_DIR := platform/$(PLATFORM)
ifeq ($(wildcard $(PLATFORM_DIR)/platform.mk),)
$(error PLATFORM=$(PLATFORM): no $(PLATFORM_DIR)/platform.mk; platforms: $(notdir $(wildcard platform/*)))
endif
ifeq ($(filter clean help setup print-%,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(CONFIG_FILE)),)
$(error CONFIG=$(CONFIG): no $(CONFIG_FILE); configs: $(notdir $(basename $(wildcard configs/*.c))))
endif
endif
include $(PLATFORM_DIR)/platform.mk

# --- the hypervisor ----------------------------------------------------------
HV_SRCS := $(wildcard core/*.c) $(wildcard arch/aarch64/*.c) $(wildcard arch/aarch64/*.S) \
	$(wildcard lib/*.c) $(PLATFORM_DRIVERS) $(PLATFORM_DIR)/platform.c $(CONFIG_FILE)
HV_OBJS := $(patsubst %,$(OUT)/hv/%.o,$(HV_SRCS)) $(OUT)/hv/images.o

# GUESTS: the images the config names, from the compiled config ($(OUT)/images.mk,
# written by haven-check --list-images; never from the config's text, as a partition
# may come from a macro in a header). Make builds the checker and images.mk first,
# then rereads the Makefile. Goals that build no system image skip it.
IMAGE_FREE_GOALS := clean help setup test bench bench-linux host-tests cppcheck check-config mutants \
	linux-% $(filter-out print-GUESTS print-EMBEDDED print-STAGED,$(filter print-%,$(MAKECMDGOALS)))
ifneq ($(filter-out $(IMAGE_FREE_GOALS),$(or $(MAKECMDGOALS),all)),)
include $(OUT)/images.mk
endif

.SECONDEXPANSION:
.PHONY: all image help setup demo test test-build bench check-config clean host-tests mutants \
	guests format-check cppcheck

all: image

image: $$(SETUP_OK) $(OUT)/haven.bin ## build the hypervisor image for PLATFORM and CONFIG

$(OUT)/hv/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(OUT)/hv/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HV_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

# Images a config names: bare-metal guests (guests/<name>/) are linked into the
# hypervisor; anything else is a large blob staged in the platform's image store
# (STORE_BASE, platform.mk), which QEMU fills with -device loader (qemu-args).
# Blob files: <name>_dtb -> the generated DTB; others -> $(BUILD)/linux/<name>.bin.
EMBEDDED := $(filter $(patsubst guests/%/,%,$(wildcard guests/*/)),$(GUESTS))
STAGED := $(filter-out $(EMBEDDED),$(GUESTS))
blob_file = $(if $(filter %_dtb,$(1)),$(OUT)/blobs/$(1).bin,$(BUILD)/linux/$(1).bin)

# image-sizes: each image's memsz ("name bytes" a line, tools/image-sizes.sh): what it
# occupies from its load address once it runs. Both validators check it fits its region:
# haven-check --image-sizes at build time, the hypervisor from _guest_<name>_memsz.
$(OUT)/image-sizes: $(OUT)/images.mk tools/image-sizes.sh $(foreach g,$(EMBEDDED),$(OUT)/guests/$(g).elf) \
		$(foreach g,$(STAGED),$(call blob_file,$(g)))
	$(Q)NM=$(CROSS)nm sh tools/image-sizes.sh $(foreach g,$(EMBEDDED),$(g)=$(OUT)/guests/$(g).elf) \
		$(foreach g,$(STAGED),$(g)=$(call blob_file,$(g))) > $@.tmp && mv $@.tmp $@

# The launcher also places every image at its destination for the first start
# (docs/platforms.md#the-boot-contract): one more loader line per image and
# partition, at the address haven-check --list-loads gives. IN_PLACE=0 leaves
# them out (a test of Haven's fallback copy).
IN_PLACE ?= 1
IMAGE_FILES := $(foreach g,$(EMBEDDED),$(g)=$(OUT)/guests/$(g).bin) \
	$(foreach g,$(STAGED),$(g)=$(call blob_file,$(g)))

$(OUT)/images.S: $(CONFIG_FILE) $(OUT)/image-sizes $(OUT)/haven-check \
		$(foreach g,$(EMBEDDED),$(OUT)/guests/$(g).bin) \
		$(foreach g,$(STAGED),$(call blob_file,$(g)))
	@mkdir -p $(dir $@)
	$(Q){ echo '/* generated from $(CONFIG_FILE): the guest images it names */'; \
	  while read -r g size; do \
	    printf '.global _guest_%s_memsz\n.set _guest_%s_memsz, %s\n' $$g $$g $$size; done \
	    < $(OUT)/image-sizes; \
	  echo '.section .rodata.guest_images, "a"'; \
	  for g in $(EMBEDDED); do \
	    echo ".balign 4096"; echo ".global _guest_$${g}_start"; echo "_guest_$${g}_start:"; \
	    echo ".incbin \"$(OUT)/guests/$$g.bin\""; echo ".global _guest_$${g}_end"; \
	    echo "_guest_$${g}_end:"; done; \
	  addr=$$(($(STORE_BASE))); echo '$(QEMU_MACHINE_ARGS)' > $(OUT)/qemu-args; \
	  for f in $(foreach g,$(STAGED),$(g)=$(call blob_file,$(g))); do \
	    g=$${f%%=*}; file=$${f#*=}; size=$$(stat -c %s $$file); \
	    end=$$((addr + size)); \
	    if [ $$end -gt $$(($(STORE_BASE) + $(STORE_SIZE))) ]; then \
	      echo "images: $$g does not fit in the image store ($(STORE_SIZE) bytes)" >&2; exit 1; fi; \
	    printf '.global _guest_%s_start\n.set _guest_%s_start, 0x%x\n' $$g $$g $$addr; \
	    printf '.global _guest_%s_end\n.set _guest_%s_end, 0x%x\n' $$g $$g $$end; \
	    printf -- '-device loader,file=%s,addr=0x%x,force-raw=on\n' "$(CURDIR)/$$file" $$addr \
	      >> $(OUT)/qemu-args; \
	    addr=$$(( (end + 0x1fffff) & ~0x1fffff )); done; \
	  $(if $(filter 0,$(IN_PLACE)),,$(foreach f,$(IMAGE_FILES),for pa in $$($(OUT)/haven-check \
	    --list-loads | sed -n 's/^$(firstword $(subst =, ,$(f))) //p'); do printf -- \
	    '-device loader,file=%s,addr=%s,force-raw=on\n' "$(CURDIR)/$(lastword $(subst =, ,$(f)))" \
	    $$pa >> $(OUT)/qemu-args; done;)) } > $@

$(OUT)/hv/images.o: $(OUT)/images.S
	$(Q)$(CC) $(HV_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

# config.ok first: a serial make refuses a bad config before compiling the hypervisor.
$(OUT)/haven.elf: $(if $(filter 1,$(HOST_CHECK)),$(OUT)/config.ok) $(HV_OBJS) arch/aarch64/haven.ld
	$(Q)$(CC) $(HV_CFLAGS) -T arch/aarch64/haven.ld -Wl,--gc-sections -Wl,-Map=$(OUT)/haven.map \
		-Wl,--no-warn-rwx-segments -Wl,--build-id=none -o $@ $(HV_OBJS) -lgcc
	@echo "  LD      $@"

$(OUT)/haven.bin: $(OUT)/haven.elf
	$(Q)$(OBJCOPY) -O binary $< $@
	@echo "  IMAGE   $@ ($$(stat -c %s $@) bytes)"

# --- the config checker (host) -----------------------------------------------
# A config may include headers from its own directory (configs/linux-layout.h).
CHECK_SRCS := tools/haven-check.c core/config_check.c core/probe_plan.c $(PLATFORM_DIR)/platform.c
$(OUT)/haven-check: $(CHECK_SRCS) $(CONFIG_FILE) $(wildcard include/haven/*.h $(CONFIG_DIR)/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(CHECK_SRCS) $(CONFIG_FILE)

# The names a config may use: a guest of guests/, a Linux blob tools/linux.mk builds or
# $(BUILD)/linux/ holds, or <x>_dtb (generated). haven-check refuses any other name here,
# naming partition and field, before anything is compiled for the target.
KNOWN_GUESTS = $(filter-out lib,$(patsubst guests/%/,%,$(wildcard guests/*/)))
KNOWN_BLOBS = $(sort $(patsubst $(BUILD)/linux/%.bin,%,$(filter $(BUILD)/linux/%.bin,$(LINUX_ASSETS)) \
	$(wildcard $(BUILD)/linux/*.bin)))

$(OUT)/images.mk: $(OUT)/haven-check
	$(Q)names=$$($(OUT)/haven-check --list-images --guests "$(KNOWN_GUESTS)" --blobs "$(KNOWN_BLOBS)") || \
	  { echo "config $(CONFIG) ($(CONFIG_FILE)): fix the image names above" >&2; exit 1; }; \
	  echo 'GUESTS :=' $$names > $@

$(OUT)/config.ok: $(OUT)/haven-check $(OUT)/image-sizes
	$(Q)$(OUT)/haven-check --image-sizes $(OUT)/image-sizes
	@touch $@

# Without building the images: their footprints are checked by `make image`.
check-config: $(OUT)/haven-check ## validate configs/<CONFIG>.c against the platform (not the image sizes)
	$(Q)$(OUT)/haven-check

include guests/guests.mk
include tools/dtgen.mk
-include tools/linux.mk
-include tools/bench.mk
-include tools/gdb.mk
-include tests/host/host.mk
-include $(shell find $(OUT) -name '*.d' 2>/dev/null)

# --- user entry points -------------------------------------------------------
SETUP_OK := $(BUILD)/.setup-ok
$(SETUP_OK): tools/setup.sh
	$(Q)sh tools/setup.sh --check 2>/dev/null || sh tools/setup.sh
	@mkdir -p $(BUILD) && touch $@

setup: ## set up the host: say what is missing and what will change, then do it (Debian 12/13; sh tools/setup.sh --dry-run only says)
	$(Q)sh tools/setup.sh

# At a terminal the demo is interactive (run-qemu.sh tells Haven a person is there,
# and Haven tells Linux) and there is no time limit.
demo: $(SETUP_OK) ## boot the default system (configs/demo.c): Linux + a bare-metal partition
	$(Q)$(MAKE) --no-print-directory CONFIG=demo image
	$(Q)if [ -t 0 ]; then \
		echo "demo: Linux's console is yours: type commands at its prompt; 'poweroff' ends the demo"; \
		echo "demo: (Ctrl-A x quits QEMU at any time)"; \
		HAVEN_TIMEOUT=0 sh tools/run-qemu.sh $(BUILD)/$(PLATFORM)/demo/haven.bin; \
	else \
		HAVEN_TIMEOUT=$${HAVEN_TIMEOUT:-300} sh tools/run-qemu.sh $(BUILD)/$(PLATFORM)/demo/haven.bin; \
	fi

# At a terminal a system runs until you quit QEMU (the hang timeout is for tests and scripts).
# QEMU_EXTRA: more QEMU arguments, e.g. a device to pass through; Haven's console stays
# the first serial port, so QEMU_EXTRA='-serial file:uart1.txt' gives virt its UART1.
QEMU_EXTRA ?=
run: $(SETUP_OK) image ## boot CONFIG in QEMU (at a terminal until you quit: Ctrl-A x); QEMU_EXTRA='...' adds QEMU arguments
	$(Q)if [ -t 0 ]; then \
		echo "run: Haven's console is yours; Ctrl-A x quits QEMU (Ctrl-A c: QEMU's monitor)"; \
		HAVEN_TIMEOUT=$${HAVEN_TIMEOUT:-0} sh tools/run-qemu.sh $(OUT)/haven.bin $(QEMU_EXTRA); \
	else \
		sh tools/run-qemu.sh $(OUT)/haven.bin $(QEMU_EXTRA); \
	fi

test: $(SETUP_OK) ## build everything and run all tests (host, config, QEMU scenarios)
	$(Q)python3 tools/runner.py

CPPCHECK_FLAGS := --quiet --enable=warning,portability,performance --std=c11 --error-exitcode=1 \
	--suppress=missingIncludeSystem -Iinclude -I$(PLATFORM_DIR) -D__aarch64__
cppcheck: ## static analysis of everything that runs at EL2, and the host tools
	$(Q)cppcheck $(CPPCHECK_FLAGS) core arch/aarch64 drivers lib platform tools/*.c

mutants: $(SETUP_OK) ## plant each bug of tests/mutants/mutants.txt and run the tests that must catch it (slow; not in make test)
	$(Q)python3 tools/mutants.py $(MUTANTS_ARGS)

help: ## this list
	@echo "Haven: make [PLATFORM=$(PLATFORM)] [CONFIG=$(CONFIG)] [V=1] <target>"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | \
		awk -F'\t' '{ printf "  %-14s %s\n", $$1, $$2 }'
	@echo "Configs: $(notdir $(basename $(wildcard configs/*.c)))"

clean: ## remove build/
	rm -rf $(BUILD)

print-%: ## print a make variable (for scripts), e.g. make print-GUESTS
	@echo '$($*)'
