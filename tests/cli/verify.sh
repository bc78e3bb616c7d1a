#!/usr/bin/env bash
# verify.sh: `samverk verify`, `log` and `backup`: verify passes on an honest
# store and names what was tampered with (a flipped byte in a signed entry, a
# forged materialised row); log lists the entries; backup writes a copy and
# never overwrites; a damaged store file gives a clear error, not a crash.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

new_node
ORIGIN=$(svk id) || fatal "samverk id failed"
for f in "$DATA"/practices/*.json; do
	svk practice add "$f" >/dev/null || fatal "cannot add $f"
done
for f in "$DATA"/needs/*.json; do
	svk need add "$f" >/dev/null || fatal "cannot add $f"
done
samples=("$DATA"/practices/*.json "$DATA"/needs/*.json)
N=${#samples[@]}

step "log lists the entries"
ok svk log --json
json_expect "isinstance(d, list) and len(d) == $N" "log --json lists $N entries"
json_expect "[x['seq'] for x in d] == list(range(1, $N + 1))" "seqs run 1..$N in order"
json_expect "all(x['origin'] == '$ORIGIN' for x in d)" "every origin is this node"
json_expect 'sorted(set(x["kind"] for x in d)) == ["need", "practice"]' "kinds are practice and need"
json_expect 'all(len(x["entry"]) == 64 for x in d) and len(set(x["entry"] for x in d)) == len(d)' \
	"every entry has its own 64-hex-digit id"
json_expect '"legepatruljen" in [x["subject"] for x in d]' "subjects name the records"
ok svk log
expect_lines "$N"
expect_out 'legepatruljen'

step "verify passes on an honest store"
ok svk verify
expect_out "$N"
ok svk verify --json
json_expect "d['ok'] is True and d['problems'] == 0 and d['checked'] == $N and d['failures'] == []" \
	"verify --json: ok, no problems, $N checked"

step "backup"
# What follows needs the backup; without one, that one failure says it all.
if ok svk backup "$T/backup.db" && check "the backup file exists" test -s "$T/backup.db"; then
	# Read-only: the sqlite3 shell would create a missing file.
	count=$(sqlite3 -readonly "$T/backup.db" "select count(*) from log" 2>&1)
	check "the backup holds $N log entries (holds: $count)" test "$count" = "$N"
	check "the backup passes sqlite's integrity check" \
		test "$(sqlite3 -readonly "$T/backup.db" "pragma integrity_check" 2>&1)" = ok
	# The copy is a working store: with the key beside it, it verifies.
	mkdir -p "$T/restored"
	cp "$NODE/node.key" "$T/restored/node.key"
	cp "$T/backup.db" "$T/restored/samverk.db"
	ok "$SAMVERK" --dir "$T/restored" verify
	ok "$SAMVERK" --dir "$T/restored" practice list --json
	json_expect 'len(d) == 9' "the restored store lists 9 practices"

	step "backup to the file of an earlier backup fails and leaves it alone"
	before=$(sha "$T/backup.db")
	fails svk backup "$T/backup.db"
	expect_err 'exist'
	check "the earlier backup is unchanged" test "$(sha "$T/backup.db")" = "$before"
fi

step "backup to an existing file fails and leaves it alone"
echo "precious" >"$T/existing"
fails svk backup "$T/existing"
expect_err 'exist'
check "the existing file is unchanged" test "$(cat "$T/existing")" = precious
fails svk backup "$T/no-such-folder/backup.db"
check "backup made no folder" test ! -e "$T/no-such-folder"

# tampered NAME: a copy of the node, closed, to damage.
tampered() {
	rm -rf "${T:?}/${1:?}"
	cp -r "$NODE" "$T/$1" || fatal "cannot copy the node"
	rm -f "$T/$1"/samverk.db-wal "$T/$1"/samverk.db-shm
	echo "$T/$1/samverk.db"
}

step "a flipped byte in the body of entry 3"
db=$(tampered flip)
python3 - "$db" <<'EOF' || fatal "cannot tamper with entry 3"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
env, = c.execute("SELECT envelope FROM log WHERE seq = 3").fetchone()
env = bytearray(env)
# Envelope { bytes body = 1; bytes sig = 2; }: tag 0x0a, length, body.
assert env[0] == 0x0a, "the envelope does not start with its body"
n = shift = 0
i = 1
while True:
    b = env[i]; i += 1
    n |= (b & 0x7f) << shift; shift += 7
    if not b & 0x80:
        break
assert i + n <= len(env)
env[i + n - 5] ^= 0x01   # a byte near the end of the body
c.execute("UPDATE log SET envelope = ? WHERE seq = 3", (bytes(env),))
c.commit()
c.close()
EOF
run "$SAMVERK" --dir "$T/flip" verify
if [ "$RC" -eq 1 ]; then _pass "verify exits 1"; else _fail "verify should exit 1, exits $RC" "$(_show_last)"; fi
expect_out '/3:'
expect_no_out '/(1|2|4|5):'
check "verify reports on stderr in one line" test "$(wc -l <"$ERR")" -eq 1
expect_err '^samverk: .*problem'
run "$SAMVERK" --dir "$T/flip" verify --json
check "verify --json exits 1 (exits $RC)" test "$RC" -eq 1
json_expect 'd["ok"] is False and d["problems"] >= 1' "verify --json: not ok"
json_expect 'any("/3:" in f for f in d["failures"])' "verify --json names entry 3"
json_expect 'not any("/1:" in f or "/2:" in f for f in d["failures"])' \
	"verify --json does not blame entries 1 and 2"

step "a forged materialised row"
db=$(tampered forged)
sqlite3 "$db" "UPDATE entities SET title = 'forged' WHERE id = 'legepatruljen'" ||
	fatal "cannot forge the row"
run "$SAMVERK" --dir "$T/forged" verify
check "verify exits 1 (exits $RC)" test "$RC" -eq 1
expect_out 'legepatruljen'
run "$SAMVERK" --dir "$T/forged" verify --json
json_expect 'd["ok"] is False and any("legepatruljen" in f for f in d["failures"])' \
	"verify --json names legepatruljen"

step "a forged retraction flag"
db=$(tampered hidden)
sqlite3 "$db" "UPDATE entities SET retracted = 1 WHERE id = 'volwe-unga-volontarer'" ||
	fatal "cannot forge the row"
run "$SAMVERK" --dir "$T/hidden" verify
check "verify exits 1 (exits $RC)" test "$RC" -eq 1
expect_out 'volwe-unga-volontarer'

step "a deleted log entry"
db=$(tampered gap)
sqlite3 "$db" "DELETE FROM log WHERE seq = 5" || fatal "cannot delete entry 5"
run "$SAMVERK" --dir "$T/gap" verify
check "verify exits 1 (exits $RC)" test "$RC" -eq 1

step "a store whose first 100 bytes are garbage"
db=$(tampered garbage)
head -c 100 /dev/urandom | dd of="$db" bs=100 count=1 conv=notrunc status=none ||
	fatal "cannot overwrite the store"
for cmd in "id" "practice list" "need list --json" "log" "verify" \
	"practice show legepatruljen" "practice add $DATA/practices/legepatruljen.json"; do
	# shellcheck disable=SC2086
	fails "$SAMVERK" --dir "$T/garbage" $cmd
	expect_err 'samverk\.db'
done
fails "$SAMVERK" --dir "$T/garbage" backup "$T/garbage-backup.db"
check "no backup of a damaged store" test ! -s "$T/garbage-backup.db"

step "a store file that is empty"
db=$(tampered empty)
: >"$db"
fails "$SAMVERK" --dir "$T/empty" id
expect_err 'samverk\.db'
fails "$SAMVERK" --dir "$T/empty" practice list
check "the empty store file is still empty" test ! -s "$db"

step "a store that is not SQLite at all"
db=$(tampered text)
echo "this is not a database" >"$db"
fails "$SAMVERK" --dir "$T/text" practice list
expect_err 'samverk\.db'

step "a missing store file or key file is named"
db=$(tampered nodb)
rm -f "$db"
fails "$SAMVERK" --dir "$T/nodb" practice list
expect_err 'samverk\.db'
check "no store file was created in its place" test ! -e "$db"
tampered nokey >/dev/null
rm -f "$T/nokey/node.key"
fails "$SAMVERK" --dir "$T/nokey" practice list
expect_err 'node\.key'

step "the original still verifies"
ok svk verify
