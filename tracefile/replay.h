/*
 * A trace file, replayed into a sink (model/sink.h): the probes first, then
 * the task versions and the events interleaved in time order, each task
 * version just before the first event at or after its time, as the recorder
 * delivered them live. This is how a file reaches the model, so a trace seen
 * from its file and seen live build the same model (a recycled tid starts a
 * new thread at its fork, not at the start). Replay can go in steps, for
 * views that show a trace growing (batch mode's frames).
 */
#ifndef SCHEDSCOPE_TRACEFILE_REPLAY_H
#define SCHEDSCOPE_TRACEFILE_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "model/sink.h"
#include "tracefile/reader.h"

struct ss_replay;

/* NULL if memory ran out. The reader must outlive the replay. */
struct ss_replay *ss_replay_new(const struct ss_reader *r, const struct ss_sink *sink);
/* Feeds up to max_events more events (and the tasks due before them).
 * 1: more remain; 0: the whole trace has been fed; -1: a chunk failed to
 * decode (ss_replay_error() says which). */
int ss_replay_step(struct ss_replay *rp, uint64_t max_events);
/* Events fed so far. */
uint64_t ss_replay_events(const struct ss_replay *rp);
const char *ss_replay_error(const struct ss_replay *rp);
void ss_replay_free(struct ss_replay *rp);

/* A whole trace file into a new model, through the replay: the model is
 * initialised from the header, fed, given the flows and finished at the
 * recording's end. 0, or -1 with a one-line reason in err (the model is then
 * freed). */
int ss_trace_load(struct ss_model *m, const char *path, unsigned reader_flags, char *err, size_t errlen);
/* The same from an open reader (a file, or bytes in memory). */
int ss_trace_load_reader(struct ss_model *m, const struct ss_reader *r, char *err, size_t errlen);
/* After the last event, every way of filling a model ends here (a file's
 * load, view --batch's steps, the live recording): the recording's flows,
 * time in interrupts with their names, and steal go in, and the model is
 * finished at the recording's end. So a sentence names an IRQ, a flow or the
 * host's share alike whichever way the trace came. */
void ss_trace_finish_model(struct ss_model *m, const struct ss_trace_tail *t);
/* A file's tail, from its reader (valid while the reader is open). */
void ss_trace_tail_of(const struct ss_reader *r, struct ss_trace_tail *t);

#endif
