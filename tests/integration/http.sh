#!/usr/bin/env bash
# The daemon's HTTP server, with a real client (curl) and a real browser
# (headless Chromium): status codes, JSON that parses, metrics that
# Prometheus' own checker (promtool check metrics) accepts, hostile
# requests, the web app's pages (node/web/) in the language asked for,
# and its overview (and the plain status page, /status) listing every
# member in every script.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Δήμος Τρικκαίων" GR
federation A B C
for n in A B C; do set_conf "$n" heartbeat interval 1; done
HTTP=$(python3 -c "import configparser,sys; c=configparser.ConfigParser(); c.read('$T/A/samverk.conf'); print(c['node']['http'])")
for n in A B C; do start "$n"; done
sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "add"
sv --dir "$T/C" practice add "$DATA/practices/diktyo-ethelonton.json" >/dev/null || fail "add"
sv --dir "$T/B" need add "$DATA/needs/young-volunteers.json" >/dev/null || fail "add"
wait_for "C's practice at A" 30 has A practice 2 || fail "A lacks C's practice"
online() {
	sv --dir "$T/A" status --federation --json | grep -c '"online": true'
}
wait_for "A to see three online" 30 at_least 3 online || fail "A does not see all three online"

code() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/body"; }
U="http://$HTTP"

[ "$(code "$U/")" = 200 ] || fail "/ is not 200"
grep -q "Δήμος Τρικκαίων" "$T/body" || fail "/ lacks the Greek member"
[ "$(code "$U/status")" = 200 ] || fail "/status is not 200"
grep -q "<td>Δήμος Τρικκαίων" "$T/body" || fail "/status lacks the Greek member"

# The web app: lists, a practice's page and its JSON, a need's matches, the
# indicators, each in the language the browser asks for.
[ "$(code -H 'Accept-Language: da-DK,da;q=0.9,en;q=0.5' "$U/practices")" = 200 ] ||
	fail "/practices is not 200"
grep -q '<html lang="da">' "$T/body" || fail "/practices is not in Danish for Accept-Language da"
grep -q '>Legepatruljen</a>' "$T/body" || fail "/practices lacks Legepatruljen"
[ "$(code "$U/practices?q=legepatrulje")" = 200 ] || fail "a search is not 200"
grep -q "Legepatruljen</span></a>" "$T/body" || fail "a search does not find Legepatruljen"
[ "$(code "$U/practices?area=sport")" = 400 ] || fail "a bad area is not 400"
A_FPR=$(id_of A)
B_FPR=$(id_of B)
[ "$(code "$U/practices/$A_FPR/legepatruljen")" = 200 ] || fail "the practice page is not 200"
grep -q 'Ældre elever uddannes af uddannede legeinstruktører' "$T/body" ||
	fail "the practice page lacks a core element"
grep -q '<span lang="da">' "$T/body" || fail "Danish text on an English page is not marked lang=da"
[ "$(code "$U/practices/$A_FPR/legepatruljen.json")" = 200 ] || fail "the practice's JSON is not 200"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["id"] == "legepatruljen", d' "$T/body" ||
	fail "the practice's JSON is not the record"
[ "$(code "$U/practices/$A_FPR/nothing")" = 404 ] || fail "a missing practice is not 404"
[ "$(code -b 'lang=sv' "$U/needs/$B_FPR/unga-volontarer")" = 200 ] || fail "the need page is not 200"
grep -q '<html lang="sv">' "$T/body" || fail "the lang cookie is not honoured"
grep -q 'id="matches"' "$T/body" || fail "the need page has no matches"
[ "$(code "$U/indicators")" = 200 ] || fail "/indicators is not 200"
curl -s -D "$T/headers" -o /dev/null "$U/needs?lang=el" || fail "no answer for ?lang=el"
grep -qi '^set-cookie: lang=el; .*SameSite=Strict' "$T/headers" || fail "?lang=el sets no SameSite=Strict cookie"
grep -qi '^content-security-policy: default-src .none.' "$T/headers" || fail "the pages have no CSP"
[ "$(code "$U/api/nope")" = 404 ] || fail "an unknown API path is not 404"
for p in /api/status /api/federation /api/practices /api/needs \
	"/api/practices?q=leg" "/api/practices?area=youth" \
	"/api/practices?origin=$(id_of A)" "/api/needs?status=open"; do
	[ "$(code "$U$p")" = 200 ] || fail "$p is not 200"
	json_ok || fail "$p is not JSON"
