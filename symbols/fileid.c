/*
 * A build id names the contents, so it is the check when there is one: a
 * rebuilt program at the same path has another. Without one, inode, size
 * and mtime together catch a file replaced or rewritten in place. A file
 * that was not identified when recorded is not trusted either.
 */
#include "symbols/fileid.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <elfutils/libdwelf.h>
#include <libelf.h>

#include "util/invoker.h"

static size_t build_id_read(const char *path, uint8_t *out, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	const void *id = NULL;
	ssize_t n = 0;
	Elf *elf;

	if (fd < 0)
		return 0;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf) {
		n = dwelf_elf_gnu_build_id(elf, &id);
		if (n > 0 && (size_t)n <= max)
			memcpy(out, id, (size_t)n);
		else
			n = 0;
		elf_end(elf);
	}
	close(fd);
	return (size_t)n;
}

static uint64_t mtime_ns_of(const struct stat *st)
{
	return (uint64_t)st->st_mtim.tv_sec * 1000000000ull + (uint64_t)st->st_mtim.tv_nsec;
}

/* Under sudo the recorder is root, and the path is the user's to choose (a
 * program they may run but not read, or a name they swap between the
 * process's maps and this look): it is looked at with the user's rights
 * (util/invoker.h), and a file they could not open stays unidentified. */
void ss_file_identify(struct ss_map *mp)
{
	struct invoker_fs fs;
	struct stat st;

	mp->size = mp->mtime_ns = 0;
	mp->build_id_len = 0;
	if (invoker_fs_enter(&fs))
		return;
	if (!stat(mp->path, &st) && (uint64_t)st.st_ino == mp->ino) {
		mp->size = (uint64_t)st.st_size;
		mp->mtime_ns = mtime_ns_of(&st);
		mp->build_id_len = (uint8_t)build_id_read(mp->path, mp->build_id, sizeof(mp->build_id));
	}
	invoker_fs_leave(&fs);
}

bool ss_file_same(const struct ss_map *mp, char *why, size_t size)
{
	uint8_t id[SS_BUILD_ID_MAX];
	struct stat st;

	if (stat(mp->path, &st)) {
		snprintf(why, size, "the file is gone");
		return false;
	}
	if (mp->build_id_len) {
		if (build_id_read(mp->path, id, sizeof(id)) != mp->build_id_len ||
		    memcmp(id, mp->build_id, mp->build_id_len)) {
			snprintf(why, size, "the file changed since the recording (another build id)");
			return false;
		}
		return true;
	}
	if (!mp->size) {
		snprintf(why, size, "the file was not identified when recorded");
		return false;
	}
	if ((uint64_t)st.st_ino != mp->ino || (uint64_t)st.st_size != mp->size || mtime_ns_of(&st) != mp->mtime_ns) {
		snprintf(why, size, "the file changed since the recording");
		return false;
	}
	return true;
}
