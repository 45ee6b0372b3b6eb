/* Fuzz target: one exporter (FUZZ_FORMAT, set by the Makefile: perfetto,
 * json, csv, pprof or folded; the last two decode the stacks and name them
 * with symbols/) over the input, its output thrown away: all but csv
 * write to stdout, which is /dev/null here; csv writes a directory, a
 * scratch one in memory (/dev/shm) written over each time. The input's
 * length picks --window or --pid now and then, so they are fuzzed too. */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "export/export.h"
#include "tests/fuzz/fuzz.h"

static char out_dir[64];

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	return remove(path);
}

static void rm_out_dir(void)
{
	nftw(out_dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = open("/dev/null", O_WRONLY);

	(void)argc;
	(void)argv;
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
		abort();
	close(fd);
	snprintf(out_dir, sizeof(out_dir), "/dev/shm/schedscope-fuzz-csv.%d", (int)getpid());
	if (FUZZ_FORMAT == EXPORT_CSV)
		atexit(rm_out_dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ss_reader *r = fuzz_open(data, size);
	struct export_opts o = { .format = FUZZ_FORMAT, .out_path = "-" };
	char err[512];

	if (!r)
		return 0;
	o.reader = r;
	if (FUZZ_FORMAT == EXPORT_CSV)
		o.out_path = out_dir;
	switch (size % 4) {
	case 1:                   /* the middle of the recording */
		o.from_ns = 1000000;
		o.to_ns = 50000000;
		break;
	case 2:
		o.pid = r->info.root_pid;
		break;
	case 3:
		o.no_compact = FUZZ_FORMAT == EXPORT_PERFETTO;
		break;
	}
	export_run(&o, NULL, err, sizeof(err));
	ss_reader_close(r);
	return 0;
}
