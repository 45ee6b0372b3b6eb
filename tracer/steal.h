/*
 * What the host took from each CPU while we recorded. On a virtual machine
 * the hypervisor runs other guests on our CPUs, and the kernel counts that
 * time as "steal" (/proc/stat). The trace cannot see it: a thread the host
 * stopped still looks as if it ran. Lessons that need the CPUs to run at once
 * (a contended lock, two busy cores) use it to tell a busy host from a wrong
 * program; `info` says it.
 */
#ifndef SS_TRACER_STEAL_H
#define SS_TRACER_STEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Samples of the steal time per CPU since the first one. */
struct ss_steal_rec {
	unsigned ncpus;
	uint64_t *base;      /* per CPU: /proc/stat's steal at the first sample, ns */
	uint64_t *ts;        /* sample times (CLOCK_BOOTTIME, ns) */
	uint64_t *cum;       /* n x ncpus: steal since the first sample, ns */
	size_t n, cap, cum_cap;
	int fd;              /* /proc/stat, kept open; -1: not readable */
};

/* Starts the series with a first sample at ts. 0, or -errno (then every
 * later call does nothing, and the series stays empty). */
int ss_steal_start(struct ss_steal_rec *s, unsigned ncpus, uint64_t ts);
/* Adds a sample at ts when some CPU's steal grew since the last (always when
 * last is true, so the series spans the whole recording). */
void ss_steal_sample(struct ss_steal_rec *s, uint64_t ts, bool last);
void ss_steal_free(struct ss_steal_rec *s);

/* The per-CPU steal counters of /proc/stat's text (cpuN lines; the "cpu"
 * total is skipped), in ns, into out[ncpus]. Returns how many CPUs it read. */
unsigned ss_steal_parse(const char *text, unsigned ncpus, long hz, uint64_t *out);

#endif
