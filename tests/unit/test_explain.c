/*
 * The sentences, from synthetic event streams fed through the model's sink:
 * each case is one that read wrong before (a kernel thread "in I/O", wait4(-1)
 * as child 4294967295, the recorder's start pipe as the program's, a vfork
 * woken "by an interrupt", "blocked 0 ns", a SIGKILL from nowhere, syscall
 * numbers instead of names) and the rule that now says it right. Times are
 * ms since the start; syscall numbers come from the system's table for
 * x86_64, as a recording of that machine would carry them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/explain.h"
#include "model/model.h"
#include "model/syscalls.h"
#include "util/fmt.h"

#define S0 1000000000ull
#define MS 1000000ull
#define AT(ms) (S0 + (uint64_t)((ms) * (double)MS))

struct tb {
	struct ss_model m;
	struct ss_sink k;
	char buf[1024];
};

static struct tb *tb_new_pipe(uint32_t root, uint64_t start_pipe_ino)
{
	struct tb *b = calloc(1, sizeof(*b));
	struct ss_trace_info info = { .version = 1, .ncpus = 2, .start_ns = S0, .root_pid = root,
				      .start_pipe_ino = start_pipe_ino };

	snprintf(info.machine, sizeof(info.machine), "x86_64");
	assert_int_equal(ss_model_init(&b->m, &info), 0);
	ss_model_sink(&b->m, &b->k);
	return b;
}

static struct tb *tb_new(uint32_t root)
{
	return tb_new_pipe(root, 0);
}

static void tb_free(struct tb *b)
{
	ss_model_free(&b->m);
	free(b);
}

static void task(struct tb *b, double ms, uint32_t pid, uint32_t tgid, uint32_t ppid, const char *comm,
		 uint16_t origin)
{
	struct ss_task t = { .ts_ns = AT(ms), .pid = pid, .tgid = tgid, .ppid = ppid, .origin = origin,
			     .flags = SS_TASKF_IN_TREE, .prev = -1 };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	b->k.task(b->k.ctx, &t);
}

static void feed(struct tb *b, struct ss_event *e)
{
	b->k.event(b->k.ctx, e);
}

static void sw(struct tb *b, double ms, unsigned cpu, uint32_t prev, unsigned state, uint32_t next)
{
	struct ss_event e = { .ts_ns = AT(ms), .kind = SS_SWITCH, .cpu = (uint16_t)cpu, .pid = prev };

	e.sw.next_pid = next;
	e.sw.prev_state = (uint16_t)state;
	e.sw.prev_prio = e.sw.next_prio = 120;
	feed(b, &e);
}

static void wake(struct tb *b, double ms, unsigned cpu, uint32_t waker, uint32_t wakee)
{
	struct ss_event e = { .ts_ns = AT(ms), .kind = SS_WAKING, .cpu = (uint16_t)cpu, .pid = waker };

	e.wake.wakee = wakee;
	e.wake.target_cpu = cpu;
	feed(b, &e);
}

/* A syscall by name; chan_kind/ino name what its fd or address is. */
static struct ss_sys sys(const char *name, int fd, uint64_t arg0, uint64_t arg2, unsigned chan_kind, uint64_t ino)
{
	struct ss_sys s = { .nr = ss_syscall_nr("x86_64", name), .fd = fd, .args = { arg0, 0, arg2 } };

	assert_true(s.nr >= 0);
	s.chan.kind = (uint8_t)chan_kind;
	s.chan.ino = ino;
	if (chan_kind == SS_CH_FUTEX) {
		s.chan.flags = SS_CHF_PRIVATE;
		s.chan.peer = 100;
	}
	ss_chan_canon(&s.chan);
	return s;
}

static void block(struct tb *b, double ms, unsigned cpu, uint32_t pid, struct ss_sys s)
{
	struct ss_event e = { .ts_ns = AT(ms), .kind = SS_BLOCK, .cpu = (uint16_t)cpu, .pid = pid };

	e.block = s;
	feed(b, &e);
}

/* A waking by waker, with what it was doing (cause), as the recorder gives it. */
static void woke(struct tb *b, double ms, unsigned cpu, uint32_t waker, uint32_t wakee, unsigned cause, struct ss_sys s)
{
	struct ss_event e = { .ts_ns = AT(ms), .kind = SS_WAKER, .cpu = (uint16_t)cpu, .pid = waker };

	wake(b, ms, cpu, waker, wakee);
	e.waker.wakee = wakee;
	e.waker.cause = cause;
	e.waker.sys = s;
	feed(b, &e);
}

static void other(struct tb *b, double ms, unsigned cpu, unsigned kind, uint32_t pid, uint32_t a)
{
	struct ss_event e = { .ts_ns = AT(ms), .kind = (uint16_t)kind, .cpu = (uint16_t)cpu, .pid = pid };

	if (kind == SS_FORK)
		e.fork.child = a;
	else if (kind == SS_EXEC)
		e.exec.old_pid = pid;
	feed(b, &e);
}

static struct ss_event signal_ev(double ms, uint32_t from, uint32_t to, int sig, unsigned dir)
{
	struct ss_event e = { .ts_ns = AT(ms), .kind = SS_SIGNAL, .pid = dir == SS_SIGNAL_SENT ? from : to };

	e.signal.target = to;
	e.signal.sig = sig;
	e.signal.dir = dir;
	return e;
}

/* The sentence of sleep i of tid. */
static const char *why(struct tb *b, uint32_t tid, size_t i)
{
	const struct ss_thread *t = ss_model_thread(&b->m, tid);

	assert_non_null(t);
	if (i >= t->nwaits)
		fail_msg("thread %u has %zu sleeps on record, not %zu", tid, t->nwaits, i + 1);
	return ss_explain_wait(&b->m, t, &t->waits[i], b->buf, sizeof(b->buf));
}

