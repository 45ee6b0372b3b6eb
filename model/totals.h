/*
 * What the traced tasks used in a window of time, and what everyone else
 * did: CPU time, context switches, processes and threads created, the share
 * of the CPUs the traced tree had against other tasks, and how long two
 * threads ran at once. A lesson's per-phase totals, its statistics and its
 * checks ask these, so one number is never computed twice; a check that
 * needs the CPUs to itself measures here whether it had them.
 *
 * Read-only over the model; costs are per thread (prefix sums) or per run
 * inside the window, never per run of the whole trace.
 */
#ifndef SCHEDSCOPE_MODEL_TOTALS_H
#define SCHEDSCOPE_MODEL_TOTALS_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

/* Other tasks taking more than this share of the CPUs makes timings suspect. */
#define SS_INTERFERENCE_PCT 20

/* The traced tree in [t0, t1). */
struct ss_totals {
	uint64_t wall_ns;            /* t1 - t0 */
	uint64_t cpu_ns;             /* its threads' time on a CPU */
	uint32_t vol_switches;       /* runs that ended asleep (S, D) in the window */
	uint32_t invol_switches;     /* runs that ended still runnable (preempted, yield) */
	uint32_t forks;              /* processes created in the window */
	uint32_t clones;             /* threads created in the window (CLONE_THREAD) */
	uint32_t threads;            /* its threads that ran in the window */
};

void ss_model_totals(const struct ss_model *m, uint64_t t0, uint64_t t1, struct ss_totals *out);
/* Thread t's statistics (model/states.h) over its runs that ended in [t0, t1). */
void ss_model_thread_stats(const struct ss_model *m, const struct ss_thread *t, uint64_t t0, uint64_t t1,
			   struct ss_thread_stats *st);

/* The CPUs in [t0, t1): what the traced tree had, what other tasks took
 * (the recorder included); the rest was idle. And what the host took
 * (steal, on a virtual machine): the trace shows that time as whichever
 * task the host stopped, so it is told apart only here. */
struct ss_cpu_share {
	uint64_t capacity_ns;        /* CPUs x (t1 - t0) */
	uint64_t traced_ns;
	uint64_t other_ns;
	uint64_t host_ns;            /* steal; 0 when the file has none */
};

void ss_model_cpu_share(const struct ss_model *m, uint64_t t0, uint64_t t1, struct ss_cpu_share *out);
/* The same on one CPU: capacity t1 - t0. */
void ss_model_cpu_share_on(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1, struct ss_cpu_share *out);
/* Percent of the CPUs, rounded down; 0 for an empty window. */
unsigned ss_cpu_share_pct(const struct ss_cpu_share *s, uint64_t ns);
/* Percent of the CPUs the traced tree could not have: other tasks' and the
 * host's. The one figure every "was the machine quiet" rule compares. */
unsigned ss_cpu_share_taken_pct(const struct ss_cpu_share *s);
/* ns the host took of cpu in [t0, t1) (steal), from n samples at ts[], each
 * with ncpus counts since the first in cum[] (the file's STEAL chunk),
 * spread evenly between two samples, nothing outside them; 0 without
 * samples. The one steal figure: the model's (below) and info's. */
uint64_t ss_steal_ns(const uint64_t *ts, const uint64_t *cum, size_t n, unsigned ncpus, unsigned cpu,
		     uint64_t t0, uint64_t t1);
/* The same from the model's samples. */
uint64_t ss_model_steal_ns(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1);
/* The same summed over every CPU. */
uint64_t ss_model_steal_all_ns(const struct ss_model *m, uint64_t t0, uint64_t t1);
/* Who took it, in words, to be followed by "of the CPUs": "other tasks took
 * 34%", "other tasks took 22% and the host 12%", "the host took 25%". */
char *ss_cpu_share_who(const struct ss_cpu_share *s, char *buf, size_t size);
/* The one line said when others took more than min_pct of the CPUs:
 * "other tasks took 34% of the CPUs (the traced ones 51%)". NULL when they did not. */
char *ss_cpu_share_line(const struct ss_cpu_share *s, unsigned min_pct, char *buf, size_t size);

/* ns thread t ran in [t0, t1), its run in progress (live) included. */
uint64_t ss_model_thread_run_ns(const struct ss_model *m, const struct ss_thread *t, uint64_t t0, uint64_t t1);
/* ns in [t0, t1) during which threads a and b were both on a CPU. */
uint64_t ss_model_together_ns(const struct ss_model *m, const struct ss_thread *a, const struct ss_thread *b,
			      uint64_t t0, uint64_t t1);
/* ns thread t ran on cpu in [t0, t1). */
uint64_t ss_model_thread_cpu_ns(const struct ss_model *m, const struct ss_thread *t, unsigned cpu,
				uint64_t t0, uint64_t t1);

#endif
