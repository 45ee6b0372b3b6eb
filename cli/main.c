/* schedscope: watch the Linux scheduler run your program. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "tracefile/format.h"
#include "util/invoker.h"
#include "util/log.h"

/* The commands that need root: they load BPF (`lesson` records when it
 * can, and drops to the user itself when it shows a reference trace). Every
 * other command reads traces and writes files for the user, so under sudo
 * it first becomes that user for good: a student cannot read another's 0600
 * trace through it. */
static bool needs_root(const char *name)
{
	return !strcmp(name, "record") || !strcmp(name, "run") || !strcmp(name, "lesson");
}

static int drop_to_invoker(void)
{
	int rc = invoker_drop();

	if (rc)
		fprintf(stderr, "schedscope: cannot act as the user behind sudo (SUDO_UID, SUDO_GID): %s\n",
			strerror(-rc));
	return rc;
}

static const struct cli_cmd commands[] = {
	{ "record", cmd_record, "trace a command (or the whole system) into a trace file" },
	{ "run", cmd_run, "trace one of the lesson scenarios (default: pool)" },
	{ "list", cmd_list, "list the scenarios" },
	{ "info", cmd_info, "summarise a trace file: header, counts, lost events" },
	{ "dump", cmd_dump, "print a trace's events, one line each, in time order" },
	{ "view", cmd_view, "show a trace's timeline per CPU and per thread (no root needed)" },
	{ "why", cmd_why, "say, in plain words, why a thread waited each time it did" },
	{ "flows", cmd_flows, "list the pipes, sockets and locks the traced programs shared" },
	{ "export", cmd_export, "write a trace for Perfetto, Chrome's trace viewer, or spreadsheets" },
	{ "check", cmd_check, "check a lesson's trace for what the lesson is about (pass/fail)" },
	{ "critical", cmd_critical, "follow a thread's critical path: what its time was spent waiting on" },
	{ "stats", cmd_stats, "run-queue latency and blocked time as histograms, per thread and per CPU" },
	{ "compare", cmd_compare, "put two runs side by side: times, switches, latency, checks" },
	{ "lesson", cmd_lesson, "a lesson: run it live as root, or open its reference trace" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: schedscope COMMAND [OPTIONS]\n\n"
		   "Records what the Linux scheduler does with a program (eBPF) and shows it.\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'schedscope COMMAND --help' for a command's options.\n"
		   "Quick start: sudo schedscope run        (traces the pool scenario)\n"
		   "Without root: schedscope lesson pool    (the pool lesson's reference trace)\n");
}

/* Every command's printing ends here: a full disk behind stdout is said
 * once and fails the command, whichever command printed (a dump cut short
 * must not look like a whole one to a script). A reader that stopped
 * reading is no error of ours: we end quietly, as SIGPIPE ends us when its
 * action is the default, also when whoever started us ignored it (git does
 * the same). */
static int finish(int rc)
{
	int err = fflush(stdout) == EOF ? errno : 0;

	if (!err && ferror(stdout))
		err = EIO;          /* an earlier write failed; its errno is gone */
	if (err == EPIPE) {          /* stdio keeps what it could not write: the flush fails again */
		sigset_t pipe;

		sigemptyset(&pipe);
		sigaddset(&pipe, SIGPIPE);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &pipe, NULL);
		raise(SIGPIPE);
		return 128 + SIGPIPE;
	}
	if (err) {
		fprintf(stderr, "schedscope: writing output: %s\n", strerror(err));
		return rc ? rc : CLI_FAIL;
	}
	return rc;
}

static int run(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;

	log_set_prog("schedscope");
	if (!name || !strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
		if (name && !strcmp(name, "help") && argc > 2) {
			char *args[] = { argv[2], "--help", NULL };

			for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
				if (!strcmp(commands[i].name, argv[2]))
					return commands[i].run(2, args);
		}
		usage(name ? stdout : stderr);
		return name ? 0 : CLI_USAGE;
	}
	if (!strcmp(name, "--version")) {
		/* the formats the reader reads; the writer writes the newest only
		 * with kernel stacks (ss_file_version()) */
		printf("schedscope 0.1 (trace formats %d-%d)\n", SS_FILE_VERSION_MIN, SS_FILE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name))
			continue;
		if (!needs_root(name) && drop_to_invoker())
			return CLI_FAIL;
		return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "schedscope: unknown command '%s'\n", name);
	usage(stderr);
	return CLI_USAGE;
}

int main(int argc, char **argv)
{
	return finish(run(argc, argv));
}
