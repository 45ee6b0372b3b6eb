/*
 * The compact encoding of one CPU's events inside an EVENTS chunk.
 *
 * Each event is one byte (code in the low nibble, aux in the high nibble), a
 * varint time delta, then its fields as varints. A switch's prev task is
 * usually the CPU's current task (the previous switch's next), so it is left
 * out; a waking's waker is usually that same task. This keeps the pipe
 * benchmark's trace near 9.5 bytes an event, chunks, tasks and why-events
 * included, against perf.data's 107 (docs/TRACE_FORMAT.md, "Size").
 *
 * A chunk's payload starts with the state the decoder needs (base time and
 * the CPU's current task), so every chunk decodes on its own.
 */
#ifndef SCHEDSCOPE_TRACEFILE_CODEC_H
#define SCHEDSCOPE_TRACEFILE_CODEC_H

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "util/buf.h"

struct ss_chain {
	uint64_t ts_ns;       /* time of the last event */
	uint32_t pid;         /* the CPU's current task, if known */
	uint8_t prio;
	bool known;
};

struct ss_enc {
	uint16_t cpu;
	struct ss_chain chain;  /* carried from chunk to chunk */
	struct buf payload;
	uint32_t count;
	uint64_t first_ts, last_ts;
};

void ss_enc_init(struct ss_enc *e, uint16_t cpu);
void ss_enc_free(struct ss_enc *e);
/* Starts a chunk payload; events must then come in non-decreasing time. */
void ss_enc_begin(struct ss_enc *e, uint64_t base_ts);
void ss_enc_event(struct ss_enc *e, const struct ss_event *ev);

/* The channel and syscall encodings, shared with the FLOWS chunk. */
void ss_enc_chan(struct buf *b, const struct ss_chan *c);
void ss_dec_chan(struct cursor *c, struct ss_chan *ch);

struct ss_dec {
	struct cursor c;
	uint16_t cpu;
	uint32_t left;
	struct ss_chain chain;
};

/* Returns 0, or -1 if the payload prologue is malformed. */
int ss_dec_begin(struct ss_dec *d, const uint8_t *payload, uint32_t len, uint16_t cpu,
		 uint32_t count);
/* 1: *ev filled; 0: chunk done; -1: malformed payload. */
int ss_dec_next(struct ss_dec *d, struct ss_event *ev);

#endif
