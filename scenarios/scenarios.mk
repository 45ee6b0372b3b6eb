# The scenario programs: one lesson each, built to $(BUILD)/scenarios/<name>.
# Included by the top-level Makefile. scenarios/catalog.c is not a program: the
# top-level Makefile puts it into libschedscope.a.
#   make build/scenarios/pool        one scenario
#   make $(printf 'build/scenarios/%s ' fork pool)

# In the chapter's order; scenarios/catalog.c lists the same names.
SCENARIO_NAMES := fork process pool queue pipe threads lock multicore threadlocal \
                  procvsthread distributed
SCENARIO_PROGS := $(SCENARIO_NAMES:%=$(BUILD)/scenarios/%)
SCENARIO_BINS += $(SCENARIO_PROGS)

# Frame pointers in every scenario, so that the user stack at each wait is
# walked exactly by the kernel (tracer/stacks.bpf.h); -g gives their lines.
SCENARIO_CFLAGS := -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer

# Its own rule (not the generic $(BUILD)/%.o one) so that building a scenario
# never waits for the BPF skeletons.
$(BUILD)/scenarios/common.o: scenarios/common.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SCENARIO_CFLAGS) -pthread -c $< -o $@

# Compiled and linked in one step; -MF/-MT name the dependency file (gcc would
# otherwise call it <prog>-<name>.d).
$(SCENARIO_PROGS): $(BUILD)/scenarios/%: scenarios/%.c $(BUILD)/scenarios/common.o
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SCENARIO_CFLAGS) -MF $@.d -MT $@ -pthread -o $@ $< $(BUILD)/scenarios/common.o

-include $(SCENARIO_PROGS:=.d) $(BUILD)/scenarios/common.d
