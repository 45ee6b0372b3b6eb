/* schedscope export: a trace file into Perfetto, Chrome JSON or CSV. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "export/export.h"
#include "util/fmt.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope export FILE [--format perfetto|json|csv] [-o OUT]\n"
		"                         [--window START,END] [--pid P] [--no-compact] [--salvage]\n\n"
		"Writes the trace for other tools, streaming it (memory does not grow with the trace):\n"
		"  perfetto  Perfetto protobuf (ui.perfetto.dev): CPU tracks, thread states, who woke\n"
		"            whom, process and thread lifetimes, markers. Default OUT: FILE.pftrace\n"
		"            (a trailing .trace is replaced).\n"
		"  json      Chrome Trace Event Format (chrome://tracing, Perfetto): a \"CPUs\" process\n"
		"            with one lane per CPU, a lane per thread with its states, wakeup\n"
		"            arrows. Default OUT: FILE.json.\n"
		"  csv       a directory with events.csv, slices.csv, intervals.csv and tasks.csv.\n"
		"            Default OUT: FILE-csv/.\n\n"
		"Options:\n"
		"  -f, --format F        perfetto (default), json or csv\n"
		"  -o, --output OUT      where to write; '-' is stdout (perfetto, json)\n"
		"  -w, --window S,E      only from S to E after the recording began (1.5, 200ms,\n"
		"                        2s; either may be left out: '1s,' or ',500ms')\n"
		"  -p, --pid P           only thread P, or process P and its threads\n"
		"      --no-compact      perfetto: plain sched_switch/sched_waking events instead\n"
		"                        of compact_sched (larger; for tools that need them)\n"
		"      --salvage         read a damaged file up to the damage\n"
		"  -q, --quiet           no progress, no closing line\n"
		"  -h, --help            this help\n\n"
		"Timestamps stay boot-time nanoseconds, as recorded (JSON: microseconds).\n");
}

static bool parse_dur(const char *s, size_t n, uint64_t *out)
{
	char tmp[64];
	int64_t v;

	if (n == 0) {
		*out = 0;
		return true;
	}
	if (n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	v = fmt_parse_dur(tmp);
	if (v < 0)
		return false;
	*out = (uint64_t)v;
	return true;
}

/* "START,END", either side optional: "1s,2s", "1.5,", ",200ms". */
static bool parse_window(const char *s, uint64_t *from, uint64_t *to)
{
	const char *comma = strchr(s, ',');

	if (!comma)
		return false;
	return parse_dur(s, (size_t)(comma - s), from) && parse_dur(comma + 1, strlen(comma + 1), to) &&
	       (!*to || *to > *from);
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "window", required_argument, NULL, 'w' },
		{ "pid", required_argument, NULL, 'p' },
		{ "no-compact", no_argument, NULL, 'C' },
		{ "salvage", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_opts o = { .format = EXPORT_PERFETTO };
	struct export_result *res;
	bool quiet = false;
	char err[512], size[32];
	int c, fmt;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:w:p:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fmt = export_parse_format(optarg);
			if (fmt < 0)
				return cli_usage_error("export", "unknown format '%s' (perfetto, json or csv)", optarg);
			o.format = (enum export_format)fmt;
			break;
		case 'o': o.out_path = optarg; break;
		case 'w':
			if (!parse_window(optarg, &o.from_ns, &o.to_ns))
				return cli_usage_error("export", "--window wants START,END with END after START "
						       "(e.g. 1s,2.5s), not '%s'", optarg);
			break;
		case 'p':
			if (!cli_parse_u32(optarg, &o.pid) || !o.pid)
				return cli_usage_error("export", "--pid wants a pid (not 0), not '%s'", optarg);
			break;
		case 'C': o.no_compact = true; break;
		case 'S': o.reader_flags |= SS_READ_SALVAGE; break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		default:
			if (optopt && strchr("fowp", optopt))
				return cli_usage_error("export", "%s needs a value", argv[optind - 1]);
			return cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("export", optind >= argc ? "which trace file?" : "one trace file at a time");
	if (o.format == EXPORT_CSV && o.out_path && !strcmp(o.out_path, "-"))
		return cli_usage_error("export", "csv writes a directory of files: -o DIR, not '-'");
	if (o.no_compact && o.format != EXPORT_PERFETTO)
		return cli_usage_error("export", "--no-compact is for --format perfetto");
	o.in_path = argv[optind];
	o.progress = !quiet && isatty(STDERR_FILENO);

	res = calloc(1, sizeof(*res));
	if (!res)
		return CLI_FAIL;
	if (export_run(&o, res, err, sizeof(err))) {
		fprintf(stderr, "schedscope export: %s\n", err);
		free(res);
		return CLI_FAIL;
	}
	if (!quiet)
		fprintf(stderr, "schedscope: wrote %s: %llu events, %s\n",
			strcmp(res->out_path, "-") ? res->out_path : "stdout",
			(unsigned long long)res->events_in, fmt_bytes(size, sizeof(size), res->bytes_out));
	free(res);
	return 0;
}
