#!/usr/bin/env bash
# The roster: the coordinator's daemon renews one that is half expired and the
# members get the new one; SIGHUP reloads the settings without a restart.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Comune di Bologna" IT
sv --dir "$T/A" federation create --days 1 >/dev/null || fail "create"
for m in B C; do
	sv --dir "$T/A" member add "$(sv --dir "$T/$m" join-request)" >/dev/null || fail "add $m"
	sv --dir "$T/$m" join "$(id_of A)" --peer "${CATCHUP[A]}" >/dev/null || fail "join $m"
done
sv --dir "$T/A" federation renew --days 1 >/dev/null || fail "renew"
expires() {
	sv --dir "$T/$1" status --json | python3 -c '
import json, sys, time
print(int((json.load(sys.stdin)["roster_expires_ms"] / 1000 - time.time()) / 86400))'
}
[ "$(expires A)" -lt 2 ] || fail "the roster should expire within a day"
start A
wait_for "A to renew the roster" 30 grep "renewed the roster" "$T/A.log" || fail "A did not renew"
[ "$(expires A)" -ge 89 ] || fail "renewed roster expires in $(expires A) days"
start B
start C
wait_for "the renewed roster at B" 30 at_least 89 expires B || fail "B did not get the renewed roster"

# SIGHUP: B stops linking to C once its settings say so.
wait_for "a link of B's up" 30 peers_check B '"up" in state.values()' || fail "B has no link up"
set_conf B catchup peers "$(id_of A)"
kill -HUP "${PID[B]}"
wait_for "B to reload" 30 grep "SIGHUP: settings and roster reloaded" "$T/B.log" || fail "no reload"
wait_for "B linked to A only" 30 peers_check B \
	'state["Comune di Bologna"] == "not linked" and state["Middelfart Kommune"] == "up"' ||
	fail "B still links to C after SIGHUP"
kill -0 "${PID[B]}" || fail "B died on SIGHUP"
say "ok"
