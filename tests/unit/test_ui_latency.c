/*
 * The statistics panel's latency rows and the W key, on the UI fixture
 * (ui_fixture.h): main 100 sleeps 3 ms (3-6 ms, outside any syscall) and
 * waits 1 ms for CPU 0 (6-7 ms); worker 101 waits 1 ms for CPU 1 after its
 * fork (1-2 ms) and 2 ms after its preemption (6-8 ms). Over all threads
 * the run queue's p50 is 1 ms and its p99 and max 2 ms (worker at 6 ms);
 * the sleeps' p99 is main's 3 ms at 3 ms. The p99 waits in time order:
 * main at 3 ms, worker at 6 ms.
 */
#include "tests/unit/ui_fixture.h"

#include <unistd.h>

#include "ui/latency.h"

static int row_at(struct fx *f, const char *needle)
{
	int y = find_row(f, needle);

	if (y < 0)
		dump(f);
	return y;
}

static void test_panel_all_and_selected(void **state)
{
	struct fx *f = *state;
	int y;

	f->v.mode = UI_MODE_CPU;
	key(f, 's');
	render(f, 140, 40);
	y = row_at(f, " latency   all threads, run queue: 3 waits, p50 1.00 ms, p99 2.00 ms, max 2.00 ms");
	assert_true(y > 0);
	assert_int_equal(row_at(f, "           blocked: sleep outside a syscall 1 wait, p50 3.00 ms, p99 3.00 ms, max 3.00 ms"),
			 y + 1);
	/* the cursor's CPU (the view starts with the cursor on CPU 0) */
	assert_int_equal(row_at(f, "           CPU 0, run queue: 1 wait, p50 1.00 ms, p99 1.00 ms, max 1.00 ms"), y + 2);
	assert_int_equal(row_at(f, "           p99 waits (W jumps): main 100 at 0.003000s sleep outside a syscall 3.00 ms, "
				   "worker 101 at 0.006000s runq 2.00 ms"), y + 3);
	/* the thread table follows */
	assert_int_equal(row_at(f, " thread (+ exited)"), y + 4);

	/* worker selected: its own */
	f->v.have_sel = true;
	f->v.sel_tid = 101;
	render(f, 140, 40);
	y = row_at(f, " latency   worker 101, run queue: 2 waits, p50 1.00 ms, p99 2.00 ms, max 2.00 ms");
	assert_true(y > 0);
	assert_int_equal(row_at(f, "           blocked: never"), y + 1);
	assert_int_equal(row_at(f, "           p99 waits (W jumps): 0.006000s runq 2.00 ms"), y + 3);
}

/* W walks the p99 waits in time order, and goes round; the cursor lands on
 * the wait's moment and its thread's lane. */
static void test_w_jumps(void **state)
{
	struct fx *f = *state;
	static const struct { uint32_t tid; uint64_t ms; const char *msg; } want[] = {
		{ 100, 3, "p99 wait 1 of 2 (W: the next): main 100 at 0.003000s, sleep outside a syscall 3.00 ms" },
		{ 101, 6, "p99 wait 2 of 2 (W: the next): worker 101 at 0.006000s, waited for a CPU 2.00 ms" },
		{ 100, 3, "p99 wait 1 of 2 (W: the next): main 100 at 0.003000s, sleep outside a syscall 3.00 ms" },
	};

	f->v.mode = UI_MODE_THREAD;
	render(f, 120, 40);
	f->v.cur_col = 0;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		uint64_t a, b;

		assert_int_equal(key(f, 'W'), UI_ACT_REDRAW);
		assert_string_equal(f->v.msg, want[i].msg);
		ui_render(&f->v, &f->g);
		assert_true(ui_view_cell_span(&f->v, f->v.cur_col, &a, &b));
		assert_true(a <= S0 + want[i].ms * MS && S0 + want[i].ms * MS < b);
		assert_int_equal(ui_view_cursor_task(&f->v), want[i].tid);
	}
	/* the selected thread's only */
	f->v.have_sel = true;
	f->v.sel_tid = 101;
	key(f, 'W');
	assert_string_equal(f->v.msg, "p99 wait 1 of 1 (W: the next): worker 101 at 0.006000s, waited for a CPU 2.00 ms");
	key(f, 'W');
	assert_string_equal(f->v.msg, "p99 wait 1 of 1 (W: the next): worker 101 at 0.006000s, waited for a CPU 2.00 ms");
}

/* Built once: frames read the kept distributions and the p99 waits sorted
 * once; while recording, opening the panel builds them again, and the end
 * of the recording once more. */
