#!/usr/bin/env bash
# Installed like a Debian tool: the manual (help2man's reading of --help)
# renders with man -l without a warning, has a section for every command
# `schedscope --help` lists, and says what the code says (run's knobs); bash
# completion offers commands, options, scenario and lesson names, values and
# trace files, from the program itself; `make install` puts the program, the
# scenarios, the manual, the completion and the reference traces where
# Debian's tools look for them; and the tree holds no merge-conflict markers.
source "$(dirname "$0")/../lib.sh"

MAN=$BUILD/man/schedscope.1
commands=$("$SCHEDSCOPE" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
check_ge "the commands are listed" 14 "$(wc -w <<<"$commands")"

page=$(MANWIDTH=100 man -l "$MAN" 2>"$T_TMP/man.err")
check_eq "man -l renders it" "0 SCHEDSCOPE(1)" "$? $(head -n1 <<<"$page" | awk '{ print $1 }')"
check_none "no roff warnings" "$(grep -c . "$MAN")" "$(cat "$T_TMP/man.err"; groff -man -Tutf8 -ww -z "$MAN" 2>&1)"
check_eq "a section for every command, in the order --help lists them" \
  "$(sed 's/^/schedscope /' <<<"$commands")" "$(grep -E '^   schedscope [a-z]+$' <<<"$page" | sed 's/^ *//')"
# a section holds the command's own --help, word for word
for c in run compare lesson; do
  section=$(awk -v h="   schedscope $c" '$0 == h { on = 1; next } on && /^   schedscope [a-z]+$|^[A-Z]/ { exit } on' <<<"$page")
  check_eq "the $c section is 'schedscope $c --help'" \
    "$("$SCHEDSCOPE" "$c" --help | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')" "$(tr -s ' \n' ' ' <<<"$section" | sed 's/^ //; s/ $//')"
done
check "the NAME line for apropos (lexgrog reads it)" grep -q 'schedscope \\- watch the Linux scheduler' "$MAN"

# ---- bash completion ----
comp() { # comp WORDS...: what completing the last word offers, space-separated
  PATH=$BUILD:$PATH SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR bash -c '
    source /usr/share/bash-completion/bash_completion
    source "$1"; shift; cd "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _schedscope; printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | tr "\n" " " | sed "s/ $//"' \
    sh "$TOP/completion/schedscope" "$T_TMP/files" "$@"
}
mkdir -p "$T_TMP/files/dir"
touch "$T_TMP/files/a.trace" "$T_TMP/files/b.trace" "$T_TMP/files/notes.txt"
check_eq "completion: commands" "check compare critical" "$(comp schedscope c)"
check_eq "completion: every command" "$(printf '%s\n' $commands --help --version help | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')" \
  "$(comp schedscope '')"
check_eq "completion: run's options, from its --help" "--policy --prio" "$(comp schedscope run --p)"
check_eq "completion: a policy" "fifo" "$(comp schedscope run --policy f)"
check_eq "completion: scenario names" "pipe pool process procvsthread" "$(comp schedscope run p)"
check_eq "completion: the name after run's valued options" "lock" "$(comp schedscope run -o x.trace --cpus 0 lo)"
check_eq "completion: the scenario's own options after --" "--work --workers" "$(comp schedscope run pool -- --wo)"
check_eq "completion: lesson names" "lock lost-update" "$(comp schedscope lesson lo)"
check_eq "completion: trace files (and directories)" "a.trace b.trace dir" "$(comp schedscope compare a.trace '')"
check_eq "completion: export formats" "json" "$(comp schedscope export a.trace --format j)"
check_eq "completion: the picture formats" "svg" "$(comp schedscope export a.trace --format s)"

# ---- make install ----
root=$T_TMP/root
make -s -C "$TOP" install DESTDIR="$root" PREFIX=/usr BUILD="$BUILD" >"$T_TMP/install.out" 2>&1
check_eq "make install: program, scenarios, manual, completion" \
  "0 usr/bin/schedscope usr/libexec/schedscope/pool usr/share/bash-completion/completions/schedscope usr/share/man/man1/schedscope.1" \
  "$? $(cd "$root" && ls usr/bin/schedscope usr/libexec/schedscope/pool usr/share/bash-completion/completions/schedscope \
       usr/share/man/man1/schedscope.1 2>&1 | tr '\n' ' ' | sed 's/ $//')"
check_eq "make install: the reference traces" \
  "$(cd "$TOP/traces" && ls -- *.trace 2>/dev/null | tr '\n' ' ')" \
  "$(cd "$root/usr/share/schedscope/traces" && ls -- *.trace 2>/dev/null | tr '\n' ' ')"
check_eq "make install: the installed program finds its scenarios" "$("$SCENARIO_DIR/threads" --help | md5sum)" \
  "$(env -u SCHEDSCOPE_SCENARIO_DIR "$root/usr/bin/schedscope" run threads -- --help 2>&1 | md5sum)"

# What is installed is the tree as committed: no half-resolved merge (a
# conflict's markers once stood in docs/ARCHITECTURE.md and docs/UI.md).
files=$(cd "$TOP" && { git ls-files 2>/dev/null || find . -path ./build -prune -o -type f -print; } |
  grep -E '\.(c|h|sh|md|mk|awk|py|bpf\.c)$|^Makefile$')
check_none "the sources and docs hold no merge-conflict markers" "$(wc -l <<<"$files")" \
  "$(cd "$TOP" && grep -lE '^(<<<<<<< |>>>>>>> |=======$)' $files 2>/dev/null)"
