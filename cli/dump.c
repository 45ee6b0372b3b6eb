/* schedscope dump: every event, one line each, in time order across CPUs.
 * A sleep's syscall (and a waker's) names the stacks recorded there by id,
 * as the file keeps them: the user stack (model/stacks.h) and, at a D-state
 * sleep or a page fault, the kernel stack; `why` and the exports tell them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/explain.h"
#include "model/states.h"
#include "model/syscalls.h"
#include "util/fmt.h"

struct filter {
	bool by_pid, by_cpu;
	uint32_t pid, cpu;
	uint32_t kinds;          /* bit per enum ss_kind; 0: all */
};

static bool wanted(const struct filter *f, const struct ss_event *ev)
{
	if (f->kinds && !(f->kinds & (1u << ev->kind)))
		return false;
	if (f->by_cpu && ev->cpu != f->cpu)
		return false;
	if (f->by_pid && !cli_event_involves(ev, f->pid))
		return false;
	return true;
}

/* "comm:pid" as perf prints it. */
static const char *who(const struct ss_reader *r, uint32_t pid, uint64_t ts, char *buf, size_t n)
{
	snprintf(buf, n, "%s:%u", ss_tasks_comm(&r->tasks, pid, ts), pid);
	return buf;
}

/* What a reader of the events needs besides the event: the signal book
 * (where a SIGKILL nobody sent came from) and whether the root has exec'd
 * (in a trace whose header names no start pipe, its sleeps before are the
 * recorder's held start: ss_block_held_start()). */
struct dump_state {
	struct ss_signal_book book;
	uint64_t root_exec_ns;
};

/* The stacks an event's syscall names: " (user stack 12, kernel stack 3)";
 * "" when it names none. */
static const char *stack_ids(const struct ss_sys *s, char *buf, size_t n)
{
	if (s->stack && s->kstack)
		snprintf(buf, n, " (user stack %u, kernel stack %u)", s->stack, s->kstack);
	else if (s->stack || s->kstack)
		snprintf(buf, n, " (%s stack %u)", s->stack ? "user" : "kernel", s->stack ? s->stack : s->kstack);
	else
		buf[0] = 0;
	return buf;
}

