/*
 * The latency distributions (model/latency.c) on a synthetic trace whose
 * every wait is known: thread A is preempted 100 times and waits 1, 2, ...
 * 100 us for CPU 0 (held by B, which waits 1 us each time in turn); thread
 * C on CPU 1 sleeps three times in nanosleep and twice outside any
 * syscall, and waits 0.5 us for its CPU after each wakeup. Counts,
 * percentiles, buckets and tails are checked exactly, against the model's
 * own statistics where it keeps them. Times are ns after FEED_S0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/latency.h"
#include "model/syscalls.h"
#include "tests/unit/model_feed.h"

#define US 1000ull

static void build(struct ss_model *m)
{
	uint64_t t = 1000;

	assert_int_equal(feed_init(m, 2), 0);
	feed_task(m, 7, 7, "A", true);
	feed_task(m, 8, 7, "B", true);
	feed_task(m, 9, 9, "C", true);
	/* CPU 0: A runs 1 us, B runs i us (A waits), A runs 1 us (B waits)... */
	feed_switch(m, t, 0, 0, 0, 7);
	for (uint64_t i = 1; i <= 100; i++) {
		t += US;
		feed_switch(m, t, 0, 7, SS_ST_PREEMPTED, 8);
		t += i * US;
		feed_switch(m, t, 0, 8, SS_ST_PREEMPTED, 7);
	}
	t += US;
	feed_switch(m, t, 0, 7, SS_ST_Z, 0);
	/* CPU 1: C sleeps 10, 20, 30 us in nanosleep, then 5 and 7 us in no syscall */
	static const uint64_t sleeps[] = { 10, 20, 30, 5, 7 };
	t = 1000;
	feed_switch(m, t, 1, 0, 0, 9);
	for (size_t i = 0; i < 5; i++) {
		t += US;
		if (i < 3)
			feed_event(m, (struct ss_event){ .ts_ns = t - 1, .kind = SS_BLOCK, .cpu = 1, .pid = 9,
						  .block = { .nr = ss_syscall_nr(NULL, "clock_nanosleep"), .fd = -1 } });
		feed_switch(m, t, 1, 9, SS_ST_S, 0);
		t += sleeps[i] * US;
		feed_event(m, (struct ss_event){ .ts_ns = t, .kind = SS_WAKING, .cpu = 1, .pid = 0, .wake = { 9, 1 } });
		t += US / 2;
		feed_switch(m, t, 1, 0, 0, 9);
	}
	feed_switch(m, t + US, 1, 9, SS_ST_Z, 0);
	ss_model_finish(m, FEED_S0 + 100 * 1000 * US, 0);
}

static void test_counts_percentiles_tail(void **state)
{
	struct ss_latency l;
	struct ss_model m;
	const struct ss_lat_hist *a, *b, *c, *h;
	uint64_t lo, hi;

	(void)state;
	build(&m);
	assert_int_equal(ss_latency_build(&m, 0, &l), 0);
	/* A: 100 waits of 1..100 us */
	a = ss_latency_find(&m, &l, SS_LAT_THREAD, 7, SS_LAT_RUNQ, 0);
	assert_non_null(a);
	assert_int_equal(a->count, 100);
	assert_int_equal(a->sum_ns, 5050 * US);
	assert_int_equal(a->sum_ns, ss_model_thread(&m, 7)->st.wait_ns);
	assert_int_equal(a->p50_ns, 50 * US);
	assert_int_equal(a->p90_ns, 90 * US);
	assert_int_equal(a->p99_ns, 99 * US);
	assert_int_equal(a->max_ns, 100 * US);
	assert_int_equal(a->max_ns, ss_model_thread(&m, 7)->st.wait_max_ns);
	/* log2 buckets of us: [0,2) [2,4) [4,8) ... [64,128) */
	static const uint64_t want[7] = { 1, 2, 4, 8, 16, 32, 37 };
	for (unsigned k = 0; k < SS_LAT_BUCKETS; k++)
		assert_int_equal(a->bucket[k], k < 7 ? want[k] : 0);
	/* the tail: the 100 and the 99 us waits, longest first, with their moment */
	assert_int_equal(a->ntail, 2);
	assert_int_equal(l.waits[a->tail[0]].dur_ns, 100 * US);
	assert_int_equal(l.waits[a->tail[1]].dur_ns, 99 * US);
	assert_int_equal(l.waits[a->tail[0]].tid, 7);
	assert_int_equal(l.waits[a->tail[0]].cpu, 0);
	assert_int_equal(l.waits[a->tail[0]].ts_ns, FEED_S0 + 1000 + 100 * US + (99 * 100 / 2) * US);
	/* B: 99 waits of 1 us (its first run came with no wait seen): every one is the tail */
	b = ss_latency_find(&m, &l, SS_LAT_THREAD, 8, SS_LAT_RUNQ, 0);
	assert_int_equal(b->count, 99);
	assert_int_equal(b->p50_ns, US);
	assert_int_equal(b->max_ns, US);
	assert_int_equal(b->ntail, 99);
	/* CPU 0 holds A's and B's waits; CPU 1 C's five */
	assert_int_equal(ss_latency_find(&m, &l, SS_LAT_CPU, 0, SS_LAT_RUNQ, 0)->count, 199);
	h = ss_latency_find(&m, &l, SS_LAT_CPU, 1, SS_LAT_RUNQ, 0);
	assert_int_equal(h->count, 5);
	assert_int_equal(h->max_ns, US / 2);
	assert_int_equal(ss_latency_find(&m, &l, SS_LAT_ALL, 0, SS_LAT_RUNQ, 0)->count, 204);
	/* C's sleeps, by reason; as many as the model's statistics count */
	c = ss_latency_find(&m, &l, SS_LAT_THREAD, 9, SS_LAT_BLOCKED, SS_R_SLEEP);
	assert_int_equal(c->count, 3);
	assert_int_equal(c->p50_ns, 20 * US);
	assert_int_equal(c->max_ns, 30 * US);
	h = ss_latency_find(&m, &l, SS_LAT_THREAD, 9, SS_LAT_BLOCKED, SS_R_UNKNOWN);
	assert_int_equal(h->count, 2);
	assert_int_equal(h->max_ns, 7 * US);
	assert_int_equal(c->count + h->count, ss_model_thread(&m, 9)->st.sleeps);
	assert_int_equal(c->sum_ns + h->sum_ns, ss_model_thread(&m, 9)->st.blocked_ns);
	assert_null(ss_latency_find(&m, &l, SS_LAT_CPU, 1, SS_LAT_BLOCKED, SS_R_SLEEP));
	assert_null(ss_latency_find(&m, &l, SS_LAT_THREAD, 7, SS_LAT_BLOCKED, SS_R_SLEEP));
	/* every wait is counted once in each of its scopes */
	uint64_t in[3] = { 0, 0, 0 };
	for (size_t i = 0; i < l.nhists; i++)
		in[l.hists[i].scope] += l.hists[i].count;
	assert_int_equal(l.nwaits, 204 + 5);
	assert_int_equal(in[SS_LAT_ALL], l.nwaits);
	assert_int_equal(in[SS_LAT_THREAD], l.nwaits);
	assert_int_equal(in[SS_LAT_CPU], 204);
	ss_lat_bucket_us(3, &lo, &hi);
	assert_int_equal(lo, 8);
	assert_int_equal(hi, 15);
	ss_latency_free(&l);
	/* one process: only C */
	assert_int_equal(ss_latency_build(&m, 9, &l), 0);
	for (size_t i = 0; i < l.nhists; i++)
		assert_true(l.hists[i].scope != SS_LAT_THREAD || l.hists[i].id == 9);
	assert_int_equal(ss_latency_find(&m, &l, SS_LAT_ALL, 0, SS_LAT_RUNQ, 0)->count, 5);
	ss_latency_free(&l);
	ss_model_free(&m);
}

