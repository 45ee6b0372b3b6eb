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
#include "model/model.h"
#include "model/states.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_killed_by),
		cmocka_unit_test(test_block_held_start),
		cmocka_unit_test(test_wait_slept),
		cmocka_unit_test(test_ready_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