static void print_event(const struct ss_reader *r, struct dump_state *d, const struct ss_event *ev)
{
	char a[64], b[64], x[1024], at[32];
	uint64_t ts = ev->ts_ns;

	printf("%14s [%03u] %-10s ", cli_moment(r, ts, at, sizeof(at)), ev->cpu, ss_kind_name(ev->kind));
	switch (ev->kind) {
	case SS_SWITCH:
		printf("%s [%u] %s ==> %s [%u]\n", who(r, ev->pid, ts, a, sizeof(a)), ev->sw.prev_prio,
		       ss_state_name(ev->sw.prev_state), who(r, ev->sw.next_pid, ts, b, sizeof(b)),
		       ev->sw.next_prio);
		break;
	case SS_WAKING:
	case SS_WAKEUP_NEW:
		/* pid 0: no task woke it, an interrupt did (the next event says which) */
		printf("%s wakes %s on cpu %u\n", ev->pid ? who(r, ev->pid, ts, a, sizeof(a)) : "an interrupt",
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
		printf("%s %s\n", who(r, ev->pid, ts, a, sizeof(a)), ss_explain_exit(ev->exit.code, x, sizeof(x)));
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
		printf("%s dropped by the kernel side on this CPU\n", fmt_count(x, sizeof(x), ev->lost.count, "record", NULL));
		break;
	case SS_BLOCK:
		printf("%s %s%s\n", who(r, ev->pid, ts, a, sizeof(a)),
		       ss_explain_block(&r->info, &r->tasks, ev,
					ss_block_held_start(&r->info, d->root_exec_ns, ev->pid, &ev->block.chan), x, sizeof(x)),
		       stack_ids(&ev->block, b, sizeof(b)));
		break;
	case SS_WAKER:
		printf("%s %s%s\n", ev->waker.cause >= SS_WC_HARDIRQ ? "an interrupt" : who(r, ev->pid, ts, a, sizeof(a)),
		       ss_explain_waker(&r->info, &r->tasks, ev, x, sizeof(x)),
		       ev->waker.cause == SS_WC_SYSCALL ? stack_ids(&ev->waker.sys, b, sizeof(b)) : "");
		break;
	case SS_SIGNAL:
		printf("%s %s\n", who(r, ev->pid, ts, a, sizeof(a)), ss_explain_signal(&r->tasks, &d->book, ev, x, sizeof(x)));
		break;
	default:
		printf("\n");
	}
}

/* syscall name, fd, bytes, channel kind, channel id, channel name, user
 * stack id, kernel stack id (0: none); a withheld call (another user's
 * process under sudo) has "-" for its fd and bytes and "withheld" for its
 * channel's kind: no value was recorded, not -1 and 0 */
static void print_sys_tsv(const struct ss_reader *r, const struct ss_sys *s)
{
	char ch[96], name[40], fd[24] = "-", bytes[24] = "-";
	bool withheld = ss_sys_withheld(s);

	if (!withheld) {
		snprintf(fd, sizeof(fd), "%d", s->fd);
		snprintf(bytes, sizeof(bytes), "%llu", (unsigned long long)s->args[2]);
	}
	printf("\t%s\t%s\t%s\t%s\t%016llx\t%s\t%u\t%u",
	       s->nr >= 0 ? ss_syscall_name(r->info.machine, s->nr, name, sizeof(name)) : "-", fd, bytes,
	       withheld ? "withheld" : ss_chan_kind_name(s->chan.kind),
	       (unsigned long long)s->chan.id, ss_chan_name(&s->chan, ch, sizeof(ch)), s->stack, s->kstack);
}

/* One tab-separated line: ts_ns cpu kind pid, then the kind's own fields. */
static void print_tsv(const struct ss_reader *r, struct dump_state *d, const struct ss_event *ev)
{
	(void)d;
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
		printf("\t%u\t%s", ev->waker.wakee, ev->waker.cause == SS_WC_EXIT ? "exit" :
		       ev->waker.cause == SS_WC_HARDIRQ ? "hardirq" : ev->waker.cause == SS_WC_SOFTIRQ ? "softirq" :
		       ev->waker.cause == SS_WC_TIMER ? "timer" : "syscall");
		if (ev->waker.cause >= SS_WC_HARDIRQ)      /* an interrupt context: which one */
			printf("\t%u", ev->waker.ctx_id);
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

/* "switch,waking": a bit per kind in *kinds; CLI_USAGE (said) if a name is
 * unknown or missing. */
static int parse_kinds(const char *arg, uint32_t *kinds)
{
	const char *p = arg;

	do {
		size_t n = strcspn(p, ",");
		char name[32];
		unsigned kind;

		if (n == 0)
			return cli_usage_error("dump", "--kind wants kinds separated by commas, not '%s'", arg);
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		kind = n < sizeof(name) ? ss_kind_parse(name) : 0;
		if (!kind)
			return cli_usage_error("dump", "unknown event kind '%.*s'", (int)n, p);
		*kinds |= 1u << kind;
		p += n;
	} while (*p++ == ',');
	return 0;
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
		"                  exit: wait status (-2: withheld, another user's under sudo)\n"
		"                  migrate: orig_cpu dest_cpu    marker: provider:name args...\n"
		"                  lost: count\n"
		"                  block: syscall fd bytes chan_kind chan_id chan_name\n"
		"                         stack kstack (the stack ids, 0: none); withheld (another\n"
		"                         user's under sudo): fd and bytes -, chan_kind withheld\n"
		"                  waker: wakee syscall|exit [syscall fd bytes chan_kind chan_id\n"
		"                         chan_name stack kstack]\n"
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
	void (*print)(const struct ss_reader *, struct dump_state *, const struct ss_event *) = print_event;
	struct dump_state d = { .root_exec_ns = 0 };
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
		case 'k':
			if ((rc = parse_kinds(optarg, &f.kinds)))
				return rc;
			break;
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
	if (f.by_cpu && f.cpu >= r->info.ncpus) {
		char n[32];

		fprintf(stderr, "schedscope dump: --cpu %u: %s has %s (0-%u)\n", f.cpu, argv[optind],
			fmt_count(n, sizeof(n), r->info.ncpus, "CPU", NULL), r->info.ncpus - 1);
		ss_reader_close(r);
		return CLI_FAIL;
	}
	if (f.by_pid && cli_check_pid("dump", r, f.pid)) {
		ss_reader_close(r);
		return CLI_FAIL;
	}
	it = ss_iter_new(r);
	if (!it) {
		ss_reader_close(r);
		return cli_out_of_memory("dump");
	}
	ss_signal_book_init(&d.book);
	while ((rc = ss_iter_next(it, &ev)) == 1) {
		if (wanted(&f, &ev))
			print(r, &d, &ev);
		ss_signal_book_note(&d.book, &r->tasks, &ev);
		if (ev.kind == SS_EXEC && ev.pid == r->info.root_pid && !d.root_exec_ns)
			d.root_exec_ns = ev.ts_ns;
	}
	ss_signal_book_free(&d.book);
	if (rc < 0)
		fprintf(stderr, "schedscope: %s: %s\n", argv[optind], ss_iter_error(it));
	ss_iter_free(it);
	ss_reader_close(r);
	return rc < 0 ? CLI_FAIL : 0;
}
