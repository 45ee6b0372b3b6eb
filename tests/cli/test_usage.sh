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

# The other way round: every long option of the getopt tables in cli/*.c
# that a command accepts is listed at a line's start in its help, where the
# manual (help2man) and the bash completion (_parse_help, one option a line)
# find it; and every option listed there is accepted. An option the parser
# takes and the help hides is one no student finds. Each is tried before a
# --help, which every parser obeys at once, so nothing runs ("--opt=1" for
# one that takes a value: the value can never be the --help).
tables=$(cd "$TOP" && awk '/struct option [a-z_]*\[\] = \{/ { on = 1 }
  on && /\{ *"/ { match($0, /"[a-z-]+"/); print substr($0, RSTART + 1, RLENGTH - 2) (/required_argument/ ? "=1" : "") }
  on && /\{ *NULL/ { on = 0 }' cli/*.c | sort -u)
check_ge "getopt tables' options found" 30 "$(wc -l <<<"$tables")"
for c in $commands; do
  listed=$(sed -nE 's/^ {2,8}(-[a-zA-Z], )?--([a-z][a-z-]*).*/\2/p' <<<"$("$SCHEDSCOPE" "$c" --help 2>&1)" | sort -u)
  wrong=
  for o in $tables; do
    long=${o%=1}
    # run takes --all and --usdt only to refuse them after parsing, so it is
    # asked with a scenario that does not exist instead (refused before any run)
    if [ "$c" = run ]; then out=$("$SCHEDSCOPE" run no-such-scenario "--$o" 2>&1 </dev/null)
    else out=$("$SCHEDSCOPE" "$c" "--$o" --help 2>&1 </dev/null); fi
    if grep -qE "unknown (option|argument)|are for 'schedscope record'" <<<"$out"; then
      grep -qx -- "$long" <<<"$listed" && wrong+=" --$long(listed,refused)"
    else
      # getopt_long takes a unique prefix: record's --cpu is its --cpus
      grep -q -- "^$long" <<<"$listed" || wrong+=" --$long(accepted,unlisted)"
    fi
  done
  check_none "$c: its help lists exactly the long options it accepts" "$(wc -l <<<"$tables")" "$wrong"
done
