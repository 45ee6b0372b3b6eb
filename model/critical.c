/*
 * The critical path walk (see critical.h for what it means). The walk is a
 * thread and a cursor that only moves back in time, from the end asked
 * about to the start. A step looks at the thread just before the cursor: a
 * run goes on the path and the cursor moves to its start; a wait for a CPU
 * that a traced thread ended by leaving the CPU, or a sleep that a traced
 * thread ended by waking it, hands the walk to that thread at the same
 * moment (it was on a CPU then, doing what ended the wait); any other wait
 * goes on the path whole; a thread forked in the trace hands the walk, at
 * its beginning, to its parent.
 *
 * Each step is one binary search in a thread's runs (and one in its sleeps,
 * or in a CPU's runs), and puts a run or a wait on the path or hands off,
 * so the work is O(path length x log n) and the memory the path's. There is
 * no recursion and no stack: a deep chain of wakers is a long loop.
 * Hand-offs that make no progress in time (a cycle at one instant, from
 * damaged data) stop being followed after SS_CP_MAX_STALL, and a cap on the
 * steps stops the whole walk, so no input can make it run away.
 */
#include "model/critical.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/syscalls.h"
#include "util/hmap.h"
#include "util/vec.h"

/* Hand-offs in a row without the cursor moving back. */
#define SS_CP_MAX_STALL 64
/* Other marks a search for a thread's last USDT marker looks past. */
#define SS_CP_MARK_LOOK 32

struct walk {
	const struct ss_model *m;
	struct ss_critical *cp;
	size_t segs_cap;
	const struct ss_thread *t; /* whose time the cursor is in */
	uint64_t c;                /* the cursor: everything after it is on the path */
	uint64_t lo;               /* where the walk ends */
	unsigned stall;            /* hand-offs since the cursor last moved */
	bool oom;
};

