/*
 * The lessons whose windows and checks stand on sleeps and the wake-ups
 * that end them, on synthetic traces fed through the model's sink
 * (tests/unit/lessons_fx.h): lock (the window between declared markers,
 * who held the lock, the first hand-off a picture shows whole), a marker
 * window (distributed), and pipe (hand-offs, on two CPUs and on one).
 * Split from test_lessons.c, which has the rest of the lessons room.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lessons/check.h"
#include "lessons/lesson.h"
#include "lessons/shapes.h"
#include "model/handoff.h"
#include "model/model.h"
#include "model/syscalls.h"
#include "tests/unit/lessons_fx.h"

/* ---- sleeps and the wake-ups that end them ---- */

/* on cpu, tid (running since the last switch) goes to sleep in syscall sc on
 * channel chan of kind kind, and is switched out */
static void sleep_in(struct fx *f, uint64_t ts, unsigned cpu, uint32_t tid, const char *sc, unsigned kind,
		     uint64_t chan)
{
	ev(f, (struct ss_event){ .ts_ns = ts, .kind = SS_BLOCK, .cpu = (uint16_t)cpu, .pid = tid,
				 .block = { .nr = ss_syscall_nr(NULL, sc), .fd = 3,
					    .chan = { .id = chan, .ino = chan, .kind = (uint8_t)kind } } });
	sw(f, ts + 1, cpu, tid, 0, SS_ST_S);
}

/* waker, running on cpu, in syscall sc on chan, wakes wakee */
static void wake_by(struct fx *f, uint64_t ts, unsigned cpu, uint32_t waker, uint32_t wakee, const char *sc,
		    unsigned kind, uint64_t chan)
{
	ev(f, (struct ss_event){ .ts_ns = ts, .kind = SS_WAKING, .cpu = (uint16_t)cpu, .pid = waker,
				 .wake = { .wakee = wakee, .target_cpu = cpu } });
	ev(f, (struct ss_event){ .ts_ns = ts, .kind = SS_WAKER, .cpu = (uint16_t)cpu, .pid = waker,
				 .waker = { .wakee = wakee, .cause = SS_WC_SYSCALL,
					    .sys = { .nr = ss_syscall_nr(NULL, sc), .fd = 4,
						     .chan = { .id = chan, .ino = chan, .kind = (uint8_t)kind } } } });
}

#define MS 1000000ull

/* The checklist run over f's finished model: check id's result. */
static const struct lesson_result *checked(struct fx *f, const struct lesson *l, struct lesson_checklist *cl,
					   const char *id)
{
	lesson_checklist_init(cl, l);
	lesson_checklist_update(cl, &f->m);
	return result(cl, id);
}

/* ---- lock: the window between declared markers, and who held the lock ---- */

/* The lock scenario from its start: Thread-1 on CPU 0, Thread-2 on CPU 1 at 3 ms. */
static void lock_fixture(struct fx *f, struct lesson *l)
{
	fx_init(f, "/b/build/scenarios/lock", 2);
	task(f, 1 * MS, 200, 200, 0, "lock", false);
	assert_int_equal(lesson_from_cmdline(l, f->m.info.cmdline), 0);
	mark(f, 1 * MS, 200, P_PHASE, 1, 0);
	task(f, 2 * MS, 201, 200, 200, "Thread-1", true);
	task(f, 2 * MS + 100, 202, 200, 200, "Thread-2", true);
	sw(f, 3 * MS, 0, 0, 201, 0);
	sw(f, 3 * MS, 1, 0, 202, 0);
}

