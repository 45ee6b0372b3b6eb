/* schedscope why: each time a thread was off the CPU, in plain words. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/explain.h"
#include "model/syscalls.h"
#include "util/fmt.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope why FILE --pid TID [--at TIME] [--salvage]\n\n"
		"Tells, in plain words, every interval in which thread TID was off the CPU:\n"
		"what it was blocked in (a lock, a pipe, a sleep, a child...), for how long,\n"
		"who woke it and how; and every interval it was ready to run but waited for a\n"
		"CPU, on which CPU, and who ran there instead. Times are since the recording\n"
		"began.\n\n"
		"Options:\n"
		"  -p, --pid TID    the thread (a process's main thread has TID = PID)\n"
		"  -a, --at TIME    only the interval around TIME (e.g. 1.5, 12.3ms, 800us)\n"
		"      --tsv        tab-separated, for scripts, one interval per line:\n"
		"                   blocked  start_ns dur_ns reason chan_id waker how cpu\n"
		"                   runnable start_ns dur_ns cpu woken|preempted|new\n"
		"      --salvage    read a damaged file up to the damage\n"
		"  -h, --help       this help\n");
}

static bool tsv;

static void line(const struct ss_model *m, uint64_t ts, const char *text)
{
	char t[32];

	fmt_dur(t, sizeof(t), ts > m->start_ns ? ts - m->start_ns : 0);
	printf("%12s  %s\n", t, text);
}

/* blocked: start_ns dur_ns reason chan_id waker how cpu ; runnable: start_ns dur_ns cpu ready */
static void tsv_wait(const struct ss_wait_rec *w)
{
	uint64_t end = w->ready_ns ? w->ready_ns : w->run_ns;

	printf("blocked\t%llu\t%llu\t%s\t%016llx\t%u\t%s\t%u\n", (unsigned long long)w->block_ns,
	       (unsigned long long)(end - w->block_ns), ss_reason_name(w->reason),
	       (unsigned long long)w->chan, w->waker, ss_wake_how_name(w->how), w->cpu);
}

static void tsv_runnable(const struct ss_slice *s)
{
	if (s->ready == SS_READY_UNKNOWN || !s->ready_ns || s->ready_ns > s->start_ns)
		return;
	printf("runnable\t%llu\t%llu\t%u\t%s\n", (unsigned long long)s->ready_ns,
	       (unsigned long long)(s->start_ns - s->ready_ns), s->cpu,
	       s->ready == SS_READY_PREEMPTED ? "preempted" : s->ready == SS_READY_NEW ? "new" : "woken");
}

/* Prints the sleep and the CPU wait that ended with run i (or the sleep
 * still going on at the end when i == nruns). */
static void explain_before_run(const struct ss_model *m, const struct ss_thread *t, size_t i,
			       const struct ss_wait_rec **w, const struct ss_wait_rec *wend)
{
	const struct ss_slice *s = ss_model_run(m, t, i);
	const struct ss_slice *prev = i ? ss_model_run(m, t, i - 1) : NULL;
	unsigned how = prev ? ss_state_from_index(prev->end_state) : SS_ST_RUNNING;
	bool told = false;
	char buf[512];

	while (*w < wend && (*w)->run_ns <= s->start_ns) {
		told = true;
		if (tsv)
			tsv_wait(*w);
		else
			line(m, (*w)->block_ns, ss_explain_wait(m, t, *w, buf, sizeof(buf)));
		(*w)++;
	}
	/* a sleep the model kept no record of: nothing but the runs tell of it */
	if (!told && prev && (how == SS_ST_S || how == SS_ST_D || how == SS_ST_I)) {
		struct ss_wait_rec g = { .block_ns = prev->end_ns, .run_ns = s->start_ns, .nr = -1,
					 .wnr = -1, .fd = -1, .wfd = -1, .cpu = s->cpu,
					 .sleep_state = prev->end_state };

		if (s->ready != SS_READY_UNKNOWN && s->ready_ns >= prev->end_ns) {
			g.ready_ns = s->ready_ns;
			g.waker = s->waker;
			g.how = s->waker ? SS_WH_UNTRACED : SS_WH_IRQ;
		}
		if (tsv)
			tsv_wait(&g);
		else
			line(m, g.block_ns, ss_explain_wait(m, t, &g, buf, sizeof(buf)));
	}
	if (tsv)
		tsv_runnable(s);
	else if (ss_explain_runnable(m, t, i, buf, sizeof(buf)))
		line(m, s->ready_ns, buf);
}

