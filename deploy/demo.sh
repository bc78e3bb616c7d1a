#!/usr/bin/env bash
# demo.sh: bring up a demo federation of N Samverk nodes on this machine.
#
#   deploy/demo.sh [N]          N >= 2 nodes (default 3), then Ctrl-C to stop
#
# Every node is a real `samverk run` daemon on 127.0.0.1, one municipality
# each (Middelfart DK, Örebro SE, Trikala GR, Helsinki FI, Bologna IT, ...);
# node 1 is the coordinator. Each node publishes its share of the sample
# practices and needs (by language: da -> DK, sv -> SE, el -> GR, fi -> FI,
# it -> IT; the rest round-robin), and the script waits until every node
# holds every record, prints what each holds and how to look, and keeps the
# federation running until Ctrl-C or SIGTERM, when it stops every daemon.
#
# Environment:
#   SAMVERK          the binary (default: <repo>/samverk; build it with make)
#   SVK_DATA         sample data with practices/ and needs/
#                    (default: <repo>/../shared/data)
#   SVK_DEMO_DIR     work folder to use (created; must be empty; kept).
#                    Default: a new temporary folder, removed at the end
#                    (but kept after a failure, to look at the logs)
#   SVK_DEMO_KEEP    set: keep the temporary folder at the end
#   SVK_DEMO_ONESHOT set: stop and exit (0) once every node holds every record
#   SVK_DEMO_TIMEOUT seconds to wait for that (default 60)
set -euo pipefail

PROG=demo.sh
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)

die() {
	printf '%s: %s\n' "$PROG" "$*" >&2
	exit 1
}

say() {
	printf '%s\n' "$*"
}

plural() { # plural N WORD: "1 practice", "2 practices"
	if [ "$1" = 1 ]; then printf '%s %s' "$1" "$2"; else printf '%s %ss' "$1" "$2"; fi
}

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

# --- arguments and environment ---------------------------------------------

