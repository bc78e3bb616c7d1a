# lib.sh: shared by the multi-node tests. Each test is a bash script that
# sources this, builds a federation of real `samverk run` processes on
# 127.0.0.1 with ports picked free, and exits 0 when it passes. Everything
# it started is stopped and its folder removed on exit, pass or fail.
#
# Timing: a test never asserts a state after a fixed sleep; it waits for the
# state with wait_for, under a deadline. SVK_SLOW multiplies every deadline
# (default 1; say SVK_SLOW=3 on a slow or busy machine). SVK_CLI_DELAY=S
# delays each CLI command by S seconds (the daemons not), to try a test as a
# busy machine runs it: polls that read several nodes take long, and what
# they read of the first is old by the time they end. SVK_KEEP_DIR: when
# set and the test fails, its folder (node stores and logs) is copied there.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SAMVERK=${SAMVERK:-$ROOT/samverk}
INJECT=${INJECT:-$ROOT/${SVK_BUILD:-build}/svk-inject}
DATA=${SVK_DATA:-$ROOT/../shared/data}
T=$(mktemp -d "${TMPDIR:-/tmp}/svk-it.XXXXXX")
TEST=$(basename "$0" .sh)
declare -A PID PUB CATCHUP
FAILED=0

cleanup() {
	local n f
	for n in "${!PID[@]}"; do
		kill -TERM "${PID[$n]}" 2>/dev/null
	done
	for n in "${!PID[@]}"; do
		# A daemon that hangs on SIGTERM must not hang the test too.
		if ! wait_for "$n to exit" 30 exited "${PID[$n]}" 2>/dev/null; then
			echo "  $TEST: $n did not exit $(scaled 30) s after SIGTERM: killed" >&2
			kill -KILL "${PID[$n]}" 2>/dev/null
		fi
		wait "${PID[$n]}" 2>/dev/null
	done
	# Daemon trouble a passing test may not show (a catch-up request that
	# was never sent waits for the next catch-up interval): said, not hidden.
	for f in "$T"/*.log; do
		[ -e "$f" ] || continue
		grep -E "catch-up with .*: (cannot send|no answer)" "$f" | head -n 3 |
			sed "s|^|  $TEST: note: ${f##*/}: |" >&2
	done
	# Run with SAMVERK=build/samverk-asan, a daemon's sanitizer report
	# fails the test even when the daemon was ended by this cleanup.
	for f in "$T"/*.log; do
		[ -e "$f" ] || continue
		if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$f"; then
			echo "FAIL $TEST: ${f##*/} holds a sanitizer report:" >&2
			grep -m 3 -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$f" >&2
			FAILED=1
		fi
	done
	if [ "$FAILED" != 0 ] || [ -n "${SVK_KEEP:-}" ]; then
		for f in "$T"/*.log; do
			[ -e "$f" ] || continue
			echo "--- $f (last lines)"
			tail -n 15 "$f"
		done
	fi
	if [ "$FAILED" != 0 ] && [ -n "${SVK_KEEP_DIR:-}" ]; then
		mkdir -p "$SVK_KEEP_DIR" && cp -a "$T"/. "$SVK_KEEP_DIR"/ 2>/dev/null
		rm -rf "$SVK_KEEP_DIR/chrome"
		echo "--- kept in $SVK_KEEP_DIR"
	fi
	python3 "$ROOT/tests/tools/port.py" release $$ "$T/.ports"
	rm -rf "$T"
	[ "$FAILED" = 0 ] || exit 1
}
trap cleanup EXIT

fail() {
	FAILED=1
	echo "FAIL $TEST: $*" >&2
	exit 1
}

say() {
	echo "  $TEST: $*"
}

sv() {
	[ -z "${SVK_CLI_DELAY:-}" ] || sleep "$SVK_CLI_DELAY"
	"$SAMVERK" "$@"
}

# free_port [ADDR]: a TCP port nobody listens on now on ADDR (127.0.0.1
# unless given; 0.0.0.0: on no address), reserved for this test until it
# ends, so that neither a node set up later in this test nor a test running
# beside it (another clone, another soak shard) gets it; below the kernel's
# range for outgoing connections. See tests/tools/port.py.
free_port() {
	python3 "$ROOT/tests/tools/port.py" take $$ "$T/.ports" "${1:-127.0.0.1}"
}

# node NAME "Display name" CC [ADDR]: initialise a node in $T/NAME, its
# endpoints on the loopback address ADDR (127.0.0.1 unless given; its
# daemon dials its partners from ADDR too, see node/daemon/plan.h).
node() {
	local n=$1 a=${4:-127.0.0.1}
	PUB[$n]="tcp://$a:$(free_port)"
	CATCHUP[$n]="tcp://$a:$(free_port)"
	sv --dir "$T/$n" init --name "$2" --country "$3" --pub "${PUB[$n]}" \
		--catchup "${CATCHUP[$n]}" --http "127.0.0.1:$(free_port)" >/dev/null ||
		fail "init $n"
}

# set_conf NAME SECTION KEY VALUE: change one setting in NAME's samverk.conf.
set_conf() {
	python3 - "$T/$1/samverk.conf" "$2" "$3" "$4" <<'PY'
import sys, re
path, section, key, value = sys.argv[1:]
lines = open(path).read().split("\n")
out, cur, done = [], None, False
for line in lines:
    m = re.match(r"\[(.*)\]", line)
    if m:
        if cur == section and not done:
            out.insert(len(out) - 1 if out and out[-1] == "" else len(out), f"{key} = {value}")
            done = True
        cur = m.group(1)
    elif cur == section and re.match(rf"{key}\s*=", line):
        line, done = f"{key} = {value}", True
    out.append(line)
if not done:
    out += [f"[{section}]", f"{key} = {value}"]
open(path, "w").write("\n".join(out))
PY
}

id_of() {
	sv --dir "$T/$1" id
}

# federation COORD MEMBER...: COORD creates it, adds and joins the others.
federation() {
	local c=$1 m
	shift
	sv --dir "$T/$c" federation create >/dev/null || fail "federation create"
	for m in "$@"; do
		sv --dir "$T/$c" member add "$(sv --dir "$T/$m" join-request)" >/dev/null ||
			fail "member add $m"
		sv --dir "$T/$m" join "$(id_of "$c")" --peer "${CATCHUP[$c]}" >/dev/null ||
			fail "join $m"
	done
}

# start NAME [run options]: start NAME's daemon and wait until it runs.
start() {
	local n=$1 before
	shift
	# The log is appended to: a restart waits for a new " running: " line.
	before=$(grep -c " running: " "$T/$n.log" 2>/dev/null)
	"$SAMVERK" --dir "$T/$n" run --log-level debug "$@" >>"$T/$n.log" 2>&1 &
	PID[$n]=$!
	for _ in $(seq $((20 * $(scaled 10)))); do
		[ "$(grep -c " running: " "$T/$n.log" 2>/dev/null)" -gt "${before:-0}" ] && return 0
		kill -0 "${PID[$n]}" 2>/dev/null || fail "daemon $n died at start"
		sleep 0.05
	done
	fail "daemon $n did not start within $(scaled 10) s"
}

# exited PID: the process PID has ended (it may wait to be reaped).
exited() {
	local st
	st=$(ps -o stat= -p "$1")
	echo "${st:-gone}"
	[ -z "$st" ] || [ "${st#Z}" != "$st" ]
}

# reap NAME RC WHEN: NAME's daemon must exit (within 30 s, scaled) with
# status RC; WHEN ("after SIGTERM") is for the messages.
reap() {
	local n=$1 want=$2 when=$3 rc
	wait_for "$n to exit $when" 30 exited "${PID[$n]}" ||
		fail "daemon $n did not exit within $(scaled 30) s $when"
	wait "${PID[$n]}"
	rc=$?
	unset "PID[$n]"
	[ "$rc" = "$want" ] || fail "daemon $n exited $rc $when, not $want"
}

# stop NAME: SIGTERM, and the daemon must exit 0 (within 30 s, scaled).
stop() {
	kill -TERM "${PID[$1]}" || fail "stop $1: not running"
	reap "$1" 0 "after SIGTERM"
}

# count NAME KIND: how many practices (or needs) NAME lists.
count() {
	sv --dir "$T/$1" "$2" list --json |
		python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# entries NAME [ORIGIN-NODE]: the entry ids NAME holds (of ORIGIN-NODE's).
entries() {
	local where=""
	[ $# -gt 1 ] && where="WHERE origin = (SELECT value FROM meta WHERE key = 'node_key')"
	if [ $# -gt 1 ]; then
		where="WHERE origin = x'$(sv --dir "$T/$2" id --json |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')'"
	fi
	sqlite3 "file:$T/$1/samverk.db?mode=ro" "SELECT hex(id) FROM log $where ORDER BY 1"
}

# rejected NAME REASON: how many entries NAME rejected for REASON.
rejected() {
	sv --dir "$T/$1" status --json |
		python3 -c "import json,sys; print(json.load(sys.stdin)['rejected'].get('$2', 0))"
}

# scaled SECONDS: SECONDS times SVK_SLOW, in whole seconds (at least 1).
scaled() {
	awk -v s="$1" -v f="${SVK_SLOW:-1}" 'BEGIN { v = int(s * f + 0.999); print (v < 1 ? 1 : v) }'
}

# wait_for WHAT SECONDS CMD...: run CMD until it succeeds (every 0.2 s), for
# at most SECONDS (scaled). CMD runs anew each time, so put what it observes
# inside it, never in a "$(...)" argument (that is sampled once). On timeout
# print WHAT and the last thing CMD printed (its observed value), return 1.
# A wait that succeeds after 10 s or more (scaled) is noted on stderr: what
# should take a moment but took that long points at trouble.
wait_for() {
	local what=$1 limit out start=$SECONDS
	limit=$(scaled "$2")
	shift 2
	while :; do
		if out=$("$@" 2>&1); then
			[ $((SECONDS - start)) -lt "$(scaled 10)" ] ||
				echo "  $TEST: note: waited $((SECONDS - start)) s for $what" >&2
			return 0
		fi
		[ $((SECONDS - start)) -lt "$limit" ] || break
		sleep 0.2
	done
	echo "  $TEST: waited $limit s for $what; last seen: $(tail -n 3 <<<"${out:-(nothing)}")" >&2
	return 1
}

# at_least N CMD...: CMD prints a number; print it, succeed if it is >= N.
at_least() {
	local want=$1 got
	shift
	got=$("$@") || return 1
	echo "$got"
	[ "$got" -ge "$want" ] 2>/dev/null
}

# has NAME KIND N: NAME lists at least N practices (or needs); prints how many.
has() {
	at_least "$3" count "$1" "$2"
}

# same_entries NAME OTHER [ORIGIN-NODE]: NAME and OTHER hold the same entry
# ids (of ORIGIN-NODE's); prints how many each holds.
# held NAME: how many entries NAME's store holds (read only, fast).
held() {
	sqlite3 "file:$T/$1/samverk.db?mode=ro" "SELECT count(*) FROM log" 2>/dev/null
}

# verify_clean NAME WHAT: `samverk verify` of NAME finds nothing, or the
# test fails saying WHAT.
verify_clean() {
	sv --dir "$T/$1" verify >"$T/verify.out" 2>&1 ||
		fail "$2: verify of $1 failed: $(head -3 "$T/verify.out")"
}

same_entries() {
	local a b
	a=$(entries "$1" ${3:+"$3"}) || return 1
	b=$(entries "$2" ${3:+"$3"}) || return 1
	echo "$1 holds $(grep -c . <<<"$a"), $2 holds $(grep -c . <<<"$b") ${3:-all}"
	[ "$a" = "$b" ]
}

# peers_check NAME EXPR: NAME's `peers --json` satisfies the python
# expression EXPR over peers (the list) and state (name -> state); prints
# state.
peers_check() {
	sv --dir "$T/$1" peers --json | python3 -c "
import json, sys
peers = json.load(sys.stdin)
state = {p['name']: p['state'] for p in peers}
print(state)
sys.exit(0 if ($2) else 1)"
}

# links_up NAME N: NAME has N peers and every link is up.
links_up() {
	peers_check "$1" "len(peers) == $2 and all(s == 'up' for s in state.values())"
}

# make_practice ID TITLE FILE: write a minimal practice file.
make_practice() {
	cat >"$3" <<JSON
{"id": "$1", "lang": "en", "title": "$2",
 "summary": "A practice written by the tests.", "areas": ["youth"]}
JSON
}

# view_of NAME: what NAME holds, as one canonical text: the entry ids of
# its log and its practices and needs as listed (retracted ones too).
view_of() {
	{
		sv --dir "$T/$1" log --json || return 1
		sv --dir "$T/$1" practice list --all --limit 100000 --json || return 1
		sv --dir "$T/$1" need list --all --limit 100000 --json || return 1
	} | python3 -c '
import json, sys
docs, text, dec = [], sys.stdin.read(), json.JSONDecoder()
i = 0
while i < len(text):
    if text[i].isspace():
        i += 1
        continue
    doc, i = dec.raw_decode(text, i)
    docs.append(doc)
log, practices, needs = docs
key = lambda r: (r.get("origin", ""), r.get("id", ""), r.get("seq", 0))
print(json.dumps({"entries": sorted(e["entry"] for e in log),
    "practices": sorted(practices, key=key), "needs": sorted(needs, key=key)},
    sort_keys=True))'
}

# views_same NAME...: every NAME holds what the first holds (view_of);
# prints how much each holds.
views_same() {
	local n first ok=0
	for n in "$@"; do
		view_of "$n" >"$T/$n.view" || return 1
	done
	first=$1
	for n in "$@"; do
		python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
print(sys.argv[2], len(v["entries"]), "entries", len(v["practices"]), "practices",
      len(v["needs"]), "needs")' "$T/$n.view" "$n"
		cmp -s "$T/$first.view" "$T/$n.view" || ok=1
	done
	return $ok
}

# far_down NAME NAMES...: none of NAME's links to the members named
# (display names) shows up, even partly.
far_down() {
	local n=$1 names
	shift
	names=$(printf '"%s",' "$@")
	peers_check "$n" "all(state.get(x) not in ('up', 'partly up') for x in [$names])"
}

# near_up NAME NAMES...: NAME's links to the members named are all up.
near_up() {
	local n=$1 names
	shift
	names=$(printf '"%s",' "$@")
	peers_check "$n" "all(state.get(x) == 'up' for x in [$names])"
}
