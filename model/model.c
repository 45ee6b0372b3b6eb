/*
 * Building the model: the sink's stream goes through the scheduler state
 * machine (sched_state.c), and what it emits is stored and indexed here:
 * runs per CPU and per thread, with their prefix sums kept as each run is
 * added (so no view ever rescans the trace), sleeps, marks, channels, and the
 * statistics, all through the gap rule of states.c. The queries are in
 * query.c.
 */
#include "model/model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

struct chan_ref {
	uint64_t hkey;
	int32_t idx;
};

/* The first thing memory ran out for: the model says so rather than drop
 * data silently (the views and `info` show it). */
static void fail(struct ss_model *m, const char *what)
{
	if (!m->failed)
		m->failed = what;
}

/* vec_grow, noting a failure */
static bool grow(struct ss_model *m, void **v, size_t *cap, size_t need, size_t elem, const char *what)
{
	if (vec_grow(v, cap, need, elem))
		return true;
	fail(m, what);
	return false;
}

/* ---- threads ---- */

struct ss_thread *ss_model_thread(const struct ss_model *m, uint32_t tid)
{
	const int32_t *r = pidmap_get(&m->thread_of, tid);

	return r && *r ? &m->threads[*r - 1] : NULL;
}

static struct ss_thread *thread_new(struct ss_model *m, uint32_t tid, uint32_t tgid)
{
	int32_t *r;
	struct ss_thread *t;

	if (!grow(m, (void **)&m->threads, &m->threads_cap, m->nthreads + 1, sizeof(*m->threads), "threads"))
		return NULL;
	r = pidmap_put(&m->thread_of, tid);
	if (!r) {
		fail(m, "threads");
		return NULL;
	}
	/* a recycled tid maps to its newest thread */
	*r = (int32_t)m->nthreads + 1;
	t = &m->threads[m->nthreads++];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->tgid = tgid;
	t->parent = -1;
	t->flags = SS_THREADF_IN_TREE;
	return t;
}

static bool traced(const struct ss_model *m, const struct ss_task *t)
{
	return t->pid != 0 && ((t->flags & SS_TASKF_IN_TREE) || (m->info.flags & SS_TF_ALL));
}

/* ---- runs ---- */

/* Adds run s (index idx of its CPU lane) to its thread: statistics and
 * prefix sums through the gap rule, one record per SS_INDEX_BLOCK runs. */
static void add_run(struct ss_model *m, struct ss_thread *t, const struct ss_slice *s, uint32_t idx)
{
	struct ss_thread_stats *st = &t->st;
	struct ss_gap g;

	if (t->nruns % SS_INDEX_BLOCK == 0) {
		if (!grow(m, (void **)&t->cum, &t->cum_cap, t->ncum + 1, sizeof(*t->cum), "thread index"))
			return;
		t->cum[t->ncum++] = (struct ss_time_sum){ st->run_ns, st->wait_ns };
	}
	if (!grow(m, (void **)&t->runs, &t->runs_cap, t->nruns + 1, sizeof(*t->runs), "thread runs"))
		return;
	ss_gap_between(t->nruns ? &t->last : NULL, s, 0, &g);
	t->runs[t->nruns++] = (ss_run_ref)s->cpu << m->ref_idx_bits | idx;
	t->last = *s;
	ss_stats_add_run(st, &g, s);
}

static void on_slice(void *ctx, const struct ss_slice *s)
{
	struct ss_model *m = ctx;
	struct ss_cpu_lane *l = &m->cpu[s->cpu];
	struct ss_thread *t;

	if (l->n >> m->ref_idx_bits) {
		fail(m, "CPU runs");           /* more than a run reference can name */
		return;
	}
	if (l->n % SS_INDEX_BLOCK == 0) {
		uint64_t sum = 0;

		if (!grow(m, (void **)&l->busy, &l->busy_cap, l->nbusy + 1, sizeof(*l->busy), "CPU index"))
			return;
		if (l->nbusy) {
			sum = l->busy[l->nbusy - 1];
			for (size_t i = l->n - SS_INDEX_BLOCK; i < l->n; i++)
				sum += l->v[i].end_ns - l->v[i].start_ns;
		}
		l->busy[l->nbusy++] = sum;
	}
	if (!grow(m, (void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v), "CPU runs"))
		return;
	l->v[l->n] = *s;
	t = ss_model_thread(m, s->tid);
	if (t)
		add_run(m, t, s, (uint32_t)l->n);
	l->n++;
}

