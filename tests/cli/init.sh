#!/usr/bin/env bash
# init.sh: `samverk init` makes a node (key file 0600, store) and refuses to
# make one twice or from bad input; `samverk id` names it; the node folder
# comes from --dir or $SAMVERK_DIR; a key file others can read stops every
# command.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

FPR_RE='^SVK(-[A-Z2-7]{4})+$'

step "init creates the key and the store"
ok svk init --name "Middelfart Kommune" --country DK
expect_out 'SVK-'
created_fpr=$(grep -oE 'SVK(-[A-Z2-7]{4})+' "$OUT" | head -n 1)
check "node.key exists" test -f "$NODE/node.key"
check "samverk.db exists" test -f "$NODE/samverk.db"
check "node.key has mode 600 (is $(stat -c %a "$NODE/node.key" 2>/dev/null))" \
	test "$(stat -c %a "$NODE/node.key" 2>/dev/null)" = 600

step "id prints the fingerprint"
ok svk id
expect_lines 1
expect_out "$FPR_RE"
fpr=$(cat "$OUT")
check "id prints the fingerprint init printed ($created_fpr vs $fpr)" \
	test "$fpr" = "$created_fpr"
ok svk id --json
json_expect 'isinstance(d, dict)' "id --json is an object"
json_expect "d['node'] == '$fpr'" "id --json names the same node"
json_expect "d['name'] == 'Middelfart Kommune' and d['country'] == 'DK'" \
	"id --json has the name and country"
json_expect "len(d['key']) == 64 and all(c in '0123456789abcdef' for c in d['key'])" \
	"id --json has the public key in hex"

step "a second init changes nothing"
# Every file in the folder, its mode and its content.
folder_sum() {
	(cd "$1" && find . -type f -printf '%p %m\n' -exec sha256sum {} \; | sort | sha256sum)
}
key_sum=$(sha "$NODE/node.key")
db_sum=$(sha "$NODE/samverk.db")
all_sum=$(folder_sum "$NODE")
fails svk init --name "Another Kommune" --country SE
expect_err 'already'
check "node.key unchanged by a second init" test "$(sha "$NODE/node.key")" = "$key_sum"
check "samverk.db unchanged by a second init" test "$(sha "$NODE/samverk.db")" = "$db_sum"
check "no file in the folder changed, came or went" test "$(folder_sum "$NODE")" = "$all_sum"
fails svk init --name "Middelfart Kommune" --country DK
check "node.key unchanged by a third, identical init" test "$(sha "$NODE/node.key")" = "$key_sum"
ok svk id --json
json_expect "d['node'] == '$fpr' and d['name'] == 'Middelfart Kommune' and d['country'] == 'DK'" \
	"same node, name and country after a second init"

step "bad --country or --name: error, and no folder contents"
bad_init() {
	local dir=$1
	shift
	fails "$SAMVERK" --dir "$dir" init "$@"
	if [ -e "$dir" ] && [ -n "$(find "$dir" -mindepth 1)" ]; then
		_fail "a failed init left files behind: $(find "$dir" -mindepth 1 | tr '\n' ' ')" \
			"command: $SVK_LAST"
	else
		_pass "a failed init left nothing behind: $SVK_LAST"
	fi
}
bad_init "$T/b1" --name "Middelfart Kommune" --country DKK
expect_err 'country'
bad_init "$T/b2" --name "Middelfart Kommune" --country 1X
expect_err 'country'
bad_init "$T/b3" --name "" --country DK
expect_err 'name'
bad_init "$T/b4" --name "Middelfart Kommune" --country ""
bad_init "$T/b5" --name "$(printf 'Middelfart\xff')" --country DK
bad_init "$T/b6" --name "$(head -c 1000 /dev/zero | tr '\0' a)" --country DK
# A name partners see on one line of their listings holds no line break.
bad_init "$T/b7" --name "$(printf 'Middelfart\nKommune')" --country DK
# A folder that exists, empty, stays empty.
mkdir "$T/b8"
bad_init "$T/b8" --name "Middelfart Kommune" --country DKK
check "the existing folder is still there" test -d "$T/b8"

step "the country code is stored in capitals"
ok "$SAMVERK" --dir "$T/lower" init --name "Skövde kommun" --country se
ok "$SAMVERK" --dir "$T/lower" id --json
json_expect "d['country'] == 'SE' and d['name'] == 'Skövde kommun'" "country se becomes SE, name kept"

step "init needs --name and --country"
fails_with 2 "$SAMVERK" --dir "$T/b9" init --country DK
fails_with 2 "$SAMVERK" --dir "$T/b9" init --name X
check "no folder made without --name" test ! -e "$T/b9"

step "a key file others can read stops every command"
chmod 644 "$NODE/node.key"
for cmd in "id" "id --json" "practice list" "need list --json" "log" "verify" \
	"practice add $DATA/practices/legepatruljen.json"; do
	# shellcheck disable=SC2086
	fails svk $cmd
	expect_err 'chmod'
	expect_err 'node\.key'
done
chmod 640 "$NODE/node.key"
fails svk id
expect_err 'chmod'
chmod 600 "$NODE/node.key"
ok svk id
expect_out "^$fpr\$"

step "no --dir and no SAMVERK_DIR"
cd "$T" || fatal "cannot cd to $T"
for cmd in "id" "practice list" "log"; do
	# shellcheck disable=SC2086
	fails "$SAMVERK" $cmd
	expect_err '--dir|SAMVERK_DIR'
done
fails "$SAMVERK" init --name "Middelfart Kommune" --country DK
expect_err '--dir|SAMVERK_DIR'
check "init without a folder wrote nothing in the working folder" \
	test ! -e "$T/node.key" -a ! -e "$T/samverk.db"
fails env SAMVERK_DIR= "$SAMVERK" id
expect_err '--dir|SAMVERK_DIR'

step "SAMVERK_DIR names the node folder"
ok env SAMVERK_DIR="$NODE" "$SAMVERK" id
expect_out "^$fpr\$"
ok env SAMVERK_DIR="$T/viaenv" "$SAMVERK" init --name "Oulu" --country FI
check "init through SAMVERK_DIR made a key" test -f "$T/viaenv/node.key"
ok env SAMVERK_DIR="$T/viaenv" "$SAMVERK" id --json
json_expect "d['name'] == 'Oulu' and d['node'] != '$fpr'" "SAMVERK_DIR node is a new node"
ok env SAMVERK_DIR="$T/viaenv" "$SAMVERK" --dir "$NODE" id
expect_out "^$fpr\$"

step "a folder without a node"
fails "$SAMVERK" --dir "$T/nothing-here" id
expect_err 'init'
check "asking about a missing node creates nothing" test ! -e "$T/nothing-here"
