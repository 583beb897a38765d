# SPDX-License-Identifier: ISC
# The crash loop (issue 8): sign in a loop, kill -9 at random moments, then
# every receipt shown must be in the ledger, no walk partial, verify and
# integrity_check passing. `make check-crash CRASH_KILLS=2000` for a longer
# run; every run prints its seed: replay with
# `$(BUILD)/tests/crash/crash -s SEED -k` (-k keeps the site).

CRASH = $(BUILD)/tests/crash/crash
# 200 kills take some 30 s here; the sanitizer pass, slower, does half.
CRASH_KILLS ?= $(if $(filter 1,$(SAN)),100,200)

.PHONY: check-crash

$(CRASH): tests/crash/crash.c tests/faults/walkcheck.h $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/crash/crash.c \
		$(BUILD)/libcore.a $(CORE_LIBS)

check-crash: $(CRASH)
	$(CRASH) -n $(CRASH_KILLS)

check: check-crash
