/* schedscope why: each time a thread was off the CPU, in plain words. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/explain.h"
#include "model/syscalls.h"
#include "symbols/symbols.h"
#include "util/fmt.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope why FILE --pid TID [--at TIME] [--tsv] [--salvage]\n\n"
		"Tells, in plain words, every interval in which thread TID was off the CPU:\n"
		"what it was blocked in (a lock, a pipe, a sleep, a child...), for how long,\n"
		"who woke it and how; and every interval it was ready to run but waited for a\n"
		"CPU, on which CPU, and who ran there instead. Times are since the recording\n"
		"began. Without --pid it lists the threads of the traced tree.\n\n"
		"Options:\n"
		"  -p, --pid TID    the thread (a process's main thread has TID = PID)\n"
		"  -a, --at TIME    only the interval around TIME (e.g. 1.5, 12.3ms, 800us)\n"
		"      --tsv        tab-separated, for scripts, one interval per line:\n"
		"                   blocked  start_ns dur_ns reason chan_id waker how cpu\n"
		"                            syscall waker_syscall sentence\n"
		"                   runnable start_ns dur_ns cpu woken|preempted|new|unknown\n"
		"      --salvage    read a damaged file up to the damage\n"
		"  -h, --help       this help\n");
}

static bool tsv;

static void line(const struct ss_model *m, uint64_t ts, const char *text)
{
	char t[32];

	printf("%12s  %s\n", ss_explain_time(m, ts, t, sizeof(t)), text);
}

/* blocked: start_ns dur_ns reason chan_id waker how cpu syscall waker_syscall sentence */
static void tsv_wait(const struct ss_model *m, const struct ss_thread *t, const struct ss_wait_rec *w)
{
	char sys[40], wsys[40], text[1024];

	printf("blocked\t%llu\t%llu\t%s\t%016llx\t%u\t%s\t%u\t%s\t%s\t%s\n", (unsigned long long)w->block_ns,
	       (unsigned long long)ss_wait_slept_ns(w), ss_reason_name(w->reason),
	       (unsigned long long)w->chan, w->waker, ss_wake_how_name(w->how), w->cpu,
	       w->nr >= 0 ? ss_syscall_name(m->info.machine, w->nr, sys, sizeof(sys)) : "-",
	       w->wnr >= 0 ? ss_syscall_name(m->info.machine, w->wnr, wsys, sizeof(wsys)) : "-",
	       ss_explain_wait(m, t, w, text, sizeof(text)));
}

static void tsv_runnable(const struct ss_slice *s, const struct ss_gap *g)
{
	if (!ss_gap_runnable_ns(g))
		return;
	printf("runnable\t%llu\t%llu\t%u\t%s\n", (unsigned long long)g->ready_ns,
	       (unsigned long long)ss_gap_runnable_ns(g), s->cpu,
	       ss_ready_name(s->ready));
}

/* Prints the sleeps and the CPU wait that ended with run i: the sleeps
 * stats counts too (ss_model_sleeps_before_run), the one list of them. */
static void explain_before_run(const struct ss_model *m, const struct ss_thread *t, size_t i)
{
	const struct ss_wait_rec *w;
	struct ss_wait_rec tmp;
	size_t n = ss_model_sleeps_before_run(m, t, i, &tmp, &w);
	struct ss_gap g;
	char buf[1024];

	ss_model_run_gap(m, t, i, &g);
	for (size_t k = 0; k < n; k++) {
		if (tsv)
			tsv_wait(m, t, &w[k]);
		else
			line(m, w[k].block_ns, ss_explain_wait(m, t, &w[k], buf, sizeof(buf)));
	}
	if (tsv)
		tsv_runnable(ss_model_run(m, t, i), &g);
	else if (ss_explain_runnable(m, t, i, buf, sizeof(buf)))
		line(m, g.ready_ns, buf);
}

/* The traced tree, in fork order, each thread under its parent. */
static bool print_tree(const struct ss_model *m, FILE *f)
{
	size_t n = m->nthreads;
	int32_t *first = malloc((n + 1) * sizeof(*first)), *next = malloc((n + 1) * sizeof(*next));
	int32_t *stack = malloc((n + 1) * sizeof(*stack)), *depth = malloc((n + 1) * sizeof(*depth));
	char line[256];
	size_t top = 0;
	bool ok = first && next && stack && depth;

	if (!ok)
		goto out;
	for (size_t i = 0; i < n; i++)
		first[i] = next[i] = -1;
	/* children in order: link them last to first */
	for (size_t i = n; i-- > 0;) {
		int32_t p = m->threads[i].parent;

		if (p >= 0 && (size_t)p < n && (size_t)p != i) {
			next[i] = first[p];
			first[p] = (int32_t)i;
		}
	}
	for (size_t r = n; r-- > 0;)
		if (m->threads[r].parent < 0 || (size_t)m->threads[r].parent >= n) {
			stack[top] = (int32_t)r;
			depth[top++] = 0;
		}
	while (top) {
		int32_t i = stack[--top], d = depth[top];
		size_t k = top;

		fprintf(f, "  %*s%s\n", 2 * d, "", ss_explain_thread_line(m, &m->threads[i], line, sizeof(line)));
		for (int32_t c = first[i]; c >= 0; c = next[c]) {
			stack[top] = c;
			depth[top++] = d + 1;
		}
		/* the children were pushed first to last: pop them in order */
		for (size_t a = k, b = top; a + 1 < b; a++, b--) {
			int32_t x = stack[a];

			stack[a] = stack[b - 1];
			stack[b - 1] = x;
		}
	}
out:
	free(first);
	free(next);
	free(stack);
	free(depth);
	return ok;
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
	struct ss_symbols *sy = NULL;
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
	if (cli_load_model(&m, argv[optind], flags))
		return CLI_FAIL;
	sy = ss_symbols_new();
	if (sy)
		ss_symbols_attach(sy, &m);
	if (!tid) {
		fprintf(stderr, "schedscope why: which thread? give --pid TID; the traced tree of %s:\n", argv[optind]);
		bool told = print_tree(&m, stderr);

		ss_model_free(&m);
		ss_symbols_free(sy);
		return told ? CLI_USAGE : cli_out_of_memory("why");
	}
	t = ss_model_thread(&m, tid);
	if (!t) {
		fprintf(stderr, "schedscope why: thread %u is not in the traced tree of %s\n", tid, argv[optind]);
		ss_model_free(&m);
		ss_symbols_free(sy);
		return CLI_FAIL;
	}
	if (!tsv)
		printf("%s: %s\n\n", ss_explain_task(&m, tid, m.end_ns, who, sizeof(who)),
		       ss_explain_thread_sums(&m, t, err, sizeof(err)));

	if (at >= 0) {
		uint64_t ts = m.start_ns + (uint64_t)at;
		long r = ss_model_thread_find(&m, t, ts);
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
			explain_before_run(&m, t, next);
		} else {
			printf("nothing: the thread did not run again after that\n");
		}
	} else {
		for (size_t i = 0; i < t->nruns; i++)
			explain_before_run(&m, t, i);
	}
	ss_model_free(&m);
	ss_symbols_free(sy);
	return 0;
}
