/* What `record` and `run` share: options, the recording loop, the summary. */
#ifndef SCHEDSCOPE_CLI_RECORD_H
#define SCHEDSCOPE_CLI_RECORD_H

#include <stdbool.h>
#include <sys/wait.h>

#include "tracer/session.h"

/* Parses record's options into o. Returns 0 (the words after the options, or
 * after "--", start at *first_arg), -1 for --help, or CLI_USAGE after printing
 * the problem. With name non-NULL, one word among the options is taken as a
 * name (run's scenario) wherever it stands. */
int cli_parse_record_opts(const char *cmd, int argc, char **argv, struct ss_session_opts *o,
			  bool *quiet, const char **usdt, const char **name, int *first_arg);
/* Records until the command exits, --duration passes, or a stop signal;
 * prints the summary. Returns the exit status schedscope should have. */
int cli_record_plain(const struct ss_session_opts *o, bool quiet);
void cli_print_summary(const struct ss_session_summary *s);
/* SIGINT/SIGTERM/SIGHUP set a flag instead of killing us. */
void cli_catch_stop_signals(void);
int cli_stop_signal(void);

#endif
