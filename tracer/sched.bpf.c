// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * schedscope's kernel side: scheduler events into one ring buffer.
 *
 * Scope: every sched_switch on every CPU (so each CPU lane is complete); the
 * rest (wakeups, fork, exec, exit, migration, markers) only for the traced
 * process tree, which grows here in the kernel at fork so that no child is
 * missed however short it lives. With trace_all set, everything is recorded.
 *
 * Cost: tp_btf programs read the task_structs they are handed with plain
 * loads; pid sets are bitmaps in array maps, so a lookup is an inlined load.
 * Helper calls are few on the hot path: on this kernel's AMD CPUs every
 * kernel return goes through the SRSO "safe RET" thunk, so a call costs tens
 * of ns (bpf_stats: a probe read of the fd array was ~50 ns an event). Where
 * BTF cannot type a pointer, bpf_rdonly_cast() (no call) types it: the fd
 * array's slot (fd_file(), in chan.bpf.h) and the thread's entry registers,
 * asked once per thread (regs_of()). Probe reads remain for a socket's
 * details (sock_chan()), and off the hot path for names (emit_task()), an
 * exec's filename and a signal's si_code. Wake-ups of the reader are batched
 * (see submit()). What costs most is writing into the ring, so a thread's
 * repeated why-records go short (see told).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/usdt.bpf.h>
#include "tracer/sched.h"
#include "tracer/ctx.bpf.h"
#include "tracer/hide.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by the recorder before load. */
const volatile bool trace_all = false;
const volatile __u32 self_tgid = 0;       /* the recorder: its wake-ups are not traced */
const volatile __u64 wakeup_bytes = 1 << 20; /* wake the reader once this much is queued */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);    /* resized by --buffer */
} events SEC(".maps");

/* Records the ring buffer had no room for, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/* Bitmaps indexed by pid: 64 pids per word, sized from pid_max at load. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4194304 / 64);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");                     /* pids with a task record written */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4194304 / 64);
	__type(key, __u32);
	__type(value, __u64);
} tree SEC(".maps");                     /* pids in the traced process tree */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SS_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u8);
} sc_flags SEC(".maps");                 /* SS_SCF_* per syscall number, from user space */

/* Per CPU, so counting needs no atomics and shares no cache lines; keyed by
 * the open file and its inode, so a channel is resolved once, on first use. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct ss_flow_key);
	__type(value, struct ss_flow_val);
} flows SEC(".maps");

/* Flow keys that did not fit in the map. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} flows_dropped SEC(".maps");

static __always_inline __u64 *pid_word(void *map, __u32 pid)
{
	__u32 idx = pid / 64;

	return bpf_map_lookup_elem(map, &idx);
}

static __always_inline bool in_tree(__u32 pid)
{
	__u64 *w;

	if (trace_all)
		return true;
	w = pid_word(&tree, pid);
	return w && (*w & (1ULL << (pid & 63)));
}

/* In the tree, or everything with --all: the IPC detail follows in_tree. */
static __always_inline bool in_tree_strict(__u32 pid)
{
	return pid && in_tree(pid);
}

static __always_inline void tree_add(__u32 pid)
{
	__u64 *w = pid_word(&tree, pid);

	if (w)
		__sync_fetch_and_or(w, 1ULL << (pid & 63));
}

static __always_inline void bitmap_clear(void *map, __u32 pid)
{
	__u64 *w = pid_word(map, pid);

	if (w)
		__sync_fetch_and_and(w, ~(1ULL << (pid & 63)));
}

/* True exactly once per pid lifetime: the caller then writes its task record. */
static __always_inline bool first_sight(__u32 pid)
{
	__u64 bit = 1ULL << (pid & 63);
	__u64 *w;

	if (pid == 0)                /* the idle tasks; user space names them */
		return false;
	w = pid_word(&seen, pid);
	if (!w || (*w & bit))
		return false;
	return !(__sync_fetch_and_or(w, bit) & bit);
}

static __always_inline void *reserve(__u64 size)
{
	void *rec = bpf_ringbuf_reserve(&events, size, 0);

	if (!rec) {
		__u32 zero = 0;
		__u64 *n = bpf_map_lookup_elem(&lost, &zero);

		if (n)
			(*n)++;
	}
	return rec;
}

