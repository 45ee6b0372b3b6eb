/*
 * Every file schedscope creates goes through here (the trace, NAME.out, the
 * export's output, the pictures, NAME.trace.old), so one rule holds for all of them:
 *
 * - Under sudo each operation runs in a child that has become the invoking
 *   user (util/invoker.h: groups, gid, uid) and hands the new file back over
 *   a unix socket (SCM_RIGHTS). A student can create, replace or rename
 *   exactly what they could by hand, no more; the file is theirs from the
 *   start, so nothing is ever chown()ed.
 * - An existing file is never opened for writing: a new one is made under a
 *   temporary name (O_EXCL, mkostemps) in the same directory and renamed
 *   over the old name. rename() replaces a name, never writes through it, so
 *   a planted symlink or hard link leads nowhere.
 * - A name that exists and is not a regular file (a symlink, a device, a
 *   directory, a FIFO) is refused with one line, so `-o /dev/null` never
 *   turns a device into a file.
 *
 * Without sudo the same code runs in-process with the caller's own rights.
 * Errors: -errno, with one line for the user in err.
 */
#ifndef SCHEDSCOPE_UTIL_USERFILE_H
#define SCHEDSCOPE_UTIL_USERFILE_H

#include <stddef.h>

/* A new, empty file that is already at path (replacing a regular file that
 * was there). Returns its fd (O_WRONLY, O_CLOEXEC), or -errno. */
int userfile_replace(const char *path, char *err, size_t errlen);
/* A new, empty file under a temporary name beside path (its name in tmp),
 * for userfile_move(tmp, path) once complete; refuses at once a path that
 * is not a regular file. Returns its fd, or -errno. */
int userfile_tmp_open(const char *path, char *tmp, size_t tmpsize, char *err, size_t errlen);
/* Renames from to to; both must be regular files (to may be absent). 0 or -errno. */
int userfile_move(const char *from, const char *to, char *err, size_t errlen);
/* Moves a regular file at path aside to path.old (its name in old), as perf
 * keeps perf.data.old. 1 if it did, 0 if nothing was there, or -errno. */
int userfile_keep_old(const char *path, char *old, size_t oldsize, char *err, size_t errlen);
/* A directory at path (mode 0755), or the one already there; a symlink or
 * anything else is refused. For exports that write a directory. 1 if it
 * made it, 0 if it was there, or -errno. */
int userfile_mkdir(const char *path, char *err, size_t errlen);
/* Removes path (a file this program made and no longer wants). 0 or -errno. */
int userfile_remove(const char *path);
/* Removes the directory at path if it is empty (one userfile_mkdir() made
 * for an export that did not finish). 0 or -errno. */
int userfile_rmdir(const char *path);

#endif
