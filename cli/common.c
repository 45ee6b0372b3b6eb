#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "schedscope %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'schedscope %s --help')\n", cmd);
	return CLI_USAGE;
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *opt = argv[optind - 1];

	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", opt);
	return cli_usage_error(cmd, "unknown option '%s'", opt);
}

int cli_parse_file_args(const char *cmd, int argc, char **argv, void (*usage)(FILE *),
			const char **path, unsigned *flags)
{
	static const struct option longopts[] = {
		{ "salvage", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*flags = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'S': *flags |= SS_READ_SALVAGE; break;
		case 'h': usage(stdout); return -1;
		default: return cli_bad_option(cmd, c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(cmd, optind >= argc ? "which trace file?" : "one trace file at a time");
	*path = argv[optind];
	return 0;
}

struct ss_reader *cli_open_trace(const char *path, unsigned flags)
{
	char err[512];
	struct ss_reader *r = ss_reader_open(path, flags, err, sizeof(err));

	if (!r)
		fprintf(stderr, "schedscope: %s\n", err);
	return r;
}

bool cli_parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > UINT32_MAX || *s == '-')
		return false;
	*out = (uint32_t)v;
	return true;
}
