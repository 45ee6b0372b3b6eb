/* A growable byte buffer, and the LEB128 varints that the trace file and the
 * protobuf exporter share. Appends never fail silently: on allocation failure
 * the buffer is marked and later appends are dropped; check buf_failed(). */
#ifndef SCHEDSCOPE_UTIL_BUF_H
#define SCHEDSCOPE_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct buf {
	uint8_t *p;
	size_t len, cap;
	bool failed;
};

bool buf_reserve(struct buf *b, size_t extra);
/* A test's way to make a growth fail as if memory ran out: asked before each
 * growth with the capacity wanted, true fails it. NULL outside tests; an
 * append that fits never asks. */
extern bool (*buf_grow_fails)(size_t cap);
void buf_free(struct buf *b);
static inline void buf_reset(struct buf *b) { b->len = 0; }
static inline bool buf_failed(const struct buf *b) { return b->failed; }

static inline void buf_put(struct buf *b, const void *data, size_t n)
{
	if (n == 0)                /* data may be NULL then (an empty buf's p) */
		return;
	if (b->len + n > b->cap && !buf_reserve(b, n))
		return;
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static inline void buf_u8(struct buf *b, uint8_t v)
{
	if (b->len + 1 > b->cap && !buf_reserve(b, 1))
		return;
	b->p[b->len++] = v;
}

static inline void buf_le16(struct buf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	buf_put(b, x, 2);
}

static inline void buf_le32(struct buf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	buf_put(b, x, 4);
}

static inline void buf_le64(struct buf *b, uint64_t v)
{
	buf_le32(b, (uint32_t)v);
	buf_le32(b, (uint32_t)(v >> 32));
}

static inline void buf_varint(struct buf *b, uint64_t v)
{
	if (b->len + 10 > b->cap && !buf_reserve(b, 10))
		return;
	while (v >= 0x80) {
		b->p[b->len++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	b->p[b->len++] = (uint8_t)v;
}

static inline uint64_t zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static inline int64_t unzigzag(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

static inline void buf_svarint(struct buf *b, int64_t v) { buf_varint(b, zigzag(v)); }

/* A length-prefixed string (varint length, no terminator). */
static inline void buf_str(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	buf_varint(b, n);
	buf_put(b, s, n);
}

static inline uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }
/* The same orders written in place, for a header whose place is known. */
static inline void le16_put(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static inline void le32_put(uint8_t *p, uint32_t v)
{
	le16_put(p, (uint16_t)v);
	le16_put(p + 2, (uint16_t)(v >> 16));
}

/* A bounds-checked reader over a byte range. Any overrun sets `bad` and
 * returns zeros, so decoders check once at the end instead of at every field. */
struct cursor {
	const uint8_t *p, *end;
	bool bad;
};

static inline uint8_t cur_u8(struct cursor *c)
{
	if (c->p >= c->end) {
		c->bad = true;
		return 0;
	}
	return *c->p++;
}

static inline uint64_t cur_varint(struct cursor *c)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 64; shift += 7) {
		uint8_t byte;

		if (c->p >= c->end) {
			c->bad = true;
			return 0;
		}
		byte = *c->p++;
		v |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return v;
	}
	c->bad = true;
	return 0;
}

static inline int64_t cur_svarint(struct cursor *c) { return unzigzag(cur_varint(c)); }

/* Copies a length-prefixed string into dst (always terminated, truncated to fit). */
static inline void cur_str(struct cursor *c, char *dst, size_t size)
{
	uint64_t n = cur_varint(c);

	if (c->bad || n > (uint64_t)(c->end - c->p)) {
		c->bad = true;
		dst[0] = 0;
		return;
	}
	size_t k = n < size - 1 ? n : size - 1;
	memcpy(dst, c->p, k);
	dst[k] = 0;
	c->p += n;
}

#endif
