/*
 * The checks of the lessons about threads: threads, lock (and lock
 * --no-lock, the lost update), multicore and threadlocal. What depends on
 * the two threads, or the busy ones, really having the CPUs is measured
 * against other tasks' share before it is called a failure.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lessons/checks.h"
#include "model/totals.h"
#include "scenarios/probes.h"
#include "util/fmt.h"

#define MAX_BUSY 64
/* A busy thread keeps its CPU at least this busy. Short of it, a check says
 * inconclusive when what other tasks (the recorder among them) took would
 * have made up the shortfall, and fails only when it would not. */
#define BUSY_PCT 90u

/* From the first of the threads' thread_start to the last of their thread_end
 * (or the newest moment). */
static void lifetime(const struct lesson_ctx *c, const struct ss_thread *const *t, size_t n, uint64_t *t0,
		     uint64_t *t1)
{
	*t0 = UINT64_MAX;
	*t1 = 0;
	for (size_t k = 0; k < n; k++) {
		const struct ss_event *s = lesson_first_of(c, t[k], LP_THREAD_START), *e = lesson_first_of(c, t[k], LP_THREAD_END);
		uint64_t a = s ? s->ts_ns : c->run0, b = e ? e->ts_ns : c->m->end_ns;

		*t0 = a < *t0 ? a : *t0;
		*t1 = b > *t1 ? b : *t1;
	}
	if (*t0 > *t1)
		*t0 = *t1;
}

/* ---- threads ---- */

static void threads_same_process(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t;
	char who[64], main[64];

	if (!lesson_children(c, LESSON_THREADS, &t, 1)) {
		lesson_not_yet(c, r, NULL, "no thread has been created yet");
		return;
	}
	lesson_add_tid(r, t->tid);
	lesson_add_tid(r, c->main->tid);
	lesson_moment(r, t->fork_ns, 0, 0);
	lesson_who(c, t->tid, who, sizeof(who));
	if (t->tgid != c->main->tgid) {
		lesson_fail(r, NULL, "%s is in process %u, not in %u", who, t->tgid, c->main->tgid);
		return;
	}
	lesson_pass(r, "%s is a thread of %s: the same pid %u, a thread id of its own (%u)", who,
		    lesson_who(c, c->main->tid, main, sizeof(main)), t->tgid, t->tid);
}

static void threads_loop_sleeps(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t;
	const struct ss_event *end;
	const struct ss_wait_rec *first = NULL;
	size_t n = 0, timer = 0;
	uint64_t slept = 0;
	char who[64], d[32], call[48];

	if (!lesson_children(c, LESSON_THREADS, &t, 1) || !(end = lesson_first_of(c, t, LP_THREAD_END))) {
		lesson_not_yet(c, r, NULL, "the thread has not finished its loop yet");
		return;
	}
	for (size_t i = 0; i < t->nwaits && t->waits[i].block_ns < end->ts_ns; i++) {
		const struct ss_wait_rec *w = &t->waits[i];

		if (w->reason != SS_R_SLEEP)
			continue;
		n++;
		timer += w->how == SS_WH_TIMER;
		slept += ss_wait_slept_ns(w);
		first = first ? first : w;
	}
	lesson_add_tid(r, t->tid);
	lesson_add_item(r, (int64_t)n);
	lesson_who(c, t->tid, who, sizeof(who));
	if (!n) {
		lesson_fail(r, "rerun with a pause: `-- --pause-ms 200`", "%s never slept in its loop", who);
		return;
	}
	/* the call the trace saw (clock_nanosleep on glibc), named as why names it */
	lesson_call(c, first, call, sizeof(call));
	/* a wake-up the trace did not see leaves a sleep unexplained, not wrong */
	if (!timer) {
		lesson_fail(r, "rerun with a pause: `-- --pause-ms 200`",
			    "%s slept %zu times in %s, none ended by its timer", who, n, call);
		return;
	}
	lesson_moment(r, first->block_ns, first->block_ns, first->run_ns);
	lesson_pass(r, "%s slept %zu times in %s, %s each on average; %zu of them seen ended by its timer",
		    who, n, call, lesson_dur(slept / n, d, sizeof(d)), timer);
}

