/*
 * The task table: who each pid was, over time. A pid gets a new version when
 * it is first seen, forks into existence, execs or renames itself, or when a
 * recycled pid starts a new task. Events carry only pids; names come from here.
 */
#ifndef SCHEDSCOPE_MODEL_TASKS_H
#define SCHEDSCOPE_MODEL_TASKS_H

#include <stddef.h>
#include <stdint.h>

#include "model/vocab.h"
#include "util/pidmap.h"

struct ss_task {
	uint64_t ts_ns;       /* this version holds from here on */
	uint32_t pid, tgid, ppid;
	uint16_t origin;      /* enum ss_task_origin */
	uint16_t flags;       /* SS_TASKF_* */
	char comm[SS_COMM_MAX];
	char path[SS_PATH_MAX];   /* after exec: the image's path; else "" */
	int32_t prev;         /* index of this pid's previous version, or -1 */
};

struct ss_tasks {
	struct ss_task *v;    /* every version, in the order added */
	size_t n, cap;
	struct pidmap latest; /* pid -> struct ss_task_latest */
	size_t npids;
};

/* What the pid table keeps of a pid's latest version: where it is, and what
 * the model asks of it at every sleep (when it began, whether it is a kernel
 * thread), so that the answer for the latest version, nearly always the one
 * asked for, costs no trip to the version's own hundred-odd bytes. */
struct ss_task_latest {
	int32_t idx;          /* 1 + index of the latest version (0: none) */
	uint8_t kthread;      /* ss_task_is_kthread() of it */
	uint8_t only;         /* it is the pid's one version */
	uint64_t ts_ns;       /* its ts_ns */
};

void ss_tasks_init(struct ss_tasks *t);
void ss_tasks_free(struct ss_tasks *t);
/* Adds a version; returns its index or -1 on allocation failure. */
int ss_tasks_add(struct ss_tasks *t, const struct ss_task *task);
/* The version of pid that held at ts_ns (the earliest one if ts_ns precedes all). */
const struct ss_task *ss_tasks_at(const struct ss_tasks *t, uint32_t pid, uint64_t ts_ns);
/* Whether pid was a kernel thread at ts_ns: ss_task_is_kthread() of
 * ss_tasks_at(), from the pid table when the latest version is the one. */
int ss_tasks_kthread_at(const struct ss_tasks *t, uint32_t pid, uint64_t ts_ns);
/* pid's entry will be asked for soon (a sleep it ends or wakes): start
 * fetching it. */
static inline void ss_tasks_prefetch(const struct ss_tasks *t, uint32_t pid)
{
	__builtin_prefetch(pidmap_get(&t->latest, pid));
}
/* The newest version of pid, or NULL. */
const struct ss_task *ss_tasks_latest(const struct ss_tasks *t, uint32_t pid);
/* A printable name for pid at ts: comm, "swapper" for pid 0, "?" if unknown. */
const char *ss_tasks_comm(const struct ss_tasks *t, uint32_t pid, uint64_t ts_ns);
/* Whether pid belonged to the traced tree in any version. */
int ss_tasks_in_tree(const struct ss_tasks *t, uint32_t pid);
/* Whether a task is a kernel thread: the one test. The kernel side marks
 * PF_KTHREAD in the task record; a trace from before it did (no
 * SS_TASKF_KIND) falls back on kthreadd (pid 2) or one it made. */
static inline int ss_task_is_kthread(const struct ss_task *t)
{
	if (t && (t->flags & SS_TASKF_KIND))
		return !!(t->flags & SS_TASKF_KTHREAD);
	return t && (t->pid == 2 || t->ppid == 2);
}
/* Number of distinct pids. */
static inline size_t ss_tasks_count_pids(const struct ss_tasks *t) { return t->npids; }

#endif