N=3
case $# in
0) ;;
1)
	case $1 in
	-h | --help)
		usage
		exit 0
		;;
	'' | *[!0-9]*) die "N must be a whole number of nodes (2 or more), not '$1'" ;;
	esac
	N=$((10#$1))
	;;
*) die "usage: $PROG [N]" ;;
esac
[ "$N" -ge 2 ] || die "a federation needs at least 2 nodes, not $N"
[ "$N" -le 500 ] || die "$N nodes is more than this demo handles (500)"

SVK=${SAMVERK:-$ROOT/samverk}
case $SVK in
*/*) [ "${SVK#/}" != "$SVK" ] || SVK=$PWD/$SVK ;;
*) SVK=$(command -v -- "$SVK") || die "SAMVERK=$SAMVERK: no such program" ;;
esac
[ -x "$SVK" ] || die "no samverk binary at $SVK: run 'make' in $ROOT first (or set SAMVERK)"

DATA=${SVK_DATA:-$ROOT/../shared/data}
[ -d "$DATA" ] || die "no sample data at $DATA (set SVK_DATA)"
DATA=$(cd -- "$DATA" && pwd -P)

TIMEOUT=${SVK_DEMO_TIMEOUT:-60}
case $TIMEOUT in '' | *[!0-9]*) die "SVK_DEMO_TIMEOUT must be whole seconds, not '$TIMEOUT'" ;; esac

ONESHOT=${SVK_DEMO_ONESHOT:-}

# JSON is read with jq when there is one, else with python3.
if command -v jq >/dev/null 2>&1; then
	JSON=jq
elif command -v python3 >/dev/null 2>&1; then
	JSON=python3
else
	die "needs jq or python3 to read JSON"
fi

# file_fields FILE: "LANG ID" of a practice or need file.
file_fields() {
	if [ "$JSON" = jq ]; then
		jq -r '"\(.lang // "") \(.id // "")"' "$1"
	else
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("lang",""), d.get("id",""))' "$1"
	fi
}

# list_keys: "ORIGIN/ID" for each record of a `... list --json` on stdin.
list_keys() {
	if [ "$JSON" = jq ]; then
		jq -r '.[] | "\(.origin)/\(.id)"'
	else
		python3 -c 'import json,sys; [print(r["origin"]+"/"+r["id"]) for r in json.load(sys.stdin)]'
	fi
}

# count_state STATE: how many peers of a `peers --json` on stdin are STATE.
count_state() {
	if [ "$JSON" = jq ]; then
		jq --arg s "$1" '[.[] | select(.state == $s)] | length'
	else
		python3 -c 'import json,sys; print(sum(1 for p in json.load(sys.stdin) if p.get("state")==sys.argv[1]))' "$1"
	fi
}

now() {
	# seconds with decimals where bash has EPOCHREALTIME (5.0+), else whole
	if [ -n "${EPOCHREALTIME:-}" ]; then
		printf '%s\n' "${EPOCHREALTIME/,/.}"
	else
		date +%s
	fi
}

elapsed() { # elapsed START: seconds since START, one decimal
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}

# --- municipalities ----------------------------------------------------------

# name|country|language; the first five match the sample data's languages.
MUNICIPALITIES=(
	"Middelfart Kommune|DK|da"
	"Örebro kommun|SE|sv"
	"Δήμος Τρικκαίων|GR|el"
	"Helsingin kaupunki|FI|fi"
	"Comune di Bologna|IT|it"
	"Gemeente Utrecht|NL|nl"
	"Ajuntament de Barcelona|ES|ca"
	"Ville de Lyon|FR|fr"
	"Stadt Freiburg im Breisgau|DE|de"
	"Miasto Gdańsk|PL|pl"
	"Câmara Municipal de Lisboa|PT|pt"
	"Tallinna linn|EE|et"
	"Bærum kommune|NO|nb"
	"Mestna občina Ljubljana|SI|sl"
	"Stadt Graz|AT|de"
	"Ville de Liège|BE|fr"
	"Reykjavíkurborg|IS|is"
	"Dublin City Council|IE|en"
	"Vilniaus miesto savivaldybė|LT|lt"
	"Rīgas valstspilsētas pašvaldība|LV|lv"
)
NAME=() CC=() LANGS=()
for ((i = 0; i < N; i++)); do
	m=${MUNICIPALITIES[i % ${#MUNICIPALITIES[@]}]}
	NAME[i]=${m%%|*}
	m=${m#*|}
	CC[i]=${m%%|*}
	LANGS[i]=${m#*|}
	if [ "$i" -ge "${#MUNICIPALITIES[@]}" ]; then
		NAME[i]="${NAME[i]} (demo node $((i + 1)))"
	fi
done

# --- the sample records, by language -------------------------------------------

# Each file goes to the first node of its language, else round-robin.
shopt -s nullglob
F_KIND=() F_PATH=() F_ID=() F_NODE=()
for f in "$DATA"/practices/*.json; do F_KIND+=(practice) F_PATH+=("$f"); done
for f in "$DATA"/needs/*.json; do F_KIND+=(need) F_PATH+=("$f"); done
shopt -u nullglob
[ "${#F_PATH[@]}" -gt 0 ] || die "no practices/*.json or needs/*.json in $DATA"
OWN_P=() OWN_N=()
for ((i = 0; i < N; i++)); do OWN_P[i]=0 OWN_N[i]=0; done
RR=0 TOTAL_P=0 TOTAL_N=0
for k in "${!F_PATH[@]}"; do
	f=${F_PATH[k]}
	fields=$(file_fields "$f") || die "cannot read $f as JSON"
	lang=${fields%% *}
	F_ID[k]=${fields#* }
	[ -n "${F_ID[k]}" ] || die "$f has no id"
	target=-1
	for ((i = 0; i < N; i++)); do
		if [ "${LANGS[i]}" = "$lang" ]; then
			target=$i
			break
		fi
	done
	if [ "$target" -lt 0 ]; then
		target=$((RR % N))
		RR=$((RR + 1))
	fi
	F_NODE[k]=$target
	if [ "${F_KIND[k]}" = practice ]; then
		OWN_P[target]=$((OWN_P[target] + 1))
		TOTAL_P=$((TOTAL_P + 1))
	else
		OWN_N[target]=$((OWN_N[target] + 1))
		TOTAL_N=$((TOTAL_N + 1))
	fi
done

# --- the work folder and cleanup --------------------------------------------

MADE_TEMP=
WORK=
LOCKFD=
PIDS=()
STOPPED_OK=


# stop_daemons: SIGTERM to every daemon, wait up to 15 s, then SIGKILL.
stop_daemons() {
	local i pid alive left=150 rc
	[ "${#PIDS[@]}" -gt 0 ] || return 0
	for pid in "${PIDS[@]}"; do
		[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
	done
	while [ "$left" -gt 0 ]; do
		alive=0
		for pid in "${PIDS[@]}"; do
			[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1
		done
		[ "$alive" = 1 ] || break
		sleep 0.1
		left=$((left - 1))
	done
	for i in "${!PIDS[@]}"; do
		pid=${PIDS[$i]}
		[ -n "$pid" ] || continue
		if kill -0 "$pid" 2>/dev/null; then
			printf '%s: node %d did not stop within 15 s; killing it\n' "$PROG" "$((i + 1))" >&2
			kill -KILL "$pid" 2>/dev/null
		fi
		rc=0
		wait "$pid" 2>/dev/null || rc=$?
		# 127: already reaped (it exited earlier and was reported then)
		if [ "$rc" != 0 ] && [ "$rc" != 127 ]; then
			printf '%s: node %d exited with status %d (log: %s)\n' "$PROG" "$((i + 1))" "$rc" "$WORK/node$((i + 1)).log" >&2
		fi
		PIDS[i]=
	done
	STOPPED_OK=1
}

cleanup() {
	local rc=$?
	set +e
	trap '' INT TERM HUP # a second Ctrl-C must not cut the stopping short
	trap - EXIT
	if [ "${#PIDS[@]}" -gt 0 ]; then
		say ""
		say "stopping $N daemons ..."
		stop_daemons
		[ -n "$STOPPED_OK" ] && say "all daemons stopped"
	fi
	if [ -n "$WORK" ] && [ -d "$WORK" ]; then
		# Kept when asked, when it was given, and after a failure (to look).
		if [ -n "$MADE_TEMP" ] && [ -z "${SVK_DEMO_KEEP:-}" ] &&
			{ [ "$rc" = 0 ] || [ "$rc" = 129 ] || [ "$rc" = 130 ] || [ "$rc" = 143 ]; }; then
			rm -rf -- "$WORK"
			say "removed the work folder $WORK (set SVK_DEMO_KEEP=1 to keep it)"
		else
			say "the demo's data is in $WORK (node1 ... node$N; logs node*.log, setup.log)"
			[ -n "$MADE_TEMP" ] && say "remove it with: rm -rf $(printf '%q' "$WORK")"
		fi
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ -n "${SVK_DEMO_DIR:-}" ]; then
	mkdir -p -- "$SVK_DEMO_DIR" || die "cannot create $SVK_DEMO_DIR"
	given=$(cd -- "$SVK_DEMO_DIR" && pwd -P)
	[ -z "$(ls -A -- "$given")" ] || die "SVK_DEMO_DIR=$given is not empty; give a new or empty folder"
	WORK=$given
else
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/samverk-demo.XXXXXX") || die "mktemp failed"
	MADE_TEMP=1
fi
DIR=() PUB=() CATCHUP=() HTTP=() FPR=()
for ((i = 0; i < N; i++)); do DIR[i]=$WORK/node$((i + 1)); done

# run_setup CMD...: run one setup step, its output to setup.log.
run_setup() {
	printf '$ %s\n' "$*" >>"$WORK/setup.log"
	if ! "$@" >>"$WORK/setup.log" 2>&1; then
		tail -n 5 "$WORK/setup.log" | sed 's/^/  | /' >&2
		die "failed: $*"
	fi
}

# --- ports ---------------------------------------------------------------------

# Node k gets BASE+10(k-1) (pub), +1 (catch-up), +2 (status page), like
# 17400/17401/17402, 17410/... BASE is picked at random below the kernel's
# ephemeral range, so outgoing connections (and tests that bind port 0)
# never take them, with every port checked free. A lock serialises demo
# runs from picking until their daemons listen, so two parallel runs never
# pick the same ports.
if command -v flock >/dev/null 2>&1 &&
	{ exec {LOCKFD}>>"${TMPDIR:-/tmp}/samverk-demo-ports.lock"; } 2>/dev/null; then
	flock -w 120 "$LOCKFD" || die "another demo has held the port lock for 2 minutes"
else
	LOCKFD=
fi

listening_ports() {
	if command -v ss >/dev/null 2>&1; then
		ss -Htln 2>/dev/null | awk '{ n = split($4, a, ":"); print a[n] }'
	fi
}

port_free() { # port_free PORT: nothing listens on it (checked by connecting)
	! (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_ports() {
	local eph_low=32768 span=$((10 * N)) lo=20000 hi base try k p busy
	if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then
		read -r eph_low _ </proc/sys/net/ipv4/ip_local_port_range || eph_low=32768
	fi
	hi=$((eph_low - span - 1))
	if [ "$hi" -lt $((lo + 100)) ]; then # odd kernel settings: anywhere
		lo=10000
		hi=$((65535 - span))
	fi
	busy=" $(listening_ports | sort -u | tr '\n' ' ') "
	for ((try = 0; try < 100; try++)); do
		base=$((lo + (RANDOM * 32768 + RANDOM) % ((hi - lo) / 100) * 100))
		for ((k = 0; k < span; k++)); do
			p=$((base + k))
			case $busy in *" $p "*) continue 2 ;; esac
		done
		for ((k = 0; k < N; k++)); do
			for p in $((base + 10 * k)) $((base + 10 * k + 1)) $((base + 10 * k + 2)); do
				port_free "$p" || continue 3
			done
		done
		BASE=$base
		return 0
	done
	return 1
}
BASE=
pick_ports || die "found no $((3 * N)) free TCP ports on 127.0.0.1"
for ((i = 0; i < N; i++)); do
	PUB[i]=tcp://127.0.0.1:$((BASE + 10 * i))
	CATCHUP[i]=tcp://127.0.0.1:$((BASE + 10 * i + 1))
	HTTP[i]=127.0.0.1:$((BASE + 10 * i + 2))
done

# --- nodes and federation --------------------------------------------------------

say "Samverk demo: $N nodes on 127.0.0.1 ports $BASE-$((BASE + 10 * (N - 1) + 2)), in $WORK"
for ((i = 0; i < N; i++)); do
	run_setup "$SVK" --dir "${DIR[i]}" init --name "${NAME[i]}" --country "${CC[i]}" \
		--pub "${PUB[i]}" --catchup "${CATCHUP[i]}" --http "${HTTP[i]}"
	FPR[i]=$("$SVK" --dir "${DIR[i]}" id) || die "cannot read the id of node $((i + 1))"
done
run_setup "$SVK" --dir "${DIR[0]}" federation create
FED=${FPR[0]}
for ((i = 1; i < N; i++)); do
	req=$("$SVK" --dir "${DIR[i]}" join-request) || die "join-request failed on node $((i + 1))"
	run_setup "$SVK" --dir "${DIR[0]}" member add "$req"
	run_setup "$SVK" --dir "${DIR[i]}" join "$FED" --peer "${CATCHUP[0]}"
done
say "federation $FED"
say "  coordinator: node 1, ${NAME[0]} (${CC[0]}); $(plural $((N - 1)) member) joined"

# --- publishing ---------------------------------------------------------------------

EXPECT_FILE=$WORK/expected.txt
: >"$EXPECT_FILE"
for k in "${!F_PATH[@]}"; do
	target=${F_NODE[k]}
	run_setup "$SVK" --dir "${DIR[target]}" "${F_KIND[k]}" add "${F_PATH[k]}"
	printf '%s %s/%s\n' "${F_KIND[k]}" "${FPR[target]}" "${F_ID[k]}" >>"$EXPECT_FILE"
done
LC_ALL=C sort -o "$EXPECT_FILE" "$EXPECT_FILE"
for ((i = 0; i < N; i++)); do
	say "  node $((i + 1)): ${NAME[i]} (${CC[i]}) publishes $(plural "${OWN_P[i]}" practice), $(plural "${OWN_N[i]}" need)"
done

# --- daemons -------------------------------------------------------------------------

# Each daemon gets its own session, so a Ctrl-C at the terminal reaches only
# this script, which then stops them in order; and, where setpriv can, a
# parent-death signal, so even a killed script leaves no daemon behind.
LAUNCH=()
command -v setsid >/dev/null 2>&1 && LAUNCH+=(setsid)
if command -v setpriv >/dev/null 2>&1 && setpriv --pdeathsig TERM -- true 2>/dev/null; then
	LAUNCH+=(setpriv --pdeathsig TERM --)
fi

START=$(now)
for ((i = 0; i < N; i++)); do
	log=$WORK/node$((i + 1)).log
	if [ -n "$LOCKFD" ]; then
		${LAUNCH[@]+"${LAUNCH[@]}"} "$SVK" --dir "${DIR[i]}" run </dev/null >>"$log" 2>&1 {LOCKFD}>&- &
	else
		${LAUNCH[@]+"${LAUNCH[@]}"} "$SVK" --dir "${DIR[i]}" run </dev/null >>"$log" 2>&1 &
	fi
	PIDS[i]=$!
done

# listening I: node I's pub and catch-up ports listen (or its log says it runs)
listening() {
	local busy
	grep -q ' running: ' "$WORK/node$(($1 + 1)).log" 2>/dev/null && return 0
	busy=" $(listening_ports | tr '\n' ' ') "
	case $busy in *" ${PUB[$1]##*:} "*) ;; *) return 1 ;; esac
	case $busy in *" ${CATCHUP[$1]##*:} "*) ;; *) return 1 ;; esac
}

# Wait until each daemon listens.
for ((i = 0; i < N; i++)); do
	log=$WORK/node$((i + 1)).log
	for ((t = 0; ; t++)); do
		listening "$i" && break
		if ! kill -0 "${PIDS[i]}" 2>/dev/null; then
			rc=0
			wait "${PIDS[i]}" || rc=$?
			PIDS[i]=
			printf '%s: --- %s:\n' "$PROG" "$log" >&2
			tail -n 20 "$log" >&2
			die "the daemon of node $((i + 1)) (${NAME[i]}) stopped at start (status $rc)"
		fi
		[ "$t" -lt 200 ] || die "the daemon of node $((i + 1)) did not start within 20 s (see $log)"
		sleep 0.1
	done
done
if [ -n "$LOCKFD" ]; then
	flock -u "$LOCKFD"
	exec {LOCKFD}>&-
	LOCKFD=
fi
say "daemons running (pids ${PIDS[*]}); logs in $WORK/node*.log"

# --- wait until every node holds every record ------------------------------------------

TOTAL=$((TOTAL_P + TOTAL_N))
HELD=()
# held_by I: writes node I's "KIND ORIGIN/ID" lines, sorted, to $WORK/held.I
held_by() {
	local i=$1 out=$WORK/held.$1 kind
	: >"$out.tmp"
	for kind in practice need; do
		"$SVK" --dir "${DIR[i]}" "$kind" list --json 2>/dev/null | list_keys 2>/dev/null |
			sed "s/^/$kind /" >>"$out.tmp" || return 1
	done
	LC_ALL=C sort -u -o "$out" "$out.tmp"
	rm -f "$out.tmp"
}

say "waiting until every node holds all $TOTAL records ($TOTAL_P practices, $TOTAL_N needs; at most ${TIMEOUT} s) ..."
DEADLINE=$((SECONDS + TIMEOUT))
while :; do
	complete=0
	for ((i = 0; i < N; i++)); do
		HELD[i]=0
		if held_by "$i"; then
			HELD[i]=$(LC_ALL=C comm -12 "$EXPECT_FILE" "$WORK/held.$i" | wc -l)
		fi
		[ "${HELD[i]}" -eq "$TOTAL" ] && complete=$((complete + 1))
		if [ -n "${PIDS[i]}" ] && ! kill -0 "${PIDS[i]}" 2>/dev/null; then
			rc=0
			wait "${PIDS[i]}" || rc=$?
			PIDS[i]=
			die "the daemon of node $((i + 1)) (${NAME[i]}) stopped (status $rc); see $WORK/node$((i + 1)).log"
		fi
	done
	[ "$complete" -eq "$N" ] && break
	if [ "$SECONDS" -ge "$DEADLINE" ]; then
		{
			printf '%s: after %s s not every node holds every record:\n' "$PROG" "$TIMEOUT"
			for ((i = 0; i < N; i++)); do
				printf '  node %d %s: %d of %d' "$((i + 1))" "${NAME[i]}" "${HELD[i]}" "$TOTAL"
				if [ "${HELD[i]}" -lt "$TOTAL" ] && [ -f "$WORK/held.$i" ]; then
					sep='; missing:'
					while read -r kind key; do
						for ((j = 0; j < N; j++)); do
							[ "${key%%/*}" = "${FPR[j]}" ] && break
						done
						printf '%s %s %s (of node %d)' "$sep" "$kind" "${key#*/}" "$((j + 1))"
						sep=,
					done < <(LC_ALL=C comm -23 "$EXPECT_FILE" "$WORK/held.$i")
				fi
				printf '\n'
			done
			printf '  logs: %s/node*.log\n' "$WORK"
		} >&2
		exit 1
	fi
	sleep 0.25
