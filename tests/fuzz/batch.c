/* Fuzz target: the timeline's batch view (`view --batch`): the trace
 * replayed into the model in three steps with a frame after each, then keys
 * that change mode, zoom, scroll and select, a frame after each; the text
 * goes to /dev/null. */
#include <stdio.h>
#include <stdlib.h>

#include "live/live.h"
#include "tests/fuzz/fuzz.h"

static FILE *out;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	out = fopen("/dev/null", "w");
	if (!out)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ss_reader *r = fuzz_open(data, size);
	struct live_opts o = { .title = "fuzz", .mode = size % 2 ? UI_MODE_THREAD : UI_MODE_CPU };
	struct live_batch_opts b = { .w = 100, .h = 30, .frames = 3,
				     .keys = "Tab + + Right . . Down Enter s i Esc - - 0 End" };
	char err[512];

	if (!r)
		return 0;
	live_batch_reader(r, &o, &b, out, err, sizeof(err));
	ss_reader_close(r);
	return 0;
}
