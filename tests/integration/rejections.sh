#!/usr/bin/env bash
# A daemon rejects, and counts, what no honest member sends: entries of a
# non-member, a bad signature, a suspended member's new entries, a fork; a
# replayed entry is stored once. svk-inject plays B's PUB endpoint, and C's
# (a member relaying) once B is suspended: the coordinator then drops its
# links to B.
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
node C "Δήμος Τρικκαίων" GR
node M "Not A Member" DK
federation A B C
# M joins by itself: its entries name the federation but it is no member.
sv --dir "$T/M" join "$(id_of A)" --peer "${CATCHUP[A]}" >/dev/null || fail "M join"
sv --dir "$T/M" practice add "$DATA/practices/volwe.json" >/dev/null || fail "M add"
cp -a "$T/B" "$T/B2" # the same identity, a second history: a fork to be
sv --dir "$T/B" practice add "$DATA/practices/hr-berg.json" >/dev/null || fail "B add"
sv --dir "$T/B2" practice add "$DATA/practices/volwe.json" >/dev/null || fail "B2 add"
start A

inject() {
	"$INJECT" --pub "${PUB[${VIA:-B}]}" "$@" >/dev/null || fail "inject $*"
}
inject --db "$T/M/samverk.db"
inject --db "$T/B/samverk.db" --seq 1 --corrupt-sig
inject --db "$T/B/samverk.db" --seq 1 --repeat 3
inject --db "$T/B2/samverk.db" --seq 1
wait_for "a not_member rejection at A" 30 at_least 1 rejected A not_member || fail "non-member not counted"
wait_for "a bad_signature rejection at A" 30 at_least 1 rejected A bad_signature || fail "bad signature not counted"
wait_for "a fork rejection at A" 30 at_least 1 rejected A fork || fail "fork not counted"
[ "$(entries A B | wc -l)" = 1 ] || fail "A holds $(entries A B | wc -l) entries of B, not 1"
sv --dir "$T/A" practice list | grep -q hr-berg || fail "B's real entry is missing"
sv --dir "$T/A" practice list | grep -q volwe && fail "a rejected entry is listed"
wait_for "the fork flagged in A's status" 30 sh -c "'$SAMVERK' --dir '$T/A' status | grep 'flagged *fork'" ||
	fail "status does not show the fork"

# Suspended: B's next entry, relayed by C, is refused.
sv --dir "$T/A" member suspend "$(id_of B)" >/dev/null || fail "suspend"
wait_for "A's daemon to see B suspended" 30 peers_check A 'state["Örebro kommun"] == "suspended"' ||
	fail "A's daemon did not take in the suspension"
sv --dir "$T/B" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "B add 2"
VIA=C inject --db "$T/B/samverk.db" --seq 2
wait_for "a suspended rejection at A" 30 at_least 1 rejected A suspended || fail "suspended member not counted"
sv --dir "$T/A" practice list | grep -q legepatruljen && fail "suspended member's entry listed"
# Refusals are logged at warning level, naming the origin and the reason.
wait_for "a warning naming B and the reason" 10 \
	grep -E " warn +refused entry 2 of SVK-[A-Z0-9-]+ \(Örebro kommun\): suspended" "$T/A.log" ||
	fail "the refusal of B's entry is not logged at warning level with B's name"
grep -qE " warn +refused entry 1 of SVK-[A-Z0-9-]+ \(not in the roster\): not_member" "$T/A.log" ||
	fail "the non-member's entry is not logged as refused"

VIA=C inject --garbage --repeat 20
wait_for "a malformed rejection at A" 30 at_least 1 rejected A malformed || fail "garbage not counted"
# 20 of them: at most 10 lines a minute for one reason, the rest counted.
n=$(grep -c "refused a message: malformed" "$T/A.log")
[ "$n" -le 10 ] || fail "$n lines for 20 malformed messages: not rate-limited"
kill -0 "${PID[A]}" || fail "A died"
stop A
sv --dir "$T/A" verify >/dev/null || fail "verify A"
say "ok"
