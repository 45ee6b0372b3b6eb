/*
 * The lessons' verdicts at the end of a run, on synthetic traces fed through
 * the model's sink: a checklist kept live says, once the run has finished,
 * what `schedscope check` says of the same trace (its numbers count the
 * whole run, not the moment a check first passed); a run stopped before its
 * end (Ctrl-C, a trace cut short: here the pool reference trace's first
 * 1000 bytes) leaves what it did not show inconclusive, not failed; and a
 * run limited to fewer CPUs (--cpus) cannot show what needs them. Real runs
 * are tests/scenarios/test_checks.sh.
 */
#include <libgen.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lessons/check.h"
#include "lessons/checks.h"
#include "lessons/lesson.h"
#include "model/model.h"
#include "tracefile/replay.h"

static char traces_dir[PATH_MAX];

/* ---- a pool run, fed in steps ---- */

enum { P_PHASE, P_PUT, P_GET, P_TASK_START, P_TASK_END, P_THREAD_START, P_THREAD_END };

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

/* pid, forked by parent (0: the first task seen) into process tgid: a
 * process of its own when tgid is pid, else a thread. */
static void task(struct run *f, uint64_t ts, uint32_t pid, uint32_t tgid, uint32_t parent, const char *comm)
{
	struct ss_task t = { .ts_ns = ts, .pid = pid, .tgid = tgid, .ppid = parent, .prev = -1,
			     .origin = parent ? SS_TASK_FORKED : SS_TASK_FIRST_SEEN, .flags = SS_TASKF_IN_TREE };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	f->k.task(f->k.ctx, &t);
	if (parent)
		feed(f, (struct ss_event){ .ts_ns = ts, .kind = SS_FORK, .pid = parent,
					   .fork = { .child = pid, .flags = tgid != pid ? SS_FORK_IS_THREAD : 0 } });
}

/* A run of cmdline on 2 CPUs (limited to cpus by --cpus, unless NULL), with
 * the scenarios' probes. */
static void run_begin(struct run *f, const char *cmdline, const char *cpus)
{
	static const char *const probes[] = { "phase", "put", "get", "task_start", "task_end", "thread_start",
					      "thread_end" };
	struct ss_trace_info info = { .ncpus = 2 };

	snprintf(info.cmdline, sizeof(info.cmdline), "%s", cmdline);
	if (cpus) {
		info.knobs.set = SS_KNOB_CPUS;
		snprintf(info.knobs.cpus, sizeof(info.knobs.cpus), "%s", cpus);
	}
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	ss_model_sink(&f->m, &f->k);
	for (uint32_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		struct ss_probe p = { .id = i, .provider = "schedscope" };

		snprintf(p.name, sizeof(p.name), "%s", probes[i]);
		f->k.probe(f->k.ctx, &p);
	}
}

/* `pool --workers 2 --tasks 4` up to its first waiting task: tasks 0-3 put
 * at 10 us, task 2 taken by PoolWorker-2 at 50.1 us when task 1 ended. */
static void pool_begin(struct run *f)
{
	run_begin(f, "/b/build/scenarios/pool --workers 2 --tasks 4", NULL);
	task(f, 1000, 100, 100, 0, "pool");
	marker(f, 1000, 100, P_PHASE, 1, 0);
	task(f, 2000, 101, 101, 100, "PoolWorker-1");
	task(f, 3000, 102, 102, 100, "PoolWorker-2");
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
	const char *early = "task 2 waited 39.9 us for a free worker (PoolWorker-2 102 freed at 0.000050s)";

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
			    "task 2 waited 39.9 us for a free worker (PoolWorker-2 102 freed at 0.000050s); "
			    "more tasks waited too");
	for (size_t i = 0; i < cl.n; i++) {
		assert_int_equal(cl.r[i].verdict, once.r[i].verdict);
		assert_string_equal(cl.r[i].evidence, once.r[i].evidence);
	}
	ss_model_free(&live.m);
	ss_model_free(&whole.m);
}

/* ---- a run stopped before its end ---- */

/* Ctrl-C while task 3 waits: what the run did show passes, what it did not
 * is inconclusive, with the reason, not failed with a hint to rerun. */
