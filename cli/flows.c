/* schedscope flows: who talked to whom through which channel, and who waited on which lock. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/explain.h"
#include "util/fmt.h"
#include "util/vec.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope flows FILE [--salvage]\n\n"
		"Lists the channels the traced programs used to talk - pipes, sockets, message\n"
		"queues - with their writers and readers, calls and bytes (counted in the\n"
		"kernel: 'schedscope run' always, 'record' with --flows; otherwise the sleeps\n"
		"and wakeups on each channel), and the locks (futexes) they waited on, with\n"
		"the waiters, how often and how long they waited, and who woke them.\n\n"
		"  --salvage   read a damaged file up to the damage\n"
		"  -h, --help  this help\n");
}

/* By channel; on a connection, by the way the bytes went; writers first. */
static int by_chan(const void *a, const void *b)
{
	const struct ss_flow *x = a, *y = b;

	if (x->chan.id != y->chan.id)
		return x->chan.id < y->chan.id ? -1 : 1;
	return ss_flow_cmp(x, y);
}

static bool print_channels(const struct ss_model *m)
{
	struct ss_flow *v = malloc((m->nflows ? m->nflows : 1) * sizeof(*v));
	char name[128], text[256], conn[192], count[32];
	size_t n = 0, nchans = 0;

	if (!v)
		return false;
	/* the recorder's start pipe is not the program's (model: the held start) */
	for (size_t i = 0; i < m->nflows; i++)
		if (!ss_model_flow_is_recorders(m, &m->flows[i]))
			v[n++] = m->flows[i];
	if (n)                     /* no qsort of NULL (v may be empty) */
		qsort(v, n, sizeof(*v), by_chan);
	for (size_t i = 0; i < n; i++)
		nchans += i == 0 || v[i].chan.id != v[i - 1].chan.id;
	printf("Channels (%s)\n", fmt_count(count, sizeof(count), nchans, "channel", NULL));
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i].chan.id != v[i - 1].chan.id) {
			ss_explain_connection(m, &v[i].chan, conn, sizeof(conn));
			printf("  %s%s%s\n", ss_chan_name(&v[i].chan, name, sizeof(name)), conn[0] ? ": " : "", conn);
		}
		printf("    %s\n", ss_explain_flow(m, &v[i], text, sizeof(text)));
	}
	if (!n)
		printf("  none: no traced thread moved data through a pipe or socket\n");
	free(v);
	return true;
}

/* Without --flows only the sleeps and wakeups tell who used a channel. */
struct chan_use {
	uint64_t chan;
	uint32_t tid;
	bool woke;                /* as a waker (else as a sleeper) */
	uint32_t n;
	uint64_t ns, bytes;
};

/* False when memory ran out (the row could not be added). */
static bool use_add(struct chan_use **v, size_t *n, size_t *cap, uint64_t chan, uint32_t tid,
		    bool woke, uint64_t ns, uint64_t bytes)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].chan == chan && (*v)[i].tid == tid && (*v)[i].woke == woke) {
			(*v)[i].n++;
			(*v)[i].ns += ns;
			(*v)[i].bytes += bytes;
			return true;
		}
	if (!vec_grow((void **)v, cap, *n + 1, sizeof(**v)))
		return false;
	(*v)[(*n)++] = (struct chan_use){ chan, tid, woke, 1, ns, bytes };
	return true;
}

static int by_use(const void *a, const void *b)
{
	const struct chan_use *x = a, *y = b;

	if (x->chan != y->chan)
		return x->chan < y->chan ? -1 : 1;
	if (x->woke != y->woke)
		return x->woke ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

/* False, with nothing printed, when memory ran out. */
static bool print_channels_from_waits(const struct ss_model *m)
{
	struct chan_use *v = NULL;
	size_t n = 0, cap = 0;
	char name[128], who[64], d[32], b[32], cnt[32];

	for (size_t ti = 0; ti < m->nthreads; ti++) {
		const struct ss_thread *t = &m->threads[ti];

		for (size_t i = 0; i < t->nwaits; i++) {
			const struct ss_wait_rec *w = &t->waits[i];
			const struct ss_chan *c = ss_model_chan(m, w->chan);

			if (!c || c->kind == SS_CH_FUTEX || c->kind == SS_CH_FILE)
				continue;
			if (!use_add(&v, &n, &cap, w->chan, t->tid, false, ss_wait_slept_ns(w), 0) ||
			    (w->waker && w->wchan == w->chan &&
			     (w->how == SS_WH_WROTE || w->how == SS_WH_READ || w->how == SS_WH_PASSED) &&
			     !use_add(&v, &n, &cap, w->chan, w->waker, true, 0, w->wbytes))) {
				free(v);
				return false;
			}
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), by_use);
	printf("Channels (seen in sleeps and wakeups; record with --flows to count all traffic)\n");
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i].chan != v[i - 1].chan)
			printf("  %s\n", ss_chan_name(ss_model_chan(m, v[i].chan), name, sizeof(name)));
		if (v[i].woke)
			printf("    waker   %-28s %12s %9s moved\n",
			       ss_explain_task(m, v[i].tid, m->end_ns, who, sizeof(who)),
			       fmt_count(cnt, sizeof(cnt), v[i].n, "wakeup", NULL), fmt_bytes(b, sizeof(b), v[i].bytes));
		else
			printf("    sleeper %-28s %12s %9s\n",
			       ss_explain_task(m, v[i].tid, m->end_ns, who, sizeof(who)),
			       fmt_count(cnt, sizeof(cnt), v[i].n, "sleep", NULL), fmt_dur(d, sizeof(d), v[i].ns));
	}
	if (!n)
		printf("  none: no traced thread slept on a pipe or socket\n");
	free(v);
	return true;
}