/* Records this CPU submitted since it last asked how full the ring is. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} since_query SEC(".maps");

#define QUERY_EVERY 64

/*
 * Waking the reader on every record costs more than the recording itself at
 * 400k switches/s; wake it only once wakeup_bytes are waiting. The reader also
 * polls with a short timeout, so a quiet trace is still drained promptly.
 * Asking the ring is a helper call, and the answer is about megabytes: every
 * QUERY_EVERY-th record on a CPU asks (an inlined per-CPU counter otherwise).
 */
static __always_inline void submit(void *rec)
{
	__u32 zero = 0, *n = bpf_map_lookup_elem(&since_query, &zero);
	__u64 flags = BPF_RB_NO_WAKEUP;

	if (n && ++*n >= QUERY_EVERY) {
		*n = 0;
		if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes)
			flags = BPF_RB_FORCE_WAKEUP;
	}
	bpf_ringbuf_submit(rec, flags);
}

static __always_inline void hdr_fill(struct ss_rec_hdr *h, __u16 kind, __u32 pid, __u64 ts)
{
	h->ts_ns = ts;
	h->kind = kind;
	h->cpu = bpf_get_smp_processor_id();
	h->pid = pid;
}

/* thread_info.cpu since v5.16 (bcf9033e5449); task_struct.cpu before. */
struct task_struct___pre516 {
	unsigned int cpu;
} __attribute__((preserve_access_index));

static __always_inline __u32 task_cpu(struct task_struct *t)
{
	if (bpf_core_field_exists(t->thread_info.cpu))
		return t->thread_info.cpu;
	return ((struct task_struct___pre516 *)t)->cpu;
}

#define PF_KTHREAD 0x00200000     /* a kernel thread: no user syscall, its registers mean nothing */
static __always_inline void emit_task(struct task_struct *t, __u16 origin, __u64 ts,
				      const char *comm, const char *path)
{
	struct ss_rec_task *r = reserve(sizeof(*r));
	__u32 pid = t->pid;

	if (!r)
		return;
	hdr_fill(&r->h, SS_REC_TASK, pid, ts);
	r->tgid = t->tgid;
	r->ppid = t->real_parent->tgid;
	r->origin = origin;
	r->flags = (in_tree(pid) ? SS_TASKF_IN_TREE : 0) | SS_TASKF_KIND | (t->flags & PF_KTHREAD ? SS_TASKF_KTHREAD : 0);
	r->pad = 0;
	if (comm)
		bpf_probe_read_kernel_str(r->comm, sizeof(r->comm), comm);
	else
		BPF_CORE_READ_STR_INTO(&r->comm, t, comm);
	r->path[0] = 0;
	if (path)
		bpf_probe_read_kernel_str(r->path, sizeof(r->path), path);
	submit(r);
}

#include "tracer/stacks.bpf.h"
#include "tracer/kstacks.bpf.h"

/* What user space was last told of each thread's syscall: the one it last
 * blocked in and the one it last woke somebody from. A repeat goes into the
 * ring as a short record that says "the same" (SS_REC_*_SAME): the bytes
 * written into the ring are most of what recording costs, and a thread in a
 * loop blocks in the same read of the same pipe again and again. Written
 * only once a full record is reserved, so user space always has what a
 * short one refers to. 152 bytes a thread that blocks or wakes while traced;
 * with stacks, its last stacks too (told_stk, about 1 KiB), in the same
 * storage: one storage, fetched once an event, where a second would cost a
 * second helper call per stack. */
struct told_sys {
	struct ss_rec_sys block;
	struct ss_rec_sys wake;
	__u64 regs;            /* the thread's entry registers (see regs_of) */
};

struct told_stk {
	struct told_sys sys;   /* first: told_of() hands out a pointer to it */
	struct stack_mem stk;  /* its last user stacks (stacks.bpf.h) */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct told_sys);
} told SEC(".maps");

