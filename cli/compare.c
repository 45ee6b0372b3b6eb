/*
 * schedscope compare: two runs (or a few) side by side, one column each, so
 * an experiment reads in one table: lock against --no-lock, two workers
 * against four, one CPU against all. Every figure is one the model already
 * owns (a thread's statistics from ss_stats_add_run(), the distributions of
 * model/latency.c, the CPU share of model/totals.c, the lesson's checklist,
 * the knobs' words); this file only lines them up and marks where the runs
 * differ. Tasks are matched by name, not pid (pids differ from run to run),
 * and numbered herds ("PoolWorker-1".."PoolWorker-4") are one row, so two
 * workers and four meet on the same line.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lessons/check.h"
#include "model/groups.h"
#include "model/latency.h"
#include "model/syscalls.h"
#include "model/totals.h"
#include "util/fmt.h"

#define CMP_MAX_RUNS 8
#define CMP_COL_MAX 28        /* a value column's widest, in screen columns */
#define CMP_LABEL_W 32
/* Two figures differ when the larger is more than a fifth above the smaller
 * and apart by more than a grain: 10 us of time, one of a count. */
#define CMP_DIFF_PCT 20
#define CMP_GRAIN_NS 10000ull

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope compare A.trace B.trace [MORE.trace...] [--tsv] [--salvage]\n\n"
		"Puts runs side by side, one column per trace: the command and its knobs\n"
		"(--cpus, --nice, --policy), other tasks' share of the CPUs, wall time, CPU\n"
		"time (in all and per task, tasks matched by name, numbered ones such as\n"
		"PoolWorker-1..4 as one row), context switches (voluntary and involuntary),\n"
		"migrations, run-queue latency (p50, p99, max), time blocked by reason, and\n"
		"the lesson's checks. A '*' marks a row whose runs differ: by more than %d%%\n"
		"(and more than 10 us, or 1 for counts), or in words. Up to %d traces. Needs\n"
		"no root.\n\n"
		"Options:\n"
		"      --tsv        tab-separated, for scripts: a header line\n"
		"                   metric what FILE... differs\n"
		"                   then one line per figure: times in ns, '-' where a run\n"
		"                   has none, differs 1 or 0\n"
		"      --salvage    read damaged files up to the damage\n"
		"  -h, --help       this help\n",
		CMP_DIFF_PCT, CMP_MAX_RUNS);
}

/* One trace, loaded, with what the rows need. */
struct cmp_run {
	const char *path;
	struct ss_model m;
	bool loaded;
	bool is_lesson;
	struct lesson l;
	struct lesson_checklist cl;
	struct ss_latency lat;
	bool have_lat;
	struct ss_name_group *groups;
	long ngroups;
	int32_t *group_of;
};

enum cmp_kind { CMP_HEAD, CMP_TEXT, CMP_NS, CMP_COUNT, CMP_PCT, CMP_VERDICT };

struct cmp_row {
	char metric[32];          /* --tsv: the figure */
	char what[64];            /* --tsv: of what (a task, a reason, a check); "" for none */
	char label[64];           /* text: the row's name */
	int indent;
	enum cmp_kind kind;
	bool no_mark;             /* about the machine, not the runs: never marked */
	bool have[CMP_MAX_RUNS];
	uint64_t v[CMP_MAX_RUNS];
	uint64_t n[CMP_MAX_RUNS]; /* a count shown beside the value: tasks, waits (0: none) */
	char text[CMP_MAX_RUNS][96];
};

struct cmp_table {
	struct cmp_row *rows;
	size_t nrows, cap;
	size_t nruns;
};

static long row_index(const struct cmp_table *t, const char *metric, const char *what)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (!strcmp(t->rows[i].metric, metric) && !strcmp(t->rows[i].what, what))
			return (long)i;
	return -1;
}

static struct cmp_row *row_find(const struct cmp_table *t, const char *metric, const char *what)
{
	long i = row_index(t, metric, what);

	return i < 0 ? NULL : &t->rows[i];
}

/* The row for metric and what, made (after the row at `after`, or at the
 * end) if it is not there yet; NULL when memory ran out. */