static void test_stopped_run_inconclusive(void **state)
{
	struct run f;
	struct lesson l;
	struct lesson_checklist cl;
	char why[96];

	(void)state;
	pool_begin(&f);
	pool_more(&f);
	ss_model_finish(&f.m, 92000, W_EXITCODE(0, SIGINT));
	assert_true(lesson_run_stopped(&f.m, why, sizeof(why)));
	assert_string_equal(why, "the run was stopped (killed by SIGINT) before it showed this");
	assert_int_equal(lesson_from_cmdline(&l, f.m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &f.m);
	assert_int_equal(pool_check(&cl, POOL_WORKERS_FIRST, "pool.workers_first")->verdict, LESSON_PASS);
	assert_int_equal(pool_check(&cl, POOL_TASK_WAITED, "pool.task_waited")->verdict, LESSON_PASS);
	assert_int_equal(pool_check(&cl, POOL_EACH_TASK_ONCE, "pool.each_task_once")->verdict, LESSON_INCONCLUSIVE);
	assert_string_equal(cl.r[POOL_EACH_TASK_ONCE].evidence, "inconclusive: the run was stopped (killed by SIGINT) "
			    "before it showed this: the tasks have not all been run yet");
	assert_string_equal(cl.r[POOL_EACH_TASK_ONCE].hint, "rerun and let it run to its end");
	assert_int_equal(pool_check(&cl, POOL_CLOSE_JOIN, "pool.close_join")->verdict, LESSON_INCONCLUSIVE);
	assert_string_equal(cl.r[POOL_CLOSE_JOIN].evidence, "inconclusive: the run was stopped (killed by SIGINT) "
			    "before it showed this: the pool has not been closed and joined yet");
	assert_int_equal(lesson_checklist_verdict(&cl), LESSON_INCONCLUSIVE);
	ss_model_free(&f.m);

	/* a run that ended, whatever its exit code, was not stopped */
	pool_begin(&f);
	ss_model_finish(&f.m, 92000, W_EXITCODE(1, 0));
	assert_false(lesson_run_stopped(&f.m, why, sizeof(why)));
	ss_model_free(&f.m);
}

/* The reference pool trace cut after 1000 bytes: no end record, no exit
 * status. Not "no task was put" and "rerun with more tasks" but inconclusive. */
static void test_cut_trace_inconclusive(void **state)
{
	char path[PATH_MAX + 32], cut[] = "/tmp/schedscope-cut-XXXXXX", buf[1000], err[256];
	struct ss_model m;
	struct lesson l;
	struct lesson_checklist cl;
	FILE *in, *out;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/pool.trace", traces_dir);
	in = fopen(path, "rb");
	assert_non_null(in);
	assert_int_equal(fread(buf, 1, sizeof(buf), in), sizeof(buf));
	fclose(in);
	fd = mkstemp(cut);
	assert_true(fd >= 0);
	out = fdopen(fd, "wb");
	assert_int_equal(fwrite(buf, 1, sizeof(buf), out), sizeof(buf));
	fclose(out);
	if (ss_trace_load(&m, cut, 0, err, sizeof(err)))
		fail_msg("%s: %s", cut, err);
	unlink(cut);
	assert_false(m.complete);
	assert_int_equal(lesson_from_cmdline(&l, m.info.cmdline), 0);
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &m);
	assert_int_equal(cl.n, 4);
	for (size_t i = 0; i < cl.n; i++) {
		assert_int_equal(cl.r[i].verdict, LESSON_INCONCLUSIVE);
		assert_string_equal(cl.r[i].hint, "rerun and let it run to its end");
	}
	assert_string_equal(pool_check(&cl, POOL_TASK_WAITED, "pool.task_waited")->evidence,
			    "inconclusive: the trace was cut short before the run ended: the scenario has not "
			    "started yet");   /* 1000 bytes hold no START marker */
	ss_model_free(&m);
}

/* ---- a run limited to fewer CPUs ---- */

/* f's lesson (into l, kept by cl) checked once, as `check` does. */
static void checked(const struct run *f, struct lesson *l, struct lesson_checklist *cl)
{
	assert_int_equal(lesson_from_cmdline(l, f->m.info.cmdline), 0);
	lesson_checklist_init(cl, l);
	lesson_checklist_update(cl, &f->m);
}

/* `run multicore --cpus 0` with n busy threads, taking equal turns on CPU 0
 * of 2 from the JOIN at 10 us to the END at 1 ms; CPU 1 idle (no other task
 * took it). */