/* told with the last stacks, for a recording with stacks (capture_stacks is
 * set before load, so each program uses one of the two; the other stays
 * empty: task storage without preallocation costs nothing until used). */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct told_stk);
} told_stk SEC(".maps");

static __always_inline void see(struct task_struct *t, __u64 ts)
{
	if (first_sight(t->pid))
		emit_task(t, SS_TASK_FIRST_SEEN, ts, 0, 0);
}

#define PF_EXITING 0x00000004
#define S_IFMT   00170000
#define S_IFSOCK 0140000
#define S_IFIFO  0010000
#define AF_UNIX  1
#define AF_INET  2
#define AF_INET6 10
#define SOCK_STREAM 1
#define SOCK_DGRAM  2
#define FUTEX_PRIVATE_FLAG 128

static __always_inline __u8 sc_flags_of(__s32 nr)
{
	__u32 k = (__u32)nr;
	__u8 *f;

	if (nr < 0 || nr >= SS_MAX_SYSCALLS)
		return 0;
	f = bpf_map_lookup_elem(&sc_flags, &k);
	return f ? *f : 0;
}

#include "tracer/chan.bpf.h"

/* The syscall a task is in, from the registers it entered the kernel with:
 * orig_ax holds the syscall number, or -1 for an interrupt or exception
 * (the entry code sets it so; arm64 keeps syscallno the same way). No
 * sys_enter hook is needed, so untraced tasks pay nothing for this. */
static __always_inline __s32 regs_syscall(struct pt_regs *regs, __u64 args[3])
{
#if defined(__TARGET_ARCH_arm64)
	args[0] = regs->orig_x0;
	args[1] = regs->regs[1];
	args[2] = regs->regs[2];
	return regs->syscallno;
#else
	args[0] = regs->di;
	args[1] = regs->si;
	args[2] = regs->dx;
	return (__s32)regs->orig_ax;
#endif
}

/* Where t's entry registers are: fixed for the thread's life (its kernel
 * stack never moves), so asked once and kept in its told storage. Each
 * helper call costs a return through this CPU's SRSO thunk; what is kept is
 * read back through bpf_rdonly_cast(), which is no call. */
static __always_inline struct pt_regs *regs_of(struct task_struct *t, struct told_sys *told)
{
	if (!told)
		return (struct pt_regs *)bpf_task_pt_regs(t);
	if (!told->regs)
		told->regs = (__u64)bpf_task_pt_regs(t);
	return bpf_rdonly_cast((void *)told->regs, bpf_core_type_id_kernel(struct pt_regs));
}

/* Fills all of r with the syscall t is in (regs: its entry registers,
 * regs_of()), resolving its fd or futex, and keeping only the arguments its
 * SS_SCF_* flags name (the others, buffer pointers and the like, would only
 * cost bytes and defeat told_same()). False, with nr and fd -1, when t is
 * not in a syscall. */
static __always_inline bool sys_fill(struct task_struct *t, struct pt_regs *regs, struct ss_rec_sys *r,
				     const bool withhold)
{
	__u64 args[3];
	__s32 nr;
	__u8 fl;

	__builtin_memset(r, 0, sizeof(*r));
	r->nr = -1;
	r->fd = -1;
	/* a task the user behind sudo cannot read (insides_visible()): its
	 * syscall's number and the mark that the rest was withheld, so that no
	 * reader takes the zeros for a byte count, and a repeat of it is a
	 * repeat of a withheld call, never of one told in full; its fd's file
	 * is not even looked at */
	if (withhold)
		r->chan.flags = SS_CHF_WITHHELD;
	if (!regs)
		return false;
	nr = regs_syscall(regs, args);
	if (nr < 0)
		return false;
	r->nr = nr;
	if (withhold)
		return true;
	fl = sc_flags_of(nr);
	if (fl & SS_SCF_PID0)
		r->args[0] = args[0];
	if (fl & (SS_SCF_FUTEX | SS_SCF_SIG1))
		r->args[1] = args[1];
	if (fl & (SS_SCF_READ | SS_SCF_WRITE))
		r->args[2] = args[2];
	if (fl & SS_SCF_FD0) {
		struct file *f = fd_file(t, (int)args[0]);

		r->fd = (int)args[0];
		if (f)
			file_chan(f, &r->chan);
	} else if (fl & SS_SCF_FUTEX) {
		r->chan.kind = SS_CH_FUTEX;
		r->chan.id = args[0];
		if (args[1] & FUTEX_PRIVATE_FLAG) {
			r->chan.flags = SS_CHF_PRIVATE;
			r->chan.peer = t->tgid;
		}
	}
	return true;
}

