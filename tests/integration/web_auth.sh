#!/usr/bin/env bash
# web_auth.sh: logging in to the web app of a running daemon, with curl:
# a right and a wrong password, a login form without its token, a POST
# without a session, without the CSRF token or with another's (403, no
# page code reached, nothing written), ten wrong passwords and the 11th
# answered 429 with Retry-After at once, logout ending the session, a web
# user removed losing theirs, the audit lines, [http] public = no sending
# readers to /login, and https: refused beyond loopback without a
# certificate, served with one (Secure cookies).
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
sv --dir "$T/A" federation create >/dev/null || fail "federation create"
HTTP=$(python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/A/samverk.conf'); print(c['node']['http'])")
U="http://$HTTP"
echo "alice-password" | sv --dir "$T/A" web-user add alice --password-stdin >/dev/null ||
	fail "web-user add alice"
echo "bob-password" | sv --dir "$T/A" web-user add bob --role admin --password-stdin >/dev/null ||
	fail "web-user add bob"
start A
LOG_BEFORE=$(sv --dir "$T/A" log --json | sha256sum)

# code ARGS...: the HTTP status of curl ARGS; the body in $T/body, the
# headers in $T/head.
code() { curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' "$@"; }
# login JAR USER PASSWORD: GET /login (its token into JAR), then POST it.
login() {
	local tok
	code -c "$1" -b "$1" "$U/login" >/dev/null
	tok=$(awk '$6 == "samverk_login" { print $7 }' "$1")
	code -c "$1" -b "$1" --data-urlencode "csrf=$tok" --data-urlencode "user=$2" \
		--data-urlencode "password=$3" --data-urlencode "next=/whoami" "$U/login"
}
# csrf_of JAR: the CSRF token of JAR's session (the stand-in's /whoami).
csrf_of() { curl -s -b "$1" "$U/whoami" | awk '{ print $3 }'; }
audits() { grep -c "audit: $1" "$T/A.log"; }

say "a right password opens a session"
[ "$(login "$T/a.jar" alice alice-password)" = 303 ] || fail "right password is not 303: $(cat "$T/body")"
grep -qi '^location: /whoami' "$T/head" || fail "login does not go to next"
grep -i '^set-cookie: samverk_session=' "$T/head" | grep -qi 'HttpOnly; SameSite=Strict; Path=/' ||
	fail "the session cookie is not HttpOnly, SameSite=Strict: $(grep -i set-cookie "$T/head")"
grep -i '^set-cookie: samverk_session=' "$T/head" | grep -qi secure &&
	fail "a plain-http session cookie is marked Secure"
read -r who role CSRF < <(curl -s -b "$T/a.jar" "$U/whoami")
[ "$who $role" = "alice editor" ] || fail "whoami is '$who $role'"
[ "${#CSRF}" = 43 ] || fail "the CSRF token is '$CSRF'"
grep -q "audit: alice logged in (editor) from 127.0.0.1" "$T/A.log" || fail "no audit line for the login"

say "a wrong password does not, and is logged"
[ "$(login "$T/w.jar" bob wrong-password)" = 403 ] || fail "wrong password is not 403"
grep -q "Wrong user name or password" "$T/body" || fail "no message for a wrong password"
[ "$(curl -s -b "$T/w.jar" "$U/whoami")" = "- anonymous -" ] || fail "a wrong password gave a session"
grep -q "audit: failed login as bob from 127.0.0.1" "$T/A.log" || fail "no audit line for the failed login"
[ "$(login "$T/w.jar" nobody some-password)" = 403 ] || fail "an unknown name is not 403"
[ "$(login "$T/w.jar" "evil$(printf '\r\n')name" some-password)" = 403 ] || fail "a name with CR LF is not 403"
grep -q "failed login as (not a user name)" "$T/A.log" || fail "a name with CR LF is logged as given"

say "the login form needs its own token"
# OTHER: the token with its last character changed (still a token).
if [ "${CSRF: -1}" = A ]; then OTHER=${CSRF%?}B; else OTHER=${CSRF%?}A; fi
[ "$(code -d "user=bob&password=bob-password" "$U/login")" = 403 ] || fail "login without a token is not 403"
[ "$(code -b "samverk_login=$CSRF" -d "csrf=$OTHER&user=bob&password=bob-password" "$U/login")" = 403 ] ||
	fail "login with a token unlike its cookie is not 403"

say "every POST needs a session and its CSRF token"
posted=$(audits "alice posted")
[ "$(code -d "csrf=$CSRF&note=x" "$U/nothing")" = 403 ] || fail "POST without a session is not 403"
[ "$(code -b "$T/a.jar" -d "note=x" "$U/nothing")" = 403 ] || fail "POST without a CSRF token is not 403"
[ "$(code -b "$T/a.jar" -d "csrf=$OTHER&note=x" "$U/nothing")" = 403 ] || fail "POST with a wrong CSRF token is not 403"
[ "$(code -b "$T/a.jar" -F "csrf=x" -F "note=x" "$U/nothing")" = 403 ] || fail "multipart POST with a wrong token is not 403"
login "$T/b.jar" bob bob-password >/dev/null
BOB_CSRF=$(csrf_of "$T/b.jar")
[ "$(code -b "$T/a.jar" -d "csrf=$BOB_CSRF&note=x" "$U/nothing")" = 403 ] || fail "POST with another session's token is not 403"
[ "$(code -b "$T/a.jar" -H "Origin: http://evil.example" -d "csrf=$CSRF&note=x" "$U/nothing")" = 403 ] ||
	fail "POST from another site's page (Origin) is not 403"
[ "$(code -b "$T/a.jar" -H "Origin: null" -d "csrf=$CSRF&note=x" "$U/nothing")" = 403 ] ||
	fail "POST with Origin: null is not 403"
[ "$(audits "alice posted")" = "$posted" ] || fail "a refused POST reached page code"
[ "$(code -b "$T/a.jar" -H "Origin: http://$HTTP" -d "csrf=$CSRF&note=hello" "$U/nothing")" = 200 ] ||
	fail "POST with session and token (and its own Origin) is not 200"
[ "$(code -b "$T/a.jar" -F "csrf=$CSRF" -F "note=@$T/A/samverk.conf" "$U/nothing")" = 200 ] ||
	fail "multipart POST with session and token is not 200"
[ "$(audits "alice posted")" = "$((posted + 2))" ] || fail "the POSTs past the gate were not audited"
[ "$(code -X POST -d x=1 "$U/api/status")" = 405 ] || fail "POST to the API is not 405"

say "limits: a body too big is 413, a non-form 415"
head -c $((3 << 20)) /dev/zero | tr '\0' a >"$T/big"
[ "$(code -b "$T/a.jar" --data-binary "@$T/big" "$U/nothing")" = 413 ] || fail "a 3 MiB body is not 413"
python3 -c "import sys; sys.stdout.write('csrf=$CSRF&note=' + 'a' * 70000)" >"$T/field"
[ "$(code -b "$T/a.jar" --data-binary "@$T/field" "$U/nothing")" = 413 ] || fail "a 70 kB field is not 413"
[ "$(code -b "$T/a.jar" -H 'Content-Type: application/json' -d '{}' "$U/nothing")" = 415 ] || fail "JSON is not 415"
python3 -c "import json, sys; sys.stdout.write(json.dumps({'title': 'x' * (900 << 10)}))" >"$T/upload.json"
[ "$(code -b "$T/a.jar" -F "csrf=$CSRF" -F "note=@$T/upload.json;type=application/json" "$U/nothing")" = 200 ] ||
	fail "a 900 KiB upload is not 200"
head -c $((1100 << 10)) /dev/zero | tr '\0' a >"$T/upload.csv"
[ "$(code -b "$T/a.jar" -F "csrf=$CSRF" -F "note=@$T/upload.csv;type=text/csv" "$U/nothing")" = 413 ] ||
	fail "a 1.1 MiB upload is not 413"
posted=$((posted + 1))
[ "$(audits "alice posted")" = "$((posted + 2))" ] || fail "a refused body reached page code"

say "logout ends the session"
OLD=$(awk '$6 == "samverk_session" { print $7 }' "$T/a.jar")
[ "$(code -b "$T/a.jar" -c "$T/a.jar" -d "csrf=$CSRF" "$U/logout")" = 303 ] || fail "logout is not 303"
grep -q "audit: alice logged out from 127.0.0.1" "$T/A.log" || fail "no audit line for the logout"
[ "$(curl -s -H "Cookie: samverk_session=$OLD" "$U/whoami")" = "- anonymous -" ] || fail "the session outlived logout"
[ "$(code -H "Cookie: samverk_session=$OLD" -d "csrf=$CSRF&note=x" "$U/nothing")" = 403 ] ||
	fail "a POST with a logged-out session is not 403"

say "a new password ends the sessions opened before"
login "$T/c.jar" alice alice-password >/dev/null
[ "$(curl -s -b "$T/c.jar" "$U/whoami" | cut -d' ' -f1)" = alice ] || fail "alice is not logged in"
echo "alice-password" | sv --dir "$T/A" web-user passwd alice --password-stdin >/dev/null ||
	fail "web-user passwd alice"
[ "$(curl -s -b "$T/c.jar" "$U/whoami")" = "- anonymous -" ] || fail "a session outlived a new password"
grep -q "audit: alice's session ended: the password was set anew" "$T/A.log" || fail "no audit line for it"

say "a web user removed loses their session"
[ "$(curl -s -b "$T/b.jar" "$U/whoami" | cut -d' ' -f1-2)" = "bob admin" ] || fail "bob is not logged in"
sv --dir "$T/A" web-user remove bob >/dev/null || fail "web-user remove bob"
[ "$(curl -s -b "$T/b.jar" "$U/whoami")" = "- anonymous -" ] || fail "a removed user kept the session"

say "ten wrong passwords: the 11th is 429 at once, even when right"
for i in $(seq 10); do
	[ "$(login "$T/r.jar" alice "wrong-$i-password")" = 403 ] || fail "wrong password $i is not 403"
done
t0=$(date +%s%N)
[ "$(login "$T/r.jar" alice alice-password)" = 429 ] || fail "the 11th attempt is not 429"
t1=$(date +%s%N)
grep -qi '^retry-after: [0-9]' "$T/head" || fail "429 without Retry-After"
[ $(((t1 - t0) / 1000000)) -lt 2000 ] || fail "the 429 took $(((t1 - t0) / 1000000)) ms: it must not be slowed by a sleep"
grep -q "audit: login as alice from 127.0.0.1 refused for" "$T/A.log" || fail "no audit line for the refusal"
[ "$(code "$U/api/status")" = 200 ] || fail "the daemon stopped serving"

say "the store is untouched"
[ "$(sv --dir "$T/A" log --json | sha256sum)" = "$LOG_BEFORE" ] || fail "the log changed"
sv --dir "$T/A" verify >/dev/null || fail "verify fails"

say "SIGTERM while passwords are being checked: a clean stop"
code --interface 127.0.0.3 -c "$T/t.jar" -b "$T/t.jar" "$U/login" >/dev/null
tok=$(awk '$6 == "samverk_login" { print $7 }' "$T/t.jar")
clients=()
for i in 1 2 3 4 5 6; do
	curl -s -m 10 -o /dev/null --interface 127.0.0.3 -b "$T/t.jar" \
		-d "csrf=$tok&user=carol&password=wrong-password-$i" "$U/login" &
	clients+=($!)
done
stop A
wait "${clients[@]}"

say "[http] public = no sends readers to /login"
set_conf A http public no
start A
[ "$(code "$U/")" = 303 ] || fail "/ is not 303 when not public"
grep -qi '^location: /login?next=/' "$T/head" || fail "not sent to /login: $(cat "$T/head")"
[ "$(code "$U/api/practices")" = 303 ] || fail "/api/practices is not 303 when not public"
[ "$(code "$U/api/status")" = 200 ] || fail "/api/status is not open"
[ "$(code "$U/login")" = 200 ] || fail "/login is not open"
[ "$(login "$T/p.jar" alice alice-password)" = 303 ] || fail "login after a restart is not 303"
[ "$(code -b "$T/p.jar" "$U/")" = 200 ] || fail "/ is not 200 logged in"
stop A

say "beyond loopback: refused without a certificate, https with one"
set_conf A node http "0.0.0.0:${HTTP##*:}"
set_conf A http public auto
timeout 20 "$SAMVERK" --dir "$T/A" run >"$T/refused.out" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "run beyond loopback without a certificate exited $rc, not 1"
grep -q '\[http\] cert and \[http\] key' "$T/refused.out" || fail "the refusal does not name the settings: $(cat "$T/refused.out")"
set_conf A http cert "$T/A/tls.crt"
timeout 20 "$SAMVERK" --dir "$T/A" run >"$T/half.out" 2>&1
[ $? = 1 ] && grep -q '\[http\] key is not' "$T/half.out" || fail "a cert without a key is not refused: $(cat "$T/half.out")"
set_conf A http key "$T/A/tls.key"
start A
S="https://127.0.0.1:${HTTP##*:}"
https_up() { curl -sk -o /dev/null -w '%{http_code}' "$S/api/status" | grep -qx 200; }
wait_for "https at A" 10 https_up || fail "https is not served"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${HTTP##*:}/api/status")" = 200 ] &&
	fail "plain http still answers"
code -k -c "$T/s.jar" -b "$T/s.jar" "$S/login" >/dev/null
tok=$(awk '$6 == "samverk_login" { print $7 }' "$T/s.jar")
[ "$(code -k -c "$T/s.jar" -b "$T/s.jar" -d "csrf=$tok&user=alice&password=alice-password" "$S/login")" = 303 ] ||
	fail "login over https is not 303"
grep -i '^set-cookie: samverk_session=' "$T/head" | grep -qi '; Secure' || fail "the https session cookie is not Secure"
stop A
say "ok"