static struct cmp_row *row_get(struct cmp_table *t, const char *metric, const char *what, const char *label,
			       int indent, enum cmp_kind kind, long after)
{
	struct cmp_row *r = row_find(t, metric, what), *v;
	size_t at = after >= 0 ? (size_t)after + 1 : t->nrows;

	if (r)
		return r;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;

		if (!(v = realloc(t->rows, cap * sizeof(*v))))
			return NULL;
		t->rows = v;
		t->cap = cap;
	}
	/* rows of one kind stay together: a task seen only in the second run goes
	 * after the first run's tasks, not at the end of the table */
	while (at < t->nrows && !strcmp(t->rows[at].metric, metric))
		at++;
	memmove(&t->rows[at + 1], &t->rows[at], (t->nrows - at) * sizeof(*t->rows));
	t->nrows++;
	r = &t->rows[at];
	memset(r, 0, sizeof(*r));
	snprintf(r->metric, sizeof(r->metric), "%s", metric);
	snprintf(r->what, sizeof(r->what), "%s", what);
	snprintf(r->label, sizeof(r->label), "%s", label);
	r->indent = indent;
	r->kind = kind;
	return r;
}

static int set_num(struct cmp_table *t, size_t run, const char *metric, const char *what, const char *label,
		   int indent, enum cmp_kind kind, uint64_t v, uint64_t n)
{
	struct cmp_row *r = row_get(t, metric, what, label, indent, kind, row_index(t, metric, ""));

	if (!r)
		return -1;
	r->v[run] += v;           /* tasks of one name in two entries (threads, processes) add up */
	r->n[run] += n;
	r->have[run] = true;
	return 0;
}

static int set_text(struct cmp_table *t, size_t run, const char *metric, const char *what, const char *label,
		    int indent, const char *text)
{
	struct cmp_row *r = row_get(t, metric, what, label, indent, CMP_TEXT, row_index(t, metric, ""));

	if (!r)
		return -1;
	size_t n = strnlen(text, sizeof(r->text[run]) - 1);

	memcpy(r->text[run], text, n);    /* cut: a column shows 28 columns at most */
	r->text[run][n] = 0;
	r->have[run] = true;
	return 0;
}

static int head(struct cmp_table *t, const char *metric, const char *label)
{
	return row_get(t, metric, "", label, 0, CMP_HEAD, -1) ? 0 : -1;
}

/* The traced command's life: its first run to the end of its last, which
 * comes after its exit (the kernel reports the exit as it begins, and the
 * task runs on until it is gone); the trace's span without a command, as
 * with --all. Its threads' CPU time fits in it. */
static void command_span(const struct ss_model *m, uint64_t *t0, uint64_t *t1)
{
	const struct ss_thread *root = m->info.root_pid ? ss_model_thread(m, m->info.root_pid) : NULL;
	uint64_t gone;

	*t0 = m->start_ns;
	*t1 = m->end_ns;
	if (!root || !root->nruns)
		return;
	*t0 = ss_model_run(m, root, 0)->start_ns;
	gone = ss_model_thread_gone_ns(m, root);
	if (gone != UINT64_MAX && gone > *t0)
		*t1 = gone;
}

static int load_run(struct cmp_run *r, unsigned flags)
{
	if (cli_load_model(&r->m, r->path, flags))
		return -1;
	r->loaded = true;
	r->is_lesson = lesson_from_cmdline(&r->l, r->m.info.cmdline) == 0;
	if (r->is_lesson) {
		lesson_checklist_init(&r->cl, &r->l);
		lesson_checklist_update(&r->cl, &r->m);
	}
	r->group_of = malloc((r->m.nthreads ? r->m.nthreads : 1) * sizeof(*r->group_of));
	r->ngroups = r->group_of ? ss_model_name_groups(&r->m, 2, NULL, 0, r->group_of) : -1;
	r->groups = r->ngroups > 0 ? calloc((size_t)r->ngroups, sizeof(*r->groups)) : NULL;
	if (r->ngroups < 0 || (r->ngroups > 0 && !r->groups) ||
	    (r->ngroups > 0 && ss_model_name_groups(&r->m, 2, r->groups, (size_t)r->ngroups, r->group_of) < 0) ||
	    ss_latency_build(&r->m, 0, &r->lat)) {
		cli_out_of_memory("compare");
		return -1;
	}
	r->have_lat = true;
	return 0;
}

static void free_run(struct cmp_run *r)
{
	if (r->have_lat)
		ss_latency_free(&r->lat);
	free(r->groups);
	free(r->group_of);
	if (r->loaded)
		ss_model_free(&r->m);
}