static void test_lock_window_and_spans(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_marks mk = { .nprobes = 0 };
	struct lesson_span s[4];
	struct lesson_checklist cl;
	const struct lesson_result *r;
	uint64_t a, b, pad;

	(void)state;
	lock_fixture(&f, &l);
	/* not there yet: the run so far, padded */
	assert_false(lesson_window(&l, &f.m, &a, &b));
	/* a wake-up as Thread-1 was still going to sleep: not the one the window shows */
	sleep_in(&f, 5 * MS, 0, 201, "futex", SS_CH_FUTEX, 0xf0);
	wake_by(&f, 5 * MS + 500, 1, 202, 201, "futex", SS_CH_FUTEX, 0xf0);
	sw(&f, 5 * MS + 600, 0, 0, 201, 0);
	/* and one woken before it blocked: it did not sleep */
	wake_by(&f, 6 * MS, 1, 202, 201, "futex", SS_CH_FUTEX, 0xf0);
	sleep_in(&f, 6 * MS + 100, 0, 201, "futex", SS_CH_FUTEX, 0xf0);
	sw(&f, 6 * MS + 600, 0, 0, 201, 0);
	mark(&f, 10 * MS, 201, P_LOCK_WANTED, 1, 202);          /* Thread-2 holds it */
	sleep_in(&f, 11 * MS, 0, 201, "futex", SS_CH_FUTEX, 0xf0);
	mark(&f, 12 * MS, 202, P_LOCK_RELEASED, 1, 0);         /* its own contended hold's end */
	wake_by(&f, 14 * MS, 1, 202, 201, "futex", SS_CH_FUTEX, 0xf0);     /* the unlock that wakes it */
	sw(&f, 14 * MS + 500000, 0, 0, 201, 0);
	mark(&f, 15 * MS, 201, P_LOCK_TAKEN, 1, 5 * MS);
	mark(&f, 20 * MS, 201, P_LOCK_RELEASED, 1, 0);
	mark(&f, 30 * MS, 202, P_LOCK_WANTED, 1, 201);          /* Thread-1 holds it, to the end */
	mark(&f, 40 * MS, 200, P_PHASE, 2, 0);
	ss_model_finish(&f.m, 50 * MS, 0);
	/* the window: the first unlock that woke a sleeping waiter, its sleep to its run */
	assert_true(lesson_window(&l, &f.m, &a, &b));
	pad = (14 * MS + 500000 - (11 * MS + 1)) / 20;
	assert_int_equal(a, 11 * MS + 1 - pad);
	assert_int_equal(b, 14 * MS + 500000 + pad);
	/* the shapes: the waiter's wait and hold, and the holder's hold while it waited */
	lesson_marks_sync(&mk, &f.m);
	assert_int_equal(lesson_spans(&mk, &f.m, ss_model_thread(&f.m, 201), 0, UINT64_MAX, s, 4), 3);
	assert_int_equal(s[0].kind, LESSON_SPAN_LOCK_WAIT);
	assert_int_equal(s[0].to_ns, 15 * MS);
	assert_int_equal(s[1].kind, LESSON_SPAN_LOCK_HELD);
	assert_int_equal(s[1].from_ns, 15 * MS);
	assert_int_equal(s[1].to_ns, 20 * MS);
	assert_int_equal(s[2].kind, LESSON_SPAN_LOCK_HOLDER);
	assert_string_equal(s[2].label, "holds it: Thread-2 waits");
	assert_int_equal(s[2].from_ns, 30 * MS);
	assert_true(s[2].open);
	assert_int_equal(lesson_spans(&mk, &f.m, ss_model_thread(&f.m, 202), 0, UINT64_MAX, s, 4), 2);
	assert_int_equal(s[0].kind, LESSON_SPAN_LOCK_HOLDER);
	assert_string_equal(s[0].label, "holds it: Thread-1 waits");
	assert_int_equal(s[0].from_ns, 10 * MS);
	assert_int_equal(s[0].to_ns, 14 * MS);      /* its unlock woke the waiter */
	assert_false(s[0].open);
	assert_int_equal(s[1].kind, LESSON_SPAN_LOCK_WAIT);
	assert_true(s[1].open);
	/* the check shows the same unlock as the window, not the early wake-up,
	 * and counts the sleeps the unlocks ended as why and flows do: the one
	 * of 500 ns too, not the one that did not sleep */
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &f.m);
	r = result(&cl, "lock.release_wakes");
	assert_int_equal(r->verdict, LESSON_PASS);
	assert_int_equal(r->at_ns, 14 * MS);
	assert_int_equal(r->nitems, 1);
	assert_int_equal(r->items[0], 2);
	ss_model_free(&f.m);
}

