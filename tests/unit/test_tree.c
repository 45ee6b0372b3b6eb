/*
 * The traced tree's living members (tracer/tree.c), with a real child
 * process: it is signalled only while /proc says it began no later than our
 * record of it, so a pid the kernel has given to another process since (its
 * exit lost with the records) is never signalled; an exit forgets it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tracer/tree.h"

static uint64_t boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* A tree holding one member, the child, recorded at ts. */
static struct ss_tree *tree_of(pid_t child, uint64_t ts)
{
	struct ss_tree *t = ss_tree_new();
	struct ss_task task = { .ts_ns = ts, .pid = (uint32_t)child, .tgid = (uint32_t)child,
				.flags = SS_TASKF_IN_TREE, .prev = -1 };

	assert_non_null(t);
	ss_tree_task(t, &task);
	return t;
}

static void test_signal_only_the_process_we_saw(void **state)
{
	pid_t child = fork();
	struct ss_tree *t;
	int status;

	(void)state;
	assert_true(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	/* recorded long before the child began: another process's pid */
	t = tree_of(child, 1);
	assert_int_equal(ss_tree_alive(t), 1);
	assert_int_equal(ss_tree_signal(t, SIGTERM), 0);
	ss_tree_free(t);
	/* recorded after it began: ours */
	t = tree_of(child, boot_ns());
	assert_int_equal(ss_tree_signal(t, SIGTERM), 1);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	/* gone: forgotten, and nothing is signalled */
	assert_int_equal(ss_tree_alive(t), 0);
	assert_int_equal(ss_tree_signal(t, SIGTERM), 0);
	ss_tree_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signal_only_the_process_we_saw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
