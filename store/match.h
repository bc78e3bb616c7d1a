/*
 * match.h: from a need to the partners' practices that answer it, and from a
 * practice to the partners' needs it could answer.
 *
 * The candidates for a need are the live practices of every origin other
 * than the need's own (a node asks its partners, not itself; in a store that
 * holds several origins, "partners" are simply the other origins). Each is
 * scored against the need:
 *
 *   score = 2 * shared + 3 * text + 0.5 * title
 *
 *   shared  how many policy areas need and practice share. Area codes are the
 *           same in every language, so they match across languages.
 *   text    the practice's FTS5 bm25 rank (title weighted 4, the rest 1) for
 *           the need's words, divided by the best rank among the candidates:
 *           1 for the best, between 0 and 1 for the others, 0 when no word
 *           matches.
 *   title   how many of the need's words (stems) the practice's titles, in
 *           any language, contain.
 *
 * The need's words are its title and description and every translation of
 * them, folded (fold.h), split into words, without stop words of English,
 * Danish, Swedish, Italian, Greek and Finnish, words shorter than three
 * letters and numbers (at most SVK_MATCH_MAX_WORDS, titles first). Each word
 * is stemmed in the language of the text it is in (stem.h: the Snowball
 * stemmers) and the stem searched as search.h searches a word, in the index
 * that holds each practice's words and their stems in its own languages
 * ("volunteers" finds "volunteering", "mentorer" finds "mentor",
 * "ηλικιωμένους" finds "ηλικιωμένων"); a word's stems count once. Texts meet
 * in whichever language they share: the English translations most often,
 * and the area codes always.
 *
 * A score below 0.25 is no match: no shared area, no word in a title, only
 * words that most records use somewhere in their text. Ties go to the
 * practice with the lower id. The weights were tuned on the sample
 * records of shared/data (tests/test_match.c holds the pairs a person would
 * pick, and checks them).
 */
#ifndef SVK_MATCH_H
#define SVK_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "store.h"

#define SVK_MATCH_MAX_WORDS 80 /* distinct words of a need searched for */

/* One entity found for another: a practice for a need, or a need for a
 * practice. Every string is owned by the svk_matches it is in. */
typedef struct svk_match {
	int kind; /* what was found: SVK_KIND_PRACTICE or SVK_KIND_NEED */
	uint8_t origin[SVK_KEY_LEN];
	char *id;
	char *lang;
	char *title;
	char *areas;	      /* its areas, comma separated */
	char *status;	      /* a need's status, "" for a practice */
	char *origin_name;    /* the member's display name, or "" */
	char *origin_country; /* ISO 3166-1 alpha-2, or "" */
	char *shared;	      /* the areas both have, comma separated */
	char *words;	      /* the need's words found in the practice, comma
				 separated, as the need writes them (folded) */
	double score;
	/* The text part of the score, 0..1, and how many of the need's words
	 * the practice's titles hold. */
	double text;
	size_t title_words;
} svk_match;

/* A ranked list of matches, best first. */
typedef struct svk_matches {
	svk_match *items;
	size_t n;
} svk_matches;

/* svk_match_list_init makes m an empty list; svk_match_list_fini frees what it
 * holds and leaves it empty. */
void svk_match_list_init(svk_matches *m);
void svk_match_list_fini(svk_matches *m);

/* svk_match_need ranks the live practices of origins other than the need's
 * that answer the need (origin, id), best first, at most limit of them (0:
 * all that match at all), into out, which must be empty (svk_match_list_init).
 * SVK_ENOTFOUND when the store holds no such need, or it was retracted.
 * On failure out is left empty. */
int svk_match_need(svk_store *st, const uint8_t origin[static SVK_KEY_LEN],
    const char *id, size_t limit, svk_matches *out) SVK_WUR;

/* svk_match_practice ranks the open needs of origins other than the
 * practice's that the practice (origin, id) could answer, best first, at
 * most limit (0: all). Each need scores the practice as svk_match_need does
 * for that need, so both directions agree. SVK_ENOTFOUND when the store
 * holds no such live practice. On failure out is left empty. */
int svk_match_practice(svk_store *st, const uint8_t origin[static SVK_KEY_LEN],
    const char *id, size_t limit, svk_matches *out) SVK_WUR;

/* svk__match_stop_words is the NULL-terminated list of stop words, folded
 * as fold.h folds; exported for the tests. */
extern const char *const svk__match_stop_words[];

#endif
