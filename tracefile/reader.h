/*
 * Reads a trace file. Opening checks every chunk's checksums and loads the
 * small tables (header, tasks, probes, end); events stay in the file (mapped)
 * and are decoded chunk by chunk as an iterator walks them, so memory does not
 * grow with the trace.
 *
 * A file cut short (SIGKILL, disk full) opens up to its last complete chunk;
 * ss_reader.cut says what was lost. A damaged file fails with a clear message
 * unless SS_READ_SALVAGE asks to keep what precedes the damage.
 */
#ifndef SCHEDSCOPE_TRACEFILE_READER_H
#define SCHEDSCOPE_TRACEFILE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/stacks.h"
#include "model/tasks.h"
#include "tracefile/format.h"

#define SS_READ_SALVAGE 1u

struct ss_chunk_ref {
	uint64_t off;          /* of the payload */
	uint32_t len;
	uint32_t count;
	uint16_t cpu;
};

struct ss_reader {
	char *path;                    /* the file's, or the name given with the bytes */
	const uint8_t *map;
	size_t size;
	bool mapped;                   /* map is ours (the file mapped); else the caller's */
	struct ss_trace_info info;
	struct ss_tasks tasks;
	struct ss_probe *probes;
	size_t nprobes, probes_cap;
	struct ss_chunk_ref *chunks;   /* EVENTS chunks in file order */
	size_t nchunks, chunks_cap;
	uint64_t nevents;              /* sum of the chunks' counts */

	struct ss_flow *flows;         /* per channel, thread, direction (FLOWS chunk) */
	size_t nflows, flows_cap;
	uint64_t flows_dropped;        /* keys the kernel had no room for */
	struct ss_stacks stacks;       /* user stacks and mappings (STACKS chunks) */

	struct ss_irq_time *irq_time;  /* per CPU, info.ncpus of them (IRQS chunk); NULL: none */
	struct ss_irq_name *irq_names;
	size_t nirq_names, irq_names_cap;
	/* what the host took of each CPU (STEAL chunk): nsteal samples at
	 * steal_ts, each with info.ncpus ns counts since the first in steal_cum */
	uint64_t *steal_ts, *steal_cum;
	size_t nsteal, steal_cap, steal_cum_cap;

	bool complete;                 /* the END chunk was read */
	struct ss_trace_end *end;      /* NULL unless complete */
	bool cut;                      /* bytes after the last good chunk were dropped */
	uint64_t cut_offset;
	char cut_reason[160];
};

/* NULL on failure, with a one-line reason in err. */
struct ss_reader *ss_reader_open(const char *path, unsigned flags, char *err, size_t errlen);
/* The same reader over a trace already in memory (a fuzzer's input, a
 * test's bytes): name stands for the path in messages, and the bytes must
 * outlive the reader. */
struct ss_reader *ss_reader_open_mem(const void *data, size_t size, const char *name, unsigned flags,
				     char *err, size_t errlen);
void ss_reader_close(struct ss_reader *r);
/* When the file's last event happened (the latest of each CPU's last events
 * chunk, decoded alone), or 0 if it holds none or those do not decode: where
 * a cut file ends, without reading it all. */
uint64_t ss_reader_last_ns(const struct ss_reader *r);
/* Name of a marker probe, or NULL. */
const struct ss_probe *ss_reader_probe(const struct ss_reader *r, uint32_t id);

/* Walks all events in time order, merging the CPUs (ties: lower CPU first). */
struct ss_iter;
struct ss_iter *ss_iter_new(const struct ss_reader *r);
/* 1: *ev filled; 0: end; -1: a chunk failed to decode (message in err). */
int ss_iter_next(struct ss_iter *it, struct ss_event *ev);
const char *ss_iter_error(const struct ss_iter *it);
void ss_iter_free(struct ss_iter *it);

#endif
