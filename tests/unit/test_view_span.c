/*
 * A damaged trace can span 2^63 ns and more (one event stamped near the end
 * of time): the timeline's signed positions overflowed, so End showed an
 * empty view (and UBSan, in make asan, reported it). The view now stops at
 * 2^62 ns: End shows the ruler there and the thread still running.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live/live.h"
#include "tracefile/writer.h"

static char path[] = "/tmp/schedscope-unit-span.XXXXXX";

/* main 100 starts running on CPU 0 at 2 us and switches out at far_ns. */
static void write_span(uint64_t far_ns)
{
	struct ss_trace_info in = { .ncpus = 1, .start_ns = 1000, .root_pid = 100 };
	struct ss_trace_end *end = calloc(1, sizeof(*end));
	struct ss_task t = { .ts_ns = 1000, .pid = 100, .tgid = 100, .ppid = 1, .comm = "main",
			     .flags = SS_TASKF_IN_TREE };
	struct ss_event e = { .ts_ns = 2000, .kind = SS_SWITCH, .cpu = 0, .pid = 0 };
	struct ss_writer *w;
	char err[256];

	w = ss_writer_open(path, &in, err, sizeof(err));
	assert_non_null(w);
	ss_writer_task(w, &t);
	e.sw.next_pid = 100;
	ss_writer_event(w, &e);
	e.ts_ns = far_ns;
	e.pid = 100;
	e.sw.next_pid = 0;
	e.sw.prev_state = SS_ST_S;
	ss_writer_event(w, &e);
	end->stop_ns = far_ns + 10;
	end->ncpus = 1;
	assert_int_equal(ss_writer_close(w, end), 0);
	free(end);
}

/* The text of the last frame after pressing keys, into buf. */
static void frame_after(const char *keys, char *buf, size_t size)
{
	struct live_opts o = { .title = "span" };
	struct live_batch_opts b = { .w = 100, .h = 24, .frames = 1, .keys = keys, .ascii = true };
	char *text = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	const char *last;

	assert_non_null(f);
	assert_int_equal(live_batch(path, 0, &o, &b, f, err, sizeof(err)), 0);
	fclose(f);
	last = strstr(text, "--- frame 2 of 2 ---");
	assert_non_null(last);
	snprintf(buf, size, "%s", last);
	free(text);
}

static void test_end_of_a_huge_span(void **state)
{
	static const uint64_t far[] = { 0x8000000000001000ull, 0xfffffffffffff000ull, 0x4000000000001000ull };
	char buf[8192];

	(void)state;
	for (size_t i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
		write_span(far[i]);
		frame_after("End", buf, sizeof(buf));
		/* 2^62 ns is 4611686018 s: the ruler's last labels lie before it */
		assert_non_null(strstr(buf, "10s/cell          4611685"));
		assert_non_null(strstr(buf, "\nCPU 0      main####"));
		frame_after("Home", buf, sizeof(buf));
		assert_non_null(strstr(buf, "\nCPU 0      "));
	}
}

static int setup(void **state)
{
	int fd = mkstemp(path);

	(void)state;
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_end_of_a_huge_span),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
