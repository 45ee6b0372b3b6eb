/*
 * The words the kernel side and user space share: task states, channel kinds
 * and flags, waker causes, signal direction, task origins and flags, syscall
 * argument flags, and the lengths of names and marker arguments.
 *
 * Each fact has one name, here. tracer/sched.h (built into the BPF object
 * and read by the decoder) and the model's headers both include this file,
 * so a value the BPF program writes is the value the model reads, and a
 * change on one side is a change on both: there is nothing to drift. That
 * is why it is plain enums and #defines with no includes at all: it must
 * build under clang -target bpf on vmlinux.h as well as in user space. For
 * the same reason every tag and name here must be free in the kernel's own
 * types: vmlinux.h declares all of them (the kernel has an enum ss_state,
 * hence enum ss_report_state here).
 */
#ifndef SCHEDSCOPE_MODEL_VOCAB_H
#define SCHEDSCOPE_MODEL_VOCAB_H

/* A task's name (TASK_COMM_LEN) and the tail of an exec'ed image's path,
 * NUL included. */
#define SS_COMM_MAX 16
#define SS_PATH_MAX 64

/* A user stack as the kernel side takes it at a wait: up to SS_STACK_MAX
 * frames walked by frame pointers, and SS_STACK_WIN words of the stack from
 * sp, which user space unwinds with the binaries' CFI where code (the C
 * library) keeps no frame pointer. Stack id 0 means none. */
#define SS_STACK_MAX 24
#define SS_STACK_WIN 24

/* A kernel stack (bpf_get_stackid()) where a traced thread slept in D
 * state or outside any syscall: up to SS_KSTACK_MAX return addresses, the
 * innermost first; the recorder names them from /proc/kallsyms. */
#define SS_KSTACK_MAX 32
#define SS_KSYM_MAX 64    /* a kernel function's name, NUL included (longer: cut) */

/* What a stack record says of its walk. */
#define SS_STACKF_WIN_FAILED 1u   /* the window could not be read: unwind by frame pointers only */

/* Arguments a USDT marker keeps. */
#define SS_MAX_MARKER_ARGS 4

/* prev_state in the kernel's report form (__trace_sched_switch_state()), as
 * perf and Perfetto expect it: 0 is TASK_RUNNING, else one bit per state. */
enum ss_report_state {
	SS_ST_RUNNING = 0x0000,
	SS_ST_S = 0x0001,             /* interruptible sleep */
	SS_ST_D = 0x0002,             /* uninterruptible sleep */
	SS_ST_T = 0x0004,             /* stopped */
	SS_ST_t = 0x0008,             /* traced */
	SS_ST_X = 0x0010,             /* dead */
	SS_ST_Z = 0x0020,             /* zombie */
	SS_ST_P = 0x0040,             /* parked */
	SS_ST_I = 0x0080,             /* idle kernel thread */
	SS_ST_PREEMPTED = 0x0100,     /* TASK_REPORT_MAX: still runnable (R+) */
};

/* What a syscall's fd or address is, resolved in the kernel at the moment. */
enum ss_chan_kind {
	SS_CH_NONE = 0,
	SS_CH_PIPE,           /* the pipe's inode (both ends share it) */
	SS_CH_UNIX,           /* this socket's inode; peer: the peer's */
	SS_CH_TCP,            /* socket inode, addresses and ports */
	SS_CH_UDP,
	SS_CH_SOCKET,         /* another family */
	SS_CH_FILE,           /* a file, tty, eventfd... */
	SS_CH_FUTEX,          /* its user address; peer: tgid when private */
	SS_CH_KIND_MAX
};
#define SS_CHF_V6      1u     /* inet: addresses are the low 32 bits of IPv6 ones */
#define SS_CHF_PRIVATE 2u     /* futex: FUTEX_PRIVATE_FLAG, private to its process (tgid) */
/* Set by the decoder, never by the kernel side, on a syscall of a process
 * the user behind sudo may not read (tracer/readable.c): its fd, arguments
 * and channel were left out, so kind is SS_CH_NONE and the zeros beside it
 * are no values (ss_sys_withheld()). */
