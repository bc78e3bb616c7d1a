#!/usr/bin/env bash
# terminal.sh: what the command line writes to a terminal carries no control
# character it was given: a title holding terminal escapes (clear the
# screen, set the window title, ring the bell) shows them in caret notation
# on a terminal, while a pipe gets the bytes as they are held.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

command -v script >/dev/null || fatal "script(1) (bsdutils) is needed"
new_node
python3 - "$DATA/practices/legepatruljen.json" "$T/escapes.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["title"] = "Play\u001b[2J\u001b]0;owned\u0007patrol\u009b31m"
json.dump(d, open(sys.argv[2], "w"))
PY
ok svk practice add "$T/escapes.json"

# on_tty CMD...: runs CMD with stdout and stderr on a pseudo-terminal,
# keeping what it wrote in $T/tty.out. script(1) runs CMD with $SHELL, or
# sh when SHELL is unset (as under CI), and sh cannot read bash's $'..'
# quoting that printf %q writes: so bash is named here.
on_tty() {
	local cmd
	printf -v cmd '%q ' "$@"
	SHELL=$BASH script -qec "$cmd" /dev/null >"$T/tty.out" 2>&1
}

step "a listing on a terminal shows escapes, never sends them"
for args in "practice list" "practice show legepatruljen" "practice search patrol" "log"; do
	# shellcheck disable=SC2086
	on_tty "$SAMVERK" --dir "$NODE" $args
	check "'$args' on a terminal holds no ESC, BEL or C1 byte" \
		python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); sys.exit(any(c in b for c in (b"\x1b", b"\x07", b"\xc2\x9b")))' "$T/tty.out"
done
on_tty "$SAMVERK" --dir "$NODE" practice list
check "the escape is shown in caret notation" grep -q 'Play^\[\[2J^\[\]0;owned^Gpatrol?31m' "$T/tty.out"

step "a pipe gets the title as held"
ok svk practice list --json
json_expect 'd[0]["title"] == "Play\u001b[2J\u001b]0;owned\u0007patrol\u009b31m"' "JSON keeps the title exactly"

step "errors on a terminal are filtered too"
on_tty "$SAMVERK" --dir "$NODE" practice show $'no\033[2Jsuch'
check "the error line holds no ESC" python3 -c 'import sys; sys.exit(b"\x1b" in open(sys.argv[1], "rb").read())' "$T/tty.out"
check "the error names the id in caret notation" grep -q 'no^\[\[2Jsuch' "$T/tty.out"
