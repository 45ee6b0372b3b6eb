/*
 * schedscope lesson: a lesson for whoever types it. With root (or sudo) it
 * runs the scenario live, as `run` does; without, it opens the lesson's
 * reference trace, a run recorded on a quiet machine and kept in the
 * repository (traces/), and says so in one line: a student with no root
 * still sees the lesson, its timeline and its checks ticked.
 *
 * `--record-references DIR` makes those traces (`make lessons`), and keeps
 * only what a reference must be: every check passed, the trace whole with
 * nothing lost, small, and other tasks' and the host's share of the CPUs during the lesson
 * under REF_OTHER_PCT, measured in the trace itself by the model
 * (ss_model_cpu_share), so a busy machine's run is retried and, failing
 * that, refused, and the earlier reference stays. The scenario's path is
 * recorded relative to the source tree, so a reference names no directory
 * of the machine it was made on.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "cli/scenario_path.h"
#include "lessons/check.h"
#include "model/totals.h"
#include "util/fmt.h"
#include "util/invoker.h"

/* A reference is refused when other tasks and the host took more than this share of the
 * CPUs during its lesson: half of what makes a check inconclusive
 * (SS_INTERFERENCE_PCT), so a reference's timings are a quiet machine's. */
#define REF_OTHER_PCT 10
/* ... or when it is larger than this: references are read by every test and
 * opened on students' machines; a quiet 2-CPU machine records each in a few
 * tens of KiB. */
#define REF_MAX_BYTES (100u * 1024)
#define REF_TRIES 3

/* One reference: its name (traces/NAME.trace, `lesson NAME`), the scenario
 * and the options of its run: small runs that show the lesson on 2 CPUs, as
 * tests/scenarios/test_checks.sh records them. */
struct reference {
	const char *name;
	const char *scenario;
	const char *args;
};

static const struct reference references[] = {
	{ "fork", "fork", "--child-ms 100" },
	{ "process", "process", "--work-ms 100" },
	{ "pool", "pool", "--workers 2 --tasks 3 --max-ms 300 --seed 7" },
	{ "queue", "queue", "--max-ms 100 --seed 3" },
	{ "pipe", "pipe", "--rounds 200" },
	{ "threads", "threads", "--pause-ms 20" },
	{ "lock", "lock", "--iterations 20000" },
	{ "lost-update", "lock", "--no-lock --iterations 10000000" },
	{ "multicore", "multicore", "--threads 2 --seconds 0.5" },
	{ "threadlocal", "threadlocal", "--pause-ms 20" },
	{ "procvsthread", "procvsthread", "--workers 2 --mloops 20 --many 16" },
	{ "distributed", "distributed", "--workers 2 --tasks 4 --work-ms 20 --seed 1" },
};
#define NREFS (sizeof(references) / sizeof(references[0]))

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope lesson [NAME] [--reference]\n"
		"       schedscope lesson --record-references DIR [NAME...] [--tries N]\n\n"
		"A lesson of the processes-and-threads chapter. Without NAME, lists the\n"
		"lessons and their reference traces. With root (or under sudo), runs NAME\n"
		"live, as 'schedscope run NAME -- OPTIONS' with the options its reference was\n"
		"recorded with. Without root, opens NAME's reference trace instead (a run\n"
		"recorded on a quiet machine) and says so: the timeline on a terminal (q\n"
		"leaves it), then the lesson's checks.\n\n"
		"Options:\n"
		"      --reference       open the reference trace even with root\n"
		"      --record-references DIR\n"
		"                        (root) record the references into DIR/NAME.trace\n"
		"                        (all, or the NAMEs given), from the source tree ('make\n"
		"                        lessons'). A run is kept only if every check passes,\n"
		"                        the trace is whole with no event lost, it is at most\n"
		"                        %u KiB, and other tasks and the host took at most %d%%\n"
		"                        of the CPUs during the lesson; otherwise it is tried\n"
		"                        again, then refused, and an earlier DIR/NAME.trace\n"
		"                        stays\n"
		"      --tries N         runs to try per reference (default %d)\n"
		"  -h, --help            this help\n\n"
		"Reference traces are looked for in $SCHEDSCOPE_TRACE_DIR, in traces/ of the\n"
		"source tree, and in PREFIX/share/schedscope/traces once installed.\n",
		REF_MAX_BYTES / 1024, REF_OTHER_PCT, REF_TRIES);
}

