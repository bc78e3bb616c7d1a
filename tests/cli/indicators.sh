#!/usr/bin/env bash
# indicators.sh: `samverk indicators compute|publish|show|export` on the
# sample registry: the preview writes nothing and is already protected (no
# published count from 1 to min_cell - 1, hours suppressed with their
# counts), publishing signs a set, a newer set replaces the older one for
# its period, SDMX-CSV and JSON exports, the single-node rollup, and
# [indicators] min_cell in samverk.conf.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

new_node
cd "$T" || fatal "cannot cd to $T"
"$SAMVERK" --dir "$NODE" volunteer import "$DATA/volunteers.csv" >/dev/null ||
	fatal "cannot import the sample registry"

# Checks on a set as `compute --json` prints it (the document is d).
PROTECTED='all(c["value"] is None for c in d["cells"] if c["conf"] != "free")'
NO_SMALL='all(not (1 <= c["value"] < d["min_cell"]) for c in d["cells"] if c["conf"] == "free" and c["unit"] != "HOURS")'
HOURS_FOLLOW='all(c["conf"] == [x for x in d["cells"] if x["code"] == "VOL_ACTIVE" and x["breakdown"] == c["breakdown"]][0]["conf"] for c in d["cells"] if c["code"] == "VOL_HOURS")'

step "compute: a preview, protected, that writes nothing"
ok svk indicators compute --period 2026-Q3 --json
json_expect 'd["period"] == "2026-Q3" and d["first_day"] == "2026-07-01" and d["last_day"] == "2026-09-30" and d["min_cell"] == 5' \
	"compute --json names the period, its days and the threshold"
json_expect 'set(c["code"] for c in d["cells"]) == {"VOL_ACTIVE", "VOL_NEW", "VOL_HOURS", "VOL_ACTIVE_AGE_15_29", "NEED_OPEN", "NEED_MET", "PRACTICE_SHARED"}' \
	"every indicator is there (PRACTICE_ADOPTED only once there are adoptions)"
json_expect 'all(len([c for c in d["cells"] if c["code"] == k]) == 13 for k in ("VOL_ACTIVE", "NEED_OPEN"))' \
	"each indicator has a total and 12 areas"
json_expect '[c["value"] for c in d["cells"] if c["code"] == "VOL_ACTIVE" and c["breakdown"] == "_T"] == [53]' \
	"53 volunteers were active in 2026-Q3"
json_expect '[c["value"] for c in d["cells"] if c["code"] == "VOL_HOURS" and c["breakdown"] == "_T"] == [524]' \
	"they give 524 hours a month"
json_expect "$PROTECTED" "suppressed cells carry no value"
json_expect "$NO_SMALL" "no count from 1 to 4 is published"
json_expect "$HOURS_FOLLOW" "hours are suppressed wherever their count is"
json_expect 'any(c["conf"] == "primary" for c in d["cells"])' "the sample has small counts"
check "compute wrote nothing" test "$(log_count)" = 0
ok svk indicators compute --period 2026-Q3
expect_out '^indicators for 2026-Q3 \(2026-07-01 to 2026-09-30\); counts below 5 suppressed'
expect_out '^VOL_ACTIVE +total +53 +PERSONS'
expect_out 'confidential: small count'
ok svk indicators compute --period 2026 --json
json_expect "$PROTECTED and $NO_SMALL and $HOURS_FOLLOW" "the year 2026 is protected too"
ok svk indicators compute --period 2026-08 --json
json_expect "$PROTECTED and $NO_SMALL and $HOURS_FOLLOW" "August 2026 is protected too"
fails_with 2 svk indicators compute
expect_err '--period'
for p in 2026-Q5 2026-13 26 Q3-2026; do
	fails_with 2 svk indicators compute --period "$p"
	expect_err "$p"
done

step "publish signs the set into the log"
ok svk indicators publish --period 2026-Q3
expect_out '^published indicators for 2026-Q3 \(entry 1\): 91 cells, [0-9]+ of them confidential$'
check "publish wrote one entry" test "$(log_count)" = 1
ok svk log --json
json_expect '[e["kind"] for e in d] == ["indicators"]' "the entry is an indicator set"
ok svk indicators show --json
json_expect 'len(d) == 1 and d[0]["period"] == "2026-Q3" and d[0]["seq"] == 1 and d[0]["origin"].startswith("SVK-")' \
	"show --json lists the set with its entry"
