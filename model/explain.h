/*
 * Plain words for what the model knows: why a thread was asleep, who woke it
 * and how, why it then waited for a CPU, what an event in the file says, who
 * moved bytes through which channel. Written for students reading a
 * timeline; every sentence that `schedscope why`, `dump`, `flows` and the
 * UI's panels show comes from here, so two screens cannot word one fact two
 * ways.
 */
#ifndef SCHEDSCOPE_MODEL_EXPLAIN_H
#define SCHEDSCOPE_MODEL_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/critical.h"
#include "model/model.h"
#include "util/hmap.h"

/* One sleep: "blocked 3.20 ms in pipe read (pipe:[81234]); woken by writer 4412
 * writing 2 bytes". A sleep still going on (run_ns 0, live): "blocked since
 * 1.200000s ...; not woken yet". */
char *ss_explain_wait(const struct ss_model *m, const struct ss_thread *t,
		      const struct ss_wait_rec *w, char *buf, size_t size);
/* A sleep's kernel stack (ss_wait_rec.kstack), its innermost depth frames
 * (0: all) from where it differs from any sleep (explain_kstack.c), and
 * whether it slept in D state (sleep_state, an ss_state_index()):
 * " in the kernel, uninterruptibly (D): io_schedule <- folio_wait_bit_common
 * <- filemap_get_pages"; "" for none. */
char *ss_explain_kstack(const struct ss_stacks *s, uint32_t id, unsigned sleep_state, unsigned depth, char *buf,
			size_t size);
/* The innermost frame of kernel stack k that says where its sleep differs
 * from any other: past the tracing's own frames and the scheduler's generic
 * entry (__schedule, schedule); k->n when none does (explain_kstack.c).
 * The words above and the off-CPU profiles' kernel frames start there. */
unsigned ss_kstack_told_from(const struct ss_kstack *k);
/* Whether kernel stack id was taken in a page fault (explain_kstack.c). */
bool ss_kstack_in_fault(const struct ss_stacks *s, uint32_t id);
/* The interrupt context that ended a sleep (w->wctx), never the task it
 * interrupted: "the clock_nanosleep timer expired", "woken from the timer
 * interrupt", "woken by the network softirq (NET_RX)", "woken from
 * interrupt 24 (virtio4-input)"; "" when no context woke it. */
char *ss_explain_wake_ctx(const struct ss_model *m, const struct ss_wait_rec *w, char *buf, size_t size);
/* The same from its parts, for the streaming exports (sched_state's
 * ss_wait): the recording machine, its interrupts' names, the context
 * (SS_WC_*) and its id, the sleeping syscall (-1: none) and the reason. */
char *ss_explain_ctx(const char *machine, const struct ss_irq_name *names, size_t nnames, unsigned ctx,
		     uint32_t id, int32_t sleep_nr, uint8_t reason, char *buf, size_t size);
/* A SS_WAKER event of an interrupt context (cause >= SS_WC_HARDIRQ), for
 * dump: "the timer of its own sleep expired", "the network softirq
 * (NET_RX)", "interrupt 24 (a device)". */
char *ss_explain_waker_ctx(const struct ss_event *ev, char *buf, size_t size);
/* The same, in a word or two for lists: "timer", "irq 24", "softirq NET_RX". */
char *ss_explain_wake_ctx_short(const struct ss_wait_rec *w, char *buf, size_t size);
/* "NET_RX": a softirq vector's name, as the kernel spells it. */
const char *ss_softirq_name(unsigned vec);
/* One CPU's time in interrupt contexts: "1.20 ms in device interrupts (340
 * handler runs), 3.10 ms in softirqs (TIMER 1.0 ms, NET_RX 2.1 ms), 0.90 ms
 * in timer callbacks (2,400 expiries)"; "not recorded" for an older trace. */
char *ss_explain_irq_time(const struct ss_irq_time *t, char *buf, size_t size);
/* The wait for a CPU before run i: "runnable 40.0 us on CPU 1 while
 * PoolWorker-2 4413 ran there". NULL when there was none worth a line. */
char *ss_explain_runnable(const struct ss_model *m, const struct ss_thread *t, size_t run,
			  char *buf, size_t size);
/* "pool 4410" */
char *ss_explain_task(const struct ss_model *m, uint32_t tid, uint64_t ts, char *buf, size_t size);
/* The moment a sentence about [from_ns, to_ns) names the thread of run o by
 * (it ran then): its last instant in that span. A name belongs to a moment
 * (prctl renames, exec renames), so a run named by its start called a
 * worker by its parent's name ("pool") after it had renamed itself. */
uint64_t ss_explain_run_moment(const struct ss_slice *o, uint64_t from_ns, uint64_t to_ns);
/* A thread's figures: "ran 6 times for 2.12 ms, blocked 3 times for 89.8 ms,
 * waited for a CPU 218 us in all". */