/* ---- channels ---- */

const struct ss_chan *ss_model_chan(const struct ss_model *m, uint64_t id)
{
	const struct chan_ref *r = id ? hmap_get(&m->chan_of, id) : NULL;

	return r ? &m->chans[r->idx] : NULL;
}

static void chan_add(struct ss_model *m, const struct ss_chan *c)
{
	struct chan_ref *r;

	if (c->kind == SS_CH_NONE || ss_model_chan(m, c->id))
		return;
	if (!grow(m, (void **)&m->chans, &m->chans_cap, m->nchans + 1, sizeof(*m->chans), "channels"))
		return;
	r = hmap_put(&m->chan_of, c->id);
	if (!r) {
		fail(m, "channels");
		return;
	}
	r->idx = (int32_t)m->nchans;
	m->chans[m->nchans++] = *c;
}

void ss_wait_rec_fill(struct ss_wait_rec *r, const struct ss_wait *w)
{
	memset(r, 0, sizeof(*r));
	r->block_ns = w->block_ns;
	r->ready_ns = w->ready_ns;
	r->run_ns = w->run_ns;
	r->chan = w->sys.chan.id;
	r->wchan = w->waker_sys.chan.id;
	r->bytes = w->sys.args[2];
	r->wbytes = w->waker_sys.args[2];
	r->arg0 = w->sys.args[0];
	r->waker = w->waker;
	r->fd = w->sys.fd;
	r->wfd = w->waker_sys.fd;
	r->nr = w->sys.nr;
	r->wnr = w->waker_sys.nr;
	r->cpu = w->cpu;
	r->reason = w->reason;
	r->how = w->how;
	r->sleep_state = w->sleep_state;
	r->signal = (uint8_t)w->signal;
	r->wctx = w->wake_ctx;
	r->wctx_id = w->wake_ctx_id;
	r->withheld = (ss_sys_withheld(&w->sys) ? SS_WITHHELD_CALL : 0) |
		      (ss_sys_withheld(&w->waker_sys) ? SS_WITHHELD_WAKER : 0);
	r->stack = w->sys.stack;
	r->wstack = w->waker_sys.stack;
	r->kstack = w->sys.kstack;
}

bool ss_wait_says_nothing_more(const struct ss_wait *w)
{
	return (w->reason == SS_R_UNKNOWN || w->reason == SS_R_KWORK) && w->sys.nr < 0 && !w->sys.stack && !w->sys.kstack &&
	       (w->how == SS_WH_UNKNOWN || w->how == SS_WH_UNTRACED || w->how == SS_WH_IRQ ||
		w->how == SS_WH_KTHREAD);
}

/* Who was seen in connect() on a TCP connection. */
static void connect_add(struct ss_model *m, const struct ss_sys *s, uint32_t tid)
{
	const struct ss_syscall_info *si = s->nr >= 0 ? ss_syscall(m->info.machine, s->nr) : NULL;

	if (!si || si->kind != SS_SC_CONNECT || s->chan.kind != SS_CH_TCP || !s->chan.rport)
		return;
	for (size_t i = 0; i < m->nconnects; i++)
		if (m->connects[i].chan == s->chan.id)
			return;
	if (grow(m, (void **)&m->connects, &m->connects_cap, m->nconnects + 1, sizeof(*m->connects), "channels"))
		m->connects[m->nconnects++] = (struct ss_connect){ s->chan.id, tid, s->chan.lport };
}

static void on_wait(void *ctx, const struct ss_wait *w)
{
	struct ss_model *m = ctx;
	struct ss_thread *t = ss_model_thread(m, w->tid);

	if (w->held) {                  /* the recorder's, not the program's */
		if (w->sys.chan.kind != SS_CH_NONE)
			m->held_chan = w->sys.chan.id;
		return;
	}
	connect_add(m, &w->sys, w->tid);
	connect_add(m, &w->waker_sys, w->waker);
	if (ss_wait_says_nothing_more(w))
		return;
	if (!t || !grow(m, (void **)&t->waits, &t->waits_cap, t->nwaits + 1, sizeof(*t->waits), "sleeps"))
		return;
	chan_add(m, &w->sys.chan);
	chan_add(m, &w->waker_sys.chan);
	ss_wait_rec_fill(&t->waits[t->nwaits++], w);
}

