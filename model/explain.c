#include "model/explain.h"

#include <stdio.h>
#include <string.h>

#include "model/syscalls.h"
#include "util/fmt.h"

char *ss_explain_task(const struct ss_model *m, uint32_t tid, uint64_t ts, char *buf, size_t size)
{
	snprintf(buf, size, "%s %u", ss_model_comm(m, tid, ts), tid);
	return buf;
}

/* The sleeping (or waking) call, from what a wait record keeps of it. */
static char *call_text(const struct ss_model *m, int nr, int fd, uint64_t bytes, uint64_t arg0,
		       char *buf, size_t size)
{
	const uint64_t args[3] = { arg0, 0, bytes };

	return ss_syscall_describe(m->info.machine, nr, fd, args, buf, size);
}

static const char *chan_text(const struct ss_model *m, uint64_t id, char *buf, size_t size)
{
	const struct ss_chan *c = ss_model_chan(m, id);

	if (!c)
		return NULL;
	return ss_chan_name(c, buf, size);
}


/* "in pipe read (pipe:[81234])", "waiting for the lock (futex 0x...)" */
static void what_it_waited_for(const struct ss_model *m, const struct ss_wait_rec *w, char *buf,
			       size_t size)
{
	char ch[96], call[96];
	const char *c = chan_text(m, w->chan, ch, sizeof(ch));

	call_text(m, w->nr, w->fd, w->bytes, w->arg0, call, sizeof(call));
	switch (w->reason) {
	case SS_R_LOCK:
		snprintf(buf, size, "waiting for a lock (%s)", c ? c : call);
		break;
	case SS_R_JOIN:
		if (w->nr >= 0 && (int64_t)w->arg0 > 0)
			snprintf(buf, size, "waiting for child %lld to end (%s)", (long long)w->arg0, call);
		else
			snprintf(buf, size, "in join/wait (%s)", c ? c : call);
		break;
	case SS_R_SLEEP:
		snprintf(buf, size, "asleep on purpose (%s)", call);
		break;
	case SS_R_UNKNOWN:
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

/* "writer 4412 writing 2 bytes" */
static void how_it_ended(const struct ss_model *m, const struct ss_wait_rec *w, char *buf, size_t size)
{
	char who[64], call[96], ch[96], sig[32];
	const struct ss_syscall_info *wi;
	const struct ss_thread *wt;

	ss_explain_task(m, w->waker, w->ready_ns, who, sizeof(who));
	switch (w->how) {
	case SS_WH_WROTE:
		wi = ss_syscall(m->info.machine, w->wnr);
		snprintf(buf, size, "woken by %s %s %llu bytes", who,
			 wi && wi->kind == SS_SC_SEND ? "sending" : wi && wi->kind == SS_SC_MQ_SEND ? "queueing" : "writing",
			 (unsigned long long)w->wbytes);
		break;
	case SS_WH_READ:
		snprintf(buf, size, "woken by %s reading %llu bytes, which made room", who,
			 (unsigned long long)w->wbytes);
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
		if (wt && wt->flags & SS_THREADF_EXITED) {
			if (wt->exit_code & 0x7f)
				snprintf(buf, size, "woken by %s exiting (killed by %s)", who,
					 ss_signal_name(wt->exit_code & 0x7f, sig, sizeof(sig)));
			else
				snprintf(buf, size, "woken by %s exiting with code %d", who,
					 (wt->exit_code >> 8) & 0xff);
		} else {
			snprintf(buf, size, "woken by %s exiting", who);
		}
		break;
	case SS_WH_SIGNAL:
		snprintf(buf, size, "woken by %s sending %s", who, ss_signal_name(w->signal, sig, sizeof(sig)));
		break;
	case SS_WH_TIMER:
		snprintf(buf, size, "the timer expired");
		break;
	case SS_WH_SYSCALL:
		call_text(m, w->wnr, w->wfd, w->wbytes, 0, call, sizeof(call));
		snprintf(buf, size, "woken while %s was in %s%s%s (an interrupt or a timeout, not %s itself)",
			 who, call, chan_text(m, w->wchan, ch, sizeof(ch)) ? " on " : "",
			 chan_text(m, w->wchan, ch, sizeof(ch)) ? ch : "", ss_model_comm(m, w->waker, w->ready_ns));
		break;
	case SS_WH_UNTRACED:
		snprintf(buf, size, "woken by %s", who);
		break;
	case SS_WH_IRQ:
		snprintf(buf, size, "woken by an interrupt on an idle CPU (a timer or a device)");
		break;
	default:
		snprintf(buf, size, "no wakeup was seen");
		break;
	}
}

char *ss_explain_wait(const struct ss_model *m, const struct ss_thread *t,
		      const struct ss_wait_rec *w, char *buf, size_t size)
{
	char dur[32], what[256], how[512];
	uint64_t end = w->ready_ns ? w->ready_ns : w->run_ns;

	(void)t;
	fmt_dur(dur, sizeof(dur), end > w->block_ns ? end - w->block_ns : 0);
	what_it_waited_for(m, w, what, sizeof(what));
	how_it_ended(m, w, how, sizeof(how));
	snprintf(buf, size, "blocked %s %s; %s", dur, what, how);
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
	long i;

	if (s->ready == SS_READY_UNKNOWN || !s->ready_ns || s->ready_ns > s->start_ns)
		return NULL;
	fmt_dur(dur, sizeof(dur), s->start_ns - s->ready_ns);
	/* who held the CPU meanwhile */
	i = ss_model_cpu_find(m, s->cpu, s->ready_ns);
	for (i = i < 0 ? 0 : i; (size_t)i < m->cpu[s->cpu].n; i++) {
		const struct ss_slice *o = &m->cpu[s->cpu].v[i];
		unsigned k;

		if (o->start_ns >= s->start_ns)
			break;
		if (o->end_ns <= s->ready_ns || o->tid == t->tid)
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
					ss_model_comm(m, o->tid, o->start_ns), o->tid);
		if (off >= sizeof(who))
			break;
	}
	if (nseen)
		snprintf(buf, size, "runnable %s on CPU %u while %s%s ran there%s", dur, s->cpu, who,
			 more ? " and others" : "",
			 s->ready == SS_READY_PREEMPTED ? " (it had been preempted)" : "");
	else
		snprintf(buf, size, "runnable %s on CPU %u, which was idle: the wakeup took that long to reach it",
			 dur, s->cpu);
	return buf;
}
