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
	/* why it sleeps, and how it was woken (traced threads only) */
	bool sleeping;          /* went to sleep (S, D, I) at sleep_ns */
	bool block_pending;     /* a BLOCK event awaits the switch that follows it */
	uint8_t sleep_state;
	uint8_t waker_cause;    /* enum ss_waker_cause of the wakeup that counted */
	uint64_t sleep_ns;
	struct ss_sys sys;      /* the syscall it sleeps in (nr -1: none) */
	struct ss_sys waker_sys;
	uint32_t sig_from;      /* a signal sent to it while asleep, and by whom */
	int32_t sig;
	/* A wakeup that reached it while it was still on its CPU, going to sleep:
	 * the kernel wakes it as soon as the switch away completes. */
	uint64_t early_ns;      /* 0: none */
	uint32_t early_waker;
	uint16_t early_cpu;
	uint8_t early_kind;     /* SS_READY_WOKEN / NEW */
	uint8_t early_cause;
	struct ss_sys early_sys;
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
	const char *machine;
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
		p->sys.nr = -1;
		p->waker_sys.nr = -1;
		st->used++;
	}
	return p;
}

struct ss_sched_state *ss_sched_state_new(unsigned ncpus, uint64_t start_ns, const char *machine,
					  const struct ss_sched_state_ops *ops)
{
	struct ss_sched_state *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->ncpus = ncpus;
	st->start_ns = start_ns;
	st->machine = machine;
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
			unsigned how = ss_state_from_index(state_index);

			p->ready = SS_READY_UNKNOWN;
			p->ready_ns = 0;
			p->sleeping = how == SS_ST_S || how == SS_ST_D || how == SS_ST_I;
			p->sleep_ns = ts;
			p->sleep_state = (uint8_t)state_index;
			p->waker_cause = SS_WC_NONE;
			p->waker_sys.nr = -1;
			p->sig = 0;
			if (!p->block_pending)
				p->sys.nr = -1;
			if (p->sleeping && p->early_ns) {
				/* woken before it was off the CPU: runnable from now */
				p->ready = p->early_kind;
				p->ready_ns = ts;
				p->waker = p->early_waker;
				p->wake_cpu = p->early_cpu;
				p->waker_cause = p->early_cause;
				p->waker_sys = p->early_sys;
			}
		}
		p->block_pending = false;
		p->early_ns = 0;
	}
	st->ops.slice(st->ops.ctx, &r->s);
}

static bool same_chan(const struct ss_sys *a, const struct ss_sys *b)
{
	return a->chan.kind != SS_CH_NONE && a->chan.id == b->chan.id;
}

static uint8_t reason_of(const struct ss_sched_state *st, const struct ss_sys *s)
{
	const struct ss_syscall_info *si;
	bool pipe, sock;

	if (s->nr < 0)
		return SS_R_UNKNOWN;
	si = ss_syscall(st->machine, s->nr);
	pipe = s->chan.kind == SS_CH_PIPE;
	sock = s->chan.kind >= SS_CH_UNIX && s->chan.kind <= SS_CH_SOCKET;
	switch (si ? si->kind : SS_SC_OTHER) {
	case SS_SC_READ: return pipe ? SS_R_PIPE_READ : sock ? SS_R_RECV : SS_R_IO;
	case SS_SC_WRITE: return pipe ? SS_R_PIPE_WRITE : sock ? SS_R_SEND : SS_R_IO;
	case SS_SC_RECV: return SS_R_RECV;
	case SS_SC_SEND: return SS_R_SEND;
	case SS_SC_FUTEX: return SS_R_LOCK;
	case SS_SC_SLEEP: return SS_R_SLEEP;
	case SS_SC_WAIT: return SS_R_JOIN;
	case SS_SC_ACCEPT: return SS_R_ACCEPT;
	case SS_SC_CONNECT: return SS_R_CONNECT;
	case SS_SC_POLL: return SS_R_POLL;
	case SS_SC_MQ_RECV: return SS_R_QUEUE_GET;
	case SS_SC_MQ_SEND: return SS_R_QUEUE_PUT;
	case SS_SC_SIGWAIT: return SS_R_SIGNAL_WAIT;
	default: return SS_R_OTHER;
	}
}

/* How the sleep ended, from what the sleeper and its waker were doing. */
static uint8_t wake_how(const struct ss_sched_state *st, const struct pend *p, uint8_t reason)
{
	const struct ss_syscall_info *wi;

	if (p->ready == SS_READY_UNKNOWN)
		return SS_WH_UNKNOWN;
	if (p->sig && p->sig_from == p->waker)
		return SS_WH_SIGNAL;
	if (p->waker_cause == SS_WC_EXIT)
		return SS_WH_EXIT;
	if (p->waker_cause == SS_WC_SYSCALL) {
		wi = ss_syscall(st->machine, p->waker_sys.nr);
		if (same_chan(&p->sys, &p->waker_sys)) {
			switch (wi ? wi->kind : SS_SC_OTHER) {
			case SS_SC_WRITE: case SS_SC_SEND: case SS_SC_MQ_SEND: return SS_WH_WROTE;
			case SS_SC_READ: case SS_SC_RECV: case SS_SC_MQ_RECV:
				/* a reader woken by a reader: the kernel hands on what is left */
				return reason == SS_R_PIPE_READ || reason == SS_R_RECV ||
				       reason == SS_R_QUEUE_GET ? SS_WH_PASSED : SS_WH_READ;
			case SS_SC_FUTEX: return SS_WH_FUTEX;
			default: break;
			}
		}
		if (reason == SS_R_ACCEPT && wi && wi->kind == SS_SC_CONNECT &&
		    p->waker_sys.chan.rport == p->sys.chan.lport)
			return SS_WH_CONNECT;
		if (wi && wi->kind == SS_SC_KILL && p->sig)
			return SS_WH_SIGNAL;
	}
	if (reason == SS_R_SLEEP)
		return SS_WH_TIMER;
	if (p->waker == 0)
		return SS_WH_IRQ;               /* the idle task wakes nobody itself */
	return p->waker_cause == SS_WC_SYSCALL ? SS_WH_SYSCALL : SS_WH_UNTRACED;
}

