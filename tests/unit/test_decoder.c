/*
 * The decoder on synthetic records. Its flush: records held per CPU come
 * out sorted and merged across CPUs (util/merge.h), ties to the lower CPU.
 * Its repeats: the kernel side sends a thread's second sleep in the same
 * syscall on the same channel (or its second waking from the same one) as a
 * short SS_REC_*_SAME record, and the decoder must give back exactly the
 * events the full record would have, per thread; a repeat of nothing keeps
 * the switch or waking and counts as malformed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <linux/types.h>

#include "tracer/decoder.h"
#include "tracer/sched.h"

struct seen {
	struct ss_event ev[64];
	size_t n;
};

static void on_event(void *ctx, const struct ss_event *ev)
{
	struct seen *s = ctx;

	assert_true(s->n < 64);
	s->ev[s->n++] = *ev;
}

static void on_task(void *ctx, const struct ss_task *t)
{
	(void)ctx;
	(void)t;
}

static void put_switch(struct ss_decoder *d, uint16_t cpu, uint64_t ts, uint32_t prev, uint32_t next)
{
	struct ss_rec_switch r = { .h = { ts, SS_REC_SWITCH, cpu, prev }, .next_pid = next,
				   .prev_state = SS_ST_PREEMPTED };

	ss_decoder_record(d, &r, sizeof(r));
}

/* Records arrive per CPU slightly out of time order (as an interrupt makes
 * them); the flush hands them on sorted per CPU and merged across CPUs, a
 * tie going to the lower CPU, and a switch that blocked gives BLOCK before
 * SWITCH at the same time. */
static void test_flush(void **state)
{
	struct seen seen = { .n = 0 };
	struct ss_sink sink = { .task = on_task, .event = on_event, .ctx = &seen };
	struct ss_decoder *d = ss_decoder_new(4, &sink);
	struct ss_rec_switch_block b;
	/* (cpu, pid) in the one right order */
	static const uint32_t want[][3] = {
		{ 100, 3, 31 }, { 200, 0, 1 }, { 200, 2, 21 }, { 200, 3, 32 },
		{ 250, 1, 11 }, { 300, 0, 2 }, { 300, 1, 12 }, { 300, 1, 12 }, { 400, 2, 22 },
	};

	(void)state;
	assert_non_null(d);
	put_switch(d, 2, 400, 22, 0);
	put_switch(d, 0, 300, 2, 0);
	put_switch(d, 3, 200, 32, 0);
	put_switch(d, 0, 200, 1, 0);          /* CPU 0 out of order: 300 came first */
	put_switch(d, 1, 250, 11, 0);
	memset(&b, 0, sizeof(b));
	b.sw = (struct ss_rec_switch){ .h = { 300, SS_REC_SWITCH_BLOCK, 1, 12 }, .prev_state = SS_ST_S };
	b.sys.nr = 0;
	b.sys.fd = 3;
	ss_decoder_record(d, &b, sizeof(b));
	put_switch(d, 2, 200, 21, 0);
	put_switch(d, 3, 100, 31, 0);
	ss_decoder_flush(d);

	assert_int_equal(seen.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < seen.n; i++) {
		assert_int_equal(seen.ev[i].ts_ns, want[i][0]);
		assert_int_equal(seen.ev[i].cpu, want[i][1]);
		assert_int_equal(seen.ev[i].pid, want[i][2]);
	}
	assert_int_equal(seen.ev[6].kind, SS_BLOCK);
	assert_int_equal(seen.ev[7].kind, SS_SWITCH);
	assert_int_equal(seen.ev[7].sw.prev_state, SS_ST_S);

	/* a second flush starts from nothing held */
	seen.n = 0;
	put_switch(d, 1, 500, 13, 0);
	ss_decoder_flush(d);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.ev[0].pid, 13);
	ss_decoder_free(d);
}

/* read(fd, _, bytes) on pipe inode ino */
static struct ss_rec_sys pipe_read(int fd, uint64_t bytes, uint64_t ino)
{
	struct ss_rec_sys s;

	memset(&s, 0, sizeof(s));
	s.nr = 0;
	s.fd = fd;
	s.args[2] = bytes;
	s.chan.kind = SS_CH_PIPE;
	s.chan.id = ino;
	return s;
}

static void put_block(struct ss_decoder *d, uint64_t ts, uint32_t pid, const struct ss_rec_sys *sys)
{
	struct ss_rec_switch_block b;

	memset(&b, 0, sizeof(b));
	b.sw = (struct ss_rec_switch){ .h = { ts, SS_REC_SWITCH_BLOCK, 0, pid }, .next_pid = 0,
				       .prev_state = SS_ST_S };
	b.sys = *sys;
	ss_decoder_record(d, &b, sizeof(b));
}

