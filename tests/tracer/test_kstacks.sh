# Kernel stacks at the sleeps the user stack cannot explain, on the real
# kernel: a program that sleeps in D state for sure (tests/helpers/dread.c:
# it drops its file's pages from the page cache, then reads them back with
# pread and through a mapping) is recorded with --stacks. Its reads must be
# told with the kernel functions they slept in, verified on this kernel
# (6.18): a pread waits in io_schedule <- folio_wait_bit_common <-
# filemap_get_pages <- filemap_read, a page fault in ... <- filemap_fault <-
# __do_fault. Sleeps in S state inside a syscall (sh's wait4, sleep's
# clock_nanosleep) take no kernel stack: that is the hot path, kept as it was.
# The off-CPU profiles (folded, pprof read by `go tool pprof`) put those
# kernel frames, marked _[k], below the user frames that made the call, and
# still sum to why's blocked time; dump names the stacks by id.
source "$(dirname "$0")/../lib.sh"
H=$BUILD/tests/helpers
GO_NAMES="kstacks-pprof-kernel kstacks-pprof-total"
NAMES="kstacks-summary kstacks-version kstacks-pread kstacks-fault kstacks-fault-said kstacks-s-sleeps-none
  kstacks-perfetto kstacks-perfetto-fault kstacks-folded-pread kstacks-folded-fault kstacks-folded-total
  kstacks-dump-ids $GO_NAMES kstacks-off"
need_root $NAMES || exit 0

# The file must be on a disk: a read from tmpfs never waits.
DATA=$T_TMP
if [ "$(stat -f -c %T "$DATA")" = tmpfs ]; then
  DATA=$(mktemp -d /var/tmp/schedscope-kstacks.XXXXXX)
  trap 'rm -rf "$T_TMP" "$DATA"' EXIT
fi
if [ "$(stat -f -c %T "$DATA")" = tmpfs ]; then
  for n in $NAMES; do skip "$n" "no disk-backed directory to read from (TMPDIR and /var/tmp are tmpfs)"; done
  exit 0
fi

"$SCHEDSCOPE" record --stacks -o "$T_TMP/d.trace" -- sh -c "'$H/dread' '$DATA/f'; sleep 0.02" 2> "$T_TMP/rec.err"
n=$(sed -n 's/^ *kstacks *\([0-9]*\) distinct kernel stacks\{0,1\} .*/\1/p' "$T_TMP/rec.err")
check_ge kstacks-summary 2 "${n:-0}"
check_eq kstacks-version "schedscope trace version 2" \
  "$("$SCHEDSCOPE" info "$T_TMP/d.trace" | sed -n 's/^format *\(schedscope trace version [0-9]*\),.*/\1/p')"

# every blocked interval of the traced threads: "name<TAB>syscall<TAB>sentence<TAB>ns"
"$SCHEDSCOPE" why "$T_TMP/d.trace" 2>&1 | sed -n 's/^ *\([^ ]*\) \([0-9][0-9]*\),.*/\1 \2/p' |
while read -r name tid; do
  "$SCHEDSCOPE" why --tsv "$T_TMP/d.trace" --pid "$tid" |
    awk -F'\t' -v name="$name" '$1 == "blocked" { w = $NF; sub(/; woken .*/, "", w); print name "\t" $9 "\t" w "\t" $3 }'
done > "$T_TMP/waits"

# the kernel's words of NAME's waits in SYSCALL ("-": outside any syscall)
kwords() {
  awk -F'\t' -v n="$1" -v s="$2" '$1 == n && $2 == s && match($3, / in the kernel, uninterruptibly \(D\): .*/) {
    print substr($3, RSTART + 37) }' "$T_TMP/waits"
}
preads=$(kwords dread pread)
check_ge kstacks-pread 1 "$(grep -c '^io_schedule <- folio_wait_bit_common <- filemap_get_pages <- filemap_read$' <<<"$preads")"
faults=$(kwords dread -)
check_ge kstacks-fault 1 "$(grep -c '^io_schedule <- folio_wait_bit_common <- filemap_fault <- __do_fault$' <<<"$faults")"
# and the kernel stack makes "outside any syscall" a page fault for sure
check_ge kstacks-fault-said 1 "$(awk -F'\t' '$1 == "dread" && $2 == "-"' "$T_TMP/waits" |
  grep -c '^dread.-.blocked [0-9.]* [mu]*s asleep in a page fault (outside any syscall) in ')"
# sh's wait4 and sleep's clock_nanosleep: asleep in S, in a syscall
s_waits=$(awk -F'\t' '($1 == "sh" && $2 == "wait4") || ($1 == "sleep" && $2 == "clock_nanosleep")' "$T_TMP/waits")
check_none kstacks-s-sleeps-none "$(count "$s_waits")" "$(grep 'in the kernel' <<<"$s_waits")"

