// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * schedscope's kernel side: scheduler events into one ring buffer.
 *
 * Scope: every sched_switch on every CPU (so each CPU lane is complete); the
 * rest (wakeups, fork, exec, exit, migration, markers) only for the traced
 * process tree, which grows here in the kernel at fork so that no child is
 * missed however short it lives. With trace_all set, everything is recorded.
 *
 * Cost: tp_btf programs read the task_structs they are handed directly (no
 * probe_read helper calls); pid sets are bitmaps in array maps, so a lookup is
 * an inlined load. Wake-ups of the reader are batched (see submit()).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/usdt.bpf.h>
#include "tracer/sched.h"

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
} sc_flags SEC(".maps");                 /* SS_SC_* per syscall number, from user space */

/* Per CPU, so counting needs no atomics and shares no cache lines; keyed by
 * the open file, so a channel is resolved once, on its first use. */
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

/*
 * Waking the reader on every record costs more than the recording itself at
 * 400k switches/s; wake it only once wakeup_bytes are waiting. The reader also
 * polls with a short timeout, so a quiet trace is still drained promptly.
 */
static __always_inline void submit(void *rec)
{
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

	bpf_ringbuf_submit(rec, avail >= wakeup_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
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

static __always_inline void emit_task(struct task_struct *t, __u16 why, __u64 ts,
				      const char *comm, const char *path)
{
	struct ss_rec_task *r = reserve(sizeof(*r));
	__u32 pid = t->pid;

	if (!r)
		return;
	hdr_fill(&r->h, SS_REC_TASK, pid, ts);
	r->tgid = t->tgid;
	r->ppid = t->real_parent->tgid;
	r->why = why;
	r->flags = in_tree(pid) ? SS_TASK_IN_TREE : 0;
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

static __always_inline void see(struct task_struct *t, __u64 ts)
{
	if (first_sight(t->pid))
		emit_task(t, SS_TASK_SEEN, ts, 0, 0);
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

static __always_inline void sock_chan(struct file *f, struct ss_rec_chan *c)
{
	struct socket *sock = BPF_CORE_READ(f, private_data);
	struct sock *sk = BPF_CORE_READ(sock, sk);
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u16 type = BPF_CORE_READ(sk, sk_type);

	c->kind = SS_CHK_SOCKET;
	if (family == AF_UNIX) {
		struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);

		c->kind = SS_CHK_UNIX;
		if (peer)
			c->peer = BPF_CORE_READ(peer, sk_socket, file, f_inode, i_ino);
	} else if (family == AF_INET || family == AF_INET6) {
		c->kind = type == SOCK_STREAM ? SS_CHK_TCP : type == SOCK_DGRAM ? SS_CHK_UDP : SS_CHK_SOCKET;
		c->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		c->rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (family == AF_INET) {
			c->laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
			c->raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		} else {
			c->flags |= SS_CHF_V6;
			c->laddr = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[3]);
			c->raddr = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr.in6_u.u6_addr32[3]);
		}
	}
}

extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

/* The open file behind fd in task t, or NULL. The task_struct pointers we
 * are handed are trusted, so the walk is plain loads; the fd array, which BTF
 * cannot type, takes one probe read, and bpf_rdonly_cast() makes its result a
 * typed pointer again, so what follows is plain loads too (no helper calls:
 * this runs at every switch and wakeup of a traced thread). */
static __always_inline struct file *fd_file(struct task_struct *t, int fd)
{
	struct fdtable *fdt = t->files->fdt;
	struct file *f = NULL;

	if (fd < 0 || (unsigned int)fd >= fdt->max_fds)
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fdt->fd[fd]);
	if (!f)
		return NULL;
	return bpf_rdonly_cast(f, bpf_core_type_id_kernel(struct file));
}

/* What an open file is: a pipe, a socket (and its peer), or a plain file. No
 * /proc, so a task that lives 50 us is resolved as well as one that lives on. */
