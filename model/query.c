/*
 * Questions the views ask of the model: what ran on a CPU or a thread in a
 * span of time, what a thread was doing at a moment, which sleep or marker is
 * nearest. Each is a binary search plus at most SS_INDEX_BLOCK steps from the
 * nearest prefix sum, and none depends on the number of CPUs or threads.
 * Every answer about waiting goes through the gap rule (states.c).
 */
#include "model/model.h"

/* ---- CPUs ---- */

/* The first run in (lo, hi) starting after ts, else hi, by halving. */
static long cpu_first_after(const struct ss_cpu_lane *l, uint64_t ts, long lo, long hi)
{
	size_t a = (size_t)(lo + 1), b = (size_t)hi;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (l->v[mid].start_ns <= ts)
			a = mid + 1;
		else
			b = mid;
	}
	return (long)a;
}

long ss_model_cpu_find(const struct ss_model *m, unsigned cpu, uint64_t ts)
{
	return cpu_first_after(&m->cpu[cpu], ts, -1, (long)m->cpu[cpu].n) - 1;
}

/* A search over the whole lane puts its last dozen probes on as many cache
 * lines and pages, far apart: a frame of 36 lanes x 120 cells touches more
 * of them than the caches and the TLB hold, so each one misses. Galloping
 * out from where the lane's mean rate puts ts reads a few neighbouring lines
 * instead (about 27 runs off on gen_trace's 64 CPUs), and at worst about
 * twice the probes of a plain search. */
long ss_model_cpu_find_after(const struct ss_model *m, unsigned cpu, uint64_t ts, long lo)
{
	const struct ss_cpu_lane *l = &m->cpu[cpu];
	long n = (long)l->n, hi, g = lo + 1, step = 1;
	uint64_t span;

	if (lo < 0 || lo >= n || l->v[lo].start_ns > ts)
		return ss_model_cpu_find(m, cpu, ts);
	span = l->v[n - 1].start_ns - l->v[0].start_ns;
	if (span && ts > l->v[lo].start_ns) {
		double ahead = (double)(ts - l->v[lo].start_ns) / (double)span * (double)n;

		g = ahead < (double)(n - lo) ? lo + 1 + (long)ahead : n;
	}
	if (g >= n)
		g = n - 1;
	if (l->v[g].start_ns <= ts) {       /* at or before ts: out to the right */
		lo = g;
		while (lo + step < n && l->v[lo + step].start_ns <= ts) {
			lo += step;
			step *= 2;
		}
		hi = lo + step < n ? lo + step : n;
	} else {                            /* after ts: out to the left, down to lo */
		hi = g;
		while (hi - step > lo && l->v[hi - step].start_ns > ts) {
			hi -= step;
			step *= 2;
		}
		if (hi - step > lo)
			lo = hi - step;
	}
	return cpu_first_after(l, ts, lo, hi) - 1;
}

const struct ss_slice *ss_model_cpu_running(const struct ss_model *m, unsigned cpu)
{
	return m->finished ? NULL : ss_sched_state_running(m->state, cpu);
}

const struct ss_slice *ss_model_thread_running(const struct ss_model *m, const struct ss_thread *t)
{
	return m->finished ? NULL : ss_sched_state_task_running(m->state, t->tid);
}

/* ns run by the lane's runs [0, i): from the nearer prefix sum, the one
 * before i or the one after it, so at most SS_INDEX_BLOCK / 2 runs are read
 * (a CPU cell asks it at both ends, and each run read may be a cache miss). */
