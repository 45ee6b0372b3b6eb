# Shared by the recording benchmarks. Source it; do not run it.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${BUILD:-$TOP/build}
SS=${SCHEDSCOPE:-$B/schedscope}
TMP=$(mktemp -d /tmp/schedscope-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# perf bench prints "Total time: 2.709 [sec]"
total() { awk '/Total time:/ {print $3}'; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
# "min median max" of the numbers on stdin, with fmt (printf) for each.
spread() {
  sort -g | awk -v f="${1:-%.3f}" '{v[NR]=$1} END {
    m = (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2
    printf f " " f " " f "\n", v[1], m, v[NR] }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{print a/b}'; }
need_root_bench() { [ "$(id -u)" -eq 0 ] || { echo "$1: needs root"; exit 1; }; }
# The recorders the pipe benchmark compares: schedscope and the limit rows.
LIMITS=$B/bench/limits
# need_recorders NAME TOOL...: ends NAME (exit 0, saying why) unless both are
# built and every TOOL is installed.
need_recorders() {
  local name=$1 x
  shift
  for x in "$SS" "$LIMITS"; do
    [ -x "$x" ] || { echo "$name: skipped: $x is not built (make; it needs clang and bpftool)"; exit 0; }
  done
  for x in "$@"; do
    command -v "$x" >/dev/null || { echo "$name: skipped: needs $x"; exit 0; }
  done
}
