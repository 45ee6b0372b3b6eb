/*
 * What every command shares, so that each says things one way: a usage
 * error's one line, the FILE [--salvage] [--tsv] arguments, opening a trace
 * or loading its model with the same words for the same failure, a --pid
 * that the trace must know, a --window's rule, and the title a view shows
 * for a trace.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lessons/lesson.h"
#include "util/fmt.h"

#include "tracefile/replay.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "schedscope %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'schedscope %s --help')\n", cmd);
	return CLI_USAGE;
}

int cli_out_of_memory(const char *cmd)
{
	fprintf(stderr, "schedscope %s: out of memory\n", cmd);
	return CLI_FAIL;
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *opt = argv[optind - 1];

	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", opt);
	return cli_usage_error(cmd, "unknown option '%s'", opt);
}

/* --salvage, --help and, where tsv is not NULL, --tsv; the files start at *first. */
static int parse_trace_opts(const char *cmd, int argc, char **argv, void (*usage)(FILE *), bool *tsv,
			    unsigned *flags, int *first)
{
	static const struct option longopts[] = {
		{ "tsv", no_argument, NULL, 'T' },
		{ "salvage", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*flags = 0;
	if (tsv)
		*tsv = false;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'T':
			if (!tsv)
				return cli_bad_option(cmd, '?', argv);
			*tsv = true;
			break;
		case 'S': *flags |= SS_READ_SALVAGE; break;
		case 'h': usage(stdout); return -1;
		default: return cli_bad_option(cmd, c, argv);
		}
	}
	*first = optind;
	return 0;
}

int cli_parse_file_args(const char *cmd, int argc, char **argv, void (*usage)(FILE *),
			const char **path, unsigned *flags)
{
	int first, rc = parse_trace_opts(cmd, argc, argv, usage, NULL, flags, &first);

	if (rc)
		return rc;
	if (first != argc - 1)
		return cli_usage_error(cmd, first >= argc ? "which trace file?" : "one trace file at a time");
	*path = argv[first];
	return 0;
}

int cli_parse_tsv_args(const char *cmd, int argc, char **argv, void (*usage)(FILE *), bool *tsv, unsigned *flags,
		       int *first)
{
	return parse_trace_opts(cmd, argc, argv, usage, tsv, flags, first);
}

struct ss_reader *cli_open_trace(const char *path, unsigned flags)
{
	char err[512];
	struct ss_reader *r = ss_reader_open(path, flags, err, sizeof(err));

	if (!r)
		fprintf(stderr, "schedscope: %s\n", err);
	else
		cli_tell_incomplete(r);
	return r;
}

void cli_tell_incomplete(const struct ss_reader *r)
{
	static const char *told[16];     /* the paths said (a command reads a few) */
	static size_t ntold;
	const char *path = r->path ? r->path : "the trace";
	uint64_t last;
	char n[48], at[32];

	if (r->complete)
		return;
	for (size_t i = 0; i < ntold; i++)
		if (!strcmp(told[i], path))
			return;
	if (ntold < sizeof(told) / sizeof(told[0]) && (told[ntold] = strdup(path)))
		ntold++;
	last = ss_reader_last_ns(r);
	fprintf(stderr, "schedscope: %s is incomplete (%s): it ends at %s, %s; what follows is from "
			"what it holds\n", path,
		r->cut ? r->cut_reason : "it has no end record: the recording did not finish",
		cli_moment(r, last ? last : r->info.start_ns, at, sizeof(at)),
		fmt_count(n, sizeof(n), r->nevents, "event", NULL));
}

bool cli_parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > UINT32_MAX || *s == '-')
		return false;
	*out = (uint32_t)v;
	return true;
}

/* One side of a window: n bytes at s, or left out (n 0). */
static bool window_side(const char *s, size_t n, uint64_t left_out, uint64_t *out)
{
	char tmp[64];
	int64_t v;

	*out = left_out;
	if (n == 0)
		return true;
	if (n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	v = fmt_parse_dur(tmp);
	if (v < 0)
		return false;
	*out = (uint64_t)v;
	return true;
}

bool cli_parse_window(const char *s, uint64_t *from_ns, uint64_t *to_ns)
{
	const char *comma = strchr(s, ',');

	return comma && window_side(s, (size_t)(comma - s), 0, from_ns) &&
	       window_side(comma + 1, strlen(comma + 1), UINT64_MAX, to_ns) && *to_ns > *from_ns;
}

int cli_window_error(const char *cmd, const char *arg)
{
	return cli_usage_error(cmd, "--window wants START,END with END after START, such as 0.5,2 or "
				    "100ms,1.5s (either may be left out), not '%s'", arg);
}

int cli_load_model(struct ss_model *m, const char *path, unsigned flags)
{
	char err[512];
	struct ss_reader *r = cli_open_trace(path, flags);
	int rc;

	if (!r)
		return -1;
	rc = ss_trace_load_reader(m, r, err, sizeof(err));
	ss_reader_close(r);
	if (rc) {
		fprintf(stderr, "schedscope: %s\n", err);
		return -1;
	}
	if (m->failed)
		fprintf(stderr, "schedscope: memory ran out while loading %s (%s): what follows is incomplete\n",
			path, m->failed);
	return 0;
}

bool cli_event_involves(const struct ss_event *ev, uint32_t pid)
{
	if (ev->pid == pid)
		return true;
	switch (ev->kind) {
	case SS_SWITCH: return ev->sw.next_pid == pid;
	case SS_WAKING:
	case SS_WAKEUP_NEW: return ev->wake.wakee == pid;
	case SS_FORK: return ev->fork.child == pid;
	case SS_EXEC: return ev->exec.old_pid == pid;
	case SS_WAKER: return ev->waker.wakee == pid;
	case SS_SIGNAL: return ev->signal.target == pid;
	default: return false;
	}
}

int cli_check_pid(const char *cmd, const struct ss_reader *r, uint32_t pid)
{
	struct ss_iter *it;
	struct ss_event ev;
	int rc = 0;

	if (pid == 0 || ss_tasks_latest(&r->tasks, pid))
		return 0;
	for (size_t i = 0; i < r->tasks.n; i++)
		if (r->tasks.v[i].tgid == pid)
			return 0;
	/* a task record can be lost with the events around it: look for the pid in the events */
	it = ss_iter_new(r);
	if (!it)
		return 0;          /* no memory to look: let the command go on */
	while ((rc = ss_iter_next(it, &ev)) == 1)
		if (cli_event_involves(&ev, pid))
			break;
	ss_iter_free(it);
	if (rc == 1)
		return 0;
	fprintf(stderr, "schedscope %s: pid %u does not appear in %s ('schedscope info' counts its tasks)\n",
		cmd, pid, r->path);
	return CLI_FAIL;
}

bool cli_view_title(const struct ss_reader *r, struct lesson *l, char *buf, size_t size)
{
	const char *cmdline = r->info.cmdline;

	if (lesson_from_cmdline(l, cmdline) == 0) {
		snprintf(buf, size, "%s: %s", l->sc->name, l->summary);
		return true;
	}
	snprintf(buf, size, "%.200s", cmdline[0] ? cmdline : "(no command)");
	return false;
}
