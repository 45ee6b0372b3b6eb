/*
 * The syscalls that matter for waiting, by name: what waiting in each means
 * (kind) and which arguments say what it waited on (flags). Numbers and the
 * names of all the other calls come from the system's own table, libaudit's
 * (audit_name_to_syscall, audit_syscall_to_name), for the machine that
 * recorded the trace, so "mmap" is never "syscall 9" and no number is copied
 * by hand. A machine's number index is built once, on first use, and never
 * changes after; readers take it without a lock.
 */
#include "model/syscalls.h"

#include <libaudit.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fmt.h"

#define FD0 SS_SCF_FD0
#define RD  SS_SCF_READ
#define WR  SS_SCF_WRITE

/* Only the calls that wait, wake or move data between tasks. */
static const struct ss_syscall_info meanings[] = {
	{ "read", SS_SC_READ, FD0 | RD },
	{ "write", SS_SC_WRITE, FD0 | WR },
	{ "readv", SS_SC_READ, FD0 | RD },
	{ "writev", SS_SC_WRITE, FD0 | WR },
	{ "pread64", SS_SC_READ, FD0 | RD },
	{ "pwrite64", SS_SC_WRITE, FD0 | WR },
	{ "preadv", SS_SC_READ, FD0 | RD },
	{ "pwritev", SS_SC_WRITE, FD0 | WR },
	{ "poll", SS_SC_POLL, 0 },
	{ "ppoll", SS_SC_POLL, 0 },
	{ "select", SS_SC_POLL, 0 },
	{ "pselect6", SS_SC_POLL, 0 },
	{ "epoll_wait", SS_SC_POLL, 0 },
	{ "epoll_pwait", SS_SC_POLL, 0 },
	{ "epoll_pwait2", SS_SC_POLL, 0 },
	{ "sched_yield", SS_SC_OTHER, 0 },
	{ "pause", SS_SC_SIGWAIT, 0 },
	{ "rt_sigtimedwait", SS_SC_SIGWAIT, 0 },
	{ "rt_sigsuspend", SS_SC_SIGWAIT, 0 },
	{ "nanosleep", SS_SC_SLEEP, 0 },
	{ "clock_nanosleep", SS_SC_SLEEP, 0 },
	{ "connect", SS_SC_CONNECT, FD0 },
	{ "accept", SS_SC_ACCEPT, FD0 },
	{ "accept4", SS_SC_ACCEPT, FD0 },
	{ "sendto", SS_SC_SEND, FD0 | WR },
	{ "sendmsg", SS_SC_SEND, FD0 | WR },
	{ "sendmmsg", SS_SC_SEND, FD0 },
	{ "recvfrom", SS_SC_RECV, FD0 | RD },
	{ "recvmsg", SS_SC_RECV, FD0 | RD },
	{ "recvmmsg", SS_SC_RECV, FD0 },
	{ "exit", SS_SC_EXIT, 0 },
	{ "exit_group", SS_SC_EXIT, 0 },
	{ "wait4", SS_SC_WAIT, SS_SCF_PID0 },
	{ "waitid", SS_SC_WAIT, 0 },
	{ "kill", SS_SC_KILL, SS_SCF_PID0 | SS_SCF_SIG1 },
	{ "tkill", SS_SC_KILL, SS_SCF_PID0 | SS_SCF_SIG1 },
	{ "tgkill", SS_SC_KILL, 0 },
	{ "futex", SS_SC_FUTEX, SS_SCF_FUTEX },
	{ "futex_waitv", SS_SC_FUTEX, 0 },
	{ "mq_timedsend", SS_SC_MQ_SEND, FD0 | WR },
	{ "mq_timedreceive", SS_SC_MQ_RECV, FD0 | RD },
	{ "vfork", SS_SC_VFORK, 0 },
	{ "clone", SS_SC_CLONE, 0 },
	{ "clone3", SS_SC_CLONE, 0 },
	{ "execve", SS_SC_EXEC, 0 },
	{ "execveat", SS_SC_EXEC, 0 },
	{ "close", SS_SC_CLOSE, 0 },
	{ "close_range", SS_SC_CLOSE, 0 },
};
#define NMEANINGS (sizeof(meanings) / sizeof(meanings[0]))

/* One machine's numbers: by_nr[nr] is the meaning of syscall nr, or NULL. */
struct index {
	int mach;                      /* libaudit's MACH_* */
	int n;
	const struct ss_syscall_info **by_nr;
};

#define MAX_MACHINES 8
static struct index indexes[MAX_MACHINES];
static int nindexes;               /* published with release order */
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

/* libaudit's machine for a uname machine string; the running one for NULL
 * or "" (asked of uname once: the decoder asks for every record it reads). */
static int machine_of(const char *machine)
{
	static int running = -2;         /* -2: not asked yet */
	static __thread char last[32];   /* the last name asked for, and its machine */
	static __thread int last_mach;
	int m;

	if (machine && *machine) {
		if (strcmp(machine, last)) {
			last_mach = audit_name_to_machine(machine);
			snprintf(last, sizeof(last), "%s", machine);
		}
		return last_mach;
	}
	m = __atomic_load_n(&running, __ATOMIC_RELAXED);
	if (m == -2) {
		m = audit_detect_machine();
		__atomic_store_n(&running, m, __ATOMIC_RELAXED);
	}
	return m;
}

