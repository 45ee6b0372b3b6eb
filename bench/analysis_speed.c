/*
 * The analyses in-process, for bench/analysis.sh: loads a trace once, then
 * walks the traced command's critical path and builds the latency
 * distributions RUNS times each, and prints min, median and max of each as
 * one line of figures. The load is timed once, for scale.
 *
 *   analysis_speed TRACE [RUNS]
 *   -> load_s=L segments=N critical_s=MIN/MED/MAX waits=W latency_s=MIN/MED/MAX
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "model/critical.h"
#include "model/latency.h"
#include "tracefile/replay.h"

#define MAX_RUNS 32

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* "min/median/max" of v[0, n), sorting v */
static void spread(double *v, int n, char *buf, size_t size)
{
	qsort(v, (size_t)n, sizeof(*v), by_double);
	snprintf(buf, size, "%.3f/%.3f/%.3f", v[0], v[n / 2], v[n - 1]);
}

int main(int argc, char **argv)
{
	double crit_s[MAX_RUNS], lat_s[MAX_RUNS], t0, load_s;
	struct ss_critical cp = { 0 };
	struct ss_latency l = { 0 };
	struct ss_model m;
	char err[512], a[64], b[64];
	int runs = argc > 2 ? atoi(argv[2]) : 3;

	if (argc < 2 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: analysis_speed TRACE [RUNS (1-%d)]\n", MAX_RUNS);
		return 2;
	}
	t0 = now_s();
	if (ss_trace_load(&m, argv[1], 0, err, sizeof(err))) {
		fprintf(stderr, "analysis_speed: %s\n", err);
		return 1;
	}
	load_s = now_s() - t0;
	for (int i = 0; i < runs; i++) {
		ss_critical_free(&cp);
		ss_latency_free(&l);
		t0 = now_s();
		if (ss_critical_path(&m, m.info.root_pid, 0, UINT64_MAX, &cp)) {
			fprintf(stderr, "analysis_speed: no critical path for pid %u\n", m.info.root_pid);
			return 1;
		}
		crit_s[i] = now_s() - t0;
		t0 = now_s();
		if (ss_latency_build(&m, 0, &l)) {
			fprintf(stderr, "analysis_speed: out of memory\n");
			return 1;
		}
		lat_s[i] = now_s() - t0;
	}
	spread(crit_s, runs, a, sizeof(a));
	spread(lat_s, runs, b, sizeof(b));
	printf("load_s=%.3f segments=%zu critical_s=%s waits=%zu latency_s=%s\n", load_s, cp.nsegs, a, l.nwaits, b);
	ss_critical_free(&cp);
	ss_latency_free(&l);
	ss_model_free(&m);
	return 0;
}
