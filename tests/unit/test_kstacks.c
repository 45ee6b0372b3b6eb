/*
 * Kernel stacks without a kernel: the STACKS chunk's kernel stack entry
 * round-trips and refuses damage at every cut.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/stacks.h"
#include "tracefile/stacks_chunk.h"

/* ---- the STACKS chunk's kernel stack entry ---- */

static void fill_kstack(struct ss_kstack *k, uint32_t id)
{
	memset(k, 0, sizeof(*k));
	k->id = id;
	k->n = 4;
	strcpy(k->fn[0], "__schedule");
	strcpy(k->fn[1], "io_schedule");
	strcpy(k->fn[2], "?");
	strcpy(k->fn[3], "filemap_fault");
}

static void encode(struct buf *b)
{
	struct ss_kstack k;

	fill_kstack(&k, 1);
	ss_enc_kstack(b, &k);
	fill_kstack(&k, 2);
	k.n = SS_KSTACK_MAX;
	for (unsigned i = 0; i < SS_KSTACK_MAX; i++)
		snprintf(k.fn[i], sizeof(k.fn[i]), "f%u", i);
	ss_enc_kstack(b, &k);
}

static void test_chunk_round_trip(void **state)
{
	struct buf b = { 0 };
	struct ss_stacks t;
	struct ss_kstack want;

	(void)state;
	encode(&b);
	ss_stacks_init(&t);
	assert_int_equal(ss_dec_stacks(b.p, (uint32_t)b.len, 2, &t), 0);
	assert_int_equal(t.nk, 2);
	fill_kstack(&want, 1);
	assert_memory_equal(ss_stacks_kfind(&t, 1), &want, sizeof(want));
	assert_int_equal(ss_stacks_kfind(&t, 2)->n, SS_KSTACK_MAX);
	assert_string_equal(ss_stacks_kfind(&t, 2)->fn[SS_KSTACK_MAX - 1], "f31");
	assert_null(ss_stacks_kfind(&t, 3));
	assert_null(ss_stacks_kfind(&t, 0));
	assert_null(ss_stacks_find(&t, 1));        /* user and kernel ids are apart */
	ss_stacks_free(&t);
	buf_free(&b);
}

static void test_chunk_damage(void **state)
{
	struct buf b = { 0 };
	struct ss_stacks t;
	struct ss_kstack k;

	(void)state;
	encode(&b);
	for (size_t cut = 0; cut < b.len; cut++) {
		ss_stacks_init(&t);
		assert_int_equal(ss_dec_stacks(b.p, (uint32_t)cut, 2, &t), -EINVAL);
		ss_stacks_free(&t);
	}
	buf_free(&b);
	/* more frames than a kernel stack holds, an empty name, id 0 */
	for (int bad = 0; bad < 3; bad++) {
		fill_kstack(&k, bad == 2 ? 0 : 1);
		if (bad == 0)
			k.n = SS_KSTACK_MAX + 1;
		if (bad == 1)
			k.fn[2][0] = 0;
		memset(&b, 0, sizeof(b));
		ss_enc_kstack(&b, &k);
		ss_stacks_init(&t);
		assert_int_equal(ss_dec_stacks(b.p, (uint32_t)b.len, 1, &t), -EINVAL);
		assert_int_equal(t.nk, 0);
		ss_stacks_free(&t);
		buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunk_round_trip),
		cmocka_unit_test(test_chunk_damage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
