/*
 * A table indexed by pid (or tid), for per-task state on the event path:
 * a directory of pages of 1024 records, each page allocated (and filled from
 * a template) when a pid in it is first touched. A lookup is two loads, no
 * hashing and no probing; tasks with nearby pids share pages, as the kernel
 * hands them out. Memory is a 32 KiB directory plus a page per 1024 pids
 * in use. Pages start on a cache line, so records of 64 bytes (or a divisor
 * of it) never straddle two.
 */
#ifndef SCHEDSCOPE_UTIL_PIDMAP_H
#define SCHEDSCOPE_UTIL_PIDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PIDMAP_PAGE  1024u
#define PIDMAP_LIMIT (1u << 22)      /* PID_MAX_LIMIT */
#define PIDMAP_ALIGN 64u             /* pages start on a cache line */

struct pidmap {
	uint8_t **pages;
	size_t esz;
	const void *fill;        /* what a new record holds (NULL: zeroes) */
	bool failed;             /* a page could not be allocated */
};

/* Records of esz bytes, new ones copied from fill (which must outlive the map). */
void pidmap_init(struct pidmap *t, size_t esz, const void *fill);
void pidmap_free(struct pidmap *t);

/* The record of pid, or NULL if no pid of its page was ever touched. */
static inline void *pidmap_get(const struct pidmap *t, uint32_t pid)
{
	uint8_t *page;

	if (pid >= PIDMAP_LIMIT || !t->pages || !(page = t->pages[pid / PIDMAP_PAGE]))
		return NULL;
	return page + (size_t)(pid % PIDMAP_PAGE) * t->esz;
}

/* pidmap_put() when pid's page is not made yet. */
void *pidmap_put_new(struct pidmap *t, uint32_t pid);

/* The record of pid, its page made if need be; NULL past PIDMAP_LIMIT or
 * when memory ran out (then t->failed is set). Inline, as every event
 * asks it for two or three tasks: a page made is two loads. */
static inline void *pidmap_put(struct pidmap *t, uint32_t pid)
{
	void *r = pidmap_get(t, pid);

	return r ? r : pidmap_put_new(t, pid);
}

#endif