static const struct reference *reference_find(const char *name)
{
	for (size_t i = 0; i < NREFS; i++)
		if (!strcmp(references[i].name, name))
			return &references[i];
	return NULL;
}

/* Where a reference is: $SCHEDSCOPE_TRACE_DIR, traces/ beside the build
 * directory, or share/schedscope/traces beside bin/. 0 if a file is there. */
static int reference_path(const struct reference *r, char *out, size_t size)
{
	const char *env = getenv("SCHEDSCOPE_TRACE_DIR");
	static const char *const beside[] = { "../traces", "../share/schedscope/traces" };
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		snprintf(out, size, "%s/%s.trace", env, r->name);
		return access(out, F_OK);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = 0;
	*strrchr(exe, '/') = 0;
	for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
		int k = snprintf(out, size, "%s/%s/%s.trace", exe, beside[i], r->name);

		if (k > 0 && (size_t)k < size && access(out, F_OK) == 0) {
			char real[PATH_MAX];

			if (realpath(out, real))     /* said without the "bin/../" */
				snprintf(out, size, "%s", real);
			return 0;
		}
	}
	return -1;
}

/* The scenario's words and the reference's options as one argument vector
 * (NULL-ended, after `first` leading slots left for the caller). The words
 * point into *store, which the caller frees with the vector. */
static char **reference_argv(const struct reference *r, size_t first, char **store)
{
	size_t n = 0;
	char **v, *save = NULL;

	*store = strdup(r->args);
	v = *store ? calloc(first + strlen(r->args) / 2 + 2, sizeof(*v)) : NULL;
	if (!v) {
		free(*store);
		return NULL;
	}
	for (char *w = strtok_r(*store, " ", &save); w; w = strtok_r(NULL, " ", &save))
		v[first + n++] = w;
	return v;
}

static int list(void)
{
	char path[PATH_MAX], size[32];
	struct stat st;

	for (size_t i = 0; i < NREFS; i++) {
		const struct reference *r = &references[i];
		const struct scenario *sc = scenario_find(r->scenario);
		struct lesson l;
		char *store, **argv = reference_argv(r, 0, &store);
		int argc = 0;

		if (!sc || !argv)
			return CLI_FAIL;
		while (argv[argc])
			argc++;
		lesson_from_args(&l, sc, argc, argv);
		printf("%-13s %s\n", r->name, l.summary);
		if (reference_path(r, path, sizeof(path)) == 0 && stat(path, &st) == 0)
			printf("%-13s reference: %s (%s)\n", "", path, fmt_bytes(size, sizeof(size), (uint64_t)st.st_size));
		else
			printf("%-13s no reference trace ('make lessons' records them)\n", "");
		free(argv);
		free(store);
	}
	return 0;
}

/* Root: the lesson live, as `run SCENARIO -- OPTIONS`. */
static int run_live(const struct reference *r)
{
	char *store, **argv = reference_argv(r, 3, &store);
	int argc = 0, rc;

	if (!argv)
		return CLI_FAIL;
	argv[0] = "run";
	argv[1] = (char *)r->scenario;
	argv[2] = "--";
	while (argv[argc])
		argc++;
	rc = cmd_run(argc, argv);
	free(argv);
	free(store);
	return rc;
}

/* No root: the reference, said in one line; the timeline on a terminal,
 * then the checks. */
static int show_reference(const struct reference *r, bool asked)
{
	char path[PATH_MAX], when[32], err[512];
	struct ss_reader *rd;
	time_t wall;

	if (reference_path(r, path, sizeof(path))) {
		fprintf(stderr, "schedscope lesson: %s, and there is no reference trace of %s ('make lessons' records them)\n",
			asked ? "--reference" : "recording needs root", r->name);
		return CLI_FAIL;
	}
	rd = ss_reader_open(path, 0, err, sizeof(err));
	if (!rd) {
		fprintf(stderr, "schedscope: %s\n", err);
		return CLI_FAIL;
	}
	wall = (time_t)(rd->info.start_wall_ns / 1000000000ull);
	strftime(when, sizeof(when), "%Y-%m-%d", localtime(&wall));
	ss_reader_close(rd);
	printf("schedscope lesson: %s: the reference trace of %s, recorded %s (%s)\n",
	       asked ? "as asked" : "not recording without root", r->name, when, path);
	fflush(stdout);
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		char *argv[] = { "view", path, NULL };
		int rc = cmd_view(2, argv);

		if (rc)
			return rc;
	}
	/* the checks, ticked: after the timeline closes, as a recording's summary is */
	char *argv[] = { "check", path, NULL };

	return cmd_check(2, argv);
}