# the Perfetto export's wait slices carry all the frames
"$SCHEDSCOPE" export --format perfetto -o "$T_TMP/d.pftrace" "$T_TMP/d.trace" 2>/dev/null
check kstacks-perfetto grep -aq 'io_schedule <- folio_wait_bit_common <- filemap_get_pages <- filemap_read <- vfs_read' \
  "$T_TMP/d.pftrace"
# and a page fault's sleep is a slice of its own, one for each that why says
# (at least one: kstacks-fault-said)
faults_said=$(awk -F'\t' '$2 == "-"' "$T_TMP/waits" | grep -c 'asleep in a page fault (outside any syscall)')
fault_slices=$(protoc --proto_path="$TOP/tests/export" --decode=schedscope.perfetto.Trace \
  "$TOP/tests/export/perfetto_subset.proto" < "$T_TMP/d.pftrace" |
  awk -f "$TOP/tests/export/pftrace_events.awk" | grep -c ' K [0-9]* 1 wait - - page fault$')
check_eq kstacks-perfetto-fault "$faults_said page-fault slices" "$fault_slices page-fault slices"

# the off-CPU profiles: the user frames down to the call, then the kernel's
# from the syscall entry (or the fault) in to io_schedule, then the reason
"$SCHEDSCOPE" export -q -f folded -o "$T_TMP/d.folded" "$T_TMP/d.trace"
"$SCHEDSCOPE" export -q -f pprof -o "$T_TMP/d.pb.gz" "$T_TMP/d.trace"
check_ge kstacks-folded-pread 1 "$(grep -c '^dread [0-9]*;.*;main;__libc_pread64;[^;]*_\[k\];.*;filemap_read_\[k\];filemap_get_pages_\[k\];folio_wait_bit_common_\[k\];io_schedule_\[k\];\[other syscall\] [0-9]*$' \
  "$T_TMP/d.folded")"
check_ge kstacks-folded-fault 1 "$(grep -c '^dread [0-9]*;.*;main;asm_exc_page_fault_\[k\];.*;__do_fault_\[k\];filemap_fault_\[k\];folio_wait_bit_common_\[k\];io_schedule_\[k\];\[sleep outside a syscall\] [0-9]*$' \
  "$T_TMP/d.folded")"
why_ns=$(awk -F'\t' '{ s += $4 } END { printf "%.0f", s }' "$T_TMP/waits")
check_eq kstacks-folded-total "$why_ns" "$(awk '{ s += $NF } END { printf "%.0f", s }' "$T_TMP/d.folded")"
# dump: each pread's sleep names both its stacks
check_ge kstacks-dump-ids 4 "$("$SCHEDSCOPE" dump --kind block "$T_TMP/d.trace" |
  grep -c ' dread:[0-9]* sleeps in pread([^)]*) (user stack [1-9][0-9]*, kernel stack [1-9][0-9]*)$')"
if command -v go > /dev/null; then
  # each sample's frames, innermost first, as one line
  HOME=${HOME:-$T_TMP} GOCACHE=$T_TMP/gocache go tool pprof -traces "$T_TMP/d.pb.gz" 2> "$T_TMP/traces.err" |
    awk '/^-+\+/ { if (s != "") print s; s = ""; next } NF && !/^ *[a-z]+: / { s = s ";" $NF } END { print s }' \
    > "$T_TMP/traces.txt"
  check_ge kstacks-pprof-kernel 1 "$(grep -c ';io_schedule_\[k\];folio_wait_bit_common_\[k\];filemap_get_pages_\[k\];filemap_read_\[k\];.*_\[k\];__libc_pread64;main;' \
    "$T_TMP/traces.txt")"
  HOME=${HOME:-$T_TMP} GOCACHE=$T_TMP/gocache go tool pprof -top -unit=ns "$T_TMP/d.pb.gz" > "$T_TMP/top.txt" 2>&1
  check_eq kstacks-pprof-total "$why_ns" "$(sed -n 's/.*Total samples = \([0-9]*\)ns.*/\1/p' "$T_TMP/top.txt")"
else
  for n in $GO_NAMES; do skip "$n" "needs go (golang-go, scripts/install-deps.sh)"; done
fi

# without --stacks: no kernel stacks, and the file stays version 1
"$SCHEDSCOPE" record -q -o "$T_TMP/n.trace" -- "$H/dread" "$DATA/g" 2>/dev/null
check_eq kstacks-off "version 1, no kernel words" \
  "$("$SCHEDSCOPE" info "$T_TMP/n.trace" | sed -n 's/^format *schedscope trace \(version [0-9]*\),.*/\1/p'), $(
    "$SCHEDSCOPE" why --pid "$(sed -n 's/^ *dread \([0-9]*\),.*/\1/p' <("$SCHEDSCOPE" why "$T_TMP/n.trace" 2>&1))" \
      "$T_TMP/n.trace" | grep -q 'in the kernel' && echo "kernel words" || echo "no kernel words")"
