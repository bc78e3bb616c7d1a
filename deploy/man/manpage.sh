#!/bin/sh
# manpage.sh: writes the Markdown of Samverk's two man pages, for pandoc to
# turn into roff (`make man` does both). Each page has one source, so it
# cannot drift from what it documents:
#
#   deploy/man/manpage.sh samverk SAMVERK VERSION >samverk.1.md
#       samverk(1) from the help texts of the program SAMVERK: `samverk
#       --help`, then `samverk CMD --help` for every command it lists, and
#       so on down every group (a help with a "commands:" list is a group).
#       The prose around them is deploy/man/samverk.1.head.md and
#       samverk.1.tail.md.
#
#   deploy/man/manpage.sh conf EXAMPLE VERSION >samverk.conf.5.md
#       samverk.conf(5) from deploy/samverk.conf.example: its opening
#       comment is the description, each [section] a subsection, each key
#       with the comment above it an entry; samverk.conf.5.tail.md follows.
#
# tests/package/man.sh checks that the pages name every command, option
# and setting (node/config.c) there is.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
what=${1:?usage: manpage.sh samverk|conf SOURCE VERSION}
source=${2:?usage: manpage.sh samverk|conf SOURCE VERSION}
version=${3:?usage: manpage.sh samverk|conf SOURCE VERSION}

die() {
	echo "manpage.sh: $*" >&2
	exit 1
}

# The YAML block pandoc reads the page's title line from.
front() {
	printf -- '---\ntitle: %s\nsection: %s\nheader: Samverk manual\nfooter: samverk %s\n---\n\n' \
		"$1" "$2" "$version"
}

# PUNCT: the characters pandoc's Markdown may read as markup; text taken
# from the help or the example gets a backslash before each, so it is
# printed as written. ESCAPE is the awk function that does it, put in front
# of each awk program below; ESC the same as a sed script.
PUNCT='][\\`*_{}()#+.!<>|~^$&"'"'"'@:;=%,?/-'
ESCAPE='function escape(s,   out, c, i) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		out = out (index(punct, c) ? "\\" c : c)
	}
	return out
}'
ESC='s/[][\\`*_{}()#+.!<>|~^$&"'"'"'@:;=%,?/-]/\\&/g'

# The help of `samverk WORDS...`, as the program prints it.
help_of() {
	"$source" "$@" --help 2>/dev/null || die "'samverk $* --help' failed"
}

# The commands a group's help lists, one a line.
commands_of() {
	awk '/^commands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }'
}

# One command's help on stdin as a Markdown section: heading LEVEL, the
# summary, the usage as a code block, the text, the options as a
# definition list, and for a group the list of its commands.
section() {
	awk -v level="$1" -v name="$2" -v summary="$3" -v punct="$PUNCT" "$ESCAPE"'
	function flush_para() {
		if (para != "")
			print escape(para) "\n"
		para = ""
	}
	function flush_opt() {
		if (spec == "")
			return
		printf "`%s`\n:   %s\n\n", spec, escape(desc)
		spec = desc = ""
	}
	BEGIN {
		printf "%s %s\n\n", substr("######", 1, level), escape(name)
		if (summary != "")
			print escape(summary) "\n"
		state = "start"
	}
	state == "start" && /^usage: / {
		sub(/^usage: /, "")
		print "```"
		print
		state = "usage"
		next
	}
	state == "usage" && /^ / { print substr($0, 8); next }
	state == "usage" { print "```\n"; state = "text" }
	/^options:$/ { flush_para(); state = "options"; print "Options:\n"; next }
	/^commands:$/ { flush_para(); flush_opt(); state = "commands"; print "Commands:\n"; next }
	state == "text" && /^$/ { flush_para(); next }
	state == "text" { para = para == "" ? $0 : para " " $0; next }
	state == "options" && /^  -/ {
		flush_opt()
		line = substr($0, 3)
		if (match(line, /   */)) {
			spec = substr(line, 1, RSTART - 1)
			desc = substr(line, RSTART + RLENGTH)
		} else {
			spec = line
		}
		next
	}
	state == "options" && /^    / {
		sub(/^ +/, "")
		desc = desc == "" ? $0 : desc " " $0
		next
	}
	state == "options" && /^$/ { flush_opt(); state = "text"; next }
	state == "commands" && /^  [^ ]/ {
		c = $1
		line = substr($0, 3 + length(c))
		sub(/^ +/, "", line)
		printf "**%s**\n:   %s\n\n", escape(c), escape(line)
		next
	}
	state == "commands" && /^$/ { state = "after"; next }
	END { flush_para(); flush_opt() }
	'
}

