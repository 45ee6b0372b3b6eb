/* schedscope stats: run-queue latency and blocked time as distributions. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/explain.h"
#include "model/latency.h"
#include "model/syscalls.h"
#include "model/totals.h"
#include "util/fmt.h"

#define TAIL_SHOWN 10     /* waits of a tail listed in text; --tsv lists them all */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope stats FILE [--pid PID] [--histograms] [--tsv] [--salvage]\n\n"
		"How long the traced threads waited, as distributions: run-queue latency\n"
		"(runnable until running) per CPU and per thread, and time blocked (asleep)\n"
		"by reason, as log2 histograms in microseconds with p50, p90, p99 and max,\n"
		"like bcc's runqlat. The waits at or above each p99 (the tail) are named: the\n"
		"thread, the moment (since the recording began) and the CPU.\n\n"
		"Options:\n"
		"  -p, --pid PID        only this process's threads (or this one thread)\n"
		"  -H, --histograms     a histogram and a tail for every row, not only the totals\n"
		"      --tsv            tab-separated, for scripts:\n"
		"                       hist   scope id kind reason count sum_ns p50_ns p90_ns p99_ns max_ns\n"
		"                       bucket scope id kind reason lo_us hi_us count\n"
		"                       tail   scope id kind reason tid ts_ns dur_ns cpu\n"
		"                       (scope all|cpu|thread, kind runq|blocked, reason '-' for runq)\n"
		"      --salvage        read a damaged file up to the damage\n"
		"  -h, --help           this help\n");
}

static const char *reason_of(const struct ss_lat_hist *h)
{
	return h->kind == SS_LAT_BLOCKED ? ss_reason_name(h->reason) : "-";
}

static void tsv_hist(const struct ss_latency *l, const struct ss_lat_hist *h)
{
	uint64_t lo, hi;

	printf("hist\t%s\t%u\t%s\t%s\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n", ss_lat_scope_name(h->scope), h->id,
	       ss_lat_kind_name(h->kind), reason_of(h), (unsigned long long)h->count, (unsigned long long)h->sum_ns,
	       (unsigned long long)h->p50_ns, (unsigned long long)h->p90_ns, (unsigned long long)h->p99_ns,
	       (unsigned long long)h->max_ns);
	for (unsigned k = 0; k < SS_LAT_BUCKETS; k++) {
		if (!h->bucket[k])
			continue;
		ss_lat_bucket_us(k, &lo, &hi);
		printf("bucket\t%s\t%u\t%s\t%s\t%llu\t%llu\t%llu\n", ss_lat_scope_name(h->scope), h->id,
		       ss_lat_kind_name(h->kind), reason_of(h), (unsigned long long)lo, (unsigned long long)hi,
		       (unsigned long long)h->bucket[k]);
	}
	for (size_t i = 0; i < h->ntail; i++) {
		const struct ss_lat_wait *w = &l->waits[h->tail[i]];

		printf("tail\t%s\t%u\t%s\t%s\t%u\t%llu\t%llu\t%u\n", ss_lat_scope_name(h->scope), h->id,
		       ss_lat_kind_name(h->kind), reason_of(h), w->tid, (unsigned long long)w->ts_ns,
		       (unsigned long long)w->dur_ns, w->cpu);
	}
}

/* bcc's log2 histogram, in microseconds, from the first to the last bucket used. */
static void print_hist(const struct ss_lat_hist *h)
{
	unsigned first = SS_LAT_BUCKETS, last = 0;
	uint64_t most = 0, lo, hi;

	for (unsigned k = 0; k < SS_LAT_BUCKETS; k++) {
		if (!h->bucket[k])
			continue;
		first = first < k ? first : k;
		last = k;
		most = h->bucket[k] > most ? h->bucket[k] : most;
	}
	if (!most)
		return;
	printf("    %20s : %-8s %s\n", "usecs", "count", "distribution");
	for (unsigned k = first; k <= last; k++) {
		char range[48], bar[41];
		unsigned stars = (unsigned)((h->bucket[k] * 40 + most - 1) / most);

		ss_lat_bucket_us(k, &lo, &hi);
		if (hi == UINT64_MAX)
			snprintf(range, sizeof(range), "%llu -> ...", (unsigned long long)lo);
		else
			snprintf(range, sizeof(range), "%llu -> %llu", (unsigned long long)lo, (unsigned long long)hi);
		memset(bar, '*', stars);
		bar[stars] = 0;
		printf("    %20s : %-8llu |%-40s|\n", range, (unsigned long long)h->bucket[k], bar);
	}
}

