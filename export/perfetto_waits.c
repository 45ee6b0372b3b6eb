/*
 * Why threads waited, in the Perfetto export: each sleep of a traced thread in
 * a syscall we know (model/sched_state.c's ss_wait), or in a page fault its
 * kernel stack shows (ss_kstack_in_fault()), is a TrackEvent slice on
 * the thread's track, named by its reason, with the channel, the syscall and
 * the waker as arguments; a flow goes from an instant on the waker's track
 * ("wakes ...") to one on the sleeper's ("woken ..."), both at the wakeup.
 * A sleep still going when the trace ends is a slice up to the end (or up
 * to its wakeup, if it was woken and had not run yet). The stack it blocked
 * in is an argument in words and, for flame graphs, a native callstack
 * sample at its start (perfetto_stacks.c).
 */
#include "export/perfetto_waits.h"
#include "export/perfetto_stacks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/explain.h"
#include "model/states.h"
#include "model/syscalls.h"
#include "symbols/symbols.h"

/* "read_full (common.c:221) <- queue_get (common.c:268) <- ...": the
 * teller's words without the sentence's " in ". */
static const char *stack_words(struct pf *p, uint32_t id, char *buf, size_t size)
{
	ss_symbols_tell(p->sy, &p->r->stacks, id, 0, buf, size);
	return strncmp(buf, " in ", 4) ? buf : buf + 4;
}

/* One sleep, from w->block_ns to end. */
static void wait_write(struct pf *p, const struct ss_wait *w, uint64_t end)
{
	struct xp *x = p->x;
	int32_t inc = xp_incarnation(x, w->tid, w->block_ns);
	const struct ss_syscall_info *si;
	uint64_t uuid;
	char text[128], chan[96], words[512];
	struct tev t;
	bool fault;

	/* the recorder's held start is not the program's sleep (states.h) */
	if (w->held) {
		if (w->sys.chan.kind != SS_CH_NONE)
			p->held_chan = w->sys.chan.id;
		return;
	}
	/* Only sleeps whose reason is known (a traced thread blocked in a syscall
	 * we decode, or in a page fault its kernel stack shows): the others
	 * would repeat the thread-state track. */
	fault = w->reason == SS_R_UNKNOWN && w->sys.kstack && ss_kstack_in_fault(&p->r->stacks, w->sys.kstack);
	if ((w->reason == SS_R_UNKNOWN && !fault) || inc < 0 || !x->traced[inc] ||
	    !xp_selected(x, w->tid, w->block_ns) || w->block_ns < x->t0_ns || end < w->block_ns)
		return;
	uuid = pf_thread_track(p, w->tid, w->block_ns);
	memset(&t, 0, sizeof(t));
	t.ts = w->block_ns;
	t.uuid = uuid;
	t.type = TE_TYPE_SLICE_BEGIN;
	t.cat = "wait";
	t.name = fault ? "page fault" : ss_reason_name(w->reason);
	if (w->sys.chan.kind != SS_CH_NONE)
		pf_tev_ann(&t, "channel", ss_chan_name(&w->sys.chan, chan, sizeof(chan)));
	si = w->sys.nr >= 0 ? ss_syscall(p->r->info.machine, w->sys.nr) : NULL;
	if (si && si->name)
		pf_tev_ann(&t, "syscall", si->name);
	/* its channel and arguments were left out: say so, not nothing */
	if (ss_sys_withheld(&w->sys))
		pf_tev_ann(&t, "withheld", ss_syscall_withheld_words());
	if (w->ready_ns && w->wake_ctx != SS_WC_NONE) {
		/* an interrupt context woke it: name it, not the task it interrupted */
		pf_tev_ann(&t, "woken_by", ss_explain_ctx(p->r->info.machine, p->r->irq_names, p->r->nirq_names,
							  w->wake_ctx, w->wake_ctx_id, w->sys.nr, w->reason,
							  text, sizeof(text)));
		pf_tev_ann(&t, "how", ss_wake_how_name(w->how));
	} else if (w->ready_ns) {
		pf_tev_ann(&t, "woken_by", pf_who(p, w->waker, w->ready_ns, text, sizeof(text)));
		pf_tev_ann(&t, "how", ss_wake_how_name(w->how));
	} else if (!w->run_ns) {
		pf_tev_ann(&t, "note", "until the end of the recording");
	}
	if (w->sys.stack)
		pf_tev_ann(&t, "stack", stack_words(p, w->sys.stack, words, sizeof(words)));
	if (w->sys.kstack) {
		/* all its frames, without the sentence's " in the kernel...: " */
		const char *k = ss_explain_kstack(&p->r->stacks, w->sys.kstack, w->sleep_state, 0, words, sizeof(words));
		const char *frames = strstr(k, ": ");

		pf_tev_ann(&t, "kernel_stack", frames ? frames + 2 : k);
	}
	pf_tev_write(p, &t);
	pf_stacks_sample(p, w);

	/* the wakeup: an arrow from the waker's action to the sleeper */
	if (w->ready_ns && w->waker && xp_selected(x, w->waker, w->ready_ns)) {
		char who_buf[64];

		memset(&t, 0, sizeof(t));
		t.ts = w->ready_ns;
		t.uuid = pf_thread_track(p, w->waker, w->ready_ns);
		t.type = TE_TYPE_INSTANT;
		t.flow_field = F_TE_FLOW_IDS;
		t.flow = ++p->flows;
		t.cat = "wait";
		if (w->waker_sys.nr >= 0 && (si = ss_syscall(p->r->info.machine, w->waker_sys.nr)) && si->name)
			pf_tev_ann(&t, "syscall", si->name);
		if (ss_sys_withheld(&w->waker_sys))
			pf_tev_ann(&t, "withheld", ss_syscall_withheld_words());
		/* the sleeper's channel is on its slice; a different one is news */
		if (w->waker_sys.chan.kind != SS_CH_NONE && w->waker_sys.chan.id != w->sys.chan.id)
			pf_tev_ann(&t, "channel", ss_chan_name(&w->waker_sys.chan, chan, sizeof(chan)));
		if (w->waker_sys.nr >= 0 && w->waker_sys.stack)
			pf_tev_ann(&t, "stack", stack_words(p, w->waker_sys.stack, words, sizeof(words)));
		snprintf(text, sizeof(text), "wakes %s", pf_who(p, w->tid, w->ready_ns, who_buf, sizeof(who_buf)));
		t.name = text;
		pf_tev_write(p, &t);

		memset(&t, 0, sizeof(t));
		t.ts = w->ready_ns;
		t.uuid = uuid;
		t.type = TE_TYPE_INSTANT;
		t.flow_field = F_TE_TERMINATING_FLOW_IDS;
		t.flow = p->flows;
		t.cat = "wait";
		snprintf(text, sizeof(text), "woken (%s)", ss_wake_how_name(w->how));
		t.name = text;
		pf_tev_write(p, &t);
	}
	memset(&t, 0, sizeof(t));
	t.ts = end;
	t.uuid = uuid;
	t.type = TE_TYPE_SLICE_END;
	pf_tev_write(p, &t);
}

