/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The records that sched.bpf.c writes into the ring buffer: the only contract
 * between the kernel side and user space. Fixed-width types and enums only, no
 * pointers, so both the BPF object and the decoder build it. The one include
 * is the shared vocabulary (model/vocab.h): the states, channel kinds, causes
 * and flags the records carry have the names and values the model reads, so
 * the two sides cannot drift apart.
 *
 * Every record starts with struct ss_rec_hdr. Sizes are multiples of 8 so the
 * ring buffer keeps them aligned.
 */
#ifndef SCHEDSCOPE_TRACER_SCHED_H
#define SCHEDSCOPE_TRACER_SCHED_H

#include "model/vocab.h"

enum ss_rec_kind {
	SS_REC_SWITCH = 1,
	SS_REC_WAKING,
	SS_REC_WAKEUP_NEW,
	SS_REC_FORK,
	SS_REC_EXEC,
	SS_REC_EXIT,
	SS_REC_MIGRATE,
	SS_REC_TASK,    /* a task-table entry: first sight, fork, exec or rename */
	SS_REC_MARKER,  /* a USDT probe fired in a traced task */
	SS_REC_SWITCH_BLOCK,   /* a switch whose prev blocked inside a syscall */
	SS_REC_WAKING_CAUSE,   /* a waking and what the (traced) waker was doing */
	SS_REC_SIGNAL,         /* a signal generated (sent) or delivered */
	SS_REC_SWITCH_BLOCK_SAME,  /* a ss_rec_switch whose prev blocked in the syscall
				    * of its last SS_REC_SWITCH_BLOCK (sys the same) */
	SS_REC_WAKING_CAUSE_SAME,  /* a ss_rec_waking whose waker was in the syscall of
				    * its last SS_REC_WAKING_CAUSE (cause SYSCALL) */
	SS_REC_WAKING_CTX,     /* a waking made in an interrupt context (pid 0) */
	SS_REC_STACK,              /* a user stack seen the first time, sent once (stacks.bpf.h) */
};

struct ss_rec_hdr {
	__u64 ts_ns;     /* bpf_ktime_get_boot_ns() */
	__u16 kind;      /* enum ss_rec_kind */
	__u16 cpu;
	__u32 pid;       /* the task the record is about (prev, waker, parent, ...) */
};

struct ss_rec_switch {
	struct ss_rec_hdr h;     /* pid = prev */
	__u32 next_pid;
	__u16 prev_state;        /* enum ss_report_state */
	__u8  prev_prio;
	__u8  next_prio;
};

struct ss_rec_waking {
	struct ss_rec_hdr h;     /* pid = the waker (current task) */
	__u32 wakee;
	__u32 target_cpu;
};

struct ss_rec_fork {
	struct ss_rec_hdr h;     /* pid = parent */
	__u32 child;
	__u32 flags;             /* SS_FORK_IS_THREAD */
};

struct ss_rec_exec {
	struct ss_rec_hdr h;     /* pid = the task after exec */
	__u32 old_pid;
	__u32 pad;
};

struct ss_rec_exit {
	struct ss_rec_hdr h;
	__s32 exit_code;         /* task->exit_code: wait(2) status form */
	__u32 tgid;
};

struct ss_rec_migrate {
	struct ss_rec_hdr h;
	__u32 orig_cpu;
	__u32 dest_cpu;
};

struct ss_rec_task {
	struct ss_rec_hdr h;     /* pid = the task */
	__u32 tgid;
	__u32 ppid;              /* real parent's tgid */
	__u16 origin;            /* enum ss_task_origin: why it was written */
	__u16 flags;             /* SS_TASKF_* */
	__u32 pad;
	char  comm[SS_COMM_MAX];
	char  path[SS_PATH_MAX]; /* exec only: the new image's path (tail if longer) */
};

struct ss_rec_marker {
	struct ss_rec_hdr h;     /* pid = the thread that fired it */
	__u32 probe_id;          /* index into the recorder's probe list (the cookie) */
	__u32 nargs;
	__s64 args[SS_MAX_MARKER_ARGS];
};

/* ---- why a thread waits ---- */

struct ss_rec_chan {
	__u64 id;
	__u64 peer;
	__u32 laddr, raddr;     /* inet: network byte order */
	__u16 lport, rport;     /* inet: host byte order */
	__u8  kind;             /* enum ss_chan_kind */
	__u8  flags;            /* SS_CHF_* */
	__u16 pad;
};

/* The syscall a traced thread is in. Every byte is written (the kernel side
 * compares them to send a repeat short). */
