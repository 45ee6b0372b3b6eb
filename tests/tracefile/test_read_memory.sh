# The commands that stream a trace (info, the exports) read it in constant
# memory: the reader gives back each chunk's pages once read. Their peak RSS
# on 8 million events may exceed that on 1 million by 1 MiB at most, while
# the file grows by 40 MiB. (It once grew by 2.5 MiB: the kernel's
# fault-around mapped back pages already given back.) Synthetic input
# (bench/gen_trace), labelled as such in its header. Figures: bench/read_memory.sh.
source "$(dirname "$0")/../lib.sh"

TIME=/usr/bin/time
GEN=$BUILD/bench/gen_trace
if [ -n "${SCHEDSCOPE_SANITIZED:-}" ]; then
  skip read-memory "a sanitizer's shadow memory and quarantine are most of the RSS"
  exit 0
fi
[ -x "$TIME" ] || { skip read-memory "needs GNU time (package time: scripts/install-deps.sh)"; exit 0; }
"$GEN" "$T_TMP/small.trace" 1000000 2 8 >/dev/null && "$GEN" "$T_TMP/large.trace" 8000000 2 8 >/dev/null ||
  { fail read-memory-input "gen_trace failed"; exit 0; }

peak_kib() { "$TIME" -f %M -o "$T_TMP/rss" "$@" >/dev/null 2>&1 && cat "$T_TMP/rss"; }

grow=$(( $(stat -c %s "$T_TMP/large.trace") - $(stat -c %s "$T_TMP/small.trace") ))
check_ge read-memory-file-grows $(( 39 << 20 )) "$grow"
for cmd in "info" "export -q -f perfetto -o -" "export -q -f json -o -"; do
  name=read-memory-$(tr ' ' '\n' <<<"$cmd" | grep -v '^-' | tr '\n' '-' | sed 's/-$//')
  small=$(peak_kib "$SCHEDSCOPE" $cmd "$T_TMP/small.trace")
  large=$(peak_kib "$SCHEDSCOPE" $cmd "$T_TMP/large.trace")
  if [ -z "$small" ] || [ -z "$large" ]; then
    fail "$name" "schedscope $cmd failed"
  elif [ $(( large - small )) -le 1024 ]; then
    pass "$name"
  else
    fail "$name" "peak RSS ${small} KiB on 1M events, ${large} KiB on 8M"
  fi
done
