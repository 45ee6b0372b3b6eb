/*
 * The critical path across the lanes (C): on a small fixed model, exactly
 * the cells the path spends time in carry UI_CF_CRITICAL, in the thread
 * view and in the CPU view; the status line gives the path's total and the
 * key; the key shows the selected thread's path, and hides it; a path
 * computed while recording is computed again when the recording ends.
 *
 * The model: main 100 runs on CPU 0 from 0 ms, forks worker 101 at 1 ms
 * (which runs on CPU 1 from 2 ms), sleeps from 3 ms until 101 wakes it at
 * 6 ms (101 then sleeps for good), and runs again from 7 ms (CPU 0 idle)
 * to the end at 10 ms. Its path: main running [0, 1), forked: worker
 * runnable [1, 2) and running [2, 6), woken: main runnable [6, 7) and
 * running [7, 10). main's own run [1, 3) and sleep [3, 6) are not on it.
 */
#include "tests/unit/ui_fixture.h"

#include "ui/critical.h"

/* A futex, for main's sleep and worker's wake-up of it. */
static struct ss_sys futex(void)
{
	struct ss_sys s = { .nr = ss_syscall_nr("x86_64", "futex"), .fd = -1 };

	s.chan.kind = SS_CH_FUTEX;
	s.chan.ino = 0x1000;
	ss_chan_canon(&s.chan);
	return s;
}

static struct fx *model(void)
{
	struct fx *f = fx_new(100);

	task(&f->m, 100, 100, "main", true, SS_TASK_FIRST_SEEN);
	task(&f->m, 200, 200, "other", false, SS_TASK_FIRST_SEEN);
	task(&f->m, 101, 100, "worker", true, SS_TASK_FORKED);
	sw(&f->m, 0, 0, 0, SS_ST_RUNNING, 100);
	ev(&f->m, 1, 0, SS_FORK, 100, 101, SS_FORK_IS_THREAD);
	ev(&f->m, 1, 0, SS_WAKEUP_NEW, 100, 101, 1);
	sw(&f->m, 2, 1, 0, SS_ST_RUNNING, 101);
	feed(&f->m, &(struct ss_event){ .ts_ns = S0 + 3 * MS, .kind = SS_BLOCK, .pid = 100, .block = futex() });
	sw(&f->m, 3, 0, 100, SS_ST_S, 0);
	sw(&f->m, 4, 0, 0, SS_ST_RUNNING, 200);
	sw(&f->m, 5, 0, 200, SS_ST_S, 0);
	ev(&f->m, 6, 1, SS_WAKING, 101, 100, 0);
	feed(&f->m, &(struct ss_event){ .ts_ns = S0 + 6 * MS, .kind = SS_WAKER, .cpu = 1, .pid = 101,
					.waker = { .wakee = 100, .cause = SS_WC_SYSCALL, .sys = futex() } });
	sw(&f->m, 6, 1, 101, SS_ST_S, 0);
	sw(&f->m, 7, 0, 0, SS_ST_RUNNING, 100);
	ss_model_finish(&f->m, S0 + 10 * MS, 0);
	return f;
}

/* n cells of row y from x: 'C' on the path, '.' not. */
static const char *crit(struct fx *f, int x, int y, int n)
{
	static char buf[4][128];
	static int k;
	char *out = buf[k++ % 4];

	for (int i = 0; i < n; i++) {
		const struct ui_cell *c = ui_grid_at(&f->g, x + i, y);

		out[i] = c && (c->flags & UI_CF_CRITICAL) ? 'C' : '.';
	}
	out[n] = 0;
	return out;
}

/* Cells flagged anywhere in the grid. */
static int flagged(struct fx *f)
{
	int n = 0;

	for (int y = 0; y < f->g.h; y++)
		for (int x = 0; x < f->g.w; x++)
			n += (ui_grid_at(&f->g, x, y)->flags & UI_CF_CRITICAL) != 0;
	return n;
}

/* The row of thread tid's lane in the thread view. */
static int lane_row(struct fx *f, uint32_t tid)
{
	for (size_t i = 0; i < f->v.nlanes; i++)
		if (f->m.threads[f->v.lanes[i].id].tid == tid)
			return f->v.lanes_y + (int)i - f->v.lane_top;
	return -1;
}

