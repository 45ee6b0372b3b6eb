/*
 * Trace files built byte by byte, checksums included, for the tests that
 * need damage the writer would never produce: a header, chunks of any type,
 * count and CPU, and events payloads of exits. Header-only, for tests/unit.
 */
#ifndef SCHEDSCOPE_TESTS_UNIT_TRACE_BYTES_H
#define SCHEDSCOPE_TESTS_UNIT_TRACE_BYTES_H

#include <stdint.h>
#include <zlib.h>

#include "tracefile/format.h"
#include "util/buf.h"

#define TB_START_NS 1000000000ull

static inline uint32_t tb_crc(const void *p, size_t n)
{
	return (uint32_t)crc32(0, p, (uInt)n);
}

static inline void tb_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* The header: ncpus and the start time, nothing else (40 bytes). */
static inline void tb_header(struct buf *b, uint32_t ncpus)
{
	size_t hlen_at;

	buf_put(b, SS_FILE_MAGIC, SS_FILE_MAGIC_LEN);
	buf_le32(b, SS_FILE_VERSION);
	hlen_at = b->len;
	buf_le32(b, 0);
	buf_le16(b, SS_HK_NCPUS);
	buf_le16(b, 4);
	buf_le32(b, ncpus);
	buf_le16(b, SS_HK_START_NS);
	buf_le16(b, 8);
	buf_le64(b, TB_START_NS);
	tb_put32(b->p + hlen_at, (uint32_t)b->len + 4);
	buf_le32(b, tb_crc(b->p, b->len));
}

static inline void tb_chunk(struct buf *b, uint8_t type, uint16_t cpu, uint32_t count, const struct buf *pl)
{
	uint8_t h[SS_CHUNK_HDR_LEN] = { 'S', 'S', 'C', 'K', type, 0, (uint8_t)cpu, (uint8_t)(cpu >> 8) };

	tb_put32(h + 8, (uint32_t)pl->len);
	tb_put32(h + 12, count);
	tb_put32(h + 16, tb_crc(pl->p, pl->len));
	tb_put32(h + 20, tb_crc(h, 20));
	buf_put(b, h, sizeof(h));
	buf_put(b, pl->p, pl->len);
}

/* An events payload of n exits of pid, one every step_ns from base_ns. */
static inline void tb_exits(struct buf *pl, uint64_t base_ns, unsigned n, uint64_t step_ns, uint32_t pid)
{
	buf_reset(pl);
	buf_varint(pl, base_ns);
	buf_varint(pl, 0);             /* the CPU's current task: unknown */
	buf_u8(pl, 0);
	for (unsigned i = 0; i < n; i++) {
		buf_u8(pl, SS_C_EXIT);
		buf_varint(pl, i ? step_ns : 0);
		buf_varint(pl, pid);
		buf_svarint(pl, 0);
	}
}

/* The END chunk of a recording stopped at stop_ns, nothing lost. */
static inline void tb_end(struct buf *b, uint64_t stop_ns)
{
	struct buf pl = { 0 };

	buf_varint(&pl, stop_ns);
	buf_varint(&pl, 0);
	buf_varint(&pl, 0);
	buf_varint(&pl, 0);
	buf_svarint(&pl, -1);
	buf_varint(&pl, 0);
	tb_chunk(b, SS_CHUNK_END, 0, 0, &pl);
	buf_free(&pl);
}

#endif
