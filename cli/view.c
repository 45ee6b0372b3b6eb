/* schedscope view: the timeline of a saved trace, in the terminal or as text. */
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lessons/lesson.h"
#include "live/live.h"
#include "ui/split.h"
#include "util/fmt.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope view FILE [FILE2] [OPTIONS]\n\n"
		"Shows a trace's timeline: one lane per CPU (Tab: one per thread), time left\n"
		"to right, a colour per task. Needs no root. Press ? in the view for the keys.\n"
		"With two files the timelines are stacked, FILE over FILE2, each from its own\n"
		"start on one time scale: zoom, pan and the cursor move both.\n\n"
		"Options:\n"
		"  --view cpu|thread   the view to start in (default: a lesson's own, else cpu)\n"
		"  --zoom DUR          time per cell, 1us to 10s (default: the whole trace)\n"
		"  --at T              put T (seconds since the start, or 20ms...) at the left edge\n"
		"  --align MARKER      two traces: line them up at MARKER's first firing in each\n"
		"                      (a USDT marker's name, as the marker row shows it)\n"
		"  --batch             print frames as text instead of opening the terminal UI\n"
		"  --frames N          batch: replay the trace in N steps, a frame after each\n"
		"  --keys \"K K ...\"    batch: press these keys, a frame after each (+ - Left Tab\n"
		"                      Enter Esc Space Home End Up Down PgUp PgDn C-c, or one character)\n"
		"  --size WxH          batch: screen size (default 120x40)\n"
		"  --ascii             batch: ASCII instead of Unicode block glyphs\n"
		"  --salvage           read a damaged file up to the damage\n"
		"  -h, --help          this help\n");
}

static int parse_size(const char *s, int *w, int *h)
{
	char *end;
	long x = strtol(s, &end, 10), y;

	if (end == s || (*end != 'x' && *end != 'X'))
		return -1;
	y = strtol(end + 1, &end, 10);
	if (*end || x < 1 || y < 1 || x > 1000 || y > 1000)
		return -1;
	*w = (int)x;
	*h = (int)y;
	return 0;
}

/* Frames as text: of one trace, or of two stacked. */
static int print_frames(char **paths, bool two, unsigned flags, const struct live_opts *o,
			const struct live_batch_opts *b, char *err, size_t errlen)
{
	if (two)
		return live_batch_split(paths[0], paths[1], flags, &o[0], &o[1], b, stdout, err, errlen);
	return live_batch(paths[0], flags, &o[0], b, stdout, err, errlen);
}

