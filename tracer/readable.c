/*
 * The one test of what a student under sudo may see of a process: the same
 * the kernel applies to them. /proc/PID belongs to the process's effective
 * uid while it is dumpable and to root when it is not (task_dump_owner() in
 * fs/proc/base.c); a setuid exec, a credential change or file capabilities
 * make it non-dumpable, and then its maps, stack and syscall files are
 * closed to everyone but root. So "owned by the invoker" is "the invoker
 * could read its maps", and one stat() says it.
 *
 * The answer is kept per pid: the decoder asks at each stack and why-record,
 * and a stat each time would be a system call per sleep. A pid's owner
 * changes only through exec (the task record says so: forgotten then) or
 * through a credential change, which makes it non-dumpable, root's; an
 * answer kept from before that is the invoker's own process, which could
 * become more private only by running a setuid program, that is, by exec.
 * The decoder runs a little behind the kernel, so this answer is about the
 * process now, not at the event: the kernel side decides each event itself
 * (insides_visible() in sched.bpf.c), and this one can only withhold more,
 * and guards the mappings read now for a stack. A process gone before it is
 * asked is not readable (nothing of it is kept), never guessed readable,
 * unless it was a thread or a child that never exec'ed of a readable
 * parent: it had the parent's credentials, as procmaps.c reads its stacks
 * with the parent's mappings.
 */
#include "tracer/readable.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "model/tasks.h"
#include "util/hmap.h"
#include "util/invoker.h"

struct answer {
	uint64_t hkey;          /* pid */
	uint32_t parent;        /* a thread's process, a child's parent: while not
				 * exec'ed, its credentials are the parent's (0: none) */
	bool known;             /* asked since the pid last began or exec'ed */
	bool readable;
};

struct ss_readable {
	bool everyone;          /* not under sudo */
	uid_t uid;              /* the invoker, when not everyone */
	struct hmap answers;
};

struct ss_readable *ss_readable_new(void)
{
	struct ss_readable *r = calloc(1, sizeof(*r));
	const struct invoker *iv;

	if (!r)
		return NULL;
	hmap_init(&r->answers, sizeof(struct answer));
	if (invoker_get(&iv)) {
		/* SUDO_UID unreadable: nobody's insides, rather than root's view */
		r->uid = (uid_t)-1;
		return r;
	}
	r->everyone = !iv->sudo;
	r->uid = iv->uid;
	return r;
}

void ss_readable_free(struct ss_readable *r)
{
	if (!r)
		return;
	hmap_free(&r->answers);
	free(r);
}

bool ss_readable(struct ss_readable *r, uint32_t pid)
{
	struct answer *a;
	uint32_t parent;
	char name[32];
	struct stat st;

	if (r->everyone)
		return true;
	a = hmap_put(&r->answers, pid);
	if (!a)
		return false;
	if (a->known)
		return a->readable;
	snprintf(name, sizeof(name), "/proc/%u", pid);
	a->known = true;
	if (stat(name, &st) == 0) {
		a->readable = r->uid != (uid_t)-1 && st.st_uid == r->uid;
		return a->readable;
	}
	/* gone: a child that never exec'ed was what its parent is; asked
	 * with the recursion bounded by the answers (each is known now) */
	parent = a->parent;
	a->readable = parent && parent != pid && ss_readable(r, parent);
	a = hmap_get(&r->answers, pid);
	return a && a->readable;
}

void ss_readable_task(struct ss_readable *r, const struct ss_task *t)
{
	struct answer *a;

	if (r->everyone || !(t->origin == SS_TASK_EXECED || t->origin == SS_TASK_FORKED))
		return;
	a = hmap_put(&r->answers, t->pid);
	if (!a)
		return;
	a->known = false;
	a->parent = t->origin == SS_TASK_EXECED ? 0 : t->pid != t->tgid ? t->tgid : t->ppid;
	/* a thread's exec takes over its process's pid */
	if (t->origin == SS_TASK_EXECED && t->tgid != t->pid && (a = hmap_get(&r->answers, t->tgid))) {
		a->known = false;
		a->parent = 0;
	}
}