static void print_tail(const struct ss_model *m, const struct ss_latency *l, const struct ss_lat_hist *h)
{
	char d[32], at[32], who[64], n[48];

	printf("    the tail, at or above p99 (%s):\n", fmt_count(n, sizeof(n), h->ntail, "wait", NULL));
	for (size_t i = 0; i < h->ntail && i < TAIL_SHOWN; i++) {
		const struct ss_lat_wait *w = &l->waits[h->tail[i]];

		printf("      %9s  %s at %s, on CPU %u\n", fmt_dur(d, sizeof(d), w->dur_ns),
		       ss_explain_task(m, w->tid, w->ts_ns, who, sizeof(who)), ss_explain_time(m, w->ts_ns, at, sizeof(at)),
		       w->cpu);
	}
	if (h->ntail > TAIL_SHOWN)
		printf("      and %zu more (--tsv lists them all)\n", h->ntail - TAIL_SHOWN);
}

static void print_row(const struct ss_model *m, const struct ss_latency *l, const struct ss_lat_hist *h,
		      const char *label, bool detail)
{
	char p[4][32];

	printf("  %-34s %7llu %9s %9s %9s %9s\n", label, (unsigned long long)h->count,
	       fmt_dur(p[0], sizeof(p[0]), h->p50_ns), fmt_dur(p[1], sizeof(p[1]), h->p90_ns),
	       fmt_dur(p[2], sizeof(p[2]), h->p99_ns), fmt_dur(p[3], sizeof(p[3]), h->max_ns));
	if (detail) {
		print_hist(h);
		print_tail(m, l, h);
	}
}

static void print_heading(const char *title, const char *what)
{
	printf("\n%s\n  %-34s %7s %9s %9s %9s %9s\n", title, what, "count", "p50", "p90", "p99", "max");
}

/* The waits that did not sleep (woken as they went to sleep: 0 ns), left
 * out of the blocked time above: "and 136 waits that did not sleep (woken
 * as they went to sleep): lock 136". */
static void print_no_sleeps(const struct ss_latency *l)
{
	char n[48];
	bool first = true;

	if (!l->no_sleeps_all)
		return;
	printf("  and %s that did not sleep (woken as they went to sleep):",
	       fmt_count(n, sizeof(n), l->no_sleeps_all, "wait", NULL));
	for (unsigned k = 0; k < SS_R_MAX; k++) {
		if (!l->no_sleeps[k])
			continue;
		printf("%s %s %llu", first ? "" : ",", ss_reason_name(k), (unsigned long long)l->no_sleeps[k]);
		first = false;
	}
	printf("\n");
}

static void print_text(const struct ss_model *m, const struct ss_latency *l, bool all_hists)
{
	char label[96], who[64];
	unsigned shown = 0;

	for (unsigned kind = SS_LAT_RUNQ; kind <= SS_LAT_BLOCKED; kind++) {
		print_heading(kind == SS_LAT_RUNQ ? "Run-queue latency (runnable until running)"
						  : "Blocked time (asleep until woken), by reason",
			      kind == SS_LAT_RUNQ ? "" : "reason");
		for (unsigned scope = SS_LAT_ALL; scope <= SS_LAT_THREAD; scope++) {
			bool first = true;

			for (size_t i = 0; i < l->nhists; i++) {
				const struct ss_lat_hist *h = &l->hists[i];

				if (h->scope != scope || h->kind != kind)
					continue;
				if (first && scope != SS_LAT_ALL)
					printf("  %s\n", scope == SS_LAT_CPU ? "per CPU" : "per thread");
				first = false;
				if (scope == SS_LAT_ALL)
					snprintf(label, sizeof(label), "%s", kind == SS_LAT_RUNQ ? "all threads" : reason_of(h));
				else if (scope == SS_LAT_CPU)
					snprintf(label, sizeof(label), "  CPU %u", h->id);
				else
					snprintf(label, sizeof(label), "  %s%s%s",
						 ss_explain_task(m, h->id, m->end_ns, who, sizeof(who)),
						 kind == SS_LAT_BLOCKED ? ": " : "", kind == SS_LAT_BLOCKED ? reason_of(h) : "");
				print_row(m, l, h, label, scope == SS_LAT_ALL || all_hists);
				shown++;
			}
		}
		if (kind == SS_LAT_BLOCKED)
			print_no_sleeps(l);
	}
	if (!shown)
		printf("  none: no thread waited\n");
}

