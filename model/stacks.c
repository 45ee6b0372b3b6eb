/*
 * The stack table: a growing array with an index by id, and the mapping
 * sets beside it. Stacks are few (one per distinct place a thread waits),
 * so a copy each is cheap; what matters is that a lookup by id, done for
 * every wait that is explained or exported, is a hash probe.
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
}

void ss_stacks_free(struct ss_stacks *s)
{
	for (size_t i = 0; i < s->nmaps; i++)
		free(s->maps[i].v);
	free(s->maps);
	free(s->v);
	hmap_free(&s->index);
	memset(s, 0, sizeof(*s));
}

int ss_stacks_add(struct ss_stacks *s, const struct ss_stack *st)
{
	struct slot *sl;

	if (!st->id || hmap_get(&s->index, st->id))
		return 0;
	if (!vec_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v)))
		goto nomem;
	sl = hmap_put(&s->index, st->id);
	if (!sl)
		goto nomem;
	sl->i = s->n;
	s->v[s->n++] = *st;
	return 0;
nomem:
	s->failed = 1;
	return -ENOMEM;
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
