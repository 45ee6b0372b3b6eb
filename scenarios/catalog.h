/* The catalog of scenario programs: what `schedscope list` prints, what
 * `schedscope run NAME` starts (build/scenarios/NAME), and the lesson text the
 * UI shows beside the timeline. Depends on nothing else in the project. */
#ifndef SCENARIOS_CATALOG_H
#define SCENARIOS_CATALOG_H

#include <stddef.h>

/* The lanes a lesson is seen in. */
enum scenario_view { SCENARIO_VIEW_THREAD = 0, SCENARIO_VIEW_CPU };

/* What the items of its put/get markers are. */
enum scenario_items {
    SCENARIO_ITEMS_TASK = 0,    /* task ids: "task 3" */
    SCENARIO_ITEMS_TEXT,        /* packed characters (probes.h's ss_text8): 'a' */
    SCENARIO_ITEMS_NUMBER,      /* plain numbers: 4224 */
};

/* Hand-offs: one thread woke another through what they share. */
enum scenario_wakes {
    SCENARIO_WAKES_DATA = 0,    /* a write or send woke a reader: a round trip's halves */
    SCENARIO_WAKES_LOCK,        /* an unlock woke a thread waiting for the lock */
};

/* What shows a lesson on the first screen: the view, the lanes on top, and the
 * window of time (which sets the time scale). Markers are named "name" or
 * "name:arg0" ("get:1": the first get from queue 1). lessons/lesson.c computes
 * the window from a trace. */
struct scenario_show {
    enum scenario_view view;
    const char *lanes;      /* task names to put first, in order, comma-separated;
                             * '*' globs ("pool,PoolWorker-*"); NULL: the usual order */
    const char *from;       /* the window opens at this marker's first firing (NULL:
                             * the lesson's start, phase START) ... */
    const char *to;         /* ... and closes at this one's first firing after it
                             * (NULL: the lesson's end, phase END) */
    unsigned from_sleep;    /* 1: open where from's thread went to sleep before it
                             * (the request that the marker's wake-up answers) */
    unsigned to_same;       /* 1: `to` fired by the same thread as `from` */
    unsigned handoffs;      /* instead of from/to: the first N hand-offs after the
                             * start in which the woken thread slept 1 us or more
                             * (and ran promptly, if N such there are) */
    enum scenario_wakes wakes;  /* which hand-offs */
};

/* A run with some option teaches something else: lock --no-lock is the lost
 * update, not the lock. */
struct scenario_variant {
    const char *option;    /* "--no-lock": a run given this option is this variant */
    const char *name;      /* "lost-update": the checks' table key (lessons/) */
    const char *summary;
    const char *lesson;
    struct scenario_show show;
};

struct scenario {
    const char *name;      /* "pool": also the program's file name */
    const char *summary;   /* one line for `schedscope list` */
    const char *lesson;    /* 3-8 lines of lesson text, with the chapter's Chinese
                            * term beside each concept; lines separated by '\n' */
    const char *markers;   /* comma-separated USDT probe names it fires, in typical order */
    const char *test_args; /* small, fast options for tests */
    struct scenario_show show;
    enum scenario_items items;
    const struct scenario_variant *variants;   /* NULL-name-terminated, or NULL */
};

extern const struct scenario scenario_catalog[];
extern const size_t scenario_count;

/* The entry called name, or NULL if there is none. */
const struct scenario *scenario_find(const char *name);
/* The entry whose program a recorded command runs (build/scenarios/NAME or
 * libexec/schedscope/NAME, the command's first word), or NULL. */
const struct scenario *scenario_of_program(const char *path);

#define SCENARIO_DEFAULT "pool"

#endif
