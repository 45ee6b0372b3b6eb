/*
 * Kernel stacks without a kernel: the kallsyms table names an address by
 * the last symbol at or below it (exact, between, before the first, past
 * the last, a gap), and reads a kallsyms file keeping text symbols only;
 * the STACKS chunk's kernel stack entry round-trips and refuses damage at
 * every cut; the decoder reads each new kernel stack id once, names it and
 * hands it on before the event that names it, and gives 0 for one it could
 * not read; the model keeps a fault's kernel stack with its sleep, and
 * says it was a page fault; and the words leave out the tracing's and the
 * scheduler's generic frames, and no more, and say D.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>

#include "model/explain.h"
#include "model/stacks.h"
#include "symbols/ksyms.h"
#include "tests/unit/model_feed.h"
#include "tracefile/codec.h"
#include "tracefile/format.h"
#include "tracefile/stacks_chunk.h"
#include "tracer/decoder.h"
#include "tracer/sched.h"

/* ---- the kallsyms table ---- */

static void small_table(struct ss_ksyms *k)
{
	memset(k, 0, sizeof(*k));
	/* out of order, as /proc/kallsyms lists the bpf programs last */
	assert_int_equal(ss_ksyms_add(k, 0xffffffff81003000, "third"), 0);
	assert_int_equal(ss_ksyms_add(k, 0xffffffff81001000, "first"), 0);
	assert_int_equal(ss_ksyms_add(k, 0xffffffff81002000, "second"), 0);
	ss_ksyms_sort(k);
}

static void test_lookup(void **state)
{
	struct ss_ksyms k;

	(void)state;
	small_table(&k);
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff81001000), "first");     /* exact */
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff81001fff), "first");     /* between */
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff81002000), "second");
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff81002a5c), "second");
	assert_null(ss_ksyms_find(&k, 0xffffffff81000fff));                       /* before the first */
	assert_null(ss_ksyms_find(&k, 0));
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff81003000 + SS_KSYM_SPAN - 1), "third");
	assert_null(ss_ksyms_find(&k, 0xffffffff81003000 + SS_KSYM_SPAN));      /* past the last */
	assert_null(ss_ksyms_find(&k, UINT64_MAX));
	ss_ksyms_free(&k);

	memset(&k, 0, sizeof(k));                                                /* an empty table */
	assert_null(ss_ksyms_find(&k, 0xffffffff81001000));
}

/* The recorder's own programs, which kallsyms did not list when read, merged
 * in: every symbol then found where it starts, the table still in order. */
static void test_merge(void **state)
{
	struct ss_ksyms k, x = { 0 };

	(void)state;
	small_table(&k);
	assert_int_equal(ss_ksyms_add(&x, 0xffffffffc0002000, "bpf_prog_handle_waking"), 0);
	assert_int_equal(ss_ksyms_add(&x, 0xffffffff81001800, "between_first_and_second"), 0);
	assert_int_equal(ss_ksyms_add(&x, 0xffffffffc0001000, "bpf_prog_handle_switch"), 0);
	ss_ksyms_sort(&x);
	assert_int_equal(ss_ksyms_merge(&k, &x), 0);
	assert_int_equal(k.n, 6);
	for (size_t i = 1; i < k.n; i++)
		assert_true(k.v[i - 1].addr <= k.v[i].addr);
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff81001000), "first");
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff81001900), "between_first_and_second");
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff81002a5c), "second");
	assert_string_equal(ss_ksyms_find(&k, 0xffffffffc0001234), "bpf_prog_handle_switch");
	assert_string_equal(ss_ksyms_find(&k, 0xffffffffc0002010), "bpf_prog_handle_waking");
	/* nothing to merge leaves it as it was */
	ss_ksyms_free(&x);
	assert_int_equal(ss_ksyms_merge(&k, &x), 0);
	assert_int_equal(k.n, 6);
	ss_ksyms_free(&k);
}