static void threads_join_waits(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t = NULL;

	lesson_children(c, LESSON_THREADS, &t, 1);
	lesson_check_join(c, r, c->main, t, "join()", "the thread ended before it was joined: rerun with `-- --pause-ms 200`");
}

static const struct lesson_check_def threads_checks[] = {
	{ "threads.same_process", "a thread runs inside its process: same pid, its own thread id",
	  threads_same_process },
	{ "threads.loop_sleeps", "the thread sleeps after each number, and its timer wakes it", threads_loop_sleeps },
	{ "threads.join_waits", "the main thread waits in join() until the thread ends", threads_join_waits },
	{ NULL, NULL, NULL },
};

/* ---- lock ---- */

/* Thread-1 and Thread-2, once both exist. */
static bool two_threads(const struct lesson_ctx *c, struct lesson_result *r, const struct ss_thread *t[2])
{
	if (lesson_children(c, LESSON_THREADS, t, 2) < 2) {
		lesson_not_yet(c, r, NULL, "the two threads have not both started");
		return false;
	}
	return true;
}

static const struct ss_thread *other_of(const struct ss_thread *t[2], uint32_t tid)
{
	return t[0]->tid == tid ? t[1] : t[0];
}

/* How long the two threads surely ran at the same time in [t0, t1), and the
 * CPU time of the one that ran less. What the host took of the CPUs then
 * (steal) is taken off: the trace shows a thread the host stopped as running,
 * so only the rest is sure to have been side by side. */
static uint64_t together(const struct lesson_ctx *c, const struct ss_thread *t[2], uint64_t t0, uint64_t t1,
			 uint64_t *least_ns)
{
	uint64_t a = ss_model_thread_run_ns(c->m, t[0], t0, t1), b = ss_model_thread_run_ns(c->m, t[1], t0, t1);
	uint64_t both = ss_model_together_ns(c->m, t[0], t[1], t0, t1), host = ss_model_steal_all_ns(c->m, t0, t1);

	*least_ns = a < b ? a : b;
	return both > host ? both - host : 0;
}

/* A race that did not happen: certain when the run asked for fewer than
 * this many iterations (a thread's whole loop takes microseconds, less than
 * it takes to start the other), or when the threads ran side by side for
 * most of their time (the run was too short to show it); inconclusive when
 * other tasks kept them apart. */
#define FEW_ITERATIONS 1000
static void no_race(const struct lesson_ctx *c, struct lesson_result *r, const struct ss_thread *t[2],
		    const char *hint, const char *what)
{
	uint64_t t0, t1, least;
	long iters;

	/* so little work that the threads could not meet, however quiet */
	if (lesson_option_long(c->l, "--iterations", &iters) && iters < FEW_ITERATIONS) {
		lesson_fail(r, hint, "%s (%ld iterations a thread: too few to meet)", what, iters);
		return;
	}
	lifetime(c, t, 2, &t0, &t1);
	if (together(c, t, t0, t1, &least) * 2 >= least)
		lesson_fail(r, hint, "%s", what);
	else
		lesson_fail_unless_busy(c, r, t0, t1, hint, "%s", what);
}

