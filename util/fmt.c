/* Numbers in words (fmt.h), one function per kind, so every message says
 * a duration, a moment, a size or a count the same way: three significant
 * digits with a unit, seconds since the start to the microsecond,
 * 1024-based sizes, "1 task" but "2 tasks". Parsing a
 * duration refuses what would not fit in an int64 of nanoseconds. */
#include "util/fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fmt_dur(char *buf, size_t size, uint64_t ns)
{
	double v = (double)ns;
	const char *unit = "ns";

	/* the unit and the digits from the value as rounded to three digits:
	 * 99,999 ns is "100 us", not "100.0 us"; 999,999 ns "1.00 ms", not "1000 us" */
	if (ns >= 999500000ull) {
		v /= 1e9;
		unit = "s";
	} else if (ns >= 999500ull) {
		v /= 1e6;
		unit = "ms";
	} else if (ns >= 1000ull) {
		v /= 1e3;
		unit = "us";
	} else {
		snprintf(buf, size, "%llu ns", (unsigned long long)ns);
		return buf;
	}
	snprintf(buf, size, v >= 99.95 ? "%.0f %s" : v >= 9.995 ? "%.1f %s" : "%.2f %s", v, unit);
	return buf;
}

char *fmt_moment(char *buf, size_t size, uint64_t start_ns, uint64_t abs_ns)
{
	if (abs_ns >= start_ns)
		snprintf(buf, size, "%.6fs", (double)(abs_ns - start_ns) / 1e9);
	else
		snprintf(buf, size, "-%.6fs", (double)(start_ns - abs_ns) / 1e9);
	return buf;
}

char *fmt_bytes(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	unsigned u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", v, units[u]);
	return buf;
}

char *fmt_count(char *buf, size_t size, uint64_t n, const char *one, const char *many)
{
	if (n == 1)
		snprintf(buf, size, "1 %s", one);
	else if (many)
		snprintf(buf, size, "%llu %s", (unsigned long long)n, many);
	else
		snprintf(buf, size, "%llu %ss", (unsigned long long)n, one);
	return buf;
}

int64_t fmt_parse_dur(const char *s)
{
	static const struct { const char *suffix; double mult; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "", 1e9 },
	};
	char *end;
	double v = strtod(s, &end);

	if (end == s || !(v >= 0))      /* negative, or NaN */
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		double ns = v * units[i].mult + 0.5;

		if (strcmp(end, units[i].suffix) != 0)
			continue;
		/* beyond int64 (292 years, or inf) the conversion is undefined */
		return ns < 0x1p63 ? (int64_t)ns : -1;
	}
	return -1;
}
