#!/usr/bin/env bash
# A fork made on purpose is found in the first catch-up round, at every node,
# and named. B's store is copied while B is stopped (a copy with no hold, as
# `cp` makes one), and both copies author an entry 2: A gets the real one
# from B, C gets the other one, injected at B's endpoint while A and B are
# down. When A comes back, the first round between A and C (the catch-up
# interval is far away) shows each the other's body at B's seq 2: both keep
# both bodies and name B and seq 2 in `status`. When B comes back it finds
# the fork of its own log: an error with the remedy, and it stops authoring.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Helsingin kaupunki" FI
for n in A B C; do
	set_conf "$n" heartbeat interval 1
	set_conf "$n" catchup interval 600
done
federation A B C
start A
start B
start C

make_practice first "Before the fork" "$T/p1.json"
sv --dir "$T/B" practice add "$T/p1.json" >/dev/null || fail "add first"
for n in A C; do
	wait_for "B's first entry at $n" 30 at_least 1 eval "entries $n B | grep -c ." ||
		fail "$n did not get B's first entry"
done
stop C
stop B
cp -a "$T/B" "$T/B2" || fail "copy B"
make_practice real "The real second" "$T/p2.json"
make_practice other "The other second" "$T/p2x.json"
sv --dir "$T/B" practice add "$T/p2.json" >/dev/null || fail "B add second"
sv --dir "$T/B2" practice add "$T/p2x.json" >/dev/null || fail "B2 add second"
# own_at DIR SEQ: the id of the entry of its own log DIR holds at SEQ.
own_at() {
	sqlite3 "file:$T/$1/samverk.db?mode=ro" "SELECT hex(id) FROM log WHERE seq = $2 AND
		origin = (SELECT value FROM meta WHERE key = 'node_key')"
}
real=$(own_at B 2)
other=$(own_at B2 2)
[ -n "$real" ] && [ -n "$other" ] || fail "a copy lacks its entry 2"
[ "$real" != "$other" ] || fail "the two copies wrote the same entry"

start B
wait_for "B's real second at A" 30 at_least 2 eval "entries A B | grep -c ." ||
	fail "A did not get B's second entry"
stop B
stop A

start C
"$INJECT" --pub "${PUB[B]}" --db "$T/B2/samverk.db" --seq 2 >"$T/inject.out" 2>&1 ||
	fail "inject: $(cat "$T/inject.out")"
wait_for "the other second at C" 30 eval "entries C B | grep -q $other" ||
	fail "C did not take the injected entry"

# fork_named NAME: NAME's status names B and seq 2 as a fork, in text and JSON.
fork_named() {
	sv --dir "$T/$1" status >"$T/$1.status" || return 1
	grep "^fork " "$T/$1.status" || return 1
	grep -q "^fork .*Örebro kommun ($(id_of B)) .* at seq 2$" "$T/$1.status" &&
		sv --dir "$T/$1" status --json | python3 -c "
import json, sys
f = json.load(sys.stdin)['forks']
sys.exit(0 if [(x['origin'], x['seq'], x['bodies']) for x in f] == [('$(id_of B)', 2, 2)] else 1)"
}

begun=$SECONDS
start A
for n in A C; do
	wait_for "the fork named at $n" 15 fork_named "$n" || fail "$n does not name the fork"
done
took=$((SECONDS - begun))
[ "$took" -lt 600 ] || fail "the fork took a catch-up interval to show"
sv --dir "$T/A" status --federation | grep -q "^fork .*Örebro kommun .* at seq 2$" ||
	fail "status --federation does not name the fork"
HTTP=$(python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/A/samverk.conf'); print(c['node']['http'])")
curl -sf "http://$HTTP/api/status" | python3 -c "
import json, sys
f = json.load(sys.stdin)['forks']
sys.exit(0 if f and f[0]['seq'] == 2 and f[0]['name'] == 'Örebro kommun' else 1)" ||
	fail "/api/status does not name the fork"
curl -sf "http://$HTTP/status" | grep -q "fork: Örebro kommun" || fail "the status page does not name the fork"
curl -sf "http://$HTTP/metrics" | grep -q "^samverk_fork{origin=\"$(id_of B)\",name=\"Örebro kommun\",seq=\"2\"} 1$" ||
	fail "/metrics does not name the fork"

start B
wait_for "B to find the fork of its own log" 30 \
	grep -q "error .*own log has forked at seq 2" "$T/B.log" ||
	fail "B did not raise the alarm"
grep "own log has forked" "$T/B.log" | grep -q "make a new node" || fail "the alarm gives no remedy"
make_practice third "After the fork" "$T/p3.json"
if sv --dir "$T/B" practice add "$T/p3.json" >"$T/add.out" 2>&1; then
	fail "B authored on a forked log"
fi
grep -q "forked at seq 2" "$T/add.out" || fail "B's refusal does not name the fork: $(cat "$T/add.out")"
say "ok: the fork at B's seq 2 named at A and C within ${took} s; B held with the alarm"
