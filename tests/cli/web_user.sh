#!/usr/bin/env bash
# web_user.sh: `samverk web-user add|list|remove|passwd`: passwords from
# stdin and from a terminal (typed twice, not echoed; two that differ
# refused), only an Argon2id hash stored, names, roles and lengths checked,
# a name taken, list and --json, remove, passwd, and the password nowhere
# in the store's files.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

new_node
cd "$T" || fatal "cannot cd to $T"

# in_store TEXT: does the database file or its log hold TEXT?
in_store() {
	grep -qaF -- "$1" "$NODE/samverk.db" "$NODE/samverk.db-wal" 2>/dev/null
}
# feed TEXT: what the next "${FED[@]}" command reads on stdin (lib.sh's
# run gives commands /dev/null; FED puts the file back in its place).
feed() { printf '%s\n' "$1" >"$T/stdin"; }
FED=(bash -c 'exec "$@" <"$0"' "$T/stdin" "$SAMVERK" --dir "$NODE")
users() {
	"$SAMVERK" --dir "$NODE" web-user list --json 2>/dev/null |
		python3 -c 'import json,sys; print(" ".join(u["name"] + ":" + u["role"] for u in json.load(sys.stdin)))'
}

step "no web users yet"
ok svk web-user list
expect_out '^no web users yet'
ok svk web-user list --json
json_expect 'd == []'

step "add from stdin"
feed "first-secret-1"
run "${FED[@]}" web-user add alice --password-stdin
check "add alice exits 0 ($RC)" test "$RC" = 0
expect_out '^added web user alice \(editor\)$'
feed "second-secret-2"
run "${FED[@]}" web-user add bob --role admin --password-stdin
expect_out '^added web user bob \(admin\)$'
check "list shows both, by name, with roles ($(users))" test "$(users)" = "alice:editor bob:admin"
ok svk web-user list
expect_lines 2
expect_out '^alice +editor +password set '
check "the hash is Argon2id" test "$(sqlite3 "$NODE/samverk.db" "SELECT substr(hash, 1, 10) FROM web_users WHERE name = 'alice'")" = '$argon2id$'
check "the password is not in the store" test -z "$(in_store first-secret-1 && echo found)"

step "what add refuses"
feed "another-secret"
fails "${FED[@]}" web-user add alice --password-stdin
expect_err "web user 'alice' exists already"
feed "another-secret"
fails_with 2 "${FED[@]}" web-user add 'al ice' --password-stdin
expect_err "not a user name"
feed "another-secret"
fails_with 2 "${FED[@]}" web-user add carol --role root --password-stdin
expect_err "--role is editor or admin"
feed "short"
fails "${FED[@]}" web-user add carol --password-stdin
expect_err "shorter than 8"
: >"$T/stdin"
fails "${FED[@]}" web-user add carol --password-stdin
expect_err "no password on stdin"
python3 -c 'print("x" * 2000)' >"$T/long"
cp "$T/long" "$T/stdin"
fails "${FED[@]}" web-user add carol --password-stdin
expect_err "longer than 1024"
fails setsid "$SAMVERK" --dir "$NODE" web-user add carol
expect_err "no terminal"
check "nothing was added ($(users))" test "$(users)" = "alice:editor bob:admin"

step "passwords typed on a terminal, twice, not echoed"
command -v script >/dev/null || fatal "script(1) (bsdutils) is needed"
# on_tty FIRST SECOND CMD...: CMD on a pseudo-terminal, the lines FIRST
# and SECOND typed at it.
on_tty() {
	local first=$1 second=$2 cmd
	shift 2
	printf -v cmd '%q ' "$@"
	(sleep 0.5; printf '%s\n' "$first"; sleep 0.5; printf '%s\n' "$second"; sleep 0.5) |
		SHELL=$BASH script -qec "$cmd" /dev/null >"$T/tty.out" 2>&1
}
on_tty typed-secret-3 typed-secret-3 "$SAMVERK" --dir "$NODE" web-user add carol
check "add carol on a terminal: $(tr -d '\r' <"$T/tty.out" | tail -n 1)" grep -q 'added web user carol (editor)' "$T/tty.out"
check "it asked twice" grep -q 'The same again:' "$T/tty.out"
check "the password was not echoed" test -z "$(grep typed-secret-3 "$T/tty.out")"
on_tty typed-secret-4 other-secret-4 "$SAMVERK" --dir "$NODE" web-user add dave
check "two passwords that differ are refused" grep -q 'the two passwords differ' "$T/tty.out"
check "dave was not added ($(users))" test "$(users)" = "alice:editor bob:admin carol:editor"

step "passwd"
before=$(sqlite3 "$NODE/samverk.db" "SELECT hash FROM web_users WHERE name = 'alice'")
feed "changed-secret-5"
run "${FED[@]}" web-user passwd alice --password-stdin
expect_out '^set a new password for web user alice$'
after=$(sqlite3 "$NODE/samverk.db" "SELECT hash FROM web_users WHERE name = 'alice'")
check "the hash changed" test "$before" != "$after"
feed "changed-secret-5"
fails "${FED[@]}" web-user passwd nobody --password-stdin
expect_err "no web user 'nobody'"

step "remove"
ok svk web-user remove bob
expect_out '^removed web user bob$'
fails svk web-user remove bob
expect_err "no web user 'bob'"
check "bob is gone ($(users))" test "$(users)" = "alice:editor carol:editor"

step "--help"
for c in add list remove passwd; do
	ok svk web-user "$c" --help
	expect_out '^usage: samverk web-user '
done

