#!/usr/bin/env bash
# Links over tls+tcp://, with the roster as the only trust anchor: three
# members propagate a practice and show their links encrypted; a node that
# is not in the roster cannot even fetch it; a member suspended at the
# coordinator loses its links, and its partners' news, with nobody restarted.
. "$(dirname "$0")/lib.sh"

# tls_node NAME "Display name" CC: like `node`, with tls+tcp:// endpoints.
tls_node() {
	local n=$1
	PUB[$n]="tls+tcp://127.0.0.1:$(free_port)"
	SYNC[$n]="tls+tcp://127.0.0.1:$(free_port)"
	sv --dir "$T/$n" init --name "$2" --country "$3" --pub "${PUB[$n]}" \
		--sync "${SYNC[$n]}" --http "127.0.0.1:$(free_port)" >/dev/null ||
		fail "init $n"
	[ -s "$T/$n/tls.key" ] && [ -s "$T/$n/tls.crt" ] || fail "init $n made no TLS key"
}

# peers_json NAME PYTHON: run PYTHON with `peers` bound to NAME's peers.
peers_check() {
	sv --dir "$T/$1" peers --json | python3 -c "
import json, sys
peers = json.load(sys.stdin)
sys.exit(0 if ($2) else 1)"
}

tls_node A "Middelfart Kommune" DK
tls_node B "Örebro kommun" SE
tls_node C "Δήμος Τρικκαίων" GR
tls_node X "Not A Member" IT
federation A B C
start A
start B
start C

say "three members over TLS"
sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "add"
wait_until 10 has B practice 1 || fail "B did not get A's practice"
wait_until 10 has C practice 1 || fail "C did not get A's practice"
wait_until 10 peers_check B 'len(peers) == 2 and all(p["state"] == "up" for p in peers)' ||
	fail "B's links are not all up"
peers_check B 'all(p["encrypted"] is True for p in peers)' || fail "B's links are not shown encrypted"
sv --dir "$T/B" peers | grep -q " tls$" || fail "peers does not show tls"
grep -q "not encrypted" "$T/A.log" && fail "A warned about a loopback TLS endpoint"

say "a non-member cannot fetch the roster"
# X asks A for catch-up as a joining node would, but A never added it: the
# handshake fails at A, which trusts only the roster's certificates.
sv --dir "$T/X" join "$(id_of A)" --peer "${SYNC[A]}" >/dev/null || fail "X join"
start X
sleep 3
[ -z "$(sv --dir "$T/X" member list --json | python3 -c 'import json,sys; print(json.load(sys.stdin) or "")')" ] ||
	fail "X got the roster"
[ "$(count X practice)" = 0 ] || fail "X got a practice"
grep -q "link to .* up" "$T/X.log" && fail "X linked to A"
wait_until 5 test "$(rejected A tls_refused)" -ge 1 || fail "A did not count the refused handshake"
stop X

say "a suspended member loses its links"
sv --dir "$T/A" member suspend "$(id_of C)" >/dev/null || fail "suspend C"
# The new roster reaches B; A and B drop C's links and refuse it since.
wait_until 10 peers_check B '[p["state"] for p in peers if p["name"] == "Δήμος Τρικκαίων"] == ["suspended"]' ||
	fail "B did not learn of the suspension"
wait_until 15 peers_check C 'all(p["state"] in ("down", "not linked") for p in peers)' ||
	fail "C still has links: $(sv --dir "$T/C" peers)"
sleep 1
sv --dir "$T/A" practice add "$DATA/practices/hr-berg.json" >/dev/null || fail "add 2"
wait_until 10 has B practice 2 || fail "B did not get A's second practice"
sleep 3
[ "$(count C practice)" = 1 ] || fail "C, suspended, still got A's news"
peers_check C 'all(p["state"] in ("down", "not linked") for p in peers)' ||
	fail "C linked again: $(sv --dir "$T/C" peers)"
# B and A still talk to each other.
peers_check B '[p["state"] for p in peers if p["name"] == "Middelfart Kommune"] == ["up"]' ||
	fail "B lost its link to A"

say "resumed, it links again"
sv --dir "$T/A" member resume "$(id_of C)" >/dev/null || fail "resume C"
wait_until 20 has C practice 2 || fail "C, resumed, did not catch up"

for n in A B C; do
	kill -0 "${PID[$n]}" || fail "$n died"
	stop "$n"
	sv --dir "$T/$n" verify >/dev/null || fail "verify $n"
done
say "ok"