/* Names come from the system's table, for the recording's machine. */
static void test_syscall_names(void **state)
{
	char buf[96];
	uint64_t any[3] = { 0xffffffffull, 0, 0 }, one[3] = { 12, 0, 0 }, group[3] = { (uint32_t)-10, 0, 0 };

	(void)state;
	assert_string_equal(ss_syscall_name("x86_64", 59, buf, sizeof(buf)), "execve");
	assert_string_equal(ss_syscall_name("x86_64", 9, buf, sizeof(buf)), "mmap");
	assert_string_equal(ss_syscall_name("x86_64", 435, buf, sizeof(buf)), "clone3");
	assert_string_equal(ss_syscall_name("x86_64", 74, buf, sizeof(buf)), "fsync");
	assert_string_equal(ss_syscall_name("aarch64", 221, buf, sizeof(buf)), "execve");
	assert_string_equal(ss_syscall_name("x86_64", 100000, buf, sizeof(buf)), "syscall 100000");
	assert_int_equal(ss_syscall_nr("x86_64", "wait4"), 61);
	assert_int_equal(ss_syscall_nr("aarch64", "wait4"), 260);
	assert_int_equal(ss_syscall("aarch64", 63)->kind, SS_SC_READ);
	assert_int_equal(ss_syscall("x86_64", 58)->kind, SS_SC_VFORK);
	assert_null(ss_syscall("x86_64", 9));             /* mmap: nothing to say about waiting */
	assert_string_equal(ss_syscall_describe("x86_64", 9, -1, any, buf, sizeof(buf)), "mmap()");
	assert_string_equal(ss_syscall_describe("x86_64", 61, -1, any, buf, sizeof(buf)), "wait4(any child)");
	assert_string_equal(ss_syscall_describe("x86_64", 61, -1, one, buf, sizeof(buf)), "wait4(pid 12)");
	/* a byte count is fmt_count()'s: a pipe passing one byte reads "1 byte" */
	assert_string_equal(ss_syscall_describe("x86_64", 0, 3, (uint64_t[3]){ 0, 0, 1 }, buf, sizeof(buf)),
			    "read(fd 3, 1 byte)");
	assert_string_equal(ss_syscall_describe("x86_64", 1, 4, (uint64_t[3]){ 0, 0, 2 }, buf, sizeof(buf)),
			    "write(fd 4, 2 bytes)");
	assert_string_equal(ss_syscall_describe("x86_64", 61, -1, group, buf, sizeof(buf)),
			    "wait4(any child in process group 10)");
}

static void test_plurals(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(fmt_count(buf, sizeof(buf), 1, "call", NULL), "1 call");
	assert_string_equal(fmt_count(buf, sizeof(buf), 0, "call", NULL), "0 calls");
	assert_string_equal(fmt_count(buf, sizeof(buf), 3, "time", NULL), "3 times");
	assert_string_equal(fmt_count(buf, sizeof(buf), 2, "child", "children"), "2 children");
	/* three significant digits, from the value as rounded: a sleep of
	 * 99,999 ns is "100 us" (a lesson said "asleep 100.0 us") */
	assert_string_equal(fmt_dur(buf, sizeof(buf), 99999), "100 us");
	assert_string_equal(fmt_dur(buf, sizeof(buf), 9999), "10.0 us");
	assert_string_equal(fmt_dur(buf, sizeof(buf), 999999), "1.00 ms");
	assert_string_equal(fmt_dur(buf, sizeof(buf), 999499999), "999 ms");
	assert_string_equal(fmt_dur(buf, sizeof(buf), 999999999), "1.00 s");
	assert_string_equal(fmt_dur(buf, sizeof(buf), 999), "999 ns");
	assert_string_equal(fmt_dur(buf, sizeof(buf), 1000), "1.00 us");
	assert_string_equal(fmt_dur(buf, sizeof(buf), 12345), "12.3 us");
}

/* why's heading counts in words: "1 time", "never blocked". */
static void test_thread_sums(void **state)
{
	struct tb *b = tb_new(0);

	(void)state;
	task(b, 0, 100, 100, 1, "main", SS_TASK_FIRST_SEEN);
	sw(b, 1, 0, 0, SS_ST_RUNNING, 100);
	ss_model_finish(&b->m, AT(3), 0);
	assert_string_equal(ss_explain_thread_sums(&b->m, ss_model_thread(&b->m, 100), b->buf, sizeof(b->buf)),
			    "ran 1 time for 2.00 ms, never blocked, waited for a CPU 0 ns in all");
	tb_free(b);
}

/* A shell waiting for any child: wait4(-1), ended by the child's exit (the
 * SIGCHLD that comes with it is not the reason). */
static void test_wait4_any_child(void **state)
{
	struct tb *b = tb_new(0);
	struct ss_event sig;

	(void)state;
	task(b, 0, 100, 100, 1, "sh", SS_TASK_FIRST_SEEN);
	task(b, 0, 101, 101, 100, "ls", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 100);
	block(b, 1, 0, 100, sys("wait4", -1, 0xffffffffull, 0, SS_CH_NONE, 0));
	sw(b, 1, 0, 100, SS_ST_S, 101);
	other(b, 2.9, 0, SS_EXIT, 101, 0);
	woke(b, 3, 0, 101, 100, SS_WC_EXIT, (struct ss_sys){ .nr = -1 });
	sig = signal_ev(3, 101, 100, 17, SS_SIGNAL_SENT);
	feed(b, &sig);
	sw(b, 3.5, 0, 101, SS_ST_X, 100);
	ss_model_finish(&b->m, AT(5), 0);
	assert_string_equal(why(b, 100, 0),
			    "blocked 2.00 ms waiting for any child to end (wait4(any child)); woken by ls 101 exiting (exit code 0)");
	tb_free(b);
}