/* The rows about what was run and on what machine. */
static int add_setup(struct cmp_table *t, size_t i, const struct cmp_run *r, uint64_t t0, uint64_t t1)
{
	char cmd[SS_STR_MAX + 64], knobs[200];
	struct ss_cpu_share share;

	if (r->is_lesson)
		snprintf(cmd, sizeof(cmd), "%s%s%s", r->l.sc->name, r->l.options[0] ? " " : "", r->l.options);
	else
		snprintf(cmd, sizeof(cmd), "%s", r->m.info.cmdline[0] ? r->m.info.cmdline : "-");
	ss_knobs_describe(&r->m.info.knobs, knobs, sizeof(knobs));
	ss_model_cpu_share(&r->m, t0, t1, &share);
	if (set_text(t, i, "command", "", "command", 0, cmd) ||
	    set_text(t, i, "knobs", "", "knobs", 0, knobs[0] ? knobs : "-") ||
	    set_num(t, i, "other_cpu_pct", "", "other tasks' and the host's share of the CPUs", 0, CMP_PCT,
		    ss_cpu_share_taken_pct(&share), 0))
		return -1;
	row_find(t, "other_cpu_pct", "")->no_mark = true;
	return 0;
}

/* Time on a CPU per task (by name), switches and migrations, from each
 * thread's statistics. */
static int add_threads(struct cmp_table *t, size_t i, const struct cmp_run *r)
{
	const struct ss_model *m = &r->m;
	uint64_t cpu = 0, vol = 0, invol = 0, migr = 0;

	if (head(t, "cpu_ns", "CPU time"))
		return -1;
	for (size_t k = 0; k < m->nthreads; k++) {
		const struct ss_thread *th = &m->threads[k];
		const struct ss_name_group *g = &r->groups[r->group_of[k]];
		char what[SS_COMM_MAX + 2];

		if (!(th->flags & SS_THREADF_IN_TREE))
			continue;
		cpu += th->st.run_ns;
		vol += th->st.vol_switches;
		invol += th->st.invol_switches;
		migr += th->st.migrations;
		snprintf(what, sizeof(what), "%s%s", g->stem, g->count > 1 ? "*" : "");
		/* a herd's count: its tasks, once each (its first task adds it) */
		if (set_num(t, i, "cpu_ns", what, what, 1, CMP_NS, th->st.run_ns,
			    g->count > 1 && g->first == k ? g->count : 0))
			return -1;
	}
	if (set_num(t, i, "cpu_ns", "", "CPU time", 0, CMP_NS, cpu, 0))
		return -1;
	row_find(t, "cpu_ns", "")->kind = CMP_NS;
	return set_num(t, i, "switches_vol", "", "context switches, voluntary", 0, CMP_COUNT, vol, 0) ||
	       set_num(t, i, "switches_invol", "", "context switches, involuntary", 0, CMP_COUNT, invol, 0) ||
	       set_num(t, i, "migrations", "", "migrations", 0, CMP_COUNT, migr, 0) ? -1 : 0;
}

/* Run-queue latency over all traced threads, and time blocked by reason. */
static int add_waits(struct cmp_table *t, size_t i, const struct cmp_run *r)
{
	const struct ss_lat_hist *q = ss_latency_find(&r->m, &r->lat, SS_LAT_ALL, 0, SS_LAT_RUNQ, 0);
	uint64_t blocked = 0, sleeps = 0;

	if (head(t, "runq", "run-queue latency"))
		return -1;
	if (q && (set_num(t, i, "runq_waits", "", "waits", 1, CMP_COUNT, q->count, 0) ||
		  set_num(t, i, "runq_p50_ns", "", "p50", 1, CMP_NS, q->p50_ns, 0) ||
		  set_num(t, i, "runq_p99_ns", "", "p99", 1, CMP_NS, q->p99_ns, 0) ||
		  set_num(t, i, "runq_max_ns", "", "max", 1, CMP_NS, q->max_ns, 0)))
		return -1;
	if (head(t, "blocked_ns", "time blocked"))
		return -1;
	for (size_t k = 0; k < r->lat.nhists; k++) {
		const struct ss_lat_hist *h = &r->lat.hists[k];

		if (h->scope != SS_LAT_ALL || h->kind != SS_LAT_BLOCKED)
			continue;
		blocked += h->sum_ns;
		sleeps += h->count;
		if (set_num(t, i, "blocked_ns", ss_reason_name(h->reason), ss_reason_name(h->reason), 1, CMP_NS,
			    h->sum_ns, h->count))
			return -1;
	}
	if (set_num(t, i, "blocked_ns", "", "time blocked", 0, CMP_NS, blocked, sleeps))
		return -1;
	row_find(t, "blocked_ns", "")->kind = CMP_NS;
	return 0;
}

