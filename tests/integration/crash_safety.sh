#!/usr/bin/env bash
# Crash safety: while both nodes author entries and ingest each other's, the
# daemons are killed with SIGKILL at random moments, 20 times. After every
# restart `verify` passes; at the end no acknowledged entry is lost (an add
# that printed success is in the log) and catch-up has completed.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
start A
start B

# author NODE PREFIX: add practices until $T/stop exists; log each acknowledged id.
author() {
	local n=$1 i=0
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		make_practice "$2-$i" "Crash test $2 $i" "$T/$2.json"
		if "$SAMVERK" --dir "$T/$n" practice add "$T/$2.json" >/dev/null 2>&1; then
			echo "$2-$i" >>"$T/$2.acked"
		fi
	done
}
author A a &
AUTHOR_A=$!
PID[author-a]=$AUTHOR_A
author B b &
AUTHOR_B=$!
PID[author-b]=$AUTHOR_B

for round in $(seq 1 20); do
	sleep "0.$((RANDOM % 5 + 1))"
	victim=B
	[ $((round % 3)) = 0 ] && victim=A
	kill -KILL "${PID[$victim]}"
	wait "${PID[$victim]}" 2>/dev/null
	unset "PID[$victim]"
	sv --dir "$T/$victim" verify >"$T/verify.out" 2>&1 ||
		fail "round $round: verify failed after SIGKILL of $victim: $(head -3 "$T/verify.out")"
	start "$victim"
done
touch "$T/stop"
wait "$AUTHOR_A" "$AUTHOR_B"
unset "PID[author-a]" "PID[author-b]"

acked_a=$(wc -l <"$T/a.acked")
acked_b=$(wc -l <"$T/b.acked")
[ "$acked_a" -gt 20 ] && [ "$acked_b" -gt 20 ] || fail "too few adds acknowledged ($acked_a, $acked_b)"
# Every acknowledged add is in its author's log, and reaches the partner.
check_all() {
	local listing
	listing=$(sv --dir "$T/$1" practice list --json | python3 -c '
import json, sys
print("\n".join(sorted(x["id"] for x in json.load(sys.stdin))))')
	comm -23 <(sort "$T/$2.acked") <(echo "$listing") >"$T/missing.$1.$2"
	[ ! -s "$T/missing.$1.$2" ]
}
check_all A a || fail "A lost its own acknowledged entries: $(head -3 "$T/missing.A.a")"
check_all B b || fail "B lost its own acknowledged entries: $(head -3 "$T/missing.B.b")"
wait_for "A's acknowledged adds at B" 60 check_all B a || fail "B never got A's: $(head -3 "$T/missing.B.a")"
wait_for "B's acknowledged adds at A" 60 check_all A b || fail "A never got B's: $(head -3 "$T/missing.A.b")"
wait_for "the same entries at A and B" 30 same_entries A B || fail "A and B hold different entries"
for n in A B; do
	stop "$n"
	sv --dir "$T/$n" verify >/dev/null || fail "final verify of $n"
done
say "ok: $acked_a + $acked_b acknowledged adds, 20 SIGKILLs, nothing lost"
