/* The pid table of pidmap.h. The directory is allocated at the first put,
 * a page when a pid in it is first touched, filled from the template, so a
 * lookup of an untouched pid costs no memory and a get never allocates.
 * Pids past the limit and failed allocations return NULL and mark the
 * table failed, for the caller to say. */
#include "util/pidmap.h"

#include <stdlib.h>
#include <string.h>

void pidmap_init(struct pidmap *t, size_t esz, const void *fill)
{
	memset(t, 0, sizeof(*t));
	t->esz = esz;
	t->fill = fill;
}

void pidmap_free(struct pidmap *t)
{
	if (t->pages)
		for (unsigned i = 0; i < PIDMAP_LIMIT / PIDMAP_PAGE; i++)
			free(t->pages[i]);
	free(t->pages);
	t->pages = NULL;
}

/* A page on a cache line's boundary: a record of 64 bytes is then one line,
 * not two, and so one miss when a table of many tasks is out of cache. */
static uint8_t *page_new(struct pidmap *t)
{
	uint8_t *p = aligned_alloc(PIDMAP_ALIGN, PIDMAP_PAGE * t->esz);

	if (p && t->fill)
		for (unsigned i = 0; i < PIDMAP_PAGE; i++)
			memcpy(p + (size_t)i * t->esz, t->fill, t->esz);
	else if (p)
		memset(p, 0, PIDMAP_PAGE * t->esz);
	return p;
}

void *pidmap_put_new(struct pidmap *t, uint32_t pid)
{
	uint8_t **slot;

	if (pid >= PIDMAP_LIMIT)
		return NULL;
	if (!t->pages && !(t->pages = calloc(PIDMAP_LIMIT / PIDMAP_PAGE, sizeof(*t->pages)))) {
		t->failed = true;
		return NULL;
	}
	slot = &t->pages[pid / PIDMAP_PAGE];
	if (!*slot && !(*slot = page_new(t))) {
		t->failed = true;
		return NULL;
	}
	return *slot + (size_t)(pid % PIDMAP_PAGE) * t->esz;
}
