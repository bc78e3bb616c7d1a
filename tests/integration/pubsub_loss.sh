#!/usr/bin/env bash
# Pub/sub drops messages for a slow subscriber; catch-up delivers them. B is
# frozen (SIGSTOP) while A publishes a burst through a short queue; once B
# runs again, no entry is missing.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
set_conf A limits pub_queue 16
start A
start B --catchup-interval 3600   # only gaps and links trigger catch-up

big=$(python3 -c 'print("Lang tekst. " * 600)')
kill -STOP "${PID[B]}"
for i in $(seq 1 300); do
	cat >"$T/p.json" <<JSON
{"id": "burst-$i", "lang": "da", "title": "Burst $i", "summary": "$big",
 "areas": ["youth"]}
JSON
	sv --dir "$T/A" practice add "$T/p.json" >/dev/null || fail "add $i"
done
sleep 1
kill -CONT "${PID[B]}"
# One more entry after the burst shows B the gap, if pub/sub lost any.
make_practice "after-burst" "After the burst" "$T/p.json"
sv --dir "$T/A" practice add "$T/p.json" >/dev/null || fail "add after"
wait_for "the 301 at B" 60 has B practice 301 || fail "B has $(count B practice) of 301"
wait_for "A's entries at B" 30 same_entries A B A || fail "B's entries of A differ"
say "ok; catch-up pages at B: $(grep -c 'catch-up with' "$T/B.log")"
