/* An experiment's knobs: their names and their description in words. */
#include "model/knobs.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	uint32_t policy;
} policies[] = {
	{ "other", SCHED_OTHER }, { "batch", SCHED_BATCH }, { "idle", SCHED_IDLE },
	{ "fifo", SCHED_FIFO }, { "rr", SCHED_RR },
};

const char *ss_knobs_policy_name(uint32_t policy)
{
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (policies[i].policy == policy)
			return policies[i].name;
	return NULL;
}

int ss_knobs_policy_parse(const char *name, uint32_t *policy)
{
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (!strcmp(policies[i].name, name)) {
			*policy = policies[i].policy;
			return 0;
		}
	return -1;
}

bool ss_knobs_policy_rt(uint32_t policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

char *ss_knobs_describe(const struct ss_knobs *k, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = 0;
	if (k->set & SS_KNOB_CPUS)
		off += (size_t)snprintf(buf + off, size - off, "CPU%s %s", strpbrk(k->cpus, ",-") ? "s" : "", k->cpus);
	if (k->set & SS_KNOB_NICE && off < size)
		off += (size_t)snprintf(buf + off, size - off, "%snice %d", off ? ", " : "", k->nice);
	if (k->set & SS_KNOB_POLICY && off < size) {
		const char *name = ss_knobs_policy_name(k->policy);
		char upper[16] = "";

		for (size_t i = 0; name && name[i] && i < sizeof(upper) - 1; i++)
			upper[i] = (char)(name[i] - 'a' + 'A');
		if (name)
			off += (size_t)snprintf(buf + off, size - off, "%sSCHED_%s", off ? ", " : "", upper);
		else
			off += (size_t)snprintf(buf + off, size - off, "%spolicy %u", off ? ", " : "", k->policy);
		if (ss_knobs_policy_rt(k->policy) && off < size)
			snprintf(buf + off, size - off, " priority %u", k->prio);
	}
	return buf;
}
