/*
 * schedscope run: record one of the lesson scenarios, with the experiment's
 * knobs (cli/knobs.h) set on it before it starts, after its options have
 * been tried so that a typo records nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "cli/scenario_path.h"
#include "export/export.h"
#include "lessons/lesson.h"
#include "live/live.h"
#include "symbols/symbols.h"
#include "scenarios/catalog.h"
#include "tracer/launch.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope run [NAME] [-o FILE] [--cpus LIST] [--nice N] [--policy POLICY [--prio P]]\n"
		"                      [--buffer MB] [--duration S] [--flows|--no-flows] [--stacks|--no-stacks]\n"
		"                      [--wait-tree] [--death-signal SIG] [--no-ui|--live] [-q] [-v]\n"
		"                      [-- SCENARIO OPTIONS]\n\n"
		"Runs a lesson scenario under the recorder, like 'schedscope record', and keeps\n"
		"the trace in NAME.trace. Without NAME it runs '%s'. 'schedscope list' shows\n"
		"the scenarios; 'schedscope run NAME -- --help' shows a scenario's own options.\n"
		"Needs root (or CAP_BPF and CAP_PERFMON); under sudo the scenario runs as the\n"
		"invoking user, who also owns the files.\n\n"
		"Options:\n"
		"  -o, --output FILE   trace file (default: NAME.trace); an earlier one is kept\n"
		"                      as FILE.old\n"
		"  -d, --duration S    stop recording after S seconds\n"
		"  -b, --buffer MB     ring buffer size in MiB (default 16)\n"
		"      --flows         count pipe and socket traffic (on by default here)\n"
		"      --no-flows      do not\n"
		"      --stacks        take the user stack at each wait, and the kernel's at a\n"
		"                      D-state sleep (on by default here)\n"
		"      --no-stacks     do not\n"
		"      --wait-tree     record until every process the scenario started has exited\n"
		"      --death-signal SIG  the signal the scenario gets if schedscope is killed\n"
		"      --no-ui         no live timeline: record, then print the summary (the\n"
		"                      default when stdin or stdout is not a terminal)\n"
		"      --live          the live timeline even so\n"
		"  -q, --quiet         no closing summary\n"
		"  -v, --verbose       say more (libbpf's messages too)\n"
		"  -h, --help          this help\n\n"
		"Experiments, set on the scenario before it starts and kept in the trace's\n"
		"header ('schedscope info' and 'schedscope compare' show them):\n"
		"      --cpus LIST     the CPUs it may run on, like taskset -c (0, 0-3, 0,2)\n"
		"      --nice N        its nice value, -20 (favoured) to 19 (runs last)\n"
		"      --policy POLICY other, batch, idle, fifo or rr (like chrt)\n"
		"      --prio P        fifo and rr: the real-time priority, 1 to 99 (default 1)\n"
		"They are set as the invoking user, after sudo's root is dropped: a negative\n"
		"nice or a real-time policy needs that user's own privilege (CAP_SYS_NICE,\n"
		"or limits in /etc/security/limits.conf), and without it nothing is recorded.\n\n"
		"Options after -- are the scenario's; a bad one fails before anything is\n"
		"recorded, and an earlier trace stays as it was.\n\n"
		"On a terminal the live timeline opens (the scenario's output goes to NAME.out)\n"
		"and stays open on the finished trace until q. There r runs the scenario again\n"
		"with the options a prompt line takes (knobs, then -- and the scenario's):\n"
		"the new run, in NAME-2.trace (-3...) beside NAME.trace, opens below the one\n"
		"before, on one time scale. 'schedscope check NAME.trace' then checks what the\n"
		"lesson is about. With --help among the scenario's options,\n"
		"the scenario prints its help and nothing is recorded.\n",
		SCENARIO_DEFAULT);
}

/* Whether the scenario's options ask for its help (getopt takes --help or -h anywhere). */
static bool wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

/* The scenario's own help: run it (as the invoking user under sudo, like a
 * recorded command), record nothing. Returns its exit status. */
static int show_help(char **args)
{
	struct ss_launch l;
	char err[512];

	if (ss_launch_prepare(&l, args, 0, NULL, err, sizeof(err)) || ss_launch_release(&l, err, sizeof(err))) {
		fprintf(stderr, "schedscope run: %s\n", err);
		return CLI_FAIL;
	}
	ss_launch_wait(&l);
	return ss_launch_exit_code(l.status);
}

/* Whether the scenario takes its options, before anything is recorded or an
 * earlier trace moved: it runs once as the user (like the recording would),
 * with --help after its options and its help thrown away. getopt reads
 * options in order, so a bad option or value is refused (exit 2, one line on
 * stderr) before --help is reached, and with POSIXLY_CORRECT a stray word
 * stops the options, so the program refuses it too. An exec, a few ms.
 * Returns 0 to go on, or the status to exit with. */
static int check_options(const struct scenario *sc, char **args, int n)
{
	char **dry = calloc((size_t)n + 3, sizeof(*dry));
	bool posix = getenv("POSIXLY_CORRECT") != NULL;
	struct ss_launch l;
	char err[512];
	int k = 0, out = -1, null = -1, rc = CLI_FAIL;

	if (!dry)
		return CLI_FAIL;
	for (int i = 0; i <= n && strcmp(args[i], "--"); i++, k++)
		dry[k] = args[i];
	dry[k] = "--help";     /* before a "--": what follows it is not options */
	for (int i = k; i <= n; i++)
		dry[i + 1] = args[i];
	fflush(stdout);
	out = dup(STDOUT_FILENO);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (out < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0) {
		fprintf(stderr, "schedscope run: cannot check the scenario's options: %s\n", strerror(errno));
		goto done;
	}
	if (!posix)
		setenv("POSIXLY_CORRECT", "1", 1);
	if (ss_launch_prepare(&l, dry, 0, NULL, err, sizeof(err)) || ss_launch_release(&l, err, sizeof(err))) {
		fprintf(stderr, "schedscope run: %s\n", err);
	} else {
		ss_launch_wait(&l);
		rc = ss_launch_exit_code(l.status);
		if (rc)
			fprintf(stderr, "schedscope run: the %s scenario refused its options; nothing was recorded\n",
				sc->name);
	}
	if (!posix)
		unsetenv("POSIXLY_CORRECT");
	dup2(out, STDOUT_FILENO);
done:
	if (out >= 0)
		close(out);
	if (null >= 0)
		close(null);
	free(dry);
	return rc;
}

