/*
 * Plain words for the interrupt contexts (tracer/ctx.bpf.h): which timer,
 * interrupt or softirq woke a sleep, and how long each CPU spent in them.
 * Part of model/explain.h, in a file of its own for length: every sentence
 * that names a context (why, dump, flows, the UI, the exports) comes from
 * here, and none names the task an interrupt merely interrupted.
 */
#include "model/explain.h"

#include <stdio.h>
#include <string.h>

#include "model/syscalls.h"
#include "util/fmt.h"

const char *ss_softirq_name(unsigned vec)
{
	/* the kernel's softirq_to_name[] */
	static const char *const names[SS_SOFTIRQ_MAX] = {
		"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU",
	};

	return vec < SS_SOFTIRQ_MAX ? names[vec] : "?";
}

/* What a softirq is for, in words: "the network softirq (NET_RX)". */
static const char *softirq_words(unsigned vec)
{
	static const char *const words[SS_SOFTIRQ_MAX] = {
		"the high-priority tasklet softirq", "the timer softirq", "the network transmit softirq",
		"the network softirq", "the block I/O softirq", "the I/O polling softirq", "the tasklet softirq",
		"the scheduler's softirq", "the hrtimer softirq", "the RCU softirq",
	};

	return vec < SS_SOFTIRQ_MAX ? words[vec] : "a softirq";
}

/* The context in words, the same for a sleep (why, the UI) and for the
 * event (dump). sleep_call: the sleeping syscall's name, or NULL. */
static char *ctx_words(unsigned cause, uint32_t id, const char *irq_name, const char *sleep_call, bool sleep,
		       char *buf, size_t size)
{
	switch (cause) {
	case SS_WC_TIMER:
		if (id == SS_TIMER_SLEEP && sleep_call)
			snprintf(buf, size, "the %s %s expired", sleep_call, sleep ? "timer" : "timeout");
		else if (id == SS_TIMER_SLEEP)
			snprintf(buf, size, "the timer of its own sleep expired");
		else if (id == SS_TIMER_ITIMER)
			snprintf(buf, size, "woken by its interval timer (setitimer or alarm) expiring");
		else
			snprintf(buf, size, "woken from the timer interrupt%s",
				 id == SS_TIMER_TICK ? " (the scheduler tick)" : "");
		break;
	case SS_WC_HARDIRQ:
		snprintf(buf, size, "woken from interrupt %u (%s)", id, irq_name ? irq_name : "a device");
		break;
	case SS_WC_SOFTIRQ:
		snprintf(buf, size, "woken by %s (%s)", softirq_words(id), ss_softirq_name(id));
		break;
	default:
		buf[0] = 0;
		break;
	}
	return buf;
}

char *ss_explain_ctx(const char *machine, const struct ss_irq_name *names, size_t nnames, unsigned ctx,
		     uint32_t id, int32_t sleep_nr, uint8_t reason, char *buf, size_t size)
{
	const char *irq = NULL;
	char name[40];

	for (size_t i = 0; ctx == SS_WC_HARDIRQ && i < nnames; i++)
		if (names[i].irq == id)
			irq = names[i].name;
	return ctx_words(ctx, id, irq, sleep_nr >= 0 ? ss_syscall_name(machine, sleep_nr, name, sizeof(name)) : NULL,
			 reason == SS_R_SLEEP, buf, size);
}

char *ss_explain_wake_ctx(const struct ss_model *m, const struct ss_wait_rec *w, char *buf, size_t size)
{
	return ss_explain_ctx(m->info.machine, m->irq_names, m->nirq_names, w->wctx, w->wctx_id, w->nr, w->reason,
			      buf, size);
}

char *ss_explain_waker_ctx(const struct ss_event *ev, char *buf, size_t size)
{
	static const char *const lead[] = { "woken by ", "woken from " };
	char w[160];

	ctx_words(ev->waker.cause, ev->waker.ctx_id, NULL, NULL, false, w, sizeof(w));
	/* the event names the context, not the woken one: "the network softirq
	 * (NET_RX)", "the timer interrupt" */
	for (size_t i = 0; i < sizeof(lead) / sizeof(lead[0]); i++)
		if (!strncmp(w, lead[i], strlen(lead[i]))) {
			snprintf(buf, size, "%s", w + strlen(lead[i]));
			return buf;
		}
	snprintf(buf, size, "%s", w);
	return buf;
}

char *ss_explain_wake_ctx_short(const struct ss_wait_rec *w, char *buf, size_t size)
{
	if (w->wctx == SS_WC_TIMER)
		snprintf(buf, size, "timer");
	else if (w->wctx == SS_WC_HARDIRQ)
		snprintf(buf, size, "irq %u", w->wctx_id);
	else if (w->wctx == SS_WC_SOFTIRQ)
		snprintf(buf, size, "softirq %s", ss_softirq_name(w->wctx_id));
	else
		buf[0] = 0;
	return buf;
}

char *ss_explain_irq_time(const struct ss_irq_time *t, char *buf, size_t size)
{
	char d[3][32], n[2][32], top[160] = "";
	uint64_t soft_ns = 0;
	size_t off = 0;

	if (!t) {
		snprintf(buf, size, "not recorded");
		return buf;
	}
	for (unsigned v = 0; v < SS_SOFTIRQ_MAX; v++) {
		soft_ns += t->softirq_ns[v];
		if (t->softirq_n[v] && off < sizeof(top))
			off += (size_t)snprintf(top + off, sizeof(top) - off, "%s%s %s", off ? ", " : "",
						ss_softirq_name(v), fmt_dur(d[0], sizeof(d[0]), t->softirq_ns[v]));
	}
	fmt_dur(d[0], sizeof(d[0]), t->hardirq_ns);
	fmt_dur(d[1], sizeof(d[1]), soft_ns);
	fmt_dur(d[2], sizeof(d[2]), t->timer_ns);
	snprintf(buf, size, "%s in device interrupts (%s), %s in softirqs%s%s%s, %s in timer callbacks (%s)", d[0],
		 fmt_count(n[0], sizeof(n[0]), t->hardirq_n, "handler run", NULL), d[1], top[0] ? " (" : "", top,
		 top[0] ? ")" : "", d[2], fmt_count(n[1], sizeof(n[1]), t->timer_n, "expiry", "expiries"));
	return buf;
}
