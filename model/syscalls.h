/*
 * What a syscall number means for waiting: its name, which of its arguments
 * matter, and what waiting in it is called in plain words. Numbers are per
 * architecture; the trace's header names the recording machine.
 */
#ifndef SCHEDSCOPE_MODEL_SYSCALLS_H
#define SCHEDSCOPE_MODEL_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a thread was off the CPU. */
enum ss_reason {
	SS_R_UNKNOWN = 0,     /* asleep, but not in a syscall we know (a page fault, ...) */
	SS_R_PREEMPTED,       /* never asleep: runnable, waiting for the CPU */
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
	SS_R_MAX
};

/* What a syscall's arguments are, as far as waiting goes. */
#define SS_SCF_FD0    1u      /* arg0 is an fd */
#define SS_SCF_FUTEX  2u      /* arg0 is a futex address, arg1 the op */
#define SS_SCF_READ   4u      /* moves data in (arg2: bytes asked) */
#define SS_SCF_WRITE  8u      /* moves data out (arg2: bytes given) */
#define SS_SCF_PID0   16u     /* arg0 is a pid (wait4, kill) */
#define SS_SCF_SIG1   32u     /* arg1 is a signal number (kill, tgkill: arg2) */

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
};

struct ss_syscall_info {
	const char *name;
	uint8_t kind;         /* enum ss_sc_kind */
	uint8_t flags;        /* SS_SCF_* */
};

/* The machine's table ("x86_64", "aarch64"); the running one if NULL or unknown. */
const struct ss_syscall_info *ss_syscall(const char *machine, int nr);
/* Number of a syscall by name on machine, or -1. */
int ss_syscall_nr(const char *machine, const char *name);
/* Highest number the table knows + 1. */
int ss_syscall_max(const char *machine);

/* "read(fd 3, 4 bytes)", "kill(pid 7015, SIGTERM)", "futex(wait)", "wait4(pid 12)". */
char *ss_syscall_describe(const char *machine, int nr, int fd, const uint64_t args[3],
			  char *buf, size_t size);
/* "SIGTERM"; "signal 77" for one without a name. */
const char *ss_signal_name(int sig, char *buf, size_t size);

/* "lock", "pipe read", ... */
const char *ss_reason_name(unsigned reason);

#endif
