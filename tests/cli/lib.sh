# lib.sh: what the command-line tests share. Source it first thing:
#
#	. "$(dirname "$0")/lib.sh"
#
# It gives the script
#   SAMVERK  the program under test (from the environment; run-all passes the
#            sanitizer build; default: the repository's ./samverk)
#   DATA     the sample records (shared/data): $SVK_DATA if set, else
#            shared/data beside the repository's top level
#   T        a private temporary folder, removed on exit
#   NODE     $T/node, the node folder `svk` works on
#
# Checks never stop the script: each failure is reported with what was run,
# what was expected and what happened, and the script exits 1 at the end if
# any check failed. `fatal` stops at once when carrying on would make no sense.
#
#   step TEXT            name the part of the test that follows (in messages)
#   run CMD...           run CMD; keep its exit status ($RC), stdout, stderr
#   ok CMD...            CMD must exit 0
#   fails CMD...         CMD must exit non-zero (not crash) with exactly one
#                        line on stderr, starting with "samverk: "
#   fails_with N CMD...  the same, and the exit status must be N
#   expect_out ERE       the last command's stdout must match ERE (grep -E)
#   expect_no_out ERE    ... must not match
#   expect_err ERE       the last command's stderr must match ERE
#   expect_lines N       the last command's stdout must have N lines
#   json_expect EXPR [TEXT]  the last stdout must be JSON, and the Python
#                        expression EXPR (the document is d) must be true
#   json_get EXPR        print the Python expression EXPR over the last stdout
#   json_file_get FILE EXPR  the same over the JSON file FILE
#   check TEXT CMD...    CMD (any command, e.g. test or [ ]) must succeed
#   log_count            print the number of entries `svk log --json` lists
#   same_log_count N     the log must still hold N entries (sets LOG_NOW to
#                        what it holds)
#   svk ARGS...          "$SAMVERK" --dir "$NODE" ARGS...
#   new_node             init a node (Middelfart Kommune, DK) in $NODE
#   sha FILE             print FILE's SHA-256
#
# Set SVK_VERBOSE=1 to see every passing check too, and SVK_TIMEOUT=SECONDS
# to stop any one command that runs longer (its exit status is then 124).

# Run rather than sourced (a glob of tests/cli/*.sh picks it up): no test.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exit 0
fi

set -u
unset SAMVERK_DIR

SVK_NAME=$(basename "$0" .sh)
SVK_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SVK_ROOT=$(git -C "$SVK_HERE" rev-parse --show-toplevel 2>/dev/null ||
	(cd "$SVK_HERE/../.." && pwd))
SVK_CHECKS=0
SVK_FAILED=0
SVK_STEP=""
RC=0

SAMVERK=${SAMVERK:-$SVK_ROOT/samverk}
if [ -n "${SVK_DATA:-}" ]; then
	DATA=$SVK_DATA
else
	DATA=$SVK_ROOT/../shared/data
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/svk-$SVK_NAME.XXXXXX") || {
	echo "$SVK_NAME: cannot make a temporary folder" >&2
	exit 1
}
NODE=$T/node
OUT=$T/.out
ERR=$T/.err
: >"$OUT"
: >"$ERR"

_svk_exit() {
	local rc=$?
	[ -n "${SVK_PY_PID:-}" ] && kill "$SVK_PY_PID" 2>/dev/null
	stop_daemons
	python3 "$SVK_ROOT/tests/tools/port.py" release $$ "$T/.ports"
	rm -rf "$T"
	if [ "$SVK_FAILED" -gt 0 ]; then
		echo "$SVK_NAME: $SVK_FAILED of $SVK_CHECKS checks FAILED" >&2
		exit 1
	fi
	if [ "$rc" -ne 0 ]; then
		echo "$SVK_NAME: stopped early (exit $rc) after $SVK_CHECKS checks" >&2
		exit "$rc"
	fi
	echo "$SVK_NAME: all $SVK_CHECKS checks passed"
	exit 0
}
trap _svk_exit EXIT

# For the few tests that need a partner's records: two nodes and their
# daemons, run only to bring records over (every daemon started is stopped
# on exit).
#   free_port                print a free TCP port on 127.0.0.1, reserved
#                            for this test (tests/tools/port.py)
#   init_node DIR NAME CC    init a node in DIR with free ports
#   start_daemon DIR         run DIR's daemon (log in DIR.log), wait till it runs
#   stop_daemons             stop every daemon started
#   with_partner PRACTICE... $T/partner (Middelfart Kommune, DK) starts a
#                            federation that $NODE (Örebro kommun, SE) joins,
#                            publishes the sample practices named; the daemons
#                            run until $NODE holds them all. Sets PARTNER and
#                            AID (the partner's id).
declare -A DAEMON

