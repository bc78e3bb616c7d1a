/*
 * search_later.h: the search rows that bulk mode (svk_store_bulk) leaves
 * for later. A big catch-up page stores its entries and their entities at
 * once and notes the entities here; the daemon writes their search rows in
 * batches while catch-up is idle. Until then those records are held,
 * verified and served to partners, but not yet found by search.
 */
#ifndef SVK_SEARCH_LATER_H
#define SVK_SEARCH_LATER_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

/* svk__search_later_add notes entity rowid for later (the caller is in a
 * transaction, in bulk mode). */
int svk__search_later_add(svk_store *st, int64_t rowid) SVK_WUR;

/* svk_search_later_count gives how many entities wait for their search
 * rows. */
int svk_search_later_count(svk_store *st, uint64_t *n) SVK_WUR;

/* svk_search_later_run writes the search rows of at most max waiting
 * entities, oldest first, in one transaction of its own (outside bulk
 * mode); *more says whether any still wait. An entity retracted or gone
 * since is only forgotten. */
int svk_search_later_run(svk_store *st, unsigned max, bool *more) SVK_WUR;

#endif
