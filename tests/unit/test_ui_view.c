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
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"
#include "ui/grid.h"
#include "ui/index.h"
#include "ui/keys.h"
#include "ui/view.h"

#define S0 1000000000ull             /* the recording's start */
#define MS 1000000ull
#define X0 11                        /* CPU view: label 10 + a space */

struct fx {
	struct ss_model m;
	struct ui_index ix;
	struct ui_view v;
	struct ui_grid g;
};

static void task(struct ss_model *m, uint32_t pid, uint32_t tgid, const char *comm, bool tree, uint16_t origin)
{
	struct ss_task t = { .ts_ns = S0, .pid = pid, .tgid = tgid, .ppid = 1, .origin = origin,
			     .flags = tree ? SS_TASKF_IN_TREE : 0, .prev = -1 };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	ss_model_task(m, &t);
}

static void sw(struct ss_model *m, double ms, unsigned cpu, uint32_t prev, unsigned state, uint32_t next)
{
	struct ss_event e = { .ts_ns = S0 + (uint64_t)(ms * MS), .kind = SS_SWITCH, .cpu = (uint16_t)cpu, .pid = prev };

	e.sw.next_pid = next;
	e.sw.prev_state = (uint16_t)state;
	e.sw.prev_prio = e.sw.next_prio = 120;
	ss_model_event(m, &e);
}

static void ev(struct ss_model *m, double ms, unsigned cpu, unsigned kind, uint32_t pid, uint32_t a, uint32_t b)
{
	struct ss_event e = { .ts_ns = S0 + (uint64_t)(ms * MS), .kind = (uint16_t)kind, .cpu = (uint16_t)cpu, .pid = pid };

	switch (kind) {
	case SS_WAKING:
	case SS_WAKEUP_NEW: e.wake.wakee = a; e.wake.target_cpu = b; break;
	case SS_FORK: e.fork.child = a; e.fork.flags = b; break;
	case SS_MARKER: e.marker.probe = a; break;
	case SS_EXIT: e.exit.code = 0; break;
	default: break;
	}
	ss_model_event(m, &e);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ss_trace_info info = { .version = 1, .ncpus = 2, .start_ns = S0 };
	struct ss_model *m = &f->m;
	struct ss_probe p = { .id = 0 };

	snprintf(info.cmdline, sizeof(info.cmdline), "main");
	assert_int_equal(ss_model_init(m, &info), 0);
	snprintf(p.provider, sizeof(p.provider), "schedscope");
	snprintf(p.name, sizeof(p.name), "phase");
	ss_model_probe(m, &p);
	task(m, 100, 100, "main", true, SS_TASK_FIRST_SEEN);
	task(m, 200, 200, "other", false, SS_TASK_FIRST_SEEN);
	sw(m, 0, 0, 0, SS_ST_RUNNING, 100);
	task(m, 101, 100, "worker", true, SS_TASK_FORKED);
	ev(m, 1, 0, SS_FORK, 100, 101, SS_FORK_IS_THREAD);
	ev(m, 1, 0, SS_WAKEUP_NEW, 100, 101, 1);
	sw(m, 2, 1, 0, SS_ST_RUNNING, 101);
	sw(m, 3, 0, 100, SS_ST_S, 0);
	ev(m, 4, 0, SS_MARKER, 100, 0, 0);
	sw(m, 5, 0, 0, SS_ST_RUNNING, 200);
	sw(m, 5.5, 0, 200, SS_ST_S, 0);
	ev(m, 6, 1, SS_WAKING, 101, 100, 0);
	sw(m, 6, 1, 101, SS_ST_PREEMPTED, 0);
	sw(m, 7, 0, 0, SS_ST_RUNNING, 100);
	sw(m, 8, 1, 0, SS_ST_RUNNING, 101);
	ev(m, 9, 1, SS_EXIT, 101, 0, 0);
	sw(m, 9, 1, 101, SS_ST_X, 0);
	ss_model_finish(m, S0 + 10 * MS, 0);

	ui_index_init(&f->ix);
	ui_index_update(&f->ix, m);
	ui_view_init(&f->v, m, &f->ix);
	f->v.phase = UI_PHASE_TRACE;
	f->v.now_ns = m->end_ns;
	f->v.trace_path = "fixture.trace";
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ui_view_free(&f->v);
	ui_grid_free(&f->g);
	ui_index_free(&f->ix);
	ss_model_free(&f->m);
	free(f);
	return 0;
}