/* The waiter's probe read owner 0 (the holder let go between the try and the
 * probe, and the other thread took it again before the waiter slept): the
 * holder is the thread whose unlock woke it, to the last such unlock. And a
 * window dense with short waits keeps the earliest spans, not the first made. */
static void test_lock_holder_unnamed_and_dense(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_marks mk = { .nprobes = 0 };
	struct lesson_span s[2];

	(void)state;
	lock_fixture(&f, &l);
	mark(&f, 10 * MS, 201, P_LOCK_WANTED, 1, 0);            /* owner 0 */
	sleep_in(&f, 11 * MS, 0, 201, "futex", SS_CH_FUTEX, 0xf0);
	wake_by(&f, 12 * MS, 1, 202, 201, "futex", SS_CH_FUTEX, 0xf0);      /* it lost the race */
	sw(&f, 12 * MS + 100, 0, 0, 201, 0);
	sleep_in(&f, 12 * MS + 200, 0, 201, "futex", SS_CH_FUTEX, 0xf0);
	wake_by(&f, 14 * MS, 1, 202, 201, "futex", SS_CH_FUTEX, 0xf0);      /* the unlock it took it after */
	sw(&f, 14 * MS + 100, 0, 0, 201, 0);
	mark(&f, 15 * MS, 201, P_LOCK_TAKEN, 1, 5 * MS);
	mark(&f, 15 * MS + 10, 201, P_LOCK_RELEASED, 1, 0);
	/* owner 0 again, and no unlock of Thread-2's woke it: no holder is named */
	mark(&f, 16 * MS, 201, P_LOCK_WANTED, 1, 0);
	mark(&f, 16 * MS + 10, 201, P_LOCK_TAKEN, 1, 10);
	mark(&f, 16 * MS + 20, 201, P_LOCK_RELEASED, 1, 0);
	/* Thread-2's own short waits and holds, after the long one */
	for (uint64_t t = 20 * MS; t < 25 * MS; t += MS) {
		mark(&f, t, 202, P_LOCK_WANTED, 1, 0);
		mark(&f, t + 100, 202, P_LOCK_TAKEN, 1, 100);
		mark(&f, t + 200, 202, P_LOCK_RELEASED, 1, 0);
	}
	ss_model_finish(&f.m, 50 * MS, 0);
	lesson_marks_sync(&mk, &f.m);
	assert_int_equal(lesson_spans(&mk, &f.m, ss_model_thread(&f.m, 202), 0, UINT64_MAX, s, 2), 11);
	assert_int_equal(s[0].kind, LESSON_SPAN_LOCK_HOLDER);
	assert_string_equal(s[0].label, "holds it: Thread-1 waits");
	assert_int_equal(s[0].from_ns, 10 * MS);
	assert_int_equal(s[0].to_ns, 14 * MS);
	assert_int_equal(s[1].kind, LESSON_SPAN_LOCK_WAIT);
	assert_int_equal(s[1].from_ns, 20 * MS);
	ss_model_free(&f.m);
}

/* The window and the check take the first hand-off a picture can show whole
 * (SS_HOW_PROMPT): not one whose waiter, asleep 100 us, then waited 3 ms for
 * a CPU; with no prompt one, the first there is. */
static void lock_prompt(bool second_prompt)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	const struct lesson_result *r;
	uint64_t a, b;

	lock_fixture(&f, &l);
	/* asleep 100 us, then runnable 3 ms */
	sleep_in(&f, 10 * MS, 1, 202, "futex", SS_CH_FUTEX, 0xf0);
	wake_by(&f, 10 * MS + 100000, 0, 201, 202, "futex", SS_CH_FUTEX, 0xf0);
	sw(&f, 13 * MS + 100000, 1, 0, 202, 0);
	/* asleep 100 us, then runnable 50 us (or, again, 3 ms) */
	sleep_in(&f, 20 * MS, 1, 202, "futex", SS_CH_FUTEX, 0xf0);
	wake_by(&f, 20 * MS + 100000, 0, 201, 202, "futex", SS_CH_FUTEX, 0xf0);
	sw(&f, second_prompt ? 20 * MS + 150000 : 23 * MS + 100000, 1, 0, 202, 0);
	mark(&f, 40 * MS, 200, P_PHASE, 2, 0);
	ss_model_finish(&f.m, 50 * MS, 0);
	assert_true(lesson_window(&l, &f.m, &a, &b));
	/* padded by a twentieth of its width, at least 10 us */
	if (second_prompt)
		assert_int_equal(a, 20 * MS + 1 - 10000);
	else
		assert_int_equal(a, 10 * MS + 1 - (13 * MS + 100000 - (10 * MS + 1)) / 20);
	r = checked(&f, &l, &cl, "lock.release_wakes");
	assert_int_equal(r->verdict, LESSON_PASS);
	assert_int_equal(r->at_ns, second_prompt ? 20 * MS + 100000 : 10 * MS + 100000);
	assert_int_equal(r->items[0], 2);      /* the count is of them all */
	ss_model_free(&f.m);
}

