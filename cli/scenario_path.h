#ifndef SCHEDSCOPE_CLI_SCENARIO_PATH_H
#define SCHEDSCOPE_CLI_SCENARIO_PATH_H

#include <stddef.h>

/* The executable of scenario name; 0 if found and runnable, else -1. */
int cli_scenario_path(const char *name, char *out, size_t size);

#endif