/* The scenario's path for a reference: relative to the current directory
 * (the source tree), never one that names this machine's directories. */
static int relative_scenario(const char *name, char *out, size_t size)
{
	char abs[PATH_MAX], real[PATH_MAX], cwd[PATH_MAX];
	size_t n;

	if (cli_scenario_path(name, abs, sizeof(abs))) {
		fprintf(stderr, "schedscope lesson: the %s scenario's program is missing (%s); run 'make'\n", name, abs);
		return -1;
	}
	if (abs[0] != '/') {
		snprintf(out, size, "%s", abs);
		return 0;
	}
	if (!realpath(abs, real) || !getcwd(cwd, sizeof(cwd)) || strncmp(real, cwd, (n = strlen(cwd))) ||
	    real[n] != '/') {
		fprintf(stderr, "schedscope lesson: %s is not under this directory: record references from the "
			"source tree ('make lessons'), so they name no directory of this machine\n", abs);
		return -1;
	}
	snprintf(out, size, "%s", real + n + 1);
	return 0;
}

/* One recording of r into path, the scenario's output thrown away. Returns
 * the scenario's exit status, or -1 if it could not record. */
static int record_once(const struct reference *r, const char *path)
{
	struct ss_session_opts o = { .flows = true, .out_path = path };
	char prog[PATH_MAX], *store, **argv = reference_argv(r, 1, &store);
	int out, null, rc = -1;

	if (!argv)
		return -1;
	if (relative_scenario(r->scenario, prog, sizeof(prog)))
		goto done;
	argv[0] = prog;
	o.argv = argv;
	fflush(stdout);
	out = dup(STDOUT_FILENO);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (out >= 0 && null >= 0 && dup2(null, STDOUT_FILENO) >= 0) {
		rc = cli_record_plain(&o, true);
		dup2(out, STDOUT_FILENO);
	}
	if (out >= 0)
		close(out);
	if (null >= 0)
		close(null);
done:
	free(argv);
	free(store);
	return rc;
}

/* Whether the trace at path may be a reference: the rule in the head of the
 * file. Says why in why. */
static bool acceptable(const char *path, char *why, size_t size)
{
	struct ss_model m;
	struct lesson l;
	struct lesson_checklist cl;
	struct ss_cpu_share share;
	struct stat st;
	uint64_t t0, t1;
	unsigned other;
	bool ok = false;

	if (stat(path, &st) || cli_load_model(&m, path, 0)) {
		snprintf(why, size, "cannot read it back");
		return false;
	}
	lesson_run_span(&m, &t0, &t1);
	ss_model_cpu_share(&m, t0, t1, &share);
	other = ss_cpu_share_taken_pct(&share);
	if (lesson_from_cmdline(&l, m.info.cmdline)) {
		snprintf(why, size, "not a lesson's trace");
	} else if (!m.complete || m.nlosses || m.failed) {
		snprintf(why, size, "the trace is not whole (%s)", m.failed ? m.failed : "events lost or cut short");
	} else {
		size_t passed = 0;

		lesson_checklist_init(&cl, &l);
		lesson_checklist_update(&cl, &m);
		for (size_t i = 0; i < cl.n; i++)
			passed += cl.r[i].verdict == LESSON_PASS;
		ok = passed == cl.n && cl.n > 0 && other <= REF_OTHER_PCT && (uint64_t)st.st_size <= REF_MAX_BYTES;
		char who[96];

		snprintf(why, size, "%zu of %zu checks passed, %s of the CPUs (at most %d%%), %llu KiB "
			 "(at most %u)", passed, cl.n, ss_cpu_share_who(&share, who, sizeof(who)), REF_OTHER_PCT, (unsigned long long)(st.st_size + 1023) / 1024,
			 REF_MAX_BYTES / 1024);
	}
	ss_model_free(&m);
	return ok;
}

