/* schedscope dump: every event, one line each, in time order across CPUs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/syscalls.h"

struct filter {
	bool by_pid, by_cpu;
	uint32_t pid, cpu;
	uint32_t kinds;          /* bit per enum ss_kind; 0: all */
};

static bool involves(const struct ss_event *ev, uint32_t pid)
{
	if (ev->pid == pid)
		return true;
	switch (ev->kind) {
	case SS_SWITCH: return ev->sw.next_pid == pid;
	case SS_WAKING:
	case SS_WAKEUP_NEW: return ev->wake.wakee == pid;
	case SS_FORK: return ev->fork.child == pid;
	case SS_WAKER: return ev->waker.wakee == pid;
	case SS_SIGNAL: return ev->signal.target == pid;
	default: return false;
	}
}

static bool wanted(const struct filter *f, const struct ss_event *ev)
{
	if (f->kinds && !(f->kinds & (1u << ev->kind)))
		return false;
	if (f->by_cpu && ev->cpu != f->cpu)
		return false;
	if (f->by_pid && !involves(ev, f->pid))
		return false;
	return true;
}

/* "comm:pid" as perf prints it. */
static const char *who(const struct ss_reader *r, uint32_t pid, uint64_t ts, char *buf, size_t n)
{
	snprintf(buf, n, "%s:%u", ss_tasks_comm(&r->tasks, pid, ts), pid);
	return buf;
}

static void exit_text(int32_t code, char *buf, size_t n)
{
	if (code & 0x7f)
		snprintf(buf, n, "killed by signal %d", code & 0x7f);
	else
		snprintf(buf, n, "exit code %d", (code >> 8) & 0xff);
}

/* "read(fd 3, 4 bytes) on pipe:[61126]" */
static const char *sys_text(const struct ss_reader *r, const struct ss_sys *s, char *buf, size_t n)
{
	char ch[96];
	size_t k;

	ss_syscall_describe(r->info.machine, s->nr, s->fd, s->args, buf, n);
	k = strlen(buf);
	if (s->chan.kind != SS_CH_NONE)
		snprintf(buf + k, n - k, " on %s", ss_chan_name(&s->chan, ch, sizeof(ch)));
	return buf;
}

static const char *signal_result(int result)
{
	/* TRACE_SIGNAL_* in include/trace/events/signal.h */
	switch (result) {
	case 0: return "";
	case 1: return " (ignored by the receiver)";
	case 2: return " (already pending)";
	case 3: return " (lost: queue overflow)";
	case 4: return " (delivered without its info)";
	default: return " (not delivered)";
	}
}

