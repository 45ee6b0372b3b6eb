/*
 * The critical path walk (model/critical.c) on synthetic traces fed through
 * the model's sink, with every segment known in advance: a pool whose
 * parent joins its workers in order (the path goes through the worker that
 * ended last, the wait for the first one is not on it), a window that ends
 * inside a sleep, a chain of 50,000 wakers (the walk is a loop, not a
 * recursion), wakers that wake each other at one instant (the walk stops
 * following them), and the causes that end a chain. Times are ns after FEED_S0.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/critical.h"
#include "model/explain.h"
#include "model/syscalls.h"
#include "tests/unit/model_feed.h"

/* A syscall as the BPF side reports it; futexes on the address `addr`. */
static struct ss_sys sys(const char *name, uint64_t arg0, uint64_t addr)
{
	struct ss_sys s = { .nr = ss_syscall_nr(NULL, name), .fd = -1, .args = { arg0 } };

	if (addr) {
		s.chan.kind = SS_CH_FUTEX;
		s.chan.ino = addr;
		ss_chan_canon(&s.chan);
	}
	return s;
}

/* pid is about to sleep in s (then switches out asleep). */
static void block(struct ss_model *m, uint64_t ts, unsigned cpu, uint32_t pid, struct ss_sys s)
{
	feed_event(m, (struct ss_event){ .ts_ns = ts, .kind = SS_BLOCK, .cpu = (uint16_t)cpu, .pid = pid, .block = s });
}

/* waker wakes wakee; cause and s say what the waker was doing (SS_WC_NONE: nothing known). */
static void wake(struct ss_model *m, uint64_t ts, unsigned cpu, uint32_t waker, uint32_t wakee, unsigned cause,
		 struct ss_sys s)
{
	feed_event(m, (struct ss_event){ .ts_ns = ts, .kind = SS_WAKING, .cpu = (uint16_t)cpu, .pid = waker,
				   .wake = { .wakee = wakee, .target_cpu = cpu } });
	if (cause != SS_WC_NONE)
		feed_event(m, (struct ss_event){ .ts_ns = ts, .kind = SS_WAKER, .cpu = (uint16_t)cpu, .pid = waker,
					   .waker = { .wakee = wakee, .cause = cause, .sys = s } });
}

static void new_model(struct ss_model *m)
{
	assert_int_equal(feed_init(m, 2), 0);
}

/* Every piece with time tiles [from, to) in order; returns the hand-offs. */
static size_t check_tiles(const struct ss_critical *cp)
{
	uint64_t at = cp->from_ns;
	size_t hops = 0;

	for (size_t i = 0; i < cp->nsegs; i++) {
		const struct ss_cp_seg *s = &cp->segs[i];

		if (ss_cp_is_hop(s->kind)) {
			assert_int_equal(s->from_ns, at);
			assert_int_equal(s->to_ns, at);
			hops++;
			continue;
		}
		assert_int_equal(s->from_ns, at);
		assert_true(s->to_ns > s->from_ns);
		at = s->to_ns;
	}
	assert_int_equal(at, cp->to_ns);
	assert_int_equal(hops, cp->hops);
	return hops;
}

struct want {
	unsigned kind;
	uint32_t tid;
	uint64_t from, to;
};

static void check_path(const struct ss_critical *cp, const struct want *w, size_t n)
{
	for (size_t i = 0; i < n && i < cp->nsegs; i++) {
		const struct ss_cp_seg *s = &cp->segs[i];

		if (s->kind != w[i].kind || s->tid != w[i].tid || s->from_ns != FEED_S0 + w[i].from ||
		    s->to_ns != FEED_S0 + w[i].to)
			fail_msg("segment %zu: got %s %u [%llu, %llu), want %s %u [%llu, %llu)", i,
				 ss_cp_kind_name(s->kind), s->tid, (unsigned long long)(s->from_ns - FEED_S0),
				 (unsigned long long)(s->to_ns - FEED_S0), ss_cp_kind_name(w[i].kind), w[i].tid,
				 (unsigned long long)w[i].from, (unsigned long long)w[i].to);
	}
	assert_int_equal(cp->nsegs, n);
}

/*
 * parent 10 forks workers 11 and 12 (1100, 1200), which run on CPU 1 and
 * sleep in nanosleep (12 says it starts task 7 first, with a USDT marker);
 * the parent joins 11, then 12. 11's timer ends at 5000
 * (on an idle CPU) and it exits waking the parent; 12's at 9000 (over a
 * task outside the trace). The parent ends at 9600.
 */
