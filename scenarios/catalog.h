/* The catalog of scenario programs: what `schedscope list` prints, what
 * `schedscope run NAME` starts (build/scenarios/NAME), and the lesson text the
 * UI shows beside the timeline. Depends on nothing else in the project. */
#ifndef SCENARIOS_CATALOG_H
#define SCENARIOS_CATALOG_H

#include <stddef.h>

struct scenario {
    const char *name;      /* "pool": also the program's file name */
    const char *summary;   /* one line for `schedscope list` */
    const char *lesson;    /* 3-8 lines of lesson text, with the chapter's Chinese
                            * term beside each concept; lines separated by '\n' */
    const char *markers;   /* comma-separated USDT probe names it fires, in typical order */
    const char *test_args; /* small, fast options for tests */
};

extern const struct scenario scenario_catalog[];
extern const size_t scenario_count;

/* The entry called name, or NULL if there is none. */
const struct scenario *scenario_find(const char *name);

#define SCENARIO_DEFAULT "pool"

#endif
