/*
 * A clock's reading in nanoseconds, one function for every caller. The
 * session's start and flushes, the live view's "now" (live_boot_ns()) and
 * the recorder's note of when it read a process's mappings all compare with
 * the records' CLOCK_BOOTTIME timestamps, so they must read it the same
 * way; the live view's frame clock and stop deadline (live_mono_ns(),
 * CLOCK_MONOTONIC) only pace the loop and are never compared with a record.
 */
#ifndef SCHEDSCOPE_UTIL_CLOCK_H
#define SCHEDSCOPE_UTIL_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t ss_clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif
