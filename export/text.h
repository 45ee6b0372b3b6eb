/*
 * Text for the JSON and CSV exports: a JSON string body (UTF-8 checked,
 * escapes added), a CSV field (quoted when it needs to be), numbers, written
 * straight into a byte buffer without printf on the per-event path. Private
 * to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_TEXT_H
#define SCHEDSCOPE_EXPORT_TEXT_H

#include <stdint.h>
#include <string.h>

#include "util/buf.h"

void txt_json_str(struct buf *b, const char *s);
void txt_csv_str(struct buf *b, const char *s);
void txt_u64(struct buf *b, uint64_t v);
void txt_i64(struct buf *b, int64_t v);
/* ns as microseconds with three decimals: exact. */
void txt_us(struct buf *b, uint64_t ns);
static inline void txt(struct buf *b, const char *s) { buf_put(b, s, strlen(s)); }


#endif
