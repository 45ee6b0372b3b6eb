/*
 * The lessons' verdicts at the end of a run, on synthetic traces fed through
 * the model's sink: a checklist kept live says, once the run has finished,
 * what `schedscope check` says of the same trace (its numbers count the
 * whole run, not the moment a check first passed). Real runs are
 * tests/scenarios/test_checks.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lessons/check.h"
#include "lessons/lesson.h"
#include "model/model.h"

/* ---- a pool run, fed in steps ---- */

enum { P_PHASE, P_PUT, P_GET, P_TASK_START, P_TASK_END };

struct run {
	struct ss_model m;
	struct ss_sink k;
};

static void feed(struct run *f, struct ss_event e)
{
	f->k.event(f->k.ctx, &e);
}

static void marker(struct run *f, uint64_t ts, uint32_t pid, uint32_t probe, int64_t a0, int64_t a1)
{
	feed(f, (struct ss_event){ .ts_ns = ts, .kind = SS_MARKER, .pid = pid,
				   .marker = { .probe = probe, .nargs = 2, .args = { a0, a1 } } });
}

/* pid, forked as a process by parent (0: the first task seen). */
static void process(struct run *f, uint64_t ts, uint32_t pid, uint32_t parent, const char *comm)
{
	struct ss_task t = { .ts_ns = ts, .pid = pid, .tgid = pid, .ppid = parent, .prev = -1,
			     .origin = parent ? SS_TASK_FORKED : SS_TASK_FIRST_SEEN, .flags = SS_TASKF_IN_TREE };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	f->k.task(f->k.ctx, &t);
	if (parent)
		feed(f, (struct ss_event){ .ts_ns = ts, .kind = SS_FORK, .pid = parent, .fork = { .child = pid } });
}

/* `pool --workers 2 --tasks 4` up to its first waiting task: tasks 0-3 put
 * at 10 us, task 2 taken by PoolWorker-2 at 50.1 us when task 1 ended. */
static void pool_begin(struct run *f)
{
	static const char *const probes[] = { "phase", "put", "get", "task_start", "task_end" };
	struct ss_trace_info info = { .ncpus = 2 };

	snprintf(info.cmdline, sizeof(info.cmdline), "/b/build/scenarios/pool --workers 2 --tasks 4");
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	ss_model_sink(&f->m, &f->k);
	for (uint32_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		struct ss_probe p = { .id = i, .provider = "schedscope" };

		snprintf(p.name, sizeof(p.name), "%s", probes[i]);
		f->k.probe(f->k.ctx, &p);
	}
	process(f, 1000, 100, 0, "pool");
	marker(f, 1000, 100, P_PHASE, 1, 0);
	process(f, 2000, 101, 100, "PoolWorker-1");
	process(f, 3000, 102, 100, "PoolWorker-2");
	for (int64_t t = 0; t < 4; t++)
		marker(f, 10000 + 100 * (uint64_t)t, 100, P_PUT, 1, t);
	marker(f, 11000, 101, P_GET, 1, 0);
	marker(f, 11100, 101, P_TASK_START, 0, 70);
	marker(f, 11200, 102, P_GET, 1, 1);
	marker(f, 11300, 102, P_TASK_START, 1, 38);
	marker(f, 50000, 102, P_TASK_END, 1, 38);
	marker(f, 50100, 102, P_GET, 1, 2);
	marker(f, 50200, 102, P_TASK_START, 2, 40);
}

/* Then task 3 waits too, for PoolWorker-1 ... */
static void pool_more(struct run *f)
{
	marker(f, 90000, 101, P_TASK_END, 0, 79);
	marker(f, 90100, 101, P_GET, 1, 3);
}

/* ... and the run ends. */
static void pool_end(struct run *f)
{
	marker(f, 90200, 101, P_TASK_START, 3, 10);
	marker(f, 95000, 102, P_TASK_END, 2, 44);
	marker(f, 97000, 101, P_TASK_END, 3, 7);
	marker(f, 98000, 100, P_PHASE, 2, 0);
	ss_model_finish(&f->m, 100000, 0);
}

/* pool's checks, in their table's order (lessons/checks_procs.c) */
enum { POOL_WORKERS_FIRST, POOL_EACH_TASK_ONCE, POOL_TASK_WAITED, POOL_CLOSE_JOIN };

static const struct lesson_result *pool_check(const struct lesson_checklist *cl, unsigned i, const char *id)
{
	assert_string_equal(cl->r[i].id, id);
	return &cl->r[i];
}

/* ---- live and after ---- */

/* A check that passed live is said again when the run ends, with the whole
 * run's numbers: the same sentence `check` prints for the finished trace. */
static void test_passed_check_counts_whole_run(void **state)
{
	struct run live, whole;
	struct lesson l;
	struct lesson_checklist cl, once;
	const char *early = "task 2 waited 39.9 us for a free worker (PoolWorker-2 102 freed at 50.0 us)";

	(void)state;
	pool_begin(&live);
	assert_int_equal(lesson_from_cmdline(&l, live.m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &live.m);
	assert_int_equal(pool_check(&cl, POOL_TASK_WAITED, "pool.task_waited")->verdict, LESSON_PASS);
	assert_string_equal(cl.r[POOL_TASK_WAITED].evidence, early);
	/* growing, a passed check is not run again: it lit up on what it saw */
	pool_more(&live);
	lesson_checklist_update(&cl, &live.m);
	assert_string_equal(cl.r[POOL_TASK_WAITED].evidence, early);
	pool_end(&live);
	lesson_checklist_update(&cl, &live.m);

	pool_begin(&whole);
	pool_more(&whole);
	pool_end(&whole);
	lesson_checklist_init(&once, &l);
	lesson_checklist_update(&once, &whole.m);
	assert_string_equal(once.r[POOL_TASK_WAITED].evidence,
			    "task 2 waited 39.9 us for a free worker (PoolWorker-2 102 freed at 50.0 us); "
			    "more tasks waited too");
	for (size_t i = 0; i < cl.n; i++) {
		assert_int_equal(cl.r[i].verdict, once.r[i].verdict);
		assert_string_equal(cl.r[i].evidence, once.r[i].evidence);
	}
	ss_model_free(&live.m);
	ss_model_free(&whole.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passed_check_counts_whole_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
