#!/usr/bin/env bash
# util/fmt.h's fmt_count() is the one plural rule of every message: no
# message spells its own "s" or "es" after a count (a hand-rolled plural is
# where "1 processes" or "0 segment" comes back).
source "$(dirname "$0")/../lib.sh"

files=$(cd "$TOP" && ls cli/*.c ui/*.c tracer/*.c model/*.c export/*.c live/*.c lessons/*.c symbols/*.c 2>/dev/null)
own=$(cd "$TOP" && grep -nE '(== ?1|!= ?1) \? "(e?s)?" : "(e?s)?"' $files)
check_none "no hand-rolled plurals" "$(wc -l <<<"$files")" "$own"

# What the rule gives, in two messages that used to spell their own.
TRACE=$TOP/traces/pool.trace
check_eq "critical: segments and hand-offs counted" \
  "critical path of pool 3842 from 0.021188s to 0.373375s (352 ms): 23 segments, 5 hand-offs" \
  "$("$SCHEDSCOPE" critical --pid 3842 "$TRACE" | head -1)"
check_ge "stats: the tail's waits counted" 1 \
  "$("$SCHEDSCOPE" stats "$TRACE" | grep -cE 'the tail, at or above p99 \((1 wait|[0-9]+ waits)\)')"
