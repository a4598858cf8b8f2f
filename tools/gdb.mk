# Debugging with gdb-multiarch (docs/debugging.md). Included by the top Makefile.
#
#   make gdb CONFIG=NAME [GUEST=P]   one terminal: QEMU halted before Haven's first
#                                    instruction, in the background (its console in
#                                    $(OUT)/gdb-console.log; gdb's `console` prints it), and
#                                    gdb in front with haven.elf's symbols, connected.
#                                    GUEST=P adds the symbols of partition P's bare-metal guest
#   make gdb-qemu CONFIG=NAME        two terminals: QEMU halted, console here, gdbstub on
#   make gdb-attach CONFIG=NAME      HAVEN_GDB_PORT (1234); then gdb-attach in the other
#   GDB_ARGS='-ex "break hvc_dispatch"'  more gdb arguments

GUEST ?=
GDB_ARGS ?=

.PHONY: gdb gdb-qemu gdb-attach

# Keep the guests' ELFs (their symbols) beside their images.
GDB_GUEST_ELFS := $(foreach g,$(EMBEDDED),$(OUT)/guests/$(g).elf)
ifneq ($(GDB_GUEST_ELFS),)
.SECONDARY: $(GDB_GUEST_ELFS)
endif

gdb: $$(SETUP_OK) $(GDB_GUEST_ELFS) image ## debug CONFIG in QEMU with gdb-multiarch, one terminal (GUEST=partition: its symbols too)
	$(Q)python3 tools/gdb.py $(if $(GUEST),--guest $(GUEST)) $(OUT) $(GDB_ARGS)

gdb-qemu: $$(SETUP_OK) image ## boot CONFIG in QEMU halted, waiting for make gdb-attach in another terminal
	$(Q)python3 tools/gdb.py --qemu-only $(OUT)

gdb-attach: $$(SETUP_OK) $(GDB_GUEST_ELFS) image ## attach gdb-multiarch to the QEMU of make gdb-qemu (GUEST=partition: its symbols too)
	$(Q)python3 tools/gdb.py --attach $(if $(GUEST),--guest $(GUEST)) $(OUT) $(GDB_ARGS)
