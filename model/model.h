/*
 * The whole trace in memory, indexed for the views: per CPU, the slices
 * (runs) in time order with prefix sums of busy time; per thread of the
 * traced tree, its runs with prefix sums of run and runnable time, its sleeps,
 * its notable events (fork, exec, exit, markers...) and its statistics.
 * Queries are binary searches plus at most SS_INDEX_BLOCK steps, so a view
 * costs O(visible cells x log n) whatever the trace's length, the number of
 * CPUs or the number of threads.
 *
 * One way in: the stream of a sink (model/sink.h), fed live by the
 * recorder's decoder or from a file by the reader's replay. It knows nothing
 * of curses, BPF or the file format. Memory that cannot be had is never
 * dropped silently: ss_model.failed says what is missing.
 */
#ifndef SCHEDSCOPE_MODEL_MODEL_H
#define SCHEDSCOPE_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/hmap.h"
#include "util/pidmap.h"
#include "model/event.h"
#include "model/sched_state.h"
#include "model/sink.h"
#include "model/states.h"
#include "model/tasks.h"
#include "model/trace.h"

/* Prefix sums are kept every SS_INDEX_BLOCK runs: a query adds up at most
 * that many runs past the nearest sum. */
#define SS_INDEX_BLOCK 16

struct ss_cpu_lane {
	struct ss_slice *v;      /* finished runs, by start time (idle is not stored) */
	size_t n, cap;
	uint64_t *busy;          /* busy[k]: ns run by v[0 .. k * SS_INDEX_BLOCK) */
	size_t nbusy, busy_cap;
	uint64_t lost;           /* records the kernel side dropped on this CPU */
};

/* One of a thread's runs: its CPU in the high bits, its index in that CPU's
 * lane in the low ss_model.ref_idx_bits bits (31 on 1 or 2 CPUs, 26 on 64: the
 * memory for that many runs runs out first). */
typedef uint32_t ss_run_ref;

/* Running sums over a thread's runs (the gap rule of model/states.h). */
struct ss_time_sum {
	uint64_t run_ns;             /* time on a CPU */
	uint64_t wait_ns;            /* runnable before each run: run-queue latency */
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
	uint32_t wctx_id;        /* the waking context's irq, softirq vector or timer (ss_wait) */
	uint16_t cpu;
	uint8_t reason;          /* enum ss_reason */
	uint8_t how;             /* enum ss_wake_how */
	uint8_t sleep_state;
	uint8_t signal;
	uint8_t wctx;            /* the interrupt context that woke it (SS_WC_*), else SS_WC_NONE */
	uint8_t withheld;        /* SS_WITHHELD_*: whose call's fd, arguments and channel the
				  * recorder left out (ss_sys_withheld()): bytes, fd, arg0 are no values */
	uint32_t stack, wstack;  /* user stacks of the sleeper and the waker (m->stacks), 0: none */
	uint32_t kstack;         /* the sleeper's kernel stack (ss_stacks_kfind()), 0: none */
};

#define SS_WITHHELD_CALL  1u     /* the sleeper's call (nr, fd, bytes, arg0, chan) */
#define SS_WITHHELD_WAKER 2u     /* the waker's call (wnr, wfd, wbytes, wchan) */

/* Whether sleep w did not sleep (woken as it went to sleep: ss_did_not_sleep()). */
static inline bool ss_wait_did_not_sleep(const struct ss_wait_rec *w)
{
	return ss_did_not_sleep(w->block_ns, w->ready_ns);
}

/* How long sleep w lasted (ss_slept_ns()): every count of sleep time asks. */
static inline uint64_t ss_wait_slept_ns(const struct ss_wait_rec *w)
{
	return ss_slept_ns(w->block_ns, w->ready_ns, w->run_ns);
}

#define SS_THREADF_IN_TREE 1u    /* part of the traced tree */
#define SS_THREADF_THREAD  2u    /* created as a thread (CLONE_THREAD), not a process */
#define SS_THREADF_EXITED  4u