const char *ss_cp_kind_name(unsigned kind)
{
	static const char *const names[SS_CP_KIND_MAX] = {
		[SS_CP_RUNNING] = "running", [SS_CP_RUNNABLE] = "runnable", [SS_CP_BLOCKED] = "blocked",
		[SS_CP_UNKNOWN] = "unknown", [SS_CP_WOKEN] = "woken", [SS_CP_FORKED] = "forked",
		[SS_CP_HANDED] = "handed",
	};

	return kind < SS_CP_KIND_MAX ? names[kind] : "?";
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* The run of t that ended gap k: a finished one, or the run in progress. */
static const struct ss_slice *run_after(const struct ss_model *m, const struct ss_thread *t, size_t k)
{
	return k < t->nruns ? ss_model_run(m, t, k) : ss_model_thread_running(m, t);
}

static void put(struct walk *w, const struct ss_cp_seg *s)
{
	struct ss_critical *cp = w->cp;

	if (!vec_grow((void **)&cp->segs, &w->segs_cap, cp->nsegs + 1, sizeof(*cp->segs))) {
		w->oom = true;
		return;
	}
	cp->segs[cp->nsegs++] = *s;
	if (ss_cp_is_hop(s->kind))
		cp->hops++;
}

/* The last USDT marker thread t fired at or before ts (looking back past at
 * most SS_CP_MARK_LOOK other marks: forks, migrations...), or -1. */
static int32_t last_marker(const struct ss_model *m, const struct ss_thread *t, uint64_t ts)
{
	size_t lo = 0, hi = t->nmarks;

	while (lo < hi) {           /* first mark after ts */
		size_t mid = lo + (hi - lo) / 2;

		if (m->marks[t->marks[mid]].ts_ns <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = 0; lo > 0 && k < SS_CP_MARK_LOOK; k++, lo--)
		if (m->marks[t->marks[lo - 1]].kind == SS_MARKER)
			return (int32_t)t->marks[lo - 1];
	return -1;
}

/* Puts [from, cursor) of the walk's thread on the path; the cursor moves there. */
static void put_time(struct walk *w, uint64_t from, struct ss_cp_seg s)
{
	from = max_u64(from, w->lo);
	s.from_ns = from;
	s.to_ns = w->c;
	s.tid = w->t->tid;
	s.mark = s.kind == SS_CP_RUNNING || s.kind == SS_CP_BLOCKED ? last_marker(w->m, w->t, s.to_ns) : -1;
	if (s.to_ns > s.from_ns)
		put(w, &s);
	w->c = from;
	w->stall = 0;
}

/* The walk goes on in thread to, at the same moment. */
static void hand_off(struct walk *w, const struct ss_thread *to, struct ss_cp_seg s)
{
	s.from_ns = s.to_ns = w->c;
	s.tid = w->t->tid;
	s.other = to->tid;
	s.mark = -1;
	put(w, &s);
	w->t = to;
	w->stall++;
}

/* Whether the path follows a sleep of the walk's thread into its waker:
 * the waker's thread, or NULL and why not. The cursor may lie before the
 * wakeup (a window that ends during the sleep): the sleeper was waiting on
 * the waker then too, so the walk goes on in it from the cursor. */
static const struct ss_thread *waker_to_follow(const struct walk *w, const struct ss_wait_rec *r, uint8_t *stop)
{
	const struct ss_thread *wt;

	if (!r->ready_ns || r->how == SS_WH_UNKNOWN) {
		*stop = SS_CP_STOP_UNSEEN;
		return NULL;
	}
	/* a timer or an interrupt: the sleep is its own cause */
	if (r->how == SS_WH_TIMER || r->how == SS_WH_IRQ || !r->waker) {
		*stop = r->how == SS_WH_TIMER ? SS_CP_STOP_TIMER : SS_CP_STOP_IRQ;
		return NULL;
	}
	/* A traced task wakes others only from a syscall (or exiting); one
	 * that was in neither was under an interrupt. */
	if (r->how == SS_WH_UNTRACED && ss_tasks_in_tree(&w->m->tasks, r->waker)) {
		*stop = SS_CP_STOP_INTERRUPT;
		return NULL;
	}
	wt = ss_model_thread(w->m, r->waker);
	*stop = !wt ? SS_CP_STOP_UNTRACED : SS_CP_STOP_CYCLE;
	return wt && wt != w->t && w->stall < SS_CP_MAX_STALL ? wt : NULL;
}

/* The traced thread that gave run s its CPU by going to sleep (or exiting)
 * there at the moment s began, or NULL. A thread that waited for a CPU
 * waited for whoever held it; when the holder gave it up of its own accord,
 * the wait ended by its action, as a sleep ends by a waker's. A holder that
 * was preempted (the scheduler's tick decided), an idle CPU (the wakeup took
 * time to arrive) or a task outside the trace ends the chain: the wait is
 * the thread's own. */
static const struct ss_thread *cpu_giver(const struct walk *w, const struct ss_slice *s)
{
	long i = ss_model_cpu_find(w->m, s->cpu, s->start_ns - 1);
	const struct ss_slice *prev = i >= 0 ? &w->m->cpu[s->cpu].v[i] : NULL;
	const struct ss_thread *t;

	if (!prev || prev->end_ns != s->start_ns || prev->tid == s->tid || prev->flags & SS_SLICE_TO_END ||
	    ss_state_still_runnable(prev->end_state) || w->stall >= SS_CP_MAX_STALL)
		return NULL;
	t = ss_model_thread(w->m, prev->tid);
	return t != w->t ? t : NULL;
}

/* Before the thread's first run: a thread forked in the trace came from its parent. */
static void step_birth(struct walk *w, const struct ss_gap *g, const struct ss_slice *first)
{
	const struct ss_thread *t = w->t;

	if (t->fork_ns && g->kind != SS_GAP_RUNNABLE && w->c > max_u64(t->fork_ns, w->lo)) {
		/* no wakeup_new seen: runnable since the fork (as ss_model_thread_state has it) */
		put_time(w, t->fork_ns, (struct ss_cp_seg){ .kind = SS_CP_RUNNABLE, .run = first ? 0 : -1,
			 .cpu = first ? first->cpu : -1 });
		return;
	}
	if (t->fork_ns && t->parent >= 0 && w->stall < SS_CP_MAX_STALL) {
		hand_off(w, &w->m->threads[t->parent], (struct ss_cp_seg){ .kind = SS_CP_FORKED, .run = -1, .cpu = -1 });
		return;
	}
	put_time(w, w->lo, (struct ss_cp_seg){ .kind = SS_CP_UNKNOWN, .run = -1, .cpu = -1 });
}

/* The gap before run k of the walk's thread holds the cursor. */
static void step_gap(struct walk *w, size_t k)
{
	const struct ss_model *m = w->m;
	const struct ss_slice *next = run_after(m, w->t, k);
	const struct ss_thread *waker;
	const struct ss_wait_rec *r;
	struct ss_wait_rec tmp;
	struct ss_gap g;
	int32_t run = next ? (int32_t)k : -1;

	ss_model_run_gap(m, w->t, k, &g);
	if ((g.kind == SS_GAP_RUNNABLE || (g.kind == SS_GAP_SLEPT && g.woken)) && w->c > g.ready_ns) {
		struct ss_cp_seg s = { .kind = SS_CP_RUNNABLE, .run = run, .cpu = next ? next->cpu : -1 };
		const struct ss_thread *holder = next && w->c == next->start_ns ? cpu_giver(w, next) : NULL;

		if (holder) {
			s.kind = SS_CP_HANDED;
			hand_off(w, holder, s);
		} else {
			put_time(w, g.ready_ns, s);
		}
		return;
	}
	if (g.kind == SS_GAP_SLEPT) {
		struct ss_cp_seg s = { .run = run, .cpu = -1, .sleep_state = g.sleep_state, .slept_ns = g.from_ns };

		r = ss_model_sleep_before_run(m, w->t, k, &g, &tmp);
		waker = waker_to_follow(w, r, &s.stop);
		s.other = r->waker;
		s.reason = r->reason;
		s.how = r->how;
		if (waker) {
			s.kind = SS_CP_WOKEN;
			hand_off(w, waker, s);
		} else {
			s.kind = SS_CP_BLOCKED;
			put_time(w, g.from_ns, s);
		}
		return;
	}
	if (g.kind == SS_GAP_GONE || k > 0)
		put_time(w, g.from_ns, (struct ss_cp_seg){ .kind = SS_CP_UNKNOWN, .run = -1, .cpu = -1 });
	else
		step_birth(w, &g, next);
}

/* One step back from the cursor. */
static void step(struct walk *w)
{
	const struct ss_slice *open = ss_model_thread_running(w->m, w->t), *s;
	long i;

	if (open && w->c > open->start_ns) {
		put_time(w, open->start_ns, (struct ss_cp_seg){ .kind = SS_CP_RUNNING, .run = (int32_t)w->t->nruns,
			 .cpu = open->cpu });
		return;
	}
	i = ss_model_thread_find(w->m, w->t, w->c - 1);
	if (i >= 0 && (s = ss_model_run(w->m, w->t, (size_t)i))->end_ns >= w->c) {
		put_time(w, s->start_ns, (struct ss_cp_seg){ .kind = SS_CP_RUNNING, .run = (int32_t)i, .cpu = s->cpu });
		return;
	}
	step_gap(w, (size_t)(i + 1));
}

bool ss_critical_lifetime(const struct ss_model *m, const struct ss_thread *t, uint64_t *from_ns,
			  uint64_t *to_ns)
{
	const struct ss_slice *open = ss_model_thread_running(m, t), *last;
	struct ss_gap g;

	if (!t->nruns && !open)
		return false;
	ss_model_run_gap(m, t, 0, &g);
	if (t->fork_ns)
		*from_ns = t->fork_ns;
	else if (g.kind == SS_GAP_RUNNABLE)
		*from_ns = g.ready_ns;
	else
		*from_ns = run_after(m, t, 0)->start_ns;
	last = t->nruns ? ss_model_run(m, t, t->nruns - 1) : NULL;
	*to_ns = !open && last && ss_state_gone(last->end_state) ? last->end_ns : m->end_ns;
	return true;
}

/* ---- the shares ---- */

struct share_ref {
	uint64_t hkey;
	uint32_t idx;
};

static int by_ns(const void *a, const void *b)
{
	const struct ss_cp_share *x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns > y->ns ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

static int add_shares(struct ss_critical *cp)
{
	struct hmap h;
	size_t cap = 0;
	int err = 0;

	hmap_init(&h, sizeof(struct share_ref));
	for (size_t i = 0; i < cp->nsegs && !err; i++) {
		const struct ss_cp_seg *s = &cp->segs[i];
		uint64_t key = (uint64_t)s->tid << 16 | (uint64_t)s->kind << 8 | (s->kind == SS_CP_BLOCKED ? s->reason : 0);
		struct share_ref *r;

		if (ss_cp_is_hop(s->kind))
			continue;
		r = hmap_put(&h, key);
		if (!r) {
			err = -ENOMEM;
			break;
		}
		if (!r->idx) {
			if (!vec_grow((void **)&cp->shares, &cap, cp->nshares + 1, sizeof(*cp->shares))) {
				err = -ENOMEM;
				break;
			}
			r->idx = (uint32_t)++cp->nshares;
			cp->shares[r->idx - 1] = (struct ss_cp_share){ .tid = s->tid, .first = i, .kind = s->kind,
								       .reason = s->kind == SS_CP_BLOCKED ? s->reason : 0 };
		}
		cp->shares[r->idx - 1].ns += s->to_ns - s->from_ns;
		cp->shares[r->idx - 1].segs++;
	}
	hmap_free(&h);
	if (!err && cp->nshares)
		qsort(cp->shares, cp->nshares, sizeof(*cp->shares), by_ns);
	return err;
}

/* ---- the walk ---- */

static void reverse(struct ss_cp_seg *v, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct ss_cp_seg x = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = x;
	}
}

int ss_critical_path(const struct ss_model *m, uint32_t tid, uint64_t from_ns, uint64_t to_ns,
		     struct ss_critical *out)
{
	const struct ss_thread *t = ss_model_thread(m, tid);
	struct walk w = { .m = m, .cp = out, .t = t };
	uint64_t life0, life1, steps = 0, cap = 64;

	memset(out, 0, sizeof(*out));
	out->tid = tid;
	if (!t)
		return -ESRCH;
	if (!ss_critical_lifetime(m, t, &life0, &life1))
		return -ERANGE;
	out->from_ns = max_u64(life0, from_ns);
	out->to_ns = life1 < to_ns ? life1 : to_ns;
	if (out->to_ns <= out->from_ns)
		return -ERANGE;
	/* Each step puts a run, a wait for a CPU or a sleep on the path, each
	 * at most once, or hands off: three a run and one a thread is more
	 * than a walk can need. */
	for (size_t i = 0; i < m->nthreads; i++)
		cap += 3 * (uint64_t)m->threads[i].nruns + 1;
	w.c = out->to_ns;
	w.lo = out->from_ns;
	while (w.c > w.lo && !w.oom) {
		if (++steps > cap) {
			out->capped = true;
			break;
		}
		step(&w);
	}
	reverse(out->segs, out->nsegs);
	if (w.oom || add_shares(out)) {
		ss_critical_free(out);
		return -ENOMEM;
	}
	return 0;
}

void ss_critical_free(struct ss_critical *cp)
{
	free(cp->segs);
	free(cp->shares);
	memset(cp, 0, sizeof(*cp));
}