/* ---- the sink ---- */

int ss_model_init(struct ss_model *m, const struct ss_trace_info *info)
{
	struct ss_sched_state_ops ops = { .slice = on_slice, .wait = on_wait, .ctx = m };

	memset(m, 0, sizeof(*m));
	m->info = *info;
	m->ncpus = info->ncpus;
	/* the bits a CPU number needs go to the top of a run reference */
	m->ref_idx_bits = 31;
	while (m->ref_idx_bits > 1 && (1ull << (32 - m->ref_idx_bits)) < m->ncpus)
		m->ref_idx_bits--;
	m->start_ns = m->end_ns = info->start_ns;
	m->exit_status = -1;
	ss_tasks_init(&m->tasks);
	ss_stacks_init(&m->stacks);
	pidmap_init(&m->thread_of, sizeof(int32_t), NULL);
	hmap_init(&m->chan_of, sizeof(struct chan_ref));
	m->cpu = calloc(m->ncpus ? m->ncpus : 1, sizeof(*m->cpu));
	m->state = ss_sched_state_new(&m->info, info->start_ns, &m->tasks, &ops);
	if (!m->cpu || !m->state) {
		ss_model_free(m);
		return -ENOMEM;
	}
	return 0;
}

void ss_model_free(struct ss_model *m)
{
	if (m->cpu)
		for (unsigned c = 0; c < m->ncpus; c++) {
			free(m->cpu[c].v);
			free(m->cpu[c].busy);
		}
	for (size_t i = 0; i < m->nthreads; i++) {
		free(m->threads[i].runs);
		free(m->threads[i].marks);
		free(m->threads[i].waits);
		free(m->threads[i].cum);
	}
	free(m->chans);
	free(m->connects);
	hmap_free(&m->chan_of);
	free(m->flows);
	free(m->irq_time);
	free(m->irq_names);
	free(m->steal_ts);
	free(m->steal_cum);
	free(m->cpu);
	free(m->threads);
	pidmap_free(&m->thread_of);
	free(m->marks);
	free(m->markers);
	free(m->losses);
	free(m->probes);
	ss_tasks_free(&m->tasks);
	ss_stacks_free(&m->stacks);
	ss_sched_state_free(m->state);
	memset(m, 0, sizeof(*m));
}

static void on_task(void *ctx, const struct ss_task *t)
{
	struct ss_model *m = ctx;
	struct ss_thread *th;

	if (ss_tasks_add(&m->tasks, t) < 0)
		fail(m, "task names");
	if (!traced(m, t))
		return;
	th = ss_model_thread(m, t->pid);
	/* A new thread unless this is a rename or exec of the one we have. A
	 * forked task with a recycled tid is a new thread. */
	if (!th || (t->origin == SS_TASK_FORKED && th->fork_ns != t->ts_ns))
		thread_new(m, t->pid, t->tgid);
	else
		th->tgid = t->tgid;
}

static void on_maps(void *ctx, const struct ss_maps *mp)
{
	struct ss_model *m = ctx;

	if (ss_stacks_add_maps(&m->stacks, mp))
		m->failed = "stacks";
}

static void on_stack(void *ctx, const struct ss_stack *s)
{
	struct ss_model *m = ctx;

	if (ss_stacks_add(&m->stacks, s))
		m->failed = "stacks";
}

static void on_kstack(void *ctx, const struct ss_kstack *k)
{
	struct ss_model *m = ctx;

	if (ss_stacks_kadd(&m->stacks, k))
		m->failed = "stacks";
}

static void on_probe(void *ctx, const struct ss_probe *p)
{
	struct ss_model *m = ctx;
	size_t cap = m->nprobes;

	if (grow(m, (void **)&m->probes, &cap, m->nprobes + 1, sizeof(*m->probes), "probes"))
		m->probes[m->nprobes++] = *p;
}

