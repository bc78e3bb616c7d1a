#!/usr/bin/env bash
# man.sh: the man pages document everything there is.
#
#   samverk(1)       every command and subcommand the help texts list
#                    (`samverk --help`, `samverk CMD --help`, down every
#                    group), and every option of each in its own section
#   samverk.conf(5)  every setting node/config.c reads, under its section,
#                    and nothing it does not; deploy/samverk.conf.example
#                    (the page's source) is a valid samverk.conf
#
# The pages are made here as `make man` makes them (deploy/man/manpage.sh,
# pandoc) from $SAMVERK, and read as man(1) shows them. A command, option or
# setting that is missing is named in the failure, with what to do.
. "$(dirname "$0")/../cli/lib.sh"

ROOT=$SVK_ROOT
VERSION=$(cat "$ROOT/VERSION")
command -v pandoc >/dev/null || fatal "pandoc is not installed (apt-get install pandoc)"
command -v man >/dev/null || fatal "man is not installed (apt-get install man-db)"

not() { ! "$@"; }

# page SOURCE-KIND SOURCE OUT: the roff page, as `make man` makes it.
page() {
	"$ROOT/deploy/man/manpage.sh" "$1" "$2" "$VERSION" >"$3.md" &&
		pandoc --standalone --from markdown-smart --to man --output "$3" "$3.md"
}

# text PAGE: the page as man shows it, wide, in ASCII, without overstrikes.
text() {
	LC_ALL=C MANWIDTH=400 man --no-hyphenation --no-justification -E ascii \
		-l "$1" 2>/dev/null | sed 's/.\x08//g'
}

step "the pages are made"
page samverk "$SAMVERK" "$T/samverk.1" || fatal "samverk(1) cannot be made"
page conf "$ROOT/deploy/samverk.conf.example" "$T/samverk.conf.5" ||
	fatal "samverk.conf(5) cannot be made"
text "$T/samverk.1" >"$T/samverk.1.txt"
text "$T/samverk.conf.5" >"$T/samverk.conf.5.txt"
check "samverk(1) renders" grep -q '^SAMVERK(1)' "$T/samverk.1.txt"
check "samverk.conf(5) renders" grep -q '^SAMVERK.CONF(5)' "$T/samverk.conf.5.txt"
check "samverk(1) has no placeholder left" not grep -q '@[A-Z]*@' "$T/samverk.1.txt"
check "samverk(1) carries the version" grep -q "samverk $VERSION" "$T/samverk.1.txt"
check "samverk(1) names the global options" \
	grep -q -e '--dir DIR, -d DIR' "$T/samverk.1.txt"
check "samverk(1) names --version" grep -q -e '^       --version$' "$T/samverk.1.txt"

# The help tree, walked here on its own: "WORDS<TAB>OPTION" lines, with an
# empty OPTION for each command itself.
walk() {
	local h sub
	h=$("$SAMVERK" "$@" --help) || {
		echo "samverk $* --help failed" >&2
		return 1
	}
	[ $# -gt 0 ] && printf '%s\t\n' "$*"
	printf '%s\n' "$h" | awk -v w="$*" '/^options:$/ { on = 1; next }
		on && /^$/ { on = 0 }
		# "  -l, --lang LANG": the long name stands for both
		on && /^  -/ { o = $1; if (o ~ /,$/ && $2 ~ /^--/) o = $2
			printf "%s\t%s\n", w, o }'
	for sub in $(printf '%s\n' "$h" | awk '/^commands:$/ { on = 1; next }
		on && /^$/ { exit } on { print $1 }'); do
		walk "$@" "$sub" || return 1
	done
}
walk >"$T/tree" || fatal "the help texts cannot be walked"

# check_page TEXT: every line of $T/tree is in the page TEXT: a heading
# "samverk WORDS" for each command, the option in that heading's section.
# Prints what is missing, one a line.
check_page() {
	awk -F '\t' -v page="$1" '
	BEGIN {
		while ((getline line <page) > 0) {
			if (line ~ /^   samverk /) {
				cur = substr(line, 4)
				head[cur] = 1
			} else if (line ~ /^[A-Z]/) {
				cur = ""
			} else if (cur != "" && line ~ /^       -/) {
				n = split(substr(line, 8), f, /[ ,]+/)
				for (i = 1; i <= n && f[i] ~ /^-/; i++)
					opt[cur "\t" f[i]] = 1
			}
		}
	}
	$2 == "" && !(("samverk " $1) in head) {
		printf "the command \"samverk %s\" (in its group'"'"'s --help)\n", $1
	}
	$2 != "" && !(("samverk " $1 "\t" $2) in opt) {
		printf "the option %s of \"samverk %s\" (in its --help)\n", $2, $1
	}' "$T/tree"
}

step "samverk(1) has every command and option"
commands=$(awk -F '\t' '$2 == ""' "$T/tree" | wc -l)
options=$(awk -F '\t' '$2 != ""' "$T/tree" | wc -l)
check "the help texts list commands ($commands) and options ($options)" \
	test "$commands" -ge 40 -a "$options" -ge 50
check "the help tree has practice list's --sort" \
	grep -qxF "$(printf 'practice list\t--sort')" "$T/tree"
missing=$(check_page "$T/samverk.1.txt")
why=""
[ -n "$missing" ] && why=": it lacks
$missing
(deploy/man/manpage.sh writes the page from the help texts: teach it the
help's new shape)"
check "samverk(1) lacks nothing the help texts list$why" test -z "$missing"

# The check itself finds what is missing: a page without one option, and
# without one command's section.
grep -v -e '^       --sort newest|adoptions|proven$' "$T/samverk.1.txt" >"$T/cut1.txt"
check "a page without practice list's --sort is caught" \
	test "$(check_page "$T/cut1.txt")" = 'the option --sort of "samverk practice list" (in its --help)'
awk '/^   samverk need close$/ { skip = 1; next } /^   samverk / { skip = 0 }
	!skip' "$T/samverk.1.txt" >"$T/cut2.txt"
check "a page without need close is caught" \
	grep -qxF 'the command "samverk need close" (in its group'"'"'s --help)' \
	<(check_page "$T/cut2.txt")

step "samverk(1) is made from the program it documents"
cat >"$T/fake" <<'EOF'
#!/bin/sh
# A samverk whose help has a command and an option the real one lacks.
case "$*" in
--help) printf 'usage: samverk <command> [options]\n\ncommands:\n  zap       zap the node\n\n' ;;
"zap --help") printf 'usage: samverk zap [--hard]\n\nZaps.\n\noptions:\n  --hard                  zap harder\n' ;;
*) exit 2 ;;
esac
EOF
chmod +x "$T/fake"
page samverk "$T/fake" "$T/fake.1" || fatal "a page for the fake program cannot be made"
text "$T/fake.1" >"$T/fake.1.txt"
check "its command is in its page" grep -qx '   samverk zap' "$T/fake.1.txt"
check "its option is in its page" grep -qx '       --hard zap harder' "$T/fake.1.txt"
printf '#!/bin/sh\nexit 1\n' >"$T/broken"
chmod +x "$T/broken"
check "a program whose --help fails makes no page" \
	not "$ROOT/deploy/man/manpage.sh" samverk "$T/broken" "$VERSION" >/dev/null 2>&1

