#!/usr/bin/env bash
# C is offline while A adds 500 entries; once C is back it holds all of them:
# exactly the same set of entry ids as A.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Helsingin kaupunki" FI
federation A B C
start A
start B
start C
stop C

for i in $(seq 1 500); do
	make_practice "bulk-$i" "Practice number $i" "$T/p.json"
	sv --dir "$T/A" practice add "$T/p.json" >/dev/null || fail "add $i"
done
wait_for "the 500 at B" 60 has B practice 500 || fail "B did not get the 500 while C was away"

start C
wait_for "the 500 at C" 60 has C practice 500 || fail "C has $(count C practice) of 500 practices"
wait_for "A's entries at C" 30 same_entries A C A || fail "C's entries of A differ from A's"
wait_for "every entry at C" 30 same_entries A C || fail "C holds other entries than A"
grep -q "catch-up with" "$T/C.log" || fail "C did not report a catch-up"
say "ok: $(entries C A | wc -l) entries of A at C"
