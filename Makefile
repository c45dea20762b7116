# h1conform — top-level build.
#
# Each part of the suite keeps its own rules in <part>/module.mk; this file
# holds what they share: toolchain flags, dependency discovery, the object
# directory layout and the public targets. Objects go under $(B) (build/ by
# default), mirroring the source tree, so that several configurations
# (plain, sanitizers, fuzzing) can live side by side:
#
#   make                  build/h1conform
#   make check            unit tests (plain and ASan+UBSan), cases, servers, fuzz replay
#   make demo             run the suite against the embedded server, write reports/out/
#   make bench            parser and suite benchmarks against peers
#   make fuzz             a libFuzzer campaign (FUZZ_TIME seconds per target)
#   make lint             formatting and static checks, warnings as errors
#   make install          PREFIX=/usr/local DESTDIR=
#
# Missing Debian packages are installed by scripts/deps.sh (as root) or the
# exact apt-get command is printed.

.DEFAULT_GOAL := all
SHELL := /bin/sh

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
B ?= build
CC ?= cc
SAN ?=

# Dependency discovery happens once per make invocation; the deps script runs
# first so pkg-config can see freshly installed packages.
DEPS_STAMP := $(B)/.deps-build
$(DEPS_STAMP):
	@sh scripts/deps.sh build
	@mkdir -p $(@D) && touch $@

PKG_CFLAGS = $(shell pkg-config --cflags libcurl jansson 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs libcurl jansson 2>/dev/null)
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wformat=2 -Wno-unused-parameter
OPT ?= -O2 -g
ifeq ($(SAN),1)
OPT := -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
endif
CPPFLAGS += -I. -D_GNU_SOURCE -DH1C_VERSION='"$(VERSION)"'
ALL_CFLAGS = -std=c11 $(WARN) $(OPT) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

# Filled in by the module fragments.
TOOL_SRC :=
REFERENCE_SRC :=
UNIT_TESTS :=
TEST_SUPPORT_SRC :=
CHECK_STEPS :=
CLEAN_EXTRA :=

include reference/module.mk
-include cases/module.mk
include harness/module.mk
-include reports/module.mk
-include fuzz/module.mk
-include bench/module.mk
-include harness/servers/servers.mk

REFERENCE_OBJ = $(REFERENCE_SRC:%.c=$(B)/%.o)
TOOL_OBJ = $(TOOL_SRC:%.c=$(B)/%.o)
TOOL := $(B)/h1conform

$(B)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libh1reference.a: $(REFERENCE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(TOOL): $(TOOL_OBJ) $(B)/libh1reference.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

all: $(TOOL)

# --- tests ---------------------------------------------------------------
# Every unit test binary is built from tests/<name>.c plus the libraries and
# run by 'units'. 'check' runs them plain and again under ASan+UBSan, then the
# data-driven and integration steps the modules registered in CHECK_STEPS.
UNIT_BINS = $(foreach t,$(UNIT_TESTS),$(B)/tests/$(notdir $(basename $(t))))
TOOL_LIB_OBJ = $(filter-out $(B)/harness/main.o,$(TOOL_OBJ))
TEST_SUPPORT_OBJ = $(TEST_SUPPORT_SRC:%.c=$(B)/%.o)

define unit_rule
$(B)/tests/$(notdir $(basename $(1))): $(B)/$(basename $(1)).o $(TEST_SUPPORT_OBJ) $(TOOL_LIB_OBJ) $(B)/libh1reference.a
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(PKG_LIBS) $$(CHECK_LIBS) -lm
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

check-deps:
	@sh scripts/deps.sh build check

unit-bins: $(UNIT_BINS) $(TOOL)

units: $(UNIT_BINS) $(TOOL)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; CK_FORK=yes $$t; done

# The whole tree must also build warning-free with clang.
check-clang:
	$(MAKE) CC=clang B=build/clang unit-bins

check: check-deps
	$(MAKE) lint
	$(MAKE) units
	$(MAKE) B=build/asan SAN=1 units
	@failed=""; for step in $(CHECK_STEPS); do \
		echo "== make $$step"; $(MAKE) $$step || failed="$$failed $$step"; \
	done; \
	if [ -n "$$failed" ]; then echo "make check: FAILED steps:$$failed"; exit 1; fi
	@echo "make check: all steps passed"

# --- demo ----------------------------------------------------------------
demo: $(TOOL)
	@sh scripts/demo.sh $(TOOL)

# --- lint ----------------------------------------------------------------
LINT_SRC = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
BANNED := '\b(gets|strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|sscanf)[[:space:]]*\('
lint:
	@sh scripts/deps.sh lint
	clang-format --dry-run --Werror $(LINT_SRC)
	@if grep -nE $(BANNED) $(LINT_SRC); then echo "lint: banned function (see STYLE)"; exit 1; fi
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--suppress=missingIncludeSystem -I. $(filter %.c,$(LINT_SRC))
	$(MAKE) CC=clang B=build/clang unit-bins

# --- install -------------------------------------------------------------
install: $(TOOL)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib
	install -m 755 $(TOOL) $(DESTDIR)$(PREFIX)/bin/h1conform
	install -m 644 reference/h1.h reference/h1_errors.def $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(B)/libh1reference.a $(DESTDIR)$(PREFIX)/lib/libh1reference.a
	install -m 644 docs/h1conform.1 $(DESTDIR)$(PREFIX)/share/man/man1/h1conform.1

clean:
	rm -rf build $(CLEAN_EXTRA)

.PHONY: all check check-deps check-clang unit-bins units demo lint install clean

-include $(shell find $(B) -name '*.d' 2>/dev/null)
