#!/usr/bin/env bash
# `schedscope export --format svg|html`: a picture of the timeline, drawn
# from the grid the terminal shows. The SVG parses (xmllint); its rows are
# the rows `view --batch` prints for the same frame (same width, same
# height), character for character; the lane labels are in it; the view,
# window and width options do what they say. Colours cell by cell are
# checked in tests/unit/test_ui_svg.c. No root: a reference trace.
source "$(dirname "$0")/../lib.sh"
export LC_ALL=C.UTF-8

cp "$TOP/traces/lock.trace" "$T_TMP/lock.trace"
TR=$T_TMP/lock.trace
if ! command -v xmllint >/dev/null; then
  skip "svg export" "no xmllint (Debian's libxml2-utils; scripts/install-deps.sh)"
  exit 0
fi

# rows FILE: the picture's text, a row a line (blanks at the end trimmed)
rows() {
  local n i
  n=$(xmllint --xpath 'count(//*[local-name()="text"])' "$1")
  for ((i = 0; i < n; i++)); do
    xmllint --xpath "string(//*[local-name()=\"text\"][@id=\"row$i\"])" "$1"   # ends its line
  done
}
height() { echo $(( $(xmllint --xpath 'string(/*/@height)' "$1") / 18 )); }

"$SCHEDSCOPE" export "$TR" --format svg --view cpu -o "$T_TMP/cpu.svg" -q
check_eq "export --format svg exits 0" 0 $?
check "the SVG parses (xmllint)" xmllint --noout "$T_TMP/cpu.svg"
h=$(height "$T_TMP/cpu.svg")
check_ge "rows for the lanes: at least 24" 24 "$h"
check_eq "120 columns by default" 1080 "$(xmllint --xpath 'string(/*/@width)' "$T_TMP/cpu.svg")"
rows "$T_TMP/cpu.svg" > "$T_TMP/cpu.rows"
"$SCHEDSCOPE" view "$TR" --batch --view cpu --size "120x$h" > "$T_TMP/cpu.batch"
# the frame has its h rows, so two empty files cannot compare equal below
check_eq "view --batch gives the frame's $h rows" "$h" "$(wc -l < "$T_TMP/cpu.batch")"
check_eq "the picture has the frame's rows" "$(wc -l < "$T_TMP/cpu.batch")" "$(wc -l < "$T_TMP/cpu.rows")"
check "its text is the frame's text, row by row" diff "$T_TMP/cpu.batch" "$T_TMP/cpu.rows"
check "the CPU lane labels are text" grep -q '^CPU 0 ' "$T_TMP/cpu.rows"
check "the CPU lane labels are text (CPU 1)" grep -q '^CPU 1 ' "$T_TMP/cpu.rows"
check "the lesson's title" grep -q 'schedscope  lock: ' "$T_TMP/cpu.rows"
check "no bitmap in it" bash -c "! grep -q '<image' '$T_TMP/cpu.svg'"

"$SCHEDSCOPE" export "$TR" --format svg --view thread --width 100 -o "$T_TMP/thr.svg" -q
h=$(height "$T_TMP/thr.svg")
rows "$T_TMP/thr.svg" > "$T_TMP/thr.rows"
"$SCHEDSCOPE" view "$TR" --batch --view thread --size "100x$h" > "$T_TMP/thr.batch"
check "--view thread --width 100: the frame's text" diff "$T_TMP/thr.batch" "$T_TMP/thr.rows"
check_eq "--width 100: 100 columns" 900 "$(xmllint --xpath 'string(/*/@width)' "$T_TMP/thr.svg")"
pid=$("$SCHEDSCOPE" dump --tsv "$TR" | awk -F'\t' '$3 == "exec" { print $4; exit }')
check "--view thread: the root's lane label" grep -qE "^lock pid $pid " "$T_TMP/thr.rows"
nlanes=$(grep -cE '^(├.|└.|│ |  )*[A-Za-z0-9-]+ (pid|tid) [0-9]+ ' "$T_TMP/thr.rows")
nthreads=$("$SCHEDSCOPE" view "$TR" --batch --view thread --size 100x200 | grep -cE '^(├.|└.|│ |  )*[A-Za-z0-9-]+ (pid|tid) [0-9]+ ')
check_eq "--view thread: every thread has its lane" "$nthreads" "$nlanes"

"$SCHEDSCOPE" export "$TR" --format svg --window 10ms,20ms -o "$T_TMP/win.svg" -q
check "--window 10ms,20ms: the ruler starts at 0.010s" \
  grep -qE '^[0-9]+us/cell +0\.010' <(rows "$T_TMP/win.svg")

"$SCHEDSCOPE" export "$TR" --format html -q
check "html: FILE.html beside the trace" test -s "${TR%.trace}.html"
check "the HTML page is well-formed (xmllint)" xmllint --noout "$T_TMP/lock.html"
check "the HTML page holds the SVG" grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$T_TMP/lock.html"

out=$("$SCHEDSCOPE" export "$TR" --format svg -o - -q | xmllint --xpath 'string(//*[@id="row0"])' -)
check "-o - writes the SVG to stdout" grep -q 'schedscope  lock' <<<"$out"

"$SCHEDSCOPE" export "$TR" --format svg --width 40 -o "$T_TMP/x.svg" >/dev/null 2>&1
check_eq "--width 40 is a usage error" 2 $?
"$SCHEDSCOPE" export "$TR" --view thread -o "$T_TMP/x.pftrace" >/dev/null 2>&1
check_eq "--view without svg or html is a usage error" 2 $?
"$SCHEDSCOPE" export "$TR" --format svg --pid 1 -o "$T_TMP/x.svg" >/dev/null 2>&1
check_eq "--pid with svg is a usage error" 2 $?
check "no picture was left by the refused runs" test ! -e "$T_TMP/x.svg"

# under sudo the picture is the invoking user's (the export runs as that user)
if [ "$(id -u)" -ne 0 ]; then
  skip "under sudo, the picture is the user's" "needs root"
else
  chmod 777 "$T_TMP"; chmod 644 "$TR"
  SUDO_UID=65534 SUDO_GID=65534 SUDO_USER=nobody "$SCHEDSCOPE" export "$TR" --format svg -o "$T_TMP/sudo.svg" -q
  check_eq "under sudo, the picture is the user's" 65534 "$(stat -c %u "$T_TMP/sudo.svg" 2>/dev/null)"
fi

# the summary names the view drawn: a lesson's trace opens in its lesson's
# view (thread lanes for lock), which it said was "the CPU view"
said=$("$SCHEDSCOPE" export "$TR" --format svg -o "$T_TMP/lesson.svg" 2>&1)
check_eq "the summary says the lesson's view, drawn" "thread view" "$(grep -o '[a-zA-Z]* view$' <<<"$said")"
check "the picture is that view" grep -q 'thread view (Tab: CPUs)' "$T_TMP/lesson.svg"
# and export's and view's help say so
check "export's help: a lesson's own view by default" grep -q "the view to draw (default: a lesson's own," \
  <<<"$("$SCHEDSCOPE" export --help)"
check "view's help: a lesson's own view by default" grep -q "the view to start in (default: a lesson's own, else cpu)" \
  <<<"$("$SCHEDSCOPE" view --help)"