static __always_inline void file_chan(struct file *f, struct ss_rec_chan *c)
{
	struct inode *ino = f->f_inode;
	__u32 mode = ino->i_mode;

	c->id = ino->i_ino;
	if ((mode & S_IFMT) == S_IFIFO)
		c->kind = SS_CHK_PIPE;
	else if ((mode & S_IFMT) == S_IFSOCK)
		sock_chan(f, c);
	else
		c->kind = SS_CHK_FILE;
}

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

static __always_inline __s32 task_syscall(struct task_struct *t, __u64 args[3])
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(t);

	return regs ? regs_syscall(regs, args) : -1;
}

/* Fills r with the syscall t is in, resolving its fd or futex. False when
 * t is not in a syscall. */
static __always_inline bool sys_fill(struct task_struct *t, struct ss_rec_sys *r)
{
	__u64 args[3];
	__s32 nr = task_syscall(t, args);
	__u8 fl;

	if (nr < 0)
		return false;
	fl = sc_flags_of(nr);
	__builtin_memset(&r->chan, 0, sizeof(r->chan));
	r->nr = nr;
	r->fd = -1;
	r->args[0] = args[0];
	r->args[1] = args[1];
	r->args[2] = args[2];
	if (fl & SS_SC_FD0) {
		struct file *f = fd_file(t, (int)args[0]);

		r->fd = (int)args[0];
		if (f)
			file_chan(f, &r->chan);
	} else if (fl & SS_SC_FUTEX) {
		r->chan.kind = SS_CHK_FUTEX;
		r->chan.id = args[0];
		if (args[1] & FUTEX_PRIVATE_FLAG) {
			r->chan.flags = SS_CHF_PRIVATE;
			r->chan.peer = t->tgid;
		}
	}
	return true;
}

