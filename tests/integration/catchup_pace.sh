#!/usr/bin/env bash
# A joining node asking one entry a page ([catchup] page = 1) for 300+ of
# A's entries: its rounds go on until it holds them all, paced under A's
# throttle ([limits] peer_requests) rather than dying on it. It holds every
# entry within seconds, and A never had to throttle it. C, which thinks its
# partners allow 20 times more than A does, is answered "busy, ask again
# after N ms" and slows down: its rounds do not die either.
. "$(dirname "$0")/lib.sh"
BULK=${BULK:-$ROOT/${SVK_BUILD:-build}/svk-bulk}

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Helsingin kaupunki" FI
federation A B C
"$BULK" --dir "$T/A" --count 300 || fail "bulk entries at A"
set_conf B catchup page 1
set_conf C catchup page 1
set_conf C limits peer_requests 1000
start A
began=$(date +%s.%N)
start B
wait_for "A's entries at B" 30 same_entries A B ||
	fail "B holds other entries than A"
took=$(echo "$(date +%s.%N) - $began" | bc)
say "B caught up $(entries B | wc -l) entries one a page in $took s"
[ "$(echo "$took < $(scaled 10)" | bc)" = 1 ] ||
	fail "B took $took s (a few seconds of work)"
[ "$(rejected A throttled_request)" = 0 ] ||
	fail "A throttled B: $(rejected A throttled_request) requests"
if grep -E "catch-up with .*: (no answer|cannot send)" "$T/B.log"; then
	fail "B's rounds stalled"
fi

began=$(date +%s.%N)
start C
wait_for "A's entries at C" 60 same_entries A C ||
	fail "C holds other entries than A"
took=$(echo "$(date +%s.%N) - $began" | bc)
say "C caught up in $took s; A answered busy $(rejected A throttled_request) times"
[ "$(rejected A throttled_request)" -gt 0 ] || fail "A never throttled C"
if grep -E "catch-up with .*: (no answer|cannot send)" "$T/C.log"; then
	fail "C's rounds stalled"
fi
say "ok"
