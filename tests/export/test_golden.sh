# The golden bytes in tests/unit/test_export_perfetto.c are protoc's encoding
# of the hand-written tests/export/golden_*.txtpb, not our encoder's output.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

for g in golden:golden_small golden_exec:golden_exec; do
  mark=${g%%:*} file=${g#*:}
  want=$(protoc --proto_path="$EXPORT_T" --encode=schedscope.perfetto.Trace "$SUBSET" \
    < "$EXPORT_T/$file.txtpb" | od -An -v -tx1 | tr -d ' \n')
  got=$(sed -n "/\/\* $mark-begin/,/\/\* $mark-end/p" "$TOP/tests/unit/test_export_perfetto.c" |
    grep -o '0x[0-9a-f][0-9a-f]' | sed 's/0x//' | tr -d '\n')
  check_ge "$file-not-empty" 100 "${#want}"
  check_eq "$file-is-protoc-encoding" "$want" "$got"
done