/* Renders at w x h, 1 ms per cell, the start at the left edge. */
static void render(struct fx *f, int w, int h)
{
	ui_grid_resize(&f->g, w, h);
	ui_view_layout(&f->v, w, h);
	ui_view_set_zoom(&f->v, MS, 0);
	ui_view_goto(&f->v, 0);
	ui_view_render(&f->v, &f->g);
}

/* n cells of row y from x as text. */
static const char *text(struct fx *f, int x, int y, int n)
{
	static char buf[4][512];
	static int k;
	char *out = buf[k++ % 4];
	size_t off = 0;

	for (int i = 0; i < n; i++) {
		const struct ui_cell *c = ui_grid_at(&f->g, x + i, y);

		off += (size_t)ui_utf8_put(out + off, c && c->ch ? c->ch : ' ');
	}
	out[off] = 0;
	return out;
}

/* n cells of row y from x as colour codes: '1'.. a task colour, 'o' another
 * task, '.' anything that is not a run. */
static const char *colors(struct fx *f, int x, int y, int n)
{
	static char buf[4][256];
	static int k;
	char *out = buf[k++ % 4];

	for (int i = 0; i < n; i++) {
		const struct ui_cell *c = ui_grid_at(&f->g, x + i, y);

		out[i] = c->attr == UI_A_RUN || c->attr == UI_A_RUN_TEXT ? (c->color ? (char)('0' + c->color) : 'o') : '.';
	}
	out[n] = 0;
	return out;
}

static int find_row(struct fx *f, const char *needle)
{
	char buf[2048];

	for (int y = 0; y < f->g.h; y++) {
		ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
		if (strstr(buf, needle))
			return y;
	}
	return -1;
}

static void dump(struct fx *f)
{
	char buf[2048];

	for (int y = 0; y < f->g.h; y++) {
		ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
		print_message("%2d|%s\n", y, buf);
	}
}

static unsigned key(struct fx *f, int k)
{
	struct ui_input in = { .kind = UI_IN_KEY, .key = k };

	return ui_keys_handle(&f->v, &in);
}

/* CPU lanes are 3 rows high here: bars stand on the bottom row, names of
 * runs of 3+ full cells are written on it. */
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
	ui_view_render(&f->v, &f->g);
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
	const int x0 = 13;     /* label "└─worker 101" is 12 wide */

	f->v.mode = UI_MODE_THREAD;
	render(f, 80, 24);
	assert_int_equal(f->v.label_w, 12);
	assert_int_equal(f->v.lane_rows, 1);
	assert_string_equal(text(f, 0, 4, 12), "main 100    ");
	assert_string_equal(text(f, 0, 5, 12), "└─worker 101");
	assert_int_equal(ui_grid_at(&f->g, 0, 5)->attr, UI_A_RULER);      /* the tree, quiet */
	assert_string_equal(colors(f, 2, 5, 10), "2222222222");           /* the name, in colour */
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
	y = find_row(f, "main 100");
	assert_true(y > 9);
	ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
	assert_non_null(strstr(buf, "█ main 100  █ worker 101  █ other tasks"));
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
	ui_view_render(&f->v, &f->g);
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
	assert_true(find_row(f, "CPU 1 at 0.003000s: worker  tid 101  pid 100 (main)") > 0);
	assert_true(find_row(f, "ran from 0.002000s for 4.00 ms on CPU 1 (prio 120), then was preempted (R+)") > 0);
	assert_true(find_row(f, "before: new, woken after fork by main 100 at 0.001000s, then waited 1.00 ms") > 0);
	/* Enter again: unselected */
	key(f, UI_KEY_ENTER);
	assert_false(f->v.have_sel);
	ui_view_render(&f->v, &f->g);
	assert_string_equal(colors(f, X0, 6, 11), "111..o.111.");
}

