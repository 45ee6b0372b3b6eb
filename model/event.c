#include "model/event.h"

#include <string.h>

static const char *const kind_names[SS_KIND_MAX] = {
	[SS_SWITCH] = "switch",
	[SS_WAKING] = "waking",
	[SS_WAKEUP_NEW] = "wakeup_new",
	[SS_FORK] = "fork",
	[SS_EXEC] = "exec",
	[SS_EXIT] = "exit",
	[SS_MIGRATE] = "migrate",
	[SS_MARKER] = "marker",
	[SS_LOST] = "lost",
};

const char *ss_kind_name(unsigned kind)
{
	return kind < SS_KIND_MAX && kind_names[kind] ? kind_names[kind] : "?";
}

unsigned ss_kind_parse(const char *name)
{
	for (unsigned k = 1; k < SS_KIND_MAX; k++)
		if (kind_names[k] && strcmp(kind_names[k], name) == 0)
			return k;
	return 0;
}

/* Report-form states in bit order; the last is TASK_REPORT_MAX (preempted). */
static const struct {
	unsigned state;
	const char *name;
} states[] = {
	{ SS_ST_RUNNING, "R" }, { SS_ST_S, "S" }, { SS_ST_D, "D" }, { SS_ST_T, "T" },
	{ SS_ST_t, "t" }, { SS_ST_X, "X" }, { SS_ST_Z, "Z" }, { SS_ST_P, "P" },
	{ SS_ST_I, "I" }, { SS_ST_PREEMPTED, "R+" },
};

int ss_state_index(unsigned state)
{
	for (int i = 0; i < (int)(sizeof(states) / sizeof(states[0])); i++)
		if (states[i].state == state)
			return i;
	return -1;
}

unsigned ss_state_from_index(int index)
{
	if (index < 0 || index >= (int)(sizeof(states) / sizeof(states[0])))
		return SS_ST_RUNNING;
	return states[index].state;
}

const char *ss_state_name(unsigned state)
{
	int i = ss_state_index(state);

	return i < 0 ? "?" : states[i].name;
}
