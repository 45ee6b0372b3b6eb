/*
 * The checklist: finding a lesson's checks and running them on a model that
 * may still grow, keeping what has passed (and once the model is finished,
 * saying it with the whole run's numbers). The checks themselves are in
 * checks_procs.c, checks_threads.c and checks_phases.c, one group of
 * lessons each; what they share is checks.c.
 */
#include "lessons/check.h"

#include <stdbool.h>
#include <string.h>

#include "lessons/checks.h"
#include "scenarios/probes.h"

static const struct lesson_check_table *const groups[] = {
	lesson_checks_procs, lesson_checks_threads, lesson_checks_phases,
};

static const struct lesson_check_def *checks_of(const struct lesson *l)
{
	const char *variant = l->variant ? l->variant->name : NULL;

	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (const struct lesson_check_table *t = groups[g]; t->scenario; t++)
			if (!strcmp(t->scenario, l->sc->name) &&
			    (variant ? t->variant && !strcmp(t->variant, variant) : !t->variant))
				return t->defs;
	return NULL;
}

void lesson_checklist_init(struct lesson_checklist *cl, const struct lesson *l)
{
	const struct lesson_check_def *d = checks_of(l);

	memset(cl, 0, sizeof(*cl));
	cl->l = l;
	for (; d && d->id && cl->n < LESSON_MAX_CHECKS; d++, cl->n++) {
		cl->r[cl->n].id = d->id;
		cl->r[cl->n].title = d->title;
	}
}

size_t lesson_checklist_update(struct lesson_checklist *cl, const struct ss_model *m)
{
	const struct lesson_check_def *d = checks_of(cl->l);
	struct lesson_ctx c = { .m = m, .l = cl->l, .mk = &cl->mk, .over = m->finished };
	const struct ss_event *start;
	size_t changed = 0;

	lesson_marks_sync(&cl->mk, m);
	start = lesson_first(&cl->mk, m, LP_PHASE, SS_PHASE_START);
	c.main = start ? ss_model_thread(m, start->pid) : NULL;
	c.ended = lesson_first(&cl->mk, m, LP_PHASE, SS_PHASE_END) != NULL;
	lesson_run_span(m, &c.run0, &c.run1);
	for (size_t i = 0; i < cl->n; i++) {
		struct lesson_result r = { .id = d[i].id, .title = d[i].title };
		bool passed = cl->r[i].verdict == LESSON_PASS;

		/* live, a passed check costs no frame; once the model is finished
		 * it is run once more, so its sentence counts the whole run (what
		 * `check` says), and keeps its tick if the end no longer shows it */
		if (passed && !m->finished)
			continue;
		/* every check is about the scenario's main thread: without its
		 * start marker (not reached yet, or a trace that lost it) none
		 * can say more than that */
		if (c.main)
			d[i].fn(&c, &r);
		else
			lesson_not_yet(&c, &r, NULL, "the scenario has not started yet");
		if (passed && r.verdict != LESSON_PASS)
			continue;
		changed += r.verdict != cl->r[i].verdict;
		cl->r[i] = r;
	}
	return changed;
}

enum lesson_verdict lesson_checklist_verdict(const struct lesson_checklist *cl)
{
	static const int rank[] = { [LESSON_PASS] = 0, [LESSON_PENDING] = 1, [LESSON_INCONCLUSIVE] = 2,
				    [LESSON_FAIL] = 3 };
	enum lesson_verdict v = LESSON_PASS;

	for (size_t i = 0; i < cl->n; i++)
		if (rank[cl->r[i].verdict] > rank[v])
			v = cl->r[i].verdict;
	return v;
}

const char *lesson_verdict_mark(enum lesson_verdict v)
{
	switch (v) {
	case LESSON_PASS: return "\u2713";
	case LESSON_FAIL: return "\u2717";
	case LESSON_INCONCLUSIVE: return "?";
	default: return "\u2026";
	}
}

const char *lesson_verdict_name(enum lesson_verdict v)
{
	switch (v) {
	case LESSON_PASS: return "pass";
	case LESSON_FAIL: return "fail";
	case LESSON_INCONCLUSIVE: return "inconclusive";
	default: return "pending";
	}
}
