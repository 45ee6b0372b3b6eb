/* The state machine of sched_state.h. Per task, one cache line in a pid
 * table (struct pend); per CPU, its open run; syscalls and wakers in a side
 * table only for the tasks that have BLOCK or WAKER events: a switch or a
 * wakeup touches a line or two, whatever the number of tasks. What a sleep
 * meant and how it ended (reason_of(), wake_how()) is settled here, once,
 * for the stored model and the streaming exporters alike. */
#include "model/sched_state.h"

#include "model/states.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "util/pidmap.h"
#include "util/vec.h"

/* What we know of a task between its runs: the fields every switch and
 * wakeup touches, kept small so the table of every task stays in cache,
 * and one cache line each (the pid table's pages start on a line): at
 * 10,000 tasks the table is out of cache, and 56 bytes packed put seven
 * records in eight across two lines, two misses a task. */
struct __attribute__((aligned(64))) pend {
	uint32_t tid;           /* 0 with used false: never seen */
	int32_t why;            /* index of its struct why in st->whys, or -1 */
	uint64_t ready_ns;
	uint64_t sleep_ns;      /* went to sleep (S, D, I) here, if sleeping */
	/* A wakeup that reached it while it was still on its CPU, going to sleep:
	 * the kernel wakes it as soon as the switch away completes. */
	uint64_t early_ns;      /* 0: none */
	uint32_t waker;
	uint32_t early_waker;
	uint16_t cpu;           /* where it runs, if running */
	uint16_t wake_cpu;
	uint16_t early_cpu;
	uint16_t off_cpu;       /* + 1: the CPU it last left (0: never seen leaving one) */
	uint8_t ready;
	bool running;
	bool sleeping;
	bool block_pending;     /* a BLOCK event awaits the switch that follows it */
	uint8_t sleep_state;
	uint8_t waker_cause;    /* enum ss_waker_cause of the wakeup that counted */
	uint8_t early_kind;     /* SS_READY_WOKEN / NEW */
	uint8_t early_cause;
	bool used;
};
_Static_assert(sizeof(struct pend) == 64, "a task's record is one cache line");

/* Why a traced task sleeps and how it was woken: only tasks with BLOCK,
 * WAKER or signal events have one. */
struct why {
	struct ss_sys sys;      /* the syscall it sleeps in (nr -1: none) */
	struct ss_sys waker_sys;
	struct ss_sys early_sys;
	uint32_t ctx_id, early_ctx_id;   /* the interrupt context that woke it (cause >= HARDIRQ) */
	uint32_t sig_from;      /* a signal sent to it while asleep, and by whom */
	int32_t sig;
};

struct cpu_run {
	struct ss_slice s;
	bool open;
	bool after_loss;
	bool seen_switch;
	/* the waking that was this CPU's last event (0: another came since):
	 * the signal that caused it is reported right after it */
	uint32_t last_wakee, last_waker;
};

struct ss_sched_state {
	unsigned ncpus;
	uint64_t start_ns;
	const char *machine;
	const struct ss_tasks *who;     /* the task table: who the tasks are (may be NULL) */
	uint32_t root_pid;               /* the traced command (0: none, --all) */
	uint64_t start_pipe_ino;         /* the recorder's start pipe, when the header names it */
	uint64_t root_exec_ns;           /* its first exec; 0 before */
	struct cpu_run *cpu;
	struct pidmap tasks;    /* tid -> struct pend */
	struct why *whys;
	size_t nwhys, whys_cap;
	bool whys_failed;
	struct ss_sched_state_ops ops;
};

static const struct why no_why = { .sys.nr = -1, .waker_sys.nr = -1, .early_sys.nr = -1 };

/* The task's record, created on first use; NULL only if memory ran out
 * (ss_sched_state_failed() then says so). */
static struct pend *pend_of(struct ss_sched_state *st, uint32_t tid)
{
	struct pend *p = pidmap_put(&st->tasks, tid);

	if (p && !p->used) {
		p->used = true;
		p->tid = tid;
		p->why = -1;
	}
	return p;
}

/* The task's why record, created if asked (NULL if not, or out of memory). */
static struct why *why_of(struct ss_sched_state *st, struct pend *p, bool create)
{
	if (p->why >= 0)
		return &st->whys[p->why];
	if (!create)
		return NULL;
	if (!vec_grow((void **)&st->whys, &st->whys_cap, st->nwhys + 1, sizeof(*st->whys))) {
		st->whys_failed = true;
		return NULL;
	}
	p->why = (int32_t)st->nwhys;
	st->whys[st->nwhys] = no_why;
	return &st->whys[st->nwhys++];
}

