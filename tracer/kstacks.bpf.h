/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The kernel stack of a traced thread where the user stack and the syscall
 * do not say why it slept: a sleep in D state (uninterruptible: a disk
 * read, a page-cache folio being read in, a mutex in the kernel) and a sleep
 * outside any syscall (a page fault, e.g. on a mapped file). A futex or
 * pipe sleep in S state is told by its syscall and channel; taking its
 * kernel stack too would cost every one of the hot path's waits (two
 * compares is all it costs them now).
 *
 * bpf_get_stackid() walks the kernel stack with the kernel's own unwinder
 * (ORC on x86) and interns it in a BPF_MAP_TYPE_STACK_TRACE map: a wait
 * carries id + 1 in its ss_rec_sys (0: none), in the word that was
 * padding, so records keep their size.
 * The recorder reads an id's addresses from the map the first time a
 * record names it and names them from /proc/kallsyms (symbols/ksyms.c):
 * the map's entries are never replaced (flags 0), so an id means one stack
 * for the whole recording. A get that fails (-EEXIST: a different stack in
 * the same bucket; -ENOMEM; -EFAULT) gives no id and is counted in
 * kstacks_failed, which the recording's summary shows. Included once, by
 * sched.bpf.c.
 */
#ifndef SCHEDSCOPE_TRACER_KSTACKS_BPF_H
#define SCHEDSCOPE_TRACER_KSTACKS_BPF_H

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 4096);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, SS_KSTACK_MAX * sizeof(__u64));
} kstacks SEC(".maps");

__u64 kstacks_failed;     /* kernel stacks that got no id */

/* The kernel stack's id + 1 for a traced thread going to sleep in state
 * (report form) with syscall nr (-1: none), where it is worth taking; else 0. */
static __always_inline __u32 kstack_of(void *ctx, __u16 state, __s32 nr)
{
	long id;

	if (!capture_stacks || (state != SS_ST_D && nr >= 0))
		return 0;
	id = bpf_get_stackid(ctx, &kstacks, 0);
	if (id < 0) {
		__sync_fetch_and_add(&kstacks_failed, 1);
		return 0;
	}
	return (__u32)id + 1;
}

#endif
