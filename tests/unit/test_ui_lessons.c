/*
 * The lessons' shapes in the cell grid, without a terminal, on the lessons'
 * reference traces (traces/: real recorded runs, so the pids and task ids
 * below are those runs'). Each trace is opened as `view` opens it: on its
 * lesson's window, lanes and view. Asserted: labelled task spans on the
 * workers' lanes, pool's pending-tasks row, the lock holder's span and the
 * release that woke the waiter, hand-off marks on both lanes, processes
 * and threads drawn differently, what fork() returned in each process, the
 * checklist, the cursor inside the trace, and the step keys.
 */
#include <libgen.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lessons/lesson.h"
#include "live/live.h"
#include "model/model.h"
#include "tracefile/replay.h"
#include "ui/grid.h"
#include "ui/keys.h"
#include "ui/lesson_view.h"
#include "ui/render.h"
#include "ui/view.h"

static char traces_dir[PATH_MAX];

struct lx {
	struct ss_model m;
	struct lesson l;
	struct ui_view v;
	struct ui_grid g;
	char row[4096];
};

/* The reference trace NAME.trace, opened on its lesson at 160x48. */
static struct lx *open_lesson(const char *name, bool with_lesson)
{
	struct lx *x = calloc(1, sizeof(*x));
	char path[PATH_MAX + 64], err[256];

