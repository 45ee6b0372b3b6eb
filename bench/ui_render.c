/*
 * How long one frame of the timeline takes to render, and what the trace
 * costs in memory: loads a trace into the model (as `schedscope view` does),
 * builds the UI's indexes, then renders frames at 120x40 in the CPU and thread
 * views at several zooms, each frame at another place in the trace.
 *
 *   ui_render TRACE [FRAMES]      (make one: gen_trace /tmp/g10m.trace 10000000)
 *
 * Target (docs/UI.md): a frame in 5 ms or less with 10 million events, and at
 * most 64 bytes of memory per event.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model.h"
#include "ui/grid.h"
#include "ui/index.h"
#include "ui/view.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
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
	bool stats;
};

int main(int argc, char **argv)
{
	static const struct bench_case cases[] = {
		{ "cpu, whole trace", UI_MODE_CPU, 0, false },
		{ "cpu, 1 ms/cell", UI_MODE_CPU, 1000000, false },
		{ "cpu, 1 us/cell", UI_MODE_CPU, 1000, false },
		{ "cpu + stats panel", UI_MODE_CPU, 0, true },
		{ "thread, whole trace", UI_MODE_THREAD, 0, false },
		{ "thread, 1 ms/cell", UI_MODE_THREAD, 1000000, false },
		{ "thread, 10 us/cell", UI_MODE_THREAD, 10000, false },
	};
	struct ss_model m;
	struct ui_index ix;
	struct ui_grid g = { 0 };
	char err[512];
	int frames = argc > 2 ? atoi(argv[2]) : 100;
	size_t before, after_model, after_index;
	double t, worst_mean = 0;
	uint64_t span;

	if (argc < 2) {
		fprintf(stderr, "usage: ui_render TRACE [FRAMES]\n");
		return 2;
	}
	before = heap_bytes();
	t = now_ms();
	if (ss_model_load(&m, argv[1], 0, err, sizeof(err))) {
		fprintf(stderr, "ui_render: %s\n", err);
		return 1;
	}
	after_model = heap_bytes();
	ui_index_init(&ix);
	ui_index_update(&ix, &m);
	after_index = heap_bytes();
	printf("trace        %s\n", argv[1]);
	printf("events       %llu on %u CPUs, %zu threads; loaded in %.2f s\n", (unsigned long long)m.nevents,
	       m.ncpus, m.nthreads, (now_ms() - t) / 1e3);
	printf("memory       model %.1f bytes/event, UI index %.1f bytes/event, together %.1f (target <= 64)\n",
	       (double)(after_model - before) / (double)m.nevents, (double)(after_index - after_model) / (double)m.nevents,
	       (double)(after_index - before) / (double)m.nevents);
	printf("\n%-22s %10s %10s %10s   (%d frames each, 120x40)\n", "frame", "mean ms", "p99 ms", "max ms", frames);
	ui_grid_resize(&g, 120, 40);
	span = m.end_ns - m.start_ns;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct ui_view v;
		double *ms = calloc((size_t)frames, sizeof(*ms)), sum = 0, max = 0;

		ui_view_init(&v, &m, &ix);
		v.phase = UI_PHASE_TRACE;
		v.now_ns = m.end_ns;
		v.mode = cases[k].mode;
		v.show_stats = cases[k].stats;
		ui_view_layout(&v, 120, 40);
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
			t = now_ms();
			ui_view_render(&v, &g);
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
		if (sum / frames > worst_mean)
			worst_mean = sum / frames;
		free(ms);
		ui_view_free(&v);
	}
	printf("\nslowest mean frame %.3f ms (target <= 5 ms)\n", worst_mean);
	ui_grid_free(&g);
	ui_index_free(&ix);
	ss_model_free(&m);
	return 0;
}
