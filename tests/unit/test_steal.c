/*
 * The host's steal time, as the recorder samples it (tracer/steal.c): the
 * per-CPU counters of /proc/stat's text in ns, and a series from the running
 * machine's own /proc/stat that starts at zero, never goes back, and always
 * has the recording's last moment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tracer/steal.h"

static void test_parse(void **state)
{
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	const char *text = "cpu  35159 1 12415 54559 1013 0 329 9016 0 0\n"
			   "cpu0 16765 1 5782 29007 101 0 36 4640 0 0\n"
			   "cpu1 18393 0 6632 25551 912 0 292 4375 0 0\n"
			   "cpu7 1 1 1 1 1 1 1 99 0 0\n"          /* past ncpus: not ours */
			   "cpu2 1 2 3\n"                         /* too short: not read */
			   "intr 123 0 9 0\n"
			   "ctxt 4526016\n";
	uint64_t out[3] = { 1, 1, 1 };

	(void)state;
	assert_int_equal(ss_steal_parse(text, 3, 100, out), 2);
	assert_int_equal(out[0], 4640ull * 10000000);
	assert_int_equal(out[1], 4375ull * 10000000);
	assert_int_equal(out[2], 0);
	assert_int_equal(ss_steal_parse("", 3, 100, out), 0);
	assert_int_equal(ss_steal_parse(text, 3, 0, out), 0);   /* no clock rate: nothing */
}

static void test_series_from_this_machine(void **state)
{
	struct ss_steal_rec s;

	(void)state;
	assert_int_equal(ss_steal_start(&s, 2, 1000), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ts[0], 1000);
	assert_int_equal(s.cum[0], 0);
	assert_int_equal(s.cum[1], 0);
	ss_steal_sample(&s, 2000, true);   /* the last one is always kept */
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ts[1], 2000);
	for (unsigned c = 0; c < 2; c++)
		assert_true(s.cum[2 + c] >= s.cum[c]);
	ss_steal_free(&s);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.fd, -1);
	ss_steal_free(&s);                 /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_series_from_this_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
