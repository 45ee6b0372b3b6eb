/*
 * Golden grids: a synthetic two-CPU trace with known runs, built straight
 * into the model, rendered at fixed sizes and zooms and compared cell by
 * cell (glyph and colour). Times below are ms since the start; 1 cell = 1 ms.
 *
 *   CPU 0: main   0-3 (then sleeps), other 5-5.5 (half a cell), main 7-10
 *   CPU 1: worker 2-6 (preempted), worker 8-9 (then exits)
 *   main forks the thread worker at 1 (woken new, runs at 2); worker wakes
 *   main at 6 (runs at 7); main fires the USDT marker "phase" at 4.
 */
#include "tests/unit/ui_fixture.h"

/* CPU lanes are 3 rows high here: bars stand on the bottom row, names of
 * runs of 3+ full cells are written on it. */
/* The status line's count of events is fmt_count()'s, as every message's:
 * one event is "1 event". */
static void test_status_events(void **state)
{
	struct fx *f = *state;

	f->v.events = 1;
	render(f, 120, 40);
	assert_true(find_row(f, " 1 event ") >= 0);
	f->v.events = 2;
	render(f, 120, 40);
	assert_true(find_row(f, " 2 events ") >= 0);
}

static void test_cpu_lanes(void **state)
{
	struct fx *f = *state;

	render(f, 80, 24);
	assert_int_equal(f->v.lane_rows, 3);
	assert_string_equal(text(f, 0, 6, 10), "CPU 0     ");
	assert_string_equal(text(f, X0, 4, 11), "███    ███ ");
	assert_string_equal(text(f, X0, 5, 11), "███  ▄ ███ ");
	assert_string_equal(text(f, X0, 6, 11), "mai  █ mai ");
	assert_string_equal(colors(f, X0, 4, 11), "111....111.");
	assert_string_equal(colors(f, X0, 5, 11), "111..o.111.");
	assert_string_equal(colors(f, X0, 6, 11), "111..o.111.");
	assert_int_equal(ui_grid_at(&f->g, X0, 6)->attr, UI_A_RUN_TEXT);
	assert_int_equal(ui_grid_at(&f->g, X0, 5)->attr, UI_A_RUN);
	assert_string_equal(text(f, 0, 9, 10), "CPU 1     ");
	assert_string_equal(text(f, X0, 7, 11), "  ████  █  ");
	assert_string_equal(text(f, X0, 9, 11), "  work  █  ");
	assert_string_equal(colors(f, X0, 9, 11), "..2222..2..");
	/* nothing after the end of the trace */
	assert_string_equal(text(f, X0 + 10, 4, 20), "                    ");
}

/* A cell holding part of a run: its share in eighths of the lane's height. */
static void test_partial_cells(void **state)
{
	struct fx *f = *state;

	render(f, 80, 24);
	ui_view_set_zoom(&f->v, 2 * MS, 0);
	ui_view_goto(&f->v, 0);
	ui_render(&f->v, &f->g);
	assert_string_equal(text(f, 0, 1, 10), "2ms/cell  ");
	/* CPU 0, cell [4, 6): other ran 0.5 of 2 ms: 6 of 24 eighths */
	assert_string_equal(text(f, X0 + 2, 4, 1), " ");
	assert_string_equal(text(f, X0 + 2, 5, 1), " ");
	assert_string_equal(text(f, X0 + 2, 6, 1), "▆");
	assert_string_equal(colors(f, X0 + 2, 6, 1), "o");
	/* cell [2, 4): main 2-3 of it, half: 12 eighths */
	assert_string_equal(text(f, X0 + 1, 4, 1), " ");
	assert_string_equal(text(f, X0 + 1, 5, 1), "▄");
	assert_string_equal(text(f, X0 + 1, 6, 1), "█");
	assert_string_equal(colors(f, X0 + 1, 6, 1), "1");
}

