# The off-CPU profile of a real recording, read by the real client: `go
# tool pprof` lists the queue lesson's functions, and its total, the folded
# text's and `why`'s blocked time of every traced thread are the same
# nanoseconds. The pool lesson's two worker processes block in the same
# stacks: each is a root of its own, with its own blocked time.
source "$(dirname "$0")/../lib.sh"

need_root profile-pprof-reads profile-pprof-functions profile-pprof-total profile-folded-total \
  profile-folded-reader profile-reason-label profile-pprof-workers profile-folded-workers || exit 0
if ! command -v go > /dev/null; then
  for n in profile-pprof-reads profile-pprof-functions profile-pprof-total profile-reason-label \
    profile-pprof-workers; do
    skip "$n" "needs go (golang-go, scripts/install-deps.sh)"
  done
fi

"$SCHEDSCOPE" run queue --no-ui -q -o "$T_TMP/q.trace" > /dev/null 2>&1
"$SCHEDSCOPE" export "$T_TMP/q.trace" -f pprof -o "$T_TMP/q.pb.gz" -q
"$SCHEDSCOPE" export "$T_TMP/q.trace" -f folded -o "$T_TMP/q.folded" -q

# why's blocked time, every traced thread, every wait
why_ns=0
for tid in $("$SCHEDSCOPE" why "$T_TMP/q.trace" 2>&1 | sed -n 's/^ *[^ ]* \([0-9][0-9]*\),.*/\1/p'); do
  ns=$("$SCHEDSCOPE" why --tsv "$T_TMP/q.trace" --pid "$tid" | awk -F'\t' '$1 == "blocked" { s += $3 } END { printf "%.0f", s }')
  why_ns=$((why_ns + ns))
done

folded_ns=$(awk '{ s += $NF } END { printf "%.0f", s }' "$T_TMP/q.folded")
check_eq profile-folded-total "$why_ns" "$folded_ns"
check_ge profile-folded-reader 1 "$(grep -c '^reader [0-9]*;.*;read_proc;queue_get;read_full;__libc_read;\[pipe read\] [0-9]*$' "$T_TMP/q.folded")"

if command -v go > /dev/null; then
  HOME=${HOME:-$T_TMP} GOCACHE=$T_TMP/gocache go tool pprof -top -unit=ns "$T_TMP/q.pb.gz" > "$T_TMP/top.txt" 2> "$T_TMP/top.err"
  check profile-pprof-reads grep -q '^Type: blocked$' "$T_TMP/top.txt"
  missing=""
  for f in read_full queue_get read_proc write_proc sleep_ms wait_pid main; do
    grep -qE "[0-9]ns +[0-9.]+% +[a-z_]*$f\$|  $f\$" "$T_TMP/top.txt" || missing+=" $f"
  done
  check_none profile-pprof-functions 7 "${missing:+not listed:$missing}"
  total=$(sed -n 's/.*Total samples = \([0-9]*\)ns.*/\1/p' "$T_TMP/top.txt")
  check_eq profile-pprof-total "$why_ns" "$total"
  HOME=${HOME:-$T_TMP} GOCACHE=$T_TMP/gocache go tool pprof -tags "$T_TMP/q.pb.gz" > "$T_TMP/tags.txt" 2>&1
  check profile-reason-label grep -q 'pipe read' "$T_TMP/tags.txt"
fi

# the pool's workers: "PoolWorker-N TGID", each with why's blocked time
"$SCHEDSCOPE" run pool --no-ui -q -o "$T_TMP/p.trace" > /dev/null 2>&1
"$SCHEDSCOPE" export "$T_TMP/p.trace" -f pprof -o "$T_TMP/p.pb.gz" -q
"$SCHEDSCOPE" export "$T_TMP/p.trace" -f folded -o "$T_TMP/p.folded" -q
want="" folded=""
for tid in $("$SCHEDSCOPE" why "$T_TMP/p.trace" 2>&1 | sed -n 's/^ *PoolWorker-[0-9]* \([0-9][0-9]*\),.*/\1/p'); do
  ns=$("$SCHEDSCOPE" why --tsv "$T_TMP/p.trace" --pid "$tid" | awk -F'\t' '$1 == "blocked" { s += $3 } END { printf "%.0f", s }')
  want+="$tid $ns;"
  folded+="$tid $(awk -v t="$tid" '$0 ~ "^PoolWorker-[0-9]* " t ";" { s += $NF } END { printf "%.0f", s }' "$T_TMP/p.folded");"
done
check_eq profile-folded-workers "$want" "$folded"
if command -v go > /dev/null; then
  HOME=${HOME:-$T_TMP} GOCACHE=$T_TMP/gocache go tool pprof -top -unit=ns "$T_TMP/p.pb.gz" > "$T_TMP/ptop.txt" 2>&1
  got=$(for tid in $(sed -n 's/^\([0-9]*\) .*/\1/p' <<<"${want//;/$'\n'}"); do
          awk -v t="$tid" '$NF == t && $(NF-1) ~ /^PoolWorker-/ { sub(/ns$/, "", $4); printf "%s %s;", t, $4 }' "$T_TMP/ptop.txt"
        done)
  check_eq profile-pprof-workers "$want" "$got"
fi
