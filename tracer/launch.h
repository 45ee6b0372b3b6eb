/*
 * Starts the command to trace. The child is forked first and held before
 * exec, so its pid can join the traced tree before it runs a single
 * instruction of the command; then it is released. Under sudo the command
 * runs as the invoking user (util/invoker.h), not as root, in the world
 * `sudo -u` would give it: the user's groups, and HOME, USER, LOGNAME and
 * SHELL (sudo handed us root's).
 *
 * An experiment's knobs (model/knobs.h: affinity, nice, policy) are applied
 * in the held child after it has become the user, before it is released:
 * the command gets exactly what the user could give it by hand (taskset,
 * nice, chrt), never root's privilege through sudo. A knob the user may not
 * set fails ss_launch_prepare(), before anything is recorded.
 */
#ifndef SCHEDSCOPE_TRACER_LAUNCH_H
#define SCHEDSCOPE_TRACER_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/knobs.h"

struct ss_launch {
	pid_t pid;
	int go_fd;       /* write end: one byte releases the child */
	int err_fd;      /* read end: the child's exec errno, or EOF on success */
	uint64_t go_ino; /* the inode of the pipe the child is held on (the trace names it) */
	char path[4096]; /* the resolved executable */
	bool reaped;
	int status;      /* wait(2) status once reaped */
};

/* Resolves argv[0] on PATH; 0 or -errno (message in err: "command not found"). */
int ss_launch_resolve(const char *cmd, char *path, size_t size, char *err, size_t errlen);
/* Forks the held child, which becomes the user and applies knobs (NULL:
 * none) before it waits. death_sig (0: none) is the signal it gets if
 * schedscope dies first (PR_SET_PDEATHSIG, set after dropping to the user,
 * since changing credentials clears it; exec of a set-user-ID program clears
 * it too). 0, or -errno with the reason in err (-EPERM: a knob the user may
 * not set, such as SCHED_FIFO without the privilege). */
int ss_launch_prepare(struct ss_launch *l, char *const argv[], int death_sig, const struct ss_knobs *knobs,
		      char *err, size_t errlen);
/* Lets the child exec. Returns 0, or -errno if exec failed (message in err). */
int ss_launch_release(struct ss_launch *l, char *err, size_t errlen);
/* Non-blocking reap: 1 if the child has exited (status in l->status), else 0. */
int ss_launch_poll(struct ss_launch *l);
/* Blocking reap. */
void ss_launch_wait(struct ss_launch *l);
/* Kills a child that was never released. */
void ss_launch_abort(struct ss_launch *l);
/* Exit status for schedscope from a wait(2) status, shell style (128+signal). */
int ss_launch_exit_code(int status);

#endif
