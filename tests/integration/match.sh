#!/usr/bin/env bash
# Matching across three nodes: the sample practices and needs are spread over
# A, B and C (as tests/test_match.c spreads them over three origins) so that
# no need's answer lives on its own node. Once every node holds everything,
# each node's `samverk match --json` must rank, for each of its needs, the
# practice a person would pick among the top three; and `match --practice`
# goes the other way.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Comune di Bologna" IT
federation A B C
start A
start B
start C

add() {
	sv --dir "$T/$1" "$2" add "$DATA/$3" >/dev/null || fail "$1: $2 add $3"
}
add A practice practices/legepatruljen.json
add A practice practices/boernaadgiver.json
add A practice practices/frivilligpolitik.json
add B practice practices/volwe.json
add B practice practices/kansallinen-strategia.json
add B practice practices/sociale-laboratorium.json
add C practice practices/diktyo-ethelonton.json
add C practice practices/mentorer-middelfart.json
add C practice practices/hr-berg.json
add A need needs/mentors-young.json
add A need needs/funding-lab.json
add B need needs/care-elderly.json
add C need needs/play-breaks.json
add C need needs/young-volunteers.json
for n in A B C; do
	wait_for "every practice at $n" 30 has "$n" practice 9 || fail "$n did not get every practice"
	wait_for "every need at $n" 30 has "$n" need 5 || fail "$n did not get every need"
done

# The pairs a person would pick: NODE-OF-NEED NEED NODE-OF-PRACTICE PRACTICE.
PAIRS="
C gioco-ricreazione A legepatruljen
A mentorer-18-30 C frivillige-sociale-mentorer
A mentorer-18-30 B volwe-unga-volontarer
B frontida-ilikiomenon C diktyo-ethelonton
A varig-finansiering-boligsocial B det-sociale-laboratorium
C unga-volontarer B volwe-unga-volontarer
"
for n in A B C; do
	sv --dir "$T/$n" match --json --limit 3 >"$T/match-$n.json" || fail "$n: match"
done
while read -r nn need pn practice; do
	[ -n "$nn" ] || continue
	python3 - "$T/match-$nn.json" "$need" "$(id_of "$pn")/$practice" <<'PY' ||
import json, sys
doc, need, ref = sys.argv[1], sys.argv[2], sys.argv[3]
d = json.load(open(doc))
(m,) = [x["matches"] for x in d if x["need"]["id"] == need]
refs = [x["ref"] for x in m]
if ref not in refs:
    print("%s: top three are %s" % (need, ", ".join(x["id"] for x in m)))
    sys.exit(1)
x = m[refs.index(ref)]
print("    %s -> %s: rank %d, score %.2f, areas %s, words %s" % (need,
    x["id"], x["rank"], x["score"], ",".join(x["shared_areas"]),
    ",".join(x["words"])))
PY
		fail "$need should have $practice among its top three"
done <<<"$PAIRS"

# Each node matches only its own needs, each with partners' practices.
for n in A B C; do
	python3 - "$T/match-$n.json" "$(id_of "$n")" <<'PY' || fail "$n: match lists more than its own needs, or its own practices"
import json, sys
d, me = json.load(open(sys.argv[1])), sys.argv[2]
assert d and all(x["need"]["origin"] == me for x in d), d
assert all(m["origin"] != me for x in d for m in x["matches"]), d
PY
done

sv --dir "$T/A" match --practice legepatruljen --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["matches"][0]["id"] == "gioco-ricreazione", d["matches"]' ||
	fail "A's practice legepatruljen should answer C's gioco-ricreazione first"

for n in A B C; do
	stop "$n"
done
say "ok"
