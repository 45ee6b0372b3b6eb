/*
 * How the Perfetto export is written: the exporter's state (struct pf),
 * packets, per-CPU bundles with their compact_sched columns and comm intern
 * table, full FtraceEvents, names and prios per pid, tracks, TrackEvents
 * with interned strings. The stream (perfetto.c), the names
 * (perfetto_names.c), the sleeps (perfetto_waits.c) and their stacks
 * (perfetto_stacks.c), signals and channels (perfetto_ipc.c) write through it.
 * Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_PERFETTO_OUT_H
#define SCHEDSCOPE_EXPORT_PERFETTO_OUT_H

#include "export/outfile.h"
#include "export/stream.h"
#include "util/hmap.h"
#include "export/pb.h"
#include "export/perfetto_fields.h"
#include "model/sched_state.h"

#define BUNDLE_MAX  4096          /* events per bundle */
#define SEQ_ID      1             /* our one trusted_packet_sequence_id */
#define CLONE_THREAD 0x00010000u  /* what task_newtask needs to tell a thread from a process */
#define PRIO_NORMAL 120           /* nice 0: the kernel's prio for tasks we never saw switch */
#define TREE_CHUNK  1000          /* tasks per ProcessTree packet */

/* The order in which the importer tokenizes one bundle: compact switches, then
 * compact wakings, then full events. Events of one CPU with equal timestamps
 * keep that order, so an event that must come before an earlier-tokenized
 * kind at the same time goes into the next bundle. */
enum { CAT_SWITCH, CAT_WAKING, CAT_FULL, NCAT };

/* A comm in the bundle's intern table, keyed by the comm's address (one
 * task version's, or a swapper name): pointers, so no string is hashed. */
struct intern_slot {
	uint64_t hkey;
	uint32_t idx;             /* its index + 1 */
};

struct bundle {
	struct buf sw[5];         /* switch_timestamp, prev_state, next_pid, next_prio, next_comm_index */
	struct buf wk[5];         /* waking_timestamp, pid, target_cpu, prio, comm_index */
	struct buf intern;        /* intern_table entries, encoded */
	struct buf events;        /* FtraceEvents, encoded as FtraceEventBundle.event fields */
	uint32_t n[NCAT], nall;
	uint64_t last_ts[NCAT];
	uint32_t nintern;
	bool lost;                /* events were lost before the bundle's first event */
};

struct pcpu {
	struct bundle b;
	struct hmap interned;     /* struct intern_slot, emptied with each bundle */
	uint32_t cur;             /* the task the exported switches left on this CPU */
	bool cur_known;
	bool have_drop;           /* --pid: the last switch not exported */
	struct ss_event drop;
	char idle_comm[24];       /* "swapper/N" */
};

#define PID_EXITED 1u              /* exit seen: sched_process_free follows its last switch */

struct track {                    /* a thread's track (markers, sleeps), described once */
	uint64_t hkey;
};

/* Interned strings of the TrackEvents, by kind; at most INTERN_MAX each. */
#define INTERN_MAX (1u << 16)
enum { IK_CATEGORY, IK_NAME, IK_ANN_NAME, IK_ANN_VALUE, NIK };

struct istr {
	uint64_t hkey;            /* the map's: hash of kind and string */
	uint32_t iid;
	uint32_t off;             /* the string, in pf.istrings */
};

struct ss_symbols;
struct pf_stacks;

struct pf {
	struct xp *x;
	const struct ss_reader *r;
	struct xp_file f;
	struct pcpu *cpu;
	unsigned ncpus;
	bool compact;
	struct pidmap pids;      /* prio, exit, names per tid */
	struct hmap tracks;     /* incarnation -> struct track */
	struct ss_sched_state *st;   /* the sleeps, for the wait slices */
	struct ss_symbols *sy;       /* their user stacks in words (symbols/) */
	struct pf_stacks *stk;       /* ... and as Perfetto's callstacks (perfetto_stacks.c) */
	uint64_t flows;
	uint64_t held_chan;       /* the recorder's start pipe, from its held sleep (0: not seen) */
	struct hmap istr;       /* interned strings: hash -> struct istr */
	struct buf istrings;      /* their text */
	struct buf fresh[NIK];    /* interned in the packet being written */
	uint32_t niids[NIK];
	uint32_t *renames;        /* indices of renamed task versions, by time */
	size_t nrenames, next_rename;
	uint8_t *renamed;         /* per incarnation start: a rename of it is exported */
};

struct fev {
	size_t outer, inner;
};

size_t pf_packet_begin(struct pf *p);
void pf_packet_end(struct pf *p, size_t mark);
void pf_bundle_reset(struct pcpu *c);
/* Writes the CPU's bundle as one packet (nothing if empty, unless it marks a loss). */
void pf_bundle_flush(struct pf *p, unsigned cpu);
/* Makes room for one event of category cat at ts in the CPU's bundle. */
void pf_bundle_room(struct pf *p, unsigned cpu, int cat, uint64_t ts);
/* Index of comm in the CPU's bundle's intern table, added if new. */
uint32_t pf_intern(struct pf *p, unsigned cpu, const char *comm);
/* A full FtraceEvent of the given kind (field) in the CPU's bundle. */
struct fev pf_fev_begin(struct pf *p, unsigned cpu, uint64_t ts, uint32_t pid, unsigned field);
void pf_fev_end(struct pf *p, unsigned cpu, struct fev m);
/* Names ("swapper/N" for pid 0 on cpu) and last known prios. */
const char *pf_comm(struct pf *p, uint32_t pid, uint64_t ts, unsigned cpu);
unsigned pf_prio(struct pf *p, uint32_t tid);
/* "NAME TID" (pid 0: "an interrupt (idle)"), in buf. */
char *pf_who(struct pf *p, uint32_t tid, uint64_t ts, char *buf, size_t n);
void pf_prio_set(struct pf *p, uint32_t tid, unsigned prio);
/* The uuid of tid's thread track at ts, described (TrackDescriptor) on first use. */
uint64_t pf_thread_track(struct pf *p, uint32_t tid, uint64_t ts);
/* Describes a track of the whole trace (not a thread's), named, under parent (0: none). */
void pf_global_track(struct pf *p, uint64_t uuid, uint64_t parent, const char *name, uint64_t ts);

/* Tracks that belong to no thread: uuids above any thread track's
 * (incarnation + 1, or 2^32 + tid). */
#define UUID_GLOBAL (1ull << 33)

/* One TrackEvent, gathered, then written by pf_tev_write() in field order
 * with its strings interned. */
#define TEV_ANN_MAX 6
struct tev {
	uint64_t ts, uuid, flow;
	unsigned type, flow_field, nann;
	const char *cat;          /* its category; NULL with name NULL (a slice's end) */
	const char *name;         /* NULL: none (a slice's end) */
	struct {
		const char *key;
		char val[256];    /* a string value, cut to fit (a stack in words) */
		int64_t num;
		bool is_num;      /* num, not val */
	} ann[TEV_ANN_MAX];
};

void pf_tev_ann(struct tev *t, const char *key, const char *val);
void pf_tev_num(struct tev *t, const char *key, int64_t num);
void pf_tev_write(struct pf *p, const struct tev *t);
void pf_tev_free(struct pf *p);

#endif