struct ss_thread {
	/* what every run added touches, together */
	uint32_t tid;
	uint32_t flags;              /* SS_THREADF_* */
	ss_run_ref *runs;            /* its runs in time order */
	size_t nruns, runs_cap;
	struct ss_time_sum *cum;     /* cum[k]: sums over runs [0, k * SS_INDEX_BLOCK) */
	size_t ncum, cum_cap;
	struct ss_slice last;        /* a copy of runs[nruns - 1]: the gap rule's previous run,
				      * without a trip through runs[] and a CPU lane */
	struct ss_thread_stats st;
	/* the rest */
	uint32_t tgid;
	int32_t parent;              /* index of the thread that forked it, or -1 */
	uint64_t fork_ns;            /* 0 if it existed before the recording */
	uint64_t exit_ns;
	int32_t exit_code;           /* wait(2) status form */
	uint32_t *marks;             /* indices into model.marks, in time order */
	size_t nmarks, marks_cap;
	struct ss_wait_rec *waits;   /* its sleeps, in time order */
	size_t nwaits, waits_cap;
};

/* Whether t is a thread (cloned into another's process), not a process of
 * its own: the one test, for explain's words, the lanes and the legend. */
static inline bool ss_thread_is_thread(const struct ss_thread *t)
{
	return (t->flags & SS_THREADF_THREAD) || (t->tgid && t->tgid != t->tid);
}

/* Tells a stack in words, its innermost depth frames of the program (0:
 * all): " in f (a.c:3) <- g (a.c:9)". The model knows
 * no ELF or DWARF, so whoever does (symbols/) hands it this; explain.c
 * calls it wherever a wait or a wake is said. */
struct ss_stack_teller {
	char *(*tell)(void *ctx, const struct ss_stacks *s, uint32_t id, unsigned depth, char *buf,
		      size_t size);
	void *ctx;
};

struct ss_model {
	unsigned ncpus;
	unsigned ref_idx_bits;       /* ss_run_ref: bits of the lane index */
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
	struct pidmap thread_of;     /* tid -> 1 + index of its newest thread (0: none) */
	struct ss_event *marks;      /* fork, exec, exit, migrate, marker, lost: time order */
	size_t nmarks, marks_cap;
	uint32_t *markers;           /* indices into marks of the USDT markers */
	size_t nmarkers, markers_cap;
	uint32_t *losses;            /* indices into marks of the losses */
	size_t nlosses, losses_cap;
	uint64_t nevents;
	uint64_t kind_counts[SS_KIND_MAX];
	struct ss_chan *chans;       /* every channel a wait or flow mentioned */
	size_t nchans, chans_cap;
	struct hmap chan_of;         /* channel id -> index */
	struct ss_flow *flows;       /* kernel-side traffic counts (finished file) */
	size_t nflows;
	struct ss_irq_time *irq_time;  /* per CPU, ncpus of them (finished file); NULL: not recorded */
	struct ss_irq_name *irq_names; /* device interrupts' names */
	size_t nirq_names;
	uint64_t *steal_ts;          /* what the host took of the CPUs: nsteal samples (finished file) */
	uint64_t *steal_cum;         /* nsteal x ncpus: ns of steal since the first sample */
	size_t nsteal;
	bool complete;               /* loaded file had its end record */
	int32_t exit_status;         /* the command's, -1 if unknown */
	struct ss_sched_state *state;
	const char *failed;          /* what memory ran out for (the model is incomplete), or NULL */
	/* threads hinted by the sink's ahead(), for the second prefetch stage */
#define SS_AHEAD_STAGES 4
	int32_t ahead[SS_AHEAD_STAGES];   /* 1 + thread index, 0: none */
	unsigned ahead_pos;
	/* the recorder's held start (states.h: ss_wait_held_start) */
	uint64_t held_chan;          /* the channel the root was held on (the start pipe); 0: not seen */
	struct ss_connect *connects; /* who was seen connecting, per channel */
	size_t nconnects, connects_cap;
	struct ss_stacks stacks;     /* user stacks at waits, and the mappings to read them */
	struct ss_stack_teller teller;   /* how stacks are told in words (none: not told) */
};

/* A thread seen in connect() on a connection: the side that connected. */
struct ss_connect {
	uint64_t chan;
	uint32_t tid;
	uint16_t port;               /* its local port */
};

