#!/usr/bin/env bash
# A partner that answers every catch-up page request with an empty page
# marked "more" (svk-inject plays member B's REP endpoint) cannot keep A
# asking: each round ends at the first such page, it is counted against the
# partner (rejected: empty_more) and warned of, a bounded number of times.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
set_conf A catchup interval 1
start A
"$INJECT" --rep "${CATCHUP[B]}" --empty-more --wait-ms 12000 >"$T/inject.out" 2>&1 ||
	fail "inject: $(cat "$T/inject.out")"
answered=$(sed -n 's/^svk-inject: answered \([0-9]*\) requests$/\1/p' "$T/inject.out")
say "the hostile partner was asked $answered times in 12 s"
[ -n "$answered" ] && [ "$answered" -ge 2 ] || fail "A never asked B: $(cat "$T/inject.out")"
# About two a round (the digest, then the first page), a round a second.
[ "$answered" -le 100 ] || fail "A kept asking B for empty pages: $answered requests"
wait_for "empty_more counted" 10 at_least 1 rejected A empty_more ||
	fail "A did not count B's empty pages"
warned=$(grep -c "warn .*catch-up with Örebro kommun: an empty page" "$T/A.log")
say "warned $warned times, $(rejected A empty_more) counted"
[ "$warned" -ge 1 ] || fail "A did not warn of B's empty pages"
[ "$warned" -le 11 ] || fail "A warned $warned times in 12 s (rate-limited: 10 a minute)"
say "ok"