int cmd_why(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "at", required_argument, NULL, 'a' },
		{ "salvage", no_argument, NULL, 'S' },
		{ "tsv", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ss_model m;
	const struct ss_thread *t;
	uint32_t tid = 0;
	int64_t at = -1;
	unsigned flags = 0;
	char err[512], who[64], dur[3][32];
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:a:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!cli_parse_u32(optarg, &tid) || !tid)
				return cli_usage_error("why", "--pid wants a thread id, not '%s'", optarg);
			break;
		case 'a':
			at = fmt_parse_dur(optarg);
			if (at < 0)
				return cli_usage_error("why", "--at wants a time such as 1.5 or 12ms, not '%s'", optarg);
			break;
		case 'S': flags |= SS_READ_SALVAGE; break;
		case 'T': tsv = true; break;
		case 'h': usage(stdout); return 0;
		default: return cli_bad_option("why", c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("why", optind >= argc ? "which trace file?" : "one trace file at a time");
	if (!tid)
		return cli_usage_error("why", "which thread? give --pid TID ('schedscope info' lists the tree)");
	if (ss_model_load(&m, argv[optind], flags, err, sizeof(err))) {
		fprintf(stderr, "schedscope: %s\n", err);
		return CLI_FAIL;
	}
	t = ss_model_thread(&m, tid);
	if (!t) {
		fprintf(stderr, "schedscope why: thread %u is not in the traced tree of %s\n", tid, argv[optind]);
		ss_model_free(&m);
		return CLI_FAIL;
	}
	uint64_t blocked = 0;
	for (size_t i = 0; i < t->nwaits; i++)
		blocked += (t->waits[i].ready_ns ? t->waits[i].ready_ns : t->waits[i].run_ns) - t->waits[i].block_ns;
	if (!tsv)
		printf("%s: ran %u times for %s, blocked %zu times for %s, waited for a CPU %s in all\n\n",
		       ss_explain_task(&m, tid, m.end_ns, who, sizeof(who)), t->st.runs,
		       fmt_dur(dur[0], sizeof(dur[0]), t->st.run_ns), t->nwaits,
		       fmt_dur(dur[1], sizeof(dur[1]), blocked), fmt_dur(dur[2], sizeof(dur[2]), t->st.wait_ns));

	const struct ss_wait_rec *w = t->waits, *wend = t->waits + t->nwaits;
	if (at >= 0) {
		uint64_t ts = m.start_ns + (uint64_t)at;
		long r = ss_model_thread_find(&m, t, ts);
		long k = ss_model_wait_find(&m, t, ts);
		size_t next = r < 0 ? 0 : (size_t)r + 1;

		/* the interval containing ts: the sleep or CPU wait before the next run */
		if (r >= 0 && ts < ss_model_run(&m, t, (size_t)r)->end_ns) {
			const struct ss_slice *s = ss_model_run(&m, t, (size_t)r);

			fmt_dur(dur[0], sizeof(dur[0]), s->end_ns - s->start_ns);
			snprintf(err, sizeof(err), "running on CPU %u for %s", s->cpu, dur[0]);
			if (tsv)
				printf("running\t%llu\t%llu\t%u\n", (unsigned long long)s->start_ns,
				       (unsigned long long)(s->end_ns - s->start_ns), s->cpu);
			else
				line(&m, s->start_ns, err);
		} else if (next < t->nruns) {
			w = k >= 0 ? &t->waits[k] : t->waits;
			explain_before_run(&m, t, next, &w, w < wend ? w + 1 : wend);
		} else {
			printf("nothing: the thread did not run again after that\n");
		}
	} else {
		for (size_t i = 0; i < t->nruns; i++)
			explain_before_run(&m, t, i, &w, wend);
	}
	ss_model_free(&m);
	return 0;
}
