/*
 * Two runs stacked (ui/split.c): each half shows its own trace's lanes,
 * both halves share one time scale (the ruler reads the same, a column is
 * the same moment since each start), and a zoom or pan key moves both.
 * The fixture's trace is on top (10 ms); a second model of 20 ms with its
 * own threads is below. And the rerun prompt, open in one half, takes the
 * keys alone.
 */
#include "tests/unit/ui_fixture.h"

#include <errno.h>

#include "ui/split.h"

struct two {
	struct fx *a, *b;
	struct ui_split s;
	struct ui_grid g;
};

/* B: "alpha" 300 and its thread "long-named-beta" 301, 20 ms. */
static struct fx *second_run(void)
{
	struct fx *f = fx_new(300);

	task(&f->m, 300, 300, "alpha", true, SS_TASK_FIRST_SEEN);
	sw(&f->m, 0, 0, 0, SS_ST_RUNNING, 300);
	task(&f->m, 301, 300, "long-named-beta", true, SS_TASK_FORKED);
	ev(&f->m, 2, 0, SS_FORK, 300, 301, SS_FORK_IS_THREAD);
	ev(&f->m, 2, 0, SS_WAKEUP_NEW, 300, 301, 1);
	sw(&f->m, 3, 1, 0, SS_ST_RUNNING, 301);
	sw(&f->m, 12, 0, 300, SS_ST_S, 0);
	sw(&f->m, 18, 1, 301, SS_ST_X, 0);
	ss_model_finish(&f->m, S0 + 20 * MS, 0);
	return f;
}

/* B's own "phase" marker, fired at ms. */
static void phase_marker(struct fx *f, double ms)
{
	struct ss_probe p = { .id = 0 };
	struct ss_sink k;

	snprintf(p.provider, sizeof(p.provider), "schedscope");
	snprintf(p.name, sizeof(p.name), "phase");
	ss_model_sink(&f->m, &k);
	k.probe(k.ctx, &p);
	ev(&f->m, ms, 0, SS_MARKER, 300, 0, 0);
}

static void split_on(struct two *t, enum ui_mode mode)
{
	setup((void **)&t->a);
	t->b = second_run();
	ui_view_init(&t->b->v, &t->b->m);
	t->b->v.phase = UI_PHASE_TRACE;
	t->b->v.now_ns = t->b->m.end_ns;
	t->a->v.mode = t->b->v.mode = mode;
	for (int i = 0; i < 2; i++) {
		struct fx *f = i ? t->b : t->a;

		ui_view_layout(&f->v, 100, 40);
		ui_view_set_zoom(&f->v, MS, 0);
		ui_view_goto(&f->v, 0);
	}
	ui_split_init(&t->s, &t->a->v, &t->b->v);
	/* init fits the longer run (B); the tests look at 1 ms a cell from 0 */
	ui_view_set_zoom(&t->b->v, MS, 0);
	ui_view_goto(&t->b->v, 0);
	ui_split_sync(&t->s);
	ui_grid_resize(&t->g, 100, 40);
	ui_split_render(&t->s, &t->g);
}

static void split_off(struct two *t)
{
	ui_split_free(&t->s);
	ui_grid_free(&t->g);
	teardown((void **)&t->a);
	ui_view_free(&t->b->v);
	ss_model_free(&t->b->m);
	free(t->b);
}

static const char *row(struct two *t, int y)
{
	static char buf[4][1024];
	static int k;
	char *out = buf[k++ % 4];

	ui_grid_row_text(&t->g, y, false, out, sizeof(buf[0]));
	return out;
}

/* The first row from y0 to y1 that holds needle, or -1. */
static int row_with(struct two *t, int y0, int y1, const char *needle)
{
	for (int y = y0; y < y1; y++)
		if (strstr(row(t, y), needle))
			return y;
	return -1;
}

/* Where needle starts in row y (bytes: the marker row is ASCII up to it), or -1. */
static int column_of(struct two *t, int y, const char *needle)
{
	const char *r = row(t, y), *p = strstr(r, needle);

	return p ? (int)(p - r) : -1;
}

static void dump_split(struct two *t)
{
	for (int y = 0; y < t->g.h; y++)
		print_message("%2d|%s\n", y, row(t, y));
}

static void test_own_lanes(void **state)
{
	struct two t = { 0 };

	(void)state;
	split_on(&t, UI_MODE_THREAD);
	if (row_with(&t, 0, 20, "main pid 100") < 0)
		dump_split(&t);
	/* the top half has A's threads and no B's; the bottom the other way */
	assert_true(row_with(&t, 4, 20, "main pid 100") > 0);
	assert_true(row_with(&t, 4, 20, "worker tid 101") > 0);
	assert_int_equal(row_with(&t, 0, 20, "alpha pid 300"), -1);
	assert_true(row_with(&t, 24, 40, "alpha pid 300") > 0);
	assert_true(row_with(&t, 24, 40, "long-named-beta tid 301") > 0);
	assert_int_equal(row_with(&t, 20, 40, "main pid 100"), -1);
	/* each has its own header and status line */
	assert_non_null(strstr(row(&t, 0), "schedscope"));
	assert_non_null(strstr(row(&t, 20), "schedscope"));
	assert_non_null(strstr(row(&t, 19), "fixture.trace") ? row(&t, 19) : NULL);
	split_off(&t);
}