static void test_load(void **state)
{
	char path[] = "/tmp/schedscope-kallsyms.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct ss_ksyms k = { 0 };

	(void)state;
	assert_non_null(f);
	fputs("ffffffff81000000 T _stext\n"
	      "ffffffff815a9540 T filemap_fault\n"
	      "ffffffff82a00000 D some_data\n"                 /* data: not a function */
	      "ffffffff815a30b0 t folio_wait_bit_common\n"
	      "ffffffffc002f294 t bpf_prog_7f8ad295e911da10_handle_switch\t[bpf]\n"
	      "0000000000000000 T hidden\n"                    /* an address kptr_restrict hid */
	      "ffffffff82266300 W io_schedule\n", f);
	fclose(f);
	assert_int_equal(ss_ksyms_load(&k, path), 0);
	assert_int_equal(k.n, 5);
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff815a9540 + 0x1a3), "filemap_fault");
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff815a30b0 + 0x10), "folio_wait_bit_common");
	assert_string_equal(ss_ksyms_find(&k, 0xffffffff82266300), "io_schedule");
	assert_string_equal(ss_ksyms_find(&k, 0xffffffffc002f294 + 8), "bpf_prog_7f8ad295e911da10_handle_switch");
	/* some_data is not in the table: an address there is io_schedule's if
	 * within the span, never "some_data" */
	assert_string_not_equal(ss_ksyms_find(&k, 0xffffffff82a00010) ?: "", "some_data");
	ss_ksyms_free(&k);

	/* every address 0 (not root): nothing to name with */
	f = fopen(path, "w");
	fputs("0000000000000000 T _stext\n0000000000000000 T filemap_fault\n", f);
	fclose(f);
	assert_int_equal(ss_ksyms_load(&k, path), -ENOENT);
	ss_ksyms_free(&k);
	unlink(path);
	assert_int_equal(ss_ksyms_load(&k, path), -ENOENT);
}

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
	/* more frames than a kernel stack holds (written by hand: the encoder
	 * takes a struct that cannot hold them), an empty name, id 0 */
	for (int bad = 0; bad < 3; bad++) {
		memset(&b, 0, sizeof(b));
		if (bad == 0) {
			buf_u8(&b, SS_SE_KSTACK);
			buf_varint(&b, 1);
			buf_varint(&b, 0);
			buf_varint(&b, SS_KSTACK_MAX + 1);
			for (unsigned i = 0; i < SS_KSTACK_MAX + 1; i++)
				buf_str(&b, "f");
		} else {
			fill_kstack(&k, bad == 2 ? 0 : 1);
			if (bad == 1)
				k.fn[2][0] = 0;
			ss_enc_kstack(&b, &k);
		}
		ss_stacks_init(&t);
		assert_int_equal(ss_dec_stacks(b.p, (uint32_t)b.len, 1, &t), -EINVAL);
		assert_int_equal(t.nk, 0);
		ss_stacks_free(&t);
		buf_free(&b);
	}
}

/* ---- the decoder ---- */

struct seen {
	char order[16];            /* 'k' kernel stack, 'e' block event */
	size_t n;
	struct ss_kstack k;
	uint32_t block_kstack[4], nblock;
	unsigned reads;
};

static void on_task(void *ctx, const struct ss_task *t) { (void)ctx; (void)t; }

static void on_kstack(void *ctx, const struct ss_kstack *k)
{
	struct seen *s = ctx;

	s->order[s->n++] = 'k';
	s->k = *k;
}

static void on_event(void *ctx, const struct ss_event *ev)
{
	struct seen *s = ctx;

	if (ev->kind == SS_BLOCK) {
		s->order[s->n++] = 'e';
		s->block_kstack[s->nblock++] = ev->block.kstack;
	}
}

/* The kernel's map: id 7 holds a page fault's stack, others cannot be read. */
static int read_kstack(void *ctx, uint32_t kid, uint64_t *ips)
{
	struct seen *s = ctx;

	s->reads++;
	if (kid != 7)
		return -ENOENT;
	memset(ips, 0, SS_KSTACK_MAX * sizeof(*ips));
	ips[0] = 0xffffffff81001010;     /* first */
	ips[1] = 0xffffffff81002020;     /* second */
	ips[2] = 0xffffffff80000000;     /* below every symbol */
	return 3;
}

static void block_rec(struct ss_rec_switch_block *b, uint64_t ts, uint32_t kstack)
{
	memset(b, 0, sizeof(*b));
	b->sw.h.ts_ns = ts;
	b->sw.h.kind = SS_REC_SWITCH_BLOCK;
	b->sw.h.pid = 100;
	b->sw.prev_state = SS_ST_D;
	b->sys.nr = -1;
	b->sys.fd = -1;
	b->sys.kstack = kstack;
}

