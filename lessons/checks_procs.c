/*
 * The checks of the lessons about processes: fork, process, pool, queue and
 * pipe. Each reads markers (what the program says it did) against kernel
 * facts (forks, sleeps, who woke whom, exits), so a check passes only when
 * both agree.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lessons/checks.h"
#include "model/explain.h"
#include "model/states.h"
#include "model/totals.h"
#include "scenarios/probes.h"
#include "util/fmt.h"

#define MAX_KIDS 256

static const struct ss_thread *only_child(const struct lesson_ctx *c, enum lesson_kin kin)
{
	const struct ss_thread *kid;

	return lesson_children(c, kin, &kid, 1) ? kid : NULL;
}

/* ---- fork ---- */

static void fork_returns_twice(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kid = only_child(c, LESSON_PROCESSES);
	const struct ss_event *in_parent = lesson_first_of(c, c->main, LP_FORK_RETURN);
	const struct ss_event *in_child = lesson_first_of(c, kid, LP_FORK_RETURN);
	char p[64], k[64];

	if (!kid || !in_parent || !in_child) {
		lesson_not_yet(c, r, NULL, "fork() was not seen returning in both processes");
		return;
	}
	lesson_who(c, c->main->tid, p, sizeof(p));
	lesson_who(c, kid->tid, k, sizeof(k));
	lesson_add_tid(r, c->main->tid);
	lesson_add_tid(r, kid->tid);
	lesson_add_item(r, in_parent->marker.args[0]);
	lesson_add_item(r, in_child->marker.args[0]);
	lesson_moment(r, kid->fork_ns, kid->fork_ns,
		      in_parent->ts_ns > in_child->ts_ns ? in_parent->ts_ns : in_child->ts_ns);
	if (in_parent->marker.args[0] != kid->tid || in_child->marker.args[0] != 0) {
		lesson_fail(r, NULL, "fork() returned %" PRId64 " in the parent and %" PRId64 " in the child %s",
			    in_parent->marker.args[0], in_child->marker.args[0], k);
		return;
	}
	lesson_pass(r, "fork() returned %" PRId64 " in the parent (%s) and 0 in the child (%s)",
		    in_parent->marker.args[0], p, k);
}

static void fork_own_process(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kid = only_child(c, LESSON_PROCESSES);
	char p[64], k[64], at[32];

	if (!kid) {
		lesson_not_yet(c, r, NULL, "no child process forked yet");
		return;
	}
	lesson_add_tid(r, kid->tid);
	lesson_add_tid(r, c->main->tid);
	lesson_moment(r, kid->fork_ns, 0, 0);
	if (kid->tgid != kid->tid || kid->tgid == c->main->tgid) {
		lesson_fail(r, NULL, "the child %u shares pid %u with its parent", kid->tid, kid->tgid);
		return;
	}
	lesson_pass(r, "%s is a process of its own (pid %u, its parent's is %u), forked by %s at %s",
		    lesson_who(c, kid->tid, k, sizeof(k)), kid->tgid, c->main->tgid,
		    lesson_who(c, c->main->tid, p, sizeof(p)), lesson_at(c, kid->fork_ns, at, sizeof(at)));
}

static void fork_parent_waits(const struct lesson_ctx *c, struct lesson_result *r)
{
	lesson_check_join(c, r, c->main, only_child(c, LESSON_PROCESSES), "wait()",
			  "the child ended before its parent waited: rerun with `-- --child-ms 500`");
}

static const struct lesson_check_def fork_checks[] = {
	{ "fork.returns_twice", "fork() returns twice: 0 in the child, the child's pid in the parent",
	  fork_returns_twice },
	{ "fork.own_process", "the child is a new process, with a pid of its own", fork_own_process },
	{ "fork.parent_waits", "the parent sleeps in wait() until its child exits", fork_parent_waits },
	{ NULL, NULL, NULL },
};

/* ---- process ---- */

static void process_child_runs(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kid = only_child(c, LESSON_PROCESSES);
	const struct ss_event *start = lesson_first_of(c, kid, LP_TASK_START);
	char p[64], k[64], at[32], at2[32];

	if (!start) {
		lesson_not_yet(c, r, NULL, "no child process has started the function yet");
		return;
	}
	lesson_add_tid(r, kid->tid);
	lesson_add_tid(r, c->main->tid);
	lesson_moment(r, start->ts_ns, kid->fork_ns, start->ts_ns);
	lesson_pass(r, "%s, forked by %s at %s, ran the function from %s", lesson_who(c, kid->tid, k, sizeof(k)),
		    lesson_who(c, c->main->tid, p, sizeof(p)), lesson_at(c, kid->fork_ns, at, sizeof(at)),
		    lesson_at(c, start->ts_ns, at2, sizeof(at2)));
}

