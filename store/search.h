/*
 * search.h: the full-text search index over practices and needs, and what a
 * person's query becomes in it.
 *
 * The index (FTS5 table `search`, rowid = entities.rowid) holds two columns,
 * every title and everything else, of every text of an entity (its own
 * language and each translation), each text folded and stemmed in its own
 * language (stem.h): "frivillige" is indexed as "frivillige frivil". The
 * languages indexed are kept in meta (search_langs), for the query.
 *
 * A query is split into words the way the index is; every word is required,
 * and each is found by its folded form or by its stem in any language the
 * node holds (or the one asked for). Nothing the person types is read as
 * FTS5 syntax: quotes, '*', NEAR, OR, '-', ':' and parentheses are words or
 * separators like any other.
 *
 * The index's form has a version (meta search_index). A store whose index is
 * of an older form is re-indexed, once (svk_search_upgrade, which the node
 * calls as it opens its store).
 */
#ifndef SVK_SEARCH_H
#define SVK_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "samverk.pb-c.h"
#include "store.h"

/* The form of the index svk__search_put writes. 1 was folded words alone. */
#define SVK_SEARCH_INDEX_VERSION 2

/* svk_search_upgrade re-indexes every live practice and need, in one
 * transaction, when the index is not of SVK_SEARCH_INDEX_VERSION (a store
 * made or last written by an older version); else it does nothing. For a
 * rebuild of at least 500 entities, progress (when not NULL) is told how far
 * it is: (arg, 0, total) as it starts, every 500 and at the end. */
int svk_search_upgrade(svk_store *st,
    void (*progress)(void *arg, uint64_t done, uint64_t total), void *arg) SVK_WUR;

/* svk__search_put indexes the practice or need body as entity rowid (whose
 * row the caller has deleted). */
int svk__search_put(svk_store *st, int64_t rowid, const Samverk__Body *body) SVK_WUR;

/* svk__search_text_fn is given each text of an entity, with its language and
 * whether it is a title; non-zero stops. */
typedef int (*svk__search_text_fn)(void *arg, const char *lang, bool title,
    const char *text);

/* svk__search_each_text calls fn for every text of a practice or need body
 * that the index holds, in order: the entity's own, then each translation's. */
int svk__search_each_text(const Samverk__Body *body, svk__search_text_fn fn,
    void *arg) SVK_WUR;

/* A query, as words and the forms that find each. */
typedef struct svk__search_q svk__search_q;

/* svk__search_q_make reads text (what a person typed) into *out, for the
 * languages held or only lang (when not NULL). SVK_EINVAL when it has no
 * word; SVK_EINVAL too for invalid UTF-8. */
int svk__search_q_make(svk_store *st, const char *text, const char *lang,
    svk__search_q **out) SVK_WUR;
void svk__search_q_free(svk__search_q *q);

/* svk__search_q_fts gives the FTS5 MATCH expression of q; owned by q. */
const char *svk__search_q_fts(const svk__search_q *q);

/* svk__search_q_finds tells in *which whether q finds the folded word
 * w[0..len) (as it is, or stemmed in lang), and which of q's words: a bit
 * each. */
int svk__search_q_finds(svk__search_q *q, const char *lang, const char *w,
    size_t len, uint32_t *which) SVK_WUR;

#endif
