/* schedscope record: trace a command's process tree, or the whole system. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/knobs.h"
#include "cli/record.h"
#include "tracer/launch.h"
#include "tracer/usdt.h"
#include "live/live.h"
#include "model/explain.h"
#include "util/fmt.h"
#include "util/log.h"

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

void cli_catch_stop_signals(void)
{
	struct sigaction sa;

	/* a new recording or export: a signal an earlier one took (the run
	 * before a rerun) does not stop this one */
	stop_signal = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;       /* no SA_RESTART: let poll() return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int cli_stop_signal(void)
{
	return stop_signal;
}

/* What the file lacks after a write error: said once, in plain numbers. */
static void print_unsaved(const struct ss_session_summary *s)
{
	uint64_t ev = s->events - s->dropped - s->file_events;
	uint64_t tasks = s->tasks - s->file_tasks, probes = s->probe_records - s->file_probe_records;
	char n[48], t[48];

	if (!s->write_error && !tasks && !probes && !s->oom_chunks)
		return;
	fprintf(stderr, "  unsaved  %s, %s", fmt_count(n, sizeof(n), ev, "event", NULL),
		fmt_count(t, sizeof(t), tasks, "task record", NULL));
	if (probes)
		fprintf(stderr, ", %s", fmt_count(n, sizeof(n), probes, "probe record", NULL));
	if (s->write_error)
		fprintf(stderr, ": writing failed (%s); the file ends at its last whole chunk and is readable\n",
			strerror(s->write_error));
	else
		fprintf(stderr, ": out of memory (%s left out of the file)\n",
			fmt_count(n, sizeof(n), s->oom_chunks, "chunk", NULL));
}

void cli_print_summary(const struct ss_session_summary *s)
{
	char size[32], exitbuf[64], alive[48], n[64];

	fprintf(stderr, "schedscope: wrote %s%s\n", s->path, s->write_error ? ", cut short" : "");
	if (s->old_path[0])
		fprintf(stderr, "  kept     the earlier trace as %s\n", s->old_path);
	fprintf(stderr, "  events   %llu in %.3f s", (unsigned long long)s->events, s->seconds);
	if (s->file_events != s->events)
		fprintf(stderr, "; the file holds %llu of them", (unsigned long long)s->file_events);
	if (s->probes)
		fprintf(stderr, " (%s attached)", fmt_count(size, sizeof(size), s->probes, "USDT probe", NULL));
	fprintf(stderr, "\n  lost     %llu", (unsigned long long)s->lost_total);
	if (s->lost_total) {
		fprintf(stderr, " (");
		for (unsigned c = 0; c < s->ncpus; c++)
			fprintf(stderr, "%scpu%u %llu", c ? ", " : "", c, (unsigned long long)s->lost[c]);
		fprintf(stderr, "); try a larger --buffer");
	}
	if (s->missed)
		fprintf(stderr, "\n  missed   %s skipped by the kernel (nested on a CPU)",
			fmt_count(n, sizeof(n), s->missed, "BPF run", NULL));
	if (s->stacks || s->stacks_unsent)
		fprintf(stderr, "\n  stacks   %s", fmt_count(n, sizeof(n), s->stacks, "distinct user stack", NULL));
	if (s->stacks_unsent)
		fprintf(stderr, "; none for %s: the kernel's stack table was full",
			fmt_count(n, sizeof(n), s->stacks_unsent, "wait", NULL));
	if (s->kstacks || s->kstacks_lost)
		fprintf(stderr, "\n  kstacks  %s (at D-state sleeps and page faults)",
			fmt_count(n, sizeof(n), s->kstacks, "distinct kernel stack", NULL));
	if (s->kstacks_lost)
		fprintf(stderr, "; none for %s: the kernel could not take or keep them",
			fmt_count(n, sizeof(n), s->kstacks_lost, "such sleep", NULL));
	if (s->dropped)
		fprintf(stderr, "\n  dropped  %s: writing fell 512 MiB behind, so whole chunks were left out",
			fmt_count(n, sizeof(n), s->dropped, "event", NULL));
	fprintf(stderr, "\n");
	print_unsaved(s);
	fprintf(stderr, "  size     %s (%llu bytes", fmt_bytes(size, sizeof(size), s->bytes),
		(unsigned long long)s->bytes);
	if (s->file_events)
		fprintf(stderr, ", %.1f bytes/event", (double)s->bytes / (double)s->file_events);
	fprintf(stderr, ")\n");
	if (s->alive)
		fprintf(stderr, "  alive    %s of the traced tree still running, not recorded from here on"
			" (--wait-tree records until the whole tree has exited)\n",
			fmt_count(alive, sizeof(alive), s->alive, "process", "processes"));
	if (s->have_status)
		fprintf(stderr, "  command  %s\n", ss_explain_exit(s->status, exitbuf, sizeof(exitbuf)));
}

