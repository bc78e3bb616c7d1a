#!/usr/bin/env bash
# help.sh: --help on every command and subcommand exits 0 and prints a usage
# on stdout, without a node; unknown commands, subcommands and options, and
# wrong numbers of arguments, exit 2 with one line on stderr.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$T" || fatal "cannot cd to $T"

# help_ok ARGS...: samverk ARGS exits 0 with a usage on stdout only.
help_ok() {
	ok "$SAMVERK" "$@"
	expect_out '^usage: '
	check "'samverk $*' prints nothing on stderr" test ! -s "$ERR"
}

# commands_in: the command names a help text (the last stdout) lists.
commands_in() {
	sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\)  *[^ ].*/\1/p' "$OUT"
}

# listed NAME WORDS...: NAME is one of WORDS.
listed() {
	local name=$1 w
	shift
	for w in "$@"; do
		[ "$w" = "$name" ] && return 0
	done
	return 1
}

step "--help everywhere, with no node"
# The commands and subcommands come from the help texts themselves, so new
# ones are covered too; those this test was written for must be there.
help_ok --help
mapfile -t COMMANDS < <(commands_in)
for c in init id practice need log verify backup; do
	check "'samverk --help' lists $c" listed "$c" "${COMMANDS[@]}"
done
all=()     # every command line without a subcommand of its own
groups=()  # commands that only dispatch to subcommands
for c in "${COMMANDS[@]}"; do
	help_ok "$c" --help
	mapfile -t subs < <(commands_in)
	if [ "${#subs[@]}" -eq 0 ]; then
		all+=("$c")
		continue
	fi
	groups+=("$c")
	case $c in
	practice) want=(add update retract list show search) ;;
	need) want=(add update close retract list show search) ;;
	*) want=() ;;
	esac
	for s in "${want[@]+"${want[@]}"}"; do
		check "'samverk $c --help' lists $s" listed "$s" "${subs[@]}"
	done
	for s in "${subs[@]}"; do
		help_ok "$c" "$s" --help
		all+=("$c $s")
	done
done
# -h as well, on a sample of each kind.
help_ok -h
help_ok practice -h
help_ok need close -h
help_ok init -h
help_ok verify -h
help_ok help
help_ok practice help
help_ok need help

step "--help is honoured with a node folder and other options too"
new_node
ok svk practice list --json --help
expect_out '^usage: samverk practice list'
ok svk backup --help
expect_out '^usage: samverk backup'
check "backup --help wrote no file called --help" test ! -e "$T/--help"
ok svk init --help
expect_out '^usage: '

step "--version"
ok "$SAMVERK" --version
expect_out '^samverk [0-9]+\.[0-9]+\.[0-9]+'

step "unknown commands and subcommands"
fails_with 2 svk frobnicate
expect_err 'frobnicate'
fails_with 2 svk practice frobnicate
expect_err 'frobnicate'
fails_with 2 svk need frobnicate
expect_err 'frobnicate'
fails_with 2 svk need adopt
expect_err 'adopt'

step "unknown options"
fails_with 2 "$SAMVERK" --frobnicate id
expect_err '--frobnicate'
for g in "${groups[@]}"; do
	fails_with 2 svk "$g" --frobnicate
	expect_err '--frobnicate'
done
# A command that ignored the option might start working (run would never
# stop): a time limit here.
saved_timeout=${SVK_TIMEOUT:-}
SVK_TIMEOUT=${SVK_TIMEOUT:-30}
for c in "${all[@]}"; do
	# shellcheck disable=SC2086
	fails_with 2 svk $c --frobnicate
	expect_err '--frobnicate'
	# A hint must be a command one can run.
	if grep -q -- '--help' "$ERR"; then
		expect_err "'samverk $c --help'"
	fi
done
SVK_TIMEOUT=$saved_timeout
fails_with 2 svk practice list -x
fails_with 2 svk practice list --limit
expect_err 'limit'
fails_with 2 svk practice list --limit many
expect_err 'limit'
fails_with 2 svk practice list --area
fails_with 2 svk practice list --area nowhere
expect_err 'nowhere'
fails_with 2 svk need list --status maybe
fails_with 2 svk practice list --origin not-a-node
fails_with 2 "$SAMVERK" --dir

step "wrong numbers of arguments"
fails_with 2 svk id extra
fails_with 2 svk log extra
fails_with 2 svk verify extra
fails_with 2 svk backup
fails_with 2 svk backup a.db b.db
fails_with 2 svk init --name X --country DK extra
fails_with 2 svk practice add
fails_with 2 svk practice add a.json b.json
fails_with 2 svk practice show
fails_with 2 svk practice retract
fails_with 2 svk practice search
fails_with 2 svk practice list extra
fails_with 2 svk need close
fails_with 2 svk need show a b

step "no command at all"
run "$SAMVERK"
check "samverk with no command exits 2 (exits $RC)" test "$RC" -eq 2
check "samverk with no command prints a usage on stderr" grep -q '^usage: ' "$ERR"
check "samverk with no command prints nothing on stdout" test ! -s "$OUT"

step "output that cannot be written is an error"
for args in "id" "practice list" "practice list --json" "log" "log --json"; do
	# shellcheck disable=SC2086
	svk $args >/dev/full 2>"$T/full.err"
	rc=$?
	check "'samverk $args >/dev/full' exits non-zero (exits $rc)" test "$rc" -ne 0
done

step "options after operands, as the usages show them"
ok svk practice add "$DATA/practices/legepatruljen.json"
ok svk practice show legepatruljen --json
json_expect 'd["id"] == "legepatruljen"' "practice show ID --json"
ok svk practice search leg --json
json_expect 'isinstance(d, list) and [x["id"] for x in d] == ["legepatruljen"]' \
	"practice search WORDS --json"
ok svk practice search leg --area youth
expect_out 'legepatruljen'
