#!/usr/bin/env bash
# Follow-ups across nodes: B (SE) and C (GR) adopt A's practice, and each
# records follow-ups at 3 and 6 months: how each core element fares and
# results against a baseline. A, the practice's origin, shows both adopters
# side by side with their follow-ups (fidelity at each, results), signed
# and verified like every entry; a follow-up for a practice never adopted
# is refused; A's ranking puts the practice whose adopters kept every core
# element and improved first.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Δήμος Τρικκαίων" GR
federation A B C
start A
start B
start C

AID=$(id_of A)
BID=$(id_of B)
CID=$(id_of C)
LP="$AID/legepatruljen"
CORE1="Ældre elever uddannes af uddannede legeinstruktører"
CORE2="Legepatruljen fungerer som forbilleder for yngre elever"

sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "practice add"
sv --dir "$T/A" practice add "$DATA/practices/mentorer-middelfart.json" >/dev/null || fail "practice add"
wait_for "A's practices at B" 30 has B practice 2 || fail "B did not get A's practices"
wait_for "A's practices at C" 30 has C practice 2 || fail "C did not get A's practices"

cat >"$T/never.json" <<JSON
{"months": 3, "lessons": "we never took it"}
JSON
sv --dir "$T/B" adopt "$AID/frivillige-sociale-mentorer" --follow-up "$T/never.json" \
	>/dev/null 2>"$T/never.err" && fail "a follow-up of a practice never adopted was taken"
grep -q "never adopted" "$T/never.err" || fail "no reason for the refusal: $(cat "$T/never.err")"

sv --dir "$T/B" adopt "$LP" --status piloting --kept "$CORE1" --kept "$CORE2" \
	--started 2026-01-15 >/dev/null 2>&1 || fail "B adopt"
sv --dir "$T/C" adopt "$LP" --status adopted --kept "$CORE1" \
	--started 2026-02-01 >/dev/null 2>&1 || fail "C adopt"

# follow NODE MONTHS DATE STATE2 VALUE: NODE's follow-up of A's practice.
follow() {
	cat >"$T/$1-$2.json" <<JSON
{"months": $2, "date": "$3",
 "elements": [{"element": "$CORE1", "state": "kept"},
              {"element": "$CORE2", "state": "$4", "how": "older pupils from two classes", "why": "too few older pupils"}],
 "results": [{"name": "pupils active in the breaks", "value": $5, "unit": "PERSONS", "baseline": 90}],
 "lessons": "$1 at $2 months"}
JSON
	sv --dir "$T/$1" adopt "$LP" --follow-up "$T/$1-$2.json" >/dev/null 2>"$T/$1.err" ||
		fail "$1's follow-up at $2 months: $(cat "$T/$1.err")"
}
follow B 3 2026-04-20 kept 120
follow C 3 2026-05-05 dropped 95
follow B 6 2026-07-20 adapted 150
follow C 6 2026-08-10 dropped 80

# side_by_side: A shows both adopters, each with two follow-ups.
side_by_side() {
	sv --dir "$T/A" practice show --json "$LP" >"$T/show.json" 2>/dev/null &&
		python3 - "$T/show.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if sorted(len(a.get("follow_ups", [])) for a in d["adoptions"]) == [2, 2] else 1)
PY
}
wait_for "both adopters' follow-ups at A" 30 side_by_side || fail "A does not show both follow-ups: $(cat "$T/show.json")"
python3 - "$T/show.json" "$BID" "$CID" "$CORE2" <<'PY' || fail "A shows the follow-ups wrong: $(cat "$T/show.json")"
import json, sys
d = json.load(open(sys.argv[1]))
bid, cid, core2 = sys.argv[2:5]
by = {a["adopter"]: a for a in d["adoptions"]}
b, c = by[bid], by[cid]
assert b["country"] == "SE" and c["country"] == "GR", (b, c)
assert [f["months"] for f in b["follow_ups"]] == [3, 6], b
assert b["started"] == "2026-01-15" and c["started"] == "2026-02-01"
# Fidelity: the core elements kept at each follow-up, of two.
assert [f["fidelity"] for f in b["follow_ups"]] == [{"kept": 2, "adapted": 0, "dropped": 0, "of": 2}, {"kept": 1, "adapted": 1, "dropped": 0, "of": 2}], b
assert [f["fidelity"]["dropped"] for f in c["follow_ups"]] == [1, 1], c
assert [s["note"] for s in c["follow_ups"][1]["elements"] if s["element"] == core2] == ["too few older pupils"], c
# Results against the baseline.
r = b["follow_ups"][1]["results"][0]
assert r["value"] == 150 and r["baseline"] == 90 and r["unit"] == "PERSONS", r
assert c["follow_ups"][1]["results"][0]["value"] == 80
PY
sv --dir "$T/A" practice show "$LP" >"$T/show.txt" || fail "practice show"
grep -q "Örebro kommun, SE" "$T/show.txt" || fail "no B in practice show"
grep -Eq "6 months .*kept 1, adapted 1, dropped 0 of 2" "$T/show.txt" ||
	fail "practice show has no fidelity line: $(cat "$T/show.txt")"
grep -q "pupils active in the breaks: 150 PERSONS (baseline 90)" "$T/show.txt" ||
	fail "practice show has no results: $(cat "$T/show.txt")"
for n in A B C; do
	sv --dir "$T/$n" verify >/dev/null 2>&1 || fail "$n does not verify"
done
say "ok: two adopters' follow-ups at 3 and 6 months side by side at the origin"
