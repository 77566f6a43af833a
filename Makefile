# orrery — build, test, demo, bench, fuzz.
#
#   make          liborrery.a and build/orrery (+ data the binary needs)
#   make demo     the main job on the seed article (installs what is missing)
#   make test     unit (cmocka) and end-to-end tests under ASan + UBSan
#   make bench    benchmarks in bench/ (figures for the closing notes)
#   make fuzz     libFuzzer targets in fuzz/ (FUZZ_SECONDS=N to run each)
#
# Sources are found by wildcard: a new file in src/<stage>/ is part of the
# library, tests/unit/test_*.c is a cmocka program, tests/e2e/*.sh an
# end-to-end script, fuzz/fuzz_*.c a libFuzzer target, bench/*.sh a benchmark.

CC      ?= cc
PREFIX  ?= /usr/local
PKGS    := sqlite3 libpq libmicrohttpd jansson libxml-2.0 gumbo libutf8proc igraph zlib nettle
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
CSTD    := -std=c17 -D_GNU_SOURCE
OPT     ?= -O2 -g
DATA_DIR ?= $(CURDIR)/data
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) -Iinclude -DORR_DATA_DIR=\"$(DATA_DIR)\" $(PKG_CFLAGS) $(CFLAGS)

SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRC  := $(sort $(wildcard src/util/*.c src/ingest/*.c src/text/*.c src/nlp/*.c src/dict/*.c \
              src/code/*.c src/store/*.c src/relate/*.c src/forecast/*.c src/serve/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
HEADERS  := include/orrery.h $(wildcard src/*/*.h)

B  := build
BA := build/asan

LIB_OBJ      := $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ      := $(CLI_SRC:%.c=$(B)/%.o)
LIB_OBJ_ASAN := $(LIB_SRC:%.c=$(BA)/%.o)
CLI_OBJ_ASAN := $(CLI_SRC:%.c=$(BA)/%.o)
UNIT_BIN     := $(UNIT_SRC:tests/unit/%.c=$(BA)/tests/%)

.PHONY: all demo test unit e2e bench fuzz install clean deps data
all: $(B)/liborrery.a $(B)/orrery data

# Data artifacts built by later stages hook in through mk/*.mk fragments,
# each adding prerequisites to `data` (compiled dictionary, web assets, ...).
data:
-include $(sort $(wildcard mk/*.mk))

# V=1 shows full command lines.
Q := $(if $(V),,@)

$(B)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BA)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC asan $<")
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) -c $< -o $@

$(B)/liborrery.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BA)/liborrery.a: $(LIB_OBJ_ASAN)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(B)/orrery: $(CLI_OBJ) $(B)/liborrery.a
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) $(B)/liborrery.a $(PKG_LIBS) $(LDFLAGS)

$(BA)/orrery: $(CLI_OBJ_ASAN) $(BA)/liborrery.a
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $(CLI_OBJ_ASAN) $(BA)/liborrery.a $(PKG_LIBS) $(LDFLAGS)

$(BA)/tests/%: tests/unit/%.c $(BA)/liborrery.a $(HEADERS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) -Isrc -o $@ $< $(BA)/liborrery.a $(PKG_LIBS) $$(pkg-config --libs cmocka) $(LDFLAGS)

deps:
	@bash scripts/deps.sh

demo:
	@bash scripts/deps.sh --quiet
	@$(MAKE) --no-print-directory all
	@bash scripts/demo.sh

test: $(BA)/orrery $(UNIT_BIN) all
	@bash tests/run.sh $(BA) $(UNIT_BIN)

bench: all
	@bash bench/run.sh

# libFuzzer targets: clang, fuzzer + ASan + UBSan, library rebuilt with coverage.
BF := build/fuzz
FUZZ_CFLAGS := $(CSTD) $(WARN) -O1 -g -Iinclude -Isrc -Ifuzz $(PKG_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined
LIB_OBJ_FUZZ := $(LIB_SRC:%.c=$(BF)/%.o)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(BF)/%)
$(BF)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(Q)clang $(FUZZ_CFLAGS) -c $< -o $@
$(BF)/liborrery.a: $(LIB_OBJ_FUZZ)
	@rm -f $@
	$(Q)ar rcs $@ $^
$(BF)/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) $(BF)/liborrery.a
	$(Q)clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BF)/liborrery.a $(PKG_LIBS)
fuzz: $(FUZZ_BIN)
	@bash fuzz/run.sh $(FUZZ_BIN)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 $(B)/orrery $(DESTDIR)$(PREFIX)/bin/orrery
	install -m 644 $(B)/liborrery.a $(DESTDIR)$(PREFIX)/lib/liborrery.a
	install -m 644 include/orrery.h $(DESTDIR)$(PREFIX)/include/orrery.h
	install -d $(DESTDIR)$(PREFIX)/share/orrery
	cp -R data/. $(DESTDIR)$(PREFIX)/share/orrery/

clean:
	rm -rf build