static void process_join_waits(const struct lesson_ctx *c, struct lesson_result *r)
{
	lesson_check_join(c, r, c->main, only_child(c, LESSON_PROCESSES), "join()",
			  "the child ended before the parent joined it: rerun with `-- --work-ms 1000`");
}

static void process_child_computes(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kid = only_child(c, LESSON_PROCESSES);
	const struct ss_event *start = lesson_first_of(c, kid, LP_TASK_START), *end = lesson_first_of(c, kid, LP_TASK_END);
	uint64_t run_ns, span_ns;
	unsigned pct;
	char k[64], d[32];

	if (!start || !end) {
		lesson_not_yet(c, r, NULL, "the child's work has not ended yet");
		return;
	}
	span_ns = end->ts_ns - start->ts_ns;
	run_ns = ss_model_thread_run_ns(c->m, kid, start->ts_ns, end->ts_ns);
	pct = span_ns ? (unsigned)(100 * (double)run_ns / (double)span_ns) : 0;
	lesson_add_tid(r, kid->tid);
	lesson_add_item(r, pct);
	lesson_moment(r, start->ts_ns, start->ts_ns, end->ts_ns);
	lesson_who(c, kid->tid, k, sizeof(k));
	lesson_dur(span_ns, d, sizeof(d));
	if (span_ns && pct >= 80) {
		lesson_pass(r, "%s was on a CPU %u%% of its %s of work", k, pct, d);
		return;
	}
	lesson_fail_unless_busy(c, r, start->ts_ns, end->ts_ns, span_ns ? NULL : "rerun with `-- --work-ms 1000`",
				"%s was on a CPU only %u%% of its %s of work", k, pct, d);
}

static const struct lesson_check_def process_checks[] = {
	{ "process.child_runs", "start() forks a child process that runs the function", process_child_runs },
	{ "process.join_waits", "join() blocks the parent until the child has ended", process_join_waits },
	{ "process.child_computes", "the child computes on a CPU while the parent waits", process_child_computes },
	{ NULL, NULL, NULL },
};

/* ---- pool ---- */

/* What the markers say of one task. */
struct task_facts {
	const struct ss_event *put, *get, *start, *end;
	int gets;
};

/* The tasks put into queue 1, indexed by id (ids are 0..T-1); NULL if none. */
static struct task_facts *pool_tasks(const struct lesson_ctx *c, size_t *ntasks)
{
	const struct ss_event *ev;
	struct task_facts *t;
	size_t i = 0, n = 0;

	while ((ev = lesson_next(c->mk, c->m, &i, LP_PUT, 0)) != NULL)
		if (ev->marker.args[0] == SS_QUEUE_TASKS && ev->marker.args[1] >= 0 && ev->marker.args[1] < 100000 &&
		    (size_t)ev->marker.args[1] + 1 > n)
			n = (size_t)ev->marker.args[1] + 1;
	*ntasks = n;
	if (!n || !(t = calloc(n, sizeof(*t))))
		return NULL;
	for (i = 0; (ev = lesson_next(c->mk, c->m, &i, LP_NONE, 0)) != NULL;) {
		enum lesson_probe k = lesson_mark_kind(c->mk, ev);
		int64_t id = k == LP_PUT || k == LP_GET ? ev->marker.args[1] : ev->marker.args[0];
		struct task_facts *f;

		if ((k == LP_PUT || k == LP_GET) && ev->marker.args[0] != SS_QUEUE_TASKS)
			continue;
		if (id < 0 || (size_t)id >= n)
			continue;
		f = &t[id];
		switch (k) {
		case LP_PUT: f->put = f->put ? f->put : ev; break;
		case LP_GET: f->get = f->get ? f->get : ev; f->gets++; break;
		case LP_TASK_START: f->start = f->start ? f->start : ev; break;
		case LP_TASK_END: f->end = f->end ? f->end : ev; break;
		default: break;
		}
	}
	return t;
}

