/*
 * The scenarios' USDT markers (scenarios/probes.h), read back from a model:
 * which of our probes a marker event is, the next marker of a kind, and
 * plain words for a marker with its arguments ("task 3 starts", "fork()
 * returned 0", "student = Alice"). The checks, the shapes and the window
 * all look at markers through here, so a probe's name is spelt once on
 * this side.
 */
#ifndef SCHEDSCOPE_LESSONS_MARKS_H
#define SCHEDSCOPE_LESSONS_MARKS_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "scenarios/catalog.h"

enum lesson_probe {
	LP_NONE = 0,            /* not a marker, or not one of ours */
	LP_PHASE,               /* phase, arg */
	LP_TASK_START,          /* task, arg */
	LP_TASK_END,            /* task, dur_us */
	LP_PUT,                 /* queue, item */
	LP_GET,                 /* queue, item */
	LP_LOCK_WANTED,         /* lock, owner */
	LP_LOCK_TAKEN,          /* lock, wait_ns */
	LP_LOCK_RELEASED,       /* lock */
	LP_THREAD_START,        /* index */
	LP_THREAD_END,          /* index */
	LP_CONNECT,             /* worker, local_port */
	LP_ACCEPT,              /* conn, peer_port */
	LP_FORK_RETURN,         /* ret */
	LP_RESULT,              /* which, value */
	LP_LOCAL_SET,           /* addr, value (text8) */
	LP_LOCAL_GET,           /* addr, value (text8) */
	LP_COUNT
};

/* Probe ids of a trace mapped to our kinds; kept in step with a growing
 * model by lesson_marks_sync (probes come before the markers naming them). */
#define LESSON_PROBE_IDS 256
struct lesson_marks {
	uint8_t kind_of[LESSON_PROBE_IDS];
	size_t nprobes;             /* m->nprobes when last synced */
};

void lesson_marks_sync(struct lesson_marks *mk, const struct ss_model *m);
/* Which of ours ev is. */
enum lesson_probe lesson_mark_kind(const struct lesson_marks *mk, const struct ss_event *ev);
/* "task_start" -> LP_TASK_START; LP_NONE for another name. */
enum lesson_probe lesson_probe_parse(const char *name);

/* The next marker of kind k (LP_NONE: any of ours) fired by tid (0: anyone),
 * from index *i of m->markers on; *i is left just past it. NULL at the end. */
const struct ss_event *lesson_next(const struct lesson_marks *mk, const struct ss_model *m, size_t *i,
				   enum lesson_probe k, uint32_t tid);
/* The same over thread t's marks (index into t->marks). */
const struct ss_event *lesson_thread_next(const struct lesson_marks *mk, const struct ss_model *m,
					  const struct ss_thread *t, size_t *i, enum lesson_probe k);
/* The first marker of kind k with first argument arg0 (any if arg0 < 0). */
const struct ss_event *lesson_first(const struct lesson_marks *mk, const struct ss_model *m, enum lesson_probe k,
				    int64_t arg0);

/* Text packed by probes.h's ss_text8, unpacked: buf needs 9 bytes. */
char *lesson_text8(int64_t v, char *buf);
/* A put/get item in the scenario's terms: "task 3", "'a'", "4224". */
char *lesson_item_words(enum scenario_items kind, int64_t item, char *buf, size_t size);
/* A phase in words: "2 processes", "join", "close"... */
char *lesson_phase_name(int64_t phase, int64_t arg, char *buf, size_t size);
/* A marker in words, with its arguments: "task 3 starts", "put 'a'",
 * "fork() returned 4101", "waits for the lock". */
char *lesson_marker_words(const struct lesson_marks *mk, enum scenario_items items, const struct ss_event *ev,
			  char *buf, size_t size);

#endif
