# schedscope: `make` builds build/schedscope, its BPF skeleton and the scenarios.
#   make test     every test; ends with "N passed, N failed, N skipped" (root tests need root)
#   make bench    the benchmarks in bench/ (root)
#   make run      as root: install packages, build, and trace the default scenario live
#   make lessons  as root, on a quiet machine: record the lessons' reference traces into
#                 traces/ (LESSONS="pool lock" for some); a run that fails the rule is refused
#   make install PREFIX=/usr/local     make clean     make deps
#
# Only the recorder (tracer/recorder.c) and the bench loaders include a BPF
# skeleton, so only they wait for clang and bpftool. Without clang, bpftool,
# llvm-strip or kernel BTF, `make` says so and builds everything else: the
# model, trace file, exporters, UI, scenarios and unit tests; `make test` runs
# the unit tests and the other tests say why they skip.
.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD    ?= build
PREFIX   ?= /usr/local
CC       ?= gcc
CLANG    ?= clang
BPFTOOL  ?= bpftool
LLVM_STRIP ?= llvm-strip
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
ARCH     := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)

WARN     := -Wall -Wextra -Werror
CFLAGS   ?= -O2 -g
ALL_CFLAGS := $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE -I. -I$(BUILD) -MMD -MP
LDLIBS   := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf) -ldw -lelf \
            $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo) \
            -laudit -lz -lpthread -lm
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) $(WARN) -Wno-unused-function \
              -Wno-unused-parameter \
              -I$(BUILD) -I. -I/usr/include/$(MULTIARCH)

# What the BPF side needs, each tool tried once: empty when all is there,
# else what is missing, in words.
BPF_MISSING := $(shell m=; \
  $(CLANG) --version >/dev/null 2>&1 || m="$$m, no clang ('$(CLANG)')"; \
  $(BPFTOOL) version >/dev/null 2>&1 || m="$$m, no bpftool ('$(BPFTOOL)')"; \
  $(LLVM_STRIP) --version >/dev/null 2>&1 || m="$$m, no llvm-strip ('$(LLVM_STRIP)')"; \
  test -r $(VMLINUX_BTF) -o -s $(BUILD)/vmlinux.h || m="$$m, no kernel BTF at $(VMLINUX_BTF)"; \
  echo "$${m#, }")
# Tells tests/lib.sh why build/schedscope is not there.
SKIPPED_NOTE := $(BUILD)/recorder.skipped

# Everything but the entry point goes into one archive that tests link too.
LIB_DIRS := util tracefile model symbols lessons export ui live tracer cli
LIB_SRCS := $(filter-out cli/main.c %.bpf.c,$(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))) \
            $(wildcard scenarios/catalog.c)
