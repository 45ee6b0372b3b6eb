/*
 * A hash map from a 64-bit key to a fixed-size record, for the per-task and
 * per-channel tables of the model, the scheduler state machine and the
 * exporters. Open addressing with linear probing in one flat array: a lookup
 * is a multiply, a shift and (nearly always) one cache line.
 *
 * Every record begins with a uint64_t that the map owns (the key + 1, so that
 * 0 marks an empty slot); callers put `uint64_t hkey;` first in their struct
 * and read the key back with hmap_key(). Records move when the map grows: do
 * not keep pointers across hmap_put(). Allocation failure is never silent:
 * hmap_put() returns NULL and hmap_failed() stays true.
 */
#ifndef SCHEDSCOPE_UTIL_HMAP_H
#define SCHEDSCOPE_UTIL_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hmap {
	uint8_t *v;
	size_t esz;        /* bytes per record, a multiple of 8 */
	size_t cap;        /* slots, a power of two (0 before the first put) */
	size_t used;
	unsigned shift;    /* 64 - log2(cap) */
	bool failed;       /* a put ran out of memory */
};

void hmap_init(struct hmap *m, size_t esz);
void hmap_free(struct hmap *m);
/* The record for key, or NULL. key must not be UINT64_MAX. */
void *hmap_get(const struct hmap *m, uint64_t key);
/* The record for key, created zeroed (but for its key) if absent; NULL if
 * memory ran out. */
void *hmap_put(struct hmap *m, uint64_t key);
/* Slot i (0 <= i < m->cap), or NULL if empty: for visiting every record. */
void *hmap_at(const struct hmap *m, size_t i);
static inline uint64_t hmap_key(const void *rec) { return *(const uint64_t *)rec - 1; }
static inline size_t hmap_count(const struct hmap *m) { return m->used; }
static inline bool hmap_failed(const struct hmap *m) { return m->failed; }

#endif
