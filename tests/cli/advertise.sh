#!/usr/bin/env bash
# advertise.sh: a node may bind every address (0.0.0.0, [::]) only when it
# says which endpoints partners are to be told: `init` and `run` refuse it
# otherwise, naming the option or setting to add; what the join request
# carries, and so the roster, is the advertised endpoint, not the bound one.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

step "init refuses to bind every address with nothing to tell partners"
fails_with 2 svk init --name "Middelfart Kommune" --country DK \
	--pub tcp://0.0.0.0:7400 --catchup tcp://127.0.0.1:7401
expect_err '--pub tcp://0\.0\.0\.0:7400 binds every address'
expect_err 'add --advertise-pub'
check "a refused init made no node" test ! -e "$NODE/node.key" -a ! -e "$NODE/samverk.db"
fails_with 2 svk init --name "Middelfart Kommune" --country DK \
	--pub tcp://127.0.0.1:7400 --catchup 'tcp://[::]:7401'
expect_err 'add --advertise-catchup'
fails_with 2 svk init --name "Middelfart Kommune" --country DK \
	--pub tcp://0.0.0.0:7400 --advertise-pub tcp://0.0.0.0:7400
expect_err '--advertise-pub tcp://0\.0\.0\.0:7400 is no address partners can dial'
fails_with 2 svk init --name "Middelfart Kommune" --country DK \
	--pub tcp://0.0.0.0:7400 --advertise-pub tls+tcp://sv.example.org:7400
expect_err 'different kinds'
fails_with 2 svk init --name "Middelfart Kommune" --country DK \
	--advertise-pub sv.example.org:7400
expect_err 'is not an endpoint'
check "no refused init made a node" test ! -e "$NODE/node.key"

step "init binds every address and tells partners its public name"
ok svk init --name "Middelfart Kommune" --country DK \
	--pub tcp://0.0.0.0:7400 --catchup 'tcp://[::]:7401' \
	--advertise-pub tcp://sv.middelfart.example:7400 \
	--advertise-catchup tcp://sv.middelfart.example:7401
check "the settings say where it binds" grep -qx 'pub = tcp://0.0.0.0:7400' "$NODE/samverk.conf"
check "the settings say what partners are told" \
	grep -qx 'advertise_pub = tcp://sv.middelfart.example:7400' "$NODE/samverk.conf"
ok svk join-request
request=$(cat "$OUT")
COORD=$T/coord
ok "$SAMVERK" --dir "$COORD" init --name "Vejle Kommune" --country DK
ok "$SAMVERK" --dir "$COORD" federation create
ok "$SAMVERK" --dir "$COORD" member add "$request"
ok "$SAMVERK" --dir "$COORD" member list --json
json_expect "[m['pub'] for m in d if m['name'] == 'Middelfart Kommune'] == ['tcp://sv.middelfart.example:7400']" \
	"the roster carries the advertised pub endpoint"
json_expect "[m['catchup'] for m in d if m['name'] == 'Middelfart Kommune'] == ['tcp://sv.middelfart.example:7401']" \
	"the roster carries the advertised catch-up endpoint"

step "run refuses to bind every address with nothing to tell partners"
sed -i 's|^advertise_catchup = .*|advertise_catchup =|' "$NODE/samverk.conf"
fails_with 1 svk run
expect_err '\[node\] catchup tcp://\[::\]:7401 binds every address'
expect_err 'add \[node\] advertise_catchup'
expect_err 'samverk\.conf'
sed -i 's|^advertise_pub = .*|advertise_pub = tcp://*:7400|' "$NODE/samverk.conf"
fails_with 1 svk run
expect_err '\[node\] advertise_pub tcp://\*:7400 is no address'
