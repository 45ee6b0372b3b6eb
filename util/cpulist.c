/* CPU lists in the kernel's short form, both ways (util/cpulist.h says why here). */
#include "util/cpulist.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A CPU number at *p; advances p. -1 if none there. */
static long cpu_number(const char **p)
{
	char *end;
	long v;

	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	v = strtol(*p, &end, 10);
	if (errno)
		return CPU_SETSIZE;
	*p = end;
	return v;
}

int cpulist_parse(const char *list, cpu_set_t *set, char *err, size_t errlen)
{
	const char *p = list;

	CPU_ZERO(set);
	if (!*p) {
		snprintf(err, errlen, "an empty CPU list");
		return -EINVAL;
	}
	for (;;) {
		const char *start = p;
		long lo = cpu_number(&p), hi = lo;

		if (lo >= 0 && *p == '-') {
			p++;
			hi = cpu_number(&p);
		}
		if (lo < 0 || hi < 0 || (*p && *p != ',')) {
			snprintf(err, errlen, "'%s' is not a CPU list (like 0, 0-3 or 0,2)", list);
			return -EINVAL;
		}
		if (hi < lo) {
			snprintf(err, errlen, "'%.*s' runs backwards", (int)(p - start), start);
			return -EINVAL;
		}
		if (hi >= CPU_SETSIZE) {
			snprintf(err, errlen, "CPU %ld is past the most a CPU set can hold (%d)", hi, CPU_SETSIZE);
			return -ERANGE;
		}
		for (long c = lo; c <= hi; c++)
			CPU_SET((size_t)c, set);
		if (!*p)
			return 0;
		p++;
	}
}

char *cpulist_format(const cpu_set_t *set, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = 0;
	for (int c = 0; c < CPU_SETSIZE && off < size; c++) {
		int hi = c;

		if (!CPU_ISSET(c, set))
			continue;
		while (hi + 1 < CPU_SETSIZE && CPU_ISSET(hi + 1, set))
			hi++;
		if (hi == c)
			off += (size_t)snprintf(buf + off, size - off, "%s%d", off ? "," : "", c);
		else
			off += (size_t)snprintf(buf + off, size - off, "%s%d-%d", off ? "," : "", c, hi);
		c = hi;
	}
	return buf;
}

int cpulist_online(cpu_set_t *set)
{
	char text[4096], err[128];
	ssize_t n;
	int fd = open("/sys/devices/system/cpu/online", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EINVAL;
	text[n] = 0;
	text[strcspn(text, "\n")] = 0;
	return cpulist_parse(text, set, err, sizeof(err));
}
