/*
 * Writes a trace file. The caller (the recorder's drain loop) only encodes
 * into memory; a thread of the writer's own does the I/O, so a slow or full
 * disk never stalls the ring buffer's drain.
 */
#ifndef SCHEDSCOPE_TRACEFILE_WRITER_H
#define SCHEDSCOPE_TRACEFILE_WRITER_H

#include <stdint.h>

#include "model/event.h"
#include "model/tasks.h"
#include "tracefile/format.h"

struct ss_writer;

/* Creates path and writes the header. NULL with a message in err on failure. */
struct ss_writer *ss_writer_open(const char *path, const struct ss_trace_info *info,
				 char *err, size_t errlen);
void ss_writer_task(struct ss_writer *w, const struct ss_task *task);
void ss_writer_probe(struct ss_writer *w, const struct ss_probe *probe);
/* Events of one CPU must come in time order (earlier ones are clamped). */
void ss_writer_event(struct ss_writer *w, const struct ss_event *ev);
/* The recording's flows (kernel-side counts), once, before closing. */
void ss_writer_flows(struct ss_writer *w, const struct ss_flow *v, size_t n, uint64_t dropped);
/* Ends every open chunk and queues it, so a crash loses at most what came after. */
void ss_writer_flush(struct ss_writer *w);
/* Flushes, appends the END chunk, waits for the I/O and closes the file.
 * Returns 0, or -errno of the first write error (the file is then cut short). */
int ss_writer_close(struct ss_writer *w, const struct ss_trace_end *end);

struct ss_writer_stats {
	uint64_t events;          /* events accepted */
	uint64_t bytes;           /* bytes queued for the file, header included */
	uint64_t dropped_events;  /* events in chunks dropped because I/O fell too far behind */
	int io_error;             /* first errno from write(), or 0 */
};
void ss_writer_stats(struct ss_writer *w, struct ss_writer_stats *st);

#endif
