# SPDX-License-Identifier: ISC
# Fuzzing what reads outside input (STYLE.md): the config, the content
# pack, the roster CSV and the ledger's event bytes, with libFuzzer and
# Debian's clang, under AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   make fuzz                      each target for FUZZ_SECONDS (20 s)
#   make fuzz FUZZ_SECONDS=600     the longer run, before a release
#   make fuzz FUZZ_TARGETS=roster  one target
#
# `make check` (so `make test`) runs check-fuzz: every seed and every
# input found so far, then FUZZ_CHECK_SECONDS (3 s) of new ones per
# target. Inputs found are kept in build-fuzz/corpus/TARGET; a crash is
# written to build-fuzz/crash-* and replayed with
#   build-fuzz/fuzz_TARGET build-fuzz/crash-...
# (from the repository root: the targets read etc/).

FUZZ_BUILD = build-fuzz
FUZZ_CC = clang
FUZZ_SECONDS ?= 20
FUZZ_CHECK_SECONDS ?= 3
FUZZ_TARGETS ?= config content roster event
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_CFLAGS = $(WARN) -D_DEFAULT_SOURCE -D_GNU_SOURCE -I. $(CORE_CFLAGS) -O1 -g
FUZZ_BIN = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_SEEDS_config = $(FUZZ_BUILD)/seeds/config
FUZZ_SEEDS_content = etc/content
FUZZ_SEEDS_roster = tests/fuzz/seeds/roster
FUZZ_SEEDS_event = $(FUZZ_BUILD)/seeds/event
FUZZ_FLAGS_config = -dict=tests/fuzz/config.dict

.PHONY: fuzz check-fuzz fuzz-build FORCE

# The core, built by this Makefile into its own folder with clang and
# coverage for libFuzzer; the targets relink only when the library changed.
# (Not in that inner make itself, where the Makefile's own rule builds it.)
ifneq ($(BUILD),$(FUZZ_BUILD))
$(FUZZ_BUILD)/libcore.a: FORCE
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
		SANFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" CFLAGS="-O1 -g" \
		$(FUZZ_BUILD)/libcore.a
endif

FORCE:

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libcore.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< \
		$(FUZZ_BUILD)/libcore.a $(CORE_LIBS)

$(FUZZ_BUILD)/seed_event: tests/fuzz/seed_event.c $(FUZZ_BUILD)/libcore.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -o $@ $< \
		$(FUZZ_BUILD)/libcore.a $(CORE_LIBS)

$(FUZZ_BUILD)/seeds/event/.done: $(FUZZ_BUILD)/seed_event
	@mkdir -p $(dir $@)
	$(FUZZ_BUILD)/seed_event $(dir $@)
	@touch $@

# libFuzzer takes folders: the shipped config beside the small ones.
$(FUZZ_BUILD)/seeds/config/.done: etc/signoff.ini $(wildcard tests/fuzz/seeds/config/*)
	@mkdir -p $(dir $@)
	cp etc/signoff.ini tests/fuzz/seeds/config/* $(dir $@)
	@touch $@

fuzz-build: $(FUZZ_BIN) $(FUZZ_BUILD)/seeds/event/.done \
	$(FUZZ_BUILD)/seeds/config/.done

# run-fuzz SECONDS: every target in turn, its corpus first, then new inputs.
define run-fuzz
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		case $$t in \
		config) seeds="$(FUZZ_SEEDS_config)"; flags="$(FUZZ_FLAGS_config)";; \
		content) seeds="$(FUZZ_SEEDS_content)"; flags=;; \
		roster) seeds="$(FUZZ_SEEDS_roster)"; flags=;; \
		event) seeds="$(FUZZ_SEEDS_event)"; flags=;; \
		esac; \
		echo "fuzz_$$t: $(1) s"; \
		$(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(1) -timeout=10 \
		    -rss_limit_mb=2048 -print_final_stats=1 \
		    -artifact_prefix=$(FUZZ_BUILD)/crash-$$t- $$flags \
		    $(FUZZ_BUILD)/corpus/$$t $$seeds \
		    >$(FUZZ_BUILD)/fuzz_$$t.log 2>&1 || { \
			tail -n 40 $(FUZZ_BUILD)/fuzz_$$t.log; \
			echo "fuzz_$$t: FAILED (log: $(FUZZ_BUILD)/fuzz_$$t.log)"; \
			exit 1; }; \
		grep -E '^stat::number_of_executed_units|^Done' \
		    $(FUZZ_BUILD)/fuzz_$$t.log | tr '\n' ' '; echo; \
	done
endef

fuzz: fuzz-build
	$(call run-fuzz,$(FUZZ_SECONDS))

check-fuzz: fuzz-build
	$(call run-fuzz,$(FUZZ_CHECK_SECONDS))

# Once per `make test`: the sanitizer pass would only run the same again.
ifneq ($(SAN),1)
check: check-fuzz
endif
