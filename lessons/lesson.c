/*
 * Which lesson a run is, and where in its trace the lesson shows. The
 * window follows the catalog's declaration: between two markers (the first
 * contended lock, the first task's round trip), or around the first few
 * hand-offs (pipe's round trips carry no markers: the kernel's wake-ups
 * are the round trips).
 */
#include "lessons/lesson.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lessons/marks.h"
#include "model/handoff.h"
#include "scenarios/probes.h"

static void choose_variant(struct lesson *l)
{
	l->variant = NULL;
	l->summary = l->sc->summary;
	l->text = l->sc->lesson;
	l->show = &l->sc->show;
	for (const struct scenario_variant *v = l->sc->variants; v && v->name; v++) {
		if (lesson_has_option(l, v->option)) {
			l->variant = v;
			l->summary = v->summary;
			l->text = v->lesson;
			l->show = &v->show;
			return;
		}
	}
}

int lesson_from_cmdline(struct lesson *l, const char *cmdline)
{
	size_t n = strcspn(cmdline, " ");
	char prog[1024];

	memset(l, 0, sizeof(*l));
	if (n >= sizeof(prog))
		return -ENOENT;
	memcpy(prog, cmdline, n);
	prog[n] = 0;
	l->sc = scenario_of_program(prog);
	if (!l->sc)
		return -ENOENT;
	snprintf(l->options, sizeof(l->options), "%s", cmdline[n] ? cmdline + n + 1 : "");
	choose_variant(l);
	return 0;
}

void lesson_from_args(struct lesson *l, const struct scenario *sc, int argc, char *const *argv)
{
	size_t off = 0;

	memset(l, 0, sizeof(*l));
	l->sc = sc;
	for (int i = 0; i < argc && off < sizeof(l->options); i++)
		off += (size_t)snprintf(l->options + off, sizeof(l->options) - off, "%s%s", i ? " " : "", argv[i]);
	choose_variant(l);
}

bool lesson_has_option(const struct lesson *l, const char *opt)
{
	size_t k = strlen(opt);

	for (const char *w = l->options; *w;) {
		size_t n = strcspn(w, " ");

		if (n >= k && !strncmp(w, opt, k) && (n == k || w[k] == '='))
			return true;
		w += n;
		w += *w == ' ';
	}
	return false;
}

bool lesson_option_long(const struct lesson *l, const char *opt, long *out)
{
	size_t k = strlen(opt);

	for (const char *w = l->options; *w;) {
		size_t n = strcspn(w, " ");

		if (n >= k && !strncmp(w, opt, k) && (n == k || w[k] == '=')) {
			const char *v = n == k ? w + n + (w[n] == ' ') : w + k + 1;
			char *end;

			if (!*v || *v == ' ')
				return false;
			*out = strtol(v, &end, 10);
			return end != v && (*end == ' ' || !*end);
		}
		w += n;
		w += *w == ' ';
	}
	return false;
}

/* ---- the window ---- */

void lesson_run_span(const struct ss_model *m, uint64_t *from_ns, uint64_t *to_ns)
{
	struct lesson_marks mk = { .nprobes = 0 };
	const struct ss_event *a, *b;

	lesson_marks_sync(&mk, m);
	a = lesson_first(&mk, m, LP_PHASE, SS_PHASE_START);
	b = lesson_first(&mk, m, LP_PHASE, SS_PHASE_END);
	*from_ns = a ? a->ts_ns : m->start_ns;
	*to_ns = b && b->ts_ns > *from_ns ? b->ts_ns : m->end_ns;
}

/* "get:1" -> LP_GET, 1; "lock_wanted" -> LP_LOCK_WANTED, -1. */
static enum lesson_probe parse_spec(const char *spec, int64_t *arg0)
{
	char name[64];
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);

	snprintf(name, sizeof(name), "%.*s", (int)n, spec);
	*arg0 = colon ? strtoll(colon + 1, NULL, 10) : -1;
	return lesson_probe_parse(name);
}

/* The first marker matching spec at index *i of m->markers or later, fired by tid (0: anyone). */
static const struct ss_event *find_spec(const struct lesson_marks *mk, const struct ss_model *m, const char *spec,
					size_t *i, uint32_t tid)
{
	int64_t arg0;
	enum lesson_probe k = parse_spec(spec, &arg0);
	const struct ss_event *ev;

	if (k == LP_NONE)
		return NULL;
	while ((ev = lesson_next(mk, m, i, k, tid)) != NULL)
		if (arg0 < 0 || ev->marker.args[0] == arg0)
			return ev;
	return NULL;
}

