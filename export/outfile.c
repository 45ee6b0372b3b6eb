/* An export's output file (outfile.h). Formats append to a byte buffer
 * that goes to the file a megabyte at a time, so the per-event path makes
 * no syscall. The file is a temporary one created as the invoking user
 * (util/userfile.c) and renamed over the name only when the export ended
 * well; otherwise it is removed, and stdout ("-") is written as it comes. */
#include "export/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/userfile.h"

#define FILE_CHUNK (1u << 20)

int xp_file_open(struct xp *x, struct xp_file *f, const char *path)
{
	char why[600];

	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", path);
	if (!strcmp(path, "-")) {
		f->fd = STDOUT_FILENO;
		f->is_stdout = true;
		return 0;
	}
	/* a new temporary file, as the invoking user under sudo (util/userfile.h) */
	f->fd = userfile_tmp_open(path, f->tmp, sizeof(f->tmp), why, sizeof(why));
	return f->fd < 0 ? xp_fail(x, "%s", why) : 0;
}

static void file_write(struct xp_file *f)
{
	size_t off = 0;

	while (off < f->b.len && !f->err) {
		ssize_t n = write(f->fd, f->b.p + off, f->b.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			f->err = n < 0 ? errno : EIO;
		else
			off += (size_t)n;
	}
	f->bytes += f->b.len;
	buf_reset(&f->b);
}

void xp_file_drain(struct xp_file *f)
{
	if (f->b.len >= FILE_CHUNK)
		file_write(f);
}

int xp_file_close(struct xp *x, struct xp_file *f, bool ok)
{
	char why[600] = "";
	int rc = 0;

	/* a signal after the last read (a profile is written after it) still
	 * leaves nothing: the caller exits as the signal asked */
	if (ok && xp_stopped(x)) {
		xp_file_close(x, f, false);
		return -1;
	}
	if (ok) {
		if (buf_failed(&f->b))
			f->err = ENOMEM;
		file_write(f);
	}
	if (f->is_stdout) {
		rc = ok && f->err ? xp_fail(x, "writing to stdout: %s", strerror(f->err)) : 0;
		if (ok && !rc)            /* the summary line says how much, as for a file */
			x->res->bytes_out += f->bytes;
		buf_free(&f->b);
		return rc;
	}
	if (close(f->fd) && ok && !f->err)
		f->err = errno;
	if (ok && !f->err && (rc = userfile_move(f->tmp, f->path, why, sizeof(why))))
		f->err = -rc;
	if (!ok || f->err) {
		userfile_remove(f->tmp);
		rc = !ok ? 0 : why[0] ? xp_fail(x, "%s", why) :
		     xp_fail(x, "cannot write %s: %s", f->path, strerror(f->err));
	}
	if (!rc)
		x->res->bytes_out += f->bytes;
	buf_free(&f->b);
	return rc;
}

