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
	sv --dir "$T/$m" join "$(id_of A)" --peer "${SYNC[A]}" >/dev/null || fail "join $m"
done
sv --dir "$T/A" federation renew --days 1 >/dev/null || fail "renew"
expires() {
	sv --dir "$T/$1" status --json | python3 -c '
import json, sys, time
print(int((json.load(sys.stdin)["roster_expires_ms"] / 1000 - time.time()) / 86400))'
}
[ "$(expires A)" -lt 2 ] || fail "the roster should expire within a day"
start A
wait_until 5 grep -q "renewed the roster" "$T/A.log" || fail "A did not renew"
[ "$(expires A)" -ge 89 ] || fail "renewed roster expires in $(expires A) days"
start B
start C
wait_until 10 test "$(expires B)" -ge 89 || fail "B did not get the renewed roster"

# SIGHUP: B stops linking to C once its settings say so.
wait_until 10 sh -c "'$SAMVERK' --dir '$T/B' peers --json | grep -q '\"state\": \"up\"'" ||
	fail "B has no link up"
set_conf B sync peers "$(id_of A)"
kill -HUP "${PID[B]}"
wait_until 5 grep -q "SIGHUP: settings and roster reloaded" "$T/B.log" || fail "no reload"
wait_until 5 sh -c "'$SAMVERK' --dir '$T/B' peers --json | python3 -c '
import json, sys
p = {x[\"name\"]: x[\"state\"] for x in json.load(sys.stdin)}
sys.exit(0 if p[\"Comune di Bologna\"] == \"not linked\" and p[\"Middelfart Kommune\"] == \"up\" else 1)'" ||
	fail "B still links to C after SIGHUP"
kill -0 "${PID[B]}" || fail "B died on SIGHUP"
say "ok"