json_expect '[c["value"] for c in d[0]["cells"] if c["code"] == "VOL_ACTIVE" and c["breakdown"] == "_T"] == [53]' \
	"the published set holds what compute showed"
ok svk indicators show
expect_out '^2026-Q3, published '
expect_out '^VOL_ACTIVE +total +53 +PERSONS'

step "a newer set for the same period replaces the older one"
for i in 1 2 3 4 5 6; do
	"$SAMVERK" --dir "$NODE" volunteer add --id "new$i" --name "New Person $i" \
		--areas food_security --hours 3 --joined 2026-08-0$i >/dev/null ||
		fatal "cannot add a volunteer"
done
ok svk indicators publish --period 2026-Q3
ok svk indicators publish --period 2026-Q2
ok svk indicators show --json
json_expect '[(s["period"], s["seq"]) for s in d] == [("2026-Q2", 3), ("2026-Q3", 2)]' \
	"one set per period, the newest"
json_expect '[c["value"] for s in d if s["period"] == "2026-Q3" for c in s["cells"] if c["code"] == "VOL_ACTIVE" and c["breakdown"] == "_T"] == [59]' \
	"the newer 2026-Q3 set counts the six new volunteers"
json_expect '[c["value"] for s in d if s["period"] == "2026-Q3" for c in s["cells"] if c["code"] == "VOL_NEW" and c["breakdown"] == "area:food_security"] == [6]' \
	"six new volunteers in food_security is no small count"
ok svk indicators show --period 2026-Q2 --json
json_expect 'len(d) == 1 and d[0]["period"] == "2026-Q2"' "show --period gives that period alone"
ok svk indicators show --period 2025 --json
json_expect 'd == []' "no set for 2025"

step "export as SDMX-CSV 2.0"
ok svk indicators export --format csv
python3 - "$OUT" <<'PY' >"$T/csv.check" 2>&1
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
head, body = rows[0], rows[1:]
assert head == ["STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "INDICATOR",
                "BREAKDOWN", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE",
                "OBS_STATUS", "CONF_STATUS"], head
assert len(body) == 2 * 91, len(body)
for r in body:
    assert r[0] == "dataflow" and r[1] == "SAMVERK:VOLUNTEER_IND(1.0)" and r[2] == "I", r
    assert r[3] == "DK" and r[6] in ("2026-Q2", "2026-Q3"), r
    if r[10] == "F":
        assert r[7].isdigit() and r[9] == "A", r
        assert r[8] == "HOURS" or not (1 <= int(r[7]) < 5), r
    else:
        assert r[10] in ("A", "D", "C") and r[7] == "" and r[9] == "Q", r
assert any(r[10] == "A" for r in body)
print("ok")
PY
check "the CSV has the SDMX-CSV 2.0 columns and statuses ($(tail -n 1 "$T/csv.check"))" \
	grep -qx ok "$T/csv.check"
ok svk indicators export --format json --period 2026-Q3
json_expect 'len(d) == 1 and d[0]["period"] == "2026-Q3"' "export --format json is the published sets"
fails_with 2 svk indicators export
fails_with 2 svk indicators export --format xml
expect_err 'xml'

step "secondary suppression and withheld indicators, as CSV"
# 10 volunteers in elderly_care and 3 in culture: the 3 is small, and the
# 10 goes too, or the total would give the 3 away. Four new ones in four
# areas (no longer active): VOL_NEW is withheld whole.
N2=$T/n2
"$SAMVERK" --dir "$N2" init --name "Örebro kommun" --country SE >/dev/null ||
	fatal "cannot init a second node"