static void test_lock_prompt_handoff(void **state)
{
	(void)state;
	lock_prompt(true);
	lock_prompt(false);
}

/* A waiter asleep while its holder was kept off its CPU (by the recorder,
 * on a real run) shows another lesson: the window and the check take the
 * first hand-off whose holder ran through the sleep, and with none, the
 * check says the holder hardly ran. */
static void lock_holder_ran(bool later_one)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	uint64_t a, b;
	const struct lesson_result *r;

	lock_fixture(&f, &l);
	/* Thread-1 (holding it) preempted for 500 us while Thread-2 sleeps */
	sw(&f, 10 * MS - 1000, 0, 201, 0, SS_ST_PREEMPTED);
	sleep_in(&f, 10 * MS, 1, 202, "futex", SS_CH_FUTEX, 0xf0);
	sw(&f, 10 * MS + 500000, 0, 0, 201, 0);
	wake_by(&f, 10 * MS + 502000, 0, 201, 202, "futex", SS_CH_FUTEX, 0xf0);
	sw(&f, 10 * MS + 503000, 1, 0, 202, 0);
	if (later_one) {
		/* asleep 100 us while Thread-1 ran, then 300 us for a CPU: not prompt */
		sleep_in(&f, 20 * MS, 1, 202, "futex", SS_CH_FUTEX, 0xf0);
		wake_by(&f, 20 * MS + 100001, 0, 201, 202, "futex", SS_CH_FUTEX, 0xf0);
		sw(&f, 20 * MS + 400000, 1, 0, 202, 0);
	}
	mark(&f, 40 * MS, 200, P_PHASE, 2, 0);
	ss_model_finish(&f.m, 50 * MS, 0);
	assert_true(lesson_window(&l, &f.m, &a, &b));
	/* the sleep to the run, padded by a twentieth */
	if (later_one)
		assert_int_equal(a, 20 * MS + 1 - (20 * MS + 400000 - (20 * MS + 1)) / 20);
	else
		assert_int_equal(a, 10 * MS + 1 - (10 * MS + 503000 - (10 * MS + 1)) / 20);
	r = checked(&f, &l, &cl, "lock.release_wakes");
	assert_int_equal(r->verdict, LESSON_PASS);
	if (later_one) {
		assert_int_equal(r->at_ns, 20 * MS + 100001);
		assert_string_equal(r->evidence, "Thread-1 201's unlock woke Thread-2 202, asleep 100 us in futex() "
						 "waiting for the lock (2 such wake-ups)");
	} else {
		assert_int_equal(r->at_ns, 10 * MS + 502000);
		assert_string_equal(r->evidence, "Thread-1 201's unlock woke Thread-2 202, asleep 502 us in futex() "
						 "waiting for the lock; Thread-1 201, holding it, ran only 2.00 us of that "
						 "time (1 such wake-up)");
	}
	ss_model_free(&f.m);
}

static void test_lock_holder_ran(void **state)
{
	(void)state;
	lock_holder_ran(true);
	lock_holder_ran(false);
}

/* Unlocks that only woke their waiter as it went to sleep: no picture shows
 * it asleep, and the check says so rather than that no unlock woke one
 * (why says "did not sleep: ... woken by Thread-2 releasing it"). */
