/*
 * The checks of the lessons that compare stretches of a run: procvsthread
 * (processes, then threads, then many threads: the per-phase totals of
 * lessons/shapes.h), and distributed (connections, round trips over TCP,
 * every task's journey from the master to a worker and back).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "lessons/checks.h"
#include "lessons/shapes.h"
#include "scenarios/probes.h"
#include "util/fmt.h"

#define MAX_PHASES 8
#define MAX_WORKERS 64
#define SAME_TIME_PCT 25   /* procvsthread: "about as long" is within this much of the slower */

/* ---- procvsthread ---- */

/* The phase that began with marker `which`, or NULL. */
static const struct lesson_phase *phase_of(const struct lesson_phase *p, size_t n, int64_t which)
{
	for (size_t k = 0; k < n; k++)
		if (p[k].phase == which)
			return &p[k];
	return NULL;
}

/* The job on processes (a), on threads (b) and on many threads (k), once
 * the last has begun (the first two are whole then). False, with the
 * verdict written, when they are not there. */
static bool job_phases(const struct lesson_ctx *c, struct lesson_result *r, struct lesson_phase *p,
		       const struct lesson_phase **a, const struct lesson_phase **b, const struct lesson_phase **k)
{
	size_t n = lesson_phases(c->mk, c->m, true, p, MAX_PHASES);

	if (n > MAX_PHASES)
		n = MAX_PHASES;
	*a = phase_of(p, n, SS_PHASE_PROCESSES);
	*b = phase_of(p, n, SS_PHASE_THREADS);
	*k = phase_of(p, n, SS_PHASE_MANY);
	if (!*k) {
		lesson_not_yet(c, r, NULL, "the phases have not been run yet");
		return false;
	}
	if (!*a || !*b) {
		lesson_fail(r, NULL, "the processes and threads phases are missing");
		return false;
	}
	return true;
}

static void procvsthread_fork_vs_clone(const struct lesson_ctx *c, struct lesson_result *r)
{
	struct lesson_phase p[MAX_PHASES];
	const struct lesson_phase *a, *b, *k;
	const struct ss_thread *procs[MAX_WORKERS], *threads[MAX_WORKERS];
	size_t np, nt;
	char who[64], n[4][32];

	if (!job_phases(c, r, p, &a, &b, &k))
		return;
	np = lesson_children(c, LESSON_PROCESSES, procs, MAX_WORKERS);
	nt = lesson_children(c, LESSON_THREADS, threads, MAX_WORKERS);
	for (size_t k = 0; k < np && k < (size_t)a->arg; k++)
		lesson_add_tid(r, procs[k]->tid);
	for (size_t k = 0; k < nt && k < (size_t)b->arg; k++)
		lesson_add_tid(r, threads[k]->tid);
	lesson_add_item(r, a->totals.forks);
	lesson_add_item(r, b->totals.clones);
	lesson_moment(r, a->from_ns, a->from_ns, b->to_ns);
	if (a->totals.forks != (uint32_t)a->arg || a->totals.clones || b->totals.clones != (uint32_t)b->arg ||
	    b->totals.forks) {
		lesson_fail(r, NULL, "phase 1 forked %s and %s, phase 2 %s and %s",
			    fmt_count(n[0], sizeof(n[0]), a->totals.forks, "process", "processes"),
			    fmt_count(n[1], sizeof(n[1]), a->totals.clones, "thread", NULL),
			    fmt_count(n[2], sizeof(n[2]), b->totals.forks, "process", "processes"),
			    fmt_count(n[3], sizeof(n[3]), b->totals.clones, "thread", NULL));
		return;
	}
	lesson_pass(r, "phase 1 forked %s, each with a pid of its own; phase 2 cloned %s into %s",
		    fmt_count(n[0], sizeof(n[0]), a->totals.forks, "process", "processes"),
		    fmt_count(n[1], sizeof(n[1]), b->totals.clones, "thread", NULL),
		    lesson_who(c, c->main->tid, who, sizeof(who)));
}

/* From the last of the first n workers of kin to start its task to the
 * first to end it: while all of them had work. False when there is no such
 * stretch. */
static bool all_working(const struct lesson_ctx *c, enum lesson_kin kin, size_t n, uint64_t *t0, uint64_t *t1)
{
	const struct ss_thread *w[MAX_WORKERS];
	size_t got = lesson_children(c, kin, w, MAX_WORKERS);

	*t0 = 0;
	*t1 = UINT64_MAX;
	if (!n || got < n || n > MAX_WORKERS)
		return false;
	for (size_t k = 0; k < n; k++) {
		const struct ss_event *s = lesson_first_of(c, w[k], LP_TASK_START), *e = lesson_first_of(c, w[k], LP_TASK_END);

		if (!s || !e)
			return false;
		*t0 = s->ts_ns > *t0 ? s->ts_ns : *t0;
		*t1 = e->ts_ns < *t1 ? e->ts_ns : *t1;
	}
	return *t1 > *t0;
}

static void procvsthread_same_time(const struct lesson_ctx *c, struct lesson_result *r)
{
	struct lesson_phase p[MAX_PHASES];
	const struct lesson_phase *a, *b, *k, *slow;
	struct ss_cpu_share share;
	uint64_t wa, wb, hi, used, w0, w1;
	unsigned apart, idle = 0;
	char da[32], db[32];

	if (!job_phases(c, r, p, &a, &b, &k))
		return;
	wa = a->totals.wall_ns;
	wb = b->totals.wall_ns;
	hi = wa > wb ? wa : wb;
	apart = hi ? (unsigned)(100 * (double)(wa > wb ? wa - wb : wb - wa) / (double)hi) : 0;
	lesson_add_item(r, (int64_t)(wa / 1000000));
	lesson_add_item(r, (int64_t)(wb / 1000000));
	lesson_moment(r, a->from_ns, a->from_ns, b->to_ns);
	lesson_dur(wa, da, sizeof(da));
	lesson_dur(wb, db, sizeof(db));
	if (apart <= SAME_TIME_PCT) {
		lesson_pass(r, "%s took %s, %s %s: %u%% apart", a->name, da, b->name, db, apart);
		return;
	}
	/* the slower phase may only have been slowed: inconclusive when other
	 * tasks took, during it, more of the CPUs than the excess */
	slow = wa > wb ? a : b;
	/* or placed: the kernel ran its workers on fewer CPUs than it had. They
	 * never sleep in their task, so a CPU idle while every one of them had
	 * its task is one a worker waited for (not the phase's start, before
	 * the workers run, nor its end, after some finished) */
	if (all_working(c, slow == a ? LESSON_PROCESSES : LESSON_THREADS, (size_t)slow->arg, &w0, &w1)) {
		ss_model_cpu_share(c->m, w0, w1, &share);
		used = share.traced_ns + share.other_ns;
		idle = ss_cpu_share_pct(&share, share.capacity_ns > used ? share.capacity_ns - used : 0);
	}
	if (idle > apart - SAME_TIME_PCT) {
		lesson_inconclusive(r, "rerun: the kernel puts new workers on a CPU of its choosing and may move them late",
				    "in the phase \"%s\" the CPUs sat idle %u%% of the time while its workers had work: the kernel ran them on "
				    "fewer CPUs than there were (%s took %s, %s %s: %u%% apart)",
				    slow->name, idle, a->name, da, b->name, db, apart);
		return;
	}
	lesson_fail_unless_quiet(c, r, SS_ALL_CPUS, apart - SAME_TIME_PCT, slow->from_ns, slow->to_ns, NULL,
				 "%s took %s, %s %s: %u%% apart", a->name, da, b->name, db, apart);
}