static void test_detail_wakeup(void **state)
{
	struct fx *f = *state;

	f->v.mode = UI_MODE_THREAD;
	render(f, 120, 24);
	f->v.cur_lane = 0;             /* main */
	f->v.cur_col = 6;              /* runnable: woken by worker, waiting for CPU 0 */
	ui_view_render(&f->v, &f->g);
	assert_true(find_row(f, "main  pid 100 at 0.006000s: runnable, waiting for a CPU since 0.006000s (1.00 ms)") > 0);
	assert_true(find_row(f, "before: woken by worker 101 at 0.006000s (CPU 0), then waited 1.00 ms for the CPU") > 0);
	f->v.cur_col = 4;
	ui_view_render(&f->v, &f->g);
	assert_true(find_row(f, "blocked, asleep (S), since 0.003000s (3.00 ms)") > 0);
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
	ui_view_render(&f->v, &f->g);
	assert_true(find_row(f, "filter (name or pid; Enter applies, Esc cancels): wo") == 23);
	key(f, UI_KEY_ENTER);
	assert_false(f->v.prompting);
	assert_string_equal(f->v.filter, "wo");
	ui_view_render(&f->v, &f->g);
	assert_string_equal(colors(f, X0, 6, 11), "ooo..o.ooo.");
	assert_string_equal(colors(f, X0, 9, 11), "..2222..2..");
	y = find_row(f, "worker 101");
	ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
	assert_null(strstr(buf, "main 100"));
	assert_true(find_row(f, "filter 'wo'") == 23);
	/* the thread view shows only what matches */
	key(f, UI_KEY_TAB);
	ui_view_render(&f->v, &f->g);
	assert_int_equal(f->v.nlanes, 1);
	assert_string_equal(text(f, 0, 4, 10), "worker 101");
	/* a pid matches the thread and the threads of that process */
	snprintf(f->v.filter, sizeof(f->v.filter), "100");
	ui_view_render(&f->v, &f->g);
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
	assert_true(find_row(f, "TRACE exit 0") == 39);
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
	assert_string_equal(text(f, X0, 2, 11), "┬─────────┬");
	f->v.cur_col = 0;
	assert_int_equal(key(f, '+'), UI_ACT_REDRAW);
	ui_view_render(&f->v, &f->g);
	assert_string_equal(text(f, 0, 1, 10), "500us/cell");
	assert_string_equal(text(f, X0, 1, 16), "0.000s    0.005s");
	key(f, '-');
	key(f, '-');
	ui_view_render(&f->v, &f->g);
	assert_string_equal(text(f, 0, 1, 10), "2ms/cell  ");
	for (int i = 0; i < 40; i++)
		key(f, '-');
	assert_int_equal(ui_view_cell_ns(&f->v), 10000000000ull);
	for (int i = 0; i < 40; i++)
		key(f, '+');
	assert_int_equal(ui_view_cell_ns(&f->v), 1000ull);
	ui_view_render(&f->v, &f->g);
	assert_string_equal(text(f, 0, 1, 10), "1us/cell  ");
	/* below a millisecond the ruler counts from its first tick */
	assert_string_equal(text(f, X0, 1, 16), "0.000000s +10us ");
	/* 0: the whole trace (10 ms over 69 cells) */
	key(f, '0');
	assert_int_equal(ui_view_cell_ns(&f->v), 200000ull);
	/* pan: the ruler moves */
	render(f, 80, 24);
	key(f, 'l');
	ui_view_render(&f->v, &f->g);
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
	ui_view_render(&f->v, &f->g);
	for (size_t i = 0; i < n; i++) {
		if (find_row(f, b[i].help) < 0)
			dump(f);
		assert_true(find_row(f, b[i].help) >= 0);
	}
	assert_true(find_row(f, "Ctrl-C") >= 0);
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
	ui_view_render(&f->v, &f->g);
	assert_true(find_row(f, "thread               tid   runtime    waited  max wait   vol invol  migr wakes") > 0);
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
	ui_index_init(&f->ix);
	ui_index_update(&f->ix, &f->m);
	ui_view_init(&f->v, &f->m, &f->ix);
	f->v.phase = UI_PHASE_LIVE;
	f->v.follow = true;
	f->v.now_ns = S0 + 5 * MS;       /* the clock, past the last event */
	ui_grid_resize(&f->g, 80, 24);
	ui_view_layout(&f->v, 80, 24);
	ui_view_set_zoom(&f->v, MS, 0);
	ui_view_render(&f->v, &f->g);
	/* following: now at the right edge; main ran from 1 ms to now */
	assert_string_equal(text(f, X0 + 64, 6, 5), " main");
	assert_string_equal(text(f, X0 + 65, 4, 4), "████");
	assert_string_equal(text(f, 0, 2, 5), "now >");
	assert_true(find_row(f, "still running") > 0);
	teardown((void **)&f);
}