/* Time each CPU spent in interrupts: what took it from every thread. */
static void print_irq_time(const struct ss_model *m)
{
	char text[512];

	if (!m->irq_time)
		return;
	printf("\nTime in interrupts, per CPU (over the recording)\n");
	for (unsigned c = 0; c < m->info.ncpus; c++)
		printf("  CPU %u  %s\n", c, ss_explain_irq_time(&m->irq_time[c], text, sizeof(text)));
}

/* What the host took of each CPU (steal): time the trace shows as whichever
 * task the hypervisor stopped, so every figure above may hold some of it. */
static void print_steal(const struct ss_model *m)
{
	uint64_t span = m->end_ns > m->start_ns ? m->end_ns - m->start_ns : 0;
	char d[32];

	if (!m->nsteal || !span)
		return;
	printf("\nWhat the host took, per CPU (steal: the hypervisor ran other work; the trace shows it as the "
	       "task it stopped)\n");
	for (unsigned c = 0; c < m->info.ncpus; c++) {
		uint64_t ns = ss_model_steal_ns(m, c, m->start_ns, m->end_ns);

		printf("  CPU %u  %s (%.1f%%)\n", c, fmt_dur(d, sizeof(d), ns), 100.0 * (double)ns / (double)span);
	}
}

/* "the p99 waits: pool 3842 at 0.510000s (runq 1.20 ms), ...": the moments
 * behind the totals' tails, in time order. */
static int print_moments(const struct ss_model *m, const struct ss_latency *l)
{
	uint32_t *v;
	long n = ss_latency_tail_moments(l, SS_LAT_ALL, 0, &v);
	char who[64], at[32], d[32];

	if (n < 0)
		return -1;
	if (!n)
		return 0;
	printf("\nthe p99 waits:");
	for (long i = 0; i < n && i < TAIL_SHOWN; i++) {
		const struct ss_lat_wait *w = &l->waits[v[i]];

		printf("%s %s at %s (%s %s)", i ? "," : "", ss_explain_task(m, w->tid, w->ts_ns, who, sizeof(who)),
		       ss_explain_time(m, w->ts_ns, at, sizeof(at)),
		       w->kind == SS_LAT_RUNQ ? "runq" : ss_reason_name(w->reason), fmt_dur(d, sizeof(d), w->dur_ns));
	}
	if (n > TAIL_SHOWN)
		printf(", and %ld more", n - TAIL_SHOWN);
	printf("\n");
	free(v);
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "histograms", no_argument, NULL, 'H' },
		{ "salvage", no_argument, NULL, 'S' },
		{ "tsv", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ss_latency l;
	struct ss_model m;
	unsigned flags = 0;
	uint32_t pid = 0;
	bool tsv = false, all_hists = false;
	char who[64];
	int c, rc = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:Hh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!cli_parse_u32(optarg, &pid) || !pid)
				return cli_usage_error("stats", "--pid wants a process or thread id, not '%s'", optarg);
			break;
		case 'H': all_hists = true; break;
		case 'S': flags |= SS_READ_SALVAGE; break;
		case 'T': tsv = true; break;
		case 'h': usage(stdout); return 0;
		default: return cli_bad_option("stats", c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("stats", optind >= argc ? "which trace file?" : "one trace file at a time");
	if (cli_load_model(&m, argv[optind], flags))
		return CLI_FAIL;
	if (pid && !ss_model_thread(&m, pid)) {
		fprintf(stderr, "schedscope stats: %u is not a process or thread of the traced tree of %s\n", pid,
			argv[optind]);
		ss_model_free(&m);
		return CLI_FAIL;
	}
	if (ss_latency_build(&m, pid, &l)) {
		ss_model_free(&m);
		return cli_out_of_memory("stats");
	}
	if (tsv) {
		for (size_t i = 0; i < l.nhists; i++)
			tsv_hist(&l, &l.hists[i]);
	} else {
		if (pid)
			printf("%s and its threads\n", ss_explain_task(&m, pid, m.end_ns, who, sizeof(who)));
		else
			printf("every traced thread (%zu)\n", m.nthreads);
		print_text(&m, &l, all_hists);
		if (print_moments(&m, &l))
			rc = cli_out_of_memory("stats");
		print_irq_time(&m);
		print_steal(&m);
	}
	ss_latency_free(&l);
	ss_model_free(&m);
	return rc;
}
