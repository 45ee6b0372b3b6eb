/*
 * Creating files as the invoking user (see userfile.h for the rule). Each
 * public call is one request: run_op() does it with whatever rights the
 * process has; under sudo it runs in a child that has become the user
 * first, and the child sends back the outcome and the new fd. The parent
 * words the message, so the child does nothing but system calls (it is
 * forked from a process that may have threads).
 */
#include "util/userfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/invoker.h"

#define TMP_SUFFIX ".partial"    /* name.XXXXXX.partial: says what it is if left behind */

enum op { OP_REPLACE, OP_TMP, OP_MOVE, OP_KEEP_OLD, OP_REMOVE, OP_MKDIR, OP_RMDIR };

/* Where a request failed; the parent turns it into words. */
enum step { ST_OK, ST_HELPER, ST_BECOME, ST_LOOK, ST_NOT_REGULAR, ST_NOT_DIR, ST_CREATE, ST_RENAME, ST_REMOVE };

struct req {
	enum op op;
	const char *a, *b;           /* the path; for OP_MOVE from and to */
};

struct reply {
	int err;                     /* errno of the failed step */
	int step;                    /* enum step */
	int which;                   /* 0: a, 1: b */
	unsigned mode;               /* ST_NOT_REGULAR: what is there */
	int done;                    /* OP_MOVE, OP_KEEP_OLD: 1 if it moved something; OP_MKDIR: made it */
	char tmp[PATH_MAX];          /* OP_TMP: the name made */
};

static int stop(struct reply *r, int step, int which, int err)
{
	r->step = step;
	r->which = which;
	r->err = err;
	return -1;
}

/* 1: a regular file is there; 0: nothing; -1: something else, or no way to tell. */
static int look(const char *path, int which, struct reply *r)
{
	struct stat st;

	if (lstat(path, &st)) {
		if (errno == ENOENT)
			return 0;
		return stop(r, ST_LOOK, which, errno);
	}
	if (!S_ISREG(st.st_mode)) {
		r->mode = st.st_mode;
		return stop(r, ST_NOT_REGULAR, which, EINVAL);
	}
	return 1;
}

/* A new file beside path: mkostemps() opens with O_CREAT|O_EXCL, so it never
 * follows or reuses a name, and mode 0600; we give it what open(0644) would. */
static int make_tmp(const char *path, struct reply *r)
{
	mode_t mask;
	int fd;

	if ((size_t)snprintf(r->tmp, sizeof(r->tmp), "%s.XXXXXX%s", path, TMP_SUFFIX) >= sizeof(r->tmp))
		return stop(r, ST_CREATE, 0, ENAMETOOLONG);
	fd = mkostemps(r->tmp, (int)strlen(TMP_SUFFIX), O_CLOEXEC);
	if (fd < 0)
		return stop(r, ST_CREATE, 0, errno);
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0644 & ~mask)) {
		int e = errno;

		unlink(r->tmp);
		close(fd);
		return stop(r, ST_CREATE, 0, e);
	}
	return fd;
}

