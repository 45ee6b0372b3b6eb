/*
 * The CSV export against the in-memory model (model/model.h) of the same
 * trace: as many events, slices and threads, and the same per-thread
 * statistics, computed by streaming instead of loading. The trace is made
 * here: threads fork, run on three CPUs, wake each other, get preempted,
 * migrate and exit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export/export.h"
#include "model/model.h"
#include "tracefile/replay.h"
#include "tracefile/writer.h"

#define NCPUS 3
#define MAXT  24

static char dir[] = "/tmp/schedscope-export-csv.XXXXXX";
static char trace[256], outdir[256];

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

struct sim {
	struct ss_writer *w;
	uint32_t cur[NCPUS];
	uint32_t alive[MAXT];
	unsigned nalive;
	uint32_t next_pid;
	uint64_t ts;
};

static void put(struct sim *s, struct ss_event e)
{
	e.ts_ns = s->ts;
	ss_writer_event(s->w, &e);
}

static void sw(struct sim *s, unsigned cpu, unsigned state, uint32_t next)
{
	struct ss_event e = { .kind = SS_SWITCH, .cpu = (uint16_t)cpu, .pid = s->cur[cpu] };

	e.sw.next_pid = next;
	e.sw.prev_state = (uint16_t)state;
	e.sw.prev_prio = e.sw.next_prio = 120;
	put(s, e);
	s->cur[cpu] = next;
}

static bool running(const struct sim *s, uint32_t pid)
{
	for (unsigned c = 0; c < NCPUS; c++)
		if (s->cur[c] == pid)
			return true;
	return false;
}

static void make_trace(void)
{
	struct ss_trace_info in = { .version = SS_FILE_VERSION, .ncpus = NCPUS, .clock_id = CLOCK_BOOTTIME,
				    .start_ns = 5000000000ull, .root_pid = 300 };
	struct ss_trace_end *end = calloc(1, sizeof(*end));
	struct sim s = { .next_pid = 301, .ts = 5000000000ull };
	struct ss_task t = { .ts_ns = 5000000000ull, .pid = 300, .tgid = 300, .ppid = 1,
			     .origin = SS_TASK_FIRST_SEEN, .flags = SS_TASKF_IN_TREE };
	char err[256];

	strcpy(in.sysname, "Linux");
	strcpy(in.release, "6.18.0");
	strcpy(in.machine, "x86_64");
	strcpy(in.cmdline, "sim");
	s.w = ss_writer_open(trace, &in, err, sizeof(err));
	assert_non_null(s.w);
	strcpy(t.comm, "sim");
	ss_writer_task(s.w, &t);
	t.pid = t.tgid = 50;               /* a task outside the tree */
	t.flags = 0;
	strcpy(t.comm, "other");
	ss_writer_task(s.w, &t);
	s.alive[s.nalive++] = 300;

	for (int i = 0; i < 20000; i++) {
		unsigned c = rnd(NCPUS), r = rnd(100);
		uint32_t me = s.cur[c];

		s.ts += 500 + rnd(5000);
		if (r < 3 && me && me != 50 && s.nalive < MAXT) {
			/* fork a thread (even) or a process (odd), wake it where it lands */
			struct ss_event e = { .kind = SS_FORK, .cpu = (uint16_t)c, .pid = me };
			uint32_t child = s.next_pid++;

			memset(&t, 0, sizeof(t));
			t.ts_ns = s.ts;
			t.pid = child;
			t.tgid = child % 2 ? child : 300;
			t.ppid = 1;
			t.origin = SS_TASK_FORKED;
			t.flags = SS_TASKF_IN_TREE;
			snprintf(t.comm, sizeof(t.comm), "kid-%u", child);
			ss_writer_task(s.w, &t);
			e.fork.child = child;
			e.fork.flags = child % 2 ? 0 : SS_FORK_IS_THREAD;
			put(&s, e);
			e = (struct ss_event){ .kind = SS_WAKEUP_NEW, .cpu = (uint16_t)c, .pid = me };
			e.wake.wakee = child;
			e.wake.target_cpu = rnd(NCPUS);
			put(&s, e);
			s.alive[s.nalive++] = child;
		} else if (r < 5 && me && me != 300 && me != 50) {
			/* exit, then the last switch out */
			struct ss_event e = { .kind = SS_EXIT, .cpu = (uint16_t)c, .pid = me };

			e.exit.code = (int32_t)(rnd(4) << 8);
			put(&s, e);
			s.ts += 100;
			sw(&s, c, SS_ST_X, 0);
			for (unsigned k = 0; k < s.nalive; k++)
				if (s.alive[k] == me)
					s.alive[k] = s.alive[--s.nalive];
		} else if (r < 8 && me) {
			struct ss_event e = { .kind = SS_MIGRATE, .cpu = (uint16_t)c, .pid = s.alive[rnd(s.nalive)] };

			e.mig.orig_cpu = c;
			e.mig.dest_cpu = rnd(NCPUS);
			put(&s, e);
		} else {
			/* the next task: somebody not running, woken first (or preempted back) */
			uint32_t next = rnd(6) == 0 ? 0 : rnd(8) == 0 ? 50 : s.alive[rnd(s.nalive)];

			if (next && running(&s, next))
				continue;
			if (next && rnd(3)) {
				struct ss_event e = { .kind = SS_WAKING, .cpu = (uint16_t)c, .pid = me };

				e.wake.wakee = next;
				e.wake.target_cpu = c;
				put(&s, e);
				s.ts += 200;
			}
			sw(&s, c, rnd(3) == 0 ? SS_ST_PREEMPTED : rnd(4) == 0 ? SS_ST_D : SS_ST_S, next);
		}
	}
	end->stop_ns = s.ts + 1000;
	end->ncpus = NCPUS;
	end->exit_status = 0;
	assert_int_equal(ss_writer_close(s.w, end), 0);
	free(end);
}