static void pool(struct ss_model *m)
{
	const uint64_t fut = 0;

	new_model(m);
	feed_task(m, 10, 10, "parent", true);
	feed_task(m, 11, 11, "w1", true);
	feed_task(m, 12, 12, "w2", true);
	feed_task(m, 99, 99, "outsider", false);
	feed_switch(m, 1000, 0, 0, 0, 10);
	feed_event(m, (struct ss_event){ .ts_ns = 1100, .kind = SS_FORK, .pid = 10, .fork = { .child = 11 } });
	feed_event(m, (struct ss_event){ .ts_ns = 1110, .kind = SS_WAKEUP_NEW, .pid = 10, .wake = { 11, 1 } });
	feed_event(m, (struct ss_event){ .ts_ns = 1200, .kind = SS_FORK, .pid = 10, .fork = { .child = 12 } });
	feed_event(m, (struct ss_event){ .ts_ns = 1210, .kind = SS_WAKEUP_NEW, .pid = 10, .wake = { 12, 1 } });
	feed_switch(m, 1300, 1, 0, 0, 11);
	block(m, 1390, 1, 11, sys("clock_nanosleep", 0, fut));
	feed_switch(m, 1400, 1, 11, SS_ST_S, 12);
	{
		struct ss_probe pr = { .id = 5, .provider = "schedscope", .name = "task_start" };
		struct ss_sink k;

		ss_model_sink(m, &k);
		k.probe(k.ctx, &pr);
	}
	feed_event(m, (struct ss_event){ .ts_ns = 1450, .kind = SS_MARKER, .cpu = 1, .pid = 12,
					 .marker = { .probe = 5, .nargs = 2, .args = { 7, 99 } } });
	block(m, 1490, 1, 12, sys("clock_nanosleep", 0, fut));
	feed_switch(m, 1500, 1, 12, SS_ST_S, 0);
	block(m, 1590, 0, 10, sys("wait4", 11, fut));
	feed_switch(m, 1600, 0, 10, SS_ST_S, 0);
	wake(m, 5000, 1, 0, 11, SS_WC_NONE, sys("read", 0, 0));          /* its timer, on an idle CPU */
	feed_switch(m, 5100, 1, 0, 0, 11);
	feed_event(m, (struct ss_event){ .ts_ns = 5200, .kind = SS_EXIT, .cpu = 1, .pid = 11 });
	wake(m, 5250, 1, 11, 10, SS_WC_EXIT, sys("exit_group", 0, 0));
	feed_switch(m, 5300, 1, 11, SS_ST_Z, 0);
	feed_switch(m, 5400, 0, 0, 0, 10);
	block(m, 5490, 0, 10, sys("wait4", 12, fut));
	feed_switch(m, 5500, 0, 10, SS_ST_S, 0);
	wake(m, 9000, 1, 99, 12, SS_WC_NONE, sys("read", 0, 0));        /* its timer, over an outsider */
	feed_switch(m, 9100, 1, 0, 0, 12);
	feed_event(m, (struct ss_event){ .ts_ns = 9200, .kind = SS_EXIT, .cpu = 1, .pid = 12 });
	wake(m, 9250, 1, 12, 10, SS_WC_EXIT, sys("exit_group", 0, 0));
	feed_switch(m, 9300, 1, 12, SS_ST_Z, 0);
	feed_switch(m, 9400, 0, 0, 0, 10);
	feed_event(m, (struct ss_event){ .ts_ns = 9500, .kind = SS_EXIT, .cpu = 0, .pid = 10 });
	feed_switch(m, 9600, 0, 10, SS_ST_Z, 0);
	ss_model_finish(m, FEED_S0 + 10000, 0);
}

