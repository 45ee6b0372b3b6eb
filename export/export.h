/*
 * Exporters: a trace file in, another tool's format out. Each one streams
 * the file (reader + sched_state), so memory does not grow with the trace.
 */
#ifndef SCHEDSCOPE_EXPORT_EXPORT_H
#define SCHEDSCOPE_EXPORT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ss_reader;

enum export_format {
	EXPORT_PERFETTO,   /* Perfetto protobuf trace (.pftrace) */
	EXPORT_JSON,       /* Chrome Trace Event Format */
	EXPORT_CSV,        /* a directory of CSV files */
	EXPORT_PPROF,      /* off-CPU profile: blocked time by user stack (gzip'd profile.proto) */
	EXPORT_FOLDED,     /* the same as folded stacks, the flame-graph text format */
};

struct export_opts {
	const char *in_path;       /* schedscope trace file */
	/* Or a trace already open (a file, or bytes in memory): read instead of
	 * in_path, and left open. */
	const struct ss_reader *reader;
	const char *out_path;      /* file, or directory for CSV; NULL: the default name */
	enum export_format format;
	uint64_t from_ns, to_ns;   /* --window, relative to the trace start; to_ns 0: to the end */
	uint32_t pid;              /* --pid: only this process/thread (0: all) */
	bool progress;             /* show progress on stderr (a terminal) */
	unsigned reader_flags;     /* SS_READ_* */
	bool no_compact;           /* perfetto: plain FtraceEvents, not compact_sched */
	bool critical;             /* perfetto: a track with the critical path of pid (0: the traced command) */
	/* Called as the export advances (percent of the trace's events read), for
	 * a caller that draws its own progress (the UI); may be NULL. */
	void (*on_progress)(void *ctx, unsigned percent);
	void *progress_ctx;
	/* The signal that asks the export to stop (Ctrl-C), 0 while none did;
	 * asked as it reads and before an output is renamed into place, so a
	 * stopped export removes its temporary files and leaves nothing. May
	 * be NULL. */
	int (*stop_signal)(void);
};

struct export_result {
	char out_path[4096];       /* where it went */
	uint64_t events_in;        /* trace events read */
	uint64_t bytes_out;
	uint64_t events_out;       /* perfetto: ftrace events and markers; json: trace events; csv: rows */
	uint64_t repaired;         /* perfetto: switches added to end runs whose end was lost
				    * (or, with --pid, not exported); see docs/EXPORT.md */
};

/* Runs one export. 0, or -1 with a one-line reason in err. */
int export_run(const struct export_opts *o, struct export_result *res, char *err, size_t errlen);
/* The name of a file made from a trace: "run.trace" -> "run" + suffix; other
 * names get the suffix appended. The one rule for every such name: exports,
 * pictures (w: "-20260101-120000.svg"), a run's output (".out") and its
 * reruns ("-2.trace"). */
void export_default_out(const char *in, const char *suffix, char *out, size_t n);
/* What a stopped export says: "stopped by SIGINT: OUT not written". The
 * formats' (xp_stopped()) and the pictures' (cli/picture.c) one sentence. */
void export_stopped_line(int sig, const char *out, char *buf, size_t n);
/* "perfetto", "json", "csv" -> format; -1 if unknown. */
int export_parse_format(const char *name);

#endif
