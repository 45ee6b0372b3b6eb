/*
 * The streaming frame every export format reads through: the trace opened
 * with its reader, the time-ordered iterator, the --window and --pid
 * selection, progress, and each task's incarnation (a pid's life from one
 * fork to the next, which the model makes one thread). The formats pull
 * events with xp_next(); nothing here knows a format. Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_STREAM_H
#define SCHEDSCOPE_EXPORT_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "export/export.h"
#include "model/event.h"
#include "tracefile/reader.h"
#include "util/pidmap.h"

/* One export in progress. */
struct xp {
	const struct export_opts *o;
	struct export_result *res;
	const struct ss_reader *r;
	struct ss_reader *opened;  /* r, when the export opened it */
	struct ss_iter *it;
	uint64_t from_ns, to_ns;   /* the window, absolute and inclusive (no window: 0, max) */
	uint64_t t0_ns;            /* where the export begins: the window's start, else the recording's */
	uint64_t end_ns;           /* where runs still open at the end are closed */
	uint64_t nread;            /* events read, the skipped ones included */
	int pct;                   /* last progress shown, -1: none yet */
	bool shown;                /* a progress line is on the terminal */
	int32_t *inc;              /* per task version: index of the version that began its incarnation */
	uint8_t *traced;           /* per incarnation start: the model would make it a thread */
	char *err;
	size_t errlen;
};


int xp_fail(struct xp *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* xp_fail() for memory that cannot be had: the one wording of it for every
 * format, which `export` says as every command does ("schedscope export:
 * out of memory", cli_out_of_memory()'s words). */
int xp_out_of_memory(struct xp *x);
/* -1 (the reason in x->err) once the caller's stop_signal says a signal
 * asked the export to stop, else 0. */
int xp_stopped(struct xp *x);
/* The next event inside the window: 1; 0 at the end; -1 on a decoding error
 * or when stopped (xp_stopped). */
int xp_next(struct xp *x, struct ss_event *ev);
/* Under --pid: whether pid (at ts) is the selected thread or one of its process's. */
bool xp_selected(const struct xp *x, uint32_t pid, uint64_t ts);
/* Whether an event names a selected task (always true without --pid). */
bool xp_wanted(const struct xp *x, const struct ss_event *ev);
/* The task version of pid at ts, or NULL. */
static inline const struct ss_task *xp_task(const struct xp *x, uint32_t pid, uint64_t ts)
{
	return pid ? ss_tasks_at(&x->r->tasks, pid, ts) : NULL;
}
static inline uint32_t xp_tgid(const struct xp *x, uint32_t pid, uint64_t ts)
{
	const struct ss_task *t = xp_task(x, pid, ts);

	return t ? t->tgid : pid;
}
/* Index of the first version of pid's incarnation at ts, or -1 (pid 0, unknown). */
int32_t xp_incarnation(const struct xp *x, uint32_t pid, uint64_t ts);

/* Per-pid state (util/pidmap.h): no hashing on the per-event path. Also
 * caches which task version holds, and over which time range, so names cost
 * a compare. */
struct xp_pid {
	uint64_t lo, hi;           /* version `ver` holds for ts in [lo, hi) */
	int32_t ver;               /* -1: not looked up yet, or no such task */
	uint8_t prio;
	uint8_t has_prio;
	uint8_t flags;             /* the exporter's own */
	uint8_t pad;
};
/* A table of struct xp_pid, fresh records with ver -1. */
void xp_pids_init(struct pidmap *t);
/* ss_tasks_at(), through the record's cache. */
const struct ss_task *xp_pid_task(const struct xp *x, struct xp_pid *e, uint32_t pid, uint64_t ts);

/* Opens the trace and sets up the window, the selection and the iterator.
 * 0, or -1 with the reason in x->err (xp_close() is still due). */
int xp_open(struct xp *x, const struct export_opts *o, struct export_result *res, char *err, size_t errlen);
/* The format finished (rc 0) or failed: the last progress, then cleanup. */
void xp_close(struct xp *x, int rc);

#endif
