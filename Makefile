# mlpsdoc — build, test and install. `make demo` and `make test` install missing Debian packages first.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc

PKGS := libxml-2.0 libxslt libexslt icu-uc harfbuzz harfbuzz-subset fontconfig libdeflate libisal zlib libxxhash libpng
# report merge (Jansson reads JSON): the CLI links it, the library does not; serve opens
# libmicrohttpd itself (serve_http.c), so other commands do not load it and its TLS chain
CLI_PKGS := jansson
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

OPT ?= -O2
CFLAGS ?= $(OPT) -g
CFLAGS += -std=c11 -D_DEFAULT_SOURCE -pthread -Wall -Wextra -Werror $(SAN)
# The engine's layers, one folder each (generator/README.md); headers are included by name.
LAYERS := base input template text layout pdf engine
# generator/mlps.h is the public API (the CLI includes it); the layer folders are private.
CPPFLAGS += -Igenerator $(LAYERS:%=-Igenerator/%) $(PKG_CFLAGS)
LDLIBS += $(PKG_LIBS) -lhpdf -lm -pthread
LDFLAGS += $(SAN)
# The mlpsdoc binary allocates through mimalloc, for every library it loads: a batch spends
# about a seventh of its CPU in glibc's malloc/free (libxml2 and libxslt trees, HarfBuzz, libharu),
# about half that in mimalloc (BENCHMARKS.md). It takes over malloc by being linked before libc,
# so it must stay linked although nothing names it. Sanitizer and valgrind builds keep glibc's,
# which their tools replace.
MALLOC_LIB ?= -Wl,--push-state,--no-as-needed -lmimalloc -Wl,--pop-state

