#!/usr/bin/env bash
# web_publish.sh: a practice written through A's web app reaches B by
# pub/sub at once, not at the next catch-up round: with catch-up and
# heartbeats an hour apart, B holds it within seconds (the daemon does not
# see its own connection's writes by the store's data version, so the web
# app says when a form was posted).
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
for n in A B; do
	set_conf "$n" catchup interval 3600
	set_conf "$n" heartbeat interval 3600
done
echo "editor-password" | sv --dir "$T/A" web-user add ed --password-stdin >/dev/null ||
	fail "web-user add"
start A
start B
HTTP=$(python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/A/samverk.conf'); print(c['node']['http'])")
U="http://$HTTP"
# The first catch-up (at start) is over once B holds A's roster entry.
roster_at_b() { [ "$(held B)" -ge 1 ]; }
wait_for "B's first catch-up" 30 roster_at_b || fail "B did not catch up with A at start"

tok() { awk -v k="$2" '$6 == k { print $7 }' "$1"; }
curl -s -o /dev/null -c "$T/jar" -b "$T/jar" "$U/login"
[ "$(curl -s -o /dev/null -w '%{http_code}' -c "$T/jar" -b "$T/jar" \
	--data-urlencode "csrf=$(tok "$T/jar" samverk_login)" --data-urlencode user=ed \
	--data-urlencode password=editor-password "$U/login")" = 303 ] || fail "cannot log in"
CSRF=$(curl -s -b "$T/jar" "$U/whoami" | awk '{ print $3 }')
status=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar" -F "csrf=$CSRF" \
	-F "file=@$DATA/practices/legepatruljen.json;type=application/json" "$U/practices/upload")
[ "$status" = 303 ] || fail "the upload was not taken ($status): $(cat "$T/body")"
has A practice 1 || fail "A does not hold the uploaded practice"
wait_for "the practice at B by pub/sub" 10 has B practice 1 ||
	fail "B did not get the practice written through A's web app within 10 s"
say "ok: a web app write reached B at once"
