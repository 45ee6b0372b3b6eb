# The sentence audit: every claim of every `why` sentence checked against the
# raw events of the same trace (`dump --tsv`), by rules written here, apart
# from the model's. Run with -F'\t':
#   awk -F'\t' -v kthreads="15 40" -f sentence_audit.awk DUMP.tsv WHY.tsv
# WHY.tsv: "tid<TAB>" before each line of `why --tsv --pid tid`.
# Prints "BAD <what>: <line>" for each claim the events do not bear out, and
# last "checked N sentences, R runnable intervals, B bad".
#
# A sentence may name a waker only if the events show it running the waking
# code: in the syscall that wakes (a write into the channel, a futex wake, an
# execve that ends a vfork, a close of a pipe's end, a kill), or exiting. When
# nothing shows that (an untraced waker, a kernel thread, an unrelated
# syscall), the sentence must say an interrupt may have done it instead.
# When the events show an interrupt context woke it (a waker event of cause
# timer, hardirq or softirq), the sentence names that context and no task:
# whoever the interrupt interrupted did not wake anybody.

function fdur(ns,    v, u) {
	if (ns < 1000)
		return ns " ns"
	# the unit and the digits from the value rounded to three digits, as
	# fmt_dur() does: 99,999 ns is "100 us", 999,999 ns "1.00 ms"
	if (ns >= 999500000) { v = ns / 1e9; u = "s" }
	else if (ns >= 999500) { v = ns / 1e6; u = "ms" }
	else { v = ns / 1e3; u = "us" }
	return sprintf(v >= 99.95 ? "%.0f %s" : v >= 9.995 ? "%.1f %s" : "%.2f %s", v, u)
}

function bad(what) {
	nbad++
	if (nbad <= 40)
		print "BAD " what ": " $0
}

# The reason the rules of this file expect for a sleep in syscall sc on a
# channel of kind ck, ended as how says.
function expected(sc, ck, how) {
	if (sc ~ /^(read|readv|pread64|preadv)$/)
		return ck == "pipe" ? "pipe read" : ck ~ /^(unix|tcp|udp|socket)$/ ? "recv" : "I/O"
	if (sc ~ /^(write|writev|pwrite64|pwritev)$/)
		return ck == "pipe" ? "pipe write-full" : ck ~ /^(unix|tcp|udp|socket)$/ ? "send-full" : "I/O"
	if (sc ~ /^(recvfrom|recvmsg|recvmmsg)$/) return "recv"
	if (sc ~ /^(sendto|sendmsg|sendmmsg)$/) return "send-full"
	if (sc ~ /^futex/) return how == "exited" ? "join/wait" : "lock"
	if (sc ~ /^(nanosleep|clock_nanosleep)$/) return "sleep"
	if (sc ~ /^(wait4|waitid)$/) return "join/wait"
	if (sc ~ /^(accept|accept4)$/) return "accept"
	if (sc == "connect") return "connect"
	if (sc ~ /^(poll|ppoll|select|pselect6|epoll_wait|epoll_pwait|epoll_pwait2)$/) return "poll"
	if (sc == "mq_timedreceive") return "queue get"
	if (sc == "mq_timedsend") return "queue put-full"
	if (sc ~ /^(pause|rt_sigsuspend|rt_sigtimedwait)$/) return "signal wait"
	if (sc == "vfork") return "vfork"
	if (sc ~ /^clone3?$/) return how == "child exec'd" || how == "exited" ? "vfork" : "other syscall"
	return "other syscall"
}

# The pid a sentence names after one of its waker phrases, or "".
function named(text, phrase,    i, rest) {
	i = index(text, phrase)
	if (!i)
		return ""
	rest = substr(text, i + length(phrase))
	if (!match(rest, / [0-9]+([ :,);]|$)/))
		return ""
	return substr(rest, RSTART + 1, RLENGTH - 1) + 0 ""
}