/* schedscope's exit status when a recording could not start: 127, as a
 * shell says, when the command is not there. */
static int start_failed(int rc, const struct ss_session_opts *o, const char *err)
{
	fprintf(stderr, "schedscope: %s\n", err);
	if (rc == -EINTR && stop_signal)
		return 128 + stop_signal;   /* stopped while starting, as a shell says */
	return rc == -ENOENT && o->argv && o->argv[0] ? 127 : CLI_FAIL;
}

/* ... and when it ran: the command's, unless the file could not be written. */
static int finished(const struct ss_session_summary *sum)
{
	if (sum->write_error)
		return CLI_FAIL;
	return sum->have_status ? ss_launch_exit_code(sum->status) : 0;
}

/* The plain (no UI) recording loop, the stop signals already caught; shows
 * progress when there is no command writing to the terminal. */
static int record_plain(const struct ss_session_opts *o, bool quiet)
{
	struct ss_session_summary *sum = calloc(1, sizeof(*sum));
	struct ss_session_opts so = *o;
	struct ss_session *s;
	char err[512];
	bool progress = !quiet && !(o->argv && o->argv[0]) && isatty(STDERR_FILENO);
	time_t last = 0;
	int rc;

	if (!sum)
		return CLI_FAIL;
	so.stop_signal = cli_stop_signal;
	rc = ss_session_start(&s, &so, err, sizeof(err));
	if (rc) {
		free(sum);
		return start_failed(rc, o, err);
	}
	if (progress)
		fprintf(stderr, "schedscope: recording the whole system to %s; Ctrl-C stops\n", o->out_path);
	while (!stop_signal && ss_session_step(s, 50)) {
		if (progress && time(NULL) != last) {
			uint64_t ev, lost;

			last = time(NULL);
			ss_session_progress(s, &ev, &lost);
			fprintf(stderr, "\r  %llu events, %llu lost ", (unsigned long long)ev,
				(unsigned long long)lost);
		}
	}
	if (progress)
		fprintf(stderr, "\n");
	if (stop_signal)
		ss_session_stop(s, stop_signal);
	ss_session_finish(s, sum);
	if (!quiet)
		cli_print_summary(sum);
	ss_session_free(s);
	rc = finished(sum);
	free(sum);
	return rc;
}

