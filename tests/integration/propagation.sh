#!/usr/bin/env bash
# A practice added at A is listed at B and C; a need added at C reaches A.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Δήμος Τρικκαίων" GR
federation A B C
start A
start B
start C

sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "add"
wait_until 5 has B practice 1 || fail "B did not get A's practice"
wait_until 5 has C practice 1 || fail "C did not get A's practice"
sv --dir "$T/C" practice show legepatruljen --json | grep -q '"Legepatruljen"' ||
	fail "C shows the practice wrong"

sv --dir "$T/C" need add "$DATA/needs/care-elderly.json" >/dev/null || fail "add need"
wait_until 5 has A need 1 || fail "A did not get C's need"
wait_until 5 has B need 1 || fail "B did not get C's need"

# Every node sees the others linked.
sv --dir "$T/B" peers --json | python3 -c '
import json, sys
peers = json.load(sys.stdin)
assert len(peers) == 2, peers
assert all(p["state"] == "up" for p in peers), peers' || fail "B's peers are not all up"

for n in A B C; do
	stop "$n"
	sv --dir "$T/$n" verify >/dev/null || fail "verify $n"
done
say "ok"
