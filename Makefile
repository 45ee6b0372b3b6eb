# schedscope: `make` builds build/schedscope, its BPF skeleton and the scenarios.
#   make test     every test; ends with "N passed, N failed, N skipped" (root tests need root)
#   make bench    the benchmarks in bench/ (root)
#   make run      as root: install packages, build, and trace the default scenario live
#   make install PREFIX=/usr/local     make clean     make deps
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
LDLIBS   := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf) -lelf \
            $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo) \
            -lz -lpthread -lm
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) $(WARN) -Wno-unused-function \
              -Wno-unused-parameter \
              -I$(BUILD) -I. -I/usr/include/$(MULTIARCH)

# Everything but the entry point goes into one archive that tests link too.
LIB_DIRS := util tracefile model export ui tracer cli
LIB_SRCS := $(filter-out cli/main.c %.bpf.c,$(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))) \
            $(wildcard scenarios/catalog.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
BPF_SRCS := $(wildcard tracer/*.bpf.c)
SKELS    := $(BPF_SRCS:tracer/%.bpf.c=$(BUILD)/%.skel.h)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
TEST_HELPER_SRCS := $(wildcard tests/helpers/*.c)
TEST_HELPERS := $(TEST_HELPER_SRCS:tests/helpers/%.c=$(BUILD)/tests/helpers/%)
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

SCENARIO_BINS :=
-include scenarios/scenarios.mk

.PHONY: all test bench run deps install clean
.SECONDARY: $(BPF_SRCS:tracer/%.bpf.c=$(BUILD)/%.bpf.o)
all: $(BUILD)/schedscope $(SCENARIO_BINS) $(UNIT_BINS) $(TEST_HELPERS) $(BENCH_BINS)

# vmlinux.h is generated from the running kernel's BTF (see docs/ARCHITECTURE.md).
$(BUILD)/vmlinux.h:
	@mkdir -p $(@D)
	@test -r $(VMLINUX_BTF) || { echo "no kernel BTF at $(VMLINUX_BTF); set VMLINUX_BTF=<file with BTF>" >&2; exit 1; }
	$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@

# DWARF is stripped (libbpf-bootstrap does the same): the skeleton embeds the object.
$(BUILD)/%.bpf.o: tracer/%.bpf.c tracer/%.h $(BUILD)/vmlinux.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp
	$(LLVM_STRIP) -g $@.tmp -o $@ && rm -f $@.tmp

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< > $@.tmp && mv $@.tmp $@

$(BUILD)/%.o: %.c | $(SKELS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libschedscope.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/schedscope: $(BUILD)/cli/main.o $(BUILD)/libschedscope.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libschedscope.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libschedscope.a $(LDLIBS) -lcmocka

$(BUILD)/bench/%: bench/%.c $(BUILD)/libschedscope.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libschedscope.a $(LDLIBS)

$(BUILD)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lpthread

test: all
	@tests/run.sh

bench: all
	@bench/run.sh

deps:
	@scripts/install-deps.sh

# The quick start: packages, build, then the default scenario traced live.
run: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/schedscope run $(SCENARIO)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/schedscope
	install -m 755 $(BUILD)/schedscope $(DESTDIR)$(PREFIX)/bin/schedscope
	$(if $(SCENARIO_BINS),install -m 755 $(SCENARIO_BINS) $(DESTDIR)$(PREFIX)/libexec/schedscope/)

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJS:.o=.d) $(BUILD)/cli/main.d