static void test_lock_woken_going_to_sleep(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	const struct lesson_result *r;

	(void)state;
	lock_fixture(&f, &l);
	wake_by(&f, 10 * MS, 0, 201, 202, "futex", SS_CH_FUTEX, 0xf0);
	sleep_in(&f, 10 * MS + 100, 1, 202, "futex", SS_CH_FUTEX, 0xf0);
	sw(&f, 10 * MS + 5000, 1, 0, 202, 0);
	mark(&f, 40 * MS, 200, P_PHASE, 2, 0);
	ss_model_finish(&f.m, 50 * MS, 0);
	r = checked(&f, &l, &cl, "lock.release_wakes");
	assert_int_equal(r->verdict, LESSON_FAIL);
	assert_string_equal(r->evidence, "no unlock woke a thread seen asleep for 1 us or more "
					 "(1 unlock woke its waiter as it went to sleep)");
	ss_model_free(&f.m);
}

/* ---- distributed: a window between declared markers ---- */

static void test_marker_window(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	const struct lesson_result *r;
	uint64_t a, b, pad;

	(void)state;
	fx_init(&f, "/b/build/scenarios/distributed --tasks 1", 2);
	task(&f, 1 * MS, 300, 300, 0, "distributed", false);
	mark(&f, 1 * MS, 300, P_PHASE, 1, 0);
	mark(&f, 2 * MS, 300, P_PUT, 1, 42);
	task(&f, 3 * MS, 301, 301, 300, "worker-1", false);
	sw(&f, 3 * MS, 0, 0, 300, 0);
	sw(&f, 4 * MS, 1, 0, 301, 0);
	/* the worker asks, and sleeps in recv() until the master answers */
	sleep_in(&f, 5 * MS, 1, 301, "recvfrom", SS_CH_TCP, 0x7c);
	wake_by(&f, 6 * MS, 0, 300, 301, "sendto", SS_CH_TCP, 0x7c);
	sw(&f, 6 * MS + 100, 1, 0, 301, 0);
	mark(&f, 7 * MS, 301, P_GET, 1, 42);
	mark(&f, 8 * MS, 301, P_TASK_START, 0, 42);
	mark(&f, 20 * MS, 301, P_TASK_END, 0, 12000);
	mark(&f, 21 * MS, 301, P_PUT, 2, 42);
	mark(&f, 25 * MS, 300, P_GET, 2, 42);
	mark(&f, 30 * MS, 300, P_PHASE, 2, 0);
	ss_model_finish(&f.m, 40 * MS, 0);
	assert_int_equal(lesson_from_cmdline(&l, f.m.info.cmdline), 0);
	/* from where the worker slept before its first get(1) to the master's first get(2) */
	assert_true(lesson_window(&l, &f.m, &a, &b));
	pad = (25 * MS - (5 * MS + 1)) / 20;
	assert_int_equal(a, 5 * MS + 1 - pad);
	assert_int_equal(b, 25 * MS + pad);
	/* the check names the call the trace saw the worker asleep in (the
	 * scenario's recv() is recvfrom to the kernel), as why does */
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &f.m);
	r = result(&cl, "distributed.recv_wakes");
	assert_int_equal(r->verdict, LESSON_PASS);
	/* 999,999 ns: "1.00 ms", three digits (fmt_dur() once said "1000 us") */
	assert_string_equal(r->evidence, "the master's send woke worker-1 301, asleep 1.00 ms in recvfrom(); "
					 "in all, the master's sends woke a worker 1 time");
	ss_model_free(&f.m);
}

/* ---- threads: the call a sleep was in, as the trace recorded it ---- */

/* LoopThread sleeps three times 5 ms, each ended by its own timer, in
 * clock_nanosleep (glibc's nanosleep() is that syscall): the check says the
 * call the trace saw, as why does, not the one the scenario's source makes. */
