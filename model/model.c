#include "model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracefile/reader.h"
#include "util/vec.h"

/* ---- threads ---- */

static size_t thread_slot(const struct ss_model *m, uint32_t tid)
{
	size_t mask = m->nthread_slots - 1, i = (tid * 2654435761u) & mask;

	while (m->thread_slots[i] >= 0 && m->threads[m->thread_slots[i]].tid != tid)
		i = (i + 1) & mask;
	return i;
}

struct ss_thread *ss_model_thread(const struct ss_model *m, uint32_t tid)
{
	int32_t i;

	if (!m->nthread_slots)
		return NULL;
	i = m->thread_slots[thread_slot(m, tid)];
	return i < 0 ? NULL : &m->threads[i];
}

static int rehash(struct ss_model *m)
{
	size_t n = m->nthread_slots ? m->nthread_slots * 2 : 256;
	int32_t *s = malloc(n * sizeof(*s));

	if (!s)
		return -1;
	free(m->thread_slots);
	m->thread_slots = s;
	m->nthread_slots = n;
	for (size_t i = 0; i < n; i++)
		s[i] = -1;
	/* A recycled tid maps to its newest thread: insert in order. */
	for (size_t i = 0; i < m->nthreads; i++)
		m->thread_slots[thread_slot(m, m->threads[i].tid)] = (int32_t)i;
	return 0;
}

static struct ss_thread *thread_new(struct ss_model *m, uint32_t tid, uint32_t tgid)
{
	struct ss_thread *t;

	if (!vec_grow((void **)&m->threads, &m->threads_cap, m->nthreads + 1, sizeof(*m->threads)))
		return NULL;
	if ((m->nthreads + 1) * 2 > m->nthread_slots && rehash(m))
		return NULL;
	t = &m->threads[m->nthreads];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->tgid = tgid;
	t->parent = -1;
	t->flags = SS_THREADF_IN_TREE;
	m->thread_slots[thread_slot(m, tid)] = (int32_t)m->nthreads++;
	return t;
}

static bool traced(const struct ss_model *m, const struct ss_task *t)
{
	return t->pid != 0 && ((t->flags & SS_TASKF_IN_TREE) || (m->info.flags & SS_TF_ALL));
}

/* ---- building ---- */

static void add_run(struct ss_model *m, struct ss_thread *t, const struct ss_slice *s, uint32_t idx)
{
	struct ss_thread_stats *st = &t->st;

	if (t->nruns) {
		const struct ss_slice *prev = ss_model_run(m, t, t->nruns - 1);
		unsigned sleep = ss_state_from_index(prev->end_state);

		if (sleep != SS_ST_RUNNING && sleep != SS_ST_PREEMPTED && s->ready_ns > prev->end_ns)
			st->blocked_ns += s->ready_ns - prev->end_ns;
	}
	if (!vec_grow((void **)&t->runs, &t->runs_cap, t->nruns + 1, sizeof(*t->runs)))
		return;
	t->runs[t->nruns++] = (struct ss_run_ref){ idx, s->cpu, 0 };
	st->runs++;
	st->run_ns += s->end_ns - s->start_ns;
	if (s->ready != SS_READY_UNKNOWN && s->ready_ns && s->ready_ns <= s->start_ns) {
		uint64_t w = s->start_ns - s->ready_ns;

		st->wait_ns += w;
		if (w > st->wait_max_ns)
			st->wait_max_ns = w;
	}
	if (s->flags & SS_SLICE_TO_END)
		return;
	switch (ss_state_from_index(s->end_state)) {
	case SS_ST_PREEMPTED:
	case SS_ST_RUNNING:
		st->invol_switches++;
		break;
	case SS_ST_S:
	case SS_ST_D:
	case SS_ST_I:
		st->vol_switches++;
		break;
	default:
		break;
	}
}

