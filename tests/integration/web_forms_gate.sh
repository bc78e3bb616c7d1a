#!/usr/bin/env bash
# web_forms_gate.sh: every form of the web app, POSTed to a running daemon
# (the coordinator, holding its own practice and need, volunteers, web
# users of both roles) without a session, with a session but without the
# CSRF token, with another session's token, and, for the admin's forms, as
# an editor: each is answered 403 and nothing changes (the log, the
# volunteer registry, the roster, the web users). Then one right POST
# shows the gate lets a good one through. The list of forms is read from
# node/web/web.c's postable(), so a form added there without being listed
# here fails this test.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
sv --dir "$T/A" federation create >/dev/null || fail "federation create"
sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "practice add"
sv --dir "$T/A" need add "$DATA/needs/$(ls "$DATA/needs" | head -n 1)" >/dev/null || fail "need add"
sv --dir "$T/A" volunteer import "$DATA/volunteers.csv" >/dev/null || fail "volunteer import"
echo "editor-password" | sv --dir "$T/A" web-user add ed --password-stdin >/dev/null || fail "web-user ed"
echo "admin-password" | sv --dir "$T/A" web-user add ad --role admin --password-stdin >/dev/null ||
	fail "web-user ad"
HTTP=$(python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/A/samverk.conf'); print(c['node']['http'])")
U="http://$HTTP"
ME=$(id_of A)
PRACTICE=$(sv --dir "$T/A" practice list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
NEED=$(sv --dir "$T/A" need list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
VOL=v001
start A

# state: what a write would change.
state() {
	{
		sv --dir "$T/A" log --json
		sv --dir "$T/A" volunteer list --json
		sv --dir "$T/A" member list --json
		sv --dir "$T/A" web-user list --json
	} | sha256sum
}
code() { curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' "$@"; }
login() {
	local tok
	code -c "$1" -b "$1" "$U/login" >/dev/null
	tok=$(awk '$6 == "samverk_login" { print $7 }' "$1")
	code -c "$1" -b "$1" --data-urlencode "csrf=$tok" --data-urlencode "user=$2" \
		--data-urlencode "password=$3" --data-urlencode "next=/whoami" "$U/login"
}
csrf_of() { curl -s -b "$1" "$U/whoami" | awk '{ print $3 }'; }

[ "$(login "$T/ed.jar" ed editor-password)" = 303 ] || fail "the editor cannot log in"
[ "$(login "$T/ad.jar" ad admin-password)" = 303 ] || fail "the admin cannot log in"
ED=$(csrf_of "$T/ed.jar")
AD=$(csrf_of "$T/ad.jar")
[ -n "$ED" ] && [ -n "$AD" ] && [ "$ED" != "$AD" ] || fail "no CSRF tokens"

# Every form path, and the role it needs. An adoption and its follow-up are
# of a partner's practice: this node's own gives the same gate.
FORMS="editor /practices/new
editor /needs/new
editor /practices/upload
editor /needs/upload
editor /practices/$ME/$PRACTICE/edit
editor /practices/$ME/$PRACTICE/retract
editor /practices/$ME/$PRACTICE/adopt
editor /practices/$ME/$PRACTICE/follow-up
editor /needs/$ME/$NEED/edit
editor /needs/$ME/$NEED/retract
editor /needs/$ME/$NEED/close
admin /volunteers/new
admin /volunteers/import
admin /volunteers/$VOL/edit
admin /volunteers/$VOL/erase
admin /members/add
admin /members/suspend
admin /members/resume
admin /members/renew
admin /indicators/publish"

# Each ending or path web.c's postable() takes (and the volunteer pages'
# svk_web_volunteer_postable) must be among the forms tried.
for p in $(awk '/^(postable|svk_web_volunteer_postable)\(/,/^}/' \
	"$ROOT/node/web/web.c" "$ROOT/node/web/web_volunteer.c" |
	grep -o '"/[a-z/-]*"' | tr -d '"' | sort -u); do
	case $p in
	*/) grep -q " $p" <<<"$FORMS" || fail "no form under $p is tried here" ;;
	*) grep -q -- "$p\$" <<<"$FORMS" || fail "form path *$p is not tried here" ;;
	esac
done

BEFORE=$(state)
FIELDS=(-d "title=x" -d "id=x" -d "request=x" -d "node=$ME" -d "period=2026-Q1"
	-d "confirm=yes" -d "name=Somebody" -d "reason=x" -d "status=adopted")
n=0
while read -r role path; do
	n=$((n + 1))
	[ "$(code "${FIELDS[@]}" -d "csrf=$ED" "$U$path")" = 403 ] ||
		fail "POST $path without a session is not 403: $(head -c 200 "$T/body")"
	[ "$(code -b "$T/ed.jar" "${FIELDS[@]}" "$U$path")" = 403 ] ||
		fail "POST $path without the CSRF token is not 403"
	[ "$(code -b "$T/ed.jar" "${FIELDS[@]}" -d "csrf=$AD" "$U$path")" = 403 ] ||
		fail "POST $path with another session's token is not 403"
	[ "$(code -b "$T/ed.jar" -F "csrf=x" -F "title=x" "$U$path")" = 403 ] ||
		fail "multipart POST $path with a wrong token is not 403"
	if [ "$role" = admin ]; then
		[ "$(code -b "$T/ed.jar" "${FIELDS[@]}" -d "csrf=$ED" "$U$path")" = 403 ] ||
			fail "POST $path as an editor is not 403: $(head -c 300 "$T/body")"
	fi
done <<<"$FORMS"
[ "$(state)" = "$BEFORE" ] || fail "a refused POST changed the store"
say "$n forms: 403 without a session, without or with another's CSRF token, and admin forms for an editor; nothing written"

# The gate lets a right one through: the admin renews the roster.
[ "$(code -b "$T/ad.jar" -d "csrf=$AD" "$U/members/renew")" = 303 ] ||
	fail "the admin's renew is not 303: $(head -c 300 "$T/body")"
[ "$(state)" != "$BEFORE" ] || fail "the admin's renew changed nothing"
say "ok"