static uint64_t cpu_prefix(const struct ss_cpu_lane *l, size_t i)
{
	size_t k = i / SS_INDEX_BLOCK;
	uint64_t sum;

	if (k + 1 < l->nbusy && i - k * SS_INDEX_BLOCK > SS_INDEX_BLOCK / 2) {
		sum = l->busy[k + 1];
		for (size_t j = i; j < (k + 1) * SS_INDEX_BLOCK; j++)
			sum -= l->v[j].end_ns - l->v[j].start_ns;
		return sum;
	}
	if (k >= l->nbusy)           /* an index that could not grow */
		k = l->nbusy ? l->nbusy - 1 : 0;
	sum = l->nbusy ? l->busy[k] : 0;
	for (size_t j = k * SS_INDEX_BLOCK; j < i; j++)
		sum += l->v[j].end_ns - l->v[j].start_ns;
	return sum;
}

uint64_t ss_model_cpu_busy_in(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1, long a, long b)
{
	const struct ss_cpu_lane *l = &m->cpu[cpu];
	const struct ss_slice *open = ss_model_cpu_running(m, cpu);
	uint64_t sum = 0;

	if (t1 <= t0)
		return 0;
	if (a < 0)
		a = 0;
	if (l->n && b >= a) {
		const struct ss_slice *x = &l->v[a], *y = &l->v[b];

		sum = cpu_prefix(l, (size_t)b + 1) - cpu_prefix(l, (size_t)a);
		/* trim the edges */
		sum -= (x->end_ns - x->start_ns) - ss_overlap_ns(x->start_ns, x->end_ns, t0, t1);
		if (b != a)
			sum -= (y->end_ns - y->start_ns) - ss_overlap_ns(y->start_ns, y->end_ns, t0, t1);
	}
	if (open)
		sum += ss_overlap_ns(open->start_ns, m->end_ns > open->start_ns ? m->end_ns : open->start_ns,
				     t0, t1);
	return sum;
}

uint64_t ss_model_cpu_busy(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1)
{
	if (t1 <= t0)
		return 0;
	/* the run that may overlap t0, and the last one starting inside */
	return ss_model_cpu_busy_in(m, cpu, t0, t1, ss_model_cpu_find(m, cpu, t0), ss_model_cpu_find(m, cpu, t1 - 1));
}

/* ---- threads ---- */

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

void ss_model_run_gap(const struct ss_model *m, const struct ss_thread *t, size_t i, struct ss_gap *g)
{
	const struct ss_slice *prev = i ? ss_model_run(m, t, i - 1) : NULL;
	const struct ss_slice *next = i < t->nruns ? ss_model_run(m, t, i) : ss_model_thread_running(m, t);

	ss_gap_between(prev, next, m->end_ns, g);
}

/* Sums over runs [0, i): from the nearest prefix sum, then run by run. */
static struct ss_time_sum thread_prefix(const struct ss_model *m, const struct ss_thread *t, size_t i)
{
	struct ss_time_sum sum = { 0, 0 };
	size_t k = i / SS_INDEX_BLOCK;

	if (k >= t->ncum)             /* an index that could not grow */
		k = t->ncum ? t->ncum - 1 : 0;
	if (t->ncum)
		sum = t->cum[k];
	for (size_t j = k * SS_INDEX_BLOCK; j < i; j++) {
		const struct ss_slice *s = ss_model_run(m, t, j);
		struct ss_gap g;

		ss_model_run_gap(m, t, j, &g);
		sum.run_ns += s->end_ns - s->start_ns;
		sum.wait_ns += ss_gap_runnable_ns(&g);
	}
	return sum;
}

/* The part of run j's runnable wait that lies outside [a, b). */
static uint64_t wait_outside(const struct ss_model *m, const struct ss_thread *t, size_t j,
			     uint64_t a, uint64_t b)
{
	struct ss_gap g;

	ss_model_run_gap(m, t, j, &g);
	return ss_gap_runnable_ns(&g) - ss_overlap_ns(g.ready_ns, g.to_ns, a, b);
}

