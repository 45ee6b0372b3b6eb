/* schedscope check: a lesson's "what to notice", checked against its trace. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lessons/check.h"
#include "model/explain.h"
#include "model/totals.h"
#include "util/fmt.h"

/* No check failed, but one could not tell: other tasks took the CPUs. */
#define CLI_INCONCLUSIVE 3

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope check FILE [--tsv] [--salvage]\n\n"
		"Checks a lesson scenario's trace (from 'schedscope run NAME') for what the\n"
		"lesson is about: each check prints pass or fail and one sentence of evidence\n"
		"with this run's numbers, and a hint when the run did not show it. The checks\n"
		"follow the options the run used (lock --no-lock checks the lost update).\n"
		"Needs no root.\n\n"
		"Options:\n"
		"      --tsv        tab-separated, one check per line, for scripts:\n"
		"                   id verdict at_ns from_ns to_ns tids items evidence hint\n"
		"                   (times as in 'dump --tsv'; tids and items comma-separated)\n"
		"      --salvage    read a damaged file up to the damage\n"
		"  -h, --help       this help\n\n"
		"Exit status: 0 every check passed; 1 a check failed, or FILE is not a\n"
		"lesson's trace or cannot be read; 2 bad usage; 3 no check failed but one\n"
		"was inconclusive: other tasks took more than %d%% of the CPUs it needed.\n",
		SS_INTERFERENCE_PCT);
}

static void print_tsv(const struct lesson_result *r)
{
	printf("%s\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t", r->id, lesson_verdict_name(r->verdict), r->at_ns,
	       r->from_ns, r->to_ns);
	for (unsigned i = 0; i < r->ntids; i++)
		printf("%s%u", i ? "," : "", r->tids[i]);
	printf("\t");
	for (unsigned i = 0; i < r->nitems; i++)
		printf("%s%" PRId64, i ? "," : "", r->items[i]);
	printf("\t%s\t%s\n", r->evidence, r->hint);
}

static void print_text(const struct lesson_result *r)
{
	printf("%s %s\n    %s\n", lesson_verdict_mark(r->verdict), r->title, r->evidence);
	if (r->hint[0])
		printf("    hint: %s\n", r->hint);
}

/* Where the timeline opens on the lesson: view, window, lanes on top. */
static void print_show(const struct lesson *l, const struct ss_model *m)
{
	uint32_t idx[16];
	size_t n = lesson_lanes_first(l, m, idx, 16);
	uint64_t a, b;
	bool declared = lesson_window(l, m, &a, &b);
	char from[32], to[32], who[64];

	/* two moments, to the microsecond: a window of 40 us, 20 ms into the
	 * run, is "0.020679s to 0.020724s", not one moment twice */
	printf("\nshown first: %s to %s%s, %s lanes", ss_explain_time(m, a, from, sizeof(from)),
	       ss_explain_time(m, b, to, sizeof(to)), declared ? "" : " (the whole run)",
	       l->show->view == SCENARIO_VIEW_CPU ? "CPU" : "thread");
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "; on top: ", ss_explain_task(m, m->threads[idx[i]].tid, m->end_ns, who, sizeof(who)));
	printf("\n");
}

/* The traced tasks' share of the CPUs during the lesson, and the warning line. */
static void print_share(const struct ss_model *m)
{
	struct ss_cpu_share s;
	uint64_t t0, t1;
	char line[128], n[32];

	lesson_run_span(m, &t0, &t1);
	ss_model_cpu_share(m, t0, t1, &s);
	printf("CPUs during the lesson: the traced tasks %u%%, other tasks %u%%", ss_cpu_share_pct(&s, s.traced_ns),
	       ss_cpu_share_pct(&s, s.other_ns));
	if (m->nsteal)   /* a file without steal samples does not know */
		printf(", the host %u%%", ss_cpu_share_pct(&s, s.host_ns));
	printf(" (of %s)\n", fmt_count(n, sizeof(n), m->ncpus, "CPU", NULL));
	if (ss_cpu_share_line(&s, SS_INTERFERENCE_PCT, line, sizeof(line)))
		printf("note: %s: timings may be off\n", line);
}

int cmd_check(int argc, char **argv)
{
	struct ss_model m;
	struct lesson l;
	struct lesson_checklist cl;
	bool tsv;
	unsigned flags;
	int first, rc;

	rc = cli_parse_tsv_args("check", argc, argv, usage, &tsv, &flags, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (first != argc - 1)
		return cli_usage_error("check", first >= argc ? "which trace file?" : "one trace file at a time");
	if (cli_load_model(&m, argv[first], flags))
		return CLI_FAIL;
	if (lesson_from_cmdline(&l, m.info.cmdline)) {
		fprintf(stderr, "schedscope check: %s is not a lesson's trace (its command: %s)\n", argv[first],
			m.info.cmdline[0] ? m.info.cmdline : "none");
		ss_model_free(&m);
		return CLI_FAIL;
	}
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, &m);
	if (!tsv)
		printf("%s%s%s: %s\n\n", l.sc->name, l.variant ? " " : "", l.variant ? l.variant->option : "",
		       l.summary);
	for (size_t i = 0; i < cl.n; i++)
		(tsv ? print_tsv : print_text)(&cl.r[i]);
	if (!tsv) {
		print_show(&l, &m);
		print_share(&m);
	}
	switch (lesson_checklist_verdict(&cl)) {
	case LESSON_PASS: rc = 0; break;
	case LESSON_INCONCLUSIVE: rc = CLI_INCONCLUSIVE; break;
	default: rc = CLI_FAIL; break;
	}
	ss_model_free(&m);
	return rc;
}
