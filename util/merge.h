/*
 * Merging time-ordered sources into one time order: the decoder's per-CPU
 * batches and the reader's per-CPU chunk streams. A binary min-heap keyed on
 * (time, source index) gives the next source in O(log sources), so the cost
 * per item does not grow with the number of CPUs, and ties go to the lower
 * source, so the merged order is the same on every run.
 *
 * The heap holds sources, not items: a source is pushed with the time of its
 * next item; after taking that item the caller either advances the top source
 * to its following item's time or drops it when it has no more.
 */
#ifndef SCHEDSCOPE_UTIL_MERGE_H
#define SCHEDSCOPE_UTIL_MERGE_H

#include <stdbool.h>
#include <stdint.h>

struct merge_head {
	uint64_t ts_ns;        /* the source's next item */
	uint32_t src;
};

struct merge {
	struct merge_head *heap;
	uint32_t n, cap;       /* cap: the number of sources */
};

/* Room for nsources sources. 0 or -ENOMEM. */
int merge_init(struct merge *m, uint32_t nsources);
void merge_free(struct merge *m);
static inline void merge_clear(struct merge *m) { m->n = 0; }
/* Adds source src (not already in) whose next item is at ts_ns. 0, or
 * -ENOSPC when nsources are in already. */
int merge_push(struct merge *m, uint32_t src, uint64_t ts_ns);
/* The source whose next item comes first; false when none is left. */
static inline bool merge_top(const struct merge *m, uint32_t *src)
{
	if (!m->n)
		return false;
	*src = m->heap[0].src;
	return true;
}
/* The top source's next item is now at ts_ns. */
void merge_advance(struct merge *m, uint64_t ts_ns);
/* The top source has no more items. */
void merge_drop(struct merge *m);

#endif