static void test_thread_lanes(void **state)
{
	struct fx *f = *state;
	const int x0 = 17;     /* label "└╌worker tid 101" is 16 wide: a thread of main's process */

	f->v.mode = UI_MODE_THREAD;
	render(f, 80, 24);
	assert_int_equal(f->v.label_w, 16);
	assert_int_equal(f->v.lane_rows, 1);
	assert_string_equal(text(f, 0, 4, 16), "main pid 100    ");
	assert_string_equal(text(f, 0, 5, 16), "└╌worker tid 101");
	assert_int_equal(ui_grid_at(&f->g, 0, 5)->attr, UI_A_RULER);      /* the tree, quiet */
	assert_string_equal(colors(f, 2, 5, 14), "22222222222222");           /* the name, in colour */
	assert_string_equal(colors(f, 0, 4, 8), "11111111");
	/* running (with the CPU), blocked, runnable, fork and exit */
	assert_string_equal(text(f, x0, 4, 11), "000───░000 ");
	assert_string_equal(colors(f, x0, 4, 11), "111....111.");
	assert_string_equal(text(f, x0, 5, 11), " ├1111░░1┤ ");
	assert_string_equal(colors(f, x0, 5, 11), "..2222..2..");
	assert_int_equal(ui_grid_at(&f->g, x0 + 3, 4)->attr, UI_A_BLOCKED);
	assert_int_equal(ui_grid_at(&f->g, x0 + 6, 4)->attr, UI_A_RUNNABLE);
	assert_int_equal(ui_grid_at(&f->g, x0 + 1, 5)->attr, UI_A_MARK);
	assert_int_equal(ui_grid_at(&f->g, x0 + 9, 5)->attr, UI_A_MARK);
	/* the USDT marker at 4 ms: underlined in main's lane, named in the marker row */
	assert_true(ui_grid_at(&f->g, x0 + 4, 4)->flags & UI_CF_MARK);
	assert_false(ui_grid_at(&f->g, x0 + 3, 4)->flags & UI_CF_MARK);
	assert_string_equal(text(f, x0 + 4, 3, 6), "╷phase");
	assert_int_equal(ui_grid_at(&f->g, x0 + 4, 3)->attr, UI_A_MARK);
}

static void test_legend(void **state)
{
	struct fx *f = *state;
	char buf[512];
	int y, x;

	render(f, 80, 24);
	y = find_row(f, "main pid 100");
	assert_true(y > 9);
	ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
	assert_non_null(strstr(buf, "█ main pid 100  █ worker tid 101  █ other tasks"));
	/* each swatch in its task's colour */
	x = ui_text_width(buf) - ui_text_width(strstr(buf, "█ main"));
	assert_string_equal(colors(f, x, y, 1), "1");
	x = ui_text_width(buf) - ui_text_width(strstr(buf, "█ worker"));
	assert_string_equal(colors(f, x, y, 1), "2");
	x = ui_text_width(buf) - ui_text_width(strstr(buf, "█ other"));
	assert_string_equal(colors(f, x, y, 1), "o");
}

static void test_selection(void **state)
{
	struct fx *f = *state;

	render(f, 80, 24);
	f->v.cur_lane = 1;             /* CPU 1 */
	f->v.cur_col = 3;              /* worker runs there */
	assert_int_equal(key(f, UI_KEY_ENTER), UI_ACT_REDRAW);
	assert_true(f->v.have_sel);
	assert_int_equal(f->v.sel_tid, 101);
	ui_render(&f->v, &f->g);
	/* the selected task keeps its colour, in bold; the others go grey */
	assert_string_equal(colors(f, X0, 9, 11), "..2222..2..");
	assert_true(ui_grid_at(&f->g, X0 + 2, 9)->flags & UI_CF_SELECTED);
	assert_string_equal(colors(f, X0, 6, 11), "ooo..o.ooo.");
	/* the cursor cell, on every row of the lane */
	assert_true(ui_grid_at(&f->g, X0 + 3, 7)->flags & UI_CF_CURSOR);
	assert_true(ui_grid_at(&f->g, X0 + 3, 9)->flags & UI_CF_CURSOR);
	assert_false(ui_grid_at(&f->g, X0 + 4, 9)->flags & UI_CF_CURSOR);
	assert_string_equal(text(f, X0 + 3, 2, 1), "▼");
	/* the detail panel describes the cell */
	assert_true(find_row(f, "CPU 1, 0.003000s-0.004000s: worker  tid 101  pid 100 (main)") > 0);
	assert_true(find_row(f, "ran from 0.002000s for 4.00 ms on CPU 1 (prio 120), then was preempted (R+)") > 0);
	assert_true(find_row(f, "before: new, woken after fork by main 100 at 0.001000s, then waited 1.00 ms") > 0);
	/* Enter again: unselected */
	key(f, UI_KEY_ENTER);
	assert_false(f->v.have_sel);
	ui_render(&f->v, &f->g);
	assert_string_equal(colors(f, X0, 6, 11), "111..o.111.");
}

