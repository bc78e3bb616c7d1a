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
wait_for "A's practice at B" 30 has B practice 1 || fail "B did not get A's practice"
wait_for "A's practice at C" 30 has C practice 1 || fail "C did not get A's practice"
sv --dir "$T/C" practice show legepatruljen --json | grep -q '"Legepatruljen"' ||
	fail "C shows the practice wrong"

sv --dir "$T/C" need add "$DATA/needs/care-elderly.json" >/dev/null || fail "add need"
wait_for "C's need at A" 30 has A need 1 || fail "A did not get C's need"
wait_for "C's need at B" 30 has B need 1 || fail "B did not get C's need"

# Every node sees the others linked (nng redials with a backoff of up to
# 5 s: a link may be down for a while even after data has flowed).
for n in A B C; do
	wait_for "$n's two links up" 30 links_up "$n" 2 || fail "$n's peers are not all up"
done

for n in A B C; do
	stop "$n"
	sv --dir "$T/$n" verify >/dev/null || fail "verify $n"
done
say "ok"
