# SPDX-License-Identifier: ISC
# make bench (SPEC section 13): builds signoff and the bench tools, makes
# the benchmark sites in build-bench/ (the big one, BENCH_LEARNERS
# learners, once: it is kept until the schema version changes), measures
# each figure against its reference in the same run and prints the table
# (also kept in build-bench/results.md for the README). It reports; it
# asserts nothing, and `make test` never runs it.
#
#   make bench                          a million learners
#   make bench BENCH_LEARNERS=100000    a smaller big site, for a quick look
#   make bench BENCH_VERIFY_ROUNDS=1    verify and its reference once each
#                                       (default 2, the best of each)
#
# The references need dialog, less and valgrind; as root, mk/bench.mk
# installs whichever is missing.

BENCH_DIR ?= build-bench
BENCH_LEARNERS ?= 1000000
BENCH_BIN = $(BUILD)/tests/bench
BENCH_TOOLS = $(BENCH_BIN)/bench_core $(BENCH_BIN)/firstpaint \
	$(BENCH_BIN)/runstat $(BENCH_BIN)/bare_curses

.PHONY: bench bench-deps bench-tools

$(BENCH_BIN)/bench_core: tests/bench/bench_core.c $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libcore.a $(CORE_LIBS)

$(BENCH_BIN)/firstpaint: tests/bench/firstpaint.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< -lvterm -lutil

$(BENCH_BIN)/runstat: tests/bench/runstat.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

$(BENCH_BIN)/bare_curses: tests/bench/bare_curses.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(TUI_LIBS)

bench-tools: $(BUILD)/signoff $(VTDRIVE) $(BENCH_TOOLS)

# The references' programs: only those missing, and only as root.
bench-deps:
	@missing=; for p in dialog less valgrind; do \
		command -v $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "make bench needs:$$missing (as root: apt-get install$$missing)" >&2; \
		exit 1; \
	fi; \
	echo "installing:$$missing"; \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $$missing >/dev/null

bench: bench-deps bench-tools
	@tests/bench/run $(BUILD) $(BENCH_DIR) $(BENCH_LEARNERS)
