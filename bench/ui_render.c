/*
 * How long a trace takes to load, what it costs in memory, and how long one
 * frame of the timeline takes to render: loads a trace into the model (as
 * `schedscope view` does), then renders frames at 120x40 in the CPU and thread
 * views at several zooms, each frame at another place in the trace.
 *
 *   ui_render TRACE [FRAMES]      (make one: gen_trace /tmp/g10m.trace 10000000)
 *
 * A lesson's trace (`schedscope run NAME`) is also rendered as `view` opens
 * it, with its shapes and checklist, and once more with every check run
 * again each frame: what a live frame costs while the checks are pending.
 *
 * Targets (docs/UI.md): every frame case within 5 ms at p99 with 10 million
 * events, on 2 CPUs and 8 threads as on 64 CPUs and 10,000 threads; loading
 * at 5 M events/s or more; at most 40 bytes of memory per event.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lessons/lesson.h"
#include "model/model.h"
#include "ui/grid.h"
#include "tracefile/replay.h"
#include "ui/lesson_view.h"
#include "ui/render.h"
#include "ui/view.h"

/* CPU time of this thread: what the work costs, not how long another
 * process held the CPU meanwhile (the VM is shared and noisy). */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static size_t heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

struct bench_case {
	const char *name;
	enum ui_mode mode;
	uint64_t zoom_ns;       /* 0: the whole trace */
	int stats;              /* 1: the stats panel, as `view` draws it (its distributions
				 * built off the UI thread on a large trace); 2: once they are built */
	int lesson;             /* 1: with the trace's lesson; 2: its checks run again each frame */
};

int main(int argc, char **argv)
{
	static const struct bench_case cases[] = {
		{ "cpu, whole trace", UI_MODE_CPU, 0, false, 0 },
		{ "cpu, 1 ms/cell", UI_MODE_CPU, 1000000, false, 0 },
		{ "cpu, 1 us/cell", UI_MODE_CPU, 1000, false, 0 },
		{ "cpu + stats panel", UI_MODE_CPU, 0, 1, 0 },
		{ "cpu + stats, built", UI_MODE_CPU, 0, 2, 0 },
		{ "thread, whole trace", UI_MODE_THREAD, 0, false, 0 },
		{ "thread, 1 ms/cell", UI_MODE_THREAD, 1000000, false, 0 },
		{ "thread, 10 us/cell", UI_MODE_THREAD, 10000, false, 0 },
		{ "lesson, whole trace", UI_MODE_THREAD, 0, false, 1 },
		{ "lesson, 10 us/cell", UI_MODE_THREAD, 10000, false, 1 },
		{ "lesson, checks rerun", UI_MODE_THREAD, 0, false, 2 },
	};
	struct lesson les;
	bool is_lesson;
	struct ss_model m;
	struct ui_grid g = { 0 };
	char err[512];
	int frames = argc > 2 ? atoi(argv[2]) : 100;
	size_t before, after_model;
	double t, load_s, worst_mean = 0, worst_p99 = 0, build_s = 0;
	uint64_t span;

	if (argc < 2) {
		fprintf(stderr, "usage: ui_render TRACE [FRAMES]\n");
		return 2;
	}
	before = heap_bytes();
	t = now_ms();
	if (ss_trace_load(&m, argv[1], 0, err, sizeof(err))) {
		fprintf(stderr, "ui_render: %s\n", err);
		return 1;
	}
	load_s = (now_ms() - t) / 1e3;
	after_model = heap_bytes();
	is_lesson = lesson_from_cmdline(&les, m.info.cmdline) == 0;
	printf("trace        %s%s\n", argv[1], is_lesson ? " (a lesson's)" : "");
	printf("events       %llu on %u CPUs, %zu threads\n", (unsigned long long)m.nevents, m.ncpus, m.nthreads);
	printf("load         %.2f s, %.2f M events/s (target >= 5)\n", load_s, (double)m.nevents / load_s / 1e6);
	printf("memory       %.1f bytes/event, indexes included (target <= 40)\n",
	       (double)(after_model - before) / (double)m.nevents);
	if (m.failed)
		printf("memory ran out for %s: the model is incomplete\n", m.failed);
	printf("\n%-22s %10s %10s %10s   (%d frames each, 120x40)\n", "frame", "mean ms", "p99 ms", "max ms", frames);
	ui_grid_resize(&g, 120, 40);
	span = m.end_ns - m.start_ns;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct ui_view v;
		double *ms = calloc((size_t)frames, sizeof(*ms)), sum = 0, max = 0;

		if (cases[k].lesson && !is_lesson) {
			free(ms);
			continue;
		}
		ui_view_init(&v, &m);
		if (cases[k].lesson)
			ui_lesson_attach(&v, &les);
		v.phase = UI_PHASE_TRACE;
		v.now_ns = m.end_ns;
		v.mode = cases[k].mode;
		v.show_stats = cases[k].stats != 0;
		v.lat.background_from = UI_LAT_BACKGROUND_EVENTS;     /* as `view` does */
		ui_view_layout(&v, 120, 40);
		if (cases[k].stats == 2) {
			struct timespec a, b;

			clock_gettime(CLOCK_MONOTONIC, &a);
			ui_render(&v, &g);                      /* asks for them */
			while (v.lat.building && !ui_lat_ready(&v.lat))
				nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
			clock_gettime(CLOCK_MONOTONIC, &b);
			build_s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		}
		for (int i = 0; i < frames; i++) {
			/* a different place in the trace each frame, the cursor on a lane */
			if (cases[k].zoom_ns) {
				ui_view_set_zoom(&v, cases[k].zoom_ns, 0);
				ui_view_goto(&v, (int64_t)(span / (uint64_t)(frames + 1) * (uint64_t)(i + 1)));
			} else {
				ui_view_fit(&v);
			}
			v.cur_lane = i % 2;
			v.cur_col = (i * 7) % 100;
			if (cases[k].lesson == 2)
				ui_lesson_attach(&v, &les);     /* all pending again: every check runs */
			ui_lat_ready(&v.lat);                   /* as the loop does */
			t = now_ms();
			ui_render(&v, &g);
			ms[i] = now_ms() - t;
			sum += ms[i];
			if (ms[i] > max)
				max = ms[i];
		}
		for (int i = 1; i < frames; i++) {       /* sort for the percentile */
			double x = ms[i];
			int j = i - 1;

			while (j >= 0 && ms[j] > x) {
				ms[j + 1] = ms[j];
				j--;
			}
			ms[j + 1] = x;
		}
		printf("%-22s %10.3f %10.3f %10.3f\n", cases[k].name, sum / frames, ms[frames * 99 / 100], max);
		if (cases[k].stats == 2)
			printf("%-22s %10.2f s until they were ready (wall time; %s)\n", "  distributions", build_s,
			       m.nevents >= UI_LAT_BACKGROUND_EVENTS ? "off the UI thread" : "built in the frame");
		if (sum / frames > worst_mean)
			worst_mean = sum / frames;
		if (ms[frames * 99 / 100] > worst_p99)
			worst_p99 = ms[frames * 99 / 100];
		free(ms);
		ui_view_free(&v);
	}
	printf("\nslowest mean frame %.3f ms, worst p99 %.3f ms (target: p99 <= 5 ms)\n", worst_mean, worst_p99);
	ui_grid_free(&g);
	ss_model_free(&m);
	return 0;
}
