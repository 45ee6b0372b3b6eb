/*
 * An export's output file: written under a temporary name and renamed into
 * place once complete, so a failed or stopped (Ctrl-C: xp_stopped()) export
 * never leaves a truncated file behind. "-" is stdout. Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_OUTFILE_H
#define SCHEDSCOPE_EXPORT_OUTFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "export/stream.h"
#include "util/buf.h"

struct xp_file {
	int fd;
	bool is_stdout;
	char path[4096];
	char tmp[4096 + 32];
	struct buf b;              /* pending bytes */
	uint64_t bytes;            /* bytes written so far, pending included */
	int err;                   /* first errno */
	bool placed;               /* renamed to path (xp_file_place()) */
};

int xp_file_open(struct xp *x, struct xp_file *f, const char *path);
/* Writes what is pending once there is enough of it. */
void xp_file_drain(struct xp_file *f);
/* 0, or -1 saying (in x->err) that a write to f failed, once one has. */
int xp_file_failed(struct xp *x, const struct xp_file *f);
/* ok: flush and rename into place; !ok: remove. 0 or -1 (message in x->err). */
int xp_file_close(struct xp *x, struct xp_file *f, bool ok);
/* The same in steps, for an output of several files that are placed all or
 * none (CSV's tables): finish writes what is pending and closes the file,
 * still under its temporary name; place renames it into place (stdout: only
 * counts it); discard removes it unless placed. 0 or -1 (message in x->err). */
int xp_file_finish(struct xp *x, struct xp_file *f);
int xp_file_place(struct xp *x, struct xp_file *f);
void xp_file_discard(struct xp_file *f);


#endif