static void lock_contention(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t[2];
	const struct ss_event *wanted = NULL, *taken = NULL, *ev;
	size_t i = 0, n = 0;
	uint32_t holder;
	char w[64], h[64], d[32], cnt[32];

	if (!two_threads(c, r, t))
		return;
	while ((ev = lesson_next(c->mk, c->m, &i, LP_LOCK_WANTED, 0)) != NULL)
		if (!n++)
			wanted = ev;
	if (wanted) {
		size_t j = 0;
		const struct ss_thread *waiter = ss_model_thread(c->m, wanted->pid);

		while (waiter && (ev = lesson_thread_next(c->mk, c->m, waiter, &j, LP_LOCK_TAKEN)) != NULL)
			if (ev->ts_ns >= wanted->ts_ns) {
				taken = ev;
				break;
			}
	}
	if (!taken) {
		if (!c->ended)
			lesson_not_yet(c, r, NULL, "no thread has found the lock held yet");
		else
			no_race(c, r, t, "rerun with more iterations: `-- --iterations 10000000`",
				"no lock contention this run: neither thread found the lock held");
		return;
	}
	/* the owner the waiter found (0: let go in between: then the other thread had it) */
	holder = ss_model_thread(c->m, (uint32_t)wanted->marker.args[1]) ? (uint32_t)wanted->marker.args[1]
									   : other_of(t, wanted->pid)->tid;
	lesson_add_tid(r, wanted->pid);
	lesson_add_tid(r, holder);
	lesson_add_item(r, (int64_t)n);
	lesson_moment(r, wanted->ts_ns, wanted->ts_ns, taken->ts_ns);
	lesson_pass(r, "%s found the lock held by %s and waited %s for it (%s in all)",
		    lesson_who(c, wanted->pid, w, sizeof(w)), lesson_who(c, holder, h, sizeof(h)),
		    lesson_dur(taken->ts_ns - wanted->ts_ns, d, sizeof(d)), fmt_count(cnt, sizeof(cnt), n, "wait", NULL));
}

/* The unlocks of one thread that woke the other, of kinds how, in the run:
 * how many, and the first (if first is not NULL). */
static size_t wakes_between(const struct lesson_ctx *c, const struct ss_thread *t[2], unsigned how,
			    struct ss_handoff *first)
{
	struct ss_handoff h;
	size_t n = 0;

	for (int k = 0; k < 2; k++) {
		size_t found = ss_model_handoffs(c->m, c->run0, c->run1, how, t[k]->tid, t[1 - k]->tid, &h, 1);

		if (found && first && (!n || h.wake_ns < first->wake_ns))
			*first = h;
		n += found;
	}
	return n;
}

/* How many sleeps of one thread in the run the other's unlock ended, each
 * that slept at all (ss_wait_did_not_sleep()): the count why, flows and
 * compare give, not only the sleeps a picture can show (1 us or more). */
static size_t unlock_wakes(const struct lesson_ctx *c, const struct ss_thread *t[2])
{
	size_t n = 0;

	for (int k = 0; k < 2; k++) {
		long i = ss_model_wait_find(c->m, t[k], c->run0);

		for (size_t j = i < 0 ? 0 : (size_t)i; j < t[k]->nwaits && t[k]->waits[j].block_ns < c->run1; j++) {
			const struct ss_wait_rec *w = &t[k]->waits[j];

			n += w->block_ns >= c->run0 && w->waker == t[1 - k]->tid && w->how == SS_WH_FUTEX &&
			     !ss_wait_did_not_sleep(w);
		}
	}
	return n;
}

/* The first unlock that woke a thread seen asleep, the most wanted there is
 * (lesson_handoff_how): the one the lesson's window shows. */
static void lock_release_wakes(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t[2];
	struct ss_handoff first;
	unsigned how, all = 0;
	size_t n = 0, early;
	char a[64], b[64], d[32], d2[32], cnt[80], what[160], call[48];

	if (!two_threads(c, r, t))
		return;
	for (int level = 0; !n && (how = lesson_handoff_how(c->l->show, level)) != 0; level++)
		n = wakes_between(c, t, all = how, &first);
	if (!n) {
		if (!c->ended) {
			lesson_not_yet(c, r, NULL, "no unlock has woken a waiting thread yet");
			return;
		}
		/* wake-ups that came as the waiter went to sleep: `why` says "did
		 * not sleep" of them, and no picture shows the waiter asleep */
		early = wakes_between(c, t, all & ~SS_HOW_SLEPT, NULL);
		if (early)
			snprintf(what, sizeof(what), "no unlock woke a thread seen asleep for 1 us or more (%s)",
				 fmt_count(cnt, sizeof(cnt), early, "unlock woke its waiter as it went to sleep",
					   "unlocks woke their waiter as it went to sleep"));
		else
			snprintf(what, sizeof(what), "no thread slept waiting for the lock, so no unlock woke one");
		no_race(c, r, t, "rerun with more iterations: `-- --iterations 10000000`", what);
		return;
	}
	n = unlock_wakes(c, t);
	lesson_add_tid(r, first.waker);
	lesson_add_tid(r, first.wakee);
	lesson_add_item(r, (int64_t)n);
	lesson_moment(r, first.wake_ns, first.block_ns, first.run_ns);
	lesson_who(c, first.waker, a, sizeof(a));
	/* a holder kept off the CPUs (by the recorder, say) is why the waiter
	 * slept so long, not the work it did holding the lock: said so */
	if (ss_handoff_waker_ran(c->m, &first))
		what[0] = 0;
	else
		snprintf(what, sizeof(what), "; %s, holding it, ran only %s of that time", a,
			 lesson_dur(ss_model_thread_run_ns(c->m, ss_model_thread(c->m, first.waker), first.block_ns,
							   first.wake_ns), d, sizeof(d)));
	lesson_pass(r, "%s's unlock woke %s, asleep %s in %s waiting for the lock%s (%s)", a,
		    lesson_who(c, first.wakee, b, sizeof(b)), lesson_dur(first.wake_ns - first.block_ns, d2, sizeof(d2)),
		    lesson_call_at(c, first.wakee, first.block_ns, call, sizeof(call)), what,
		    fmt_count(cnt, sizeof(cnt), n, "such wake-up", NULL));
}