static void test_detail_wakeup(void **state)
{
	struct fx *f = *state;

	f->v.mode = UI_MODE_THREAD;
	render(f, 120, 24);
	f->v.cur_lane = 0;             /* main */
	f->v.cur_col = 6;              /* runnable: woken by worker, waiting for CPU 0 */
	ui_render(&f->v, &f->g);
	assert_true(find_row(f, "main  pid 100 at 0.006500s: runnable, waiting for a CPU from 0.006000s for 1.00 ms") > 0);
	assert_true(find_row(f, "before: woken by worker 101 at 0.006000s (CPU 0), then waited 1.00 ms for the CPU") > 0);
	f->v.cur_col = 4;
	ui_render(&f->v, &f->g);
	assert_true(find_row(f, "blocked, asleep (S), from 0.003000s for 3.00 ms") > 0);
	assert_true(find_row(f, "next: ran from 0.007000s for 3.00 ms on CPU 0 (prio 120), was still running when the recording ended") > 0);
}

static void test_filter(void **state)
{
	struct fx *f = *state;
	char buf[512];
	int y;

	render(f, 80, 24);
	key(f, '/');
	assert_true(f->v.prompting);
	key(f, 'w');
	key(f, 'o');
	ui_render(&f->v, &f->g);
	assert_true(find_row(f, "filter (name or pid; Enter applies, Esc cancels): wo") == 23);
	key(f, UI_KEY_ENTER);
	assert_false(f->v.prompting);
	assert_string_equal(f->v.filter, "wo");
	ui_render(&f->v, &f->g);
	assert_string_equal(colors(f, X0, 6, 11), "ooo..o.ooo.");
	assert_string_equal(colors(f, X0, 9, 11), "..2222..2..");
	y = find_row(f, "worker 101");
	ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
	assert_null(strstr(buf, "main 100"));
	assert_true(find_row(f, "filter 'wo'") == 23);
	/* the thread view shows only what matches */
	key(f, UI_KEY_TAB);
	ui_render(&f->v, &f->g);
	assert_int_equal(f->v.nlanes, 1);
	assert_string_equal(text(f, 0, 4, 14), "worker tid 101");
	/* a pid matches the thread and the threads of that process */
	snprintf(f->v.filter, sizeof(f->v.filter), "100");
	ui_render(&f->v, &f->g);
	assert_int_equal(f->v.nlanes, 2);
	/* Esc clears it */
	key(f, UI_KEY_ESC);
	assert_string_equal(f->v.filter, "");
}

static void test_resize(void **state)
{
	struct fx *f = *state;

	render(f, 80, 24);
	assert_int_equal(f->v.cells, 69);
	render(f, 120, 40);
	assert_int_equal(f->v.cells, 109);
	assert_int_equal(f->g.w, 120);
	assert_string_equal(text(f, X0, 6, 11), "mai  █ mai ");
	assert_true(find_row(f, "TRACE exit code 0") == 39);
	/* below 80x24: say so instead of drawing */
	render(f, 60, 20);
	assert_true(find_row(f, "schedscope needs 80x24; this terminal is 60x20") == 0);
	render(f, 80, 24);
	assert_string_equal(text(f, X0, 9, 11), "  work  █  ");
}

static void test_ruler_and_zoom(void **state)
{
	struct fx *f = *state;

	render(f, 80, 24);
	assert_string_equal(text(f, 0, 1, 27), "1ms/cell   0.00s     0.01s ");
	/* the cursor starts inside the trace: on its last cell at the first zoom (10 ms) */
	assert_string_equal(text(f, X0, 2, 11), "▼─────────┬");
	f->v.cur_col = 0;
	assert_int_equal(key(f, '+'), UI_ACT_REDRAW);
	ui_render(&f->v, &f->g);
	assert_string_equal(text(f, 0, 1, 10), "500us/cell");
	assert_string_equal(text(f, X0, 1, 16), "0.000s    0.005s");
	key(f, '-');
	key(f, '-');
	ui_render(&f->v, &f->g);
	assert_string_equal(text(f, 0, 1, 10), "2ms/cell  ");
	for (int i = 0; i < 40; i++)
		key(f, '-');
	assert_int_equal(ui_view_cell_ns(&f->v), 10000000000ull);
	for (int i = 0; i < 40; i++)
		key(f, '+');
	assert_int_equal(ui_view_cell_ns(&f->v), 1000ull);
	ui_render(&f->v, &f->g);
	assert_string_equal(text(f, 0, 1, 10), "1us/cell  ");
	/* below a millisecond the ruler counts from its first tick */
	assert_string_equal(text(f, X0, 1, 16), "0.000000s +10us ");
	/* 0: the whole trace (10 ms over 69 cells) */
	key(f, '0');
	assert_int_equal(ui_view_cell_ns(&f->v), 200000ull);
	/* pan: the ruler moves */
	render(f, 80, 24);
	key(f, 'l');
	ui_render(&f->v, &f->g);
	assert_int_equal(f->v.t0, 8 * (int64_t)MS);
	assert_string_equal(text(f, X0, 1, 8), "  0.01s ");
	key(f, UI_KEY_HOME);
	assert_int_equal(f->v.t0, 0);
}

