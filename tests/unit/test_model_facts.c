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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_killed_by),
		cmocka_unit_test(test_block_held_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