step "samverk.conf(5) has every setting node/config.c reads"
# The settings: each IS("section", "key") of node/config.c's on_value.
grep -o 'IS("[a-z_]*", *"[a-z_]*")' "$ROOT/node/config.c" |
	sed -E 's/IS\("([a-z_]*)", *"([a-z_]*)"\)/\1 \2/' | sort -u >"$T/settings"
n=$(wc -l <"$T/settings")
[ "$n" -ge 15 ] || fatal "found only $n settings in node/config.c (as IS(\"section\", \"key\")); if it reads them some other way now, teach tests/package/man.sh"
# What the page says: "key = value" under "   [section]".
awk '/^   \[[a-z_]+\]$/ { s = $1; gsub(/[][]/, "", s); next }
	/^[A-Z]/ { s = "" }
	s != "" && /^       [a-z_]+ = / { print s, $1 }' "$T/samverk.conf.5.txt" |
	sort -u >"$T/documented"
missing=$(comm -23 "$T/settings" "$T/documented" | sed 's/^\([^ ]*\) /[\1] /')
why=""
[ -n "$missing" ] && why="; it lacks
$missing
which node/config.c reads: add each, with a comment saying what it does,
its range and default, to deploy/samverk.conf.example (the page's source)"
check "samverk.conf(5) describes every setting$why" test -z "$missing"
extra=$(comm -13 "$T/settings" "$T/documented" | sed 's/^\([^ ]*\) /[\1] /')
why=""
[ -n "$extra" ] && why=": it describes
$extra
which node/config.c does not read (remove or rename it in
deploy/samverk.conf.example)"
check "samverk.conf(5) describes no setting node/config.c does not read$why" \
	test -z "$extra"
# The check finds a missing one.
grep -v '^       round_bytes = ' "$T/samverk.conf.5.txt" |
	awk '/^   \[[a-z_]+\]$/ { s = $1; gsub(/[][]/, "", s); next }
	/^[A-Z]/ { s = "" }
	s != "" && /^       [a-z_]+ = / { print s, $1 }' | sort -u >"$T/cut"
check "a page without [catchup] round_bytes is caught" \
	grep -qx "catchup round_bytes" <(comm -23 "$T/settings" "$T/cut")

step "the example is a valid samverk.conf"
new_node
cp "$ROOT/deploy/samverk.conf.example" "$NODE/samverk.conf"
# federation create reads the settings ([federation] roster_days).
run svk federation create
check "a node with the example as its settings reads them: $(head -c 300 "$ERR")" \
	test "$RC" = 0
printf '\n[catchup]\nround_pagez = 3\n' >>"$NODE/samverk.conf"
run svk federation renew
check "a setting misspelt is refused" grep -q 'unknown setting \[catchup\] round_pagez' "$ERR"