static void test_help(void **state)
{
	struct fx *f = *state;
	size_t n;
	const struct ui_binding *b = ui_bindings(&n);

	render(f, 80, 24);
	key(f, '?');
	assert_true(f->v.show_help);
	ui_render(&f->v, &f->g);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		if (find_row(f, b[i].help) < 0)
			dump(f);
		assert_true(find_row(f, b[i].help) >= 0);
	}
	assert_true(find_row(f, "Ctrl-C") >= 0);
	/* its last words, whole at 80 columns too */
	assert_true(find_row(f, "Any key closes this.") >= 0);
	assert_true(find_row(f, "The wheel zooms at the mouse.") >= 0);
	/* any key closes it */
	key(f, 'x');
	assert_false(f->v.show_help);
}

static void test_key_actions(void **state)
{
	struct fx *f = *state;

	render(f, 80, 24);
	assert_int_equal(key(f, 'q'), UI_ACT_QUIT);
	assert_int_equal(key(f, UI_KEY_CTRL_C), UI_ACT_QUIT);       /* a saved trace: leave */
	assert_true(key(f, 'e') & UI_ACT_EXPORT);
	key(f, ' ');
	assert_false(f->v.paused);                                   /* nothing to pause */
	key(f, 's');
	assert_true(f->v.show_stats);
	ui_render(&f->v, &f->g);
	assert_true(find_row(f, "thread (+ exited)    tid   runtime    waited  max wait   vol invol  migr wakes") > 0);
	assert_true(find_row(f, "█ main               100   6.00 ms   1.00 ms   1.00 ms     1     0     0     1") > 0);
	assert_true(find_row(f, "█ worker +           101   5.00 ms   3.00 ms   2.00 ms     0     1     0     1") > 0);
	assert_true(find_row(f, "CPU use in view: cpu0 65% cpu1 50%") > 0);
	key(f, UI_KEY_TAB);
	assert_int_equal(f->v.mode, UI_MODE_THREAD);
	key(f, UI_KEY_DOWN);
	assert_int_equal(f->v.cur_lane, 1);
	key(f, UI_KEY_DOWN);
	assert_int_equal(f->v.cur_lane, 1);                          /* the last lane */
	f->v.phase = UI_PHASE_LIVE;
	assert_true(key(f, UI_KEY_CTRL_C) & UI_ACT_STOP);           /* recording: stop, stay */
	key(f, ' ');
	assert_true(f->v.paused);
}

/* While recording, the run in progress reaches to now. */
static void test_live_open_run(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ss_trace_info info = { .version = 1, .ncpus = 2, .start_ns = S0 };

	(void)state;
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	task(&f->m, 100, 100, "main", true, SS_TASK_FIRST_SEEN);
	sw(&f->m, 1, 0, 0, SS_ST_RUNNING, 100);
	ui_view_init(&f->v, &f->m);
	f->v.phase = UI_PHASE_LIVE;
	f->v.follow = true;
	f->v.now_ns = S0 + 5 * MS;       /* the clock, past the last event */
	ui_grid_resize(&f->g, 80, 24);
	ui_view_layout(&f->v, 80, 24);
	ui_view_set_zoom(&f->v, MS, 0);
	ui_render(&f->v, &f->g);
	/* following: now at the right edge; main ran from 1 ms to now */
	assert_string_equal(text(f, X0 + 64, 6, 5), " main");
	assert_string_equal(text(f, X0 + 65, 4, 4), "████");
	assert_string_equal(text(f, 0, 2, 5), "now >");
	assert_true(find_row(f, "still running") > 0);
	/* a state that goes on is told up to now, "so far" */
	f->v.mode = UI_MODE_THREAD;
	ui_view_layout(&f->v, 80, 24);
	f->v.cur_lane = 0;
	f->v.cur_col = 66;
	ui_render(&f->v, &f->g);
	assert_true(find_row(f, "main  pid 100 at 0.004500s: running on CPU 0 since 0.001000s (4.00 ms so far)") > 0);
	teardown((void **)&f);
}

