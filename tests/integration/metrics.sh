#!/usr/bin/env bash
# /metrics of a real node, checked with Prometheus' own promtool: the
# roster's expiry, each link's state and the time since its last catch-up
# and message, entries behind per origin, rejections by origin (a fork by a
# member, an entry of a non-member), and a member whose name is made to
# break the format (quotes, a backslash, a newline and a forged sample after
# it) escaped as the exposition format says. Every metric the alert rules
# (deploy/samverk.rules.yml) and the Grafana dashboard (deploy/grafana/)
# use is in it, and the dashboard is valid JSON.
. "$(dirname "$0")/lib.sh"

command -v promtool >/dev/null || fail "promtool is not installed (make deps-test installs prometheus)"
node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node M "Not A Member" DK
# What `init` refuses, a hostile node can still put in its own store before
# it asks to join: the roster then carries the name to every member.
sqlite3 "$T/B/samverk.db" \
	"UPDATE meta SET value = 'Evil \"q\" \\ x' || char(10) || 'samverk_up 0' WHERE key = 'name'" ||
	fail "rename B"
HOSTILE=$'Evil "q" \\ x\nsamverk_up 0'
federation A B
sv --dir "$T/M" join "$(id_of A)" --peer "${CATCHUP[A]}" >/dev/null || fail "M join"
sv --dir "$T/M" practice add "$DATA/practices/volwe.json" >/dev/null || fail "M add"
cp -a "$T/B" "$T/B2" # the same identity, a second history: a fork
sv --dir "$T/B" practice add "$DATA/practices/hr-berg.json" >/dev/null || fail "B add"
sv --dir "$T/B2" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "B2 add"
for n in A B; do set_conf "$n" heartbeat interval 1; done
HTTP=$(python3 -c "import configparser,sys; c=configparser.ConfigParser(); c.read('$T/A/samverk.conf'); print(c['node']['http'])")
U="http://$HTTP/metrics"
start A

# svk-inject plays B's PUB endpoint before B runs: M's entry, B's entry 1,
# then B2's other entry 1.
inject() {
	"$INJECT" --pub "${PUB[B]}" "$@" >/dev/null || fail "inject $*"
}
inject --db "$T/M/samverk.db"
inject --db "$T/B/samverk.db" --seq 1
inject --db "$T/B2/samverk.db" --seq 1
wait_for "a fork rejection at A" 30 at_least 1 rejected A fork || fail "fork not counted"
wait_for "a not_member rejection at A" 30 at_least 1 rejected A not_member || fail "non-member not counted"
start B

metric() { # metric NAME-AND-LABELS: the value of that sample at A, or fail
	curl -sf "$U" | python3 -c '
import sys
want = sys.argv[1] + " "
for line in sys.stdin:
    if line.startswith(want):
        print(line[len(want):].strip())
        sys.exit(0)
sys.exit(1)' "$1"
}
B_ID=$(id_of B)
A_ID=$(id_of A)
M_ID=$(id_of M)
B_LABELS="node=\"$B_ID\",name=\"Evil \\\"q\\\" \\\\ x\\nsamverk_up 0\""
is_one() { v=$(metric "$1") && echo "$v" && [ "$v" = 1 ]; }
wait_for "A's link to B up in its metrics" 30 is_one "samverk_link_state{$B_LABELS,state=\"up\"}" ||
	fail "A's metrics do not show its link to B up"
has_catchup() { metric "samverk_link_catchup_age_seconds{$B_LABELS}"; }
wait_for "a catch-up with B in A's metrics" 30 has_catchup ||
	fail "no samverk_link_catchup_age_seconds for B"
heard() { v=$(metric "samverk_link_message_age_seconds{$B_LABELS}") && echo "$v" && [ "$v" -le 3 ]; }
wait_for "a recent message from B in A's metrics" 30 heard ||
	fail "samverk_link_message_age_seconds for B is not within 3 s of B's heartbeats"

curl -sf -o "$T/metrics" "$U" || fail "/metrics"
promtool check metrics <"$T/metrics" || fail "promtool check metrics refuses A's /metrics"
# The hostile name: escaped in one sample line, and nothing forged.
grep -c '^samverk_up ' "$T/metrics" | grep -qx 1 || fail "a forged samverk_up line"
grep -qx 'samverk_up 1' "$T/metrics" || fail "samverk_up is not 1"
python3 - "$T/metrics" "$HOSTILE" "$B_ID" <<'PY' || fail "B's name is not escaped as the exposition format says"
import re, sys
text, want, node = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
def unescape(v):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "\\": "\\", '"': '"'}[m.group(1)], v)
names = set()
for line in text.splitlines():
    m = re.match(r'^samverk_link_state\{node="([^"]*)",name="((?:[^"\\]|\\.)*)",state="(\w+)"\} ([01])$', line)
    if m and m.group(1) == node:
        names.add(unescape(m.group(2)))
assert names == {want}, names
PY
expires=$(metric samverk_roster_expires_in_seconds) || fail "no samverk_roster_expires_in_seconds"
[ "$expires" -gt $((89 * 86400)) ] && [ "$expires" -le $((90 * 86400)) ] ||
	fail "the roster expires in $expires s, not about 90 days"
for s in up connecting down; do
	metric "samverk_link_state{$B_LABELS,state=\"$s\"}" >/dev/null || fail "no $s state for B's link"
done
[ "$(metric "samverk_link_state{$B_LABELS,state=\"down\"}")" = 0 ] || fail "B's link is also down"
metric "samverk_origin_behind_entries{origin=\"$A_ID\",name=\"Middelfart Kommune\"}" >/dev/null ||
	fail "no entries behind for A's own log"
metric "samverk_origin_behind_entries{origin=\"$B_ID\",${B_LABELS#*,}}" >/dev/null ||
	fail "no entries behind for B's log"
# The fork is B's: counted against B by origin, with B's (escaped) name.
forks=$(metric "samverk_rejected_by_origin_total{origin=\"$B_ID\",${B_LABELS#*,},reason=\"fork\"}") ||
	fail "the fork is not counted against B"
[ "$forks" -ge 1 ] || fail "B's forks counted $forks"
metric "samverk_rejected_by_origin_total{origin=\"$M_ID\",name=\"\",reason=\"not_member\"}" >/dev/null ||
	fail "M's entry is not counted against M"
[ "$(metric samverk_forks)" = 1 ] || fail "samverk_forks is not 1"

# The alert rules and the dashboard use only metrics a node writes.
RULES="$ROOT/deploy/samverk.rules.yml"
DASH="$ROOT/deploy/grafana/samverk.json"
python3 - "$T/metrics" "$RULES" "$DASH" <<'PY' || fail "the rules or the dashboard use a metric /metrics lacks"
import json, re, sys
metrics, rules, dash = sys.argv[1:]
have = set(re.findall(r"^# TYPE (\S+) ", open(metrics).read(), re.M))
d = json.load(open(dash))
exprs = [t["expr"] for p in d["panels"] for t in p.get("targets", [])]
exprs += [v["query"]["query"] for v in d["templating"]["list"]]
assert exprs, "the dashboard queries nothing"
rule_exprs = re.findall(r"^\s+expr: (.*)$", open(rules).read(), re.M)
assert len(rule_exprs) >= 5, rule_exprs
missing = set()
for e in exprs + rule_exprs:
    for name in re.findall(r"\bsamverk_[a-z_]+", e):
        if name not in have:
            missing.add(name)
print("missing:", sorted(missing))
sys.exit(1 if missing else 0)
PY
stop B
stop A
say "ok"