_Static_assert(sizeof(struct ss_rec_sys) == 9 * sizeof(__u64), "told_same() compares 9 words");

/* Whether *told already holds s. sys_fill() writes every byte of s, padding
 * included, so comparing words compares the fields. */
static __always_inline bool told_same(const struct ss_rec_sys *told, const struct ss_rec_sys *s)
{
	const __u64 *a = (const __u64 *)told, *b = (const __u64 *)s;

	return told && a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3] &&
	       a[4] == b[4] && a[5] == b[5] && a[6] == b[6] && a[7] == b[7] && a[8] == b[8];
}

static __always_inline struct told_sys *told_of(struct task_struct *t)
{
	if (capture_stacks)
		return bpf_task_storage_get(&told_stk, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	return bpf_task_storage_get(&told, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
}

/* The last stacks kept with told (told_of()'s), or NULL without stacks. */
static __always_inline struct stack_mem *stk_of(struct told_sys *told)
{
	return capture_stacks && told ? &((struct told_stk *)told)->stk : NULL;
}

/* The kernel's report form of prev_state: __trace_sched_switch_state(). */
static __always_inline __u16 report_state(bool preempt, struct task_struct *prev,
					  unsigned int prev_state)
{
	const unsigned int task_report = 0x7f, task_idle = 0x402, rtlock_wait = 0x1000;
	unsigned int s;

	if (preempt)
		return SS_ST_PREEMPTED;
	if ((prev_state & task_idle) == task_idle)
		return SS_ST_I;
	if (prev_state & rtlock_wait)
		return SS_ST_D;
	s = (prev_state | prev->exit_state) & task_report;
	/* keep only the highest bit, as fls() does */
	if (s & 0x40) return 0x40;
	if (s & 0x20) return 0x20;
	if (s & 0x10) return 0x10;
	if (s & 0x08) return 0x08;
	if (s & 0x04) return 0x04;
	if (s & 0x02) return 0x02;
	return s & 0x01;
}

static __always_inline int on_switch(void *ctx, bool preempt, struct task_struct *prev,
				     struct task_struct *next, unsigned int prev_state, const bool hide)
{
	__u64 ts = bpf_ktime_get_boot_ns();
	struct ss_rec_switch *r;
	__u16 state = report_state(preempt, prev, prev_state);

	see(prev, ts);
	see(next, ts);
	/* A traced thread going to sleep: say in which syscall, on what (nr -1:
	 * asleep outside one, in a page fault...), or that it is the same as the
	 * last time it slept. */
	if ((state == SS_ST_S || state == SS_ST_D || state == SS_ST_I) && in_tree_strict(prev->pid) &&
	    !(prev->flags & PF_KTHREAD)) {
		struct told_sys *told = told_of(prev);
		struct pt_regs *regs = regs_of(prev, told);
		struct ss_rec_switch_block *b;
		struct ss_rec_sys s;

		bool hidden = !insides_visible(prev, hide);

		sys_fill(prev, regs, &s, hidden);
		if (!hidden) {
			if (capture_stacks)
				s.stack = stack_of(ctx, prev, regs, stk_of(told), ts, STACK_AT_BLOCK);
			s.kstack = kstack_of(ctx, state, s.nr);
		}
		if (told && told_same(&told->block, &s)) {
			r = reserve(sizeof(*r));
			if (!r)
				return 0;
			hdr_fill(&r->h, SS_REC_SWITCH_BLOCK_SAME, prev->pid, ts);
		} else {
			b = reserve(sizeof(*b));
			if (!b)
				return 0;
			b->sys = s;
			if (told)
				told->block = s;
			r = &b->sw;
			hdr_fill(&r->h, SS_REC_SWITCH_BLOCK, prev->pid, ts);
		}
	} else {
		r = reserve(sizeof(*r));
		if (!r)
			return 0;
		hdr_fill(&r->h, SS_REC_SWITCH, prev->pid, ts);
	}
	r->next_pid = next->pid;
	r->prev_state = state;
	r->prev_prio = prev->prio;
	r->next_prio = next->prio;
	submit(r);
	return 0;
}

static __always_inline int on_wakeup(void *ctx, struct task_struct *p, __u16 kind, const bool hide)
{
	struct ss_rec_waking *r;

	/* untraced wakees, most of a busy system's, cost one load: no call */
	if (!in_tree(p->pid) || (__u32)p->tgid == self_tgid)
		return 0;
	/* the waker's pid from its task_struct: one helper call, not two */
	struct task_struct *cur = bpf_get_current_task_btf();
	__u32 waker = cur->pid;
	__u64 ts = bpf_ktime_get_boot_ns();
	struct told_sys *told = NULL;
	__u32 ctx_id = 0, cause = ctx_waker(&ctx_id, in_tree_strict(waker));
	struct ss_rec_sys s;

	see(p, ts);
	/* In an interrupt context (ctx.bpf.h) that woke p: no task did. */
	if (cause != SS_WC_NONE) {
		struct ss_rec_waking_ctx *x = reserve(sizeof(*x));

		if (!x)
			return 0;
		x->cause = cause;
		x->ctx_id = ctx_id;
		r = &x->wk;
		kind = SS_REC_WAKING_CTX;
		waker = 0;
		goto out;
	}
	if (first_sight(waker))
		emit_task(cur, SS_TASK_FIRST_SEEN, ts, 0, 0);
	/* What the waker was doing: only a traced waker's syscall is known. */
	if (kind == SS_REC_WAKING && in_tree_strict(waker) && !(cur->flags & PF_KTHREAD))
		cause = cur->flags & PF_EXITING ? SS_WC_EXIT : SS_WC_SYSCALL;
	if (cause == SS_WC_SYSCALL) {
		struct pt_regs *regs;

		told = told_of(cur);
		regs = regs_of(cur, told);
		bool hidden = !insides_visible(cur, hide);

		if (!sys_fill(cur, regs, &s, hidden)) {
			cause = SS_WC_NONE;          /* not in a syscall: nothing to say */
		} else {
			if (!hidden && capture_stacks)
				s.stack = stack_of(ctx, cur, regs, stk_of(told), ts, STACK_AT_WAKE);
			if (told && told_same(&told->wake, &s))
				kind = SS_REC_WAKING_CAUSE_SAME;
		}
	}
	if (cause != SS_WC_NONE && kind != SS_REC_WAKING_CAUSE_SAME) {
		struct ss_rec_waking_cause *c = reserve(sizeof(*c));

		if (!c)
			return 0;
		if (cause == SS_WC_SYSCALL) {
			c->sys = s;
			if (told)
				told->wake = s;
		} else {
			__builtin_memset(&c->sys, 0, sizeof(c->sys));
		}
		r = &c->wk;
		c->cause = cause;
		c->pad = 0;
		kind = SS_REC_WAKING_CAUSE;
	} else {
		r = reserve(sizeof(*r));
		if (!r)
			return 0;
	}
out:
	hdr_fill(&r->h, kind, waker, ts);
	r->wakee = p->pid;
	r->target_cpu = task_cpu(p);
	submit(r);
	return 0;
}

/* The hot programs in twins, one of each pair loaded (hide.bpf.h). */
SEC("tp_btf/sched_switch")
int BPF_PROG(handle_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	return on_switch(ctx, preempt, prev, next, prev_state, false);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(hide_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	return on_switch(ctx, preempt, prev, next, prev_state, true);
}

SEC("tp_btf/sched_waking")
int BPF_PROG(handle_waking, struct task_struct *p)
{
	return on_wakeup(ctx, p, SS_REC_WAKING, false);
}

SEC("tp_btf/sched_waking")
int BPF_PROG(hide_waking, struct task_struct *p)
{
	return on_wakeup(ctx, p, SS_REC_WAKING, true);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(handle_wakeup_new, struct task_struct *p)
{
	return on_wakeup(ctx, p, SS_REC_WAKEUP_NEW, hide_others);
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(handle_fork, struct task_struct *parent, struct task_struct *child)
{
	__u64 ts = bpf_ktime_get_boot_ns();
	struct ss_rec_fork *r;

	if (!in_tree(parent->pid))
		return 0;
	tree_add(child->pid);
	see(parent, ts);
	/* The child's record says who it is even if it never runs while traced. */
	first_sight(child->pid);
	emit_task(child, SS_TASK_FORKED, ts, 0, 0);
	r = reserve(sizeof(*r));
	if (!r)
		return 0;
	hdr_fill(&r->h, SS_REC_FORK, parent->pid, ts);
	r->child = child->pid;
	r->flags = child->tgid == parent->tgid ? SS_FORK_IS_THREAD : 0;
	submit(r);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u64 ts = bpf_ktime_get_boot_ns();
	struct ss_rec_exec *r;

	if (!in_tree(p->pid))
		return 0;
	/* A thread that execs takes its leader's pid (de_thread()): what user
	 * space was told under that pid was the leader's, so start afresh. */
	if (capture_stacks)
		bpf_task_storage_delete(&told_stk, p);
	else
		bpf_task_storage_delete(&told, p);
	emit_task(p, SS_TASK_EXECED, ts, 0, BPF_CORE_READ(bprm, filename));
	r = reserve(sizeof(*r));
	if (!r)
		return 0;
	hdr_fill(&r->h, SS_REC_EXEC, p->pid, ts);
	r->old_pid = old_pid;
	r->pad = 0;
	submit(r);
	return 0;
}

SEC("tp_btf/task_rename")
int BPF_PROG(handle_rename, struct task_struct *task, const char *comm)
{
	if (!in_tree(task->pid))
		return 0;
	emit_task(task, SS_TASK_RENAMED, bpf_ktime_get_boot_ns(), comm, 0);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(handle_exit, struct task_struct *p)
{
	struct ss_rec_exit *r;
	bool mine;

	if (!in_tree(p->pid))
		return 0;
	r = reserve(sizeof(*r));
	if (!r)
		return 0;
	hdr_fill(&r->h, SS_REC_EXIT, p->pid, bpf_ktime_get_boot_ns());
	/* a code /proc/PID/stat shows only to who may trace the task. Since
	 * v6.16 the tracepoint comes before exit_mm() and mm still says; on
	 * older kernels mm is gone here, and the effective uid alone decides */
	mine = p->mm ? insides_visible(p, hide_others) : !hide_others || BPF_CORE_READ(p, real_cred, euid.val) == invoker_uid;
	r->exit_code = mine ? p->exit_code : SS_EXIT_WITHHELD;
	r->tgid = p->tgid;
	submit(r);
	return 0;
}

/* After the task's last switch: its pid may be reused, so forget it. */
SEC("tp_btf/sched_process_free")
int BPF_PROG(handle_free, struct task_struct *p)
{
	__u32 pid = p->pid;

	bitmap_clear(&seen, pid);
	if (!trace_all)
		bitmap_clear(&tree, pid);
	return 0;
}

SEC("tp_btf/sched_migrate_task")
int BPF_PROG(handle_migrate, struct task_struct *p, int dest_cpu)
{
	struct ss_rec_migrate *r;

	if (!in_tree(p->pid))
		return 0;
	r = reserve(sizeof(*r));
	if (!r)
		return 0;
	hdr_fill(&r->h, SS_REC_MIGRATE, p->pid, bpf_ktime_get_boot_ns());
	r->orig_cpu = task_cpu(p);
	r->dest_cpu = dest_cpu;
	submit(r);
	return 0;
}

/* Traffic through pipes and sockets, per file, thread and direction. The
 * syscall's number and fd are still in the entry registers at exit. */
static __always_inline int on_sys_exit(struct pt_regs *regs, long ret, const bool hide)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct ss_flow_key k = {};
	struct ss_flow_val *v;
	struct file *f;
	__u64 args[3];
	__s32 nr;
	__u8 fl;

	if (ret <= 0 || !in_tree_strict(t->pid))
		return 0;
	nr = regs_syscall(regs, args);
	fl = sc_flags_of(nr);
	if (!(fl & (SS_SCF_READ | SS_SCF_WRITE)) || !insides_visible(t, hide))
		return 0;           /* another's bytes per file: /proc/PID/io and fdinfo are theirs */
	f = fd_file(t, (int)args[0]);
	if (!f)
		return 0;
	k.file = (__u64)f;
	k.ino = f->f_inode->i_ino;
	k.tid = t->pid;
	k.dir = fl & SS_SCF_WRITE ? 1 : 0;
	v = bpf_map_lookup_elem(&flows, &k);
	if (!v) {
		struct ss_flow_val nv = {};

		if (bpf_map_update_elem(&flows, &k, &nv, BPF_NOEXIST) == 0)
			v = bpf_map_lookup_elem(&flows, &k);
		if (!v) {
			__u32 zero = 0;
			__u64 *d = bpf_map_lookup_elem(&flows_dropped, &zero);

			if (d)
				__sync_fetch_and_add(d, 1);
			return 0;
		}
	}
	if (v->state == SS_FLOW_FRESH) {        /* first use on this CPU */
		file_chan(f, &v->chan);
		v->state = v->chan.kind == SS_CH_FILE ? SS_FLOW_IGNORED : SS_FLOW_COUNTED;
	}
	if (v->state == SS_FLOW_COUNTED) {
		v->calls++;
		v->bytes += ret;
	}
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(handle_sys_exit, struct pt_regs *regs, long ret)
{
	return on_sys_exit(regs, ret, false);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(hide_sys_exit, struct pt_regs *regs, long ret)
{
	return on_sys_exit(regs, ret, true);
}

static __always_inline void emit_signal(__u32 pid, __u32 target, int sig, int code, int result,
					__u32 dir)
{
	struct ss_rec_signal *r = reserve(sizeof(*r));

	if (!r)
		return;
	hdr_fill(&r->h, SS_REC_SIGNAL, pid, bpf_ktime_get_boot_ns());
	r->target = target;
	r->sig = sig;
	r->code = code;
	r->result = result;
	r->dir = dir;
	r->pad = 0;
	submit(r);
}

SEC("tp_btf/signal_generate")
int BPF_PROG(handle_signal_generate, int sig, struct kernel_siginfo *info,
	     struct task_struct *task, int group, int result)
{
	__u32 sender = (__u32)bpf_get_current_pid_tgid();

	if (!in_tree_strict(task->pid) && !in_tree_strict(sender))
		return 0;
	emit_signal(sender, task->pid, sig, info ? BPF_CORE_READ(info, si_code) : 0, result,
		    SS_SIGNAL_SENT);
	return 0;
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(handle_signal_deliver, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	if (!in_tree_strict(tid))
		return 0;
	emit_signal(tid, tid, sig, info ? BPF_CORE_READ(info, si_code) : 0, 0, SS_SIGNAL_DELIVERED);
	return 0;
}

/* Attached once per USDT probe of the traced binaries; the cookie names it. */
SEC("usdt")
int handle_usdt(struct pt_regs *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct ss_rec_marker *r;
	int i, n;

	if (!in_tree(tid))
		return 0;
	r = reserve(sizeof(*r));
	if (!r)
		return 0;
	hdr_fill(&r->h, SS_REC_MARKER, tid, bpf_ktime_get_boot_ns());
	r->probe_id = bpf_usdt_cookie(ctx);
	n = bpf_usdt_arg_cnt(ctx);
	if (n < 0)
		n = 0;
	if (n > SS_MAX_MARKER_ARGS)
		n = SS_MAX_MARKER_ARGS;
	if (!insides_visible(bpf_get_current_task_btf(), hide_others))
		n = 0;              /* the probe fired; its arguments are the process's memory */
	r->nargs = n;
	for (i = 0; i < SS_MAX_MARKER_ARGS; i++) {
		long v = 0;

		if (i < n)
			bpf_usdt_arg(ctx, i, &v);
		r->args[i] = v;
	}
	submit(r);
	return 0;
}
