/*
 * The export formats, each reading the stream of export/stream.h and writing
 * its own output (export/outfile.h). export.c picks one. Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_FORMATS_H
#define SCHEDSCOPE_EXPORT_FORMATS_H

#include "export/stream.h"

/* Each: 0, or -1 with the reason in x->err. */
int export_perfetto(struct xp *x);
int export_json(struct xp *x);
int export_csv(struct xp *x);
/* Off-CPU profiles (profile.c): pprof's gzip'd profile.proto, folded stacks. */
int export_pprof(struct xp *x);
int export_folded(struct xp *x);

#endif
