/*
 * stem.h: word forms for search and matching, with the Snowball stemmers
 * (libstemmer: Danish, Swedish, Finnish, Italian, Greek, English and the
 * others it knows).
 *
 * A word is folded first (fold.h) and then stemmed in the language of the
 * text it is in, on the indexed side and on the query side alike, so that the
 * same letters typed with or without accents give the same stem. The Greek
 * stemmer takes folded text as it comes (it drops tonos itself and reads σ
 * for ς), and the Latin-script ones see the same folded letters on both
 * sides. One addition to Snowball's Finnish: an adjective in -inen, whose
 * other forms are built on -is- (vapaaehtoinen, vapaaehtoisten), stems to
 * the -is- form (vapaaehtois), which Snowball leaves as -in.
 *
 * A stem (or a folded word) of at least SVK_STEM_PREFIX_MIN characters is
 * searched as the start of the words indexed; a shorter one as a whole word,
 * so that "a" finds the word "a", not every word that starts with it.
 */
#ifndef SVK_STEM_H
#define SVK_STEM_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define SVK_STEM_PREFIX_MIN 4 /* characters */

/* A set of stemmers, made as each language is first asked for. Not for two
 * threads at once. */
typedef struct svk_stem svk_stem;

/* svk_stem_alloc makes an empty set into *out; svk_stem_free frees it (NULL
 * does nothing). -ENOMEM. */
int svk_stem_alloc(svk_stem **out) SVK_WUR;
void svk_stem_free(svk_stem *s);

/* svk_stem_known tells whether lang (an ISO 639-1 code such as "da") has a
 * stemmer. */
bool svk_stem_known(svk_stem *s, const char *lang);

/* svk_stem_word stems the folded word w[0..len) in lang: *out and *out_len
 * give the stem, which stays valid until the next call on s. Without a
 * stemmer for lang (or NULL), or when the stemmer gives nothing, the stem is
 * the word itself. -ENOMEM. */
int svk_stem_word(svk_stem *s, const char *lang, const char *w, size_t len,
    const char **out, size_t *out_len) SVK_WUR;

/* svk_stem_index gives in *out (freed by the caller with free()) text as the
 * search index holds it: folded, each word followed by its stem in lang when
 * the stem differs. SVK_EINVAL for invalid UTF-8, -ENOMEM. */
int svk_stem_index(svk_stem *s, const char *lang, const char *text, char **out) SVK_WUR;

/* svk_stem_next finds the next word of the folded s[*pos..n): its start and
 * byte length, and its length in characters. False at the end. */
bool svk_stem_next(const char *s, size_t n, size_t *pos, size_t *start,
    size_t *len, size_t *chars);

/* svk_stem_hits tells whether a word of the index, token[0..len), is found
 * by the search term t[0..tlen) of tchars characters: as its start when the
 * term is long enough (SVK_STEM_PREFIX_MIN), else as the whole word. */
bool svk_stem_hits(const char *t, size_t tlen, size_t tchars, const char *token,
    size_t len);

#endif
