#include "util/merge.h"

#include <errno.h>
#include <stdlib.h>

int merge_init(struct merge *m, uint32_t nsources)
{
	m->heap = calloc(nsources ? nsources : 1, sizeof(*m->heap));
	m->n = 0;
	m->cap = nsources;
	return m->heap ? 0 : -ENOMEM;
}

void merge_free(struct merge *m)
{
	free(m->heap);
	m->heap = NULL;
	m->n = m->cap = 0;
}

static bool before(const struct merge_head *a, const struct merge_head *b)
{
	return a->ts_ns < b->ts_ns || (a->ts_ns == b->ts_ns && a->src < b->src);
}

static void sift_up(struct merge *m, uint32_t i)
{
	struct merge_head x = m->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!before(&x, &m->heap[parent]))
			break;
		m->heap[i] = m->heap[parent];
		i = parent;
	}
	m->heap[i] = x;
}

static void sift_down(struct merge *m, uint32_t i)
{
	struct merge_head x = m->heap[i];

	for (;;) {
		uint32_t l = 2 * i + 1, best = l;

		if (l >= m->n)
			break;
		if (l + 1 < m->n && before(&m->heap[l + 1], &m->heap[l]))
			best = l + 1;
		if (!before(&m->heap[best], &x))
			break;
		m->heap[i] = m->heap[best];
		i = best;
	}
	m->heap[i] = x;
}

int merge_push(struct merge *m, uint32_t src, uint64_t ts_ns)
{
	if (m->n == m->cap)
		return -ENOSPC;
	m->heap[m->n] = (struct merge_head){ ts_ns, src };
	sift_up(m, m->n++);
	return 0;
}

/* The top is the least; a later time can only move it down (an earlier one
 * keeps it the least). */
void merge_advance(struct merge *m, uint64_t ts_ns)
{
	m->heap[0].ts_ns = ts_ns;
	sift_down(m, 0);
}

void merge_drop(struct merge *m)
{
	if (!m->n)
		return;
	m->heap[0] = m->heap[--m->n];
	if (m->n)
		sift_down(m, 0);
}
