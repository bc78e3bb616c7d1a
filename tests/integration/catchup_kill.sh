#!/usr/bin/env bash
# kill -9 of the receiving daemon in the middle of a 20,000-entry catch-up,
# 10 times: B starts from the empty store it had right after joining, is
# killed when it holds part of A's log (a different part each time), its
# store verifies clean, and once restarted it converges: the very entry ids
# A holds, `verify` clean.
. "$(dirname "$0")/lib.sh"
BULK=${BULK:-$ROOT/${SVK_BUILD:-build}/svk-bulk}
ENTRIES=${SVK_KILL_ENTRIES:-20000}

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
began=$SECONDS
"$BULK" --dir "$T/A" --count "$ENTRIES" || fail "bulk entries at A"
say "$ENTRIES entries at A in $((SECONDS - began)) s"
cp -a "$T/B" "$T/B.joined" # B as it was right after joining: empty
start A
total=$(held A)
mid=0
for round in $(seq 1 10); do
	rm -rf "$T/B" && cp -a "$T/B.joined" "$T/B" || fail "reset B"
	# Somewhere between a tenth and nine tenths of the way.
	target=$((total * (round % 9 + 1) / 10))
	start B
	at=0
	for _ in $(seq 1 $((500 * $(scaled 1)))); do
		at=$(held B)
		[ "${at:-0}" -ge "$target" ] && break
		sleep 0.02
	done
	kill -KILL "${PID[B]}"
	wait "${PID[B]}" 2>/dev/null
	unset "PID[B]"
	at=$(held B)
	[ "${at:-0}" -lt "$total" ] && mid=$((mid + 1))
	verify_clean B "round $round, killed at $at of $total"
	start B
	wait_for "B to converge (round $round)" 120 same_entries A B ||
		fail "round $round: B did not converge after its restart"
	stop B
	verify_clean B "round $round, converged"
	say "round $round: killed at $at of $total entries, converged"
done
[ "$mid" -ge 8 ] || fail "only $mid of 10 kills came in the middle of the catch-up"
verify_clean A "the end"
same_entries A B >/dev/null || fail "B's entries differ from A's at the end"
say "ok: $mid of 10 kills mid-way, $total entries each time, $((SECONDS - began)) s in all"
