#!/usr/bin/env bash
# Every page of the web app in a real headless Chromium (tests/web/pages.js):
# a federation of two real daemons holding practices and needs of both, and
# the crawler started at A's `/`, following every link it finds there. Each
# page: screenshots at desktop and phone width (build/screenshots/web/), no
# sideways scrolling at 390 px, no serious or critical axe-core violation,
# no console error, nothing loaded from another origin. When the program
# has web users (`samverk web-user`), the login page is checked too, and
# the pages are crawled once more logged in as an admin, through the login
# form.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Δήμος Τρικκαίων" GR
federation A B
# The status page reloads itself every heartbeat interval: not while a
# page is being checked.
set_conf A heartbeat interval 60
PASSWORD="correct horse battery $RANDOM"
users=""
starts=(--start /)
if sv web-user --help >/dev/null 2>&1; then
	sv --dir "$T/A" web-user add anna --role admin --password-stdin <<<"$PASSWORD" >/dev/null ||
		fail "web-user add anna"
	users=anna
	starts+=(--start /login)
fi
start A
start B
sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "add"
sv --dir "$T/A" practice add "$DATA/practices/mentorer-middelfart.json" >/dev/null || fail "add"
sv --dir "$T/B" practice add "$DATA/practices/diktyo-ethelonton.json" >/dev/null || fail "add"
sv --dir "$T/A" need add "$DATA/needs/play-breaks.json" >/dev/null || fail "add"
sv --dir "$T/B" need add "$DATA/needs/young-volunteers.json" >/dev/null || fail "add"
wait_for "B's practice at A" 30 has A practice 3 || fail "A lacks B's practice"
wait_for "B's need at A" 30 has A need 2 || fail "A lacks B's need"
# A adopts B's practice and follows it up at 3 months: the adopters'
# blocks, the follow-up and (logged in) the follow-up form are crawled too.
sv --dir "$T/A" adopt diktyo-ethelonton --status piloting \
	--kept "Μετρήσιμοι δείκτες και συνεχής αξιολόγηση" >/dev/null 2>&1 ||
	fail "adopt at A"
cat >"$T/follow-up.json" <<'EOF'
{"months": 3,
 "elements": [
  {"element": "Μετρήσιμοι δείκτες και συνεχής αξιολόγηση", "state": "kept"},
  {"element": "Συμμετοχικός σχεδιασμός σε 3 επίπεδα: δήμος, πολίτες, εμπλεκόμενοι φορείς",
   "state": "adapted", "how": "two levels: the municipality and the clubs"}],
 "results": [{"name": "volunteers matched to a need", "value": 18,
  "unit": "PERSONS", "baseline": 6}],
 "lessons": "Start with the clubs that already keep a list."}
EOF
sv --dir "$T/A" adopt diktyo-ethelonton --follow-up "$T/follow-up.json" >/dev/null ||
	fail "follow-up at A"

U="http://$(http_of A)/"
# Its own screenshots only (flow.sh's are flow-*).
find "$SHOTS" -maxdepth 1 -name "*.png" ! -name "flow-*" -delete 2>/dev/null
mkdir -p "$SHOTS"
web_run pages pages.js --base "$U" "${starts[@]}" --shots "$SHOTS" --known "$WEB/known.txt" \
	--min $((${#starts[@]} / 2)) ||
	fail "a page failed its checks (above)"
for u in $users; do
	SVK_WEB_PASSWORD=$PASSWORD web_run "pages-$u" pages.js --base "$U" \
		--shots "$SHOTS" --prefix "$u-" --login "$u" --known "$WEB/known.txt" \
		--min 1 ||
		fail "a page failed its checks when logged in as $u (above)"
done
[ -s "$SHOTS/index-desktop.png" ] && [ -s "$SHOTS/index-phone.png" ] ||
	fail "no screenshots of / in $SHOTS"
kill -0 "${PID[A]}" || fail "A died"
say "ok ($(ls "$SHOTS" | grep -v '^flow-' | grep -c 'desktop\.png$') pages; screenshots in ${SHOTS#"$ROOT"/})"
