/*
 * Which file a mapping was, and whether the file under its path now is the
 * same one. Recorded with the mappings (tracer/procmaps.c) and checked
 * before a frame is read from the file (symbols.c): the GNU build id when
 * the file has one (libdw's dwelf reads it), else inode, size and mtime.
 */
#ifndef SCHEDSCOPE_SYMBOLS_FILEID_H
#define SCHEDSCOPE_SYMBOLS_FILEID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/stacks.h"

/* Fills mp's size, mtime_ns and build id from the file at mp->path, if it
 * is still the inode mp->ino (else leaves them 0: not identified). */
void ss_file_identify(struct ss_map *mp);
/* Whether the file at mp->path is the one recorded; if not, why, in words
 * ("changed since the recording"). */
bool ss_file_same(const struct ss_map *mp, char *why, size_t size);

#endif
