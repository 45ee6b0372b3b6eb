/*
 * Stacks without a kernel: the STACKS chunk's entries round-trip exactly
 * and a damaged payload is refused at every cut, the table keeps the first
 * stack of an id, and the decoder interns the kernel side's ids into dense
 * ones (1, 2, ...), hands the mappings before the stack and the stack
 * before the events that name it, keeps the id through a repeated (SAME)
 * block, and gives 0 for an id it was never sent. A frame in a page the
 * kernel made ([uprobes], where a USDT probe's instruction runs) is named by
 * that page, and the stack said to stop there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>

#include "model/stacks.h"
#include "symbols/symbols.h"
#include "tracefile/stacks_chunk.h"
#include "tracer/decoder.h"
#include "tracer/sched.h"

static void fill_maps(struct ss_maps *m, struct ss_map *v)
{
	memset(v, 0, 2 * sizeof(*v));
	v[0] = (struct ss_map){ .start = 0x555500001000, .end = 0x555500005000, .offset = 0x1000, .ino = 77,
				.size = 12345, .mtime_ns = 1700000000123456789ull, .build_id_len = 3 };
	memcpy(v[0].build_id, "\x01\xab\xff", 3);
	strcpy(v[0].path, "/home/u/queue");
	v[1] = (struct ss_map){ .start = 0x7f0000028000, .end = 0x7f000017d000, .offset = 0x28000, .ino = 9 };
	strcpy(v[1].path, "/usr/lib/x86_64-linux-gnu/libc.so.6");
	*m = (struct ss_maps){ .id = 1, .tgid = 4242, .ts_ns = 99, .v = v, .n = 2 };
}

static void fill_stack(struct ss_stack *s, uint32_t id, uint64_t salt)
{
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->tgid = 4242;
	s->maps = 1;
	s->n = 3;
	s->flags = 0;
	s->sp = 0x7ffd00001000;
	s->bp = 0x7ffd00001100;
	s->pcs[0] = 0x7f00000290ad;
	s->pcs[1] = 0x555500001234 + salt;
	s->pcs[2] = 0x555500001500;
	s->win[0] = 0x555500001200;
	s->win[SS_STACK_WIN - 1] = UINT64_MAX;
}

static void encode(struct buf *b)
{
	struct ss_map v[2];
	struct ss_maps m;
	struct ss_stack s;

	fill_maps(&m, v);
	ss_enc_maps(b, &m);
	fill_stack(&s, 1, 0);
	ss_enc_stack(b, &s);
	fill_stack(&s, 2, 8);
	ss_enc_stack(b, &s);
	fill_stack(&s, 1, 16);               /* a second stack 1: the first is kept */
	ss_enc_stack(b, &s);
}

static void test_round_trip(void **state)
{
	struct buf b = { 0 };
	struct ss_stacks t;
	struct ss_stack want;
	struct ss_map v[2];
	struct ss_maps m;
	const struct ss_maps *got_m;

	(void)state;
	encode(&b);
	ss_stacks_init(&t);
	assert_int_equal(ss_dec_stacks(b.p, (uint32_t)b.len, 4, &t), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.nmaps, 1);
	fill_stack(&want, 1, 0);
	assert_memory_equal(ss_stacks_find(&t, 1), &want, sizeof(want));
	fill_stack(&want, 2, 8);
	assert_memory_equal(ss_stacks_find(&t, 2), &want, sizeof(want));
	assert_null(ss_stacks_find(&t, 3));
	assert_null(ss_stacks_find(&t, 0));
	fill_maps(&m, v);
	got_m = ss_stacks_maps(&t, 1);
	assert_non_null(got_m);
	assert_int_equal(got_m->tgid, 4242);
	assert_int_equal(got_m->ts_ns, 99);
	assert_int_equal(got_m->n, 2);
	assert_memory_equal(got_m->v, v, sizeof(v));
	assert_ptr_equal(ss_maps_find(got_m, 0x555500004fff), &got_m->v[0]);
	assert_null(ss_maps_find(got_m, 0x555500005000));
	ss_stacks_free(&t);
	buf_free(&b);
}

static void test_damage(void **state)
{
	struct buf b = { 0 };

	(void)state;
	encode(&b);
	for (size_t cut = 0; cut < b.len; cut++) {
		struct ss_stacks t;

		ss_stacks_init(&t);
		assert_int_equal(ss_dec_stacks(b.p, (uint32_t)cut, 4, &t), -EINVAL);
		ss_stacks_free(&t);
	}
	/* a count larger than the entries, and an unknown tag */
	struct ss_stacks t;

	ss_stacks_init(&t);
	assert_int_equal(ss_dec_stacks(b.p, (uint32_t)b.len, 5, &t), -EINVAL);
	ss_stacks_free(&t);
	b.p[0] = 9;
	ss_stacks_init(&t);
	assert_int_equal(ss_dec_stacks(b.p, (uint32_t)b.len, 4, &t), -EINVAL);
	ss_stacks_free(&t);
	buf_free(&b);
}

/* ---- the decoder ---- */

