#!/usr/bin/env bash
# ids.sh: ids that round-trip. Wherever a node is asked for, the full
# fingerprint (with its check group or without), the short id `log`,
# `match` and `practice list` print, or the member's name (any case) is
# taken; a typo in a fingerprint is caught before anything is written; an
# ambiguous name is refused naming the candidates. Also: a join request
# wrapped and quoted by an e-mail client is accepted by `member add`; `join`
# refuses a federation id with a typo; the coordinator cannot `leave`.
# Two daemons run only to bring Middelfart's practices to Örebro.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# typo FPR: FPR with its 10th key character changed (a letter for another).
typo() {
	local c=${1:10:1} n=A
	[ "$c" = A ] && n=B
	echo "${1:0:10}$n${1:11}"
}

step "two nodes; Örebro gets Middelfart's practices"
with_partner legepatruljen
ME=$(svk id) || fatal "id"
check "a fingerprint is 14 groups after SVK ($AID)" \
	grep -qE '^SVK(-[A-Z2-7]{4}){14}$' <<<"$AID"
SHORT=${AID:0:18}
BARE=${AID:0:68}

step "practice list shows whose each practice is: name and short id"
ok svk practice list
expect_out "^Middelfart Kommune +$SHORT +legepatruljen "

step "the short id log prints is taken back"
ok svk log
expect_out "^$SHORT "
LOGGED=$(awk -v me="${ME:0:18}" '$1 != me { print $1; exit }' "$OUT")
check "log printed Middelfart's short id ($LOGGED)" test "$LOGGED" = "$SHORT"
ok svk log "$LOGGED"
expect_no_out "^${ME:0:18} "
expect_out "^$SHORT "
ok svk practice show --json "$LOGGED/legepatruljen"
json_expect "d['origin'] == '$AID' and d['id'] == 'legepatruljen'" \
	"practice show with the short id finds Middelfart's"

step "the full id, with or without its check group, and the member's name"
for ref in "$AID" "$BARE" "${AID:0:28}" "$(tr '[:upper:]' '[:lower:]' <<<"$SHORT")" \
	"Middelfart Kommune" "middelfart KOMMUNE"; do
	ok svk practice show --json "$ref/legepatruljen"
	json_expect "d['origin'] == '$AID'" "practice show $ref/legepatruljen"
done
ok svk practice list --json --origin "middelfart kommune"
json_expect "len(d) == 1 and d[0]['origin'] == '$AID'" "--origin takes a name"
ok svk practice list --json --origin "$SHORT"
json_expect "len(d) == 1" "--origin takes the short id"

step "adopt and need close --answered-by take the short id and the name"
before=$(log_count)
ok svk adopt "$SHORT/legepatruljen" --status piloting
check "adopt wrote one entry" test "$(log_count)" = "$((before + 1))"
ok svk practice show --json "Middelfart Kommune/legepatruljen"
json_expect "len(d['adoptions']) == 1 and d['adoptions'][0]['adopter'] == '$ME'" \
	"the adoption is under the practice"
