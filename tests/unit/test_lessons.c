/*
 * The lessons room and the model queries it stands on, on synthetic traces
 * fed through the model's sink: which lesson a command line is (and its
 * variant), the window a declaration gives, spans, a queue's depth, the
 * grouping rule of the legend, the CPU share and its line, two threads'
 * time together, and pool's checks, passing, failing, and lighting up on a
 * model that is still growing. Real runs are tests/scenarios/test_checks.sh.
 */
#include <errno.h>
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
#include "model/groups.h"
#include "model/handoff.h"
#include "model/model.h"
#include "model/syscalls.h"
#include "model/totals.h"

/* ---- building a trace ---- */

enum { P_PHASE, P_PUT, P_GET, P_TASK_START, P_TASK_END, P_LOCK_WANTED, P_LOCK_TAKEN, P_LOCK_RELEASED };
static const char *const probe_names[] = { "phase", "put", "get", "task_start", "task_end", "lock_wanted",
					   "lock_taken", "lock_released" };

struct fx {
	struct ss_model m;
	struct ss_sink k;
};

static void fx_init(struct fx *f, const char *cmdline, unsigned ncpus)
{
	struct ss_trace_info info = { .ncpus = ncpus, .start_ns = 0 };

	snprintf(info.cmdline, sizeof(info.cmdline), "%s", cmdline);
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	ss_model_sink(&f->m, &f->k);
	for (uint32_t i = 0; i < sizeof(probe_names) / sizeof(probe_names[0]); i++) {
		struct ss_probe p = { .id = i, .provider = "schedscope" };

		snprintf(p.name, sizeof(p.name), "%s", probe_names[i]);
		f->k.probe(f->k.ctx, &p);
	}
}

static void ev(struct fx *f, struct ss_event e)
{
	f->k.event(f->k.ctx, &e);
}

/* A task of the traced tree; forked by parent (0: first seen) as a process or thread. */
static void task(struct fx *f, uint64_t ts, uint32_t pid, uint32_t tgid, uint32_t parent, const char *comm,
		 bool thread)
{
	struct ss_task t = { .ts_ns = ts, .pid = pid, .tgid = tgid, .ppid = parent,
			     .origin = parent ? SS_TASK_FORKED : SS_TASK_FIRST_SEEN, .flags = SS_TASKF_IN_TREE,
			     .prev = -1 };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	f->k.task(f->k.ctx, &t);
	if (parent)
		ev(f, (struct ss_event){ .ts_ns = ts, .kind = SS_FORK, .pid = parent,
					 .fork = { .child = pid, .flags = thread ? SS_FORK_IS_THREAD : 0 } });
}

static void mark(struct fx *f, uint64_t ts, uint32_t pid, uint32_t probe, int64_t a0, int64_t a1)
{
	ev(f, (struct ss_event){ .ts_ns = ts, .kind = SS_MARKER, .pid = pid,
				 .marker = { .probe = probe, .nargs = 2, .args = { a0, a1 } } });
}

static void sw(struct fx *f, uint64_t ts, unsigned cpu, uint32_t prev, uint32_t next, unsigned prev_state)
{
	ev(f, (struct ss_event){ .ts_ns = ts, .kind = SS_SWITCH, .cpu = (uint16_t)cpu, .pid = prev,
				 .sw = { .next_pid = next, .prev_state = (uint16_t)prev_state } });
}

static const struct lesson_result *result(const struct lesson_checklist *cl, const char *id)
{
	for (size_t i = 0; i < cl->n; i++)
		if (!strcmp(cl->r[i].id, id))
			return &cl->r[i];
	fail_msg("no check %s", id);
	return NULL;
}

/* ---- which lesson ---- */

