/*
 * The whole trace in memory, indexed for the views: per CPU, the slices
 * (runs) in time order with a running sum of busy time; per thread of the
 * traced tree, its runs, its notable events (fork, exec, exit, markers...)
 * and its statistics. Queries are binary searches, so a view costs
 * O(visible cells x log n) whatever the trace's length.
 *
 * Fed either from a trace file (ss_model_load) or live, event by event, from
 * the recorder's decoder. It knows nothing of curses, BPF or file formats
 * beyond the reader it loads through.
 */
#ifndef SCHEDSCOPE_MODEL_MODEL_H
#define SCHEDSCOPE_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/sched_state.h"
#include "model/tasks.h"
#include "tracefile/format.h"

struct ss_cpu_lane {
	struct ss_slice *v;      /* finished runs, by start time (idle is not stored) */
	uint64_t *busy;          /* busy[i]: ns run by v[0..i-1]; n+1 entries */
	size_t n, cap;
	uint64_t lost;           /* records the kernel side dropped on this CPU */
};

struct ss_run_ref {              /* one of a thread's runs: cpu lane and index */
	uint32_t idx;
	uint16_t cpu;
	uint16_t pad;
};

struct ss_thread_stats {
	uint64_t run_ns;             /* time on a CPU */
	uint64_t wait_ns, wait_max_ns; /* runnable but not running (run-queue latency) */
	uint64_t blocked_ns;         /* asleep: S or D */
	uint32_t runs;
	uint32_t vol_switches;       /* it gave up the CPU: blocked (S, D) */
	uint32_t invol_switches;     /* it was preempted (R+) */
	uint32_t migrations;
	uint32_t wakeups;            /* times something woke it */
};

/* One sleep of a thread, as the model keeps it (sched_state.h's ss_wait,
 * with channels by id: ss_model_chan() names them). */
struct ss_wait_rec {
	uint64_t block_ns, ready_ns, run_ns;   /* ready_ns 0: no wakeup seen */
	uint64_t chan;           /* what it slept on (0: nothing) */
	uint64_t wchan;          /* what the waker was using (0: nothing) */
	uint64_t bytes;          /* bytes the sleeping call asked to move */
	uint64_t wbytes;         /* bytes the waker's call moved */
	uint64_t arg0;           /* the sleeping call's pid argument (wait4), if any */
	uint32_t waker;
	int32_t fd, wfd;
	int32_t nr, wnr;         /* syscalls; -1 none */
	uint16_t cpu;
	uint8_t reason;          /* enum ss_reason */
	uint8_t how;             /* enum ss_wake_how */
	uint8_t sleep_state;
	uint8_t signal;
};

#define SS_THREADF_IN_TREE 1u    /* part of the traced tree */
#define SS_THREADF_THREAD  2u    /* created as a thread (CLONE_THREAD), not a process */
#define SS_THREADF_EXITED  4u

struct ss_thread {
	uint32_t tid, tgid;
	int32_t parent;              /* index of the thread that forked it, or -1 */
	uint32_t flags;              /* SS_THREADF_* */
	uint64_t fork_ns;            /* 0 if it existed before the recording */
	uint64_t exit_ns;
	int32_t exit_code;           /* wait(2) status form */
	struct ss_run_ref *runs;     /* its runs in time order */
	size_t nruns, runs_cap;
	uint32_t *marks;             /* indices into model.marks, in time order */
	size_t nmarks, marks_cap;
	struct ss_wait_rec *waits;   /* its sleeps, in time order */
	size_t nwaits, waits_cap;
	struct ss_thread_stats st;
};

struct ss_model {
	unsigned ncpus;
	uint64_t start_ns;           /* when the recording began */
	uint64_t end_ns;             /* newest event so far, or the recording's end */
	bool finished;               /* no more events will come */
	struct ss_trace_info info;
	struct ss_tasks tasks;
	struct ss_probe *probes;
	size_t nprobes;
	struct ss_cpu_lane *cpu;
	struct ss_thread *threads;   /* tree threads, in order of appearance */
	size_t nthreads, threads_cap;
	int32_t *thread_slots;       /* open addressing tid -> thread index */
	size_t nthread_slots;
	struct ss_event *marks;      /* fork, exec, exit, migrate, marker, lost: time order */
	size_t nmarks, marks_cap;
	uint64_t nevents;
	uint64_t kind_counts[SS_KIND_MAX];
	struct ss_chan *chans;       /* every channel a wait or flow mentioned */
	size_t nchans, chans_cap;
	int32_t *chan_slots;         /* open addressing id -> index */
	size_t nchan_slots;
	struct ss_flow *flows;       /* kernel-side traffic counts (finished file) */
	size_t nflows;
	bool complete;               /* loaded file had its end record */
	int32_t exit_status;         /* the command's, -1 if unknown */
	struct ss_sched_state *state;
};