/* With the IPC events the model knows why a thread slept: the lane shows a
 * glyph per reason and the detail panel the model's sentence. */
static void test_blocked_reason(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ss_trace_info info = { .version = 1, .ncpus = 2, .start_ns = S0 };
	struct ss_event b = { .ts_ns = S0 + 2 * MS, .kind = SS_BLOCK, .cpu = 0, .pid = 100 };
	const int x0 = 13;

	(void)state;
	snprintf(info.machine, sizeof(info.machine), "x86_64");
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	task(&f->m, 100, 100, "main", true, SS_TASK_FIRST_SEEN);
	task(&f->m, 101, 100, "helper", true, SS_TASK_FIRST_SEEN);
	sw(&f->m, 0, 0, 0, SS_ST_RUNNING, 100);
	sw(&f->m, 0, 1, 0, SS_ST_RUNNING, 101);
	b.block.nr = 230;                    /* clock_nanosleep on x86_64 */
	b.block.fd = -1;
	ss_model_event(&f->m, &b);
	sw(&f->m, 2, 0, 100, SS_ST_S, 0);
	ev(&f->m, 6, 0, SS_WAKING, 0, 100, 0);
	sw(&f->m, 6, 0, 0, SS_ST_RUNNING, 100);
	ss_model_finish(&f->m, S0 + 8 * MS, 0);
	ui_index_init(&f->ix);
	ui_index_update(&f->ix, &f->m);
	ui_view_init(&f->v, &f->m, &f->ix);
	f->v.now_ns = f->m.end_ns;
	f->v.mode = UI_MODE_THREAD;
	render(f, 120, 24);
	assert_string_equal(text(f, x0, 4, 9), "00zzzz00 ");
	assert_int_equal(ui_grid_at(&f->g, x0 + 3, 4)->attr, UI_A_BLOCKED);
	assert_true(find_row(f, "z sleep()") > 0);                /* the legend */
	f->v.cur_col = 3;
	ui_view_render(&f->v, &f->g);
	if (find_row(f, "blocked, sleep(), since 0.002000s (4.00 ms)") < 0 || find_row(f, "why: ") < 0)
		dump(f);
	assert_true(find_row(f, "blocked, sleep(), since 0.002000s (4.00 ms)") > 0);
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
	ui_index_init(&f->ix);
	ui_index_update(&f->ix, &f->m);
	ui_view_init(&f->v, &f->m, &f->ix);
	f->v.now_ns = f->m.end_ns;
	render(f, 80, 24);
	assert_int_equal(f->v.lane_rows, 1);
	assert_int_equal(f->v.lanes_h, 14);
	assert_true(find_row(f, "CPUs 1-14 of 64 (PgUp/PgDn)") > 0);
	key(f, UI_KEY_PGDN);
	ui_view_render(&f->v, &f->g);
	assert_int_equal(f->v.cur_lane, 14);
	assert_string_equal(text(f, 0, 4 + 13, 6), "CPU 14");
	key(f, UI_KEY_END);
	key(f, UI_KEY_PGDN);
	key(f, UI_KEY_PGDN);
	key(f, UI_KEY_PGDN);
	key(f, UI_KEY_PGDN);
	ui_view_render(&f->v, &f->g);
	assert_string_equal(text(f, 0, 4 + 13, 6), "CPU 63");
	assert_true(find_row(f, "CPUs 51-64 of 64") > 0);
	teardown((void **)&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cpu_lanes, setup, teardown),
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