static void emit_wait(struct ss_sched_state *st, const struct pend *p, const struct ss_event *ev)
{
	struct ss_wait w;

	memset(&w, 0, sizeof(w));
	w.tid = p->tid;
	w.waker = p->ready == SS_READY_UNKNOWN ? 0 : p->waker;
	w.block_ns = p->sleep_ns;
	w.ready_ns = p->ready == SS_READY_UNKNOWN ? 0 : p->ready_ns;
	w.run_ns = ev->ts_ns;
	w.cpu = ev->cpu;
	w.sleep_state = p->sleep_state;
	w.sys = p->sys;
	w.waker_sys = p->waker_sys;
	w.reason = reason_of(st, &p->sys);
	w.how = wake_how(st, p, w.reason);
	if (w.how == SS_WH_SIGNAL)
		w.signal = p->sig;
	/* pthread_join sleeps on a futex that the exiting thread's kernel wakes */
	if (w.reason == SS_R_LOCK && w.how == SS_WH_EXIT)
		w.reason = SS_R_JOIN;
	if (w.how != SS_WH_WROTE && w.how != SS_WH_READ && w.how != SS_WH_PASSED && w.how != SS_WH_FUTEX &&
	    w.how != SS_WH_SYSCALL && w.how != SS_WH_CONNECT && w.how != SS_WH_SIGNAL)
		w.waker_sys.nr = -1;
	st->ops.wait(st->ops.ctx, &w);
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
		if (p->sleeping) {
			p->sleeping = false;
			if (st->ops.wait)
				emit_wait(st, p, ev);
		}
		p->ready = SS_READY_UNKNOWN;
		p->ready_ns = 0;
		p->waker = 0;
		p->running = true;
		p->early_ns = 0;
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

	/* The first wakeup counts (perf sched does the same). One that reaches a
	 * task still on its CPU is kept: if the task then switches out asleep,
	 * the kernel makes it runnable right after (ttwu waits for on_cpu). */
	if (p && p->running) {
		if (!p->early_ns) {
			p->early_ns = ev->ts_ns;
			p->early_waker = ev->pid;
			p->early_cpu = (uint16_t)ev->wake.target_cpu;
			p->early_kind = ev->kind == SS_WAKEUP_NEW ? SS_READY_NEW : SS_READY_WOKEN;
			p->early_cause = SS_WC_NONE;
			p->early_sys.nr = -1;
		}
		return;
	}
	if (!p || p->ready != SS_READY_UNKNOWN)
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
	case SS_BLOCK: {
		struct pend *p = pend_of(st, ev->pid);

		if (p) {
			p->sys = ev->block;
			p->block_pending = true;
		}
		break;
	}
	case SS_WAKER: {
		struct pend *p = pend_of(st, ev->waker.wakee);

		if (p && p->running && p->early_ns == ev->ts_ns && p->early_waker == ev->pid) {
			p->early_cause = (uint8_t)ev->waker.cause;
			p->early_sys = ev->waker.sys;
			if (ev->waker.cause != SS_WC_SYSCALL)
				p->early_sys.nr = -1;
			break;
		}
		/* only the wakeup that counted (the first) gets its cause */
		if (p && p->ready != SS_READY_UNKNOWN && p->ready_ns == ev->ts_ns && p->waker == ev->pid) {
			p->waker_cause = (uint8_t)ev->waker.cause;
			p->waker_sys = ev->waker.sys;
			if (ev->waker.cause != SS_WC_SYSCALL)
				p->waker_sys.nr = -1;
		}
		break;
	}
	case SS_SIGNAL:
		/* The kernel reports a signal after it has woken the target
		 * (trace_signal_generate follows complete_signal), so it may
		 * come just after the waking it caused. */
		if (ev->signal.dir == SS_SIGNAL_SENT && ev->signal.result == 0) {
			struct pend *p = pend_of(st, ev->signal.target);

			if (p && p->sleeping && !p->running) {
				p->sig = ev->signal.sig;
				p->sig_from = ev->pid;
			}
		}
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

const char *ss_wake_how_name(unsigned how)
{
	static const char *const names[SS_WH_MAX] = {
		[SS_WH_UNKNOWN] = "unknown",
		[SS_WH_WROTE] = "wrote",
		[SS_WH_READ] = "read (made room)",
		[SS_WH_PASSED] = "passed on",
		[SS_WH_FUTEX] = "futex wake",
		[SS_WH_CONNECT] = "connect",
		[SS_WH_EXIT] = "exited",
		[SS_WH_SIGNAL] = "signal",
		[SS_WH_TIMER] = "timer expired",
		[SS_WH_SYSCALL] = "unrelated syscall",
		[SS_WH_UNTRACED] = "untraced task",
		[SS_WH_IRQ] = "interrupt",
	};

	return how < SS_WH_MAX ? names[how] : "?";
}

const struct ss_slice *ss_sched_state_running(const struct ss_sched_state *st, unsigned cpu)
{
	return cpu < st->ncpus && st->cpu[cpu].open ? &st->cpu[cpu].s : NULL;
}
