#!/usr/bin/env bash
# files.sh: friendlier files and listings: a UTF-8 byte order mark (what
# Notepad writes) in JSON and CSV files, CSV separated by ';' (what Excel
# writes where the decimal mark is a comma) with decimal commas, the
# commented templates of a practice and a need, names padded by display
# width in every listing, and a listing that ends quietly when the reader
# of a pipe goes away.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

new_node
cd "$T" || fatal "cannot cd to $T"

BOM=$'\xef\xbb\xbf'

step "a JSON file with a byte order mark"
{ printf '%s' "$BOM"; cat "$DATA/practices/legepatruljen.json"; } >bom-practice.json
ok svk practice add bom-practice.json
expect_out '^added practice legepatruljen '
{ printf '%s' "$BOM"; cat "$DATA/needs/$(ls "$DATA/needs" | head -1)"; } >bom-need.json
ok svk need add bom-need.json
expect_out '^added need '
# A mistake after the mark is still placed where an editor shows it.
printf '%s{\n  "id": "x",\n  "lang": "da",\n  "title": \n}\n' "$BOM" >bom-broken.json
fails svk practice add bom-broken.json
expect_err 'bom-broken.json: line 5, column 1:'
# Only a mark at the very start is passed over.
printf '{"id": "x", %s"lang": "da"}\n' "$BOM" >bom-inside.json
fails svk practice add bom-inside.json
expect_err 'line 1, column 1[0-9]:'

step "a CSV file with a byte order mark and CRLF line ends"
{ printf '%s' "$BOM"; sed 's/$/\r/' "$DATA/volunteers.csv"; } >bom.csv
ok svk volunteer import --dry-run bom.csv
expect_out '^would import 60 of 60 rows'

step "CSV separated by ';' (Excel where the decimal mark is a comma)"
# The sample registry as Excel saves it in Denmark: a byte order mark, ';'
# between fields, lists in quotes, CRLF line ends, hours with a decimal comma.
python3 - "$DATA/volunteers.csv" semi.csv <<'PY' || fatal "cannot convert the CSV"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
h = rows[0].index("hours_per_month")
for r in rows[1::2]:
    r[h] += ",0"
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)
PY
check "the file has ';' and quotes and CRLF" grep -q $'^v001;Marco Papadopoulou;1975;.*;"it_support;mentoring;youth_work";elderly_care;16,0;.*\r$' semi.csv
ok svk volunteer import semi.csv
expect_out '^imported 60 of 60 rows: 60 new, 0 updated, 0 unchanged; 0 rejected$'
ok svk volunteer show --json v001
json_expect 'd["skills"] == ["it_support", "mentoring", "youth_work"] and d["hours_per_month"] == 16' \
	"the quoted list and the decimal comma are read"
# The same file as the comma version: nothing changes.
ok svk volunteer import "$DATA/volunteers.csv"
expect_out '60 unchanged'
# Mistakes are reported row by row, with the file's line numbers.
{
	printf 'sep=;\r\n'
	head -1 semi.csv | sed "s/^$BOM//"
	printf 'x1;Anna Berg;1980;;;;youth;7,5;2024-01-10;yes\r\n'
	printf 'x2;Bo Ek;1980;;;cooking;music;youth;4;2024-01-10;yes\r\n'
	printf 'x3;Cai Lund;1980;;;;youth;4;2024-13-10;yes\r\n'
	printf 'x4;Dan Ulf;1980;;;;youth;4,00;2024-01-10;yes\r\n'
} >semi-broken.csv
fails_with 1 svk volunteer import semi-broken.csv
expect_out '^line 3: x1: hours_per_month: .7,5. is not a whole number of hours'
expect_out '^line 4: x2: 11 fields where the header has 10 .*double quotes'
expect_out '^line 5: x3: joined: '
expect_out '^imported 1 of 4 rows: 1 new'

step "practice template and need template"
ok svk practice template
cp "$OUT" practice-template.json
expect_out '^  "areas": \[\],$'
expect_out 'health_prevention, social_inclusion, employment'
fails svk practice add practice-template.json
expect_err 'practice-template.json: field "id": must not be empty'
python3 - practice-template.json filled.json <<'PY' || fatal "cannot fill the template"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
for k, v in (("id", '"fra-skabelon"'), ("lang", '"da"'), ("title", '"Fra en skabelon"'),
             ("summary", '"Udfyldt fra samverk practice template."'), ("started", '"2024-05"')):
    t = t.replace('"%s": ""' % k, '"%s": %s' % (k, v), 1)
t = t.replace('"areas": []', '"areas": ["youth", "culture"]', 1)
open(sys.argv[2], "w", encoding="utf-8").write(t)
PY
check "the comments are kept in the filled-in file" grep -q '^  // title: required' filled.json
ok svk practice add filled.json
expect_out '^added practice fra-skabelon '
ok svk practice show --json fra-skabelon
json_expect 'd["title"] == "Fra en skabelon" and d["areas"] == ["youth", "culture"] and d["started"] == "2024-05" and "challenge" not in d' \
	"the filled-in template is the practice, empty fields left out"
