/* Human-readable numbers: durations with units, byte sizes, counted nouns. */
#ifndef SCHEDSCOPE_UTIL_FMT_H
#define SCHEDSCOPE_UTIL_FMT_H

#include <stddef.h>
#include <stdint.h>

/* "850 ns", "12.3 us", "3.20 ms", "1.234 s": three significant digits. */
char *fmt_dur(char *buf, size_t size, uint64_t ns);
/* "1.2 KiB", "3.4 MiB" */
char *fmt_bytes(char *buf, size_t size, uint64_t bytes);
/* "1 call", "3 calls", "0 calls": n and the noun, singular for 1. many NULL:
 * one + "s". The one plural rule of every message. */
char *fmt_count(char *buf, size_t size, uint64_t n, const char *one, const char *many);
/* Parses "1.5", "1.5s", "200ms", "20us", "100ns" into nanoseconds; -1 if
 * bad or too large for an int64_t. */
int64_t fmt_parse_dur(const char *s);

#endif
