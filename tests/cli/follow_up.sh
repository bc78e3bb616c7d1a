#!/usr/bin/env bash
# follow_up.sh: `samverk adopt ORIGIN/ID --follow-up FILE`: follow-ups of an
# adoption at 3 and 6 months (the state of each core element, results
# against a baseline, lessons), signed into the adoption, kept when the
# adoption is updated; refused for a practice never adopted and for bad
# files (an unknown element, a state without how/why, a count of a few
# people, a date before the start), with nothing written; a due follow-up
# shown by `status`.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

step "two nodes; Örebro gets Middelfart's practices"
with_partner legepatruljen mentorer-middelfart
LP="$AID/legepatruljen"
CORE1="Ældre elever uddannes af uddannede legeinstruktører"
CORE2="Legepatruljen fungerer som forbilleder for yngre elever"

step "a practice never adopted has no follow-ups"
cat >"$T/f3.json" <<JSON
{"months": 3, "date": "2026-04-01",
 "elements": [{"element": "$CORE1", "state": "kept"},
              {"element": "ældre ELEVER uddannes af uddannede legeinstruktører ", "state": "kept"}],
 "lessons": "x"}
JSON
before=$(log_count)
fails svk adopt "$LP" --follow-up "$T/f3.json"
expect_err "was never adopted by this node"
same_log_count "$before"

step "adopt, started in January"
ok svk adopt "$LP" --status piloting --kept "$CORE1" --started 2026-01-10
ok svk practice show "$LP" --json
json_expect '[a["started"] for a in d["adoptions"]] == ["2026-01-10"]' \
	"the adoption says when it started"

step "bad follow-ups are refused, nothing written"
before=$(log_count)
fails svk adopt "$LP" --follow-up "$T/f3.json"
expect_err "named twice"
printf '{"months": 3, "elements": [{"element": "Nothing like it", "state": "kept"}]}' >"$T/bad1.json"
fails svk adopt "$LP" --follow-up "$T/bad1.json"
expect_err "no core element of the practice"
printf '{"months": 3, "elements": [{"element": "%s", "state": "adapted"}]}' "$CORE2" >"$T/bad2.json"
fails svk adopt "$LP" --follow-up "$T/bad2.json"
expect_err 'adapted needs "how"'
printf '{"months": 3, "results": [{"name": "new leaders", "value": 2, "unit": "PERSONS"}]}' >"$T/bad3.json"
fails svk adopt "$LP" --follow-up "$T/bad3.json"
expect_err "fewer than 5 people"
printf '{"date": "2025-12-01", "lessons": "early"}' >"$T/bad4.json"
fails svk adopt "$LP" --follow-up "$T/bad4.json"
expect_err "before the adoption started"
printf '{"months": 3, "colour": "red"}' >"$T/bad5.json"
fails svk adopt "$LP" --follow-up "$T/bad5.json"
expect_err 'unknown field "colour"'
fails_with 2 svk adopt "$LP" --follow-up "$T/bad5.json" --status adopted
same_log_count "$before"

step "the 3-month follow-up is due, then recorded"
ok svk status --json
json_expect '[(f["practice"], f["months"]) for f in d["follow_ups_due"]] == [("'"$LP"'", 3)]' \
	"status names the follow-up due"
cat >"$T/f3.json" <<JSON
{"months": 3, "date": "2026-04-12",
 "elements": [{"element": "$CORE1", "state": "kept"},
              {"element": "$CORE2", "state": "dropped", "why": "too few older pupils"}],
 "results": [{"name": "pupils active in breaks", "value": 140, "unit": "PERSONS", "baseline": 90}],
 "lessons": "Start with one school."}
JSON
ok svk adopt "$LP" --follow-up "$T/f3.json"
expect_out 'at 3 months \(2026-04-12\) recorded'
expect_out "dropped +$CORE2: too few older pupils"
ok svk status --json
json_expect '[f["months"] for f in d["follow_ups_due"]] == [6]' "then the 6-month one is due"

step "the 6-month follow-up, and an update of the adoption keeps both"
cat >"$T/f6.json" <<JSON
{"months": 6, "date": "2026-07-15",
 "elements": [{"element": "$CORE1", "state": "adapted", "how": "instructors from the sports club"}],
 "results": [{"name": "pupils active in breaks", "value": 180, "unit": "PERSONS", "baseline": 90}]}
JSON
ok svk adopt "$LP" --follow-up "$T/f6.json"
ok svk adopt "$LP" --status adopted
ok svk practice show "$LP" --json
json_expect '[f["months"] for f in d["adoptions"][0]["follow_ups"]] == [3, 6]' \
	"both follow-ups, in order, after the update"
json_expect 'd["adoptions"][0]["follow_ups"][1]["elements"] == [{"element": "'"$CORE1"'", "state": "adapted", "note": "instructors from the sports club"}]' \
	"each element's state and how"
json_expect 'd["adoptions"][0]["follow_ups"][0]["results"] == [{"name": "pupils active in breaks", "value": 140, "unit": "PERSONS", "baseline": 90}]' \
	"results against the baseline"
ok svk practice show "$LP"
expect_out '3 months'
expect_out 'Start with one school'

step "a follow-up for the same months replaces it"
ok svk adopt "$LP" --follow-up "$T/f3.json"
ok svk practice show "$LP" --json
json_expect '[f["months"] for f in d["adoptions"][0]["follow_ups"]] == [6, 3]' \
	"still one per months"
ok svk verify

step "practices ranked by the adopters they proved themselves with"
ok svk practice list --sort proven --json
json_expect '[(p["id"], p["proven"]) for p in d][:1] == [("legepatruljen", 0)]' \
	"no adopter yet kept every core element and improved"
cat >"$T/f9.json" <<JSON
{"months": 9, "date": "2026-10-20",
 "elements": [{"element": "$CORE1", "state": "kept"}, {"element": "$CORE2", "state": "kept"}],
 "results": [{"name": "pupils active in breaks", "value": 200, "unit": "PERSONS", "baseline": 90}]}
JSON
ok svk adopt "$LP" --follow-up "$T/f9.json"
ok svk practice list --sort proven --json
json_expect '[(p["id"], p["proven"], p["adoptions"]) for p in d] == [("legepatruljen", 1, 1), ("frivillige-sociale-mentorer", 0, 0)]' \
	"the one proved with its adopter comes first"
ok svk practice list --sort proven
expect_out 'legepatruljen .*\[adopted by 1; proved with 1\]'
fails_with 2 svk practice list --sort best
expect_err "newest, adoptions or proven"
