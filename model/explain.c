/* The sentences of explain.h, written with snprintf into the caller's
 * buffer (no allocation: the UI's panels ask every frame); what a syscall
 * means and how a gap splits come from syscalls.c and states.c. */
#include "model/explain.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "model/syscalls.h"
#include "model/states.h"
#include "util/fmt.h"

char *ss_explain_task(const struct ss_model *m, uint32_t tid, uint64_t ts, char *buf, size_t size)
{
	snprintf(buf, size, "%s %u", ss_model_comm(m, tid, ts), tid);
	return buf;
}

uint64_t ss_explain_run_moment(const struct ss_slice *o, uint64_t from_ns, uint64_t to_ns)
{
	uint64_t end = o->end_ns && o->end_ns < to_ns ? o->end_ns : to_ns;
	uint64_t start = o->start_ns > from_ns ? o->start_ns : from_ns;

	/* its last instant there: a rename or exec in the run before it counts,
	 * and a task that takes the pid once the run is over does not */
	return end > start ? end - 1 : start;
}

char *ss_explain_exit(int32_t status, char *buf, size_t size)
{
	char sig[32];

	if (status == SS_EXIT_WITHHELD)
		snprintf(buf, size, "exit code withheld (another user's process)");
	else if (status < 0)
		buf[0] = 0;
	else if (WIFEXITED(status))
		snprintf(buf, size, "exit code %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by %s", ss_signal_name(WTERMSIG(status), sig, sizeof(sig)));
	else
		snprintf(buf, size, "status %d", (int)status);
	return buf;
}

