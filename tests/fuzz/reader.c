/* Fuzz target: the trace reader and its time-ordered iterator (what `info`
 * and `dump` do), with the lookups they make for each event. */
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ss_reader *r = fuzz_open(data, size);
	struct ss_iter *it;
	struct ss_event ev;
	uint64_t last_ts = 0;
	size_t n = 0;

	if (!r)
		return 0;
	it = ss_iter_new(r);
	while (it && ss_iter_next(it, &ev) == 1) {
		/* the iterator's promise: time order, CPUs the header has */
		if (ev.ts_ns < last_ts || ev.cpu >= r->info.ncpus)
			__builtin_trap();
		last_ts = ev.ts_ns;
		(void)ss_tasks_comm(&r->tasks, ev.pid, ev.ts_ns);
		if (ev.kind == SS_MARKER)
			(void)ss_reader_probe(r, ev.marker.probe);
		n++;
	}
	if (it && n > r->nevents)
		__builtin_trap();
	ss_iter_free(it);
	ss_reader_close(r);
	return 0;
}