/* Starts an empty model (live use); info gives ncpus, start time, host. */
int ss_model_init(struct ss_model *m, const struct ss_trace_info *info);
void ss_model_free(struct ss_model *m);
void ss_model_task(struct ss_model *m, const struct ss_task *t);
void ss_model_probe(struct ss_model *m, const struct ss_probe *p);
void ss_model_event(struct ss_model *m, const struct ss_event *ev);
/* No more events: closes the runs still open at end_ns. */
void ss_model_finish(struct ss_model *m, uint64_t end_ns, int32_t exit_status);
/* Loads a whole trace file. 0, or -1 with a message in err. */
int ss_model_load(struct ss_model *m, const char *path, unsigned reader_flags,
		  char *err, size_t errlen);

/* ---- queries ---- */

/* Index of the last finished run on cpu that starts at or before ts, or -1. */
long ss_model_cpu_find(const struct ss_model *m, unsigned cpu, uint64_t ts);
/* ns during which cpu ran anything in [t0, t1), the open run included. */
uint64_t ss_model_cpu_busy(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1);
/* The run in progress on cpu (live), or NULL. */
const struct ss_slice *ss_model_cpu_running(const struct ss_model *m, unsigned cpu);

struct ss_thread *ss_model_thread(const struct ss_model *m, uint32_t tid);
static inline const struct ss_slice *ss_model_run(const struct ss_model *m,
						  const struct ss_thread *t, size_t i)
{
	return &m->cpu[t->runs[i].cpu].v[t->runs[i].idx];
}

/* What a thread was doing at a moment. */
enum ss_tstate {
	SS_T_UNBORN,      /* before it was forked (or first seen) */
	SS_T_RUNNING,     /* on a CPU */
	SS_T_RUNNABLE,    /* ready, waiting for a CPU */
	SS_T_BLOCKED,     /* asleep (S or D): waiting for something */
	SS_T_UNKNOWN,     /* not seen yet, or between runs we cannot explain */
	SS_T_EXITED,
};

struct ss_tstate_info {
	enum ss_tstate state;
	uint64_t from_ns, to_ns;     /* the interval of this state containing ts */
	int cpu;                     /* running: its CPU; runnable: the CPU it waits on; else -1 */
	uint8_t sleep_state;         /* blocked: ss_state_index of S, D, ... */
	long run;                    /* index into thread->runs of the run at/after ts, or -1 */
};

/* State of thread t at ts. */
void ss_model_thread_state(const struct ss_model *m, const struct ss_thread *t, uint64_t ts,
			   struct ss_tstate_info *out);
/* Index of the thread's last run starting at or before ts, or -1. */
long ss_model_thread_find(const struct ss_model *m, const struct ss_thread *t, uint64_t ts);

/* The task name for tid at ts ("swapper" for 0). */
static inline const char *ss_model_comm(const struct ss_model *m, uint32_t tid, uint64_t ts)
{
	return ss_tasks_comm(&m->tasks, tid, ts);
}
const struct ss_probe *ss_model_probe_by_id(const struct ss_model *m, uint32_t id);
/* A channel by id, or NULL. */
const struct ss_chan *ss_model_chan(const struct ss_model *m, uint64_t id);
/* Index of the thread's last sleep beginning at or before ts, or -1. */
long ss_model_wait_find(const struct ss_model *m, const struct ss_thread *t, uint64_t ts);
/* The sleep whose run starts with run i of the thread, or NULL. */
const struct ss_wait_rec *ss_model_wait_before_run(const struct ss_model *m,
						   const struct ss_thread *t, size_t run);

#endif
