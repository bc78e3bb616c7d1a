#!/usr/bin/env bash
# bad_input.sh: bad files given to `practice add|update` and `need add` are
# rejected with one clear line on stderr, a non-zero exit, and nothing
# written to the log.
. "$(dirname "$0")/lib.sh"

new_node
LP=$DATA/practices/legepatruljen.json
CARE=$DATA/needs/care-elderly.json
ok svk practice add "$LP"
ok svk need add "$CARE"
entries=$(log_count)
check "the node holds 2 entries to start with (holds $entries)" test "$entries" = 2

# variant SRC DEST PYTHON: DEST is the JSON of SRC changed by the Python
# statements PYTHON, which see the document as d (and a fresh id).
variant() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)' \
		"$1" "$T/$2" "$3" || fatal "cannot write $2"
}

# rejected WHAT ERE CMD...: CMD fails with one line matching ERE, and the
# log is as it was.
rejected() {
	local what=$1 ere=$2
	shift 2
	step "$what"
	fails "$@"
	[ -n "$ere" ] && expect_err "$ere"
	same_log_count "$entries"
}

cd "$T" || fatal "cannot cd to $T"

printf '{\n  "id": "broken",\n  "lang": "da",\n  "title": "x",,\n}\n' >malformed.json
rejected "malformed JSON" 'line 4.*column|column.*line 4' svk practice add malformed.json
expect_err 'malformed\.json'
printf '{"id": "broken", "lang": "da"' >truncated.json
rejected "truncated JSON" 'line.*column|column.*line' svk practice add truncated.json

variant "$LP" missing.json 'd["id"] = "p-missing"; del d["summary"]'
rejected "missing required field" 'summary' svk practice add missing.json
variant "$LP" missing-id.json 'del d["id"]'
rejected "missing id" '"?id"?' svk practice add missing-id.json
variant "$CARE" need-missing.json 'd["id"] = "n-missing"; del d["description"]'
rejected "need: missing required field" 'description' svk need add need-missing.json

variant "$LP" area.json 'd["id"] = "p-area"; d["areas"] = ["youth", "space_travel"]'
rejected "unknown area" 'space_travel' svk practice add area.json
variant "$CARE" need-area.json 'd["id"] = "n-area"; d["areas"] = ["elderly"]'
rejected "need: unknown area" 'elderly' svk need add need-area.json

variant "$LP" utf8.json 'd["id"] = "p-utf8"; d["title"] = "BAD-BYTE-HERE"'
python3 -c '
import sys
p = sys.argv[1]
b = open(p, "rb").read().replace(b"BAD-BYTE-HERE", b"Leg \xff patrulje")
open(p, "wb").write(b)' utf8.json
rejected "invalid UTF-8 in a string" 'UTF-8' svk practice add utf8.json
printf '{"id": "p-utf8b", "lang": "da", "title": "\xc3\x28", "summary": "x", "areas": ["youth"]}' >utf8b.json
rejected "invalid UTF-8 sequence" 'UTF-8' svk practice add utf8b.json

variant "$LP" long.json 'd["id"] = "p-long"; d["title"] = "L" * 400'
rejected "a 400-character title" 'title' svk practice add long.json
variant "$LP" update-long.json 'd["title"] = "L" * 400'
rejected "update with a 400-character title" 'title' svk practice update update-long.json
ok svk practice show --json legepatruljen
json_expect 'd["title"] == "Legepatruljen"' "the rejected update left the title alone"

variant "$LP" unknown.json 'd["id"] = "p-unknown"; d["colour"] = "blue"'
rejected "unknown field" 'colour' svk practice add unknown.json
variant "$LP" nested.json 'd["id"] = "p-nested"; d["partners"][0]["email"] = "a@b.dk"'
rejected "unknown field in a partner" 'email' svk practice add nested.json

variant "$LP" wrongtype.json 'd["id"] = "p-type"; d["areas"] = "youth"'
rejected "areas not an array" 'areas' svk practice add wrongtype.json
variant "$LP" badid.json 'd["id"] = "Lege Patruljen!"'
rejected "an id with spaces and capitals" 'id' svk practice add badid.json
printf '[1, 2, 3]\n' >array.json
rejected "an array instead of an object" '' svk practice add array.json

rejected "a file that does not exist" 'no-such-file\.json' svk practice add no-such-file.json
mkdir adir
rejected "a directory instead of a file" 'adir' svk practice add adir
: >empty.json
rejected "an empty file" 'empty\.json' svk practice add empty.json
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >big.json
rejected "a file of 2 MB (spaces)" 'big\.json' svk practice add big.json
variant "$CARE" big2.json 'd["id"] = "n-big"; d["description"] = "r" * (2 * 1024 * 1024)'
rejected "a file of 2 MB (one long field)" 'big2\.json' svk need add big2.json
rejected "a file of 2 MB given to update" 'big\.json' svk practice update big.json

step "nothing of the rejected files was stored"
ok svk practice list --all --json
json_expect '[x["id"] for x in d] == ["legepatruljen"]' "only legepatruljen is stored"
ok svk need list --all --json
json_expect '[x["id"] for x in d] == ["frontida-ilikiomenon"]' "only frontida-ilikiomenon is stored"
ok svk verify
