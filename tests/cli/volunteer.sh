#!/usr/bin/env bash
# volunteer.sh: `samverk volunteer import|add|list|show|export|erase`: the
# sample registry, broken CSV files (bad dates, unknown areas, duplicate
# ids, wrong column counts: those rows reported by line and left out; not
# UTF-8, binary, no header: refused whole, nothing written), adding one
# volunteer, the right of access (export) and the right to erasure (the
# name gone from the database file and its write-ahead log).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

CSV=$DATA/volunteers.csv
HEADER=id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active

new_node
cd "$T" || fatal "cannot cd to $T"

# count: how many volunteers the registry holds.
count() {
	"$SAMVERK" --dir "$NODE" volunteer list --json >"$T/.count" 2>/dev/null || {
		echo unreadable
		return
	}
	json_file_get "$T/.count" 'len(d)'
}

# same_count N: the registry must still hold N volunteers.
same_count() {
	local now
	now=$(count)
	check "the registry still holds $1 volunteers (holds $now)" test "$now" = "$1"
}

# in_store TEXT: does the database file or its log hold TEXT?
in_store() {
	grep -qaF -- "$1" "$NODE/samverk.db" "$NODE/samverk.db-wal" 2>/dev/null
}

step "import the sample registry"
ok svk volunteer import "$CSV"
expect_out '^imported 60 of 60 rows: 60 new, 0 updated, 0 unchanged; 0 rejected$'
check "the registry holds 60 volunteers" test "$(count)" = 60
ok svk volunteer import "$CSV"
expect_out '60 unchanged'
same_count 60
ok svk volunteer import --json "$CSV"
json_expect 'd["rows"] == 60 and d["imported"] == 60 and d["unchanged"] == 60 and d["rejected"] == []' \
	"import --json reports 60 rows, none rejected"
before_log=$(log_count)
check "the registry is not in the log (it holds $before_log entries)" test "$before_log" = 0

step "list and show"
ok svk volunteer list
expect_lines 60
expect_out '^v006 +Aino Møller'
ok svk volunteer list --json
json_expect 'len(d) == 60 and [x["id"] for x in d] == sorted(x["id"] for x in d)' \
	"list --json has 60 volunteers in id order"
ok svk volunteer show --json v006
json_expect 'd["name"] == "Aino Møller" and d["birth_year"] == 1999 and d["email"] == "aino.6@example.org" and d["phone"] == "+45 22228106"' \
	"show --json has name, birth year, e-mail and phone"
json_expect 'd["skills"] == ["youth_work"] and d["areas"] == ["culture", "youth"] and d["hours_per_month"] == 8 and d["joined"] == "2026-05-20" and d["active"] is True' \
	"show --json has skills, areas, hours, joined, active"
ok svk volunteer show v003
expect_out '^active +no'
fails svk volunteer show v999
expect_err 'v999'

step "export: everything held on one person (right of access)"
ok svk volunteer export v006
json_expect 'd["volunteer"]["name"] == "Aino Møller" and d["volunteer"]["email"] == "aino.6@example.org" and d["controller"] == "Middelfart Kommune"' \
	"export names the person, their data and the controller"
json_expect 'd["volunteer"]["created"] and d["volunteer"]["updated"]' "export says when the record was made"
fails svk volunteer export v999

# The broken files, each a few rows with one thing wrong.
python3 - "$HEADER" <<'PY' || fatal "cannot write the broken files"
import sys
h = sys.argv[1] + "\n"
good = "b{0},Test Person {0},1980,t{0}@example.org,+45 20000000,cooking,youth,4,2024-01-10,yes\n"
def write(name, rows, enc="utf-8"):
    open(name, "wb").write((h + "".join(rows)).encode(enc))
write("dates.csv", [good.format(1),
    "b2,Bo Ek,1975,,,,youth,4,2024-02-30,yes\n",
    good.format(3),
    "b4,Cai Lund,1975,,,,youth,4,24-01-10,yes\n"])
write("areas.csv", [good.format(5), "b6,Dan Berg,1975,,,,youth;sport,4,2024-01-10,yes\n"])
write("dupes.csv", [good.format(7), good.format(8), good.format(7)])
write("columns.csv", [good.format(9), "b10,Eva Falk,1975,,,,youth,4,2024-01-10\n",
    "b11,Fia Gran,1975,,,,youth,4,2024-01-10,yes,extra\n"])
write("latin1.csv", [good.format(12), "b13,Åsa Møller,1975,,,,youth,4,2024-01-10,yes\n"], "latin-1")
open("binary.csv", "wb").write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
open("json.csv", "w").write('{"volunteers": [{"id": "b14"}]}\n')
open("tabs.csv", "w").write(h.replace(",", "\t") + "b15\tGun Holm\t1975\t\t\t\tyouth\t4\t2024-01-10\tyes\n")
open("empty.csv", "w").write("")
open("unclosed.csv", "w").write(h + 'b16,"Hans Ivarsson,1975,,,,youth,4,2024-01-10,yes\n')
PY