static void test_one_time_scale(void **state)
{
	struct two t = { 0 };
	int ya, yb, x;

	(void)state;
	split_on(&t, UI_MODE_THREAD);
	/* the same ruler, zoom and window from each start: A's (it ends at
	 * 10 ms, its labels stop there) is the start of B's */
	assert_int_equal(strncmp(row(&t, 1), row(&t, 21), strlen(row(&t, 1))), 0);
	assert_non_null(strstr(row(&t, 1), "0.01s"));
	assert_non_null(strstr(row(&t, 21), "0.02s"));
	assert_null(strstr(row(&t, 1), "0.02s"));
	assert_int_equal(t.a->v.zoom, t.b->v.zoom);
	assert_int_equal(t.a->v.t0, t.b->v.t0);
	/* the labels are as wide in both (B's are the wider), so the lanes
	 * start in the same column: main's first cell and alpha's are at 0 ms */
	assert_int_equal(t.a->v.label_w, t.b->v.label_w);
	assert_int_equal(t.a->v.cells, t.b->v.cells);
	ya = row_with(&t, 4, 20, "main pid 100");
	yb = row_with(&t, 24, 40, "alpha pid 300");
	x = t.a->v.label_w + 1;
	assert_in_range(ui_grid_at(&t.g, x, ya)->attr, UI_A_RUN, UI_A_RUN_TEXT);
	assert_in_range(ui_grid_at(&t.g, x, yb)->attr, UI_A_RUN, UI_A_RUN_TEXT);
	assert_int_equal(ui_grid_at(&t.g, x - 1, ya)->attr, UI_A_NORMAL);
	assert_int_equal(ui_grid_at(&t.g, x - 1, yb)->attr, UI_A_NORMAL);
	/* B ran past A's end: at 15 ms B's thread runs, A is over */
	assert_in_range(ui_grid_at(&t.g, x + 15, row_with(&t, 24, 40, "long-named-beta"))->attr, UI_A_RUN,
			UI_A_RUN_TEXT);
	split_off(&t);
}

static void test_keys_move_both(void **state)
{
	struct two t = { 0 };
	struct ui_input plus = { .kind = UI_IN_KEY, .key = '+' }, left = { .kind = UI_IN_KEY, .key = 'h' };
	char before[2][1024];

	(void)state;
	split_on(&t, UI_MODE_CPU);
	assert_true(strncmp(row(&t, 1), "1ms/cell", 8) == 0);
	t.b->v.cur_col = 44;              /* the cursor at 44 ms, past both ends */
	ui_split_sync(&t.s);
	ui_split_handle(&t.s, &plus);
	ui_split_render(&t.s, &t.g);
	/* one level finer, in both halves */
	assert_true(strncmp(row(&t, 1), "500us/cell", 10) == 0);
	assert_true(strncmp(row(&t, 21), "500us/cell", 10) == 0);
	assert_int_equal(t.a->v.zoom, t.b->v.zoom);
	/* zoomed around the cursor (44 ms), the window is at B's end, 20 ms:
	 * past A's end, so A's ruler has no time left and its cursor says so */
	assert_int_equal(t.a->v.t0, t.b->v.t0);
	assert_int_equal(t.b->v.t0, (int64_t)(20 * MS));
	assert_null(strstr(row(&t, 1), "0."));
	assert_int_not_equal(row_with(&t, 0, 20, "outside the trace"), -1);
	snprintf(before[0], sizeof(before[0]), "%s", row(&t, 21));
	/* a pan moves both windows back, into A again */
	for (int i = 0; i < 3; i++)
		ui_split_handle(&t.s, &left);
	ui_split_render(&t.s, &t.g);
	assert_string_not_equal(row(&t, 21), before[0]);
	assert_int_equal(t.a->v.t0, t.b->v.t0);
	assert_true(t.b->v.t0 < (int64_t)(10 * MS));
	assert_non_null(strstr(row(&t, 1), "0.0"));
	assert_int_equal(t.a->v.cur_col, t.b->v.cur_col);
	split_off(&t);
}

/* r (run NAME's rerun) opens its prompt in the half of the run that can be
 * run again; while it is open the keys are its text, not the other half's
 * commands, and Enter asks for the rerun. */
