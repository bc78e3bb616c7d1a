#!/usr/bin/env bash
# bad_input.sh: bad files given to `practice add|update` and `need add` are
# rejected with one clear line on stderr, a non-zero exit, and nothing
# written to the log.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

new_node
LP=$DATA/practices/legepatruljen.json
CARE=$DATA/needs/care-elderly.json
ok svk practice add "$LP"
ok svk need add "$CARE"
entries=$(log_count)
check "the node holds 2 entries to start with (holds $entries)" test "$entries" = 2

cd "$T" || fatal "cannot cd to $T"

# The bad files, all made by one Python (it is slow to start): each is a
# sample with one thing wrong.
python3 - "$LP" "$CARE" <<'PY' || fatal "cannot write the bad files"
import copy, json, sys
lp = json.load(open(sys.argv[1], encoding="utf-8"))
care = json.load(open(sys.argv[2], encoding="utf-8"))

def variant(name, src, *changes):
    d = copy.deepcopy(src)
    for change in changes:
        change(d)
    with open(name, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=2)

def rm(key):
    return lambda d: d.pop(key)

def put(**kv):
    return lambda d: d.update(kv)

variant("missing.json", lp, put(id="p-missing"), rm("summary"))
variant("missing-id.json", lp, rm("id"))
variant("need-missing.json", care, put(id="n-missing"), rm("description"))
variant("area.json", lp, put(id="p-area", areas=["youth", "space_travel"]))
variant("need-area.json", care, put(id="n-area", areas=["elderly"]))
variant("long.json", lp, put(id="p-long", title="L" * 400))
variant("update-long.json", lp, put(title="L" * 400))
variant("unknown.json", lp, put(id="p-unknown", colour="blue"))
variant("nested.json", lp, put(id="p-nested"),
        lambda d: d["partners"][0].update(email="a@b.dk"))
variant("wrongtype.json", lp, put(id="p-type", areas="youth"))
variant("badid.json", lp, put(id="Lege Patruljen!"))
# answered_by names a practice as ORIGIN/ID, as `need close --answered-by`
# writes it; free text there is no answer partners can follow.
variant("need-answered.json", care, put(id="n-answered", status="closed",
        answered_by="the neighbours helped"))
variant("big2.json", care, put(id="n-big", description="r" * (2 * 1024 * 1024)))
# Invalid UTF-8 inside a string: the byte 0xff, and a broken sequence.
variant("utf8.json", lp, put(id="p-utf8", title="BAD-BYTE-HERE"))
b = open("utf8.json", "rb").read()
open("utf8.json", "wb").write(b.replace(b"BAD-BYTE-HERE", b"Leg \xff patrulje"))
variant("utf8b.json", lp, put(id="p-utf8b", summary="BAD-BYTE-HERE"))
b = open("utf8b.json", "rb").read()
open("utf8b.json", "wb").write(b.replace(b"BAD-BYTE-HERE", b"broken \xc3\x28 sequence"))
PY

# rejected WHAT ERE CMD...: CMD fails with one line matching ERE (if not
# empty), and the log is as it was.
rejected() {
	local what=$1 ere=$2
	shift 2
	step "$what"
	fails "$@"
	if [ -n "$ere" ]; then
		expect_err "$ere"
	fi
	same_log_count "$entries"
	# Judge the next file on its own, even if this one got in.
	entries=$LOG_NOW
}

printf '{\n  "id": "broken",\n  "lang": "da",\n  "title": "x",,\n}\n' >malformed.json
rejected "malformed JSON" 'line 4.*column|column.*line 4' svk practice add malformed.json
expect_err 'malformed\.json'
printf '{"id": "broken", "lang": "da"' >truncated.json
rejected "truncated JSON" 'line.*column|column.*line' svk practice add truncated.json

rejected "missing required field" 'summary' svk practice add missing.json
rejected "missing id" 'id' svk practice add missing-id.json
rejected "need: missing required field" 'description' svk need add need-missing.json

rejected "need: answered_by that names no practice" 'answered_by' svk need add need-answered.json

rejected "unknown area" 'space_travel' svk practice add area.json
rejected "need: unknown area" 'elderly' svk need add need-area.json

rejected "invalid UTF-8 (byte 0xff) in a string" 'UTF-8' svk practice add utf8.json
rejected "invalid UTF-8 (broken sequence) in a string" 'UTF-8' svk practice add utf8b.json

rejected "a 400-character title" 'title' svk practice add long.json
rejected "update with a 400-character title" 'title' svk practice update update-long.json
ok svk practice show --json legepatruljen
json_expect 'd["title"] == "Legepatruljen"' "the rejected update left the title alone"

rejected "unknown field" 'colour' svk practice add unknown.json
rejected "unknown field in a partner" 'email' svk practice add nested.json

rejected "areas not an array" 'areas' svk practice add wrongtype.json
rejected "an id with spaces and capitals" 'id' svk practice add badid.json
printf '[1, 2, 3]\n' >array.json
rejected "an array instead of an object" 'object' svk practice add array.json

rejected "a file that does not exist" 'no-such-file\.json' svk practice add no-such-file.json
mkdir adir
rejected "a directory instead of a file" 'adir' svk practice add adir
: >empty.json
rejected "an empty file" 'empty\.json' svk practice add empty.json
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >big.json
rejected "a file of 2 MB (spaces)" 'big\.json' svk practice add big.json
rejected "a file of 2 MB (one long field)" 'big2\.json' svk need add big2.json
rejected "a file of 2 MB given to update" 'big\.json' svk practice update big.json

step "nothing of the rejected files was stored"
ok svk practice list --all --json
json_expect '[x["id"] for x in d] == ["legepatruljen"]' "only legepatruljen is stored"
ok svk need list --all --json
json_expect '[x["id"] for x in d] == ["frontida-ilikiomenon"]' "only frontida-ilikiomenon is stored"
ok svk verify