/* Starts an empty model; info gives ncpus, start time, host. 0 or -ENOMEM. */
int ss_model_init(struct ss_model *m, const struct ss_trace_info *info);
void ss_model_free(struct ss_model *m);
/* The sink that feeds the model (the only way in). */
void ss_model_sink(struct ss_model *m, struct ss_sink *out);
/* A finished recording's traffic counts (model/trace.h), copied in. */
void ss_model_flows(struct ss_model *m, const struct ss_flow *flows, size_t n);
/* A finished recording's time in interrupt contexts (times: ncpus of them,
 * or NULL) and interrupt names, copied in. */
void ss_model_irqs(struct ss_model *m, const struct ss_irq_time *times, const struct ss_irq_name *names,
		   size_t nnames);
/* A finished recording's steal samples (what the host took of each CPU,
 * tracer/steal.h): n times, each with ncpus counts since the first. Copied. */
void ss_model_steal(struct ss_model *m, const uint64_t *ts, const uint64_t *cum, size_t n);
/* No more events: closes the runs still open at end_ns. */
void ss_model_finish(struct ss_model *m, uint64_t end_ns, int32_t exit_status);

/* ---- queries ---- */

/* ---- queries (model/query.c) ---- */

/* Index of the last finished run on cpu that starts at or before ts, or -1. */
long ss_model_cpu_find(const struct ss_model *m, unsigned cpu, uint64_t ts);
/* The same, searched out from run lo, which starts at or before ts (else,
 * or if lo < 0, a plain search): a few neighbouring cache lines read rather
 * than a dozen far apart when ts is near lo, as from one cell to the next. */
long ss_model_cpu_find_after(const struct ss_model *m, unsigned cpu, uint64_t ts, long lo);
/* ns during which cpu ran anything in [t0, t1), the open run included. */
uint64_t ss_model_cpu_busy(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1);
/* The same when a = ss_model_cpu_find(t0) and b = ss_model_cpu_find(t1 - 1)
 * are known (a view walking a lane's cells finds each boundary once). */
uint64_t ss_model_cpu_busy_in(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1, long a, long b);
/* The run in progress on cpu (live), or NULL. */
const struct ss_slice *ss_model_cpu_running(const struct ss_model *m, unsigned cpu);
/* The run of thread t in progress (live), or NULL. O(1). */
const struct ss_slice *ss_model_thread_running(const struct ss_model *m, const struct ss_thread *t);

struct ss_thread *ss_model_thread(const struct ss_model *m, uint32_t tid);
/* Where run i of t is: its CPU, and its index in that CPU's lane. */
static inline unsigned ss_model_run_cpu(const struct ss_model *m, const struct ss_thread *t, size_t i)
{
	return t->runs[i] >> m->ref_idx_bits;
}
static inline size_t ss_model_run_idx(const struct ss_model *m, const struct ss_thread *t, size_t i)
{
	return t->runs[i] & ((1u << m->ref_idx_bits) - 1);
}
static inline const struct ss_slice *ss_model_run(const struct ss_model *m,
						  const struct ss_thread *t, size_t i)
{
	return &m->cpu[ss_model_run_cpu(m, t, i)].v[ss_model_run_idx(m, t, i)];
}

