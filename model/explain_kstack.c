/*
 * Plain words for a sleep's kernel stack (tracer/kstacks.bpf.h): where in
 * the kernel a thread slept when neither its user stack nor its syscall
 * says why (a D-state sleep, a page fault). Part of model/explain.h, in a
 * file of its own for length: why, the detail panel and the Perfetto
 * export's wait slices all say a kernel stack through ss_explain_kstack().
 *
 * The innermost frames are the tracing's own (the BPF program and the
 * tracepoint it hangs on) and the scheduler's generic entry (__schedule,
 * schedule): true, but the same for every sleep, so they are left out. A
 * frame that says what kind of sleep it was (io_schedule: waiting for I/O;
 * schedule_timeout; schedule_preempt_disabled, a mutex) is kept: the words
 * start where this sleep differs from any other (ss_kstack_told_from(), which
 * the off-CPU profiles' kernel frames start from too). A D-state sleep says so:
 * it is why the stack was taken, and why a signal could not end it.
 *
 * A sleep outside any syscall is, from user space, "a page fault or the
 * like"; its kernel stack tells which: handle_mm_fault, the fault handler
 * on every architecture, makes it a page fault for sure.
 */
#include "model/explain.h"

#include <stdio.h>
#include <string.h>

static bool frame_generic(const char *fn)
{
	static const char *const prefixes[] = { "bpf_prog_", "__bpf_trace_", "__traceiter_", "bpf_trace_run" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(fn, prefixes[i], strlen(prefixes[i])))
			return true;
	return !strcmp(fn, "__schedule") || !strcmp(fn, "schedule");
}

unsigned ss_kstack_told_from(const struct ss_kstack *k)
{
	unsigned i = 0;

	while (i < k->n && frame_generic(k->fn[i]))
		i++;
	return i;
}

bool ss_kstack_in_fault(const struct ss_stacks *s, uint32_t id)
{
	const struct ss_kstack *k = ss_stacks_kfind(s, id);

	for (unsigned i = 0; k && i < k->n; i++)
		if (!strcmp(k->fn[i], "handle_mm_fault"))
			return true;
	return false;
}

char *ss_explain_kstack(const struct ss_stacks *s, uint32_t id, unsigned sleep_state, unsigned depth, char *buf,
			size_t size)
{
	const struct ss_kstack *k = ss_stacks_kfind(s, id);
	size_t len, told = 0;
	unsigned i;

	if (!size)
		return buf;
	buf[0] = 0;
	if (!k)
		return buf;
	i = ss_kstack_told_from(k);
	if (i == k->n)
		return buf;
	len = (size_t)snprintf(buf, size, " in the kernel%s: ",
			       (int)sleep_state == ss_state_index(SS_ST_D) ? ", uninterruptibly (D)" : "");
	for (; i < k->n && (!depth || told < depth) && len < size; i++, told++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", told ? " <- " : "", k->fn[i]);
	return buf;
}