static void put_short(struct ss_decoder *d, uint16_t kind, uint64_t ts, uint32_t pid, uint32_t other)
{
	if (kind == SS_REC_SWITCH_BLOCK_SAME) {
		struct ss_rec_switch r = { .h = { ts, kind, 0, pid }, .next_pid = other,
					   .prev_state = SS_ST_S };

		ss_decoder_record(d, &r, sizeof(r));
	} else {
		struct ss_rec_waking r = { .h = { ts, kind, 0, pid }, .wakee = other, .target_cpu = 0 };

		ss_decoder_record(d, &r, sizeof(r));
	}
}

static void put_cause(struct ss_decoder *d, uint64_t ts, uint32_t pid, uint32_t wakee, uint32_t cause,
		      const struct ss_rec_sys *sys)
{
	struct ss_rec_waking_cause c;

	memset(&c, 0, sizeof(c));
	c.wk = (struct ss_rec_waking){ .h = { ts, SS_REC_WAKING_CAUSE, 0, pid }, .wakee = wakee };
	c.cause = cause;
	if (sys)
		c.sys = *sys;
	ss_decoder_record(d, &c, sizeof(c));
}

static void assert_pipe_read(const struct ss_sys *s, int fd, uint64_t bytes, uint64_t ino)
{
	assert_int_equal(s->nr, 0);
	assert_int_equal(s->fd, fd);
	assert_int_equal(s->args[2], bytes);
	assert_int_equal(s->chan.kind, SS_CH_PIPE);
	assert_int_equal(s->chan.ino, ino);
}

static void test_block_repeats(void **state)
{
	struct seen seen = { .n = 0 };
	struct ss_sink sink = { .task = on_task, .event = on_event, .ctx = &seen };
	struct ss_decoder *d = ss_decoder_new(1, &sink);
	struct ss_rec_sys a = pipe_read(3, 4, 900), b = pipe_read(5, 8, 901);
	struct ss_decoder_stats st;

	(void)state;
	assert_non_null(d);
	put_block(d, 10, 7, &a);
	put_block(d, 20, 8, &b);
	put_short(d, SS_REC_SWITCH_BLOCK_SAME, 30, 7, 8);      /* 7 again: a */
	put_short(d, SS_REC_SWITCH_BLOCK_SAME, 40, 8, 7);      /* 8 again: b, not 7's */
	put_short(d, SS_REC_SWITCH_BLOCK_SAME, 50, 9, 0);      /* 9 told nothing yet */
	ss_decoder_flush(d);

	assert_int_equal(seen.n, 9);
	assert_int_equal(seen.ev[4].kind, SS_BLOCK);
	assert_int_equal(seen.ev[4].pid, 7);
	assert_int_equal(seen.ev[4].ts_ns, 30);
	assert_pipe_read(&seen.ev[4].block, 3, 4, 900);
	assert_int_equal(seen.ev[5].kind, SS_SWITCH);
	assert_int_equal(seen.ev[5].sw.next_pid, 8);
	assert_int_equal(seen.ev[5].sw.prev_state, SS_ST_S);
	assert_int_equal(seen.ev[6].kind, SS_BLOCK);
	assert_int_equal(seen.ev[6].pid, 8);
	assert_pipe_read(&seen.ev[6].block, 5, 8, 901);
	assert_int_equal(seen.ev[7].kind, SS_SWITCH);
	/* the repeat of nothing keeps its switch, and says so */
	assert_int_equal(seen.ev[8].kind, SS_SWITCH);
	assert_int_equal(seen.ev[8].pid, 9);
	ss_decoder_stats(d, &st);
	assert_int_equal(st.malformed, 1);

	/* a new full record replaces what was told */
	seen.n = 0;
	put_block(d, 60, 7, &b);
	put_short(d, SS_REC_SWITCH_BLOCK_SAME, 70, 7, 0);
	ss_decoder_flush(d);
	assert_int_equal(seen.n, 4);
	assert_pipe_read(&seen.ev[2].block, 5, 8, 901);
	ss_decoder_free(d);
}

/* Under sudo the kernel side withholds another user's call at the moment it
 * happens (insides_visible() in sched.bpf.c): only nr, fd -1, and the mark.
 * The decoder keeps the mark whatever /proc says later (by then the process
 * may be the student's: su's child after its setuid() and exec), and a
 * repeat of a withheld call is withheld too. */
static void test_block_withheld_by_kernel(void **state)
{
	struct seen seen = { .n = 0 };
	struct ss_sink sink = { .task = on_task, .event = on_event, .ctx = &seen };
	struct ss_decoder *d = ss_decoder_new(1, &sink);
	struct ss_rec_sys w;

	(void)state;
	assert_non_null(d);
	memset(&w, 0, sizeof(w));
	w.nr = 0;
	w.fd = -1;
	w.chan.flags = SS_CHF_WITHHELD;
	put_block(d, 10, 1, &w);          /* pid 1: readable to root, and to no student */
	put_short(d, SS_REC_SWITCH_BLOCK_SAME, 20, 1, 0);
	ss_decoder_flush(d);
	assert_int_equal(seen.n, 4);
	for (size_t i = 0; i < 4; i += 2) {
		assert_int_equal(seen.ev[i].kind, SS_BLOCK);
		assert_true(ss_sys_withheld(&seen.ev[i].block));
		assert_int_equal(seen.ev[i].block.nr, 0);
		assert_int_equal(seen.ev[i].block.fd, -1);
		assert_int_equal(seen.ev[i].block.chan.kind, SS_CH_NONE);
		assert_int_equal(seen.ev[i].block.stack, 0);
	}
	ss_decoder_free(d);
}

