#!/usr/bin/env bash
# match_volunteers.sh: `samverk match NEED --volunteers`: the local
# volunteers whose skills, areas and hours fit one of this node's needs,
# ranked with the reasons, inactive ones left out, as text and --json; it
# writes nothing; clear errors for a need that is not there and for a call
# without a need.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

new_node
cd "$T" || fatal "cannot cd to $T"
cat >"$T/people.csv" <<'CSV'
id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active
p1,Anna Both,1980,,,mentoring;youth_work,youth,4,2020-01-01,yes
p2,Bo Skills,1981,,,mentoring;youth_work,culture,30,2020-01-01,yes
p3,Cai Area,1982,,,driving,employment;youth,10,2020-01-01,yes
p4,Dan Gone,1983,,,mentoring;youth_work,youth;employment,40,2020-01-01,no
p5,Eva None,1984,,,cooking,culture,40,2020-01-01,yes
p6,Finn Same,1985,,,mentoring;youth_work,culture,30,2020-01-01,yes
CSV
"$SAMVERK" --dir "$NODE" volunteer import "$T/people.csv" >/dev/null ||
	fatal "cannot import the volunteers"
"$SAMVERK" --dir "$NODE" need add "$DATA/needs/mentors-young.json" >/dev/null ||
	fatal "cannot add the need"
before=$(log_count)

step "the volunteers for a need, best first, with why"
ok svk match mentorer-18-30 --volunteers --json
# The need asks for mentoring and youth_work in employment and youth.
json_expect '[v["id"] for v in d["volunteers"]] == ["p1", "p2", "p6", "p3"]' \
	"skills first, then areas, then hours; ties by id; inactive and unrelated left out"
json_expect 'd["volunteers"][0]["skills"] == ["mentoring", "youth_work"] and d["volunteers"][0]["areas"] == ["youth"] and d["volunteers"][0]["hours_per_month"] == 4' \
	"each says which of the need's skills and areas it has, and its hours"
json_expect 'd["volunteers"][3]["skills"] == [] and d["volunteers"][3]["areas"] == ["employment", "youth"]' \
	"areas alone are a reason too"
json_expect 'd["volunteers"][0]["score"] > d["volunteers"][1]["score"] > d["volunteers"][3]["score"] and d["volunteers"][1]["score"] == d["volunteers"][2]["score"]' \
	"the scores say the order"
ok svk match mentorer-18-30 --volunteers
expect_out '^ 1\. Anna Both \(p1\)  score 8\.20  skills: mentoring;youth_work; areas: youth; 4 hours a month$'
expect_out 'this list stays on this node'
expect_no_out 'Dan Gone|Eva None'
ok svk match mentorer-18-30 --volunteers --limit 2 --json
json_expect 'len(d["volunteers"]) == 2' "--limit keeps the best"
check "matching wrote nothing" test "$(log_count)" = "$before"

step "bad input"
fails_with 2 svk match --volunteers
expect_err "--volunteers takes one of this node's needs"
fails_with 2 svk match mentorer-18-30 --volunteers --practice x
fails svk match no-such-need --volunteers
expect_err "no need 'no-such-need' here"
ok svk match mentorer-18-30 --volunteers --help
expect_out 'local volunteers'