/* Reruns (r in the live view): the run before stays on screen above the new
 * one, so what each needs is kept in one of two slots, by turns. */
struct reruns {
	struct live_rerun rr;
	char hint[256];              /* the prompt's first text: this run's options */
	char name[64];               /* the scenario */
	char title[2][512];
	char trace[2][PATH_MAX];
	struct live_opts opts[2];
	struct lesson les[2];        /* each run's lesson, for its view above the next */
	int slot;                    /* the run being made */
};

/* A run's options as the rerun prompt starts with them: the words after
 * `run`, but for the scenario's name and -o (a rerun has a file of its own). */
static void rerun_hint(int argc, char **argv, const char *name, char *buf, size_t size)
{
	size_t off = 0;
	bool named = false;

	buf[0] = 0;
	for (int i = 1; i < argc && off < size; i++) {
		if (!named && !strcmp(argv[i], name)) {
			named = true;
			continue;
		}
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			i++;
			continue;
		}
		if (!strncmp(argv[i], "--output=", 9) || (!strncmp(argv[i], "-o", 2) && argv[i][2]))
			continue;
		off += (size_t)snprintf(buf + off, size - off, "%s%s", off ? " " : "", argv[i]);
	}
}

static int run_once(int argc, char **argv, struct reruns *rs);

int cmd_run(int argc, char **argv)
{
	struct reruns *rs = calloc(1, sizeof(*rs));
	struct ss_model *prev = NULL;
	struct ss_symbols *prev_sy = NULL;
	char *args[70], out[PATH_MAX], line[256], first[PATH_MAX], suffix[32];
	int rc, round = 1;

	if (!rs)
		return CLI_FAIL;
	rc = run_once(argc, argv, rs);
	snprintf(first, sizeof(first), "%s", rs->trace[0]);
	/* r in the live view: the same scenario again, with the prompt's words
	 * as its options, into NAME-2.trace (-3, ...) beside the first run's
	 * NAME.trace (-o's, or the scenario's name) unless they name a file */
	while (rs->rr.asked) {
		int k = 0;
		char *save = NULL;

		if (prev) {
			ss_model_free(prev);
			free(prev);
			ss_symbols_free(prev_sy);
		}
		prev = rs->rr.kept;
		prev_sy = rs->rr.kept_symbols;
		snprintf(line, sizeof(line), "%s", rs->rr.args);
		rs->rr = (struct live_rerun){ .prev = prev, .prev_opts = &rs->opts[rs->slot] };
		rs->slot ^= 1;
		snprintf(suffix, sizeof(suffix), "-%d.trace", ++round);
		export_default_out(first, suffix, out, sizeof(out));
		args[k++] = "run";
		args[k++] = rs->name;
		args[k++] = "-o";
		args[k++] = out;
		for (char *w = strtok_r(line, " \t", &save); w && k < 68; w = strtok_r(NULL, " \t", &save))
			args[k++] = w;
		args[k] = NULL;
		rc = run_once(k, args, rs);
	}
	if (prev) {
		ss_model_free(prev);
		free(prev);
		ss_symbols_free(prev_sy);
	}
	free(rs);
	return rc;
}

static int run_once(int argc, char **argv, struct reruns *rs)
{
	struct ss_session_opts o = { .flows = true, .stacks = true };   /* lessons want the whole picture */
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
	if (wants_help(n, argv + first)) {
		rc = show_help(args);
	} else if ((rc = check_options(sc, args, n))) {
		/* refused: nothing recorded, NAME.trace as it was */
	} else if (ui == CLI_UI_LIVE || (ui == CLI_UI_AUTO && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
		/* the live timeline when a person is watching, the plain summary otherwise */
		struct lesson *lp = &rs->les[rs->slot], l;
		char title[512], knobs[200];

		lesson_from_args(&l, sc, n, argv + first);
		*lp = l;
		ss_knobs_describe(&o.knobs, knobs, sizeof(knobs));
		snprintf(title, sizeof(title), "%s: %s%s%s%s", sc->name, l.summary, knobs[0] ? " [" : "", knobs,
			 knobs[0] ? "]" : "");
		/* what the view of this run needs once the next one is above it */
		snprintf(rs->title[rs->slot], sizeof(rs->title[0]), "%s", title);
		snprintf(rs->trace[rs->slot], sizeof(rs->trace[0]), "%s", o.out_path);
		rs->opts[rs->slot] = (struct live_opts){ .title = rs->title[rs->slot], .lesson = l.text,
							 .trace_path = rs->trace[rs->slot], .les = lp };
		rerun_hint(argc, argv, sc->name, rs->hint, sizeof(rs->hint));
		snprintf(rs->name, sizeof(rs->name), "%s", sc->name);
		rs->rr.hint = rs->hint;
		rc = cli_record_live_rerun(&o, quiet, title, &l, &rs->rr);
	} else {
		rc = cli_record_plain(&o, quiet);
	}
	free(args);
	return rc;
}
