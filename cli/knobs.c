/*
 * The experiment's knobs on the command line, for `run` and `record`:
 * --cpus LIST (affinity), --nice N, --policy P [--prio N], parsed into
 * model/knobs.h's struct and checked where a user can be told at once (a
 * CPU this machine does not have, a --prio without a real-time policy).
 * Whether the user may set them is the launcher's to find out, as the user
 * (tracer/launch.h).
 */
#include "cli/knobs.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/cpulist.h"

/* The CPUs in list that this machine does not have online, named: 0, or CLI_USAGE. */
static int check_cpus(const char *cmd, const char *list, const cpu_set_t *want)
{
	cpu_set_t online;
	char have[SS_KNOB_CPUS_MAX];
	long conf = sysconf(_SC_NPROCESSORS_CONF);

	if (cpulist_online(&online))
		return 0;     /* nothing to check against; the launcher's affinity call will say */
	cpulist_format(&online, have, sizeof(have));
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, want) || CPU_ISSET(c, &online))
			continue;
		if (conf > 0 && c >= conf)
			return cli_usage_error(cmd, "--cpus %s: there is no CPU %d; this machine's CPUs are %s", list, c, have);
		return cli_usage_error(cmd, "--cpus %s: CPU %d is offline; the online CPUs are %s", list, c, have);
	}
	return 0;
}

int cli_parse_knob(const char *cmd, int c, const char *arg, struct ss_knobs *k)
{
	cpu_set_t set;
	char err[160];
	uint32_t v;

	switch (c) {
	case CLI_KNOB_CPUS: {
		if (cpulist_parse(arg, &set, err, sizeof(err)))
			return cli_usage_error(cmd, "--cpus: %s", err);
		int rc = check_cpus(cmd, arg, &set);

		if (rc)
			return rc;
		cpulist_format(&set, k->cpus, sizeof(k->cpus));
		k->set |= SS_KNOB_CPUS;
		return 0;
	}
	case CLI_KNOB_NICE: {
		char *end;
		long n;

		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno || end == arg || *end || n < -20 || n > 19)
			return cli_usage_error(cmd, "--nice wants a number from -20 to 19, not '%s'", arg);
		k->nice = (int32_t)n;
		k->set |= SS_KNOB_NICE;
		return 0;
	}
	case CLI_KNOB_POLICY:
		if (ss_knobs_policy_parse(arg, &k->policy))
			return cli_usage_error(cmd, "--policy wants other, batch, idle, fifo or rr, not '%s'", arg);
		k->set |= SS_KNOB_POLICY;
		return 0;
	case CLI_KNOB_PRIO:
		if (!cli_parse_u32(arg, &v) || v < 1 || v > 99)
			return cli_usage_error(cmd, "--prio wants a real-time priority from 1 to 99, not '%s'", arg);
		k->prio = v;
		return 0;
	}
	return CLI_USAGE;
}

int cli_check_knobs(const char *cmd, struct ss_session_opts *o)
{
	struct ss_knobs *k = &o->knobs;
	bool rt = k->set & SS_KNOB_POLICY && ss_knobs_policy_rt(k->policy);

	if (k->prio && !rt)
		return cli_usage_error(cmd, "--prio is the priority of --policy fifo or rr");
	if (rt && !k->prio)
		k->prio = 1;
	if (k->set && o->all)
		return cli_usage_error(cmd, "--cpus, --nice and --policy are for a command, not for --all");
	return 0;
}

