/* schedscope: watch the Linux scheduler run your program. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/log.h"

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
};

static void usage(FILE *f)
{
	fprintf(f, "usage: schedscope COMMAND [OPTIONS]\n\n"
		   "Records what the Linux scheduler does with a program (eBPF) and shows it.\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'schedscope COMMAND --help' for a command's options.\n"
		   "Quick start: sudo schedscope run        (traces the pool scenario)\n");
}

int main(int argc, char **argv)
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
		printf("schedscope 0.1 (trace format 1)\n");
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "schedscope: unknown command '%s'\n", name);
	usage(stderr);
	return CLI_USAGE;
}