/* With the IPC events the model knows why a thread slept: the lane shows a
 * glyph per reason and the detail panel the model's sentence. */
static void test_blocked_reason(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ss_trace_info info = { .version = 1, .ncpus = 2, .start_ns = S0 };
	struct ss_event b = { .ts_ns = S0 + 2 * MS, .kind = SS_BLOCK, .cpu = 0, .pid = 100 };
	const int x0 = 15;     /* "helper tid 101" */

	(void)state;
	snprintf(info.machine, sizeof(info.machine), "x86_64");
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	task(&f->m, 100, 100, "main", true, SS_TASK_FIRST_SEEN);
	task(&f->m, 101, 100, "helper", true, SS_TASK_FIRST_SEEN);
	sw(&f->m, 0, 0, 0, SS_ST_RUNNING, 100);
	sw(&f->m, 0, 1, 0, SS_ST_RUNNING, 101);
	b.block.nr = 230;                    /* clock_nanosleep on x86_64 */
	b.block.fd = -1;
	feed(&f->m, &b);
	sw(&f->m, 2, 0, 100, SS_ST_S, 0);
	ev(&f->m, 6, 0, SS_WAKING, 0, 100, 0);
	sw(&f->m, 6, 0, 0, SS_ST_RUNNING, 100);
	ss_model_finish(&f->m, S0 + 8 * MS, 0);
	ui_view_init(&f->v, &f->m);
	f->v.now_ns = f->m.end_ns;
	f->v.mode = UI_MODE_THREAD;
	render(f, 120, 24);
	assert_string_equal(text(f, x0, 4, 9), "00zzzz00 ");
	assert_int_equal(ui_grid_at(&f->g, x0 + 3, 4)->attr, UI_A_BLOCKED);
	assert_true(find_row(f, "z sleep()") > 0);                /* the legend */
	f->v.cur_col = 3;
	ui_render(&f->v, &f->g);
	if (find_row(f, "blocked, sleep(), from 0.002000s for 4.00 ms") < 0 || find_row(f, "why: ") < 0)
		dump(f);
	assert_true(find_row(f, "blocked, sleep(), from 0.002000s for 4.00 ms") > 0);
	assert_true(find_row(f, "why: ") > 0);
	assert_true(find_row(f, "clock_nanosleep") > 0);
	teardown((void **)&f);
}

/* Many CPUs: lanes scroll, the separator says which are shown. */
static void test_many_cpus(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ss_trace_info info = { .version = 1, .ncpus = 64, .start_ns = S0 };

	(void)state;
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	task(&f->m, 100, 100, "main", true, SS_TASK_FIRST_SEEN);
	for (unsigned c = 0; c < 64; c++)
		sw(&f->m, c * 0.1, c, 0, SS_ST_RUNNING, c % 2 ? 100 : 200 + c);
	ss_model_finish(&f->m, S0 + 10 * MS, 0);
	ui_view_init(&f->v, &f->m);
	f->v.now_ns = f->m.end_ns;
	render(f, 80, 24);
	assert_int_equal(f->v.lane_rows, 1);
	assert_int_equal(f->v.lanes_h, 14);
	assert_true(find_row(f, "CPUs 1-14 of 64 (PgUp/PgDn)") > 0);
	key(f, UI_KEY_PGDN);
	ui_render(&f->v, &f->g);
	assert_int_equal(f->v.cur_lane, 14);
	assert_string_equal(text(f, 0, 4 + 13, 6), "CPU 14");
	key(f, UI_KEY_END);
	key(f, UI_KEY_PGDN);
	key(f, UI_KEY_PGDN);
	key(f, UI_KEY_PGDN);
	key(f, UI_KEY_PGDN);
	ui_render(&f->v, &f->g);
	assert_string_equal(text(f, 0, 4 + 13, 6), "CPU 63");
	assert_true(find_row(f, "CPUs 51-64 of 64") > 0);
	teardown((void **)&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cpu_lanes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread_lanes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_legend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail_wakeup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ruler_and_zoom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_actions, setup, teardown),
		cmocka_unit_test(test_live_open_run),
		cmocka_unit_test(test_blocked_reason),
		cmocka_unit_test(test_many_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
