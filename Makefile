# SPDX-License-Identifier: ISC
# signoff: a plain Makefile. Sources are found by wildcard, so adding a file
# to core/, tui/, screens/, cli/ or tests/ needs no edit here.

CC ?= cc
BUILD ?= build
PREFIX ?= /usr/local
DESTDIR ?=

WARN = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wcast-qual -Wpointer-arith -Wundef \
	-Wwrite-strings
ifeq ($(CI),true)
WARN += -Werror
endif
ifeq ($(SAN),1)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

PKG_CORE = sqlite3 libsodium
PKG_TUI = ncursesw
CORE_CFLAGS = $(shell pkg-config --cflags $(PKG_CORE)) -I/usr/include/iniparser
CORE_LIBS = $(shell pkg-config --libs $(PKG_CORE)) -liniparser -lunistring -pthread
TUI_CFLAGS = $(shell pkg-config --cflags $(PKG_TUI))
TUI_LIBS = $(shell pkg-config --libs $(PKG_TUI))

CFLAGS ?= -O2 -g
ALL_CFLAGS = $(WARN) -D_DEFAULT_SOURCE -D_GNU_SOURCE \
	-I. $(CORE_CFLAGS) $(TUI_CFLAGS) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

CORE_SRC = $(sort $(wildcard core/*.c))
UI_SRC = $(sort $(wildcard tui/*.c screens/*.c))
CLI_SRC = $(sort $(wildcard cli/*.c))
TUI_ONLY_SRC = $(sort $(wildcard tui/*.c))
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ = $(UI_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ = $(TUI_ONLY_SRC:%.c=$(BUILD)/%.o)

UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
WIDGET_SRC = $(sort $(wildcard tests/widget/test_*.c))
WIDGET_BIN = $(WIDGET_SRC:tests/widget/%.c=$(BUILD)/tests/widget/%)
VTDRIVE = $(BUILD)/tests/vtdrive

.PHONY: all deps run demo test check unit widget e2e layers sanitize clean \
	install uninstall

all: $(BUILD)/signoff

deps:
	@scripts/deps

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libcore.a: $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/signoff: $(CLI_OBJ) $(UI_OBJ) $(BUILD)/libcore.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(UI_OBJ) $(BUILD)/libcore.a \
		$(CORE_LIBS) $(TUI_LIBS)

# Core unit tests link without ncursesw: a curses call in core fails here.
$(BUILD)/tests/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libcore.a \
		$(CORE_LIBS) -lcmocka

$(BUILD)/tests/widget/%: tests/widget/%.c tests/widget/widgetutil.h $(TUI_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(TUI_OBJ) $(TUI_LIBS) \
		-lunistring -lcmocka

$(VTDRIVE): $(wildcard tests/e2e/*.c tests/e2e/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(filter %.c,$^) -lvterm -lutil

layers:
	@scripts/check-layers

unit: $(UNIT_BIN)
	@scripts/run-tests unit $(UNIT_BIN)

widget: $(WIDGET_BIN)
	@scripts/run-tests widget $(WIDGET_BIN)

e2e: $(BUILD)/signoff $(VTDRIVE)
	@BUILD=$(BUILD) tests/e2e/run $(BUILD)/signoff $(VTDRIVE)

check: layers unit widget e2e

# Everything: layering, unit, widget and end-to-end tests, then the same
# again under AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps
	$(MAKE) check
	$(MAKE) BUILD=build-san SAN=1 CFLAGS="-O1 -g" check
	@echo "make test: all suites passed (plain and sanitizer builds)"

sanitize: deps
	$(MAKE) BUILD=build-san SAN=1 CFLAGS="-O1 -g" check

# A demo site in ./demo (git-ignored), its credentials printed and kept in
# demo/CREDENTIALS.txt, then the kiosk.
run: deps $(BUILD)/signoff
	@scripts/demo-site $(BUILD)/signoff demo
	@printf '\nPress Enter to open the kiosk (F12 is staff; the kiosk cannot be left from the keyboard: end it with kill or close the terminal).'
	@read _ </dev/tty
	@$(BUILD)/signoff -c demo/signoff.ini kiosk

demo: $(BUILD)/signoff
	@scripts/demo-site $(BUILD)/signoff demo

clean:
	rm -rf build build-san

# Further targets (install, fuzz, bench...) live in their own fragments.
include $(sort $(wildcard mk/*.mk))

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
