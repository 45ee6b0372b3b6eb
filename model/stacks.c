/*
 * The stack table: a growing array with an index by id (user stacks, and
 * kernel stacks already named), and the mapping sets beside it. Stacks are
 * few (one per distinct place a thread waits), so a copy each is cheap;
 * what matters is that a lookup by id, done for every wait that is
 * explained or exported, is a hash probe.
 */
#include "model/stacks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

struct slot {
	uint64_t hkey;
	size_t i;
};

void ss_stacks_init(struct ss_stacks *s)
{
	memset(s, 0, sizeof(*s));
	hmap_init(&s->index, sizeof(struct slot));
	hmap_init(&s->kindex, sizeof(struct slot));
}

void ss_stacks_free(struct ss_stacks *s)
{
	for (size_t i = 0; i < s->nmaps; i++)
		free(s->maps[i].v);
	free(s->maps);
	free(s->v);
	free(s->k);
	hmap_free(&s->index);
	hmap_free(&s->kindex);
	memset(s, 0, sizeof(*s));
}

/* Appends the entry e (esz bytes) of id to the array *v indexed by index;
 * an id already there is kept as it was. */
static int table_add(struct ss_stacks *s, struct hmap *index, void **v, size_t *n, size_t *cap,
		     size_t esz, uint32_t id, const void *e)
{
	struct slot *sl;

	if (!id || hmap_get(index, id))
		return 0;
	if (!vec_grow(v, cap, *n + 1, esz))
		goto nomem;
	sl = hmap_put(index, id);
	if (!sl)
		goto nomem;
	sl->i = *n;
	memcpy((char *)*v + *n * esz, e, esz);
	(*n)++;
	return 0;
nomem:
	s->failed = 1;
	return -ENOMEM;
}

int ss_stacks_add(struct ss_stacks *s, const struct ss_stack *st)
{
	return table_add(s, &s->index, (void **)&s->v, &s->n, &s->cap, sizeof(*s->v), st->id, st);
}

int ss_stacks_kadd(struct ss_stacks *s, const struct ss_kstack *k)
{
	return table_add(s, &s->kindex, (void **)&s->k, &s->nk, &s->kcap, sizeof(*s->k), k->id, k);
}

const struct ss_kstack *ss_stacks_kfind(const struct ss_stacks *s, uint32_t id)
{
	const struct slot *sl = id ? hmap_get(&s->kindex, id) : NULL;

	return sl ? &s->k[sl->i] : NULL;
}

int ss_stacks_add_maps(struct ss_stacks *s, const struct ss_maps *m)
{
	struct ss_maps *c;

	if (!vec_grow((void **)&s->maps, &s->maps_cap, s->nmaps + 1, sizeof(*s->maps)))
		goto nomem;
	c = &s->maps[s->nmaps];
	*c = *m;
	c->v = m->n ? malloc(m->n * sizeof(*m->v)) : NULL;
	if (m->n && !c->v)
		goto nomem;
	if (m->n)
		memcpy(c->v, m->v, m->n * sizeof(*m->v));
	s->nmaps++;
	return 0;
nomem:
	s->failed = 1;
	return -ENOMEM;
}

const struct ss_stack *ss_stacks_find(const struct ss_stacks *s, uint32_t id)
{
	const struct slot *sl = id ? hmap_get(&s->index, id) : NULL;

	return sl ? &s->v[sl->i] : NULL;
}

const struct ss_maps *ss_stacks_maps(const struct ss_stacks *s, uint32_t id)
{
	for (size_t i = 0; i < s->nmaps; i++)
		if (s->maps[i].id == id)
			return &s->maps[i];
	return NULL;
}

bool ss_map_is_kernels(const char *path)
{
	return !strcmp(path, "[uprobes]") || !strcmp(path, "[vdso]");
}

const struct ss_map *ss_maps_find(const struct ss_maps *m, uint64_t addr)
{
	for (size_t i = 0; m && i < m->n; i++)
		if (addr >= m->v[i].start && addr < m->v[i].end)
			return &m->v[i];
	return NULL;
}
