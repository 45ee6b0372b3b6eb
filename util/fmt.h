/* Human-readable numbers: durations with units, byte sizes, counted nouns. */
#ifndef SCHEDSCOPE_UTIL_FMT_H
#define SCHEDSCOPE_UTIL_FMT_H

#include <stddef.h>
#include <stdint.h>

/* "850 ns", "12.3 us", "3.20 ms", "1.234 s": three significant digits. A
 * duration: how long something took. */
char *fmt_dur(char *buf, size_t size, uint64_t ns);
/* A moment of a run: seconds since its start_ns to the microsecond,
 * "0.510000s" ("-0.000100s" before it). Not fmt_dur's "510 ms": a moment
 * and a duration are different facts, and a reader tells them apart by
 * their form. ss_explain_time() says it for a model. */
char *fmt_moment(char *buf, size_t size, uint64_t start_ns, uint64_t abs_ns);
/* "1.2 KiB", "3.4 MiB" */
char *fmt_bytes(char *buf, size_t size, uint64_t bytes);
/* "1 call", "3 calls", "0 calls": n and the noun, singular for 1. many NULL:
 * one + "s". The one plural rule of every message. */
char *fmt_count(char *buf, size_t size, uint64_t n, const char *one, const char *many);
/* Parses "1.5", "1.5s", "200ms", "20us", "100ns" into nanoseconds; -1 if
 * bad or too large for an int64_t. */
int64_t fmt_parse_dur(const char *s);

#endif