static void test_lesson_from_cmdline(void **state)
{
	struct lesson l;

	(void)state;
	assert_int_equal(lesson_from_cmdline(&l, "/x/build/scenarios/lock --iterations 5"), 0);
	assert_string_equal(l.sc->name, "lock");
	assert_null(l.variant);
	assert_ptr_equal(l.text, l.sc->lesson);
	assert_true(lesson_has_option(&l, "--iterations"));
	assert_false(lesson_has_option(&l, "--iter"));
	assert_int_equal(lesson_from_cmdline(&l, "/usr/libexec/schedscope/lock --no-lock"), 0);
	assert_non_null(l.variant);
	assert_string_equal(l.variant->name, "lost-update");
	assert_ptr_equal(l.text, l.variant->lesson);
	assert_ptr_equal(l.show, &l.variant->show);
	assert_int_equal(lesson_from_cmdline(&l, "scenarios/pool --tasks=8"), 0);
	assert_true(lesson_has_option(&l, "--tasks"));
	/* a program of the user's that happens to be called pool is no lesson */
	assert_int_equal(lesson_from_cmdline(&l, "/usr/bin/pool --tasks 8"), -ENOENT);
	assert_int_equal(lesson_from_cmdline(&l, "pool"), -ENOENT);
	assert_int_equal(lesson_from_cmdline(&l, ""), -ENOENT);
}

/* ---- markers in words ---- */

static void test_marker_words(void **state)
{
	struct fx f;
	struct lesson_marks mk = { .nprobes = 0 };
	struct ss_event e = { .kind = SS_MARKER, .marker = { .probe = P_PUT, .nargs = 2, .args = { 1, 98 } } };
	char buf[64], t[9];

	(void)state;
	fx_init(&f, "/b/build/scenarios/queue", 1);
	lesson_marks_sync(&mk, &f.m);
	assert_int_equal(lesson_mark_kind(&mk, &e), LP_PUT);
	assert_string_equal(lesson_marker_words(&mk, SCENARIO_ITEMS_TEXT, &e, buf, sizeof(buf)), "put 'b'");
	assert_string_equal(lesson_marker_words(&mk, SCENARIO_ITEMS_TASK, &e, buf, sizeof(buf)), "put task 98");
	e.marker.args[0] = 2;        /* the result queue holds numbers */
	assert_string_equal(lesson_marker_words(&mk, SCENARIO_ITEMS_TASK, &e, buf, sizeof(buf)), "put 98 (result)");
	e.marker.probe = P_PHASE;
	e.marker.args[0] = 6;
	e.marker.args[1] = 2;
	assert_string_equal(lesson_marker_words(&mk, SCENARIO_ITEMS_TASK, &e, buf, sizeof(buf)), "2 processes");
	e.marker.probe = 77;         /* not one of ours */
	assert_int_equal(lesson_mark_kind(&mk, &e), LP_NONE);
	/* probes.h's ss_text8 packing, the first character in the low byte */
	assert_string_equal(lesson_text8(435459550273, t), "Alice");
	assert_string_equal(lesson_text8(6451010, t), "Bob");
	assert_string_equal(lesson_text8(0x6867666564636261, t), "abcdefgh");
	ss_model_free(&f.m);
}

/* ---- pool: the shapes and the checks ---- */

/* Pool with 2 workers and 3 tasks: task 2 waits for PoolWorker-2, freed by
 * task 1 at 50 us. Events up to `until` only; finished if it is the end. */
static void pool_trace(struct fx *f, uint64_t until)
{
	static const struct {
		uint64_t ts;
		uint32_t pid, probe;
		int64_t a0, a1;
	} marks[] = {
		{ 10000, 100, P_PUT, 1, 0 }, { 10100, 100, P_PUT, 1, 1 }, { 10200, 100, P_PUT, 1, 2 },
		{ 10300, 100, P_PHASE, 4, 3 }, { 10400, 100, P_PHASE, 3, 2 },
		{ 11000, 101, P_GET, 1, 0 }, { 11100, 101, P_TASK_START, 0, 70 },
		{ 11200, 102, P_GET, 1, 1 }, { 11300, 102, P_TASK_START, 1, 38 },
		{ 50000, 102, P_TASK_END, 1, 38 }, { 50100, 102, P_GET, 1, 2 }, { 50200, 102, P_TASK_START, 2, 40 },
		{ 90000, 101, P_TASK_END, 0, 79 }, { 95000, 102, P_TASK_END, 2, 44 },
	};

	fx_init(f, "/b/build/scenarios/pool --workers 2 --tasks 3", 2);
	task(f, 1000, 100, 100, 0, "pool", false);
	mark(f, 1000, 100, P_PHASE, 1, 0);
	task(f, 2000, 101, 101, 100, "PoolWorker-1", false);
	task(f, 3000, 102, 102, 100, "PoolWorker-2", false);
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]) && marks[i].ts <= until; i++)
		mark(f, marks[i].ts, marks[i].pid, marks[i].probe, marks[i].a0, marks[i].a1);
	if (until >= 98000) {
		mark(f, 98000, 100, P_PHASE, 2, 0);
		ss_model_finish(&f->m, 100000, 0);
	}
}

