/*
 * Whether the user behind sudo could read a process's insides through
 * /proc themselves. Classrooms give students `sudo schedscope` and nothing
 * else; a recording made for a student must not hand them what root alone
 * can see of other users' processes: the layout of a setuid program's
 * memory (its address-space randomisation), a root process's stacks, the
 * arguments of the call it sleeps in. The decoder asks here before it keeps
 * a process's mappings, user and kernel stacks, syscall arguments, fd and
 * channel, and USDT marker arguments (docs/ARCHITECTURE.md, "Under sudo").
 */
#ifndef SCHEDSCOPE_TRACER_READABLE_H
#define SCHEDSCOPE_TRACER_READABLE_H

#include <stdbool.h>
#include <stdint.h>

struct ss_readable;

/* Not under sudo (root for root): every process is readable. Under sudo,
 * only the invoker's own; when the invoker cannot be told, none. NULL only
 * when memory ran out. */
struct ss_readable *ss_readable_new(void);
void ss_readable_free(struct ss_readable *r);
/* Whether pid (a thread or process id) could be read by the invoker: its
 * /proc/PID is the invoker's. The kernel shows a non-dumpable process's
 * (a setuid program, one that changed its credentials) as root's, as it
 * refuses its maps and ptrace to everyone else. Asked once per pid and kept;
 * a pid gone before it is asked is not readable. */
bool ss_readable(struct ss_readable *r, uint32_t pid);
/* A task version (tracer/decoder.c hands each on): a pid that began anew
 * (a fork reused it) or exec'ed (a setuid program makes it root's) is asked
 * again next time; until it execs, a new thread or child has its parent's
 * credentials, and so its answer if it is gone before it is asked. */
struct ss_task;
void ss_readable_task(struct ss_readable *r, const struct ss_task *t);

#endif
