/*
 * Golden grids for what the timeline tells beyond its lanes' shapes: the
 * exit mark after the last run, a finished status line's average rate, a
 * legend with every glyph, the detail's moment, a live sleep's reason, a
 * kernel thread's wait for work, the recorder's held start left blank, the
 * why line wrapped at 80x24, task colours apart from the states'.
 */
#include "tests/unit/ui_fixture.h"

#include "model/explain.h"
#include "ui/palette.h"

/* The exit mark goes where the thread was gone: after its last run, which
 * goes on past sched_process_exit. */
static void test_exit_after_last_run(void **state)
{
	struct fx *f = fx_new(0);
	const int x0 = 17;     /* "└╌worker tid 101" */

	(void)state;
	task(&f->m, 100, 100, "main", true, SS_TASK_FIRST_SEEN);
	task(&f->m, 101, 100, "worker", true, SS_TASK_FORKED);
	sw(&f->m, 0, 0, 0, SS_ST_RUNNING, 100);
	ev(&f->m, 1, 0, SS_FORK, 100, 101, SS_FORK_IS_THREAD);
	ev(&f->m, 1, 0, SS_WAKEUP_NEW, 100, 101, 1);
	sw(&f->m, 2, 1, 0, SS_ST_RUNNING, 101);
	ev(&f->m, 8.2, 1, SS_EXIT, 101, 0, 0);
	sw(&f->m, 9.6, 1, 101, SS_ST_X, 0);
	ss_model_finish(&f->m, S0 + 11 * MS, 0);
	view_on(f, UI_MODE_THREAD, 80, 24);
	if (strcmp(text(f, x0, 5, 11), " ├1111111┤ "))
		dump(f);
	assert_string_equal(text(f, x0, 5, 11), " ├1111111┤ ");
	teardown((void **)&f);
}

/* A finished recording's status line gives its average rate, not 0. */
static void test_status_finished(void **state)
{
	struct fx *f = *state;

	f->v.phase = UI_PHASE_FINISHED;
	f->v.events_per_s = 0;          /* what the loop left there */
	render(f, 120, 24);
	if (find_row(f, "FINISHED exit code 0 │ 1400 ev/s on average │") != 23)
		dump(f);
	assert_int_equal(find_row(f, "FINISHED exit code 0 │ 1400 ev/s on average │"), 23);
	assert_int_equal(find_row(f, " 0 ev/s"), -1);
}

/* Every glyph a thread lane can draw is in its legend; the statistics say
 * what their + means. */
static void test_legend_complete(void **state)
{
	struct fx *f = *state;

	f->v.mode = UI_MODE_THREAD;
	render(f, 120, 40);
	assert_true(find_row(f, "┼ fork and exit") > 0);
	assert_true(find_row(f, "k kernel thread idle") > 0);
	assert_true(find_row(f, "├ fork") > 0);
	assert_true(find_row(f, "┤ exit") > 0);
	assert_true(find_row(f, "blank: not started, held by schedscope, or gone") > 0);
	key(f, 's');
	ui_render(&f->v, &f->g);
	assert_true(find_row(f, "thread (+ exited)") > 0);
	assert_true(find_row(f, "worker +") > 0);
}

/* The detail's moment is the one whose state it tells: never before the
 * state began ("at 0.700000s: blocked ... since 0.712225s"). */
static void test_detail_moment(void **state)
{
	struct fx *f = *state;
	char buf[512];
	int checked = 0;

	f->v.mode = UI_MODE_THREAD;
	render(f, 120, 24);
	ui_view_set_zoom(&f->v, 2 * MS, 0);
	ui_view_goto(&f->v, 0);
	for (int lane = 0; lane < 2; lane++)
		for (int col = 0; col < 6; col++) {
			double at, since;
			const char *p;
			int y;

			f->v.cur_lane = lane;
			f->v.cur_col = col;
			ui_render(&f->v, &f->g);
			y = find_row(f, " at ");
			ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
			p = strstr(buf, " from ");   /* "from X for D", or live "since X (D so far)" */
			if (!p)
				p = strstr(buf, " since ");
			if (!p || sscanf(strstr(buf, " at ") + 4, "%lfs", &at) != 1 ||
			    sscanf(strchr(p + 1, ' ') + 1, "%lfs", &since) != 1)
				continue;
			if (since > at)
				fail_msg("'%s': the state begins after the moment told", buf);
			checked++;
		}
	assert_true(checked >= 6);
}

/* A cell whose middle comes before the thread was first seen, though it ran
 * later in that cell (from 3.5 ms, in the cell of 2..4 ms): not "not seen
 * yet; in this cell ran 25%". */
