#!/bin/sh
# embed.sh: writes the web app's catalogues (node/web/i18n/LANG.txt, one
# "key = text" a line, # for comments) as C tables, on stdout, for the
# build (Makefile: $(BUILD)/web/web_i18n_text.c). Each table is sorted by
# key (svk_web_i18n_text searches it in halves). It fails on a line that is
# not "key = text", a key given twice, or text that is not valid UTF-8.
#
#   node/web/i18n/embed.sh node/web/i18n/en.txt node/web/i18n/da.txt ...
set -eu
echo "/* Made by node/web/i18n/embed.sh from node/web/i18n/LANG.txt: edit those. */"
echo '#include "web_i18n.h"'
langs=""
for f in "$@"; do
	lang=$(basename "$f" .txt)
	iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 ||
		{ echo "embed.sh: $f is not valid UTF-8" >&2; exit 1; }
	echo "static const svk_web_i18n_pair pairs_$lang[] = {"
	grep -v '^[[:space:]]*\(#\|$\)' "$f" | LC_ALL=C sort | awk -v f="$f" '
	{
		i = index($0, " = ")
		key = substr($0, 1, i - 1)
		text = substr($0, i + 3)
		if (i == 0 || key !~ /^[A-Za-z0-9_.]+$/) {
			print "embed.sh: " f ": not \"key = text\": " $0 > "/dev/stderr"
			exit 1
		}
		if (key == last) {
			print "embed.sh: " f ": " key " given twice" > "/dev/stderr"
			exit 1
		}
		last = key
		sub(/[ \t]+$/, "", text)
		gsub(/\\/, "\\\\", text)
		gsub(/"/, "\\\"", text)
		printf "    {\"%s\", \"%s\"},\n", key, text
	}'
	echo "};"
	langs="$langs $lang"
done
echo "const svk_web_i18n_catalogue svk_web_i18n_catalogues[] = {"
for lang in $langs; do
	echo "    {\"$lang\", pairs_$lang, sizeof(pairs_$lang) / sizeof(pairs_$lang[0])},"
done
echo "    {0, 0, 0},"
echo "};"
