#!/usr/bin/env bash
# Bounded links: 12 daemons with [links] k = 3. An entry reaches every node;
# with a third of them killed (SIGKILL) the rest stay linked and keep
# receiving new entries; brought back, all converge and verify clean. Prints
# each node's partners, TCP connections and copies received per entry, and
# checks that a duplicate copy cost no signature check.
. "$(dirname "$0")/lib.sh"

N=12
K=3
NET="127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1))"
for i in $(seq 1 $N); do
	node "N$i" "Kommune $i" DK "$NET.$i"
	set_conf "N$i" links k "$K"
	set_conf "N$i" heartbeat interval 2
	set_conf "N$i" heartbeat missed 3
	set_conf "N$i" catchup interval 10
done
federation N1 $(seq -f "N%g" 2 $N)
for i in $(seq 1 $N); do
	start "N$i"
done

# metric NODE NAME: a value of NODE's /metrics (the line starting NAME).
metric() {
	local http
	http=$(sed -n 's/^http = //p' "$T/$1/samverk.conf")
	python3 - "$http" "$2" <<'PY'
import sys, urllib.request
body = urllib.request.urlopen("http://%s/metrics" % sys.argv[1], timeout=5).read().decode()
for line in body.splitlines():
    if line.startswith(sys.argv[2] + " ") or line.startswith(sys.argv[2] + "{") and \
       line.split(" ")[0] == sys.argv[2]:
        print(int(float(line.split()[-1])))
        break
else:
    sys.exit(1)
PY
}

# all_have KIND COUNT NODE...: every node named holds COUNT of KIND.
all_have() {
	local kind=$1 want=$2 n
	shift 2
	for n in "$@"; do
		has "$n" "$kind" "$want" >/dev/null || { echo "$n lacks"; return 1; }
	done
}

# report NODE...: each node's partners, connections and copies per entry.
report() {
	local n i entries dups ingested conns
	for n in "$@"; do
		i=${n#N}
		conns=$(ss -Htn state established "( src $NET.$i )" 2>/dev/null | wc -l)
		entries=$(sqlite3 "file:$T/$n/samverk.db?mode=ro" "SELECT count(*) FROM log")
		dups=$(metric "$n" 'samverk_gossip_duplicates_total{kind="entry"}')
		ingested=$(metric "$n" samverk_ingested_total)
		say "$n: $(metric "$n" samverk_peers) partners, $conns TCP connections, $entries entries, copies per entry received by gossip $(awk -v d="$dups" -v g="$ingested" -v e="$entries" 'BEGIN { printf "%.2f", (d + g) / (e ? e : 1) }')"
	done
}

ALL=$(seq -f "N%g" 1 $N)
make_practice one "First practice" "$T/one.json"
sv --dir "$T/N5" practice add "$T/one.json" >/dev/null || fail "add at N5"
wait_for "N5's practice everywhere" 60 all_have practice 1 $ALL ||
	fail "N5's practice did not reach every node"
report $ALL

# A duplicate costs no signature check: every entry signature checked from
# gossip was an entry stored, and copies were known as duplicates.
dups=0
for n in $ALL; do
	checked=$(metric "$n" 'samverk_gossip_signatures_checked_total{kind="entry"}') ||
		fail "no signature metric at $n"
	ingested=$(metric "$n" samverk_ingested_total) || fail "no ingested metric at $n"
	[ "$checked" -le "$ingested" ] ||
		fail "$n checked $checked entry signatures for $ingested entries stored"
	dups=$((dups + $(metric "$n" 'samverk_gossip_duplicates_total{kind="entry"}')))
done
[ "$dups" -gt 0 ] || fail "no gossip copy was known as a duplicate"
say "$dups duplicate entry copies, none checked or written"

# A third killed: the rest keep receiving.
DEAD="N3 N6 N9 N12"
LIVE="N1 N2 N4 N5 N7 N8 N10 N11"
for n in $DEAD; do
	kill -KILL "${PID[$n]}"
	wait "${PID[$n]}" 2>/dev/null
	unset "PID[$n]"
done
make_practice two "Second practice" "$T/two.json"
make_practice three "Third practice" "$T/three.json"
sv --dir "$T/N2" practice add "$T/two.json" >/dev/null || fail "add at N2"
sv --dir "$T/N11" practice add "$T/three.json" >/dev/null || fail "add at N11"
wait_for "new practices at every live node" 90 all_have practice 3 $LIVE ||
	fail "with a third killed, the new practices did not reach every live node"
report $LIVE

# Brought back, all converge.
for n in $DEAD; do
	start "$n"
done
for n in $ALL; do
	wait_for "$n to hold what N1 holds" 120 same_entries N1 "$n" ||
		fail "$n did not converge"
done
all_have practice 3 $ALL || fail "a node lacks a practice"
report $ALL
for n in $ALL; do
	stop "$n"
	sv --dir "$T/$n" verify >/dev/null || fail "verify $n"
done
say "ok"
