#include "model/syscalls.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#define FD0 SS_SCF_FD0
#define RD  SS_SCF_READ
#define WR  SS_SCF_WRITE

struct entry {
	int nr;
	struct ss_syscall_info info;
};

/* Only the calls that wait, wake or move data between tasks; the rest are
 * "syscall N". Numbers from arch/x86/entry/syscalls/syscall_64.tbl. */
static const struct entry x86_64[] = {
	{ 0, { "read", SS_SC_READ, FD0 | RD } },
	{ 1, { "write", SS_SC_WRITE, FD0 | WR } },
	{ 7, { "poll", SS_SC_POLL, 0 } },
	{ 17, { "pread64", SS_SC_READ, FD0 | RD } },
	{ 18, { "pwrite64", SS_SC_WRITE, FD0 | WR } },
	{ 19, { "readv", SS_SC_READ, FD0 | RD } },
	{ 20, { "writev", SS_SC_WRITE, FD0 | WR } },
	{ 23, { "select", SS_SC_POLL, 0 } },
	{ 24, { "sched_yield", SS_SC_OTHER, 0 } },
	{ 34, { "pause", SS_SC_SIGWAIT, 0 } },
	{ 35, { "nanosleep", SS_SC_SLEEP, 0 } },
	{ 42, { "connect", SS_SC_CONNECT, FD0 } },
	{ 43, { "accept", SS_SC_ACCEPT, FD0 } },
	{ 44, { "sendto", SS_SC_SEND, FD0 | WR } },
	{ 45, { "recvfrom", SS_SC_RECV, FD0 | RD } },
	{ 46, { "sendmsg", SS_SC_SEND, FD0 | WR } },
	{ 47, { "recvmsg", SS_SC_RECV, FD0 | RD } },
	{ 60, { "exit", SS_SC_EXIT, 0 } },
	{ 61, { "wait4", SS_SC_WAIT, SS_SCF_PID0 } },
	{ 62, { "kill", SS_SC_KILL, SS_SCF_PID0 | SS_SCF_SIG1 } },
	{ 128, { "rt_sigtimedwait", SS_SC_SIGWAIT, 0 } },
	{ 130, { "rt_sigsuspend", SS_SC_SIGWAIT, 0 } },
	{ 200, { "tkill", SS_SC_KILL, SS_SCF_PID0 | SS_SCF_SIG1 } },
	{ 202, { "futex", SS_SC_FUTEX, SS_SCF_FUTEX } },
	{ 230, { "clock_nanosleep", SS_SC_SLEEP, 0 } },
	{ 231, { "exit_group", SS_SC_EXIT, 0 } },
	{ 232, { "epoll_wait", SS_SC_POLL, 0 } },
	{ 234, { "tgkill", SS_SC_KILL, 0 } },
	{ 242, { "mq_timedsend", SS_SC_MQ_SEND, FD0 | WR } },
	{ 243, { "mq_timedreceive", SS_SC_MQ_RECV, FD0 | RD } },
	{ 247, { "waitid", SS_SC_WAIT, 0 } },
	{ 270, { "pselect6", SS_SC_POLL, 0 } },
	{ 271, { "ppoll", SS_SC_POLL, 0 } },
	{ 281, { "epoll_pwait", SS_SC_POLL, 0 } },
	{ 288, { "accept4", SS_SC_ACCEPT, FD0 } },
	{ 295, { "preadv", SS_SC_READ, FD0 | RD } },
	{ 296, { "pwritev", SS_SC_WRITE, FD0 | WR } },
	{ 299, { "recvmmsg", SS_SC_RECV, FD0 } },
	{ 307, { "sendmmsg", SS_SC_SEND, FD0 } },
	{ 441, { "epoll_pwait2", SS_SC_POLL, 0 } },
	{ 449, { "futex_waitv", SS_SC_FUTEX, 0 } },
};

/* arm64 uses the generic table (include/uapi/asm-generic/unistd.h). */
static const struct entry aarch64[] = {
	{ 63, { "read", SS_SC_READ, FD0 | RD } },
	{ 64, { "write", SS_SC_WRITE, FD0 | WR } },
	{ 65, { "readv", SS_SC_READ, FD0 | RD } },
	{ 66, { "writev", SS_SC_WRITE, FD0 | WR } },
	{ 67, { "pread64", SS_SC_READ, FD0 | RD } },
	{ 68, { "pwrite64", SS_SC_WRITE, FD0 | WR } },
	{ 72, { "pselect6", SS_SC_POLL, 0 } },
	{ 73, { "ppoll", SS_SC_POLL, 0 } },
	{ 22, { "epoll_pwait", SS_SC_POLL, 0 } },
	{ 93, { "exit", SS_SC_EXIT, 0 } },
	{ 94, { "exit_group", SS_SC_EXIT, 0 } },
	{ 95, { "waitid", SS_SC_WAIT, 0 } },
	{ 98, { "futex", SS_SC_FUTEX, SS_SCF_FUTEX } },
	{ 101, { "nanosleep", SS_SC_SLEEP, 0 } },
	{ 115, { "clock_nanosleep", SS_SC_SLEEP, 0 } },
	{ 124, { "sched_yield", SS_SC_OTHER, 0 } },
	{ 129, { "kill", SS_SC_KILL, SS_SCF_PID0 | SS_SCF_SIG1 } },
	{ 130, { "tkill", SS_SC_KILL, SS_SCF_PID0 | SS_SCF_SIG1 } },
	{ 131, { "tgkill", SS_SC_KILL, 0 } },
	{ 133, { "rt_sigsuspend", SS_SC_SIGWAIT, 0 } },
	{ 137, { "rt_sigtimedwait", SS_SC_SIGWAIT, 0 } },
	{ 182, { "mq_timedsend", SS_SC_MQ_SEND, FD0 | WR } },
	{ 183, { "mq_timedreceive", SS_SC_MQ_RECV, FD0 | RD } },
	{ 202, { "accept", SS_SC_ACCEPT, FD0 } },
	{ 203, { "connect", SS_SC_CONNECT, FD0 } },
	{ 206, { "sendto", SS_SC_SEND, FD0 | WR } },
	{ 207, { "recvfrom", SS_SC_RECV, FD0 | RD } },
	{ 211, { "sendmsg", SS_SC_SEND, FD0 | WR } },
	{ 212, { "recvmsg", SS_SC_RECV, FD0 | RD } },
	{ 242, { "accept4", SS_SC_ACCEPT, FD0 } },
	{ 243, { "recvmmsg", SS_SC_RECV, FD0 } },
	{ 260, { "wait4", SS_SC_WAIT, SS_SCF_PID0 } },
	{ 269, { "sendmmsg", SS_SC_SEND, FD0 } },
	{ 441, { "epoll_pwait2", SS_SC_POLL, 0 } },
	{ 449, { "futex_waitv", SS_SC_FUTEX, 0 } },
};

