/*
 * A recorded user stack into functions and source lines, with elfutils'
 * libdwfl: the files come from the mappings recorded with the stack (and
 * are refused, and said so, if they changed since), the frames from two
 * walks joined where they agree. libdwfl unwinds the copied stack top with
 * the binaries' CFI, which is how the frames of the C library (no frame
 * pointers) and the program function that called it are found; the
 * kernel's frame-pointer chain gives the outer frames, each believed only
 * while the CFI says its function keeps a frame pointer. Where neither can
 * go on, the walk says why ("stack stops in libc: built without frame
 * pointers"), and never gives a frame it is not sure of.
 *
 * Each distinct stack is walked once and kept. ss_symbols_tell() is the one
 * function that says a stack in words; the model calls it through its
 * teller (model/model.h), the exporters directly.
 */
#ifndef SCHEDSCOPE_SYMBOLS_SYMBOLS_H
#define SCHEDSCOPE_SYMBOLS_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "model/stacks.h"

struct ss_frame {
	uint64_t pc;              /* the return address (the ip for the innermost) */
	char func[96];            /* "" when no symbol covers it */
	char file[96];            /* the source file's base name, "" without line info */
	unsigned line;
	char module[64];          /* the mapped file's base name */
	bool library;             /* in a system library (/lib, /usr/lib), not the program */
};

struct ss_walk {
	struct ss_frame *f;       /* innermost first */
	unsigned n;
	char stop[160];           /* why the outer frames are not there; "" if it reached the end */
};

struct ss_symbols;

struct ss_symbols *ss_symbols_new(void);
void ss_symbols_free(struct ss_symbols *sy);
/* Stack id of s unwound and named (cached); NULL when s has no such stack
 * or memory ran out. */
const struct ss_walk *ss_symbols_walk(struct ss_symbols *sy, const struct ss_stacks *s, uint32_t id);
/* " in queue_get (queue.c:57) <- reader_main (queue.c:88)": from the
 * innermost frame of the program (the C library's frames are left out
 * when the program's follow), at most depth frames (0: all), and why it
 * stops if it stops before that. "" for no stack. Matches the teller. */
char *ss_symbols_tell(void *sy, const struct ss_stacks *s, uint32_t id, unsigned depth, char *buf,
		      size_t size);
/* "queue_get (queue.c:57)", or the module and address when unnamed. */
char *ss_frame_name(const struct ss_frame *f, char *buf, size_t size);
/* Makes m tell its waits' stacks with sy. */
void ss_symbols_attach(struct ss_symbols *sy, struct ss_model *m);

#endif