static void procvsthread_switching(const struct lesson_ctx *c, struct lesson_result *r)
{
	struct lesson_phase p[MAX_PHASES];
	const struct lesson_phase *a, *b, *k;
	uint64_t sb, sk;

	if (!job_phases(c, r, p, &a, &b, &k))
		return;
	if (!c->ended) {
		lesson_not_yet(c, r, NULL, "the many threads have not finished yet");
		return;
	}
	sb = (uint64_t)b->totals.vol_switches + b->totals.invol_switches;
	sk = (uint64_t)k->totals.vol_switches + k->totals.invol_switches;
	lesson_add_item(r, (int64_t)sb);
	lesson_add_item(r, (int64_t)sk);
	lesson_moment(r, k->from_ns, k->from_ns, k->to_ns);
	if (sk >= 10 * sb && sk >= (uint64_t)k->arg) {
		lesson_pass(r, "%s switched %" PRIu64 " times (%u asleep, %u still runnable: yields and preemptions), "
			       "%s only %" PRIu64, k->name, sk,
			    k->totals.vol_switches, k->totals.invol_switches, b->name, sb);
		return;
	}
	lesson_fail_unless_busy(c, r, b->from_ns, k->to_ns, "rerun with smaller chunks: `-- --chunk 20000`",
				"%s switched %" PRIu64 " times, %s %" PRIu64 ": not ten times as often", k->name, sk,
				b->name, sb);
}

static const struct lesson_check_def procvsthread_checks[] = {
	{ "procvsthread.fork_vs_clone", "processes are forked; threads are cloned into one process",
	  procvsthread_fork_vs_clone },
	{ "procvsthread.same_time", "the job takes about as long on N processes as on N threads",
	  procvsthread_same_time },
	{ "procvsthread.switching", "with many more tasks than cores, context switches explode",
	  procvsthread_switching },
	{ NULL, NULL, NULL },
};

/* ---- distributed ---- */

static void distributed_connect(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *w[MAX_WORKERS];
	size_t n = lesson_children(c, LESSON_PROCESSES, w, MAX_WORKERS), off = 0;
	char ports[96] = "", who[2][64];

	if (!n) {
		lesson_not_yet(c, r, NULL, "no worker has started yet");
		return;
	}
	for (size_t k = 0; k < n; k++) {
		const struct ss_event *conn = lesson_first_of(c, w[k], LP_CONNECT), *acc = NULL, *ev;
		size_t i = 0;

		while (conn && (ev = lesson_next(c->mk, c->m, &i, LP_ACCEPT, c->main->tid)) != NULL)
			if (ev->marker.args[1] == conn->marker.args[1]) {
				acc = ev;
				break;
			}
		if (!acc) {
			lesson_not_yet(c, r, NULL, "%s has not been seen connecting and accepted",
				       lesson_who(c, w[k]->tid, who[0], sizeof(who[0])));
			return;
		}
		lesson_add_tid(r, w[k]->tid);
		lesson_add_item(r, conn->marker.args[1]);
		if (!k)
			lesson_moment(r, acc->ts_ns, conn->ts_ns, acc->ts_ns);
		off += (size_t)snprintf(ports + off, off < sizeof(ports) ? sizeof(ports) - off : 0, "%s%" PRId64,
					k ? ", " : "", conn->marker.args[1]);
	}
	lesson_pass(r, "%zu workers (%s%s) connected over TCP; the master accepted them from ports %s", n,
		    lesson_who(c, w[0]->tid, who[0], sizeof(who[0])), n > 1 ? ", ..." : "", ports);
}

static void distributed_recv_wakes(const struct lesson_ctx *c, struct lesson_result *r)
{
	struct ss_handoff h;
	size_t n;
	char who[64], d[32], call[48], cnt[32];

	if (!c->main) {
		lesson_not_yet(c, r, NULL, "the master has not started yet");
		return;
	}
	n = ss_model_handoffs(c->m, c->run0, c->run1, SS_HOW(SS_WH_WROTE), c->main->tid, 0, &h, 1);
	if (!n) {
		lesson_not_yet(c, r, NULL, "no reply of the master has woken a worker yet");
		return;
	}
	lesson_add_tid(r, h.wakee);
	lesson_add_tid(r, c->main->tid);
	lesson_add_item(r, (int64_t)n);
	lesson_moment(r, h.wake_ns, h.block_ns, h.run_ns);
	lesson_pass(r, "the master's send woke %s, asleep %s in %s; in all, the master's sends woke a worker %s",
		    lesson_who(c, h.wakee, who, sizeof(who)), lesson_dur(h.wake_ns - h.block_ns, d, sizeof(d)),
		    lesson_call_at(c, h.wakee, h.block_ns, call, sizeof(call)), fmt_count(cnt, sizeof(cnt), n, "time", NULL));
}

