#!/bin/sh
# run.sh: runs libFuzzer targets one after the other, for `make fuzz`.
#
#   tests/fuzz/run.sh FUZZDIR SECONDS TARGET:MAXLEN ...
#
# Each target FUZZDIR/TARGET runs SECONDS on FUZZDIR/corpus/TARGET/, a
# writable copy of the committed tests/fuzz/corpus/TARGET/ (files already
# there are kept, so the corpus grows from run to run), from the folder
# FUZZDIR/run/TARGET/, where crash reproducers and trails land, with the
# dictionary tests/fuzz/TARGET.dict when there is one. Its output
# goes to FUZZDIR/TARGET.log; what is printed here is the summary: runs,
# executions per second, coverage (cov:, ft:) and the corpus. A target that
# crashes fails the whole run.
set -u

[ $# -ge 3 ] || { echo "usage: $0 FUZZDIR SECONDS TARGET:MAXLEN ..." >&2; exit 2; }
fuzzdir=$(cd "$1" && pwd) || exit 1
seconds=$2
shift 2
src=$(cd "$(dirname "$0")" && pwd)
status=0

for spec in "$@"; do
	t=${spec%%:*}
	maxlen=${spec#*:}
	corpus=$fuzzdir/corpus/$t
	mkdir -p "$corpus" "$fuzzdir/run/$t" || exit 1
	if [ -d "$src/corpus/$t" ]; then
		cp -n "$src/corpus/$t"/* "$corpus"/ 2>/dev/null
	fi
	dict=
	[ -f "$src/$t.dict" ] && dict=-dict=$src/$t.dict
	echo "== fuzz $t: ${seconds}s, -max_len=$maxlen"
	(cd "$fuzzdir/run/$t" && "$fuzzdir/$t" -max_total_time="$seconds" \
		-max_len="$maxlen" -print_final_stats=1 -artifact_prefix=./ \
		$dict "$corpus") >"$fuzzdir/$t.log" 2>&1
	rc=$?
	grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^Done [0-9]+ runs' "$fuzzdir/$t.log"
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
		"$fuzzdir/$t.log" | sed 's/^/   /'
	echo "   corpus: $(ls "$corpus" | wc -l) files, $(du -sk "$corpus" | cut -f1) KB in $corpus"
	if [ $rc != 0 ]; then
		tail -n 40 "$fuzzdir/$t.log"
		echo "fuzz $t: failed (exit $rc); see $fuzzdir/$t.log and $fuzzdir/run/$t/" >&2
		status=1
	fi
done
exit $status