struct ss_sched_state *ss_sched_state_new(const struct ss_trace_info *info, uint64_t start_ns,
					  const struct ss_tasks *tasks, const struct ss_sched_state_ops *ops)
{
	struct ss_sched_state *st = calloc(1, sizeof(*st));
	unsigned ncpus = info->ncpus;

	if (!st)
		return NULL;
	st->ncpus = ncpus;
	st->start_ns = start_ns;
	st->machine = info->machine;
	st->who = tasks;
	st->root_pid = info->root_pid;
	st->start_pipe_ino = info->start_pipe_ino;
	st->ops = *ops;
	pidmap_init(&st->tasks, sizeof(struct pend), NULL);
	st->cpu = calloc(ncpus, sizeof(*st->cpu));
	if (!st->cpu) {
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
	free(st->whys);
	pidmap_free(&st->tasks);
	free(st);
}

/* Task p left the CPU at ts in state state_index (its run's end, seen or not). */
static void task_off_cpu(struct ss_sched_state *st, struct pend *p, uint64_t ts, int state_index, unsigned cpu)
{
	p->running = false;
	p->off_cpu = (uint16_t)(cpu + 1);
	/* Still runnable (preempted, or yielded in TASK_RUNNING): ready from now. */
	if (state_index == 0 || state_index == ss_state_index(SS_ST_PREEMPTED)) {
		p->ready = SS_READY_PREEMPTED;
		p->ready_ns = ts;
		p->waker = 0;
		p->wake_cpu = (uint16_t)cpu;
	} else {
		unsigned how = ss_state_from_index(state_index);

		p->ready = SS_READY_UNKNOWN;
		p->ready_ns = 0;
		p->sleeping = how == SS_ST_S || how == SS_ST_D || how == SS_ST_I;
		p->sleep_ns = ts;
		struct why *y = why_of(st, p, false);

		p->sleep_state = (uint8_t)state_index;
		p->waker_cause = SS_WC_NONE;
		if (y) {
			y->waker_sys.nr = -1;
			y->sig = 0;
			if (!p->block_pending)
				y->sys.nr = -1;
		}
		if (p->sleeping && p->early_ns) {
			/* woken before it was off the CPU: runnable from now */
			p->ready = p->early_kind;
			p->ready_ns = ts;
			p->waker = p->early_waker;
			p->wake_cpu = p->early_cpu;
			p->waker_cause = p->early_cause;
			if (y) {
				y->waker_sys = y->early_sys;
				y->ctx_id = y->early_ctx_id;
			}
		}
	}
	p->block_pending = false;
	p->early_ns = 0;
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
	if (p)
		task_off_cpu(st, p, ts, state_index, r->s.cpu);
	st->ops.slice(st->ops.ctx, &r->s);
}

static bool same_chan(const struct ss_sys *a, const struct ss_sys *b)
{
	return a->chan.kind != SS_CH_NONE && a->chan.id == b->chan.id;
}

static uint8_t reason_of(const struct ss_sched_state *st, const struct ss_sys *s)
{
	const struct ss_syscall_info *si;
	bool pipe, sock, file;

	if (s->nr < 0)
		return SS_R_UNKNOWN;
	si = ss_syscall(st->machine, s->nr);
	pipe = s->chan.kind == SS_CH_PIPE;
	sock = s->chan.kind >= SS_CH_UNIX && s->chan.kind <= SS_CH_SOCKET;
	/* a withheld read's fd is not known: a pipe, a socket or a file alike */
	file = !ss_sys_withheld(s);
	switch (si ? si->kind : SS_SC_OTHER) {
	case SS_SC_READ: return pipe ? SS_R_PIPE_READ : sock ? SS_R_RECV : file ? SS_R_IO : SS_R_OTHER;
	case SS_SC_WRITE: return pipe ? SS_R_PIPE_WRITE : sock ? SS_R_SEND : file ? SS_R_IO : SS_R_OTHER;
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
	case SS_SC_VFORK: return SS_R_VFORK;
	default: return SS_R_OTHER;
	}
}

static bool sleeps_in_clone(const struct ss_sched_state *st, const struct ss_sys *s)
{
	const struct ss_syscall_info *si = s->nr >= 0 ? ss_syscall(st->machine, s->nr) : NULL;

	return si && si->kind == SS_SC_CLONE;
}

/* How the sleep ended, from what the sleeper and its waker were doing. */
static uint8_t wake_how(const struct ss_sched_state *st, const struct pend *p, const struct why *y,
			uint8_t reason)
{
	const struct ss_syscall_info *wi;

	if (p->ready == SS_READY_UNKNOWN)
		return SS_WH_UNKNOWN;
	/* A child's exit sends SIGCHLD as it wakes its parent: for a parent in
	 * wait4 (or a vfork), the exit is what it waited for. */
	if (p->waker_cause == SS_WC_EXIT && reason != SS_R_SIGNAL_WAIT && y->sig == SIGCHLD)
		return SS_WH_EXIT;
	if (y->sig && y->sig_from == p->waker)
		return SS_WH_SIGNAL;
	/* only its timer (or a signal) ends a sleep() */
	if (reason == SS_R_SLEEP || p->waker_cause == SS_WC_TIMER)
		return SS_WH_TIMER;
	/* an interrupt context woke it (tracer/ctx.bpf.h), not a task */
	if (p->waker_cause == SS_WC_HARDIRQ)
		return SS_WH_HARDIRQ;
	if (p->waker_cause == SS_WC_SOFTIRQ)
		return SS_WH_SOFTIRQ;
	if (p->waker_cause == SS_WC_EXIT)
		return SS_WH_EXIT;
	if (p->waker_cause == SS_WC_SYSCALL) {
		wi = ss_syscall(st->machine, y->waker_sys.nr);
		/* vfork's promise: the child's exec releases the parent */
		if (wi && wi->kind == SS_SC_EXEC && (reason == SS_R_VFORK || sleeps_in_clone(st, &y->sys)))
			return SS_WH_EXECED;
		/* only the other end wakes a pipe (or a unix socket) sleeper, and
		 * closing it does: close() has no fd left to name it by (the file
		 * is released after the fd is gone) */
		if (wi && wi->kind == SS_SC_CLOSE && (y->sys.chan.kind == SS_CH_PIPE || y->sys.chan.kind == SS_CH_UNIX) &&
		    (reason == SS_R_PIPE_READ || reason == SS_R_PIPE_WRITE || reason == SS_R_RECV || reason == SS_R_SEND))
			return SS_WH_CLOSED;
		if (same_chan(&y->sys, &y->waker_sys)) {
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
		    y->waker_sys.chan.rport == y->sys.chan.lport)
			return SS_WH_CONNECT;
		if (wi && wi->kind == SS_SC_KILL && y->sig)
			return SS_WH_SIGNAL;
	}
	if (p->waker == 0)
		return SS_WH_IRQ;               /* the idle task wakes nobody itself */
	return p->waker_cause == SS_WC_SYSCALL ? SS_WH_SYSCALL : SS_WH_UNTRACED;
}

/* Whether p's sleep, ended by its waker, is the recorder's held start
 * (states.h: ss_wait_held_start): the root before its exec, released by
 * its parent. */
static bool held_start(const struct ss_sched_state *st, const struct pend *p)
{
	const struct ss_task *root, *w;

	const struct why *y = p->why >= 0 ? &st->whys[p->why] : &no_why;

	/* the header names the start pipe: by its inode, when the sleep's own
	 * channel was seen (it began before the recording, as a rule: then the
	 * waker tells) */
	if (st->start_pipe_ino && y->sys.chan.kind != SS_CH_NONE)
		return ss_wait_on_start_pipe(st->start_pipe_ino, st->root_pid, p->tid, &y->sys.chan);
	if (!st->who || !st->root_pid || p->tid != st->root_pid || p->ready == SS_READY_UNKNOWN || !p->waker)
		return false;
	root = ss_tasks_at(st->who, p->tid, p->sleep_ns);
	w = ss_tasks_at(st->who, p->waker, p->ready_ns);
	return root && w && ss_wait_held_start(st->root_pid, root->ppid, st->root_exec_ns, p->tid, p->sleep_ns, w->tgid);
}

/* The sleep of task p as the wait callback gives it, ended by a run at
 * run_ns on cpu (0 while it goes on). */
static void fill_wait(const struct ss_sched_state *st, const struct pend *p, uint64_t run_ns, uint16_t cpu,
		      struct ss_wait *w)
{
	const struct why *y = p->why >= 0 ? &st->whys[p->why] : &no_why;

	memset(w, 0, sizeof(*w));
	w->tid = p->tid;
	w->waker = p->ready == SS_READY_UNKNOWN ? 0 : p->waker;
	w->block_ns = p->sleep_ns;
	w->ready_ns = p->ready == SS_READY_UNKNOWN ? 0 : p->ready_ns;
	w->run_ns = run_ns;
	w->cpu = cpu;
	w->block_cpu = p->off_cpu;
	w->sleep_state = p->sleep_state;
	w->sys = y->sys;
	w->waker_sys = y->waker_sys;
	w->reason = reason_of(st, &y->sys);
	w->how = wake_how(st, p, y, w->reason);
	if (p->ready != SS_READY_UNKNOWN && p->waker_cause >= SS_WC_HARDIRQ) {
		w->wake_ctx = p->waker_cause;
		w->wake_ctx_id = y->ctx_id;
	}
	if (w->how == SS_WH_SIGNAL)
		w->signal = y->sig;
	/* pthread_join sleeps on a futex that the exiting thread's kernel wakes */
	if (w->reason == SS_R_LOCK && w->how == SS_WH_EXIT)
		w->reason = SS_R_JOIN;
	/* clone with CLONE_VFORK (posix_spawn) is a vfork: its child's exec or
	 * exit released it (clone's flags are not kept, its ending tells) */
	if (w->reason == SS_R_OTHER && sleeps_in_clone(st, &w->sys) &&
	    (w->how == SS_WH_EXECED || w->how == SS_WH_EXIT))
		w->reason = SS_R_VFORK;
	if (w->how != SS_WH_WROTE && w->how != SS_WH_READ && w->how != SS_WH_PASSED && w->how != SS_WH_FUTEX &&
	    w->how != SS_WH_SYSCALL && w->how != SS_WH_CONNECT && w->how != SS_WH_SIGNAL && w->how != SS_WH_EXECED &&
	    w->how != SS_WH_CLOSED)
		w->waker_sys.nr = -1;
	w->held = held_start(st, p);
	ss_wait_settle(w, st->who);
}

static void emit_wait(struct ss_sched_state *st, struct pend *p, const struct ss_event *ev)
{
	struct ss_wait w;

	fill_wait(st, p, ev->ts_ns, ev->cpu, &w);
	st->ops.wait(st->ops.ctx, &w);
}

/* The kernel sometimes reports a task switching in on one CPU while its run
 * on another is still open here (its switch-away was never reported, seen
 * around some kernel workers): that run ended by now, still runnable. Ending
 * it here keeps a thread's runs from overlapping. */
static void end_run_elsewhere(struct ss_sched_state *st, struct pend *p, unsigned cpu, uint64_t ts)
{
	bool block_pending = p->block_pending;

	if (p->tid && p->running && p->cpu != cpu && p->cpu < st->ncpus && st->cpu[p->cpu].open &&
	    st->cpu[p->cpu].s.tid == p->tid) {
		end_run(st, &st->cpu[p->cpu], ts, 0);
		/* the syscall it blocks in here (reported just before) stays its own */
		p->block_pending = block_pending;
	}
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
		end_run_elsewhere(st, p, ev->cpu, ev->ts_ns);
		r->s.ready = p->ready;
		r->s.ready_ns = p->ready_ns;
		r->s.waker = p->waker;
		r->s.wake_cpu = p->wake_cpu;
		if (p->sleeping) {
			p->sleeping = false;
			if (held_start(st, p))
				r->s.flags |= SS_SLICE_AFTER_HELD;
			if (st->ops.wait)
				emit_wait(st, p, ev);
		}
		p->ready = SS_READY_UNKNOWN;
		p->ready_ns = 0;
		p->waker = 0;
		p->running = true;
		p->cpu = ev->cpu;
		p->early_ns = 0;
	}
	r->open = true;
}

