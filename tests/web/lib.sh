# lib.sh: shared by the browser tests (tests/web/*.sh). Sources the
# multi-node tests' lib.sh (nodes, free ports, wait_for, cleanup of every
# daemon and of the test's folder $T) and adds what a browser test needs:
# the node modules `make web-deps` installs (puppeteer-core, axe-core),
# web_run to run a Node.js script under a deadline, and a cleanup that ends
# the browser and the helper processes it started even when the script was
# killed. Screenshots go to $SHOTS (build/screenshots/web/).
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"

WEB=$ROOT/tests/web
WEB_MODULES=${SVK_WEB_MODULES:-$ROOT/${SVK_BUILD:-build}/web/node_modules}
SHOTS=${SVK_SHOTS:-$ROOT/${SVK_BUILD:-build}/screenshots/web}
declare -A WEB_PID

# web_cleanup: end the scripts and helper servers still running, then the
# browsers (by the process ids the scripts wrote, as process groups:
# puppeteer starts Chromium as one).
web_cleanup() {
	local f p n
	for n in "${!WEB_PID[@]}"; do
		kill -TERM "${WEB_PID[$n]}" 2>/dev/null
		wait "${WEB_PID[$n]}" 2>/dev/null
	done
	for f in "$T"/*.chrome.pid; do
		[ -e "$f" ] || continue
		p=$(cat "$f")
		[ -n "$p" ] && kill -0 "$p" 2>/dev/null || continue
		kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null
	done
}
trap 'web_cleanup; cleanup' EXIT

command -v node >/dev/null || fail "node is not installed (make deps-test installs nodejs)"
[ -f "$WEB_MODULES/puppeteer-core/package.json" ] && [ -f "$WEB_MODULES/axe-core/axe.min.js" ] ||
	fail "no puppeteer-core and axe-core in $WEB_MODULES (make web-deps installs them)"

# web_run NAME SCRIPT [ARGS...]: run tests/web/SCRIPT with node, for at most
# 10 minutes (scaled), its browser's profile in $T/NAME.profile; its output
# is kept in $T/NAME.out and shown (unless WEB_QUIET is set: web_show
# shows it then). Returns the script's exit status.
web_run() {
	local n=$1 s=$2 rc=0
	shift 2
	# In the background and waited for, so that a signal to the test ends
	# the wait at once and web_cleanup ends the script.
	SVK_WEB_PIDFILE="$T/$n.chrome.pid" NODE_PATH="$WEB_MODULES" \
		timeout -k 10 "$(scaled 600)" node "$WEB/$s" --profile "$T/$n.profile" "$@" \
		>"$T/$n.out" 2>&1 &
	WEB_PID[$n]=$!
	wait "${WEB_PID[$n]}" || rc=$?
	unset "WEB_PID[$n]"
	[ -n "${WEB_QUIET:-}" ] || web_show "$n"
	[ "$rc" != 124 ] || echo "  $TEST: $s timed out after $(scaled 600) s" >&2
	return "$rc"
}

# web_show NAME: what web_run NAME printed.
web_show() {
	sed "s|^|  $TEST: $1: |" "$T/$1.out"
}

# http_of NAME: the address NAME's daemon serves HTTP on.
http_of() {
	python3 -c "import configparser,sys; c=configparser.ConfigParser(); c.read(sys.argv[1]); print(c['node']['http'])" \
		"$T/$1/samverk.conf"
}