/* Whether the master got result n at or after ts. */
static bool result_back(const struct lesson_ctx *c, int64_t n, uint64_t ts)
{
	const struct ss_event *ev;
	size_t i = 0;

	while ((ev = lesson_next(c->mk, c->m, &i, LP_GET, c->main->tid)) != NULL)
		if (ev->marker.args[0] == SS_QUEUE_RESULTS && ev->marker.args[1] == n && ev->ts_ns >= ts)
			return true;
	return false;
}

static void distributed_every_task(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_event *close = lesson_first(c->mk, c->m, LP_PHASE, SS_PHASE_CLOSE), *ev;
	const struct ss_thread *w[MAX_WORKERS];
	size_t nw = lesson_children(c, LESSON_PROCESSES, w, MAX_WORKERS), off = 0;
	int64_t tasks = close ? close->marker.args[1] : 0;
	uint32_t *by;
	char list[200] = "", who[64];

	if (!close || !c->ended || tasks <= 0 || tasks > 100000) {
		lesson_not_yet(c, r, NULL, "the tasks have not all come back yet");
		return;
	}
	by = calloc((size_t)tasks, sizeof(*by));
	if (!by)
		return;
	/* each task: started once, by a worker that then ended it and put its result, which came back */
	for (size_t k = 0; k < nw; k++) {
		size_t i = 0;

		while ((ev = lesson_thread_next(c->mk, c->m, w[k], &i, LP_TASK_START)) != NULL) {
			int64_t id = ev->marker.args[0], n = ev->marker.args[1];
			const struct ss_event *put;
			size_t j = i;

			while ((put = lesson_thread_next(c->mk, c->m, w[k], &j, LP_PUT)) != NULL &&
			       put->marker.args[0] != SS_QUEUE_RESULTS)
				;
			if (id < 0 || id >= tasks || by[id] || !put || put->marker.args[1] != n ||
			    !result_back(c, n, put->ts_ns)) {
				lesson_fail(r, NULL, "task %" PRId64 " did not make the journey once: %s", id,
					    id < 0 || id >= tasks ? "no such task" : by[id] ? "run twice"
						: "its result did not come back");
				free(by);
				return;
			}
			by[id] = w[k]->tid;
		}
	}
	for (int64_t id = 0; id < tasks; id++) {
		if (!by[id]) {
			lesson_fail(r, NULL, "task %" PRId64 " was never run", id);
			free(by);
			return;
		}
		lesson_add_item(r, id);
	}
	for (size_t k = 0; k < nw; k++) {
		lesson_add_tid(r, w[k]->tid);
		off += (size_t)snprintf(list + off, off < sizeof(list) ? sizeof(list) - off : 0, "%s%s:", k ? "; " : "",
					lesson_who(c, w[k]->tid, who, sizeof(who)));
		for (int64_t id = 0, first = 1; id < tasks; id++)
			if (by[id] == w[k]->tid) {
				off += (size_t)snprintf(list + off, off < sizeof(list) ? sizeof(list) - off : 0,
							"%s %" PRId64, first ? "" : ",", id);
				first = 0;
			}
	}
	lesson_moment(r, c->run1, close->ts_ns, c->run1);
	lesson_pass(r, "%" PRId64 " tasks, each computed once and its result back at the master (%s)", tasks, list);
	free(by);
}

static const struct lesson_check_def distributed_checks[] = {
	{ "distributed.connect", "the workers connect to the master over TCP", distributed_connect },
	{ "distributed.recv_wakes", "a worker waits in recv() until the master's reply wakes it",
	  distributed_recv_wakes },
	{ "distributed.every_task", "each number goes to one worker and its square comes back",
	  distributed_every_task },
	{ NULL, NULL, NULL },
};

const struct lesson_check_table lesson_checks_phases[] = {
	{ "procvsthread", NULL, procvsthread_checks },
	{ "distributed", NULL, distributed_checks },
	{ NULL, NULL, NULL },
};
