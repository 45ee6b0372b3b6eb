/*
 * Export speed in-process: runs export_run() on a trace a few times and
 * prints the best run as one line of figures, for bench/export.sh.
 *
 *   export_speed TRACE FORMAT OUT [RUNS] [--no-compact]
 *   -> events=N seconds=S events_per_s=R out_bytes=B in_bytes=I ratio=X anon_kb=K
 *
 * anon_kb is the process's anonymous memory after the last run (RssAnon): the
 * exporter's own memory, without the input file's mapped pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "export/export.h"

static long rss_anon_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "RssAnon:", 8))
			kb = strtol(line + 8, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

int main(int argc, char **argv)
{
	struct export_opts o = { 0 };
	struct export_result res;
	double best = 1e30;
	struct stat st;
	char err[512];
	int fmt, runs;

	if (argc < 4) {
		fprintf(stderr, "usage: export_speed TRACE FORMAT OUT [RUNS] [--no-compact]\n");
		return 2;
	}
	fmt = export_parse_format(argv[2]);
	if (fmt < 0 || stat(argv[1], &st)) {
		fprintf(stderr, "export_speed: bad format or missing trace\n");
		return 2;
	}
	runs = argc > 4 ? atoi(argv[4]) : 3;
	o.in_path = argv[1];
	o.out_path = argv[3];
	o.format = (enum export_format)fmt;
	o.no_compact = argc > 5 && !strcmp(argv[5], "--no-compact");
	for (int i = 0; i < (runs > 0 ? runs : 1); i++) {
		struct timespec a, b;
		double s;

		clock_gettime(CLOCK_MONOTONIC, &a);
		if (export_run(&o, &res, err, sizeof(err))) {
			fprintf(stderr, "export_speed: %s\n", err);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		if (s < best)
			best = s;
	}
	printf("events=%llu seconds=%.3f events_per_s=%.0f out_bytes=%llu in_bytes=%lld ratio=%.2f anon_kb=%ld\n",
	       (unsigned long long)res.events_in, best, (double)res.events_in / best,
	       (unsigned long long)res.bytes_out, (long long)st.st_size,
	       (double)res.bytes_out / (double)st.st_size, rss_anon_kb());
	return 0;
}
