/*
 * A lesson as one run chose it: the scenario a recorded command ran (from
 * the trace header's command line), the variant its options asked for (lock
 * --no-lock is the lost update), and what shows it on the first screen: the
 * view, the lanes to put first and the window of time, computed from the
 * trace by the catalog's declaration (scenarios/catalog.h).
 *
 * Knows the model and the catalog; nothing of curses, BPF or the file format.
 */
#ifndef SCHEDSCOPE_LESSONS_LESSON_H
#define SCHEDSCOPE_LESSONS_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "scenarios/catalog.h"

struct lesson {
	const struct scenario *sc;
	const struct scenario_variant *variant;   /* NULL: the scenario's own lesson */
	const char *summary;        /* the variant's, or the scenario's */
	const char *text;           /* the lesson text, likewise */
	const struct scenario_show *show;
	char options[SS_STR_MAX];   /* the run's options, as recorded (words after the program) */
};

/* The lesson of a recorded command line ("build/scenarios/pool --tasks 8"):
 * 0, or -ENOENT when the command is not a scenario. */
int lesson_from_cmdline(struct lesson *l, const char *cmdline);
/* The same for scenario sc about to run with options argv[0, argc). */
void lesson_from_args(struct lesson *l, const struct scenario *sc, int argc, char *const *argv);
/* Whether the run was given option opt ("--no-lock"; "--tasks 8" and
 * "--tasks=8" both have "--tasks"). */
bool lesson_has_option(const struct lesson *l, const char *opt);
/* The number the run gave option opt ("--iterations 0", "--iterations=0"):
 * true with *out set, false when the option is absent or not a number. */
bool lesson_option_long(const struct lesson *l, const char *opt, long *out);

/* The window of time that shows the lesson (the catalog's from/to markers or
 * first hand-offs), with a twentieth of its width (at least 10 us) added on
 * each side, inside the trace. False, with the lesson's whole run, when the trace does not
 * (yet) hold what the declaration names. */
bool lesson_window(const struct lesson *l, const struct ss_model *m, uint64_t *from_ns, uint64_t *to_ns);
/* How a lesson's hand-offs are asked of ss_model_handoffs() (kinds and
 * flags, model/handoff.h), the most wanted first: level 0, 1, ... until 0.
 * Always seen asleep; first prompt ones; for the lock, first those whose
 * holder ran through the waiter's sleep, prompt or not, then prompt ones (a
 * holder kept off its CPU, by the recorder say, shows another lesson). The
 * last level counts them all. The
 * window and the checks ask the same, so they show the same hand-off. */
unsigned lesson_handoff_how(const struct scenario_show *s, int level);
/* The lesson's run: its phase START to its phase END (either missing: the
 * trace's own start or newest moment). */
void lesson_run_span(const struct ss_model *m, uint64_t *from_ns, uint64_t *to_ns);
/* The threads to put first, in the declaration's order: indices into
 * m->threads, at most max. Returns how many. */
size_t lesson_lanes_first(const struct lesson *l, const struct ss_model *m, uint32_t *idx, size_t max);

#endif
