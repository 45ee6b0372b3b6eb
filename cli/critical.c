/* schedscope critical: what a thread's time, start to end, was spent waiting on. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/critical.h"
#include "model/explain.h"
#include "model/syscalls.h"
#include "util/fmt.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope critical FILE [--pid TID] [--window START,END] [--tsv] [--salvage]\n\n"
		"Follows the critical path of a thread (by default the traced command's) from\n"
		"its end back to its start: its own runs and waits for a CPU, and through each\n"
		"sleep to the thread whose action ended it (its waker), and that thread's waits\n"
		"in turn. A sleep ended by a timer, an interrupt or a task outside the trace\n"
		"ends the chain there. Prints the path as segments (time, thread, running or\n"
		"why it waited), then where the time went, by thread and reason.\n\n"
		"Options:\n"
		"  -p, --pid TID            the thread (default: the traced command)\n"
		"  -w, --window START,END   only the part of its life in this window (times since\n"
		"                           the recording began, e.g. 0.5,2 or 100ms,; either may\n"
		"                           be left out)\n"
		"      --tsv                tab-separated, for scripts:\n"
		"                           path  tid from_ns to_ns segments hops capped\n"
		"                           seg   from_ns dur_ns tid kind reason how cpu other\n"
		"                           share tid kind reason ns segments\n"
		"      --salvage            read a damaged file up to the damage\n"
		"  -h, --help               this help\n");
}

static void print_tsv(const struct ss_critical *cp)
{
	printf("path\t%u\t%llu\t%llu\t%zu\t%zu\t%d\n", cp->tid, (unsigned long long)cp->from_ns,
	       (unsigned long long)cp->to_ns, cp->nsegs, cp->hops, cp->capped);
	for (size_t i = 0; i < cp->nsegs; i++) {
		const struct ss_cp_seg *s = &cp->segs[i];
		bool slept = s->kind == SS_CP_BLOCKED || s->kind == SS_CP_WOKEN;

		printf("seg\t%llu\t%llu\t%u\t%s\t%s\t%s\t%d\t%u\n", (unsigned long long)s->from_ns,
		       (unsigned long long)(s->to_ns - s->from_ns), s->tid, ss_cp_kind_name(s->kind),
		       slept ? ss_reason_name(s->reason) : "-", slept ? ss_wake_how_name(s->how) : "-", s->cpu,
		       s->other);
	}
	for (size_t i = 0; i < cp->nshares; i++) {
		const struct ss_cp_share *s = &cp->shares[i];

		printf("share\t%u\t%s\t%s\t%llu\t%u\n", s->tid, ss_cp_kind_name(s->kind),
		       s->kind == SS_CP_BLOCKED ? ss_reason_name(s->reason) : "-", (unsigned long long)s->ns, s->segs);
	}
}

/* When a segment's thread is named: a run at its last instant in the
 * segment (a rename or exec during it counts: "Process-1", not the parent's
 * name it began with), the rest at their start. */
static uint64_t named_at(const struct ss_model *m, const struct ss_cp_seg *s)
{
	const struct ss_thread *t = ss_model_thread(m, s->tid);

	if (s->kind != SS_CP_RUNNING || !t || s->run < 0 || (size_t)s->run >= t->nruns)
		return s->from_ns;
	return ss_explain_run_moment(ss_model_run(m, t, (size_t)s->run), s->from_ns, s->to_ns);
}