/* Does one request with the rights the process has now. The new fd, or -1. */
static int run_op(const struct req *q, struct reply *r)
{
	int fd, have;

	switch (q->op) {
	case OP_REPLACE:
	case OP_TMP:
		if (look(q->a, 0, r) < 0 || (fd = make_tmp(q->a, r)) < 0)
			return -1;
		if (q->op == OP_REPLACE && rename(r->tmp, q->a)) {
			int e = errno;

			unlink(r->tmp);
			close(fd);
			return stop(r, ST_RENAME, 0, e);
		}
		return fd;
	case OP_MOVE:
	case OP_KEEP_OLD:             /* the same, but nothing to keep is no error */
		have = look(q->a, 0, r);
		if (have < 0 || (have == 0 && q->op == OP_MOVE))
			return have < 0 ? -1 : stop(r, ST_LOOK, 0, ENOENT);
		if (have == 0 || look(q->b, 1, r) < 0)
			return -1;
		if (rename(q->a, q->b))
			return stop(r, ST_RENAME, 0, errno);
		r->done = 1;
		return -1;
	case OP_REMOVE:
		if (unlink(q->a))
			return stop(r, ST_REMOVE, 0, errno);
		return -1;
	case OP_RMDIR:
		if (rmdir(q->a))
			return stop(r, ST_REMOVE, 0, errno);
		return -1;
	case OP_MKDIR: {
		struct stat st;

		if (mkdir(q->a, 0755) == 0) {
			r->done = 1;      /* made now: the caller may take it back */
			return -1;
		}
		if (errno != EEXIST)
			return stop(r, ST_CREATE, 0, errno);
		if (lstat(q->a, &st))
			return stop(r, ST_LOOK, 0, errno);
		if (!S_ISDIR(st.st_mode)) {
			r->mode = st.st_mode;
			return stop(r, ST_NOT_DIR, 0, ENOTDIR);
		}
		return -1;
	}
	}
	return -1;
}

static void send_reply(int sock, const struct reply *r, int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	struct iovec iov = { .iov_base = (void *)r, .iov_len = sizeof(*r) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (fd >= 0) {
		memset(&c, 0, sizeof(c));
		m.msg_control = c.buf;
		m.msg_controllen = sizeof(c.buf);
		CMSG_FIRSTHDR(&m)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&m)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&m)->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&m)), &fd, sizeof(int));
	}
	while (sendmsg(sock, &m, 0) < 0 && errno == EINTR)
		;
}

/* The reply and the fd that came with it (-1 if none). */
static int recv_reply(int sock, struct reply *r)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	struct iovec iov = { .iov_base = r, .iov_len = sizeof(*r) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
			    .msg_controllen = sizeof(c.buf) };
	struct cmsghdr *h;
	ssize_t n;
	int fd = -1;

	do
		n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(*r)) {
		memset(r, 0, sizeof(*r));
		stop(r, ST_HELPER, 0, n < 0 ? errno : EPIPE);
	}
	for (h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
		if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(h), sizeof(int));
	if (fd >= 0 && r->step != ST_OK) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Runs the request in a child that has become the invoking user. */
