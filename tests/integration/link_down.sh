#!/usr/bin/env bash
# A link that stays down is named in status: A's partner B is not running,
# so once A's link to B has been down for longer than a link may be silent
# ([heartbeat] missed intervals), `samverk status` says LINK DOWN, names B
# and the address dialled, and --json gives since when; when B comes up the
# line goes; it comes back when B stops, and goes when A stops (a daemon
# that stopped dials nobody).
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
for n in A B; do
	set_conf "$n" heartbeat interval 1
	set_conf "$n" heartbeat missed 2
done
start A

line="LINK DOWN   Örebro kommun: no connection for"
wait_for "A's status to name its link to B down" 30 \
	sh -c "'$SAMVERK' --dir '$T/A' status | grep -qF '$line'" ||
	fail "A's status does not name the link to B down: $(sv --dir "$T/A" status)"
sv --dir "$T/A" status | grep -F "$line" | grep -qF "keeps dialling ${CATCHUP[B]}" ||
	fail "the LINK DOWN line does not name B's address ${CATCHUP[B]}"
sv --dir "$T/A" status --json >"$T/st.json" || fail "status --json"
python3 - "$T/st.json" <<'PY' || fail "status --json does not give the link down right"
import json, sys
d = json.load(open(sys.argv[1]))["links_down"]
assert len(d) == 1 and d[0]["name"] == "Örebro kommun", d
assert d[0]["state"] == "down" and d[0]["down_for_s"] >= 2, d
assert d[0]["down_since_ms"] > 0, d
PY

# and on the status page, named, with the address dialled
http=$(python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/A/samverk.conf'); print(c['node']['http'])")
curl -s "http://$http/status" >"$T/page.html" || fail "no status page"
grep -q "Link to Örebro kommun down</strong>" "$T/page.html" ||
	fail "the status page does not name the link to B down"
grep -qF "${CATCHUP[B]}" "$T/page.html" || fail "the status page does not name B's address"

start B
wait_for "the LINK DOWN line to go once B runs" 30 \
	sh -c "! '$SAMVERK' --dir '$T/A' status | grep -q 'LINK DOWN'" ||
	fail "A still shows B's link down: $(sv --dir "$T/A" status)"
stop B
wait_for "A's status to name its link to B down again" 30 \
	sh -c "'$SAMVERK' --dir '$T/A' status | grep -qF '$line'" ||
	fail "A's status does not name the link to B down after B stopped"
stop A
# a daemon that stopped dials nobody: its status no longer says it does
! sv --dir "$T/A" status | grep -q 'LINK DOWN' ||
	fail "A's status names a link down after A's daemon stopped"