static void pool_workers_first(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kids[MAX_KIDS];
	const struct ss_event *put = lesson_first_of(c, c->main, LP_PUT);
	size_t n = lesson_children(c, LESSON_PROCESSES, kids, MAX_KIDS), before = 0;
	char at[32], w[64];

	if (!put) {
		lesson_not_yet(c, r, NULL, "no task has been put yet");
		return;
	}
	for (size_t k = 0; k < n; k++) {
		if (kids[k]->fork_ns && kids[k]->fork_ns < put->ts_ns) {
			before++;
			lesson_add_tid(r, kids[k]->tid);
		}
	}
	lesson_moment(r, put->ts_ns, c->run0, put->ts_ns);
	if (!before) {
		lesson_fail(r, NULL, "no worker process was forked before the first task was put");
		return;
	}
	lesson_pass(r, "%zu worker processes (%s%s) were forked before the first task was put at %s", before,
		    lesson_who(c, r->tids[0], w, sizeof(w)), before > 1 ? ", ..." : "",
		    lesson_at(c, put->ts_ns, at, sizeof(at)));
}

static void pool_each_task_once(const struct lesson_ctx *c, struct lesson_result *r)
{
	size_t n, off = 0;
	struct task_facts *t = pool_tasks(c, &n);
	char list[240] = "", w[64], nt[32], nwk[32];
	uint32_t workers[MAX_KIDS];
	size_t nw = 0;

	if (!t || !c->ended) {
		lesson_not_yet(c, r, NULL, "the tasks have not all been run yet");
		free(t);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct task_facts *f = &t[i];

		if (!f->put || f->gets != 1 || !f->start || !f->end || f->start->pid != f->get->pid ||
		    f->end->pid != f->get->pid || (c->main && f->get->pid == c->main->tid)) {
			lesson_fail(r, NULL, "task %zu was %s", i,
				    !f->get ? "never taken by a worker" : f->gets > 1 ? "taken more than once"
									 : "not run by the worker that took it");
			lesson_add_item(r, (int64_t)i);
			free(t);
			return;
		}
		size_t k = 0;

		while (k < nw && workers[k] != f->get->pid)
			k++;
		if (k == nw && nw < MAX_KIDS)
			workers[nw++] = f->get->pid;
	}
	/* "PoolWorker-1 4101 ran 0, 2, 4; PoolWorker-2 4102 ran 1, 3" */
	for (size_t k = 0; k < nw && off < sizeof(list); k++) {
		lesson_add_tid(r, workers[k]);
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s ran", k ? "; " : "",
					lesson_who(c, workers[k], w, sizeof(w)));
		for (size_t i = 0, first = 1; i < n && off < sizeof(list); i++)
			if (t[i].get->pid == workers[k]) {
				off += (size_t)snprintf(list + off, sizeof(list) - off, "%s %zu", first ? "" : ",", i);
				first = 0;
			}
	}
	for (size_t i = 0; i < n; i++)
		lesson_add_item(r, (int64_t)i);
	lesson_moment(r, t[n - 1].end->ts_ns, t[0].put->ts_ns, t[n - 1].end->ts_ns);
	lesson_pass(r, "%s ran once each on %s: %s", fmt_count(nt, sizeof(nt), n, "task", NULL),
		    fmt_count(nwk, sizeof(nwk), nw, "worker", NULL), list);
	free(t);
}

