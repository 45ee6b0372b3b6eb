/* Where a scenario's executable is (scenario_path.h). It is looked for
 * beside our own binary, read from /proc/self/exe, not on $PATH or in the
 * working directory: the build tree's build/scenarios/ first, then the
 * installed PREFIX/libexec/schedscope/, so one binary finds its own
 * scenarios wherever it runs from; SCHEDSCOPE_SCENARIO_DIR overrides both
 * for the tests. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/scenario_path.h"

/* Scenarios sit beside the binary in the build tree (build/scenarios/) and in
 * PREFIX/libexec/schedscope/ once installed; SCHEDSCOPE_SCENARIO_DIR overrides. */
int cli_scenario_path(const char *name, char *out, size_t size)
{
	const char *env = getenv("SCHEDSCOPE_SCENARIO_DIR");
	char exe[PATH_MAX];
	char *slash;
	ssize_t n;

	/* UBSan's nonnull check on access(out) shows gcc a way on with out NULL,
	 * which -Wformat-truncation then reports: there is none */
	if (!out || size == 0)
		return -1;
	if (env && *env) {
		snprintf(out, size, "%s/%s", env, name);
		return access(out, X_OK);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash)                /* not an absolute path: nowhere to look beside it */
		return -1;
	*slash = 0;
	snprintf(out, size, "%s/scenarios/%s", exe, name);
	if (access(out, X_OK) == 0)
		return 0;
	snprintf(out, size, "%s/../libexec/schedscope/%s", exe, name);
	return access(out, X_OK);
}
