#!/usr/bin/env bash
# A node that binds every address (tcp://0.0.0.0:PORT) and advertises
# another (127.0.0.N:PORT, as a public name would be) is reached by its
# partner through the advertised address: the roster carries it, the
# partner's links to it come up, and entries go both ways.
. "$(dirname "$0")/lib.sh"

ADDR=127.0.0.$((RANDOM % 200 + 20))
PUB_PORT=$(free_port 0.0.0.0)
CATCHUP_PORT=$(free_port 0.0.0.0)
[ -n "$PUB_PORT" ] && [ -n "$CATCHUP_PORT" ] && [ "$PUB_PORT" != "$CATCHUP_PORT" ] ||
	fail "no free ports"
PUB[A]="tcp://$ADDR:$PUB_PORT"
CATCHUP[A]="tcp://$ADDR:$CATCHUP_PORT"
sv --dir "$T/A" init --name "Middelfart Kommune" --country DK \
	--pub "tcp://0.0.0.0:$PUB_PORT" --catchup "tcp://0.0.0.0:$CATCHUP_PORT" \
	--advertise-pub "${PUB[A]}" --advertise-catchup "${CATCHUP[A]}" \
	--http "127.0.0.1:$(free_port)" >/dev/null || fail "init A"
node B "Örebro kommun" SE
federation B A
for n in A B; do set_conf "$n" heartbeat interval 1; done
start A
start B

# Bound on every address, not on the advertised one alone.
bound() {
	ss -Hltn "sport = :$1" | awk '{ print $4 }' | grep -qx "0.0.0.0:$1"
}
bound "$PUB_PORT" || fail "A does not bind 0.0.0.0:$PUB_PORT"
bound "$CATCHUP_PORT" || fail "A does not bind 0.0.0.0:$CATCHUP_PORT"

# B knows A by the advertised endpoints only.
sv --dir "$T/B" member list --json | python3 -c '
import json, sys
m = [m for m in json.load(sys.stdin) if m["name"] == "Middelfart Kommune"]
assert [(x["pub"], x["catchup"]) for x in m] == [(sys.argv[1], sys.argv[2])], m' \
	"${PUB[A]}" "${CATCHUP[A]}" || fail "the roster does not carry A's advertised endpoints"
wait_for "B's link to A up" 30 links_up B 1 || fail "B's link to A (at $ADDR) is not up"
wait_for "A's link to B up" 30 links_up A 1 || fail "A's link to B is not up"
sv --dir "$T/B" peers --json | python3 -c '
import json, sys
p = json.load(sys.stdin)
assert [x["pub"] for x in p] == [sys.argv[1]], p' "${PUB[A]}" ||
	fail "B's peers do not show A at its advertised endpoint"
grep -q "partners are told ${PUB[A]} and ${CATCHUP[A]}" "$T/A.log" ||
	fail "A's log does not say what partners are told"

sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "A add"
sv --dir "$T/B" practice add "$DATA/practices/hr-berg.json" >/dev/null || fail "B add"
wait_for "A's practice at B" 30 has B practice 2 || fail "B lacks A's practice"
wait_for "B's practice at A" 30 has A practice 2 || fail "A lacks B's practice"
stop B
stop A
say "ok"
