/* The subcommands and what they share: option errors, opening a trace. */
#ifndef SCHEDSCOPE_CLI_CLI_H
#define SCHEDSCOPE_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"
#include "tracefile/reader.h"
#include "util/fmt.h"

/* Exit statuses: 0 success, 1 failure, 2 bad usage. */
#define CLI_FAIL  1
#define CLI_USAGE 2

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

int cmd_record(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_view(int argc, char **argv);
int cmd_why(int argc, char **argv);
int cmd_flows(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_critical(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_lesson(int argc, char **argv);

/* Prints "schedscope CMD: MESSAGE" and a pointer to --help; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "schedscope CMD: out of memory" (a command whose output would
 * otherwise lack rows says so, never ends short in silence); returns
 * CLI_FAIL. */
int cli_out_of_memory(const char *cmd);
/* For getopt's '?' (unknown option) and ':' (missing value; optstrings
 * start with ':'): prints which, and returns CLI_USAGE. */
int cli_bad_option(const char *cmd, int c, char **argv);
/* For commands that take one FILE and --salvage: parses them (and --help,
 * which calls usage). Returns 0 with *path and *flags set, -1 when help was
 * shown (exit 0), or CLI_USAGE. */
int cli_parse_file_args(const char *cmd, int argc, char **argv, void (*usage)(FILE *),
			const char **path, unsigned *flags);
/* The same for commands that take trace files, --tsv and --salvage (check,
 * compare): 0 with the first file's index in *first, -1 when help was shown,
 * or CLI_USAGE. */
int cli_parse_tsv_args(const char *cmd, int argc, char **argv, void (*usage)(FILE *), bool *tsv, unsigned *flags,
		       int *first);
/* Opens a trace, printing the reason on failure. A trace without its end
 * (cut short, or a recording that never finished) is said once on stderr
 * (cli_tell_incomplete()), and the command goes on with what it holds. */
struct ss_reader *cli_open_trace(const char *path, unsigned flags);
/* Says once per path, on stderr, that a trace is incomplete and what that
 * means: why, where it ends, how many events it holds. Nothing for a whole
 * trace. Every command that reads a trace says it through here. */
void cli_tell_incomplete(const struct ss_reader *r);
/* Loads a trace into a model, printing the reason on failure (-1), and a
 * warning when memory ran out and the model is incomplete (0). */
int cli_load_model(struct ss_model *m, const char *path, unsigned flags);
/* Whether an event names pid: as its task, the next to run, the woken, the
 * forked, the exec's old pid or the signalled. */
bool cli_event_involves(const struct ss_event *ev, uint32_t pid);
/* For --pid: 0 if pid (a thread, or a process by its tgid) appears in the
 * trace (pid 0, the idle tasks, always does); else says so on stderr and
 * returns CLI_FAIL. */
int cli_check_pid(const char *cmd, const struct ss_reader *r, uint32_t pid);
struct lesson;
/* The timeline's title for a trace, from its header: the lesson and its
 * summary when the command was a scenario (*l filled, true), else the
 * command line (false). */
bool cli_view_title(const struct ss_reader *r, struct lesson *l, char *buf, size_t size);
/* --window "START,END": times since the recording began ("1.5", "200ms");
 * either side may be left out ("1s,", ",500ms", ","): START is then 0, END
 * UINT64_MAX (to the end). An END given must be after START, by a
 * nanosecond at least (so "0,1e-12" is no window, not the whole trace).
 * false: not a window. The one rule of every command's --window. */
bool cli_parse_window(const char *s, uint64_t *from_ns, uint64_t *to_ns);
/* Says a --window argument is not one; returns CLI_USAGE. */
int cli_window_error(const char *cmd, const char *arg);
/* Parses a non-negative integer option; false if it is not one. */
bool cli_parse_u32(const char *s, uint32_t *out);
/* A moment of the trace r reads, in the one form of a moment (fmt_moment). */
static inline char *cli_moment(const struct ss_reader *r, uint64_t ts_ns, char *buf, size_t size)
{
	return fmt_moment(buf, size, r->info.start_ns, ts_ns);
}

#endif