void ss_model_thread_time(const struct ss_model *m, const struct ss_thread *t, uint64_t a, uint64_t b,
			  uint64_t *run_ns, uint64_t *wait_ns)
{
	long i0, i1;
	size_t lo, hi;

	*run_ns = *wait_ns = 0;
	if (b <= a || !t->nruns)
		return;
	i0 = ss_model_thread_find(m, t, a);       /* may overlap a */
	i1 = ss_model_thread_find(m, t, b - 1);   /* the last one starting inside */
	if (i1 >= 0) {
		const struct ss_slice *s;

		/* runs lo..hi overlap [a, b), except maybe lo: trim both ends */
		lo = i0 < 0 ? 0 : (size_t)i0;
		hi = (size_t)i1;
		*run_ns = thread_prefix(m, t, hi + 1).run_ns - thread_prefix(m, t, lo).run_ns;
		s = ss_model_run(m, t, lo);
		*run_ns -= (s->end_ns - s->start_ns) - ss_overlap_ns(s->start_ns, s->end_ns, a, b);
		if (hi != lo) {
			s = ss_model_run(m, t, hi);
			*run_ns -= (s->end_ns - s->start_ns) - ss_overlap_ns(s->start_ns, s->end_ns, a, b);
		}
	}
	/* A wait ends where its run starts. Runs i0+1..i1 start inside (a, b):
	 * their waits lie inside, except the first one's may begin before a.
	 * Run i1+1 starts at or after b: its wait may reach in from the right. */
	lo = (size_t)(i0 + 1);
	hi = (size_t)(i1 + 1) < t->nruns ? (size_t)(i1 + 1) : t->nruns - 1;
	if (lo > hi)
		return;
	*wait_ns = thread_prefix(m, t, hi + 1).wait_ns - thread_prefix(m, t, lo).wait_ns;
	*wait_ns -= wait_outside(m, t, lo, a, b);
	if (hi != lo)
		*wait_ns -= wait_outside(m, t, hi, a, b);
}

/* The state at ts inside the gap g (which contains ts). */
static void in_gap(const struct ss_thread *t, const struct ss_gap *g, const struct ss_slice *prev,
		   const struct ss_slice *next, uint64_t ts, struct ss_tstate_info *o)
{
	o->from_ns = g->from_ns;
	o->to_ns = g->to_ns;
	if (g->kind == SS_GAP_GONE || (t->flags & SS_THREADF_EXITED && !next && ts >= t->exit_ns)) {
		o->state = SS_T_EXITED;
		o->to_ns = UINT64_MAX;
		return;
	}
	if (g->kind == SS_GAP_RUNNABLE || ((g->kind == SS_GAP_SLEPT || g->kind == SS_GAP_HELD) &&
					   ts >= g->ready_ns && g->woken)) {
		o->state = SS_T_RUNNABLE;
		o->from_ns = g->ready_ns;
		o->cpu = next ? next->cpu : prev->cpu;   /* the CPU it waits for */
		return;
	}
	if (g->kind == SS_GAP_SLEPT || g->kind == SS_GAP_HELD) {
		o->state = g->kind == SS_GAP_HELD ? SS_T_HELD : SS_T_BLOCKED;
		o->to_ns = g->ready_ns;
		o->sleep_state = g->sleep_state;
		return;
	}
	o->state = SS_T_UNKNOWN;
}

void ss_model_thread_state(const struct ss_model *m, const struct ss_thread *t, uint64_t ts,
			   struct ss_tstate_info *o)
{
	const struct ss_slice *open = ss_model_thread_running(m, t), *s, *next;
	long i = ss_model_thread_find(m, t, ts);
	struct ss_gap g;