/* A vfork parent waits for its child to exec; the child's execve releases it. */
static void test_vfork(void **state)
{
	struct tb *b = tb_new(0);
	struct ss_event sig;

	(void)state;
	task(b, 0, 100, 100, 1, "sh", SS_TASK_FIRST_SEEN);
	task(b, 0, 101, 101, 100, "sh", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 100);
	block(b, 1, 0, 100, sys("vfork", -1, 0, 0, SS_CH_NONE, 0));
	sw(b, 1, 0, 100, SS_ST_S, 101);
	woke(b, 1.115, 0, 101, 100, SS_WC_SYSCALL, sys("execve", -1, 0, 0, SS_CH_NONE, 0));
	/* the child execs and exits before its parent runs: the SIGCHLD it
	 * sends then came after the waking, and did not cause it */
	other(b, 1.15, 0, SS_EXEC, 101, 0);
	other(b, 1.18, 0, SS_EXIT, 101, 0);
	sig = signal_ev(1.19, 101, 100, 17, SS_SIGNAL_SENT);
	feed(b, &sig);
	sw(b, 1.2, 0, 101, SS_ST_PREEMPTED, 100);
	/* posix_spawn: clone3 with CLONE_VFORK, told by its ending */
	block(b, 2, 0, 100, sys("clone3", -1, 0, 0, SS_CH_NONE, 0));
	sw(b, 2, 0, 100, SS_ST_S, 101);
	woke(b, 3, 0, 101, 100, SS_WC_SYSCALL, sys("execve", -1, 0, 0, SS_CH_NONE, 0));
	sw(b, 3, 0, 101, SS_ST_PREEMPTED, 100);
	ss_model_finish(&b->m, AT(5), 0);
	assert_string_equal(why(b, 100, 0), "blocked 115 us waiting for its vfork child to exec or exit (vfork()); "
					    "released when sh 101 called execve");
	assert_string_equal(why(b, 100, 1), "blocked 1.00 ms waiting for its vfork child to exec or exit (clone3()); "
					    "released when sh 101 called execve");
	tb_free(b);
}

/* A kernel thread has no syscall: its registers said read(fd 0) and mean
 * nothing. It waits for work; as a waker it tells nothing either. */
static void test_kernel_thread(void **state)
{
	struct tb *b = tb_new(0);
	struct ss_wait_rec r;
	const struct ss_thread *k;
	struct ss_event blk = { .ts_ns = AT(1), .kind = SS_BLOCK, .pid = 40 };

	(void)state;
	task(b, 0, 100, 100, 1, "dpkg", SS_TASK_FIRST_SEEN);
	task(b, 0, 40, 0, 2, "kworker/0:1", SS_TASK_FIRST_SEEN);
	task(b, 0, 41, 0, 2, "kworker/1:0", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 40);
	sw(b, 0, 1, 0, SS_ST_RUNNING, 100);
	block(b, 1, 0, 40, sys("read", 0, 0, 0, SS_CH_NONE, 0));
	sw(b, 1, 0, 40, SS_ST_I, 0);
	wake(b, 3, 0, 0, 40);                     /* an interrupt on the idle CPU */
	sw(b, 3, 0, 0, SS_ST_RUNNING, 40);
	block(b, 4, 0, 40, sys("read", 0, 0, 0, SS_CH_NONE, 0));
	sw(b, 4, 0, 40, SS_ST_I, 0);
	/* dpkg, in fsync, when the worker is woken */
	woke(b, 6, 1, 100, 40, SS_WC_SYSCALL, sys("fsync", 3, 0, 0, SS_CH_NONE, 0));
	sw(b, 6, 0, 0, SS_ST_RUNNING, 40);
	/* dpkg sleeps in poll; the other worker's registers say read(fd 0) */
	block(b, 7, 1, 100, sys("poll", -1, 0, 0, SS_CH_NONE, 0));
	sw(b, 7, 1, 100, SS_ST_S, 41);
	woke(b, 8, 1, 41, 100, SS_WC_SYSCALL, sys("read", 0, 0, 0, SS_CH_NONE, 0));
	sw(b, 8, 1, 41, SS_ST_I, 100);
	/* uninterruptible (D), it is inside its work, not waiting for it */
	block(b, 8.5, 0, 40, sys("read", 0, 0, 0, SS_CH_NONE, 0));
	sw(b, 8.5, 0, 40, SS_ST_D, 0);
	wake(b, 9, 0, 0, 40);
	sw(b, 9, 0, 0, SS_ST_RUNNING, 40);
	ss_model_finish(&b->m, AT(10), 0);
	k = ss_model_thread(&b->m, 40);
	/* the interrupt's wakeup says nothing more than the runs: no record... */
	assert_true(ss_model_sleep_told(&b->m, k, 1, &r));
	assert_string_equal(ss_explain_wait(&b->m, k, &r, b->buf, sizeof(b->buf)),
			    "blocked 2.00 ms waiting for work (a kernel thread: it makes no syscall); "
			    "woken by an interrupt on an idle CPU (a timer or a device)");
	assert_int_equal(k->nwaits, 1);
	assert_string_equal(why(b, 40, 0), "blocked 2.00 ms waiting for work (a kernel thread: it makes no syscall); "
					   "woken while dpkg 100 was in fsync(): by dpkg itself queueing the work, "
					   "or by an interrupt on its CPU");
	assert_string_equal(why(b, 100, 0), "blocked 1.00 ms in poll (poll()); woken while kworker/1:0 41, a kernel "
					    "thread, was running: by it, or by an interrupt on its CPU");
	assert_true(ss_model_sleep_told(&b->m, k, 3, &r));   /* run 3 began at 9 ms */
	assert_string_equal(ss_explain_wait(&b->m, k, &r, b->buf, sizeof(b->buf)),
			    "blocked 500 us asleep in the kernel inside its work (uninterruptibly, D; a kernel thread "
			    "makes no syscall); woken by an interrupt on an idle CPU (a timer or a device)");
	/* dump says the same of the raw event */
	blk.block = sys("read", 0, 0, 0, SS_CH_NONE, 0);
	assert_string_equal(ss_explain_block(&b->m.info, &b->m.tasks, &blk, false, b->buf, sizeof(b->buf)),
			    "goes to sleep (a kernel thread: it makes no syscall, its registers say nothing)");
	tb_free(b);
}

/* The held start: the recorder (50) forks the root (100) and holds it on
 * the start pipe until it writes a byte; that sleep and that pipe are the
 * recorder's. */