done
SYNCED_AFTER=$(elapsed "$START")
rm -f "$WORK"/held.*

say ""
say "every node holds every record: $N nodes x $TOTAL records, ${SYNCED_AFTER} s after the daemons started"
say ""
q() { printf '%q' "$1"; }
for ((i = 0; i < N; i++)); do
	np=$("$SVK" --dir "${DIR[i]}" practice list --json | list_keys | wc -l) || die "practice list failed on node $((i + 1))"
	nn=$("$SVK" --dir "${DIR[i]}" need list --json | list_keys | wc -l) || die "need list failed on node $((i + 1))"
	up=$("$SVK" --dir "${DIR[i]}" peers --json 2>/dev/null | count_state up 2>/dev/null) || up='?'
	role=member
	[ "$i" = 0 ] && role=coordinator
	say "node $((i + 1)): ${NAME[i]} (${CC[i]}), $role, ${FPR[i]}"
	say "  holds    $np practices ($((np - OWN_P[i])) from partners), $nn needs ($((nn - OWN_N[i])) from partners); links up: $up of $((N - 1))"
	say "  listens  pub ${PUB[i]}  catch-up ${CATCHUP[i]}"
	port_free "${HTTP[i]##*:}" || say "  status   http://${HTTP[i]}/"
	say "  log      $WORK/node$((i + 1)).log"
	say "  look     $(q "$SVK") --dir $(q "${DIR[i]}") practice list"
	say "           $(q "$SVK") --dir $(q "${DIR[i]}") need list"
	say "           $(q "$SVK") --dir $(q "${DIR[i]}") peers"
	say "           $(q "$SVK") --dir $(q "${DIR[i]}") member list"
done
say ""

if [ -n "$ONESHOT" ]; then
	say "SVK_DEMO_ONESHOT: stopping"
	exit 0
fi

# --- run until Ctrl-C or SIGTERM ---------------------------------------------------------

trap 'exit 0' INT TERM HUP # from here on, stopping is the normal end
say "the federation runs; add a practice on one node and watch it reach the others, e.g."
say "  $(q "$SVK") --dir $(q "${DIR[N - 1]}") practice add $(q "$DATA/practices/legepatruljen.json")"
say "press Ctrl-C to stop every daemon"
while :; do
	rc=0
	wait -n || rc=$? # returns when a daemon exits, or at once on a signal
	for ((i = 0; i < N; i++)); do
		if [ -n "${PIDS[i]}" ] && ! kill -0 "${PIDS[i]}" 2>/dev/null; then
			PIDS[i]=
			die "the daemon of node $((i + 1)) (${NAME[i]}) stopped on its own (status $rc); see $WORK/node$((i + 1)).log"
		fi
	done
done
