/* The tournament tree of merge.h, in one array: the root at node 1, node i
 * over 2i and 2i+1, source s's leaf at width + s. A key packs the time
 * above the source index in one 128-bit integer, so one compare orders by
 * time and then by source; an absent source holds the largest key. */
#include "util/merge.h"

#include <errno.h>
#include <stdlib.h>

int merge_init(struct merge *m, uint32_t nsources)
{
	uint32_t width = 1;

	while (width < nsources)
		width *= 2;
	m->node = malloc(2 * (size_t)width * sizeof(*m->node));
	m->width = width;
	m->cap = nsources;
	if (!m->node)
		return -ENOMEM;
	merge_clear(m);
	return 0;
}

void merge_free(struct merge *m)
{
	free(m->node);
	m->node = NULL;
	m->n = m->cap = m->width = 0;
}

void merge_clear(struct merge *m)
{
	for (uint32_t i = 0; i < 2 * m->width; i++)
		m->node[i] = MERGE_ABSENT;
	m->n = 0;
}

/* Leaf i now holds key k: each node on its way up takes the lesser of its
 * two children. */
static void replay(struct merge *m, uint32_t i, merge_key k)
{
	merge_key *node = m->node;

	node[i] = k;
	for (; i > 1; i /= 2) {
		merge_key sib = node[i ^ 1];

		k = sib < k ? sib : k;
		node[i / 2] = k;
	}
}

static merge_key key_of(uint32_t src, uint64_t ts_ns)
{
	return (merge_key)ts_ns << 32 | src;
}

int merge_push(struct merge *m, uint32_t src, uint64_t ts_ns)
{
	if (src >= m->cap)
		return -ENOSPC;
	replay(m, m->width + src, key_of(src, ts_ns));
	m->n++;
	return 0;
}

/* The top can only move down with a later time (an earlier one keeps it the
 * least); the path is carried either way. */
void merge_advance(struct merge *m, uint64_t ts_ns)
{
	uint32_t src = (uint32_t)m->node[1];

	replay(m, m->width + src, key_of(src, ts_ns));
}

void merge_drop(struct merge *m)
{
	if (!m->n)
		return;
	replay(m, m->width + (uint32_t)m->node[1], MERGE_ABSENT);
	m->n--;
}
