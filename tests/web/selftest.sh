#!/usr/bin/env bash
# The browser harness tested by making it fail: the static pages of
# tests/web/selftest/ served by tests/web/selftest_server.py on 127.0.0.1,
# crawled by pages.js. The good pages must pass, every link of theirs
# followed or skipped as it should be, and in each language they offer;
# each bad page must fail for its own reason and for no other: a 500 px
# table scrolls sideways at 390 px (and is named), an <img> without alt
# is an axe-core violation, a <script src=https://...> is a request to
# another origin, as are a console error, a missing image, grey on white,
# a page that is not there, and a page that ignores the language asked for.
# known.txt's rules: a known problem passes, one that is gone fails. Then
# lib.js's helpers for the flow tests (selftest_flow.js) on a login and a
# form.
. "$(dirname "$0")/lib.sh"

SITE=$WEB/selftest
python3 "$WEB/selftest_server.py" "$SITE" "$T/port" 2>"$T/server.log" &
WEB_PID[server]=$!
wait_for "the selftest server's port" 10 test -s "$T/port" || fail "the selftest server did not start"
U="http://127.0.0.1:$(cat "$T/port")"
wait_for "the selftest server to answer" 10 curl -sf -o /dev/null "$U/good/index.html" ||
	fail "the selftest server does not answer"
S=$T/shots

# has NAME LINE...: every LINE (a grep -E pattern) is in NAME's output.
has() {
	local n=$1 l
	shift
	for l in "$@"; do
		grep -qE -- "$l" "$T/$n.out" || { web_show "$n"; fail "$n: no line like '$l' in its output (above)"; }
	done
}

# The good pages pass.
web_run good pages.js --base "$U/" --start /good/index.html --shots "$S" --min 3 ||
	fail "the good pages did not pass"
has good '^ok /good/index.html \(good-index.html-desktop.png, good-index.html-phone.png\)$' \
	'^ok /good/second.html ' '^ok /csp/index.html ' \
	'^ok /good/index.html in da$' '^ok /good/second.html in el$' '^ok /csp/index.html in el$' \
	'^  skipped /api/status: api$' '^  skipped /metrics: metrics$' \
	'^  skipped /good/data.csv: a file$' '^  skipped /good/report: a download$' \
	'^  skipped /good/plain: a download \(application/octet-stream\)$' \
	'^pages: 3 checked \(and in da el\), 0 failed, 5 skipped$'
! grep -E 'example\.org|mailto|#part|FAIL' "$T/good.out" || fail "the good run visited what it should not"
for f in good-index.html good-second.html csp-index.html; do
	for w in desktop phone; do
		[ -s "$S/$f-$w.png" ] || fail "no screenshot $f-$w.png"
	done
done
python3 - "$S/good-index.html-phone.png" <<'PY' || fail "the phone screenshot is not 390 px wide"
import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n", d[:8]
w, h = struct.unpack(">II", d[16:24])
assert w == 390 and h >= 844, (w, h)
PY

# Each bad page fails, for its own reason alone (the guard starts afresh
# on each page). What the runs meant to fail print is shown only if they
# do not fail as they should.
export WEB_QUIET=1
rc=0
web_run bad pages.js --base "$U/" --no-follow --shots "$S" \
	--start /bad/wide.html --start /bad/noalt.html --start /bad/external.html \
	--start /bad/console.html --start /bad/broken.html --start /bad/contrast.html \
	--start /bad/nope.html || rc=$?
[ "$rc" = 1 ] || { web_show bad; fail "the bad pages: exit status $rc, not 1"; }
# only PAGE PATTERN: PAGE's FAIL lines all match PATTERN, and there is one.
only() {
	local lines
	lines=$(grep -E "^FAIL $1: " "$T/bad.out")
	[ -n "$lines" ] || { web_show bad; fail "$1 did not fail"; }
	! grep -vE "^FAIL $1: ($2)" <<<"$lines" || fail "$1 failed for another reason too (above)"
}
only /bad/wide.html 'scrolls sideways at 390 px: page is [0-9]+ px wide at 390 px; widest element past the edge: body > main > table \(500 px wide'
only /bad/noalt.html 'axe critical: image-alt \(Images must have alternative text\) at 1280 px: img'
only /bad/external.html 'request to another origin: script https://cdn.example.com/lib.js$'
only /bad/console.html 'console error: selftest: boom'
only /bad/broken.html '404 for image .*/good/missing.svg$|console error: Failed to load resource: .*404.*/good/missing.svg\)$'
only /bad/contrast.html 'axe serious: color-contrast '
only /bad/nope.html '.*/bad/nope.html: answered 404$|404 for document .*/bad/nope.html$|console error: Failed to load resource: .*404.*/bad/nope.html\)$'
has bad '^pages: 7 checked, 7 failed, 0 skipped$'

# A page that ignores ?lang= fails the language pass.
rc=0
web_run nolang pages.js --base "$U/" --start /nolang/index.html --shots "$S" || rc=$?
[ "$rc" = 1 ] || { web_show nolang; fail "the page that ignores the language: exit status $rc, not 1"; }
has nolang '^ok /nolang/index.html \(' '^FAIL /nolang/index.html in da: .*<html lang="en">, not "da"$'

# Known problems: listed, they pass; gone, they fail.
cat >"$T/known.txt" <<'EOF'
# a comment
/bad/wide.html overflow the selftest's wide table
/bad/noalt.html axe:image-alt the selftest's image
EOF
web_run known pages.js --base "$U/" --no-follow --shots "$S" --known "$T/known.txt" \
	--start /bad/wide.html --start /bad/noalt.html || { web_show known; fail "known problems failed the run"; }
has known '^KNOWN /bad/wide.html: scrolls sideways .* -- .*known.txt:2: the selftest.s wide table$' \
	'^KNOWN /bad/noalt.html: axe critical: image-alt ' '^ok /bad/wide.html ' '^ok /bad/noalt.html '
echo "/good/second.html axe:image-alt mended long ago" >>"$T/known.txt"
rc=0
web_run gone pages.js --base "$U/" --no-follow --shots "$S" --known "$T/known.txt" \
	--start /bad/wide.html --start /bad/noalt.html --start /good/second.html || rc=$?
[ "$rc" = 1 ] || { web_show gone; fail "a known problem that is gone: exit status $rc, not 1"; }
has gone '^FAIL /good/second.html: the known problem axe:image-alt is gone: take .*known.txt:4 out of the list$'

# The helpers of the flow tests.
unset WEB_QUIET
web_run flow selftest_flow.js --base "$U/" --shots "$S" || fail "lib.js's helpers (above)"
has flow '^flow: every helper did what it says$'

kill -0 "${WEB_PID[server]}" || fail "the selftest server died"
say "ok (each bad page failed as it should: $(grep -c '^FAIL' "$T/bad.out") problems found in 7 pages)"
