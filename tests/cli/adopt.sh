#!/usr/bin/env bash
# adopt.sh: `samverk adopt`, `match`, `practice show` with adoptions,
# `practice list --sort adoptions`, `need close --answered-by`, on a node
# (Örebro) that holds a partner's (Middelfart's) sample practices. The two
# daemons run only to bring Middelfart's practices over; everything else is
# the command line against Örebro's store: adopting and updating, the
# warning for core elements not kept, and bad input refused with one line
# and nothing written.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

step "two nodes; Örebro gets Middelfart's practices"
with_partner legepatruljen diktyo-ethelonton mentorer-middelfart
ok svk practice list --json
json_expect "len([x for x in d if x['origin'] == '$AID']) == 3" \
	"Örebro holds Middelfart's three practices"
ME=$(svk id) || fatal "id"
LP="$AID/legepatruljen"
CORE1="Ældre elever uddannes af uddannede legeinstruktører"
CORE2="Legepatruljen fungerer som forbilleder for yngre elever"
FLEX1="Hvilke lokale foreninger der bidrager med aktiviteter"

step "adopt a partner's practice, keeping one core element of two"
before=$(log_count)
ok svk adopt "$LP" --status piloting --kept "$CORE1" \
	--adapted "$FLEX1: the town's football club runs the course" \
	--note "two schools try it this spring"
expect_out 'piloting'
expect_out 'legepatruljen'
expect_err "adopted without: $CORE2"
check "adopt wrote one entry" test "$(log_count)" = "$((before + 1))"
ok svk practice show --json "$LP"
json_expect 'len(d["adoptions"]) == 1' "practice show lists one adoption"
json_expect "d['adoptions'][0]['adopter'] == '$ME'" "the adopter is Örebro"
json_expect 'd["adoptions"][0]["adopter_name"] == "Örebro kommun" and d["adoptions"][0]["country"] == "SE"' \
	"with its name and country"
json_expect "d['adoptions'][0]['status'] == 'piloting'" "status piloting"
json_expect "d['adoptions'][0]['kept'] == ['$CORE1']" "the core element kept"
json_expect "d['adoptions'][0]['missing'] == ['$CORE2']" "the core element missing"
json_expect "d['adoptions'][0]['adapted'] == [{'element': '$FLEX1', 'how': \"the town's football club runs the course\"}]" \
	"the adaptation, split at the element's colon"
json_expect 'd["adoptions"][0]["note"] == "two schools try it this spring"' "the note"
json_expect 'd["adoptions"][0]["updated"] and type(d["adoptions"][0]["seq"]) is int' \
	"when it was updated"
ok svk practice show "$LP"
expect_out '^adoptions +Örebro kommun, SE: piloting'
expect_out "kept +$CORE1"
expect_out "without +$CORE2"
expect_out "adapted +$FLEX1: the town's football club"
expect_out 'note +two schools try it this spring'

step "a later call updates the same adoption; what it does not say stays"
before=$(log_count)
# Case, accents and surrounding spaces do not matter; the record keeps the
# practice's own wording.
ok svk adopt "$LP" --status adopted --kept "  AELDRE elever uddannes af uddannede legeinstruktorer " \
	--kept "legepatruljen fungerer som forbilleder for yngre elever"
check "the update wrote one entry" test "$(log_count)" = "$((before + 1))"
check "no warning when every core element is kept" test ! -s "$ERR"
ok svk practice show --json "$LP"
json_expect 'len(d["adoptions"]) == 1 and d["adoptions"][0]["status"] == "adopted"' \
	"still one adoption, now adopted"
json_expect "d['adoptions'][0]['kept'] == ['$CORE1', '$CORE2'] and d['adoptions'][0]['missing'] == []" \
	"both core elements kept, in the practice's wording"
json_expect "d['adoptions'][0]['adapted'][0]['element'] == '$FLEX1'" "the adaptation stays"
json_expect 'd["adoptions"][0]["note"] == "two schools try it this spring"' "the note stays"
ok svk adopt legepatruljen --status adopted --note ""
expect_out "adoption of $LP"
ok svk practice show --json "$LP"
json_expect 'd["adoptions"][0]["note"] == "" and len(d["adoptions"][0]["kept"]) == 2' \
	"--note '' clears the note, the rest stays"
ok svk adopt "$LP" --status considering --reset
expect_err "adopted without: $CORE1; $CORE2"
ok svk practice show --json "$LP"
json_expect 'd["adoptions"][0]["kept"] == [] and d["adoptions"][0]["adapted"] == [] and len(d["adoptions"][0]["missing"]) == 2' \
	"--reset starts afresh"
ok svk adopt "$LP" --status adopted --kept "$CORE1" --kept "$CORE2"

