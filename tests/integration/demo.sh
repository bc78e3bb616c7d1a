#!/usr/bin/env bash
# `make demo` works: the demo federation of three nodes comes up with the
# sample data, every node holds every record, and it stops cleanly.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
out=$(SAMVERK=${SAMVERK:-$ROOT/samverk} SVK_DEMO_ONESHOT=1 timeout 180 \
	bash "$ROOT/deploy/demo.sh" 3 2>&1)
rc=$?
if [ "$rc" != 0 ] || ! grep -q "all daemons stopped" <<<"$out"; then
	echo "$out" | tail -20
	echo "FAIL demo: exit $rc"
	exit 1
fi
echo "  demo: ok"