BEGIN {
	n = split(kthreads, k, " ")
	for (i = 1; i <= n; i++)
		kt[k[i]] = 1
}

# ---- the events ----
FNR == NR {
	ts = $1; kind = $3; pid = $4
	if (kind == "switch") {
		out_state[ts SUBSEP pid] = $6
		in_cpu[ts SUBSEP $5] = $2
		ins[$5] = ins[$5] " " ts
	} else if (kind == "waking" || kind == "wakeup_new") {
		woke[ts SUBSEP $5 SUBSEP pid] = 1
		wakings[$5] = wakings[$5] " " ts ":" pid
	} else if (kind == "block") {
		bsys[ts SUBSEP pid] = $5
		bkind[ts SUBSEP pid] = $8
		bchan[ts SUBSEP pid] = $9
		bname[ts SUBSEP pid] = $10
	} else if (kind == "waker") {
		key = ts SUBSEP pid SUBSEP $5
		wcause[key] = $6
		wsys[key] = $7
		wchan[key] = $11
		wctx[key] = $7
	} else if (kind == "signal" && $7 == "sent" && $8 == 0) {
		sent[pid SUBSEP $5] = sent[pid SUBSEP $5] " " ts
	}
	next
}

# ---- the sentences ----
$2 == "runnable" {
	nrun++
	end = sprintf("%.0f", $3 + $4)
	if (!((end SUBSEP $1) in in_cpu) || in_cpu[end SUBSEP $1] != $5)
		bad("runnable: no switch-in of " $1 " on CPU " $5 " at its end")
	next
}

$2 != "blocked" { next }

