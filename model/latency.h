/*
 * Waiting as distributions: how long threads waited for a CPU (run-queue
 * latency, from runnable to running) and how long they slept, by reason,
 * as log2 histograms with their percentiles, per thread, per CPU and over
 * all threads, like bcc's runqlat. Averages hide what hurts: a p99 of 8 ms
 * on a CPU shared with a busy neighbour. So every histogram also names its
 * tail, the waits at or above its p99, with their thread and moment, for the
 * CLI to list and the UI to jump to.
 *
 * A run-queue wait is the runnable part of a gap of the one rule
 * (ss_model_run_gap, model/states.h); the sleeps are those why lists
 * (ss_model_sleeps_before_run), each with the reason the model kept for it.
 * Nothing is measured here.
 */
#ifndef SCHEDSCOPE_MODEL_LATENCY_H
#define SCHEDSCOPE_MODEL_LATENCY_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

enum ss_lat_kind {
	SS_LAT_RUNQ = 0,      /* runnable until running */
	SS_LAT_BLOCKED,       /* asleep until woken (or, no wakeup seen, until it ran) */
};

enum ss_lat_scope {
	SS_LAT_ALL = 0,       /* every thread asked for */
	SS_LAT_CPU,           /* run-queue waits by the CPU the thread then ran on */
	SS_LAT_THREAD,
};

/* Bucket k holds waits of [2^k, 2^(k+1)) microseconds (bucket 0: [0, 2)), as
 * bcc's log2 histograms do; the last one holds everything longer. */
#define SS_LAT_BUCKETS 40

/* One wait of one thread. */
struct ss_lat_wait {
	uint64_t ts_ns;       /* runq: when it became runnable; blocked: when it went to sleep */
	uint64_t dur_ns;
	uint32_t tid;
	uint32_t thread;      /* the thread's index in the model's threads */
	uint32_t run;         /* index in the thread's runs of the run that ended the wait */
	uint16_t cpu;         /* that run's CPU */
	uint8_t kind;         /* enum ss_lat_kind */
	uint8_t reason;       /* blocked: enum ss_reason (model/syscalls.h); runq: 0 */
};

/* One distribution. Percentiles are exact (nearest rank over the waits). */
struct ss_lat_hist {
	uint8_t scope;        /* enum ss_lat_scope */
	uint8_t kind;         /* enum ss_lat_kind */
	uint8_t reason;       /* blocked: enum ss_reason; runq: 0 */
	uint32_t id;          /* CPU: its number; thread: its tid; all: 0 */
	uint32_t order;       /* CPU: its number; thread: its index in the model (the order it appeared) */
	uint64_t count, sum_ns, p50_ns, p90_ns, p99_ns, max_ns;
	uint64_t bucket[SS_LAT_BUCKETS];
	const uint32_t *tail; /* indices in ss_latency.waits of the waits at or above p99, longest first */
	size_t ntail;
};

struct ss_latency {
	struct ss_lat_wait *waits;     /* thread by thread, each in time order */
	size_t nwaits;
	struct ss_lat_hist *hists;     /* by scope (all, CPUs, threads), then order, kind, reason */
	size_t nhists;
	uint32_t *members;             /* what the tails point into */
	/* waits that did not sleep (ss_gap_did_not_sleep(): woken as they went
	 * to sleep), by reason: not in the blocked distributions, counted here */
	uint64_t no_sleeps[SS_R_MAX], no_sleeps_all;
};

/* The waits of the traced threads whose tid or tgid is pid (0: all of them),
 * and their distributions. 0 or -ENOMEM. */
int ss_latency_build(const struct ss_model *m, uint32_t pid, struct ss_latency *out);
void ss_latency_free(struct ss_latency *l);
/* The distribution of one scope, id, kind and reason, or NULL (no waits). */
const struct ss_lat_hist *ss_latency_find(const struct ss_model *m, const struct ss_latency *l, unsigned scope,
					  uint32_t id, unsigned kind, unsigned reason);
/* The moments behind the tails, for the CLI to name and the UI to jump to:
 * the waits at or above the p99 of each distribution of one scope and id
 * (SS_LAT_ALL: every thread's run queue and each reason's sleeps, id 0;
 * SS_LAT_CPU: a CPU's run queue; SS_LAT_THREAD: a thread's, id its tid), in
 * time order (then by tid). Their indices in l->waits go to *out (malloc'd,
 * NULL when there are none); returns how many, or -ENOMEM. */
long ss_latency_tail_moments(const struct ss_latency *l, unsigned scope, uint32_t id, uint32_t **out);
/* The bucket of a wait, and a bucket's bounds in microseconds (inclusive). */
unsigned ss_lat_bucket(uint64_t dur_ns);
void ss_lat_bucket_us(unsigned k, uint64_t *lo_us, uint64_t *hi_us);
/* "all", "cpu", "thread"; "runq", "blocked" */
const char *ss_lat_scope_name(unsigned scope);
const char *ss_lat_kind_name(unsigned kind);

#endif
