/* The USDT markers the scenario programs fire: one vocabulary, written down once.
 *
 * Every probe has provider "schedscope". A probe is a single nop in the code plus
 * a note in the ELF file (section .note.stapsdt); it costs nothing until a tracer
 * puts a uprobe on it. `readelf -n build/scenarios/pool` lists them.
 *
 * All arguments are cast to int64_t, so a tracer reads every argument as an
 * 8-byte signed integer (argument spec "-8@..."). At most 4 arguments, no strings.
 * A probe is fired by the process or thread doing the thing, so the pid/tid the
 * tracer records is the actor. docs/SCENARIOS.md has the table of who fires what.
 *
 * These are macros, not inline functions, because <sys/sdt.h> must expand at the
 * call site: one note per site, arguments read from wherever the compiler left them.
 */
#ifndef SCENARIOS_PROBES_H
#define SCENARIOS_PROBES_H

#include <stdint.h>

/* Arguments only in registers or as constants ("-8@%rax", "-8@$1"), never as
 * memory operands: libbpf 1.1's USDT support cannot read a rip-relative global
 * ("-8@work_ms(%rip)"), which the default constraint "nor" would allow. */
#define STAP_SDT_ARG_CONSTRAINT nr
#include <sys/sdt.h>

/* phase(phase, arg): the main process/thread moves to another stage of the lesson. */
enum ss_phase {
    SS_PHASE_START = 1,     /* options parsed, the lesson begins; arg 0 */
    SS_PHASE_END = 2,       /* all done, about to exit 0; arg 0 */
    SS_PHASE_JOIN = 3,      /* starts waiting for children or threads; arg = how many */
    SS_PHASE_CLOSE = 4,     /* no more tasks will be submitted (Pool.close()); arg = tasks */
    SS_PHASE_TERMINATE = 5, /* about to send SIGTERM (Process.terminate()); arg = pid */
    SS_PHASE_PROCESSES = 6, /* procvsthread: the job on N processes begins; arg = N */
    SS_PHASE_THREADS = 7,   /* procvsthread: the job on N threads begins; arg = N */
    SS_PHASE_MANY = 8,      /* procvsthread: the job on many yielding threads; arg = count */
};

/* put/get(queue, item): which queue the item went into or came out of. */
enum ss_queue {
    SS_QUEUE_TASKS = 1,     /* the task queue (queue: the lesson's only queue) */
    SS_QUEUE_RESULTS = 2,   /* distributed: the result queue */
};

/* lock_*(lock): which lock. */
enum ss_lock {
    SS_LOCK_BALANCE = 1,    /* lock: the mutex around change_it() */
};

/* result(which, value): what the lesson computed. */
enum ss_result {
    SS_RESULT_BALANCE = 1,  /* lock: the final balance (0 unless updates were lost) */
};

/* Up to 8 characters of text in one probe argument (probes carry no strings):
 * the first character in the low byte, so 'a' packs to 97. A checker unpacks it
 * the same way (lessons/marks.h). */
static inline int64_t ss_text8(const char *s)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8 && s[i]; i++)
        v |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return (int64_t)v;
}

#define SS_I64(x) ((int64_t)(x))

/* (The parameter must not be called "phase": it would replace the probe's name.) */
#define SS_PROBE_PHASE(which, arg) \
    DTRACE_PROBE2(schedscope, phase, SS_I64(which), SS_I64(arg))

/* A unit of work (a pool task, a job, a computed n*n) begins and ends.
 * task_start's arg is scenario-specific (docs/SCENARIOS.md); task_end's is its duration. */
#define SS_PROBE_TASK_START(task, arg) \
    DTRACE_PROBE2(schedscope, task_start, SS_I64(task), SS_I64(arg))
#define SS_PROBE_TASK_END(task, dur_us) \
    DTRACE_PROBE2(schedscope, task_end, SS_I64(task), SS_I64(dur_us))

/* An item was written into / read out of a queue or pipe (after the syscall returned). */
#define SS_PROBE_PUT(queue, item) \
    DTRACE_PROBE2(schedscope, put, SS_I64(queue), SS_I64(item))
#define SS_PROBE_GET(queue, item) \
    DTRACE_PROBE2(schedscope, get, SS_I64(queue), SS_I64(item))

/* Lock contention only: lock_wanted fires when a trylock failed (owner = the tid
 * holding it then, 0 if it was let go meanwhile), lock_taken when the blocking lock
 * returned (wait_ns = time spent waiting), lock_released when that contended hold
 * ends. Uncontended acquisitions fire nothing. */
#define SS_PROBE_LOCK_WANTED(lock, owner) \
    DTRACE_PROBE2(schedscope, lock_wanted, SS_I64(lock), SS_I64(owner))
#define SS_PROBE_LOCK_TAKEN(lock, wait_ns) \
    DTRACE_PROBE2(schedscope, lock_taken, SS_I64(lock), SS_I64(wait_ns))
#define SS_PROBE_LOCK_RELEASED(lock) \
    DTRACE_PROBE1(schedscope, lock_released, SS_I64(lock))

/* First and last thing a created thread does; index as in its name (busy-0 -> 0). */
#define SS_PROBE_THREAD_START(index) \
    DTRACE_PROBE1(schedscope, thread_start, SS_I64(index))
#define SS_PROBE_THREAD_END(index) \
    DTRACE_PROBE1(schedscope, thread_end, SS_I64(index))

/* TCP: a worker's connect() returned / the master's accept() returned. The worker's
 * local port equals the master's peer port, which pairs the two markers. */
#define SS_PROBE_CONNECT(worker, local_port) \
    DTRACE_PROBE2(schedscope, connect, SS_I64(worker), SS_I64(local_port))
#define SS_PROBE_ACCEPT(conn, peer_port) \
    DTRACE_PROBE2(schedscope, accept, SS_I64(conn), SS_I64(peer_port))

/* fork() returned ret in the process that fires this: 0 in the child, the
 * child's pid in the parent. Both fire it, first thing after fork(). */
#define SS_PROBE_FORK_RETURN(ret) \
    DTRACE_PROBE1(schedscope, fork_return, SS_I64(ret))

/* The lesson's outcome, fired by the main thread once it is known. */
#define SS_PROBE_RESULT(which, value) \
    DTRACE_PROBE2(schedscope, result, SS_I64(which), SS_I64(value))

/* A thread-local variable was set / read in the firing thread: the address of
 * this thread's copy, and its value (ss_text8 for text). */
#define SS_PROBE_LOCAL_SET(addr, value) \
    DTRACE_PROBE2(schedscope, local_set, SS_I64(addr), SS_I64(value))
#define SS_PROBE_LOCAL_GET(addr, value) \
    DTRACE_PROBE2(schedscope, local_get, SS_I64(addr), SS_I64(value))

#endif
