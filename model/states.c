/* The rules for waiting: what a thread was doing between two runs (the gap
 * rule of states.h), the statistics summed through it, and how the task
 * table settles a sleep (kernel threads, the recorder's held start). */
#include "model/states.h"

#include <string.h>

bool ss_state_still_runnable(unsigned state_index)
{
	unsigned st = ss_state_from_index((int)state_index);

	return st == SS_ST_RUNNING || st == SS_ST_PREEMPTED;
}

bool ss_state_gone(unsigned state_index)
{
	unsigned st = ss_state_from_index((int)state_index);

	return st == SS_ST_Z || st == SS_ST_X;
}

bool ss_state_asleep(unsigned state_index)
{
	unsigned st = ss_state_from_index((int)state_index);

	return st == SS_ST_S || st == SS_ST_D || st == SS_ST_I;
}

static bool wakeup_seen(const struct ss_slice *s)
{
	return s->ready != SS_READY_UNKNOWN && s->ready_ns && s->ready_ns <= s->start_ns;
}

void ss_gap_between(const struct ss_slice *prev, const struct ss_slice *next, uint64_t end_ns,
		    struct ss_gap *g)
{
	uint64_t to = next ? next->start_ns : end_ns;

	*g = (struct ss_gap){ .to_ns = to, .ready_ns = to, .from_ns = to, .to_end = !next };
	if (!prev) {
		/* the first run seen: runnable from its wakeup, if one was seen */
		if (next && wakeup_seen(next) && !(next->flags & SS_SLICE_FROM_START)) {
			g->kind = SS_GAP_RUNNABLE;
			g->from_ns = g->ready_ns = next->ready_ns;
		}
		return;
	}
	if (prev->flags & SS_SLICE_TO_END)
		return;                     /* it ran to the end: nothing follows */
	g->from_ns = prev->end_ns < to ? prev->end_ns : to;
	if (ss_state_gone(prev->end_state)) {
		g->kind = SS_GAP_GONE;
		return;
	}
	if (ss_state_still_runnable(prev->end_state)) {
		g->kind = SS_GAP_RUNNABLE;
		g->ready_ns = g->from_ns;
		return;
	}
	g->kind = next && (next->flags & SS_SLICE_AFTER_HELD) ? SS_GAP_HELD : SS_GAP_SLEPT;
	g->sleep_state = prev->end_state;
	if (next && wakeup_seen(next)) {
		g->woken = true;
		g->ready_ns = next->ready_ns < g->from_ns ? g->from_ns : next->ready_ns;
	}
}

void ss_stats_add_run(struct ss_thread_stats *st, const struct ss_gap *g, const struct ss_slice *s)
{
	uint64_t wait = ss_gap_runnable_ns(g);

	st->blocked_ns += ss_gap_blocked_ns(g);
	if (ss_gap_did_not_sleep(g))
		st->no_sleeps++;
	else
		st->sleeps += g->kind == SS_GAP_SLEPT;
	st->wait_ns += wait;
	if (wait > st->wait_max_ns)
		st->wait_max_ns = wait;
	st->runs++;
	st->run_ns += s->end_ns - s->start_ns;
	if (s->flags & SS_SLICE_TO_END)
		return;
	if (ss_state_still_runnable(s->end_state))
		st->invol_switches++;
	else if (ss_state_asleep(s->end_state))
		st->vol_switches++;
}

void ss_wait_settle(struct ss_wait *w, const struct ss_tasks *tasks)
{
	bool sleeper_kthread = tasks && ss_tasks_kthread_at(tasks, w->tid, w->block_ns);
	bool waker_kthread = tasks && w->waker && ss_tasks_kthread_at(tasks, w->waker, w->ready_ns);

	if (sleeper_kthread) {
		/* idle (I) or interruptible (S): between two pieces of work; D is
		 * inside one (waiting for I/O, a grace period...) */
		w->reason = ss_state_from_index(w->sleep_state) == SS_ST_D ? SS_R_UNKNOWN : SS_R_KWORK;
		w->sys.nr = -1;
		w->sys.fd = -1;
		memset(&w->sys.chan, 0, sizeof(w->sys.chan));
	}
	if (waker_kthread && w->waker) {
		w->waker_sys.nr = -1;
		memset(&w->waker_sys.chan, 0, sizeof(w->waker_sys.chan));
		/* what the registers seemed to say is void: only who is left */
		if (w->how == SS_WH_SYSCALL || w->how == SS_WH_WROTE || w->how == SS_WH_READ ||
		    w->how == SS_WH_PASSED || w->how == SS_WH_FUTEX || w->how == SS_WH_CONNECT ||
		    w->how == SS_WH_EXECED || w->how == SS_WH_CLOSED || w->how == SS_WH_UNTRACED)
			w->how = SS_WH_KTHREAD;
	}
}

bool ss_flow_is_recorders(const struct ss_flow *flows, size_t nflows, const struct ss_trace_info *info,
			  uint64_t held_chan, const struct ss_flow *f)
{
	uint32_t root_pid = info->root_pid;

	if (info->start_pipe_ino)
		return f->chan.kind == SS_CH_PIPE && f->chan.ino == info->start_pipe_ino;
	if (!root_pid || f->tid != root_pid)
		return false;
	if (held_chan)
		return f->chan.id == held_chan;
	/* The held sleep began before the recording, so its channel was not
	 * seen: the start pipe is the one pipe the root read once, one byte
	 * (the recorder's release), with no traced thread on its other end. */
	if (f->chan.kind != SS_CH_PIPE || f->dir != 0 || f->calls != 1 || f->bytes != 1)
		return false;
	for (size_t i = 0; i < nflows; i++)
		if (&flows[i] != f && flows[i].chan.id == f->chan.id)
			return false;
	return true;
}