static void test_held_start(void **state)
{
	struct tb *b = tb_new(100);
	const struct ss_thread *t;
	struct ss_tstate_info st;
	struct ss_chan pipe = { .kind = SS_CH_PIPE, .ino = 777 }, own = { .kind = SS_CH_PIPE, .ino = 888 };
	struct ss_flow flows[3];

	(void)state;
	ss_chan_canon(&pipe);
	ss_chan_canon(&own);
	task(b, 0, 50, 50, 1, "schedscope", SS_TASK_FIRST_SEEN);
	task(b, 0, 100, 100, 50, "schedscope", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 100);
	block(b, 1, 0, 100, sys("read", 30, 0, 1, SS_CH_PIPE, 777));
	sw(b, 1, 0, 100, SS_ST_S, 50);
	wake(b, 2, 0, 50, 100);                   /* the release: an untraced write */
	sw(b, 2.1, 0, 50, SS_ST_S, 100);
	task(b, 2.5, 100, 100, 50, "prog", SS_TASK_EXECED);
	other(b, 2.5, 0, SS_EXEC, 100, 0);
	block(b, 3, 0, 100, sys("clock_nanosleep", -1, 0, 0, SS_CH_NONE, 0));
	sw(b, 3, 0, 100, SS_ST_S, 0);
	wake(b, 5, 0, 0, 100);
	sw(b, 5, 0, 0, SS_ST_RUNNING, 100);
	ss_model_finish(&b->m, AT(6), 0);
	flows[0] = (struct ss_flow){ .tid = 100, .dir = 0, .calls = 1, .bytes = 1, .chan = pipe };
	flows[1] = (struct ss_flow){ .tid = 100, .dir = 0, .calls = 3, .bytes = 30, .chan = own };
	flows[2] = (struct ss_flow){ .tid = 100, .dir = 1, .calls = 1, .bytes = 1, .chan = own };
	ss_model_flows(&b->m, flows, 3);
	t = ss_model_thread(&b->m, 100);
	assert_int_equal(t->nwaits, 1);           /* the nanosleep only */
	assert_string_equal(why(b, 100, 0), "blocked 2.00 ms asleep on purpose (clock_nanosleep()); the timer expired");
	assert_false(ss_model_sleep_told(&b->m, t, 1, &(struct ss_wait_rec){ 0 }));
	assert_int_equal(t->st.sleeps, 1);
	assert_int_equal(t->st.blocked_ns, 2 * MS);
	ss_model_thread_state(&b->m, t, AT(1.5), &st);
	assert_int_equal(st.state, SS_T_HELD);
	ss_model_thread_state(&b->m, t, AT(4), &st);
	assert_int_equal(st.state, SS_T_BLOCKED);
	assert_true(ss_model_flow_is_recorders(&b->m, &b->m.flows[0]));
	assert_false(ss_model_flow_is_recorders(&b->m, &b->m.flows[1]));
	assert_false(ss_model_flow_is_recorders(&b->m, &b->m.flows[2]));
	tb_free(b);
}

/* The held sleep began before the recording: its pipe is the one the root
 * read once, one byte, that no traced thread wrote; a sleep of the root
 * that someone else ended is the program's own. */
static void test_held_start_unseen(void **state)
{
	struct tb *b = tb_new(100);
	struct ss_chan start = { .kind = SS_CH_PIPE, .ino = 777 }, shared = { .kind = SS_CH_PIPE, .ino = 999 };
	struct ss_flow flows[3];

	(void)state;
	ss_chan_canon(&start);
	ss_chan_canon(&shared);
	task(b, 0, 50, 50, 1, "schedscope", SS_TASK_FIRST_SEEN);
	task(b, 0, 100, 100, 50, "schedscope", SS_TASK_FIRST_SEEN);
	task(b, 0, 101, 101, 100, "helper", SS_TASK_FIRST_SEEN);
	wake(b, 1, 0, 50, 100);
	sw(b, 1.1, 0, 50, SS_ST_S, 100);
	task(b, 1.5, 100, 100, 50, "prog", SS_TASK_EXECED);
	other(b, 1.5, 0, SS_EXEC, 100, 0);
	/* after its exec, a sleep the helper ends is the program's */
	block(b, 2, 0, 100, sys("read", 3, 0, 1, SS_CH_PIPE, 999));
	sw(b, 2, 0, 100, SS_ST_S, 101);
	woke(b, 3, 0, 101, 100, SS_WC_SYSCALL, sys("write", 4, 0, 1, SS_CH_PIPE, 999));
	sw(b, 3, 0, 101, SS_ST_S, 100);
	ss_model_finish(&b->m, AT(4), 0);
	flows[0] = (struct ss_flow){ .tid = 100, .dir = 0, .calls = 1, .bytes = 1, .chan = start };
	flows[1] = (struct ss_flow){ .tid = 100, .dir = 0, .calls = 1, .bytes = 1, .chan = shared };
	flows[2] = (struct ss_flow){ .tid = 101, .dir = 1, .calls = 1, .bytes = 1, .chan = shared };
	ss_model_flows(&b->m, flows, 3);
	assert_true(ss_model_flow_is_recorders(&b->m, &b->m.flows[0]));
	assert_false(ss_model_flow_is_recorders(&b->m, &b->m.flows[1]));
	assert_string_equal(why(b, 100, 0), "blocked 1.00 ms in pipe read (pipe:[999]); woken by helper 101 writing 1 byte");
	tb_free(b);
}

/* pthread_join sleeps on a futex that the exiting thread's kernel wakes:
 * a join, named as one (flows lists it the same way). A lock wait woken
 * as it went to sleep never slept: no "blocked 0 ns". */