struct seen {
	char order[64];            /* 'm' maps, 's' stack, 'e' event, in arrival order */
	size_t n;
	uint32_t stack_id, stack_maps, nblock;
	uint32_t block_stack[8];
};

static void on_task(void *ctx, const struct ss_task *t) { (void)ctx; (void)t; }

static void on_maps(void *ctx, const struct ss_maps *m)
{
	struct seen *s = ctx;

	assert_true(m->n > 0);
	s->order[s->n++] = 'm';
}

static void on_stack(void *ctx, const struct ss_stack *st)
{
	struct seen *s = ctx;

	s->order[s->n++] = 's';
	s->stack_id = st->id;
	s->stack_maps = st->maps;
}

static void on_event(void *ctx, const struct ss_event *ev)
{
	struct seen *s = ctx;

	if (ev->kind == SS_BLOCK) {
		s->order[s->n++] = 'e';
		s->block_stack[s->nblock++] = ev->block.stack;
	}
}

static void block_rec(struct ss_rec_switch_block *b, uint16_t kind, uint64_t ts, uint32_t stack)
{
	memset(b, 0, sizeof(*b));
	b->sw.h.ts_ns = ts;
	b->sw.h.kind = kind;
	b->sw.h.pid = 100;
	b->sw.prev_state = SS_ST_S;
	b->sys.nr = 0;
	b->sys.fd = 3;
	b->sys.stack = stack;
}

static void test_decoder_interns(void **state)
{
	struct seen seen = { 0 };
	struct ss_sink sink = { .task = on_task, .event = on_event, .maps = on_maps, .stack = on_stack,
				.ctx = &seen };
	struct ss_decoder *d = ss_decoder_new(1, &sink);
	struct ss_rec_stack st = { 0 };
	struct ss_rec_switch_block b;
	struct ss_decoder_stats ds;

	(void)state;
	assert_non_null(d);
	/* a stack of this very process, so that its mappings can be read */
	st.h.ts_ns = 10;
	st.h.kind = SS_REC_STACK;
	st.h.pid = (uint32_t)getpid();
	st.id = 5 << 10 | 1;                 /* the kernel's per-CPU id */
	st.tgid = (uint32_t)getpid();
	st.n = 1;
	st.key.pcs[0] = (uint64_t)(uintptr_t)&test_decoder_interns;
	ss_decoder_record(d, &st, sizeof(st));
	block_rec(&b, SS_REC_SWITCH_BLOCK, 20, 5 << 10 | 1);
	ss_decoder_record(d, &b, sizeof(b));
	block_rec(&b, SS_REC_SWITCH_BLOCK_SAME, 30, 0);
	ss_decoder_record(d, &b, sizeof(struct ss_rec_switch));
	block_rec(&b, SS_REC_SWITCH_BLOCK, 40, 9999);    /* never sent */
	ss_decoder_record(d, &b, sizeof(b));
	ss_decoder_flush(d);
	ss_decoder_stats(d, &ds);
	ss_decoder_free(d);

	seen.order[seen.n] = 0;
	assert_string_equal(seen.order, "mseee");
	assert_int_equal(seen.stack_id, 1);
	assert_int_equal(seen.stack_maps, 1);
	assert_int_equal(seen.nblock, 3);
	assert_int_equal(seen.block_stack[0], 1);
	assert_int_equal(seen.block_stack[1], 1);
	assert_int_equal(seen.block_stack[2], 0);
	assert_int_equal(ds.stacks, 1);
	assert_int_equal(ds.malformed, 0);
}

static void test_kernels_page_named(void **state)
{
	struct ss_map v[1] = { { .start = 0x7fff00000000, .end = 0x7fff00001000 } };
	struct ss_maps m = { .id = 1, .tgid = 4242, .ts_ns = 99, .v = v, .n = 1 };
	struct ss_stack st = { .id = 1, .tgid = 4242, .maps = 1, .n = 1, .pcs = { 0x7fff00000010 } };
	struct ss_stacks ss;
	struct ss_symbols *sy = ss_symbols_new();
	char buf[512];

	(void)state;
	assert_true(ss_map_is_kernels("[uprobes]"));
	assert_true(ss_map_is_kernels("[vdso]"));
	assert_false(ss_map_is_kernels("[stack]"));      /* no code runs there */
	assert_false(ss_map_is_kernels("/usr/bin/[uprobes]"));
	strcpy(v[0].path, "[uprobes]");
	ss_stacks_init(&ss);
	assert_int_equal(ss_stacks_add_maps(&ss, &m), 0);
	assert_int_equal(ss_stacks_add(&ss, &st), 0);
	assert_non_null(sy);
	assert_string_equal(ss_symbols_tell(sy, &ss, 1, 0, buf, sizeof(buf)),
			    " in 0x7fff00000010 ([uprobes]) (stack stops in [uprobes]: a page the kernel made, "
			    "with no file to read)");
	ss_symbols_free(sy);
	ss_stacks_free(&ss);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_decoder_interns),
		cmocka_unit_test(test_kernels_page_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
