/*
 * The k-way merge (util/merge.h) that both the decoder's flush and the trace
 * reader's iterator use: exact order on equal times (lower source first,
 * each source's own order kept) and many sources against a reference sort.
 * tests/unit/test_decoder.c checks the decoder's flush through it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/merge.h"

/* An item of a source: its time and where it was in that source. */
struct item {
	uint64_t ts_ns;
	uint32_t src, seq;
};

/* Merges nsrc sorted sources (lens[s] items each) and writes the order out. */
static size_t run_merge(struct item **srcs, const uint32_t *lens, uint32_t nsrc, struct item *out)
{
	struct merge m;
	uint32_t *pos = calloc(nsrc, sizeof(*pos)), s;
	size_t n = 0;

	assert_non_null(pos);
	assert_int_equal(merge_init(&m, nsrc), 0);
	/* pushed in reverse, so the order cannot come from the order of pushing */
	for (s = nsrc; s-- > 0;)
		if (lens[s])
			assert_int_equal(merge_push(&m, s, srcs[s][0].ts_ns), 0);
	while (merge_top(&m, &s)) {
		out[n++] = srcs[s][pos[s]++];
		if (pos[s] < lens[s])
			merge_advance(&m, srcs[s][pos[s]].ts_ns);
		else
			merge_drop(&m);
	}
	merge_free(&m);
	free(pos);
	return n;
}

/* Four sources, all at the same few times: ties go to the lower source, and
 * a source's equal-time items stay in its own order. */
static void test_ties(void **state)
{
	static struct item a[] = { { 10, 0, 0 }, { 10, 0, 1 }, { 20, 0, 2 } };
	static struct item b[] = { { 10, 1, 0 }, { 20, 1, 1 }, { 20, 1, 2 } };
	static struct item c[] = { { 5, 2, 0 }, { 10, 2, 1 } };
	static struct item d[] = { { 10, 3, 0 }, { 10, 3, 1 }, { 10, 3, 2 } };
	struct item *srcs[] = { a, b, c, d }, out[16];
	const uint32_t lens[] = { 3, 3, 2, 3 };
	/* (src, seq) in the one right order */
	static const uint32_t want[][2] = {
		{ 2, 0 },                                   /* 5 */
		{ 0, 0 }, { 0, 1 }, { 1, 0 }, { 2, 1 },     /* 10: source 0 first, then 1, 2, 3 */
		{ 3, 0 }, { 3, 1 }, { 3, 2 },
		{ 0, 2 }, { 1, 1 }, { 1, 2 },               /* 20 */
	};
	size_t n;

	(void)state;
	n = run_merge(srcs, lens, 4, out);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(out[i].src, want[i][0]);
		assert_int_equal(out[i].seq, want[i][1]);
	}
}

static int by_ts_src_seq(const void *x, const void *y)
{
	const struct item *a = x, *b = y;

	if (a->ts_ns != b->ts_ns)
		return a->ts_ns < b->ts_ns ? -1 : 1;
	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* 1000 sources of 0..60 items on a coarse clock (many ties), some empty:
 * the merge is exactly the sort by (time, source, position). */
static void test_many_sources(void **state)
{
	enum { NSRC = 1000, MAXLEN = 60 };
	struct item *srcs[NSRC], *all = calloc(NSRC * MAXLEN, sizeof(*all));
	struct item *out = calloc(NSRC * MAXLEN, sizeof(*out));
	uint32_t lens[NSRC];
	size_t total = 0, n;
	unsigned seed = 12345;

	(void)state;
	assert_non_null(all);
	assert_non_null(out);
	for (uint32_t s = 0; s < NSRC; s++) {
		uint64_t t = rand_r(&seed) % 50;

		lens[s] = s % 97 == 0 ? 0 : (uint32_t)(rand_r(&seed) % (MAXLEN + 1));
		srcs[s] = all + total;
		for (uint32_t i = 0; i < lens[s]; i++) {
			t += rand_r(&seed) % 3;       /* steps of 0, 1 or 2 ns */
			srcs[s][i] = (struct item){ t, s, i };
		}
		total += lens[s];
	}
	n = run_merge(srcs, lens, NSRC, out);
	assert_int_equal(n, total);
	qsort(all, total, sizeof(*all), by_ts_src_seq);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(out[i].ts_ns, all[i].ts_ns);
		assert_int_equal(out[i].src, all[i].src);
		assert_int_equal(out[i].seq, all[i].seq);
	}
	free(all);
	free(out);
}

/* No more sources than it was made for; dropping the last empties it. */
static void test_bounds(void **state)
{
	struct merge m;
	uint32_t s = 99;

	(void)state;
	assert_int_equal(merge_init(&m, 2), 0);
	assert_false(merge_top(&m, &s));
	assert_int_equal(merge_push(&m, 1, 7), 0);
	assert_int_equal(merge_push(&m, 0, 7), 0);
	assert_int_equal(merge_push(&m, 2, 1), -ENOSPC);
	assert_true(merge_top(&m, &s));
	assert_int_equal(s, 0);
	merge_advance(&m, 3);                  /* earlier than before: still the top */
	assert_true(merge_top(&m, &s));
	assert_int_equal(s, 0);
	merge_drop(&m);
	assert_true(merge_top(&m, &s));
	assert_int_equal(s, 1);
	merge_drop(&m);
	assert_false(merge_top(&m, &s));
	merge_free(&m);
}

/* The top is source want. */
static void assert_top(const struct merge *m, uint32_t want)
{
	uint32_t s = 99;

	assert_true(merge_top(m, &s));
	assert_int_equal(s, want);
}

/* Emptied and filled again (the decoder does so every flush), and a source
 * pushed while others are in: the top is the least of those in, each time. */
static void test_refill(void **state)
{
	struct merge m;
	uint32_t s;

	(void)state;
	assert_int_equal(merge_init(&m, 5), 0);
	assert_int_equal(merge_push(&m, 3, 40), 0);
	assert_int_equal(merge_push(&m, 4, 20), 0);
	assert_top(&m, 4);
	merge_advance(&m, 50);
	assert_top(&m, 3);
	assert_int_equal(merge_push(&m, 1, 45), 0);      /* after 3's 40, before 4's 50 */
	merge_advance(&m, 60);                          /* 3 */
	assert_top(&m, 1);
	merge_clear(&m);
	assert_false(merge_top(&m, &s));
	assert_int_equal(merge_push(&m, 2, 9), 0);
	assert_int_equal(merge_push(&m, 0, 9), 0);
	assert_top(&m, 0);
	merge_drop(&m);
	assert_top(&m, 2);
	merge_drop(&m);
	assert_false(merge_top(&m, &s));
	merge_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_many_sources),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_refill),
	};

	return cmocka_run_group_tests_name("merge", tests, NULL, NULL);
}
