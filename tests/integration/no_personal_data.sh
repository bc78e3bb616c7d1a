#!/usr/bin/env bash
# Nothing personal leaves a node. Middelfart imports the sample volunteer
# registry and publishes its indicators, and has a web user (its name and
# password hash are personal too); Örebro and Trikala receive them. Then no
# volunteer's name, e-mail or phone number, nor the web user's name,
# password or hash, is in the partners' database
# files, nor in any byte Middelfart (or Örebro, which relays) sent: what a
# SUB socket of our own received from their PUB sockets, and their answers to
# a catch-up request from a partner that holds nothing (svk-capture), B's
# follow-up of an adoption among them. The
# coordinator's rollup sums the three members' sets, on the command line and
# on the status page.
. "$(dirname "$0")/lib.sh"

CAPTURE=${CAPTURE:-$ROOT/${SVK_BUILD:-build}/svk-capture}
[ -x "$CAPTURE" ] || fail "no $CAPTURE: run 'make ${SVK_BUILD:-build}/svk-capture'"
CSV=$DATA/volunteers.csv

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Δήμος Τρικκαίων" GR
federation A B C
for n in A B C; do set_conf "$n" heartbeat interval 1; done
HTTP=$(python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/A/samverk.conf'); print(c['node']['http'])")
FED=$(sv --dir "$T/A" id --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

sv --dir "$T/A" volunteer import "$CSV" >/dev/null || fail "import the registry"
WEB_USER=webadmin-ane-middelfart
WEB_PASSWORD=only-at-middelfart-42
echo "$WEB_PASSWORD" | sv --dir "$T/A" web-user add "$WEB_USER" --role admin --password-stdin >/dev/null ||
	fail "web-user add"
# The hash's salt and digest (after the last '$' but one).
WEB_HASH=$(sqlite3 "$T/A/samverk.db" "SELECT hash FROM web_users" | awk -F'$' '{ print $(NF - 1) "$" $NF }')
[ -n "$WEB_HASH" ] || fail "no hash stored for the web user"
sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "add a practice"
start A
start B
# Listen to A's and B's PUB sockets for as long as the exchange takes (the
# capture has a fixed length: it cannot be stopped early and keep its file).
"$CAPTURE" --sub "${PUB[A]}" --out "$T/pub-A.bin" --seconds "$(scaled 30)" >"$T/cap-A.log" 2>&1 &
CAP_A=$!
"$CAPTURE" --sub "${PUB[B]}" --out "$T/pub-B.bin" --seconds "$(scaled 30)" >"$T/cap-B.log" 2>&1 &
CAP_B=$!
# connected PID URL: process PID holds a TCP connection to URL's port.
connected() {
	ss -Htnp state established "( dport = :${2##*:} )" | grep "pid=$1,"
}
wait_for "the capture of A's PUB to connect" 30 connected "$CAP_A" "${PUB[A]}" ||
	fail "svk-capture did not connect to A"
wait_for "the capture of B's PUB to connect" 30 connected "$CAP_B" "${PUB[B]}" ||
	fail "svk-capture did not connect to B"
start C

sv --dir "$T/A" indicators publish --period 2026-Q3 >/dev/null || fail "A publish 2026-Q3"
sv --dir "$T/A" indicators publish --period 2026 >/dev/null || fail "A publish 2026"
sv --dir "$T/B" indicators publish --period 2026-Q3 >/dev/null || fail "B publish"
sv --dir "$T/C" indicators publish --period 2026-Q3 >/dev/null || fail "C publish"

# sets NODE ORIGIN-NODE N: NODE holds N sets of ORIGIN-NODE's; prints how many.
sets() {
	local got
	got=$(sv --dir "$T/$1" indicators show --federation --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(sum(len(m['periods']) for m in d['members'] if m['node'] == '$(id_of "$2")'))")
	echo "$got"
	[ "$got" = "$3" ]
}
for n in B C; do
	wait_for "A's two sets at $n" 30 sets "$n" A 2 || fail "$n did not get A's indicator sets"
done
wait_for "B's set at A" 30 sets A B 1 || fail "A did not get B's set"
wait_for "C's set at A" 30 sets A C 1 || fail "A did not get C's set"
wait_for "A's practice at C" 30 has C practice 1 || fail "C did not get A's practice"
wait_for "A's practice at B" 30 has B practice 1 || fail "B did not get A's practice"

# B adopts A's practice and follows it up: the follow-up's results and
# lessons travel, and are among the bytes searched below.
LP="$(id_of A)/legepatruljen"
sv --dir "$T/B" adopt "$LP" --status piloting --started 2026-01-10 >/dev/null 2>&1 ||
	fail "B adopt"
cat >"$T/follow.json" <<'JSON'
{"months": 3, "date": "2026-04-12",
 "results": [{"name": "pupils active in the breaks", "value": 140, "unit": "PERSONS", "baseline": 90}],
 "lessons": "FOLLOW-UP-LESSON: start with one school"}
JSON
sv --dir "$T/B" adopt "$LP" --follow-up "$T/follow.json" >/dev/null 2>"$T/follow.err" ||
	fail "B follow-up: $(cat "$T/follow.err")"

# A partner holding nothing asks A and B for everything.
"$CAPTURE" --req "${CATCHUP[A]}" --federation "$FED" --out "$T/catchup-A.bin" >"$T/req-A.log" 2>&1 ||
	fail "catch-up from A: $(cat "$T/req-A.log")"
"$CAPTURE" --req "${CATCHUP[B]}" --federation "$FED" --out "$T/catchup-B.bin" >"$T/req-B.log" 2>&1 ||
	fail "catch-up from B: $(cat "$T/req-B.log")"
wait "$CAP_A" || fail "capture of A's PUB: $(cat "$T/cap-A.log")"
wait "$CAP_B" || fail "capture of B's PUB: $(cat "$T/cap-B.log")"
say "$(cat "$T/cap-A.log") / $(cat "$T/req-A.log")"

# The rollup on the coordinator, its API and its status page.
sv --dir "$T/A" indicators show --federation --json >"$T/rollup.json" || fail "rollup"
python3 - "$T/rollup.json" <<'PY' || fail "the rollup does not sum the three members"
import json, sys
d = json.load(open(sys.argv[1]))
q3 = [g for g in d["periods"] if g["period"] == "2026-Q3"][0]
assert q3["members"] == 3, q3["members"]
t = [c for c in q3["cells"] if c["code"] == "VOL_ACTIVE" and c["breakdown"] == "_T"][0]
assert t["value"] == 53 and t["reported"] == 3 and t["confidential"] == 0, t
for c in q3["cells"]:
    assert c["reported"] + c["confidential"] == 3, c
    assert (c["value"] is None) == (c["reported"] == 0), c
assert any(c["confidential"] > 0 for c in q3["cells"])
assert len(d["members"]) == 3
PY
curl -sf "http://$HTTP/api/indicators" >"$T/api.json" || fail "/api/indicators"
python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert a["periods"] == b["periods"], "API and CLI differ"' "$T/api.json" "$T/rollup.json" ||
	fail "/api/indicators is not the rollup the command line shows"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$HTTP/api/indicators?period=2026-Q9")" = 400 ] ||
	fail "/api/indicators?period=2026-Q9 is not 400"
curl -sf "http://$HTTP/status" >"$T/page.html" || fail "the status page"
grep -q '<section id="indicators"><h2>Indicators</h2>' "$T/page.html" || fail "no Indicators section"
grep -q 'VOL_ACTIVE</td><td>53 ' "$T/page.html" || fail "the page lacks VOL_ACTIVE 53"

# look FILE...: does any of the files hold a volunteer's name, e-mail or
# phone number? Prints what it finds.
look() {
	python3 - "$CSV" "$@" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
needles = set()
for r in rows:
    for k in ("name", "email", "phone"):
        needles.add(r[k].encode("utf-8"))
found = 0
for path in sys.argv[2:]:
    try:
        data = open(path, "rb").read()
    except FileNotFoundError:
        continue
    for n in sorted(needles):
        if n in data:
            print("%s holds %r" % (path, n.decode()))
            found += 1
sys.exit(1 if found else 0)
PY
}

# look_web FILE...: does any of the files hold the web user's name,
# password or hash? Prints what it finds.
look_web() {
	local f n found=0
	for f in "$@"; do
		[ -e "$f" ] || continue
		for n in "$WEB_USER" "$WEB_PASSWORD" "$WEB_HASH"; do
			if grep -qaF -- "$n" "$f"; then
				echo "$f holds $n"
				found=1
			fi
		done
	done
	return $found
}

# The method finds them where they are: in A's own store.
look_web "$T/A/samverk.db" "$T/A/samverk.db-wal" >/dev/null &&
	fail "the search finds no web user even in A's store"
look "$T/A/samverk.db" "$T/A/samverk.db-wal" >/dev/null && fail "the search finds nothing even in A's store"
for f in pub-A.bin pub-B.bin catchup-A.bin catchup-B.bin; do
	[ -s "$T/$f" ] || fail "$f captured nothing"
done
grep -qa 'VOL_ACTIVE' "$T/pub-A.bin" || fail "A's PUB did not carry the indicator sets"
grep -qa 'VOL_ACTIVE' "$T/catchup-A.bin" || fail "A's catch-up did not carry the indicator sets"
grep -qa 'Legepatruljen' "$T/catchup-B.bin" || fail "B's catch-up did not carry A's practice"
grep -qa 'FOLLOW-UP-LESSON' "$T/catchup-B.bin" || fail "B's catch-up did not carry its follow-up"

out=$(look "$T/pub-A.bin" "$T/pub-B.bin" "$T/catchup-A.bin" "$T/catchup-B.bin") ||
	fail "personal data was sent: $out"
out=$(look_web "$T/pub-A.bin" "$T/pub-B.bin" "$T/catchup-A.bin" "$T/catchup-B.bin") ||
	fail "a web user was sent: $out"
out=$(look "$T"/B/samverk.db* "$T"/C/samverk.db*) ||
	fail "personal data in a partner's store while running: $out"
for n in A B C; do
	stop "$n"
done
out=$(look "$T"/B/samverk.db* "$T"/C/samverk.db*) ||
	fail "personal data in a partner's store: $out"
out=$(look_web "$T"/B/samverk.db* "$T"/C/samverk.db*) ||
	fail "a web user in a partner's store: $out"
for n in A B C; do
	sv --dir "$T/$n" verify >/dev/null || fail "verify $n"
done
say "ok"
