/*
 * Turns ring-buffer records into model events and task-table entries.
 *
 * The ring buffer is filled in reservation order, which on one CPU is almost
 * but not quite time order (an interrupt can record between another
 * program's timestamp and its reservation). Events are therefore held per CPU
 * until ss_decoder_flush(), sorted, and handed on merged into time order;
 * task entries are handed on at once, so names always precede their events.
 */
#ifndef SCHEDSCOPE_TRACER_DECODER_H
#define SCHEDSCOPE_TRACER_DECODER_H

#include <stddef.h>
#include <stdint.h>

#include "model/sink.h"

struct ss_decoder_stats {
	uint64_t records;      /* ring-buffer records seen */
	uint64_t events;       /* events handed on */
	uint64_t tasks;        /* task entries handed on */
	uint64_t stacks;       /* distinct user stacks handed on */
	uint64_t kstacks;      /* distinct kernel stacks handed on */
	uint64_t kstacks_unread;   /* kernel stack ids whose addresses could not be read */
	uint64_t malformed;    /* records of unknown kind or size */
	uint64_t hidden;       /* stacks and syscall details left out: under sudo, of
				* processes the invoker could not read (tracer/readable.h) */
};

struct ss_decoder;

struct ss_decoder *ss_decoder_new(unsigned ncpus, const struct ss_sink *sink);
void ss_decoder_free(struct ss_decoder *d);
/* Decodes one record; matches ss_record_fn so it can be the ring buffer's callback. */
int ss_decoder_record(void *decoder, const void *rec, size_t size);
/* Notes that the kernel side dropped count records on cpu (an SS_LOST event),
 * noticed at now_ns. */
void ss_decoder_lost(struct ss_decoder *d, unsigned cpu, uint64_t count, uint64_t now_ns);
/* Reads the kernel side's kernel stack kid (the kstacks map's key) into ips,
 * SS_KSTACK_MAX of them: how many there are, or -errno. */
typedef int (*ss_kstack_read_fn)(void *ctx, uint32_t kid, uint64_t *ips);
/* Lets d turn the kernel stack ids records carry into named kernel stacks:
 * each new id is read with read and named from kallsyms (a path:
 * "/proc/kallsyms"), preloaded (ss_decoder_ksyms_preload()) or read the
 * first time one is needed. Without this, kernel stack ids are dropped. */
void ss_decoder_kstacks(struct ss_decoder *d, ss_kstack_read_fn read, void *ctx, const char *kallsyms);
/* Starts reading kallsyms (ss_ksyms_load()) on a thread of its own, so that
 * the first kernel stack does not stall the reader while it is read (~120
 * ms: short-lived processes died meanwhile, and their user stacks with
 * them, since their mappings are read when their first stack is met).
 * Call before ss_decoder_kstacks(); without it, the first kernel stack
 * reads them. */
void ss_decoder_ksyms_preload(struct ss_decoder *d, const char *kallsyms);
/* A kernel symbol that kallsyms may not have had when read (the recorder's
 * own BPF programs, loaded meanwhile), added to it before any kernel stack
 * is named; an ss_ksym_fn (tracer/recorder.h), decoder d. */
void ss_decoder_ksym_add(void *decoder, uint64_t addr, const char *name);
/* Sorts what is held per CPU and hands it on, merged across CPUs. */
void ss_decoder_flush(struct ss_decoder *d);
void ss_decoder_stats(const struct ss_decoder *d, struct ss_decoder_stats *st);
/* A channel as the kernel side resolved it (tracer/sched.h), as the model
 * names it, with its canonical id. */
struct ss_rec_chan;
void ss_decoder_chan(const struct ss_rec_chan *r, struct ss_chan *c);

#endif
