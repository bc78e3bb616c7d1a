#!/usr/bin/env bash
# completion.sh: the bash completion (deploy/completion/samverk) offers the
# commands, each command's options and their values, and the ids the node
# holds, as bash would for a line typed so far: COMP_WORDS and COMP_CWORD
# are set as readline sets them (with "=" a word of its own) and _samverk
# fills COMPREPLY.
. "$(dirname "$0")/../cli/lib.sh"

# The program is found on PATH as "samverk", as a user would type it.
mkdir -p "$T/bin"
ln -s "$SAMVERK" "$T/bin/samverk"
PATH=$T/bin:$PATH
# shellcheck source=../../deploy/completion/samverk
. "$SVK_ROOT/deploy/completion/samverk"
check "the completion is registered for samverk" \
	grep -q -- '-F _samverk samverk$' <(complete -p samverk)

# offers LINE: what TAB offers at the end of LINE, sorted, one a line.
offers() {
	local line=$1 w
	COMP_WORDS=()
	for w in $line; do
		if [[ $w == --*=* ]]; then
			COMP_WORDS+=("${w%%=*}" "=")
			[ -n "${w#*=}" ] && COMP_WORDS+=("${w#*=}")
		else
			COMP_WORDS+=("$w")
		fi
	done
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_samverk
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

# offered LINE WORD...: TAB after LINE offers exactly WORD...
offered() {
	local line=$1 got want
	shift
	got=$(offers "$line")
	want=$(printf '%s\n' "$@" | sort)
	check "'$line<TAB>' offers: $(echo $want)$([ "$got" != "$want" ] && echo "; it offered: $(echo $got)")" \
		test "$got" = "$want"
}

step "commands and options"
offered "samverk " $("$SAMVERK" --help | awk '/^commands:$/ { on = 1; next }
	on && /^$/ { exit } on { print $1 }')
check "the commands include practice and run" \
	grep -qx practice <(offers "samverk ")
offered "samverk pra" practice
offered "samverk -" --dir --version --help
offered "samverk practice " add update retract list show search template
offered "samverk member s" suspend
offered "samverk practice template --" --lang --out --help
offered "samverk practice list --" --area --origin --sort --all --limit --json --help
offered "samverk volunteer import --d" --dry-run
offered "samverk bogus " 
step "option values"
offered "samverk practice list --sort " newest adoptions proven
offered "samverk run --log-level " error warn info debug
offered "samverk indicators export --format " csv json
offered "samverk adopt x --status " considering piloting adopted dropped
offered "samverk need list --status o" open
mkdir -p "$T/files/sub"
: >"$T/files/a.json"
offered "samverk practice add $T/files/" "$T/files/a.json" "$T/files/sub"
offered "samverk --dir $T/files/" "$T/files/sub"

step "ids from the node"
new_node
ok svk federation create
ok svk practice add "$DATA/practices/legepatruljen.json"
ok svk practice add "$DATA/practices/volwe.json"
ok svk need add "$DATA/needs/care-elderly.json"
ok svk volunteer import "$DATA/volunteers.csv"
ME=$(svk id)
run svk practice list --json
practices=$(json_get "' '.join(p['id'] for p in d)")
run svk need list --json
need=$(json_get "d[0]['id']")
check "two practices held ($practices)" test "$(echo $practices | wc -w)" = 2
offered "samverk --dir $NODE practice show " $practices
offered "samverk --dir=$NODE practice show le" legepatruljen
offered "samverk --dir $NODE practice show $ME/le" "$ME/legepatruljen"
offered "samverk --dir $NODE practice retract " $practices
offered "samverk --dir $NODE adopt " $practices
offered "samverk --dir $NODE need close " "$need"
offered "samverk --dir $NODE need close $need --answered-by " \
	"$ME/legepatruljen" "$ME/$(echo $practices | tr ' ' '\n' | grep -v legepatruljen)"
offered "samverk --dir $NODE match " "$need"
offered "samverk --dir $NODE match --practice leg" legepatruljen
offered "samverk --dir $NODE member suspend " "$ME"
offered "samverk --dir $NODE practice list --origin " "$ME"
offered "samverk --dir $NODE volunteer show v00" v001 v002 v003 v004 v005 v006 v007 v008 v009
SAMVERK_DIR=$NODE offered "samverk need show " "$need"
offered "samverk --dir $NODE practice show legepatruljen " 
offered "samverk --dir $T/nowhere practice show " 