/* Where the thread of ev went to sleep before it, if it slept just before. */
static uint64_t slept_from(const struct ss_model *m, const struct ss_event *ev)
{
	const struct ss_thread *t = ss_model_thread(m, ev->pid);
	long k = t ? ss_model_wait_find(m, t, ev->ts_ns) : -1;

	return k >= 0 && t->waits[k].run_ns <= ev->ts_ns ? t->waits[k].block_ns : ev->ts_ns;
}

unsigned lesson_handoff_how(const struct scenario_show *s, int level)
{
	static const unsigned lock[] = { SS_HOW_PROMPT | SS_HOW_WAKER_RAN, SS_HOW_WAKER_RAN, SS_HOW_PROMPT, 0 };
	static const unsigned data[] = { SS_HOW_PROMPT, 0 };
	bool is_lock = s->wakes == SCENARIO_WAKES_LOCK;
	int levels = is_lock ? 4 : 2;

	if (level < 0 || level >= levels)
		return 0;
	return (is_lock ? SS_HOW(SS_WH_FUTEX) | lock[level] : SS_HOW_DATA | data[level]) | SS_HOW_SLEPT;
}

/* From the first of the declared hand-offs' sleeps to the last one's run,
 * the most wanted there are (lesson_handoff_how). */
#define HANDOFFS_LOOKED_AT 64
static bool first_handoffs(const struct ss_model *m, const struct scenario_show *s, uint64_t run0, uint64_t run1,
			   uint64_t *a, uint64_t *b)
{
	struct ss_handoff h[HANDOFFS_LOOKED_AT];
	unsigned how;
	size_t n = 0;

	if (!s->handoffs || s->handoffs > HANDOFFS_LOOKED_AT)
		return false;
	for (int level = 0; n < s->handoffs && (how = lesson_handoff_how(s, level)) != 0; level++)
		n = ss_model_handoffs(m, run0, run1, how, 0, 0, h, HANDOFFS_LOOKED_AT);
	if (n < s->handoffs)
		return false;
	*a = h[0].block_ns;
	*b = h[s->handoffs - 1].run_ns;
	return true;
}

static bool declared(const struct lesson *l, const struct ss_model *m, uint64_t *a, uint64_t *b)
{
	const struct scenario_show *s = l->show;
	struct lesson_marks mk = { .nprobes = 0 };
	const struct ss_event *from, *to;
	uint64_t run0, run1;
	size_t i = 0;

	lesson_run_span(m, &run0, &run1);
	if (s->handoffs)
		return first_handoffs(m, s, run0, run1, a, b);
	if (!s->from)
		return false;
	lesson_marks_sync(&mk, m);
	from = find_spec(&mk, m, s->from, &i, 0);
	to = from && s->to ? find_spec(&mk, m, s->to, &i, s->to_same ? from->pid : 0) : NULL;
	if (!from || (s->to && !to))
		return false;
	*a = s->from_sleep ? slept_from(m, from) : from->ts_ns;
	*b = to ? to->ts_ns : run1;
	return true;
}

#define MIN_PAD_NS 10000
bool lesson_window(const struct lesson *l, const struct ss_model *m, uint64_t *from_ns, uint64_t *to_ns)
{
	bool ok = declared(l, m, from_ns, to_ns);
	uint64_t pad;

	if (!ok)
		lesson_run_span(m, from_ns, to_ns);
	/* a twentieth on each side, and room for the markers just around a short one */
	pad = (*to_ns - *from_ns) / 20;
	pad = pad > MIN_PAD_NS ? pad : MIN_PAD_NS;
	*from_ns = *from_ns >= m->start_ns + pad ? *from_ns - pad : m->start_ns;
	*to_ns = *to_ns + pad <= m->end_ns ? *to_ns + pad : m->end_ns;
	return ok;
}

/* ---- lanes ---- */

size_t lesson_lanes_first(const struct lesson *l, const struct ss_model *m, uint32_t *idx, size_t max)
{
	const char *p = l->show->lanes;
	size_t n = 0;

	while (p && *p && n < max) {
		size_t len = strcspn(p, ",");
		char pat[64];

		snprintf(pat, sizeof(pat), "%.*s", (int)len, p);
		for (size_t k = 0; k < m->nthreads && n < max; k++) {
			bool listed = false;

			if (fnmatch(pat, ss_model_comm(m, m->threads[k].tid, m->end_ns), 0))
				continue;
			for (size_t j = 0; j < n && !listed; j++)
				listed = idx[j] == k;
			if (!listed)
				idx[n++] = (uint32_t)k;
		}
		p += len;
		p += *p == ',';
	}
	return n;
}
