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

int xp_file_failed(struct xp *x, const struct xp_file *f)
{
	if (!f->err)
		return 0;
	if (f->is_stdout)
		return xp_fail(x, "writing to stdout: %s", strerror(f->err));
	return xp_fail(x, "cannot write %s: %s", f->path, strerror(f->err));
}

int xp_file_finish(struct xp *x, struct xp_file *f)
{
	if (buf_failed(&f->b) && !f->err)
		f->err = ENOMEM;
	file_write(f);
	buf_free(&f->b);
	if (!f->is_stdout) {
		if (close(f->fd) && !f->err)
			f->err = errno;
		f->fd = -1;
	}
	return xp_file_failed(x, f);
}

int xp_file_place(struct xp *x, struct xp_file *f)
{
	char why[600];

	if (!f->is_stdout) {
		if (userfile_move(f->tmp, f->path, why, sizeof(why)))
			return xp_fail(x, "%s", why);
		f->placed = true;
	}
	x->res->bytes_out += f->bytes;     /* the summary line says how much, as for a file */
	return 0;
}

void xp_file_discard(struct xp_file *f)
{
	buf_free(&f->b);
	if (f->is_stdout || f->placed)
		return;
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp[0])
		userfile_remove(f->tmp);
	f->tmp[0] = 0;
}

int xp_file_close(struct xp *x, struct xp_file *f, bool ok)
{
	/* a signal after the last read (a profile is written after it) still
	 * leaves nothing: the caller exits as the signal asked */
	if (ok && xp_stopped(x)) {
		xp_file_discard(f);
		return -1;
	}
	if (ok && (xp_file_finish(x, f) || xp_file_place(x, f))) {
		xp_file_discard(f);
		return -1;
	}
	xp_file_discard(f);
	return 0;
}
