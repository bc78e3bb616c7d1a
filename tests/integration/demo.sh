#!/usr/bin/env bash
# `make demo` works: the demo federation of three nodes comes up with the
# sample data, every node holds every record, and it stops cleanly. The demo
# waits for that itself (SVK_DEMO_TIMEOUT); SVK_SLOW scales the deadlines as
# in lib.sh, and with SVK_KEEP_DIR a failed run's folder is kept there.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
slow=${SVK_SLOW:-1}
scaled() { awk -v s="$1" -v f="$slow" 'BEGIN { v = int(s * f + 0.999); print (v < 1 ? 1 : v) }'; }
work=$(mktemp -d "${TMPDIR:-/tmp}/svk-demo.XXXXXX")
out=$(SAMVERK=${SAMVERK:-$ROOT/samverk} SVK_DEMO_ONESHOT=1 SVK_DEMO_DIR="$work/demo" \
	SVK_DEMO_TIMEOUT="$(scaled 60)" timeout "$(scaled 180)" \
	bash "$ROOT/deploy/demo.sh" 3 2>&1)
rc=$?
if [ "$rc" != 0 ] || ! grep -q "all daemons stopped" <<<"$out"; then
	echo "$out" | tail -20
	if [ -n "${SVK_KEEP_DIR:-}" ]; then
		mkdir -p "$SVK_KEEP_DIR" && cp -a "$work/demo/." "$SVK_KEEP_DIR/"
		echo "--- kept in $SVK_KEEP_DIR"
	fi
	rm -rf "$work"
	echo "FAIL demo: exit $rc"
	exit 1
fi
rm -rf "$work"
echo "  demo: ok"