	assert_non_null(x);
	snprintf(path, sizeof(path), "%s/%s.trace", traces_dir, name);
	if (ss_trace_load(&x->m, path, 0, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
	assert_int_equal(lesson_from_cmdline(&x->l, x->m.info.cmdline), 0);
	assert_int_equal(ui_grid_resize(&x->g, 160, 48), 0);
	ui_view_init(&x->v, &x->m);
	x->v.phase = UI_PHASE_TRACE;
	x->v.lesson = x->l.text;
	ui_lesson_attach(&x->v, with_lesson ? &x->l : NULL);
	ui_lesson_open(&x->v, 160, 48);
	ui_render(&x->v, &x->g);
	return x;
}

static void close_lesson(struct lx *x)
{
	ui_view_free(&x->v);
	ui_grid_free(&x->g);
	ss_model_free(&x->m);
	free(x);
}

static const char *row(struct lx *x, int y)
{
	ui_grid_row_text(&x->g, y, x->g.ascii, x->row, sizeof(x->row));
	return x->row;
}

/* The first row that starts with (or, with anywhere, holds) text; -1 if none. */
static int find(struct lx *x, const char *text, bool anywhere)
{
	for (int y = 0; y < x->g.h; y++) {
		const char *r = row(x, y);

		if (anywhere ? strstr(r, text) != NULL : !strncmp(r, text, strlen(text)))
			return y;
	}
	return -1;
}

static void dump(struct lx *x)
{
	for (int y = 0; y < x->g.h; y++)
		print_message("%2d|%s\n", y, row(x, y));
}

/* The grid column of text's first character in row y (text in UTF-8). */
static int col_of(struct lx *x, int y, const char *text)
{
	const char *r = row(x, y), *p = strstr(r, text);
	char head[4096];

	if (!p)
		return -1;
	snprintf(head, sizeof(head), "%.*s", (int)(p - r), r);
	return ui_text_width(head);
}

static void press(struct lx *x, int key)
{
	struct ui_input in = { .kind = UI_IN_KEY, .key = key };

	ui_keys_handle(&x->v, &in);
	ui_render(&x->v, &x->g);
}

/* ---- the shapes ---- */

static void test_pool_task_spans(void **state)
{
	struct lx *x = open_lesson("pool", true);
	int y1 = find(x, "├─PoolWorker-1 pid 3844 ", false), y2 = find(x, "└─PoolWorker-2 pid 3845 ", false);

	(void)state;
	if (y1 < 0 || y2 < 0)
		dump(x);
	assert_int_equal(x->v.mode, UI_MODE_THREAD);
	assert_int_equal(find(x, "pool pid 3842 ", false), 5);         /* the lesson's lanes on top */
	assert_int_equal(y1, 6);
	assert_int_equal(y2, 7);
	/* each worker's tasks by id, on its lane: 0 and 2 on the first, 1 on the second */
	assert_non_null(strstr(row(x, y1), "task 0 zzz"));
	assert_non_null(strstr(row(x, y1), "task 2 zzz"));
	assert_null(strstr(row(x, y1), "task 1"));
	assert_non_null(strstr(row(x, y2), "task 1 zzz"));
	assert_int_equal(ui_grid_at(&x->g, col_of(x, y1, "task 2"), y1)->attr, UI_A_MARK);
	/* task 2 began when PoolWorker-1 freed itself at 134 ms: after task 0 */
	assert_true(col_of(x, y1, "task 2") > col_of(x, y1, "task 0") + 6);
	/* at 80 columns the labels drop "pid" rather than cut the pid */
	ui_grid_resize(&x->g, 80, 24);
	ui_render(&x->v, &x->g);
	assert_int_equal(find(x, "├─PoolWorker-1 3844 ", false), 6);
	close_lesson(x);
}

static void test_pool_pending_row(void **state)
{
	struct lx *x = open_lesson("pool", true);
	int y = find(x, "pending tasks", false), c;

	(void)state;
	assert_int_equal(y, 4);                                       /* between the markers and the lanes */
	c = col_of(x, y, "3");
	/* three tasks put at once; the workers take two; one waits until PoolWorker-1 frees */
	assert_string_equal(row(x, y) + strlen(row(x, y)) - 21, "311111111111111111111");
	assert_int_equal(ui_grid_at(&x->g, c, y)->attr, UI_A_RUNNABLE);
	/* the row ends where task 2 begins on PoolWorker-1's lane */
	assert_int_equal(c + 21, col_of(x, 6, "task 2"));
	close_lesson(x);
}

static void test_lock_holder_and_release(void **state)
{
	struct lx *x = open_lesson("lock", true);
	int y1 = find(x, "├╌Thread-1 tid 17557 ", false), y2 = find(x, "└╌Thread-2 tid 17558 ", false);
	int down, woken;

	(void)state;
	if (y1 < 0 || y2 < 0)
		dump(x);
	assert_true(y1 >= 0 && y2 == y1 + 1);
	/* the holder's span on the holder's lane, the wait on the waiter's */
	assert_non_null(strstr(row(x, y1), "holds the lock"));
	assert_non_null(strstr(row(x, y2), "waits for the lock"));
	/* the release that woke the waiter: an arrow down on the holder's lane,
	 * the wake-up in the same column on the waiter's */
	down = col_of(x, y1, "↓");
	woken = col_of(x, y2, "●");
	assert_true(down > 0);
	assert_int_equal(down, woken);
	assert_int_equal(ui_grid_at(&x->g, down, y1)->attr, UI_A_MARK);
	/* the waiter waited before it: its wait label begins after the 'l' cells */
	assert_true(col_of(x, y2, "l") < woken);
	close_lesson(x);
}

static void test_pipe_handoffs_both_lanes(void **state)
{
	struct lx *x = open_lesson("pipe", true);
	int yp = find(x, "pipe pid 11324 ", false), yr = find(x, "└─replier pid 11326 ", false);
	int marks = 0, x0 = x->v.label_w + 1;

	(void)state;
	assert_true(yp >= 0 && yr == yp + 1);
	/* every wake-up of the parent (●) has the replier's write above it in the
	 * same column (↑), and every write has its wake-up */
	for (int c = x0; c < x->g.w; c++) {
		uint32_t a = ui_grid_at(&x->g, c, yp)->ch, b = ui_grid_at(&x->g, c, yr)->ch;

		if (a == 0x25cfu) {
			assert_int_equal(b, 0x2191u);
			marks++;
		} else {
			assert_int_not_equal(b, 0x2191u);
		}
	}
	assert_int_equal(marks, 12);
	close_lesson(x);
}

static void test_processes_and_threads(void **state)
{
	struct lx *x = open_lesson("procvsthread", true);
	int yp = find(x, "├─Process-1 pid 5272 ", false), yt = find(x, "├╌Thread-1 tid 5274 ", false);

	(void)state;
	if (yp < 0 || yt < 0)
		dump(x);
	assert_int_equal(find(x, "procvsthread pid 5270 ", false), 4);
	assert_int_equal(yp, 5);
	assert_int_equal(find(x, "├─Process-2 pid 5273 ", false), 6);
	assert_int_equal(yt, 7);
	/* Thread-2 is not its process's last thread: many-1.. follow it */
	assert_int_equal(find(x, "├╌Thread-2 tid 5275 ", false), 8);
	assert_int_equal(find(x, "├╌many-1 tid 5276 ", false), 9);
	/* the tree's lines quiet, the names in the thread's colour */
	assert_int_equal(ui_grid_at(&x->g, 1, yt)->ch, 0x254cu);
	assert_int_equal(ui_grid_at(&x->g, 1, yt)->attr, UI_A_RULER);
	assert_int_equal(ui_grid_at(&x->g, 2, yt)->attr, UI_A_RUN);
	/* a task's words apart from the CPU digits of its run: "task 1 000", not "task 1000" */
	assert_int_equal(find(x, "├─Process-1 pid 5272      ├task 1 00000", false), 5);
	/* the phases on the ruler, their totals under the checklist */
	assert_true(col_of(x, 2, " 2 processes ") < col_of(x, 2, " 2 threads "));
	assert_true(col_of(x, 2, " 2 threads ") < col_of(x, 2, " 16 yielding threads "));
	assert_true(find(x, "   2 processes            28.0 ms   55.6 ms         6       2       4      2      0", false) > 0);
	assert_true(find(x, "   2 threads              28.0 ms   55.4 ms         6       1       5      0      2", false) > 0);
	/* the legend says which is which */
	assert_true(find(x, "name pid N: a process", true) > 0);
	assert_true(find(x, "name tid N: a thread of the process above", true) > 0);
	/* in ASCII the tree's branches are not fork marks ([) */
	x->g.ascii = true;
	ui_render(&x->v, &x->g);
	assert_int_equal(find(x, "|-Process-1 pid 5272      [task 1 ", false), 5);
	assert_int_equal(find(x, "|-Thread-1 tid 5274 ", false), 7);
	x->g.ascii = false;
	/* and the stats: per process, its threads and their time; whose CPU time it was */
	press(x, 's');
	assert_true(find(x, " processes: procvsthread 5270: 19 threads, 116 ms │ Process-1 5272: 1 thread, 27.6 ms │ "
			 "Process-2 5273: 1 thread, 27.7 ms", false) > 0);
	assert_true(find(x, " of the CPUs in view: traced tasks 77%, other tasks 1%", false) > 0);
	close_lesson(x);
}

static void test_fork_returns(void **state)
{
	struct lx *x = open_lesson("fork", true);
	int yp = find(x, "fork pid 3497 ", false), yc = find(x, "└─child pid 3499 ", false);

	(void)state;
	assert_true(yp >= 0 && yc == yp + 1);
	assert_non_null(strstr(row(x, yp), "fork() returned 3499"));
	assert_non_null(strstr(row(x, yc), "├fork() returned 0"));
	close_lesson(x);
}

static void test_threadlocal_values(void **state)
{
	struct lx *x = open_lesson("threadlocal", true);

	(void)state;
	assert_non_null(strstr(row(x, find(x, "├╌Thread-A tid 5216 ", false)), "own copy = Alice"));
	assert_non_null(strstr(row(x, find(x, "└╌Thread-B tid 5217 ", false)), "own copy = Bob"));
	close_lesson(x);
}

/* ---- the checklist, the cursor, the keys ---- */

static void test_checklist(void **state)
{
	struct lx *x = open_lesson("pool", true);
	int y = find(x, " what to notice: 4 of 4 seen", false);

	(void)state;
	assert_true(y > 0);
	assert_string_equal(row(x, y + 3), "   ✓ task 2 waited 100 ms for a free worker (PoolWorker-1 3844 freed at 0.134299s)");
	assert_int_equal(ui_grid_at(&x->g, 3, y + 3)->attr, UI_A_HEADING);
	/* no UTF-8: words, not glyphs */
	x->g.ascii = true;
	ui_render(&x->v, &x->g);
	assert_string_equal(row(x, y + 3), "   ok task 2 waited 100 ms for a free worker (PoolWorker-1 3844 freed at 0.134299s)");
	close_lesson(x);
}

/* Live, a lesson's run shows in its lesson's view from the first frame (pool:
 * threads), not in the CPU view until it ends; a view asked for is kept. */
static void test_live_opens_in_lesson_view(void **state)
{
	struct lx *x = open_lesson("pool", true);
	struct live_opts o = { .title = "pool", .les = &x->l };
	struct ui_view v;

	(void)state;
	ui_view_init(&v, &x->m);
	live_setup_view(&v, &o, 160, 48, true);
	assert_int_equal(v.mode, UI_MODE_THREAD);
	assert_int_equal(v.phase, UI_PHASE_LIVE);
	ui_view_free(&v);
	o.mode = UI_MODE_CPU;
	o.mode_set = true;
	ui_view_init(&v, &x->m);
	live_setup_view(&v, &o, 160, 48, true);
	assert_int_equal(v.mode, UI_MODE_CPU);
	ui_view_free(&v);
	close_lesson(x);
}

static void test_cursor_inside(void **state)
{
	struct lx *x = open_lesson("pool", false);   /* a trace without its lesson: fitted whole */
	uint64_t a, b;

	(void)state;
	assert_int_equal(x->v.mode, UI_MODE_CPU);
	assert_true(ui_view_cell_span(&x->v, x->v.cur_col, &a, &b));
	press(x, '0');
	press(x, UI_KEY_HOME);
	assert_true(ui_view_cell_span(&x->v, x->v.cur_col, &a, &b));
	assert_int_equal(find(x, "the cursor is outside the trace", true), -1);
	/* a live run's last frame followed now at 10 ms/cell; then 0 and Home */
	x->v.phase = UI_PHASE_FINISHED;
	x->v.follow = true;
	x->v.cur_col = x->v.cells - 1;
	press(x, '0');
	press(x, UI_KEY_HOME);
	assert_true(ui_view_cell_span(&x->v, x->v.cur_col, &a, &b));
	close_lesson(x);
}

/* The cursor opens on the window's first moment a check is about, in time:
 * lost-update's first check is the balance at the end, where both threads
 * have exited; its second, the threads running side by side from their
 * start. */
static void test_cursor_on_first_moment(void **state)
{
	struct lx *x = open_lesson("lost-update", true);
	uint64_t a, b, first = UINT64_MAX;

	(void)state;
	for (size_t i = 0; i < x->v.checks.n; i++)
		if (lesson_result_moment(&x->v.checks.r[i]) < first)
			first = lesson_result_moment(&x->v.checks.r[i]);
	assert_true(first < lesson_result_moment(&x->v.checks.r[0]));
	assert_true(ui_view_cell_span(&x->v, x->v.cur_col, &a, &b));
	assert_true(a <= first && first < b);
	assert_int_not_equal(find(x, " Thread-1  tid 5126  pid 5124 (lock) at 0.084750s: runnable, waiting for a CPU "
				     "from 0.084663s for 128 us; in this cell ran 52%, waited 31%", false), -1);
	close_lesson(x);
}

/* What the lock lesson's text says to watch is on its first screen, in the
 * words the lanes use: it named lock_wanted/lock_taken, which the markers
 * row shows only where its words ("took the lock") do not fit. */
static void test_lock_watch_on_screen(void **state)
{
	struct lx *x = open_lesson("lock", true);
	const char *w = strstr(x->l.text, "Watch:"), *q;
	int quoted = 0;

	(void)state;
	assert_non_null(w);
	for (q = strchr(w, '"'); q && strchr(q + 1, '"'); q = strchr(strchr(q + 1, '"') + 1, '"')) {
		char words[64];

		int y;

		snprintf(words, sizeof(words), "%.*s", (int)(strchr(q + 1, '"') - q - 1), q + 1);
		/* on a lane, not only in the lesson's own text below them */
		for (y = x->v.lanes_y; y < x->v.lanes_y + x->v.lanes_h && !strstr(row(x, y), words); y++)
			;
		assert_true(y < x->v.lanes_y + x->v.lanes_h);
		quoted++;
	}
	assert_int_equal(quoted, 2);
	close_lesson(x);
}

/* The threads lesson's Watch line names its threads as their lanes do: it
 * said MainThread (Python's name, which the program prints), a name no lane
 * or sentence of the trace has; the kernel calls the main thread threads. */
static void test_threads_watch_names_lanes(void **state)
{
	struct lx *x = open_lesson("threads", true);
	const char *w = strstr(x->l.text, "Watch:");

	(void)state;
	assert_non_null(w);
	for (size_t i = 0; i < x->v.nfirst; i++) {
		const char *comm = ss_model_comm(&x->m, x->m.threads[x->v.first[i]].tid, x->m.end_ns);

		assert_non_null(strstr(w, comm));
	}
	assert_int_equal(x->v.nfirst, 2);
	close_lesson(x);
}

/* The queue's and distributed's hand-off sentences say what they count
 * ("6 replies woke a worker so", "2 of 3 items came so" did not). */
static void test_handoff_counts_said(void **state)
{
	struct lx *x = open_lesson("queue", true);

	(void)state;
	assert_int_not_equal(find(x, "asleep 60.9 us in read() (3 of the 3 puts woke it)", true), -1);
	close_lesson(x);
	x = open_lesson("distributed", true);
	assert_int_not_equal(find(x, "in recvfrom(); in all, the master's sends woke a worker 10 times", true), -1);
	close_lesson(x);
}

/* The message row, cut by the width, says so: "the trace is in
 * /tmp/.../pipe.trace (q qui" was a live run's last word at 80 columns. */
static void test_message_cut(void **state)
{
	struct lx *x = open_lesson("pipe", true);
	char path[200];
	int y;

	(void)state;
	memset(path, 'd', sizeof(path) - 1);
	path[sizeof(path) - 1] = 0;
	snprintf(x->v.msg, sizeof(x->v.msg), "the recording has ended; the trace is in /%s/pipe.trace (q quits)", path);
	ui_render(&x->v, &x->g);
	y = find(x, " the recording has ended; the trace is in /ddd", false);
	assert_int_not_equal(y, -1);
	assert_string_equal(row(x, y) + strlen(row(x, y)) - strlen("dd\u2026"), "dd\u2026");
	close_lesson(x);
}

static void test_step_keys(void **state)
{
	struct lx *x = open_lesson("pool", true);
	uint64_t a, b;

	(void)state;
	/* n: the next check's moment, on its thread's lane, its evidence said */
	press(x, 'n');
	assert_true(ui_view_cell_span(&x->v, x->v.cur_col, &a, &b));
	assert_true(a <= x->v.checks.r[2].at_ns && x->v.checks.r[2].at_ns < b);
	assert_int_equal(ui_view_cursor_task(&x->v), 3844);
	assert_string_equal(x->v.msg, "✓ task 2 waited 100 ms for a free worker (PoolWorker-1 3844 freed at 0.134299s)");
	assert_true(find(x, " PoolWorker-1  pid 3844 at 0.132500s", false) > 0);    /* the detail follows */
	/* [: PoolWorker-1's previous events: task 0 (where it went to sleep
	 * for 100 ms), then its fork, the run before it got its first task */
	press(x, '[');
	assert_true(find(x, " PoolWorker-1  pid 3844 at 0.032500s: blocked, pipe/queue, from 0.023769s", false) > 0);
	press(x, '[');
	/* forked in the cell: not "not forked yet" beside "ran 3%" */
	assert_true(find(x, " PoolWorker-1  pid 3844 at 0.022500s: forked later in this cell; in this cell ran", false) > 0);
	assert_int_equal(ui_view_cursor_task(&x->v), 3844);
	/* N comes back to the first check's moment; M finds no marker before the first */
	press(x, 'N');
	press(x, 'N');
	press(x, 'N');
	assert_string_equal(x->v.msg, "no check is about an earlier moment");
	close_lesson(x);
	/* m, M: the markers in turn, each on the lane of the thread that fired it */
	x = open_lesson("pool", true);
	press(x, 'm');
	assert_true(find(x, " PoolWorker-1  pid 3844 at 0.132500s", false) > 0);   /* task 0 ends */
	/* the detail says the marker: words, arguments, who, when */
	assert_true(find(x, " marker at 0.134299s: task 0 ends, PoolWorker-1 pid 3844  (more in this cell", false) > 0);
	press(x, 'm');
	assert_true(find(x, " PoolWorker-2  pid 3845 at 0.192500s", false) > 0);   /* task 1 ends */
	press(x, 'M');
	assert_true(find(x, " PoolWorker-1  pid 3844 at 0.132500s", false) > 0);
	close_lesson(x);
}

static void find_traces(const char *argv0)
{
	char self[PATH_MAX];

	/* build/tests/unit/test_ui_lessons -> ../../../traces; else ./traces */
	snprintf(self, sizeof(self), "%s", argv0);
	snprintf(traces_dir, sizeof(traces_dir), "%s/../../../traces", dirname(self));
	if (access(traces_dir, R_OK))
		snprintf(traces_dir, sizeof(traces_dir), "traces");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_task_spans),
		cmocka_unit_test(test_pool_pending_row),
		cmocka_unit_test(test_lock_holder_and_release),
		cmocka_unit_test(test_pipe_handoffs_both_lanes),
		cmocka_unit_test(test_processes_and_threads),
		cmocka_unit_test(test_fork_returns),
		cmocka_unit_test(test_threadlocal_values),
		cmocka_unit_test(test_checklist),
		cmocka_unit_test(test_live_opens_in_lesson_view),
		cmocka_unit_test(test_cursor_inside),
		cmocka_unit_test(test_cursor_on_first_moment),
		cmocka_unit_test(test_lock_watch_on_screen),
		cmocka_unit_test(test_threads_watch_names_lanes),
		cmocka_unit_test(test_handoff_counts_said),
		cmocka_unit_test(test_message_cut),
		cmocka_unit_test(test_step_keys),
	};

	(void)argc;
	find_traces(argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