static const struct index *index_find(int mach)
{
	int n = __atomic_load_n(&nindexes, __ATOMIC_ACQUIRE);

	for (int i = 0; i < n; i++)
		if (indexes[i].mach == mach)
			return &indexes[i];
	return NULL;
}

static const struct index *index_of(const char *machine)
{
	int mach = machine_of(machine);
	const struct index *ix;
	struct index *nx;
	int max = 0;

	if (mach < 0)
		return NULL;
	if ((ix = index_find(mach)))
		return ix;
	pthread_mutex_lock(&build_lock);
	if ((ix = index_find(mach)) || nindexes == MAX_MACHINES)
		goto out;
	nx = &indexes[nindexes];
	for (size_t i = 0; i < NMEANINGS; i++) {
		int nr = audit_name_to_syscall(meanings[i].name, mach);

		if (nr >= max)
			max = nr + 1;
	}
	nx->by_nr = calloc(max ? (size_t)max : 1, sizeof(*nx->by_nr));
	if (!nx->by_nr)
		goto out;
	for (size_t i = 0; i < NMEANINGS; i++) {
		int nr = audit_name_to_syscall(meanings[i].name, mach);

		if (nr >= 0)
			nx->by_nr[nr] = &meanings[i];
	}
	nx->mach = mach;
	nx->n = max;
	ix = nx;
	__atomic_store_n(&nindexes, nindexes + 1, __ATOMIC_RELEASE);
out:
	pthread_mutex_unlock(&build_lock);
	return ix;
}

const struct ss_syscall_info *ss_syscall(const char *machine, int nr)
{
	const struct index *ix = nr >= 0 ? index_of(machine) : NULL;

	return ix && nr < ix->n ? ix->by_nr[nr] : NULL;
}

int ss_syscall_nr(const char *machine, const char *name)
{
	int mach = machine_of(machine);

	return mach < 0 ? -1 : audit_name_to_syscall(name, mach);
}

int ss_syscall_max(const char *machine)
{
	const struct index *ix = index_of(machine);

	return ix ? ix->n : 0;
}

const char *ss_syscall_name(const char *machine, int nr, char *buf, size_t size)
{
	int mach = machine_of(machine);
	const char *name = mach >= 0 && nr >= 0 ? audit_syscall_to_name(nr, mach) : NULL;

	if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "syscall %d", nr);
	return buf;
}

const char *ss_reason_name(unsigned reason)
{
	static const char *const names[SS_R_MAX] = {
		[SS_R_UNKNOWN] = "sleep outside a syscall",
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
		[SS_R_VFORK] = "vfork",
		[SS_R_KWORK] = "waiting for work",
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

/* wait4's pid: one child, any child, or a process group's (see wait4(2)). */
static void wait_pid(int32_t pid, char *buf, size_t size)
{
	if (pid > 0)
		snprintf(buf, size, "pid %d", pid);
	else if (pid == -1)
		snprintf(buf, size, "any child");
	else if (pid == 0)
		snprintf(buf, size, "any child in its process group");
	else
		snprintf(buf, size, "any child in process group %d", -pid);
}

char *ss_syscall_describe(const char *machine, int nr, int fd, const uint64_t args[3],
			  char *buf, size_t size)
{
	return ss_syscall_describe_known(machine, nr, fd, args, ~0u, buf, size);
}

char *ss_syscall_describe_known(const char *machine, int nr, int fd, const uint64_t args[3], unsigned known,
				char *buf, size_t size)
{
	const struct ss_syscall_info *si = ss_syscall(machine, nr);
	unsigned fl = si ? si->flags & known : 0;
	const char *sep = "";
	char sig[32], name[40], pid[48], bytes[40];
	int k;

	if (nr < 0) {
		buf[0] = 0;
		return buf;
	}
	k = snprintf(buf, size, "%s(", ss_syscall_name(machine, nr, name, sizeof(name)));
	if (!si) {
		if (k < (int)size)
			snprintf(buf + k, size - (size_t)k, ")");
		return buf;
	}
#define ADD(...) do { if (k < (int)size) k += snprintf(buf + k, size - (size_t)k, __VA_ARGS__); sep = ", "; } while (0)
	if (fl & SS_SCF_FD0)
		ADD("%sfd %d", sep, fd);
	if (fl & (SS_SCF_READ | SS_SCF_WRITE))
		ADD("%s%s", sep, fmt_count(bytes, sizeof(bytes), args[2], "byte", NULL));
	if (fl & SS_SCF_FUTEX)
		ADD("%s%s", sep, futex_op(args[1]));
	if (fl & SS_SCF_PID0) {
		if (si->kind == SS_SC_WAIT)
			wait_pid(ss_syscall_pid(args[0]), pid, sizeof(pid));
		else
			snprintf(pid, sizeof(pid), "pid %d", ss_syscall_pid(args[0]));
		ADD("%s%s", sep, pid);
	}
	if (fl & SS_SCF_SIG1)
		ADD("%s%s", sep, ss_signal_name((int)args[1], sig, sizeof(sig)));
	ADD(")");
#undef ADD
	return buf;
}

const char *ss_syscall_withheld_words(void)
{
	return "arguments withheld: another user's process";
}

char *ss_syscall_describe_withheld(const char *machine, int nr, char *buf, size_t size)
{
	char name[40];

	if (nr < 0)
		buf[0] = 0;
	else
		snprintf(buf, size, "%s() (%s)", ss_syscall_name(machine, nr, name, sizeof(name)),
			 ss_syscall_withheld_words());
	return buf;
}
