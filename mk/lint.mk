# SPDX-License-Identifier: ISC
# The Easy Read lint of the content pack (SPEC 11a), part of `make check`:
# first its own bad examples must each fail with their rule, so the lint
# cannot quietly stop checking, then the real content pack must pass.

LINT_CONTENT = $(BUILD)/tests/lint-content

.PHONY: lint check-lint

$(LINT_CONTENT): tests/lint/lint_content.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

lint: check-lint

check-lint: $(LINT_CONTENT)
	@tests/lint/selftest $(LINT_CONTENT)
	@$(LINT_CONTENT) etc/content/*.txt

check: check-lint
