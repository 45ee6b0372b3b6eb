/*
 * The task table's store: every version in one array, in the order added,
 * each linking to its pid's previous one; the latest version of a pid is
 * found through a pid table (util/pidmap: two loads), because the model asks
 * "who was this pid" for every sleep and its waker, and a hash probing the
 * versions themselves (hundreds of bytes each) missed the cache at 10,000
 * threads. For the same reason the table's entry keeps what a sleep asks of
 * the latest version (its time, whether a kernel thread): at 10,000 threads,
 * reading it from the version cost a miss twice a sleep, 13% of a load.
 * Pids past PID_MAX_LIMIT (only in damaged files) are kept but not found, as
 * everywhere else in the model.
 */
#include "model/tasks.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void ss_tasks_init(struct ss_tasks *t)
{
	memset(t, 0, sizeof(*t));
	pidmap_init(&t->latest, sizeof(struct ss_task_latest), NULL);
}

void ss_tasks_free(struct ss_tasks *t)
{
	free(t->v);
	pidmap_free(&t->latest);
	memset(t, 0, sizeof(*t));
	pidmap_init(&t->latest, sizeof(struct ss_task_latest), NULL);
}

int ss_tasks_add(struct ss_tasks *t, const struct ss_task *task)
{
	struct ss_task_latest *latest;
	struct ss_task *v;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;

		v = realloc(t->v, cap * sizeof(*v));
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	latest = pidmap_put(&t->latest, task->pid);
	if (!latest && t->latest.failed)
		return -1;
	v = &t->v[t->n];
	*v = *task;
	v->comm[SS_COMM_MAX - 1] = 0;
	v->path[SS_PATH_MAX - 1] = 0;
	v->prev = latest ? latest->idx - 1 : -1;
	if (latest) {
		if (!latest->idx)
			t->npids++;
		*latest = (struct ss_task_latest){ .idx = (int32_t)t->n + 1, .kthread = (uint8_t)ss_task_is_kthread(v),
						   .only = v->prev < 0, .ts_ns = v->ts_ns };
	}
	return (int)t->n++;
}

static const struct ss_task_latest *latest_of(const struct ss_tasks *t, uint32_t pid)
{
	const struct ss_task_latest *latest = pidmap_get(&t->latest, pid);

	return latest && latest->idx ? latest : NULL;
}

const struct ss_task *ss_tasks_latest(const struct ss_tasks *t, uint32_t pid)
{
	const struct ss_task_latest *latest = latest_of(t, pid);

	return latest ? &t->v[latest->idx - 1] : NULL;
}

/* Whether the latest version is the one that held at ts_ns (the earliest
 * holds before its own time too). */
static bool latest_holds(const struct ss_task_latest *latest, uint64_t ts_ns)
{
	return latest->ts_ns <= ts_ns || latest->only;
}

const struct ss_task *ss_tasks_at(const struct ss_tasks *t, uint32_t pid, uint64_t ts_ns)
{
	const struct ss_task_latest *latest = latest_of(t, pid);
	const struct ss_task *v;

	if (!latest)
		return NULL;
	v = &t->v[latest->idx - 1];
	if (latest_holds(latest, ts_ns))
		return v;
	while (v->ts_ns > ts_ns && v->prev >= 0)
		v = &t->v[v->prev];
	return v;
}

int ss_tasks_kthread_at(const struct ss_tasks *t, uint32_t pid, uint64_t ts_ns)
{
	const struct ss_task_latest *latest = latest_of(t, pid);

	if (latest && latest_holds(latest, ts_ns))
		return latest->kthread;
	return ss_task_is_kthread(ss_tasks_at(t, pid, ts_ns));
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
