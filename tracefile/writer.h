/*
 * Writes a trace file. The caller (the recorder's drain loop) only encodes
 * into memory; a thread of the writer's own does the I/O, so a slow or full
 * disk never stalls the ring buffer's drain. It counts what really reached
 * the file (whole chunks only: a chunk cut by a full disk is cut off again),
 * so a summary can say what the file holds, not what was meant for it.
 */
#ifndef SCHEDSCOPE_TRACEFILE_WRITER_H
#define SCHEDSCOPE_TRACEFILE_WRITER_H

#include <stdint.h>

#include "model/event.h"
#include "model/stacks.h"
#include "model/tasks.h"
#include "tracefile/format.h"

struct ss_writer;

/* Creates path anew (util/userfile.h: as the invoking user, replacing a
 * regular file, refusing anything else) and writes the header. NULL with a
 * message in err on failure. */
struct ss_writer *ss_writer_open(const char *path, const struct ss_trace_info *info,
				 char *err, size_t errlen);
void ss_writer_task(struct ss_writer *w, const struct ss_task *task);
void ss_writer_probe(struct ss_writer *w, const struct ss_probe *probe);
/* Events of one CPU must come in time order (earlier ones are clamped). */
void ss_writer_event(struct ss_writer *w, const struct ss_event *ev);
/* A process's mappings and a stack (model/stacks.h): into the next STACKS
 * chunk, which reaches the file before the events that name them. */
void ss_writer_maps(struct ss_writer *w, const struct ss_maps *m);
void ss_writer_stack(struct ss_writer *w, const struct ss_stack *s);
/* A kernel stack, named; the header's flags must have SS_TF_KSTACKS. */
void ss_writer_kstack(struct ss_writer *w, const struct ss_kstack *k);
/* The recording's flows (kernel-side counts), once, before closing. */
void ss_writer_flows(struct ss_writer *w, const struct ss_flow *v, size_t n, uint64_t dropped);
/* Ends every open chunk and queues it, so a crash loses at most what came after. */
/* The time each of the ncpus CPUs spent in interrupt contexts, and the
 * names of the host's interrupts (model/trace.h). */
/* What the host took of each CPU (steal): n samples at ts[], each with ncpus
 * counts in cum[] of ns since the first. Written once, before END. */
void ss_writer_steal(struct ss_writer *w, unsigned ncpus, const uint64_t *ts, const uint64_t *cum, size_t n);
void ss_writer_irqs(struct ss_writer *w, const struct ss_irq_time *t, unsigned ncpus,
		    const struct ss_irq_name *names, size_t nnames);
void ss_writer_flush(struct ss_writer *w);
struct ss_writer_stats {
	uint64_t events;          /* events accepted */
	uint64_t bytes;           /* bytes queued for the file, header included */
	uint64_t dropped_events;  /* events in chunks dropped because I/O fell too far
				   * behind; never tasks or probes */
	uint64_t oom_chunks;      /* chunks of any kind left out, unwritten, because
				   * memory ran out (their buffer could not grow, or
				   * their frame could not be had) */
	uint64_t oom_events;      /* the events in them */
	uint64_t file_events;     /* events in whole chunks that are in the file */
	uint64_t file_bytes;      /* the file's length: the header and whole chunks */
	uint64_t tasks, file_tasks;     /* task records accepted, and in the file */
	uint64_t probes, file_probes;   /* probe records accepted, and in the file */
	uint64_t stacks;          /* distinct stacks accepted */
	uint64_t kstacks;         /* distinct kernel stacks accepted */
	int io_error;             /* first errno from write() (or fsync, close), or 0 */
};

/* Flushes, appends the END chunk, waits for the I/O and closes the file;
 * the final figures go to st. END's events field is the writer's own count
 * of the events it queued, not end->events. After a write error nothing
 * more is written (no END: readers see a cut file). Returns 0, or -errno of
 * the first write error. */
int ss_writer_finish(struct ss_writer *w, const struct ss_trace_end *end, struct ss_writer_stats *st);
/* The same without the figures. */
int ss_writer_close(struct ss_writer *w, const struct ss_trace_end *end);
/* The figures so far (the I/O thread may still be writing). */
void ss_writer_stats(struct ss_writer *w, struct ss_writer_stats *st);

#endif
