# `make bench`: Haven's core benchmark (issue #10, docs/performance.md).
# Included by the top Makefile (-include tools/bench.mk). $$(SETUP_OK) is expanded in the
# second phase (.SECONDEXPANSION), so the include may come before SETUP_OK is set.
#
#   make bench                 builds configs/bench.c, runs the bench guest under Haven and
#                              natively (QEMU -icount), prints the table, writes build/bench/core.json
#   make bench BENCH_ARGS=--profile
#                              also attributes every EL2 instruction of each path to Haven's
#                              functions (build/bench/profile.txt; about 30 s)

BENCH_ARGS ?=

bench: $$(SETUP_OK) ## measure Haven's trap, IRQ, IPI and boot paths (build/bench/core.json)
	$(Q)python3 tools/bench.py $(BENCH_ARGS)