struct ss_rec_sys {
	__s32 nr;               /* syscall number (the recording machine's table); -1: none */
	__s32 fd;               /* arg0 when the call takes an fd (SS_SCF_FD0), else -1 */
	__u64 args[3];          /* arg0..arg2 as passed where SS_SCF_* says they matter
				 * (PID0: arg0; FUTEX, SIG1: arg1; READ, WRITE: arg2), else 0 */
	struct ss_rec_chan chan;
	__u32 stack;            /* the thread's user stack there (an SS_REC_STACK id), 0: none */
	__u32 kstack;           /* its kernel stack, the kstacks map's id + 1 (kstacks.bpf.h),
				 * 0: none (a sleep in S state in a syscall, or not taken) */
};

struct ss_rec_switch_block {
	struct ss_rec_switch sw;     /* h.kind = SS_REC_SWITCH_BLOCK */
	struct ss_rec_sys sys;       /* what prev blocked in */
};

struct ss_rec_waking_cause {
	struct ss_rec_waking wk;     /* h.kind = SS_REC_WAKING_CAUSE */
	__u32 cause;                 /* enum ss_waker_cause: SYSCALL or EXIT */
	__u32 pad;
	struct ss_rec_sys sys;       /* valid for SS_WC_SYSCALL */
};

/* A waking in a hard IRQ, a softirq or an hrtimer's expiry (tracer/ctx.bpf.h):
 * the interrupted task did not wake anybody, so h.pid is 0. */
struct ss_rec_waking_ctx {
	struct ss_rec_waking wk;     /* h.kind = SS_REC_WAKING_CTX */
	__u32 cause;                 /* SS_WC_HARDIRQ, SS_WC_SOFTIRQ or SS_WC_TIMER */
	__u32 ctx_id;                /* irq number, softirq vector, enum ss_timer_fn */
};

/* Time one CPU spent in interrupt contexts, summed in the kernel
 * (tracer/ctx.bpf.h) and written into the trace at the end. */
struct ss_irq_time_val {
	__u64 hardirq_ns, hardirq_n;
	__u64 softirq_ns[SS_SOFTIRQ_MAX], softirq_n[SS_SOFTIRQ_MAX];
	__u64 timer_ns, timer_n;     /* hrtimer callbacks (the tick's interrupt among them) */
};

struct ss_rec_signal {
	struct ss_rec_hdr h;    /* pid: the sender (generate) or the receiver (deliver) */
	__u32 target;           /* the receiving task */
	__s32 sig;
	__s32 code;             /* si_code */
	__s32 result;           /* generate: TRACE_SIGNAL_* (0 delivered, 1 ignored, ...) */
	__u32 dir;              /* enum ss_signal_dir */
	__u32 pad;
};

/* A distinct user stack, interned in the kernel (tracer/stacks.bpf.h): the
 * first wait or wakeup that takes it sends it with a new id, before any
 * record that names the id; later ones carry the id only. The key part is
 * what makes two stacks the same. */
struct ss_stack_key {
	__u64 sp, bp;            /* the user registers where it was taken */
	__u64 pcs[SS_STACK_MAX]; /* pcs[0] the user ip, then the frame-pointer chain; 0 after the end */
	__u64 win[SS_STACK_WIN]; /* the stack from sp */
};

struct ss_rec_stack {
	struct ss_rec_hdr h;     /* pid: the thread it was taken from */
	__u32 id;
	__u32 tgid;
	__u16 n;                 /* frames in key.pcs */
	__u16 flags;             /* SS_STACKF_* */
	__u32 pad;
	struct ss_stack_key key;
};

/* Syscall numbers the sc_flags map covers. The recorder fills it with each
 * number's SS_SCF_* flags from model/syscalls.c's table. */
#define SS_MAX_SYSCALLS 512

/* Traffic per (open file, thread, direction), summed in the kernel per CPU
 * and written into the trace at the end (flows). The file pointer stays in the
 * kernel map; user space keeps only the channel. */
struct ss_flow_key {
	__u64 file;             /* struct file * */
	__u64 ino;              /* its inode's number: the kernel reuses a closed file's
				 * memory for the next file at once (SLAB_TYPESAFE_BY_RCU),
				 * and the new file must not add to the old one's counts */
	__u32 tid;
	__u8  dir;              /* 0 read, 1 write */
	__u8  pad[3];
};

enum ss_flow_state {
	SS_FLOW_FRESH = 0,      /* this CPU's copy has not looked at the file yet */
	SS_FLOW_COUNTED,        /* a pipe or socket: counted */
	SS_FLOW_IGNORED,        /* a plain file: not a flow between tasks */
};

struct ss_flow_val {
	__u64 calls;
	__u64 bytes;
	__u32 state;            /* enum ss_flow_state */
	__u32 pad;
	struct ss_rec_chan chan;
};

#endif /* SCHEDSCOPE_TRACER_SCHED_H */
