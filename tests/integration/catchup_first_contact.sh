#!/usr/bin/env bash
# First contact never waits for a timer: B joins with A as its only peer and
# starts while A is down; when A comes up, B's link to it comes up and
# catches up at once (a request that cannot be sent yet is tried again
# within milliseconds), although both catch-up intervals are ten minutes.
. "$(dirname "$0")/lib.sh"
BULK=${BULK:-$ROOT/${SVK_BUILD:-build}/svk-bulk}

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
"$BULK" --dir "$T/A" --count 20 || fail "bulk entries at A"
set_conf A catchup interval 600
set_conf B catchup interval 600
for round in 1 2 3; do
	start B
	start A
	wait_for "A's entries at B (start $round)" 10 same_entries A B ||
		fail "B did not catch up from A at first contact (start $round)"
	wait_for "B linked to A by name" 10 links_up B 1 ||
		fail "B has no roster link to A (start $round)"
	stop A
	stop B
	"$BULK" --dir "$T/A" --count 5 --prefix "more-$round" || fail "bulk at A"
done
if grep -E "catch-up with .*: (no answer|cannot send)" "$T/B.log"; then
	fail "B's first rounds stalled"
fi
say "ok: $(entries B | wc -l) entries at B; $(grep -c "not ready to send" "$T/B.log") sends tried again"
