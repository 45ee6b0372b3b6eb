/*
 * The living members of the traced tree, by thread id, in glibc's search
 * tree (tsearch): a few thousand members at most, touched once per fork,
 * exec and exit. Task records arrive as soon as they are decoded while
 * events wait to be put in time order, so a recycled pid's new record can
 * come before the old owner's exit: an exit older than the record that
 * made the member is the old owner's, and is ignored.
 */
#include "tracer/tree.h"

#include <errno.h>
#include <search.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct member {
	uint32_t tid, tgid;
	uint64_t since_ns;         /* the newest task record for this tid */
};

struct ss_tree {
	void *root;
	size_t n;
};

struct walk {
	struct member **v;
	size_t n;
};

static int by_tid(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static int by_tgid(const void *a, const void *b)
{
	const struct member *x = *(struct member *const *)a, *y = *(struct member *const *)b;

	return x->tgid < y->tgid ? -1 : x->tgid > y->tgid;
}

struct ss_tree *ss_tree_new(void)
{
	return calloc(1, sizeof(struct ss_tree));
}

void ss_tree_free(struct ss_tree *t)
{
	if (!t)
		return;
	tdestroy(t->root, free);
	free(t);
}

void ss_tree_task(struct ss_tree *t, const struct ss_task *task)
{
	struct member key = { .tid = task->pid }, *m, **found;

	if (!(task->flags & SS_TASKF_IN_TREE) || !task->pid)
		return;
	found = tfind(&key, &t->root, by_tid);
	if (found) {
		m = *found;
		m->tgid = task->tgid;
		if (task->ts_ns > m->since_ns)
			m->since_ns = task->ts_ns;
		return;
	}
	m = malloc(sizeof(*m));
	if (!m)
		return;
	*m = (struct member){ .tid = task->pid, .tgid = task->tgid, .since_ns = task->ts_ns };
	if (tsearch(m, &t->root, by_tid))
		t->n++;
	else
		free(m);
}

static void forget(struct ss_tree *t, struct member *m)
{
	tdelete(m, &t->root, by_tid);
	free(m);
	t->n--;
}

void ss_tree_event(struct ss_tree *t, const struct ss_event *ev)
{
	struct member key = { .tid = ev->pid }, **found;

	if (ev->kind != SS_EXIT)
		return;
	found = tfind(&key, &t->root, by_tid);
	if (found && ev->ts_ns >= (*found)->since_ns)
		forget(t, *found);
}

static void collect(const void *node, VISIT which, void *ctx)
{
	struct walk *w = ctx;

	if (which == postorder || which == leaf)
		w->v[w->n++] = *(struct member *const *)node;
}

/* Every member, sorted by process (tgid); false when memory ran out. The
 * caller frees w->v. */
static bool members_by_tgid(struct ss_tree *t, struct walk *w)
{
	*w = (struct walk){ .v = malloc((t->n ? t->n : 1) * sizeof(*w->v)) };
	if (!w->v)
		return false;
	twalk_r(t->root, collect, w);
	qsort(w->v, w->n, sizeof(*w->v), by_tgid);
	return true;
}

unsigned ss_tree_alive(struct ss_tree *t)
{
	struct walk w;
	unsigned groups = 0;
	size_t k = 0;

	if (!members_by_tgid(t, &w))
		return 0;
	for (size_t i = 0; i < w.n; i++) {
		if (kill((pid_t)w.v[i]->tid, 0) && errno == ESRCH)
			forget(t, w.v[i]);
		else
			w.v[k++] = w.v[i];
	}
	for (size_t i = 0; i < k; i++)
		if (i == 0 || w.v[i]->tgid != w.v[i - 1]->tgid)
			groups++;
	free(w.v);
	return groups;
}

/* A clock tick (USER_HZ), in ns: /proc's unit for a process's start. */
static uint64_t tick_ns(void)
{
	long hz = sysconf(_SC_CLK_TCK);

	return 1000000000ull / (uint64_t)(hz > 0 ? hz : 100);
}

/* When process pid began, in CLOCK_BOOTTIME ns (/proc/PID/stat's field 22,
 * in clock ticks since boot); 0 if it cannot be read (gone). */
static uint64_t started_ns(uint32_t pid, uint64_t tick)
{
	char path[64], buf[1024], *p;
	unsigned long long start;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');   /* the name may hold spaces and parentheses */
	if (!p ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		   &start) != 1)
		return 0;
	return (uint64_t)start * tick;
}

unsigned ss_tree_signal(struct ss_tree *t, int sig)
{
	struct walk w;
	uint64_t tick = tick_ns();
	unsigned sent = 0;

	if (!members_by_tgid(t, &w))
		return 0;
	for (size_t i = 0; i < w.n; i++) {
		const struct member *m = w.v[i];
		uint64_t began;

		if (i && m->tgid == w.v[i - 1]->tgid)
			continue;
		began = started_ns(m->tgid, tick);
		/* a process began at or before its first record of ours (the
		 * records of a thread come later still): within a tick */
		if (began && began <= m->since_ns + tick && kill((pid_t)m->tgid, sig) == 0)
			sent++;
	}
	free(w.v);
	return sent;
}
