/*
 * The model's searches of a CPU lane (model/query.c) give one answer by any
 * route: ss_model_cpu_find_after, which gallops out from a guess made with
 * the lane's mean rate, against ss_model_cpu_find's plain search, on lanes
 * whose runs come in bursts between long idle stretches (where the guess
 * lands far off, on either side), on a lane of one run and on an empty one,
 * for every moment near a run's start and every hint, right or wrong; and
 * the busy time its prefix sums give, against the runs added up one by one.
 * Times are ns after FEED_S0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/model_feed.h"

/* CPU 0: bursts of runs 10 ns apart, the k-th burst k * 7 runs long, each
 * after an idle stretch of 1 ms; CPU 1: one run; CPU 2: none. */
static void bursty(struct ss_model *m)
{
	uint64_t ts = 1000;

	assert_int_equal(feed_init(m, 3), 0);
	feed_task(m, 10, 10, "ten", true);
	feed_task(m, 11, 11, "eleven", true);
	for (unsigned k = 1; k <= 12; k++) {
		uint32_t prev = 0;

		for (unsigned r = 0; r < k * 7; r++, ts += 10) {
			uint32_t next = r % 2 ? 11 : 10;

			feed_switch(m, ts, 0, prev, SS_ST_PREEMPTED, next);
			prev = next;
		}
		feed_switch(m, ts, 0, prev, SS_ST_S, 0);
		ts += 1000000;
	}
	feed_switch(m, 500, 1, 0, 0, 10);
	feed_switch(m, 700, 1, 10, SS_ST_S, 0);
	ss_model_finish(m, FEED_S0 + ts, 0);
	assert_null(m->failed);
}

/* Every hint for ts: the right answer, runs before it near and far, none,
 * runs after it (a wrong hint), past the lane. */
static void check_hints(const struct ss_model *m, unsigned cpu, uint64_t ts)
{
	long want = ss_model_cpu_find(m, cpu, ts), n = (long)m->cpu[cpu].n;
	const long hints[] = { want, want - 1, want - 2, want - 5, want - 40, want - 300, 0, -1,
			       want + 1, want + 50, n - 1, n, n + 10 };

	for (size_t h = 0; h < sizeof(hints) / sizeof(hints[0]); h++) {
		long got = ss_model_cpu_find_after(m, cpu, ts, hints[h] < -1 ? -1 : hints[h]);

		if (got != want)
			fail_msg("cpu %u ts %llu hint %ld: %ld, not %ld", cpu, (unsigned long long)ts, hints[h],
				 got, want);
	}
}

static void test_find_after_agrees(void **state)
{
	struct ss_model m;

	(void)state;
	bursty(&m);
	assert_true(m.cpu[0].n > 500);
	assert_int_equal(m.cpu[1].n, 1);
	assert_int_equal(m.cpu[2].n, 0);
	for (unsigned cpu = 0; cpu < 3; cpu++) {
		check_hints(&m, cpu, 0);
		check_hints(&m, cpu, m.end_ns + 1000000000ull);
		check_hints(&m, cpu, UINT64_MAX);
		for (size_t i = 0; i < m.cpu[cpu].n; i++) {
			const struct ss_slice *s = &m.cpu[cpu].v[i];

			check_hints(&m, cpu, s->start_ns - 1);
			check_hints(&m, cpu, s->start_ns);
			check_hints(&m, cpu, s->start_ns + 1);
			check_hints(&m, cpu, s->end_ns + 500000);   /* inside an idle stretch */
		}
	}
	ss_model_free(&m);
}

/* A lane walked cell by cell, each search out from the last one's answer,
 * as the timeline does: cells of every width, from narrower than a run to
 * wider than a burst. */
static void test_find_after_walk(void **state)
{
	struct ss_model m;

	(void)state;
	bursty(&m);
	for (uint64_t w = 3; w < 50000000ull; w = w * 3 + 1) {
		long lo = ss_model_cpu_find(&m, 0, m.start_ns);

		for (uint64_t a = m.start_ns; a < m.end_ns; a += w) {
			long want = ss_model_cpu_find(&m, 0, a + w - 1), got = ss_model_cpu_find_after(&m, 0, a + w - 1, lo);

			if (got != want)
				fail_msg("cell width %llu at %llu: %ld, not %ld", (unsigned long long)w,
					 (unsigned long long)a, got, want);
			lo = got;
		}
	}
	ss_model_free(&m);
}

/* Busy time over windows of every width and place, against the sum of each
 * run's overlap: the prefix sums are read from the nearer side of a block. */
static void test_busy_agrees(void **state)
{
	struct ss_model m;

	(void)state;
	bursty(&m);
	for (uint64_t w = 7; w < 50000000ull; w = w * 3 + 1)
		for (size_t r = 0; r < m.cpu[0].n * 2; r++) {
			/* from 4 ns before each run's start, or 3 ns after it */
			uint64_t a = m.cpu[0].v[r / 2].start_ns + (r % 2 ? 3 : 0) - (r % 2 ? 0 : 4);
			uint64_t want = 0, got = ss_model_cpu_busy(&m, 0, a, a + w);

			for (size_t i = 0; i < m.cpu[0].n; i++)
				want += ss_overlap_ns(m.cpu[0].v[i].start_ns, m.cpu[0].v[i].end_ns, a, a + w);
			if (got != want)
				fail_msg("busy in [%llu, +%llu): %llu, not %llu", (unsigned long long)a,
					 (unsigned long long)w, (unsigned long long)got, (unsigned long long)want);
		}
	ss_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_after_agrees),
		cmocka_unit_test(test_find_after_walk),
		cmocka_unit_test(test_busy_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
