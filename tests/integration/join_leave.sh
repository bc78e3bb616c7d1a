#!/usr/bin/env bash
# Join, leave, rejoin. B is added by A's federation but joins with the id
# of another federation (C's: well-formed, so `join` takes it). On first
# contact A refuses B's catch-up; B's daemon says at error level that A does
# not belong to that federation, with the remedy, and `status` shows it.
# B then leaves (keeping its own practice and its volunteer registry) and
# joins again with the right id: the roster comes, A gets B's practice. A
# last leave forgets what came from the federation and keeps B's own.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Porvoon kaupunki" FI
sv --dir "$T/C" federation create >/dev/null || fail "federation create at C"
sv --dir "$T/A" federation create >/dev/null || fail "federation create at A"
sv --dir "$T/A" member add "$(sv --dir "$T/B" join-request)" >/dev/null ||
	fail "member add B"
make_practice "orebro-mentorer" "Mentorer för nyanlända" "$T/b.json"
sv --dir "$T/B" practice add "$T/b.json" >/dev/null || fail "practice add at B"
sv --dir "$T/B" volunteer add --id v1 --name "Anna Berg" --joined 2026-01-10 \
	>/dev/null || fail "volunteer add at B"
make_practice "middelfart-leg" "Legepatruljen i Middelfart" "$T/a.json"
sv --dir "$T/A" practice add "$T/a.json" >/dev/null || fail "practice add at A"

# The wrong federation id: C's.
out=$(sv --dir "$T/B" join "$(id_of C)" --peer "${CATCHUP[A]}") ||
	fail "join with C's id"
grep -q "joined federation $(id_of C)" <<<"$out" || fail "join said: $out"
mine_before=$(entries B B)
[ -n "$mine_before" ] || fail "B holds no entry of its own"
start A
start B
wrong() {
	grep -E " error +the node at ${CATCHUP[A]} does not belong to federation $(id_of C)" \
		"$T/B.log" | grep -q "samverk leave"
}
wait_for "B to report the wrong federation" 20 wrong ||
	fail "B's daemon did not say at error level that A is of another federation"
sv --dir "$T/B" status >"$T/status" || fail "status at B"
grep -q "^JOIN PROBLEM: the node at ${CATCHUP[A]} does not belong" "$T/status" ||
	fail "status does not show the join problem: $(cat "$T/status")"
sv --dir "$T/B" status --json |
	python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit("samverk leave" not in d["join_problem"])' ||
	fail "status --json has no join_problem"
[ "$(sv --dir "$T/B" member list --json)" = "[]" ] || fail "B holds a roster"

out=$(sv --dir "$T/B" leave --yes 2>&1) && fail "leave while the daemon runs: $out"
grep -q "stop it first" <<<"$out" || fail "leave with the daemon running said: $out"
stop B
out=$(sv --dir "$T/B" join "$(id_of A)" --peer "${CATCHUP[A]}" 2>&1) &&
	fail "a second join was taken: $out"
grep -q "samverk leave" <<<"$out" || fail "a second join did not name leave: $out"
out=$(sv --dir "$T/B" leave --yes) || fail "leave"
grep -q "left federation $(id_of C)" <<<"$out" || fail "leave said: $out"
[ "$(entries B B)" = "$mine_before" ] || fail "leave changed B's own entries"
sv --dir "$T/B" volunteer show v1 >/dev/null || fail "leave lost B's volunteer"
sv --dir "$T/B" status --json |
	python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d.get("federation") is not None or "join_problem" in d)' ||
	fail "after leave, B is still in a federation or shows the problem"

# The right id now.
sv --dir "$T/B" join "$(id_of A)" --peer "${CATCHUP[A]}" >/dev/null ||
	fail "join again with A's id"
start B
roster() {
	sv --dir "$T/B" member list --json |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d)); sys.exit(len(d) != 2)'
}
wait_for "the roster at B" 20 roster || fail "B did not get A's roster after rejoining"
wait_for "B's practice at A" 20 same_entries A B B ||
	fail "A did not get B's own practice after B rejoined"
wait_for "A's practice at B" 20 same_entries A B A ||
	fail "B did not get A's practice after rejoining"
sv --dir "$T/B" status >"$T/status" || fail "status at B"
grep -q "JOIN PROBLEM" "$T/status" && fail "status still shows the join problem"
grep -q "refused (another federation" "$T/B.log" &&
	fail "B logged a refusal beside the error"

stop B
out=$(sv --dir "$T/B" leave --yes) || fail "leave a federation joined"
grep -qE "forgot [1-9][0-9]* entries of other members" <<<"$out" ||
	fail "leave said: $out"
[ -z "$(entries B A)" ] || fail "leave kept A's entries at B"
[ -n "$(entries B B)" ] || fail "leave dropped B's own entries"
sv --dir "$T/B" verify >/dev/null || fail "B's store does not verify after leave"
say "ok: wrong id reported, left, rejoined, left again"