static void test_futex_join_and_early_wake(void **state)
{
	struct tb *b = tb_new(0);

	(void)state;
	task(b, 0, 100, 100, 1, "main", SS_TASK_FIRST_SEEN);
	task(b, 0, 101, 100, 1, "worker", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 100);
	sw(b, 0, 1, 0, SS_ST_RUNNING, 101);
	/* a lock: the holder releases it while main is still going to sleep */
	block(b, 1, 0, 100, sys("futex", -1, 0x7f00, 0, SS_CH_FUTEX, 0x7f00));
	woke(b, 1, 1, 101, 100, SS_WC_SYSCALL, sys("futex", -1, 0x7f00, 0, SS_CH_FUTEX, 0x7f00));
	sw(b, 1.001, 0, 100, SS_ST_S, 0);
	sw(b, 1.5, 0, 0, SS_ST_RUNNING, 100);
	/* a nanosleep whose (old-style, context-less) wakeup came as it went off */
	block(b, 1.6, 0, 100, sys("nanosleep", -1, 0, 0, SS_CH_NONE, 0));
	wake(b, 1.6, 1, 101, 100);
	sw(b, 1.601, 0, 100, SS_ST_S, 0);
	sw(b, 1.7, 0, 0, SS_ST_RUNNING, 100);
	/* the join */
	block(b, 2, 0, 100, sys("futex", -1, 0x7f90, 0, SS_CH_FUTEX, 0x7f90));
	sw(b, 2, 0, 100, SS_ST_S, 0);
	other(b, 4, 1, SS_EXIT, 101, 0);
	woke(b, 4, 1, 101, 100, SS_WC_EXIT, (struct ss_sys){ .nr = -1 });
	sw(b, 4.1, 1, 101, SS_ST_X, 0);
	sw(b, 4.2, 0, 0, SS_ST_RUNNING, 100);
	ss_model_finish(&b->m, AT(5), 0);
	assert_string_equal(why(b, 100, 0), "did not sleep: as it went to sleep waiting for a lock (futex 0x7f00), "
					    "it was woken by worker 101 releasing it (futex wake)");
	/* "as it went to sleep on purpose", not "to sleep asleep on purpose" */
	assert_string_equal(why(b, 100, 1), "did not sleep: as it went to sleep on purpose (nanosleep()), it was "
					    "woken: the timer expired");
	assert_string_equal(why(b, 100, 2), "blocked 2.00 ms waiting for a thread to end (pthread_join on futex "
					    "0x7f90); woken by worker 101 exiting (exit code 0)");
	assert_int_equal(ss_model_thread(&b->m, 100)->waits[2].reason, SS_R_JOIN);
	tb_free(b);
}

/* Only the timer ends a sleep(), even when an exiting task is on the CPU;
 * a pipe reader is woken by the close of the other end. */
static void test_timer_and_close(void **state)
{
	struct tb *b = tb_new(0);

	(void)state;
	task(b, 0, 100, 100, 1, "reader", SS_TASK_FIRST_SEEN);
	task(b, 0, 101, 101, 1, "writer", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 100);
	block(b, 1, 0, 100, sys("nanosleep", -1, 0, 0, SS_CH_NONE, 0));
	sw(b, 1, 0, 100, SS_ST_S, 101);
	woke(b, 2, 0, 101, 100, SS_WC_EXIT, (struct ss_sys){ .nr = -1 });
	sw(b, 2, 0, 101, SS_ST_PREEMPTED, 100);
	block(b, 3, 0, 100, sys("read", 3, 0, 64, SS_CH_PIPE, 55));
	sw(b, 3, 0, 100, SS_ST_S, 101);
	woke(b, 4, 0, 101, 100, SS_WC_SYSCALL, sys("close", -1, 0, 0, SS_CH_NONE, 0));
	sw(b, 4, 0, 101, SS_ST_PREEMPTED, 100);
	ss_model_finish(&b->m, AT(5), 0);
	assert_string_equal(why(b, 100, 0), "blocked 1.00 ms asleep on purpose (nanosleep()); the timer expired");
	assert_string_equal(why(b, 100, 1), "blocked 1.00 ms in pipe read (pipe:[55]); woken by writer 101 closing "
					    "the other end (end of file)");
	tb_free(b);
}

/* reader 101 asleep in a pipe read from 1 ms, woken at 2 ms by queue 100 in kill() */
static struct tb *reader_woken_in_kill(void)
{
	struct tb *b = tb_new(0);

	task(b, 0, 100, 100, 1, "queue", SS_TASK_FIRST_SEEN);
	task(b, 0, 101, 101, 100, "reader", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 101);
	block(b, 1, 0, 101, sys("read", 3, 0, 64, SS_CH_PIPE, 55));
	sw(b, 1, 0, 101, SS_ST_S, 100);
	woke(b, 2, 0, 100, 101, SS_WC_SYSCALL, sys("kill", -1, 101, 0, SS_CH_NONE, 0));
	return b;
}

/* A SIGTERM that ends a pipe read: the kernel reports the reader's move to
 * another CPU between the waking and the signal (try_to_wake_up, then
 * trace_signal_generate); the signal is still the reason. */
static void test_signal_after_migrate(void **state)
{
	struct tb *b = reader_woken_in_kill();
	struct ss_event mig = { .ts_ns = AT(2.0005), .kind = SS_MIGRATE, .cpu = 0, .pid = 101 };
	struct ss_event term = signal_ev(2.001, 100, 101, 15, SS_SIGNAL_SENT);

	(void)state;
	mig.mig.orig_cpu = 0;
	mig.mig.dest_cpu = 1;
	feed(b, &mig);
	feed(b, &term);
	sw(b, 2.5, 1, 0, SS_ST_RUNNING, 101);
	ss_model_finish(&b->m, AT(5), 0);
	assert_string_equal(why(b, 101, 0), "blocked 1.00 ms in pipe read (pipe:[55]); woken by queue 100 sending SIGTERM");
	tb_free(b);
}

/* The record keeps a waker's fd and bytes, not its pid or signal arguments:
 * its call is named without them, never "kill(pid 0, signal 0)". */
static void test_waker_args_unknown(void **state)
{
	struct tb *b = reader_woken_in_kill();

	(void)state;
	sw(b, 2.5, 0, 100, SS_ST_PREEMPTED, 101);
	ss_model_finish(&b->m, AT(5), 0);
	assert_string_equal(why(b, 101, 0), "blocked 1.00 ms in pipe read (pipe:[55]); woken while queue 100 was in "
					    "kill(): by queue itself, or by an interrupt on its CPU");
	tb_free(b);
}