step "bad dates: those rows reported by line, the others imported"
fails svk volunteer import dates.csv
expect_err '2 of 4 rows rejected'
expect_out '^line 3: b2: joined: '
expect_out '^line 5: b4: joined: '
expect_out '^imported 2 of 4 rows'
same_count 62
ok svk volunteer show b1

step "unknown area"
fails svk volunteer import areas.csv
expect_out "^line 3: b6: areas: unknown area 'sport'"
same_count 63

step "duplicate ids: every row of the id refused"
run svk volunteer import --json dupes.csv
check "import with duplicates exits 1 (exits $RC)" test "$RC" = 1
json_expect '[(r["line"], r["id"]) for r in d["rejected"]] == [(2, "b7"), (4, "b7")]' \
	"both rows of b7 are reported, with their lines"
json_expect 'all("also on line" in r["reason"] for r in d["rejected"])' "the reason names the other line"
same_count 64
fails svk volunteer show b7

step "wrong column count"
fails svk volunteer import columns.csv
expect_out '^line 3: b10: 9 fields where the header has 10'
expect_out '^line 4: b11: 11 fields where the header has 10'
same_count 65

step "files that are not CSV are refused whole and write nothing"
for f in latin1.csv binary.csv json.csv tabs.csv empty.csv unclosed.csv; do
	fails svk volunteer import "$f"
	expect_err "$f"
	expect_err 'nothing imported'
	same_count 65
done
fails svk volunteer import latin1.csv
expect_err 'not UTF-8.*line 3'
fails svk volunteer import tabs.csv
expect_err "separated by 'tab'"
fails svk volunteer import unclosed.csv
expect_err 'never closed'
fails svk volunteer import no-such-file.csv
same_count 65

step "--dry-run writes nothing"
ok svk volunteer import --dry-run "$CSV"
expect_out '^would import 60 of 60'
run svk volunteer import --dry-run areas.csv
check "a dry run with a bad row exits 1" test "$RC" = 1
same_count 65

step "add one volunteer"
ok svk volunteer add --id n1 --name "Nora Lind" --birth-year 2001 --email nora@example.org \
	--phone "+46 70 123 45 67" --skills "mentoring;music" --areas "youth;culture" \
	--hours 6 --joined 2026-08-03
expect_out 'added volunteer n1'
ok svk volunteer show --json n1
json_expect 'd["areas"] == ["youth", "culture"] and d["active"] is True and d["hours_per_month"] == 6' \
	"add stored what it was given"
fails svk volunteer add --id n1 --name "Nora Lind" --joined 2026-08-03
expect_err 'exists already'
fails svk volunteer add --id n2 --name "Nils Berg" --joined 2026-02-30
expect_err '^samverk: --joined: '
fails svk volunteer add --id n2 --name "Nils Berg" --joined 2026-02-03 --areas sport
expect_err '^samverk: --areas: .*sport'
fails svk volunteer add --id n2 --name "Nils Berg" --joined 2026-02-03 --active maybe
expect_err '--active'
fails svk volunteer add --id n2 --name "Nils Berg" --joined 2026-02-03 --hours 1000
expect_err '--hours'
fails_with 2 svk volunteer add --name "Nils Berg" --joined 2026-02-03
expect_err '--id'
fails_with 2 svk volunteer add --id n2 --name X --joined 2026-02-03 extra
fails_with 2 svk volunteer add --id n2 --name X --joined 2026-02-03 --json
same_count 66

step "erase: the person is gone from the file and its log (right to erasure)"
check "before: Marco Papadopoulou is in the store" in_store "Marco Papadopoulou"
ok svk volunteer erase v001
expect_out 'erased volunteer v001'
fails svk volunteer show v001
same_count 65
check "Marco Papadopoulou is not in samverk.db nor its WAL" bash -c '! grep -qaF "Marco Papadopoulou" "$0/samverk.db" "$0/samverk.db-wal" 2>/dev/null' "$NODE"
check "marco.1@example.org is not in samverk.db nor its WAL" bash -c '! grep -qaF "marco.1@example.org" "$0/samverk.db" "$0/samverk.db-wal" 2>/dev/null' "$NODE"
check "+45 21629072 is not in samverk.db nor its WAL" bash -c '! grep -qaF "+45 21629072" "$0/samverk.db" "$0/samverk.db-wal" 2>/dev/null' "$NODE"
check "the other volunteers are still there" in_store "Sofie Hansen"
fails svk volunteer erase v001
expect_err 'v001'
ok svk volunteer erase --scrub
fails_with 2 svk volunteer erase
fails_with 2 svk volunteer erase --scrub v002
fails_with 2 svk volunteer erase v002 v003
same_count 65

step "usage"
for s in import add list show export erase; do
	ok svk volunteer "$s" --help
	expect_out "^usage: samverk volunteer $s"
done
fails_with 2 svk volunteer import
fails_with 2 svk volunteer list extra
fails_with 2 svk volunteer list --frobnicate
expect_err "'samverk volunteer list --help'"
fails_with 2 svk volunteer export v006 --json

step "the store still verifies, and no volunteer is in the log"
ok svk verify
ok svk log --json
expect_no_out 'Papadopoulou|Hansen|example\.org'
