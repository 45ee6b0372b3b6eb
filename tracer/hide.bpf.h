// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Under sudo, what the user behind it may have of a traced task: a task
 * whose insides they could not read keeps only what /proc/PID/stat shows
 * anyone (insides_visible(); sys_fill() in sched.bpf.c then keeps the
 * syscall's number and marks the rest withheld).
 *
 * The check is asked with a `hide` that is a constant where it is inlined:
 * the hot programs (switch, waking, sys_exit) come in twins, handle_* with
 * hide false and hide_* with hide true, and the loader loads one of each
 * pair (tracer/recorder.c). A run-time test of the load-time constant
 * alone, in one program, cost 10-25 ns an event (bench/prog_cost.sh, 7
 * interleaved rounds): the verifier removes the branch it never takes, but
 * clang had already spilled registers around it. The rare programs (exit,
 * wakeup_new, usdt) pass hide_others itself.
 */
#ifndef SCHEDSCOPE_TRACER_HIDE_BPF_H
#define SCHEDSCOPE_TRACER_HIDE_BPF_H

/* Under sudo, the user behind it (set before load). */
const volatile bool hide_others = false;
const volatile __u32 invoker_uid = 0;

#define SUID_DUMP_USER    1
#define MMF_DUMPABLE_MASK 3

/* Whether the user behind sudo could read t's /proc/PID/{syscall,stack,maps}
 * now: the kernel makes it theirs when t is dumpable and its effective uid is
 * theirs (task_dump_owner(), fs/proc/base.c), and root's otherwise. Asked at
 * the event, not later in user space from /proc, because a process changes
 * hands in between: su's child is root's until setuid() and exec make it the
 * student's, and what it did as root stays root's. mm->flags is an unsigned
 * long, or since v6.18 a bitmap of one (mm_flags_t, "mm: convert mm->flags
 * to a bitmap"); the dumpable bits are the low two of its first word either
 * way, so it is read by offset. hide: hide_others, or a constant. */
static __always_inline bool insides_visible(struct task_struct *t, const bool hide)
{
	unsigned long flags = 0;
	struct mm_struct *mm;

	if (!hide)
		return true;
	mm = t->mm;
	if (!mm || bpf_probe_read_kernel(&flags, sizeof(flags),
					 (void *)mm + bpf_core_field_offset(struct mm_struct, flags)))
		return false;
	return (flags & MMF_DUMPABLE_MASK) == SUID_DUMP_USER && BPF_CORE_READ(t, real_cred, euid.val) == invoker_uid;
}

#endif
