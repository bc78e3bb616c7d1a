#!/usr/bin/env bash
# Adoption across nodes: B adopts A's practice, keeping one of its two core
# elements; A (and C) list B's adoption under the practice, with the core
# element kept and the one missing. B's update (now adopted, both kept)
# replaces it everywhere; a need B closes with A's practice names it at A.
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
LP="$AID/legepatruljen"
CORE1="Ældre elever uddannes af uddannede legeinstruktører"
CORE2="Legepatruljen fungerer som forbilleder for yngre elever"
FLEX2="Inddragelse af bedsteforældre som inspiratorer til gamle lege"

sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "practice add"
wait_for "A's practice at B" 30 has B practice 1 || fail "B did not get A's practice"

sv --dir "$T/B" adopt "$LP" --status piloting --kept "$CORE1" \
	--adapted "$FLEX2: pensioners' association visits once a month" \
	--note "first in two schools" >"$T/adopt.out" 2>"$T/adopt.err" || fail "adopt: $(cat "$T/adopt.err")"
grep -q "adopted without: $CORE2" "$T/adopt.err" || fail "no warning for the core element not kept"

# adoptions NAME: A's practice as NAME shows it, JSON, in $T/show.json.
adoptions() {
	sv --dir "$T/$1" practice show --json "$LP" >"$T/show.json"
}
# adopted NAME STATUS: NAME lists B's adoption of the practice with STATUS.
adopted() {
	adoptions "$1" && python3 - "$T/show.json" "$BID" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if [a["status"] for a in d["adoptions"] if a["adopter"] == sys.argv[2]] == [sys.argv[3]] else 1)
PY
}
wait_for "B's adoption at A" 30 adopted A piloting || fail "A does not list B's adoption"
python3 - "$T/show.json" "$CORE1" "$CORE2" "$FLEX2" <<'PY' || fail "A shows B's adoption wrong: $(cat "$T/show.json")"
import json, sys
d = json.load(open(sys.argv[1]))
core1, core2, flex2 = sys.argv[2:5]
(a,) = d["adoptions"]
assert a["adopter_name"] == "Örebro kommun" and a["country"] == "SE", a
assert a["kept"] == [core1], a
assert a["missing"] == [core2], a
assert a["adapted"] == [{"element": flex2, "how": "pensioners' association visits once a month"}], a
assert a["note"] == "first in two schools", a
PY
sv --dir "$T/A" practice show "$LP" >"$T/show.txt" || fail "practice show"
grep -Eq "^adoptions +Örebro kommun, SE: piloting" "$T/show.txt" || fail "A's practice show has no adoptions section"
grep -Eq "without +$CORE2" "$T/show.txt" || fail "A's practice show does not warn of the missing core element"
wait_for "B's adoption at C" 30 adopted C piloting || fail "C does not list B's adoption (relayed or direct)"

# The update replaces the adoption everywhere; the adaptation stays.
sv --dir "$T/B" adopt "$LP" --status adopted --kept "$CORE1" --kept "$CORE2" \
	>/dev/null 2>"$T/adopt.err" || fail "adopt update: $(cat "$T/adopt.err")"
[ -s "$T/adopt.err" ] && fail "a warning with every core element kept: $(cat "$T/adopt.err")"
wait_for "B's updated adoption at A" 30 adopted A adopted || fail "A does not see the update"
python3 - "$T/show.json" <<'PY' || fail "A shows the update wrong: $(cat "$T/show.json")"
import json, sys
(a,) = json.load(open(sys.argv[1]))["adoptions"]
assert len(a["kept"]) == 2 and a["missing"] == [] and len(a["adapted"]) == 1, a
PY
sv --dir "$T/A" practice list --sort adoptions --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d[0]["id"] == "legepatruljen" and d[0]["adoptions"] == 1, d' ||
	fail "A's practice list --sort adoptions"

# A need B closes with A's practice names it, at A too.
sv --dir "$T/B" need add "$DATA/needs/play-breaks.json" >/dev/null || fail "need add"
sv --dir "$T/B" need close gioco-ricreazione --answered-by "$LP" >/dev/null || fail "need close"
closed_at_a() {
	sv --dir "$T/A" need show --json "$BID/gioco-ricreazione" 2>/dev/null |
		python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if d['status'] == 'closed' and d.get('answered_by') == '$LP' else 1)"
}
wait_for "B's need closed at A" 30 closed_at_a || fail "A does not see B's need closed by its practice"

for n in A B C; do
	stop "$n"
	sv --dir "$T/$n" verify >/dev/null || fail "verify $n"
done
say "ok"