static void multicore_on_cpu0(struct run *f, const char *cmdline, uint32_t n)
{
	uint64_t turn = 990000 / n;

	run_begin(f, cmdline, "0");
	task(f, 1000, 100, 100, 0, "multicore");
	marker(f, 1000, 100, P_PHASE, 1, 0);
	for (uint32_t k = 0; k < n; k++) {
		char comm[16];

		snprintf(comm, sizeof(comm), "busy-%u", k);
		task(f, 2000 + k, 101 + k, 100, 100, comm);
		marker(f, 3000 + k, 101 + k, P_THREAD_START, k, 0);
	}
	marker(f, 10000, 100, P_PHASE, 3, n);
	for (uint32_t k = 0; k <= n; k++)
		feed(f, (struct ss_event){ .ts_ns = 10000 + k * turn, .kind = SS_SWITCH, .cpu = 0, .pid = k ? 100 + k : 0,
					   .sw = { .next_pid = k < n ? 101 + k : 0,
						   .prev_state = k < n ? SS_ST_PREEMPTED : SS_ST_X } });
	for (uint32_t k = 0; k < n; k++)
		marker(f, 999000 + k, 101 + k, P_THREAD_END, k, 0);
	marker(f, 1000000, 100, P_PHASE, 2, 0);
	ss_model_finish(&f->m, 1001000, 0);
}

/* multicore's checks, in their table's order (lessons/checks_threads.c) */
enum { MC_ALL_CORES, MC_CORES_WORTH, MC_NEVER_SLEEP };

/* One busy thread (one per CPU it may use): CPU 1 idle is the knob's
 * doing, not a failure; one thread's core's worth passes. */
static void test_cpus_knob_inconclusive(void **state)
{
	struct run f;
	struct lesson l;
	struct lesson_checklist cl;

	(void)state;
	multicore_on_cpu0(&f, "/b/build/scenarios/multicore", 1);
	checked(&f, &l, &cl);
	assert_string_equal(cl.r[MC_ALL_CORES].id, "multicore.all_cores");
	assert_int_equal(cl.r[MC_ALL_CORES].verdict, LESSON_INCONCLUSIVE);
	assert_string_equal(cl.r[MC_ALL_CORES].evidence, "inconclusive: the run was limited to CPU 0 (--cpus 0): CPU 1 "
			    "was busy with the busy threads only 0% of 990 us");
	assert_string_equal(cl.r[MC_ALL_CORES].hint, "rerun without --cpus to see it");
	assert_int_equal(cl.r[MC_CORES_WORTH].verdict, LESSON_PASS);
	/* one thread is "1 thread", by fmt_count() */
	assert_string_equal(cl.r[MC_CORES_WORTH].evidence, "the 1 thread used 990 us of CPU in 990 us: 1.00 cores' worth");
	assert_string_equal(cl.r[MC_NEVER_SLEEP].evidence,
			    "the 1 busy thread never slept; only preemption (0 times) took them off a CPU");
	ss_model_free(&f.m);
}

/* `-- --threads 2` on CPU 0: one core's worth, and the knob is why. */
static void test_cpus_knob_two_threads(void **state)
{
	struct run f;
	struct lesson l;
	struct lesson_checklist cl;

	(void)state;
	multicore_on_cpu0(&f, "/b/build/scenarios/multicore --threads 2", 2);
	checked(&f, &l, &cl);
	assert_string_equal(cl.r[MC_CORES_WORTH].id, "multicore.cores_worth");
	assert_int_equal(cl.r[MC_CORES_WORTH].verdict, LESSON_INCONCLUSIVE);
	assert_string_equal(cl.r[MC_CORES_WORTH].evidence, "inconclusive: the run was limited to CPU 0 (--cpus 0): the "
			    "2 threads used 990 us of CPU in 990 us: 1.00 cores' worth, not 2");
	ss_model_free(&f.m);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passed_check_counts_whole_run),
		cmocka_unit_test(test_stopped_run_inconclusive),
		cmocka_unit_test(test_cut_trace_inconclusive),
		cmocka_unit_test(test_cpus_knob_inconclusive),
		cmocka_unit_test(test_cpus_knob_two_threads),
	};
	char self[PATH_MAX];

	(void)argc;
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(traces_dir, sizeof(traces_dir), "%s/../../../traces", dirname(self));
	if (access(traces_dir, R_OK))
		snprintf(traces_dir, sizeof(traces_dir), "traces");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
