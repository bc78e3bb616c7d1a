#!/usr/bin/env bash
# A joining node asking one entry a page ([catchup] page = 1) for 300+ of
# A's entries: its rounds go on until it holds them all, paced under A's
# throttle ([limits] peer_requests) rather than dying on it. It holds every
# entry within seconds, and A never had to throttle it. C, which thinks its
# partners allow 20 times more than A does, is answered "busy, ask again
# after N ms" and slows down: its rounds do not die either (A's limit is
# lowered for C, so that C outpaces it however busy the machine is). D's rounds are
# bounded to two pages of ten ([catchup] round_pages): each ends there, and
# the next goes on at once, since the last one brought something.
. "$(dirname "$0")/lib.sh"
BULK=${BULK:-$ROOT/${SVK_BUILD:-build}/svk-bulk}

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Helsingin kaupunki" FI
node D "Comune di Bologna" IT
federation A B C D
"$BULK" --dir "$T/A" --count 300 || fail "bulk entries at A"
set_conf B catchup page 1
set_conf C catchup page 1
set_conf C limits peer_requests 1000
set_conf D catchup page 10
set_conf D catchup round_pages 2
# catch_up NAME SECONDS: start NAME and wait until it holds A's entries;
# $took says how long that took. Its rounds must never have stalled.
catch_up() {
	local began
	began=$(date +%s.%N)
	start "$1"
	wait_for "A's entries at $1" "$2" same_entries A "$1" ||
		fail "$1 holds other entries than A"
	took=$(echo "$(date +%s.%N) - $began" | bc)
	if grep -E "catch-up with .*: (no answer|cannot send)" "$T/$1.log"; then
		fail "$1's rounds stalled"
	fi
}

# quick NAME: it took NAME a few seconds.
quick() {
	[ "$(echo "$took < $(scaled 10)" | bc)" = 1 ] ||
		fail "$1 took $took s (a few seconds of work)"
}

start A
catch_up B 30
say "B caught up $(entries B | wc -l) entries one a page in $took s"
quick B
[ "$(rejected A throttled_request)" = 0 ] ||
	fail "A throttled B: $(rejected A throttled_request) requests"

# How fast C asks depends on how busy the machine is; A's bucket (twice
# peer_requests, refilled at peer_requests a second) must run dry whatever
# C's pace: with 15 a second, C asking 280 pages in under 18 s is enough.
stop A
set_conf A limits peer_requests 15
start A
catch_up C 60
say "C caught up in $took s; A answered busy $(rejected A throttled_request) times"
[ "$(rejected A throttled_request)" -gt 0 ] || fail "A never throttled C"

# D links to B and C too: only A may answer it, so every round is A's.
stop B
stop C
catch_up D 30
bounded=$(grep -c "pages in one round" "$T/D.log")
say "D caught up in $took s, in rounds of 2 pages ($bounded bounded)"
[ "$bounded" -ge 10 ] || fail "D's rounds were not bounded ($bounded)"
quick D
say "ok"
