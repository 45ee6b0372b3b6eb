// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The two limit rows of bench/overhead.sh, the floor schedscope's recording
 * cost is measured against:
 *  - noop_*: tp_btf programs on sched_switch and sched_waking that return at
 *    once: the price of running any BPF program at each event;
 *  - rec_*: the least a recorder can do: a 16-byte record per event into a
 *    ring buffer, no filtering, submitted without waking the reader (the
 *    loader, bench/limits.c, drains it in a loop).
 * Self-contained on purpose: it shares nothing with tracer/, so a change
 * there cannot move the floor.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct limit_rec {
	__u64 ts_ns;
	__u32 pid;       /* prev, or the waker */
	__u32 other;     /* next, or the wakee */
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);   /* schedscope's default size */
} events SEC(".maps");

__u64 lost = 0;                      /* reservations that failed */

SEC("tp_btf/sched_switch")
int BPF_PROG(noop_switch)
{
	return 0;
}

SEC("tp_btf/sched_waking")
int BPF_PROG(noop_waking)
{
	return 0;
}

static __always_inline void record(__u32 pid, __u32 other)
{
	struct limit_rec *r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);

	if (!r) {
		__sync_fetch_and_add(&lost, 1);
		return;
	}
	r->ts_ns = bpf_ktime_get_boot_ns();
	r->pid = pid;
	r->other = other;
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(rec_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	record(prev->pid, next->pid);
	return 0;
}

SEC("tp_btf/sched_waking")
int BPF_PROG(rec_waking, struct task_struct *p)
{
	record((__u32)bpf_get_current_pid_tgid(), p->pid);
	return 0;
}
