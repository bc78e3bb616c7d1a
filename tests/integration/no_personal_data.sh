#!/usr/bin/env bash
# Nothing personal leaves a node. Middelfart imports the sample volunteer
# registry and publishes its indicators, and has a web user (its name and
# password hash are personal too); Örebro and Trikala receive them. Then no
# volunteer's name, e-mail or phone number, nor the web user's name,
# password or hash, is in the partners' database
# files, nor in any byte Middelfart (or Örebro, which relays) sent: what a
# SUB socket of our own received from their PUB sockets, and their answers to
# a catch-up request from a partner that holds nothing (svk-capture), B's
# follow-up of an adoption among them. Middelfart's admin also adds a
# volunteer through the web app's form and uploads a CSV file there: those
# people are searched for too. The volunteer pages are absent at Örebro:
# anonymous readers get 403, Örebro's own admin sees only Örebro's (empty)
# registry and 404 for a Middelfart volunteer's page. The coordinator's
# rollup sums the three members' sets, on the command line and on the
# status page.
. "$(dirname "$0")/lib.sh"

CAPTURE=${CAPTURE:-$ROOT/${SVK_BUILD:-build}/svk-capture}
[ -x "$CAPTURE" ] || fail "no $CAPTURE: run 'make ${SVK_BUILD:-build}/svk-capture'"
CSV=$DATA/volunteers.csv

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Δήμος Τρικκαίων" GR
federation A B C
for n in A B C; do set_conf "$n" heartbeat interval 1; done
# http_of NAME: the address NAME's daemon serves HTTP on.
http_of() {
	python3 -c "import configparser,sys; c=configparser.ConfigParser(); c.read(sys.argv[1]); print(c['node']['http'])" \
		"$T/$1/samverk.conf"
}
HTTP=$(http_of A)
FED=$(sv --dir "$T/A" id --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

sv --dir "$T/A" volunteer import "$CSV" >/dev/null || fail "import the registry"
WEB_USER=webadmin-ane-middelfart
WEB_PASSWORD=only-at-middelfart-42
echo "$WEB_PASSWORD" | sv --dir "$T/A" web-user add "$WEB_USER" --role admin --password-stdin >/dev/null ||
	fail "web-user add"
# The hash's salt and digest (after the last '$' but one).
WEB_HASH=$(sqlite3 "$T/A/samverk.db" "SELECT hash FROM web_users" | awk -F'$' '{ print $(NF - 1) "$" $NF }')
[ -n "$WEB_HASH" ] || fail "no hash stored for the web user"
echo "b-admin-password-7" | sv --dir "$T/B" web-user add b-admin --role admin --password-stdin >/dev/null ||
	fail "web-user add at B"
sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "add a practice"
# The people the web app adds (joined after 2026-Q3, so the rollup's Q3
# below is the sample registry's): one through the form, two in a CSV upload.
cat >"$T/web-form.csv" <<'CSV'
id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active
web-001,Webform Ottilie Brask,1988,ottilie.brask@webform.example,+45 51 52 53 54,driving,elderly_care,6,2026-11-20,yes
CSV
cat >"$T/web-upload.csv" <<'CSV'
id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active
web-002,Webupload Sigrun Aalto,1975,sigrun.aalto@webupload.example,+45 61 62 63 64,cooking,youth,4,2026-11-21,yes
web-003,Webupload Malthe Krog,2001,malthe.krog@webupload.example,+45 71 72 73 74,tutoring,education,9,2026-11-22,yes
bad-1,Webupload Rejected Row,1980,,,,sport,2,2026-11-22,yes
CSV
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

# web_login NODE USER PASSWORD JAR: a session in JAR; prints the CSRF token
# of the page PATH ($4) the session reads.
web_login() {
	local u="http://$(http_of "$1")" tok
	curl -s -c "$4" -b "$4" -o /dev/null "$u/login"
	tok=$(awk '$6 == "samverk_login" { print $7 }' "$4")
	[ "$(curl -s -c "$4" -b "$4" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$tok" \
		--data-urlencode "user=$2" --data-urlencode "password=$3" "$u/login")" = 303 ] ||
		fail "$2 cannot log in at $1"
	curl -s -b "$4" "$u/volunteers/new" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p'
}
say "the web app adds volunteers at A: through the form and a CSV upload"
CSRF_A=$(web_login A "$WEB_USER" "$WEB_PASSWORD" "$T/a.jar")
[ -n "$CSRF_A" ] || fail "no CSRF token in A's volunteer form"
form_args=()
IFS=, read -r -a cols < <(head -1 "$T/web-form.csv")
IFS=, read -r -a vals < <(sed -n 2p "$T/web-form.csv")
for i in "${!cols[@]}"; do form_args+=(--data-urlencode "${cols[$i]}=${vals[$i]}"); done
[ "$(curl -s -o "$T/add.html" -w '%{http_code}' -b "$T/a.jar" -H "Origin: http://$HTTP" \
	--data-urlencode "csrf=$CSRF_A" "${form_args[@]}" "http://$HTTP/volunteers/new")" = 303 ] ||
	fail "the web form did not add the volunteer: $(cat "$T/add.html")"
[ "$(curl -s -o "$T/upload.html" -w '%{http_code}' -b "$T/a.jar" -H "Origin: http://$HTTP" \
	-F "csrf=$CSRF_A" -F "file=@$T/web-upload.csv;type=text/csv" "http://$HTTP/volunteers/import")" = 200 ] ||
	fail "the CSV upload failed: $(cat "$T/upload.html")"
grep -q "Imported 2 of 3 rows: 2 new, 0 updated, 0 unchanged; 1 rejected." "$T/upload.html" ||
	fail "the upload's report is not 2 of 3: $(grep -o '<main.*</main>' "$T/upload.html")"
[ "$(sqlite3 "$T/A/samverk.db" "SELECT count(*) FROM volunteers WHERE id LIKE 'web-%'")" = 3 ] ||
	fail "A's registry lacks the volunteers the web app added"
grep -q "audit: $WEB_USER added volunteer web-001" "$T/A.log" || fail "no audit line for the web add"
grep -q "audit: $WEB_USER imported volunteers from a CSV upload (web): 3 rows, 2 new" "$T/A.log" ||
	fail "no audit line for the upload"
curl -s -b "$T/a.jar" "http://$HTTP/volunteers" | grep -q "Webform Ottilie Brask" ||
	fail "A's admin does not see the volunteer in A's list"
# Erased through the web app, from the running daemon's store files too.
[ "$(curl -s -o "$T/erase.html" -w '%{http_code}' -b "$T/a.jar" -H "Origin: http://$HTTP" \
	--data-urlencode "csrf=$CSRF_A" "http://$HTTP/volunteers/web-003/erase")" = 400 ] ||
	fail "an erasure without its confirmation is not 400"
[ "$(sqlite3 "$T/A/samverk.db" "SELECT count(*) FROM volunteers WHERE id = 'web-003'")" = 1 ] ||
	fail "an erasure without its confirmation erased"
[ "$(curl -s -o "$T/erase.html" -w '%{http_code}' -b "$T/a.jar" -H "Origin: http://$HTTP" \
	--data-urlencode "csrf=$CSRF_A" --data-urlencode "confirm=yes" \
	"http://$HTTP/volunteers/web-003/erase")" = 200 ] || fail "the web erasure failed: $(cat "$T/erase.html")"
grep -q "Volunteer web-003 has been erased." "$T/erase.html" ||
	fail "the erasure did not finish: $(grep -o '<main.*</main>' "$T/erase.html")"
grep -qaF "Malthe Krog" "$T"/A/samverk.db* && fail "the erased volunteer is still in A's store files"
grep -q "audit: $WEB_USER erased volunteer web-003" "$T/A.log" || fail "no audit line for the erasure"

say "the volunteer pages are absent at B"
UB="http://$(http_of B)"
for path in /volunteers /volunteers/web-001 /volunteers/web-001/export.json /volunteers/import; do
	[ "$(curl -s -o "$T/b.html" -w '%{http_code}' "$UB$path")" = 403 ] ||
		fail "B answers an anonymous $path with other than 403"
	grep -q "Webform" "$T/b.html" && fail "B's $path shows A's volunteer"
done
CSRF_B=$(web_login B b-admin b-admin-password-7 "$T/b.jar")
curl -s -b "$T/b.jar" "$UB/volunteers" >"$T/b-list.html"
grep -q "No volunteers in the registry yet." "$T/b-list.html" || fail "B's admin sees volunteers at B"
for path in /volunteers/web-001 /volunteers/web-001/export.json /volunteers/v001; do
	[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/b.jar" "$UB$path")" = 404 ] ||
		fail "B's admin gets other than 404 for A's volunteer at $path"
done

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
# phone number (the sample registry's and those the web app added)? Prints
# what it finds.
look() {
	python3 - "$CSV:$T/web-form.csv:$T/web-upload.csv" "$@" <<'PY'
import csv, sys
needles = set()
for f in sys.argv[1].split(":"):
    for r in csv.DictReader(open(f, newline="", encoding="utf-8")):
        for k in ("name", "email", "phone"):
            if r[k]:
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