static void on_slice(void *ctx, const struct ss_slice *s)
{
	struct ss_model *m = ctx;
	struct ss_cpu_lane *l = &m->cpu[s->cpu];
	struct ss_thread *t;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		struct ss_slice *v = realloc(l->v, cap * sizeof(*v));
		uint64_t *busy = v ? realloc(l->busy, (cap + 1) * sizeof(*busy)) : NULL;

		if (v)
			l->v = v;
		if (!busy)
			return;
		l->busy = busy;
		l->cap = cap;
		if (l->n == 0)
			l->busy[0] = 0;
	}
	l->v[l->n] = *s;
	l->busy[l->n + 1] = l->busy[l->n] + (s->end_ns - s->start_ns);
	t = ss_model_thread(m, s->tid);
	if (t)
		add_run(m, t, s, (uint32_t)l->n);
	l->n++;
}

/* ---- channels ---- */

static size_t chan_slot(const struct ss_model *m, uint64_t id)
{
	size_t mask = m->nchan_slots - 1, i = (size_t)(id * 0x9e3779b97f4a7c15ull >> 20) & mask;

	while (m->chan_slots[i] >= 0 && m->chans[m->chan_slots[i]].id != id)
		i = (i + 1) & mask;
	return i;
}

const struct ss_chan *ss_model_chan(const struct ss_model *m, uint64_t id)
{
	int32_t i;

	if (!id || !m->nchan_slots)
		return NULL;
	i = m->chan_slots[chan_slot(m, id)];
	return i < 0 ? NULL : &m->chans[i];
}

static void chan_add(struct ss_model *m, const struct ss_chan *c)
{
	if (c->kind == SS_CH_NONE || ss_model_chan(m, c->id))
		return;
	if ((m->nchans + 1) * 2 > m->nchan_slots) {
		size_t n = m->nchan_slots ? m->nchan_slots * 2 : 64;
		int32_t *s = malloc(n * sizeof(*s));

		if (!s)
			return;
		free(m->chan_slots);
		m->chan_slots = s;
		m->nchan_slots = n;
		for (size_t i = 0; i < n; i++)
			s[i] = -1;
		for (size_t i = 0; i < m->nchans; i++)
			m->chan_slots[chan_slot(m, m->chans[i].id)] = (int32_t)i;
	}
	if (!vec_grow((void **)&m->chans, &m->chans_cap, m->nchans + 1, sizeof(*m->chans)))
		return;
	m->chans[m->nchans] = *c;
	m->chan_slots[chan_slot(m, c->id)] = (int32_t)m->nchans++;
}

static void on_wait(void *ctx, const struct ss_wait *w)
{
	struct ss_model *m = ctx;
	struct ss_thread *t = ss_model_thread(m, w->tid);
	struct ss_wait_rec *r;

	/* A sleep with no syscall and no known cause says nothing the runs do
	 * not (their end state, ready time and waker): keep no record of it. */
	if (w->reason == SS_R_UNKNOWN && w->sys.nr < 0 &&
	    (w->how == SS_WH_UNKNOWN || w->how == SS_WH_UNTRACED || w->how == SS_WH_IRQ))
		return;
	if (!t || !vec_grow((void **)&t->waits, &t->waits_cap, t->nwaits + 1, sizeof(*t->waits)))
		return;
	chan_add(m, &w->sys.chan);
	chan_add(m, &w->waker_sys.chan);
	r = &t->waits[t->nwaits++];
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
}

int ss_model_init(struct ss_model *m, const struct ss_trace_info *info)
{
	struct ss_sched_state_ops ops = { .slice = on_slice, .wait = on_wait, .ctx = m };

	memset(m, 0, sizeof(*m));
	m->info = *info;
	m->ncpus = info->ncpus;
	m->start_ns = m->end_ns = info->start_ns;
	m->exit_status = -1;
	ss_tasks_init(&m->tasks);
	m->cpu = calloc(m->ncpus, sizeof(*m->cpu));
	m->state = ss_sched_state_new(m->ncpus, info->start_ns, m->info.machine, &ops);
	if (!m->cpu || !m->state || rehash(m)) {
		ss_model_free(m);
		return -1;
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
	}
	free(m->chans);
	free(m->chan_slots);
	free(m->flows);
	free(m->cpu);
	free(m->threads);
	free(m->thread_slots);
	free(m->marks);
	free(m->probes);
	ss_tasks_free(&m->tasks);
	ss_sched_state_free(m->state);
	memset(m, 0, sizeof(*m));
}

