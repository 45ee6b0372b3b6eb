/* schedscope export: a trace file into Perfetto, Chrome JSON or CSV, or a
 * picture of its timeline (SVG, HTML: cli/picture.c). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/picture.h"
#include "cli/record.h"
#include "export/export.h"
#include "util/fmt.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope export FILE [--format perfetto|json|csv|pprof|folded|svg|html]\n"
		"                         [-o OUT] [--window START,END] [--pid P] [--no-compact]\n"
		"                         [--critical] [--salvage] [--view cpu|thread] [--width COLS] [-q]\n\n"
		"Writes the trace for other tools, streaming it (memory does not grow with the trace):\n"
		"  perfetto  Perfetto protobuf (ui.perfetto.dev): CPU tracks, thread states, who woke\n"
		"            whom, process and thread lifetimes, markers. Default OUT: FILE.pftrace\n"
		"            (a trailing .trace is replaced).\n"
		"  json      Chrome Trace Event Format (chrome://tracing, Perfetto): a \"CPUs\" process\n"
		"            with one lane per CPU, a lane per thread with its states, wakeup\n"
		"            arrows. Default OUT: FILE.json.\n"
		"  csv       a directory with events.csv, slices.csv, intervals.csv and tasks.csv.\n"
		"            Default OUT: FILE-csv/.\n"
		"  pprof     an off-CPU profile: blocked time summed by user stack and reason\n"
		"            (label 'reason'), gzip'd profile.proto for 'go tool pprof', Perfetto\n"
		"            and speedscope. Needs a trace recorded with stacks. Default OUT:\n"
		"            FILE.pb.gz.\n"
		"  folded    the same as folded stacks (flame-graph text: process;outer;...;\n"
		"            inner;[reason] nanoseconds). Default OUT: FILE.folded.\n"
		"  svg       a picture of the timeline as the terminal draws it, in SVG text\n"
		"            (selectable, scalable): the view and window asked for, every lane.\n"
		"            Default OUT: FILE.svg.\n"
		"  html      the same picture in a web page. Default OUT: FILE.html.\n\n"
		"Options:\n"
		"  -f, --format F        perfetto (default), json, csv, pprof, folded, svg or html\n"
		"  -o, --output OUT      where to write; '-' is stdout (every format but csv)\n"
		"  -w, --window S,E      only from S to E after the recording began (1.5, 200ms,\n"
		"                        2s; either may be left out: '1s,' or ',500ms')\n"
		"  -p, --pid P           only thread P, or process P and its threads\n"
		"      --no-compact      perfetto: plain sched_switch/sched_waking events instead\n"
		"                        of compact_sched (larger; for tools that need them)\n"
		"      --critical        perfetto: a track \"critical path of ...\" with a slice per\n"
		"                        segment of the critical path of P (default: the traced\n"
		"                        command), as 'schedscope critical' finds it\n"
		"      --view cpu|thread svg, html: the view to draw (default: a lesson's own,\n"
		"                        else cpu)\n"
		"      --width COLS      svg, html: columns of the picture, 80 to 1000 (default\n"
		"                        120); its rows are as many as the lanes need\n"
		"      --salvage         read a damaged file up to the damage\n"
		"  -q, --quiet           no progress, no closing line\n"
		"  -h, --help            this help\n\n"
		"Timestamps stay boot-time nanoseconds, as recorded (JSON: microseconds).\n");
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "window", required_argument, NULL, 'w' },
		{ "pid", required_argument, NULL, 'p' },
		{ "no-compact", no_argument, NULL, 'C' },
		{ "critical", no_argument, NULL, 'K' },
		{ "view", required_argument, NULL, 'V' },
		{ "width", required_argument, NULL, 'W' },
		{ "salvage", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_opts o = { .format = EXPORT_PERFETTO };
	struct export_result *res;
	struct ss_reader *r;
	struct cli_picture_opts pic = { .mode = UI_MODE_CPU, .width = 120 };
	bool quiet = false, picture = false, picture_opts = false;
	char err[512] = "", size[32], nev[48];
	int c, fmt;
	uint32_t n;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:w:p:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			picture = !strcmp(optarg, "svg") || !strcmp(optarg, "html");
			pic.html = !strcmp(optarg, "html");
			fmt = picture ? EXPORT_PERFETTO : export_parse_format(optarg);
			if (fmt < 0)
				return cli_usage_error("export", "unknown format '%s' (perfetto, json, csv, pprof, folded, "
						       "svg or html)", optarg);
			o.format = (enum export_format)fmt;
			break;
		case 'V':
			picture_opts = true;
			if (strcmp(optarg, "cpu") && strcmp(optarg, "thread"))
				return cli_usage_error("export", "--view wants cpu or thread, not '%s'", optarg);
			pic.mode = !strcmp(optarg, "cpu") ? UI_MODE_CPU : UI_MODE_THREAD;
			pic.mode_set = true;
			break;
		case 'W':
			picture_opts = true;
			if (!cli_parse_u32(optarg, &n) || n < 80 || n > 1000)
				return cli_usage_error("export", "--width wants 80 to 1000 columns, not '%s'", optarg);
			pic.width = (int)n;
			break;
		case 'o': o.out_path = optarg; break;
		case 'w':
			if (!cli_parse_window(optarg, &o.from_ns, &o.to_ns))
				return cli_window_error("export", optarg);
			if (o.to_ns == UINT64_MAX)
				o.to_ns = 0;    /* export_opts' "to the end" (an END given is > 0) */
			break;
		case 'p':
			if (!cli_parse_u32(optarg, &o.pid) || !o.pid)
				return cli_usage_error("export", "--pid wants a pid (not 0), not '%s'", optarg);
			break;
		case 'C': o.no_compact = true; break;
		case 'K': o.critical = true; break;
		case 'S': o.reader_flags |= SS_READ_SALVAGE; break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		default:
			if (optopt && strchr("fowpVW", optopt))
				return cli_usage_error("export", "%s needs a value", argv[optind - 1]);
			return cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("export", optind >= argc ? "which trace file?" : "one trace file at a time");
	if (picture_opts && !picture)
		return cli_usage_error("export", "--view and --width are for --format svg or html");
	if (picture && (o.pid || o.no_compact || o.critical))
		return cli_usage_error("export", "%s is not for a picture (svg, html)",
				       o.pid ? "--pid" : o.no_compact ? "--no-compact" : "--critical");
	if (picture) {
		pic.in_path = argv[optind];
		pic.out_path = o.out_path;
		pic.from_ns = o.from_ns;
		pic.to_ns = o.to_ns;
		pic.reader_flags = o.reader_flags;
		pic.quiet = quiet;
		return cli_picture(&pic);
	}
	if (o.format == EXPORT_CSV && o.out_path && !strcmp(o.out_path, "-"))
		return cli_usage_error("export", "csv writes a directory of files: -o DIR, not '-'");
	if (o.no_compact && o.format != EXPORT_PERFETTO)
		return cli_usage_error("export", "--no-compact is for --format perfetto");
	if (o.critical && o.format != EXPORT_PERFETTO)
		return cli_usage_error("export", "--critical is for --format perfetto");
	o.in_path = argv[optind];
	o.progress = !quiet && isatty(STDERR_FILENO);

	res = calloc(1, sizeof(*res));
	r = res ? cli_open_trace(o.in_path, o.reader_flags) : NULL;
	if (!r) {
		free(res);
		return CLI_FAIL;
	}
	o.reader = r;
	/* Ctrl-C stops the export, which removes its temporary files first */
	o.stop_signal = cli_stop_signal;
	cli_catch_stop_signals();
	signal(SIGPIPE, SIG_DFL);      /* export -o - | head ends quietly, as before */
	if ((o.pid && cli_check_pid("export", r, o.pid)) || export_run(&o, res, err, sizeof(err))) {
		if (err[0])
			fprintf(stderr, "schedscope export: %s\n", err);
		ss_reader_close(r);
		free(res);
		return cli_stop_signal() ? 128 + cli_stop_signal() : CLI_FAIL;
	}
	ss_reader_close(r);
	if (!quiet)
		fprintf(stderr, "schedscope: wrote %s: %s, %s\n",
			strcmp(res->out_path, "-") ? res->out_path : "stdout",
			fmt_count(nev, sizeof(nev), res->events_in, "event", NULL),
			fmt_bytes(size, sizeof(size), res->bytes_out));
	free(res);
	return 0;
}
