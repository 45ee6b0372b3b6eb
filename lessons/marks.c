/*
 * Reading the scenarios' markers. The ids and argument meanings are
 * scenarios/probes.h's, included here so that a probe renamed or an id
 * renumbered on the scenarios' side cannot drift from this one unnoticed.
 */
#include "lessons/marks.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "scenarios/probes.h"
#include "util/fmt.h"

static const char *const probe_names[LP_COUNT] = {
	[LP_PHASE] = "phase",
	[LP_TASK_START] = "task_start",
	[LP_TASK_END] = "task_end",
	[LP_PUT] = "put",
	[LP_GET] = "get",
	[LP_LOCK_WANTED] = "lock_wanted",
	[LP_LOCK_TAKEN] = "lock_taken",
	[LP_LOCK_RELEASED] = "lock_released",
	[LP_THREAD_START] = "thread_start",
	[LP_THREAD_END] = "thread_end",
	[LP_CONNECT] = "connect",
	[LP_ACCEPT] = "accept",
	[LP_FORK_RETURN] = "fork_return",
	[LP_RESULT] = "result",
	[LP_LOCAL_SET] = "local_set",
	[LP_LOCAL_GET] = "local_get",
};

enum lesson_probe lesson_probe_parse(const char *name)
{
	for (int p = LP_NONE + 1; p < LP_COUNT; p++)
		if (!strcmp(probe_names[p], name))
			return (enum lesson_probe)p;
	return LP_NONE;
}

static enum lesson_probe kind_of_probe(const struct ss_probe *p)
{
	return p && !strcmp(p->provider, "schedscope") ? lesson_probe_parse(p->name) : LP_NONE;
}

void lesson_marks_sync(struct lesson_marks *mk, const struct ss_model *m)
{
	if (mk->nprobes == m->nprobes && m->nprobes)
		return;
	memset(mk->kind_of, 0, sizeof(mk->kind_of));
	for (size_t i = 0; i < m->nprobes; i++)
		if (m->probes[i].id < LESSON_PROBE_IDS)
			mk->kind_of[m->probes[i].id] = (uint8_t)kind_of_probe(&m->probes[i]);
	mk->nprobes = m->nprobes;
}

enum lesson_probe lesson_mark_kind(const struct lesson_marks *mk, const struct ss_event *ev)
{
	if (ev->kind != SS_MARKER || ev->marker.probe >= LESSON_PROBE_IDS)
		return LP_NONE;
	return (enum lesson_probe)mk->kind_of[ev->marker.probe];
}

static bool wanted(const struct lesson_marks *mk, const struct ss_event *ev, enum lesson_probe k, uint32_t tid)
{
	enum lesson_probe got = lesson_mark_kind(mk, ev);

	return got != LP_NONE && (k == LP_NONE || got == k) && (!tid || ev->pid == tid);
}

const struct ss_event *lesson_next(const struct lesson_marks *mk, const struct ss_model *m, size_t *i,
				   enum lesson_probe k, uint32_t tid)
{
	while (*i < m->nmarkers) {
		const struct ss_event *ev = &m->marks[m->markers[(*i)++]];

		if (wanted(mk, ev, k, tid))
			return ev;
	}
	return NULL;
}

const struct ss_event *lesson_thread_next(const struct lesson_marks *mk, const struct ss_model *m,
					  const struct ss_thread *t, size_t *i, enum lesson_probe k)
{
	while (*i < t->nmarks) {
		const struct ss_event *ev = &m->marks[t->marks[(*i)++]];

		if (wanted(mk, ev, k, 0))
			return ev;
	}
	return NULL;
}

const struct ss_event *lesson_first(const struct lesson_marks *mk, const struct ss_model *m, enum lesson_probe k,
				    int64_t arg0)
{
	const struct ss_event *ev;
	size_t i = 0;

	while ((ev = lesson_next(mk, m, &i, k, 0)) != NULL)
		if (arg0 < 0 || ev->marker.args[0] == arg0)
			return ev;
	return NULL;
}

char *lesson_text8(int64_t v, char *buf)
{
	uint64_t u = (uint64_t)v;
	unsigned i;

	for (i = 0; i < 8 && (u >> (8 * i)) & 0xff; i++)
		buf[i] = (char)((u >> (8 * i)) & 0xff);
	buf[i] = 0;
	return buf;
}