static void pool_task_waited(const struct lesson_ctx *c, struct lesson_result *r)
{
	size_t n, waited = 0;
	struct task_facts *t = pool_tasks(c, &n);
	const struct task_facts *first = NULL;
	const struct ss_event *freed = NULL;
	const struct ss_thread *kids[MAX_KIDS];
	size_t nw = lesson_children(c, LESSON_PROCESSES, kids, MAX_KIDS);
	char d[32], at[32], w[64], hint[96], nt[32], nwk[32];

	for (size_t i = 0; t && i < n; i++) {
		const struct task_facts *f = &t[i];
		const struct ss_thread *worker = f->get ? ss_model_thread(c->m, f->get->pid) : NULL;
		const struct ss_event *ev, *end = NULL;
		size_t j = 0;

		if (!f->put || !worker)
			continue;
		/* the worker's last task_end before it took this task */
		while ((ev = lesson_thread_next(c->mk, c->m, worker, &j, LP_TASK_END)) && ev->ts_ns < f->get->ts_ns)
			end = ev;
		/* it came free only after the task was put: the task waited for it */
		if (!end || end->ts_ns <= f->put->ts_ns)
			continue;
		waited++;
		if (!first || f->get->ts_ns < first->get->ts_ns) {
			first = f;
			freed = end;
		}
	}
	if (!first) {
		snprintf(hint, sizeof(hint), "rerun with more tasks than workers: `-- --tasks %zu`", nw ? 2 * nw : 8);
		if (c->ended)
			lesson_fail(r, hint, "no task waited for a worker: %s on %s", fmt_count(nt, sizeof(nt), n, "task", NULL),
				    fmt_count(nwk, sizeof(nwk), nw, "worker", NULL));
		else
			lesson_not_yet(c, r, hint, "no task has waited for a worker yet");
		free(t);
		return;
	}
	lesson_add_tid(r, freed->pid);
	lesson_add_item(r, first->get->marker.args[1]);
	lesson_moment(r, first->get->ts_ns, first->put->ts_ns, first->get->ts_ns);
	lesson_pass(r, "task %" PRId64 " waited %s for a free worker (%s freed at %s)%s", first->get->marker.args[1],
		    lesson_dur(first->get->ts_ns - first->put->ts_ns, d, sizeof(d)),
		    lesson_who(c, freed->pid, w, sizeof(w)), lesson_at(c, freed->ts_ns, at, sizeof(at)),
		    waited > 1 ? "; more tasks waited too" : "");
	free(t);
}

static void pool_close_join(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kids[MAX_KIDS], *last = NULL;
	size_t n = lesson_children(c, LESSON_PROCESSES, kids, MAX_KIDS);
	const struct ss_event *close = lesson_first(c->mk, c->m, LP_PHASE, SS_PHASE_CLOSE);
	const struct ss_wait_rec *w;
	char at[32], at2[32], who[64];

	if (!close || !c->ended) {
		lesson_not_yet(c, r, NULL, "the pool has not been closed and joined yet");
		return;
	}
	for (size_t k = 0; k < n; k++) {
		if (!(kids[k]->flags & SS_THREADF_EXITED) || kids[k]->exit_ns < close->ts_ns) {
			lesson_add_tid(r, kids[k]->tid);
			lesson_fail(r, NULL, "%s did not exit after close()", lesson_who(c, kids[k]->tid, who, sizeof(who)));
			return;
		}
		if (!last || kids[k]->exit_ns > last->exit_ns)
			last = kids[k];
	}
	w = last ? lesson_woken_by(c->m, c->main, last->tid, SS_HOW(SS_WH_EXIT), close->ts_ns, UINT64_MAX) : NULL;
	if (!w) {
		lesson_fail(r, NULL, "the parent was not woken in join() by its last worker's exit");
		return;
	}
	lesson_add_tid(r, last->tid);
	lesson_add_tid(r, c->main->tid);
	lesson_moment(r, w->ready_ns, close->ts_ns, w->ready_ns);
	lesson_pass(r, "after close() at %s the %zu workers read end-of-file and exited; join() returned when the "
		       "last, %s, exited at %s", lesson_at(c, close->ts_ns, at, sizeof(at)), n,
		    lesson_who(c, last->tid, who, sizeof(who)), lesson_at(c, last->exit_ns, at2, sizeof(at2)));
}

static const struct lesson_check_def pool_checks[] = {
	{ "pool.workers_first", "Pool() forks its worker processes before any task", pool_workers_first },
	{ "pool.each_task_once", "each task is taken by one idle worker", pool_each_task_once },
	{ "pool.task_waited", "with more tasks than workers, a task waits for a free worker", pool_task_waited },
	{ "pool.close_join", "close(), then join() waits until every worker has exited", pool_close_join },
	{ NULL, NULL, NULL },
};

/* ---- queue ---- */

/* The reader's sleep that ended before get: the one its get answers. */
static const struct ss_wait_rec *sleep_before(const struct ss_model *m, const struct ss_thread *t,
					      const struct ss_event *get, uint64_t since)
{
	long k = ss_model_wait_find(m, t, get->ts_ns);

	for (; k >= 0 && t->waits[k].block_ns >= since; k--)
		if (t->waits[k].run_ns <= get->ts_ns)
			return &t->waits[k];
	return NULL;
}