ok svk practice template --lang da --out da.json
check "--out writes nothing on stdout" test ! -s "$OUT"
check "the Danish template explains in Danish" grep -q 'Titlen, som partnerne ser den' da.json
check "the Danish template sets lang" grep -q '^  "lang": "da",$' da.json
fails svk practice template --out da.json
expect_err 'da.json exists already'
for l in sv fi el it; do
	ok svk need template --lang $l
	expect_out "^  \"lang\": \"$l\","
done
fails_with 2 svk practice template --lang xx
expect_err "no template in 'xx'; there are: en, da"
ok svk need template
expect_out 'one of: low, medium, high'
expect_out 'one of: open, closed'
cp "$OUT" need-template.json
fails svk need add need-template.json
expect_err 'field "id": must not be empty'
# README lists every field the templates list.
for f in practice-template.json need-template.json; do
	for field in $(sed -n 's/^  "\([a-z_]*\)": .*/\1/p; s/^  \/\/   - \([a-z_]*\):.*/\1/p' "$f"); do
		check "README's table lists $field" grep -q "^| \`$field\` " "$SVK_ROOT/README.md"
	done
done

# --- display width -------------------------------------------------------

# aligned FILE COLUMN: in every line of FILE, the text matching the Python
# regular expression COLUMN (the column after the name) starts at the same
# display column (East Asian wide characters two, combining marks none).
aligned() {
	python3 - "$1" "$2" <<'PY'
import re, sys, unicodedata
def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn":
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w
cols = set()
with open(sys.argv[1], encoding="utf-8") as f:
    lines = [l.rstrip("\n") for l in f if l.strip()]
for l in lines:
    m = re.search(sys.argv[2], l)
    if not m:
        print("no column in: %r" % l)
        sys.exit(1)
    cols.add(width(l[:m.start()]))
if len(cols) != 1 or len(lines) < 2:
    print("columns at %s in %d lines" % (sorted(cols), len(lines)))
    sys.exit(1)
PY
}

step "volunteer list pads names by display width"
NAMES=("Ørsted Østergaard" "Ελένη Παπαδοπούλου" "Jyväskylä Virtanen" "王秀英"
	"José Núñez" "Ana 🌻 Rossi" "Plain Ascii")
{
	echo "id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active"
	i=0
	for n in "${NAMES[@]}"; do
		i=$((i + 1))
		echo "w$i,$n,1980,,,,youth,4,2024-01-10,yes"
	done
} >names.csv
ok svk volunteer import names.csv
ok svk volunteer list
check "the seven names are listed" test "$(grep -c '^w[0-9] ' "$OUT")" = ${#NAMES[@]}
expect_out '^w2 +Ελένη Παπαδοπούλου +yes'
cp "$OUT" list.txt
check "the column after the names lines up by display width" aligned list.txt ' (yes|no) +[0-9]+h/month'
# A name longer than its column is cut at a whole character.
LONG="東京都東京都東京都東京都東京都東京都"
ok svk volunteer add --id w99 --name "$LONG" --joined 2024-01-10
ok svk volunteer list
cp "$OUT" list.txt
check "a cut wide name keeps the columns" aligned list.txt ' (yes|no) +[0-9]+h/month'

step "member list and status --federation pad names by display width"
ok svk federation create
for n in "Δήμος Τρικκαίων" "Jyväskylän kaupunki" "東京都庁" "Comune di Forlì"; do
	other=$T/other-$RANDOM
	"$SAMVERK" --dir "$other" init --name "$n" --country FI >/dev/null ||
		fatal "init $n"
	ok svk member add "$("$SAMVERK" --dir "$other" join-request)"
done
ok svk member list
grep -E '^[A-Z]{2} ' "$OUT" >members.txt
check "member list lists five members" test "$(wc -l <members.txt)" = 5
check "member list lines up by display width" aligned members.txt ' (active|suspended) +(coordinator|member) '
ok svk status --federation
grep -E '^[A-Z]{2} ' "$OUT" >status.txt
check "status --federation lines up by display width" aligned status.txt ' (online|offline|unknown|[a-z]+) +(never|[0-9]+s ago) '

# --- a closed pipe ---------------------------------------------------------

step "a listing into a closed pipe ends quietly"
{
	echo "id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active"
	for i in $(seq 1 3000); do
		echo "p$i,Person number $i with a long name,1980,,,,youth,4,2024-01-10,yes"
	done
} >many.csv
ok svk volunteer import many.csv
ok svk volunteer list
check "the listing is longer than a pipe buffer ($(wc -c <"$OUT") bytes)" \
	test "$(wc -c <"$OUT")" -gt 200000
"$SAMVERK" --dir "$NODE" volunteer list 2>pipe.err | head -1 >pipe.out
status=${PIPESTATUS[0]}
check "head got the first line" grep -q '^p1 ' pipe.out
check "nothing on stderr ($(head -c 300 pipe.err))" test ! -s pipe.err
check "the listing ended by SIGPIPE, status 141 (got $status)" test "$status" = 141
"$SAMVERK" --dir "$NODE" practice list 2>pipe.err | head -1 >pipe.out
status=${PIPESTATUS[0]}
check "practice list | head -1: status 0 or 141 (got $status)" test "$status" = 0 -o "$status" = 141
check "practice list | head -1: nothing on stderr" test ! -s pipe.err
