#include "model/sched_state.h"

#include <stdlib.h>
#include <string.h>

/* What we know of a task between its runs. */
struct pend {
	uint32_t tid;           /* 0: empty slot */
	uint8_t ready;
	bool running;
	uint16_t wake_cpu;
	uint32_t waker;
	uint64_t ready_ns;
};

struct cpu_run {
	struct ss_slice s;
	bool open;
	bool after_loss;
	bool seen_switch;
};

struct ss_sched_state {
	unsigned ncpus;
	uint64_t start_ns;
	struct cpu_run *cpu;
	struct pend *tab;       /* open addressing on tid */
	size_t cap, used;
	struct ss_sched_state_ops ops;
};

static struct pend *slot(struct ss_sched_state *st, uint32_t tid)
{
	size_t mask = st->cap - 1, i = (tid * 2654435761u) & mask;

	while (st->tab[i].tid && st->tab[i].tid != tid)
		i = (i + 1) & mask;
	return &st->tab[i];
}

static int grow(struct ss_sched_state *st)
{
	struct pend *old = st->tab;
	size_t n = st->cap;

	st->cap = n ? n * 2 : 1024;
	st->tab = calloc(st->cap, sizeof(*st->tab));
	if (!st->tab) {
		st->tab = old;
		st->cap = n;
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (old[i].tid)
			*slot(st, old[i].tid) = old[i];
	free(old);
	return 0;
}

/* The task's record, created on first use; NULL only if memory ran out. */
static struct pend *pend_of(struct ss_sched_state *st, uint32_t tid)
{
	struct pend *p;

	if ((st->used + 1) * 2 > st->cap && grow(st))
		return NULL;
	p = slot(st, tid);
	if (!p->tid) {
		p->tid = tid;
		st->used++;
	}
	return p;
}

struct ss_sched_state *ss_sched_state_new(unsigned ncpus, uint64_t start_ns,
					  const struct ss_sched_state_ops *ops)
{
	struct ss_sched_state *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->ncpus = ncpus;
	st->start_ns = start_ns;
	st->ops = *ops;
	st->cpu = calloc(ncpus, sizeof(*st->cpu));
	if (!st->cpu || grow(st)) {
		ss_sched_state_free(st);
		return NULL;
	}
	return st;
}

void ss_sched_state_free(struct ss_sched_state *st)
{
	if (!st)
		return;
	free(st->cpu);
	free(st->tab);
	free(st);
}

static void end_run(struct ss_sched_state *st, struct cpu_run *r, uint64_t ts, int state_index)
{
	struct pend *p;

	if (!r->open)
		return;
	r->open = false;
	r->s.end_ns = ts;
	r->s.end_state = (uint8_t)(state_index < 0 ? 0 : state_index);
	p = pend_of(st, r->s.tid);
	if (p) {
		p->running = false;
		/* Still runnable (preempted, or yielded in TASK_RUNNING): ready from now. */
		if (state_index == 0 || state_index == ss_state_index(SS_ST_PREEMPTED)) {
			p->ready = SS_READY_PREEMPTED;
			p->ready_ns = ts;
			p->waker = 0;
			p->wake_cpu = r->s.cpu;
		} else {
			p->ready = SS_READY_UNKNOWN;
			p->ready_ns = 0;
		}
	}
	st->ops.slice(st->ops.ctx, &r->s);
}

static void start_run(struct ss_sched_state *st, struct cpu_run *r, const struct ss_event *ev)
{
	struct pend *p = pend_of(st, ev->sw.next_pid);

	memset(&r->s, 0, sizeof(r->s));
	r->s.start_ns = ev->ts_ns;
	r->s.end_ns = SS_OPEN_END;
	r->s.tid = ev->sw.next_pid;
	r->s.cpu = ev->cpu;
	r->s.prio = ev->sw.next_prio;
	r->s.flags = r->after_loss ? SS_SLICE_AFTER_LOSS : 0;
	r->after_loss = false;
	if (p) {
		r->s.ready = p->ready;
		r->s.ready_ns = p->ready_ns;
		r->s.waker = p->waker;
		r->s.wake_cpu = p->wake_cpu;
		p->ready = SS_READY_UNKNOWN;
		p->ready_ns = 0;
		p->waker = 0;
		p->running = true;
	}
	r->open = true;
}

static void on_switch(struct ss_sched_state *st, const struct ss_event *ev)
{
	struct cpu_run *r = &st->cpu[ev->cpu];

	/* A run whose task is not the one switching out lost its end (dropped
	 * events): close it here, not knowing how it ended. */
	if (r->open)
		end_run(st, r, ev->ts_ns, r->s.tid == ev->pid ? ss_state_index(ev->sw.prev_state) : 0);
	else if (ev->pid && !r->after_loss && !r->seen_switch) {
		/* It was running when the recording began: give it that run. */
		struct ss_event first = *ev;

		first.ts_ns = st->start_ns < ev->ts_ns ? st->start_ns : ev->ts_ns;
		first.sw.next_pid = ev->pid;
		first.sw.next_prio = ev->sw.prev_prio;
		start_run(st, r, &first);
		r->s.flags |= SS_SLICE_FROM_START;
		end_run(st, r, ev->ts_ns, ss_state_index(ev->sw.prev_state));
	}
	r->seen_switch = true;
	if (ev->sw.next_pid)
		start_run(st, r, ev);
}

static void on_wakeup(struct ss_sched_state *st, const struct ss_event *ev)
{
	struct pend *p = pend_of(st, ev->wake.wakee);

	/* The first wakeup counts (perf sched does the same); one that reaches a
	 * task still on its CPU (about to sleep, woken in time) makes no wait. */
	if (!p || p->running || p->ready != SS_READY_UNKNOWN)
		return;
	p->ready = ev->kind == SS_WAKEUP_NEW ? SS_READY_NEW : SS_READY_WOKEN;
	p->ready_ns = ev->ts_ns;
	p->waker = ev->pid;
	p->wake_cpu = (uint16_t)ev->wake.target_cpu;
}

void ss_sched_state_event(struct ss_sched_state *st, const struct ss_event *ev)
{
	if (ev->cpu >= st->ncpus)
		return;
	switch (ev->kind) {
	case SS_SWITCH:
		on_switch(st, ev);
		break;
	case SS_WAKING:
	case SS_WAKEUP_NEW:
		on_wakeup(st, ev);
		break;
	case SS_LOST:
		st->cpu[ev->cpu].after_loss = true;
		break;
	case SS_EXIT: {
		struct pend *p = pend_of(st, ev->pid);

		if (p)
			p->ready = SS_READY_UNKNOWN;
		break;
	}
	default:
		break;
	}
}

void ss_sched_state_close(struct ss_sched_state *st, uint64_t end_ns)
{
	for (unsigned c = 0; c < st->ncpus; c++) {
		struct cpu_run *r = &st->cpu[c];

		if (r->open) {
			/* Still running at the end: it ends there, in state R. */
			r->s.flags |= SS_SLICE_TO_END;
			end_run(st, r, end_ns > r->s.start_ns ? end_ns : r->s.start_ns, 0);
		}
	}
}

const struct ss_slice *ss_sched_state_running(const struct ss_sched_state *st, unsigned cpu)
{
	return cpu < st->ncpus && st->cpu[cpu].open ? &st->cpu[cpu].s : NULL;
}
