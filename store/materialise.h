/*
 * materialise.h: writing the tables materialised from the log (view.h reads
 * them): practices, needs, adoptions, the roster's members and the search
 * index, from each entry as log.c stores it; and rebuilding them aside to
 * compare, for verification. Private to the store.
 */
#ifndef SVK_MATERIALISE_H
#define SVK_MATERIALISE_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto.h"
#include "samverk.pb-c.h"
#include "store.h"

/* svk__materialise_apply materialises one stored entry. With check set, it writes
 * into the temporary tables svk__materialise_check_begin made, for verification. */
int svk__materialise_apply(svk_store *st, const uint8_t id[static SVK_HASH_LEN],
    const Samverk__Body *body, bool check) SVK_WUR;

/* svk__materialise_check_begin makes empty temporary copies of the materialised
 * tables; svk__materialise_check_compare reports every row that differs between
 * them and the real ones through fn, then drops them. */
int svk__materialise_check_begin(svk_store *st) SVK_WUR;
int svk__materialise_check_compare(svk_store *st,
    void (*fn)(void *, const char *), void *arg, uint64_t *problems) SVK_WUR;

/* svk__materialise_check_index runs the search index's own integrity check, in a
 * transaction of its own; a failure is reported through fn. */
int svk__materialise_check_index(svk_store *st, void (*fn)(void *, const char *),
    void *arg, uint64_t *problems) SVK_WUR;

#endif
