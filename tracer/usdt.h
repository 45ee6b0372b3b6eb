/* Finds the USDT probes (SystemTap SDT notes) a binary carries, so the
 * recorder can attach the marker program to each and name its events. */
#ifndef SCHEDSCOPE_TRACER_USDT_H
#define SCHEDSCOPE_TRACER_USDT_H

#include <stddef.h>

struct ss_usdt_probe {
	char provider[64];
	char name[64];
};

/* Fills up to max distinct probes of binary (first-seen order), the file
 * opened with the invoking user's file rights under sudo. Returns the
 * count, or -errno if the file cannot be read (-EACCES for one the user
 * may not read, or behind a directory closed to them, whether it exists
 * or not), -ENOEXEC if it is not ELF. */
int ss_usdt_list(const char *binary, struct ss_usdt_probe *out, size_t max);

/* binary opened read-only as the user behind sudo (as ourselves without
 * it): the fd, or -errno. To list (ss_usdt_list_fd()) and attach to
 * (/proc/self/fd/N) the one file the user could read. */
int ss_usdt_open(const char *binary);

/* ss_usdt_list() on a file ss_usdt_open() opened; fd stays open. */
int ss_usdt_list_fd(int fd, struct ss_usdt_probe *out, size_t max);

#endif
