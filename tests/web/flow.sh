#!/usr/bin/env bash
# The web app end to end in a real headless Chromium (tests/web/flow.js):
# two real daemons, A (DK) and B (GR), in one federation, each with an
# editor web user. Through the pages only: log in to A, fail to add a
# practice without a title (the message at the field in Greek, A's log
# unchanged), add it in Greek with an English translation, see it arrive at
# B's app, find it there with an unaccented search, adopt it there keeping
# one of its two core elements, and see the adoption on A's page of the
# practice with the missing element named. Every page visited:
# screenshots at desktop and phone width (build/screenshots/web/flow-*),
# no sideways scrolling at 390 px, no serious or critical axe-core
# violation, no console error, nothing from another origin.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Δήμος Τρικκαίων" GR
federation A B
# The app's writes are published at once (node/daemon/http.c calls the
# daemon back after a form was posted): with catch-up rounds an hour apart,
# what the forms write still reaches the other node within seconds.
set_conf A catchup interval 3600
set_conf B catchup interval 3600
# The overview reloads itself every heartbeat interval: not while a page
# is being checked.
set_conf A heartbeat interval 60
set_conf B heartbeat interval 60
PASSWORD="correct horse battery $RANDOM"
sv --dir "$T/A" web-user add eva --role editor --password-stdin <<<"$PASSWORD" >/dev/null ||
	fail "web-user add eva at A"
sv --dir "$T/B" web-user add nikos --role editor --password-stdin <<<"$PASSWORD" >/dev/null ||
	fail "web-user add nikos at B"
start A
start B
wait_for "A and B linked" 30 links_up A 1 || fail "A and B did not link"

mkdir -p "$SHOTS"
rm -f "$SHOTS"/flow-*.png
SVK_WEB_PASSWORD=$PASSWORD web_run flow flow.js --a "http://$(http_of A)/" \
	--b "http://$(http_of B)/" --user-a eva --user-b nikos \
	--a-db "$T/A/samverk.db" --shots "$SHOTS" ||
	fail "the flow failed (above)"
# What the pages showed is what the stores hold.
sv --dir "$T/B" practice list --json | grep -q '"ethelontes-geitonias"' ||
	fail "B's store lacks the practice"
kill -0 "${PID[A]}" && kill -0 "${PID[B]}" || fail "a daemon died"
say "ok ($(ls "$SHOTS"/flow-*-desktop.png | wc -l) pages; screenshots in ${SHOTS#"$ROOT"/}/flow-*)"
