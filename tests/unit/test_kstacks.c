/*
 * Kernel stacks without a kernel: the STACKS chunk's kernel stack entry
 * round-trips and refuses damage at every cut; the model keeps a fault's
 * kernel stack with its sleep; and the words leave out the tracing's and
 * the scheduler's generic frames, and no more, and say D.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/explain.h"
#include "model/stacks.h"
#include "tests/unit/model_feed.h"
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

/* ---- the words ---- */

static void add_kstack(struct ss_stacks *s, uint32_t id, const char *const *fn, unsigned n)
{
	struct ss_kstack k = { .id = id, .n = (uint16_t)n };

	for (unsigned i = 0; i < n; i++)
		snprintf(k.fn[i], sizeof(k.fn[i]), "%s", fn[i]);
	assert_int_equal(ss_stacks_kadd(s, &k), 0);
}

static const char *const fault[] = {
	"bpf_prog_a759d53c58e09789_handle_switch", "bpf_trace_run4", "__schedule", "schedule", "io_schedule",
	"folio_wait_bit_common", "filemap_fault", "__do_fault", "do_fault", "handle_mm_fault",
	"exc_page_fault", "asm_exc_page_fault",
};

static void test_words(void **state)
{
	static const char *const mutex[] = { "__traceiter_sched_switch", "__schedule", "schedule",
					     "schedule_preempt_disabled", "__mutex_lock" };
	static const char *const generic[] = { "bpf_trace_run4", "__schedule", "schedule" };
	static const char *const inner[] = { "__schedule_loop", "schedule_timeout" };
	int d = ss_state_index(SS_ST_D), s = ss_state_index(SS_ST_S);
	struct ss_stacks t;
	char buf[512];

	(void)state;
	ss_stacks_init(&t);
	add_kstack(&t, 1, fault, sizeof(fault) / sizeof(fault[0]));
	add_kstack(&t, 2, mutex, 5);
	add_kstack(&t, 3, generic, 3);
	add_kstack(&t, 4, inner, 2);
	assert_string_equal(ss_explain_kstack(&t, 1, (unsigned)d, 4, buf, sizeof(buf)),
			    " in the kernel, uninterruptibly (D): io_schedule <- folio_wait_bit_common <- "
			    "filemap_fault <- __do_fault");
	assert_string_equal(ss_explain_kstack(&t, 1, (unsigned)d, 0, buf, sizeof(buf)),
			    " in the kernel, uninterruptibly (D): io_schedule <- folio_wait_bit_common <- "
			    "filemap_fault <- __do_fault <- do_fault <- handle_mm_fault <- exc_page_fault <- "
			    "asm_exc_page_fault");
	/* a mutex says it is one: schedule_preempt_disabled is kept */
	assert_string_equal(ss_explain_kstack(&t, 2, (unsigned)s, 2, buf, sizeof(buf)),
			    " in the kernel: schedule_preempt_disabled <- __mutex_lock");
	/* nothing but the generic frames, no stack, id 0: no words */
	assert_string_equal(ss_explain_kstack(&t, 3, (unsigned)d, 4, buf, sizeof(buf)), "");
	assert_string_equal(ss_explain_kstack(&t, 9, (unsigned)d, 4, buf, sizeof(buf)), "");
	assert_string_equal(ss_explain_kstack(&t, 0, (unsigned)d, 4, buf, sizeof(buf)), "");
	/* only names equal to the generic ones go, not names that start alike */
	assert_string_equal(ss_explain_kstack(&t, 4, (unsigned)s, 4, buf, sizeof(buf)),
			    " in the kernel: __schedule_loop <- schedule_timeout");
	/* a small buffer is cut, and ended */
	ss_explain_kstack(&t, 1, (unsigned)d, 0, buf, 24);
	assert_int_equal(strlen(buf), 23);
	ss_stacks_free(&t);
}

/* A page fault's sleep, fed to the model: kept for its kernel stack alone
 * (no syscall, no user stack, an untraced waker), and why says where. */
static void test_model_says_it(void **state)
{
	struct ss_model m;
	struct ss_sink k;
	struct ss_kstack ks = { .id = 1, .n = sizeof(fault) / sizeof(fault[0]) };
	const struct ss_thread *t;
	char buf[1024];

	(void)state;
	for (unsigned i = 0; i < ks.n; i++)
		snprintf(ks.fn[i], sizeof(ks.fn[i]), "%s", fault[i]);
	assert_int_equal(feed_init(&m, 2), 0);
	feed_task(&m, 100, 100, "reader", true);
	feed_task(&m, 555, 555, "other", false);
	ss_model_sink(&m, &k);
	k.kstack(k.ctx, &ks);
	feed_switch(&m, 500, 0, 0, SS_ST_RUNNING, 100);
	feed_event(&m, (struct ss_event){ .ts_ns = 1000, .kind = SS_BLOCK, .cpu = 0, .pid = 100,
					  .block = { .nr = -1, .fd = -1, .kstack = 1 } });
	feed_switch(&m, 1000, 0, 100, SS_ST_D, 0);
	feed_event(&m, (struct ss_event){ .ts_ns = 3001000, .kind = SS_WAKING, .cpu = 1, .pid = 555,
					  .wake = { .wakee = 100, .target_cpu = 0 } });
	feed_switch(&m, 3100000, 0, 0, SS_ST_RUNNING, 100);
	feed_switch(&m, 3200000, 0, 100, SS_ST_S, 0);
	t = ss_model_thread(&m, 100);
	assert_non_null(t);
	assert_int_equal(t->nwaits, 1);
	assert_int_equal(t->waits[0].kstack, 1);
	ss_explain_wait(&m, t, &t->waits[0], buf, sizeof(buf));
	assert_non_null(strstr(buf, "blocked 3.00 ms asleep outside any syscall"));
	assert_non_null(strstr(buf, " in the kernel, uninterruptibly (D): io_schedule <- folio_wait_bit_common <- "
				    "filemap_fault <- __do_fault;"));
	ss_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunk_round_trip),
		cmocka_unit_test(test_chunk_damage),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_model_says_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
