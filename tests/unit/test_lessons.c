/*
 * The lessons room and the model queries it stands on, on synthetic traces
 * fed through the model's sink (tests/unit/lessons_fx.h): which lesson a
 * command line is (and its variant), the grouping rule of the legend, the
 * CPU share and its line, two threads' time together, and pool's checks,
 * passing, failing, and lighting up on a model that is still growing. The
 * windows and hand-offs of sleeps and wake-ups (lock, pipe, distributed)
 * are test_lessons_handoffs.c. Real runs are tests/scenarios/test_checks.sh.
 */
#include <errno.h>
#include <signal.h>
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
#include "lessons/marks.h"
#include "lessons/shapes.h"
#include "scenarios/probes.h"
#include "model/groups.h"
#include "model/model.h"
#include "model/totals.h"
#include "tests/unit/lessons_fx.h"

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
	assert_string_equal(r->evidence, "task 2 waited 39.9 us for a free worker (PoolWorker-2 102 freed at 0.000050s)");
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

/* The checklist of f's lesson, run on f's model. */
static void checklist_of(struct fx *f, struct lesson *l, struct lesson_checklist *cl)
{
	assert_int_equal(lesson_from_cmdline(l, f->m.info.cmdline), 0);
	lesson_checklist_init(cl, l);
	lesson_checklist_update(cl, &f->m);
}

/* One worker, one task: the counts say "1 task" and "1 worker" (fmt_count()),
 * never "1 tasks on 1 workers". */
static void test_pool_counts_of_one(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;

	(void)state;
	fx_init(&f, "/b/build/scenarios/pool --workers 1 --tasks 1", 2);
	task(&f, 1000, 100, 100, 0, "pool", false);
	mark(&f, 1000, 100, P_PHASE, 1, 0);
	task(&f, 2000, 101, 101, 100, "PoolWorker-1", false);
	mark(&f, 10000, 100, P_PUT, 1, 0);
	mark(&f, 11000, 101, P_GET, 1, 0);
	mark(&f, 11001, 101, P_TASK_START, 0, 5);
	mark(&f, 20000, 101, P_TASK_END, 0, 5);
	mark(&f, 30000, 100, P_PHASE, 2, 0);
	ss_model_finish(&f.m, 31000, 0);
	checklist_of(&f, &l, &cl);
	assert_string_equal(result(&cl, "pool.each_task_once")->evidence,
			    "1 task ran once each on 1 worker: PoolWorker-1 101 ran 0");
	assert_string_equal(result(&cl, "pool.task_waited")->evidence, "no task waited for a worker: 1 task on 1 worker");
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

/* A phase's name counts its workers by fmt_count(): procvsthread
 * `-- --workers 1` has phases "1 process" and "1 thread". */
static void test_phase_names_count(void **state)
{
	char b[48];

	(void)state;
	assert_string_equal(lesson_phase_name(SS_PHASE_PROCESSES, 1, b, sizeof(b)), "1 process");
	assert_string_equal(lesson_phase_name(SS_PHASE_PROCESSES, 2, b, sizeof(b)), "2 processes");
	assert_string_equal(lesson_phase_name(SS_PHASE_THREADS, 1, b, sizeof(b)), "1 thread");
	assert_string_equal(lesson_phase_name(SS_PHASE_MANY, 16, b, sizeof(b)), "16 yielding threads");
	assert_string_equal(lesson_phase_name(SS_PHASE_MANY, 1, b, sizeof(b)), "1 yielding thread");
	assert_string_equal(lesson_phase_name(SS_PHASE_THREADS, -1, b, sizeof(b)), "-1 threads");
}

/* procvsthread `-- --workers 1`: "forked 1 process ... cloned 1 thread". */
static void test_procvsthread_one_worker(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;
	const uint64_t ms = 1000000;

	(void)state;
	fx_init(&f, "/b/build/scenarios/procvsthread --workers 1", 2);
	task(&f, 0, 100, 100, 0, "procvsthread", false);
	mark(&f, 0, 100, P_PHASE, 1, 0);
	mark(&f, 1 * ms, 100, P_PHASE, SS_PHASE_PROCESSES, 1);
	task(&f, 2 * ms, 101, 101, 100, "Process-1", false);     /* forked */
	mark(&f, 11 * ms, 100, P_PHASE, SS_PHASE_THREADS, 1);
	task(&f, 12 * ms, 102, 100, 100, "Thread-1", true);      /* cloned */
	mark(&f, 16 * ms, 100, P_PHASE, SS_PHASE_MANY, 4);
	mark(&f, 20 * ms, 100, P_PHASE, 2, 0);
	ss_model_finish(&f.m, 20 * ms, 0);
	checklist_of(&f, &l, &cl);
	assert_string_equal(result(&cl, "procvsthread.fork_vs_clone")->evidence,
			    "phase 1 forked 1 process, each with a pid of its own; phase 2 cloned 1 thread into "
			    "procvsthread 100");
	ss_model_free(&f.m);
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

/* A trace that lost the main thread's START marker (cut, or damaged) but
 * holds a TERMINATE naming a reader that exited: no check may look for the
 * main thread (the fuzzer found queue.terminated reading it through NULL);
 * each says the scenario has not started. */
static void test_no_start_marker(void **state)
{
	struct fx f;
	struct lesson l;
	struct lesson_checklist cl;

	(void)state;
	fx_init(&f, "/b/build/scenarios/queue", 1);
	task(&f, 1000, 100, 100, 0, "queue", false);
	task(&f, 2000, 101, 101, 100, "queue", false);
	mark(&f, 5000, 100, P_PHASE, SS_PHASE_TERMINATE, 101);
	ev(&f, (struct ss_event){ .ts_ns = 6000, .kind = SS_EXIT, .cpu = 0, .pid = 101, .exit = { .code = SIGTERM } });
	ss_model_finish(&f.m, 10000, 0);
	assert_int_equal(lesson_from_cmdline(&l, f.m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	assert_int_equal(cl.n, 3);
	lesson_checklist_update(&cl, &f.m);
	for (size_t i = 0; i < cl.n; i++) {
		assert_int_equal(cl.r[i].verdict, LESSON_FAIL);
		assert_string_equal(cl.r[i].evidence, "the scenario has not started yet");
	}
	ss_model_free(&f.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lesson_from_cmdline),
		cmocka_unit_test(test_option_long),
		cmocka_unit_test(test_phase_names_count),
		cmocka_unit_test(test_procvsthread_one_worker),
		cmocka_unit_test(test_marker_words),
		cmocka_unit_test(test_pool_task_waited),
		cmocka_unit_test(test_pool_no_wait_fails_with_hint),
		cmocka_unit_test(test_pool_counts_of_one),
		cmocka_unit_test(test_checks_light_up_live),
		cmocka_unit_test(test_pool_spans_and_pending),
		cmocka_unit_test(test_name_groups),
		cmocka_unit_test(test_cpu_share_and_together),
		cmocka_unit_test(test_procvsthread_same_time_load),
		cmocka_unit_test(test_no_start_marker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
