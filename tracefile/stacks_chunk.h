/*
 * The STACKS chunk's entries (docs/TRACE_FORMAT.md): a process's mappings,
 * a user stack or a kernel stack (its functions' names), each a tag byte
 * and varints. The writer appends entries as
 * the recording meets them; the reader puts them into the trace's stack
 * table. One encoder and one decoder, so the two cannot drift.
 */
#ifndef SCHEDSCOPE_TRACEFILE_STACKS_CHUNK_H
#define SCHEDSCOPE_TRACEFILE_STACKS_CHUNK_H

#include <stdint.h>

#include "model/stacks.h"
#include "util/buf.h"

void ss_enc_maps(struct buf *b, const struct ss_maps *m);
void ss_enc_stack(struct buf *b, const struct ss_stack *s);
void ss_enc_kstack(struct buf *b, const struct ss_kstack *k);
/* Decodes count entries of a STACKS payload into s: 0, -EINVAL (damaged)
 * or -ENOMEM. */
int ss_dec_stacks(const uint8_t *p, uint32_t len, uint32_t count, struct ss_stacks *s);

#endif