void ss_model_task(struct ss_model *m, const struct ss_task *t)
{
	struct ss_thread *th;

	ss_tasks_add(&m->tasks, t);
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

void ss_model_probe(struct ss_model *m, const struct ss_probe *p)
{
	struct ss_probe *v = realloc(m->probes, (m->nprobes + 1) * sizeof(*v));

	if (v) {
		m->probes = v;
		m->probes[m->nprobes++] = *p;
	}
}

static void mark(struct ss_model *m, struct ss_thread *t, const struct ss_event *ev)
{
	if (!vec_grow((void **)&m->marks, &m->marks_cap, m->nmarks + 1, sizeof(*m->marks)))
		return;
	m->marks[m->nmarks] = *ev;
	if (t && vec_grow((void **)&t->marks, &t->marks_cap, t->nmarks + 1, sizeof(*t->marks)))
		t->marks[t->nmarks++] = (uint32_t)m->nmarks;
	m->nmarks++;
}

void ss_model_event(struct ss_model *m, const struct ss_event *ev)
{
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
		size_t cap = l->cap;

		if (!l->n)
			continue;
		l->v = fit(l->v, l->n, sizeof(*l->v), &cap);
		l->busy = fit(l->busy, l->n + 1, sizeof(*l->busy), &(size_t){ 0 });
		l->cap = cap;
	}
	for (size_t i = 0; i < m->nthreads; i++) {
		struct ss_thread *t = &m->threads[i];

		t->runs = fit(t->runs, t->nruns, sizeof(*t->runs), &t->runs_cap);
		t->waits = fit(t->waits, t->nwaits, sizeof(*t->waits), &t->waits_cap);
		t->marks = fit(t->marks, t->nmarks, sizeof(*t->marks), &t->marks_cap);
	}
	m->marks = fit(m->marks, m->nmarks, sizeof(*m->marks), &m->marks_cap);
}

void ss_model_finish(struct ss_model *m, uint64_t end_ns, int32_t exit_status)
{
	if (end_ns > m->end_ns)
		m->end_ns = end_ns;
	ss_sched_state_close(m->state, m->end_ns);
	m->finished = true;
	m->exit_status = exit_status;
	shrink(m);
}

static const struct ss_tasks *task_order_table;

/* By time, then by position in the table (qsort is not stable). */
static int by_task_time(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	uint64_t tx = task_order_table->v[x].ts_ns, ty = task_order_table->v[y].ts_ns;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x < y ? -1 : x > y;
}

