/*
 * What the check functions share: verdicts with their evidence, what a
 * result is about, plain words for tasks and times, and the facts several
 * lessons ask (a parent's children, who woke a sleep, a join).
 */
#include "lessons/checks.h"

#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/wait.h>

#include "model/explain.h"
#include "model/syscalls.h"
#include "model/totals.h"
#include "util/cpulist.h"
#include "util/fmt.h"

/* ---- verdicts ---- */

static void say(struct lesson_result *r, enum lesson_verdict v, const char *hint, const char *fmt, va_list ap)
{
	r->verdict = v;
	vsnprintf(r->evidence, sizeof(r->evidence), fmt, ap);
	snprintf(r->hint, sizeof(r->hint), "%s", hint ? hint : "");
}

void lesson_pass(struct lesson_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(r, LESSON_PASS, NULL, fmt, ap);
	va_end(ap);
}

void lesson_fail(struct lesson_result *r, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(r, LESSON_FAIL, hint, fmt, ap);
	va_end(ap);
}

void lesson_inconclusive(struct lesson_result *r, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(r, LESSON_INCONCLUSIVE, hint, fmt, ap);
	va_end(ap);
}

bool lesson_run_stopped(const struct ss_model *m, char *buf, size_t size)
{
	char how[64];

	if (!m->finished)
		return false;
	if (m->exit_status >= 0 && WIFSIGNALED(m->exit_status))
		snprintf(buf, size, "the run was stopped (%s) before it showed this",
			 ss_explain_exit(m->exit_status, how, sizeof(how)));
	else if (m->exit_status < 0)
		snprintf(buf, size, "%s before the run ended",
			 m->complete ? "the recording stopped" : "the trace was cut short");
	else
		return false;
	return true;
}

void lesson_not_yet(const struct lesson_ctx *c, struct lesson_result *r, const char *hint, const char *fmt, ...)
{
	char said[sizeof(r->evidence)], why[96];
	va_list ap;

	va_start(ap, fmt);
	if (c->over && lesson_run_stopped(c->m, why, sizeof(why))) {
		vsnprintf(said, sizeof(said), fmt, ap);
		r->verdict = LESSON_INCONCLUSIVE;
		snprintf(r->evidence, sizeof(r->evidence), "inconclusive: %.96s: %.200s", why, said);
		snprintf(r->hint, sizeof(r->hint), "rerun and let it run to its end");
	} else {
		say(r, c->over ? LESSON_FAIL : LESSON_PENDING, c->over ? hint : NULL, fmt, ap);
	}
	va_end(ap);
}

bool lesson_cpus_limited(const struct lesson_ctx *c, unsigned cpu, char *buf, size_t size)
{
	const struct ss_knobs *k = &c->m->info.knobs;
	cpu_set_t set;
	char err[64];
	int n;

	if (!(k->set & SS_KNOB_CPUS) || cpulist_parse(k->cpus, &set, err, sizeof(err)))
		return false;
	n = CPU_COUNT(&set);
	if (cpu == SS_ALL_CPUS ? n >= (int)c->m->ncpus : cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set))
		return false;
	snprintf(buf, size, n == 1 ? "the run was limited to CPU %.24s (--cpus %.24s)"
				: "the run was limited to CPUs %.24s (--cpus %.24s)", k->cpus, k->cpus);
	return true;
}

