/*
 * The shapes a lesson draws on its timeline, as data: labelled spans on a
 * thread's lane (a worker's "task 3" from task_start to task_end, the lock
 * held from taken to released), the depth of a queue over time (pool's
 * pending tasks), and the main thread's phases with their totals
 * (procvsthread's processes, threads and many threads). The UI draws them;
 * the checks read them. Hand-offs (a write waking a read) are the model's
 * (model/handoff.h), the CPU share too (model/totals.h).
 *
 * Every query works on a model still growing: what has begun and not yet
 * ended is open, up to the newest moment.
 */
#ifndef SCHEDSCOPE_LESSONS_SHAPES_H
#define SCHEDSCOPE_LESSONS_SHAPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lessons/marks.h"
#include "model/totals.h"

enum lesson_span_kind {
	LESSON_SPAN_TASK,       /* task_start .. task_end: "task 3" */
	LESSON_SPAN_LOCK_WAIT,  /* lock_wanted .. lock_taken: "waits for the lock" */
	LESSON_SPAN_LOCK_HELD,  /* lock_taken .. lock_released: "holds the lock" (contended holds only) */
	LESSON_SPAN_LOCAL,      /* local_set .. local_get: "own copy = Alice" */
	LESSON_SPAN_LOCK_HOLDER,/* another thread found the lock held by this one (its lock_wanted's
				 * owner): from then until this one's unlock woke it, or it took
				 * the lock. "holds it: Thread-2 waits" */
};

struct lesson_span {
	uint64_t from_ns, to_ns;    /* to_ns: the newest moment while open */
	uint32_t tid;
	uint8_t kind;               /* enum lesson_span_kind */
	bool open;                  /* begun, not ended (yet) */
	int64_t id;                 /* task id; lock id; the variable's address */
	char label[32];
};

/* Thread t's spans overlapping [t0, t1), in the order they began (fills out
 * with the earliest max, sorted); returns how many there are. */
size_t lesson_spans(const struct lesson_marks *mk, const struct ss_model *m, const struct ss_thread *t,
		    uint64_t t0, uint64_t t1, struct lesson_span *out, size_t max);

/* One step of a queue's depth: after a put (+1) or a get (-1). */
struct lesson_depth {
	uint64_t ts_ns;
	int32_t depth;              /* items put and not yet got, after this step */
	uint32_t tid;               /* who put or got */
	int64_t item;
	bool put;
};

/* Queue `queue`'s steps in [t0, t1), in time order (the first max into
 * out); *before gets the depth at t0. Returns how many steps in the window. */
size_t lesson_pending(const struct lesson_marks *mk, const struct ss_model *m, int64_t queue, uint64_t t0,
		      uint64_t t1, int32_t *before, struct lesson_depth *out, size_t max);

/* One phase of the lesson: from a phase marker of the main thread to the next. */
struct lesson_phase {
	uint64_t from_ns, to_ns;    /* to_ns: the next phase marker, or the newest moment */
	int64_t phase, arg;         /* scenarios/probes.h's enum ss_phase and its argument */
	char name[32];              /* "2 processes" */
	struct ss_totals totals;    /* with_totals: wall, CPU, switches, forks, clones */
	struct ss_cpu_share share;  /* with_totals: the traced tree's and other tasks' CPU */
};

/* The phases from START to END, in order (the first max into out); returns
 * how many. END opens no phase. */
size_t lesson_phases(const struct lesson_marks *mk, const struct ss_model *m, bool with_totals,
		     struct lesson_phase *out, size_t max);

#endif