/* dump: a SIGKILL nobody sent is the kernel's, after the fatal signal. */
static void test_kernel_sigkill(void **state)
{
	struct tb *b = tb_new(0);
	struct ss_signal_book book;
	struct ss_event term = signal_ev(1, 100, 101, 15, SS_SIGNAL_SENT);
	struct ss_event kill = signal_ev(2, 0, 101, 9, SS_SIGNAL_DELIVERED);
	struct ss_event sent = signal_ev(3, 100, 102, 9, SS_SIGNAL_SENT);
	struct ss_event got = signal_ev(4, 0, 102, 9, SS_SIGNAL_DELIVERED);

	(void)state;
	task(b, 0, 100, 100, 1, "queue", SS_TASK_FIRST_SEEN);
	task(b, 0, 101, 101, 100, "reader", SS_TASK_FIRST_SEEN);
	task(b, 0, 102, 102, 100, "writer", SS_TASK_FIRST_SEEN);
	ss_signal_book_init(&book);
	assert_string_equal(ss_explain_signal(&b->m.tasks, &book, &term, b->buf, sizeof(b->buf)),
			    "sends SIGTERM to reader:101");
	ss_signal_book_note(&book, &b->m.tasks, &term);
	assert_string_equal(ss_explain_signal(&b->m.tasks, &book, &kill, b->buf, sizeof(b->buf)),
			    "takes delivery of SIGKILL, which no task sent: the kernel queues SIGKILL to every thread of "
			    "a group that is being killed or is exiting (complete_signal, zap_other_threads), without a "
			    "signal_generate event; here after SIGTERM from queue:100");
	ss_signal_book_note(&book, &b->m.tasks, &kill);
	ss_signal_book_note(&book, &b->m.tasks, &sent);
	assert_string_equal(ss_explain_signal(&b->m.tasks, &book, &got, b->buf, sizeof(b->buf)),
			    "takes delivery of SIGKILL");
	ss_signal_book_free(&book);
	tb_free(b);
}

/* Live: the reason of a sleep is known when it begins, not when it ends. */
static void test_asleep_now(void **state)
{
	struct tb *b = tb_new(0);
	const struct ss_thread *t;
	struct ss_wait_rec r;

	(void)state;
	task(b, 0, 100, 100, 1, "main", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 100);
	block(b, 1, 0, 100, sys("clock_nanosleep", -1, 0, 0, SS_CH_NONE, 0));
	sw(b, 1, 0, 100, SS_ST_S, 0);
	t = ss_model_thread(&b->m, 100);
	assert_true(ss_model_thread_asleep(&b->m, t, &r));
	assert_int_equal(r.reason, SS_R_SLEEP);
	assert_string_equal(ss_explain_wait(&b->m, t, &r, b->buf, sizeof(b->buf)),
			    "blocked since 0.001000s asleep on purpose (clock_nanosleep()); not woken yet");
	ss_model_finish(&b->m, AT(3), 0);
	assert_false(ss_model_thread_asleep(&b->m, t, &r));
	tb_free(b);
}

/* flows: which way the bytes went, and who connected to whom. */
static void test_connections(void **state)
{
	struct tb *b = tb_new(0);
	struct ss_flow f[5];
	struct ss_chan a, a2, c, c2, lone;
	uint32_t lo = 0x0100007f;     /* 127.0.0.1, network byte order */

	(void)state;
	task(b, 0, 100, 100, 1, "srv", SS_TASK_FIRST_SEEN);
	task(b, 0, 101, 101, 100, "c1", SS_TASK_FIRST_SEEN);
	task(b, 0, 102, 102, 100, "c2", SS_TASK_FIRST_SEEN);
	a = (struct ss_chan){ .kind = SS_CH_TCP, .laddr = lo, .raddr = lo, .lport = 5000, .rport = 40000 };
	a2 = (struct ss_chan){ .kind = SS_CH_TCP, .laddr = lo, .raddr = lo, .lport = 40000, .rport = 5000 };
	c = (struct ss_chan){ .kind = SS_CH_TCP, .laddr = lo, .raddr = lo, .lport = 5000, .rport = 40001 };
	c2 = (struct ss_chan){ .kind = SS_CH_TCP, .laddr = lo, .raddr = lo, .lport = 40001, .rport = 5000 };
	lone = (struct ss_chan){ .kind = SS_CH_TCP, .laddr = lo, .raddr = lo, .lport = 6000, .rport = 41000 };
	ss_chan_canon(&a);
	ss_chan_canon(&a2);
	ss_chan_canon(&c);
	ss_chan_canon(&c2);
	ss_chan_canon(&lone);
	assert_true(a.id == a2.id);
	ss_model_finish(&b->m, AT(1), 0);
	f[0] = (struct ss_flow){ .tid = 100, .dir = 1, .calls = 2, .bytes = 10, .chan = a };
	f[1] = (struct ss_flow){ .tid = 101, .dir = 0, .calls = 1, .bytes = 10, .chan = a2 };
	f[2] = (struct ss_flow){ .tid = 100, .dir = 1, .calls = 1, .bytes = 4, .chan = c };
	f[3] = (struct ss_flow){ .tid = 102, .dir = 0, .calls = 1, .bytes = 4, .chan = c2 };
	f[4] = (struct ss_flow){ .tid = 100, .dir = 1, .calls = 1, .bytes = 1, .chan = lone };
	ss_model_flows(&b->m, f, 5);
	assert_string_equal(ss_explain_flow(&b->m, &f[0], b->buf, sizeof(b->buf)),
			    "srv 100 sent 10 B in 2 calls to 127.0.0.1:40000");
	assert_string_equal(ss_explain_flow(&b->m, &f[1], b->buf, sizeof(b->buf)),
			    "c1 101 received 10 B in 1 call from 127.0.0.1:5000");
	assert_string_equal(ss_explain_flow_way(&f[1], b->buf, sizeof(b->buf)), "127.0.0.1:5000 -> 127.0.0.1:40000");
	assert_string_equal(ss_explain_connection(&b->m, &a, b->buf, sizeof(b->buf)),
			    "c1 101 (port 40000) connected to srv 100 (port 5000), whose port several connections "
			    "share: a listening port");
	assert_string_equal(ss_explain_connection(&b->m, &lone, b->buf, sizeof(b->buf)),
			    "who connected to whom is not in the trace (no traced thread was seen in connect())");
	tb_free(b);
}

/* A wakeup from an interrupt context (the kernel side gives pid 0 and the
 * context): the sentence names the timer, the interrupt or the softirq,
 * never the task the interrupt ran on top of; the detail panel's "before:"
 * line, dump and flows say the same. */
static void ctx_woke(struct tb *b, double ms, unsigned cpu, uint32_t wakee, unsigned cause, uint32_t id)
{
	struct ss_event e = { .ts_ns = AT(ms), .kind = SS_WAKER, .cpu = (uint16_t)cpu, .pid = 0 };

	wake(b, ms, cpu, 0, wakee);
	e.waker.wakee = wakee;
	e.waker.cause = cause;
	e.waker.ctx_id = id;
	e.waker.sys.nr = -1;
	e.waker.sys.fd = -1;
	feed(b, &e);
}