static void print_event(const struct ss_reader *r, const struct ss_event *ev)
{
	char a[64], b[64], x[64];
	uint64_t ts = ev->ts_ns;

	printf("%14.6f [%03u] %-10s ", cli_rel_s(r, ts), ev->cpu, ss_kind_name(ev->kind));
	switch (ev->kind) {
	case SS_SWITCH:
		printf("%s [%u] %s ==> %s [%u]\n", who(r, ev->pid, ts, a, sizeof(a)), ev->sw.prev_prio,
		       ss_state_name(ev->sw.prev_state), who(r, ev->sw.next_pid, ts, b, sizeof(b)),
		       ev->sw.next_prio);
		break;
	case SS_WAKING:
	case SS_WAKEUP_NEW:
		printf("%s wakes %s on cpu %u\n", who(r, ev->pid, ts, a, sizeof(a)),
		       who(r, ev->wake.wakee, ts, b, sizeof(b)), ev->wake.target_cpu);
		break;
	case SS_FORK:
		printf("%s forks %s (%s)\n", who(r, ev->pid, ts, a, sizeof(a)),
		       who(r, ev->fork.child, ts, b, sizeof(b)),
		       ev->fork.flags & SS_FORK_IS_THREAD ? "thread" : "process");
		break;
	case SS_EXEC: {
		const struct ss_task *t = ss_tasks_at(&r->tasks, ev->pid, ts);

		printf("%s execs %s", who(r, ev->pid, ts, a, sizeof(a)), t && t->path[0] ? t->path : "?");
		if (ev->exec.old_pid != ev->pid)
			printf(" (was pid %u)", ev->exec.old_pid);
		printf("\n");
		break;
	}
	case SS_EXIT:
		exit_text(ev->exit.code, x, sizeof(x));
		printf("%s %s\n", who(r, ev->pid, ts, a, sizeof(a)), x);
		break;
	case SS_MIGRATE:
		printf("%s cpu %u -> %u\n", who(r, ev->pid, ts, a, sizeof(a)), ev->mig.orig_cpu,
		       ev->mig.dest_cpu);
		break;
	case SS_MARKER: {
		const struct ss_probe *p = ss_reader_probe(r, ev->marker.probe);

		printf("%s %s:%s(", who(r, ev->pid, ts, a, sizeof(a)), p ? p->provider : "?",
		       p ? p->name : "?");
		for (uint32_t i = 0; i < ev->marker.nargs; i++)
			printf("%s%lld", i ? ", " : "", (long long)ev->marker.args[i]);
		printf(")\n");
		break;
	}
	case SS_LOST:
		printf("%llu records dropped by the kernel side on this CPU\n",
		       (unsigned long long)ev->lost.count);
		break;
	case SS_BLOCK: {
		char sys[256];

		printf("%s sleeps in %s\n", who(r, ev->pid, ts, a, sizeof(a)), sys_text(r, &ev->block, sys, sizeof(sys)));
		break;
	}
	case SS_WAKER: {
		char sys[256];

		printf("%s woke %s %s%s\n", who(r, ev->pid, ts, a, sizeof(a)), who(r, ev->waker.wakee, ts, b, sizeof(b)),
		       ev->waker.cause == SS_WC_EXIT ? "while exiting" : "in ",
		       ev->waker.cause == SS_WC_EXIT ? "" : sys_text(r, &ev->waker.sys, sys, sizeof(sys)));
		break;
	}
	case SS_SIGNAL:
		if (ev->signal.dir == SS_SIGNAL_SENT)
			printf("%s sends %s to %s%s\n", who(r, ev->pid, ts, a, sizeof(a)),
			       ss_signal_name(ev->signal.sig, x, sizeof(x)), who(r, ev->signal.target, ts, b, sizeof(b)),
			       signal_result(ev->signal.result));
		else
			printf("%s takes delivery of %s\n", who(r, ev->pid, ts, a, sizeof(a)),
			       ss_signal_name(ev->signal.sig, x, sizeof(x)));
		break;
	default:
		printf("\n");
	}
}

/* syscall name, fd, bytes, channel kind, channel id, channel name */
static void print_sys_tsv(const struct ss_reader *r, const struct ss_sys *s)
{
	const struct ss_syscall_info *si = ss_syscall(r->info.machine, s->nr);
	char ch[96];

	printf("\t%s\t%d\t%llu\t%s\t%016llx\t%s", si ? si->name : "?", s->fd,
	       (unsigned long long)s->args[2], ss_chan_kind_name(s->chan.kind),
	       (unsigned long long)s->chan.id, ss_chan_name(&s->chan, ch, sizeof(ch)));
}

