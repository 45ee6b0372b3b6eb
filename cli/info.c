/* schedscope info: what a trace file holds, and whether it is whole. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "cli/cli.h"
#include "model/explain.h"
#include "model/totals.h"
#include "util/fmt.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope info FILE [--salvage]\n\n"
		"Shows the trace's header (host, kernel, command, start time, the run's knobs:\n"
		"CPUs, nice, policy), its duration,\n"
		"event counts per kind, tasks, lost events per CPU, and whether the file is\n"
		"complete or was cut short (and what was cut).\n\n"
		"  --salvage   read a damaged file up to the damage\n"
		"  -h, --help  this help\n");
}

int cmd_info(int argc, char **argv)
{
	uint64_t counts[SS_KIND_MAX] = { 0 }, first = 0, last = 0, lost_ev = 0;
	uint64_t *lost_cpu;
	unsigned flags;
	const char *path;
	struct ss_reader *r;
	struct ss_iter *it;
	struct ss_event ev;
	size_t in_tree = 0;
	char when[64], dur[32], size[32], cnt[48], knobs[200], exitbuf[64], from[32], to[32];
	int rc;

	rc = cli_parse_file_args("info", argc, argv, usage, &path, &flags);
	if (rc)
		return rc < 0 ? 0 : rc;
	r = cli_open_trace(path, flags);
	if (!r)
		return CLI_FAIL;
	lost_cpu = calloc(r->info.ncpus, sizeof(*lost_cpu));
	it = ss_iter_new(r);
	if (!it || !lost_cpu) {
		free(lost_cpu);
		ss_iter_free(it);
		ss_reader_close(r);
		return cli_out_of_memory("info");
	}
	while ((rc = ss_iter_next(it, &ev)) == 1) {
		if (!first)
			first = ev.ts_ns;
		last = ev.ts_ns;
		counts[ev.kind < SS_KIND_MAX ? ev.kind : 0]++;
		if (ev.kind == SS_LOST) {
			lost_ev += ev.lost.count;
			lost_cpu[ev.cpu] += ev.lost.count;
		}
	}

	time_t wall = (time_t)(r->info.start_wall_ns / 1000000000ull);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", localtime(&wall));
	printf("file        %s\n", path);
	printf("status      %s\n", rc < 0 ? "DAMAGED (the events after the damage are not counted)" :
	       r->complete ? "complete" : "INCOMPLETE");
	if (r->cut)
		printf("            %s\n", r->cut_reason);
	printf("format      schedscope trace version %u, %s\n", r->info.version,
	       fmt_bytes(size, sizeof(size), r->size));
	printf("host        %s: %s %s %s\n", r->info.hostname, r->info.sysname, r->info.release,
	       r->info.machine);
	printf("clock       %s\n", r->info.clock_id == CLOCK_BOOTTIME ? "CLOCK_BOOTTIME (ns)" : "unknown");
	printf("started     %s (boot time %.6f s)\n", when, (double)r->info.start_ns / 1e9);
	printf("command     %s\n", r->info.cmdline[0] ? r->info.cmdline : "-");
	if (r->info.knobs.set)
		printf("knobs       %s\n", ss_knobs_describe(&r->info.knobs, knobs, sizeof(knobs)));
	if (r->info.root_pid)
		printf("pid         %u\n", r->info.root_pid);
	if (r->info.start_pipe_ino)
		printf("start pipe  pipe:[%llu] (schedscope's: it held the command until it started)\n",
		       (unsigned long long)r->info.start_pipe_ino);
	if (r->end && r->end->exit_status >= 0)
		printf("exit        %s\n", ss_explain_exit(r->end->exit_status, exitbuf, sizeof(exitbuf)));
	uint64_t stop = r->end ? r->end->stop_ns : last;
	printf("duration    %s", fmt_dur(dur, sizeof(dur), stop > r->info.start_ns ? stop - r->info.start_ns : 0));
	if (first)
		printf(" (events from %s to %s)", cli_moment(r, first, from, sizeof(from)),
		       cli_moment(r, last, to, sizeof(to)));
	printf("\ncpus        %u\n", r->info.ncpus);
	printf("events      %llu", (unsigned long long)r->nevents);
	if (r->nevents)
		printf(" (%.1f bytes/event)", (double)r->size / (double)r->nevents);
	printf("\n");
	for (unsigned k = 1; k < SS_KIND_MAX; k++)
		if (counts[k])
			printf("  %-11s %llu\n", ss_kind_name(k), (unsigned long long)counts[k]);
	for (size_t i = 0; i < r->tasks.n; i++)
		if (r->tasks.v[i].flags & SS_TASKF_IN_TREE && r->tasks.v[i].prev < 0)
			in_tree++;
	printf("tasks       %s, %zu in the traced tree\n", fmt_count(cnt, sizeof(cnt), ss_tasks_count_pids(&r->tasks), "pid", NULL),
	       in_tree);
	size_t kthreads = 0;
	bool flagged = false;

	for (size_t i = 0; i < r->tasks.n; i++) {
		const struct ss_task *v = &r->tasks.v[i];

		flagged |= (v->flags & SS_TASKF_KIND) != 0;
		if (ss_tasks_latest(&r->tasks, v->pid) == v && ss_task_is_kthread(v))
			kthreads++;
	}
	printf("kthreads    %zu%s\n", kthreads,
	       flagged ? " (PF_KTHREAD, as the kernel flagged them)" : " (pid 2 and its children: the trace has no flags)");
	printf("probes      %s\n", fmt_count(cnt, sizeof(cnt), r->nprobes, "USDT probe", NULL));

	uint64_t lost = r->end ? r->end->lost_total : lost_ev;
	printf("lost        %llu", (unsigned long long)lost);
	if (lost) {
		printf(" (");
		for (unsigned cpu = 0; cpu < r->info.ncpus; cpu++)
			printf("%scpu%u %llu", cpu ? ", " : "", cpu,
			       (unsigned long long)(r->end ? r->end->lost[cpu] : lost_cpu[cpu]));
		printf(")");
	}
	printf("\n");
	if (r->end && r->end->missed)
		printf("missed      %llu BPF runs skipped by the kernel\n", (unsigned long long)r->end->missed);
	for (unsigned cpu = 0; r->irq_time && cpu < r->info.ncpus; cpu++) {
		char irq[512];

		printf("%s cpu%u %s\n", cpu ? "           " : "interrupts ", cpu,
		       ss_explain_irq_time(&r->irq_time[cpu], irq, sizeof(irq)));
	}
	/* over the trace's span, as the model's figures (stats, the checks) */
	uint64_t end = stop > last ? stop : last, span = end > r->info.start_ns ? end - r->info.start_ns : 0;

	if (r->nsteal > 1 && span) {
		uint64_t all = 0;
		char d[32];

		for (unsigned cpu = 0; cpu < r->info.ncpus; cpu++)
			all += ss_steal_ns(r->steal_ts, r->steal_cum, r->nsteal, r->info.ncpus, cpu, r->info.start_ns, end);
		/* the trace shows this time as the tasks the host stopped */
		printf("steal       the host took %.1f%% of the CPUs (", 100.0 * (double)all / (double)span / r->info.ncpus);
		for (unsigned cpu = 0; cpu < r->info.ncpus; cpu++)
			printf("%scpu%u %s", cpu ? ", " : "", cpu,
			       fmt_dur(d, sizeof(d), ss_steal_ns(r->steal_ts, r->steal_cum, r->nsteal, r->info.ncpus,
							      cpu, r->info.start_ns, end)));
		printf(")\n");
	}
	/* what precedes the damage is counted above; the damage is an error */
	if (rc < 0)
		fprintf(stderr, "schedscope info: %s: %s\n", path, ss_iter_error(it));
	free(lost_cpu);
	ss_iter_free(it);
	ss_reader_close(r);
	return rc < 0 ? CLI_FAIL : 0;
}