static void fail_unless_quiet(const struct lesson_ctx *c, struct lesson_result *r, unsigned cpu, unsigned margin_pct,
			      uint64_t t0, uint64_t t1, const char *hint, const char *fmt, va_list ap)
{
	struct ss_cpu_share share;
	char said[sizeof(r->evidence)], who[64], lim[96];

	vsnprintf(said, sizeof(said), fmt, ap);
	/* a CPU the run was not given: the knob is the reason; over all CPUs,
	 * what other tasks took of those it had comes first */
	if (cpu != SS_ALL_CPUS && lesson_cpus_limited(c, cpu, lim, sizeof(lim)))
		goto limited;
	if (cpu == SS_ALL_CPUS)
		ss_model_cpu_share(c->m, t0, t1, &share);
	else
		ss_model_cpu_share_on(c->m, cpu, t0, t1, &share);
	if (ss_cpu_share_taken_pct(&share) > margin_pct) {
		r->verdict = LESSON_INCONCLUSIVE;
		ss_cpu_share_who(&share, who, sizeof(who));
		if (cpu == SS_ALL_CPUS)
			snprintf(r->evidence, sizeof(r->evidence), "inconclusive: %s of the CPUs (%.200s)", who, said);
		else
			snprintf(r->evidence, sizeof(r->evidence), "inconclusive: %s of CPU %u (%.200s)", who, cpu, said);
		snprintf(r->hint, sizeof(r->hint), "rerun on a quieter machine");
		return;
	}
	if (cpu == SS_ALL_CPUS && lesson_cpus_limited(c, cpu, lim, sizeof(lim)))
		goto limited;
	r->verdict = LESSON_FAIL;
	snprintf(r->evidence, sizeof(r->evidence), "%s", said);
	snprintf(r->hint, sizeof(r->hint), "%s", hint ? hint : "");
	return;
limited:
	r->verdict = LESSON_INCONCLUSIVE;
	snprintf(r->evidence, sizeof(r->evidence), "inconclusive: %.96s: %.200s", lim, said);
	snprintf(r->hint, sizeof(r->hint), "rerun without --cpus to see it");
}

void lesson_fail_unless_busy(const struct lesson_ctx *c, struct lesson_result *r, uint64_t t0, uint64_t t1,
			     const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_unless_quiet(c, r, SS_ALL_CPUS, SS_INTERFERENCE_PCT, t0, t1, hint, fmt, ap);
	va_end(ap);
}

void lesson_fail_unless_quiet(const struct lesson_ctx *c, struct lesson_result *r, unsigned cpu, unsigned margin_pct,
			      uint64_t t0, uint64_t t1, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_unless_quiet(c, r, cpu, margin_pct, t0, t1, hint, fmt, ap);
	va_end(ap);
}

/* ---- what a result is about ---- */

void lesson_add_tid(struct lesson_result *r, uint32_t tid)
{
	for (unsigned i = 0; i < r->ntids; i++)
		if (r->tids[i] == tid)
			return;
	if (r->ntids < LESSON_MAX_TIDS)
		r->tids[r->ntids++] = tid;
}

void lesson_add_item(struct lesson_result *r, int64_t item)
{
	if (r->nitems < LESSON_MAX_ITEMS)
		r->items[r->nitems++] = item;
}

void lesson_moment(struct lesson_result *r, uint64_t at_ns, uint64_t from_ns, uint64_t to_ns)
{
	r->at_ns = at_ns;
	r->from_ns = from_ns;
	r->to_ns = to_ns;
}

/* ---- words ---- */

char *lesson_who(const struct lesson_ctx *c, uint32_t tid, char *buf, size_t size)
{
	return ss_explain_task(c->m, tid, c->m->end_ns, buf, size);
}

char *lesson_at(const struct lesson_ctx *c, uint64_t ts_ns, char *buf, size_t size)
{
	return ss_explain_time(c->m, ts_ns, buf, size);
}

char *lesson_dur(uint64_t ns, char *buf, size_t size)
{
	return fmt_dur(buf, size, ns);
}

char *lesson_call(const struct lesson_ctx *c, const struct ss_wait_rec *w, char *buf, size_t size)
{
	char name[40];

	if (!w || w->nr < 0)
		snprintf(buf, size, "the kernel");
	else
		snprintf(buf, size, "%s()", ss_syscall_name(c->m->info.machine, w->nr, name, sizeof(name)));
	return buf;
}

