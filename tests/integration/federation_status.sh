#!/usr/bin/env bash
# The coordinator's view: heartbeats make every node see which members are
# online; a stopped member goes offline within three heartbeat intervals and
# comes back; a member that fell behind shows it, and 0 again after catch-up.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Δήμος Τρικκαίων" GR
node D "Ærø Kommune" DK
federation A B C D
for n in A B C D; do set_conf "$n" heartbeat interval 1; done
for n in A B C D; do start "$n"; done

# fed NODE EXPR: NODE's federation view satisfies the python expression EXPR
# over m (members by name); prints who is online and how far behind.
fed() {
	sv --dir "$T/$1" status --federation --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
m = {x['name']: x for x in d['members']}
print({k: (x['online'], x['behind']) for k, x in m.items()})
sys.exit(0 if ($2) else 1)"
}
all_online='len(m) == 4 and all(x["online"] for x in m.values())'
for n in A B C D; do
	wait_for "$n to see all four online" 30 fed "$n" "$all_online" || fail "$n does not see all four online"
done

stop D
for n in A B C; do
	# The deadline is what is tested: three intervals, and as many again.
	wait_for "$n to see Ærø offline" 6 fed "$n" 'not m["Ærø Kommune"]["online"]' ||
		fail "$n does not see Ærø offline 3 intervals after it stopped"
	wait_for "$n to see Örebro online" 10 fed "$n" 'm["Örebro kommun"]["online"]' ||
		fail "$n sees Örebro offline"
done
start D
for n in A B C; do
	wait_for "$n to see Ærø back" 30 fed "$n" 'm["Ærø Kommune"]["online"]' || fail "$n does not see Ærø back"
done

# Behind: C stops, A publishes 20 entries, C comes back and catches up.
stop C
for i in $(seq 1 20); do
	make_practice "behind-$i" "Behind $i" "$T/p.json"
	sv --dir "$T/A" practice add "$T/p.json" >/dev/null || fail "add $i"
done
wait_for "A to see Trikala 20 behind" 30 fed A 'm["Δήμος Τρικκαίων"]["behind"] == 20' ||
	fail "A does not show Trikala 20 behind: $(sv --dir "$T/A" status --federation)"
start C
wait_for "A to see Trikala caught up" 30 fed A 'm["Δήμος Τρικκαίων"]["behind"] == 0 and m["Δήμος Τρικκαίων"]["online"]' ||
	fail "Trikala's behind did not return to 0"
wait_for "C to see all in sync" 30 fed C 'all(x["behind"] == 0 for x in m.values())' ||
	fail "C's own view does not agree that all are in sync"

sv --dir "$T/A" status --federation | grep -q "Ærø Kommune" || fail "text view lacks Ærø"
say "ok"