/* A task switched out that was never reported switching in (the other half
 * of the same kernel omission): it ran, unseen, so its wakeup was used and
 * its sleep, if any, is over. No run is made up for it; its state moves on. */
static void hidden_run_ended(struct ss_sched_state *st, const struct ss_event *ev)
{
	struct pend *p = pend_of(st, ev->pid);

	if (!p)
		return;
	/* its run left open on another CPU ends here too, still runnable */
	end_run_elsewhere(st, p, ev->cpu, ev->ts_ns);
	if (p->sleeping) {
		p->sleeping = false;
		if (st->ops.wait)
			emit_wait(st, p, ev);
	}
	task_off_cpu(st, p, ev->ts_ns, ss_state_index(ev->sw.prev_state), ev->cpu);
}

static void on_switch(struct ss_sched_state *st, const struct ss_event *ev)
{
	struct cpu_run *r = &st->cpu[ev->cpu];
	bool hidden = ev->pid && r->seen_switch && (!r->open || r->s.tid != ev->pid);

	/* A run whose task is not the one switching out lost its end (dropped
	 * events, or a switch the kernel did not report): close it here, not
	 * knowing how it ended. */
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
	if (hidden)
		hidden_run_ended(st, ev);
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
			if (p->why >= 0)
				st->whys[p->why].early_sys.nr = -1;
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
	struct cpu_run *c;

	if (ev->cpu >= st->ncpus)
		return;
	c = &st->cpu[ev->cpu];
	/* (the waking's own cause, and the wakee's move to its new CPU, which
	 * try_to_wake_up reports between the waking and the signal, keep it; so
	 * does an interrupt's waking on that CPU in between, which is no task's) */
	bool from_irq = ev->kind == SS_WAKING && ev->pid == 0;

	if (ev->kind != SS_WAKER && ev->kind != SS_SIGNAL && !from_irq &&
	    !(ev->kind == SS_MIGRATE && ev->pid == c->last_wakee))
		c->last_wakee = c->last_waker = 0;
	switch (ev->kind) {
	case SS_SWITCH:
		on_switch(st, ev);
		break;
	case SS_WAKING:
	case SS_WAKEUP_NEW:
		on_wakeup(st, ev);
		if (!from_irq) {
			c->last_wakee = ev->wake.wakee;
			c->last_waker = ev->pid;
		}
		break;
	case SS_LOST:
		st->cpu[ev->cpu].after_loss = true;
		break;
	case SS_BLOCK: {
		struct pend *p = pend_of(st, ev->pid);
		struct why *y;

		/* Blocking again proves it ran, unseen (a switch-in the kernel did
		 * not report: hidden_run_ended() at the switch that follows). Its
		 * sleep before is over: told now, with its own syscall, before
		 * this one's takes its place. */
		if (p && p->sleeping && !p->running) {
			p->sleeping = false;
			if (st->ops.wait)
				emit_wait(st, p, ev);
		}
		y = p ? why_of(st, p, true) : NULL;
		if (y) {
			y->sys = ev->block;
			p->block_pending = true;
		}
		break;
	}
	case SS_WAKER: {
		struct pend *p = pend_of(st, ev->waker.wakee);
		struct why *y;

		if (p && p->running && p->early_ns == ev->ts_ns && p->early_waker == ev->pid) {
			p->early_cause = (uint8_t)ev->waker.cause;
			if ((y = why_of(st, p, true))) {
				y->early_sys = ev->waker.sys;
				y->early_ctx_id = ev->waker.ctx_id;
				if (ev->waker.cause != SS_WC_SYSCALL)
					y->early_sys.nr = -1;
			}
			break;
		}
		/* only the wakeup that counted (the first) gets its cause */
		if (p && p->ready != SS_READY_UNKNOWN && p->ready_ns == ev->ts_ns && p->waker == ev->pid) {
			p->waker_cause = (uint8_t)ev->waker.cause;
			if ((y = why_of(st, p, true))) {
				y->waker_sys = ev->waker.sys;
				y->ctx_id = ev->waker.ctx_id;
				if (ev->waker.cause != SS_WC_SYSCALL)
					y->waker_sys.nr = -1;
			}
		}
		break;
	}
	case SS_SIGNAL:
		/* The kernel reports a signal after it has woken the target
		 * (trace_signal_generate follows complete_signal), so it may
		 * come just after the waking it caused. */
		if (ev->signal.dir == SS_SIGNAL_SENT && ev->signal.result == 0) {
			struct pend *p = pend_of(st, ev->signal.target);
			/* sent while it sleeps, or right after the waking it caused
			 * (not later: a woken task may be sent a signal before it runs) */
			bool cause = p && p->sleeping && !p->running &&
				     (p->ready == SS_READY_UNKNOWN ||
				      (c->last_wakee == ev->signal.target && c->last_waker == ev->pid));
			struct why *y = cause ? why_of(st, p, true) : NULL;

			if (y) {
				y->sig = ev->signal.sig;
				y->sig_from = ev->pid;
			}
		}
		break;
	case SS_EXEC:
		if (ev->pid == st->root_pid && !st->root_exec_ns)
			st->root_exec_ns = ev->ts_ns;
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

/* The CPU a sleeper's wait is told on: where it was woken to, else where it slept. */
static uint16_t sleep_cpu(const struct pend *p)
{
	return p->ready != SS_READY_UNKNOWN ? p->wake_cpu : p->cpu;
}

void ss_sched_state_open_waits(struct ss_sched_state *st, void (*fn)(void *ctx, const struct ss_wait *w),
				void *ctx)
{
	struct ss_wait w;

	for (uint32_t pg = 0; st->tasks.pages && pg < PIDMAP_LIMIT / PIDMAP_PAGE; pg++) {
		if (!st->tasks.pages[pg])
			continue;
		for (uint32_t i = 0; i < PIDMAP_PAGE; i++) {
			struct pend *p = (struct pend *)(st->tasks.pages[pg] + (size_t)i * st->tasks.esz);

			if (!p->used || !p->sleeping || p->running)
				continue;
			fill_wait(st, p, 0, sleep_cpu(p), &w);
			fn(ctx, &w);
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
		[SS_WH_EXECED] = "child exec'd",
		[SS_WH_KTHREAD] = "kernel thread",
		[SS_WH_CLOSED] = "closed",
		[SS_WH_HARDIRQ] = "hard irq",
		[SS_WH_SOFTIRQ] = "softirq",
	};

	return how < SS_WH_MAX ? names[how] : "?";
}

const char *ss_ready_name(unsigned ready)
{
	switch (ready) {
	case SS_READY_WOKEN: return "woken";
	case SS_READY_NEW: return "new";
	case SS_READY_PREEMPTED: return "preempted";
	default: return "unknown";
	}
}

const struct ss_slice *ss_sched_state_running(const struct ss_sched_state *st, unsigned cpu)
{
	return cpu < st->ncpus && st->cpu[cpu].open ? &st->cpu[cpu].s : NULL;
}

const struct ss_slice *ss_sched_state_task_running(const struct ss_sched_state *st, uint32_t tid)
{
	const struct pend *p = tid ? pidmap_get(&st->tasks, tid) : NULL;
	const struct ss_slice *s = p && p->running ? ss_sched_state_running(st, p->cpu) : NULL;

	return s && s->tid == tid ? s : NULL;
}

bool ss_sched_state_asleep(const struct ss_sched_state *st, uint32_t tid, struct ss_wait *w)
{
	const struct pend *p = tid ? pidmap_get(&st->tasks, tid) : NULL;

	if (!p || !p->used || !p->sleeping || p->running)
		return false;
	fill_wait(st, p, 0, sleep_cpu(p), w);
	return true;
}

bool ss_sched_state_failed(const struct ss_sched_state *st)
{
	return st->tasks.failed || st->whys_failed;
}

void ss_sched_state_prefetch(const struct ss_sched_state *st, const struct ss_event *ev)
{
	/* a switch touches both tasks' records, and the task table's entry of
	 * the one switching in, whose sleep it ends (ss_wait_settle); a wakeup
	 * the wakee's record, and the entry of its waker */
	if (ev->kind == SS_SWITCH) {
		if (ev->pid)
			__builtin_prefetch(pidmap_get(&st->tasks, ev->pid), 1);
		if (ev->sw.next_pid) {
			__builtin_prefetch(pidmap_get(&st->tasks, ev->sw.next_pid), 1);
			if (st->who)
				ss_tasks_prefetch(st->who, ev->sw.next_pid);
		}
	} else if ((ev->kind == SS_WAKING || ev->kind == SS_WAKEUP_NEW) && ev->wake.wakee) {
		__builtin_prefetch(pidmap_get(&st->tasks, ev->wake.wakee), 1);
		if (st->who && ev->pid)
			ss_tasks_prefetch(st->who, ev->pid);
	}
}
