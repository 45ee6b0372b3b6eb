/*
 * Synthetic traces for the unit tests of what is built on the model: tasks
 * and events go in through the model's sink (its one way in), with times
 * given in ns after FEED_S0, the recording's start.
 */
#ifndef SCHEDSCOPE_TESTS_UNIT_MODEL_FEED_H
#define SCHEDSCOPE_TESTS_UNIT_MODEL_FEED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"

#define FEED_S0 1000000000ull

/* An empty model of ncpus CPUs starting at FEED_S0; 0 or -ENOMEM. */
static inline int feed_init(struct ss_model *m, unsigned ncpus)
{
	struct ss_trace_info info = { .ncpus = ncpus, .start_ns = FEED_S0 };

	return ss_model_init(m, &info);
}

/* A task named comm; in the traced tree or not. */
static inline void feed_task(struct ss_model *m, uint32_t pid, uint32_t tgid, const char *comm, bool tree)
{
	struct ss_task t = { .ts_ns = FEED_S0, .pid = pid, .tgid = tgid, .ppid = 1, .prev = -1,
			     .flags = tree ? SS_TASKF_IN_TREE : 0 };
	struct ss_sink k;

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	ss_model_sink(m, &k);
	k.task(k.ctx, &t);
}

/* e, with e.ts_ns counted from FEED_S0. */
static inline void feed_event(struct ss_model *m, struct ss_event e)
{
	struct ss_sink k;

	e.ts_ns += FEED_S0;
	ss_model_sink(m, &k);
	k.event(k.ctx, &e);
}

/* prev leaves cpu in state (enum ss_state) for next (0: idle). */
static inline void feed_switch(struct ss_model *m, uint64_t ts, unsigned cpu, uint32_t prev, unsigned state,
			       uint32_t next)
{
	feed_event(m, (struct ss_event){ .ts_ns = ts, .kind = SS_SWITCH, .cpu = (uint16_t)cpu, .pid = prev,
					 .sw = { .next_pid = next, .prev_state = (uint16_t)state } });
}

#endif
