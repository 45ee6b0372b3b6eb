/* schedscope record: trace a command's process tree, or the whole system. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "tracer/launch.h"
#include "ui/ui.h"
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

void cli_print_summary(const struct ss_session_summary *s)
{
	char size[32];
	double per = s->events ? (double)s->bytes / (double)s->events : 0;

	fprintf(stderr, "schedscope: wrote %s\n", s->path);
	fprintf(stderr, "  events   %llu in %.3f s", (unsigned long long)s->events, s->seconds);
	if (s->probes)
		fprintf(stderr, " (%u USDT probes attached)", s->probes);
	fprintf(stderr, "\n  lost     %llu", (unsigned long long)s->lost_total);
	if (s->lost_total) {
		fprintf(stderr, " (");
		for (unsigned c = 0; c < s->ncpus; c++)
			fprintf(stderr, "%scpu%u %llu", c ? ", " : "", c, (unsigned long long)s->lost[c]);
		fprintf(stderr, "); try a larger --buffer");
	}
	if (s->missed)
		fprintf(stderr, "\n  missed   %llu BPF runs skipped by the kernel (nested on a CPU)",
			(unsigned long long)s->missed);
	if (s->dropped)
		fprintf(stderr, "\n  dropped  %llu events: the disk could not keep up",
			(unsigned long long)s->dropped);
	fprintf(stderr, "\n  size     %s (%llu bytes, %.1f bytes/event)\n", fmt_bytes(size, sizeof(size), s->bytes),
		(unsigned long long)s->bytes, per);
	if (s->write_error)
		fprintf(stderr, "  WRITE FAILED: %s; the file is cut short but readable\n",
			strerror(s->write_error));
	if (s->have_status) {
		if (WIFEXITED(s->status))
			fprintf(stderr, "  command  exited with status %d\n", WEXITSTATUS(s->status));
		else if (WIFSIGNALED(s->status))
			fprintf(stderr, "  command  killed by signal %d (%s)\n", WTERMSIG(s->status),
				strsignal(WTERMSIG(s->status)));
	}
}

/* schedscope's exit status when a recording could not start: 127, as a
 * shell says, when the command is not there. */
static int start_failed(int rc, const struct ss_session_opts *o, const char *err)
{
	fprintf(stderr, "schedscope: %s\n", err);
	return rc == -ENOENT && o->argv && o->argv[0] ? 127 : CLI_FAIL;
}

/* ... and when it ran: the command's, unless the file could not be written. */
static int finished(const struct ss_session_summary *sum)
{
	if (sum->write_error)
		return CLI_FAIL;
	return sum->have_status ? ss_launch_exit_code(sum->status) : 0;
}

/* The plain (no UI) recording loop; shows progress when there is no command
 * writing to the terminal. */
int cli_record_plain(const struct ss_session_opts *o, bool quiet)
{
	struct ss_session_summary *sum = calloc(1, sizeof(*sum));
	struct ss_session *s;
	char err[512];
	bool progress = !quiet && !(o->argv && o->argv[0]) && isatty(STDERR_FILENO);
	time_t last = 0;
	int rc;

	if (!sum)
		return CLI_FAIL;
	cli_catch_stop_signals();
	rc = ss_session_start(&s, o, err, sizeof(err));
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

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope record [-o FILE] [--all] [--duration S] [--buffer MB] -- CMD [ARGS]\n"
		"       schedscope record --all [--duration S] [-o FILE]\n\n"
		"Records what the scheduler does while CMD runs: every context switch on every\n"
		"CPU, and the wakeups, forks, execs, exits, migrations and USDT markers of CMD's\n"
		"whole process tree. Needs root (or CAP_BPF and CAP_PERFMON); under sudo, CMD runs\n"
		"as the invoking user and the file belongs to that user.\n\n"
		"Options:\n"
		"  -o, --output FILE   trace file (default: schedscope.trace)\n"
		"  -a, --all           record the whole system, until Ctrl-C or --duration\n"
		"  -d, --duration S    stop recording after S seconds (e.g. 1.5, 200ms)\n"
		"  -b, --buffer MB     ring buffer size in MiB (default 16)\n"
		"      --usdt BINARY   also attach to BINARY's USDT probes (CMD's own are automatic)\n"
		"      --flows         also count every read and write on pipes and sockets, for\n"
		"                      'schedscope flows' (a hook on every syscall: about 7%% more\n"
		"                      overhead on a syscall-heavy program)\n"
		"      --live          show the live timeline while recording (CMD's output goes\n"
		"                      to FILE.out); it stays open on the finished trace until q\n"
		"      --no-ui         no timeline, the plain summary (the default for record)\n"
		"  -q, --quiet         no closing summary\n"
		"  -v, --verbose       say more (libbpf's messages too)\n"
		"  -h, --help          this help\n\n"
		"The exit status is CMD's. Ctrl-C or SIGTERM stops recording and closes the file\n"
		"cleanly.\n");
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
		{ "flows", no_argument, NULL, 'F' },
		{ "no-flows", no_argument, NULL, 'X' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "live", no_argument, NULL, 'L' },
		{ "no-ui", no_argument, NULL, 'N' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
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
		case 'F': o->flows = true; break;
		case 'X': o->flows = false; break;
		case 'q': *quiet = true; break;
		case 'L': *ui = CLI_UI_LIVE; break;
		case 'N': *ui = CLI_UI_NONE; break;
		case 'v': log_set_level(LOG_DEBUG); break;
		case 'h': return -1;
		default:
			return cli_bad_option(cmd, c, argv);
		}
	}
	*first_arg = optind;
	return 0;
}

int cmd_record(int argc, char **argv)
{
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
	o.usdt_binaries = usdt;
	if (!o.argv && !o.all)
		return cli_usage_error("record", "give a command to record after --, or --all");
	return ui == CLI_UI_LIVE ? cli_record_live(&o, quiet, NULL, NULL) : cli_record_plain(&o, quiet);
}

int cli_record_live(const struct ss_session_opts *o, bool quiet, const char *title, const char *lesson)
{
	struct ss_session_summary *sum = calloc(1, sizeof(*sum));
	struct ui_opts uo = { .title = title, .lesson = lesson, .trace_path = o->out_path };
	char cmd[512], out[PATH_MAX], err[512];
	size_t off = 0;
	int rc;

	if (!sum)
		return CLI_FAIL;
	if (!title) {
		off = (size_t)snprintf(cmd, sizeof(cmd), "%s", o->all ? "the whole system" : "");
		for (int i = 0; o->argv && o->argv[i] && off < sizeof(cmd); i++)
			off += (size_t)snprintf(cmd + off, sizeof(cmd) - off, "%s%s", off ? " " : "", o->argv[i]);
		uo.title = cmd;
	}
	rc = ui_live(o, &uo, sum, out, sizeof(out), err, sizeof(err));
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