static const struct entry *table(const char *machine, size_t *n)
{
	if (!machine || !*machine) {
#if defined(__aarch64__)
		machine = "aarch64";
#else
		machine = "x86_64";
#endif
	}
	if (!strcmp(machine, "aarch64") || !strcmp(machine, "arm64")) {
		*n = sizeof(aarch64) / sizeof(aarch64[0]);
		return aarch64;
	}
	*n = sizeof(x86_64) / sizeof(x86_64[0]);
	return x86_64;
}

const struct ss_syscall_info *ss_syscall(const char *machine, int nr)
{
	size_t n;
	const struct entry *t = table(machine, &n);

	for (size_t i = 0; i < n; i++)
		if (t[i].nr == nr)
			return &t[i].info;
	return NULL;
}

int ss_syscall_nr(const char *machine, const char *name)
{
	size_t n;
	const struct entry *t = table(machine, &n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].info.name, name))
			return t[i].nr;
	return -1;
}

int ss_syscall_max(const char *machine)
{
	size_t n;
	const struct entry *t = table(machine, &n);
	int max = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i].nr >= max)
			max = t[i].nr + 1;
	return max;
}

const char *ss_reason_name(unsigned reason)
{
	static const char *const names[SS_R_MAX] = {
		[SS_R_UNKNOWN] = "sleep outside a syscall",
		[SS_R_PREEMPTED] = "preempted",
		[SS_R_LOCK] = "lock",
		[SS_R_JOIN] = "join/wait",
		[SS_R_PIPE_READ] = "pipe read",
		[SS_R_PIPE_WRITE] = "pipe write-full",
		[SS_R_QUEUE_GET] = "queue get",
		[SS_R_QUEUE_PUT] = "queue put-full",
		[SS_R_SLEEP] = "sleep",
		[SS_R_ACCEPT] = "accept",
		[SS_R_CONNECT] = "connect",
		[SS_R_RECV] = "recv",
		[SS_R_SEND] = "send-full",
		[SS_R_POLL] = "poll",
		[SS_R_SIGNAL_WAIT] = "signal wait",
		[SS_R_IO] = "I/O",
		[SS_R_OTHER] = "other syscall",
	};

	return reason < SS_R_MAX ? names[reason] : "?";
}

const char *ss_signal_name(int sig, char *buf, size_t size)
{
	const char *a = sig > 0 ? sigabbrev_np(sig) : NULL;

	if (a)
		snprintf(buf, size, "SIG%s", a);
	else
		snprintf(buf, size, "signal %d", sig);
	return buf;
}

static const char *futex_op(uint64_t op)
{
	static const char *const names[] = {
		"wait", "wake", "fd", "requeue", "cmp_requeue", "wake_op", "lock_pi",
		"unlock_pi", "trylock_pi", "wait_bitset", "wake_bitset", "wait_requeue_pi",
		"cmp_requeue_pi", "lock_pi2",
	};
	unsigned cmd = (unsigned)(op & 0x7f);     /* without PRIVATE and CLOCK_REALTIME */

	return cmd < sizeof(names) / sizeof(names[0]) ? names[cmd] : "?";
}

char *ss_syscall_describe(const char *machine, int nr, int fd, const uint64_t args[3],
			  char *buf, size_t size)
{
	const struct ss_syscall_info *si = ss_syscall(machine, nr);
	const char *sep = "";
	char sig[32];
	int k;

	if (nr < 0) {
		buf[0] = 0;
		return buf;
	}
	if (!si) {
		snprintf(buf, size, "syscall %d", nr);
		return buf;
	}
	k = snprintf(buf, size, "%s(", si->name);
#define ADD(...) do { if (k < (int)size) k += snprintf(buf + k, size - (size_t)k, __VA_ARGS__); sep = ", "; } while (0)
	if (si->flags & SS_SCF_FD0)
		ADD("%sfd %d", sep, fd);
	if (si->flags & (SS_SCF_READ | SS_SCF_WRITE))
		ADD("%s%llu bytes", sep, (unsigned long long)args[2]);
	if (si->flags & SS_SCF_FUTEX)
		ADD("%s%s", sep, futex_op(args[1]));
	if (si->flags & SS_SCF_PID0)
		ADD("%spid %lld", sep, (long long)(int64_t)args[0]);
	if (si->flags & SS_SCF_SIG1)
		ADD("%s%s", sep, ss_signal_name((int)args[1], sig, sizeof(sig)));
	ADD(")");
#undef ADD
	return buf;
}
