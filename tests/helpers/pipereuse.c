/* Test workload: in each of N steps, with an exec of itself between steps,
 * makes a pipe, writes step * 100 + 1 bytes into it in one write, reads them
 * back in one read and closes it. The kernel hands a closed file's memory to
 * the next file at once (struct file is SLAB_TYPESAFE_BY_RCU), so the steps'
 * pipes tend to share one struct file address. Prints "PIPE inode bytes"
 * per step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3, step = argc > 2 ? atoi(argv[2]) : 0;
	char buf[4096], self[4096], a[16], b[16];
	size_t len = (size_t)step * 100 + 1;
	struct stat st;
	int p[2];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (pipe(p) || fstat(p[0], &st))
		return 1;
	memset(buf, 'x', len);
	if (write(p[1], buf, len) != (ssize_t)len || read(p[0], buf, len) != (ssize_t)len)
		return 1;
	printf("PIPE %lu %zu\n", (unsigned long)st.st_ino, len);
	close(p[0]);
	close(p[1]);
	if (step + 1 >= n)
		return 0;
	snprintf(a, sizeof(a), "%d", n);
	snprintf(b, sizeof(b), "%d", step + 1);
	/* by its own path, so that the name stays pipereuse */
	ssize_t k = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (k <= 0)
		return 1;
	self[k] = 0;
	execl(self, argv[0], a, b, (char *)NULL);
	return 1;
}