static void queue_put_wakes(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kids[2];
	const struct ss_event *get, *first = NULL;
	const struct ss_wait_rec *fw = NULL;
	size_t i = 0, woke = 0, gets = 0;
	uint64_t since = c->run0;
	char x[32], d[32], reader[64], call[48];

	if (lesson_children(c, LESSON_PROCESSES, kids, 2) < 2) {
		lesson_not_yet(c, r, NULL, "the writer and the reader have not both started");
		return;
	}
	while ((get = lesson_next(c->mk, c->m, &i, LP_GET, kids[1]->tid)) != NULL) {
		const struct ss_wait_rec *w = sleep_before(c->m, kids[1], get, since);

		gets++;
		since = get->ts_ns;
		if (!w || w->waker != kids[0]->tid || w->how != SS_WH_WROTE)
			continue;
		if (!woke++) {
			first = get;
			fw = w;
		}
	}
	if (!first) {
		lesson_not_yet(c, r, "rerun with longer pauses: `-- --max-ms 1000`",
			       "the reader was never asleep when an item came");
		return;
	}
	lesson_add_tid(r, kids[0]->tid);
	lesson_add_tid(r, kids[1]->tid);
	lesson_add_item(r, first->marker.args[1]);
	lesson_moment(r, fw->ready_ns, fw->block_ns, fw->run_ns);
	lesson_pass(r, "the writer's put of %s woke %s, asleep %s in %s (%zu of the %zu puts woke it)",
		    lesson_item_words(c->l->sc->items, first->marker.args[1], x, sizeof(x)),
		    lesson_who(c, kids[1]->tid, reader, sizeof(reader)),
		    lesson_dur(ss_wait_slept_ns(fw), d, sizeof(d)), lesson_call(c, fw, call, sizeof(call)), woke, gets);
}

static void queue_in_order(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kids[2];
	const struct ss_event *put, *get;
	size_t i = 0, j = 0, n = 0, off = 0;
	char list[96] = "", x[32];

	if (lesson_children(c, LESSON_PROCESSES, kids, 2) < 2 || !c->ended) {
		lesson_not_yet(c, r, NULL, "the items have not all been got yet");
		return;
	}
	lesson_add_tid(r, kids[0]->tid);
	lesson_add_tid(r, kids[1]->tid);
	while ((put = lesson_next(c->mk, c->m, &i, LP_PUT, kids[0]->tid)) != NULL) {
		get = lesson_next(c->mk, c->m, &j, LP_GET, kids[1]->tid);
		if (!get || get->marker.args[1] != put->marker.args[1]) {
			lesson_fail(r, NULL, "the writer put %s as item %zu, the reader got %s",
				    lesson_item_words(c->l->sc->items, put->marker.args[1], x, sizeof(x)), n + 1,
				    get ? "another" : "nothing");
			return;
		}
		lesson_add_item(r, get->marker.args[1]);
		lesson_moment(r, get->ts_ns, c->run0, get->ts_ns);
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s", n ? ", " : "",
					lesson_item_words(c->l->sc->items, get->marker.args[1], x, sizeof(x)));
		n++;
	}
	if (!n) {
		lesson_fail(r, NULL, "the writer put nothing");
		return;
	}
	lesson_pass(r, "the reader got %s, in the order the writer put them", list);
}

static void queue_terminated(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_event *term = lesson_first(c->mk, c->m, LP_PHASE, SS_PHASE_TERMINATE);
	const struct ss_thread *reader = term ? ss_model_thread(c->m, (uint32_t)term->marker.args[1]) : NULL;
	char p[64], rd[64], at[32], how[64];

	if (!reader || !(reader->flags & SS_THREADF_EXITED)) {
		lesson_not_yet(c, r, NULL, "the reader has not been terminated yet");
		return;
	}
	lesson_add_tid(r, c->main->tid);
	lesson_add_tid(r, reader->tid);
	lesson_moment(r, term->ts_ns, term->ts_ns, reader->exit_ns);
	ss_explain_exit(reader->exit_code, how, sizeof(how));
	if (!ss_exit_killed_by(reader->exit_code, SIGTERM)) {
		lesson_fail(r, NULL, "the reader %s ended with %s, not by SIGTERM", lesson_who(c, reader->tid, rd, sizeof(rd)),
			    how);
		return;
	}
	lesson_pass(r, "%s terminated the endless %s at %s: %s", lesson_who(c, c->main->tid, p, sizeof(p)),
		    lesson_who(c, reader->tid, rd, sizeof(rd)), lesson_at(c, term->ts_ns, at, sizeof(at)), how);
}