#define SS_CHF_WITHHELD 4u

/* An exit's code (wait(2) status form, never negative) of a task the user
 * behind sudo may not read: /proc/PID/stat shows it only to who may trace
 * the task. Set by the kernel side (insides_visible()). */
#define SS_EXIT_WITHHELD (-2)

/* What the (traced) waker of a waking was doing. */
enum ss_waker_cause {
	SS_WC_NONE = 0,
	SS_WC_SYSCALL,        /* in a syscall, given with the waking */
	SS_WC_EXIT,           /* exiting (a child waking its parent) */
	/* Woken in an interrupt context (tracer/ctx.bpf.h): the waker is the
	 * context, not the task it interrupted; the context's id says which. */
	SS_WC_HARDIRQ,        /* a device interrupt handler; id: the irq number */
	SS_WC_SOFTIRQ,        /* a softirq; id: its vector (enum ss_softirq_vec) */
	SS_WC_TIMER,          /* an hrtimer's expiry; id: enum ss_timer_fn */
	SS_WC_MAX
};

/* The kernel's softirq vectors (include/linux/interrupt.h: HI_SOFTIRQ...). */
enum ss_softirq_vec {
	SS_SOFTIRQ_HI = 0, SS_SOFTIRQ_TIMER, SS_SOFTIRQ_NET_TX, SS_SOFTIRQ_NET_RX, SS_SOFTIRQ_BLOCK,
	SS_SOFTIRQ_IRQ_POLL, SS_SOFTIRQ_TASKLET, SS_SOFTIRQ_SCHED, SS_SOFTIRQ_HRTIMER, SS_SOFTIRQ_RCU,
	SS_SOFTIRQ_MAX
};

/* What an expiring hrtimer was for, as far as its function tells. */
enum ss_timer_fn {
	SS_TIMER_OTHER = 0,   /* another function */
	SS_TIMER_SLEEP,       /* hrtimer_wakeup: the timeout of a task's own sleep
			       * (nanosleep, a futex or poll timeout) */
	SS_TIMER_TICK,        /* the scheduler tick (tick_nohz_handler) */
	SS_TIMER_ITIMER,      /* it_real_fn: setitimer/alarm */
	SS_TIMER_FN_MAX
};

enum ss_signal_dir { SS_SIGNAL_SENT = 0, SS_SIGNAL_DELIVERED = 1 };

/* A fork whose child shares the parent's thread group. */
#define SS_FORK_IS_THREAD 1u

/* Why a version of a task was recorded. */
enum ss_task_origin {
	SS_TASK_FIRST_SEEN = 0,   /* first time this pid appeared in the recording */
	SS_TASK_FORKED,
	SS_TASK_EXECED,
	SS_TASK_RENAMED,
	SS_TASK_ORIGIN_MAX
};

#define SS_TASKF_IN_TREE 1u   /* part of the traced process tree */
#define SS_TASKF_KTHREAD 2u   /* a kernel thread (PF_KTHREAD) */
#define SS_TASKF_KIND    4u   /* the kernel side said whether it is one (KTHREAD
			       * is meaningful); older traces lack it */

/* What a syscall's arguments are, as far as waiting goes. The recorder
 * hands the low four to the BPF side per syscall number. */
#define SS_SCF_FD0    1u      /* arg0 is an fd */
#define SS_SCF_FUTEX  2u      /* arg0 is a futex address, arg1 the op */
#define SS_SCF_READ   4u      /* moves data in (arg2: bytes asked) */
#define SS_SCF_WRITE  8u      /* moves data out (arg2: bytes given) */
#define SS_SCF_PID0   16u     /* arg0 is a pid (wait4, kill) */
#define SS_SCF_SIG1   32u     /* arg1 is a signal number (kill, tgkill: arg2) */

#endif