static const struct ss_event *balance_of(const struct lesson_ctx *c)
{
	return lesson_first(c->mk, c->m, LP_RESULT, SS_RESULT_BALANCE);
}

static void lock_balance(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_event *b = balance_of(c);

	if (!b) {
		lesson_not_yet(c, r, NULL, "the balance is not known yet");
		return;
	}
	lesson_add_item(r, b->marker.args[1]);
	lesson_moment(r, b->ts_ns, 0, 0);
	if (b->marker.args[1]) {
		lesson_fail(r, NULL, "balance = %" PRId64 " although the lock was held", b->marker.args[1]);
		return;
	}
	lesson_pass(r, "balance = 0: with the lock, no update was lost");
}

static const struct lesson_check_def lock_checks[] = {
	{ "lock.contention", "a thread finds the lock held and waits for it", lock_contention },
	{ "lock.release_wakes", "the holder's unlock wakes the waiting thread", lock_release_wakes },
	{ "lock.balance", "with the lock the balance stays 0", lock_balance },
	{ NULL, NULL, NULL },
};

/* ---- lock --no-lock: the lost update ---- */

static void lost_update(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t[2];
	const struct ss_event *b = balance_of(c);

	if (!two_threads(c, r, t))
		return;
	if (!b) {
		lesson_not_yet(c, r, NULL, "the balance is not known yet");
		return;
	}
	lesson_add_tid(r, t[0]->tid);
	lesson_add_tid(r, t[1]->tid);
	lesson_add_item(r, b->marker.args[1]);
	lesson_moment(r, b->ts_ns, 0, 0);
	if (b->marker.args[1]) {
		lesson_pass(r, "balance = %" PRId64 ", not 0: updates were lost", b->marker.args[1]);
		return;
	}
	no_race(c, r, t, "rerun with more iterations: `-- --no-lock --iterations 10000000`",
		"balance = 0: no update was lost this run");
}

static void at_once(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t[2];
	uint64_t t0, t1, both, least;
	char a[64], b[64], d[32];

	if (!two_threads(c, r, t))
		return;
	if (!lesson_first_of(c, t[0], LP_THREAD_END) || !lesson_first_of(c, t[1], LP_THREAD_END)) {
		lesson_not_yet(c, r, NULL, "the threads have not finished yet");
		return;
	}
	lifetime(c, t, 2, &t0, &t1);
	both = together(c, t, t0, t1, &least);
	lesson_add_tid(r, t[0]->tid);
	lesson_add_tid(r, t[1]->tid);
	lesson_moment(r, t0, t0, t1);
	lesson_who(c, t[0]->tid, a, sizeof(a));
	lesson_who(c, t[1]->tid, b, sizeof(b));
	lesson_dur(both, d, sizeof(d));
	if (both && both * 10 >= least) {
		lesson_pass(r, "%s and %s ran at the same time, on two CPUs, for %s", a, b, d);
		return;
	}
	lesson_fail_unless_busy(c, r, t0, t1, c->m->ncpus < 2 ? "this needs two CPUs" : NULL,
				"%s and %s ran at the same time for only %s", a, b, d);
}