bool ss_exit_killed_by(int32_t status, int sig)
{
	return status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

char *ss_explain_time(const struct ss_model *m, uint64_t abs_ns, char *buf, size_t size)
{
	return fmt_moment(buf, size, m->start_ns, abs_ns);
}

/* The sleeping call, from what a wait record keeps of it: by its name only
 * when its arguments were withheld, whose zeros are no values. */
static char *call_text(const struct ss_model *m, const struct ss_wait_rec *w, char *buf, size_t size)
{
	const uint64_t args[3] = { w->arg0, 0, w->bytes };

	if (w->withheld & SS_WITHHELD_CALL)
		return ss_syscall_describe_withheld(m->info.machine, w->nr, buf, size);
	return ss_syscall_describe(m->info.machine, w->nr, w->fd, args, buf, size);
}

static const char *chan_text(const struct ss_model *m, uint64_t id, char *buf, size_t size)
{
	const struct ss_chan *c = ss_model_chan(m, id);

	if (!c)
		return NULL;
	return ss_chan_name(c, buf, size);
}

/* "waiting for child 12 to end (wait4(pid 12))", "waiting for any child ..." */
static void join_text(const struct ss_model *m, const struct ss_wait_rec *w, const char *c, const char *call,
		      char *buf, size_t size)
{
	const struct ss_syscall_info *si = w->nr >= 0 ? ss_syscall(m->info.machine, w->nr) : NULL;
	int32_t pid = ss_syscall_pid(w->arg0);

	/* a withheld wait4's pid is not known: no child is named */
	if (si && si->kind == SS_SC_WAIT && si->flags & SS_SCF_PID0 && !(w->withheld & SS_WITHHELD_CALL)) {
		if (pid > 0)
			snprintf(buf, size, "waiting for child %d to end (%s)", pid, call);
		else if (pid == -1)
			snprintf(buf, size, "waiting for any child to end (%s)", call);
		else if (pid == 0)
			snprintf(buf, size, "waiting for any child in its process group to end (%s)", call);
		else
			snprintf(buf, size, "waiting for any child in process group %d to end (%s)", -pid, call);
	} else if (si && si->kind == SS_SC_WAIT) {
		snprintf(buf, size, "waiting for a child to change state (%s)", call);
	} else if (si && si->kind == SS_SC_FUTEX) {
		/* pthread_join: the kernel clears and wakes the thread id at its exit */
		snprintf(buf, size, "waiting for a thread to end (pthread_join on %s)", c ? c : call);
	} else {
		snprintf(buf, size, "waiting for a child or a thread to end (%s)", c ? c : call);
	}
}

/* "in pipe read (pipe:[81234])", "waiting for the lock (futex 0x...)" */
static void what_it_waited_for(const struct ss_model *m, const struct ss_thread *t, const struct ss_wait_rec *w,
			       char *buf, size_t size)
{
	char ch[96], call[128];
	const char *c = chan_text(m, w->chan, ch, sizeof(ch));

	call_text(m, w, call, sizeof(call));
	switch (w->reason) {
	case SS_R_LOCK:
		snprintf(buf, size, "waiting for a lock (%s)", c ? c : call);
		break;
	case SS_R_JOIN:
		join_text(m, w, c, call, buf, size);
		break;
	case SS_R_VFORK:
		snprintf(buf, size, "waiting for its vfork child to exec or exit (%s)", call);
		break;
	case SS_R_KWORK:
		snprintf(buf, size, "waiting for work (a kernel thread: it makes no syscall)");
		break;
	case SS_R_SLEEP:
		snprintf(buf, size, "asleep on purpose (%s)", call);
		break;
	case SS_R_UNKNOWN:
		if (ss_model_is_kthread(m, t->tid, w->block_ns))
			snprintf(buf, size, "asleep in the kernel inside its work (%s; a kernel thread makes no syscall)",
				 w->sleep_state == ss_state_index(SS_ST_D) ? "uninterruptibly, D" : "S");
		else if (ss_kstack_in_fault(&m->stacks, w->kstack))
			snprintf(buf, size, "asleep in a page fault (outside any syscall)");
		else
			snprintf(buf, size, "asleep outside any syscall (a page fault or the like)");
		break;
	case SS_R_OTHER:
		snprintf(buf, size, "in %s", call);
		break;
	default:
		snprintf(buf, size, "in %s (%s)", ss_reason_name(w->reason), c ? c : call);
		break;
	}
}

/* "woken by writer 4412 writing 2 bytes" */
static void how_it_ended(const struct ss_model *m, const struct ss_thread *t, const struct ss_wait_rec *w,
			 char *buf, size_t size)
{
	char who[64], call[128], ch[96], sig[32], n[48], name[40];
	const struct ss_syscall_info *wi;
	const struct ss_thread *wt;

	ss_explain_task(m, w->waker, w->ready_ns, who, sizeof(who));
	/* an interrupt context woke it: name it, never the task it interrupted */
	if (w->wctx != SS_WC_NONE && (w->how == SS_WH_TIMER || w->how == SS_WH_HARDIRQ || w->how == SS_WH_SOFTIRQ)) {
		ss_explain_wake_ctx(m, w, buf, size);
		return;
	}
	switch (w->how) {
	case SS_WH_WROTE:
		wi = ss_syscall(m->info.machine, w->wnr);
		snprintf(buf, size, "woken by %s %s %s", who,
			 wi && wi->kind == SS_SC_SEND ? "sending" : wi && wi->kind == SS_SC_MQ_SEND ? "queueing" : "writing",
			 fmt_count(n, sizeof(n), w->wbytes, "byte", NULL));
		break;
	case SS_WH_READ:
		snprintf(buf, size, "woken by %s reading %s, which made room", who,
			 fmt_count(n, sizeof(n), w->wbytes, "byte", NULL));
		break;
	case SS_WH_PASSED:
		snprintf(buf, size, "woken by %s, which read its share and left the rest for the next reader",
			 who);
		break;
	case SS_WH_FUTEX:
		snprintf(buf, size, "woken by %s releasing it (futex wake)", who);
		break;
	case SS_WH_CONNECT:
		snprintf(buf, size, "woken by %s connecting", who);
		break;
	case SS_WH_EXIT:
		wt = ss_model_thread(m, w->waker);
		sig[0] = 0;
		if (wt && wt->flags & SS_THREADF_EXITED)
			ss_explain_exit(wt->exit_code, sig, sizeof(sig));
		snprintf(buf, size, "%s %s %s%s%s%s", w->reason == SS_R_VFORK ? "released when" : "woken by", who,
			 w->reason == SS_R_VFORK ? "exited" : "exiting", sig[0] ? " (" : "", sig, sig[0] ? ")" : "");
		break;
	case SS_WH_EXECED:
		snprintf(buf, size, "released when %s called %s", who,
			 ss_syscall_name(m->info.machine, w->wnr, name, sizeof(name)));
		break;
	case SS_WH_SIGNAL:
		snprintf(buf, size, "woken by %s sending %s", who, ss_signal_name(w->signal, sig, sizeof(sig)));
		break;
	case SS_WH_TIMER:
		snprintf(buf, size, "the timer expired");
		break;
	case SS_WH_SYSCALL:
		/* the record keeps the waker's fd and bytes, not its other arguments */
		if (w->withheld & SS_WITHHELD_WAKER)
			ss_syscall_describe_withheld(m->info.machine, w->wnr, call, sizeof(call));
		else
			ss_syscall_describe_known(m->info.machine, w->wnr, w->wfd, (const uint64_t[3]){ 0, 0, w->wbytes },
						  SS_SCF_FD0 | SS_SCF_READ | SS_SCF_WRITE, call, sizeof(call));
		if (!chan_text(m, w->wchan, ch, sizeof(ch)))
			ch[0] = 0;
		/* what the waker was doing, not what it did: the trace cannot yet
		 * tell its own code from an interrupt's on its CPU */
		snprintf(buf, size, "woken while %s was in %s%s%s: by %s itself%s, or by an interrupt on its CPU",
			 who, call, ch[0] ? " on " : "", ch, ss_model_comm(m, w->waker, w->ready_ns),
			 w->reason == SS_R_KWORK ? " queueing the work" : "");
		break;
	case SS_WH_CLOSED:
		snprintf(buf, size, "woken by %s closing the other end (%s)", who,
			 w->reason == SS_R_PIPE_READ || w->reason == SS_R_RECV ? "end of file" : "no reader left");
		break;
	case SS_WH_UNTRACED:
		/* nothing tells what it was doing: an interrupt may have run on it */
		snprintf(buf, size, "woken while %s was running: by it, or by an interrupt on its CPU", who);
		break;
	case SS_WH_KTHREAD:
		snprintf(buf, size, "woken while %s, a kernel thread, was running: by it, or by an interrupt on its CPU",
			 who);
		break;
	case SS_WH_IRQ:
		snprintf(buf, size, "woken by an interrupt on an idle CPU (a timer or a device)");
		break;
	default:
		snprintf(buf, size, w->run_ns ? "no wakeup was seen" : "not woken yet");
		break;
	}
	(void)t;
}

/* Appends " in f (a.c:3) <- g (a.c:9)" for stack id to buf, depth frames,
 * when the model was given a teller (symbols/) and the wait a stack. */
static void stack_text(const struct ss_model *m, uint32_t id, unsigned depth, char *buf, size_t size)
{
	size_t len = strlen(buf);
	char words[512];

	if (!id || !m->teller.tell || len >= size)
		return;
	words[0] = 0;
	m->teller.tell(m->teller.ctx, &m->stacks, id, depth, words, sizeof(words));
	snprintf(buf + len, size - len, "%s", words);
}

char *ss_explain_wait(const struct ss_model *m, const struct ss_thread *t,
		      const struct ss_wait_rec *w, char *buf, size_t size)
{
	char dur[32], what[900], how[900];

	what_it_waited_for(m, t, w, what, sizeof(what));
	stack_text(m, w->stack, 2, what, sizeof(what));
	/* 4 kernel frames reach the page fault or the read behind an io_schedule */
	ss_explain_kstack(&m->stacks, w->kstack, w->sleep_state, 4, what + strlen(what), sizeof(what) - strlen(what));
	how_it_ended(m, t, w, how, sizeof(how));
	if (w->how == SS_WH_WROTE || w->how == SS_WH_READ || w->how == SS_WH_FUTEX ||
	    w->how == SS_WH_CONNECT || w->how == SS_WH_CLOSED || w->how == SS_WH_SIGNAL)
		stack_text(m, w->wstack, 1, how, sizeof(how));
	if (!w->run_ns) {
		/* still asleep (or woken, not yet running): it is not over */
		ss_explain_time(m, w->block_ns, dur, sizeof(dur));
		snprintf(buf, size, "blocked since %s %s; %s%s", dur, what, how,
			 w->ready_ns ? ", and now waits for a CPU" : "");
	} else if (ss_wait_did_not_sleep(w) && w->how != SS_WH_UNKNOWN) {
		/* the wakeup came as it went to sleep: the kernel made it runnable
		 * as soon as it was off the CPU */
		/* "as it went to sleep on purpose", not "to sleep asleep on purpose" */
		snprintf(buf, size, "did not sleep: as it went to sleep %s, it was %s%s",
			 strncmp(what, "asleep ", 7) ? what : what + 7,
			 strncmp(how, "woken ", 6) && strncmp(how, "released ", 9) ? "woken: " : "", how);
	} else {
		fmt_dur(dur, sizeof(dur), ss_wait_slept_ns(w));
		snprintf(buf, size, "blocked %s %s; %s", dur, what, how);
	}
	return buf;
}

char *ss_explain_thread_sums(const struct ss_model *m, const struct ss_thread *t, char *buf, size_t size)
{
	char runs[32], sleeps[32], none[80] = "", nw[32], d[3][32];

	(void)m;
	fmt_count(runs, sizeof(runs), t->st.runs, "time", NULL);
	fmt_count(sleeps, sizeof(sleeps), t->st.sleeps, "time", NULL);
	if (t->st.no_sleeps)
		snprintf(none, sizeof(none), " (and %s that did not sleep)",
			 fmt_count(nw, sizeof(nw), t->st.no_sleeps, "wait", NULL));
	if (t->st.sleeps)
		snprintf(buf, size, "ran %s for %s, blocked %s for %s%s, waited for a CPU %s in all", runs,
			 fmt_dur(d[0], sizeof(d[0]), t->st.run_ns), sleeps,
			 fmt_dur(d[1], sizeof(d[1]), t->st.blocked_ns), none, fmt_dur(d[2], sizeof(d[2]), t->st.wait_ns));
	else
		snprintf(buf, size, "ran %s for %s, never blocked%s, waited for a CPU %s in all", runs,
			 fmt_dur(d[0], sizeof(d[0]), t->st.run_ns), none, fmt_dur(d[2], sizeof(d[2]), t->st.wait_ns));
	return buf;
}

char *ss_explain_thread_line(const struct ss_model *m, const struct ss_thread *t, char *buf, size_t size)
{
	char who[64], parent[64];
	const struct ss_thread *p = t->parent >= 0 ? &m->threads[t->parent] : NULL;

	ss_explain_task(m, t->tid, m->end_ns, who, sizeof(who));
	if (p)
		ss_explain_task(m, p->tid, m->end_ns, parent, sizeof(parent));
	if (t->tid == m->info.root_pid)
		snprintf(buf, size, "%s, the traced command", who);
	else if (ss_model_is_kthread(m, t->tid, m->end_ns))
		snprintf(buf, size, "%s, a kernel thread", who);
	else if (ss_thread_is_thread(t))
		snprintf(buf, size, "%s, a thread of process %u (%s)", who, t->tgid, ss_model_comm(m, t->tgid, m->end_ns));
	else if (p)
		snprintf(buf, size, "%s, a process forked by %s", who, parent);
	else
		snprintf(buf, size, "%s, a process", who);
	return buf;
}

char *ss_explain_runnable(const struct ss_model *m, const struct ss_thread *t, size_t run,
			  char *buf, size_t size)
{
	const struct ss_slice *s = ss_model_run(m, t, run);
	uint32_t seen[3] = { 0 };
	unsigned nseen = 0, more = 0;
	char dur[32], who[160] = "";
	size_t off = 0;
	struct ss_gap g;
	long i;

	ss_model_run_gap(m, t, run, &g);
	if ((g.kind != SS_GAP_RUNNABLE && g.kind != SS_GAP_SLEPT) || (g.kind == SS_GAP_SLEPT && !g.woken))
		return NULL;
	fmt_dur(dur, sizeof(dur), ss_gap_runnable_ns(&g));
	/* who held the CPU meanwhile */
	i = ss_model_cpu_find(m, s->cpu, g.ready_ns);
	for (i = i < 0 ? 0 : i; (size_t)i < m->cpu[s->cpu].n; i++) {
		const struct ss_slice *o = &m->cpu[s->cpu].v[i];
		unsigned k;

		if (o->start_ns >= s->start_ns)
			break;
		if (o->end_ns <= g.ready_ns || o->tid == t->tid)
			continue;
		for (k = 0; k < nseen && seen[k] != o->tid; k++)
			;
		if (k < nseen)
			continue;
		if (nseen == 3) {
			more++;
			continue;
		}
		seen[nseen++] = o->tid;
		off += (size_t)snprintf(who + off, sizeof(who) - off, "%s%s %u", nseen > 1 ? ", " : "",
					ss_model_comm(m, o->tid, ss_explain_run_moment(o, g.ready_ns, s->start_ns)),
					o->tid);
		if (off >= sizeof(who))
			break;
	}
	if (nseen)
		snprintf(buf, size, "runnable %s on CPU %u while %s%s ran there%s", dur, s->cpu, who,
			 more ? " and others" : "",
			 g.kind == SS_GAP_RUNNABLE && run > 0 ? " (it had been preempted)" : "");
	else
		snprintf(buf, size, "runnable %s on CPU %u, which was idle: the wakeup took that long to reach it",
			 dur, s->cpu);
	return buf;
}

const char *ss_explain_run_end(const struct ss_slice *s, bool open)
{
	if (open)
		return "still running";
	if (s->flags & SS_SLICE_TO_END)
		return "was still running when the recording ended";
	switch (ss_state_from_index((int)s->end_state)) {
	case SS_ST_PREEMPTED:
	case SS_ST_RUNNING:
		return "then was preempted (R+), still runnable";
	case SS_ST_S:
		return "then went to sleep (S)";
	case SS_ST_D:
		return "then blocked uninterruptibly (D)";
	case SS_ST_Z:
	case SS_ST_X:
		return "then exited";
	case SS_ST_I:
		return "then went idle (I)";
	default:
		return "then stopped";
	}
}

char *ss_explain_run(const struct ss_model *m, const struct ss_slice *s, uint64_t end_ns,
		     char *buf, size_t size)
{
	char from[32], dur[32];
	bool open = s->end_ns == SS_OPEN_END;
	uint64_t end = open ? (end_ns > s->start_ns ? end_ns : s->start_ns) : s->end_ns;

	ss_explain_time(m, s->start_ns, from, sizeof(from));
	fmt_dur(dur, sizeof(dur), end - s->start_ns);
	snprintf(buf, size, "ran from %s for %s on CPU %u (prio %u), %s", from, dur, s->cpu, s->prio,
		 ss_explain_run_end(s, open));
	return buf;
}

char *ss_explain_ready(const struct ss_model *m, const struct ss_slice *s, char *buf, size_t size)
{
	const struct ss_thread *t = ss_model_thread(m, s->tid);
	const struct ss_slice *prev = NULL;
	const struct ss_wait_rec *w = NULL;
	char when[32], wait[32], who[160];
	struct ss_gap g;

	/* the run before it, when the model keeps the thread's runs */
	if (t) {
		long i = ss_model_thread_find(m, t, s->start_ns);

		if (i >= 0 && ss_model_run(m, t, (size_t)i)->start_ns == s->start_ns) {
			w = ss_model_wait_before_run(m, t, (size_t)i);
			i--;               /* s is run i: the one before */
		}
		if (i >= 0)
			prev = ss_model_run(m, t, (size_t)i);
	}
	ss_gap_between(prev, s, s->start_ns, &g);
	ss_explain_time(m, g.ready_ns, when, sizeof(when));
	fmt_dur(wait, sizeof(wait), ss_gap_runnable_ns(&g));
	switch (s->ready) {
	case SS_READY_WOKEN:
		/* an interrupt context woke it: the sleep's own sentence names it */
		if (w && w->wctx != SS_WC_NONE)
			snprintf(buf, size, "before: %s at %s (CPU %u), then waited %s for the CPU",
				 ss_explain_wake_ctx(m, w, who, sizeof(who)), when, s->wake_cpu, wait);
		else
			snprintf(buf, size, "before: woken by %s at %s (CPU %u), then waited %s for the CPU",
				 ss_explain_task(m, s->waker, g.ready_ns, who, sizeof(who)), when, s->wake_cpu, wait);
		break;
	case SS_READY_NEW:
		snprintf(buf, size, "before: new, woken after fork by %s at %s, then waited %s for the CPU",
			 ss_explain_task(m, s->waker, g.ready_ns, who, sizeof(who)), when, wait);
		break;
	case SS_READY_PREEMPTED:
		snprintf(buf, size, "before: preempted at %s, runnable %s until it ran again", when, wait);
		break;
	default:
		snprintf(buf, size, "%s", s->flags & SS_SLICE_FROM_START
			 ? "before: it was already running when the recording began"
			 : "before: how it became ready was not seen (it slept before the recording or outside the tree)");
		break;
	}
	if (s->flags & SS_SLICE_AFTER_LOSS)
		snprintf(buf + strlen(buf), size - strlen(buf), " (events were lost just before: uncertain)");
	return buf;
}

const char *ss_explain_held(void)
{
	return "held by schedscope until it starts the command (the recorder's, not the program's)";
}

/* ---- the critical path ---- */

/* Why the chain of wakers stops at a sleep that stays on the path. */
static const char *chain_end(unsigned stop)
{
	switch (stop) {
	case SS_CP_STOP_TIMER: return ": the chain ends at the timer";
	case SS_CP_STOP_IRQ: return ": the chain ends at the interrupt";
	case SS_CP_STOP_INTERRUPT: return ", which was in no syscall, so an interrupt did it: the chain ends there";
	case SS_CP_STOP_UNTRACED: return ", which was not traced: the chain ends there";
	case SS_CP_STOP_UNSEEN: return ": the chain ends there";
	default: return ": its wakers woke each other at one instant, so the chain ends there";
	}
}

char *ss_explain_critical(const struct ss_model *m, const struct ss_cp_seg *s, bool brief, char *buf,
			  size_t size)
{
	const struct ss_thread *t = ss_model_thread(m, s->tid);
	const struct ss_wait_rec *r = NULL;
	struct ss_wait_rec tmp;
	char who[64], other[64], text[768];
	struct ss_gap g;

	/* a share is named by what the thread was called last; a segment, then */
	ss_explain_task(m, s->tid, brief ? m->end_ns : s->from_ns, who, sizeof(who));
	if (brief) {
		switch (s->kind) {
		case SS_CP_RUNNING: snprintf(buf, size, "%s running", who); break;
		case SS_CP_RUNNABLE: snprintf(buf, size, "%s waiting for a CPU", who); break;
		case SS_CP_BLOCKED: snprintf(buf, size, "%s blocked: %s", who, ss_reason_name(s->reason)); break;
		default: snprintf(buf, size, "%s %s", who, ss_cp_kind_name(s->kind)); break;
		}
		return buf;
	}
	ss_explain_task(m, s->other, s->from_ns, other, sizeof(other));
	if (t && s->run >= 0 && (s->kind == SS_CP_BLOCKED || s->kind == SS_CP_WOKEN)) {
		ss_model_run_gap(m, t, (size_t)s->run, &g);
		r = ss_model_sleep_before_run(m, t, (size_t)s->run, &g, &tmp);
	} else if (t && s->kind == SS_CP_BLOCKED) {
		/* still asleep when the recording ended */
		ss_model_run_gap(m, t, t->nruns, &g);
		r = ss_model_sleep_before_run(m, t, t->nruns, &g, &tmp);
	}
	switch (s->kind) {
	case SS_CP_RUNNING:
		if (t && (size_t)s->run < t->nruns)
			ss_explain_run(m, ss_model_run(m, t, (size_t)s->run), m->end_ns, text, sizeof(text));
		else
			snprintf(text, sizeof(text), "running on CPU %d", s->cpu);
		snprintf(buf, size, "%s", text);
		break;
	case SS_CP_RUNNABLE:
		if (!t || s->run < 0 || (size_t)s->run >= t->nruns ||
		    !ss_explain_runnable(m, t, (size_t)s->run, text, sizeof(text)))
			snprintf(text, sizeof(text), "runnable, waiting for CPU %d", s->cpu);
		snprintf(buf, size, "%s", text);
		break;
	case SS_CP_BLOCKED:
		snprintf(buf, size, "%s%s", r ? ss_explain_wait(m, t, r, text, sizeof(text)) : "blocked",
			 chain_end(s->stop));
		break;
	case SS_CP_WOKEN:
		snprintf(buf, size, "%s %s: the path follows %s", who,
			 r ? ss_explain_wait(m, t, r, text, sizeof(text)) : "was woken", other);
		break;
	case SS_CP_FORKED:
		snprintf(buf, size, "%s was forked by %s: the path follows %s", who, other, other);
		break;
	case SS_CP_HANDED:
		if (!t || s->run < 0 || (size_t)s->run >= t->nruns ||
		    !ss_explain_runnable(m, t, (size_t)s->run, text, sizeof(text)))
			snprintf(text, sizeof(text), "runnable on CPU %d", s->cpu);
		snprintf(buf, size, "%s %s; %s gave the CPU up: the path follows %s", who, text, other, other);
		break;
	default:
		snprintf(buf, size, "nothing is known of %s before %s: it was not seen", who,
			 ss_explain_time(m, s->to_ns, text, sizeof(text)));
		break;
	}
	if (s->mark >= 0 && (size_t)s->mark < m->nmarks) {
		const struct ss_event *e = &m->marks[s->mark];
		const struct ss_probe *p = ss_model_probe_by_id(m, e->marker.probe);
		size_t off = strlen(buf);

		off += (size_t)snprintf(buf + off, off < size ? size - off : 0, " [after %s(", p ? p->name : "marker");
		for (uint32_t i = 0; i < e->marker.nargs && i < SS_MAX_MARKER_ARGS && off < size; i++)
			off += (size_t)snprintf(buf + off, size - off, "%s%lld", i ? ", " : "", (long long)e->marker.args[i]);
		if (off < size)
			snprintf(buf + off, size - off, ")]");
	}
	return buf;
}

/* ---- channels ---- */

static const char *endpoint(uint32_t addr_be, uint16_t port, bool v6, char *buf, size_t size)
{
	char a[INET_ADDRSTRLEN];
	struct in_addr in = { .s_addr = addr_be };

	if (v6 || !inet_ntop(AF_INET, &in, a, sizeof(a)))
		snprintf(buf, size, "port %u", port);
	else
		snprintf(buf, size, "%s:%u", a, port);
	return buf;
}

static bool two_ends(const struct ss_chan *c)
{
	return (c->kind == SS_CH_TCP || c->kind == SS_CH_UDP) && c->rport;
}

char *ss_explain_flow_way(const struct ss_flow *f, char *buf, size_t size)
{
	const struct ss_chan *c = &f->chan;
	char l[64], r[64];
	bool v6 = c->flags & SS_CHF_V6;

	if (!two_ends(c)) {
		buf[0] = 0;
		return buf;
	}
	endpoint(c->laddr, c->lport, v6, l, sizeof(l));
	endpoint(c->raddr, c->rport, v6, r, sizeof(r));
	/* a write leaves this end for the other; a read came from the other */
	snprintf(buf, size, "%s -> %s", f->dir ? l : r, f->dir ? r : l);
	return buf;
}

char *ss_explain_flow(const struct ss_model *m, const struct ss_flow *f, char *buf, size_t size)
{
	char who[64], b[32], calls[32], peer[64];
	bool sock = f->chan.kind >= SS_CH_UNIX && f->chan.kind <= SS_CH_SOCKET;

	ss_explain_task(m, f->tid, m->end_ns, who, sizeof(who));
	fmt_bytes(b, sizeof(b), f->bytes);
	fmt_count(calls, sizeof(calls), f->calls, "call", NULL);
	if (two_ends(&f->chan)) {
		endpoint(f->chan.raddr, f->chan.rport, f->chan.flags & SS_CHF_V6, peer, sizeof(peer));
		snprintf(buf, size, "%s %s %s in %s %s %s", who, f->dir ? "sent" : "received", b, calls,
			 f->dir ? "to" : "from", peer);
	} else {
		snprintf(buf, size, "%s %s %s in %s", who, f->dir ? (sock ? "sent" : "wrote") : (sock ? "received" : "read"),
			 b, calls);
	}
	return buf;
}

/* "worker-1 123 (port 40532)", or "port 40532" when no traced thread owns that end */
static char *conn_end(const struct ss_model *m, uint64_t chan, uint32_t tid, uint16_t port, char *buf, size_t size)
{
	char who[64];

	for (size_t i = 0; !tid && i < m->nflows; i++)
		if (m->flows[i].chan.id == chan && m->flows[i].chan.lport == port)
			tid = m->flows[i].tid;
	if (tid)
		snprintf(buf, size, "%s (port %u)", ss_explain_task(m, tid, m->end_ns, who, sizeof(who)), port);
	else
		snprintf(buf, size, "port %u", port);
	return buf;
}

char *ss_explain_connection(const struct ss_model *m, const struct ss_chan *c, char *buf, size_t size)
{
	char from[96], to[96];
	uint32_t tid;
	uint16_t port, other;

	buf[0] = 0;
	if (c->kind != SS_CH_TCP || !c->rport)
		return buf;
	if (!ss_model_connector(m, c->id, &tid, &port)) {
		snprintf(buf, size, "who connected to whom is not in the trace (no traced thread was seen in connect())");
		return buf;
	}
	other = port == c->lport ? c->rport : c->lport;
	snprintf(buf, size, "%s connected to %s%s", conn_end(m, c->id, tid, port, from, sizeof(from)),
		 conn_end(m, c->id, 0, other, to, sizeof(to)),
		 ss_model_connect_seen(m, c->id) ? "" : ", whose port several connections share: a listening port");
	return buf;
}

int ss_flow_cmp(const struct ss_flow *x, const struct ss_flow *y)
{
	char wx[96], wy[96];
	int c;

	if ((c = strcmp(ss_explain_flow_way(x, wx, sizeof(wx)), ss_explain_flow_way(y, wy, sizeof(wy)))))
		return c;
	if (x->dir != y->dir)
		return x->dir > y->dir ? -1 : 1;   /* writers first */
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}