/* Records r into dir until a run is acceptable, at most tries times. */
static bool record_reference(const struct reference *r, const char *dir, unsigned tries)
{
	char tmp[PATH_MAX], final[PATH_MAX], why[256];

	snprintf(tmp, sizeof(tmp), "%s/.%s.trace.try", dir, r->name);
	snprintf(final, sizeof(final), "%s/%s.trace", dir, r->name);
	for (unsigned t = 1; t <= tries; t++) {
		int rc;

		unlink(tmp);
		rc = record_once(r, tmp);
		if (rc != 0) {
			printf("%-13s try %u: the run failed (status %d)\n", r->name, t, rc);
		} else if (acceptable(tmp, why, sizeof(why))) {
			if (rename(tmp, final)) {
				printf("%-13s cannot keep %s: %s\n", r->name, final, strerror(errno));
				break;
			}
			printf("%-13s try %u: kept %s: %s\n", r->name, t, final, why);
			return true;
		} else {
			printf("%-13s try %u: refused: %s\n", r->name, t, why);
		}
		fflush(stdout);
		if (t < tries)
			sleep(1);
	}
	unlink(tmp);
	printf("%-13s not kept%s\n", r->name, access(final, R_OK) ? "" : "; the earlier reference stays");
	return false;
}

static int record_references(const char *dir, char **names, int n, unsigned tries)
{
	unsigned kept = 0, asked = 0;
	const struct invoker *iv;

	if (geteuid() != 0) {
		fprintf(stderr, "schedscope lesson: --record-references records: it needs root\n");
		return CLI_FAIL;
	}
	/* It replaces, removes and reads files in DIR as root (the references
	 * are everyone's): a student with `sudo schedscope` must not, where a
	 * sticky or root-only directory would stop them. */
	if (invoker_get(&iv) || iv->sudo) {
		fprintf(stderr, "schedscope lesson: --record-references writes the reference traces for "
				"everyone: run it as root itself, not through sudo\n");
		return CLI_FAIL;
	}
	for (int i = 0; i < n; i++)
		if (!reference_find(names[i]))
			return cli_usage_error("lesson", "no lesson named '%s'; 'schedscope lesson' lists them", names[i]);
	for (size_t i = 0; i < NREFS; i++) {
		bool wanted = n == 0;

		for (int k = 0; k < n; k++)
			wanted |= !strcmp(names[k], references[i].name);
		if (!wanted)
			continue;
		asked++;
		kept += record_reference(&references[i], dir, tries);
	}
	printf("%u of %u references kept\n", kept, asked);
	return kept == asked ? 0 : CLI_FAIL;
}

int cmd_lesson(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reference", no_argument, NULL, 'R' },
		{ "record-references", required_argument, NULL, 'D' },
		{ "tries", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	const struct reference *r;
	bool asked = false;
	uint32_t tries = REF_TRIES;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'R': asked = true; break;
		case 'D': dir = optarg; break;
		case 'T':
			if (!cli_parse_u32(optarg, &tries) || tries < 1 || tries > 100)
				return cli_usage_error("lesson", "--tries wants 1 to 100, not '%s'", optarg);
			break;
		case 'h': usage(stdout); return 0;
		default: return cli_bad_option("lesson", c, argv);
		}
	}
	if (dir)
		return record_references(dir, argv + optind, argc - optind, tries);
	if (optind < argc - 1)
		return cli_usage_error("lesson", "one lesson at a time");
	/* only recording keeps root; the rest is the user's, as for `view` */
	if ((optind == argc || asked || geteuid() != 0) && invoker_drop()) {
		fprintf(stderr, "schedscope lesson: cannot act as the user behind sudo (SUDO_UID, SUDO_GID)\n");
		return CLI_FAIL;
	}
	if (optind == argc)
		return list();
	r = reference_find(argv[optind]);
	if (!r) {
		fprintf(stderr, "schedscope lesson: no lesson named '%s'; 'schedscope lesson' lists them\n", argv[optind]);
		return CLI_USAGE;
	}
	return asked || geteuid() != 0 ? show_reference(r, asked) : run_live(r);
}
