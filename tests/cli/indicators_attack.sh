#!/usr/bin/env bash
# indicators_attack.sh: an outsider's attack on the indicator sets a node
# publishes over several periods (issue 17). indicators_attack.py, written
# without reading the project's disclosure code, builds crafted registries
# where differencing periods would give a person away (a newcomer in a small
# or a large area, a subset pinned by an earlier 0, VOL_NEW against the rise
# of VOL_ACTIVE, months, quarters and the year, a republished quarter, the
# shipped sample for 2026-Q1..Q4), publishes them with `samverk indicators
# publish`, keeps every set published (older versions too), and works out
# with GLPK's glpsol the interval of every suppressed count and of every
# change of a cell between periods. No count from 1 to min_cell - 1 (nor
# such a change) may be pinned narrower than min_cell - 2, nor a few
# people's hours within a few, and `samverk indicators audit --json` must
# exit 0 and never report a narrower interval than the attack finds where
# that matters. First the attacker proves itself on hand-written sets with
# known leaks.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

ATTACK=$SVK_HERE/indicators_attack.py
command -v glpsol >/dev/null || fatal "no glpsol (Debian: glpk-utils)"

step "the attacker finds the leaks in hand-written sets"
run python3 "$ATTACK" selfcheck "$SVK_HERE/indicators_attack.json"
check "every known leak is found, and none where there is none" test "$RC" = 0
[ "$RC" = 0 ] || sed 's/^/     /' "$OUT" >&2

for s in joiners age_pin new_two large_area multi_area months month_tiles \
	year_tiles mixed_lengths month_after_quarter quarter_then_year out_of_order \
	complement min_cell_drop republish leavers sample; do
	step "attack on the $s registry"
	run python3 "$ATTACK" scenario "$s" --samverk "$SAMVERK" --dir "$T/$s" \
		--data "$DATA"
	[ "$RC" = 0 ] || sed 's/^/     /' "$OUT" "$ERR" >&2
	check "$s: nothing pinned, the audit exits 0 and agrees" test "$RC" = 0
done