/* The kernel's report form of prev_state: __trace_sched_switch_state(). */
static __always_inline __u16 report_state(bool preempt, struct task_struct *prev,
					  unsigned int prev_state)
{
	const unsigned int task_report = 0x7f, task_idle = 0x402, rtlock_wait = 0x1000;
	unsigned int s;

	if (preempt)
		return SS_STATE_PREEMPTED;
	if ((prev_state & task_idle) == task_idle)
		return SS_STATE_IDLE;
	if (prev_state & rtlock_wait)
		return SS_STATE_UNINTERRUPTIBLE;
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

SEC("tp_btf/sched_switch")
int BPF_PROG(handle_switch, bool preempt, struct task_struct *prev,
	     struct task_struct *next, unsigned int prev_state)
{
	__u64 ts = bpf_ktime_get_boot_ns();
	struct ss_rec_switch *r;

	__u16 state = report_state(preempt, prev, prev_state);

	see(prev, ts);
	see(next, ts);
	/* A traced thread going to sleep: say in which syscall, on what. */
	if ((state == SS_STATE_INTERRUPTIBLE || state == SS_STATE_UNINTERRUPTIBLE ||
	     state == SS_STATE_IDLE) && in_tree_strict(prev->pid)) {
		struct ss_rec_switch_block *b = reserve(sizeof(*b));

		if (!b)
			return 0;
		if (!sys_fill(prev, &b->sys)) {
			b->sys.nr = -1;          /* asleep outside a syscall: a page fault... */
			b->sys.fd = -1;
			__builtin_memset(&b->sys.args, 0, sizeof(b->sys.args) + sizeof(b->sys.chan));
		}
		r = &b->sw;
		hdr_fill(&r->h, SS_REC_SWITCH_BLOCK, prev->pid, ts);
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

static __always_inline int on_wakeup(struct task_struct *p, __u16 kind)
{
	__u32 waker = (__u32)bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_boot_ns();
	struct ss_rec_waking *r;

	if (!in_tree(p->pid) || (__u32)p->tgid == self_tgid)
		return 0;
	struct task_struct *cur = bpf_get_current_task_btf();
	__u32 cause = SS_CAUSE_NONE;

	see(p, ts);
	if (first_sight(waker))
		emit_task(cur, SS_TASK_SEEN, ts, 0, 0);
	/* What the waker was doing: only a traced waker's syscall is known. An
	 * interrupt that wakes somebody runs on top of whatever task it hit; the
	 * model tells the two apart by matching channels (the kernel here has no
	 * data symbols, so __preempt_count cannot be read). */
	if (kind == SS_REC_WAKING && in_tree_strict(waker))
		cause = cur->flags & PF_EXITING ? SS_CAUSE_EXIT : SS_CAUSE_SYSCALL;
	if (cause != SS_CAUSE_NONE) {
		struct ss_rec_waking_cause *c = reserve(sizeof(*c));

		if (!c)
			return 0;
		if (cause == SS_CAUSE_SYSCALL && !sys_fill(cur, &c->sys))
			cause = SS_CAUSE_NONE;          /* not in a syscall: nothing to say */
		if (cause != SS_CAUSE_SYSCALL)
			__builtin_memset(&c->sys, 0, sizeof(c->sys));
		r = &c->wk;
		c->cause = cause;
		c->pad = 0;
		kind = cause == SS_CAUSE_NONE ? SS_REC_WAKING : SS_REC_WAKING_CAUSE;
	} else {
		r = reserve(sizeof(*r));
		if (!r)
			return 0;
	}
	hdr_fill(&r->h, kind, waker, ts);
	r->wakee = p->pid;
	r->target_cpu = task_cpu(p);
	submit(r);
	return 0;
}

SEC("tp_btf/sched_waking")
int BPF_PROG(handle_waking, struct task_struct *p)
{
	return on_wakeup(p, SS_REC_WAKING);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(handle_wakeup_new, struct task_struct *p)
{
	return on_wakeup(p, SS_REC_WAKEUP_NEW);
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
	emit_task(child, SS_TASK_FORK, ts, 0, 0);
	r = reserve(sizeof(*r));
	if (!r)
		return 0;
	hdr_fill(&r->h, SS_REC_FORK, parent->pid, ts);
	r->child = child->pid;
	r->flags = child->tgid == parent->tgid ? SS_FORK_THREAD : 0;
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
	emit_task(p, SS_TASK_EXEC, ts, 0, BPF_CORE_READ(bprm, filename));
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
	emit_task(task, SS_TASK_RENAME, bpf_ktime_get_boot_ns(), comm, 0);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(handle_exit, struct task_struct *p)
{
	struct ss_rec_exit *r;

	if (!in_tree(p->pid))
		return 0;
	r = reserve(sizeof(*r));
	if (!r)
		return 0;
	hdr_fill(&r->h, SS_REC_EXIT, p->pid, bpf_ktime_get_boot_ns());
	r->exit_code = p->exit_code;
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
SEC("tp_btf/sys_exit")
int BPF_PROG(handle_sys_exit, struct pt_regs *regs, long ret)
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
	if (!(fl & (SS_SC_READ | SS_SC_WRITE)))
		return 0;
	f = fd_file(t, (int)args[0]);
	if (!f)
		return 0;
	k.file = (__u64)f;
	k.tid = t->pid;
	k.dir = fl & SS_SC_WRITE ? 1 : 0;
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
		v->state = v->chan.kind == SS_CHK_FILE ? SS_FLOW_IGNORED : SS_FLOW_COUNTED;
	}
	if (v->state == SS_FLOW_COUNTED) {
		v->calls++;
		v->bytes += ret;
	}
	return 0;
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
		    SS_SIG_GENERATE);
	return 0;
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(handle_signal_deliver, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	if (!in_tree_strict(tid))
		return 0;
	emit_signal(tid, tid, sig, info ? BPF_CORE_READ(info, si_code) : 0, 0, SS_SIG_DELIVER);
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
	if (n > SS_MARKER_ARGS)
		n = SS_MARKER_ARGS;
	r->nargs = n;
	for (i = 0; i < SS_MARKER_ARGS; i++) {
		long v = 0;

		if (i < n)
			bpf_usdt_arg(ctx, i, &v);
		r->args[i] = v;
	}
	submit(r);
	return 0;
}
