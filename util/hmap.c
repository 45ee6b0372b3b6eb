/* The hash map of hmap.h. The table doubles when it would be more than
 * half full, which keeps probe runs short; a growth rehashes into a new
 * array and leaves the old one whole if the allocation fails, so a
 * failure loses nothing already stored. */
#include "util/hmap.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 64

void hmap_init(struct hmap *m, size_t esz)
{
	memset(m, 0, sizeof(*m));
	m->esz = (esz + 7) & ~(size_t)7;
}

void hmap_free(struct hmap *m)
{
	free(m->v);
	m->v = NULL;
	m->cap = m->used = 0;
}

static inline uint64_t *slot(const struct hmap *m, size_t i)
{
	return (uint64_t *)(m->v + i * m->esz);
}

/* Fibonacci hashing: the top bits of key * 2^64/phi spread sequential keys
 * (tids, addresses) evenly. Returns the slot of k, or the empty one it would take. */
static size_t find(const struct hmap *m, uint64_t k)
{
	size_t mask = m->cap - 1, i = (size_t)((k * 0x9e3779b97f4a7c15ull) >> m->shift);

	while (*slot(m, i) && *slot(m, i) != k)
		i = (i + 1) & mask;
	return i;
}

static bool grow(struct hmap *m)
{
	struct hmap old = *m;

	m->cap = old.cap ? old.cap * 2 : FIRST_CAP;
	m->shift = 64 - (unsigned)__builtin_ctzll(m->cap);
	m->v = calloc(m->cap, m->esz);
	if (!m->v) {
		*m = old;
		m->failed = true;
		return false;
	}
	for (size_t i = 0; i < old.cap; i++) {
		uint64_t k = *slot(&old, i);

		if (k)
			memcpy(slot(m, find(m, k)), slot(&old, i), m->esz);
	}
	free(old.v);
	return true;
}

void *hmap_get(const struct hmap *m, uint64_t key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = find(m, key + 1);
	return *slot(m, i) ? slot(m, i) : NULL;
}

void *hmap_put(struct hmap *m, uint64_t key)
{
	uint64_t k = key + 1;
	size_t i;

	if (m->cap) {
		i = find(m, k);
		if (*slot(m, i))
			return slot(m, i);
	}
	/* at most half full: probes stay short */
	if ((m->used + 1) * 2 > m->cap && !grow(m))
		return NULL;
	i = find(m, k);
	*slot(m, i) = k;
	m->used++;
	return slot(m, i);
}

void *hmap_at(const struct hmap *m, size_t i)
{
	return i < m->cap && *slot(m, i) ? slot(m, i) : NULL;
}