static void test_waker_repeats(void **state)
{
	struct seen seen = { .n = 0 };
	struct ss_sink sink = { .task = on_task, .event = on_event, .ctx = &seen };
	struct ss_decoder *d = ss_decoder_new(1, &sink);
	struct ss_rec_sys w = pipe_read(4, 4, 900);
	struct ss_decoder_stats st;

	(void)state;
	assert_non_null(d);
	w.nr = 1;                                               /* write */
	put_cause(d, 10, 7, 8, SS_WC_SYSCALL, &w);
	put_short(d, SS_REC_WAKING_CAUSE_SAME, 20, 7, 9);
	put_cause(d, 30, 5, 4, SS_WC_EXIT, NULL);               /* an exit tells nothing */
	put_short(d, SS_REC_WAKING_CAUSE_SAME, 40, 5, 4);
	ss_decoder_flush(d);

	assert_int_equal(seen.n, 7);
	assert_int_equal(seen.ev[2].kind, SS_WAKING);
	assert_int_equal(seen.ev[2].wake.wakee, 9);
	assert_int_equal(seen.ev[3].kind, SS_WAKER);
	assert_int_equal(seen.ev[3].pid, 7);
	assert_int_equal(seen.ev[3].waker.wakee, 9);
	assert_int_equal(seen.ev[3].waker.cause, SS_WC_SYSCALL);
	assert_int_equal(seen.ev[3].waker.sys.nr, 1);
	assert_int_equal(seen.ev[3].waker.sys.chan.ino, 900);
	assert_int_equal(seen.ev[5].kind, SS_WAKER);
	assert_int_equal(seen.ev[5].waker.cause, SS_WC_EXIT);
	assert_int_equal(seen.ev[6].kind, SS_WAKING);           /* its repeat keeps the waking */
	assert_int_equal(seen.ev[6].pid, 5);
	ss_decoder_stats(d, &st);
	assert_int_equal(st.malformed, 1);
	ss_decoder_free(d);
}

/* A waking in an interrupt context: a waking by no task (pid 0), then the
 * context; an unknown cause is refused, a huge irq number clamped. */
static void test_waking_ctx(void **state)
{
	struct seen seen = { .n = 0 };
	struct ss_sink sink = { .task = on_task, .event = on_event, .ctx = &seen };
	struct ss_decoder *d = ss_decoder_new(1, &sink);
	struct ss_rec_waking_ctx x = { .wk = { .h = { 10, SS_REC_WAKING_CTX, 0, 0 }, .wakee = 9, .target_cpu = 0 },
				       .cause = SS_WC_TIMER, .ctx_id = SS_TIMER_SLEEP };
	struct ss_decoder_stats st;

	(void)state;
	assert_non_null(d);
	ss_decoder_record(d, &x, sizeof(x));
	x.wk.h.ts_ns = 20;
	x.cause = SS_WC_HARDIRQ;
	x.ctx_id = 100000;
	ss_decoder_record(d, &x, sizeof(x));
	x.wk.h.ts_ns = 30;
	x.cause = SS_WC_SYSCALL;                                /* not a context */
	ss_decoder_record(d, &x, sizeof(x));
	ss_decoder_flush(d);
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.ev[0].kind, SS_WAKING);
	assert_int_equal(seen.ev[0].pid, 0);
	assert_int_equal(seen.ev[0].wake.wakee, 9);
	assert_int_equal(seen.ev[1].kind, SS_WAKER);
	assert_int_equal(seen.ev[1].pid, 0);
	assert_int_equal(seen.ev[1].waker.cause, SS_WC_TIMER);
	assert_int_equal(seen.ev[1].waker.ctx_id, SS_TIMER_SLEEP);
	assert_int_equal(seen.ev[1].waker.sys.nr, -1);
	assert_int_equal(seen.ev[3].waker.cause, SS_WC_HARDIRQ);
	assert_int_equal(seen.ev[3].waker.ctx_id, 0xffff);
	ss_decoder_stats(d, &st);
	assert_int_equal(st.malformed, 1);
	ss_decoder_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_block_repeats),
		cmocka_unit_test(test_block_withheld_by_kernel),
		cmocka_unit_test(test_waker_repeats),
		cmocka_unit_test(test_waking_ctx),
	};

	return cmocka_run_group_tests_name("decoder", tests, NULL, NULL);
}
