/* What `record` and `run` share: options, the recording loop, the summary. */
#ifndef SCHEDSCOPE_CLI_RECORD_H
#define SCHEDSCOPE_CLI_RECORD_H

#include <stdbool.h>
#include <sys/wait.h>

#include "tracer/session.h"

struct lesson;

/* Where a recording is shown: --live (the timeline), --no-ui (the plain summary). */
enum cli_ui { CLI_UI_AUTO, CLI_UI_LIVE, CLI_UI_NONE };

/* Parses record's options into o. Returns 0 (the words after the options, or
 * after "--", start at *first_arg), -1 for --help, or CLI_USAGE after printing
 * the problem. With name non-NULL, one word among the options is taken as a
 * name (run's scenario) wherever it stands. */
int cli_parse_record_opts(const char *cmd, int argc, char **argv, struct ss_session_opts *o,
			  bool *quiet, enum cli_ui *ui, const char **usdt, const char **name, int *first_arg);
/* Records until the command exits, --duration passes, or a stop signal;
 * prints the summary. Returns the exit status schedscope should have. */
int cli_record_plain(const struct ss_session_opts *o, bool quiet);
/* The same with the live timeline open (ui/ui.h); the summary after it
 * closes. title and lesson head the view (NULL: the command line). */
int cli_record_live(const struct ss_session_opts *o, bool quiet, const char *title, const struct lesson *les);
/* The same with the rerun key (live/live.h: struct live_rerun). */
struct live_rerun;
int cli_record_live_rerun(const struct ss_session_opts *o, bool quiet, const char *title, const struct lesson *les,
			  struct live_rerun *rr);
void cli_print_summary(const struct ss_session_summary *s);
/* SIGINT/SIGTERM/SIGHUP set a flag instead of killing us. */
void cli_catch_stop_signals(void);
/* The signal that asked the recording or export to stop, or 0. */
int cli_stop_signal(void);

#endif
