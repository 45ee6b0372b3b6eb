/* The picture formats of `schedscope export` (svg, html). Private to cli/. */
#ifndef SCHEDSCOPE_CLI_PICTURE_H
#define SCHEDSCOPE_CLI_PICTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "ui/view.h"

struct cli_picture_opts {
	const char *in_path;
	const char *out_path;      /* NULL: FILE.svg or FILE.html; "-": stdout */
	bool html;
	enum ui_mode mode;
	bool mode_set;             /* --view was given: it wins over the lesson's view */
	uint64_t from_ns, to_ns;   /* since the start; both 0: the whole trace; to_ns 0: to the end */
	int width;                 /* columns */
	unsigned reader_flags;
	bool quiet;
};

/* Writes the picture; 0 or CLI_FAIL (the reason said on stderr). */
int cli_picture(const struct cli_picture_opts *p);

#endif