free_port() {
	python3 "$SVK_ROOT/tests/tools/port.py" take $$ "$T/.ports"
}

init_node() {
	"$SAMVERK" --dir "$1" init --name "$2" --country "$3" \
		--pub "tcp://127.0.0.1:$(free_port)" --catchup "tcp://127.0.0.1:$(free_port)" \
		--http "127.0.0.1:$(free_port)" >/dev/null 2>"$T/.init-err" ||
		fatal "cannot init $2: $(cat "$T/.init-err")"
}

start_daemon() {
	"$SAMVERK" --dir "$1" run >"$1.log" 2>&1 &
	DAEMON[$1]=$!
	for _ in $(seq 200); do
		grep -q " running: " "$1.log" 2>/dev/null && return 0
		kill -0 "${DAEMON[$1]}" 2>/dev/null || fatal "daemon in $1 died: $(tail -3 "$1.log")"
		sleep 0.05
	done
	fatal "daemon in $1 did not start"
}

stop_daemons() {
	local d
	for d in "${!DAEMON[@]}"; do
		kill -TERM "${DAEMON[$d]}" 2>/dev/null
		wait "${DAEMON[$d]}" 2>/dev/null
		unset "DAEMON[$d]"
	done
}

if [ ! -x "$SAMVERK" ]; then
	echo "$SVK_NAME: no program to test at '$SAMVERK' (set SAMVERK)" >&2
	exit 1
fi
if [ ! -d "$DATA/practices" ] || [ ! -d "$DATA/needs" ]; then
	echo "$SVK_NAME: no sample data in '$DATA' (set SVK_DATA)" >&2
	exit 1
fi

step() {
	SVK_STEP=$*
	[ "${SVK_VERBOSE:-0}" = 1 ] && echo "-- $SVK_STEP"
	return 0
}