samverk_page() {
	local_help=$(help_of)
	front SAMVERK 1
	# The program's own about text, where the head says @ABOUT@.
	printf '%s\n' "$local_help" |
		awk '/^usage:/ { skip = 1; next } skip && /^$/ { skip = 0; next }
		     /^commands:$/ { exit } !skip { print }' |
		sed "$ESC" >"$tmp/about"
	awk -v about="$tmp/about" '$0 == "@ABOUT@" {
		while ((getline line <about) > 0) print line
		next
	} { print }' "$here/samverk.1.head.md"
	echo
	echo "# COMMANDS"
	echo
	printf '%s\n' "$local_help" | commands_of >"$tmp/top"
	[ -s "$tmp/top" ] || die "'samverk --help' lists no commands"
	while read -r cmd; do
		summary=$(printf '%s\n' "$local_help" |
			awk -v c="$cmd" '/^commands:$/ { on = 1; next }
			on && $1 == c { sub(/^ +[^ ]+ +/, ""); print; exit }')
		walk 2 "$summary" "$cmd"
	done <"$tmp/top"
	cat "$here/samverk.1.tail.md"
}

# walk LEVEL SUMMARY WORDS...: the section of `samverk WORDS...`, then,
# for a group, one a level down for each of its commands.
walk() {
	level=$1
	summary=$2
	shift 2
	h=$(help_of "$@")
	printf '%s\n' "$h" | section "$level" "samverk $*" "$summary"
	if printf '%s\n' "$h" | grep -q '^commands:$'; then
		printf '%s\n' "$h" | commands_of >"$tmp/group.$level"
		while read -r sub; do
			s=$(printf '%s\n' "$h" | awk -v c="$sub" '/^commands:$/ { on = 1; next }
				on && $1 == c { sub(/^ +[^ ]+ +/, ""); print; exit }')
			(walk $((level + 1)) "$s" "$@" "$sub")
		done <"$tmp/group.$level"
	fi
}

conf_page() {
	[ -r "$source" ] || die "cannot read $source"
	front SAMVERK.CONF 5
	cat "$here/samverk.conf.5.head.md"
	echo
	awk -v punct="$PUNCT" "$ESCAPE"'
	function flush() {
		if (text != "")
			print escape(text) "\n"
		text = ""
	}
	# The opening comment, minus its first line (the file names itself).
	NR == 1 { next }
	!started && /^#/ {
		sub(/^# ?/, "")
		if ($0 == "") flush()
		else text = text == "" ? $0 : text " " $0
		next
	}
	!started && /^$/ { next }
	/^\[/ {
		if (!started) { flush(); print "# SETTINGS\n" }
		started = 1
		text = ""
		printf "## %s\n\n", escape($0)
		next
	}
	/^#/ {
		sub(/^# ?/, "")
		text = text == "" ? $0 : text " " $0
		next
	}
	/=/ {
		key = $0; sub(/[ \t]*=.*/, "", key)
		value = $0; sub(/^[^=]*=[ \t]*/, "", value)
		if (value == "")
			printf "**%s** = (empty)\n", escape(key)
		else
			printf "**%s** = `%s`\n", escape(key), value
		# Keys that share one comment (round_pages, round_bytes) each
		# point to it.
		if (text != "") {
			printf ":   %s\n\n", escape(text)
		} else {
			printf ":   See %s above.\n\n", escape(prev)
		}
		prev = key
		text = ""
		next
	}
	/^$/ { next }
	' "$source"
	cat "$here/samverk.conf.5.tail.md"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/samverk-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
case $what in
samverk) samverk_page ;;
conf) conf_page ;;
*) die "unknown page '$what' (samverk or conf)" ;;
esac
