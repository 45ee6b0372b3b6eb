/*
 * What one check of a lesson found: the verdict, the evidence sentence, the
 * hint, the moment it is about, and the threads and items involved. Plain
 * data, read by `schedscope check`, the timeline's checklist and tests;
 * lessons/check.h makes them.
 */
#ifndef SCHEDSCOPE_LESSONS_RESULT_H
#define SCHEDSCOPE_LESSONS_RESULT_H

#include <stdint.h>

enum lesson_verdict {
	LESSON_PENDING = 0,     /* the trace does not show it yet */
	LESSON_PASS,
	LESSON_FAIL,
	LESSON_INCONCLUSIVE,    /* other tasks took the CPUs it needed */
};

#define LESSON_MAX_CHECKS 5
#define LESSON_MAX_TIDS 8
#define LESSON_MAX_ITEMS 8

struct lesson_result {
	const char *id;             /* "pool.task_waited": stable, for scripts and tests */
	const char *title;          /* what to notice, one short line */
	enum lesson_verdict verdict;
	char evidence[320];         /* one sentence with this run's numbers */
	char hint[160];             /* what to change when the run did not show it, or "" */
	uint64_t at_ns;             /* the moment it is about (absolute, like the model's); 0: none */
	uint64_t from_ns, to_ns;    /* the stretch it is about; both 0: the moment only */
	uint32_t tids[LESSON_MAX_TIDS];   /* the threads involved, the main actor first */
	unsigned ntids;
	int64_t items[LESSON_MAX_ITEMS];  /* task ids, values...: per check, docs/SCENARIOS.md */
	unsigned nitems;
};

/* Where a result points on the timeline: its moment, else its stretch's
 * start (0: nowhere). */
static inline uint64_t lesson_result_moment(const struct lesson_result *r)
{
	return r->at_ns ? r->at_ns : r->from_ns;
}

#endif
