#!/usr/bin/env bash
# hold.sh: a node that may be behind its own log does not author. A store
# restored from `samverk backup`, and a node re-created from its key file
# (`init --key`), refuse every authoring command with one line that says why
# and what to do, until a daemon has compared with partners; `status` says
# so. Reading works as usual, and the original node is not held.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

new_node
svk practice add "$(ls "$DATA"/practices/*.json | head -n 1)" >/dev/null ||
	fatal "cannot add a practice"
ID=$(svk id) || fatal "samverk id failed"

step "a backup copy starts on hold"
ok svk backup "$T/backup.db"
mkdir -p "$T/restored"
cp "$NODE/node.key" "$T/restored/node.key"
cp "$T/backup.db" "$T/restored/samverk.db"
ok "$SAMVERK" --dir "$T/restored" verify
ok "$SAMVERK" --dir "$T/restored" practice list --json
json_expect 'len(d) == 1' "the restored store lists its practice"
p2=$(ls "$DATA"/practices/*.json | sed -n 2p)
fails "$SAMVERK" --dir "$T/restored" practice add "$p2"
expect_err 'restored from a backup or re-created'
expect_err 'leave `samverk run` running until `samverk status` says it has its log back'
n2=$(ls "$DATA"/needs/*.json | head -n 1)
fails "$SAMVERK" --dir "$T/restored" need add "$n2"
expect_err 'restored from a backup'
ok "$SAMVERK" --dir "$T/restored" status
expect_out '^ON HOLD +this node was restored'
ok "$SAMVERK" --dir "$T/restored" status --json
json_expect "d['hold']['held'] is True and d['hold']['reason'] == 'restored' and d['hold']['own_head'] == 1" \
	"status --json: held as restored at seq 1"

step "the original is not held"
ok svk status --json
json_expect "d['hold']['held'] is False and d['forks'] == []" "not held, no forks"
ok svk practice add "$p2"
expect_out '\(entry 2\)'

step "init --key re-creates a node with its old key, on hold"
fails "$SAMVERK" --dir "$T/nokey" init --key "$T/no-such.key" --name "Middelfart Kommune" --country DK
expect_err 'cannot re-create'
ok "$SAMVERK" --dir "$T/again" init --key "$NODE/node.key" --name "Middelfart Kommune" --country DK
expect_out 're-created node'
expect_out 'on hold'
ok "$SAMVERK" --dir "$T/again" id
expect_out "^$ID\$"
fails "$SAMVERK" --dir "$T/again" practice add "$p2"
expect_err 're-created'
