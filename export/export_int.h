/*
 * What the exporters share: the streaming frame (reader, iterator, --window,
 * --pid, progress), an output file that appears only when complete, a small
 * hash map for per-task state, and the text escaping of JSON and CSV.
 * Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_EXPORT_INT_H
#define SCHEDSCOPE_EXPORT_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "export/export.h"
#include "model/event.h"
#include "tracefile/reader.h"
#include "util/buf.h"

struct xp_behind;

/* One export in progress. */
struct xp {
	const struct export_opts *o;
	struct export_result *res;
	struct ss_reader *r;
	struct ss_iter *it;
	uint64_t from_ns, to_ns;   /* the window, absolute and inclusive (no window: 0, max) */
	uint64_t t0_ns;            /* where the export begins: the window's start, else the recording's */
	uint64_t end_ns;           /* where runs still open at the end are closed */
	uint64_t nread;            /* events read, the skipped ones included */
	int pct;                   /* last progress shown, -1: none yet */
	bool shown;                /* a progress line is on the terminal */
	struct xp_behind *behind;  /* per CPU: the input's chunks, to drop once read */
	int32_t *inc;              /* per task version: index of the version that began its incarnation */
	uint8_t *traced;           /* per incarnation start: the model would make it a thread */
	char *err;
	size_t errlen;
};

/* Each format: 0, or -1 with the reason in x->err. */
int export_perfetto(struct xp *x);
int export_json(struct xp *x);
int export_csv(struct xp *x);

int xp_fail(struct xp *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The next event inside the window: 1; 0 at the end; -1 on a decoding error. */
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

/* Per-pid state in a two-level table (pages of XP_PID_PAGE pids, allocated as
 * touched): no hashing on the per-event path. Also caches which task version
 * holds, and over which time range, so names cost a compare. */
#define XP_PID_PAGE 1024
#define XP_PID_LIMIT (1u << 22)    /* PID_MAX_LIMIT */
struct xp_pid {
	uint64_t lo, hi;           /* version `ver` holds for ts in [lo, hi) */
	int32_t ver;               /* -1: not looked up yet, or no such task */
	uint8_t prio;
	uint8_t has_prio;
	uint8_t flags;             /* the exporter's own */
	uint8_t pad;
};
struct xp_pids {
	struct xp_pid **pages;
	bool failed;
};
/* The record of pid, created zeroed (ver -1); NULL past XP_PID_LIMIT or out of memory. */
struct xp_pid *xp_pid(struct xp_pids *t, uint32_t pid);
void xp_pids_free(struct xp_pids *t);
/* ss_tasks_at(), through the record's cache. */
const struct ss_task *xp_pid_task(const struct xp *x, struct xp_pid *e, uint32_t pid, uint64_t ts);

/* A file written under a temporary name and renamed into place once complete,
 * so a failed export never leaves a truncated file behind. "-" is stdout. */
struct xp_file {
	int fd;
	bool is_stdout;
	char path[4096];
	char tmp[4096 + 32];
	struct buf b;              /* pending bytes */
	uint64_t bytes;            /* bytes written so far, pending included */
	int err;                   /* first errno */
};

int xp_file_open(struct xp *x, struct xp_file *f, const char *path);
/* Writes what is pending once there is enough of it. */
void xp_file_drain(struct xp_file *f);
/* ok: flush and rename into place; !ok: remove. 0 or -1 (message in x->err). */
int xp_file_close(struct xp *x, struct xp_file *f, bool ok);

/* Hash map from a 64-bit key to a fixed-size zeroed record (key first). Records
 * move when the map grows: do not keep pointers across xp_map_get(create). */
struct xp_map {
	uint8_t *v;
	size_t esz, cap, used;
};
void xp_map_init(struct xp_map *m, size_t esz);
void xp_map_free(struct xp_map *m);
/* The record for key (which must not be UINT64_MAX), created if asked; NULL if absent or out of memory. */
void *xp_map_get(struct xp_map *m, uint64_t key, bool create);
/* Visits every record. */
void *xp_map_at(struct xp_map *m, size_t i);

/* Text: a JSON string body (UTF-8 checked, escapes added), a CSV field
 * (quoted when it needs to be), numbers. */
void txt_json_str(struct buf *b, const char *s);
void txt_csv_str(struct buf *b, const char *s);
void txt_u64(struct buf *b, uint64_t v);
void txt_i64(struct buf *b, int64_t v);
/* ns as microseconds with three decimals: exact. */
void txt_us(struct buf *b, uint64_t ns);
static inline void txt(struct buf *b, const char *s) { buf_put(b, s, strlen(s)); }

/* "exit code 3", "killed by signal 9" */
void xp_exit_text(int32_t code, char *buf, size_t n);

#endif
