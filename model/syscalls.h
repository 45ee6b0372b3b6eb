/*
 * What a syscall means for waiting: which of its arguments matter, and what
 * waiting in it is called in plain words. Numbers and names are the system's
 * own (libaudit's table for the machine the trace's header names); the table
 * here, keyed by name, says only what a call means for waiting, so a number
 * is never written down twice and every syscall has its name.
 */
#ifndef SCHEDSCOPE_MODEL_SYSCALLS_H
#define SCHEDSCOPE_MODEL_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/vocab.h"

/* Why a thread was off the CPU. */
enum ss_reason {
	SS_R_UNKNOWN = 0,     /* asleep, but not in a syscall we know (a page fault, ...) */
	SS_R_LOCK,            /* futex wait: a mutex, condition variable, semaphore */
	SS_R_JOIN,            /* waiting for a child (wait4, waitid) or a thread (join) */
	SS_R_PIPE_READ,       /* reading an empty pipe */
	SS_R_PIPE_WRITE,      /* writing a full pipe */
	SS_R_QUEUE_GET,       /* mq_timedreceive on an empty message queue */
	SS_R_QUEUE_PUT,       /* mq_timedsend on a full one */
	SS_R_SLEEP,           /* nanosleep, clock_nanosleep */
	SS_R_ACCEPT,          /* waiting for a connection */
	SS_R_CONNECT,
	SS_R_RECV,            /* reading a socket */
	SS_R_SEND,            /* writing a socket whose buffer is full */
	SS_R_POLL,            /* poll, select, epoll_wait */
	SS_R_SIGNAL_WAIT,     /* pause, sigsuspend, sigtimedwait */
	SS_R_IO,              /* reading or writing a file, terminal, device */
	SS_R_OTHER,           /* another syscall */
	SS_R_VFORK,           /* vfork (or clone with CLONE_VFORK): until the child execs or exits */
	SS_R_KWORK,           /* a kernel thread waiting for work: it has no syscall */
	SS_R_MAX
};

enum ss_sc_kind {
	SS_SC_OTHER = 0,
	SS_SC_READ,           /* read, readv, pread64, preadv */
	SS_SC_WRITE,          /* write, writev, pwrite64, pwritev */
	SS_SC_RECV,           /* recvfrom, recvmsg, recvmmsg */
	SS_SC_SEND,           /* sendto, sendmsg, sendmmsg */
	SS_SC_FUTEX,
	SS_SC_SLEEP,
	SS_SC_WAIT,           /* wait4, waitid */
	SS_SC_ACCEPT,
	SS_SC_CONNECT,
	SS_SC_POLL,
	SS_SC_MQ_RECV,
	SS_SC_MQ_SEND,
	SS_SC_SIGWAIT,
	SS_SC_KILL,           /* kill, tgkill, tkill */
	SS_SC_EXIT,           /* exit, exit_group */
	SS_SC_VFORK,          /* vfork: the parent sleeps until the child execs or exits */
	SS_SC_CLONE,          /* clone, clone3: the same with CLONE_VFORK (posix_spawn) */
	SS_SC_EXEC,           /* execve, execveat */
	SS_SC_CLOSE,          /* close, close_range: the last close of a pipe's end wakes the other */
};

struct ss_syscall_info {
	const char *name;     /* the system's name for it */
	uint8_t kind;         /* enum ss_sc_kind */
	uint8_t flags;        /* SS_SCF_* */
};

/* What syscall nr means for waiting on machine ("x86_64", "aarch64", as
 * uname says; NULL or "" for this one), or NULL for a call that neither
 * waits, wakes nor moves data between tasks. */
const struct ss_syscall_info *ss_syscall(const char *machine, int nr);
/* Number of a syscall by name on machine, or -1. */
int ss_syscall_nr(const char *machine, const char *name);
/* Highest number ss_syscall() knows on machine + 1. */
int ss_syscall_max(const char *machine);
/* The system's name of any syscall ("mmap", "clone3"); "syscall N" only for
 * one newer than the system's table (or a machine it does not know). */
const char *ss_syscall_name(const char *machine, int nr, char *buf, size_t size);

/* "read(fd 3, 4 bytes)", "kill(pid 7015, SIGTERM)", "futex(wait)", "wait4(pid 12)",
 * "wait4(any child)", "mmap()". */
char *ss_syscall_describe(const char *machine, int nr, int fd, const uint64_t args[3],
			  char *buf, size_t size);
/* The same, saying only the arguments whose SS_SCF_* flags are in known (a
 * record that kept the fd and the bytes, not the pid or the signal). */
char *ss_syscall_describe_known(const char *machine, int nr, int fd, const uint64_t args[3], unsigned known,
				char *buf, size_t size);
/* What stands in place of a call's arguments when the recorder withheld
 * them (another user's process, under sudo: ss_sys_withheld()): "arguments
 * withheld: another user's process". The one wording of it, for the
 * sentence below and the exports' marker. */
const char *ss_syscall_withheld_words(void);
/* A withheld call, named by its name only: "read() (arguments withheld:
 * another user's process)", never its fd -1 and zero bytes; "" for nr -1. */
char *ss_syscall_describe_withheld(const char *machine, int nr, char *buf, size_t size);
/* A wait4/kill pid argument as passed (a 32-bit pid_t in a 64-bit register). */
static inline int32_t ss_syscall_pid(uint64_t arg)
{
	return (int32_t)(uint32_t)arg;
}
/* "SIGTERM"; "signal 77" for one without a name. */
const char *ss_signal_name(int sig, char *buf, size_t size);

/* "lock", "pipe read", ... */
const char *ss_reason_name(unsigned reason);

#endif
