/*
 * Starts the command to trace. The child is forked first and held before
 * exec, so its pid can join the traced tree before it runs a single
 * instruction of the command; then it is released. Under sudo the command
 * runs as the invoking user (SUDO_UID/SUDO_GID), not as root.
 */
#ifndef SCHEDSCOPE_TRACER_LAUNCH_H
#define SCHEDSCOPE_TRACER_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ss_launch {
	pid_t pid;
	int go_fd;       /* write end: one byte releases the child */
	int err_fd;      /* read end: the child's exec errno, or EOF on success */
	char path[4096]; /* the resolved executable */
	bool reaped;
	int status;      /* wait(2) status once reaped */
};

/* Resolves argv[0] on PATH; 0 or -errno (message in err: "command not found"). */
int ss_launch_resolve(const char *cmd, char *path, size_t size, char *err, size_t errlen);
/* Forks the held child. 0 or -errno. */
int ss_launch_prepare(struct ss_launch *l, char *const argv[], char *err, size_t errlen);
/* Lets the child exec. Returns 0, or -errno if exec failed (message in err). */
int ss_launch_release(struct ss_launch *l, char *err, size_t errlen);
/* Non-blocking reap: 1 if the child has exited (status in l->status), else 0. */
int ss_launch_poll(struct ss_launch *l);
/* Blocking reap. */
void ss_launch_wait(struct ss_launch *l);
/* Kills a child that was never released. */
void ss_launch_abort(struct ss_launch *l);
/* The invoking user under sudo (SUDO_UID/SUDO_GID); false when not under sudo. */
bool ss_launch_sudo_user(uid_t *uid, gid_t *gid);
/* Exit status for schedscope from a wait(2) status, shell style (128+signal). */
int ss_launch_exit_code(int status);

#endif
