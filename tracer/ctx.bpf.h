/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Which interrupt context each CPU is in, for sched.bpf.c's wakings, and the
 * time each CPU spends in them.
 *
 * Why: a wakeup made by a timer, a device interrupt or a softirq runs on top
 * of whatever task was on the CPU, and bpf_get_current_pid_tgid() names that
 * task. Blaming it is wrong ("woken by debootstrap" for a timer). The kernel
 * here has no data symbols, so preempt_count cannot be read (the per-CPU
 * variable behind in_interrupt()); the tracepoints that bracket each context
 * can: irq_handler_entry/exit, softirq_entry/exit and
 * hrtimer_expire_entry/exit. Each keeps a depth and the context's id in a
 * per-CPU array, so the waking path asks with one inlined lookup, and sums
 * the time spent (ss_irq_time_val) for `stats`, `info` and the exports.
 *
 * Time is exclusive: a hard IRQ or a timer that interrupts a softirq moves
 * the softirq's start later by its own length.
 *
 * Each context is a flag, not a count: hard IRQs and softirqs do not nest,
 * and an entry whose exit was never seen (the exit program attached a moment
 * after the entry's, or skipped as a recursion) must not leave the CPU "in
 * an interrupt" for good; the next exit of its kind clears it. A hard timer
 * that interrupts a soft one's callback ends the timer context early; the
 * rest of the soft callback reads as the HRTIMER softirq. The local timer interrupt on
 * x86 is not an irq_handler (it is a system vector): its work shows as the
 * hrtimers it runs (the tick among them).
 *
 * Cost: two short programs per interrupt, softirq and timer; no ring-buffer
 * record (bench/overhead.sh measures it with the core).
 */
#ifndef SCHEDSCOPE_TRACER_CTX_BPF_H
#define SCHEDSCOPE_TRACER_CTX_BPF_H

/* The functions an hrtimer's expiry is told apart by (kallsyms has text
 * symbols); weak, so a kernel without one of them loads and says "timer". */
extern const void hrtimer_wakeup __ksym __weak;
extern const void tick_nohz_handler __ksym __weak;
extern const void it_real_fn __ksym __weak;

struct cpu_ctx {
	__u64 hardirq_ts, softirq_ts, timer_ts;   /* when the entry came */
	__u32 irq, vec, timer;                    /* the latest entry's id */
	__u8 hardirq_depth, softirq_depth, timer_depth, pad;   /* 1: in it */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cpu_ctx);
} cpu_ctx SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ss_irq_time_val);
} irq_time SEC(".maps");

static __always_inline struct cpu_ctx *ctx_this_cpu(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&cpu_ctx, &zero);
}

static __always_inline struct ss_irq_time_val *ctx_time(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&irq_time, &zero);
}

/* The innermost interrupt context of this CPU, SS_WC_NONE in a task's own
 * code; *id: which one. A timer runs inside the hard IRQ of its interrupt, a
 * hard IRQ may interrupt a softirq. */
static __always_inline __u32 ctx_current(__u32 *id)
{
	struct cpu_ctx *c = ctx_this_cpu();

	if (!c)
		return SS_WC_NONE;
	if (c->timer_depth) {
		*id = c->timer;
		return SS_WC_TIMER;
	}
	if (c->hardirq_depth) {
		*id = c->irq;
		return SS_WC_HARDIRQ;
	}
	if (c->softirq_depth) {
		*id = c->vec;
		return SS_WC_SOFTIRQ;
	}
	return SS_WC_NONE;
}

/* Who woke a task on this CPU: the interrupt context (*id: which), or
 * SS_WC_NONE for the current task. One exception: the network softirqs run
 * on top of a traced task that is sending (loopback delivery: the send
 * raises NET_RX and runs it before it returns), and the task's own syscall,
 * matched by channel in the model, says more than "the network softirq";
 * the model's sentence for a task in an unrelated syscall still says an
 * interrupt may have done it. */
