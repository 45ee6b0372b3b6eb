/* Finds the USDT probes (SystemTap SDT notes) a binary carries, so the
 * recorder can attach the marker program to each and name its events. */
#ifndef SCHEDSCOPE_TRACER_USDT_H
#define SCHEDSCOPE_TRACER_USDT_H

#include <stddef.h>

struct ss_usdt_probe {
	char provider[64];
	char name[64];
};

/* Fills up to max distinct probes of binary (first-seen order). Returns the
 * count, or -errno if the file cannot be read as ELF. */
int ss_usdt_list(const char *binary, struct ss_usdt_probe *out, size_t max);

#endif