int cmd_view(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "view", required_argument, NULL, 'V' },
		{ "zoom", required_argument, NULL, 'z' },
		{ "at", required_argument, NULL, 'a' },
		{ "align", required_argument, NULL, 'L' },
		{ "batch", no_argument, NULL, 'B' },
		{ "frames", required_argument, NULL, 'n' },
		{ "keys", required_argument, NULL, 'k' },
		{ "size", required_argument, NULL, 's' },
		{ "ascii", no_argument, NULL, 'A' },
		{ "salvage", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct live_opts o[2] = { { .mode = UI_MODE_CPU } };
	struct live_batch_opts b = { .w = 120, .h = 40, .frames = 1 };
	bool batch = false;
	unsigned flags = 0;
	struct ss_reader *r;
	struct lesson lesson[2];
	bool is_lesson, two;
	char title[2][512], err[512];
	int c, rc;
	uint32_t n;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'V':
			o[0].mode_set = true;
			if (!strcmp(optarg, "cpu"))
				o[0].mode = UI_MODE_CPU;
			else if (!strcmp(optarg, "thread"))
				o[0].mode = UI_MODE_THREAD;
			else
				return cli_usage_error("view", "--view wants cpu or thread, not '%s'", optarg);
			break;
		case 'z': {
			int64_t ns = fmt_parse_dur(optarg);

			if (ns < 1000 || ns > 10000000000ll)
				return cli_usage_error("view", "--zoom wants a time per cell from 1us to 10s, not '%s'", optarg);
			o[0].zoom_ns = (uint64_t)ns;
			break;
		}
		case 'a': {
			int64_t ns = fmt_parse_dur(optarg);

			if (ns < 0)
				return cli_usage_error("view", "--at wants a time since the start (1.5, 200ms), not '%s'", optarg);
			o[0].have_at = true;
			o[0].at_ns = ns;
			break;
		}
		case 'L': o[0].align = optarg; break;
		case 'B': batch = true; break;
		case 'n':
			if (!cli_parse_u32(optarg, &n) || n < 1 || n > 10000)
				return cli_usage_error("view", "--frames wants 1 to 10000, not '%s'", optarg);
			b.frames = (int)n;
			break;
		case 'k': b.keys = optarg; break;
		case 's':
			if (parse_size(optarg, &b.w, &b.h))
				return cli_usage_error("view", "--size wants WIDTHxHEIGHT (e.g. 120x40), not '%s'", optarg);
			break;
		case 'A': b.ascii = true; break;
		case 'S': flags |= SS_READ_SALVAGE; break;
		case 'h': usage(stdout); return 0;
		default: return cli_usage_error("view", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc || argc - optind > 2)
		return cli_usage_error("view", optind >= argc ? "which trace file?" : "one trace file, or two to compare");
	if (!batch && (b.frames > 1 || b.keys))
		return cli_usage_error("view", "--frames and --keys go with --batch");
	two = argc - optind == 2;
	if (two && (b.frames > 1 || o[0].have_at))
		return cli_usage_error("view", "%s is for one trace", b.frames > 1 ? "--frames" : "--at");
	if (!two && o[0].align)
		return cli_usage_error("view", "--align lines up two traces");

	/* the header's title and the lesson (as the run's options chose it), from the file's header */
	for (int i = 0; i < 1 + two; i++) {
		r = cli_open_trace(argv[optind + i], flags);
		if (!r)
			return CLI_FAIL;
		if (i)
			o[1] = o[0];
		is_lesson = cli_view_title(r, &lesson[i], title[i], sizeof(title[i]));
		ss_reader_close(r);
		o[i].title = title[i];
		o[i].lesson = is_lesson ? lesson[i].text : NULL;
		o[i].les = is_lesson ? &lesson[i] : NULL;
		o[i].trace_path = argv[optind + i];
	}

	if (batch) {
		rc = print_frames(argv + optind, two, flags, o, &b, err, sizeof(err));
		if (rc)
			fprintf(stderr, "schedscope: %s\n", err);
		return rc ? CLI_FAIL : 0;
	} else {
		struct ss_model m[2] = { 0 };

		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "schedscope view: not a terminal; use --batch for text output\n");
			return CLI_FAIL;
		}
		if (cli_load_model(&m[0], argv[optind], flags))
			return CLI_FAIL;
		if (two && cli_load_model(&m[1], argv[optind + 1], flags)) {
			ss_model_free(&m[0]);
			return CLI_FAIL;
		}
		for (int i = 0; two && o[0].align && i < 2; i++) {
			int64_t at;

			if (ui_split_marker_ns(&m[i], o[0].align, &at)) {
				fprintf(stderr, "schedscope view: %s has no marker '%s'\n", argv[optind + i], o[0].align);
				ss_model_free(&m[0]);
				ss_model_free(&m[1]);
				return CLI_FAIL;
			}
		}
		rc = live_show_split(&m[0], &o[0], two ? &m[1] : NULL, &o[1], err, sizeof(err));
		ss_model_free(&m[0]);
		if (two)
			ss_model_free(&m[1]);
		if (rc) {
			/* a terminal the view cannot draw on (TERM=dumb): say why, and
			 * print the timeline as text, as --batch does, at its size */
			struct winsize ws;

			fprintf(stderr, "schedscope view: %s; printing it as text instead (view --batch)\n", err);
			if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 80 && ws.ws_row >= 24) {
				b.w = ws.ws_col;
				b.h = ws.ws_row;
			}
			b.ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
			rc = print_frames(argv + optind, two, flags, o, &b, err, sizeof(err));
			if (rc)
				fprintf(stderr, "schedscope: %s\n", err);
		}
		return rc ? CLI_FAIL : 0;
	}
}