static void test_thread_view(void **state)
{
	struct fx *f = model();
	int x0;

	(void)state;
	view_on(f, UI_MODE_THREAD, 140, 30);
	assert_int_equal(flagged(f), 0);
	key(f, 'C');
	assert_string_equal(f->v.msg, "");
	render(f, 140, 30);
	x0 = f->v.label_w + 1;
	if (strcmp(crit(f, x0, lane_row(f, 100), 12), "C.....CCCC.."))
		dump(f);
	assert_string_equal(crit(f, x0, lane_row(f, 100), 12), "C.....CCCC..");
	assert_string_equal(crit(f, x0, lane_row(f, 101), 12), ".CCCCC......");
	/* nothing else: not the labels, not other rows */
	assert_int_equal(flagged(f), 4 + 1 + 5 + 1);   /* and the legend's sample */
	assert_int_equal(find_row(f, "critical path of main 100: 10.0 ms (C hides)"), 29);
	assert_int_not_equal(find_row(f, "bold italic: on the critical path (C)"), -1);

	/* C again hides it */
	key(f, 'C');
	render(f, 140, 30);
	assert_int_equal(flagged(f), 0);
	assert_int_equal(find_row(f, "critical path of"), -1);

	/* the selected thread's path: worker, from its fork to the end, asleep
	 * from 6 ms with no wakeup, so the chain ends there */
	f->v.have_sel = true;
	f->v.sel_tid = 101;
	key(f, 'C');
	render(f, 140, 30);
	assert_string_equal(crit(f, x0, lane_row(f, 100), 12), "............");
	assert_string_equal(crit(f, x0, lane_row(f, 101), 12), ".CCCCCCCCC..");
	assert_int_equal(find_row(f, "critical path of worker 101: 9.00 ms (C hides)"), 29);
	teardown((void **)&f);
}

static void test_cpu_view(void **state)
{
	struct fx *f = model();
	int x0;

	(void)state;
	view_on(f, UI_MODE_CPU, 140, 30);
	key(f, 'C');
	render(f, 140, 30);
	x0 = f->v.label_w + 1;
	/* main ran on the path on CPU 0 in [0, 1) and [7, 10), worker on CPU 1
	 * in [2, 6); every row of a lane's cell */
	if (strcmp(crit(f, x0, f->v.lanes_y, 12), "C......CCC.."))
		dump(f);
	for (int r = 0; r < f->v.lane_rows; r++) {
		assert_string_equal(crit(f, x0, f->v.lanes_y + r, 12), "C......CCC..");
		assert_string_equal(crit(f, x0, f->v.lanes_y + f->v.lane_rows + r, 12), "..CCCC......");
	}
	assert_int_equal(flagged(f), f->v.lane_rows * (4 + 4) + 1);
	teardown((void **)&f);
}

/* While recording, the path is computed on the key and then kept: frames
 * do not walk the trace. Once the recording ends, it is computed again. */
static void test_live_once_more_at_the_end(void **state)
{
	struct fx *f = model();

	(void)state;
	view_on(f, UI_MODE_THREAD, 140, 30);
	f->v.phase = UI_PHASE_LIVE;
	key(f, 'C');
	assert_true(f->v.crit.stale);
	render(f, 140, 30);
	assert_true(f->v.crit.stale);
	assert_int_not_equal(find_row(f, "critical path of main 100: 10.0 ms so far (C hides)"), -1);
	f->v.phase = UI_PHASE_FINISHED;
	render(f, 140, 30);
	assert_false(f->v.crit.stale);
	assert_true(f->v.crit.on);
	assert_int_not_equal(find_row(f, "critical path of main 100: 10.0 ms (C hides)"), -1);
	teardown((void **)&f);
}

/* A thread outside the traced tree has no path: the key says so. */
static void test_untraced(void **state)
{
	struct fx *f = model();

	(void)state;
	view_on(f, UI_MODE_THREAD, 140, 30);
	f->v.have_sel = true;
	f->v.sel_tid = 200;          /* not traced: the command's path instead */
	key(f, 'C');
	assert_int_equal(f->v.crit.tid, 100);
	assert_true(f->v.crit.on);
	teardown((void **)&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thread_view),
		cmocka_unit_test(test_cpu_view),
		cmocka_unit_test(test_live_once_more_at_the_end),
		cmocka_unit_test(test_untraced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
