/* schedscope view: the timeline of a saved trace, in the terminal or as text. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "scenarios/catalog.h"
#include "ui/ui.h"
#include "util/fmt.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope view FILE [OPTIONS]\n\n"
		"Shows a trace's timeline: one lane per CPU (Tab: one per thread), time left\n"
		"to right, a colour per task. Needs no root. Press ? in the view for the keys.\n\n"
		"Options:\n"
		"  --view cpu|thread   the view to start in (default cpu)\n"
		"  --zoom DUR          time per cell, 1us to 10s (default: the whole trace)\n"
		"  --at T              put T (seconds since the start, or 20ms...) at the left edge\n"
		"  --batch             print frames as text instead of opening the terminal UI\n"
		"  --frames N          batch: replay the trace in N steps, a frame after each\n"
		"  --keys \"K K ...\"    batch: press these keys, a frame after each (+ - Left Tab\n"
		"                      Enter Esc Space Home End Up Down PgUp PgDn C-c, or one character)\n"
		"  --size WxH          batch: screen size (default 120x40)\n"
		"  --ascii             batch: ASCII instead of Unicode block glyphs\n"
		"  --salvage           read a damaged file up to the damage\n"
		"  -h, --help          this help\n");
}

/* A trace of a lesson scenario gets its title and lesson back: the
 * recorded command is build/scenarios/NAME or libexec/schedscope/NAME. */
static const struct scenario *scenario_of(const char *cmdline)
{
	char prog[512];
	const char *base;
	size_t n = strcspn(cmdline, " ");

	snprintf(prog, sizeof(prog), "%.*s", (int)(n < sizeof(prog) ? n : sizeof(prog) - 1), cmdline);
	if (!strstr(prog, "/scenarios/") && !strstr(prog, "/libexec/schedscope/"))
		return NULL;
	base = strrchr(prog, '/');
	return scenario_find(base ? base + 1 : prog);
}

static int ui_title(char *buf, size_t size, const struct scenario *sc, const char *cmdline)
{
	if (sc)
		return snprintf(buf, size, "%s: %s", sc->name, sc->summary);
	return snprintf(buf, size, "%.200s", cmdline && *cmdline ? cmdline : "(no command)");
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

int cmd_view(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "view", required_argument, NULL, 'V' },
		{ "zoom", required_argument, NULL, 'z' },
		{ "at", required_argument, NULL, 'a' },
		{ "batch", no_argument, NULL, 'B' },
		{ "frames", required_argument, NULL, 'n' },
		{ "keys", required_argument, NULL, 'k' },
		{ "size", required_argument, NULL, 's' },
		{ "ascii", no_argument, NULL, 'A' },
		{ "salvage", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ui_opts o = { .mode = UI_MODE_CPU };
	struct ui_batch_opts b = { .w = 120, .h = 40, .frames = 1 };
	bool batch = false;
	unsigned flags = 0;
	struct ss_reader *r;
	const struct scenario *sc;
	char title[512], err[512];
	int c, rc;
	uint32_t n;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'V':
			if (!strcmp(optarg, "cpu"))
				o.mode = UI_MODE_CPU;
			else if (!strcmp(optarg, "thread"))
				o.mode = UI_MODE_THREAD;
			else
				return cli_usage_error("view", "--view wants cpu or thread, not '%s'", optarg);
			break;
		case 'z': {
			int64_t ns = fmt_parse_dur(optarg);

			if (ns < 1000 || ns > 10000000000ll)
				return cli_usage_error("view", "--zoom wants a time per cell from 1us to 10s, not '%s'", optarg);
			o.zoom_ns = (uint64_t)ns;
			break;
		}
		case 'a': {
			int64_t ns = fmt_parse_dur(optarg);

			if (ns < 0)
				return cli_usage_error("view", "--at wants a time since the start (1.5, 200ms), not '%s'", optarg);
			o.have_at = true;
			o.at_ns = ns;
			break;
		}
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
	if (optind != argc - 1)
		return cli_usage_error("view", optind >= argc ? "which trace file?" : "one trace file at a time");
	if (!batch && (b.frames > 1 || b.keys))
		return cli_usage_error("view", "--frames and --keys go with --batch");

	/* the header's title and the lesson, from the file's header */
	r = cli_open_trace(argv[optind], flags);
	if (!r)
		return CLI_FAIL;
	sc = scenario_of(r->info.cmdline);
	ui_title(title, sizeof(title), sc, r->info.cmdline);
	ss_reader_close(r);
	o.title = title;
	o.lesson = sc ? sc->lesson : NULL;
	o.trace_path = argv[optind];

	if (batch) {
		rc = ui_batch(argv[optind], flags, &o, &b, stdout, err, sizeof(err));
		if (rc)
			fprintf(stderr, "schedscope: %s\n", err);
		return rc ? CLI_FAIL : 0;
	} else {
		struct ss_model m = { 0 };

		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "schedscope view: not a terminal; use --batch for text output\n");
			return CLI_FAIL;
		}
		if (ss_model_load(&m, argv[optind], flags, err, sizeof(err))) {
			fprintf(stderr, "schedscope: %s\n", err);
			if (m.cpu)
				ss_model_free(&m);
			return CLI_FAIL;
		}
		rc = ui_show(&m, &o, err, sizeof(err));
		ss_model_free(&m);
		if (rc)
			fprintf(stderr, "schedscope: %s\n", err);
		return rc ? CLI_FAIL : 0;
	}
}