static const struct lesson_check_def queue_checks[] = {
	{ "queue.put_wakes", "a put wakes the reader asleep on the empty queue", queue_put_wakes },
	{ "queue.in_order", "the reader gets the items in the order they were put", queue_in_order },
	{ "queue.terminated", "the endless reader has to be terminated", queue_terminated },
	{ NULL, NULL, NULL },
};

/* ---- pipe ---- */

/* How often t's run ended with t still runnable and next taken over, on
 * that CPU, by `next` (t woke it and it took the CPU); *first_ns: the first. */
static size_t gave_cpu_to(const struct lesson_ctx *c, const struct ss_thread *t, uint32_t next, uint64_t *first_ns)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nruns; i++) {
		const struct ss_slice *s = ss_model_run(c->m, t, i);
		const struct ss_cpu_lane *lane = &c->m->cpu[ss_model_run_cpu(c->m, t, i)];
		size_t after = ss_model_run_idx(c->m, t, i) + 1;

		if (s->start_ns >= c->run1)
			break;
		if (s->end_ns < c->run0 || (s->flags & SS_SLICE_TO_END) || !ss_state_still_runnable(s->end_state) ||
		    after >= lane->n || lane->v[after].tid != next)
			continue;
		if (!n++)
			*first_ns = s->end_ns;
	}
	return n;
}

/* Writes by from that woke to, asleep: how many, and the first. */
static void pipe_wakes(const struct lesson_ctx *c, struct lesson_result *r, const struct ss_thread *from,
		       const struct ss_thread *to, const char *what)
{
	struct ss_handoff h;
	size_t n;
	char a[64], b[64], at[32], call[48];

	if (!from || !to) {
		lesson_not_yet(c, r, NULL, "the replier has not started yet");
		return;
	}
	n = ss_model_handoffs(c->m, c->run0, c->run1, SS_HOW(SS_WH_WROTE), from->tid, to->tid, &h, 1);
	lesson_add_tid(r, from->tid);
	lesson_add_tid(r, to->tid);
	if (!n) {
		uint64_t first = 0;
		size_t shared = c->over ? gave_cpu_to(c, to, from->tid, &first) : 0;

		/* on one CPU, the reader is preempted by the writer it has just
		 * woken, and finds the next write there when it runs again */
		if (shared) {
			lesson_moment(r, first, first, first);
			lesson_inconclusive(r, "rerun: the kernel put the two on one CPU this time",
					    "%s shared a CPU with %s: %zu times preempted by it just after waking it, it "
					    "found the next one already in the pipe and never slept in read()",
					    lesson_who(c, to->tid, b, sizeof(b)), lesson_who(c, from->tid, a, sizeof(a)),
					    shared);
			return;
		}
		lesson_not_yet(c, r, "rerun with more rounds: `-- --rounds 10000`", "no %s woke %s asleep in read()",
			       what, lesson_who(c, to->tid, b, sizeof(b)));
		return;
	}
	lesson_add_item(r, (int64_t)n);
	lesson_moment(r, h.wake_ns, h.block_ns, h.run_ns);
	lesson_pass(r, "%zu %s written by %s woke %s asleep in %s; the first at %s", n, what,
		    lesson_who(c, from->tid, a, sizeof(a)), lesson_who(c, to->tid, b, sizeof(b)),
		    lesson_call_at(c, to->tid, h.block_ns, call, sizeof(call)), lesson_at(c, h.wake_ns, at, sizeof(at)));
}

static void pipe_request_wakes(const struct lesson_ctx *c, struct lesson_result *r)
{
	pipe_wakes(c, r, c->main, only_child(c, LESSON_PROCESSES), "requests");
}

/* The parent waits for each reply: asleep in read() until the reply wakes it;
 * or, when the two share a CPU, runnable while the replier it has just woken
 * takes that CPU and answers (then the reply wakes no one). */