static void test_detail_seen_later(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ss_trace_info info = { .version = 1, .ncpus = 1, .start_ns = S0 };
	char buf[512];
	int y;

	(void)state;
	assert_non_null(f);
	snprintf(info.cmdline, sizeof(info.cmdline), "late");
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	task(&f->m, 100, 100, "late", true, SS_TASK_FIRST_SEEN);
	sw(&f->m, 3.5, 0, 0, SS_ST_RUNNING, 100);
	sw(&f->m, 6, 0, 100, SS_ST_S, 0);
	ss_model_finish(&f->m, S0 + 10 * MS, 0);
	ui_view_init(&f->v, &f->m);
	f->v.phase = UI_PHASE_TRACE;
	f->v.now_ns = f->m.end_ns;
	f->v.mode = UI_MODE_THREAD;
	render(f, 120, 24);
	ui_view_set_zoom(&f->v, 2 * MS, 0);
	ui_view_goto(&f->v, 0);
	f->v.cur_lane = 0;
	f->v.cur_col = 1;
	ui_render(&f->v, &f->g);
	y = find_row(f, " at ");
	ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
	assert_non_null(strstr(buf, "late  pid 100 at 0.003000s: first seen later in this cell; in this cell ran 25%"));
	teardown((void **)&f);
}

/* Live, a thread asleep shows why from the moment it went to sleep. */
static void test_live_sleep_reason(void **state)
{
	struct fx *f = fx_new(0);
	int x0;

	(void)state;
	task(&f->m, 100, 100, "main", true, SS_TASK_FIRST_SEEN);
	sw(&f->m, 0, 0, 0, SS_ST_RUNNING, 100);
	block_in(&f->m, 2, 100, "clock_nanosleep", -1, SS_CH_NONE, 0);
	sw(&f->m, 2, 0, 100, SS_ST_S, 0);
	ui_view_init(&f->v, &f->m);
	f->v.phase = UI_PHASE_LIVE;
	f->v.now_ns = S0 + 6 * MS;
	f->v.mode = UI_MODE_THREAD;
	render(f, 120, 24);
	x0 = f->v.label_w + 1;
	if (strcmp(text(f, x0, 4, 6), "00zzzz"))
		dump(f);
	assert_string_equal(text(f, x0, 4, 6), "00zzzz");
	f->v.cur_col = 4;
	ui_render(&f->v, &f->g);
	if (find_row(f, "why: blocked since 0.002000s asleep on purpose (clock_nanosleep()); not woken yet") < 0)
		dump(f);
	assert_true(find_row(f, "why: blocked since 0.002000s asleep on purpose (clock_nanosleep()); not woken yet") > 0);
	teardown((void **)&f);
}

/* A kernel thread idle is 'k', whatever its registers said. */
static void test_kernel_thread_lane(void **state)
{
	struct fx *f = fx_new(0);
	int x0;

	(void)state;
	task_ppid(&f->m, 40, 40, 2, "kworker/0:1", true);
	sw(&f->m, 0, 0, 0, SS_ST_RUNNING, 40);
	block_in(&f->m, 2, 40, "read", 0, SS_CH_NONE, 0);
	sw(&f->m, 2, 0, 40, SS_ST_I, 0);
	ev(&f->m, 6, 0, SS_WAKING, 0, 40, 0);
	sw(&f->m, 6, 0, 0, SS_ST_RUNNING, 40);
	ss_model_finish(&f->m, S0 + 8 * MS, 0);
	view_on(f, UI_MODE_THREAD, 120, 24);
	x0 = f->v.label_w + 1;
	if (strcmp(text(f, x0, 4, 8), "00kkkk00"))
		dump(f);
	assert_string_equal(text(f, x0, 4, 8), "00kkkk00");
	f->v.cur_col = 3;
	ui_render(&f->v, &f->g);
	assert_true(find_row(f, "blocked, kernel thread idle, from 0.002000s") > 0);
	if (find_row(f, "why: blocked 4.00 ms waiting for work (a kernel thread: it makes no syscall)") < 0)
		dump(f);
	assert_true(find_row(f, "why: blocked 4.00 ms waiting for work (a kernel thread: it makes no syscall)") > 0);
	assert_int_equal(find_row(f, "read("), -1);
	teardown((void **)&f);
}

/* The recorder holds the root on its start pipe until it releases it: not
 * the program's sleep, so the lane is blank there and the detail says so. */