python3 - "$T/small.csv" <<'PY' || fatal "cannot write small.csv"
import sys
rows = ["id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active"]
rows += ["e%d,Elder Helper %d,1960,,,,elderly_care,4,2020-01-01,yes" % (i, i) for i in range(10)]
rows += ["c%d,Culture Helper %d,1960,,,,culture,4,2020-01-01,yes" % (i, i) for i in range(3)]
rows += ["n%d,New Helper %d,1960,,,,%s,0,2026-08-01,no" % (i, i, a)
         for i, a in enumerate(["housing", "youth", "education", "integration"])]
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
ok "$SAMVERK" --dir "$N2" volunteer import "$T/small.csv"
ok "$SAMVERK" --dir "$N2" indicators publish --period 2026-Q3
ok "$SAMVERK" --dir "$N2" indicators export --format csv
expect_out '^dataflow,SAMVERK:VOLUNTEER_IND\(1\.0\),I,SE,VOL_ACTIVE,area:culture,2026-Q3,,PERSONS,Q,A'
expect_out '^dataflow,SAMVERK:VOLUNTEER_IND\(1\.0\),I,SE,VOL_ACTIVE,area:elderly_care,2026-Q3,,PERSONS,Q,D'
expect_out '^dataflow,SAMVERK:VOLUNTEER_IND\(1\.0\),I,SE,VOL_HOURS,area:elderly_care,2026-Q3,,HOURS,Q,D'
expect_out '^dataflow,SAMVERK:VOLUNTEER_IND\(1\.0\),I,SE,VOL_ACTIVE,_T,2026-Q3,13,PERSONS,A,F'
expect_out '^dataflow,SAMVERK:VOLUNTEER_IND\(1\.0\),I,SE,VOL_NEW,_T,2026-Q3,,PERSONS,Q,C'
expect_out '^dataflow,SAMVERK:VOLUNTEER_IND\(1\.0\),I,SE,VOL_NEW,area:food_security,2026-Q3,,PERSONS,Q,C'
ok "$SAMVERK" --dir "$N2" indicators show
expect_out 'confidential: protects another cell'
expect_out 'confidential: the whole indicator is withheld'

step "the rollup of a node alone"
ok svk indicators show --federation --json
json_expect '[g["period"] for g in d["periods"]] == ["2026-Q2", "2026-Q3"]' "the rollup has both periods"
json_expect '[(c["value"], c["reported"], c["confidential"], c["members"]) for g in d["periods"] if g["period"] == "2026-Q3" for c in g["cells"] if c["code"] == "VOL_ACTIVE" and c["breakdown"] == "_T"] == [(59, 1, 0, 1)]' \
	"a published cell is summed over the one member"
json_expect 'all(c["value"] is None and c["reported"] == 0 and c["confidential"] == 1 for g in d["periods"] for c in g["cells"] if c["confidential"])' \
	"a confidential cell is not summed as zero"
json_expect 'len(d["members"]) == 1 and d["members"][0]["self"] and d["members"][0]["country"] == "DK"' \
	"the rollup names the member that reported"
ok svk indicators show --federation
expect_out '^2026-Q3: the sum over the members'
ok svk indicators export --federation --format csv
expect_out '^STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,BREAKDOWN,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,CONF_STATUS,REPORTING_MEMBERS,CONFIDENTIAL_MEMBERS'
expect_out '^dataflow,SAMVERK:VOLUNTEER_IND\(1\.0\),I,_T,VOL_ACTIVE,_T,2026-Q3,59,PERSONS,A,F,1,0'

step "[indicators] min_cell"
sed -i 's/^min_cell = 5$/min_cell = 10/' "$NODE/samverk.conf"
check "the settings name min_cell" grep -q '^min_cell = 10$' "$NODE/samverk.conf"
ok svk indicators compute --period 2026-Q3 --json
json_expect 'd["min_cell"] == 10' "the threshold comes from the settings"
json_expect "$PROTECTED and $NO_SMALL and $HOURS_FOLLOW" "no count from 1 to 9 is published"
before=$(log_count)
sed -i 's/^min_cell = 10$/min_cell = 2/' "$NODE/samverk.conf"
fails svk indicators publish --period 2026-Q3
expect_err 'min_cell'
same_log_count "$before"

step "usage"
for s in compute publish show export; do
	ok svk indicators "$s" --help
	expect_out "^usage: samverk indicators $s"
done
fails_with 2 svk indicators publish
fails_with 2 svk indicators publish --period 2026-Q3 --json
fails_with 2 svk indicators show extra
fails_with 2 svk indicators show --frobnicate
expect_err "'samverk indicators show --help'"

step "the store still verifies"
sed -i 's/^min_cell = 2$/min_cell = 5/' "$NODE/samverk.conf"
ok svk verify
