#!/usr/bin/env bash
# Restore from a backup and re-creation from the key file are safe by
# construction. B is backed up, publishes one more practice, and is restored
# from the copy. The restored B refuses to
# author (saying why and what to do) until its daemon has fetched its own log
# back from partners; then it publishes again, every partner accepts, all
# three hold the same entries, `verify` is clean and nobody saw a fork. Then
# C loses its disk and is re-created from its node.key (`init --key`): the
# same, from an empty store.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Helsingin kaupunki" FI
for n in A B C; do set_conf "$n" heartbeat interval 1; done
federation A B C
start A
start B
start C

# hold_is NAME REASON: NAME's status says authoring is held for REASON
# ("none" when it is free); prints the hold.
hold_is() {
	sv --dir "$T/$1" status --json | python3 -c "
import json, sys
h = json.load(sys.stdin)['hold']
print(h['reason'], h['own_head'], h['shown'])
sys.exit(0 if h['reason'] == '$2' else 1)"
}

# no_forks NAME: NAME holds no fork and flagged nobody; prints what it has.
no_forks() {
	sv --dir "$T/$1" status --json | python3 -c "
import json, sys
s = json.load(sys.stdin)
print(s['forks'], s['flagged'], s['rejected'])
sys.exit(0 if not s['forks'] and not s['flagged'] and
         'fork' not in s['rejected'] and 'broken_chain' not in s['rejected'] else 1)"
}

# all_agree WHO N: every other node accepts WHO's N entries and holds what WHO
# holds; every node verifies clean and saw no fork, no broken chain.
all_agree() {
	local n
	for n in A B C; do
		[ "$n" = "$1" ] && continue
		wait_for "$1's entry $2 at $n" 30 at_least "$2" eval "entries $n $1 | grep -c ." ||
			fail "$n did not accept $1's entry $2"
		wait_for "the same entries at $n and $1" 30 same_entries "$1" "$n" ||
			fail "$n and $1 hold different entries"
	done
	for n in A B C; do
		sv --dir "$T/$n" verify >"$T/verify.out" 2>&1 || fail "verify $n: $(cat "$T/verify.out")"
		no_forks "$n" >/dev/null || fail "$n saw trouble: $(no_forks "$n")"
	done
}

make_practice first "Before the backup" "$T/p1.json"
sv --dir "$T/B" practice add "$T/p1.json" >/dev/null || fail "add first"
sv --dir "$T/B" backup "$T/B.bak" >/dev/null || fail "backup"
make_practice second "After the backup" "$T/p2.json"
sv --dir "$T/B" practice add "$T/p2.json" >/dev/null || fail "add second"
hold_is B none >/dev/null || fail "B is held although it was not restored"
for n in A C; do
	wait_for "B's 2 entries at $n" 30 at_least 2 eval "entries $n B | grep -c ." ||
		fail "$n did not get B's two entries"
done

stop B
rm -f "$T/B/samverk.db-wal" "$T/B/samverk.db-shm"
cp "$T/B.bak" "$T/B/samverk.db" || fail "restore"
[ "$(entries B B | grep -c .)" = 1 ] || fail "the restored B should hold 1 entry of its own"

# Not yet started: it has not compared with any partner, so it must not author.
make_practice third "After the restore" "$T/p3.json"
if sv --dir "$T/B" practice add "$T/p3.json" >"$T/add.out" 2>&1; then
	fail "the restored B authored before it had its log back"
fi
grep -q "restored from a backup" "$T/add.out" || fail "refusal does not say why: $(cat "$T/add.out")"
grep -q "samverk run" "$T/add.out" || fail "refusal does not say what to do: $(cat "$T/add.out")"
hold_is B restored >/dev/null || fail "the restored copy is not held as restored"

start B
wait_for "B to have its own log back" 60 hold_is B none || fail "B is still held"
wait_for "B's 2 entries back at B" 10 same_entries A B B || fail "B lacks its own entries"
grep -q "authoring on hold" "$T/B.log" || fail "B's log does not say it held authoring"
grep -q "authoring resumed" "$T/B.log" || fail "B's log does not say it resumed"

sv --dir "$T/B" practice add "$T/p3.json" >"$T/add.out" 2>&1 ||
	fail "B cannot author after it got its log back: $(cat "$T/add.out")"
grep -q "(entry 3)" "$T/add.out" || fail "B's new entry is not its third: $(cat "$T/add.out")"
all_agree B 3
say "ok: restored B held, fetched its log back, resumed at entry 3; all agree"

# Re-created from the key file: C's disk is lost, only node.key was kept.
make_practice c-first "C before the loss" "$T/c1.json"
sv --dir "$T/C" practice add "$T/c1.json" >/dev/null || fail "C add"
for n in A B; do
	wait_for "C's entry at $n" 30 at_least 1 eval "entries $n C | grep -c ." ||
		fail "$n did not get C's entry"
done
stop C
cp "$T/C/node.key" "$T/C.key"
c_id=$(id_of C)
rm -rf "$T/C"
sv --dir "$T/C" init --key "$T/C.key" --name "Helsingin kaupunki" --country FI \
	--pub "${PUB[C]}" --catchup "${CATCHUP[C]}" --http "127.0.0.1:$(free_port)" \
	>"$T/init.out" || fail "init --key"
grep -q "on hold" "$T/init.out" || fail "init --key does not say it holds: $(cat "$T/init.out")"
[ "$(id_of C)" = "$c_id" ] || fail "the re-created C has another id"
set_conf C heartbeat interval 1
sv --dir "$T/C" join "$(id_of A)" --peer "${CATCHUP[A]}" >/dev/null || fail "join C again"
make_practice c-second "C after the loss" "$T/c2.json"
if sv --dir "$T/C" practice add "$T/c2.json" >"$T/add.out" 2>&1; then
	fail "the re-created C authored before it had its log back"
fi
grep -q "re-created" "$T/add.out" || fail "C's refusal does not say why: $(cat "$T/add.out")"
start C
wait_for "C to have its own log back" 60 hold_is C none || fail "C is still held"
sv --dir "$T/C" practice add "$T/c2.json" >"$T/add.out" 2>&1 ||
	fail "C cannot author after it got its log back: $(cat "$T/add.out")"
grep -q "(entry 2)" "$T/add.out" || fail "C's new entry is not its second: $(cat "$T/add.out")"
all_agree C 2
say "ok: C re-created from its key held, fetched its log back, resumed at entry 2"