step "practice list --sort adoptions"
ok svk adopt "$AID/diktyo-ethelonton" --status dropped --note "no staff for it"
check "no warning for a dropped adoption" test ! -s "$ERR"
ok svk practice list --sort adoptions --json
json_expect 'd[0]["id"] == "legepatruljen" and d[0]["adoptions"] == 1' \
	"the adopted practice comes first, with its count"
json_expect '[x["adoptions"] for x in d if x["id"] == "diktyo-ethelonton"] == [0]' \
	"a dropped adoption does not count"
ok svk practice list --sort adoptions
expect_out 'legepatruljen.*adopted by 1'
ok svk practice list --sort adoptions --limit 1 --json
json_expect 'len(d) == 1 and d[0]["id"] == "legepatruljen"' "--limit applies after sorting"
fails_with 2 svk practice list --sort popularity
expect_err 'popularity'
fails_with 2 svk need list --sort adoptions

step "bad input: clear errors, nothing written"
svk practice add "$DATA/practices/volwe.json" >/dev/null || fatal "practice add volwe"
before=$(log_count)
fails svk adopt "$AID/no-such-practice" --status piloting
expect_err "no practice '$AID/no-such-practice'"
fails svk adopt no-such-practice --status piloting
expect_err 'no-such-practice'
fails svk adopt "SVK-AAAA-BBBB/legepatruljen" --status piloting
fails svk adopt "$LP" --status piloting --kept "Alle elever får en bold"
expect_err 'no such core element'
expect_err "$CORE1"
fails_with 2 svk adopt "$LP" --status maybe
expect_err "maybe"
fails_with 2 svk adopt "$LP"
expect_err 'status'
fails_with 2 svk adopt --status piloting
fails svk adopt "$LP" --status piloting --adapted "Skolens størrelse: small"
expect_err 'no such flexible element'
fails svk adopt "$LP" --status piloting --adapted "$CORE2: only in grade 5"
expect_err 'core element'
fails svk adopt "$LP" --status piloting --adapted "no colon here"
expect_err 'flexible element: how'
fails svk adopt "$LP" --status piloting --adapted "$FLEX1:   "
expect_err 'how'
fails svk adopt volwe-unga-volontarer --status piloting
expect_err 'own practice'
fails svk adopt "$LP" --status piloting --note "$(printf 'bad \377 byte')"
expect_err 'UTF-8'
fails svk adopt "$LP" --status piloting --note "$(head -c 9000 /dev/zero | tr '\0' x)"
expect_err 'too long'
fails_with 2 svk adopt "$LP" --status piloting --colour red
same_log_count "$before"
ok svk practice show --json "$LP"
json_expect 'd["adoptions"][0]["status"] == "adopted"' "the adoption is as it was"

step "match: the Italian need finds the play patrol"
ok svk need add "$DATA/needs/play-breaks.json"
ok svk match --json
json_expect 'len(d) == 1 and d[0]["need"]["id"] == "gioco-ricreazione"' \
	"match lists this node's open need"
json_expect "d[0]['matches'][0]['ref'] == '$LP'" "the play patrol comes first"
json_expect 'd[0]["matches"][0]["shared_areas"] == ["health_prevention", "education"]' \
	"with the areas they share"
json_expect '"games" in d[0]["matches"][0]["words"]' "and the words that matched"
json_expect 'd[0]["matches"][0]["origin_name"] == "Middelfart Kommune" and d[0]["matches"][0]["country"] == "DK"' \
	"and where it comes from"
json_expect 'all(m["origin"] != d[0]["need"]["origin"] for m in d[0]["matches"])' \
	"only partners' practices"
ok svk match gioco-ricreazione --limit 1
expect_out '^need gioco-ricreazione'
expect_out '1\. Legepatruljen'
expect_out 'Middelfart Kommune, DK'
expect_out 'areas +health_prevention, education'
expect_no_out '2\. '
ok svk match --practice "$LP" --json
json_expect '[m["id"] for m in d["matches"]] == ["gioco-ricreazione"]' \
	"--practice finds the need the practice answers"
json_expect 'd["practice"]["id"] == "legepatruljen" and d["matches"][0]["status"] == "open"' \
	"naming the practice and the need's status"
fails svk match no-such-need
expect_err 'no-such-need'
fails svk match --practice "$AID/no-such-practice"
fails_with 2 svk match --limit 0
fails_with 2 svk match gioco-ricreazione another-need

step "a need closed by the practice that answered it"
before=$(log_count)
ok svk need close gioco-ricreazione --answered-by "$LP"
check "close wrote one entry" test "$(log_count)" = "$((before + 1))"
ok svk need show --json gioco-ricreazione
json_expect "d['status'] == 'closed' and d['answered_by'] == '$LP'" \
	"the need names the practice that answered it"
ok svk match
expect_out 'no open needs'
ok svk match --practice "$LP" --json
json_expect 'd["matches"] == []' "a closed need is no longer matched"

step "the store still verifies"
ok svk verify