static int add_checks(struct cmp_table *t, size_t i, const struct cmp_run *r)
{
	if (head(t, "check", "checks"))
		return -1;
	for (size_t k = 0; r->is_lesson && k < r->cl.n; k++)
		if (set_num(t, i, "check", r->cl.r[k].id, r->cl.r[k].id, 1, CMP_VERDICT, r->cl.r[k].verdict, 0))
			return -1;
	return 0;
}

static uint64_t grain(enum cmp_kind k)
{
	return k == CMP_NS ? CMP_GRAIN_NS : 1;
}

/* Whether the runs differ in this row (see CMP_DIFF_PCT). */
static bool row_differs(const struct cmp_row *r, size_t nruns)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	bool any = false;

	if (r->kind == CMP_HEAD || r->no_mark)
		return false;
	for (size_t i = 0; i < nruns; i++)
		any |= r->have[i];
	if (!any)
		return false;
	if (r->kind == CMP_TEXT || r->kind == CMP_VERDICT) {
		for (size_t i = 1; i < nruns; i++)
			if (r->have[i] != r->have[0] ||
			    (r->have[i] && (r->kind == CMP_TEXT ? strcmp(r->text[i], r->text[0]) != 0 : r->v[i] != r->v[0])))
				return true;
		return false;
	}
	for (size_t i = 0; i < nruns; i++) {
		uint64_t v = r->have[i] ? r->v[i] : 0;   /* a task a run did not have used nothing */

		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	return hi - lo > grain(r->kind) && hi * 100 > lo * (100 + CMP_DIFF_PCT);
}

static void cell(const struct cmp_row *r, size_t i, char *buf, size_t size)
{
	char d[32];

	if (r->kind == CMP_HEAD) {
		buf[0] = 0;
		return;
	}
	if (!r->have[i]) {
		snprintf(buf, size, "-");
		return;
	}
	switch (r->kind) {
	case CMP_TEXT: snprintf(buf, size, "%s", r->text[i]); break;
	case CMP_NS: fmt_dur(d, sizeof(d), r->v[i]); snprintf(buf, size, "%s", d); break;
	case CMP_PCT: snprintf(buf, size, "%" PRIu64 "%%", r->v[i]); break;
	case CMP_VERDICT:
		snprintf(buf, size, "%s %s", lesson_verdict_mark((enum lesson_verdict)r->v[i]),
			 lesson_verdict_name((enum lesson_verdict)r->v[i]));
		break;
	default: snprintf(buf, size, "%" PRIu64, r->v[i]); break;
	}
	if (r->n[i] && r->kind == CMP_NS) {
		size_t off = strlen(buf);

		snprintf(buf + off, size - off, " (%" PRIu64 ")", r->n[i]);
	}
}

