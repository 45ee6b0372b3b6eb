/*
 * The facts that have one function each in the model (docs/ARCHITECTURE.md,
 * "Who owns which rule"), checked on constructed values and models: each
 * case is one where a caller once decided for itself and said it otherwise
 * (dump's held start without the start pipe's inode, a sleep's length
 * without its clamp, a ready kind in two words, an exit status decoded by
 * hand).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/explain.h"
#include "model/latency.h"
#include "model/model.h"
#include "model/states.h"
#include "tests/unit/model_feed.h"

#define US 1000ull

/* A version of task pid from ts (ns after FEED_S0) on: a rename or an exec. */
static void task_version(struct ss_model *m, uint64_t ts, uint32_t pid, const char *comm, uint16_t origin)
{
	struct ss_task t = { .ts_ns = FEED_S0 + ts, .pid = pid, .tgid = pid, .ppid = 1, .prev = -1,
			     .flags = SS_TASKF_IN_TREE, .origin = origin };
	struct ss_sink k;

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	ss_model_sink(m, &k);
	k.task(k.ctx, &t);
}

/* Killed by SIGTERM, and only that: a core dump's bit or an exit code of 15
 * is not it; -1 (no status) is nothing. */
static void test_exit_killed_by(void **state)
{
	(void)state;
	assert_true(ss_exit_killed_by(SIGTERM, SIGTERM));
	assert_true(ss_exit_killed_by(SIGTERM | 0x80, SIGTERM));
	assert_false(ss_exit_killed_by(SIGKILL, SIGTERM));
	assert_false(ss_exit_killed_by(15 << 8, SIGTERM));
	assert_false(ss_exit_killed_by(-1, SIGTERM));
}

/* dump's held start: with the start pipe's inode in the header, only the
 * root's sleep on that pipe, before its exec or not; without it, the root's
 * sleeps before its exec. */
static void test_block_held_start(void **state)
{
	struct ss_trace_info with = { .root_pid = 100, .start_pipe_ino = 777 }, without = { .root_pid = 100 };
	struct ss_chan start = { .kind = SS_CH_PIPE, .ino = 777 }, fifo = { .kind = SS_CH_PIPE, .ino = 999 };

	(void)state;
	assert_true(ss_block_held_start(&with, 0, 100, &start));
	assert_false(ss_block_held_start(&with, 0, 100, &fifo));     /* before the exec, not the start pipe */
	assert_false(ss_block_held_start(&with, 0, 101, &start));
	assert_true(ss_block_held_start(&without, 0, 100, &fifo));
	assert_false(ss_block_held_start(&without, 5, 100, &fifo));  /* after the exec */
	assert_false(ss_block_held_start(&without, 0, 101, &fifo));
}

/* A sleep's length: to its wakeup, else to its run; 0 when the waking was
 * stamped before the block (it did not sleep) and while it goes on. */
static void test_wait_slept(void **state)
{
	struct ss_wait_rec woken = { .block_ns = 100, .ready_ns = 350, .run_ns = 400 },
			   unseen = { .block_ns = 100, .run_ns = 400 },
			   early = { .block_ns = 100, .ready_ns = 90, .run_ns = 120 },
			   going = { .block_ns = 100 };

	(void)state;
	assert_int_equal(ss_wait_slept_ns(&woken), 250);
	assert_int_equal(ss_wait_slept_ns(&unseen), 300);
	assert_int_equal(ss_wait_slept_ns(&early), 0);
	assert_int_equal(ss_wait_slept_ns(&going), 0);
}

/* How a run became ready, one word each: a run whose readying was not seen
 * is "unknown" (why --tsv said "woken" where CSV said "unknown"). */
static void test_ready_name(void **state)
{
	(void)state;
	assert_string_equal(ss_ready_name(SS_READY_WOKEN), "woken");
	assert_string_equal(ss_ready_name(SS_READY_NEW), "new");
	assert_string_equal(ss_ready_name(SS_READY_PREEMPTED), "preempted");
	assert_string_equal(ss_ready_name(SS_READY_UNKNOWN), "unknown");
}

/* A model of one CPU where 101 (named b) runs first, then 100 (named a). */
static void two_threads(struct ss_model *m, const char *a, const char *b)
{
	assert_int_equal(feed_init(m, 1), 0);
	feed_task(m, 100, 100, a, true);
	feed_task(m, 101, 101, b, true);
	feed_switch(m, 0, 0, 0, SS_ST_RUNNING, 101);
}

