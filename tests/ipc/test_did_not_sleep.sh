# A wait that did not sleep (woken as it went to sleep: the lock released
# as its waiter blocked on it) is one rule, ss_gap_did_not_sleep(): why's
# sentences, why's header, flows' futex rows and stats' line under the
# blocked time count the same waits, on the lock lesson's reference trace
# (no root needed). Each used to count them as times blocked.
source "$(dirname "$0")/../lib.sh"

T=$TOP/traces/lock.trace
tids=$("$SCHEDSCOPE" why "$T" 2>&1 | sed -n 's/^ *Thread-[0-9]* \([0-9]*\), a thread .*/\1/p')
flows=$("$SCHEDSCOPE" flows "$T")
sum=0
for t in $tids; do
  w=$("$SCHEDSCOPE" why "$T" --pid "$t")
  said=$(grep -c '^ *[0-9.]*s  did not sleep' <<<"$w")
  head=$(sed -n '1s/.*(and \([0-9]*\) waits\{0,1\} that did not sleep).*/\1/p' <<<"$w")
  row=$(awk -v t="$t" '$1 == "waiter" && $3 == t && $4 == "lock" { if (match($0, /\(and [0-9]+ waits? that did not sleep\)/)) { s = substr($0, RSTART + 5); sub(/ .*/, "", s); print s } }' <<<"$flows")
  check_eq "did-not-sleep: thread $t: why's header and flows count its sentences" "$said|$said" "$head|$row"
  sum=$((sum + said))
done
check_eq "did-not-sleep: stats counts them all, apart" "$sum" \
  "$("$SCHEDSCOPE" stats "$T" | sed -n 's/^  and \([0-9]*\) waits\{0,1\} that did not sleep (woken as they went to sleep): lock [0-9]*$/\1/p')"
