#!/usr/bin/env bash
# kill -9 of the receiving daemon in the middle of a 200,000-entry catch-up
# (pages authenticated by their runs, stored in bulk mode, their search rows
# left for later): after its restart B resumes where its store stands, ends
# holding the very entry ids A holds, writes every search row it left for
# later, finds a record by search, and `verify` is clean on both.
. "$(dirname "$0")/lib.sh"
BULK=${BULK:-$ROOT/${SVK_BUILD:-build}/svk-bulk}
ENTRIES=${SVK_KILL_ENTRIES:-200000}

# no_search_later NAME: NAME's store has written every search row it left.
no_search_later() {
	local n
	n=$(sqlite3 "file:$T/$1/samverk.db?mode=ro" \
		"SELECT count(*) FROM search_later" 2>/dev/null) || return 1
	echo "$1 has $n search rows still to write"
	[ "$n" = 0 ]
}

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
began=$SECONDS
"$BULK" --dir "$T/A" --count "$ENTRIES" || fail "bulk entries at A"
say "$ENTRIES entries at A in $((SECONDS - began)) s"
start A
total=$(held A)
start B
# Somewhere in the middle: between a quarter and three quarters.
at=0
for _ in $(seq 1 $((3000 * $(scaled 1)))); do
	at=$(held B)
	[ "${at:-0}" -ge $((total / 4)) ] && break
	sleep 0.02
done
kill -KILL "${PID[B]}"
wait "${PID[B]}" 2>/dev/null
unset "PID[B]"
at=$(held B)
[ "${at:-0}" -gt 0 ] && [ "${at:-0}" -lt $((total * 3 / 4)) ] ||
	fail "the kill did not come in the middle: B held $at of $total"
say "killed at $at of $total entries"
verify_clean B "killed at $at of $total"
# Killed in the middle of catch-up: what it stored waits for its search rows,
# and search says so.
sv --dir "$T/B" practice search "practice" --json >/dev/null 2>"$T/search.err" ||
	fail "search at B (killed) failed"
grep -q "not searchable yet" "$T/search.err" ||
	fail "search at B did not say records wait for the index: $(cat "$T/search.err")"
restarted=$SECONDS
start B
wait_for "B to converge" 300 same_entries A B ||
	fail "B did not converge after its restart"
say "converged $((SECONDS - restarted)) s after the restart"
wait_for "B to write the search rows it left for later" 300 no_search_later B ||
	fail "B left search rows unwritten"
# svk-bulk's practices are titled "Bulk practice N".
sv --dir "$T/B" practice search "practice 100" --json >"$T/search.json" ||
	fail "search at B failed"
python3 - "$T/search.json" <<'PY' || fail "search at B did not find 'Bulk practice 100' alone: $(head -c 300 "$T/search.json")"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if len(d) == 1 and d[0]["title"] == "Bulk practice 100" else 1)
PY
stop B
stop A
verify_clean B "the end"
verify_clean A "the end"
same_entries A B >/dev/null || fail "B's entries differ from A's at the end"
say "ok: killed at $at of $total, converged, searched, verified, $((SECONDS - began)) s in all"
