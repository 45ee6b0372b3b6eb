/* Lists a binary's USDT probes from its .note.stapsdt section with libelf
 * (usdt.h), each provider:name once however many call sites it has: the
 * recorder names a marker by its probe, and libbpf attaches to every site
 * of a probe itself. Under sudo the file is opened with the invoking
 * user's file rights (util/invoker.h): the path is one the user named
 * (--usdt, the command), and root's open would tell them whether a file
 * exists behind a directory closed to them, or read one they may not.
 * The recorder attaches to the file so opened (ss_usdt_open(), then
 * /proc/self/fd/N), never to the path again as root: the path can be
 * swapped for a link to root's file between the user's open and the
 * attach. */
#include "tracer/usdt.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/invoker.h"

#define NT_STAPSDT 3

static int seen_before(const struct ss_usdt_probe *v, int n, const char *prov, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i].provider, prov) && !strcmp(v[i].name, name))
			return 1;
	return 0;
}

int ss_usdt_open(const char *binary)
{
	struct invoker_fs fs;
	int fd, rc = invoker_fs_enter(&fs);

	if (rc)
		return rc;
	fd = open(binary, O_RDONLY | O_CLOEXEC);
	rc = fd < 0 ? -errno : fd;
	invoker_fs_leave(&fs);
	return rc;
}

int ss_usdt_list(const char *binary, struct ss_usdt_probe *out, size_t max)
{
	int fd = ss_usdt_open(binary), n;

	if (fd < 0)
		return fd;
	n = ss_usdt_list_fd(fd, out, max);
	close(fd);
	return n;
}

int ss_usdt_list_fd(int fd, struct ss_usdt_probe *out, size_t max)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	int n = 0, cls;
	Elf *elf;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx)) {
		if (elf)
			elf_end(elf);
		return -ENOEXEC;
	}
	cls = gelf_getclass(elf);
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *data;
		const char *sname;
		size_t off = 0, name_off, desc_off;
		GElf_Nhdr nh;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		sname = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!sname || strcmp(sname, ".note.stapsdt"))
			continue;
		data = elf_getdata(scn, NULL);
		while (data && (off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
			const char *desc = (const char *)data->d_buf + desc_off;
			size_t addrs = (cls == ELFCLASS32 ? 4 : 8) * 3;   /* pc, base, semaphore */
			const char *prov, *name;

			if (nh.n_type != NT_STAPSDT || nh.n_descsz <= addrs)
				continue;
			prov = desc + addrs;
			name = memchr(prov, 0, nh.n_descsz - addrs);
			if (!name++ || name >= desc + nh.n_descsz)
				continue;
			if ((size_t)n < max && !seen_before(out, n, prov, name) &&
			    strnlen(name, desc + nh.n_descsz - name) < sizeof(out[0].name)) {
				snprintf(out[n].provider, sizeof(out[n].provider), "%s", prov);
				snprintf(out[n].name, sizeof(out[n].name), "%s", name);
				n++;
			}
		}
	}
	elf_end(elf);
	return n;
}