LIB_SRC := $(foreach l,$(LAYERS),$(wildcard generator/$(l)/*.c))
LIB_OBJ := $(LIB_SRC:generator/%.c=$(BUILD)/obj/%.o)
LIB_HDR := generator/mlps.h $(foreach l,$(LAYERS),$(wildcard generator/$(l)/*.h))
CLI_SRC := $(wildcard generator/cli/*.c)
CLI_OBJ := $(CLI_SRC:generator/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BIN := $(BUILD)/mlpsdoc
SAMPLES := $(wildcard samples/*.xml)

.PHONY: all deps demo test check-tests asan tsan valgrind bench glyph-sets fuzz fuzz-build install uninstall clean

all: $(BIN) $(TEST_BIN)

deps:
	@./scripts/install-deps.sh

$(BUILD)/obj/%.o: generator/%.c $(LIB_HDR) $(wildcard generator/cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Igenerator/cli $(CFLAGS) -c $< -o $@

$(BUILD)/libmlps.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# The CLI is not part of the library; tests take only its data-folder finder.
$(BIN): $(CLI_OBJ) $(BUILD)/libmlps.a
	$(CC) $(LDFLAGS) $(MALLOC_LIB) $^ $(LDLIBS) $(shell pkg-config --libs $(CLI_PKGS) 2>/dev/null) -o $@

$(BUILD)/tests/%: tests/%.c tests/harness.h $(BUILD)/libmlps.a $(BUILD)/obj/cli/datadir.o
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Igenerator/cli $(CFLAGS) $< $(BUILD)/obj/cli/datadir.o $(BUILD)/libmlps.a $(LDFLAGS) $(LDLIBS) -o $@

# Renders every sample into out/ (and prints each sample's check result first).
demo: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) ./scripts/demo.sh

test: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) ./tests/run.sh

# Tests under AddressSanitizer + UndefinedBehaviorSanitizer, in their own build folder.
asan: deps
	@$(MAKE) --no-print-directory all BUILD=build-asan OPT=-O1 MALLOC_LIB= \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
	@BUILD=build-asan ASAN_OPTIONS=detect_leaks=1 ./tests/run.sh

# Tests under ThreadSanitizer (workers of batch and render -d, serve's threads), in their own
# build folder, CPU-time limits scaled by 10; each report is kept in build-tsan/tsan-report.PID
# and fails the run. TSAN_TESTS: a subset, as VALGRIND_TESTS.
TSAN_TESTS ?=
tsan: deps
	@$(MAKE) --no-print-directory all BUILD=build-tsan OPT=-O1 MALLOC_LIB= \
	    SAN="-fsanitize=thread -fno-omit-frame-pointer -DMLPS_TIME_SCALE=10"
	@rm -f build-tsan/tsan-report.*
	@BUILD=build-tsan TSAN_OPTIONS="log_path=$(CURDIR)/build-tsan/tsan-report" ./tests/run.sh $(TSAN_TESTS); \
	    rc=$$?; if ls build-tsan/tsan-report.* >/dev/null 2>&1; then \
	    echo "ThreadSanitizer reports: $$(ls build-tsan/tsan-report.* | tr '\n' ' ')"; exit 1; fi; exit $$rc

# Tests under valgrind memcheck, in their own build folder, where CPU-time limits are scaled by
# VALGRIND_TIME_SCALE (memcheck runs code 20-50 times slower). VALGRIND_TESTS: a subset
# (substrings of test names, as for tests/run.sh), e.g. make valgrind VALGRIND_TESTS="template t_hostile".
VALGRIND_TIME_SCALE ?= 50
VALGRIND_TESTS ?=
valgrind: deps
	@./scripts/install-deps.sh --valgrind
	@$(MAKE) --no-print-directory all BUILD=build-valgrind MALLOC_LIB= SAN="-DMLPS_TIME_SCALE=$(VALGRIND_TIME_SCALE) -DMLPS_VALGRIND"
	@BUILD=build-valgrind TEST_WRAPPER="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --suppressions=$(CURDIR)/tests/valgrind.supp" ./tests/run.sh $(VALGRIND_TESTS)

# libFuzzer targets (tests/fuzz/, clang) over the library built with ASan+UBSan in build-fuzz/;
# `make fuzz` runs each for FUZZ_SECONDS on a corpus seeded from samples/ and the suite.
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 4000000
FUZZ_TARGETS := image data doc template
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz-build:
	@./scripts/install-deps.sh --fuzz
	@$(MAKE) --no-print-directory build-fuzz/libmlps.a build-fuzz/obj/cli/datadir.o BUILD=build-fuzz CC=clang \
	    OPT=-O1 SAN="$(FUZZ_SAN) -fsanitize=fuzzer-no-link"
	@for t in $(FUZZ_TARGETS); do \
	    clang $(CPPFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer tests/fuzz/fuzz_$$t.c \
	        build-fuzz/libmlps.a $(PKG_LIBS) -lhpdf -lm -pthread -o build-fuzz/fuzz_$$t || exit 1; done

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_MAX_LEN=$(FUZZ_MAX_LEN) ./tests/fuzz/run.sh $(FUZZ_TARGETS)

bench: deps
	@./scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) ./scripts/bench.sh

# templates/NAME.glyphs again, from 60 generated units (a seed of their own, not the bench's or
# the tests'): run after a template's text changes (speed and size only; see docs/templates.md)
glyph-sets: $(BIN)
	@rm -rf $(BUILD)/glyph-units $(BUILD)/glyph-out $(BUILD)/glyph.log
	@python3 scripts/make-units.py -n 60 --seed 97 $(BUILD)/glyph-units >/dev/null
	@MLPSDOC_HOME=$(CURDIR) MLPS_GLYPH_LOG=$(BUILD)/glyph.log $(BIN) batch --no-progress \
		-o $(BUILD)/glyph-out $(BUILD)/glyph-units >/dev/null
	@python3 scripts/glyph-sets.py $(BUILD)/glyph.log templates \
		--share grading-report=0.8 --share grading-report-2.0=0.8 \
		--groups grading-report=3 --groups grading-report-2.0=3

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/mlpsdoc $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/mlpsdoc
	cp -R templates fonts web $(DESTDIR)$(PREFIX)/share/mlpsdoc/
	if [ -f docs/mlpsdoc.1 ]; then install -m 644 docs/mlpsdoc.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/mlpsdoc $(DESTDIR)$(PREFIX)/share/mlpsdoc $(DESTDIR)$(PREFIX)/share/man/man1/mlpsdoc.1

clean:
	rm -rf build build-asan build-tsan build-fuzz build-valgrind out
