#!/usr/bin/env bash
# format.sh: checks that every .c and .h under crypto store node tests (with
# their sub-folders) is formatted as the checked-in .clang-format says, for
# `make check-tree`; with --fix it formats them in place, for `make format`.
#
#   tests/format.sh [--fix] [ROOT]    (ROOT defaults to the tree this is in)
#
# Each file that clang-format would change is named, with how many places.
# Without clang-format (CLANG_FORMAT names another binary) the check is
# skipped with a line that says so, unless CI is set: there it must be
# installed, and its absence fails (as it does for --fix). Formatting depends on clang-format's
# version; the config is written for Debian 12's clang-format 14.
set -u
fix=
if [ "${1:-}" = --fix ]; then
	fix=1
	shift
fi
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
cf=${CLANG_FORMAT:-clang-format}

if ! command -v "$cf" >/dev/null 2>&1; then
	if [ -n "$fix" ] || [ -n "${CI:-}" ]; then
		echo "format: $cf is not installed${CI:+, and CI is set}:" \
			"apt-get install clang-format" >&2
		exit 1
	fi
	echo "format: SKIPPED: $cf is not installed (apt-get install clang-format)"
	exit 0
fi
if [ ! -f .clang-format ]; then
	echo "format: no .clang-format in $root" >&2
	exit 2
fi

# The one list of files, for the check and for --fix alike.
mapfile -t files < <(find crypto store node tests -name '*.[ch]' | LC_ALL=C sort)

if [ -n "$fix" ]; then
	exec "$cf" --style=file -i "${files[@]}"
fi

bad=0
for f in "${files[@]}"; do
	if ! out=$("$cf" --style=file --dry-run -Werror --ferror-limit=0 "$f" 2>&1); then
		n=$(grep -c 'error: code should be clang-formatted' <<<"$out")
		if [ "$n" -gt 0 ]; then
			echo "format: $f is not formatted as .clang-format says" \
				"($n places; see: $cf $f | diff $f -)"
		else
			echo "format: $f: $cf failed: $out"
		fi
		bad=$((bad + 1))
	fi
done
if [ "$bad" -gt 0 ]; then
	echo "format: $bad of ${#files[@]} files need 'make format'" \
		"($($cf --version))" >&2
	exit 1
fi
echo "format: ok (${#files[@]} files)"