static void test_pool_task_waited(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	const struct lesson_result *r;

	(void)state;
	pool_trace(&f, 98000);
	assert_int_equal(lesson_from_cmdline(&l, f.m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	assert_int_equal(cl.n, 4);
	lesson_checklist_update(&cl, &f.m);
	r = result(&cl, "pool.task_waited");
	assert_int_equal(r->verdict, LESSON_PASS);
	assert_string_equal(r->evidence, "task 2 waited 39.9 us for a free worker (PoolWorker-2 102 freed at 50.0 us)");
	assert_int_equal(r->nitems, 1);
	assert_int_equal(r->items[0], 2);
	assert_int_equal(r->ntids, 1);
	assert_int_equal(r->tids[0], 102);
	assert_int_equal(r->at_ns, 50100);
	assert_int_equal(r->from_ns, 10200);
	assert_int_equal(r->to_ns, 50100);
	r = result(&cl, "pool.each_task_once");
	assert_int_equal(r->verdict, LESSON_PASS);
	assert_string_equal(r->evidence,
			    "3 tasks ran once each on 2 workers: PoolWorker-1 101 ran 0; PoolWorker-2 102 ran 1, 2");
	r = result(&cl, "pool.workers_first");
	assert_int_equal(r->verdict, LESSON_PASS);
	assert_int_equal(r->ntids, 2);
	/* no exits, no sleeps: join cannot have been seen */
	assert_int_equal(result(&cl, "pool.close_join")->verdict, LESSON_FAIL);
	assert_int_equal(lesson_checklist_verdict(&cl), LESSON_FAIL);
	ss_model_free(&f.m);
}

static void test_pool_no_wait_fails_with_hint(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	const struct lesson_result *r;

	(void)state;
	fx_init(&f, "/b/build/scenarios/pool --workers 3 --tasks 3", 2);
	task(&f, 1000, 100, 100, 0, "pool", false);
	mark(&f, 1000, 100, P_PHASE, 1, 0);
	for (uint32_t w = 0; w < 3; w++)
		task(&f, 2000 + w, 101 + w, 101 + w, 100, "PoolWorker", false);
	for (int64_t t = 0; t < 3; t++)
		mark(&f, 10000 + (uint64_t)t, 100, P_PUT, 1, t);
	for (int64_t t = 0; t < 3; t++) {
		mark(&f, 11000 + (uint64_t)t * 10, 101 + (uint32_t)t, P_GET, 1, t);
		mark(&f, 11001 + (uint64_t)t * 10, 101 + (uint32_t)t, P_TASK_START, t, 5);
		mark(&f, 20000 + (uint64_t)t, 101 + (uint32_t)t, P_TASK_END, t, 5);
	}
	/* a task put after its worker came free did not wait for it */
	mark(&f, 25000, 100, P_PUT, 1, 3);
	mark(&f, 25010, 101, P_GET, 1, 3);
	mark(&f, 25011, 101, P_TASK_START, 3, 5);
	mark(&f, 26000, 101, P_TASK_END, 3, 5);
	mark(&f, 30000, 100, P_PHASE, 2, 0);
	ss_model_finish(&f.m, 31000, 0);
	assert_int_equal(lesson_from_cmdline(&l, f.m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &f.m);
	r = result(&cl, "pool.task_waited");
	assert_int_equal(r->verdict, LESSON_FAIL);
	assert_string_equal(r->evidence, "no task waited for a worker: 4 tasks on 3 workers");
	assert_string_equal(r->hint, "rerun with more tasks than workers: `-- --tasks 6`");
	ss_model_free(&f.m);
}

/* Live: the check is pending until the trace shows the wait, then passes and stays so. */
static void test_checks_light_up_live(void **state)
{
	struct fx early, late;
	struct lesson l;
	struct lesson_checklist cl;

	(void)state;
	pool_trace(&early, 50000);
	assert_false(early.m.finished);
	assert_int_equal(lesson_from_cmdline(&l, early.m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &early.m);
	assert_int_equal(result(&cl, "pool.task_waited")->verdict, LESSON_PENDING);
	assert_int_equal(result(&cl, "pool.each_task_once")->verdict, LESSON_PENDING);
	assert_int_equal(result(&cl, "pool.workers_first")->verdict, LESSON_PASS);
	assert_int_equal(lesson_checklist_verdict(&cl), LESSON_PENDING);
	pool_trace(&late, 50100);
	assert_int_equal(lesson_checklist_update(&cl, &late.m), 1);
	assert_int_equal(result(&cl, "pool.task_waited")->verdict, LESSON_PASS);
	assert_int_equal(result(&cl, "pool.task_waited")->at_ns, 50100);
	/* a passed check is kept, even against a model that no longer shows it */
	lesson_checklist_update(&cl, &early.m);
	assert_int_equal(result(&cl, "pool.task_waited")->verdict, LESSON_PASS);
	ss_model_free(&early.m);
	ss_model_free(&late.m);
}

static void test_pool_spans_and_pending(void **state)
{
	struct fx f;
	struct lesson_marks mk = { .nprobes = 0 };
	struct lesson_span s[4];
	struct lesson_depth d[8];
	int32_t before;

	(void)state;
	pool_trace(&f, 60000);      /* task 2 still running */
	lesson_marks_sync(&mk, &f.m);
	assert_int_equal(lesson_spans(&mk, &f.m, ss_model_thread(&f.m, 102), 0, UINT64_MAX, s, 4), 2);
	assert_string_equal(s[0].label, "task 1");
	assert_int_equal(s[0].from_ns, 11300);
	assert_int_equal(s[0].to_ns, 50000);
	assert_false(s[0].open);
	assert_string_equal(s[1].label, "task 2");
	assert_true(s[1].open);
	assert_int_equal(s[1].to_ns, f.m.end_ns);
	/* a window that holds only task 2 */
	assert_int_equal(lesson_spans(&mk, &f.m, ss_model_thread(&f.m, 102), 50100, 60000, s, 4), 1);
	assert_int_equal(s[0].id, 2);
	/* put, put, put, get, get, get: 1 2 3 2 1 0; from 10150 on: 2 before */
	assert_int_equal(lesson_pending(&mk, &f.m, 1, 10150, UINT64_MAX, &before, d, 8), 4);
	assert_int_equal(before, 2);
	assert_int_equal(d[0].depth, 3);
	assert_true(d[0].put);
	assert_int_equal(d[3].depth, 0);
	assert_int_equal(d[3].tid, 102);
	assert_int_equal(d[3].item, 2);
	ss_model_free(&f.m);
}

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
	 * and counts only the wake-ups of a sleeping waiter */
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &f.m);
	r = result(&cl, "lock.release_wakes");
	assert_int_equal(r->verdict, LESSON_PASS);
	assert_int_equal(r->at_ns, 14 * MS);
	assert_int_equal(r->nitems, 1);
	assert_int_equal(r->items[0], 1);
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
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &f.m);
	r = result(&cl, "lock.release_wakes");
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

/* ---- distributed: a window between declared markers ---- */

static void test_marker_window(void **state)
{
	struct fx f;
	struct lesson l;
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

/* ---- the model's queries ---- */

static void test_name_groups(void **state)
{
	struct fx f;
	struct ss_name_group g[8];
	int32_t of[80];
	char label[64];
	char name[16];

	(void)state;
	fx_init(&f, "/b/build/scenarios/procvsthread", 2);
	task(&f, 1000, 300, 300, 0, "procvsthread", false);
	task(&f, 1100, 301, 301, 300, "Process-1", false);
	task(&f, 1200, 302, 302, 300, "Process-2", false);
	for (uint32_t i = 1; i <= 64; i++) {
		snprintf(name, sizeof(name), "many-%u", i);
		task(&f, 2000 + i, 400 + i, 300, 300, name, true);
	}
	task(&f, 3000, 500, 300, 300, "Thread-1", true);
	assert_int_equal(ss_model_name_groups(&f.m, 5, g, 8, of), 5);
	assert_string_equal(ss_name_group_label(&g[0], label, sizeof(label)), "procvsthread");
	assert_string_equal(ss_name_group_label(&g[1], label, sizeof(label)), "Process-1");
	assert_string_equal(ss_name_group_label(&g[3], label, sizeof(label)), "many-1\u2026many-64, 64 threads");
	assert_int_equal(g[3].first, 3);
	assert_int_equal(g[3].count, 64);
	assert_string_equal(ss_name_group_label(&g[4], label, sizeof(label)), "Thread-1");
	assert_int_equal(of[3], 3);
	assert_int_equal(of[66], 3);
	assert_int_equal(of[67], 4);
	/* the bar is "at least": 64 many make a group at 64, not at 65 */
	assert_int_equal(ss_model_name_groups(&f.m, 64, g, 8, NULL), 5);
	assert_int_equal(ss_model_name_groups(&f.m, 65, g, 8, NULL), 68);
	ss_model_free(&f.m);
}

static void test_cpu_share_and_together(void **state)
{
	struct fx f;
	struct ss_cpu_share s;
	char line[128];

	(void)state;
	fx_init(&f, "/b/build/scenarios/multicore", 2);
	task(&f, 0, 100, 100, 0, "multicore", false);
	task(&f, 0, 101, 100, 100, "busy-0", true);
	/* CPU 0: 100 runs [0, 600), an outsider 555 [600, 1000); CPU 1: 101 [200, 500), 556 [500, 1000) */
	sw(&f, 0, 0, 0, 100, 0);
	sw(&f, 200, 1, 0, 101, 0);
	sw(&f, 500, 1, 101, 556, SS_ST_S);
	sw(&f, 600, 0, 100, 555, SS_ST_S);
	sw(&f, 1000, 0, 555, 0, SS_ST_S);
	sw(&f, 1000, 1, 556, 0, SS_ST_S);
	ss_model_finish(&f.m, 1000, 0);
	ss_model_cpu_share(&f.m, 0, 1000, &s);
	assert_int_equal(s.capacity_ns, 2000);
	assert_int_equal(s.traced_ns, 900);
	assert_int_equal(s.other_ns, 900);
	assert_string_equal(ss_cpu_share_line(&s, 20, line, sizeof(line)),
			    "other tasks took 45% of the CPUs (the traced ones 45%)");
	assert_null(ss_cpu_share_line(&s, 45, line, sizeof(line)));
	assert_int_equal(ss_model_together_ns(&f.m, ss_model_thread(&f.m, 100), ss_model_thread(&f.m, 101), 0, 1000),
			 300);
	assert_int_equal(ss_model_together_ns(&f.m, ss_model_thread(&f.m, 100), ss_model_thread(&f.m, 101), 300, 400),
			 100);
	assert_int_equal(ss_model_thread_cpu_ns(&f.m, ss_model_thread(&f.m, 101), 1, 0, 1000), 300);

	/* the host's steal, sampled at 0, 500, 1000: CPU 0 50 ns in the second
	 * half, CPU 1 100 then 200; spread evenly between samples */
	static const uint64_t ts[3] = { 0, 500, 1000 }, cum[6] = { 0, 0, 0, 100, 50, 300 };

	assert_int_equal(ss_model_steal_ns(&f.m, 1, 0, 1000), 0);   /* none yet */
	ss_model_steal(&f.m, ts, cum, 3);
	assert_int_equal(ss_model_steal_ns(&f.m, 1, 250, 750), 50 + 100);
	assert_int_equal(ss_model_steal_ns(&f.m, 0, 0, 500), 0);
	assert_int_equal(ss_model_steal_ns(&f.m, 0, 900, 2000), 10);     /* past the last sample: none */
	assert_int_equal(ss_model_steal_ns(&f.m, 2, 0, 1000), 0);        /* no such CPU */
	ss_model_cpu_share(&f.m, 0, 1000, &s);
	assert_int_equal(s.host_ns, 350);
	assert_int_equal(ss_cpu_share_taken_pct(&s), 62);
	assert_string_equal(ss_cpu_share_line(&s, 20, line, sizeof(line)),
			    "other tasks took 45% and the host 17% of the CPUs (the traced ones 45%)");
	ss_model_cpu_share_on(&f.m, 1, 500, 1000, &s);
	assert_int_equal(s.host_ns, 200);
	assert_int_equal(s.other_ns, 500);
	assert_int_equal(ss_cpu_share_taken_pct(&s), 100);   /* counted twice, capped */
	assert_int_equal(ss_model_thread_cpu_ns(&f.m, ss_model_thread(&f.m, 101), 0, 0, 1000), 0);
	ss_model_free(&f.m);
}

/* procvsthread: the two jobs 50% apart. With another task on the CPUs for
 * 30% of the slower job's time, more than the 25 points past "about as
 * long", that may be all it was: inconclusive, with the share; with the CPUs
 * to itself, a failure. (Over both jobs the same task took 20%, which the
 * whole run's measure would not count as busy.) With CPU 1 idle through the
 * slower job, the kernel gave the job one CPU of two: inconclusive, saying so;
 * but not for a CPU idle only before the workers began and after they ended
 * (6 ms of the job's 20 ms of CPU): that is a failure. */
enum load { QUIET, OUTSIDER, HOST, PLACED, EDGES };

static void same_time(enum load load, unsigned want, const char *evidence)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	const struct lesson_result *r;
	const uint64_t ms = 1000000;

	fx_init(&f, "/b/build/scenarios/procvsthread --workers 2", 2);
	task(&f, 0, 100, 100, 0, "procvsthread", false);
	sw(&f, 0, 0, 0, 100, 0);
	mark(&f, 0, 100, P_PHASE, 1, 0);
	mark(&f, 1 * ms, 100, P_PHASE, 6, 2);           /* processes: 10 ms */
	task(&f, 1 * ms, 101, 101, 100, "Process-1", false);
	task(&f, 1 * ms, 102, 102, 100, "Process-2", false);
	/* both workers at their task from 2 to 10 ms (4 to 8 when they took a
	 * while to start and to end) */
	for (uint32_t w = 101; w <= 102; w++) {
		mark(&f, (load == EDGES ? 4 : 2) * ms, w, P_TASK_START, w - 101, 0);
		mark(&f, (load == EDGES ? 8 : 10) * ms, w, P_TASK_END, w - 101, 0);
	}
	if (load != PLACED)                               /* a worker on CPU 1 too */
		sw(&f, (load == EDGES ? 4 : 1) * ms, 1, 0, 101, 0);
	if (load == OUTSIDER) {                           /* 6 ms of 20 on the two CPUs */
		sw(&f, 3 * ms, 1, 101, 555, SS_ST_PREEMPTED);
		sw(&f, 9 * ms, 1, 555, 101, SS_ST_S);
	}
	if (load != PLACED)
		sw(&f, (load == EDGES ? 8 : 11) * ms, 1, 101, 0, SS_ST_S);
	mark(&f, 11 * ms, 100, P_PHASE, 7, 2);          /* threads: 5 ms */
	mark(&f, 16 * ms, 100, P_PHASE, 8, 16);         /* many */
	mark(&f, 20 * ms, 100, P_PHASE, 2, 0);
	sw(&f, 20 * ms, 0, 100, 0, SS_ST_S);
	ss_model_finish(&f.m, 20 * ms, 0);
	if (load == HOST) {                               /* the host: the same 6 ms of CPU 1 */
		static const uint64_t ts[3] = { 3 * ms, 9 * ms, 20 * ms }, cum[6] = { 0, 0, 0, 6 * ms, 0, 6 * ms };

		ss_model_steal(&f.m, ts, cum, 3);
	}
	assert_int_equal(lesson_from_cmdline(&l, f.m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &f.m);
	r = result(&cl, "procvsthread.same_time");
	assert_int_equal(r->verdict, want);
	assert_string_equal(r->evidence, evidence);
	ss_model_free(&f.m);
}

static void test_procvsthread_same_time_load(void **state)
{
	(void)state;
	same_time(OUTSIDER, LESSON_INCONCLUSIVE, "inconclusive: other tasks took 30% of the CPUs (2 processes took "
						 "10.0 ms, 2 threads 5.00 ms: 50% apart)");
	/* what the hypervisor took is invisible in the switches, and counts the same */
	same_time(HOST, LESSON_INCONCLUSIVE, "inconclusive: the host took 30% of the CPUs (2 processes took 10.0 ms, "
					     "2 threads 5.00 ms: 50% apart)");
	same_time(QUIET, LESSON_FAIL, "2 processes took 10.0 ms, 2 threads 5.00 ms: 50% apart");
	same_time(PLACED, LESSON_INCONCLUSIVE, "in the phase \"2 processes\" the CPUs sat idle 50% of the time while its "
					       "workers had work: the kernel ran them on fewer CPUs than there were (2 "
					       "processes took 10.0 ms, 2 threads 5.00 ms: 50% apart)");
	same_time(EDGES, LESSON_FAIL, "2 processes took 10.0 ms, 2 threads 5.00 ms: 50% apart");
}

static void test_option_long(void **state)
{
	struct lesson l;
	long v = -1;

	(void)state;
	assert_int_equal(lesson_from_cmdline(&l, "/b/build/scenarios/lock --iterations 0 --no-lock"), 0);
	assert_true(lesson_option_long(&l, "--iterations", &v));
	assert_int_equal(v, 0);
	assert_int_equal(lesson_from_cmdline(&l, "/b/build/scenarios/lock --no-lock --iterations=250"), 0);
	assert_true(lesson_option_long(&l, "--iterations", &v));
	assert_int_equal(v, 250);
	assert_int_equal(lesson_from_cmdline(&l, "/b/build/scenarios/lock --iterations"), 0);
	assert_false(lesson_option_long(&l, "--iterations", &v));    /* no number */
	assert_int_equal(lesson_from_cmdline(&l, "/b/build/scenarios/lock --iterations x1"), 0);
	assert_false(lesson_option_long(&l, "--iterations", &v));
	assert_int_equal(lesson_from_cmdline(&l, "/b/build/scenarios/lock"), 0);
	assert_false(lesson_option_long(&l, "--iterations", &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lesson_from_cmdline),
		cmocka_unit_test(test_option_long),
		cmocka_unit_test(test_marker_words),
		cmocka_unit_test(test_pool_task_waited),
		cmocka_unit_test(test_pool_no_wait_fails_with_hint),
		cmocka_unit_test(test_checks_light_up_live),
		cmocka_unit_test(test_pool_spans_and_pending),
		cmocka_unit_test(test_lock_window_and_spans),
		cmocka_unit_test(test_lock_holder_unnamed_and_dense),
		cmocka_unit_test(test_lock_prompt_handoff),
		cmocka_unit_test(test_marker_window),
		cmocka_unit_test(test_pipe_handoffs_window),
		cmocka_unit_test(test_pipe_one_cpu),
		cmocka_unit_test(test_name_groups),
		cmocka_unit_test(test_cpu_share_and_together),
		cmocka_unit_test(test_procvsthread_same_time_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
