/*
 * stem.c: the Snowball stemmers behind search and matching, one per language
 * as it is first asked for, and the index form of a text. See stem.h.
 */
#include "stem.h"

#include <errno.h>
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

#define MAX_LANGS 16

struct lang {
	char code[8];
	struct sb_stemmer *stemmer; /* NULL: none for this language */
};

struct svk_stem {
	struct lang langs[MAX_LANGS];
	size_t n;
	char *buf; /* the last stem given out */
	size_t cap;
};

int
svk_stem_alloc(svk_stem **out)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return -ENOMEM;
	return 0;
}

void
svk_stem_free(svk_stem *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (s->langs[i].stemmer != NULL)
			sb_stemmer_delete(s->langs[i].stemmer);
	free(s->buf);
	free(s);
}

/* The stemmer for lang, or NULL when there is none (or no room to keep it:
 * a text then goes unstemmed, which search survives). */
static struct sb_stemmer *
stemmer(svk_stem *s, const char *lang)
{
	struct lang *l;

	if (lang == NULL || lang[0] == '\0' || strlen(lang) >= sizeof(l->code))
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->langs[i].code, lang) == 0)
			return s->langs[i].stemmer;
	if (s->n == MAX_LANGS)
		return NULL;
	l = &s->langs[s->n++];
	strcpy(l->code, lang);
	/* libstemmer knows the ISO 639-1 codes as names of its modules. */
	l->stemmer = sb_stemmer_new(lang, "UTF_8");
	return l->stemmer;
}

bool
svk_stem_known(svk_stem *s, const char *lang)
{
	return stemmer(s, lang) != NULL;
}

static bool
ends_with(const char *w, size_t len, const char *tail)
{
	size_t n = strlen(tail);
	return len >= n && memcmp(w + len - n, tail, n) == 0;
}

int
svk_stem_word(svk_stem *s, const char *lang, const char *w, size_t len,
    const char **out, size_t *out_len)
{
	struct sb_stemmer *sb = stemmer(s, lang);
	const sb_symbol *r = NULL;
	size_t n = 0;

	if (sb != NULL && len < 256) {
		r = sb_stemmer_stem(sb, (const sb_symbol *)w, (int)len);
		if (r == NULL)
			return -ENOMEM;
		n = (size_t)sb_stemmer_length(sb);
	}
	if (r == NULL || n == 0) {
		r = (const sb_symbol *)w;
		n = len;
	}
	if (n + 1 > s->cap) {
		char *p = realloc(s->buf, n + 1);
		if (p == NULL)
			return -ENOMEM;
		s->buf = p;
		s->cap = n + 1;
	}
	memcpy(s->buf, r, n);
	s->buf[n] = '\0';
	/* Finnish -inen: the other forms are built on -is- (see stem.h). */
	if (strcmp(lang ? lang : "", "fi") == 0 && ends_with(w, len, "inen") &&
	    ends_with(s->buf, n, "in"))
		s->buf[n - 1] = 's';
	*out = s->buf;
	*out_len = n;
	return 0;
}

bool
svk_stem_next(const char *s, size_t n, size_t *pos, size_t *start, size_t *len,
    size_t *chars)
{
	size_t i = *pos, step;
	bool word = false;

	while (i < n && (step = svk_fold_char(s + i, n - i, &word), !word))
		i += step;
	if (i >= n)
		return false;
	*start = i;
	*chars = 0;
	while (i < n && (step = svk_fold_char(s + i, n - i, &word), word)) {
		i += step;
		(*chars)++;
	}
	*len = i - *start;
	*pos = i;
	return true;
}

int
svk_stem_index(svk_stem *s, const char *lang, const char *text, char **out)
{
	size_t pos = 0, start, len, chars, n, o = 0;
	char *folded, *buf;
	int err;

	*out = NULL;
	if ((err = svk_fold(text, strlen(text), &folded)) != 0)
		return err;
	n = strlen(folded);
	/* Each word, a space, its stem (at most twice as long: Snowball's
	 * Greek puts letters back at times) and a space: 4n + 2 at most. */
	if ((buf = malloc(4 * n + 2)) == NULL) {
		free(folded);
		return -ENOMEM;
	}
	while (svk_stem_next(folded, n, &pos, &start, &len, &chars)) {
		const char *stem;
		size_t stem_len;

		memcpy(buf + o, folded + start, len);
		o += len;
		buf[o++] = ' ';
		if ((err = svk_stem_word(s, lang, folded + start, len, &stem,
			 &stem_len)) != 0)
			break;
		if (stem_len <= 2 * len &&
		    (stem_len != len || memcmp(stem, folded + start, len) != 0)) {
			memcpy(buf + o, stem, stem_len);
			o += stem_len;
			buf[o++] = ' ';
		}
	}
	free(folded);
	if (err != 0) {
		free(buf);
		return err;
	}
	if (o > 0)
		o--;
	buf[o] = '\0';
	*out = buf;
	return 0;
}

bool
svk_stem_hits(const char *t, size_t tlen, size_t tchars, const char *token, size_t len)
{
	if (tchars >= SVK_STEM_PREFIX_MIN)
		return len >= tlen && memcmp(token, t, tlen) == 0;
	return len == tlen && memcmp(token, t, tlen) == 0;
}
