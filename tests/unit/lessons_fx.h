/*
 * Synthetic traces for the lessons' unit tests (test_lessons.c,
 * test_lessons_handoffs.c): a model fed through its sink, with the
 * scenarios' marker names registered as probes, and the helpers that put a
 * task, a marker or a switch in it, and find a check's result by its id.
 */
#ifndef SCHEDSCOPE_TESTS_UNIT_LESSONS_FX_H
#define SCHEDSCOPE_TESTS_UNIT_LESSONS_FX_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lessons/check.h"
#include "model/model.h"

/* ---- building a trace ---- */

enum { P_PHASE, P_PUT, P_GET, P_TASK_START, P_TASK_END, P_LOCK_WANTED, P_LOCK_TAKEN, P_LOCK_RELEASED,
       P_THREAD_START, P_THREAD_END };
static const char *const probe_names[] = { "phase", "put", "get", "task_start", "task_end", "lock_wanted",
					   "lock_taken", "lock_released", "thread_start", "thread_end" };

struct fx {
	struct ss_model m;
	struct ss_sink k;
};

static inline void fx_init(struct fx *f, const char *cmdline, unsigned ncpus)
{
	struct ss_trace_info info = { .ncpus = ncpus, .start_ns = 0 };

	snprintf(info.cmdline, sizeof(info.cmdline), "%s", cmdline);
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	ss_model_sink(&f->m, &f->k);
	for (uint32_t i = 0; i < sizeof(probe_names) / sizeof(probe_names[0]); i++) {
		struct ss_probe p = { .id = i, .provider = "schedscope" };

		snprintf(p.name, sizeof(p.name), "%s", probe_names[i]);
		f->k.probe(f->k.ctx, &p);
	}
}

static inline void ev(struct fx *f, struct ss_event e)
{
	f->k.event(f->k.ctx, &e);
}

/* A task of the traced tree; forked by parent (0: first seen) as a process or thread. */
static inline void task(struct fx *f, uint64_t ts, uint32_t pid, uint32_t tgid, uint32_t parent, const char *comm,
		 bool thread)
{
	struct ss_task t = { .ts_ns = ts, .pid = pid, .tgid = tgid, .ppid = parent,
			     .origin = parent ? SS_TASK_FORKED : SS_TASK_FIRST_SEEN, .flags = SS_TASKF_IN_TREE,
			     .prev = -1 };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	f->k.task(f->k.ctx, &t);
	if (parent)
		ev(f, (struct ss_event){ .ts_ns = ts, .kind = SS_FORK, .pid = parent,
					 .fork = { .child = pid, .flags = thread ? SS_FORK_IS_THREAD : 0 } });
}

static inline void mark(struct fx *f, uint64_t ts, uint32_t pid, uint32_t probe, int64_t a0, int64_t a1)
{
	ev(f, (struct ss_event){ .ts_ns = ts, .kind = SS_MARKER, .pid = pid,
				 .marker = { .probe = probe, .nargs = 2, .args = { a0, a1 } } });
}

static inline void sw(struct fx *f, uint64_t ts, unsigned cpu, uint32_t prev, uint32_t next, unsigned prev_state)
{
	ev(f, (struct ss_event){ .ts_ns = ts, .kind = SS_SWITCH, .cpu = (uint16_t)cpu, .pid = prev,
				 .sw = { .next_pid = next, .prev_state = (uint16_t)prev_state } });
}

static inline const struct lesson_result *result(const struct lesson_checklist *cl, const char *id)
{
	for (size_t i = 0; i < cl->n; i++)
		if (!strcmp(cl->r[i].id, id))
			return &cl->r[i];
	fail_msg("no check %s", id);
	return NULL;
}

#endif