static const struct lesson_check_def lost_update_checks[] = {
	{ "lock.lost_update", "without the lock, updates are lost: the balance is not 0", lost_update },
	{ "lock.at_once", "the two threads run at the same time, on two CPUs", at_once },
	{ NULL, NULL, NULL },
};

/* ---- multicore ---- */

/* The busy phase: the main thread's JOIN (all threads made) to END. */
static bool busy_phase(const struct lesson_ctx *c, struct lesson_result *r, uint64_t *t0, uint64_t *t1)
{
	const struct ss_event *join = lesson_first(c->mk, c->m, LP_PHASE, SS_PHASE_JOIN);
	const struct ss_event *end = lesson_first(c->mk, c->m, LP_PHASE, SS_PHASE_END);

	if (!join || !end || end->ts_ns <= join->ts_ns) {
		lesson_not_yet(c, r, NULL, "the busy threads have not finished yet");
		return false;
	}
	*t0 = join->ts_ns;
	*t1 = end->ts_ns;
	return true;
}

static void multicore_all_cores(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t[MAX_BUSY];
	size_t n = lesson_children(c, LESSON_THREADS, t, MAX_BUSY), off = 0;
	uint64_t t0, t1;
	unsigned low = 100, low_cpu = 0;
	char list[160] = "", d[32], hint[80], nb[40], nc[32];

	if (!busy_phase(c, r, &t0, &t1))
		return;
	for (unsigned cpu = 0; cpu < c->m->ncpus; cpu++) {
		uint64_t ns = 0;
		unsigned pct;

		for (size_t k = 0; k < n; k++)
			ns += ss_model_thread_cpu_ns(c->m, t[k], cpu, t0, t1);
		pct = (unsigned)(100 * (double)ns / (double)(t1 - t0));
		lesson_add_item(r, pct);
		if (pct < low) {
			low = pct;
			low_cpu = cpu;
		}
		off += (size_t)snprintf(list + off, off < sizeof(list) ? sizeof(list) - off : 0, "%sCPU %u %u%%",
					cpu ? ", " : "", cpu, pct);
	}
	for (size_t k = 0; k < n; k++)
		lesson_add_tid(r, t[k]->tid);
	lesson_moment(r, t0, t0, t1);
	lesson_dur(t1 - t0, d, sizeof(d));
	if (low >= BUSY_PCT) {
		lesson_pass(r, "%s kept every CPU busy for %s: %s", fmt_count(nb, sizeof(nb), n, "busy thread", NULL), d,
			    list);
		return;
	}
	if (n < c->m->ncpus && !lesson_cpus_limited(c, SS_ALL_CPUS, hint, sizeof(hint))) {
		snprintf(hint, sizeof(hint), "rerun with one thread per CPU: `-- --threads %u`", c->m->ncpus);
		lesson_fail(r, hint, "%s for %s: CPU %u was busy %u%% of %s", fmt_count(nb, sizeof(nb), n, "busy thread", NULL),
			    fmt_count(nc, sizeof(nc), c->m->ncpus, "CPU", NULL), low_cpu, low, d);
		return;
	}
	/* inconclusive when what other tasks took of that CPU would have made up the shortfall */
	lesson_fail_unless_quiet(c, r, low_cpu, BUSY_PCT - low - 1, t0, t1, NULL,
				 "CPU %u was busy with the busy threads only %u%% of %s", low_cpu, low, d);
}