char *lesson_item_words(enum scenario_items kind, int64_t item, char *buf, size_t size)
{
	char text[9];

	switch (kind) {
	case SCENARIO_ITEMS_TEXT: snprintf(buf, size, "'%s'", lesson_text8(item, text)); break;
	case SCENARIO_ITEMS_NUMBER: snprintf(buf, size, "%" PRId64, item); break;
	default: snprintf(buf, size, "task %" PRId64, item); break;
	}
	return buf;
}

/* "2 processes", "1 process" (fmt_count()); a damaged trace's negative
 * count as it is, in the plural */
static void phase_count(char *buf, size_t size, int64_t n, const char *one, const char *many)
{
	if (n < 0)
		snprintf(buf, size, "%" PRId64 " %s", n, many);
	else
		fmt_count(buf, size, (uint64_t)n, one, many);
}

char *lesson_phase_name(int64_t phase, int64_t arg, char *buf, size_t size)
{
	switch (phase) {
	case SS_PHASE_START: snprintf(buf, size, "start"); break;
	case SS_PHASE_END: snprintf(buf, size, "end"); break;
	case SS_PHASE_JOIN: snprintf(buf, size, "join"); break;
	case SS_PHASE_CLOSE: snprintf(buf, size, "close"); break;
	case SS_PHASE_TERMINATE: snprintf(buf, size, "terminate %" PRId64, arg); break;
	case SS_PHASE_PROCESSES: phase_count(buf, size, arg, "process", "processes"); break;
	case SS_PHASE_THREADS: phase_count(buf, size, arg, "thread", "threads"); break;
	case SS_PHASE_MANY: phase_count(buf, size, arg, "yielding thread", "yielding threads"); break;
	default: snprintf(buf, size, "phase %" PRId64, phase); break;
	}
	return buf;
}

char *lesson_marker_words(const struct lesson_marks *mk, enum scenario_items items, const struct ss_event *ev,
			  char *buf, size_t size)
{
	const int64_t *a = ev->marker.args;
	char x[32], t[9];
	bool result;

	switch (lesson_mark_kind(mk, ev)) {
	case LP_PHASE: lesson_phase_name(a[0], a[1], buf, size); break;
	case LP_TASK_START: snprintf(buf, size, "task %" PRId64 " starts", a[0]); break;
	case LP_TASK_END: snprintf(buf, size, "task %" PRId64 " ends", a[0]); break;
	case LP_PUT:
	case LP_GET:
		result = a[0] == SS_QUEUE_RESULTS;
		snprintf(buf, size, "%s %s%s", lesson_mark_kind(mk, ev) == LP_PUT ? "put" : "got",
			 lesson_item_words(result ? SCENARIO_ITEMS_NUMBER : items, a[1], x, sizeof(x)),
			 result ? " (result)" : "");
		break;
	case LP_LOCK_WANTED:
		snprintf(buf, size, a[1] ? "wants the lock, held by %" PRId64 : "wants the lock", a[1]);
		break;
	case LP_LOCK_TAKEN: snprintf(buf, size, "took the lock"); break;
	case LP_LOCK_RELEASED: snprintf(buf, size, "released the lock"); break;
	case LP_THREAD_START: snprintf(buf, size, "thread %" PRId64 " starts", a[0]); break;
	case LP_THREAD_END: snprintf(buf, size, "thread %" PRId64 " ends", a[0]); break;
	case LP_CONNECT: snprintf(buf, size, "connected from port %" PRId64, a[1]); break;
	case LP_ACCEPT: snprintf(buf, size, "accepted connection %" PRId64 " (port %" PRId64 ")", a[0], a[1]); break;
	case LP_FORK_RETURN: snprintf(buf, size, "fork() returned %" PRId64, a[0]); break;
	case LP_RESULT:
		snprintf(buf, size, a[0] == SS_RESULT_BALANCE ? "balance = %" PRId64 : "result %" PRId64, a[1]);
		break;
	case LP_LOCAL_SET: snprintf(buf, size, "sets its copy (0x%" PRIx64 ") = %s", (uint64_t)a[0], lesson_text8(a[1], t)); break;
	case LP_LOCAL_GET: snprintf(buf, size, "reads its copy (0x%" PRIx64 "): %s", (uint64_t)a[0], lesson_text8(a[1], t)); break;
	default: snprintf(buf, size, "marker"); break;
	}
	return buf;
}
