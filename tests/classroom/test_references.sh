#!/usr/bin/env bash
# The lessons' reference traces in traces/: each passes its lesson's checks,
# is small, names no directory of the machine it was made on, and opens in
# why, flows and every exporter without root (as root, these run as nobody).
# A reference not recorded yet is a SKIP that says how to make it.
#
# Then `make lessons`'s rule, as root: with other tasks spinning on every CPU
# a run is refused, by the share of the CPUs the trace itself shows, and the
# earlier reference stays byte for byte; on a quiet machine a run is kept and
# checks (on a busy one that part is a SKIP with the share measured).
source "$(dirname "$0")/../lib.sh"

REFS=${SCHEDSCOPE_TRACE_DIR:-$TOP/traces}   # another folder of references: for trying this test
mapfile -t names < <("$SCHEDSCOPE" lesson | awk '/^[a-z]/ { print $1 }')
check_ge "the lessons are listed" 12 "${#names[@]}"

# as_nobody CMD...: CMD without root (nobody) when we are root, as is otherwise
as_nobody() {
  if is_root; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}
# a short window far into the run: two moments to the microsecond, not one twice
check_eq "lock: shown first is a window, not one moment twice" "shown first: 0.020679s to 0.020724s" \
  "$("$SCHEDSCOPE" check "$TOP/traces/lock.trace" | grep -o '^shown first: [^,]*')"

out=$T_TMP/out
chmod 755 "$T_TMP"
mkdir -m 777 "$out"

for n in "${names[@]}"; do
  f=$REFS/$n.trace
  if [ ! -f "$f" ]; then
    for what in "is the lesson it is named" "checks pass" "small" "names no directory of this machine" "why, flows, export without root"; do
      skip "$n: $what" "no reference trace yet: 'make lessons' (root, a quiet machine) records traces/$n.trace"
    done
    continue
  fi
  verdicts=$(as_nobody "$SCHEDSCOPE" check --tsv "$f" 2>&1)
  vrc=$?
  # its checks are its lesson's: lost-update is lock --no-lock's
  want=$n.
  [ "$n" = lost-update ] && want=lock.lost_update
  check_eq "$n: is the lesson it is named" "$want" "$(awk -F'\t' -v w="$want" 'index($1, w) == 1 { print w; exit }' <<<"$verdicts")"
  check_eq "$n: checks pass" "0 pass" "$vrc $(cut -f2 <<<"$verdicts" | sort -u | tr '\n' ' ' | sed 's/ $//')"
  size=$(stat -c %s "$f")
  check "$n: small" [ "$size" -le 102400 ]
  cmd=$("$SCHEDSCOPE" info "$f" | awk '$1 == "command" { print $2 }')
  check_eq "$n: names no directory of this machine" "build/scenarios/ 0" \
    "${cmd%/*}/ $(grep -ac -e "$TOP" -e "$HOME" "$f")"
  root=$("$SCHEDSCOPE" info "$f" | awk '$1 == "pid" { print $2 }')
  rcs=""
  as_nobody "$SCHEDSCOPE" why "$f" --pid "$root" >"$out/why" 2>&1; rcs+="why=$?:$(test -s "$out/why" && echo out) "
  as_nobody "$SCHEDSCOPE" flows "$f" >"$out/flows" 2>&1; rcs+="flows=$? "
  for fmt in perfetto json csv; do
    as_nobody "$SCHEDSCOPE" export "$f" --format "$fmt" -o "$out/$n.$fmt" >/dev/null 2>&1
    rcs+="$fmt=$?:$(test -s "$out/$n.$fmt" -o -s "$out/$n.$fmt/tasks.csv" && echo out) "
  done
  check_eq "$n: why, flows, export without root" "why=0:out flows=0 perfetto=0:out json=0:out csv=0:out " "$rcs"
done

NAMES=("the rule: a busy machine's run is refused by its own figures" "the rule: the earlier reference stays"
  "the rule: a quiet machine's run is kept, and checks")
need_root "${NAMES[@]}" || exit 0

# ---- refused: other tasks spin on every CPU while fork is recorded ----
dir=$T_TMP/refs && mkdir "$dir"
echo "the earlier reference" >"$dir/fork.trace"
spinners=()
for _ in $(seq "$(nproc)"); do
  sh -c 'while :; do :; done' &
  spinners+=($!)
done
(cd "$TOP" && "$SCHEDSCOPE" lesson --record-references "$dir" fork --tries 1) >"$T_TMP/busy" 2>&1
rc=$?
kill "${spinners[@]}" 2>/dev/null
wait "${spinners[@]}" 2>/dev/null
share=$(sed -n 's/.*other tasks took \([0-9]*\)%\( and the host [0-9]*%\)\{0,1\} of the CPUs (at most 10%).*/\1/p' "$T_TMP/busy" | head -n1)
check_eq "the rule: a busy machine's run is refused by its own figures" \
  "1 refused over 10|fork not kept; the earlier reference stays|0 of 1 references kept" \
  "$rc $(grep -q 'try 1: refused' "$T_TMP/busy" && echo refused) $([ "${share:-0}" -gt 10 ] && echo over 10)|$(tail -n2 "$T_TMP/busy" | tr -s ' ' | paste -sd'|')"
check_eq "the rule: the earlier reference stays" "the earlier reference|fork.trace" \
  "$(cat "$dir/fork.trace")|$(ls -A "$dir" | tr '\n' ' ' | sed 's/ $//')"

# ---- kept, on a quiet machine ----
dir=$T_TMP/quiet && mkdir "$dir"
(cd "$TOP" && "$SCHEDSCOPE" lesson --record-references "$dir" threads --tries 2) >"$T_TMP/quiet.out" 2>&1
if grep -q 'kept' "$T_TMP/quiet.out" && [ -f "$dir/threads.trace" ]; then
  "$SCHEDSCOPE" check "$dir/threads.trace" >/dev/null 2>&1
  check_eq "the rule: a quiet machine's run is kept, and checks" "0 build/scenarios/threads --pause-ms 20" \
    "$? $("$SCHEDSCOPE" info "$dir/threads.trace" | sed -n 's/^command *//p')"
elif awk '/refused:/ { split($0, w, "refused: "); split(w[2], x, " "); n++; if (x[1] != x[3]) bad = 1 }
           END { exit bad || !n }' "$T_TMP/quiet.out"; then
  # refused with every check passed: for the share of the CPUs (or the size it brings)
  skip "the rule: a quiet machine's run is kept, and checks" \
    "the machine is busy: $(grep -oE '(other tasks|the host) took [0-9]+%( and the host [0-9]+%)?' "$T_TMP/quiet.out" | paste -sd, -)"
else
  fail "the rule: a quiet machine's run is kept, and checks" "$(tr '\n' ' ' <"$T_TMP/quiet.out")"
fi