static void test_interrupt_contexts(void **state)
{
	struct tb *b = tb_new(100);
	struct ss_irq_name names[] = { { .irq = 24, .name = "virtio4-input" } };
	const struct ss_thread *t;
	struct ss_wait_rec r;
	struct ss_event ev = { .ts_ns = AT(3), .kind = SS_WAKER, .pid = 0 };

	(void)state;
	task(b, 0, 100, 100, 1, "sleep", SS_TASK_FIRST_SEEN);
	task(b, 0, 300, 300, 1, "debootstrap", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 100);
	sw(b, 0, 1, 0, SS_ST_RUNNING, 300);
	block(b, 1, 0, 100, sys("clock_nanosleep", -1, 0, 0, SS_CH_NONE, 0));
	sw(b, 1, 0, 100, SS_ST_S, 0);
	ctx_woke(b, 3, 1, 100, SS_WC_TIMER, SS_TIMER_SLEEP);   /* the timer fired on CPU 1, over debootstrap */
	sw(b, 3.1, 0, 0, SS_ST_RUNNING, 100);
	block(b, 4, 0, 100, sys("read", 0, 0, 10, SS_CH_FILE, 9));
	sw(b, 4, 0, 100, SS_ST_S, 0);
	ctx_woke(b, 5, 1, 100, SS_WC_HARDIRQ, 24);
	sw(b, 5.1, 0, 0, SS_ST_RUNNING, 100);
	block(b, 6, 0, 100, sys("recvfrom", 3, 0, 10, SS_CH_UDP, 12));
	sw(b, 6, 0, 100, SS_ST_S, 0);
	ctx_woke(b, 7, 1, 100, SS_WC_SOFTIRQ, SS_SOFTIRQ_NET_RX);
	sw(b, 7.1, 0, 0, SS_ST_RUNNING, 100);
	block(b, 8, 0, 100, sys("futex", -1, 0x1000, 0, SS_CH_FUTEX, 0x1000));
	sw(b, 8, 0, 100, SS_ST_S, 0);
	ctx_woke(b, 9, 1, 100, SS_WC_TIMER, SS_TIMER_SLEEP);
	sw(b, 9.1, 0, 0, SS_ST_RUNNING, 100);
	ss_model_irqs(&b->m, NULL, names, 1);
	ss_model_finish(&b->m, AT(10), 0);
	assert_string_equal(why(b, 100, 0), "blocked 2.00 ms asleep on purpose (clock_nanosleep()); "
					    "the clock_nanosleep timer expired");
	assert_string_equal(why(b, 100, 1), "blocked 1.00 ms in I/O (file inode 9); "
					    "woken from interrupt 24 (virtio4-input)");
	assert_string_equal(why(b, 100, 2), "blocked 1.00 ms in recv (udp 0.0.0.0:0 (listening)); "
					    "woken by the network softirq (NET_RX)");
	assert_string_equal(why(b, 100, 3), "blocked 1.00 ms waiting for a lock (futex 0x1000); "
					    "the futex timeout expired");
	t = ss_model_thread(&b->m, 100);
	assert_int_equal(t->waits[0].waker, 0);
	assert_int_equal(t->waits[0].how, SS_WH_TIMER);
	assert_int_equal(t->waits[1].how, SS_WH_HARDIRQ);
	assert_int_equal(t->waits[2].how, SS_WH_SOFTIRQ);
	/* the detail panel: how the run after the sleep began */
	assert_string_equal(ss_explain_ready(&b->m, ss_model_run(&b->m, t, 1), b->buf, sizeof(b->buf)),
			    "before: the clock_nanosleep timer expired at 0.003000s (CPU 1), then waited 100 us for the CPU");
	assert_true(ss_model_sleep_told(&b->m, t, 1, &r));
	assert_string_equal(ss_explain_wake_ctx_short(&r, b->buf, sizeof(b->buf)), "timer");
	/* dump: the raw event */
	ev.waker.wakee = 100;
	ev.waker.cause = SS_WC_SOFTIRQ;
	ev.waker.ctx_id = SS_SOFTIRQ_NET_RX;
	assert_string_equal(ss_explain_waker(&b->m.info, &b->m.tasks, &ev, b->buf, sizeof(b->buf)),
			    "woke sleep:100: the network softirq (NET_RX)");
	tb_free(b);
}

/* The header names the start pipe (its inode): the root's sleep on it is the
 * held start whoever ended it, and its flow the recorder's; another pipe the
 * root read once, one byte, from nobody traced, is the program's. */
static void test_held_start_by_inode(void **state)
{
	struct tb *b = tb_new_pipe(100, 777);
	struct ss_chan pipe = { .kind = SS_CH_PIPE, .ino = 777 }, fifo = { .kind = SS_CH_PIPE, .ino = 999 };
	struct ss_flow flows[2];
	const struct ss_thread *t;

	(void)state;
	ss_chan_canon(&pipe);
	ss_chan_canon(&fifo);
	task(b, 0, 50, 50, 1, "schedscope", SS_TASK_FIRST_SEEN);
	task(b, 0, 100, 100, 50, "schedscope", SS_TASK_FIRST_SEEN);
	task(b, 0, 60, 60, 1, "other", SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 100);
	block(b, 1, 0, 100, sys("read", 30, 0, 1, SS_CH_PIPE, 777));
	sw(b, 1, 0, 100, SS_ST_S, 60);
	wake(b, 2, 0, 60, 100);                   /* not its parent: the old rule would keep it */
	sw(b, 2.1, 0, 60, SS_ST_S, 100);
	task(b, 2.5, 100, 100, 50, "head", SS_TASK_EXECED);
	other(b, 2.5, 0, SS_EXEC, 100, 0);
	block(b, 3, 0, 100, sys("read", 3, 0, 1, SS_CH_PIPE, 999));
	sw(b, 3, 0, 100, SS_ST_S, 0);
	wake(b, 5, 0, 0, 100);
	sw(b, 5, 0, 0, SS_ST_RUNNING, 100);
	ss_model_finish(&b->m, AT(6), 0);
	flows[0] = (struct ss_flow){ .tid = 100, .dir = 0, .calls = 1, .bytes = 1, .chan = pipe };
	flows[1] = (struct ss_flow){ .tid = 100, .dir = 0, .calls = 1, .bytes = 1, .chan = fifo };
	ss_model_flows(&b->m, flows, 2);
	t = ss_model_thread(&b->m, 100);
	assert_int_equal(t->nwaits, 1);           /* the fifo's read only */
	assert_int_equal(t->waits[0].chan, fifo.id);
	assert_true(ss_model_flow_is_recorders(&b->m, &b->m.flows[0]));
	assert_false(ss_model_flow_is_recorders(&b->m, &b->m.flows[1]));
	tb_free(b);
}