{
	tid = $1; start = $3; dur = $4 + 0; reason = $5; chan = $6; waker = $7; how = $8
	sc = $10; wsc = $11; text = $12
	nsent++
	end = sprintf("%.0f", start + dur)
	bk = start SUBSEP tid

	# it went to sleep then, asleep
	if (!(bk in out_state) || out_state[bk] !~ /^(S|D|I)$/)
		bad("no switch-out asleep at the start")
	# it was woken then, by that waker (or, "did not sleep", just before)
	if (waker != 0 || how != "unknown") {
		if (dur > 0 && !((end SUBSEP tid SUBSEP waker) in woke))
			bad("no waking by " waker " at the end")
		if (dur == 0 && index(wakings[tid], ":" waker) == 0)
			bad("no waking by " waker)
	} else if (text !~ /no wakeup was seen/)
		bad("a wakeup told where none was seen")

	# the reason, from the syscall it slept in
	if (tid in kt) {
		want = out_state[bk] == "D" ? "sleep outside a syscall" : "waiting for work"
	} else if (bk in bsys && bsys[bk] != "-") {
		want = expected(bsys[bk], bkind[bk], how)
		if (sc != bsys[bk])
			bad("syscall " sc ", the events say " bsys[bk])
		if (bkind[bk] != "none" && chan != bchan[bk])
			bad("channel " chan ", the events say " bchan[bk])
		if (bkind[bk] == "pipe" && index(text, bname[bk]) == 0)
			bad("the sentence does not name " bname[bk])
	} else {
		want = "sleep outside a syscall"
	}
	if (reason != want)
		bad("reason " reason ", the events say " want)

	# the duration
	if (text !~ /^did not sleep/ && index(text, "blocked " fdur(dur) " ") != 1)
		bad("duration: not 'blocked " fdur(dur) "'")
	if (text ~ /syscall [0-9]/ || text ~ /4294967295/)
		bad("a number where a name belongs")

	# the waker named, and what shows it ran the waking code
	wk = end SUBSEP waker SUBSEP tid
	if (dur == 0) {
		# woken as it went to sleep: by the first waking that reached it
		# while it ran (the model's rule, as perf sched's), that is, after
		# its last switch-in; an earlier one by the same waker woke it for
		# that run. for-in order is no order: compare times.
		last_in = -1
		split(ins[tid], list, " ")
		for (i in list)
			if (list[i] + 0 <= start + 0 && list[i] + 0 > last_in)
				last_in = list[i] + 0
		split(wakings[tid], list, " ")
		best = -1
		for (i in list)
			if (list[i] ~ (":" waker "$")) {
				split(list[i], p, ":")
				if (p[1] + 0 <= start + 0 && p[1] + 0 >= last_in && (best < 0 || p[1] + 0 < best) &&
				    ((p[1] SUBSEP waker SUBSEP tid) in wcause)) {
					best = p[1] + 0
					wk = p[1] SUBSEP waker SUBSEP tid
				}
			}
	}
	who = named(text, "woken by ")
	if (who == "") who = named(text, "woken while ")
	if (who == "") who = named(text, "released when ")
	if (who != "" && who != waker)
		bad("names " who ", the waker is " waker)
	# an interrupt context woke it: no task may be named, only the context
	ctx = (wk in wcause) && wcause[wk] ~ /^(timer|hardirq|softirq)$/
	if (ctx && (waker != 0 || who != "" || text ~ /woken while/))
		bad("names a task, but " wcause[wk] " " wctx[wk] " woke it, interrupting whoever ran")
	if (ctx && how != "timer expired" && how != "hard irq" && how != "softirq")
		bad(how ": but " wcause[wk] " woke it")
	if (how == "wrote" || how == "read (made room)" || how == "passed on" || how == "futex wake") {
		if (!(wk in wcause) || wcause[wk] != "syscall" || wchan[wk] != chan)
			bad(how ": the waker was not in a syscall on that channel")
		else if (how == "wrote" && wsys[wk] !~ /^(write|writev|pwrite64|pwritev|sendto|sendmsg|sendmmsg|mq_timedsend)$/)
			bad("wrote: the waker was in " wsys[wk])
		else if (how == "futex wake" && wsys[wk] !~ /^futex/)
			bad("futex wake: the waker was in " wsys[wk])
	} else if (how == "exited") {
		if (!(wk in wcause) || wcause[wk] != "exit")
			bad("exited: the waker was not exiting")
	} else if (how == "child exec'd") {
		if (!(wk in wcause) || wsys[wk] !~ /^execve/)
			bad("exec: the waker was not in execve")
	} else if (how == "closed") {
		if (!(wk in wcause) || wsys[wk] !~ /^close/)
			bad("closed: the waker was not in close")
	} else if (how == "connect") {
		if (!(wk in wcause) || wsys[wk] != "connect")
			bad("connect: the waker was not in connect")
	} else if (how == "signal") {
		if (!((waker SUBSEP tid) in sent))
			bad("signal: " waker " sent no signal to " tid)
	} else if (how == "timer expired") {
		if ((reason != "sleep" && !(ctx && wcause[wk] == "timer")) || who != "" || text ~ /woken while/)
			bad("timer: names a waker, or neither a sleep() nor a timer's expiry")
		else if (ctx && text !~ /(timer|timeout) expired|timer interrupt|interval timer/)
			bad("timer: the sentence does not say a timer woke it")
	} else if (how == "hard irq") {
		if (!ctx || wcause[wk] != "hardirq" || index(text, "interrupt " wctx[wk] " ") == 0)
			bad("hard irq: the sentence does not name interrupt " wctx[wk])
	} else if (how == "softirq") {
		if (!ctx || wcause[wk] != "softirq" || text !~ /softirq \(/)
			bad("softirq: the sentence does not name the softirq")
	} else if (how == "interrupt") {
		if (waker != 0)
			bad("interrupt: the waker is a task")
	} else if (how == "unrelated syscall" || how == "untraced task" || how == "kernel thread") {
		if (text !~ /or by an interrupt on its CPU/)
			bad(how ": names a waker the events do not show waking it")
	} else if (how != "unknown") {
		bad("a way of waking the audit does not know: " how)
	}
}

END {
	printf "checked %d sentences, %d runnable intervals, %d bad\n", nsent, nrun, nbad
}
