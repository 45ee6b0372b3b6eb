/* The decoder (decoder.h). Records are checked against their size and
 * copied into events field by field; events wait in a per-CPU array until
 * a flush sorts each and merges the CPUs with util/merge.c. Per thread it
 * keeps what the last full block and waking records said, so a short
 * "same" record becomes the same events; stacks get dense ids of our own
 * (short varints in the file), and kernel addresses are named from
 * kallsyms, read on a thread of its own while the programs load. */
#include "tracer/decoder.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "symbols/ksyms.h"
#include "tracer/procmaps.h"
#include "tracer/readable.h"
#include "tracer/sched.h"
#include "util/log.h"
#include "util/merge.h"
#include "util/hmap.h"
#include "util/vec.h"

/* Records and events share their vocabulary (model/vocab.h) but not their
 * layout: the decoder copies field by field. Equal widths make a change on
 * one side fail the build instead of truncating a value. */
#define WIDTH(type, field) sizeof(((type *)0)->field)
#define SAME_WIDTH(ta, fa, tb, fb) \
	_Static_assert(WIDTH(ta, fa) == WIDTH(tb, fb), #ta "." #fa " and " #tb "." #fb " differ")

SAME_WIDTH(struct ss_rec_hdr, ts_ns, struct ss_event, ts_ns);
SAME_WIDTH(struct ss_rec_hdr, cpu, struct ss_event, cpu);
SAME_WIDTH(struct ss_rec_hdr, pid, struct ss_event, pid);
SAME_WIDTH(struct ss_rec_switch, next_pid, struct ss_event, sw.next_pid);
SAME_WIDTH(struct ss_rec_switch, prev_state, struct ss_event, sw.prev_state);
SAME_WIDTH(struct ss_rec_switch, prev_prio, struct ss_event, sw.prev_prio);
SAME_WIDTH(struct ss_rec_switch, next_prio, struct ss_event, sw.next_prio);
SAME_WIDTH(struct ss_rec_waking, wakee, struct ss_event, wake.wakee);
SAME_WIDTH(struct ss_rec_waking, target_cpu, struct ss_event, wake.target_cpu);
/* The event keeps a waker's cause and context in 16 bits each (the records
 * have 32): the causes fit, and waker_from() clamps a context's id. */
_Static_assert(SS_WC_MAX <= 0xffff && SS_SOFTIRQ_MAX <= 0xffff && SS_TIMER_FN_MAX <= 0xffff,
	       "a waker's cause or context no longer fits the event's 16 bits");
SAME_WIDTH(struct ss_rec_fork, child, struct ss_event, fork.child);
SAME_WIDTH(struct ss_rec_fork, flags, struct ss_event, fork.flags);
SAME_WIDTH(struct ss_rec_exec, old_pid, struct ss_event, exec.old_pid);
SAME_WIDTH(struct ss_rec_exit, exit_code, struct ss_event, exit.code);
SAME_WIDTH(struct ss_rec_migrate, orig_cpu, struct ss_event, mig.orig_cpu);
SAME_WIDTH(struct ss_rec_migrate, dest_cpu, struct ss_event, mig.dest_cpu);
SAME_WIDTH(struct ss_rec_marker, probe_id, struct ss_event, marker.probe);
SAME_WIDTH(struct ss_rec_marker, nargs, struct ss_event, marker.nargs);
SAME_WIDTH(struct ss_rec_marker, args, struct ss_event, marker.args);
SAME_WIDTH(struct ss_rec_signal, target, struct ss_event, signal.target);
SAME_WIDTH(struct ss_rec_signal, sig, struct ss_event, signal.sig);
SAME_WIDTH(struct ss_rec_signal, code, struct ss_event, signal.code);
SAME_WIDTH(struct ss_rec_signal, result, struct ss_event, signal.result);
SAME_WIDTH(struct ss_rec_signal, dir, struct ss_event, signal.dir);
SAME_WIDTH(struct ss_rec_sys, nr, struct ss_sys, nr);
SAME_WIDTH(struct ss_rec_sys, fd, struct ss_sys, fd);
SAME_WIDTH(struct ss_rec_sys, args, struct ss_sys, args);
SAME_WIDTH(struct ss_rec_sys, stack, struct ss_sys, stack);
SAME_WIDTH(struct ss_rec_stack, id, struct ss_stack, id);
SAME_WIDTH(struct ss_rec_stack, n, struct ss_stack, n);
SAME_WIDTH(struct ss_rec_stack, key.pcs, struct ss_stack, pcs);
SAME_WIDTH(struct ss_rec_stack, key.win, struct ss_stack, win);
SAME_WIDTH(struct ss_rec_chan, id, struct ss_chan, ino);
SAME_WIDTH(struct ss_rec_chan, peer, struct ss_chan, peer);
SAME_WIDTH(struct ss_rec_chan, laddr, struct ss_chan, laddr);
SAME_WIDTH(struct ss_rec_chan, raddr, struct ss_chan, raddr);
SAME_WIDTH(struct ss_rec_chan, lport, struct ss_chan, lport);
SAME_WIDTH(struct ss_rec_chan, rport, struct ss_chan, rport);
SAME_WIDTH(struct ss_rec_chan, kind, struct ss_chan, kind);
SAME_WIDTH(struct ss_rec_chan, flags, struct ss_chan, flags);
SAME_WIDTH(struct ss_rec_task, tgid, struct ss_task, tgid);
SAME_WIDTH(struct ss_rec_task, ppid, struct ss_task, ppid);
SAME_WIDTH(struct ss_rec_task, origin, struct ss_task, origin);
SAME_WIDTH(struct ss_rec_task, flags, struct ss_task, flags);
SAME_WIDTH(struct ss_rec_task, comm, struct ss_task, comm);
SAME_WIDTH(struct ss_rec_task, path, struct ss_task, path);

struct pending {
	struct ss_event *v;
	size_t n, cap;
	size_t next;           /* merge cursor */
	uint64_t last_ts;      /* newest timestamp seen on this CPU */
};

/* What a thread's last full SWITCH_BLOCK and WAKING_CAUSE records said: the
 * kernel side sends a repeat as an SS_REC_*_SAME record. Records arrive in
 * the order the kernel reserved them, so the full one always comes first. */
struct told {
	uint64_t hkey;         /* the thread id (util/hmap.h) */
	struct ss_sys block, wake;
	bool has_block, has_wake;
};

struct stack_id {
	uint64_t hkey;         /* the kernel side's id */
	uint32_t id;
};

struct ss_decoder {
	unsigned ncpus;
	struct pending *cpu;
	struct merge merge;    /* CPUs with events held, by (ts, cpu) */
	struct hmap told;      /* struct told per thread: memory grows with threads */
	struct ss_procmaps *maps;  /* the traced processes' mappings, for their stacks */
	struct ss_readable *readable;  /* whose insides the user behind sudo may see */
	struct hmap stack_ids;     /* the kernel's stack id -> ours (1, 2, ...: short varints) */
	uint32_t nstacks;
	struct hmap kstack_ids;    /* the kernel side's kernel stack id -> ours (0: unreadable) */
	uint32_t nkstacks;
	ss_kstack_read_fn kread;   /* NULL: kernel stacks are dropped */
	void *kread_ctx;
	const char *kallsyms;
	struct ss_ksyms ksyms;     /* read in the background from the start, or at the first kernel stack */
	bool ksyms_tried;          /* ksyms is what it will be */
	bool ksyms_loading;        /* ksyms_thread is reading it */
	int ksyms_rc;              /* ksyms_thread's result */
	pthread_t ksyms_thread;
	struct ss_ksyms kextra;    /* symbols kallsyms did not have when read */
	struct ss_sink sink;
	struct ss_decoder_stats st;
};

struct ss_decoder *ss_decoder_new(unsigned ncpus, const struct ss_sink *sink)
{
	struct ss_decoder *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->cpu = calloc(ncpus, sizeof(*d->cpu));
	d->maps = ss_procmaps_new();
	d->readable = ss_readable_new();
	if (!d->cpu || !d->maps || !d->readable || merge_init(&d->merge, ncpus)) {
		ss_readable_free(d->readable);
		ss_procmaps_free(d->maps);
		free(d->cpu);
		merge_free(&d->merge);
		free(d);
		return NULL;
	}
	hmap_init(&d->told, sizeof(struct told));
	hmap_init(&d->stack_ids, sizeof(struct stack_id));
	hmap_init(&d->kstack_ids, sizeof(struct stack_id));
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
	merge_free(&d->merge);
	hmap_free(&d->told);
	ss_procmaps_free(d->maps);
	ss_readable_free(d->readable);
	hmap_free(&d->stack_ids);
	hmap_free(&d->kstack_ids);
	if (d->ksyms_loading)
		pthread_join(d->ksyms_thread, NULL);
	ss_ksyms_free(&d->ksyms);
	ss_ksyms_free(&d->kextra);
	free(d);
}

/* pid's entry, or NULL; with create, made (empty) if need be, NULL only if
 * memory ran out. Valid until the next creation. */
static struct told *told_of(struct ss_decoder *d, uint32_t pid, bool create)
{
	return create ? hmap_put(&d->told, pid) : hmap_get(&d->told, pid);
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
	struct ss_task t = { 0 };

	t.ts_ns = r->h.ts_ns;
	t.pid = r->h.pid;
	t.tgid = r->tgid;
	t.ppid = r->ppid;
	t.origin = r->origin < SS_TASK_ORIGIN_MAX ? r->origin : SS_TASK_FIRST_SEEN;
	t.flags = r->flags & (SS_TASKF_IN_TREE | SS_TASKF_KTHREAD | SS_TASKF_KIND);
	memcpy(t.comm, r->comm, sizeof(t.comm) - 1);
	memcpy(t.path, r->path, sizeof(t.path) - 1);
	d->st.tasks++;
	ss_readable_task(d->readable, &t);
	ss_procmaps_task(d->maps, &t);
	d->sink.task(d->sink.ctx, &t);
}

/* Ours for the kernel side's id; 0 for none or one never sent (the kernel
 * sends a stack before any record that names it). */
static uint32_t dense_id(struct ss_decoder *d, uint32_t kid)
{
	const struct stack_id *s = kid ? hmap_get(&d->stack_ids, kid) : NULL;

	return s ? s->id : 0;
}

/* A stack seen the first time: to the sink at once (like a task), ahead of
 * the events held for sorting that name it, with the mappings to read it.
 * Under sudo, a process the invoker could not read keeps its stacks and
 * mappings to itself: the stack is never given an id, so every record that
 * names it names none (dense_id()). */
static void stack_from(struct ss_decoder *d, const struct ss_rec_stack *r)
{
	struct ss_stack s = { 0 };
	struct stack_id *sid;

	if (!ss_readable(d->readable, r->tgid)) {
		d->st.hidden++;
		return;
	}
	sid = hmap_put(&d->stack_ids, r->id);
	if (!sid || sid->id)
		return;            /* no memory, or sent twice */
	sid->id = ++d->nstacks;
	s.id = sid->id;
	s.tgid = r->tgid;
	s.n = r->n < SS_STACK_MAX ? r->n : SS_STACK_MAX;
	s.flags = r->flags;
	s.sp = r->key.sp;
	s.bp = r->key.bp;
	memcpy(s.pcs, r->key.pcs, sizeof(s.pcs));
	memcpy(s.win, r->key.win, sizeof(s.win));
	s.maps = ss_procmaps_for(d->maps, s.tgid, s.pcs, s.n, r->h.ts_ns, &d->sink);
	d->st.stacks++;
	if (d->sink.stack)
		d->sink.stack(d->sink.ctx, &s);
}

void ss_decoder_ksym_add(void *decoder, uint64_t addr, const char *name)
{
	struct ss_decoder *d = decoder;

	ss_ksyms_add(&d->kextra, addr, name);
}

static void *ksyms_loader(void *arg)
{
	struct ss_decoder *d = arg;

	d->ksyms_rc = ss_ksyms_load(&d->ksyms, d->kallsyms);
	return NULL;
}

void ss_decoder_ksyms_preload(struct ss_decoder *d, const char *kallsyms)
{
	if (d->ksyms_tried || d->ksyms_loading)
		return;
	d->kallsyms = kallsyms;
	d->ksyms_loading = pthread_create(&d->ksyms_thread, NULL, ksyms_loader, d) == 0;
}

void ss_decoder_kstacks(struct ss_decoder *d, ss_kstack_read_fn read, void *ctx, const char *kallsyms)
{
	d->kread = read;
	d->kread_ctx = ctx;
	if (!d->ksyms_loading)
		d->kallsyms = kallsyms;
}

/* The kernel's symbols, before the first kernel stack is named: the
 * preload's, waited for, or read now. */
static void ksyms_ready(struct ss_decoder *d)
{
	int rc;

	if (d->ksyms_tried)
		return;
	if (d->ksyms_loading) {
		pthread_join(d->ksyms_thread, NULL);
		d->ksyms_loading = false;
		rc = d->ksyms_rc;
	} else {
		rc = ss_ksyms_load(&d->ksyms, d->kallsyms);
	}
	d->ksyms_tried = true;
	if (rc)
		log_warn("cannot read kernel symbols from %s: %s; kernel stacks' functions are unnamed",
			 d->kallsyms, strerror(-rc));
	ss_ksyms_sort(&d->kextra);
	if (ss_ksyms_merge(&d->ksyms, &d->kextra))
		log_warn("out of memory: the recorder's own programs are unnamed in kernel stacks");
}

/* Ours for the kernel side's kernel stack id + 1 (0: none). A new one is
 * read from the kernel's map, named and handed to the sink at once, ahead
 * of the events held for sorting that name it, like a user stack. */
static uint32_t kstack_id(struct ss_decoder *d, uint32_t kid1)
{
	uint64_t ips[SS_KSTACK_MAX];
	struct ss_kstack k;
	struct stack_id *sid;
	int n;

	if (!kid1 || !d->kread)
		return 0;
	sid = hmap_get(&d->kstack_ids, kid1);
	if (sid)
		return sid->id;
	ksyms_ready(d);
	n = d->kread(d->kread_ctx, kid1 - 1, ips);
	sid = hmap_put(&d->kstack_ids, kid1);
	if (!sid)
		return 0;
	if (n <= 0) {
		d->st.kstacks_unread++;
		return sid->id = 0;
	}
	sid->id = ++d->nkstacks;
	ss_ksyms_name_stack(&d->ksyms, ips, (unsigned)n, d->nkstacks, &k);
	d->st.kstacks++;
	if (d->sink.kstack)
		d->sink.kstack(d->sink.ctx, &k);
	return k.id;
}

void ss_decoder_chan(const struct ss_rec_chan *r, struct ss_chan *c)
{
	memset(c, 0, sizeof(*c));
	c->kind = r->kind < SS_CH_KIND_MAX ? r->kind : SS_CH_NONE;
	c->flags = r->flags & (SS_CHF_V6 | SS_CHF_PRIVATE);   /* the kernel's; withheld is ours */
	c->ino = r->id;
	c->peer = r->peer;
	c->laddr = r->laddr;
	c->raddr = r->raddr;
	c->lport = r->lport;
	c->rport = r->rport;
	ss_chan_canon(c);
}

/* The kernel side keeps only the arguments that say what a wait was about
 * (see sys_fill() in sched.bpf.c). Under sudo, of a thread pid the invoker
 * could not read only the syscall's number is kept (with the switch's state,
 * which /proc/PID/stat shows anyone): its arguments, fd and channel (a futex
 * address, a pipe: /proc/PID/syscall and fdinfo, ptrace-guarded) and its
 * user and kernel stacks are root's to see. The call is marked withheld, so
 * that no reader takes the zeros left for a byte count or a pid. The kernel
 * side decides at the call (insides_visible(): it withholds, and marks the
 * channel); asking /proc here as well, later, only ever withholds more. */
static void sys_from(struct ss_decoder *d, uint32_t pid, const struct ss_rec_sys *r, struct ss_sys *s)
{
	memset(s, 0, sizeof(*s));
	s->nr = r->nr;
	if ((r->chan.flags & SS_CHF_WITHHELD) || !ss_readable(d->readable, pid)) {
		d->st.hidden++;
		s->fd = -1;
		s->chan.flags = SS_CHF_WITHHELD;
		ss_chan_canon(&s->chan);
		return;
	}
	s->fd = r->fd;
	memcpy(s->args, r->args, sizeof(s->args));
	ss_decoder_chan(&r->chan, &s->chan);
	s->stack = dense_id(d, r->stack);
	s->kstack = kstack_id(d, r->kstack);
}

static void switch_from(struct ss_event *ev, const struct ss_rec_switch *r)
{
	ev->kind = SS_SWITCH;
	ev->sw.next_pid = r->next_pid;
	ev->sw.prev_state = r->prev_state;
	ev->sw.prev_prio = r->prev_prio;
	ev->sw.next_prio = r->next_prio;
}

static void waking_from(struct ss_event *ev, const struct ss_rec_waking *r, uint16_t kind)
{
	ev->kind = kind;
	ev->wake.wakee = r->wakee;
	ev->wake.target_cpu = r->target_cpu;
}

/* A new event held on h's CPU, at h's time, about h's task; NULL if memory
 * ran out. */
static struct ss_event *hold_next(struct ss_decoder *d, const struct ss_rec_hdr *h)
{
	struct ss_event *ev = hold(d, h->cpu);

	if (ev) {
		ev->ts_ns = h->ts_ns;
		ev->cpu = h->cpu;
		ev->pid = h->pid;
	}
	return ev;
}

/* A traced thread went to sleep in a syscall: BLOCK, then the switch, both
 * at the switch's time. ev is held already. */
static int block_from(struct ss_decoder *d, struct ss_event *ev, const void *rec, size_t size)
{
	const struct ss_rec_hdr *h = rec;
	struct told *t;

	if (h->kind == SS_REC_SWITCH_BLOCK) {
		const struct ss_rec_switch_block *b = rec;

		if (size < sizeof(*b))
			return -1;
		sys_from(d, h->pid, &b->sys, &ev->block);
		t = told_of(d, h->pid, true);
		if (t) {
			t->block = ev->block;
			t->has_block = true;
		}
	} else {
		if (size < sizeof(struct ss_rec_switch))
			return -1;
		t = told_of(d, h->pid, false);
		if (!t || !t->has_block) {       /* a repeat of nothing: keep the switch */
			d->st.malformed++;
			switch_from(ev, rec);
			return 0;
		}
		ev->block = t->block;
	}
	ev->kind = SS_BLOCK;
	ev = hold_next(d, h);
	if (!ev)
		return -1;
	switch_from(ev, rec);
	return 0;
}

/* A traced waker woke somebody: WAKING, then what the waker was doing. ev is
 * held already. */
static int waker_from(struct ss_decoder *d, struct ss_event *ev, const void *rec, size_t size)
{
	const struct ss_rec_hdr *h = rec;
	const struct ss_rec_waking *w = rec;
	struct ss_event *wk;
	struct told *t = NULL;

	if (size < (h->kind == SS_REC_WAKING_CAUSE ? sizeof(struct ss_rec_waking_cause) :
		    h->kind == SS_REC_WAKING_CTX ? sizeof(struct ss_rec_waking_ctx) : sizeof(*w)))
		return -1;
	waking_from(ev, w, SS_WAKING);
	if (h->kind == SS_REC_WAKING_CTX) {      /* an interrupt context woke it: no task did */
		const struct ss_rec_waking_ctx *x = rec;

		if (x->cause < SS_WC_HARDIRQ || x->cause >= SS_WC_MAX)
			return -1;
		wk = hold_next(d, h);
		if (wk) {
			wk->kind = SS_WAKER;
			wk->waker.wakee = w->wakee;
			wk->waker.cause = (uint16_t)x->cause;
			wk->waker.ctx_id = (uint16_t)(x->ctx_id > 0xffff ? 0xffff : x->ctx_id);
			wk->waker.sys.nr = -1;
			wk->waker.sys.fd = -1;
		}
		return 0;
	}
	if (h->kind == SS_REC_WAKING_CAUSE_SAME) {
		t = told_of(d, h->pid, false);
		if (!t || !t->has_wake) {        /* a repeat of nothing: keep the waking */
			d->st.malformed++;
			return 0;
		}
	}
	wk = hold_next(d, h);
	if (!wk)
		return 0;
	wk->kind = SS_WAKER;
	wk->waker.wakee = w->wakee;
	wk->waker.cause = SS_WC_SYSCALL;
	if (t) {
		wk->waker.sys = t->wake;
	} else {
		const struct ss_rec_waking_cause *c = rec;

		if (c->cause == SS_WC_EXIT) {
			wk->waker.cause = SS_WC_EXIT;
			wk->waker.sys.fd = -1;
			return 0;
		}
		sys_from(d, h->pid, &c->sys, &wk->waker.sys);
		t = told_of(d, h->pid, true);
		if (t) {
			t->wake = wk->waker.sys;
			t->has_wake = true;
		}
	}
	return 0;
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
	if (h->kind == SS_REC_STACK) {
		if (size < sizeof(struct ss_rec_stack))
			goto bad;
		stack_from(d, rec);
		return 0;
	}
	ev = hold_next(d, h);
	if (!ev)
		goto bad;

	switch (h->kind) {
	case SS_REC_SWITCH_BLOCK:
	case SS_REC_SWITCH_BLOCK_SAME:
		if (block_from(d, ev, rec, size))
			goto undo;
		break;
	case SS_REC_WAKING_CAUSE:
	case SS_REC_WAKING_CAUSE_SAME:
	case SS_REC_WAKING_CTX:
		if (waker_from(d, ev, rec, size))
			goto undo;
		break;
	case SS_REC_SIGNAL: {
		const struct ss_rec_signal *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = SS_SIGNAL;
		ev->signal.target = r->target;
		ev->signal.sig = r->sig;
		ev->signal.code = r->code;
		ev->signal.result = r->result;
		ev->signal.dir = r->dir == SS_SIGNAL_DELIVERED ? SS_SIGNAL_DELIVERED : SS_SIGNAL_SENT;
		break;
	}
	case SS_REC_SWITCH:
		if (size < sizeof(struct ss_rec_switch))
			goto undo;
		switch_from(ev, rec);
		break;
	case SS_REC_WAKING:
	case SS_REC_WAKEUP_NEW:
		if (size < sizeof(struct ss_rec_waking))
			goto undo;
		waking_from(ev, rec, h->kind == SS_REC_WAKING ? SS_WAKING : SS_WAKEUP_NEW);
		break;
	case SS_REC_FORK: {
		const struct ss_rec_fork *r = rec;

		if (size < sizeof(*r))
			goto undo;
		ev->kind = SS_FORK;
		ev->fork.child = r->child;
		ev->fork.flags = r->flags & SS_FORK_IS_THREAD;
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
		ev->marker.nargs = r->nargs > SS_MAX_MARKER_ARGS ? SS_MAX_MARKER_ARGS : r->nargs;
		memcpy(ev->marker.args, r->args, sizeof(ev->marker.args));
		if (!ss_readable(d->readable, h->pid)) {
			/* the probe fired, but its arguments are the process's memory */
			d->st.hidden++;
			ev->marker.nargs = 0;
			memset(ev->marker.args, 0, sizeof(ev->marker.args));
		}
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
 * there) sees cause before effect. The merge (util/merge.h, a tournament
 * tree) makes each event cost O(log CPUs with events), not a look at every
 * CPU. */
void ss_decoder_flush(struct ss_decoder *d)
{
	uint32_t c;

	merge_clear(&d->merge);
	for (c = 0; c < d->ncpus; c++) {
		struct pending *p = &d->cpu[c];

		if (!p->n)
			continue;
		sort_by_time(p->v, p->n);
		p->next = 0;
		merge_push(&d->merge, c, p->v[0].ts_ns);
	}
	while (merge_top(&d->merge, &c)) {
		struct pending *p = &d->cpu[c];

		d->sink.event(d->sink.ctx, &p->v[p->next++]);
		d->st.events++;
		if (p->next < p->n)
			merge_advance(&d->merge, p->v[p->next].ts_ns);
		else
			merge_drop(&d->merge);
	}
	for (c = 0; c < d->ncpus; c++)
		d->cpu[c].n = 0;
}

void ss_decoder_stats(const struct ss_decoder *d, struct ss_decoder_stats *st)
{
	*st = d->st;
}
