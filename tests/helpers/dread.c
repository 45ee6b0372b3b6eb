/*
 * Sleeps in D state for sure, for the kernel stack tests: writes a file,
 * makes it clean (fsync) and drops its pages from the page cache
 * (POSIX_FADV_DONTNEED drops clean, unmapped pages of this one file, not
 * the machine's whole cache as drop_caches would), then reads it back: the
 * read waits for the disk, uninterruptibly, in the page cache's folio wait.
 * Dropped again, the file is mapped and a page of it touched: the page
 * fault waits for the disk the same way, outside any syscall. Each is done
 * ROUNDS times on a fresh part of the file, so one read that the disk
 * answered before the reader slept cannot leave the test without a sleep.
 * Then it lives on LINGER_US: the recorder reads a process's mappings when
 * its first stack comes out of the ring buffer, and a process gone by then
 * keeps its user stacks unread (seen: every one, under `sh -c`).
 *   dread FILE
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ROUNDS 4
#define PART (1 << 20)     /* bytes read in each round */
#define LINGER_US 300000

static void drop(int fd)
{
	if (fsync(fd) || posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)) {
		perror("dread: dropping the file's pages");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static char buf[PART];
	volatile char sum = 0;
	char *map;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: dread FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	memset(buf, 'x', sizeof(buf));
	for (int i = 0; i < 2 * ROUNDS; i++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			perror("dread: write");
			return 1;
		}
	for (int i = 0; i < ROUNDS; i++) {
		drop(fd);
		if (pread(fd, buf, PART, (off_t)i * PART) != PART) {
			perror("dread: pread");
			return 1;
		}
	}
	map = mmap(NULL, (size_t)2 * ROUNDS * PART, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("dread: mmap");
		return 1;
	}
	for (int i = 0; i < ROUNDS; i++) {
		drop(fd);
		sum += map[(size_t)(ROUNDS + i) * PART];   /* a page fault */
	}
	munmap(map, (size_t)2 * ROUNDS * PART);
	close(fd);
	unlink(argv[1]);
	(void)sum;
	usleep(LINGER_US);
	return 0;
}