static void multicore_cores_worth(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t[MAX_BUSY];
	size_t n = lesson_children(c, LESSON_THREADS, t, MAX_BUSY);
	uint64_t t0, t1, cpu_ns = 0;
	double cores, want;
	unsigned short_pct;
	char d[32], w[32], nb[32];

	if (!busy_phase(c, r, &t0, &t1))
		return;
	for (size_t k = 0; k < n; k++)
		cpu_ns += ss_model_thread_run_ns(c->m, t[k], t0, t1);
	cores = (double)cpu_ns / (double)(t1 - t0);
	want = (double)(n < c->m->ncpus ? n : c->m->ncpus);
	lesson_add_item(r, (int64_t)(cores * 100 + 0.5));
	lesson_moment(r, t0, t0, t1);
	lesson_dur(cpu_ns, d, sizeof(d));
	lesson_dur(t1 - t0, w, sizeof(w));
	if (n && cores >= BUSY_PCT / 100.0 * want) {
		lesson_pass(r, "the %s used %s of CPU in %s: %.2f cores' worth", fmt_count(nb, sizeof(nb), n, "thread", NULL),
			    d, w, cores);
		return;
	}
	/* the same over all CPUs: the shortfall in percent of the machine */
	short_pct = (unsigned)ceil((BUSY_PCT / 100.0 * want - cores) * 100.0 / c->m->ncpus);
	lesson_fail_unless_quiet(c, r, SS_ALL_CPUS, short_pct ? short_pct - 1 : 0, t0, t1, NULL,
				 "the %s used %s of CPU in %s: %.2f cores' worth, not %.0f",
				 fmt_count(nb, sizeof(nb), n, "thread", NULL), d, w, cores, want);
}

static void multicore_never_sleep(const struct lesson_ctx *c, struct lesson_result *r)
{
	const struct ss_thread *t[MAX_BUSY];
	size_t n = lesson_children(c, LESSON_THREADS, t, MAX_BUSY);
	uint32_t slept = 0, preempted = 0;
	uint64_t t0, t1;
	char who[64], nb[40], nc[32];

	if (!busy_phase(c, r, &t0, &t1))
		return;
	for (size_t k = 0; k < n; k++) {
		const struct ss_event *s = lesson_first_of(c, t[k], LP_THREAD_START), *e = lesson_first_of(c, t[k], LP_THREAD_END);
		struct ss_thread_stats st;

		if (!s || !e)
			continue;
		ss_model_thread_stats(c->m, t[k], s->ts_ns, e->ts_ns, &st);
		lesson_add_tid(r, t[k]->tid);
		preempted += st.invol_switches;
		if (st.vol_switches && !slept)
			lesson_who(c, t[k]->tid, who, sizeof(who));
		slept += st.vol_switches;
	}
	lesson_add_item(r, slept);
	lesson_add_item(r, preempted);
	lesson_moment(r, t0, t0, t1);
	if (slept) {
		lesson_fail(r, NULL, "the busy threads went to sleep %s (%s first)",
			    fmt_count(nb, sizeof(nb), slept, "time", NULL), who);
		return;
	}
	lesson_pass(r, "the %s never slept; only preemption (%s) took them off a CPU",
		    fmt_count(nb, sizeof(nb), n, "busy thread", NULL), fmt_count(nc, sizeof(nc), preempted, "time", NULL));
}

static const struct lesson_check_def multicore_checks[] = {
	{ "multicore.all_cores", "every core runs a busy thread, all at the same time", multicore_all_cores },
	{ "multicore.cores_worth", "the process uses about one core's worth of CPU per thread", multicore_cores_worth },
	{ "multicore.never_sleep", "a busy thread never sleeps; only preemption takes it off a core",
	  multicore_never_sleep },
	{ NULL, NULL, NULL },
};

/* ---- threadlocal ---- */

struct local_facts {
	const struct ss_thread *t;
	const struct ss_event *set, *get;
};

static bool locals(const struct lesson_ctx *c, struct lesson_result *r, struct local_facts f[2])
{
	const struct ss_thread *t[2];

	if (lesson_children(c, LESSON_THREADS, t, 2) < 2) {
		lesson_not_yet(c, r, NULL, "the two threads have not both started");
		return false;
	}
	for (int k = 0; k < 2; k++) {
		f[k] = (struct local_facts){ t[k], lesson_first_of(c, t[k], LP_LOCAL_SET), lesson_first_of(c, t[k], LP_LOCAL_GET) };
		lesson_add_tid(r, t[k]->tid);
	}
	return true;
}

