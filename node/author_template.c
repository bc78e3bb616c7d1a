/*
 * author_template.c: the commented starting file of a practice or a need
 * (see author.h). It is walked from the same field tables that parse a
 * file, and its limits and allowed values are those tables' and the
 * vocabularies', so the template cannot promise what the parser refuses.
 * What each field is for comes from author_words.c, in the language asked.
 */
#include "author.h"
#include "author-int.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "vocab.h"

#define WRAP 76 /* characters of a comment line, its indent included */

/* The characters (not bytes) of UTF-8 text s[0..n). */
static size_t
chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* comment writes text as "// " lines after indent, wrapped between words:
 * lead starts the first line's text, more the others'. */
static void
comment(FILE *out, const char *indent, const char *lead, const char *more,
    const char *text)
{
	const char *p = text;
	size_t col = 0;
	bool first = true;

	while (*p) {
		size_t n = strcspn(p, " ");
		size_t w = chars(p, n);

		if (col == 0 || col + 1 + w > WRAP) {
			const char *pre = first ? lead : more;
			if (col != 0)
				fputc('\n', out);
			fprintf(out, "%s// %s", indent, pre);
			col = chars(indent, strlen(indent)) + 3 +
			      chars(pre, strlen(pre));
			first = false;
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, n, out);
		col += w;
		p += n;
		while (*p == ' ')
			p++;
	}
	if (col != 0)
		fputc('\n', out);
}

/* join appends the NULL-terminated list to buf as "a, b, c". */
static void
join(char *buf, size_t len, const char *const *list)
{
	size_t o = strlen(buf);

	for (size_t i = 0; list[i] != NULL && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : " ",
		    list[i]);
}

/* limits writes what f allows into buf, in w's words. */
static void
limits(const struct svk__author_words *w, const struct field *f, char *buf, size_t len)
{
	size_t o;

	o = (size_t)snprintf(buf, len, "%s: %s, ", f->name,
	    f->required ? w->required : w->optional);
	if (o >= len)
		return;
	if (f->kind == K_STR) {
		o += (size_t)snprintf(buf + o, len - o, w->max_bytes, f->max);
	} else {
		o += (size_t)snprintf(buf + o, len - o, w->max_items,
		    (size_t)SVK_AUTHOR_MAX_LIST);
		if (o < len && f->kind == K_LIST)
			o += (size_t)snprintf(buf + o, len - o, ", ");
		if (o < len && f->kind == K_LIST)
			o += (size_t)snprintf(buf + o, len - o, w->item_bytes, f->max);
	}
	if (o >= len)
		return;
	if (f->check == C_AREAS) {
		snprintf(buf + o, len - o, ", %s", w->each_one_of);
		join(buf, len, svk_vocab_areas);
	} else if (f->check == C_URGENCY) {
		snprintf(buf + o, len - o, ", %s", w->one_of);
		join(buf, len, svk_vocab_urgencies);
	} else if (f->check == C_STATUS) {
		snprintf(buf + o, len - o, ", %s", w->one_of);
		join(buf, len, svk_vocab_need_statuses);
	} else if (f->kind == K_MSGS) {
		snprintf(buf + o, len - o, ", %s", w->each_object);
	}
}

/* The fields of an object inside a list (a partner, a translation), each
 * on a comment line of its own, and an example of the object. */
static void
sub_fields(FILE *out, const struct svk__author_words *w, const struct field *f)
{
	const struct table *t = f->sub;
	char buf[1024], key[PATH_MAX_LEN];
	size_t o = 0;

	for (size_t i = 0; i < t->nfields; i++) {
		const struct field *s = &t->fields[i];
		const char *text;

		snprintf(key, sizeof(key), "%s.%s", f->name, s->name);
		if ((text = svk__author_words_text(w, key)) == NULL)
			text = svk__author_words_text(w, s->name);
		limits(w, s, buf, sizeof(buf));
		o = strlen(buf);
		snprintf(buf + o, sizeof(buf) - o, ". %s", text ? text : "");
		comment(out, "  ", "  - ", "    ", buf);
	}
	o = (size_t)snprintf(buf, sizeof(buf), "{");
	for (size_t i = 0; i < t->nfields && o < sizeof(buf); i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s\"%s\": \"\"",
		    i ? ", " : "", t->fields[i].name);
	if (o < sizeof(buf))
		snprintf(buf + o, sizeof(buf) - o, "}");
	fprintf(out, "  //   %s\n", buf);
}

static void
field(FILE *out, const struct svk__author_words *w, const struct field *f,
    const char *lang, bool last)
{
	const char *text = svk__author_words_text(w, f->name);
	char buf[1024];

	limits(w, f, buf, sizeof(buf));
	comment(out, "  ", "", "    ", buf);
	if (text != NULL)
		comment(out, "  ", "  ", "  ", text);
	if (f->kind == K_MSGS)
		sub_fields(out, w, f);
	if (f->kind != K_STR)
		fprintf(out, "  \"%s\": []", f->name);
	else
		fprintf(out, "  \"%s\": \"%s\"", f->name,
		    f->check == C_LANG && lang ? lang : "");
	fputs(last ? "\n" : ",\n", out);
}

int
svk_author_template_write(FILE *out, bool need, const char *lang, bool fill_lang)
{
	const struct table *t = need ? &svk__author_need_table :
				       &svk__author_practice_table;
	const struct svk__author_words *w = svk__author_words_find(lang);
	char head[512];

	if (w == NULL)
		return SVK_EINVAL;
	snprintf(head, sizeof(head), w->head1, need ? w->need : w->practice,
	    need ? "need" : "practice");
	comment(out, "", "", "", head);
	comment(out, "", "", "", w->head2);
	comment(out, "", "", "", w->head3);
	fputs("{\n", out);
	for (size_t i = 0; i < t->nfields; i++)
		field(out, w, &t->fields[i], fill_lang ? lang : NULL,
		    i + 1 == t->nfields);
	fputs("}\n", out);
	return ferror(out) || fflush(out) != 0 ? -EIO : 0;
}

const char *
svk_author_template_languages(void)
{
	static char list[64];

	if (list[0] == '\0')
		for (size_t i = 0, o = 0;
		     svk__author_words[i].lang && o < sizeof(list); i++)
			o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
			    i ? ", " : "", svk__author_words[i].lang);
	return list;
}
