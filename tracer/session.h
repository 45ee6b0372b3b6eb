/*
 * One recording, start to finish: launch the command held, load and attach
 * the BPF programs, release the command, drain the ring buffer into the
 * decoder, and hand the decoded stream to the trace file and, when a live
 * view is open, to its model. It has no loop of its own: callers (the plain
 * `record` loop, or the live UI's loop) call ss_session_step().
 */
#ifndef SCHEDSCOPE_TRACER_SESSION_H
#define SCHEDSCOPE_TRACER_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tracefile/format.h"
#include "tracer/decoder.h"

struct ss_session_opts {
	char *const *argv;         /* the command; NULL or empty only with all */
	bool all;                  /* the whole system */
	double duration_s;         /* stop after this long; 0: until the command ends */
	uint32_t buffer_mb;        /* ring buffer size */
	bool flows;                /* count all pipe and socket traffic (costs a hook on every syscall) */
	bool stacks;               /* take user stacks at waits and wakeups */
	const char *out_path;      /* an earlier file there is kept as out_path.old */
	const char *const *usdt_binaries;   /* more binaries whose probes to attach (NULL-ended) */
	const char *usdt_filter;  /* "PROVIDER[:NAME]": CMD's probes to attach besides schedscope's
				   * own (provider schedscope); NULL: those only */
	int death_sig;             /* the command's signal if schedscope dies (0: none) */
	bool wait_tree;            /* record until the command's whole tree has exited */
	struct ss_knobs knobs;     /* affinity, nice, policy for the command (model/knobs.h) */
	/* An optional second consumer of the stream (the live view's model). It is
	 * called only from ss_session_step() and ss_session_finish(), so it can be
	 * set up after ss_session_start() returns, from ss_session_info(). The
	 * probes come first, then tasks and events. */
	const struct ss_sink *live;
	/* The signal that asked the recording to stop (Ctrl-C), 0 while none
	 * did; asked once everything is loaded, just before the command is
	 * released, so a Ctrl-C while the BPF programs load (about 0.4 s)
	 * stops before the command ever runs. May be NULL. */
	int (*stop_signal)(void);
};

struct ss_session_summary {
	const char *path;
	char old_path[4096];       /* the earlier file kept as PATH.old, or "" */
	double seconds;
	uint64_t events;           /* events recorded (handed to the file) */
	uint64_t file_events;      /* events the file holds (whole chunks) */
	uint64_t bytes;            /* the file's length */
	uint64_t lost_total;
	uint64_t missed;           /* BPF runs the kernel skipped (recursion) */
	uint64_t dropped;          /* events dropped because the disk fell 512 MiB behind */
	uint64_t oom_chunks;       /* chunks left out of the file: memory ran out */
	uint64_t tasks, file_tasks;     /* task records recorded, and in the file */
	uint64_t probe_records, file_probe_records;
	uint64_t stacks;           /* distinct user stacks recorded */
	uint64_t stacks_unsent;    /* stacks the kernel side had no room to intern */
	uint64_t kstacks;          /* distinct kernel stacks recorded */
	uint64_t kstacks_lost;     /* kernel stacks not taken or not read (the sleeps went without) */
	unsigned ncpus;
	uint64_t lost[SS_MAX_CPUS];
	bool have_status;
	int status;                /* the command's wait(2) status */
	int write_error;           /* errno of the first failed write, or 0 */
	unsigned probes;           /* USDT probes attached */
	bool have_tree;            /* a command's tree was traced (not --all) */
	unsigned alive;            /* its processes still running when recording ended */
};

struct ss_session;

int ss_session_start(struct ss_session **out, const struct ss_session_opts *o,
		     char *err, size_t errlen);
/* The ring buffer's epoll fd, for callers that poll several sources. */
int ss_session_fd(struct ss_session *s);
/* Waits up to timeout_ms for records, drains them, and notices the command's
 * exit and the duration. Returns 1 while recording, 0 once it should finish. */
int ss_session_step(struct ss_session *s, int timeout_ms);
/* Asks to stop (Ctrl-C, SIGTERM). A SIGTERM is passed on to the command. */
void ss_session_stop(struct ss_session *s, int sig);
/* The recording's live figures, for a status line. */
void ss_session_progress(struct ss_session *s, uint64_t *events, uint64_t *lost);
/* What the trace file's header says: CPUs, start time, host, command line. */
const struct ss_trace_info *ss_session_info(const struct ss_session *s);
/* What the host took of each CPU (steal) over the recording, as written to
 * the file (tracer/steal.h): n sample times and n x ncpus counts, valid
 * until ss_session_free(). After ss_session_finish(); n is 0 when unknown. */
void ss_session_steal(const struct ss_session *s, const uint64_t **ts, const uint64_t **cum, size_t *n);
/* What the file got besides its events (flows, time in interrupts, steal),
 * for the live model's end (tracefile/replay.h's ss_trace_finish_model()):
 * valid until ss_session_free(). After ss_session_finish(); the stop time
 * and status are the caller's. */
void ss_session_tail(const struct ss_session *s, struct ss_trace_tail *t);
/* The pid of the command (0 if none). */
int ss_session_pid(const struct ss_session *s);
/* Detaches, drains the rest, closes the file and waits for the command.
 * Fills sum. Returns 0 or -errno (write failure). The BPF side is released in
 * the background; ss_session_free() waits for that. */
int ss_session_finish(struct ss_session *s, struct ss_session_summary *sum);
void ss_session_free(struct ss_session *s);

#endif
