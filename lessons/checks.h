/*
 * Inside the lessons room: what a check function is given, the helpers the
 * checks share (checks.c), and each group's tables (checks_*.c), which the
 * checklist (check.c) runs. Not for other rooms: they use lessons/check.h.
 */
#ifndef SCHEDSCOPE_LESSONS_CHECKS_H
#define SCHEDSCOPE_LESSONS_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lessons/lesson.h"
#include "lessons/marks.h"
#include "lessons/result.h"
#include "model/handoff.h"

struct lesson_ctx {
	const struct ss_model *m;
	const struct lesson *l;
	const struct lesson_marks *mk;
	const struct ss_thread *main;   /* the scenario's main thread (phase START's), or NULL */
	uint64_t run0, run1;            /* its run: phase START to phase END (lesson_run_span) */
	bool ended;                     /* phase END was seen */
	bool over;                      /* nothing more will come: the model is finished */
};

typedef void (*lesson_check_fn)(const struct lesson_ctx *c, struct lesson_result *r);

struct lesson_check_def {
	const char *id, *title;
	lesson_check_fn fn;
};

/* A lesson's checks: scenario name, variant name (NULL: the plain lesson),
 * and its definitions, NULL-id-terminated. */
struct lesson_check_table {
	const char *scenario, *variant;
	const struct lesson_check_def *defs;
};

extern const struct lesson_check_table lesson_checks_procs[];    /* fork process pool queue pipe */
extern const struct lesson_check_table lesson_checks_threads[];  /* threads lock multicore threadlocal */
extern const struct lesson_check_table lesson_checks_phases[];   /* procvsthread distributed */

/* ---- verdicts (each also writes the evidence sentence) ---- */

void lesson_pass(struct lesson_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Failed for certain: the facts are in. */
void lesson_fail(struct lesson_result *r, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Not shown (yet): pending while the trace may still show it, failed once it
 * cannot; inconclusive when the run was stopped before its end (below). */
void lesson_not_yet(const struct lesson_ctx *c, struct lesson_result *r, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Not shown, for a reason outside the lesson (where the kernel placed the
 * threads, say): the evidence says the reason. */
void lesson_inconclusive(struct lesson_result *r, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Whether the finished run m was stopped before its end (its command killed
 * by a signal: Ctrl-C), or its trace ends before the command did (cut short,
 * or the recording stopped first); buf says which ("the run was stopped
 * (killed by SIGINT) before it showed this"). The one rule for every check. */
bool lesson_run_stopped(const struct ss_model *m, char *buf, size_t size);
/* Whether the run's --cpus left out cpu (SS_ALL_CPUS: any of the trace's
 * CPUs), saying so in buf ("the run was limited to CPU 0 (--cpus 0)"): a
 * check that needs those CPUs cannot show its point then. */
#define SS_ALL_CPUS (~0u)
bool lesson_cpus_limited(const struct lesson_ctx *c, unsigned cpu, char *buf, size_t size);
/* Not shown, in a run whose outcome needed the CPUs in [t0, t1): inconclusive
 * when other tasks took more than SS_INTERFERENCE_PCT of them, or when the
 * run's --cpus left out CPUs it needed ("the run was limited to CPU 0
 * (--cpus 0)"), else failed. */
void lesson_fail_unless_busy(const struct lesson_ctx *c, struct lesson_result *r, uint64_t t0, uint64_t t1,
			     const char *hint, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same for a check that allows only margin_pct of the CPU time to be lost
 * (it passes at 100 - margin_pct): inconclusive when other tasks took more than
 * margin_pct of them, or --cpus left that CPU out (or, for SS_ALL_CPUS, any);
 * of one CPU when cpu is not SS_ALL_CPUS. */
void lesson_fail_unless_quiet(const struct lesson_ctx *c, struct lesson_result *r, unsigned cpu, unsigned margin_pct,
			      uint64_t t0, uint64_t t1, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/* ---- what a result is about ---- */

void lesson_add_tid(struct lesson_result *r, uint32_t tid);
void lesson_add_item(struct lesson_result *r, int64_t item);
void lesson_moment(struct lesson_result *r, uint64_t at_ns, uint64_t from_ns, uint64_t to_ns);

/* ---- words ---- */

/* "PoolWorker-1 4101" */
char *lesson_who(const struct lesson_ctx *c, uint32_t tid, char *buf, size_t size);
/* A moment of the run, as every command says one (ss_explain_time): "1.410000s" */
char *lesson_at(const struct lesson_ctx *c, uint64_t ts_ns, char *buf, size_t size);
/* A duration: "412 ms" */
char *lesson_dur(uint64_t ns, char *buf, size_t size);
/* The syscall sleep w was recorded in, named as why names it
 * (ss_syscall_name): "clock_nanosleep()", not the call the scenario's
 * source makes (nanosleep, a C library's wrapper). "the kernel" for a sleep
 * outside any syscall. */
char *lesson_call(const struct lesson_ctx *c, const struct ss_wait_rec *w, char *buf, size_t size);
/* The same for the sleep of thread tid that began at block_ns (a hand-off's). */
char *lesson_call_at(const struct lesson_ctx *c, uint32_t tid, uint64_t block_ns, char *buf, size_t size);

/* ---- facts ---- */

/* The first marker of kind k fired by thread t (NULL: none, or no t). */
const struct ss_event *lesson_first_of(const struct lesson_ctx *c, const struct ss_thread *t, enum lesson_probe k);

/* The threads main created, in order: processes, threads or both. */
enum lesson_kin { LESSON_ANY, LESSON_PROCESSES, LESSON_THREADS };
size_t lesson_children(const struct lesson_ctx *c, enum lesson_kin kin, const struct ss_thread **out, size_t max);
/* The first sleep of t in [t0, t1) (by its start) woken by waker with a how
 * in how_mask (model/handoff.h's SS_HOW), or NULL. */
const struct ss_wait_rec *lesson_woken_by(const struct ss_model *m, const struct ss_thread *t, uint32_t waker,
					  unsigned how_mask, uint64_t t0, uint64_t t1);
/* The check that a parent slept in join (wait4, or a thread join) until its
 * child ended and woke it; what names the join as the scenario calls it
 * ("join()", "wait()"), and the sentence adds the syscall the trace saw:
 * "in join() (wait4)". */
void lesson_check_join(const struct lesson_ctx *c, struct lesson_result *r, const struct ss_thread *parent,
		       const struct ss_thread *child, const char *what, const char *hint);

#endif
