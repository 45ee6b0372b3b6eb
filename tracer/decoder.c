#include "tracer/decoder.h"

#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "model/syscalls.h"
#include "tracer/sched.h"
#include "util/vec.h"

struct pending {
	struct ss_event *v;
	size_t n, cap;
	uint64_t last_ts;      /* newest timestamp seen on this CPU */
};

struct ss_decoder {
	unsigned ncpus;
	struct pending *cpu;
	size_t *pos;           /* merge cursors, one per CPU */
	struct ss_decoder_sink sink;
	struct ss_decoder_stats st;
};

struct ss_decoder *ss_decoder_new(unsigned ncpus, const struct ss_decoder_sink *sink)
{
	struct ss_decoder *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->cpu = calloc(ncpus, sizeof(*d->cpu));
	d->pos = calloc(ncpus, sizeof(*d->pos));
	if (!d->cpu || !d->pos) {
		free(d->cpu);
		free(d->pos);
		free(d);
		return NULL;
	}
	d->ncpus = ncpus;
	d->sink = *sink;
	return d;
}

void ss_decoder_free(struct ss_decoder *d)
{
	if (!d)
		return;
	for (unsigned c = 0; c < d->ncpus; c++)
		free(d->cpu[c].v);
	free(d->cpu);
	free(d->pos);
	free(d);
}

static struct ss_event *hold(struct ss_decoder *d, unsigned cpu)
{
	struct pending *p;

	if (cpu >= d->ncpus)
		return NULL;
	p = &d->cpu[cpu];
	if (!vec_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v)))
		return NULL;
	return memset(&p->v[p->n++], 0, sizeof(struct ss_event));
}

static void task_from(struct ss_decoder *d, const struct ss_rec_task *r)
{
	static const uint16_t origin[] = {
		[SS_TASK_SEEN] = SS_TASK_FIRST_SEEN, [SS_TASK_FORK] = SS_TASK_FORKED,
		[SS_TASK_EXEC] = SS_TASK_EXECED, [SS_TASK_RENAME] = SS_TASK_RENAMED,
	};
	struct ss_task t = { 0 };

	t.ts_ns = r->h.ts_ns;
	t.pid = r->h.pid;
	t.tgid = r->tgid;
	t.ppid = r->ppid;
	t.origin = r->why < sizeof(origin) / sizeof(origin[0]) ? origin[r->why] : SS_TASK_FIRST_SEEN;
	t.flags = r->flags & SS_TASK_IN_TREE ? SS_TASKF_IN_TREE : 0;
	memcpy(t.comm, r->comm, sizeof(t.comm) - 1);
	memcpy(t.path, r->path, sizeof(t.path) - 1);
	d->st.tasks++;
	d->sink.task(d->sink.ctx, &t);
}

/* Keeps the arguments that say what a wait was about; the rest (buffer
 * pointers and the like) would only cost bytes in the file. */
static void sys_from(const struct ss_rec_sys *r, struct ss_sys *s)
{
	const struct ss_syscall_info *si = ss_syscall(NULL, r->nr);
	unsigned fl = si ? si->flags : 0;

	memset(s, 0, sizeof(*s));
	s->nr = r->nr;
	s->fd = fl & SS_SCF_FD0 ? r->fd : -1;
	if (fl & SS_SCF_PID0)
		s->args[0] = r->args[0];
	if (fl & (SS_SCF_FUTEX | SS_SCF_SIG1))
		s->args[1] = r->args[1];
	if (fl & (SS_SCF_READ | SS_SCF_WRITE))
		s->args[2] = r->args[2];
	s->chan.kind = r->chan.kind < SS_CH_KIND_MAX ? r->chan.kind : SS_CH_NONE;
	s->chan.flags = r->chan.flags;
	s->chan.ino = r->chan.id;
	s->chan.peer = r->chan.peer;
	s->chan.laddr = r->chan.laddr;
	s->chan.raddr = r->chan.raddr;
	s->chan.lport = r->chan.lport;
	s->chan.rport = r->chan.rport;
	ss_chan_canon(&s->chan);
}