int cli_record_plain(const struct ss_session_opts *o, bool quiet)
{
	cli_catch_stop_signals();
	return record_plain(o, quiet);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope record [-o FILE] [--duration S] [--buffer MB] [--wait-tree] [--death-signal SIG]\n"
		"                         [--usdt PROVIDER[:NAME][,...]] [--cpus LIST] [--nice N]\n"
		"                         [--policy POLICY [--prio P]] [--flows|--no-flows] [--stacks|--no-stacks]\n"
		"                         [--live|--no-ui] [-q] [-v] -- CMD [ARGS]\n"
		"       schedscope record --all [--duration S] [--buffer MB] [-o FILE]\n\n"
		"Records what the scheduler does while CMD runs: every context switch on every\n"
		"CPU, and the wakeups, forks, execs, exits, migrations and USDT markers of CMD's\n"
		"whole process tree. Needs root (or CAP_BPF and CAP_PERFMON); under sudo, CMD runs\n"
		"as the invoking user (with their HOME, USER, LOGNAME and SHELL), and every file\n"
		"is created by that user, where that user could create it.\n\n"
		"Options:\n"
		"  -o, --output FILE   trace file (default: schedscope.trace); an earlier FILE is\n"
		"                      kept as FILE.old. FILE must be a regular file or new\n"
		"  -a, --all           record the whole system, until Ctrl-C or --duration\n"
		"  -d, --duration S    stop recording after S seconds (e.g. 1.5, 200ms)\n"
		"  -b, --buffer MB     ring buffer size in MiB (default 16)\n"
		"      --wait-tree     record until CMD's whole process tree has exited, daemons\n"
		"                      it forked off included (default: until CMD exits; the\n"
		"                      summary says how many of its processes still run)\n"
		"      --death-signal SIG  the signal CMD gets if schedscope itself is killed\n"
		"                      (e.g. TERM or KILL; default: none, CMD runs on). It reaches\n"
		"                      CMD only, not its children, and a set-user-ID CMD drops it\n"
		"      --usdt PROVIDER[:NAME][,...]  also attach CMD's USDT probes of PROVIDER (or\n"
		"                      that one probe); by default only schedscope's own (provider schedscope)\n"
		"                      are, as a runtime's (python:line) would slow CMD many times.\n"
		"                      A path (with a /): all of that binary's probes too\n"
		"      --cpus LIST     CMD's affinity (like taskset -c),\n"
		"      --nice N        its nice value,\n"
		"      --policy POLICY its scheduling policy (like chrt),\n"
		"      --prio P        and its real-time priority, set as the user before it\n"
		"                      starts (see 'schedscope run --help')\n"
		"      --flows         also count every read and write on pipes and sockets, for\n"
		"                      'schedscope flows' (a hook on every syscall: about 7%% more\n"
		"                      overhead on a syscall-heavy program)\n"
		"      --no-flows      do not (the default for record)\n"
		"      --stacks        take the user stack where a thread waits and where a waker\n"
		"                      wakes it, and the kernel stack of a sleep in D state or in a\n"
		"                      page fault: 'schedscope why' then names the functions and\n"
		"                      lines, 'export --format pprof|folded' sums blocked time by\n"
		"                      stack. Off by default here (on a context-switch-heavy\n"
		"                      program it about doubles the recording's cost); 'run' has\n"
		"                      it on\n"
		"      --no-stacks     no stacks (the default for record)\n"
		"      --live          show the live timeline while recording (CMD's output goes\n"
		"                      to FILE.out); it stays open on the finished trace until q\n"
		"      --no-ui         no timeline, the plain summary (the default for record)\n"
		"  -q, --quiet         no closing summary\n"
		"  -v, --verbose       say more (libbpf's messages too)\n"
		"  -h, --help          this help\n\n"
		"The exit status is CMD's. Ctrl-C or SIGTERM stops recording and closes the file\n"
		"cleanly. A recording stopped so, or by --duration, before CMD ended also ends\n"
		"CMD (after 2 s of grace) and what it started: SIGTERM, then SIGKILL 2 s later.\n"
		"A CMD that ends by itself leaves its background processes running, and the\n"
		"summary says so.\n");
}

/* "TERM", "SIGTERM", "term" or "15": the signal's number; 0 if none. */
static int parse_signal(const char *s)
{
	uint32_t n;

	if (cli_parse_u32(s, &n))
		return n > 0 && n < (uint32_t)NSIG ? (int)n : 0;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int sig = 1; sig < NSIG; sig++) {
		const char *name = sigabbrev_np(sig);

		if (name && !strcasecmp(name, s))
			return sig;
	}
	return 0;
}

