# Flows are counted per open file in the kernel. A closed file's memory goes
# to the next file at once, across an exec too, so a pipe made after another
# one was closed may sit at the same address: its traffic must be its own,
# not added to the closed pipe's. pipereuse makes a pipe per step (an exec of
# itself between steps), moves step * 100 + 1 bytes through it and closes it.
source "$(dirname "$0")/../lib.sh"
H=$BUILD/tests/helpers

need_root flow-reuse-each-pipe-its-own || exit 0

T=$T_TMP/reuse.trace
taskset -c 0 "$SCHEDSCOPE" record --flows -q -o "$T" -- "$H/pipereuse" 6 > "$T_TMP/reuse.out" 2>/dev/null
root=$("$SCHEDSCOPE" info "$T" | awk '$1 == "pid" { print $2 }')
# per pipe: "pipe:[ino] wrote N read N", from the program and from flows
want=$(awk -v p="$root" '/^PIPE/ { print "pipe:[" $2 "] pipereuse " p " wrote " $3 " B in 1 call|pipereuse " p " read " $3 " B in 1 call" }' \
  "$T_TMP/reuse.out" | sort)
got=$("$SCHEDSCOPE" flows "$T" | awk '
  /^  pipe:/ { ch = $1; next }
  /^    / && ch != "" { sub(/^ +/, ""); line[ch] = line[ch] (line[ch] == "" ? "" : "|") $0; next }
  /^$/ { ch = "" }
  END { for (c in line) print c " " line[c] }' | sort)
check_eq flow-reuse-each-pipe-its-own "$want" "$got"