/* Appends ev to the marks (and to t's, and to the marker or loss index). */
static void mark(struct ss_model *m, struct ss_thread *t, const struct ss_event *ev)
{
	uint32_t i = (uint32_t)m->nmarks;

	if (!grow(m, (void **)&m->marks, &m->marks_cap, m->nmarks + 1, sizeof(*m->marks), "marks"))
		return;
	m->marks[m->nmarks++] = *ev;
	if (t && grow(m, (void **)&t->marks, &t->marks_cap, t->nmarks + 1, sizeof(*t->marks), "marks"))
		t->marks[t->nmarks++] = i;
	if (ev->kind == SS_MARKER &&
	    grow(m, (void **)&m->markers, &m->markers_cap, m->nmarkers + 1, sizeof(*m->markers), "marks"))
		m->markers[m->nmarkers++] = i;
	if (ev->kind == SS_LOST &&
	    grow(m, (void **)&m->losses, &m->losses_cap, m->nlosses + 1, sizeof(*m->losses), "marks"))
		m->losses[m->nlosses++] = i;
}

static void on_event(void *ctx, const struct ss_event *ev)
{
	struct ss_model *m = ctx;
	struct ss_thread *t;

	m->nevents++;
	m->kind_counts[ev->kind < SS_KIND_MAX ? ev->kind : 0]++;
	if (ev->ts_ns > m->end_ns)
		m->end_ns = ev->ts_ns;
	ss_sched_state_event(m->state, ev);

	switch (ev->kind) {
	case SS_WAKING:
	case SS_WAKEUP_NEW:
		t = ss_model_thread(m, ev->wake.wakee);
		if (t)
			t->st.wakeups++;
		break;
	case SS_FORK:
		t = ss_model_thread(m, ev->fork.child);
		if (t) {
			struct ss_thread *parent = ss_model_thread(m, ev->pid);

			t->fork_ns = ev->ts_ns;
			t->parent = parent ? (int32_t)(parent - m->threads) : -1;
			if (ev->fork.flags & SS_FORK_IS_THREAD)
				t->flags |= SS_THREADF_THREAD;
			mark(m, t, ev);
		}
		break;
	case SS_EXIT:
		t = ss_model_thread(m, ev->pid);
		if (t) {
			t->flags |= SS_THREADF_EXITED;
			t->exit_ns = ev->ts_ns;
			t->exit_code = ev->exit.code;
		}
		mark(m, t, ev);
		break;
	case SS_MIGRATE:
		t = ss_model_thread(m, ev->pid);
		if (t) {
			t->st.migrations++;
			mark(m, t, ev);
		}
		break;
	case SS_EXEC:
		mark(m, ss_model_thread(m, ev->pid), ev);
		break;
	case SS_MARKER:
		mark(m, ss_model_thread(m, ev->pid), ev);
		break;
	case SS_LOST:
		m->cpu[ev->cpu].lost += ev->lost.count;
		mark(m, NULL, ev);
		break;
	default:
		break;
	}
}

/* Starts fetching every cache line of what adding a run touches in t (its
 * fields up to and with its statistics): a thread is not line-aligned, and
 * those fields span three or four lines. */
static void prefetch_thread_hot(const struct ss_thread *t)
{
	const char *p = (const char *)t, *end = (const char *)&t->st + sizeof(t->st) - 1;

	for (; p < end; p += 64)
		__builtin_prefetch(p, 1);
	__builtin_prefetch(end, 1);
}

/* A switch a few events ahead: fetch the state machine's records of both
 * tasks, and the model's thread of the one going out (its run is the one
 * the switch will add), so their cache misses overlap. Four switches later
 * that thread's fields are in cache: then fetch where its next run
 * reference will go. A wakeup ahead: the wakee's thread, whose count of
 * wakeups it adds to. */
static void on_ahead(void *ctx, const struct ss_event *ev)
{
	struct ss_model *m = ctx;
	const int32_t *r;
	int32_t idx = 0, old;

	ss_sched_state_prefetch(m->state, ev);
	if ((ev->kind == SS_WAKING || ev->kind == SS_WAKEUP_NEW) &&
	    (r = pidmap_get(&m->thread_of, ev->wake.wakee)) && *r)
		__builtin_prefetch(&m->threads[*r - 1].st.wakeups, 1);
	if (ev->kind != SS_SWITCH)
		return;
	if (ev->pid && (r = pidmap_get(&m->thread_of, ev->pid)) && *r) {
		prefetch_thread_hot(&m->threads[*r - 1]);
		idx = *r;
	}
	/* by index: the threads array may have moved since */
	old = m->ahead[m->ahead_pos];
	m->ahead[m->ahead_pos] = idx;
	m->ahead_pos = (m->ahead_pos + 1) % SS_AHEAD_STAGES;
	if (old && (size_t)old <= m->nthreads) {
		const struct ss_thread *t = &m->threads[old - 1];

		if (t->nruns < t->runs_cap)
			__builtin_prefetch(&t->runs[t->nruns], 1);
	}
}