static void test_threads_sleep_call(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	const struct lesson_result *r;

	(void)state;
	fx_init(&f, "/b/build/scenarios/threads", 2);
	task(&f, 1 * MS, 400, 400, 0, "threads", false);
	mark(&f, 1 * MS, 400, P_PHASE, 1, 0);
	task(&f, 2 * MS, 401, 400, 400, "LoopThread", true);
	sw(&f, 2 * MS, 0, 0, 400, 0);
	sw(&f, 2 * MS, 1, 0, 401, 0);
	mark(&f, 2 * MS + 100, 401, P_THREAD_START, 1, 0);
	for (uint64_t i = 0, t = 4 * MS; i < 3; i++, t += 10 * MS) {
		sleep_in(&f, t, 1, 401, "clock_nanosleep", SS_CH_NONE, 0);
		ev(&f, (struct ss_event){ .ts_ns = t + 5 * MS + 1, .kind = SS_WAKING, .cpu = 1,
					  .wake = { .wakee = 401, .target_cpu = 1 } });
		ev(&f, (struct ss_event){ .ts_ns = t + 5 * MS + 1, .kind = SS_WAKER, .cpu = 1,
					  .waker = { .wakee = 401, .cause = SS_WC_TIMER, .ctx_id = SS_TIMER_SLEEP,
						     .sys = { .nr = -1, .fd = -1 } } });
		sw(&f, t + 5 * MS + 100, 1, 0, 401, 0);
	}
	mark(&f, 40 * MS, 401, P_THREAD_END, 1, 0);
	ss_model_finish(&f.m, 50 * MS, 0);
	assert_int_equal(lesson_from_cmdline(&l, f.m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &f.m);
	r = result(&cl, "threads.loop_sleeps");
	assert_int_equal(r->verdict, LESSON_PASS);
	assert_string_equal(r->evidence, "LoopThread 401 slept 3 times in clock_nanosleep(), 5.00 ms each on average; "
					 "3 of them seen ended by its timer");
	ss_model_free(&f.m);
}

/* ---- pipe: hand-offs, and a window of the first few ---- */

/* The pipe scenario of 3 rounds from its start: the parent on CPU 0 at 3 us. */
static void pipe_fixture(struct fx *f)
{
	fx_init(f, "/b/build/scenarios/pipe --rounds 3", 2);
	task(f, 1000, 100, 100, 0, "pipe", false);
	task(f, 2000, 101, 101, 100, "replier", false);
	mark(f, 3000, 100, P_PHASE, 1, 0);
	sw(f, 3000, 0, 0, 100, 0);
}

static void test_pipe_handoffs_window(void **state)
{
	struct fx f;
	struct lesson l;
	struct ss_handoff h[4];
	uint64_t a, b, pad, t = 10000;

	(void)state;
	pipe_fixture(&f);
	sw(&f, 3000, 1, 0, 101, 0);
	sleep_in(&f, 4000, 1, 101, "read", SS_CH_PIPE, 0xd0);       /* the replier waits for a request */
	/* three round trips: parent writes (wakes replier), sleeps; replier writes back */
	for (int i = 0; i < 3; i++, t += 10000) {
		wake_by(&f, t, 0, 100, 101, "write", SS_CH_PIPE, 0xd0);
		sleep_in(&f, t + 100, 0, 100, "read", SS_CH_PIPE, 0xe0);
		sw(&f, t + 200, 1, 0, 101, 0);
		wake_by(&f, t + 3000, 1, 101, 100, "write", SS_CH_PIPE, 0xe0);
		sleep_in(&f, t + 3100, 1, 101, "read", SS_CH_PIPE, 0xd0);
		sw(&f, t + 3200, 0, 0, 100, 0);
	}
	mark(&f, 50000, 100, P_PHASE, 2, 0);
	ss_model_finish(&f.m, 60000, 0);
	assert_int_equal(ss_model_handoffs(&f.m, 0, UINT64_MAX, SS_HOW_DATA, 0, 0, h, 4), 6);
	/* the earliest four, in time order, across both threads */
	assert_int_equal(h[0].wake_ns, 10000);
	assert_int_equal(h[0].block_ns, 4001);
	assert_int_equal(h[0].run_ns, 10200);
	assert_int_equal(h[0].waker, 100);
	assert_int_equal(h[0].wakee, 101);
	assert_int_equal(h[0].how, SS_WH_WROTE);
	assert_int_equal(h[0].reason, SS_R_PIPE_READ);
	assert_int_equal(h[1].wake_ns, 13000);
	assert_int_equal(h[1].block_ns, 10101);
	assert_int_equal(h[1].waker, 101);
	assert_int_equal(h[3].wake_ns, 23000);
	/* by one waker, into one sleeper; a window */
	assert_int_equal(ss_model_handoffs(&f.m, 0, UINT64_MAX, SS_HOW_DATA, 101, 100, h, 4), 3);
	assert_int_equal(ss_model_handoffs(&f.m, 15000, 30000, SS_HOW_DATA, 0, 0, h, 4), 2);
	assert_int_equal(ss_model_handoffs(&f.m, 0, UINT64_MAX, SS_HOW(SS_WH_FUTEX), 0, 0, h, 4), 0);
	/* the catalog's window: the first six hand-offs, from the first sleep to the last run */
	assert_int_equal(lesson_from_cmdline(&l, f.m.info.cmdline), 0);
	assert_true(lesson_window(&l, &f.m, &a, &b));
	pad = 10000;     /* a twentieth of 29.2 us is less than the least padding */
	assert_true((33200 - 4001) / 20 < pad);
	assert_int_equal(a, 0);          /* 4001 - pad: before the trace, so its start */
	assert_int_equal(b, 33200 + pad);
	ss_model_free(&f.m);
}

/* The two on one CPU: the parent, woken by each reply, preempts the replier,
 * writes the next request and sleeps; the replier, back on the CPU, finds the
 * request there and never sleeps in read(), nor at end-of-file. Not the
 * lesson's failure: inconclusive, saying where they ran. */
static void test_pipe_one_cpu(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	const struct lesson_result *r;
	uint64_t t = 10000;

	(void)state;
	pipe_fixture(&f);
	for (int i = 0; i < 3; i++, t += 10000) {
		sleep_in(&f, t + 100, 0, 100, "read", SS_CH_PIPE, 0xe0);      /* request written; wait for the reply */
		sw(&f, t + 200, 0, 0, 101, 0);
		wake_by(&f, t + 3000, 0, 101, 100, "write", SS_CH_PIPE, 0xe0);
		sw(&f, t + 3100, 0, 101, 100, SS_ST_PREEMPTED);              /* the woken parent takes the CPU */
	}
	mark(&f, 45000, 100, P_PHASE, 2, 0);       /* closes its end */
	sleep_in(&f, 45100, 0, 100, "wait4", SS_CH_NONE, 0);
	sw(&f, 45200, 0, 0, 101, 0);
	ev(&f, (struct ss_event){ .ts_ns = 46000, .kind = SS_EXIT, .cpu = 0, .pid = 101 });
	sw(&f, 46000, 0, 101, 0, SS_ST_X);
	ss_model_finish(&f.m, 60000, 0);
	assert_int_equal(lesson_from_cmdline(&l, f.m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &f.m);
	r = result(&cl, "pipe.request_wakes");
	assert_int_equal(r->verdict, LESSON_INCONCLUSIVE);
	assert_string_equal(r->evidence, "replier 101 shared a CPU with pipe 100: 3 times preempted by it just after "
					 "waking it, it found the next one already in the pipe and never slept in read()");
	assert_int_equal(r->at_ns, 13100);
	r = result(&cl, "pipe.eof_ends");
	assert_int_equal(r->verdict, LESSON_INCONCLUSIVE);
	assert_string_equal(r->evidence, "replier 101 shared a CPU with pipe 100 and found end-of-file without "
					 "sleeping in read(): it ran after pipe 100 had closed its end");
	ss_model_free(&f.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_window_and_spans),
		cmocka_unit_test(test_lock_holder_unnamed_and_dense),
		cmocka_unit_test(test_lock_prompt_handoff),
		cmocka_unit_test(test_lock_holder_ran),
		cmocka_unit_test(test_lock_woken_going_to_sleep),
		cmocka_unit_test(test_marker_window),
		cmocka_unit_test(test_threads_sleep_call),
		cmocka_unit_test(test_pipe_handoffs_window),
		cmocka_unit_test(test_pipe_one_cpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
