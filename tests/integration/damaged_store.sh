#!/usr/bin/env bash
# A damaged store is never served: the daemon checks its whole store in the
# background once started and says so; a page that goes bad while it runs
# (zeroed under it) is met when a joining partner asks for the whole log, and
# the daemon then stops at once with an error-level line naming the file and
# the remedy, and exits 1 (so a service manager shows it failed); `run` then
# refuses to start on it.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
for i in $(seq 1 120); do
	make_practice "p-$i" "A practice of A, number $i, with a title long enough" "$T/p.json"
	sv --dir "$T/A" practice add "$T/p.json" >/dev/null || fail "A add $i"
done
start A
wait_for "A's full integrity check" 30 grep -q "full integrity check of .* found it sound" "$T/A.log" ||
	fail "A did not report its background integrity check"

DB=$T/A/samverk.db
sqlite3 -cmd ".timeout 10000" "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || fail "checkpoint"
size=$(sqlite3 "file:$DB?mode=ro" "PRAGMA page_size")
victim=$(sqlite3 "file:$DB?mode=ro" \
	"SELECT min(pageno) FROM dbstat WHERE name = 'log' AND pagetype = 'leaf'")
[ -n "$victim" ] || fail "no leaf page of A's log table"
dd if=/dev/zero of="$DB" bs="$size" seek=$((victim - 1)) count=1 conv=notrunc status=none ||
	fail "cannot zero page $victim"
# Another process's commit makes A's daemon drop what it had cached.
sqlite3 -cmd ".timeout 10000" "$DB" "INSERT OR REPLACE INTO meta (key, value) VALUES ('test_touch', '1')" ||
	fail "cannot touch A's store"

start B
reap A 1 "on the damage met while running"
grep -E " error +the store .*/A/samverk.db is damaged" "$T/A.log" ||
	fail "no error-level line naming the damaged file"
grep -q "samverk backup" "$T/A.log" || fail "the line gives no remedy"
if "$SAMVERK" --dir "$T/A" run >"$T/again" 2>&1; then
	fail "run started on the damaged store"
fi
grep -q "damaged" "$T/again" || fail "run refused without saying why: $(cat "$T/again")"
stop B
say "ok"
