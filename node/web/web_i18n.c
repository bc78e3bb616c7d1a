/*
 * web_i18n.c: finding a text in the catalogues the build embedded, and
 * choosing a language from what the browser says. See web_i18n.h.
 */
#include "web_i18n.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const svk_web_i18n_catalogue *
svk_web_i18n_find(const char *lang)
{
	for (size_t i = 0; lang && svk_web_i18n_catalogues[i].lang; i++)
		if (strcmp(svk_web_i18n_catalogues[i].lang, lang) == 0)
			return &svk_web_i18n_catalogues[i];
	return NULL;
}

static int
by_key(const void *key, const void *pair)
{
	return strcmp(key, ((const svk_web_i18n_pair *)pair)->key);
}

static const char *
lookup(const svk_web_i18n_catalogue *c, const char *key)
{
	const svk_web_i18n_pair *p;

	if (c == NULL)
		return NULL;
	p = bsearch(key, c->pairs, c->n, sizeof(*p), by_key);
	return p ? p->text : NULL;
}

const char *
svk_web_i18n_text(const char *lang, const char *key)
{
	const char *s = lookup(svk_web_i18n_find(lang), key);
	return s ? s : lookup(&svk_web_i18n_catalogues[0], key);
}

/* The catalogue whose language is the primary subtag of tag[0..len) ("da"
 * of "da-DK", any case), or NULL. */
static const svk_web_i18n_catalogue *
of_tag(const char *tag, size_t len)
{
	size_t primary = 0;

	while (primary < len && tag[primary] != '-' && tag[primary] != '_')
		primary++;
	for (size_t i = 0; svk_web_i18n_catalogues[i].lang; i++) {
		const char *l = svk_web_i18n_catalogues[i].lang;
		if (strlen(l) == primary && strncasecmp(l, tag, primary) == 0)
			return &svk_web_i18n_catalogues[i];
	}
	return NULL;
}

/* The q-value of one Accept-Language item's parameters p[0..len)
 * (";q=0.8"), in thousandths: 1000 when there is none, -1 when malformed. */
static int
quality(const char *p, size_t len)
{
	const char *q = NULL;
	int value = 0, digits = 0;

	for (size_t i = 0; i + 1 < len; i++)
		if ((p[i] == 'q' || p[i] == 'Q') && p[i + 1] == '=')
			q = p + i + 2;
	if (q == NULL)
		return 1000;
	if (*q == '1')
		return 1000;
	if (*q != '0')
		return -1;
	if (q + 1 < p + len && q[1] == '.')
		for (q += 2; q < p + len && digits < 3 && *q >= '0' && *q <= '9';
		     q++, digits++)
			value = value * 10 + (*q - '0');
	while (digits++ < 3)
		value *= 10;
	return value;
}

/* The best language of an Accept-Language header, or NULL: the highest
 * q-value, the first given among equals. */
static const char *
accepted(const char *accept)
{
	const char *best = NULL, *s = accept;
	int best_q = 0;

	while (s && *s) {
		size_t item = strcspn(s, ",");
		size_t tag_start = strspn(s, " \t");
		size_t tag_len = strcspn(s + tag_start, " \t;,");
		const svk_web_i18n_catalogue *c;
		int q;

		if (tag_start + tag_len > item)
			tag_len = item > tag_start ? item - tag_start : 0;
		c = of_tag(s + tag_start, tag_len);
		q = quality(s + tag_start + tag_len, item - tag_start - tag_len);
		if (c && q > best_q) {
			best = c->lang;
			best_q = q;
		}
		s += item + (s[item] == ',');
	}
	return best;
}

const char *
svk_web_i18n_pick(const char *asked, const char *cookie, const char *accept)
{
	const svk_web_i18n_catalogue *c;
	const char *lang;

	if ((c = svk_web_i18n_find(asked)) != NULL)
		return c->lang;
	if ((c = svk_web_i18n_find(cookie)) != NULL)
		return c->lang;
	if ((lang = accepted(accept)) != NULL)
		return lang;
	return svk_web_i18n_catalogues[0].lang;
}

/* How many "%s" s holds; -1 when it holds another conversion. */
static int
conversions(const char *s)
{
	int n = 0;

	for (; (s = strchr(s, '%')) != NULL; s += 2) {
		if (s[1] == 's')
			n++;
		else if (s[1] != '%')
			return -1;
	}
	return n;
}

bool
svk_web_i18n_formats_match(const char *reference, const char *text)
{
	int n = conversions(reference);
	return n >= 0 && n == conversions(text);
}
