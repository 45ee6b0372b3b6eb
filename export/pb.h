/*
 * A protocol buffer writer of our own, on util/buf.h: tags, varints, strings,
 * and nested messages whose length is backfilled when they end. Lengths are
 * written in their shortest form (the body is moved down when it outgrew the
 * one byte reserved for it), so the bytes are canonical: `protoc --encode`
 * of the decoded text gives them back unchanged, which the tests check.
 *
 * Callers write fields in increasing field-number order for the same reason.
 */
#ifndef SCHEDSCOPE_EXPORT_PB_H
#define SCHEDSCOPE_EXPORT_PB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/buf.h"

enum pb_wire { PB_VARINT = 0, PB_I64 = 1, PB_LEN = 2, PB_I32 = 5 };

static inline size_t pb_varint_size(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static inline void pb_tag(struct buf *b, unsigned field, enum pb_wire wt)
{
	buf_varint(b, (uint64_t)field << 3 | wt);
}

static inline size_t pb_tag_size(unsigned field)
{
	return pb_varint_size((uint64_t)field << 3);
}

/* uint32/uint64/bool/enum, and int32/int64 (negatives take ten bytes). */
static inline void pb_uint(struct buf *b, unsigned field, uint64_t v)
{
	pb_tag(b, field, PB_VARINT);
	buf_varint(b, v);
}

static inline void pb_int(struct buf *b, unsigned field, int64_t v)
{
	pb_uint(b, field, (uint64_t)v);
}

static inline void pb_fixed64(struct buf *b, unsigned field, uint64_t v)
{
	pb_tag(b, field, PB_I64);
	buf_le64(b, v);
}

static inline void pb_bytes(struct buf *b, unsigned field, const void *p, size_t n)
{
	pb_tag(b, field, PB_LEN);
	buf_varint(b, n);
	buf_put(b, p, n);
}

static inline void pb_string(struct buf *b, unsigned field, const char *s)
{
	pb_bytes(b, field, s, strlen(s));
}

/* Bytes a length-delimited field of n body bytes takes. */
static inline size_t pb_len_field_size(unsigned field, size_t n)
{
	return pb_tag_size(field) + pb_varint_size(n) + n;
}

/* Starts a nested message; returns the mark that pb_end() needs. */
static inline size_t pb_begin(struct buf *b, unsigned field)
{
	pb_tag(b, field, PB_LEN);
	buf_u8(b, 0);             /* room for a length below 128; pb_end widens it */
	return b->len;
}

static inline void pb_end(struct buf *b, size_t mark)
{
	size_t n, k;

	if (buf_failed(b))
		return;
	n = b->len - mark;
	k = pb_varint_size(n);
	if (k > 1) {
		if (!buf_reserve(b, k - 1))
			return;
		memmove(b->p + mark + k - 1, b->p + mark, n);
		b->len += k - 1;
	}
	uint8_t *p = b->p + mark - 1;
	while (n >= 0x80) {
		*p++ = (uint8_t)(n | 0x80);
		n >>= 7;
	}
	*p = (uint8_t)n;
}

#endif