int cli_parse_record_opts(const char *cmd, int argc, char **argv, struct ss_session_opts *o,
			  bool *quiet, enum cli_ui *ui, const char **usdt, const char **name, int *first_arg)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "duration", required_argument, NULL, 'd' },
		{ "buffer", required_argument, NULL, 'b' },
		{ "usdt", required_argument, NULL, 'U' },
		{ "wait-tree", no_argument, NULL, 'W' },
		{ "death-signal", required_argument, NULL, 'K' },
		{ "flows", no_argument, NULL, 'F' },
		{ "no-flows", no_argument, NULL, 'X' },
		{ "stacks", no_argument, NULL, 'S' },
		{ "no-stacks", no_argument, NULL, 'Y' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "live", no_argument, NULL, 'L' },
		{ "no-ui", no_argument, NULL, 'N' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "cpus", required_argument, NULL, CLI_KNOB_CPUS },
		{ "nice", required_argument, NULL, CLI_KNOB_NICE },
		{ "policy", required_argument, NULL, CLI_KNOB_POLICY },
		{ "prio", required_argument, NULL, CLI_KNOB_PRIO },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	/* 0, not 1: glibc then reads the optstring's "+" or "-" anew, even when
	 * another parser ran first in this process (`lesson` calls `run`) */
	optind = 0;
	opterr = 0;
	/* "+": stop at CMD; "-": hand words to us in place (run's NAME) */
	while ((c = getopt_long(argc, argv, name ? "-:o:ad:b:qvh" : "+:o:ad:b:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (*name)
				return cli_usage_error(cmd, "unexpected '%s' (options for the program go after --)", optarg);
			*name = optarg;
			break;
		case 'o': o->out_path = optarg; break;
		case 'a': o->all = true; break;
		case 'd': {
			int64_t ns = fmt_parse_dur(optarg);

			if (ns <= 0)
				return cli_usage_error(cmd, "--duration wants a positive time, not '%s'", optarg);
			o->duration_s = (double)ns / 1e9;
			break;
		}
		case 'b':
			if (!cli_parse_u32(optarg, &o->buffer_mb) || o->buffer_mb == 0 || o->buffer_mb > 1024)
				return cli_usage_error(cmd, "--buffer wants MiB from 1 to 1024, not '%s'", optarg);
			break;
		case 'U': *usdt = optarg; break;
		case 'W': o->wait_tree = true; break;
		case 'K':
			o->death_sig = parse_signal(optarg);
			if (o->death_sig <= 0)
				return cli_usage_error(cmd, "--death-signal wants a signal (TERM, KILL, 15), not '%s'", optarg);
			break;
		case 'F': o->flows = true; break;
		case 'X': o->flows = false; break;
		case 'S': o->stacks = true; break;
		case 'Y': o->stacks = false; break;
		case 'q': *quiet = true; break;
		case 'L': *ui = CLI_UI_LIVE; break;
		case 'N': *ui = CLI_UI_NONE; break;
		case 'v': log_set_level(LOG_DEBUG); break;
		case 'h': return -1;
		case CLI_KNOB_CPUS: case CLI_KNOB_NICE: case CLI_KNOB_POLICY: case CLI_KNOB_PRIO:
			if ((rc = cli_parse_knob(cmd, c, optarg, &o->knobs)))
				return rc;
			break;
		default:
			return cli_bad_option(cmd, c, argv);
		}
	}
	*first_arg = optind;
	return cli_check_knobs(cmd, o);
}

/* A binary named with --usdt must be one whose probes can be read: a typo
 * or a script would otherwise record without a single marker and say
 * nothing (the session skips a file it cannot read as ELF). Read as the
 * user behind sudo (ss_usdt_list()): a path they cannot read is refused
 * with their "Permission denied", the same whether it exists or not. */
