# SPDX-License-Identifier: ISC
# Storage fault injection (SPEC section 8, issue 8). tests/faults/faultfs.c
# is test-only code: linked into the fault unit test and preloaded into the
# kiosk by the fault e2e scripts, never linked into signoff.
#
#   make unit          tests/unit/test_faults: every fault against the core,
#                      real ones (tmpfs, a second process, damaged pages)
#                      where this machine allows
#   make e2e           tests/e2e/faults-*.vt: the kiosk, disk full, I/O
#                      error and busy, at the review screen
#   make check-faults  the kiosk on a really full tmpfs (part of check)

FAULTFS_SO = $(BUILD)/signoff-faultfs.so

.PHONY: check-faults

# faultfs is linked in, so its write/fsync/read come before libc's.
$(BUILD)/tests/unit/test_faults: tests/unit/test_faults.c tests/faults/faultfs.c \
		tests/faults/walkcheck.h $(wildcard tests/unit/*.h) $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/unit/test_faults.c \
		tests/faults/faultfs.c $(BUILD)/libcore.a $(CORE_LIBS) -lcmocka

# For tests/e2e/faults-*.vt, which find it beside the binary as
# ${SIGNOFF}-faultfs.so. Never sanitised: it is preloaded.
$(FAULTFS_SO): tests/faults/faultfs.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -D_GNU_SOURCE -fPIC -shared $(CFLAGS) -o $@ $<

e2e: $(FAULTFS_SO)

check-faults: $(BUILD)/signoff $(VTDRIVE) $(FAULTFS_SO)
	@BUILD=$(BUILD) tests/faults/kiosk-real-disk $(BUILD)/signoff $(VTDRIVE)

check: check-faults
