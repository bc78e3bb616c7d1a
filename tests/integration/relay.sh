#!/usr/bin/env bash
# Line topology A - B - C: A and C do not link to each other, and still C
# receives A's entries (B relays them) and A receives C's.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Comune di Bologna" IT
federation A B C
set_conf A catchup peers "$(id_of B)"
set_conf C catchup peers "$(id_of B)"
start A
start B
start C

sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "add at A"
wait_for "A's practice at C" 30 has C practice 1 || fail "C did not get A's practice through B"
sv --dir "$T/C" need add "$DATA/needs/play-breaks.json" >/dev/null || fail "add at C"
wait_for "C's need at A" 30 has A need 1 || fail "A did not get C's need through B"

# A's link to B comes up (and stays so, but nng may be redialling); A never
# linked to C.
wait_for "A's link to B up" 30 peers_check A 'state["Örebro kommun"] == "up"' ||
	fail "A's link to B is not up"
peers_check A 'state["Comune di Bologna"] == "not linked"' >/dev/null ||
	fail "A links to C directly: $(peers_check A True)"
grep -q "Comune di Bologna" "$T/A.log" && fail "A's log mentions a link to C"
say "ok"