static int usdt_binary_check(const char *path)
{
	struct ss_usdt_probe p[1];
	int n = ss_usdt_list(path, p, 1);

	if (n == -ENOEXEC)
		return cli_usage_error("record", "--usdt %s is not an ELF program or library, so it has no USDT probes",
				       path);
	if (n < 0)
		return cli_usage_error("record", "--usdt %s: %s", path, strerror(-n));
	return 0;
}

int cmd_record(int argc, char **argv)
{
	/* stacks off: on the pipe benchmark they about double what recording
	 * costs (1.24x bare without, 1.48x with: README.md, Benchmarks); run
	 * takes them */
	struct ss_session_opts o = { .out_path = "schedscope.trace" };
	const char *usdt[2] = { NULL, NULL };
	bool quiet = false;
	enum cli_ui ui = CLI_UI_AUTO;
	int first, rc;

	rc = cli_parse_record_opts("record", argc, argv, &o, &quiet, &ui, &usdt[0], NULL, &first);
	if (rc < 0) {
		usage(stdout);
		return 0;
	}
	if (rc)
		return rc;
	if (first < argc && !strcmp(argv[first], "--"))
		first++;
	o.argv = first < argc ? argv + first : NULL;
	/* a path names a binary (all its probes); else PROVIDER[:NAME] of CMD's */
	if (usdt[0] && !strchr(usdt[0], '/')) {
		o.usdt_filter = usdt[0];
		usdt[0] = NULL;
	}
	if (usdt[0] && (rc = usdt_binary_check(usdt[0])))
		return rc;
	o.usdt_binaries = usdt;
	if (!o.argv && !o.all)
		return cli_usage_error("record", "give a command to record after --, or --all");
	return ui == CLI_UI_LIVE ? cli_record_live(&o, quiet, NULL, NULL) : cli_record_plain(&o, quiet);
}

int cli_record_live(const struct ss_session_opts *o, bool quiet, const char *title, const struct lesson *les)
{
	return cli_record_live_rerun(o, quiet, title, les, NULL);
}

int cli_record_live_rerun(const struct ss_session_opts *o, bool quiet, const char *title, const struct lesson *les,
			  struct live_rerun *rr)
{
	struct ss_session_summary *sum = calloc(1, sizeof(*sum));
	struct live_opts uo = { .title = title, .lesson = les ? les->text : NULL, .trace_path = o->out_path, .les = les };
	struct ss_session_opts so = *o;
	char cmd[512], out[PATH_MAX], err[512];
	size_t off = 0;
	int rc;

	if (!sum)
		return CLI_FAIL;
	/* Caught before the terminal is taken and the BPF programs load, as the
	 * plain recording does: a Ctrl-C then stops before the command starts
	 * (the session asks so.stop_signal), and the live loop takes over any
	 * signal caught until it runs. */
	cli_catch_stop_signals();
	so.stop_signal = cli_stop_signal;
	if (!title) {
		off = (size_t)snprintf(cmd, sizeof(cmd), "%s", o->all ? "the whole system" : "");
		for (int i = 0; o->argv && o->argv[i] && off < sizeof(cmd); i++)
			off += (size_t)snprintf(cmd + off, sizeof(cmd) - off, "%s%s", off ? " " : "", o->argv[i]);
		uo.title = cmd;
	}
	rc = live_record_rerun(&so, &uo, sum, out, sizeof(out), rr, err, sizeof(err));
	if (rc == -ENOTTY) {
		/* no terminal the timeline can be drawn on (TERM=dumb...): say
		 * why, and record with the plain summary (a signal caught so far
		 * still counts) */
		free(sum);
		fprintf(stderr, "schedscope: %s; recording without the timeline (as with --no-ui)\n", err);
		return record_plain(o, quiet);
	}
	if (rc < 0) {
		free(sum);
		return start_failed(rc, o, err);
	}
	if (!quiet) {
		cli_print_summary(sum);
		if (o->argv && o->argv[0])
			fprintf(stderr, "  output   %s (the command's stdout and stderr)\n", out);
	}
	rc = finished(sum);
	free(sum);
	return rc;
}
