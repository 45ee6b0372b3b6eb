/* Fuzz target: a trace loaded into the model, then asked what `why` asks of
 * every thread (each sleep and each wait for a CPU, in words), what the
 * timeline asks of every CPU, what `stats` and `compare` build (the
 * latency distributions), what `critical` follows (the traced command's
 * critical path, and each thread's over the middle of the recording) and,
 * when the header names a lesson's command, what `check` checks. */
#include <stdint.h>

#include "lessons/check.h"
#include "model/critical.h"
#include "model/explain.h"
#include "model/latency.h"
#include "tests/fuzz/fuzz.h"
#include "tracefile/replay.h"

static void ask(const struct ss_model *m)
{
	char buf[512];

	for (size_t ti = 0; ti < m->nthreads; ti++) {
		const struct ss_thread *t = &m->threads[ti];
		struct ss_tstate_info st;
		struct ss_gap g;

		for (size_t i = 0; i < t->nwaits; i++)
			ss_explain_wait(m, t, &t->waits[i], buf, sizeof(buf));
		for (size_t i = 0; i <= t->nruns; i++) {
			ss_model_run_gap(m, t, i, &g);
			if (i < t->nruns) {
				ss_explain_runnable(m, t, i, buf, sizeof(buf));
				ss_explain_run(m, ss_model_run(m, t, i), m->end_ns, buf, sizeof(buf));
				ss_explain_ready(m, ss_model_run(m, t, i), buf, sizeof(buf));
			}
		}
		ss_model_thread_state(m, t, m->start_ns + (m->end_ns - m->start_ns) / 2, &st);
		ss_explain_task(m, t->tid, m->end_ns, buf, sizeof(buf));
	}
	for (unsigned c = 0; c < m->ncpus; c++)
		(void)ss_model_cpu_busy(m, c, m->start_ns, m->end_ns);
}

static void ask_analyses(const struct ss_model *m, uint32_t root)
{
	uint64_t mid = m->start_ns + (m->end_ns - m->start_ns) / 2;
	struct ss_latency l;
	struct ss_critical cp;

	if (ss_latency_build(m, 0, &l) == 0)
		ss_latency_free(&l);
	if (ss_latency_build(m, root, &l) == 0)
		ss_latency_free(&l);
	if (ss_critical_path(m, root, 0, UINT64_MAX, &cp) == 0)
		ss_critical_free(&cp);
	for (size_t ti = 0; ti < m->nthreads && ti < 16; ti++)
		if (ss_critical_path(m, m->threads[ti].tid, mid - (mid - m->start_ns) / 2, mid, &cp) == 0)
			ss_critical_free(&cp);
}

static void ask_checks(const struct ss_model *m)
{
	struct lesson l;
	struct lesson_checklist cl;

	if (lesson_from_cmdline(&l, m->info.cmdline))
		return;
	lesson_checklist_init(&cl, &l);
	lesson_checklist_update(&cl, m);
	(void)lesson_checklist_verdict(&cl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ss_reader *r = fuzz_open(data, size);
	struct ss_model m;
	char err[512];

	if (!r)
		return 0;
	if (ss_trace_load_reader(&m, r, err, sizeof(err)) == 0) {
		ask(&m);
		ask_analyses(&m, r->info.root_pid);
		ask_checks(&m);
		ss_model_free(&m);
	}
	ss_reader_close(r);
	return 0;
}
