/*
 * The BPF side's lifecycle, as libbpf-bootstrap lays it out: open the
 * skeleton, size maps and set read-only data, load, attach; then drain the
 * ring buffer. Raw records go to a callback; decoding is tracer/decoder.c's.
 */
#ifndef SCHEDSCOPE_TRACER_RECORDER_H
#define SCHEDSCOPE_TRACER_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ss_recorder;

/* Called for every ring-buffer record; return 0 to go on. */
typedef int (*ss_record_fn)(void *ctx, const void *rec, size_t size);

struct ss_recorder_opts {
	bool all;               /* trace the whole system, not just the tree */
	uint32_t buffer_mb;     /* ring buffer size, rounded to a power of two */
	bool flows;             /* count every read and write on pipes and sockets (sys_exit) */
	bool stacks;            /* take the user stack at each wait and wakeup (stacks.bpf.h) */
	ss_record_fn on_record;
	void *ctx;
};

/* Checks privileges and BTF, then opens and loads the programs. Returns 0 or
 * -errno with a message for the user in err. */
int ss_recorder_open(struct ss_recorder **out, const struct ss_recorder_opts *o,
		     char *err, size_t errlen);
/* Makes pid (and, from then on, everything it forks) part of the traced tree. */
int ss_recorder_track(struct ss_recorder *r, pid_t pid);
int ss_recorder_attach(struct ss_recorder *r, char *err, size_t errlen);
/* Attaches the marker program to one USDT probe of binary; cookie becomes the
 * marker's probe id. */
int ss_recorder_attach_usdt(struct ss_recorder *r, const char *binary, const char *provider,
			    const char *name, uint32_t cookie);
/* Stops the scheduler programs (the ring buffer keeps what they wrote). */
void ss_recorder_detach(struct ss_recorder *r);
/* Waits up to timeout_ms for data, then consumes all of it. Returns records
 * consumed, or -errno (-EINTR when a signal arrived). */
int ss_recorder_poll(struct ss_recorder *r, int timeout_ms);
/* Consumes what is there without waiting. */
int ss_recorder_drain(struct ss_recorder *r);
/* An fd that becomes readable when the ring buffer wakes its reader. */
int ss_recorder_fd(struct ss_recorder *r);
/* CPUs the kernel may ever bring up: the lanes of a trace. */
unsigned ss_recorder_possible_cpus(void);
/* Per-CPU count of records the kernel side could not reserve. */
int ss_recorder_lost(struct ss_recorder *r, uint64_t *per_cpu, unsigned ncpus);
/* The traffic the kernel counted per channel, thread and direction. *out is
 * malloc'ed. */
struct ss_flow;
struct ss_irq_time;
/* The time each CPU (out: ncpus of them) spent in interrupt contexts since
 * the programs were attached (tracer/ctx.bpf.h). 0 or -errno. */
int ss_recorder_irq_time(struct ss_recorder *r, struct ss_irq_time *out, unsigned ncpus);
int ss_recorder_flows(struct ss_recorder *r, struct ss_flow **out, size_t *n, uint64_t *dropped);
/* Stacks the kernel side could give no id (its table was full). */
uint64_t ss_recorder_stacks_unsent(struct ss_recorder *r);
/* Kernel stacks the kernel side could give no id (bpf_get_stackid() failed:
 * its table full, or another stack in the same bucket). */
uint64_t ss_recorder_kstacks_failed(struct ss_recorder *r);
/* A kernel stack's addresses from the kstacks map (an ss_kstack_read_fn,
 * rec the recorder): how many, or -errno. */
int ss_recorder_kstack(void *rec, uint32_t kid, uint64_t *ips);
/* Calls fn with the address and name of each function of the loaded BPF
 * programs, as /proc/kallsyms names them after the load ("bpf_prog_" and the
 * program's name): a kernel stack taken by a program starts in it, and
 * kallsyms, read while the programs load, does not have them. */
typedef void (*ss_ksym_fn)(void *ctx, uint64_t addr, const char *name);
void ss_recorder_prog_syms(struct ss_recorder *r, ss_ksym_fn fn, void *ctx);
/* Program runs the kernel skipped because one was already running on that CPU. */
uint64_t ss_recorder_missed(struct ss_recorder *r);
void ss_recorder_close(struct ss_recorder *r);

#endif