/* Another user's call under sudo, as the decoder leaves it: the number
 * only, marked withheld (tracer/decoder.c, sys_from()). */
static struct ss_sys withheld(const char *name)
{
	struct ss_sys s = { .nr = ss_syscall_nr("x86_64", name), .fd = -1 };

	assert_true(s.nr >= 0);
	s.chan.flags = SS_CHF_WITHHELD;
	ss_chan_canon(&s.chan);
	return s;
}

/* Under sudo, a root reader (200) and writer (300) keep only their calls'
 * numbers: the sentences name the calls and say their arguments are
 * withheld, never "read(fd -1, 0 bytes)", a pid 0 or a file's I/O. The
 * student's own sleep (100) keeps its pipe; its withheld waker is named so. */
static void test_withheld(void **state)
{
	struct tb *b = tb_new(0);
	static const char *const comm[] = { "student", "rootcat", "rootloop" };
	struct ss_event ev = { .ts_ns = AT(1), .kind = SS_BLOCK, .pid = 200 };
	const struct ss_thread *t;

	(void)state;
	for (uint32_t i = 0; i < 3; i++)          /* pids 100, 200, 300 */
		task(b, 0, 100 * (i + 1), 100 * (i + 1), 1, comm[i], SS_TASK_FIRST_SEEN);
	sw(b, 0, 0, 0, SS_ST_RUNNING, 200);
	sw(b, 0, 1, 0, SS_ST_RUNNING, 100);
	block(b, 1, 0, 200, withheld("read"));
	sw(b, 1, 0, 200, SS_ST_S, 300);
	block(b, 1.5, 1, 100, sys("read", 3, 0, 4, SS_CH_PIPE, 81234));
	sw(b, 1.5, 1, 100, SS_ST_S, 0);
	woke(b, 3, 0, 300, 200, SS_WC_SYSCALL, withheld("write"));
	woke(b, 3.2, 0, 300, 100, SS_WC_SYSCALL, withheld("write"));
	block(b, 3.5, 0, 300, withheld("futex"));
	sw(b, 3.5, 0, 300, SS_ST_S, 200);
	sw(b, 3.6, 1, 0, SS_ST_RUNNING, 100);
	block(b, 4, 0, 200, withheld("wait4"));
	sw(b, 4, 0, 200, SS_ST_S, 0);
	woke(b, 5, 1, 100, 300, SS_WC_SYSCALL, sys("futex", -1, 0, 0, SS_CH_FUTEX, 0x1000));
	woke(b, 5.5, 1, 100, 200, SS_WC_SYSCALL, sys("kill", -1, 200, 0, SS_CH_NONE, 0));
	sw(b, 6, 0, 0, SS_ST_RUNNING, 300);
	sw(b, 6.5, 0, 300, SS_ST_PREEMPTED, 200);
	ss_model_finish(&b->m, AT(8), 0);
	assert_string_equal(why(b, 200, 0), "blocked 2.00 ms in read() (arguments withheld: another user's process); "
					    "woken while rootloop 300 was in write() (arguments withheld: another "
					    "user's process): by rootloop itself, or by an interrupt on its CPU");
	t = ss_model_thread(&b->m, 200);
	assert_int_equal(t->waits[0].reason, SS_R_OTHER);        /* not I/O: the fd may be a pipe */
	assert_int_equal(t->waits[0].withheld, SS_WITHHELD_CALL | SS_WITHHELD_WAKER);
	assert_string_equal(why(b, 200, 1), "blocked 1.50 ms waiting for a child to change state (wait4() (arguments "
					    "withheld: another user's process)); woken while student 100 was in kill(): "
					    "by student itself, or by an interrupt on its CPU");
	assert_string_equal(why(b, 300, 0), "blocked 1.50 ms waiting for a lock (futex() (arguments withheld: another "
					    "user's process)); woken while student 100 was in futex() on futex 0x1000: "
					    "by student itself, or by an interrupt on its CPU");
	assert_string_equal(why(b, 100, 0), "blocked 1.70 ms in pipe read (pipe:[81234]); woken while rootloop 300 was "
					    "in write() (arguments withheld: another user's process): by rootloop "
					    "itself, or by an interrupt on its CPU");
	/* dump: the raw events */
	ev.block = withheld("read");
	assert_string_equal(ss_explain_block(&b->m.info, &b->m.tasks, &ev, false, b->buf, sizeof(b->buf)),
			    "sleeps in read() (arguments withheld: another user's process)");
	ev.kind = SS_WAKER;
	ev.pid = 300;
	ev.waker.wakee = 200;
	ev.waker.cause = SS_WC_SYSCALL;
	ev.waker.sys = withheld("write");
	assert_string_equal(ss_explain_waker(&b->m.info, &b->m.tasks, &ev, b->buf, sizeof(b->buf)),
			    "was in write() (arguments withheld: another user's process) when rootcat:200 was woken");
	tb_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syscall_names),
		cmocka_unit_test(test_plurals),
		cmocka_unit_test(test_thread_sums),
		cmocka_unit_test(test_wait4_any_child),
		cmocka_unit_test(test_vfork),
		cmocka_unit_test(test_kernel_thread),
		cmocka_unit_test(test_held_start),
		cmocka_unit_test(test_held_start_unseen),
		cmocka_unit_test(test_futex_join_and_early_wake),
		cmocka_unit_test(test_timer_and_close),
		cmocka_unit_test(test_signal_after_migrate),
		cmocka_unit_test(test_waker_args_unknown),
		cmocka_unit_test(test_kernel_sigkill),
		cmocka_unit_test(test_asleep_now),
		cmocka_unit_test(test_connections),
		cmocka_unit_test(test_interrupt_contexts),
		cmocka_unit_test(test_held_start_by_inode),
		cmocka_unit_test(test_withheld),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