static void test_built_once(void **state)
{
	struct fx *f = *state;
	const struct ss_lat_wait *first;
	const uint32_t *tail;

	key(f, 's');
	render(f, 120, 40);
	assert_true(f->v.lat.built);
	first = f->v.lat.l.waits;
	tail = f->v.lat.tail;
	assert_non_null(tail);
	assert_int_equal(f->v.lat.ntail, 2);
	/* the p99 waits' row too: sorted once, not per frame (changed here,
	 * they stay so in the next frame) */
	f->v.lat.tail[0] = f->v.lat.tail[1];    /* the worker's twice */
	render(f, 140, 40);
	assert_ptr_equal(f->v.lat.l.waits, first);
	assert_ptr_equal(f->v.lat.tail, tail);
	assert_int_not_equal(find_row(f, "p99 waits (W jumps): worker 101 at 0.006000s runq 2.00 ms, worker 101"), -1);
	assert_false(f->v.lat.stale);
	/* another thread selected: its own, sorted then */
	f->v.have_sel = true;
	f->v.sel_tid = 101;
	render(f, 120, 40);
	assert_int_equal(f->v.lat.tail_tid, 101);
	assert_int_equal(f->v.lat.ntail, 1);
	f->v.have_sel = false;
	/* a recording's view: nothing built before it began */
	key(f, 's');
	f->v.phase = UI_PHASE_LIVE;
	ui_lat_drop(&f->v.lat);
	key(f, 's');
	render(f, 120, 40);
	assert_true(f->v.lat.stale);
	assert_int_not_equal(find_row(f, "all threads (so far), run queue"), -1);
	f->v.phase = UI_PHASE_FINISHED;
	render(f, 120, 40);
	assert_false(f->v.lat.stale);
	assert_int_not_equal(find_row(f, " latency   all threads, run queue: 3 waits"), -1);
}

/* A build held until the test lets it go: what W meets while one goes on. */
static atomic_bool held_go;

static void *held_build(void *arg)
{
	struct ui_lat *c = arg;

	while (!atomic_load(&held_go))
		usleep(1000);
	c->rc = ss_latency_build(c->of, 0, &c->next);
	atomic_store(&c->done, true);
	return NULL;
}

static void wait_ready(struct ui_lat *c)
{
	int tries = 0;

	while (!ui_lat_ready(c)) {
		assert_true(++tries < 5000);     /* 5 s */
		usleep(1000);
	}
}

/* A saved trace's view builds them off the UI thread from background_from
 * events on: the frame says they are being computed, W says to try again,
 * and once ui_lat_ready() has seen the build end, the frame has them. */
static void test_built_in_background(void **state)
{
	struct fx *f = *state;
	struct ui_lat *c = &f->v.lat;

	c->background_from = 1;
	f->v.mode = UI_MODE_CPU;
	key(f, 's');
	render(f, 140, 40);          /* the frame that starts the build */
	assert_int_not_equal(find_row(f, " latency   computing the distributions of every wait..."), -1);
	wait_ready(c);
	assert_false(c->building);
	assert_true(c->built);
	render(f, 140, 40);
	assert_int_not_equal(find_row(f, " latency   all threads, run queue: 3 waits, p50 1.00 ms, p99 2.00 ms, max 2.00 ms"),
			     -1);
	/* the p99 waits were sorted there too */
	assert_true(c->have_tail);
	assert_int_not_equal(find_row(f, "p99 waits (W jumps): main 100 at 0.003000s sleep outside a syscall 3.00 ms, "
				      "worker 101 at 0.006000s runq 2.00 ms"), -1);

	/* W while a build goes on (one held here, in the build's place) */
	ui_lat_drop(c);
	assert_int_equal(c->background_from, 1);
	atomic_store(&held_go, false);
	c->of = f->v.m;
	c->building = true;
	assert_int_equal(pthread_create(&c->th, NULL, held_build, c), 0);
	assert_int_equal(key(f, 'W'), UI_ACT_REDRAW);
	assert_string_equal(f->v.msg, "the distributions are being computed: W again in a moment");
	assert_false(ui_lat_ready(c));
	atomic_store(&held_go, true);
	wait_ready(c);
	key(f, 'W');
	assert_string_equal(f->v.msg, "p99 wait 1 of 2 (W: the next): main 100 at 0.003000s, sleep outside a syscall 3.00 ms");

	/* dropped while a build goes on: waited for, nothing kept */
	ui_lat_drop(c);
	render(f, 140, 40);
	assert_true(c->building);
	ui_lat_drop(c);
	assert_false(c->building);
	assert_false(c->built);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_panel_all_and_selected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_w_jumps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_built_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_built_in_background, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