static void pipe_parent_waits(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kid = only_child(c, LESSON_PROCESSES);
	struct ss_handoff h;
	size_t slept, gave;
	uint64_t gave_ns = 0;
	char p[64], k[64], at[32], call[48] = "read()";

	if (!kid) {
		lesson_not_yet(c, r, NULL, "the replier has not started yet");
		return;
	}
	slept = ss_model_handoffs(c->m, c->run0, c->run1, SS_HOW(SS_WH_WROTE), kid->tid, c->main->tid, &h, 1);
	gave = gave_cpu_to(c, c->main, kid->tid, &gave_ns);
	lesson_add_tid(r, c->main->tid);
	lesson_add_tid(r, kid->tid);
	lesson_who(c, c->main->tid, p, sizeof(p));
	lesson_who(c, kid->tid, k, sizeof(k));
	if (!slept && !gave) {
		lesson_not_yet(c, r, "rerun with more rounds: `-- --rounds 10000`", "%s has not waited for a reply", p);
		return;
	}
	lesson_add_item(r, (int64_t)slept);
	lesson_add_item(r, (int64_t)gave);
	if (slept && (!gave || h.wake_ns < gave_ns))
		lesson_moment(r, h.wake_ns, h.block_ns, h.run_ns);
	else
		lesson_moment(r, gave_ns, 0, 0);
	/* the call the trace saw it asleep in; with no such sleep, the
	 * scenario's own read() */
	if (slept)
		lesson_call_at(c, c->main->tid, h.block_ns, call, sizeof(call));
	lesson_pass(r, "%s waited for the replies: %zu times asleep in %s until %s's write woke it, "
		       "%zu times runnable while %s, just woken, took its CPU; the first at %s",
		    p, slept, call, k, gave, k, lesson_at(c, r->at_ns, at, sizeof(at)));
}

/* The parent's close() wakes the replier asleep in read() to end-of-file. */
static void pipe_eof_ends(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *kid = only_child(c, LESSON_PROCESSES);
	const struct ss_wait_rec *w;
	uint64_t shared_ns;
	long k;
	char p[64], k_[64], at[32], how[64], call[48];

	if (!kid || !(kid->flags & SS_THREADF_EXITED)) {
		lesson_not_yet(c, r, NULL, "the replier has not ended yet");
		return;
	}
	lesson_add_tid(r, c->main->tid);
	lesson_add_tid(r, kid->tid);
	lesson_who(c, c->main->tid, p, sizeof(p));
	lesson_who(c, kid->tid, k_, sizeof(k_));
	k = ss_model_wait_find(c->m, kid, kid->exit_ns);
	w = k >= 0 ? &kid->waits[k] : NULL;
	if (!kid->exit_code && (!w || w->waker != c->main->tid || w->reason != SS_R_PIPE_READ) &&
	    gave_cpu_to(c, kid, c->main->tid, &shared_ns)) {
		lesson_inconclusive(r, "rerun: the kernel put the two on one CPU this time",
				    "%s shared a CPU with %s and found end-of-file without sleeping in read(): "
				    "it ran after %s had closed its end", k_, p, p);
		return;
	}
	if (!w || w->waker != c->main->tid || w->reason != SS_R_PIPE_READ || kid->exit_code) {
		lesson_fail(r, NULL, "%s did not end by reading end-of-file after %s closed its end (%s)", k_, p,
			    ss_explain_exit(kid->exit_code, how, sizeof(how)));
		return;
	}
	lesson_moment(r, w->ready_ns, w->block_ns, kid->exit_ns);
	lesson_pass(r, "%s closed its end at %s: %s, asleep in %s, woke to end-of-file and exited", p,
		    lesson_at(c, w->ready_ns, at, sizeof(at)), k_, lesson_call(c, w, call, sizeof(call)));
}

static const struct lesson_check_def pipe_checks[] = {
	{ "pipe.request_wakes", "each request wakes the replier, asleep in read()", pipe_request_wakes },
	{ "pipe.parent_waits", "the parent waits while the replier answers", pipe_parent_waits },
	{ "pipe.eof_ends", "closing the pipe wakes the replier to end-of-file, and it exits", pipe_eof_ends },
	{ NULL, NULL, NULL },
};

const struct lesson_check_table lesson_checks_procs[] = {
	{ "fork", NULL, fork_checks },
	{ "process", NULL, process_checks },
	{ "pool", NULL, pool_checks },
	{ "queue", NULL, queue_checks },
	{ "pipe", NULL, pipe_checks },
	{ NULL, NULL, NULL },
};