/* 100 wakes 101 at ts (ns after the start). */
static void wakes_101(struct ss_model *m, uint64_t ts)
{
	feed_event(m, (struct ss_event){ .ts_ns = ts, .kind = SS_WAKING, .pid = 100,
					 .wake = { .wakee = 101, .target_cpu = 0 } });
}

/* A name belongs to a moment: 100 wakes 101 as "pool", renames itself
 * "worker" (prctl) in the same run, and holds the CPU until 101 runs. The
 * waking names it as it was then; 101's wait for the CPU names it as it ran
 * then, not as its run began (that said "while pool 100 ran there"). */
static void test_name_at_the_moment(void **state)
{
	struct ss_model m;
	const struct ss_thread *t;
	char buf[512];

	(void)state;
	two_threads(&m, "pool", "sleeper");
	feed_switch(&m, 50 * US, 0, 101, SS_ST_S, 100);
	wakes_101(&m, 200 * US);
	task_version(&m, 500 * US, 100, "worker", SS_TASK_RENAMED);
	feed_switch(&m, 1000 * US, 0, 100, SS_ST_RUNNING, 101);
	feed_switch(&m, 1100 * US, 0, 101, SS_ST_S, 0);
	ss_model_finish(&m, FEED_S0 + 2000 * US, -1);
	t = ss_model_thread(&m, 101);
	assert_non_null(t);
	assert_int_equal(t->nruns, 2);
	assert_non_null(ss_explain_runnable(&m, t, 1, buf, sizeof(buf)));
	assert_string_equal(buf, "runnable 800 us on CPU 0 while worker 100 ran there");
	assert_string_equal(ss_explain_ready(&m, ss_model_run(&m, t, 1), buf, sizeof(buf)),
			    "before: woken by pool 100 at 0.000200s (CPU 0), then waited 800 us for the CPU");
	ss_model_free(&m);
}

/* A lock released as its waiter blocked on it: woken at 40 us, off the CPU
 * at 50 us, it did not sleep. Its second wait slept 100 us. The counts say
 * one time blocked, and the other on its own (they said "blocked 2 times",
 * and the blocked distribution held a 0 ns sleep). */
static void test_did_not_sleep(void **state)
{
	struct ss_model m;
	struct ss_latency l;
	const struct ss_thread *t;
	char buf[512];

	(void)state;
	two_threads(&m, "holder", "waiter");
	wakes_101(&m, 40 * US);
	feed_switch(&m, 50 * US, 0, 101, SS_ST_S, 100);
	feed_switch(&m, 60 * US, 0, 100, SS_ST_S, 101);
	feed_switch(&m, 100 * US, 0, 101, SS_ST_S, 0);
	feed_event(&m, (struct ss_event){ .ts_ns = 200 * US, .kind = SS_WAKING, .pid = 0,
					  .wake = { .wakee = 101, .target_cpu = 0 } });
	feed_switch(&m, 200 * US, 0, 0, SS_ST_RUNNING, 101);
	feed_switch(&m, 210 * US, 0, 101, SS_ST_S, 0);
	ss_model_finish(&m, FEED_S0 + 300 * US, -1);
	t = ss_model_thread(&m, 101);
	assert_non_null(t);
	assert_int_equal(t->st.sleeps, 1);
	assert_int_equal(t->st.no_sleeps, 1);
	assert_string_equal(ss_explain_thread_sums(&m, t, buf, sizeof(buf)),
			    "ran 3 times for 100 us, blocked 1 time for 100 us (and 1 wait that did not sleep), "
			    "waited for a CPU 10.0 us in all");
	assert_int_equal(ss_latency_build(&m, 0, &l), 0);
	assert_int_equal(l.no_sleeps_all, 1);
	for (size_t i = 0; i < l.nwaits; i++)
		assert_true(l.waits[i].kind != SS_LAT_BLOCKED || l.waits[i].dur_ns == 100 * US);
	ss_latency_free(&l);
	ss_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_killed_by),
		cmocka_unit_test(test_block_held_start),
		cmocka_unit_test(test_wait_slept),
		cmocka_unit_test(test_ready_name),
		cmocka_unit_test(test_name_at_the_moment),
		cmocka_unit_test(test_did_not_sleep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