	*o = (struct ss_tstate_info){ .cpu = -1, .run = i };
	if (open && ts >= open->start_ns &&
	    (i < 0 || ss_model_run(m, t, (size_t)i)->end_ns <= open->start_ns)) {
		o->state = SS_T_RUNNING;
		o->from_ns = open->start_ns;
		o->to_ns = m->end_ns;
		o->cpu = open->cpu;
		return;
	}
	if (i >= 0 && ts < (s = ss_model_run(m, t, (size_t)i))->end_ns) {
		o->state = SS_T_RUNNING;
		o->from_ns = s->start_ns;
		o->to_ns = s->end_ns;
		o->cpu = s->cpu;
		return;
	}
	next = (size_t)(i + 1) < t->nruns ? ss_model_run(m, t, (size_t)(i + 1)) : open;
	ss_model_run_gap(m, t, (size_t)(i + 1), &g);
	if (i >= 0) {
		in_gap(t, &g, ss_model_run(m, t, (size_t)i), next, ts, o);
		return;
	}
	/* before its first run */
	o->from_ns = m->start_ns;
	o->to_ns = next ? next->start_ns : m->end_ns;
	if (t->fork_ns && ts < t->fork_ns) {
		o->state = SS_T_UNBORN;
		o->to_ns = t->fork_ns;
	} else if (g.kind == SS_GAP_RUNNABLE && ts >= g.ready_ns) {
		o->state = SS_T_RUNNABLE;
		o->from_ns = g.ready_ns;
		o->cpu = next->cpu;
	} else if (t->fork_ns) {
		o->state = SS_T_RUNNABLE;      /* forked, not yet run */
		o->from_ns = t->fork_ns;
	} else {
		o->state = SS_T_UNKNOWN;
	}
}

/* ---- sleeps, probes, marks ---- */

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

/* First of the sorted mark indices v[0..n) whose mark is at or after ts. */
static size_t marks_lower(const uint32_t *v, size_t n, const struct ss_model *m, uint64_t ts)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->marks[v[mid]].ts_ns < ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ss_model_marker_lower(const struct ss_model *m, uint64_t ts)
{
	return marks_lower(m->markers, m->nmarkers, m, ts);
}

size_t ss_model_loss_lower(const struct ss_model *m, uint64_t ts)
{
	return marks_lower(m->losses, m->nlosses, m, ts);
}

size_t ss_model_thread_mark_lower(const struct ss_model *m, const struct ss_thread *t, uint64_t ts)
{
	return marks_lower(t->marks, t->nmarks, m, ts);
}

/* ---- tasks, flows, connections ---- */

uint64_t ss_model_thread_gone_ns(const struct ss_model *m, const struct ss_thread *t)
{
	uint64_t end;

	if (!(t->flags & SS_THREADF_EXITED))
		return UINT64_MAX;
	if (ss_model_thread_running(m, t) || !t->nruns)
		return t->exit_ns;
	end = ss_model_run(m, t, t->nruns - 1)->end_ns;
	return end > t->exit_ns ? end : t->exit_ns;
}

bool ss_model_is_kthread(const struct ss_model *m, uint32_t tid, uint64_t ts)
{
	return tid && ss_tasks_kthread_at(&m->tasks, tid, ts);
}

bool ss_model_flow_is_recorders(const struct ss_model *m, const struct ss_flow *f)
{
	return ss_flow_is_recorders(m->flows, m->nflows, &m->info, m->held_chan, f);
}

bool ss_model_connect_seen(const struct ss_model *m, uint64_t chan)
{
	for (size_t i = 0; i < m->nconnects; i++)
		if (m->connects[i].chan == chan)
			return true;
	return false;
}

/* How many TCP connections of the trace have addr:port as one end. */
static unsigned port_uses(const struct ss_model *m, uint32_t addr, uint16_t port)
{
	unsigned n = 0;

	for (size_t i = 0; i < m->nchans; i++) {
		const struct ss_chan *c = &m->chans[i];

		if (c->kind == SS_CH_TCP && c->rport &&
		    ((c->lport == port && c->laddr == addr) || (c->rport == port && c->raddr == addr)))
			n++;
	}
	return n;
}

