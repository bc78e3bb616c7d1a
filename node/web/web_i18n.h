/*
 * web_i18n.h: the web app's words in its six languages, and which of them a
 * person gets.
 *
 * The catalogues are data files, node/web/i18n/LANG.txt ("key = text"),
 * made into C tables at build time (i18n/embed.sh), so the daemon needs no
 * file at run time. English (the first) is the reference: every catalogue
 * has its keys and no others, with the same "%s" in the same number (a
 * Check test holds them to it). A text takes only "%s" (filled in by the
 * page, escaped) and "%%".
 */
#ifndef SVK_WEB_I18N_H
#define SVK_WEB_I18N_H

#include <stdbool.h>
#include <stddef.h>

typedef struct svk_web_i18n_pair {
	const char *key;
	const char *text;
} svk_web_i18n_pair;

/* One language's catalogue, its pairs sorted by key (strcmp). */
typedef struct svk_web_i18n_catalogue {
	const char *lang; /* "en", "da", ... */
	const svk_web_i18n_pair *pairs;
	size_t n;
} svk_web_i18n_catalogue;

/* svk_web_i18n_catalogues: every language, English first, then a zeroed
 * catalogue. Made by the build (i18n/embed.sh). */
extern const svk_web_i18n_catalogue svk_web_i18n_catalogues[];

/* svk_web_i18n_find gives the catalogue of lang (exactly "da", ...), or
 * NULL for a language the app does not speak. */
const svk_web_i18n_catalogue *svk_web_i18n_find(const char *lang);

/* svk_web_i18n_text gives the text of key in lang; in English when lang
 * lacks it (or is not spoken); NULL when English lacks it too. */
const char *svk_web_i18n_text(const char *lang, const char *key);

/* svk_web_i18n_pick chooses the language to answer in: asked (a ?lang=
 * argument) when the app speaks it, else cookie (the "lang" cookie), else
 * the best of accept (an Accept-Language header: q-values honoured, "da-DK"
 * counts as "da", q=0 refuses), else English. Any argument may be NULL.
 * Returns a catalogue's own lang string. */
const char *svk_web_i18n_pick(const char *asked, const char *cookie,
    const char *accept);

/* svk_web_i18n_formats_match tells whether text has as many "%s" as
 * reference and no other conversion ("%%" aside): what lets a page fill in
 * a translation as it fills in the English. */
bool svk_web_i18n_formats_match(const char *reference, const char *text);

#endif
