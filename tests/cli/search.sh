#!/usr/bin/env bash
# search.sh: `practice search` and `need search` on the sample records with
# word forms: every word found in any of its forms, each text stemmed in its
# own language (Swedish frivilliga finds the Danish frivillige, Greek
# εθελοντές finds Εθελοντών, Finnish vapaaehtoinen finds vapaaehtoistyön),
# --lang, nothing typed read as index syntax, the snippet of each result, and
# a store whose index is of the older form re-indexed once as it is opened.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

new_node
for f in "$DATA"/practices/*.json; do ok svk practice add "$f"; done
for f in "$DATA"/needs/*.json; do ok svk need add "$f"; done

# ids QUERY... : the ids `practice search --json QUERY...` finds, sorted.
ids() {
	svk practice search --json "$@" | python3 -c '
import json, sys
print(" ".join(sorted(x["id"] for x in json.load(sys.stdin))))'
}

step "Swedish frivilliga finds what frivillig finds"
frivillig=$(ids frivillig)
check "frivillig finds six practices ($frivillig)" \
	test "$(wc -w <<<"$frivillig")" -eq 6
check "frivilliga finds the same ($(ids frivilliga))" \
	test "$(ids frivilliga)" = "$frivillig"
check "--lang sv frivilliga too" test "$(ids --lang sv frivilliga)" = "$frivillig"
check "--lang da frivilliga finds nothing: Danish knows no -a" \
	test "$(ids --lang da frivilliga)" = ""

step "Greek εθελοντές finds Δίκτυο Εθελοντών"
ok svk practice search εθελοντές
expect_out 'diktyo-ethelonton +el +Δίκτυο Εθελοντών'
expect_out '\[εθελοντών\]'
check "ΕΘΕΛΟΝΤΕΣ in capitals too" test "$(ids ΕΘΕΛΟΝΤΕΣ)" = diktyo-ethelonton
ok svk need search --json ηλικιωμενων
json_expect '[x["id"] for x in d] == ["frontida-ilikiomenon"]' \
	"the README's example ηλικιωμενων still finds the Greek need"
json_expect '"[ηλικιωμέν" in d[0]["snippet"]' "and its snippet shows a form of the word"

step "Finnish vapaaehtoinen finds the vapaaehtois... forms"
check "vapaaehtoinen finds the Finnish strategy ($(ids vapaaehtoinen))" \
	test "$(ids vapaaehtoinen)" = vapaaehtoistyon-strategia
ok svk practice search vapaaehtoinen
expect_out '\[vapaaehtoistyön\]'

step "nothing typed is index syntax"
check "a* is the word a (English translations), not every word starting with a" \
	test "$(ids 'a*')" = "$(ids a)"
check "a* does not find all nine practices" test "$(wc -w <<<"$(ids 'a*')")" -lt 9
for q in '"frivillig' 'frivillig"' 'NEAR(frivillig' 'frivillig OR' 'x -frivillig' \
	'title:frivillig' '(frivillig)' 'frivillig*' '^frivillig' 'frivillig AND'; do
	ok svk practice search "$q"
done
check "quotes, stars, parentheses, ^ around a word change nothing" \
	test "$(ids '"(frivillig)*"')" = "$frivillig"
check "OR is a word that must be found, not an operator" \
	test "$(ids frivillig OR legepatruljen)" = ""
check "a leading - does not exclude" test "$(ids -- -frivillig)" = "$frivillig"

step "snippets"
ok svk practice search --json frivilliga
json_expect 'all("[" in x["snippet"] and "]" in x["snippet"] for x in d)' \
	"every result's snippet brackets the words found"
ok svk practice search frikvarter
expect_out '^ +.*\[frikvartererne\]'
ok svk practice list --json
json_expect 'all("snippet" not in x for x in d)' "a listing has no snippets"
fails_with 2 svk practice search --lang 'd;' frivillig
expect_err 'language code'

step "a store of the older version is re-indexed once, as it is opened"
DB=$NODE/samverk.db
# The index as the previous version wrote it: folded words alone, no stems,
# and no index version in meta.
sqlite3 "$DB" "UPDATE search SET title = (SELECT lower(e.title) FROM entities e
	WHERE e.rowid = search.rowid), body = '';
	DELETE FROM meta WHERE key IN ('search_index', 'search_langs');" ||
	fatal "cannot write the older index form"
check "the older index does not know frivilliga" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM search WHERE search MATCH 'frivil'")" = 0
ok svk practice search frivilliga
expect_out 'frivillige-sociale-mentorer'
check "the index is of form 2 now" \
	test "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'search_index'")" = 2
check "the stems are in it" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM search WHERE search MATCH 'frivil'")" -ge 6
check "every practice and need is indexed again" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM search")" = 14
ok svk verify