bool ss_model_connector(const struct ss_model *m, uint64_t chan, uint32_t *tid, uint16_t *port)
{
	const struct ss_chan *c = ss_model_chan(m, chan);
	unsigned l, r;

	for (size_t i = 0; i < m->nconnects; i++)
		if (m->connects[i].chan == chan) {
			*tid = m->connects[i].tid;
			*port = m->connects[i].port;
			return true;
		}
	if (!c || c->kind != SS_CH_TCP || !c->rport)
		return false;
	/* No connect() seen: an end that several connections share is a
	 * listening port, so the other end connected to it. */
	l = port_uses(m, c->laddr, c->lport);
	r = port_uses(m, c->raddr, c->rport);
	if ((l > 1) == (r > 1))
		return false;
	*port = l > 1 ? c->rport : c->lport;
	*tid = 0;
	for (size_t i = 0; i < m->nflows; i++)
		if (m->flows[i].chan.id == chan && m->flows[i].chan.lport == *port)
			*tid = m->flows[i].tid;
	return true;
}

/* ---- the sleeps as the views tell them ---- */

bool ss_model_thread_asleep(const struct ss_model *m, const struct ss_thread *t, struct ss_wait_rec *out)
{
	struct ss_wait w;

	if (m->finished || !ss_sched_state_asleep(m->state, t->tid, &w) || w.held || ss_wait_says_nothing_more(&w))
		return false;
	ss_wait_rec_fill(out, &w);
	return true;
}

const struct ss_wait_rec *ss_model_sleep_before_run(const struct ss_model *m, const struct ss_thread *t,
						    size_t i, const struct ss_gap *g, struct ss_wait_rec *tmp)
{
	const struct ss_wait_rec *w = i < t->nruns ? ss_model_wait_before_run(m, t, i) : NULL;
	const struct ss_slice *next = i < t->nruns ? ss_model_run(m, t, i) : ss_model_thread_running(m, t);
	struct ss_wait s = { .tid = t->tid, .block_ns = g->from_ns, .run_ns = g->to_ns, .cpu = next ? next->cpu : 0,
			     .sleep_state = g->sleep_state, .sys.nr = -1, .sys.fd = -1, .waker_sys.nr = -1,
			     .waker_sys.fd = -1, .reason = SS_R_UNKNOWN };

	if (w)
		return w;
	if (g->woken && next) {
		s.ready_ns = g->ready_ns;
		s.waker = next->waker;
		s.how = next->waker ? SS_WH_UNTRACED : SS_WH_IRQ;
	}
	ss_wait_settle(&s, &m->tasks);
	ss_wait_rec_fill(tmp, &s);
	return tmp;
}

bool ss_model_sleep_told(const struct ss_model *m, const struct ss_thread *t, size_t i, struct ss_wait_rec *out)
{
	struct ss_gap g;

	if (i >= t->nruns)
		return false;
	ss_model_run_gap(m, t, i, &g);
	if (g.kind != SS_GAP_SLEPT || !ss_state_asleep(g.sleep_state))
		return false;
	*out = *ss_model_sleep_before_run(m, t, i, &g, out);
	return true;
}

/* Index of t's first sleep record whose run came after ts (run_ns grows
 * with the records: each is made when its run begins, in time order). */
static size_t wait_ran_after(const struct ss_thread *t, uint64_t ts)
{
	size_t lo = 0, hi = t->nwaits;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->waits[mid].run_ns <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ss_model_sleeps_before_run(const struct ss_model *m, const struct ss_thread *t, size_t i,
				  struct ss_wait_rec *tmp, const struct ss_wait_rec **out)
{
	size_t a, b;

	*out = NULL;
	if (i >= t->nruns)
		return 0;
	a = i ? wait_ran_after(t, ss_model_run(m, t, i - 1)->start_ns) : 0;
	b = wait_ran_after(t, ss_model_run(m, t, i)->start_ns);
	if (b > a) {
		*out = &t->waits[a];
		return b - a;
	}
	if (!ss_model_sleep_told(m, t, i, tmp))
		return 0;
	*out = tmp;
	return 1;
}