char *lesson_call_at(const struct lesson_ctx *c, uint32_t tid, uint64_t block_ns, char *buf, size_t size)
{
	const struct ss_thread *t = ss_model_thread(c->m, tid);
	long k = t ? ss_model_wait_find(c->m, t, block_ns) : -1;

	return lesson_call(c, k >= 0 && t->waits[k].block_ns == block_ns ? &t->waits[k] : NULL, buf, size);
}

/* ---- facts ---- */

const struct ss_event *lesson_first_of(const struct lesson_ctx *c, const struct ss_thread *t, enum lesson_probe k)
{
	size_t i = 0;

	return t ? lesson_thread_next(c->mk, c->m, t, &i, k) : NULL;
}

size_t lesson_children(const struct lesson_ctx *c, enum lesson_kin kin, const struct ss_thread **out, size_t max)
{
	size_t n = 0;

	if (!c->main)
		return 0;
	for (size_t k = 0; k < c->m->nthreads; k++) {
		const struct ss_thread *t = &c->m->threads[k];
		bool thread = t->flags & SS_THREADF_THREAD;

		if (t->parent != c->main - c->m->threads || (kin == LESSON_PROCESSES && thread) ||
		    (kin == LESSON_THREADS && !thread))
			continue;
		if (n < max)
			out[n] = t;
		n++;
	}
	return n < max ? n : max;
}

const struct ss_wait_rec *lesson_woken_by(const struct ss_model *m, const struct ss_thread *t, uint32_t waker,
					  unsigned how_mask, uint64_t t0, uint64_t t1)
{
	long k = ss_model_wait_find(m, t, t0);

	for (size_t i = k < 0 ? 0 : (size_t)k; i < t->nwaits && t->waits[i].block_ns < t1; i++) {
		const struct ss_wait_rec *w = &t->waits[i];

		if (w->block_ns >= t0 && w->waker == waker && (how_mask & SS_HOW(w->how)))
			return w;
	}
	return NULL;
}

void lesson_check_join(const struct lesson_ctx *c, struct lesson_result *r, const struct ss_thread *parent,
		       const struct ss_thread *child, const char *what, const char *hint)
{
	const struct ss_wait_rec *w;
	char p[64], ch[64], d[32], at[32], call[64], sys[40];

	if (!parent || !child) {
		lesson_not_yet(c, r, NULL, "no parent and child in the trace");
		return;
	}
	lesson_who(c, parent->tid, p, sizeof(p));
	lesson_who(c, child->tid, ch, sizeof(ch));
	lesson_add_tid(r, parent->tid);
	lesson_add_tid(r, child->tid);
	/* a process's exit wakes wait4(); a thread's exit wakes join's futex */
	w = lesson_woken_by(c->m, parent, child->tid, SS_HOW(SS_WH_EXIT) | SS_HOW(SS_WH_FUTEX), c->run0, UINT64_MAX);
	if (!w) {
		if (child->flags & SS_THREADF_EXITED && c->ended)
			lesson_fail(r, hint, "%s ended at %s without %s having to wait for it in %s", ch,
				    lesson_at(c, child->exit_ns, at, sizeof(at)), p, what);
		else
			lesson_not_yet(c, r, hint, "%s has not been woken by %s's end", p, ch);
		return;
	}
	lesson_moment(r, w->ready_ns, w->block_ns, w->ready_ns);
	/* "join() (wait4)": the scenario's call, then the syscall the trace saw */
	snprintf(call, sizeof(call), "%s", what);
	if (w->nr >= 0)
		snprintf(call, sizeof(call), "%s (%s)", what, ss_syscall_name(c->m->info.machine, w->nr, sys, sizeof(sys)));
	lesson_pass(r, "%s slept %s in %s until %s ended at %s and woke it", p,
		    lesson_dur(ss_wait_slept_ns(w), d, sizeof(d)), call, ch,
		    lesson_at(c, w->ready_ns, at, sizeof(at)));
}