static void test_pool_path(void **state)
{
	/* Back from the parent's end: its last run, the wait for a CPU after 12
	 * woke it, 12's run, 12's sleep (its timer: the chain ends there), 12's
	 * first run, which got CPU 1 when 11 went to sleep on it, 11's first
	 * run and wait since its fork, and the parent before the fork. The
	 * parent's 3650 ns wait for 11 is not on the path: 11 ended first. */
	static const struct want want[] = {
		{ SS_CP_RUNNING, 10, 1000, 1110 },
		{ SS_CP_FORKED, 11, 1110, 1110 },
		{ SS_CP_RUNNABLE, 11, 1110, 1300 },
		{ SS_CP_RUNNING, 11, 1300, 1400 },
		{ SS_CP_HANDED, 12, 1400, 1400 },
		{ SS_CP_RUNNING, 12, 1400, 1500 },
		{ SS_CP_BLOCKED, 12, 1500, 9000 },
		{ SS_CP_RUNNABLE, 12, 9000, 9100 },
		{ SS_CP_RUNNING, 12, 9100, 9250 },
		{ SS_CP_WOKEN, 10, 9250, 9250 },
		{ SS_CP_RUNNABLE, 10, 9250, 9400 },
		{ SS_CP_RUNNING, 10, 9400, 9600 },
	};
	struct ss_critical cp;
	struct ss_model m;
	uint64_t a, b;
	char text[512];

	(void)state;
	pool(&m);
	assert_true(ss_critical_lifetime(&m, ss_model_thread(&m, 10), &a, &b));
	assert_int_equal(a, FEED_S0 + 1000);
	assert_int_equal(b, FEED_S0 + 9600);
	assert_true(ss_critical_lifetime(&m, ss_model_thread(&m, 12), &a, &b));
	assert_int_equal(a, FEED_S0 + 1200);      /* its fork */
	assert_int_equal(b, FEED_S0 + 9300);
	assert_int_equal(ss_critical_path(&m, 10, 0, UINT64_MAX, &cp), 0);
	assert_int_equal(cp.from_ns, FEED_S0 + 1000);
	assert_int_equal(cp.to_ns, FEED_S0 + 9600);
	check_path(&cp, want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(check_tiles(&cp), 3);
	assert_false(cp.capped);
	/* the sleep that ended the chain, and the hand-offs, say who and why */
	assert_int_equal(cp.segs[6].reason, SS_R_SLEEP);
	assert_int_equal(cp.segs[6].how, SS_WH_TIMER);
	assert_int_equal(cp.segs[6].stop, SS_CP_STOP_TIMER);
	assert_int_equal(cp.segs[9].other, 12);
	assert_int_equal(cp.segs[9].how, SS_WH_EXIT);
	assert_int_equal(cp.segs[9].reason, SS_R_JOIN);
	assert_int_equal(cp.segs[4].other, 11);
	assert_int_equal(cp.segs[1].other, 10);
	/* where the time went: 12's sleep first */
	assert_int_equal(cp.shares[0].tid, 12);
	assert_int_equal(cp.shares[0].kind, SS_CP_BLOCKED);
	assert_int_equal(cp.shares[0].reason, SS_R_SLEEP);
	assert_int_equal(cp.shares[0].ns, 7500);
	assert_string_equal(ss_explain_critical(&m, &cp.segs[cp.shares[0].first], true, text, sizeof(text)),
			    "w2 12 blocked: sleep");
	assert_non_null(strstr(ss_explain_critical(&m, &cp.segs[6], false, text, sizeof(text)),
			       ": the chain ends at the timer [after task_start(7, 99)]"));
	assert_int_equal(cp.segs[5].mark, cp.segs[6].mark);   /* 12's run fired it */
	assert_int_equal(cp.segs[3].mark, -1);                /* 11 fired none */
	assert_non_null(strstr(ss_explain_critical(&m, &cp.segs[9], false, text, sizeof(text)),
			       ": the path follows w2 12"));
	ss_critical_free(&cp);
	ss_model_free(&m);
}

static void test_window_inside_a_sleep(void **state)
{
	struct ss_critical cp;
	struct ss_model m;

	(void)state;
	pool(&m);
	/* 2000-3000: the parent waits for 11, asleep on its timer all along */
	assert_int_equal(ss_critical_path(&m, 10, FEED_S0 + 2000, FEED_S0 + 3000, &cp), 0);
	assert_int_equal(cp.nsegs, 2);
	assert_int_equal(cp.segs[0].kind, SS_CP_BLOCKED);
	assert_int_equal(cp.segs[0].tid, 11);
	assert_int_equal(cp.segs[0].from_ns, FEED_S0 + 2000);
	assert_int_equal(cp.segs[0].to_ns, FEED_S0 + 3000);
	assert_int_equal(cp.segs[1].kind, SS_CP_WOKEN);
	assert_int_equal(cp.segs[1].other, 11);
	ss_critical_free(&cp);
	/* a window outside its life, a thread not traced */
	assert_int_equal(ss_critical_path(&m, 10, FEED_S0 + 20000, FEED_S0 + 30000, &cp), -ERANGE);
	assert_int_equal(ss_critical_path(&m, 77, 0, UINT64_MAX, &cp), -ESRCH);
	ss_model_free(&m);
}

struct on_small_stack {
	const struct ss_model *m;
	uint32_t tid;
	struct ss_critical cp;
	int err;
};

static void *walk_thread(void *arg)
{
	struct on_small_stack *a = arg;

	a->err = ss_critical_path(a->m, a->tid, 0, UINT64_MAX, &a->cp);
	return NULL;
}

/* N threads sleep on one futex each; then a timer wakes the last, and each
 * wakes the one before it and exits. The first one's path goes through all
 * of them, walked on a 64 KiB stack: a walk that recursed once a hand-off
 * would crash. */
static void test_deep_chain(void **state)
{
	enum { N = 50000, T0 = 100, B = 10 * N + 100 };
	struct ss_critical cp;
	struct ss_model m;
	char name[16];

	(void)state;
	new_model(&m);
	for (uint32_t j = 0; j < N; j++) {
		snprintf(name, sizeof(name), "t%u", j);
		feed_task(&m, T0 + j, T0 + j, name, true);
	}
	for (uint32_t j = 0; j < N; j++) {
		feed_switch(&m, 10 * j + 1, 0, 0, 0, T0 + j);
		block(&m, 10 * j + 4, 0, T0 + j, sys("futex", 0, 0x1000 + 64 * j));
		feed_switch(&m, 10 * j + 5, 0, T0 + j, SS_ST_S, 0);
	}
	wake(&m, B, 0, 0, T0 + N - 1, SS_WC_NONE, sys("read", 0, 0));
	for (uint32_t k = 0; k < N; k++) {
		uint32_t j = N - 1 - k;

		feed_switch(&m, B + 10 * k + 1, 0, 0, 0, T0 + j);
		if (j)
			wake(&m, B + 10 * k + 3, 0, T0 + j, T0 + j - 1, SS_WC_SYSCALL,
			     sys("futex", 0, 0x1000 + 64 * (j - 1)));
		feed_switch(&m, B + 10 * k + 5, 0, T0 + j, SS_ST_Z, 0);
	}
	ss_model_finish(&m, FEED_S0 + B + 10 * N + 100, 0);
	assert_null(m.failed);
	struct on_small_stack run = { .m = &m, .tid = T0 };
	pthread_attr_t attr;
	pthread_t th;

	pthread_attr_init(&attr);
	assert_int_equal(pthread_attr_setstacksize(&attr, 64 * 1024), 0);
	assert_int_equal(pthread_create(&th, &attr, walk_thread, &run), 0);
	pthread_join(th, NULL);
	pthread_attr_destroy(&attr);
	assert_int_equal(run.err, 0);
	cp = run.cp;
	assert_false(cp.capped);
	assert_int_equal(check_tiles(&cp), N - 1);
	for (size_t i = 0; i < cp.nsegs; i++)
		if (cp.segs[i].kind == SS_CP_WOKEN)
			assert_int_equal(cp.segs[i].how, SS_WH_FUTEX);
	/* the chain ends at the last thread's sleep, ended by an interrupt */
	assert_int_equal(cp.segs[1].kind, SS_CP_RUNNING);
	assert_int_equal(cp.segs[1].tid, T0 + N - 1);
	assert_int_equal(cp.segs[2].kind, SS_CP_BLOCKED);
	assert_int_equal(cp.segs[2].stop, SS_CP_STOP_IRQ);
	assert_int_equal(cp.segs[2].to_ns, FEED_S0 + B);
	ss_critical_free(&cp);
	ss_model_free(&m);
}

/* Two threads that woke each other at the same instant: damaged data must
 * not make the walk go round for ever. */
static void test_cycle_at_one_instant(void **state)
{
	struct ss_critical cp;
	struct ss_model m;
	size_t blocked = 0;

	(void)state;
	new_model(&m);
	feed_task(&m, 21, 21, "a", true);
	feed_task(&m, 22, 22, "b", true);
	feed_switch(&m, 50, 0, 0, 0, 21);
	feed_switch(&m, 50, 1, 0, 0, 22);
	block(&m, 99, 0, 21, sys("futex", 0, 0x2000));
	block(&m, 99, 1, 22, sys("futex", 0, 0x2000));
	feed_switch(&m, 100, 0, 21, SS_ST_S, 0);
	feed_switch(&m, 100, 1, 22, SS_ST_S, 0);
	wake(&m, 500, 1, 22, 21, SS_WC_SYSCALL, sys("futex", 0, 0x2000));
	wake(&m, 500, 0, 21, 22, SS_WC_SYSCALL, sys("futex", 0, 0x2000));
	feed_switch(&m, 600, 0, 0, 0, 21);
	feed_switch(&m, 600, 1, 0, 0, 22);
	feed_switch(&m, 700, 0, 21, SS_ST_Z, 0);
	feed_switch(&m, 700, 1, 22, SS_ST_Z, 0);
	ss_model_finish(&m, FEED_S0 + 800, 0);
	assert_int_equal(ss_critical_path(&m, 21, 0, UINT64_MAX, &cp), 0);
	assert_false(cp.capped);
	check_tiles(&cp);
	for (size_t i = 0; i < cp.nsegs; i++) {
		if (cp.segs[i].kind != SS_CP_BLOCKED)
			continue;
		blocked++;
		assert_int_equal(cp.segs[i].stop, SS_CP_STOP_CYCLE);
		assert_int_equal(cp.segs[i].from_ns, FEED_S0 + 100);
		assert_int_equal(cp.segs[i].to_ns, FEED_S0 + 500);
	}
	assert_int_equal(blocked, 1);
	ss_critical_free(&cp);
	ss_model_free(&m);
}

/* What ends a chain: a waker outside the trace, a traced waker that was in
 * no syscall (an interrupt on top of it), a preemption. */
static void test_chain_ends(void **state)
{
	struct ss_critical cp;
	struct ss_model m;

	(void)state;
	new_model(&m);
	feed_task(&m, 31, 31, "me", true);
	feed_task(&m, 32, 32, "peer", true);
	feed_task(&m, 99, 99, "outsider", false);
	feed_switch(&m, 100, 0, 0, 0, 31);
	block(&m, 190, 0, 31, sys("futex", 0, 0x3000));
	feed_switch(&m, 200, 0, 31, SS_ST_S, 99);
	wake(&m, 300, 0, 99, 31, SS_WC_NONE, sys("read", 0, 0));         /* the outsider wakes it */
	feed_switch(&m, 400, 0, 99, SS_ST_PREEMPTED, 31);                          /* and is preempted by it */
	block(&m, 490, 0, 31, sys("futex", 0, 0x3000));
	feed_switch(&m, 500, 0, 31, SS_ST_S, 32);
	wake(&m, 600, 0, 32, 31, SS_WC_NONE, sys("read", 0, 0));         /* peer, in no syscall */
	feed_switch(&m, 700, 0, 32, SS_ST_PREEMPTED, 31);                          /* preempted: not a hand-off */
	feed_switch(&m, 800, 0, 31, SS_ST_Z, 0);
	ss_model_finish(&m, FEED_S0 + 900, 0);
	assert_int_equal(ss_critical_path(&m, 31, 0, UINT64_MAX, &cp), 0);
	assert_int_equal(check_tiles(&cp), 0);
	assert_int_equal(cp.nsegs, 7);
	assert_int_equal(cp.segs[1].kind, SS_CP_BLOCKED);
	assert_int_equal(cp.segs[1].stop, SS_CP_STOP_UNTRACED);
	assert_int_equal(cp.segs[1].other, 99);
	assert_int_equal(cp.segs[2].kind, SS_CP_RUNNABLE);     /* 300-400, the outsider held the CPU */
	assert_int_equal(cp.segs[4].kind, SS_CP_BLOCKED);
	assert_int_equal(cp.segs[4].stop, SS_CP_STOP_INTERRUPT);
	assert_int_equal(cp.segs[5].kind, SS_CP_RUNNABLE);     /* 600-700: peer was preempted */
	ss_critical_free(&cp);
	ss_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_path),
		cmocka_unit_test(test_window_inside_a_sleep),
		cmocka_unit_test(test_deep_chain),
		cmocka_unit_test(test_cycle_at_one_instant),
		cmocka_unit_test(test_chain_ends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