/* One tab-separated line: ts_ns cpu kind pid, then the kind's own fields. */
static void print_tsv(const struct ss_reader *r, const struct ss_event *ev)
{
	printf("%llu\t%u\t%s\t%u", (unsigned long long)ev->ts_ns, ev->cpu, ss_kind_name(ev->kind), ev->pid);
	switch (ev->kind) {
	case SS_SWITCH:
		printf("\t%u\t%s\t%u\t%u", ev->sw.next_pid, ss_state_name(ev->sw.prev_state),
		       ev->sw.prev_prio, ev->sw.next_prio);
		break;
	case SS_WAKING:
	case SS_WAKEUP_NEW:
		printf("\t%u\t%u", ev->wake.wakee, ev->wake.target_cpu);
		break;
	case SS_FORK:
		printf("\t%u\t%s", ev->fork.child, ev->fork.flags & SS_FORK_IS_THREAD ? "thread" : "process");
		break;
	case SS_EXEC: {
		const struct ss_task *t = ss_tasks_at(&r->tasks, ev->pid, ev->ts_ns);

		printf("\t%u\t%s", ev->exec.old_pid, t ? t->path : "");
		break;
	}
	case SS_EXIT:
		printf("\t%d", ev->exit.code);
		break;
	case SS_MIGRATE:
		printf("\t%u\t%u", ev->mig.orig_cpu, ev->mig.dest_cpu);
		break;
	case SS_MARKER: {
		const struct ss_probe *p = ss_reader_probe(r, ev->marker.probe);

		printf("\t%s:%s", p ? p->provider : "?", p ? p->name : "?");
		for (uint32_t i = 0; i < ev->marker.nargs; i++)
			printf("\t%lld", (long long)ev->marker.args[i]);
		break;
	}
	case SS_LOST:
		printf("\t%llu", (unsigned long long)ev->lost.count);
		break;
	case SS_BLOCK:
		print_sys_tsv(r, &ev->block);
		break;
	case SS_WAKER:
		printf("\t%u\t%s", ev->waker.wakee, ev->waker.cause == SS_WC_EXIT ? "exit" : "syscall");
		if (ev->waker.cause == SS_WC_SYSCALL)
			print_sys_tsv(r, &ev->waker.sys);
		break;
	case SS_SIGNAL:
		printf("\t%u\t%d\t%s\t%d", ev->signal.target, ev->signal.sig,
		       ev->signal.dir == SS_SIGNAL_SENT ? "sent" : "delivered", ev->signal.result);
		break;
	default:
		break;
	}
	printf("\n");
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: schedscope dump FILE [--pid P] [--cpu C] [--kind K[,K...]] [--tsv] [--salvage]\n\n"
		"Prints the trace's events in time order, one per line: seconds since the\n"
		"recording began, [cpu], kind, then the event (like perf sched timehist).\n\n"
		"Options:\n"
		"  -p, --pid P     only events that involve pid/tid P\n"
		"  -c, --cpu C     only events on CPU C\n"
		"  -k, --kind K    only these kinds: switch, waking, wakeup_new, fork, exec,\n"
		"                  exit, migrate, marker, lost, block, waker, signal\n"
		"                  (comma-separated)\n"
		"      --tsv       tab-separated, for scripts: ts_ns, cpu, kind, pid, then\n"
		"                  switch: next_pid prev_state prev_prio next_prio\n"
		"                  waking, wakeup_new: wakee target_cpu\n"
		"                  fork: child process|thread    exec: old_pid path\n"
		"                  exit: wait status             migrate: orig_cpu dest_cpu\n"
		"                  marker: provider:name args... lost: count\n"
		"                  block: syscall fd bytes chan_kind chan_id chan_name\n"
		"                  waker: wakee syscall|exit [syscall fd bytes chan_kind chan_id chan_name]\n"
		"                  signal: target signo sent|delivered result\n"
		"      --salvage   read a damaged file up to the damage\n"
		"  -h, --help      this help\n");
}

int cmd_dump(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },
		{ "salvage", no_argument, NULL, 'S' },
		{ "tsv", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	void (*print)(const struct ss_reader *, const struct ss_event *) = print_event;
	struct filter f = { 0 };
	unsigned flags = 0;
	struct ss_reader *r;
	struct ss_iter *it;
	struct ss_event ev;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:c:k:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!cli_parse_u32(optarg, &f.pid))
				return cli_usage_error("dump", "--pid wants a number, not '%s'", optarg);
			f.by_pid = true;
			break;
		case 'c':
			if (!cli_parse_u32(optarg, &f.cpu))
				return cli_usage_error("dump", "--cpu wants a number, not '%s'", optarg);
			f.by_cpu = true;
			break;
		case 'k': {
			char *list = strdup(optarg), *save = NULL;

			for (char *k = strtok_r(list, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
				unsigned kind = ss_kind_parse(k);

				if (!kind) {
					free(list);
					return cli_usage_error("dump", "unknown event kind '%s'", k);
				}
				f.kinds |= 1u << kind;
			}
			free(list);
			break;
		}
		case 'S': flags |= SS_READ_SALVAGE; break;
		case 'T': print = print_tsv; break;
		case 'h': usage(stdout); return 0;
		default: return cli_bad_option("dump", c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("dump", optind >= argc ? "which trace file?" : "one trace file at a time");
	r = cli_open_trace(argv[optind], flags);
	if (!r)
		return CLI_FAIL;
	if (r->cut)
		fprintf(stderr, "schedscope: %s is incomplete: %s\n", argv[optind], r->cut_reason);
	it = ss_iter_new(r);
	if (!it) {
		ss_reader_close(r);
		return CLI_FAIL;
	}
	while ((rc = ss_iter_next(it, &ev)) == 1)
		if (wanted(&f, &ev))
			print(r, &ev);
	if (rc < 0)
		fprintf(stderr, "schedscope: %s: %s\n", argv[optind], ss_iter_error(it));
	ss_iter_free(it);
	ss_reader_close(r);
	return rc < 0 ? CLI_FAIL : 0;
}
