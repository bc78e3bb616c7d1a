#!/usr/bin/env bash
# Hostile input against a running daemon, each through a raw nng socket of
# the test's own (svk-inject plays member B's PUB endpoint, or asks A's REP):
# garbage, truncated and oversize messages, valid protobuf with wrong field
# sizes, a replay, a flood, and a catch-up request for a billion entries.
# After each the daemon is alive, still serves an honest member (C), the
# counters say what was rejected, and `verify` passes at the end.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Comune di Bologna" IT
federation A B C
set_conf A limits peer_messages 200
# Only A listens at B's endpoint, where the injector plays B.
set_conf C catchup peers "$(id_of A)"
sv --dir "$T/B" practice add "$DATA/practices/hr-berg.json" >/dev/null || fail "B add"
start A
start C

# listed NAME ID: NAME's practice list shows ID.
listed() {
	sv --dir "$T/$1" practice list | grep -- "$2"
}
inject() {
	"$INJECT" --pub "${PUB[B]}" "$@" >"$T/inject.out" 2>&1 || fail "inject $*: $(cat "$T/inject.out")"
}
alive() {
	kill -0 "${PID[A]}" 2>/dev/null || fail "A died after $1"
	# An honest member is still served: C's next practice reaches A.
	make_practice "honest-$1" "Honest after $1" "$T/p.json"
	sv --dir "$T/C" practice add "$T/p.json" >/dev/null || fail "C add"
	wait_for "C's honest-$1 at A" 30 listed A "honest-$1" || fail "A stopped serving C after $1"
}

inject --garbage --repeat 50
alive garbage
for kind in truncate short-origin short-sig seq0 huge-seq; do
	inject --db "$T/B/samverk.db" --mutate "$kind"
	alive "$kind"
done
# Each of the five kinds is malformed (a huge seq with no prev is too), and
# so is every garbage message.
total_rejected() {
	sv --dir "$T/A" status --json |
		python3 -c 'import json,sys; print(sum(json.load(sys.stdin)["rejected"].values()))'
}
wait_for "55 rejections at A" 30 at_least 55 total_rejected ||
	fail "hostile messages not counted: $(total_rejected) of 55"
wait_for "5 malformed at A" 30 at_least 5 rejected A malformed || fail "malformed entries not counted as such"
inject --db "$T/B/samverk.db" --mutate oversize
alive oversize
sv --dir "$T/A" practice list | grep -q hr-berg && fail "a broken entry was stored"

# The real entry, replayed many times: stored once. Then a flood.
inject --db "$T/B/samverk.db" --repeat 5
wait_for "B's entry at A" 30 listed A hr-berg || fail "B's entry not stored"
[ "$(entries A B | wc -l)" = 1 ] || fail "a replay was stored twice"
inject --db "$T/B/samverk.db" --repeat 20000 --wait-ms 5000
wait_for "a throttled rejection at A" 30 at_least 1 rejected A throttled || fail "a flood was not throttled"
wait_for "throttling in A's log" 30 grep "throttling" "$T/A.log" || fail "the flood was not reported in the log"
alive flood

# A catch-up request for a billion entries gets one capped page.
fedkey=$(sv --dir "$T/A" id --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
"$INJECT" --req "${CATCHUP[A]}" --federation "$fedkey" --max 1000000000 >"$T/req.out" 2>&1 ||
	fail "catch-up request: $(cat "$T/req.out")"
python3 - "$T/req.out" <<'PY' || fail "the billion-entry request was not capped: $(cat "$T/req.out")"
import re, sys
m = re.search(r"reply of (\d+) bytes, (\d+) entries", open(sys.argv[1]).read())
assert m and int(m.group(2)) <= 2000 and int(m.group(1)) <= 8 * 1024 * 1024
PY
alive billion

stop A
sv --dir "$T/A" verify >/dev/null || fail "verify A"
sv --dir "$T/A" status | grep -E "rejected +(malformed|throttled)" >/dev/null || fail "status lacks the counters"
say "ok: malformed $(rejected A malformed), throttled $(rejected A throttled)"