char *ss_explain_thread_sums(const struct ss_model *m, const struct ss_thread *t, char *buf, size_t size);
/* One thread of the traced tree: "PoolWorker-1 18874, a process forked by
 * pool 18872". */
char *ss_explain_thread_line(const struct ss_model *m, const struct ss_thread *t, char *buf, size_t size);
/* A wait(2) status: "exit code 3", "killed by SIGTERM"; "" for -1 (none). */
char *ss_explain_exit(int32_t status, char *buf, size_t size);
/* Whether a wait(2) status says killed by signal sig: the rule
 * ss_explain_exit() words, for a check that wants the fact, not the words. */
bool ss_exit_killed_by(int32_t status, int sig);
/* A moment of the trace: seconds since its start, "1.234567s" (negative
 * before it); fmt_moment() with the trace's start, the one form of a moment. */
char *ss_explain_time(const struct ss_model *m, uint64_t abs_ns, char *buf, size_t size);
/* How a run ended: "then went to sleep (S)", "still running" (open)... */
const char *ss_explain_run_end(const struct ss_slice *s, bool open);
/* A run: "ran from 1.200000s for 3.00 ms on CPU 1 (prio 120), then went to sleep (S)".
 * end_ns: where a run still going is shown to end (now). */
char *ss_explain_run(const struct ss_model *m, const struct ss_slice *s, uint64_t end_ns,
		     char *buf, size_t size);
/* How the task of run s became ready: "before: woken by writer 4412 at
 * 1.200000s (CPU 0), then waited 40.0 us for the CPU". */
char *ss_explain_ready(const struct ss_model *m, const struct ss_slice *s, char *buf, size_t size);
/* What the recorder's held start is, for a thread in it. */
const char *ss_explain_held(void);

/* ---- the critical path ---- */

/* A critical-path segment (model/critical.h) in words. brief: what a share
 * is called ("PoolWorker-2 1468 blocked: sleep"); else the sentence for the
 * segment ("blocked 644 ms asleep on purpose (clock_nanosleep()); the timer
 * expired: the chain ends at the timer"). */
char *ss_explain_critical(const struct ss_model *m, const struct ss_cp_seg *s, bool brief, char *buf,
			  size_t size);

/* ---- channels (flows) ---- */

/* One counted flow: "writer 27397 wrote 15 B in 3 calls", "pool 100 sent
 * 264 B in 3 calls to 127.0.0.1:40532". */
char *ss_explain_flow(const struct ss_model *m, const struct ss_flow *f, char *buf, size_t size);
/* Which way a flow's bytes went on a connection: "127.0.0.1:5000 ->
 * 127.0.0.1:40532"; "" for a channel without endpoints. */
char *ss_explain_flow_way(const struct ss_flow *f, char *buf, size_t size);
/* The order of a channel's flows as `flows` lists them, the first naming the
 * channel (the Perfetto export names its track the same way): by the way the
 * bytes went, writers first, then by tid. */
int ss_flow_cmp(const struct ss_flow *x, const struct ss_flow *y);
/* Who connected to whom on connection c: "worker-1 123 (port 40532)
 * connected to port 5000"; for a channel without two endpoints, "". */
char *ss_explain_connection(const struct ss_model *m, const struct ss_chan *c, char *buf, size_t size);

/* ---- events (dump) ---- */

/* A SS_BLOCK event: "sleeps in read(fd 3, 4 bytes) on pipe:[61126]"; for a
 * kernel thread "goes to sleep" without the syscall its registers seem to
 * name; held: the root before its exec, the recorder's code. A withheld
 * call (ss_sys_withheld()), here and in a waker: "read() (arguments
 * withheld: another user's process)". */
char *ss_explain_block(const struct ss_trace_info *info, const struct ss_tasks *tasks,
		       const struct ss_event *ev, bool held, char *buf, size_t size);
/* A SS_WAKER event: "was in write(fd 4, 5 bytes) on pipe:[61126] when
 * reader:7 was woken". */
char *ss_explain_waker(const struct ss_trace_info *info, const struct ss_tasks *tasks,
		       const struct ss_event *ev, char *buf, size_t size);

/* What a reader of the events remembers of signals and exits, to say where
 * a SIGKILL that nobody sent came from. */
struct ss_signal_book {
	struct hmap by_tgid;          /* tgid -> the last signal sent to the group, an exit in it */
};
void ss_signal_book_init(struct ss_signal_book *b);
void ss_signal_book_free(struct ss_signal_book *b);
/* Notes a signal or exit event (others are ignored). Call after explaining it. */
void ss_signal_book_note(struct ss_signal_book *b, const struct ss_tasks *tasks, const struct ss_event *ev);
/* A SS_SIGNAL event: "sends SIGTERM to reader:7", "takes delivery of
 * SIGKILL, which no task sent: ...". */
char *ss_explain_signal(const struct ss_tasks *tasks, const struct ss_signal_book *b,
			const struct ss_event *ev, char *buf, size_t size);

#endif
