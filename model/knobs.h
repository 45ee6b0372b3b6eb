/*
 * An experiment's knobs: what a run changed in how the scheduler treats the
 * scenario before it started (a scheduling course's levers): the CPUs it may
 * run on (affinity), its nice value, its scheduling policy and real-time
 * priority. The launcher applies them to the command as the invoking user;
 * the trace header keeps them, so every reader that says them (info,
 * compare, run's live title) says what the run was through one function,
 * ss_knobs_describe(); view's title (cli_view_title()) does not show them.
 *
 * Policies are Linux's numbers (SCHED_OTHER 0, FIFO 1, RR 2, BATCH 3,
 * IDLE 5), which are kernel ABI.
 */
#ifndef SCHEDSCOPE_MODEL_KNOBS_H
#define SCHEDSCOPE_MODEL_KNOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SS_KNOB_CPUS   1u     /* affinity set */
#define SS_KNOB_NICE   2u
#define SS_KNOB_POLICY 4u     /* policy (and prio) set */

#define SS_KNOB_CPUS_MAX 128

struct ss_knobs {
	uint32_t set;                   /* SS_KNOB_*: which were given */
	char cpus[SS_KNOB_CPUS_MAX];    /* a CPU list, short form ("0", "0,2-3") */
	int32_t nice;                   /* -20 .. 19 */
	uint32_t policy;                /* SCHED_* */
	uint32_t prio;                  /* fifo, rr: 1 .. 99; the others: 0 */
};

/* "other", "batch", "idle", "fifo", "rr"; NULL for a policy we do not name. */
const char *ss_knobs_policy_name(uint32_t policy);
/* The policy called name: 0, or -1 when there is none. */
int ss_knobs_policy_parse(const char *name, uint32_t *policy);
/* Whether the policy is a real-time one (takes a priority, needs privilege). */
bool ss_knobs_policy_rt(uint32_t policy);
/* The knobs in words, for a title, info and compare: "CPUs 0, nice 19,
 * SCHED_FIFO priority 10"; "" when none was set. */
char *ss_knobs_describe(const struct ss_knobs *k, char *buf, size_t size);

#endif
