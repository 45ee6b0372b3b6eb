/* Test workload: two processes pinned to CPU 0 pass one byte back and forth
 * over two pipes, N round trips. Prints "PARENT pid" and "CHILD pid". A
 * handshake first puts the child to sleep in read(), so every round trip
 * starts with both asleep in turn: two switches between them each. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, ab[2], ba[2], st;
	cpu_set_t set;
	char c = 'x';
	pid_t kid;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set) || pipe(ab) || pipe(ba))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	kid = fork();
	if (kid < 0)
		return 1;
	if (kid == 0) {
		if (write(ba[1], &c, 1) != 1)
			_exit(1);
		for (int i = 0; i < n; i++)
			if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	printf("PARENT %d\nCHILD %d\n", getpid(), kid);
	if (read(ba[0], &c, 1) != 1)
		return 1;
	for (int i = 0; i < n; i++)
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			return 1;
	return waitpid(kid, &st, 0) == kid && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
