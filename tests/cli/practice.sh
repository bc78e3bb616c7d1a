#!/usr/bin/env bash
# practice.sh: `samverk practice add|update|retract|list|show|search` on the
# sample practices: listing (text and JSON), showing, updating, retracting,
# searching in several languages without accents, filtering by area.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

new_node
ORIGIN=$(svk id) || fatal "samverk id failed"
LP=$DATA/practices/legepatruljen.json

step "add every sample practice"
n=0
for f in "$DATA"/practices/*.json; do
	ok svk practice add "$f"
	expect_out 'added'
	n=$((n + 1))
done
check "there are 9 sample practices (found $n)" test "$n" -eq 9
check "the log holds one entry per practice" test "$(log_count)" = "$n"

# The ids of the samples, and those in area youth, as the files say.
all_ids=$(python3 -c '
import json, sys
print(" ".join(sorted(json.load(open(f))["id"] for f in sys.argv[1:])))' \
	"$DATA"/practices/*.json)
youth_ids=$(python3 -c '
import json, sys
ds = [json.load(open(f)) for f in sys.argv[1:]]
print(" ".join(sorted(d["id"] for d in ds if "youth" in d["areas"])))' \
	"$DATA"/practices/*.json)

step "list shows all of them"
ok svk practice list
expect_lines 9
for id in $all_ids; do
	expect_out "(^| )$id( |\$)"
done

step "list --json"
ok svk practice list --json
json_expect 'isinstance(d, list) and len(d) == 9' "list --json is an array of 9"
json_expect 'all(isinstance(x, dict) for x in d)' "every element is an object"
json_expect "all(x.get('origin') == '$ORIGIN' for x in d)" \
	"every origin is this node's fingerprint"
json_expect 'all(isinstance(x.get("id"), str) for x in d)' "every element has an id"
json_expect 'all(type(x.get("seq")) is int and x["seq"] >= 1 for x in d)' \
	"every element has a seq >= 1"
json_expect 'all(isinstance(x.get("lang"), str) and x["lang"] for x in d)' \
	"every element has a lang"
json_expect 'all(isinstance(x.get("title"), str) and x["title"] for x in d)' \
	"every element has a title"
json_expect 'all(isinstance(x.get("areas"), list) and x["areas"] and all(isinstance(a, str) for a in x["areas"]) for x in d)' \
	"every element has areas, an array of strings"
json_expect "sorted(x['id'] for x in d) == '$all_ids'.split()" \
	"the ids are those of the sample files"
json_expect 'len(set(x["seq"] for x in d)) == 9' "each practice has its own seq"
json_expect 'not any(x.get("retracted") for x in d)' "none is retracted"

step "show --json of each"
for f in "$DATA"/practices/*.json; do
	id=$(json_file_get "$f" 'd["id"]')
	ok svk practice show --json "$id"
	json_expect "d['id'] == '$id' and d['origin'] == '$ORIGIN'" "show $id: the right one"
	json_expect "d['title'] == json.load(open('$f'))['title']" "show $id: the title of the file"
	json_expect "d['summary'] == json.load(open('$f'))['summary']" "show $id: the summary of the file"
done
ok svk practice show legepatruljen
expect_out 'Legepatruljen'
ok svk practice show "$ORIGIN/legepatruljen" --json
json_expect "d['id'] == 'legepatruljen'" "show ORIGIN/ID --json (options after the operand, as the usage shows)"
fails svk practice show no-such-practice
expect_err 'no-such-practice'

step "update a practice"
ok svk practice show --json legepatruljen
old_seq=$(json_get 'd["seq"]')
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["title"] = "Legepatruljen – ny udgave"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)' \
	"$LP" "$T/lp-new.json" || fatal "cannot write the changed practice"
before=$(log_count)
ok svk practice update "$T/lp-new.json"
check "update wrote one entry" test "$(log_count)" = "$((before + 1))"
ok svk practice list
expect_out 'Legepatruljen – ny udgave'
expect_lines 9
ok svk practice list --json
json_expect "[x['title'] for x in d if x['id'] == 'legepatruljen'] == ['Legepatruljen – ny udgave']" \
	"list --json has the new title, once"
json_expect "[x['seq'] for x in d if x['id'] == 'legepatruljen'][0] > $old_seq" \
	"the seq of legepatruljen increased (was $old_seq)"
ok svk practice show --json legepatruljen
json_expect "d['title'] == 'Legepatruljen – ny udgave' and d['seq'] > $old_seq" \
	"show has the new title and seq"

step "add of an id that exists fails"
before=$(log_count)
fails svk practice add "$LP"
expect_err 'legepatruljen'
same_log_count "$before"
fails svk practice add "$T/lp-new.json"
same_log_count "$before"

step "update of an unknown id fails"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["id"] = "no-such-practice"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)' \
	"$LP" "$T/unknown.json" || fatal "cannot write the unknown practice"
fails svk practice update "$T/unknown.json"
expect_err 'no-such-practice'
same_log_count "$before"
ok svk practice list --json
json_expect 'len(d) == 9 and "no-such-practice" not in [x["id"] for x in d]' \
	"the unknown practice was not added by update"

step "retract"
ok svk practice retract --reason "ended in 2015" hr-berg-ungecafe
check "retract wrote one entry" test "$(log_count)" = "$((before + 1))"
ok svk practice list
expect_lines 8
expect_no_out 'hr-berg-ungecafe'
ok svk practice list --json
json_expect 'len(d) == 8 and "hr-berg-ungecafe" not in [x["id"] for x in d]' \
	"list --json hides the retracted practice"
ok svk practice list --all
expect_out 'hr-berg-ungecafe'
expect_out 'retracted'
ok svk practice list --all --json
json_expect 'len(d) == 9' "list --all --json has all 9"
json_expect '[x.get("retracted") for x in d if x["id"] == "hr-berg-ungecafe"] == [True]' \
	"list --all --json marks it retracted"
json_expect 'not any(x.get("retracted") for x in d if x["id"] != "hr-berg-ungecafe")' \
	"no other practice is marked retracted"
ok svk practice search --json Ungecafeen
json_expect 'isinstance(d, list) and "hr-berg-ungecafe" not in [x["id"] for x in d]' \
	"search does not find the retracted practice"
before=$(log_count)
fails svk practice retract no-such-practice
expect_err 'no-such-practice'
same_log_count "$before"
fails svk practice retract hr-berg-ungecafe
same_log_count "$before"
before=$(log_count)
fails svk practice retract 'Not An Id!'
same_log_count "$before"

step "search across languages, case and accents"
search_finds() {
	local id=$1
	shift
	ok svk practice search --json "$@"
	_cmdline "$@"
	json_expect "isinstance(d, list) and '$id' in [x['id'] for x in d]" \
		"search $CMDLINE finds $id"
}
search_finds legepatruljen frikvarter
search_finds boernaadgiveruddannelsen bornerad
search_finds boernaadgiveruddannelsen BØRNERÅD
search_finds legepatruljen "Play Patrol"
search_finds legepatruljen play patrol
search_finds diktyo-ethelonton δικτυο
ok svk practice search frikvarter
expect_out 'legepatruljen'
expect_out '^ +.*\[frikvartererne\]'
expect_lines 2 # the practice, and the words found in its text
ok svk practice search "Play Patrol"
expect_out 'legepatruljen'
ok svk practice search --json frikvarter
json_expect 'isinstance(d, list) and len(d) == 1 and d[0]["id"] == "legepatruljen"' \
	"search --json parses and lists exactly legepatruljen"
json_expect "d[0]['origin'] == '$ORIGIN' and isinstance(d[0]['areas'], list)" \
	"search --json rows look like list rows"
ok svk practice search --json xyzzyplugh
json_expect 'd == []' "search --json with no match is an empty array"
ok svk practice search frikvarter --json
json_expect 'isinstance(d, list) and [x["id"] for x in d] == ["legepatruljen"]' \
	"search WORDS --json (options after the words, as the usage shows)"

step "filter by area"
# hr-berg-ungecafe, in area youth, is retracted by now.
youth_ids=$(echo "$youth_ids" | tr ' ' '\n' | grep -vx hr-berg-ungecafe | tr '\n' ' ')
youth_ids=${youth_ids% }
ok svk practice list --area youth --json
json_expect "sorted(x['id'] for x in d) == '$youth_ids'.split()" \
	"list --area youth gives exactly the youth practices ($youth_ids)"
json_expect 'all("youth" in x["areas"] for x in d)' "every row is in area youth"
ok svk practice list --area youth
expect_lines "$(echo "$youth_ids" | wc -w)"
ok svk practice search --area youth --json frikvarter
json_expect '[x["id"] for x in d] == ["legepatruljen"]' "search --area youth frikvarter"
ok svk practice search --area housing --json frikvarter
json_expect 'd == []' "search --area housing frikvarter finds nothing"
fails svk practice list --area space_travel
expect_err 'space_travel'

step "retract ID --reason TEXT (options after the operand, as the usage shows)"
before=$(log_count)
ok svk practice retract det-sociale-laboratorium --reason "merged into another project"
check "retract wrote one entry" test "$(log_count)" = "$((before + 1))"
ok svk practice list --json
json_expect '"det-sociale-laboratorium" not in [x["id"] for x in d]' \
	"det-sociale-laboratorium is retracted"

step "the store still verifies"
ok svk verify
