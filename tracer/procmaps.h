/*
 * The mappings a traced process's stacks are read with, taken from
 * /proc/PID/maps while the process lives, when its first stack arrives (or
 * a stack with an address no earlier set covers). Each file's build id (or
 * inode, size and mtime) is kept with it, so that symbols/ can tell a file
 * that changed after the recording and say so instead of misreading it.
 */
#ifndef SCHEDSCOPE_TRACER_PROCMAPS_H
#define SCHEDSCOPE_TRACER_PROCMAPS_H

#include <stdint.h>

#include "model/sink.h"
#include "model/tasks.h"

struct ss_procmaps;

struct ss_procmaps *ss_procmaps_new(void);
void ss_procmaps_free(struct ss_procmaps *pm);
/* A task version: an exec starts a new address space; a fork is
 * remembered, so that a child gone before its maps were read is read with
 * its parent's (they are the same until it execs). */
void ss_procmaps_task(struct ss_procmaps *pm, const struct ss_task *t);
/* The id of a set of tgid's mappings that covers the n addresses in pcs,
 * read now if no earlier one does, and then handed to sink->maps; 0 when
 * none could be read (the process is gone). */
uint32_t ss_procmaps_for(struct ss_procmaps *pm, uint32_t tgid, const uint64_t *pcs, unsigned n,
			 uint64_t ts_ns, const struct ss_sink *sink);

#endif
