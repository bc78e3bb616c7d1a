#!/usr/bin/env bash
# web_members.sh: the coordinator's members page of a running daemon, with
# curl as an admin (session cookie and CSRF token): a third node added by
# pasting its join request as an e-mail reply quotes it (wrapped, "> "),
# which then links and trades entries with the others; suspended through
# the web, its new entries are refused by the partners; indicators
# published through the web reach the partners; the members page is absent
# and a POST to it 403 on a member that is not the coordinator.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node X "Comune di Trento" IT
federation A B
for n in A B; do
	echo "ada-password-$n" | sv --dir "$T/$n" web-user add ada --role admin --password-stdin >/dev/null ||
		fail "web-user add ada at $n"
done
http_of() {
	python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/$1/samverk.conf'); print(c['node']['http'])"
}
UA="http://$(http_of A)"
# A's links follow the roster on a heartbeat too: make that rare, so that
# only the web's own path can make A follow a change at once.
set_conf A heartbeat interval 120
UB="http://$(http_of B)"
start A
start B

# code ARGS...: the HTTP status of curl ARGS; the body in $T/body, the
# headers in $T/head.
code() { curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' "$@"; }
# login URL JAR PASSWORD: log in as ada; the CSRF token of the session.
login() {
	local tok
	code -c "$2" -b "$2" "$1/login" >/dev/null
	tok=$(awk '$6 == "samverk_login" { print $7 }' "$2")
	[ "$(code -c "$2" -b "$2" --data-urlencode "csrf=$tok" --data-urlencode "user=ada" \
		--data-urlencode "password=$3" --data-urlencode "next=/members" "$1/login")" = 303 ] ||
		fail "ada cannot log in at $1"
	curl -s -b "$2" "$1/whoami" | awk '{ print $3 }'
}
CSRF=$(login "$UA" "$T/a.jar" ada-password-A)
CSRF_B=$(login "$UB" "$T/b.jar" ada-password-B)
# post PATH FIELD=VALUE...: a form POSTed to A as ada; prints the status.
post() {
	local path=$1 args=()
	shift
	for f in "$@"; do args+=(--data-urlencode "$f"); done
	code -b "$T/a.jar" --data-urlencode "csrf=$CSRF" "${args[@]}" "$UA$path"
}
location() { tr -d '\r' <"$T/head" | awk 'tolower($1) == "location:" { print $2 }'; }

say "the members page is linked from the overview, for an admin on the coordinator"
[ "$(code -b "$T/a.jar" "$UA/")" = 200 ] || fail "A's overview is not 200"
grep -q 'href="/members"' "$T/body" || fail "A's overview does not link to the members page"
[ "$(code -b "$T/a.jar" "$UA/members")" = 200 ] || fail "A's members page is not 200"
grep -q "Örebro kommun" "$T/body" || fail "the members page does not list B"
grep -q "The member list is valid until " "$T/body" || fail "the members page does not say when the roster expires"

say "a wrapped, quoted join request pasted into the form adds the node"
REQ=$(sv --dir "$T/X" join-request) || fail "join-request X"
MAIL=$(printf '%s\n' "$REQ" | fold -w 50 | sed 's/^/> /; 2s/$/  /')
[ "$(printf '%s\n' "$MAIL" | wc -l)" -gt 2 ] || fail "the request was not wrapped"
before=$(sv --dir "$T/A" member list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$(post /members/add "request=not a join request")" = 400 ] || fail "a bad request is not 400"
grep -q "This is not a join request" "$T/body" || fail "a bad request has no field message"
[ "$(sv --dir "$T/A" member list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = "$before" ] ||
	fail "a bad request changed the roster"
[ "$(post /members/add "request=$MAIL")" = 303 ] || fail "adding X through the form is not 303: $(cat "$T/body")"
WHERE=$(location)
case "$WHERE" in /members\?done=added\&node=SVK-*) ;; *) fail "adding X went to '$WHERE'" ;; esac
[ "$(code -b "$T/a.jar" "$UA$WHERE")" = 200 ] || fail "the page after adding is not 200"
grep -qE "Comune di Trento added; member list version [0-9]+\." "$T/body" ||
	fail "the page does not name who was added and the roster's version"
grep -qE "audit: ada added member Comune di Trento \(IT, SVK-[A-Z0-9-]+\); roster version [0-9]+" "$T/A.log" ||
	fail "no audit line for the addition"
sv --dir "$T/A" member list | grep -q "Comune di Trento .*active" || fail "X is not an active member at A"
# The daemon acts on the roster its web app changed at once (no other
# process wrote the store, so only the web's own path can tell it).
wait_for "A's daemon to link to X" 5 grep -q "linking to Comune di Trento" "$T/A.log" ||
	fail "A's daemon did not follow the roster changed from the web"

say "the third node joins, links and trades entries"
sv --dir "$T/X" join "$(id_of A)" --peer "${CATCHUP[A]}" >/dev/null || fail "join X"
sv --dir "$T/X" practice add "$DATA/practices/volwe.json" >/dev/null || fail "X add"
sv --dir "$T/B" practice add "$DATA/practices/hr-berg.json" >/dev/null || fail "B add"
start X
has() { sv --dir "$T/$1" practice list | grep -q "$2"; }
wait_for "X's practice at B" 60 has B volwe || fail "B did not get X's practice"
wait_for "X's practice at A" 60 has A volwe || fail "A did not get X's practice"
wait_for "B's practice at X" 60 has X hr-berg || fail "X did not get B's practice"

say "indicators previewed and published through the web reach the partners"
[ "$(code -b "$T/a.jar" "$UA/indicators/preview?period=2026-Q1")" = 200 ] || fail "the preview is not 200"
grep -q 'action="/indicators/publish"' "$T/body" || fail "the preview has no publish button"
[ "$(post /indicators/publish period=2026-Q1)" = 303 ] || fail "publishing is not 303: $(cat "$T/body")"
grep -qE "audit: ada published indicators for 2026-Q1 \(entry [0-9]+\)" "$T/A.log" || fail "no audit line for publishing"
rollup_has() {
	sv --dir "$T/$1" indicators show --federation --json | python3 -c '
import json, sys
sys.exit(0 if any(p["period"] == sys.argv[1] for p in json.load(sys.stdin)["periods"]) else 1)' "$2"
}
wait_for "A's indicators at B" 30 rollup_has B 2026-Q1 || fail "B did not get A's indicators"

say "suspended through the web: the partners refuse its new entries"
[ "$(post /members/suspend "node=$(id_of X)")" = 303 ] || fail "suspending X is not 303: $(cat "$T/body")"
[ "$(code -b "$T/a.jar" "$UA$(location)")" = 200 ] || fail "the page after suspending is not 200"
grep -qE "Comune di Trento suspended; member list version [0-9]+\." "$T/body" ||
	fail "the page does not name who was suspended"
grep -qE "audit: ada suspended member Comune di Trento" "$T/A.log" || fail "no audit line for the suspension"
suspended_at() {
	sv --dir "$T/$1" member list --json | python3 -c '
import json, sys
sys.exit(0 if any(m["name"] == "Comune di Trento" and m["status"] == "suspended"
    for m in json.load(sys.stdin)) else 1)'
}
wait_for "the roster with X suspended at B" 60 suspended_at B || fail "B did not get the new roster"
wait_for "X shown suspended in A's peers" 30 peers_check A 'state["Comune di Trento"] == "suspended"' ||
	fail "A does not show X suspended"
# X's next entry: nobody links to X now, so B's endpoint relays it (B
# stopped, svk-inject in its place) to A, which must refuse it. X stops
# too, or it could be the subscriber svk-inject sends to.
sv --dir "$T/X" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "X add 2"
stop X
stop B
KEY_X=$(sv --dir "$T/X" id --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
SEQ=$(sqlite3 "file:$T/X/samverk.db?mode=ro" "SELECT max(seq) FROM log WHERE origin = x'$KEY_X'")
"$INJECT" --pub "${PUB[B]}" --db "$T/X/samverk.db" --seq "$SEQ" --wait-ms $(($(scaled 30) * 1000)) >/dev/null || fail "inject X's entry $SEQ"
wait_for "a suspended rejection at A" 30 at_least 1 rejected A suspended ||
	fail "A did not refuse the suspended member's new entry"
has A legepatruljen && fail "A lists the suspended member's new practice"

say "resume and renew through the web"
[ "$(post /members/resume "node=$(id_of X)")" = 303 ] || fail "resuming X is not 303"
sv --dir "$T/A" member list | grep -q "Comune di Trento .*active" || fail "X is not active again"
[ "$(post /members/renew)" = 303 ] || fail "renewing is not 303"
case "$(location)" in /members\?done=renewed*) ;; *) fail "renewing went to '$(location)'" ;; esac
grep -qE "audit: ada renewed the roster: version [0-9]+, valid 90 days" "$T/A.log" || fail "no audit line for the renewal"

say "on a member that is not the coordinator: no page, and a POST is 403"
start B
[ "$(code -b "$T/b.jar" "$UB/")" = 200 ] || fail "B's overview is not 200"
grep -q 'href="/members"' "$T/body" && fail "B's overview links to a members page"
[ "$(code -b "$T/b.jar" "$UB/members")" = 403 ] || fail "B's members page is not 403"
OWN_B=$(entries B B | wc -l)
[ "$(code -b "$T/b.jar" --data-urlencode "csrf=$CSRF_B" --data-urlencode "request=$MAIL" "$UB/members/add")" = 403 ] ||
	fail "a POST to B's members page is not 403"
[ "$(code -b "$T/b.jar" --data-urlencode "csrf=$CSRF_B" "$UB/members/renew")" = 403 ] ||
	fail "a renew POSTed to B is not 403"
[ "$(entries B B | wc -l)" = "$OWN_B" ] || fail "B signed something"
kill -0 "${PID[A]}" || fail "A died"
stop A
sv --dir "$T/A" verify >/dev/null || fail "verify A"
say "ok"
