/*
 * The grouping rule of groups.h. A first pass gives each thread a candidate
 * group, found through a hash map keyed by (stem, kind, owner); a second
 * pass, in thread order, emits a group where it has enough members and an
 * entry per task where it has not. Names are the tasks' newest (a thread
 * names itself just after it is created).
 */
#include "model/groups.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hmap.h"
#include "util/vec.h"

struct cand {
	struct ss_name_group g;
	uint32_t owner;             /* tgid (threads) or parent index + 1 (processes) */
	int32_t emitted;            /* entry index once emitted, else -1 */
	bool numbered;
};

struct cand_ref {
	uint64_t hkey;
	int32_t idx;
};

/* "many-12" -> stem "many-", 12. False if the name does not end in digits. */
static bool split_name(const char *name, char *stem, size_t size, uint32_t *num)
{
	size_t n = strlen(name), d = n;

	while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9')
		d--;
	if (d == n || d == 0 || n - d > 9)
		return false;
	snprintf(stem, size, "%.*s", (int)d, name);
	*num = (uint32_t)strtoul(name + d, NULL, 10);
	return true;
}

static uint64_t cand_key(const char *stem, bool threads, uint32_t owner)
{
	uint64_t h = 1469598103934665603ull;      /* FNV-1a */

	for (const char *p = stem; *p; p++)
		h = (h ^ (uint8_t)*p) * 1099511628211ull;
	h = (h ^ owner) * 1099511628211ull;
	h = (h ^ threads) * 1099511628211ull;
	return h == UINT64_MAX ? 0 : h;
}

/* The candidate group of thread k, made if new; -1 if memory ran out. */
static int32_t candidate(const struct ss_model *m, size_t k, struct hmap *map, struct cand **c, size_t *n,
			 size_t *cap)
{
	const struct ss_thread *t = &m->threads[k];
	const char *name = ss_model_comm(m, t->tid, m->end_ns);
	struct cand x = { .g = { .first = k, .count = 1, .threads = (t->flags & SS_THREADF_THREAD) != 0 },
			  .emitted = -1 };
	struct cand_ref *r = NULL;

	x.owner = x.g.threads ? t->tgid : (uint32_t)(t->parent + 1);
	x.numbered = split_name(name, x.g.stem, sizeof(x.g.stem), &x.g.lo);
	x.g.hi = x.g.lo;
	if (!x.numbered) {
		snprintf(x.g.stem, sizeof(x.g.stem), "%s", name);
	} else {
		r = hmap_put(map, cand_key(x.g.stem, x.g.threads, x.owner));
		if (!r)
			return -1;
		if (r->idx) {
			struct cand *o = &(*c)[r->idx - 1];

			/* a hash collision of different keys makes a group of its own */
			if (o->g.threads == x.g.threads && o->owner == x.owner && !strcmp(o->g.stem, x.g.stem)) {
				o->g.count++;
				o->g.lo = x.g.lo < o->g.lo ? x.g.lo : o->g.lo;
				o->g.hi = x.g.lo > o->g.hi ? x.g.lo : o->g.hi;
				return r->idx - 1;
			}
			r = NULL;
		}
	}
	if (!vec_grow((void **)c, cap, *n + 1, sizeof(**c)))
		return -1;
	(*c)[*n] = x;
	if (r)
		r->idx = (int32_t)*n + 1;
	return (int32_t)(*n)++;
}

long ss_model_name_groups(const struct ss_model *m, size_t min_count, struct ss_name_group *out, size_t max,
			  int32_t *group_of)
{
	struct hmap map;
	struct cand *c = NULL;
	size_t nc = 0, cap = 0, emitted = 0;
	int32_t *cand_of = malloc((m->nthreads ? m->nthreads : 1) * sizeof(*cand_of));
	long rc = -ENOMEM;

	hmap_init(&map, sizeof(struct cand_ref));
	if (!cand_of)
		goto out;
	for (size_t k = 0; k < m->nthreads; k++)
		if ((cand_of[k] = candidate(m, k, &map, &c, &nc, &cap)) < 0)
			goto out;
	for (size_t k = 0; k < m->nthreads; k++) {
		struct cand *x = &c[cand_of[k]];
		struct ss_name_group one;

		if (x->numbered && x->g.count >= min_count && x->g.count > 1) {
			if (x->emitted < 0) {
				x->emitted = (int32_t)emitted;
				if (emitted < max)
					out[emitted] = x->g;
				emitted++;
			}
			if (group_of)
				group_of[k] = x->emitted;
			continue;
		}
		/* on its own: its whole name */
		one = (struct ss_name_group){ .first = k, .count = 1, .threads = x->g.threads };
		snprintf(one.stem, sizeof(one.stem), "%s", ss_model_comm(m, m->threads[k].tid, m->end_ns));
		if (emitted < max)
			out[emitted] = one;
		if (group_of)
			group_of[k] = (int32_t)emitted;
		emitted++;
	}
	rc = (long)emitted;
out:
	hmap_free(&map);
	free(c);
	free(cand_of);
	return rc;
}

char *ss_name_group_label(const struct ss_name_group *g, char *buf, size_t size)
{
	if (g->count <= 1)
		snprintf(buf, size, "%s", g->stem);
	else
		snprintf(buf, size, "%s%u\u2026%s%u, %zu %s", g->stem, g->lo, g->stem, g->hi, g->count,
			 g->threads ? "threads" : "processes");
	return buf;
}