static __always_inline __u32 ctx_waker(__u32 *id, bool waker_traced)
{
	__u32 cause = ctx_current(id);

	if (cause == SS_WC_SOFTIRQ && waker_traced && (*id == SS_SOFTIRQ_NET_RX || *id == SS_SOFTIRQ_NET_TX))
		return SS_WC_NONE;
	return cause;
}

/* A context of length dur_ns that ran inside a softirq is not the softirq's. */
static __always_inline void ctx_leave_nested(struct cpu_ctx *c, __u64 dur_ns)
{
	if (c->softirq_depth)
		c->softirq_ts += dur_ns;
}

/* The exits first: libbpf attaches programs in the order they are defined,
 * and an exit seen without its entry is ignored, where an entry without its
 * exit would leave a context set until the next exit of its kind. */
SEC("tp_btf/irq_handler_exit")
int BPF_PROG(handle_irq_exit, int irq, struct irqaction *action, int ret)
{
	struct cpu_ctx *c = ctx_this_cpu();
	struct ss_irq_time_val *t = ctx_time();
	__u64 dur;

	if (!c || !t || !c->hardirq_depth)
		return 0;
	c->hardirq_depth = 0;
	dur = bpf_ktime_get_boot_ns() - c->hardirq_ts;
	t->hardirq_ns += dur;
	t->hardirq_n++;
	ctx_leave_nested(c, dur);
	return 0;
}

SEC("tp_btf/softirq_exit")
int BPF_PROG(handle_softirq_exit, unsigned int vec)
{
	struct cpu_ctx *c = ctx_this_cpu();
	struct ss_irq_time_val *t = ctx_time();
	__u64 now;

	if (!c || !t || !c->softirq_depth)
		return 0;
	c->softirq_depth = 0;
	now = bpf_ktime_get_boot_ns();
	if (vec < SS_SOFTIRQ_MAX && now > c->softirq_ts) {
		t->softirq_ns[vec] += now - c->softirq_ts;
		t->softirq_n[vec]++;
	}
	return 0;
}

SEC("tp_btf/hrtimer_expire_exit")
int BPF_PROG(handle_timer_exit, struct hrtimer *timer)
{
	struct cpu_ctx *c = ctx_this_cpu();
	struct ss_irq_time_val *t = ctx_time();
	__u64 dur;

	if (!c || !t || !c->timer_depth)
		return 0;
	c->timer_depth = 0;
	dur = bpf_ktime_get_boot_ns() - c->timer_ts;
	t->timer_ns += dur;
	t->timer_n++;
	ctx_leave_nested(c, dur);
	return 0;
}

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(handle_irq_entry, int irq, struct irqaction *action)
{
	struct cpu_ctx *c = ctx_this_cpu();

	if (!c)
		return 0;
	c->hardirq_ts = bpf_ktime_get_boot_ns();
	c->hardirq_depth = 1;
	c->irq = irq;
	return 0;
}

SEC("tp_btf/softirq_entry")
int BPF_PROG(handle_softirq_entry, unsigned int vec)
{
	struct cpu_ctx *c = ctx_this_cpu();

	if (!c)
		return 0;
	c->softirq_ts = bpf_ktime_get_boot_ns();
	c->softirq_depth = 1;
	c->vec = vec;
	return 0;
}

SEC("tp_btf/hrtimer_expire_entry")
int BPF_PROG(handle_timer_entry, struct hrtimer *timer, ktime_t *now)
{
	struct cpu_ctx *c = ctx_this_cpu();
	__u64 fn = (__u64)timer->function;

	if (!c)
		return 0;
	c->timer_ts = bpf_ktime_get_boot_ns();
	c->timer_depth = 1;
	c->timer = fn == (__u64)&hrtimer_wakeup ? SS_TIMER_SLEEP :
		   fn == (__u64)&tick_nohz_handler ? SS_TIMER_TICK :
		   fn == (__u64)&it_real_fn ? SS_TIMER_ITIMER : SS_TIMER_OTHER;
	return 0;
}

#endif