static void test_decoder(void **state)
{
	char path[] = "/tmp/schedscope-kallsyms.XXXXXX";
	int fd = mkstemp(path);
	struct seen seen = { 0 };
	struct ss_sink sink = { .task = on_task, .event = on_event, .kstack = on_kstack, .ctx = &seen };
	struct ss_decoder *d = ss_decoder_new(1, &sink);
	struct ss_rec_switch_block b;
	struct ss_decoder_stats ds;

	(void)state;
	assert_true(fd >= 0);
	assert_true(write(fd, "ffffffff81001000 T first\nffffffff81002000 t second\n", 51) == 51);
	close(fd);
	assert_non_null(d);
	ss_decoder_kstacks(d, read_kstack, &seen, path);
	block_rec(&b, 20, 7 + 1);
	ss_decoder_record(d, &b, sizeof(b));
	block_rec(&b, 30, 7 + 1);          /* the same id: read once */
	ss_decoder_record(d, &b, sizeof(b));
	block_rec(&b, 40, 9 + 1);          /* unreadable: none */
	ss_decoder_record(d, &b, sizeof(b));
	block_rec(&b, 50, 0);              /* none taken */
	ss_decoder_record(d, &b, sizeof(b));
	ss_decoder_flush(d);
	ss_decoder_stats(d, &ds);
	ss_decoder_free(d);
	unlink(path);

	seen.order[seen.n] = 0;
	assert_string_equal(seen.order, "keeee");
	assert_int_equal(seen.reads, 2);
	assert_int_equal(seen.k.id, 1);
	assert_int_equal(seen.k.n, 3);
	assert_string_equal(seen.k.fn[0], "first");
	assert_string_equal(seen.k.fn[1], "second");
	assert_string_equal(seen.k.fn[2], "?");
	assert_int_equal(seen.block_kstack[0], 1);
	assert_int_equal(seen.block_kstack[1], 1);
	assert_int_equal(seen.block_kstack[2], 0);
	assert_int_equal(seen.block_kstack[3], 0);
	assert_int_equal(ds.kstacks, 1);
	assert_int_equal(ds.kstacks_unread, 1);
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
	/* a page fault, said by its handler; a mutex is none */
	assert_true(ss_kstack_in_fault(&t, 1));
	assert_false(ss_kstack_in_fault(&t, 2));
	assert_false(ss_kstack_in_fault(&t, 0));
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
	assert_non_null(strstr(buf, "blocked 3.00 ms asleep in a page fault (outside any syscall)"));
	assert_non_null(strstr(buf, " in the kernel, uninterruptibly (D): io_schedule <- folio_wait_bit_common <- "
				    "filemap_fault <- __do_fault;"));
	ss_model_free(&m);
}

/* A wait's kernel stack (field bit 0x40) round-trips; bit 0x80, which no
 * version defines, is damage: a reader cannot know what follows it. */
static void test_sys_field_bits(void **state)
{
	struct ss_event ev = { .ts_ns = 1000, .kind = SS_BLOCK, .cpu = 0, .pid = 42,
			       .block = { .nr = 0, .fd = -1, .kstack = 7 } }, out;
	struct ss_enc e;
	struct ss_dec d;

	(void)state;
	ss_enc_init(&e, 0);
	ss_enc_begin(&e, 0);
	ss_enc_event(&e, &ev);
	/* the last bytes: have (kstack only), nr 0, kstack 7 */
	assert_int_equal(e.payload.p[e.payload.len - 3], SS_SYS_KSTACK);
	assert_int_equal(ss_dec_begin(&d, e.payload.p, (uint32_t)e.payload.len, 0, e.count), 0);
	assert_int_equal(ss_dec_next(&d, &out), 1);
	assert_int_equal(out.kind, SS_BLOCK);
	assert_int_equal(out.block.kstack, 7);
	e.payload.p[e.payload.len - 3] |= 0x80;
	assert_int_equal(ss_dec_begin(&d, e.payload.p, (uint32_t)e.payload.len, 0, e.count), 0);
	assert_int_equal(ss_dec_next(&d, &out), -1);
	ss_enc_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_chunk_round_trip),
		cmocka_unit_test(test_chunk_damage),
		cmocka_unit_test(test_decoder),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_model_says_it),
		cmocka_unit_test(test_sys_field_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
