/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The records that sched.bpf.c writes into the ring buffer: the only contract
 * between the kernel side and user space. Fixed-width types and enums only, no
 * pointers and no includes, so both the BPF object and the decoder build it.
 *
 * Every record starts with struct ss_rec_hdr. Sizes are multiples of 8 so the
 * ring buffer keeps them aligned.
 */
#ifndef SCHEDSCOPE_TRACER_SCHED_H
#define SCHEDSCOPE_TRACER_SCHED_H

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
};

#define SS_COMM_LEN     16
#define SS_PATH_LEN     64
#define SS_MARKER_ARGS  4

/* prev_state in the kernel's report form (see __trace_sched_switch_state()):
 * 0 is TASK_RUNNING (only as "preempted" below), else one bit per state. */
#define SS_STATE_RUNNING        0x0000
#define SS_STATE_INTERRUPTIBLE  0x0001   /* S */
#define SS_STATE_UNINTERRUPTIBLE 0x0002  /* D */
#define SS_STATE_STOPPED        0x0004   /* T */
#define SS_STATE_TRACED         0x0008   /* t */
#define SS_STATE_DEAD           0x0010   /* X */
#define SS_STATE_ZOMBIE         0x0020   /* Z */
#define SS_STATE_PARKED         0x0040   /* P */
#define SS_STATE_IDLE           0x0080   /* I */
#define SS_STATE_PREEMPTED      0x0100   /* TASK_REPORT_MAX: still runnable (R+) */

struct ss_rec_hdr {
	__u64 ts_ns;     /* bpf_ktime_get_boot_ns() */
	__u16 kind;      /* enum ss_rec_kind */
	__u16 cpu;
	__u32 pid;       /* the task the record is about (prev, waker, parent, ...) */
};

struct ss_rec_switch {
	struct ss_rec_hdr h;     /* pid = prev */
	__u32 next_pid;
	__u16 prev_state;        /* SS_STATE_* */
	__u8  prev_prio;
	__u8  next_prio;
};

struct ss_rec_waking {
	struct ss_rec_hdr h;     /* pid = the waker (current task) */
	__u32 wakee;
	__u32 target_cpu;
};

#define SS_FORK_THREAD 1u        /* child shares the parent's thread group */

struct ss_rec_fork {
	struct ss_rec_hdr h;     /* pid = parent */
	__u32 child;
	__u32 flags;             /* SS_FORK_* */
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

/* Why a task record was written. */
enum ss_task_why {
	SS_TASK_SEEN = 0,        /* first time this pid appeared in the recording */
	SS_TASK_FORK,
	SS_TASK_EXEC,
	SS_TASK_RENAME,
};

#define SS_TASK_IN_TREE 1u       /* part of the traced process tree */

struct ss_rec_task {
	struct ss_rec_hdr h;     /* pid = the task */
	__u32 tgid;
	__u32 ppid;              /* real parent's tgid */
	__u16 why;               /* enum ss_task_why */
	__u16 flags;             /* SS_TASK_* */
	__u32 pad;
	char  comm[SS_COMM_LEN];
	char  path[SS_PATH_LEN]; /* exec only: the new image's path (tail if longer) */
};

struct ss_rec_marker {
	struct ss_rec_hdr h;     /* pid = the thread that fired it */
	__u32 probe_id;          /* index into the recorder's probe list (the cookie) */
	__u32 nargs;
	__s64 args[SS_MARKER_ARGS];
};

/* ---- why a thread waits ---- */

/* What a syscall's fd or address is, resolved in the kernel at the moment. */
enum ss_rec_chan_kind {
	SS_CHK_NONE = 0,
	SS_CHK_PIPE,            /* id: the pipe's inode (both ends share it) */
	SS_CHK_UNIX,            /* id: this socket's inode; peer: the peer's */
	SS_CHK_TCP,             /* id: socket inode; addresses and ports below */
	SS_CHK_UDP,
	SS_CHK_SOCKET,          /* another family */
	SS_CHK_FILE,            /* id: inode of a file, tty, eventfd... */
	SS_CHK_FUTEX,           /* id: user address; peer: tgid when private */
};
#define SS_CHF_V6       1u      /* inet addresses are the low 32 bits of IPv6 ones */
#define SS_CHF_PRIVATE  2u      /* futex: FUTEX_PRIVATE_FLAG (address is per process) */

struct ss_rec_chan {
	__u64 id;
	__u64 peer;
	__u32 laddr, raddr;     /* inet: network byte order */
	__u16 lport, rport;     /* inet: host byte order */
	__u8  kind;             /* enum ss_rec_chan_kind */
	__u8  flags;            /* SS_CHF_* */
	__u16 pad;
};

/* The syscall a traced thread is in. */
struct ss_rec_sys {
	__s32 nr;               /* syscall number (the recording machine's table) */
	__s32 fd;               /* arg0 when the call takes an fd, else -1 */
	__u64 args[3];          /* arg0..arg2 as passed */
	struct ss_rec_chan chan;
};

struct ss_rec_switch_block {
	struct ss_rec_switch sw;     /* h.kind = SS_REC_SWITCH_BLOCK */
	struct ss_rec_sys sys;       /* what prev blocked in */
};

enum ss_wake_cause {
	SS_CAUSE_NONE = 0,
	SS_CAUSE_SYSCALL,       /* the waker was in the syscall below */
	SS_CAUSE_EXIT,          /* the waker was exiting (a child waking its parent) */
};

struct ss_rec_waking_cause {
	struct ss_rec_waking wk;     /* h.kind = SS_REC_WAKING_CAUSE */
	__u32 cause;                 /* enum ss_wake_cause */
	__u32 pad;
	struct ss_rec_sys sys;       /* valid for SS_CAUSE_SYSCALL */
};

enum ss_rec_signal_dir { SS_SIG_GENERATE = 0, SS_SIG_DELIVER = 1 };

struct ss_rec_signal {
	struct ss_rec_hdr h;    /* pid: the sender (generate) or the receiver (deliver) */
	__u32 target;           /* the receiving task */
	__s32 sig;
	__s32 code;             /* si_code */
	__s32 result;           /* generate: TRACE_SIGNAL_* (0 delivered, 1 ignored, ...) */
	__u32 dir;              /* enum ss_rec_signal_dir */
	__u32 pad;
};

/* Per-syscall-number flags the recorder fills in (tracer/syscalls.c knows the
 * numbers; the BPF side only reads these). */
#define SS_SC_FD0    1u         /* arg0 is a file descriptor */
#define SS_SC_FUTEX  2u         /* arg0 is a futex address, arg1 its op */
#define SS_SC_READ   4u         /* moves data in: counts toward flows */
#define SS_SC_WRITE  8u         /* moves data out */
#define SS_MAX_SYSCALLS 512

/* Traffic per (open file, thread, direction), summed in the kernel per CPU
 * and written into the trace at the end (flows). The file pointer stays in the
 * kernel map; user space keeps only the channel. */
struct ss_flow_key {
	__u64 file;             /* struct file * */
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
