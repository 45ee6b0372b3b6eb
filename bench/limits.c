/*
 * Runs a command under one of the limit programs of bench/limits.bpf.c, for
 * bench/overhead.sh's floor rows:
 *   limits noop -- CMD...      programs that return at once
 *   limits minimal -- CMD...   16-byte records, drained every 50 ms
 * Exits with the command's status; prints records and lost records to stderr.
 * The reader is never woken by the kernel side: it polls on a timer, as
 * schedscope does between its batched wake-ups.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "limits.skel.h"

static unsigned long long records;

static int count(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	(void)size;
	records++;
	return 0;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char **argv)
{
	struct limits_bpf *skel = NULL;
	struct ring_buffer *rb = NULL;
	bool minimal;
	int status = 0, rc = 1;
	pid_t child;

	if (argc < 4 || strcmp(argv[2], "--") || (strcmp(argv[1], "noop") && strcmp(argv[1], "minimal"))) {
		fprintf(stderr, "usage: %s noop|minimal -- CMD [ARGS...]\n", argv[0]);
		return 2;
	}
	minimal = !strcmp(argv[1], "minimal");
	libbpf_set_print(quiet);
	skel = limits_bpf__open();
	if (!skel) {
		fprintf(stderr, "limits: cannot open the BPF object: %s\n", strerror(errno));
		return 1;
	}
	bpf_program__set_autoload(skel->progs.noop_switch, !minimal);
	bpf_program__set_autoload(skel->progs.noop_waking, !minimal);
	bpf_program__set_autoload(skel->progs.rec_switch, minimal);
	bpf_program__set_autoload(skel->progs.rec_waking, minimal);
	if (limits_bpf__load(skel) || limits_bpf__attach(skel)) {
		fprintf(stderr, "limits: cannot load or attach (needs root): %s\n", strerror(errno));
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), count, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "limits: cannot map the ring buffer: %s\n", strerror(errno));
		goto out;
	}
	child = fork();
	if (child < 0)
		goto out;
	if (child == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "limits: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	for (;;) {
		const struct timespec tick = { 0, 50 * 1000 * 1000 };
		pid_t w = waitpid(child, &status, WNOHANG);

		ring_buffer__consume(rb);
		if (w == child)
			break;
		if (w < 0 && errno != EINTR)
			goto out;
		nanosleep(&tick, NULL);
	}
	ring_buffer__consume(rb);
	fprintf(stderr, "limits %s: %llu records, %llu lost\n", argv[1], records,
		(unsigned long long)skel->bss->lost);
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
out:
	ring_buffer__free(rb);
	limits_bpf__destroy(skel);
	return rc;
}
