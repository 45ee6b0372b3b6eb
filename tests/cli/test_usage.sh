#!/usr/bin/env bash
# Every command's usage line names every option its help lists (or says
# [OPTIONS]): a usage line that leaves options out tells a reader they do not
# exist. --help itself needs no place in it.
source "$(dirname "$0")/../lib.sh"

commands=$("$SCHEDSCOPE" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
check_ge "commands found" 10 "$(wc -w <<<"$commands")"
for c in $commands; do
  help=$("$SCHEDSCOPE" "$c" --help 2>&1)
  # the usage: its lines up to the first empty one
  usage=$(awk '/^$/ { exit } { print }' <<<"$help")
  # the options the help lists: "  -x, --long" or "      --long" at a line's
  # start, as long/x (the usage may give either form)
  opts=$(sed -nE 's/^ {2,8}(-([a-zA-Z]), )?--([a-z][a-z-]*).*/\3\/\2/p' <<<"$help" | grep -v '^help/' | sort -u)
  missing=
  for o in $opts; do
    long=${o%/*} short=${o#*/}
    grep -q -- "--$long\b" <<<"$usage" || { [ -n "$short" ] && grep -q -- "\[-$short\b" <<<"$usage"; } ||
      grep -q '\[OPTIONS\]' <<<"$usage" || missing+=" --$long"
  done
  check_none "$c: the usage line names every option" "$(wc -w <<<"$opts")" "$missing"
done