# _cmdline ARGS...: sets CMDLINE to the command line as a person would
# retype it. (No subshells here or in run: forks are slow, and every
# command goes through these.)
_cmdline() {
	local a q
	CMDLINE=""
	for a in "$@"; do
		if [[ "$a" =~ ^[A-Za-z0-9_./=:@%+-]+$ ]]; then
			CMDLINE+=" $a"
		else
			printf -v q '%q' "$a"
			CMDLINE+=" $q"
		fi
	done
	CMDLINE=${CMDLINE# }
	# Long arguments (a 2 MB name, say) would drown the message.
	[ "${#CMDLINE}" -gt 300 ] && CMDLINE="${CMDLINE:0:300}..."
	CMDLINE=${CMDLINE//"$SAMVERK"/samverk}
	CMDLINE=${CMDLINE//"$T"/\$T}
	return 0
}

# _slurp FILE: sets SLURP to the whole of FILE, without a fork.
_slurp() {
	SLURP=""
	IFS= read -r -d '' SLURP <"$1"
	return 0
}

_pass() {
	SVK_CHECKS=$((SVK_CHECKS + 1))
	[ "${SVK_VERBOSE:-0}" = 1 ] && echo "ok: $*"
	return 0
}

# _fail WHAT [DETAIL...]: one failed check, with the last command's output.
_fail() {
	SVK_CHECKS=$((SVK_CHECKS + 1))
	SVK_FAILED=$((SVK_FAILED + 1))
	{
		echo "FAIL [$SVK_NAME${SVK_STEP:+: $SVK_STEP}] $1"
		shift
		local detail
		for detail in "$@"; do
			printf '%s\n' "$detail" | sed 's/^/     /'
		done
	} >&2
	return 1
}

_show_last() {
	echo "command: ${SVK_LAST:-none} (exit $RC)"
	if [ -s "$ERR" ]; then
		echo "stderr:"
		head -n 8 "$ERR" | sed 's/^/  | /'
	fi
	if [ -s "$OUT" ]; then
		echo "stdout:"
		head -n 8 "$OUT" | sed 's/^/  | /'
	fi
}

fatal() {
	echo "FATAL [$SVK_NAME${SVK_STEP:+: $SVK_STEP}] $*" >&2
	SVK_FAILED=$((SVK_FAILED + 1))
	exit 1
}

run() {
	_cmdline "$@"
	SVK_LAST=$CMDLINE
	# svk is a shell function, which timeout cannot run: expand it here.
	if [ "$1" = svk ]; then
		shift
		set -- "$SAMVERK" --dir "$NODE" "$@"
	fi
	# timeout(1) costs a fork and an exec per command: only when asked.
	if [ -n "${SVK_TIMEOUT:-}" ]; then
		timeout "$SVK_TIMEOUT" "$@" >"$OUT" 2>"$ERR" </dev/null
	else
		"$@" >"$OUT" 2>"$ERR" </dev/null
	fi
	RC=$?
	return 0
}

svk() {
	"$SAMVERK" --dir "$NODE" "$@"
}

# A sanitizer's report on stderr (sets SLURP to stderr).
_sanitized() {
	_slurp "$ERR"
	[[ "$SLURP" == *AddressSanitizer* || "$SLURP" == *LeakSanitizer* ||
		"$SLURP" == *"runtime error:"* ]]
}

# Exit statuses of 124 (timeout) and 128+ (a signal: ASan aborts, segfaults)
# are never an orderly failure.
_crashed() {
	{ [ -n "${SVK_TIMEOUT:-}" ] && [ "$RC" -eq 124 ]; } || [ "$RC" -ge 128 ] || _sanitized
}

ok() {
	run "$@"
	if [ "$RC" -ne 0 ]; then
		_fail "expected success: $SVK_LAST" "$(_show_last)"
		return 1
	fi
	if _sanitized; then
		_fail "sanitizer report: $SVK_LAST" "$(_show_last)"
		return 1
	fi
	_pass "$SVK_LAST"
}

_fails() {
	local want=$1
	shift
	run "$@"
	local what="$SVK_LAST"
	if [ "$RC" -eq 0 ]; then
		_fail "expected failure, but it succeeded: $what" "$(_show_last)"
		return 1
	fi
	if _crashed; then
		_fail "crashed or hung instead of failing cleanly: $what" "$(_show_last)"
		return 1
	fi
	if [ -n "$want" ] && [ "$RC" -ne "$want" ]; then
		_fail "expected exit status $want, got $RC: $what" "$(_show_last)"
		return 1
	fi
	_slurp "$ERR"
	local body=${SLURP%$'\n'}
	if [ "$body" = "$SLURP" ] || [[ "$body" == *$'\n'* ]]; then
		local n=${SLURP//[!$'\n']/}
		_fail "expected exactly one line on stderr, got ${#n}: $what" "$(_show_last)"
		return 1
	fi
	if [[ "$body" != "samverk: "?* ]]; then
		_fail "stderr does not start with 'samverk: ': $what" "$(_show_last)"
		return 1
	fi
	_pass "fails: $what"
}

fails() {
	_fails "" "$@"
}

fails_with() {
	local want=$1
	shift
	_fails "$want" "$@"
}

expect_out() {
	if grep -qE -- "$1" "$OUT"; then
		_pass "stdout matches /$1/"
	else
		_fail "stdout should match /$1/" "$(_show_last)"
	fi
}

expect_no_out() {
	if grep -qE -- "$1" "$OUT"; then
		_fail "stdout should not match /$1/" "$(_show_last)"
	else
		_pass "stdout does not match /$1/"
	fi
}

expect_err() {
	if grep -qiE -- "$1" "$ERR"; then
		_pass "stderr matches /$1/"
	else
		_fail "stderr should match /$1/ (case ignored)" "$(_show_last)"
	fi
}

expect_lines() {
	local n
	n=$(wc -l <"$OUT")
	if [ "$n" -eq "$1" ]; then
		_pass "stdout has $1 lines"
	else
		_fail "stdout should have $1 lines, has $n" "$(_show_last)"
	fi
}

# JSON checks are Python expressions. Python takes a third of a second to
# start here, so one Python process, started once, answers them all: it
# reads requests of three lines (mode, file, expression) and answers with a
# line "STATUS N" and N lines of text. STATUS: 0 true (or the value, for
# get), 1 false, 2 not JSON, 3 the expression failed.
_svk_py='
import json, sys
def answer(status, text=""):
    lines = text.split("\n") if text else []
    sys.stdout.write("%d %d\n" % (status, len(lines)))
    for l in lines:
        sys.stdout.write(l + "\n")
    sys.stdout.flush()
while True:
    mode = sys.stdin.readline()
    path = sys.stdin.readline()
    expr = sys.stdin.readline()
    if not expr:
        break
    try:
        with open(path.rstrip("\n"), encoding="utf-8") as f:
            d = json.load(f)
    except Exception as e:
        answer(2, "not JSON: %s" % e)
        continue
    try:
        v = eval(expr, {"json": json, "d": d})
    except Exception as e:
        answer(3, "%s: %s" % (type(e).__name__, e))
        continue
    if mode.strip() == "get":
        answer(0, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
    else:
        answer(0 if v else 1)
'
coproc SVK_PY { exec python3 -u -c "$_svk_py"; }

# _py MODE FILE EXPR: sets PY_STATUS and PY_TEXT.
_py() {
	local head n line
	PY_STATUS=9
	PY_TEXT="python helper is not running"
	[ -n "${SVK_PY_PID:-}" ] || return 0
	printf '%s\n%s\n%s\n' "$1" "$2" "${3//$'\n'/ }" >&"${SVK_PY[1]}" || return 0
	read -r head <&"${SVK_PY[0]}" || return 0
	PY_STATUS=${head% *}
	n=${head#* }
	PY_TEXT=""
	while [ "$n" -gt 0 ]; do
		IFS= read -r line <&"${SVK_PY[0]}" || break
		PY_TEXT+="${PY_TEXT:+$'\n'}$line"
		n=$((n - 1))
	done
}

json_expect() {
	local expr=$1 text=${2:-$1}
	_py check "$OUT" "$expr"
	case $PY_STATUS in
	0) _pass "$text" ;;
	1) _fail "$text: false ($expr)" "$(_show_last)" ;;
	*) _fail "$text: $PY_TEXT ($expr)" "$(_show_last)" ;;
	esac
}

json_get() {
	json_file_get "$OUT" "$1"
}

json_file_get() {
	_py get "$1" "$2"
	[ "$PY_STATUS" = 0 ] && printf '%s\n' "$PY_TEXT"
}

check() {
	local text=$1
	shift
	if "$@"; then
		_pass "$text"
	else
		_cmdline "$@"
		_fail "$text" "(check: $CMDLINE)"
	fi
}

log_count() {
	if "$SAMVERK" --dir "$NODE" log --json >"$T/.log" 2>/dev/null; then
		_py get "$T/.log" 'len(d)'
		[ "$PY_STATUS" = 0 ] && echo "$PY_TEXT" && return 0
	fi
	echo "unreadable"
}

same_log_count() {
	local now
	now=$(log_count)
	LOG_NOW=$now
	if [ "$now" = "$1" ]; then
		_pass "log still holds $1 entries"
	else
		_fail "nothing should be written: the log held $1 entries, now $now" \
			"after: ${SVK_LAST:-?}"
	fi
}

new_node() {
	"$SAMVERK" --dir "$NODE" init --name "Middelfart Kommune" --country DK \
		>/dev/null 2>"$T/.init-err" ||
		fatal "cannot init a node in $NODE: $(cat "$T/.init-err")"
}

sha() {
	sha256sum "$1" 2>/dev/null | cut -d' ' -f1
}

with_partner() {
	PARTNER=$T/partner
	init_node "$PARTNER" "Middelfart Kommune" DK
	init_node "$NODE" "Örebro kommun" SE
	AID=$("$SAMVERK" --dir "$PARTNER" id) || fatal "id"
	"$SAMVERK" --dir "$PARTNER" federation create >/dev/null || fatal "federation create"
	"$SAMVERK" --dir "$PARTNER" member add "$(svk join-request)" >/dev/null ||
		fatal "member add"
	svk join "$AID" --peer "$(sed -n 's/^catchup = //p' "$PARTNER/samverk.conf")" \
		>/dev/null || fatal "join"
	for f in "$@"; do
		"$SAMVERK" --dir "$PARTNER" practice add "$DATA/practices/$f.json" >/dev/null ||
			fatal "practice add $f"
	done
	start_daemon "$PARTNER"
	start_daemon "$NODE"
	for _ in $(seq 300); do
		[ "$(svk practice list 2>/dev/null | wc -l)" -ge $# ] && break
		sleep 0.1
	done
	stop_daemons
}
