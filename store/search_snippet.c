/*
 * search_snippet.c: the few words shown with a search result, cut from the
 * text of the entity that holds most of the query's words. See
 * search_snippet.h.
 */
#include "search_snippet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

#define SNIPPET_BEFORE 5 /* words before the first one found */
#define SNIPPET_WORDS 18

/* A word of a text as written: where it is, whether the query finds it. */
struct span {
	size_t start, end;
	bool hit;
};

/* Whether the character at s[0..n) belongs to a word of the text as written:
 * svk_fold_char's rule, for capitals too. */
static size_t
written_char(const char *s, size_t n, bool *word)
{
	unsigned char c = (unsigned char)s[0];

	if (c >= 'A' && c <= 'Z') {
		*word = true;
		return 1;
	}
	return svk_fold_char(s, n, word);
}

static int
spans_of(const char *text, struct span **out, size_t *count)
{
	size_t n = strlen(text), i = 0, step, cap = 0;
	struct span *sp = NULL;
	bool word;

	*count = 0;
	while (i < n) {
		while (i < n && (step = written_char(text + i, n - i, &word), !word))
			i += step;
		if (i >= n)
			break;
		if (*count == cap) {
			struct span *grown;
			cap = cap ? 2 * cap : 32;
			if ((grown = realloc(sp, cap * sizeof(*sp))) == NULL) {
				free(sp);
				return -ENOMEM;
			}
			sp = grown;
		}
		sp[*count].start = i;
		while (i < n && (step = written_char(text + i, n - i, &word), word))
			i += step;
		sp[*count].end = i;
		sp[(*count)++].hit = false;
	}
	*out = sp;
	return 0;
}

/* The words of sp[from..to) of text, the ones found in brackets, on one line. */
static char *
cut(const char *text, const struct span *sp, size_t count, size_t from, size_t to)
{
	size_t a = sp[from].start, b = to < count ? sp[to - 1].end : strlen(text);
	size_t o = 0;
	char *s = malloc(b - a + 2 * (to - from) + 8);

	if (s == NULL)
		return NULL;
	if (from > 0)
		o += (size_t)sprintf(s, "\u2026");
	for (size_t i = from, p = a; i < to; i++) {
		for (; p < sp[i].start; p++)
			s[o++] = (unsigned char)text[p] < 0x20 ? ' ' : text[p];
		if (sp[i].hit)
			s[o++] = '[';
		memcpy(s + o, text + sp[i].start, sp[i].end - sp[i].start);
		o += sp[i].end - sp[i].start;
		p = sp[i].end;
		if (sp[i].hit)
			s[o++] = ']';
	}
	if (to < count)
		o += (size_t)sprintf(s + o, "\u2026");
	else /* the end of the text, as written */
		for (size_t p = sp[to - 1].end; p < b; p++)
			s[o++] = (unsigned char)text[p] < 0x20 ? ' ' : text[p];
	s[o] = '\0';
	return s;
}

/* The snippet of one text in *out (NULL when q finds nothing in it), and in
 * *score how many of q's words it holds. */
static int
text_snippet(svk__search_q *q, const char *lang, const char *text, char **out,
    int *score)
{
	struct span *sp;
	size_t count, first = SIZE_MAX, from;
	uint32_t all = 0, which;
	int err;

	*out = NULL;
	*score = 0;
	if ((err = spans_of(text, &sp, &count)) != 0)
		return err;
	for (size_t i = 0; i < count && err == 0; i++) {
		char *w;
		if ((err = svk_fold(text + sp[i].start, sp[i].end - sp[i].start,
			 &w)) != 0)
			break;
		err = svk__search_q_finds(q, lang, w, strlen(w), &which);
		free(w);
		sp[i].hit = which != 0;
		all |= which;
		if (sp[i].hit && first == SIZE_MAX)
			first = i;
	}
	if (err == 0 && first != SIZE_MAX) {
		from = first > SNIPPET_BEFORE ? first - SNIPPET_BEFORE : 0;
		*out = cut(text, sp, count, from,
		    count - from > SNIPPET_WORDS ? from + SNIPPET_WORDS : count);
		*score = __builtin_popcount(all);
		err = *out ? 0 : -ENOMEM;
	}
	free(sp);
	return err;
}

struct pick {
	svk__search_q *q;
	char *best;
	int score;
	bool title;
};

/* Keeps the text that holds most of the query's words, a title only when
 * nothing else does: the title is shown anyway. */
static int
pick_text(void *arg, const char *lang, bool title, const char *text)
{
	struct pick *p = arg;
	char *s;
	int score, err;

	if (text == NULL || text[0] == '\0' || (p->best && title && !p->title))
		return 0;
	if ((err = text_snippet(p->q, lang, text, &s, &score)) != 0 || s == NULL)
		return err;
	if (p->best == NULL || (p->title && !title) || score > p->score) {
		free(p->best);
		p->best = s;
		p->score = score;
		p->title = title;
	} else {
		free(s);
	}
	return 0;
}

int
svk__search_snippet(svk__search_q *q, const Samverk__Body *body, char **out)
{
	struct pick p = {.q = q};
	int err;

	*out = NULL;
	if ((err = svk__search_each_text(body, pick_text, &p)) != 0) {
		free(p.best);
		return err;
	}
	*out = p.best ? p.best : strdup("");
	return *out ? 0 : -ENOMEM;
}