static size_t rows(const char *name)
{
	char path[512], line[4096];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	assert_true(n >= 1);       /* the header: without it n - 1 would wrap around */
	return n - 1;
}

static void test_counts_and_stats(void **state)
{
	struct export_opts o = { .format = EXPORT_CSV, .in_path = trace, .out_path = outdir };
	struct export_result res;
	struct ss_model m;
	char err[256], path[512], line[4096];
	size_t slices = 0, running = 0, checked = 0;
	FILE *f;

	(void)state;
	assert_int_equal(export_run(&o, &res, err, sizeof(err)), 0);
	assert_int_equal(ss_trace_load(&m, trace, 0, err, sizeof(err)), 0);

	assert_int_equal(rows("events.csv"), m.nevents);
	for (unsigned c = 0; c < m.ncpus; c++)
		slices += m.cpu[c].n;
	assert_true(slices > 0);
	assert_int_equal(rows("slices.csv"), slices);
	assert_int_equal(rows("tasks.csv"), m.nthreads);

	snprintf(path, sizeof(path), "%s/intervals.csv", outdir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, ",running,"))
			running++;
	fclose(f);
	assert_int_equal(running, slices);

	/* tid,pid,ppid,comm,path,created_as,fork_ns,exit_ns,exit_status,runs,run_ns,wait_ns,
	 * wait_max_ns,blocked_ns,vol_switches,invol_switches,migrations,wakeups */
	snprintf(path, sizeof(path), "%s/tasks.csv", outdir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	while (fgets(line, sizeof(line), f)) {
		char *fld[20], *p = line;
		unsigned long long runs, run_ns, wait_ns, wait_max, blocked, vol, invol, mig, wk;
		const struct ss_thread *t;
		int n = 0;

		while (n < 20 && (fld[n++] = strsep(&p, ",")))
			;
		t = ss_model_thread(&m, (uint32_t)strtoul(fld[0], NULL, 10));
		assert_non_null(t);
		assert_int_equal(strtoul(fld[1], NULL, 10), t->tgid);
		runs = strtoull(fld[9], NULL, 10);
		run_ns = strtoull(fld[10], NULL, 10);
		wait_ns = strtoull(fld[11], NULL, 10);
		wait_max = strtoull(fld[12], NULL, 10);
		blocked = strtoull(fld[13], NULL, 10);
		vol = strtoull(fld[14], NULL, 10);
		invol = strtoull(fld[15], NULL, 10);
		mig = strtoull(fld[16], NULL, 10);
		wk = strtoull(fld[17], NULL, 10);
		assert_int_equal(runs, t->st.runs);
		assert_int_equal(run_ns, t->st.run_ns);
		assert_int_equal(wait_ns, t->st.wait_ns);
		assert_int_equal(wait_max, t->st.wait_max_ns);
		assert_int_equal(blocked, t->st.blocked_ns);
		assert_int_equal(vol, t->st.vol_switches);
		assert_int_equal(invol, t->st.invol_switches);
		assert_int_equal(mig, t->st.migrations);
		assert_int_equal(wk, t->st.wakeups);
		assert_int_equal(strtoull(fld[6], NULL, 10), t->fork_ns);
		if (t->flags & SS_THREADF_EXITED)
			assert_int_equal(strtoull(fld[7], NULL, 10), t->exit_ns);
		else
			assert_string_equal(fld[7], "");
		assert_string_equal(fld[5], !t->fork_ns ? "" : t->flags & SS_THREADF_THREAD ? "thread" : "process");
		checked++;
	}
	fclose(f);
	assert_int_equal(checked, m.nthreads);
	assert_true(m.nthreads > 10);
	ss_model_free(&m);
}

/* A window and a pid only narrow it; the rows stay consistent. */
static void test_filters(void **state)
{
	struct export_opts o = { .format = EXPORT_CSV, .in_path = trace, .out_path = outdir };
	struct export_result all, win, pid;
	char err[256];

	(void)state;
	assert_int_equal(export_run(&o, &all, err, sizeof(err)), 0);
	o.from_ns = 10000000;
	o.to_ns = 20000000;
	assert_int_equal(export_run(&o, &win, err, sizeof(err)), 0);
	assert_true(win.events_in > 0 && win.events_in < all.events_in);
	o.from_ns = o.to_ns = 0;
	o.pid = 300;
	assert_int_equal(export_run(&o, &pid, err, sizeof(err)), 0);
	assert_true(pid.events_out > 0 && pid.events_out < all.events_out);
	assert_int_equal(rows("tasks.csv") > 0, 1);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(trace, sizeof(trace), "%s/sim.trace", dir);
	snprintf(outdir, sizeof(outdir), "%s/csv", dir);
	make_trace();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_stats),
		cmocka_unit_test(test_filters),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
