/*
 * Who schedscope acts for. Classrooms give students `sudo schedscope` and
 * nothing else, so whatever schedscope does on a student's behalf (run the
 * traced command, create a file) must carry that student's rights, never
 * root's. sudo names the student in SUDO_UID and SUDO_GID; the passwd entry
 * gives the name, home, shell and supplementary groups. This is the one
 * place that reads them: the launcher and util/userfile.c both ask here.
 */
#ifndef SCHEDSCOPE_UTIL_INVOKER_H
#define SCHEDSCOPE_UTIL_INVOKER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct invoker {
	bool sudo;            /* root acting for another user: SUDO_UID set and not 0 */
	bool dropped;         /* was sudo, and this process has become the user (invoker_drop) */
	uid_t uid;
	gid_t gid;
	bool known;           /* the passwd entry exists, so name, home and shell are real */
	char name[256];       /* passwd name; SUDO_USER or the uid when unknown */
	char home[4096];
	char shell[4096];
	int ngroups;
	gid_t *groups;        /* supplementary groups, gid first (getgrouplist) */
};

/* The invoker, looked up once. 0, or -EINVAL when SUDO_UID or SUDO_GID is set
 * but is not a plain number (then nothing may be done on anyone's behalf). */
int invoker_get(const struct invoker **out);
/* In a freshly forked child: takes the invoker's groups, gid and uid, for
 * good (and checks that root cannot be taken back). Only system calls, so it
 * is safe after fork() in a threaded process. 0 or -errno. */
int invoker_become(const struct invoker *iv);
/* This process becomes the invoker for good (commands that need no root);
 * afterwards the invoker reads as not under sudo, since there is nothing
 * left to switch. 0 or -errno. */
int invoker_drop(void);

/* What invoker_fs_enter() changed, to put back. */
struct invoker_fs {
	bool on;              /* switched: invoker_fs_leave() has work to do */
	uid_t fsuid;
	gid_t fsgid;
	int ngroups;
	gid_t groups[64];
	uint32_t cap_eff[2];  /* the thread's effective capabilities, put back on leave */
};

/*
 * The calling thread's file access becomes the invoker's until
 * invoker_fs_leave(): for what a root process acting under sudo looks at on
 * the user's behalf by name (the command's path, the files behind a stack,
 * the trace the live view exports), so that a name the user chose, or
 * swapped under us, opens only what the user could open. fsuid, fsgid and
 * the groups are the thread's own in the kernel; changed with raw system
 * calls, since glibc's setgroups() changes every thread. The thread's
 * effective capabilities are cleared too (capset() is per thread; the
 * permitted ones stay, to come back): a new fsuid drops only the file
 * ones, and with CAP_SYS_PTRACE root's /proc/PID/cwd and /proc/PID/root
 * open for the user's name, past directories closed to them. Nothing to do when
 * not under sudo. 0, or -errno with nothing changed: then the caller must
 * not look, as root, instead.
 */
int invoker_fs_enter(struct invoker_fs *s);
void invoker_fs_leave(struct invoker_fs *s);

#endif
