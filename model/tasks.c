/*
 * The task table's store: every version in one array, in the order added,
 * each linking to its pid's previous one; the latest version of a pid is
 * found through a pid table (util/pidmap: two loads), because the model asks
 * "who was this pid" for every sleep and its waker, and a hash probing the
 * versions themselves (hundreds of bytes each) missed the cache at 10,000
 * threads. Pids past PID_MAX_LIMIT (only in damaged files) are kept but not
 * found, as everywhere else in the model.
 */
#include "model/tasks.h"

#include <stdlib.h>
#include <string.h>

void ss_tasks_init(struct ss_tasks *t)
{
	memset(t, 0, sizeof(*t));
	pidmap_init(&t->latest, sizeof(int32_t), NULL);
}

void ss_tasks_free(struct ss_tasks *t)
{
	free(t->v);
	pidmap_free(&t->latest);
	memset(t, 0, sizeof(*t));
	pidmap_init(&t->latest, sizeof(int32_t), NULL);
}

int ss_tasks_add(struct ss_tasks *t, const struct ss_task *task)
{
	int32_t *latest;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct ss_task *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	latest = pidmap_put(&t->latest, task->pid);
	if (!latest && t->latest.failed)
		return -1;
	t->v[t->n] = *task;
	t->v[t->n].comm[SS_COMM_MAX - 1] = 0;
	t->v[t->n].path[SS_PATH_MAX - 1] = 0;
	t->v[t->n].prev = latest ? *latest - 1 : -1;
	if (latest) {
		if (!*latest)
			t->npids++;
		*latest = (int32_t)t->n + 1;
	}
	return (int)t->n++;
}

const struct ss_task *ss_tasks_latest(const struct ss_tasks *t, uint32_t pid)
{
	const int32_t *latest = pidmap_get(&t->latest, pid);

	return latest && *latest ? &t->v[*latest - 1] : NULL;
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
