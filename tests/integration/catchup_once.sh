#!/usr/bin/env bash
# A joining node fetches the federation once: B joins with A as its first
# peer (the bootstrap link); A's roster names A, so B links to A by name
# too while its first round still brings A's 20,000 entries in. The roster
# link's round waits for the bootstrap round, so B authenticates each entry
# about once (samverk_catchup_entries_checked_total), not twice, and ends
# holding what A holds.
. "$(dirname "$0")/lib.sh"
BULK=${BULK:-$ROOT/${SVK_BUILD:-build}/svk-bulk}
ENTRIES=${SVK_ONCE_ENTRIES:-20000}

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
"$BULK" --dir "$T/A" --count "$ENTRIES" || fail "bulk entries at A"
start A
total=$(held A)
start B
wait_for "A's $total entries at B" 120 same_entries A B ||
	fail "B did not catch up with A"
HTTP_B=$(python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/B/samverk.conf'); print(c['node']['http'])")
checked=$(curl -sf "http://$HTTP_B/metrics" |
	awk '$1 == "samverk_catchup_entries_checked_total" { print $2 }')
[ -n "$checked" ] || fail "B's /metrics has no samverk_catchup_entries_checked_total"
say "B checked $checked entries for $total held"
# Once each, and a little more: a round that started before the roster came.
[ "${checked%.*}" -lt $((total * 13 / 10)) ] ||
	fail "B checked $checked entries for $total: its first catch-up ran twice"
verify_clean B "B after its first catch-up"
say "ok: $total entries fetched once ($checked checked)"
