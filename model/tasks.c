#include "model/tasks.h"

#include <stdlib.h>
#include <string.h>

void ss_tasks_init(struct ss_tasks *t)
{
	memset(t, 0, sizeof(*t));
}

void ss_tasks_free(struct ss_tasks *t)
{
	free(t->v);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static size_t slot_of(const struct ss_tasks *t, uint32_t pid)
{
	size_t mask = t->nslots - 1;
	size_t i = (pid * 2654435761u) & mask;

	while (t->slots[i] >= 0 && t->v[t->slots[i]].pid != pid)
		i = (i + 1) & mask;
	return i;
}

static int grow_slots(struct ss_tasks *t)
{
	size_t old_n = t->nslots;
	int32_t *old = t->slots;
	size_t n = old_n ? old_n * 2 : 256;

	t->slots = malloc(n * sizeof(*t->slots));
	if (!t->slots) {
		t->slots = old;
		return -1;
	}
	t->nslots = n;
	for (size_t i = 0; i < n; i++)
		t->slots[i] = -1;
	for (size_t i = 0; i < old_n; i++)
		if (old[i] >= 0)
			t->slots[slot_of(t, t->v[old[i]].pid)] = old[i];
	free(old);
	return 0;
}

int ss_tasks_add(struct ss_tasks *t, const struct ss_task *task)
{
	size_t s;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct ss_task *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	if ((t->npids + 1) * 2 > t->nslots && grow_slots(t))
		return -1;
	s = slot_of(t, task->pid);
	t->v[t->n] = *task;
	t->v[t->n].comm[SS_COMM_MAX - 1] = 0;
	t->v[t->n].path[SS_PATH_MAX - 1] = 0;
	t->v[t->n].prev = t->slots[s];
	if (t->slots[s] < 0)
		t->npids++;
	t->slots[s] = (int32_t)t->n;
	return (int)t->n++;
}

const struct ss_task *ss_tasks_latest(const struct ss_tasks *t, uint32_t pid)
{
	int32_t i;

	if (!t->nslots)
		return NULL;
	i = t->slots[slot_of(t, pid)];
	return i < 0 ? NULL : &t->v[i];
}

const struct ss_task *ss_tasks_at(const struct ss_tasks *t, uint32_t pid, uint64_t ts_ns)
{
	const struct ss_task *v = ss_tasks_latest(t, pid);

	while (v && v->ts_ns > ts_ns && v->prev >= 0)
		v = &t->v[v->prev];
	return v;
}

const char *ss_tasks_comm(const struct ss_tasks *t, uint32_t pid, uint64_t ts_ns)
{
	const struct ss_task *v;

	if (pid == 0)
		return "swapper";
	v = ss_tasks_at(t, pid, ts_ns);
	return v ? v->comm : "?";
}

int ss_tasks_in_tree(const struct ss_tasks *t, uint32_t pid)
{
	for (const struct ss_task *v = ss_tasks_latest(t, pid); v;
	     v = v->prev >= 0 ? &t->v[v->prev] : NULL)
		if (v->flags & SS_TASKF_IN_TREE)
			return 1;
	return 0;
}
