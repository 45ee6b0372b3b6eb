/*
 * Merging time-ordered sources into one time order: the decoder's per-CPU
 * batches and the reader's per-CPU chunk streams. A tournament tree keyed on
 * (time, source index): each node holds the least key of the two below it,
 * so the root is the next source, and a source's new time is carried up its
 * one path of log2(sources) nodes. Each step is a compare and a select, with
 * no branch on the data: the CPUs' events interleave at random, and a binary
 * heap's sift (two guesses per level, half of them wrong) cost as much again
 * as the rest of a load at 64 CPUs. Ties go to the lower source, so the
 * merged order is the same on every run.
 *
 * The tree holds sources, not items: a source is pushed with the time of its
 * next item; after taking that item the caller either advances the top source
 * to its following item's time or drops it when it has no more.
 */
#ifndef SCHEDSCOPE_UTIL_MERGE_H
#define SCHEDSCOPE_UTIL_MERGE_H

#include <stdbool.h>
#include <stdint.h>

/* A source's key: its next item's time above its index, so that one
 * comparison orders by time, then by source. A source not in is all ones,
 * past every key of a source that is in. */
typedef unsigned __int128 merge_key;

#define MERGE_ABSENT (~(merge_key)0)

struct merge {
	merge_key *node;       /* node[1] the root; leaves node[width + src] */
	uint32_t width;        /* leaves: the sources' count rounded up to a power of two */
	uint32_t n, cap;       /* sources in; cap: the number of sources */
};

/* Room for nsources sources, numbered 0 .. nsources - 1. 0 or -ENOMEM. */
int merge_init(struct merge *m, uint32_t nsources);
void merge_free(struct merge *m);
/* Takes every source out. */
void merge_clear(struct merge *m);
/* Adds source src (not already in) whose next item is at ts_ns. 0, or
 * -ENOSPC when src is not below nsources. */
int merge_push(struct merge *m, uint32_t src, uint64_t ts_ns);
/* The source whose next item comes first; false when none is left. */
static inline bool merge_top(const struct merge *m, uint32_t *src)
{
	if (!m->n)
		return false;
	*src = (uint32_t)m->node[1];
	return true;
}
/* The top source's next item is now at ts_ns. */
void merge_advance(struct merge *m, uint64_t ts_ns);
/* The top source has no more items. */
void merge_drop(struct merge *m);

#endif
