#!/usr/bin/env bash
# Memory that cannot be had is said (docs/ARCHITECTURE.md). Each malloc or
# realloc (vec_grow() grows every array with it) of a run of flows, why
# (without --pid: the traced tree), stats, dump and critical (the traced
# command's path) is made to fail in turn, by an LD_PRELOAD shim built
# here; every such run must print its whole output as usual, or warn that
# the model is incomplete, or fail saying it ran out of memory. Never a
# shorter output with exit status 0, nor a failure that says nothing
# (dump's used to). flows runs on a trace with counted flows, on one
# without (its channels from the sleeps) and on one with futex waiters: a
# failed realloc used to drop those rows in silence.
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
/* Fails the FAIL_MALLOC_AT-th malloc or realloc; counts them all for
 * FAIL_MALLOC_COUNT. */
static unsigned long calls, fail_at;
static void *(*real_malloc)(size_t);
static void *(*real_realloc)(void *, size_t);
static int fail_now(void)
{
	if (!real_malloc) {
		const char *s = getenv("FAIL_MALLOC_AT");

		real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
		real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
		fail_at = s ? strtoul(s, NULL, 10) : 0;
	}
	return ++calls == fail_at;
}
void *malloc(size_t n)
{
	return fail_now() ? NULL : real_malloc(n);
}
void *realloc(void *p, size_t n)
{
	return fail_now() ? NULL : real_realloc(p, n);
}
__attribute__((destructor)) static void report(void)
{
	if (getenv("FAIL_MALLOC_COUNT"))
		fprintf(stderr, "mallocs: %lu\n", calls);
}
C
cc -shared -fPIC -O2 -o "$T_TMP/failmalloc.so" "$T_TMP/failmalloc.c" -ldl ||
  { fail out-of-memory-shim "the shim did not build"; exit 0; }

CORPUS=$TOP/tests/fuzz/corpus
for run in "flows $TOP/traces/pool.trace" "flows $CORPUS/pool.trace" "flows $CORPUS/lock.trace" \
           "why $TOP/traces/pool.trace" "stats $TOP/traces/pool.trace" "dump $TOP/traces/pool.trace" \
           "critical $TOP/traces/pool.trace"; do
  read -r cmd trace <<<"$run"
  name="$cmd $(basename "$(dirname "$trace")")/$(basename "$trace")"
  want=$("$SCHEDSCOPE" $cmd "$trace" 2>&1); want_rc=$?
  n=$(FAIL_MALLOC_COUNT=1 LD_PRELOAD=$T_TMP/failmalloc.so "$SCHEDSCOPE" $cmd "$trace" 2>&1 >/dev/null |
      sed -n 's/^mallocs: //p')
  check_ge "$name: the shim counts mallocs" 3 "${n:-0}"
  silent= own=0
  for k in $(seq 1 $((n + 2))); do
    out=$(FAIL_MALLOC_AT=$k LD_PRELOAD=$T_TMP/failmalloc.so "$SCHEDSCOPE" $cmd "$trace" 2>&1); rc=$?
    grep -q "^schedscope $cmd: out of memory$" <<<"$out" && own=$((own + 1))
    if [ "$out" = "$want" ] && [ $rc -eq $want_rc ]; then continue; fi
    if [ $rc -ne 0 ] && grep -q 'out of memory' <<<"$out"; then continue; fi
    grep -q 'memory ran out while loading' <<<"$out" && continue
    silent+=" malloc $k (status $rc, $(wc -l <<<"$out") lines)"
  done
  check_none "$name: a failed malloc is said or harmless" "$n" "$silent"
  check_ge "$name: its own allocation's failure is said" 1 "$own"
done

# compare, on two runs, says its own running out as every command does
# ("schedscope compare: out of memory", cli_out_of_memory()), whichever run's
# analyses it was building: it used to have words of its own for that
A=$TOP/traces/lock.trace B=$TOP/traces/pool.trace
n=$(FAIL_MALLOC_COUNT=1 LD_PRELOAD=$T_TMP/failmalloc.so "$SCHEDSCOPE" compare "$A" "$B" 2>&1 >/dev/null |
    sed -n 's/^mallocs: //p')
check_ge "compare: the shim counts mallocs" 3 "${n:-0}"
other= own=0
for k in $(seq 1 $((n + 2))); do
  out=$(FAIL_MALLOC_AT=$k LD_PRELOAD=$T_TMP/failmalloc.so "$SCHEDSCOPE" compare "$A" "$B" 2>&1)
  mine=$(grep '^schedscope compare: .*out of memory' <<<"$out")
  [ -z "$mine" ] && continue
  if [ "$mine" = "schedscope compare: out of memory" ]; then own=$((own + 1)); else other+=" malloc $k: $mine;"; fi
done
check_none "compare: its running out said in the one way" "$n" "$other"
check_ge "compare: its own allocation's failure is said" 2 "$own"

# every export format says its own running out in the one way too
# (xp_out_of_memory(), in cli_out_of_memory()'s words), never silently
for fmt in perfetto json csv pprof folded; do
  n=$(FAIL_MALLOC_COUNT=1 LD_PRELOAD=$T_TMP/failmalloc.so "$SCHEDSCOPE" export "$TOP/traces/pool.trace" -f $fmt \
      -o "$T_TMP/x.$fmt" -q 2>&1 >/dev/null | sed -n 's/^mallocs: //p')
  other= own=0 silent=
  for k in $(seq 1 $((n + 2))); do
    rm -rf "$T_TMP/x.$fmt"
    out=$(FAIL_MALLOC_AT=$k LD_PRELOAD=$T_TMP/failmalloc.so "$SCHEDSCOPE" export "$TOP/traces/pool.trace" -f $fmt \
          -o "$T_TMP/x.$fmt" -q 2>&1); rc=$?
    mine=$(grep '^schedscope export: .*out of memory' <<<"$out")
    [ $rc -eq 0 ] || [ -n "$out" ] || silent+=" malloc $k"
    [ -z "$mine" ] && continue
    if [ "$mine" = "schedscope export: out of memory" ]; then own=$((own + 1)); else other+=" malloc $k: $mine;"; fi
  done
  check_none "export $fmt: a failed malloc is never silent" "${n:-0}" "$silent"
  check_none "export $fmt: its running out said in the one way" "${n:-0}" "$other"
  check_ge "export $fmt: its own allocation's failure is said" 1 "$own"
done
