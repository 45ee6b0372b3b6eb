/* schedscope run: record one of the lesson scenarios. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "cli/scenario_path.h"
#include "scenarios/catalog.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope run [NAME] [-o FILE] [--buffer MB] [--duration S] [-- SCENARIO OPTIONS]\n\n"
		"Runs a lesson scenario under the recorder, like 'schedscope record', and keeps\n"
		"the trace in NAME.trace. Without NAME it runs '%s'. 'schedscope list' shows\n"
		"the scenarios; 'schedscope run NAME -- --help' shows a scenario's own options.\n"
		"Needs root (or CAP_BPF and CAP_PERFMON).\n\n"
		"Options:\n"
		"  -o, --output FILE   trace file (default: NAME.trace)\n"
		"  -d, --duration S    stop recording after S seconds\n"
		"  -b, --buffer MB     ring buffer size in MiB (default 16)\n"
		"      --no-flows      do not count pipe and socket traffic (on by default here)\n"
		"      --no-ui         no live timeline: record, then print the summary (the\n"
		"                      default when stdin or stdout is not a terminal)\n"
		"      --live          the live timeline even so\n"
		"  -q, --quiet         no closing summary\n"
		"  -h, --help          this help\n\n"
		"On a terminal the live timeline opens (the scenario's output goes to NAME.out)\n"
		"and stays open on the finished trace until q.\n",
		SCENARIO_DEFAULT);
}

int cmd_run(int argc, char **argv)
{
	struct ss_session_opts o = { .flows = true };   /* lessons want the whole picture */
	const char *usdt = NULL, *name = SCENARIO_DEFAULT;
	const struct scenario *sc;
	char path[PATH_MAX], out[PATH_MAX];
	bool quiet = false;
	enum cli_ui ui = CLI_UI_AUTO;
	char **args;
	int first, rc, n;

	const char *named = NULL;

	rc = cli_parse_record_opts("run", argc, argv, &o, &quiet, &ui, &usdt, &named, &first);
	if (rc < 0) {
		usage(stdout);
		return 0;
	}
	if (rc)
		return rc;
	if (o.all || usdt)
		return cli_usage_error("run", "--all and --usdt are for 'schedscope record'");
	if (named)
		name = named;
	sc = scenario_find(name);
	if (!sc) {
		fprintf(stderr, "schedscope run: no scenario named '%s'; 'schedscope list' shows them\n", name);
		return CLI_USAGE;
	}
	if (cli_scenario_path(sc->name, path, sizeof(path))) {
		fprintf(stderr, "schedscope run: the %s scenario's program is missing (%s); run 'make'\n",
			sc->name, path);
		return CLI_FAIL;
	}
	if (!o.out_path) {
		snprintf(out, sizeof(out), "%s.trace", sc->name);
		o.out_path = out;
	}
	n = argc - first;
	args = calloc((size_t)n + 2, sizeof(*args));
	if (!args)
		return CLI_FAIL;
	args[0] = path;
	for (int i = 0; i < n; i++)
		args[i + 1] = argv[first + i];
	o.argv = args;
	/* the live timeline when a person is watching, the plain summary otherwise */
	if (ui == CLI_UI_LIVE || (ui == CLI_UI_AUTO && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
		char title[256];

		snprintf(title, sizeof(title), "%s: %s", sc->name, sc->summary);
		rc = cli_record_live(&o, quiet, title, sc->lesson);
	} else {
		rc = cli_record_plain(&o, quiet);
	}
	free(args);
	return rc;
}