void ss_model_sink(struct ss_model *m, struct ss_sink *out)
{
	*out = (struct ss_sink){ .probe = on_probe, .task = on_task, .event = on_event, .ahead = on_ahead,
				 .maps = on_maps, .stack = on_stack, .kstack = on_kstack, .ctx = m };
}

void ss_model_flows(struct ss_model *m, const struct ss_flow *flows, size_t n)
{
	if (!n)
		return;
	m->flows = malloc(n * sizeof(*m->flows));
	if (!m->flows) {
		fail(m, "flows");
		return;
	}
	memcpy(m->flows, flows, n * sizeof(*m->flows));
	m->nflows = n;
	for (size_t i = 0; i < n; i++)
		chan_add(m, &flows[i].chan);
}

void ss_model_irqs(struct ss_model *m, const struct ss_irq_time *times, const struct ss_irq_name *names,
		   size_t nnames)
{
	if (times && m->info.ncpus) {
		m->irq_time = malloc(m->info.ncpus * sizeof(*m->irq_time));
		if (m->irq_time)
			memcpy(m->irq_time, times, m->info.ncpus * sizeof(*m->irq_time));
		else
			fail(m, "interrupt times");
	}
	if (nnames) {
		m->irq_names = malloc(nnames * sizeof(*m->irq_names));
		if (!m->irq_names) {
			fail(m, "interrupt names");
			return;
		}
		memcpy(m->irq_names, names, nnames * sizeof(*m->irq_names));
		m->nirq_names = nnames;
	}
}

void ss_model_steal(struct ss_model *m, const uint64_t *ts, const uint64_t *cum, size_t n)
{
	size_t ncpus = m->info.ncpus;

	if (!n || !ncpus)
		return;
	m->steal_ts = malloc(n * sizeof(*ts));
	m->steal_cum = malloc(n * ncpus * sizeof(*cum));
	if (!m->steal_ts || !m->steal_cum) {
		free(m->steal_ts);
		free(m->steal_cum);
		m->steal_ts = m->steal_cum = NULL;
		fail(m, "the host's steal time");
		return;
	}
	memcpy(m->steal_ts, ts, n * sizeof(*ts));
	memcpy(m->steal_cum, cum, n * ncpus * sizeof(*cum));
	m->nsteal = n;
}

/* Gives back the spare room the arrays grew with: nothing grows any more. */
static void *fit(void *p, size_t n, size_t elem, size_t *cap)
{
	void *q = n ? realloc(p, n * elem) : p;

	if (q && n)
		*cap = n;
	return q ? q : p;
}

static void shrink(struct ss_model *m)
{
	for (unsigned c = 0; c < m->ncpus; c++) {
		struct ss_cpu_lane *l = &m->cpu[c];

		l->v = fit(l->v, l->n, sizeof(*l->v), &l->cap);
		l->busy = fit(l->busy, l->nbusy, sizeof(*l->busy), &l->busy_cap);
	}
	for (size_t i = 0; i < m->nthreads; i++) {
		struct ss_thread *t = &m->threads[i];

		t->runs = fit(t->runs, t->nruns, sizeof(*t->runs), &t->runs_cap);
		t->waits = fit(t->waits, t->nwaits, sizeof(*t->waits), &t->waits_cap);
		t->marks = fit(t->marks, t->nmarks, sizeof(*t->marks), &t->marks_cap);
		t->cum = fit(t->cum, t->ncum, sizeof(*t->cum), &t->cum_cap);
	}
	m->marks = fit(m->marks, m->nmarks, sizeof(*m->marks), &m->marks_cap);
	/* (the threads move, as when one is added: callers hold indices) */
	m->threads = fit(m->threads, m->nthreads, sizeof(*m->threads), &m->threads_cap);
}

void ss_model_finish(struct ss_model *m, uint64_t end_ns, int32_t exit_status)
{
	if (end_ns > m->end_ns)
		m->end_ns = end_ns;
	ss_sched_state_close(m->state, m->end_ns);
	m->finished = true;
	m->exit_status = exit_status;
	if (ss_sched_state_failed(m->state))
		fail(m, "task states");
	shrink(m);
}