done
code "$U/api/practices?q=leg" >/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [x["id"] for x in d] == ["legepatruljen"], d' "$T/body" ||
	fail "/api/practices?q=leg does not find legepatruljen"
code "$U/api/status" >/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["http"] == sys.argv[2] and len(d["peers"]) == 2, d' "$T/body" "$HTTP" ||
	fail "/api/status does not match"
[ "$(code "$U/api/practices?area=sport")" = 400 ] || fail "bad area is not 400"
[ "$(code "$U/api/practices?origin=nobody")" = 400 ] || fail "bad origin is not 400"
[ "$(code "$U/api/practices?limit=-1")" = 400 ] || fail "bad limit is not 400"
[ "$(code "$U/api/practices?q=%21%21")" = 400 ] || fail "empty search is not 400"
[ "$(code "$U/nope")" = 404 ] || fail "unknown path is not 404"
[ "$(code "$U/../etc/passwd")" = 404 ] || fail "path traversal is not 404"
[ "$(code -X POST -d x=1 "$U/api/status")" = 405 ] || fail "POST is not 405"

# Both of A's links up, as its metrics count them (nng may be redialling).
connected_is() {
	local line
	line=$(curl -s "$U/metrics" | grep "^samverk_peers_connected ")
	echo "$line"
	[ "$line" = "samverk_peers_connected $1" ]
}
wait_for "samverk_peers_connected 2 at A" 30 connected_is 2 || fail "peers connected is not 2"
[ "$(code "$U/metrics")" = 200 ] || fail "/metrics is not 200"
command -v promtool >/dev/null || fail "promtool is not installed (make deps-test installs prometheus)"
promtool check metrics <"$T/body" || fail "/metrics is not valid Prometheus text (promtool check metrics)"
grep -q '^samverk_entries{origin="SVK-' "$T/body" || fail "no entries per origin"
grep -q '^samverk_heartbeat_age_seconds{node=' "$T/body" || fail "no heartbeat ages"
grep -q '^samverk_peers_connected 2$' "$T/body" || fail "peers connected is not 2"

# Hostile: a 1 MB header, a client that connects and says nothing.
python3 - "$HTTP" "$(scaled 2)" <<'PY' || fail "hostile clients"
import socket, sys, time
host, port = sys.argv[1].rsplit(":", 1)
limit = float(sys.argv[2])
s = socket.create_connection((host, int(port)))
try:
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n")
except OSError:
    pass  # the server may close on us mid-way: that is fine
s.close()
idle = [socket.create_connection((host, int(port))) for _ in range(5)]
time.sleep(0.2)
t = time.time()
q = socket.create_connection((host, int(port)))
q.sendall(b"GET /api/status HTTP/1.0\r\n\r\n")
data = b""
while True:
    b = q.recv(65536)
    if not b:
        break
    data += b
assert data.startswith(b"HTTP/1.0 200") or data.startswith(b"HTTP/1.1 200"), data[:80]
assert time.time() - t < limit, "a slow client blocked the server"
for c in idle:
    c.close()
PY
kill -0 "${PID[A]}" || fail "A died"

# A real browser.
CHROME=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROME" ] || fail "chromium is not installed (make deps installs it)"
chrome() {
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$T/chrome" "$@" 2>>"$T/chrome.log"
}
chrome --dump-dom "$U/" >"$T/dom.html" || fail "chromium could not load the page"
for name in "Middelfart Kommune" "Örebro kommun" "Δήμος Τρικκαίων"; do
	grep -q "class=\"name\">$name<" "$T/dom.html" || fail "the page does not list $name"
done
[ "$(grep -o 'class="member"' "$T/dom.html" | wc -l)" = 3 ] || fail "the page lists other than 3 members"
chrome --screenshot="$T/status.png" --window-size=1200,900 "$U/" >/dev/null ||
	fail "no screenshot"
[ -s "$T/status.png" ] || fail "empty screenshot"
chrome --screenshot="$T/phone.png" --window-size=390,844 "$U/" >/dev/null ||
	fail "no phone screenshot"
chrome --screenshot="$T/practice-phone.png" --window-size=390,844 \
	"$U/practices/$A_FPR/legepatruljen?lang=el" >/dev/null || fail "no phone screenshot of a practice"
mkdir -p "$ROOT/build/screenshots"
cp "$T/status.png" "$T/phone.png" "$T/practice-phone.png" "$ROOT/build/screenshots/"
say "ok (screenshots in build/screenshots/)"
