/* The experiment's knobs among run's and record's options (cli/knobs.c). */
#ifndef SCHEDSCOPE_CLI_KNOBS_H
#define SCHEDSCOPE_CLI_KNOBS_H

#include "model/knobs.h"
#include "tracer/session.h"

/* getopt codes of --cpus, --nice, --policy, --prio */
enum { CLI_KNOB_CPUS = 0x200, CLI_KNOB_NICE, CLI_KNOB_POLICY, CLI_KNOB_PRIO };

/* One option's value into k. 0, or CLI_USAGE after saying why. */
int cli_parse_knob(const char *cmd, int c, const char *arg, struct ss_knobs *k);
/* Once all options are in: a --prio needs fifo or rr (which default to 1),
 * and knobs need a command, not --all. 0, or CLI_USAGE after saying why. */
int cli_check_knobs(const char *cmd, struct ss_session_opts *o);

#endif