BPF_SRCS := $(wildcard tracer/*.bpf.c)
BPF_OBJS := $(BPF_SRCS:tracer/%.bpf.c=$(BUILD)/%.bpf.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
TEST_HELPER_SRCS := $(wildcard tests/helpers/*.c)
TEST_HELPERS := $(TEST_HELPER_SRCS:tests/helpers/%.c=$(BUILD)/tests/helpers/%)
# bench/X.bpf.c with its loader bench/X.c: self-contained, libbpf only.
BENCH_BPF_SRCS := $(wildcard bench/*.bpf.c)
BENCH_BPF_OBJS := $(BENCH_BPF_SRCS:bench/%.bpf.c=$(BUILD)/bench/%.bpf.o)
BENCH_LOADERS := $(BENCH_BPF_SRCS:bench/%.bpf.c=$(BUILD)/bench/%)
BENCH_SRCS := $(filter-out %.bpf.c $(BENCH_BPF_SRCS:%.bpf.c=%.c),$(wildcard bench/*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)
MAN      := $(BUILD)/man/schedscope.1
REFERENCE_TRACES := $(wildcard traces/*.trace)

ifeq ($(BPF_MISSING),)
PROGS := $(BUILD)/schedscope $(BENCH_LOADERS) $(MAN)
$(shell rm -f $(SKIPPED_NOTE))
else
LIB_SRCS := $(filter-out tracer/recorder.c,$(LIB_SRCS))
PROGS :=
$(info schedscope: $(BPF_MISSING): skipping the recorder, $(BUILD)/schedscope and the \
  bench loaders; building the model, trace file, exporters, UI, scenarios and unit tests)
$(shell mkdir -p $(BUILD))
$(file >$(SKIPPED_NOTE),$(BPF_MISSING))
endif
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)

SCENARIO_BINS :=
-include scenarios/scenarios.mk

.PHONY: all test bench run deps install clean lessons
# Keep every intermediate (libbpf-bootstrap does the same): a deleted
# skeleton would be made again, and the recorder rebuilt, on every make.
.SECONDARY:
all: $(PROGS) $(BUILD)/libschedscope.a $(SCENARIO_BINS) $(UNIT_BINS) $(TEST_HELPERS) $(BENCH_BINS)

# vmlinux.h is generated from the running kernel's BTF (see docs/ARCHITECTURE.md).
$(BUILD)/vmlinux.h:
	@mkdir -p $(@D)
	@test -r $(VMLINUX_BTF) || { echo "no kernel BTF at $(VMLINUX_BTF); set VMLINUX_BTF=<file with BTF>" >&2; exit 1; }
	$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@

# DWARF is stripped (libbpf-bootstrap does the same): the skeleton embeds the
# object. -MF: the headers it includes (tracer/sched.h, model/vocab.h).
define bpf_compile
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -MMD -MP -MF $@.d -MT $@ -c $< -o $@.tmp
	$(LLVM_STRIP) -g $@.tmp -o $@ && rm -f $@.tmp
endef
$(BPF_OBJS): $(BUILD)/%.bpf.o: tracer/%.bpf.c $(BUILD)/vmlinux.h
	$(bpf_compile)
$(BENCH_BPF_OBJS): $(BUILD)/bench/%.bpf.o: bench/%.bpf.c $(BUILD)/vmlinux.h
	$(bpf_compile)

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< > $@.tmp && mv $@.tmp $@

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The one library object that includes a skeleton.
$(BUILD)/tracer/recorder.o: $(BUILD)/sched.skel.h

$(BUILD)/libschedscope.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/schedscope: $(BUILD)/cli/main.o $(BUILD)/libschedscope.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libschedscope.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MF $@.d -MT $@ -o $@ $< $(BUILD)/libschedscope.a $(LDLIBS) -lcmocka

# The picture test reads the SVG back with a real XML parser.
$(BUILD)/tests/unit/test_ui_svg: ALL_CFLAGS += $(shell pkg-config --cflags libxml-2.0)
$(BUILD)/tests/unit/test_ui_svg: LDLIBS += $(shell pkg-config --libs libxml-2.0)

$(BENCH_BINS): $(BUILD)/bench/%: bench/%.c $(BUILD)/libschedscope.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MF $@.d -MT $@ -o $@ $< $(BUILD)/libschedscope.a $(LDLIBS)

$(BENCH_LOADERS): $(BUILD)/bench/%: bench/%.c $(BUILD)/bench/%.skel.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/bench -MF $@.d -MT $@ -o $@ $< $(LDLIBS)

$(BUILD)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MF $@.d -MT $@ -o $@ $< -lpthread

# The manual, from the program's own --help texts (help2man).
$(MAN): $(BUILD)/schedscope scripts/man.sh
	@mkdir -p $(@D)
	scripts/man.sh $(BUILD)/schedscope > $@.tmp && mv $@.tmp $@

test: all
	@BUILD=$(abspath $(BUILD)) tests/run.sh

bench: all
	@BUILD=$(abspath $(BUILD)) bench/run.sh

deps:
	@scripts/install-deps.sh

# The quick start: packages, build, then the default scenario traced live.
run: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/schedscope run $(SCENARIO)

# The reference traces of the lessons (cli/lesson.c says what is kept), from
# the source tree so that they name no directory of this machine.
lessons: $(BUILD)/schedscope $(SCENARIO_BINS)
	$(BUILD)/schedscope lesson --record-references traces $(LESSONS)

install: all
	@test -x $(BUILD)/schedscope || { echo "$(BUILD)/schedscope was not built: $(BPF_MISSING)" >&2; exit 1; }
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/schedscope \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/schedscope/traces
	install -m 755 $(BUILD)/schedscope $(DESTDIR)$(PREFIX)/bin/schedscope
	$(if $(SCENARIO_BINS),install -m 755 $(SCENARIO_BINS) $(DESTDIR)$(PREFIX)/libexec/schedscope/)
	install -m 644 $(MAN) $(DESTDIR)$(PREFIX)/share/man/man1/schedscope.1
	install -m 644 completion/schedscope $(DESTDIR)$(PREFIX)/share/bash-completion/completions/schedscope
	$(if $(REFERENCE_TRACES),install -m 644 $(REFERENCE_TRACES) $(DESTDIR)$(PREFIX)/share/schedscope/traces/)

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJS:.o=.d) $(BUILD)/cli/main.d $(BPF_OBJS:=.d) $(BENCH_BPF_OBJS:=.d) \
	 $(UNIT_BINS:=.d) $(BENCH_BINS:=.d) $(BENCH_LOADERS:=.d) $(TEST_HELPERS:=.d)

# ---- Sanitizers and fuzzing: make asan, make fuzz --------------------------
# Each builds the whole tree again in a directory of its own with the same
# rules: asan with ASan and UBSan, fuzz with clang's libFuzzer as well. Any
# sanitizer report aborts the program (-fno-sanitize-recover).
#   make asan [ASAN_TESTS=PATTERN] [ASAN_CC=gcc]
#     builds into $(BUILD)/asan, then runs tests/run.sh PATTERN (every test by
#     default; CI runs ASAN_TESTS=unit). clang by default: its UBSan also sees
#     NULL + 0 and NULL given to memcpy or qsort; gcc builds it as well.
#   make fuzz [FUZZ_SECONDS=30] [FUZZ_RUNS=N] [FUZZ_TARGETS="reader model ..."] [FUZZ_ARGS=...]
#     builds the targets of tests/fuzz/ into $(BUILD)/fuzz; each is run once
#     over the regression inputs, then fuzzed for FUZZ_SECONDS (or FUZZ_RUNS
#     inputs) from the seed corpus, with libFuzzer's FUZZ_ARGS (e.g.
#     -max_len=4096) (tests/fuzz/run.sh). Fails on any crash, leak,
#     sanitizer report, timeout or allocation over 2 GiB.
.PHONY: asan fuzz fuzz-bins
SAN_FLAGS    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_CC      ?= clang
ASAN_CFLAGS  ?= -O2 -g $(SAN_FLAGS)
ASAN_TESTS   ?=
FUZZ_CC      ?= clang
FUZZ_CFLAGS  ?= -O1 -g $(SAN_FLAGS) -fsanitize=fuzzer-no-link -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
FUZZ_TARGETS ?= reader model perfetto json csv pprof folded batch
FUZZ_SECONDS ?= 30
FUZZ_RUNS    ?=
FUZZ_ARGS    ?=
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/%)

# The programs the tests trace (scenarios, helpers) are built first, plainly:
# they are the workload, not the code under test, and LeakSanitizer's check
# at exit clones a task that a trace would show as one fork more.
asan:
	@$(MAKE) --no-print-directory -B BUILD=$(BUILD)/asan CC=$(ASAN_CC) CFLAGS="$(CFLAGS)" \
		$(patsubst $(BUILD)/%,$(BUILD)/asan/%,$(SCENARIO_BINS) $(TEST_HELPERS))
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan CC=$(ASAN_CC) CFLAGS="$(ASAN_CFLAGS)" all
	@env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL SCHEDSCOPE_SANITIZED=1 UBSAN_OPTIONS=print_stacktrace=1 \
		BUILD=$(abspath $(BUILD)/asan) tests/run.sh $(ASAN_TESTS)

fuzz:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzz CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CFLAGS)" \
		FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz-bins
	@FUZZ_ARGS="$(FUZZ_ARGS)" tests/fuzz/run.sh $(BUILD)/fuzz "$(FUZZ_SECONDS)" "$(FUZZ_RUNS)" $(FUZZ_TARGETS)

# Inside the fuzz build (BUILD=.../fuzz, CC=clang): one binary per target;
# the five exporters are one source, FUZZ_FORMAT naming the format.
fuzz-bins: $(FUZZ_BINS)

$(filter %/perfetto %/json %/csv %/pprof %/folded,$(FUZZ_BINS)): $(BUILD)/tests/fuzz/%: tests/fuzz/export.c $(BUILD)/libschedscope.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -DFUZZ_FORMAT=EXPORT_$(shell echo $* | tr a-z A-Z) \
		-MF $@.d -MT $@ -o $@ $< $(BUILD)/libschedscope.a $(LDLIBS)

$(filter-out %/perfetto %/json %/csv %/pprof %/folded,$(FUZZ_BINS)): $(BUILD)/tests/fuzz/%: tests/fuzz/%.c $(BUILD)/libschedscope.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -MF $@.d -MT $@ -o $@ $< $(BUILD)/libschedscope.a $(LDLIBS)

-include $(FUZZ_BINS:=.d)