/* The moments behind the tails, in time order: over all threads, the run
 * queue's p99 is 98 us (rank 202 of 204), so A's 98, 99 and 100 us waits;
 * C's sleeps' tails are its 30 us nanosleep and its 7 us sleep outside a
 * syscall, both earlier. */
static void test_tail_moments(void **state)
{
	struct ss_latency l;
	struct ss_model m;
	uint32_t *v;
	long n;
	static const uint64_t all_us[] = { 30, 7, 98, 99, 100 };

	(void)state;
	build(&m);
	assert_int_equal(ss_latency_build(&m, 0, &l), 0);
	n = ss_latency_tail_moments(&l, SS_LAT_ALL, 0, &v);
	assert_int_equal(n, 5);
	for (long i = 0; i < n; i++) {
		assert_int_equal(l.waits[v[i]].dur_ns, all_us[i] * US);
		assert_int_equal(l.waits[v[i]].tid, i < 2 ? 9 : 7);
		assert_int_equal(l.waits[v[i]].kind, i < 2 ? SS_LAT_BLOCKED : SS_LAT_RUNQ);
		if (i)
			assert_true(l.waits[v[i]].ts_ns > l.waits[v[i - 1]].ts_ns);
	}
	assert_int_equal(l.waits[v[0]].reason, SS_R_SLEEP);
	assert_int_equal(l.waits[v[1]].reason, SS_R_UNKNOWN);
	free(v);
	/* one thread: A's two longest */
	n = ss_latency_tail_moments(&l, SS_LAT_THREAD, 7, &v);
	assert_int_equal(n, 2);
	assert_int_equal(l.waits[v[0]].dur_ns, 99 * US);
	assert_int_equal(l.waits[v[1]].dur_ns, 100 * US);
	free(v);
	/* C: its five 0.5 us run-queue waits (all of them the tail) and its two sleeps, in time order */
	n = ss_latency_tail_moments(&l, SS_LAT_THREAD, 9, &v);
	assert_int_equal(n, 7);
	for (long i = 1; i < n; i++)
		assert_true(l.waits[v[i]].ts_ns > l.waits[v[i - 1]].ts_ns);
	free(v);
	/* CPU 1: C's five run-queue waits */
	assert_int_equal(ss_latency_tail_moments(&l, SS_LAT_CPU, 1, &v), 5);
	free(v);
	/* a thread with no waits: none */
	assert_int_equal(ss_latency_tail_moments(&l, SS_LAT_THREAD, 1234, &v), 0);
	assert_null(v);
	ss_latency_free(&l);
	ss_model_free(&m);
}

static void test_buckets(void **state)
{
	(void)state;
	assert_int_equal(ss_lat_bucket(0), 0);
	assert_int_equal(ss_lat_bucket(1999), 0);      /* 1 us */
	assert_int_equal(ss_lat_bucket(2000), 1);
	assert_int_equal(ss_lat_bucket(1000000), 9);   /* 1000 us: [512, 1024) */
	assert_int_equal(ss_lat_bucket(UINT64_MAX), SS_LAT_BUCKETS - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_percentiles_tail),
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_tail_moments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
