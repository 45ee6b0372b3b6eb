/*
 * CPU lists as the kernel writes them ("0-3,6", /sys/devices/system/cpu/online,
 * taskset -c, cpuset.cpus): parsed into a cpu_set_t and written back in the
 * same short form. `run --cpus LIST` takes one, the trace header keeps one,
 * and whether a CPU exists is answered from the kernel's own list of online
 * CPUs. (libnuma parses the same syntax, but only within the caller's cpuset
 * and with its own messages on stderr; a CPU that is absent must be named in
 * ours.)
 */
#ifndef SCHEDSCOPE_UTIL_CPULIST_H
#define SCHEDSCOPE_UTIL_CPULIST_H

#include <sched.h>
#include <stddef.h>

/* Parses list into set. 0, or -EINVAL with the bad part named in err
 * ("'3-1' runs backwards"), or -ERANGE for a CPU past CPU_SETSIZE. */
int cpulist_parse(const char *list, cpu_set_t *set, char *err, size_t errlen);
/* The set in the short form ("0-3,6"); "" when empty. */
char *cpulist_format(const cpu_set_t *set, char *buf, size_t size);
/* The CPUs that are online now (the kernel's list). 0 or -errno. */
int cpulist_online(cpu_set_t *set);

#endif
