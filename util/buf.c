/* The buffer's one out-of-line step (buf.h): growing, by doubling from
 * 256 bytes, so appends stay inline and cheap on the per-event path. A
 * failed realloc keeps the bytes already there and marks the buffer, and
 * every later append is dropped until buf_free(). */
#include "util/buf.h"

#include <stdlib.h>

bool (*buf_grow_fails)(size_t cap);

bool buf_reserve(struct buf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : 256;
	uint8_t *p;

	if (b->failed)
		return false;
	while (cap < b->len + extra)
		cap *= 2;
	if (cap == b->cap)
		return true;
	p = buf_grow_fails && buf_grow_fails(cap) ? NULL : realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}