/* Screen columns of UTF-8 text (the check marks are one column, three bytes). */
static size_t cols(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Appends s to line, cut to width columns ("…" at the cut) and padded to width. */
static void put_col(char *line, size_t size, const char *s, size_t width)
{
	size_t n = cols(s), off = strlen(line);

	if (n > width) {
		size_t c = 0;
		const char *p = s;

		for (; *p && c < width - 1; p++)
			c += ((unsigned char)*p & 0xC0) != 0x80;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		snprintf(line + off, size - off, "%.*s\u2026", (int)(p - s), s);
		return;
	}
	snprintf(line + off, size - off, "%s%*s", s, (int)(width - n), "");
}

/* Prints line without its trailing blanks. */
static void put_line(char *line)
{
	size_t n = strlen(line);

	while (n && line[n - 1] == ' ')
		line[--n] = 0;
	printf("%s\n", line);
	line[0] = 0;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

static void print_text(const struct cmp_table *t, const struct cmp_run *runs)
{
	size_t width[CMP_MAX_RUNS];
	char buf[256], label[96], line[CMP_MAX_RUNS * (CMP_COL_MAX * 3 + 4) + 256] = "";
	bool marked = false;

	for (size_t i = 0; i < t->nruns; i++) {
		width[i] = cols(base_name(runs[i].path));
		for (size_t k = 0; k < t->nrows; k++) {
			cell(&t->rows[k], i, buf, sizeof(buf));
			width[i] = cols(buf) > width[i] ? cols(buf) : width[i];
		}
		width[i] = width[i] > CMP_COL_MAX ? CMP_COL_MAX : width[i];
	}
	/* the runs in full first: a column has room for the start of a command only */
	for (size_t i = 0; i < t->nruns; i++) {
		const struct cmp_row *cmd = row_find(t, "command", ""), *knobs = row_find(t, "knobs", "");

		printf("%s: %s", base_name(runs[i].path), cmd->text[i]);
		if (strcmp(knobs->text[i], "-"))
			printf(" [%s]", knobs->text[i]);
		printf("\n");
	}
	printf("\n");
	put_col(line, sizeof(line), "", CMP_LABEL_W);
	for (size_t i = 0; i < t->nruns; i++) {
		put_col(line, sizeof(line), "  ", 2);
		put_col(line, sizeof(line), base_name(runs[i].path), width[i]);
	}
	put_line(line);
	for (size_t k = 0; k < t->nrows; k++) {
		const struct cmp_row *r = &t->rows[k];
		bool differs = row_differs(r, t->nruns);

		if (!strcmp(r->metric, "command"))
			continue;     /* said in full above */
		snprintf(label, sizeof(label), "%*s%s", r->indent * 2, "", r->label);
		put_col(line, sizeof(line), label, CMP_LABEL_W);
		for (size_t i = 0; i < t->nruns && r->kind != CMP_HEAD; i++) {
			cell(r, i, buf, sizeof(buf));
			put_col(line, sizeof(line), "  ", 2);
			put_col(line, sizeof(line), buf, width[i]);
		}
		put_col(line, sizeof(line), differs ? "  *" : "", 3);
		put_line(line);
		marked |= differs;
	}
	if (marked)
		printf("\n* the runs differ: by more than %d%% (and 10 us, or 1), or in words\n", CMP_DIFF_PCT);
}

static void print_tsv(const struct cmp_table *t, const struct cmp_run *runs)
{
	printf("metric\twhat");
	for (size_t i = 0; i < t->nruns; i++)
		printf("\t%s", runs[i].path);
	printf("\tdiffers\n");
	for (size_t k = 0; k < t->nrows; k++) {
		const struct cmp_row *r = &t->rows[k];

		if (r->kind == CMP_HEAD)
			continue;
		printf("%s\t%s", r->metric, r->what[0] ? r->what : "-");
		for (size_t i = 0; i < t->nruns; i++) {
			if (!r->have[i])
				printf("\t-");
			else if (r->kind == CMP_TEXT)
				printf("\t%s", r->text[i]);
			else if (r->kind == CMP_VERDICT)
				printf("\t%s", lesson_verdict_name((enum lesson_verdict)r->v[i]));
			else
				printf("\t%" PRIu64, r->v[i]);
		}
		printf("\t%d\n", row_differs(r, t->nruns));
	}
}

int cmd_compare(int argc, char **argv)
{
	struct cmp_run runs[CMP_MAX_RUNS];
	struct cmp_table t = { 0 };
	unsigned flags;
	bool tsv;
	int first, rc;
	size_t n;

	rc = cli_parse_tsv_args("compare", argc, argv, usage, &tsv, &flags, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = CLI_FAIL;
	n = (size_t)(argc - first);
	if (n < 2)
		return cli_usage_error("compare", "which traces? two or more (A.trace B.trace)");
	if (n > CMP_MAX_RUNS)
		return cli_usage_error("compare", "at most %d traces at a time, not %zu", CMP_MAX_RUNS, n);
	memset(runs, 0, sizeof(runs));
	t.nruns = n;
	for (size_t i = 0; i < n; i++) {
		uint64_t t0, t1;

		runs[i].path = argv[first + (int)i];
		if (load_run(&runs[i], flags))
			goto out;
		command_span(&runs[i].m, &t0, &t1);
		if (add_setup(&t, i, &runs[i], t0, t1) ||
		    set_num(&t, i, "wall_ns", "", "wall time", 0, CMP_NS, t1 - t0, 0) ||
		    add_threads(&t, i, &runs[i]) || add_waits(&t, i, &runs[i]) ||
		    (runs[i].is_lesson && add_checks(&t, i, &runs[i]))) {
			rc = cli_out_of_memory("compare");
			goto out;
		}
	}
	(tsv ? print_tsv : print_text)(&t, runs);
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free_run(&runs[i]);
	free(t.rows);
	return rc;
}