int ss_model_load(struct ss_model *m, const char *path, unsigned reader_flags,
		  char *err, size_t errlen)
{
	struct ss_reader *r = ss_reader_open(path, reader_flags, err, errlen);
	struct ss_iter *it;
	struct ss_event ev;
	size_t *order, next_task = 0;
	int rc;

	if (!r)
		return -1;
	if (ss_model_init(m, &r->info)) {
		snprintf(err, errlen, "out of memory");
		ss_reader_close(r);
		return -1;
	}
	for (size_t i = 0; i < r->nprobes; i++)
		ss_model_probe(m, &r->probes[i]);
	order = malloc((r->tasks.n ? r->tasks.n : 1) * sizeof(*order));
	it = ss_iter_new(r);
	if (!it || !order) {
		snprintf(err, errlen, "out of memory");
		ss_iter_free(it);
		free(order);
		ss_reader_close(r);
		return -1;
	}
	/* Each task version joins when its time comes, as it did live: a recycled
	 * tid then starts a new thread at its fork, not at the start. */
	for (size_t i = 0; i < r->tasks.n; i++)
		order[i] = i;
	task_order_table = &r->tasks;
	qsort(order, r->tasks.n, sizeof(*order), by_task_time);
	while ((rc = ss_iter_next(it, &ev)) == 1) {
		while (next_task < r->tasks.n && r->tasks.v[order[next_task]].ts_ns <= ev.ts_ns)
			ss_model_task(m, &r->tasks.v[order[next_task++]]);
		ss_model_event(m, &ev);
	}
	while (next_task < r->tasks.n)
		ss_model_task(m, &r->tasks.v[order[next_task++]]);
	free(order);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path, ss_iter_error(it));
	ss_iter_free(it);
	m->complete = r->complete;
	if (r->nflows && (m->flows = malloc(r->nflows * sizeof(*m->flows)))) {
		memcpy(m->flows, r->flows, r->nflows * sizeof(*m->flows));
		m->nflows = r->nflows;
		for (size_t i = 0; i < r->nflows; i++)
			chan_add(m, &r->flows[i].chan);
	}
	ss_model_finish(m, r->end ? r->end->stop_ns : m->end_ns, r->end ? r->end->exit_status : -1);
	ss_reader_close(r);
	return rc < 0 ? -1 : 0;
}

/* ---- queries ---- */

