/* schedscope list: the lesson scenarios. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "scenarios/catalog.h"

int cmd_list(int argc, char **argv)
{
	bool verbose = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: schedscope list [-v]\n\n"
			       "Lists the scenarios, one per lesson of the processes-and-threads chapter.\n"
			       "  -v, --verbose   also print each lesson's text and its USDT markers\n"
			       "  -h, --help      this help\n"
			       "Run one with: sudo schedscope run NAME [-- OPTIONS]; NAME --help shows its options.\n");
			return 0;
		}
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			verbose = true;
		else
			return cli_usage_error("list", "unknown argument '%s'", argv[i]);
	}
	for (size_t i = 0; i < scenario_count; i++) {
		const struct scenario *s = &scenario_catalog[i];

		printf("%-13s %s%s\n", s->name, s->summary,
		       strcmp(s->name, SCENARIO_DEFAULT) ? "" : "  (default)");
		if (verbose) {
			const char *p = s->lesson;

			while (*p) {
				const char *nl = strchr(p, '\n');
				int len = nl ? (int)(nl - p) : (int)strlen(p);

				printf("              %.*s\n", len, p);
				p += len + (nl ? 1 : 0);
			}
			printf("              markers: %s\n\n", s->markers);
		}
	}
	return 0;
}