int ss_decoder_record(void *decoder, const void *rec, size_t size)
{
	struct ss_decoder *d = decoder;
	const struct ss_rec_hdr *h = rec;
	struct ss_event *ev;

	d->st.records++;
	if (size < sizeof(*h))
		goto bad;
	if (h->kind == SS_REC_TASK) {
		if (size < sizeof(struct ss_rec_task))
			goto bad;
		task_from(d, rec);
		return 0;
	}
	ev = hold(d, h->cpu);
	if (!ev)
		goto bad;
	ev->ts_ns = h->ts_ns;
	ev->cpu = h->cpu;
	ev->pid = h->pid;

	switch (h->kind) {
	case SS_REC_SWITCH_BLOCK: {
		const struct ss_rec_switch_block *b = rec;
		struct ss_event *sw;

		if (size < sizeof(*b))
			goto undo;
		/* BLOCK first, then the switch, both at the switch's time */
		ev->kind = SS_BLOCK;
		sys_from(&b->sys, &ev->block);
		sw = hold(d, h->cpu);
		if (!sw)
			goto undo;
		sw->ts_ns = h->ts_ns;
		sw->cpu = h->cpu;
		sw->pid = h->pid;
		sw->kind = SS_SWITCH;
		sw->sw.next_pid = b->sw.next_pid;
		sw->sw.prev_state = b->sw.prev_state;
		sw->sw.prev_prio = b->sw.prev_prio;
		sw->sw.next_prio = b->sw.next_prio;
		break;
	}
	case SS_REC_WAKING_CAUSE: {
		const struct ss_rec_waking_cause *c = rec;
		struct ss_event *wk;

		if (size < sizeof(*c))
			goto undo;
		ev->kind = SS_WAKING;
		ev->wake.wakee = c->wk.wakee;
		ev->wake.target_cpu = c->wk.target_cpu;
		wk = hold(d, h->cpu);        /* then what the waker was doing */
		if (!wk)
			break;
		wk->ts_ns = h->ts_ns;
		wk->cpu = h->cpu;
		wk->pid = h->pid;
		wk->kind = SS_WAKER;
		wk->waker.wakee = c->wk.wakee;
		wk->waker.cause = c->cause == SS_CAUSE_EXIT ? SS_WC_EXIT : SS_WC_SYSCALL;
		if (c->cause == SS_CAUSE_SYSCALL)
			sys_from(&c->sys, &wk->waker.sys);
		else
			wk->waker.sys.fd = -1;
		break;
	}
	case SS_REC_SIGNAL: {
		const struct ss_rec_signal *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = SS_SIGNAL;
		ev->signal.target = r->target;
		ev->signal.sig = r->sig;
		ev->signal.code = r->code;
		ev->signal.result = r->result;
		ev->signal.dir = r->dir == SS_SIG_DELIVER ? SS_SIGNAL_DELIVERED : SS_SIGNAL_SENT;
		break;
	}
	case SS_REC_SWITCH: {
		const struct ss_rec_switch *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = SS_SWITCH;
		ev->sw.next_pid = r->next_pid;
		ev->sw.prev_state = r->prev_state;
		ev->sw.prev_prio = r->prev_prio;
		ev->sw.next_prio = r->next_prio;
		break;
	}
	case SS_REC_WAKING:
	case SS_REC_WAKEUP_NEW: {
		const struct ss_rec_waking *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = h->kind == SS_REC_WAKING ? SS_WAKING : SS_WAKEUP_NEW;
		ev->wake.wakee = r->wakee;
		ev->wake.target_cpu = r->target_cpu;
		break;
	}
	case SS_REC_FORK: {
		const struct ss_rec_fork *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = SS_FORK;
		ev->fork.child = r->child;
		ev->fork.flags = r->flags & SS_FORK_THREAD ? SS_FORK_IS_THREAD : 0;
		break;
	}
	case SS_REC_EXEC: {
		const struct ss_rec_exec *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = SS_EXEC;
		ev->exec.old_pid = r->old_pid;
		break;
	}
	case SS_REC_EXIT: {
		const struct ss_rec_exit *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = SS_EXIT;
		ev->exit.code = r->exit_code;
		break;
	}
	case SS_REC_MIGRATE: {
		const struct ss_rec_migrate *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = SS_MIGRATE;
		ev->mig.orig_cpu = r->orig_cpu;
		ev->mig.dest_cpu = r->dest_cpu;
		break;
	}
	case SS_REC_MARKER: {
		const struct ss_rec_marker *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = SS_MARKER;
		ev->marker.probe = r->probe_id;
		ev->marker.nargs = r->nargs > SS_MARKER_ARGS ? SS_MARKER_ARGS : r->nargs;
		for (unsigned i = 0; i < SS_MARKER_ARGS; i++)
			ev->marker.args[i] = r->args[i];
		break;
	}
	default:
		goto undo;
	}
	if (h->ts_ns > d->cpu[h->cpu].last_ts)
		d->cpu[h->cpu].last_ts = h->ts_ns;
	return 0;
undo:
	d->cpu[h->cpu].n--;
bad:
	d->st.malformed++;
	return 0;
}

void ss_decoder_lost(struct ss_decoder *d, unsigned cpu, uint64_t count, uint64_t now_ns)
{
	struct ss_event *ev = hold(d, cpu);

	if (!ev)
		return;
	/* The drop happened somewhere since the last flush; place it at the newest
	 * time this CPU reported, so it sorts after everything delivered before
	 * (or now, if the CPU delivered nothing yet). */
	ev->ts_ns = d->cpu[cpu].last_ts ? d->cpu[cpu].last_ts : now_ns;
	ev->cpu = (uint16_t)cpu;
	ev->kind = SS_LOST;
	ev->lost.count = count;
}

/* Nearly sorted already: insertion sort is linear here, and stable. */
static void sort_by_time(struct ss_event *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (v[i].ts_ns >= v[i - 1].ts_ns)
			continue;
		struct ss_event x = v[i];
		size_t j = i;

		while (j > 0 && v[j - 1].ts_ns > x.ts_ns) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* Hands on everything held, merged across CPUs into time order, so that a
 * consumer following threads across CPUs (a waking here, the switch-in
 * there) sees cause before effect. */
void ss_decoder_flush(struct ss_decoder *d)
{
	size_t *pos = d->pos;

	for (unsigned c = 0; c < d->ncpus; c++) {
		sort_by_time(d->cpu[c].v, d->cpu[c].n);
		pos[c] = 0;
	}
	for (;;) {
		unsigned best = d->ncpus;

		for (unsigned c = 0; c < d->ncpus; c++)
			if (pos[c] < d->cpu[c].n &&
			    (best == d->ncpus || d->cpu[c].v[pos[c]].ts_ns < d->cpu[best].v[pos[best]].ts_ns))
				best = c;
		if (best == d->ncpus)
			break;
		d->sink.event(d->sink.ctx, &d->cpu[best].v[pos[best]++]);
		d->st.events++;
	}
	for (unsigned c = 0; c < d->ncpus; c++)
		d->cpu[c].n = 0;
}

void ss_decoder_stats(const struct ss_decoder *d, struct ss_decoder_stats *st)
{
	*st = d->st;
}