static void threadlocal_own_copy(const struct lesson_ctx *c, struct lesson_result *r)
{
	struct local_facts f[2];
	char a[64], b[64];

	if (!locals(c, r, f))
		return;
	if (!f[0].set || !f[1].set) {
		lesson_not_yet(c, r, NULL, "the threads have not both set their variable yet");
		return;
	}
	lesson_add_item(r, f[0].set->marker.args[0]);
	lesson_add_item(r, f[1].set->marker.args[0]);
	lesson_moment(r, f[1].set->ts_ns, f[0].set->ts_ns, f[1].set->ts_ns);
	lesson_who(c, f[0].t->tid, a, sizeof(a));
	lesson_who(c, f[1].t->tid, b, sizeof(b));
	if (f[0].set->marker.args[0] == f[1].set->marker.args[0]) {
		lesson_fail(r, NULL, "%s and %s set the same variable at 0x%" PRIx64, a, b,
			    (uint64_t)f[0].set->marker.args[0]);
		return;
	}
	lesson_pass(r, "%s's copy is at 0x%" PRIx64 ", %s's at 0x%" PRIx64 ": one name, two variables", a,
		    (uint64_t)f[0].set->marker.args[0], b, (uint64_t)f[1].set->marker.args[0]);
}

static void threadlocal_reads_own(const struct lesson_ctx *c, struct lesson_result *r)
{
	struct local_facts f[2];
	char who[64], who2[64], v[2][9], at[32];
	uint64_t both_set;

	if (!locals(c, r, f))
		return;
	if (!f[0].get || !f[1].get || !f[0].set || !f[1].set) {
		lesson_not_yet(c, r, NULL, "the threads have not both read their variable yet");
		return;
	}
	for (int k = 0; k < 2; k++) {
		lesson_add_item(r, f[k].get->marker.args[1]);
		if (f[k].get->marker.args[1] != f[k].set->marker.args[1] ||
		    f[k].get->marker.args[0] != f[k].set->marker.args[0]) {
			lesson_fail(r, NULL, "%s read %s, not the %s it had set", lesson_who(c, f[k].t->tid, who, sizeof(who)),
				    lesson_text8(f[k].get->marker.args[1], v[0]), lesson_text8(f[k].set->marker.args[1], v[1]));
			return;
		}
	}
	both_set = f[0].set->ts_ns > f[1].set->ts_ns ? f[0].set->ts_ns : f[1].set->ts_ns;
	lesson_moment(r, both_set, both_set, f[0].get->ts_ns > f[1].get->ts_ns ? f[0].get->ts_ns : f[1].get->ts_ns);
	for (int k = 0; k < 2; k++) {
		if (f[k].get->ts_ns < both_set) {
			lesson_fail(r, "rerun with a pause: `-- --pause-ms 1000`",
				    "%s read its copy before the other thread had set its own",
				    lesson_who(c, f[k].t->tid, who, sizeof(who)));
			return;
		}
	}
	lesson_pass(r, "%s read %s and %s read %s, though both had been set by %s",
		    lesson_who(c, f[0].t->tid, who, sizeof(who)), lesson_text8(f[0].get->marker.args[1], v[0]),
		    lesson_who(c, f[1].t->tid, who2, sizeof(who2)), lesson_text8(f[1].get->marker.args[1], v[1]),
		    lesson_at(c, both_set, at, sizeof(at)));
}

static const struct lesson_check_def threadlocal_checks[] = {
	{ "threadlocal.own_copy", "each thread has its own copy of the variable, at its own address",
	  threadlocal_own_copy },
	{ "threadlocal.reads_own", "each thread reads back its own value, though the other set theirs",
	  threadlocal_reads_own },
	{ NULL, NULL, NULL },
};

const struct lesson_check_table lesson_checks_threads[] = {
	{ "threads", NULL, threads_checks },
	{ "lock", NULL, lock_checks },
	{ "lock", "lost-update", lost_update_checks },
	{ "multicore", NULL, multicore_checks },
	{ "threadlocal", NULL, threadlocal_checks },
	{ NULL, NULL, NULL },
};
