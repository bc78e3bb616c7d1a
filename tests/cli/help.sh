#!/usr/bin/env bash
# help.sh: --help on every command and subcommand exits 0 and prints a usage
# on stdout, without a node; unknown commands, subcommands and options, and
# wrong numbers of arguments, exit 2 with one line on stderr.
. "$(dirname "$0")/lib.sh"

COMMANDS=(init id log verify backup practice need)
PRACTICE=(add update retract list show search)
NEED=(add update close retract list show search)

# Every command line that takes --help, as words.
all=("")
for c in "${COMMANDS[@]}"; do
	all+=("$c")
done
for s in "${PRACTICE[@]}"; do
	all+=("practice $s")
done
for s in "${NEED[@]}"; do
	all+=("need $s")
done

cd "$T" || fatal "cannot cd to $T"

step "--help everywhere, with no node"
help_ok() {
	ok "$SAMVERK" "$@"
	expect_out '^usage: '
	check "'samverk $*' prints nothing on stderr" test ! -s "$ERR"
}
for c in "${all[@]}"; do
	# shellcheck disable=SC2086
	help_ok $c --help
done
# -h as well, on a sample of each kind.
help_ok -h
help_ok practice -h
help_ok need close -h
help_ok init -h
help_ok verify -h
ok "$SAMVERK" help
expect_out '^usage: '
ok "$SAMVERK" practice help
expect_out '^usage: '
ok "$SAMVERK" need help
expect_out '^usage: '

step "--help is honoured with a node folder and other options too"
new_node
ok svk practice list --json --help
expect_out '^usage: samverk practice list'
ok svk backup --help
expect_out '^usage: samverk backup'
check "backup --help wrote no file called --help" test ! -e "$T/--help"
ok svk init --help
expect_out '^usage: '

step "the top-level help lists every command"
ok "$SAMVERK" --help
for c in "${COMMANDS[@]}"; do
	expect_out "^  $c "
done
ok "$SAMVERK" practice --help
for s in "${PRACTICE[@]}"; do
	expect_out "^  $s "
done
ok "$SAMVERK" need --help
for s in "${NEED[@]}"; do
	expect_out "^  $s "
done

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
for c in "${all[@]:1}"; do
	# shellcheck disable=SC2086
	fails_with 2 svk $c --frobnicate
	expect_err '--frobnicate'
	# The hint names a command one can run.
	[ "${c#* }" != "$c" ] && expect_err "samverk $c --help"
done
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

step "options after operands, as the usages show them"
ok svk practice add "$DATA/practices/legepatruljen.json"
ok svk practice show legepatruljen --json
json_expect 'd["id"] == "legepatruljen"' "practice show ID --json"
ok svk practice search leg --json
json_expect 'isinstance(d, list) and [x["id"] for x in d] == ["legepatruljen"]' \
	"practice search WORDS --json"
ok svk practice search leg --area youth
expect_out 'legepatruljen'
