#!/usr/bin/env bash
# Two daemons never share one store: a second `samverk run` on the same
# folder, on other ports, refuses and names the process that holds the lock;
# the first keeps running, and the command line's writers keep working beside
# it (their entries reach a partner).
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
start A
start B

out=$("$SAMVERK" --dir "$T/A" run --pub "tcp://127.0.0.1:$(free_port)" \
	--catchup "tcp://127.0.0.1:$(free_port)" 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "a second run on A's folder exited $rc, not 1: $out"
grep -q "another daemon (process ${PID[A]}) already runs on $T/A" <<<"$out" ||
	fail "the second run does not name process ${PID[A]}: $out"
[ "$(grep -c . <<<"$out")" = 1 ] || fail "the second run said more than one line: $out"
kill -0 "${PID[A]}" 2>/dev/null || fail "the first daemon died"

make_practice two-runs "Written beside the daemon" "$T/p.json"
sv --dir "$T/A" practice add "$T/p.json" >/dev/null || fail "practice add beside the daemon"
sv --dir "$T/A" backup "$T/copy.db" >/dev/null || fail "backup beside the daemon"
wait_for "B to get the practice written beside A's daemon" 30 \
	sh -c "'$SAMVERK' --dir '$T/B' practice list | grep -q two-runs" ||
	fail "B did not get A's practice"

stop A
stop B