struct lock_waiter {
	uint64_t chan;
	uint32_t tid;
	uint8_t reason;           /* SS_R_LOCK, or SS_R_JOIN (pthread_join waits on a futex too) */
	uint32_t waits;           /* that slept */
	uint32_t no_sleeps;       /* that did not sleep (ss_wait_did_not_sleep()) */
	uint64_t wait_ns;
	uint32_t wakers[4];
	unsigned nwakers;
	char ctx[32];             /* an interrupt context that woke it ("timer"), never a task it interrupted */
};

static int by_lock(const void *a, const void *b)
{
	const struct lock_waiter *x = a, *y = b;

	if (x->chan != y->chan)
		return x->chan < y->chan ? -1 : 1;
	if (x->reason != y->reason)
		return x->reason < y->reason ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

/* False, with nothing printed, when memory ran out. */
static bool print_locks(const struct ss_model *m)
{
	struct lock_waiter *v = NULL;
	size_t n = 0, cap = 0;
	char name[128], who[64], d[32], w[64], cnt[32], none[32];

	for (size_t ti = 0; ti < m->nthreads; ti++) {
		const struct ss_thread *t = &m->threads[ti];

		for (size_t i = 0; i < t->nwaits; i++) {
			const struct ss_wait_rec *x = &t->waits[i];
			const struct ss_chan *c = ss_model_chan(m, x->chan);
			struct lock_waiter *lw = NULL;

			if (!c || c->kind != SS_CH_FUTEX || (x->reason != SS_R_LOCK && x->reason != SS_R_JOIN))
				continue;
			for (size_t k = 0; k < n; k++)
				if (v[k].chan == x->chan && v[k].tid == t->tid && v[k].reason == x->reason)
					lw = &v[k];
			if (!lw) {
				if (!vec_grow((void **)&v, &cap, n + 1, sizeof(*v))) {
					free(v);
					return false;
				}
				lw = &v[n++];
				memset(lw, 0, sizeof(*lw));
				lw->chan = x->chan;
				lw->tid = t->tid;
				lw->reason = x->reason;
			}
			if (ss_wait_did_not_sleep(x))
				lw->no_sleeps++;
			else
				lw->waits++;
			lw->wait_ns += ss_wait_slept_ns(x);
			if (x->wctx != SS_WC_NONE && !lw->ctx[0])
				ss_explain_wake_ctx_short(x, lw->ctx, sizeof(lw->ctx));
			if (x->waker) {
				unsigned k;

				for (k = 0; k < lw->nwakers && lw->wakers[k] != x->waker; k++)
					;
				if (k == lw->nwakers && k < 4)
					lw->wakers[lw->nwakers++] = x->waker;
			}
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), by_lock);
	printf("\nFutexes waited on (locks, and threads joined)\n");
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i].chan != v[i - 1].chan) {
			uint64_t total = 0;

			for (size_t k = i; k < n && v[k].chan == v[i].chan; k++)
				total += v[k].wait_ns;
			printf("  %s   total wait %s\n", ss_chan_name(ss_model_chan(m, v[i].chan), name, sizeof(name)),
			       fmt_dur(d, sizeof(d), total));
		}
		size_t off = 0;
		w[0] = 0;
		for (unsigned k = 0; k < v[i].nwakers && off < sizeof(w); k++)
			off += (size_t)snprintf(w + off, sizeof(w) - off, "%s%u", k ? "," : "", v[i].wakers[k]);
		if (v[i].ctx[0] && off < sizeof(w))
			snprintf(w + off, sizeof(w) - off, "%s%s", off ? "," : "", v[i].ctx);
		printf("    waiter  %-28s %-4s %9s %10s  woken by %s",
		       ss_explain_task(m, v[i].tid, m->end_ns, who, sizeof(who)),
		       v[i].reason == SS_R_JOIN ? "join" : "lock", fmt_count(cnt, sizeof(cnt), v[i].waits, "wait", NULL),
		       fmt_dur(d, sizeof(d), v[i].wait_ns), w[0] ? w : "-");
		if (v[i].no_sleeps)
			printf(" (and %s that did not sleep)", fmt_count(none, sizeof(none), v[i].no_sleeps, "wait", NULL));
		printf("\n");
	}
	if (!n)
		printf("  none: no traced thread waited on a futex\n");
	free(v);
	return true;
}

int cmd_flows(int argc, char **argv)
{
	struct ss_model m;
	const char *path;
	unsigned flags;
	bool ok;
	int rc;

	rc = cli_parse_file_args("flows", argc, argv, usage, &path, &flags);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (cli_load_model(&m, path, flags))
		return CLI_FAIL;
	/* a section memory ran out for is not printed short: it is said */
	ok = (m.info.flags & SS_TF_FLOWS) ? print_channels(&m) : print_channels_from_waits(&m);
	ok = ok && print_locks(&m);
	ss_model_free(&m);
	return ok ? 0 : cli_out_of_memory("flows");
}