static int run_as_user(const struct invoker *iv, const struct req *q, struct reply *r)
{
	int sv[2], fd, status;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return stop(r, ST_HELPER, 0, errno);
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return stop(r, ST_HELPER, 0, errno);
	}
	if (pid == 0) {
		int e = invoker_become(iv);

		close(sv[0]);
		fd = e ? stop(r, ST_BECOME, 0, -e) : run_op(q, r);
		send_reply(sv[1], r, fd);
		_exit(0);
	}
	close(sv[1]);
	fd = recv_reply(sv[0], r);
	close(sv[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return fd;
}

static const char *kind_name(unsigned mode)
{
	static const struct { unsigned type; const char *name; } kinds[] = {
		{ S_IFLNK, "a symbolic link" }, { S_IFDIR, "a directory" },
		{ S_IFCHR, "a character device" }, { S_IFBLK, "a block device" },
		{ S_IFIFO, "a FIFO" }, { S_IFSOCK, "a socket" },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((mode & S_IFMT) == kinds[i].type)
			return kinds[i].name;
	return "not a regular file";
}

/* One line for the user; returns -errno. */
static int explain(const struct invoker *iv, const struct req *q, const struct reply *r,
		   char *err, size_t errlen)
{
	const char *path = r->which ? q->b : q->a;
	char as[300] = "";

	if (iv->sudo || iv->dropped)
		snprintf(as, sizeof(as), " (writing as %s)", iv->name);
	switch (r->step) {
	case ST_HELPER:
		snprintf(err, errlen, "cannot write %s: the helper that writes as %s failed: %s", path,
			 iv->name, strerror(r->err));
		break;
	case ST_BECOME:
		snprintf(err, errlen, "cannot become user %s (uid %u) to write %s: %s", iv->name,
			 (unsigned)iv->uid, path, strerror(r->err));
		break;
	case ST_LOOK:
		snprintf(err, errlen, "cannot %s %s: %s%s", q->op == OP_MOVE ? "move" : "write", path,
			 strerror(r->err), as);
		break;
	case ST_NOT_REGULAR:
		snprintf(err, errlen, "%s is %s, not a regular file; schedscope writes only regular files",
			 path, kind_name(r->mode));
		break;
	case ST_NOT_DIR:
		snprintf(err, errlen, "%s is %s, not a directory", path, kind_name(r->mode));
		break;
	case ST_CREATE:
		snprintf(err, errlen, "cannot write %s: %s%s", path, strerror(r->err), as);
		break;
	case ST_RENAME:
		if (q->op == OP_KEEP_OLD)
			snprintf(err, errlen, "cannot keep the existing %s as %s: %s%s", q->a, q->b,
				 strerror(r->err), as);
		else if (q->op == OP_MOVE)
			snprintf(err, errlen, "cannot move %s to %s: %s%s", q->a, q->b, strerror(r->err), as);
		else
			snprintf(err, errlen, "cannot replace %s: %s%s", path, strerror(r->err), as);
		break;
	case ST_REMOVE:
		snprintf(err, errlen, "cannot remove %s: %s%s", path, strerror(r->err), as);
		break;
	}
	return -r->err;
}

/* Runs a request with the invoker's rights; the new fd, 0 (no fd), or -errno. */
static int request(const struct req *q, struct reply *r, char *err, size_t errlen)
{
	const struct invoker *iv;
	int fd;

	memset(r, 0, sizeof(*r));
	if (invoker_get(&iv)) {
		snprintf(err, errlen, "cannot write %s: SUDO_UID or SUDO_GID is not a number", q->a);
		return -EINVAL;
	}
	fd = iv->sudo ? run_as_user(iv, q, r) : run_op(q, r);
	if (r->step != ST_OK)
		return explain(iv, q, r, err, errlen);
	return fd < 0 ? 0 : fd;
}

int userfile_replace(const char *path, char *err, size_t errlen)
{
	struct req q = { .op = OP_REPLACE, .a = path };
	struct reply r;

	return request(&q, &r, err, errlen);
}

int userfile_tmp_open(const char *path, char *tmp, size_t tmpsize, char *err, size_t errlen)
{
	struct req q = { .op = OP_TMP, .a = path };
	struct reply r;
	int fd = request(&q, &r, err, errlen);

	if (fd >= 0)
		snprintf(tmp, tmpsize, "%s", r.tmp);
	return fd;
}

int userfile_move(const char *from, const char *to, char *err, size_t errlen)
{
	struct req q = { .op = OP_MOVE, .a = from, .b = to };
	struct reply r;

	return request(&q, &r, err, errlen);
}

int userfile_keep_old(const char *path, char *old, size_t oldsize, char *err, size_t errlen)
{
	struct req q = { .op = OP_KEEP_OLD, .a = path, .b = old };
	struct reply r;
	int rc;

	if ((size_t)snprintf(old, oldsize, "%s.old", path) >= oldsize) {
		snprintf(err, errlen, "cannot keep %s: the name is too long", path);
		return -ENAMETOOLONG;
	}
	rc = request(&q, &r, err, errlen);
	return rc < 0 ? rc : r.done;
}

int userfile_mkdir(const char *path, char *err, size_t errlen)
{
	struct req q = { .op = OP_MKDIR, .a = path };
	struct reply r;
	int rc = request(&q, &r, err, errlen);

	return rc < 0 ? rc : r.done;
}

int userfile_rmdir(const char *path)
{
	struct req q = { .op = OP_RMDIR, .a = path };
	struct reply r;
	char err[16];

	return request(&q, &r, err, sizeof(err));
}

int userfile_remove(const char *path)
{
	struct req q = { .op = OP_REMOVE, .a = path };
	struct reply r;
	char err[16];

	return request(&q, &r, err, sizeof(err));
}
