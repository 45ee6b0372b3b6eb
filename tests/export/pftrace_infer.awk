# Reads pftrace_events.awk's lines sorted per CPU in the importer's order
# (sort -k1,1 -k2,2n -k3,3n), does what Perfetto's importer does with compact
# sched (a switch's prev is the task the CPU's previous switch left running; a
# waking's waker is the task running on its CPU; the first compact switch of a
# CPU is dropped), and prints the events in `schedscope dump --tsv` terms:
#   TS CPU switch PREV NEXT STATE      TS CPU waking WAKER WAKEE TARGET
#   TS CPU wakeup_new WAKER WAKEE T    TS CPU fork PARENT CHILD thread|process
#   TS CPU exec PID OLD                TS CPU exit PID
#   TS CPU migrate PID ORIG DEST       CPU lost
#   TS CPU free PID                    TS CPU newtask CHILD
#   TS CPU rename PID                  TS - marker TID NAME
#   TS - wait TID TYPE FLOW TFLOW NAME (a TrackEvent of category "wait": a sleep
#                                      begins (1), ends (2); instants (3) carry flows)
#   TS - signal TID TYPE FLOW TFLOW NAME    (category "signal": instants with a flow)
#   TS - channel UUID TYPE - - NAME    (category "channel": a slice per writer and
#                                      reader on a channel's track, UUID)
#   TS - interrupts UUID TYPE - - NAME (category "interrupts": a slice per CPU on
#                                      its track under "Interrupts", UUID)
#   TS CPU dropped-switch NEXT         TS CPU dropped-waking WAKEE (compact, nothing running known)
#   name TID NAME                      (a thread named by ProcessTree, task_newtask or task_rename)
function state(v) {
  return v == 0 ? "R" : v == 1 ? "S" : v == 2 ? "D" : v == 4 ? "T" : v == 8 ? "t" : v == 16 ? "X" : \
         v == 32 ? "Z" : v == 64 ? "P" : v == 128 ? "I" : v == 256 ? "R+" : "?" v
}
$1 == "-" {
  if ($4 == "T" && $7 != "-") print "name", $5, $7
  if ($4 == "D") track[$5] = $6
  if ($4 == "K") {
    tid = $5 in track ? track[$5] : "?"
    name = $10; for (i = 11; i <= NF; i++) name = name " " $i
    # a slice's end has no category: it is its begin's (the track's open slice)
    cat = $7
    if ($6 == 1) open_cat[$5, ++depth[$5]] = cat
    if ($6 == 2) cat = depth[$5] > 0 ? open_cat[$5, depth[$5]--] : "?"
    if (cat == "wait" || cat == "signal") print $2, "-", cat, tid, $6, $8, $9, name
    else if (cat == "channel" || cat == "interrupts") print $2, "-", cat, $5, $6, "-", "-", name
    else print $2, "-", "marker", tid, name
  }
  next
}
{
  cpu = $1; ts = $2; k = $4
  if (k == "S") {
    prev = $5
    if (prev == "-") {
      if (!(cpu in cur)) { print ts, cpu, "dropped-switch", $6; cur[cpu] = $6; next }
      prev = cur[cpu]
    }
    print ts, cpu, "switch", prev, $6, state($7)
    cur[cpu] = $6
  } else if (k == "W") {
    waker = $5
    if (waker == "-") {
      if (!(cpu in cur)) { print ts, cpu, "dropped-waking", $6; next }
      waker = cur[cpu]
    }
    print ts, cpu, "waking", waker, $6, $7
  } else if (k == "U") print ts, cpu, "wakeup_new", $5, $6, $7
  else if (k == "N") { flags[$6] = $7; print ts, cpu, "newtask", $6; print "name", $6, $8 }
  else if (k == "F") print ts, cpu, "fork", $5, $6, (int(flags[$6] / 65536) % 2 ? "thread" : "process")
  else if (k == "E") print ts, cpu, "exec", $5, $6
  else if (k == "X") print ts, cpu, "exit", $5
  else if (k == "R") print ts, cpu, "free", $5
  else if (k == "M") print ts, cpu, "migrate", $6, $7, $8
  else if (k == "A") { print ts, cpu, "rename", $5; print "name", $5, $6 }
  else if (k == "L") print cpu, "lost"
}