static void test_held_start_lane(void **state)
{
	struct fx *f = fx_new(100);
	int x0;

	(void)state;
	task_ppid(&f->m, 50, 50, 1, "schedscope", false);
	task_ppid(&f->m, 100, 100, 50, "prog", true);
	sw(&f->m, 0, 0, 0, SS_ST_RUNNING, 100);
	block_in(&f->m, 1, 100, "read", 30, SS_CH_PIPE, 777);
	sw(&f->m, 1, 0, 100, SS_ST_S, 0);
	ev(&f->m, 4, 0, SS_WAKING, 50, 100, 0);
	sw(&f->m, 4, 0, 0, SS_ST_RUNNING, 100);
	ev(&f->m, 4.5, 0, SS_EXEC, 100, 0, 0);
	ss_model_finish(&f->m, S0 + 7 * MS, 0);
	view_on(f, UI_MODE_THREAD, 120, 24);
	x0 = f->v.label_w + 1;
	if (strcmp(text(f, x0, 4, 7), "0   000"))
		dump(f);
	assert_string_equal(text(f, x0, 4, 7), "0   000");
	f->v.cur_col = 2;
	ui_render(&f->v, &f->g);
	assert_true(find_row(f, "held by schedscope until it starts the command") > 0);
	teardown((void **)&f);
}

/* At 80x24 the why line, the detail's most valuable one, wraps whole. */
static void test_why_wraps(void **state)
{
	struct fx *f = fx_new(0);
	struct ss_event w = { .ts_ns = S0 + 6 * MS, .kind = SS_WAKER, .cpu = 1, .pid = 101 };
	char all[2048] = "", buf[256], want[1024];
	const struct ss_thread *t;
	int y;

	(void)state;
	task(&f->m, 100, 100, "reader", true, SS_TASK_FIRST_SEEN);
	task(&f->m, 101, 101, "a-long-writer", true, SS_TASK_FIRST_SEEN);
	sw(&f->m, 0, 0, 0, SS_ST_RUNNING, 100);
	sw(&f->m, 0, 1, 0, SS_ST_RUNNING, 101);
	block_in(&f->m, 2, 100, "read", 3, SS_CH_PIPE, 123456789);
	sw(&f->m, 2, 0, 100, SS_ST_S, 0);
	ev(&f->m, 6, 1, SS_WAKING, 101, 100, 0);
	w.waker.wakee = 100;
	w.waker.cause = SS_WC_SYSCALL;
	w.waker.sys.nr = ss_syscall_nr("x86_64", "write");
	w.waker.sys.fd = 4;
	w.waker.sys.args[2] = 4096;
	w.waker.sys.chan.kind = SS_CH_PIPE;
	w.waker.sys.chan.ino = 123456789;
	ss_chan_canon(&w.waker.sys.chan);
	feed(&f->m, &w);
	sw(&f->m, 7, 0, 0, SS_ST_RUNNING, 100);
	ss_model_finish(&f->m, S0 + 9 * MS, 0);
	view_on(f, UI_MODE_THREAD, 80, 24);
	f->v.cur_col = 4;
	ui_render(&f->v, &f->g);
	t = ss_model_thread(&f->m, 100);
	snprintf(want, sizeof(want), "why: %s", ss_explain_wait(&f->m, t, &t->waits[0], buf, sizeof(buf)));
	assert_true(strlen(want) > 76);
	y = find_row(f, "   why: ");
	assert_true(y > 0);
	for (int r = y; r < y + 3; r++) {
		char row[256];
		char *p = row;

		ui_grid_row_text(&f->g, r, false, row, sizeof(row));
		while (*p == ' ')
			p++;
		if (r > y && (!*p || p - row < 8))
			break;                  /* past the why line's continuation rows */
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s", r > y ? " " : "", p);
	}
	if (strcmp(all, want))
		dump(f);
	assert_string_equal(all, want);
	teardown((void **)&f);
}

/* A task's colour is never a state's: not the runnable background (nor
 * the runnable glyph's yellow), not the grey of other tasks. */
static void test_task_colours(void **state)
{
	static const int terms[][2] = { { 8, 64 }, { 16, 256 }, { 256, 32767 } };

	(void)state;
	for (size_t k = 0; k < sizeof(terms) / sizeof(terms[0]); k++)
		for (int i = 0; i < UI_NCOLORS; i++) {
			bool bold;
			short c = ui_palette_task_color(i, terms[k][0], terms[k][1], &bold);

			if (c == ui_palette_runnable_bg(terms[k][0]) || c == UI_YELLOW ||
			    c == ui_palette_other_color(terms[k][0]))
				fail_msg("task colour %d is %d on %d colours: a state's colour", i, c, terms[k][0]);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_after_last_run),
		cmocka_unit_test_setup_teardown(test_status_finished, setup, teardown),
		cmocka_unit_test_setup_teardown(test_legend_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail_moment, setup, teardown),
		cmocka_unit_test(test_detail_seen_later),
		cmocka_unit_test(test_live_sleep_reason),
		cmocka_unit_test(test_kernel_thread_lane),
		cmocka_unit_test(test_held_start_lane),
		cmocka_unit_test(test_why_wraps),
		cmocka_unit_test(test_task_colours),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
