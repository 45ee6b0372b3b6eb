/* Test workload: forks 3 children that exit with codes 11, 12 and 13, waits
 * for them, and prints "PARENT pid" and "CHILD pid code" lines. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t kids[3];

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("PARENT %d\n", getpid());
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			return 1;
		if (kids[i] == 0) {
			usleep(2000);
			_exit(11 + i);
		}
	}
	for (int i = 0; i < 3; i++) {
		int st;

		if (waitpid(kids[i], &st, 0) != kids[i] || !WIFEXITED(st))
			return 1;
		printf("CHILD %d %d\n", kids[i], WEXITSTATUS(st));
	}
	return 0;
}