long ss_model_cpu_find(const struct ss_model *m, unsigned cpu, uint64_t ts)
{
	const struct ss_cpu_lane *l = &m->cpu[cpu];
	size_t lo = 0, hi = l->n;

	while (lo < hi) {           /* first run starting after ts */
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].start_ns <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

const struct ss_slice *ss_model_cpu_running(const struct ss_model *m, unsigned cpu)
{
	return m->finished ? NULL : ss_sched_state_running(m->state, cpu);
}

static uint64_t overlap(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	uint64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;

	return hi > lo ? hi - lo : 0;
}

uint64_t ss_model_cpu_busy(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1)
{
	const struct ss_cpu_lane *l = &m->cpu[cpu];
	const struct ss_slice *open = ss_model_cpu_running(m, cpu);
	uint64_t sum = 0;
	long a, b;

	if (t1 <= t0)
		return 0;
	if (l->n) {
		a = ss_model_cpu_find(m, cpu, t0);     /* may overlap t0 */
		b = ss_model_cpu_find(m, cpu, t1 - 1); /* last one starting inside */
		if (a < 0)
			a = 0;
		if (b >= a) {
			sum = l->busy[b + 1] - l->busy[a];
			/* trim the edges */
			sum -= (l->v[a].end_ns - l->v[a].start_ns) - overlap(l->v[a].start_ns, l->v[a].end_ns, t0, t1);
			if (b != a)
				sum -= (l->v[b].end_ns - l->v[b].start_ns) - overlap(l->v[b].start_ns, l->v[b].end_ns, t0, t1);
		}
	}
	if (open)
		sum += overlap(open->start_ns, m->end_ns > open->start_ns ? m->end_ns : open->start_ns, t0, t1);
	return sum;
}

long ss_model_thread_find(const struct ss_model *m, const struct ss_thread *t, uint64_t ts)
{
	size_t lo = 0, hi = t->nruns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ss_model_run(m, t, mid)->start_ns <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/* The open run of t, if it is on a CPU right now. */
static const struct ss_slice *open_run(const struct ss_model *m, const struct ss_thread *t)
{
	for (unsigned c = 0; c < m->ncpus; c++) {
		const struct ss_slice *s = ss_model_cpu_running(m, c);

		if (s && s->tid == t->tid)
			return s;
	}
	return NULL;
}

/* The gap between two runs (next may be NULL: up to now). */
static void in_gap(const struct ss_model *m, const struct ss_thread *t, const struct ss_slice *prev,
		   const struct ss_slice *next, uint64_t ts, struct ss_tstate_info *o)
{
	unsigned how = ss_state_from_index(prev->end_state);
	uint64_t gap_end = next ? next->start_ns : m->end_ns;

	o->from_ns = prev->end_ns;
	o->to_ns = gap_end;
	if (how == SS_ST_Z || how == SS_ST_X || (t->flags & SS_THREADF_EXITED && !next && ts >= t->exit_ns)) {
		o->state = SS_T_EXITED;
		o->to_ns = UINT64_MAX;
		return;
	}
	if (how == SS_ST_RUNNING || how == SS_ST_PREEMPTED || (prev->flags & SS_SLICE_TO_END)) {
		o->state = SS_T_RUNNABLE;
		o->cpu = next ? next->cpu : prev->cpu;
		return;
	}
	if (next && next->ready != SS_READY_UNKNOWN && next->ready_ns >= prev->end_ns &&
	    next->ready_ns <= next->start_ns) {
		if (ts >= next->ready_ns) {
			o->state = SS_T_RUNNABLE;
			o->from_ns = next->ready_ns;
			o->cpu = next->cpu;
			return;
		}
		o->to_ns = next->ready_ns;
	}
	o->state = SS_T_BLOCKED;
	o->sleep_state = prev->end_state;
}

void ss_model_thread_state(const struct ss_model *m, const struct ss_thread *t, uint64_t ts,
			   struct ss_tstate_info *o)
{
	const struct ss_slice *open = open_run(m, t);
	long i = ss_model_thread_find(m, t, ts);

	memset(o, 0, sizeof(*o));
	o->cpu = -1;
	o->run = i;
	if (open && ts >= open->start_ns) {
		if (i < 0 || ss_model_run(m, t, (size_t)i)->end_ns <= open->start_ns) {
			o->state = SS_T_RUNNING;
			o->from_ns = open->start_ns;
			o->to_ns = m->end_ns;
			o->cpu = open->cpu;
			return;
		}
	}
	if (i < 0) {
		const struct ss_slice *first = t->nruns ? ss_model_run(m, t, 0) : open;

		o->from_ns = m->start_ns;
		o->to_ns = first ? first->start_ns : m->end_ns;
		if (t->fork_ns && ts < t->fork_ns) {
			o->state = SS_T_UNBORN;
			o->to_ns = t->fork_ns;
		} else if (first && first->ready != SS_READY_UNKNOWN && first->ready_ns <= ts) {
			o->state = SS_T_RUNNABLE;
			o->from_ns = first->ready_ns;
			o->cpu = first->cpu;
		} else if (t->fork_ns) {
			o->state = SS_T_RUNNABLE;      /* forked, not yet run */
			o->from_ns = t->fork_ns;
		} else {
			o->state = SS_T_UNKNOWN;
		}
		return;
	}
	const struct ss_slice *s = ss_model_run(m, t, (size_t)i);
	if (ts < s->end_ns) {
		o->state = SS_T_RUNNING;
		o->from_ns = s->start_ns;
		o->to_ns = s->end_ns;
		o->cpu = s->cpu;
		return;
	}
	in_gap(m, t, s, (size_t)i + 1 < t->nruns ? ss_model_run(m, t, (size_t)i + 1) : open, ts, o);
}

const struct ss_probe *ss_model_probe_by_id(const struct ss_model *m, uint32_t id)
{
	for (size_t i = 0; i < m->nprobes; i++)
		if (m->probes[i].id == id)
			return &m->probes[i];
	return NULL;
}

long ss_model_wait_find(const struct ss_model *m, const struct ss_thread *t, uint64_t ts)
{
	size_t lo = 0, hi = t->nwaits;

	(void)m;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->waits[mid].block_ns <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

const struct ss_wait_rec *ss_model_wait_before_run(const struct ss_model *m,
						   const struct ss_thread *t, size_t run)
{
	const struct ss_slice *s = ss_model_run(m, t, run);
	long i = ss_model_wait_find(m, t, s->start_ns);

	return i >= 0 && t->waits[i].run_ns == s->start_ns ? &t->waits[i] : NULL;
}