static void test_rerun_prompt(void **state)
{
	struct two t = { 0 };
	struct ui_input in = { .kind = UI_IN_KEY };
	int zoom;

	(void)state;
	split_on(&t, UI_MODE_CPU);
	t.b->v.rerun_hint = "-- --iterations 5";
	t.b->v.phase = UI_PHASE_FINISHED;
	zoom = t.a->v.zoom;
	in.key = 'r';
	ui_split_handle(&t.s, &in);
	assert_true(t.b->v.prompting && t.b->v.prompt_rerun);
	assert_false(t.a->v.prompting);
	assert_string_equal(t.b->v.prompt, "-- --iterations 5");
	t.a->v.cur_lane = 1;
	for (const char *k = " --no-lock"; *k; k++) {
		in.key = *k;
		ui_split_handle(&t.s, &in);
	}
	assert_string_equal(t.b->v.prompt, "-- --iterations 5 --no-lock");
	assert_int_equal(t.a->v.zoom, zoom);          /* '-' was text, not zoom out */
	assert_int_equal(t.a->v.cur_lane, 1);         /* 'k' was text, not a lane up */
	ui_split_render(&t.s, &t.g);
	assert_non_null(strstr(row(&t, 39), "rerun with"));
	in.key = UI_KEY_ENTER;
	assert_true(ui_split_handle(&t.s, &in) & UI_ACT_RERUN);
	assert_false(t.b->v.prompting);
	/* a view without a run to repeat says so */
	in.key = 'r';
	ui_split_handle(&t.s, &in);
	assert_false(t.a->v.prompting);
	assert_non_null(strstr(t.a->v.msg, "schedscope run NAME"));
	split_off(&t);
}

/* --align: the marker's first firing at the same column in both halves
 * (A's at 4 ms, B's at 12 ms), however the window moves; a marker one of
 * them lacks changes nothing. */
static void test_align_at_marker(void **state)
{
	struct two t = { 0 };
	struct ui_input left = { .kind = UI_IN_KEY, .key = 'h' };
	int xa, xb;

	(void)state;
	split_on(&t, UI_MODE_THREAD);
	assert_int_equal(ui_split_align(&t.s, "phase"), -ENOENT);
	assert_int_equal(t.a->v.t0, t.b->v.t0);
	/* B gets its marker (after its model finished: a model of its own) */
	split_off(&t);
	memset(&t, 0, sizeof(t));
	setup((void **)&t.a);
	t.b = fx_new(300);
	task(&t.b->m, 300, 300, "alpha", true, SS_TASK_FIRST_SEEN);
	sw(&t.b->m, 0, 0, 0, SS_ST_RUNNING, 300);
	phase_marker(t.b, 12);
	ss_model_finish(&t.b->m, S0 + 20 * MS, 0);
	ui_view_init(&t.b->v, &t.b->m);
	t.b->v.phase = UI_PHASE_TRACE;
	t.b->v.now_ns = t.b->m.end_ns;
	for (int i = 0; i < 2; i++) {
		struct fx *f = i ? t.b : t.a;

		ui_view_layout(&f->v, 100, 40);
		ui_view_set_zoom(&f->v, MS, 0);
		ui_view_goto(&f->v, 0);
	}
	ui_split_init(&t.s, &t.a->v, &t.b->v);
	ui_grid_resize(&t.g, 100, 40);
	assert_int_equal(ui_split_align(&t.s, "schedscope:phase"), 0);
	assert_int_equal(t.s.align_ns[0], (int64_t)(4 * MS));
	assert_int_equal(t.s.align_ns[1], (int64_t)(12 * MS));
	for (int round = 0; round < 2; round++) {
		ui_split_render(&t.s, &t.g);
		xa = column_of(&t, 3, "phase");
		xb = column_of(&t, 23, "phase");
		if (xa < 0 || xa != xb)
			dump_split(&t);
		assert_true(xa > 0);
		assert_int_equal(xa, xb);
		assert_int_equal(t.b->v.t0 - t.a->v.t0, (int64_t)(8 * MS));
		ui_split_handle(&t.s, &left);      /* and again, panned */
	}
	split_off(&t);
}

/* Lanes are each run's own: the lane keys move the half with the focus (the
 * top one until a click in the other), time keys still move both. */
static void test_lane_focus(void **state)
{
	struct two t = { 0 };
	struct ui_input down = { .kind = UI_IN_KEY, .key = 'j' }, up = { .kind = UI_IN_KEY, .key = 'k' };
	struct ui_input click = { .kind = UI_IN_MOUSE, .button = UI_MOUSE_CLICK };

	(void)state;
	split_on(&t, UI_MODE_THREAD);
	assert_int_equal(t.a->v.cur_lane, 0);
	assert_int_equal(t.b->v.cur_lane, 0);
	ui_split_handle(&t.s, &down);
	assert_int_equal(t.a->v.cur_lane, 1);
	assert_int_equal(t.b->v.cur_lane, 0);
	/* a click on B's second lane (alpha's child) gives B the focus */
	click.y = row_with(&t, 24, 40, "long-named-beta tid 301");
	click.x = t.b->v.label_w + 3;
	ui_split_handle(&t.s, &click);
	assert_int_equal(t.s.focus, 1);
	assert_int_equal(t.b->v.cur_lane, 1);
	ui_split_handle(&t.s, &up);
	assert_int_equal(t.b->v.cur_lane, 0);
	assert_int_equal(t.a->v.cur_lane, 1);
	split_off(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_lanes),
		cmocka_unit_test(test_one_time_scale),
		cmocka_unit_test(test_keys_move_both),
		cmocka_unit_test(test_rerun_prompt),
		cmocka_unit_test(test_align_at_marker),
		cmocka_unit_test(test_lane_focus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
