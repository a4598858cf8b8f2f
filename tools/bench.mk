# `make bench`: Haven's core benchmark (issue #10, docs/performance.md).
# Included by the top Makefile (-include tools/bench.mk). $$(SETUP_OK) is expanded in the
# second phase (.SECONDEXPANSION), so the include may come before SETUP_OK is set.
#
#   make bench                 builds configs/bench.c, runs the bench guest under Haven and
#                              natively (QEMU -icount), prints the table, writes build/bench/core.json;
#                              then the Linux half (make bench-linux); fails if either fails or a
#                              figure is missing or over its budget (tools/bench-budgets.json).
#                              make test runs both with --quick (docs/performance.md#budgets)
#   make bench BENCH_ARGS=--profile
#                              also attributes every EL2 instruction of each path to Haven's
#                              functions (build/bench/profile.txt; about 30 s)
#   make bench-linux           the Linux half, which make bench runs after the core half
#                              (tools/bench_linux.py, issue #3): Linux's boot natively and under
#                              Haven, cyclictest beside an idle and a busy neighbour; prints the
#                              table, writes build/bench/linux.json. BENCH_LINUX_ARGS="--variants 1"
#                              etc.: see the script

BENCH_ARGS ?=
BENCH_LINUX_ARGS ?=

.PHONY: bench-linux bench-disk

bench: $$(SETUP_OK) ## measure Haven's core paths, then the Linux guest (build/bench/{core,linux}.json)
	$(Q)rc=0; python3 tools/bench.py $(BENCH_ARGS) || rc=$$?; echo; \
	python3 tools/bench_linux.py $(BENCH_LINUX_ARGS) || rc=$$?; exit $$rc

bench-linux: $$(SETUP_OK) ## Linux boot natively vs under Haven, cyclictest idle vs busy (build/bench/linux.json)
	$(Q)python3 tools/bench_linux.py $(BENCH_LINUX_ARGS)

# Not in `make bench` yet: its Haven figure is not reproducible (tools/bench_disk.py).
bench-disk: $$(SETUP_OK) ## sequential read of a virtio-blk-pci disk natively vs under Haven with the SMMU (build/bench/disk.json)
	$(Q)python3 tools/bench_disk.py
