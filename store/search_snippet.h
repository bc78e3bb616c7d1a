/*
 * search_snippet.h: the snippet a search result is shown with (the query
 * is search.h's).
 */
#ifndef SVK_SEARCH_SNIPPET_H
#define SVK_SEARCH_SNIPPET_H

#include "samverk.pb-c.h"
#include "search.h"

/* svk__search_snippet gives in *out (freed with free()) a few words of body
 * around the words q finds, each found word in [brackets], preferring a text
 * other than a title; "" when q finds no word in its text. -ENOMEM. */
int svk__search_snippet(svk__search_q *q, const Samverk__Body *body, char **out) SVK_WUR;

#endif
