#!/usr/bin/env bash
# Memory that cannot be had is said (docs/ARCHITECTURE.md). Each malloc of a
# run of flows and why (without --pid: the traced tree) is made to fail in
# turn, by an LD_PRELOAD shim built here; every such run must print its whole
# output as usual, or warn that the model is incomplete, or fail saying it
# ran out of memory. Never a shorter output with exit status 0.
source "$(dirname "$0")/../lib.sh"
if [ -n "${SCHEDSCOPE_SANITIZED:-}" ]; then
  skip out-of-memory "a sanitizer's allocator is not malloc's"
  exit 0
fi
command -v cc >/dev/null || { skip out-of-memory "needs a C compiler for the shim"; exit 0; }

cat > "$T_TMP/failmalloc.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
/* Fails the FAIL_MALLOC_AT-th malloc; counts them all for FAIL_MALLOC_COUNT. */
static unsigned long calls, fail_at;
static void *(*real)(size_t);
void *malloc(size_t n)
{
	if (!real) {
		const char *s = getenv("FAIL_MALLOC_AT");

		real = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
		fail_at = s ? strtoul(s, NULL, 10) : 0;
	}
	if (++calls == fail_at)
		return NULL;
	return real(n);
}
__attribute__((destructor)) static void report(void)
{
	if (getenv("FAIL_MALLOC_COUNT"))
		fprintf(stderr, "mallocs: %lu\n", calls);
}
C
cc -shared -fPIC -O2 -o "$T_TMP/failmalloc.so" "$T_TMP/failmalloc.c" -ldl ||
  { fail out-of-memory-shim "the shim did not build"; exit 0; }

TRACE=$TOP/traces/pool.trace
for cmd in flows why; do
  want=$("$SCHEDSCOPE" $cmd "$TRACE" 2>&1); want_rc=$?
  n=$(FAIL_MALLOC_COUNT=1 LD_PRELOAD=$T_TMP/failmalloc.so "$SCHEDSCOPE" $cmd "$TRACE" 2>&1 >/dev/null |
      sed -n 's/^mallocs: //p')
  check_ge "$cmd: the shim counts mallocs" 3 "${n:-0}"
  silent= own=0
  for k in $(seq 1 $((n + 2))); do
    out=$(FAIL_MALLOC_AT=$k LD_PRELOAD=$T_TMP/failmalloc.so "$SCHEDSCOPE" $cmd "$TRACE" 2>&1); rc=$?
    grep -q "^schedscope $cmd: out of memory$" <<<"$out" && own=$((own + 1))
    if [ "$out" = "$want" ] && [ $rc -eq $want_rc ]; then continue; fi
    if [ $rc -ne 0 ] && grep -q 'out of memory' <<<"$out"; then continue; fi
    grep -q 'memory ran out while loading' <<<"$out" && continue
    silent+=" malloc $k (status $rc, $(wc -l <<<"$out") lines)"
  done
  check_none "$cmd: a failed malloc is said or harmless" "$n" "$silent"
  check_ge "$cmd: its own allocation's failure is said" 1 "$own"
done