ok svk need add "$DATA/needs/care-elderly.json"
NEED=$(svk need list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
ok svk need close "$NEED" --answered-by "middelfart kommune/legepatruljen"
ok svk need show --json "$NEED"
json_expect "d['status'] == 'closed' and d['answered_by'].endswith('/legepatruljen')" \
	"the need is closed, answered by Middelfart's practice"

step "a typo in a fingerprint is caught before anything is written"
before=$(log_count)
BAD=$(typo "$AID")
fails svk adopt "$BAD/legepatruljen" --status adopted
expect_err "has a typo"
fails svk practice show "$BAD/legepatruljen"
expect_err "has a typo"
# Two neighbours swapped.
SWAP="${AID:0:5}${AID:6:1}${AID:5:1}${AID:7}"
[ "$SWAP" != "$AID" ] && {
	fails svk adopt "$SWAP/legepatruljen" --status adopted
	expect_err "has a typo"
}
same_log_count "$before"

step "unknown and too short ids are refused, saying what is asked"
fails svk practice show "Nowhere Kommune/legepatruljen"
expect_err "neither a node's fingerprint .* nor a member's name"
fails svk practice show "${AID:0:13}/legepatruljen"
expect_err "neither a node's fingerprint"
fails svk log "SVK-AAAA-AAAA-AAAA"
expect_err "no node this one knows"

step "the coordinator names members by short id or name; an ambiguous name is refused"
init_node "$T/twin" "Örebro kommun" SE
NODE_SAVED=$NODE
NODE=$PARTNER
ok svk member add "$("$SAMVERK" --dir "$T/twin" join-request)"
fails svk member suspend "örebro KOMMUN"
expect_err "fits 2 nodes: .*${ME}.*; .*"
expect_err "$("$SAMVERK" --dir "$T/twin" id)"
ok svk member suspend "${ME:0:18}"
expect_out "Örebro kommun suspended"
ok svk member resume "${ME:0:23}"
expect_out "active again"
fails svk member suspend "$(typo "$ME")"
expect_err "has a typo"

step "a join request wrapped and quoted by an e-mail client is accepted"
init_node "$T/mail" "Skellefteå kommun" SE
REQ=$("$SAMVERK" --dir "$T/mail" join-request) || fatal "join-request"
fold -w 76 <<<"$REQ" >"$T/req76"
fold -w 40 <<<"$REQ" | sed 's/$/\r/' >"$T/req40crlf"
fold -w 76 <<<"$REQ" | sed 's/^/> /' >"$T/req76quoted"
fold -w 40 <<<"$REQ" | sed 's/^/>> /; s/$/\r/' >"$T/req40quoted"
check "wrapped at 76 columns, the request has several lines" \
	test "$(wc -l <"$T/req76")" -gt 2
ok svk member add "$(cat "$T/req76")"
expect_out "added Skellefteå kommun"
# The member is in now: the others are read all the same, and said so.
for f in req40crlf req76quoted req40quoted; do
	fails svk member add "$(cat "$T/$f")"
	expect_err "Skellefteå kommun .* is a member already"
	run bash -c "\"$SAMVERK\" --dir \"$NODE\" member add - <\"$T/$f\""
	check "member add - reads $f from stdin" test "$RC" = 1
	expect_err "is a member already"
done
# Split by the shell into several operands.
# shellcheck disable=SC2046
fails svk member add $(cat "$T/req76quoted")
expect_err "is a member already"
fails svk member add "${REQ:0:60}"
expect_err "damaged or incomplete"
fails svk member add "hello"
expect_err "not a join request"

step "the coordinator cannot leave its federation"
fails svk leave --yes
expect_err "coordinator .* cannot leave"
NODE=$NODE_SAVED

step "join refuses a federation id with a typo; nothing is written"
init_node "$T/new" "Umeå kommun" SE
NODE=$T/new
fails svk join "$(typo "$AID")" --peer tcp://127.0.0.1:9
expect_err "federation id .* has a typo"
fails svk join "${AID:0:40}" --peer tcp://127.0.0.1:9
expect_err "is not a federation id"
ok svk status --json
json_expect "d.get('federation') is None" "the node is in no federation still"
ok svk join "$BARE" --peer tcp://127.0.0.1:9
expect_out "joined federation $AID"
fails svk join "$AID" --peer tcp://127.0.0.1:9
expect_err "joined federation .* already"
ok svk leave --yes
expect_out "left federation $AID"
ok svk status --json
json_expect "d.get('federation') is None" "after leave, in no federation"
fails svk leave --yes
expect_err "nothing to leave"
ok svk join "$AID" --peer tcp://127.0.0.1:9
run bash -c "echo no | \"$SAMVERK\" --dir \"$NODE\" leave"
check "leave answered no fails" test "$RC" = 1
expect_err "not confirmed: nothing was changed"
ok svk status --json
json_expect "d.get('federation') == '$AID'" "still in the federation"
run bash -c "echo yes | \"$SAMVERK\" --dir \"$NODE\" leave"
check "leave answered yes works" test "$RC" = 0
expect_out "left federation"
NODE=$NODE_SAVED
