/*
 * Plain words for what one event of a file says (dump): a sleep's syscall
 * (SS_BLOCK), what a waker was doing (SS_WAKER), a signal sent or taken.
 * Part of model/explain.h, in a file of its own for length and concern:
 * these sentences read the events as they come, with the task table, not
 * the model's stored sleeps.
 */
#include "model/explain.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "model/syscalls.h"

/* "comm:pid", as perf and dump name tasks */
static const char *perf_who(const struct ss_tasks *tasks, uint32_t pid, uint64_t ts, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%u", ss_tasks_comm(tasks, pid, ts), pid);
	return buf;
}

static bool kthread_at(const struct ss_tasks *tasks, uint32_t pid, uint64_t ts)
{
	return pid && ss_tasks_kthread_at(tasks, pid, ts);
}

/* "read(fd 3, 4 bytes) on pipe:[61126]"; another user's, withheld: "read() (arguments
 * withheld: another user's process)" */
static const char *sys_text(const struct ss_trace_info *info, const struct ss_sys *s, char *buf, size_t size)
{
	char ch[96];
	size_t k;

	if (ss_sys_withheld(s))
		ss_syscall_describe_withheld(info->machine, s->nr, buf, size);
	else
		ss_syscall_describe(info->machine, s->nr, s->fd, s->args, buf, size);
	k = strlen(buf);
	if (s->chan.kind != SS_CH_NONE && k < size)
		snprintf(buf + k, size - k, " on %s", ss_chan_name(&s->chan, ch, sizeof(ch)));
	return buf;
}

char *ss_explain_block(const struct ss_trace_info *info, const struct ss_tasks *tasks,
		       const struct ss_event *ev, bool held, char *buf, size_t size)
{
	char sys[256];

	if (kthread_at(tasks, ev->pid, ev->ts_ns))
		snprintf(buf, size, "goes to sleep (a kernel thread: it makes no syscall, its registers say nothing)");
	else if (ev->block.nr < 0)
		snprintf(buf, size, "goes to sleep outside any syscall (a page fault or the like)");
	else
		snprintf(buf, size, "sleeps in %s%s", sys_text(info, &ev->block, sys, sizeof(sys)),
			 held ? " (schedscope's own, holding the command until it starts it)" : "");
	return buf;
}

char *ss_explain_waker(const struct ss_trace_info *info, const struct ss_tasks *tasks,
		       const struct ss_event *ev, char *buf, size_t size)
{
	char wakee[64], sys[256];

	/* what the waker was doing, not a claim that it ran the waking code:
	 * an interrupt may have done that on top of it */
	perf_who(tasks, ev->waker.wakee, ev->ts_ns, wakee, sizeof(wakee));
	if (ev->waker.cause >= SS_WC_HARDIRQ) {
		/* no task: the interrupt context did it */
		snprintf(buf, size, "woke %s: %s", wakee, ss_explain_waker_ctx(ev, sys, sizeof(sys)));
	} else if (ev->waker.cause == SS_WC_EXIT)
		snprintf(buf, size, "was exiting when %s was woken", wakee);
	else if (kthread_at(tasks, ev->pid, ev->ts_ns))
		snprintf(buf, size, "was running when %s was woken (a kernel thread: no syscall tells what it did)",
			 wakee);
	else
		snprintf(buf, size, "was in %s when %s was woken", sys_text(info, &ev->waker.sys, sys, sizeof(sys)),
			 wakee);
	return buf;
}

/* ---- signals ---- */

struct group_signals {
	uint64_t hkey;             /* tgid */
	uint32_t sender;           /* the last signal sent to a thread of the group, by whom */
	int32_t sig;
	uint32_t exited;           /* a thread of the group that exited, or 0 */
	uint32_t killed;           /* SIGKILL was sent to this thread by a task (0: none) */
};

void ss_signal_book_init(struct ss_signal_book *b)
{
	hmap_init(&b->by_tgid, sizeof(struct group_signals));
}

void ss_signal_book_free(struct ss_signal_book *b)
{
	hmap_free(&b->by_tgid);
}

static uint32_t tgid_of(const struct ss_tasks *tasks, uint32_t pid, uint64_t ts)
{
	const struct ss_task *t = ss_tasks_at(tasks, pid, ts);

	return t && t->tgid ? t->tgid : pid;
}

void ss_signal_book_note(struct ss_signal_book *b, const struct ss_tasks *tasks, const struct ss_event *ev)
{
	struct group_signals *g;

	if (ev->kind == SS_SIGNAL && ev->signal.dir == SS_SIGNAL_SENT && ev->signal.result == 0) {
		g = hmap_put(&b->by_tgid, tgid_of(tasks, ev->signal.target, ev->ts_ns));
		if (!g)
			return;
		g->sender = ev->pid;
		g->sig = ev->signal.sig;
		if (ev->signal.sig == SIGKILL)
			g->killed = ev->signal.target;
	} else if (ev->kind == SS_EXIT) {
		g = hmap_put(&b->by_tgid, tgid_of(tasks, ev->pid, ev->ts_ns));
		if (g && !g->exited)
			g->exited = ev->pid;
	}
}

static const char *result_text(int result)
{
	/* TRACE_SIGNAL_* in include/trace/events/signal.h */
	switch (result) {
	case 0: return "";
	case 1: return " (ignored by the receiver)";
	case 2: return " (already pending)";
	case 3: return " (lost: queue overflow)";
	case 4: return " (delivered without its info)";
	default: return " (not delivered)";
	}
}

char *ss_explain_signal(const struct ss_tasks *tasks, const struct ss_signal_book *b,
			const struct ss_event *ev, char *buf, size_t size)
{
	const struct group_signals *g;
	char sig[32], who[64], cause[160] = "";

	ss_signal_name(ev->signal.sig, sig, sizeof(sig));
	if (ev->signal.dir == SS_SIGNAL_SENT) {
		snprintf(buf, size, "sends %s to %s%s", sig, perf_who(tasks, ev->signal.target, ev->ts_ns, who, sizeof(who)),
			 result_text(ev->signal.result));
		return buf;
	}
	g = hmap_get(&b->by_tgid, tgid_of(tasks, ev->pid, ev->ts_ns));
	if (ev->signal.sig != SIGKILL || (g && g->killed && g->sig == SIGKILL)) {
		snprintf(buf, size, "takes delivery of %s", sig);
		return buf;
	}
	/* complete_signal() turns a fatal signal into SIGKILL for every thread
	 * of the group, and exit_group()/exec (zap_other_threads()) do the same
	 * for the other threads: no signal_generate event says so */
	if (g && g->sig && g->sender) {
		char s2[32];

		snprintf(cause, sizeof(cause), "; here after %s from %s", ss_signal_name(g->sig, s2, sizeof(s2)),
			 perf_who(tasks, g->sender, ev->ts_ns, who, sizeof(who)));
	} else if (g && g->exited && g->exited != ev->pid) {
		snprintf(cause, sizeof(cause), "; here after %s of its group exited",
			 perf_who(tasks, g->exited, ev->ts_ns, who, sizeof(who)));
	}
	snprintf(buf, size, "takes delivery of SIGKILL, which no task sent: the kernel queues SIGKILL to every "
		 "thread of a group that is being killed or is exiting (complete_signal, zap_other_threads), "
		 "without a signal_generate event%s", cause);
	return buf;
}