static void print_text(const struct ss_model *m, const struct ss_critical *cp)
{
	uint64_t total = cp->to_ns - cp->from_ns;
	char who[64], at[32], dur[32], from[32], to[32], text[1024], nsegs[48], nhops[48];

	ss_explain_task(m, cp->tid, cp->to_ns, who, sizeof(who));
	printf("critical path of %s from %s to %s (%s): %s, %s\n\n", who,
	       ss_explain_time(m, cp->from_ns, from, sizeof(from)), ss_explain_time(m, cp->to_ns, to, sizeof(to)),
	       fmt_dur(dur, sizeof(dur), total), fmt_count(nsegs, sizeof(nsegs), cp->nsegs - cp->hops, "segment", NULL),
	       fmt_count(nhops, sizeof(nhops), cp->hops, "hand-off", NULL));
	if (cp->capped)
		printf("(the walk stopped at its step limit: the path before %s is missing)\n\n",
		       cp->nsegs ? ss_explain_time(m, cp->segs[0].from_ns, from, sizeof(from)) : to);
	printf("%12s  %9s  %-24s %s\n", "time", "duration", "thread", "what");
	for (size_t i = 0; i < cp->nsegs; i++) {
		const struct ss_cp_seg *s = &cp->segs[i];
		bool hop = ss_cp_is_hop(s->kind);

		ss_explain_time(m, s->from_ns, at, sizeof(at));
		ss_explain_task(m, s->tid, named_at(m, s), who, sizeof(who));
		printf("%12s  %9s  %-24s %s\n", at, hop ? "" : fmt_dur(dur, sizeof(dur), s->to_ns - s->from_ns),
		       hop ? "" : who, ss_explain_critical(m, s, false, text, sizeof(text)));
	}
	ss_explain_task(m, cp->tid, cp->to_ns, who, sizeof(who));
	printf("\nwhere the %s of %s went:\n", fmt_dur(dur, sizeof(dur), total), who);
	for (size_t i = 0; i < cp->nshares; i++) {
		const struct ss_cp_share *s = &cp->shares[i];

		printf("  %9s  %5.1f%%  %s (%s)\n", fmt_dur(dur, sizeof(dur), s->ns),
		       total ? 100.0 * (double)s->ns / (double)total : 0.0,
		       ss_explain_critical(m, &cp->segs[s->first], true, text, sizeof(text)),
		       fmt_count(nsegs, sizeof(nsegs), s->segs, "segment", NULL));
	}
}

int cmd_critical(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "window", required_argument, NULL, 'w' },
		{ "salvage", no_argument, NULL, 'S' },
		{ "tsv", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t w0 = 0, w1 = UINT64_MAX;
	struct ss_critical cp;
	struct ss_model m;
	unsigned flags = 0;
	uint32_t tid = 0;
	bool tsv = false;
	int c, err;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!cli_parse_u32(optarg, &tid) || !tid)
				return cli_usage_error("critical", "--pid wants a thread id, not '%s'", optarg);
			break;
		case 'w':
			if (!cli_parse_window(optarg, &w0, &w1))
				return cli_window_error("critical", optarg);
			break;
		case 'S': flags |= SS_READ_SALVAGE; break;
		case 'T': tsv = true; break;
		case 'h': usage(stdout); return 0;
		default: return cli_bad_option("critical", c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("critical", optind >= argc ? "which trace file?" : "one trace file at a time");
	if (cli_load_model(&m, argv[optind], flags))
		return CLI_FAIL;
	if (!tid)
		tid = m.info.root_pid;
	if (!tid) {
		ss_model_free(&m);
		return cli_usage_error("critical", "%s has no traced command: give --pid TID ('schedscope info' "
				       "lists the tasks)", argv[optind]);
	}
	err = ss_critical_path(&m, tid, m.start_ns + w0, w1 == UINT64_MAX ? UINT64_MAX : m.start_ns + w1, &cp);
	if (err == -ESRCH)
		fprintf(stderr, "schedscope critical: thread %u is not in the traced tree of %s\n", tid, argv[optind]);
	else if (err == -ERANGE)
		fprintf(stderr, "schedscope critical: thread %u %s\n", tid,
			w0 || w1 != UINT64_MAX ? "did not live in that window" : "never ran");
	else if (err == -ENOMEM)
		cli_out_of_memory("critical");
	else if (err)
		fprintf(stderr, "schedscope critical: %s\n", strerror(-err));
	if (err) {
		ss_model_free(&m);
		return CLI_FAIL;
	}
	if (tsv)
		print_tsv(&cp);
	else
		print_text(&m, &cp);
	ss_critical_free(&cp);
	ss_model_free(&m);
	return 0;
}
