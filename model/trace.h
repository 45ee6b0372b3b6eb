/*
 * What a recording is, apart from its events: the header (host, CPUs, start,
 * command line), the USDT probes that markers name, the traffic counted per
 * channel, and the closing summary. The trace file stores these (its format
 * lives in tracefile/format.h); the model, the views and the exporters read
 * them from here, so none of them depends on the file format.
 */
#ifndef SCHEDSCOPE_MODEL_TRACE_H
#define SCHEDSCOPE_MODEL_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/knobs.h"

#define SS_TF_ALL 1u              /* recorded with --all: the whole system */
#define SS_TF_FLOWS 2u            /* pipe and socket traffic was counted (FLOWS chunk) */
#define SS_TF_STACKS 4u           /* user stacks were taken at waits (STACKS chunks) */
#define SS_TF_KSTACKS 8u          /* kernel stacks were taken at D-state sleeps and sleeps
				   * outside a syscall (format version 2) */

#define SS_STR_MAX 4096

/* What the header says. */
struct ss_trace_info {
	uint32_t version;
	uint32_t ncpus;
	uint32_t clock_id;
	uint64_t start_ns;
	uint64_t start_wall_ns;
	uint32_t flags;           /* SS_TF_* */
	uint32_t root_pid;
	uint64_t start_pipe_ino;  /* the recorder's start pipe (the held start's); 0: not known */
	char sysname[65], release[65], kversion[65], machine[65], hostname[65];
	char cmdline[SS_STR_MAX];
	struct ss_knobs knobs;    /* what the run changed in how the command was scheduled */
};

/* A USDT probe that marker events refer to by id. */
struct ss_probe {
	uint32_t id;
	char provider[64];
	char name[64];
	char binary[256];
};

/* Traffic one thread moved through one channel in one direction, counted in
 * the kernel over the whole recording. */
struct ss_flow {
	uint32_t tid;
	uint8_t dir;                  /* 0 read, 1 write */
	uint64_t calls;
	uint64_t bytes;
	struct ss_chan chan;
};

/* Time one CPU spent in interrupt contexts over the recording, summed in
 * the kernel (tracer/ctx.bpf.h). Exclusive: a hard IRQ inside a softirq is
 * not the softirq's time. Timers are hrtimer callbacks (the tick's among them). */
struct ss_irq_time {
	uint64_t hardirq_ns, hardirq_n;
	uint64_t softirq_ns[SS_SOFTIRQ_MAX], softirq_n[SS_SOFTIRQ_MAX];
	uint64_t timer_ns, timer_n;
};

/* A device interrupt's number and its handlers' names, as the recording
 * host had them ("virtio4-input"). */
struct ss_irq_name {
	uint32_t irq;
	char name[48];
};

#define SS_MAX_CPUS 4096

/* The END chunk: written once, last, when recording finishes cleanly. */
struct ss_trace_end {
	uint64_t stop_ns;
	uint64_t events;              /* events written */
	uint64_t lost_total;
	uint64_t missed;              /* BPF program runs skipped by the kernel (recursion) */
	int32_t exit_status;          /* the command's wait(2) status; -1 if none */
	uint32_t ncpus;
	uint64_t lost[SS_MAX_CPUS];   /* per CPU: ring buffer reservations that failed */
};

/* What a recording holds besides its events, known only at its end: the
 * kernel's flow counts, the time in interrupts and their names, the steal
 * samples, the stop time and the command's status. A file has them in its
 * FLOWS, IRQS, STEAL and END chunks; a live recording, from its session. */
struct ss_trace_tail {
	bool complete;                    /* the recording reached its end */
	const struct ss_flow *flows;
	size_t nflows;
	const struct ss_irq_time *irq_time;   /* ncpus of them, or NULL */
	const struct ss_irq_name *irq_names;
	size_t nirq_names;
	const uint64_t *steal_ts, *steal_cum; /* nsteal samples (ss_model_steal()) */
	size_t nsteal;
	bool have_stop;                   /* else the model's last event ends it */
	uint64_t stop_ns;
	int32_t exit_status;              /* -1: none */
};

#endif