/* What a thread was doing at a moment. */
enum ss_tstate {
	SS_T_UNBORN,      /* before it was forked (or first seen) */
	SS_T_RUNNING,     /* on a CPU */
	SS_T_RUNNABLE,    /* ready, waiting for a CPU */
	SS_T_BLOCKED,     /* asleep (S or D): waiting for something */
	SS_T_UNKNOWN,     /* not seen yet, or between runs we cannot explain */
	SS_T_EXITED,
	SS_T_HELD,        /* the root, held by the recorder until it starts the command */
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
/* The gap before run i of t (model/states.h's rule); i == t->nruns: the gap
 * after its last run, up to the newest moment (or its run in progress). */
void ss_model_run_gap(const struct ss_model *m, const struct ss_thread *t, size_t i, struct ss_gap *g);
/* ns thread t ran, and waited runnable, in [a, b): finished runs only. */
void ss_model_thread_time(const struct ss_model *m, const struct ss_thread *t, uint64_t a, uint64_t b,
			  uint64_t *run_ns, uint64_t *wait_ns);
/* Index into m->markers (m->losses) of the first at or after ts. */
size_t ss_model_marker_lower(const struct ss_model *m, uint64_t ts);
size_t ss_model_loss_lower(const struct ss_model *m, uint64_t ts);
/* Index into t->marks of its first marker at or after ts. */
size_t ss_model_thread_mark_lower(const struct ss_model *m, const struct ss_thread *t, uint64_t ts);

/* The model's record of a sleep (sched_state.h's ss_wait, channels by id). */
void ss_wait_rec_fill(struct ss_wait_rec *r, const struct ss_wait *w);
/* A sleep with no syscall, no known cause and no stack says nothing the runs
 * do not (their end state, ready time and waker, the task table): no record
 * is kept. A stack, user or kernel, says where it slept (a page fault's
 * place), so one is kept. */
bool ss_wait_says_nothing_more(const struct ss_wait *w);

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
/* The sleep that ended with run i of t (the gap g before it, which slept):
 * the model's record of it, or, when it kept none (a sleep outside any
 * syscall with no known cause), one made in tmp from the runs and the task
 * table (a kernel thread waits for work), which say all there is. i ==
 * t->nruns: before its run in progress. */
const struct ss_wait_rec *ss_model_sleep_before_run(const struct ss_model *m, const struct ss_thread *t,
						    size_t i, const struct ss_gap *g, struct ss_wait_rec *tmp);
/* The sleep whose run starts with run i of the thread, or NULL. */
const struct ss_wait_rec *ss_model_wait_before_run(const struct ss_model *m,
						   const struct ss_thread *t, size_t run);
/* The sleep thread t is in now (live: known from when it went to sleep,
 * before it ends), with run_ns 0; false when it is not asleep, or the sleep
 * says nothing the runs do not, or the recording has ended. */
bool ss_model_thread_asleep(const struct ss_model *m, const struct ss_thread *t, struct ss_wait_rec *out);
/* The sleep before run i of t as the views tell it (ss_model_sleep_before_run,
 * copied to out): false when the thread did not sleep before run i, or when
 * that sleep was the recorder's held start (states.h), which is not the
 * program's. */
bool ss_model_sleep_told(const struct ss_model *m, const struct ss_thread *t, size_t i, struct ss_wait_rec *out);
/* The sleeps before run i of t, in time order: the one list why tells and
 * stats counts. The records of the sleeps that ended after run i-1 began and
 * by run i's start: several when the kernel left runs between them
 * unreported (each block proved the sleep before it over, with its own
 * syscall and wakeup; the runs hold one gap for them all); else the one
 * ss_model_sleep_told() makes from the gap. Returns how many; *out points
 * at the first (t's records, or tmp). */
size_t ss_model_sleeps_before_run(const struct ss_model *m, const struct ss_thread *t, size_t i,
				  struct ss_wait_rec *tmp, const struct ss_wait_rec **out);
/* Whether tid is a kernel thread (at ts): model/tasks.h's one test. */
bool ss_model_is_kthread(const struct ss_model *m, uint32_t tid, uint64_t ts);
/* When thread t was gone: the end of its last run, or its exit event if
 * that came later; UINT64_MAX if it has not exited. */
uint64_t ss_model_thread_gone_ns(const struct ss_model *m, const struct ss_thread *t);
/* Whether a counted flow is the recorder's: the root reading the start
 * pipe before its exec. */
bool ss_model_flow_is_recorders(const struct ss_model *m, const struct ss_flow *f);
/* Who connected on connection chan: its tid (0 if no thread of the trace
 * owns that end) and local port. Known when a thread was seen in connect()
 * on it (ss_model_connect_seen), or when the other end is a port several
 * connections share (a listening port); false otherwise. */
bool ss_model_connector(const struct ss_model *m, uint64_t chan, uint32_t *tid, uint16_t *port);
bool ss_model_connect_seen(const struct ss_model *m, uint64_t chan);

#endif
