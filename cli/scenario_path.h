/*
 * Where a scenario's executable is: the commands that run a lesson (run,
 * lesson, list) find it here, whether schedscope runs from its build tree
 * or is installed, so a lesson named is a binary found one way.
 */
#ifndef SCHEDSCOPE_CLI_SCENARIO_PATH_H
#define SCHEDSCOPE_CLI_SCENARIO_PATH_H

#include <stddef.h>

/* The executable of scenario name; 0 if found and runnable, else -1. */
int cli_scenario_path(const char *name, char *out, size_t size);

#endif