static void on_wait(void *ctx, const struct ss_wait *w)
{
	wait_write(ctx, w, ss_sleep_end_ns(w->ready_ns, w->run_ns));
}

struct open_ctx {
	struct pf *p;
	uint64_t end_ns;
};

/* A sleep still going: it ends at its wakeup if there was one, else with the trace. */
static void on_open_wait(void *ctx, const struct ss_wait *w)
{
	const struct open_ctx *o = ctx;

	wait_write(o->p, w, w->ready_ns ? w->ready_ns : o->end_ns);
}

static void on_slice(void *ctx, const struct ss_slice *s)
{
	(void)ctx;
	(void)s;
}

/* Sleeps have a known reason only after a block event: the state machine
 * (which costs as much as the rest of the export) starts at the first one.
 * Each CPU's running task is then taken as running since that moment, as at
 * the start of a recording. Traces without block events never pay for it. */
int pf_waits_start(struct pf *p, uint64_t ts)
{
	struct ss_sched_state_ops ops = { .slice = on_slice, .wait = on_wait, .ctx = p };

	p->st = ss_sched_state_new(&p->r->info, ts, &p->r->tasks, &ops);
	return p->st ? 0 : xp_out_of_memory(p->x);
}

void pf_waits_close(struct pf *p, uint64_t end_ns)
{
	struct open_ctx o = { .p = p, .end_ns = end_ns };

	if (!p->st)
		return;
	ss_sched_state_close(p->st, end_ns);
	ss_sched_state_open_waits(p->st, on_open_wait, &o);
}

void pf_waits_free(struct pf *p)
{
	ss_sched_state_free(p->st);
}
