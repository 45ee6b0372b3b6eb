/*
 * A lesson's "what to notice", checked: 2 to 5 checks per lesson, each code
 * over the model (never text matching), each with a verdict, one sentence
 * of evidence with this run's numbers, a hint when the run did not show it
 * ("rerun with `-- --tasks 10`"), the moment in the trace it is about and
 * the threads and items (task ids, values) involved. `schedscope check`
 * prints them; the timeline's checklist shows them and jumps to their
 * moments.
 *
 * Live, the checklist is updated on a model that is still growing: a check
 * is pending until the trace holds what it needs, then passes (and stays
 * passed: it lit up when the trace first showed it; at the end its evidence
 * is said again with the whole run's numbers) or, once its facts are all
 * in, fails. A check whose outcome depends on having the CPUs (busy
 * cores, equal times) measures other tasks' share of the CPUs in the trace
 * itself and says "inconclusive" rather than failing when they took more
 * than SS_INTERFERENCE_PCT.
 */
#ifndef SCHEDSCOPE_LESSONS_CHECK_H
#define SCHEDSCOPE_LESSONS_CHECK_H

#include <stddef.h>

#include "lessons/lesson.h"
#include "lessons/marks.h"
#include "lessons/result.h"
#include "model/model.h"

struct lesson_checklist {
	const struct lesson *l;
	struct lesson_marks mk;
	struct lesson_result r[LESSON_MAX_CHECKS];
	size_t n;
};

/* The checks of lesson l (kept by pointer), all pending. */
void lesson_checklist_init(struct lesson_checklist *cl, const struct lesson *l);
/* Evaluates the checks on m, finished or growing; a passed check is not
 * evaluated again while m grows, and once more when m is finished (its
 * evidence then counts the whole run, as `check` does; it stays passed).
 * Returns how many checks changed verdict. */
size_t lesson_checklist_update(struct lesson_checklist *cl, const struct ss_model *m);
/* The overall verdict: FAIL if one failed, else INCONCLUSIVE if one was,
 * else PENDING if one is, else PASS. */
enum lesson_verdict lesson_checklist_verdict(const struct lesson_checklist *cl);

/* "✓", "✗", "?", "…" */
const char *lesson_verdict_mark(enum lesson_verdict v);
/* "pass", "fail", "inconclusive", "pending" */
const char *lesson_verdict_name(enum lesson_verdict v);

#endif
