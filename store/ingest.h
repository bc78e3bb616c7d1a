/*
 * ingest.h: storing entries from partners: what is admitted into the log
 * from outside, and the one path by which it enters (log.c's insert).
 */
#ifndef SVK_INGEST_H
#define SVK_INGEST_H

#include <stdbool.h>

#include "entry.h"
#include "store.h"

/* svk_ingest_entry stores an entry from a partner: it checks the federation,
 * that the origin is an active member of the newest roster held (rosters
 * themselves only from the federation key), the hash chain against the
 * neighbours held, and forks; then inserts and materialises it. It runs in the
 * caller's transaction if one is open, else in its own. *fresh says whether
 * the entry was new (false: already held, nothing changed). Rejections are
 * counted in the store. Errors: SVK_EFEDERATION, SVK_ENOTMEMBER,
 * SVK_ESUSPENDED, SVK_EEXPIRED, SVK_ECHAIN, SVK_EFORK, SVK_EDB. In the
 * caller's transaction, a failure other than those rejections undoes this
 * entry's writes alone (a savepoint), so the rest of a batch may go on;
 * except in bulk mode (svk_store_bulk), where the caller rolls the whole
 * transaction back on such a failure, as a catch-up page is stored whole. */
int svk_ingest_entry(svk_store *st, const svk_entry *e, bool *fresh) SVK_WUR;

/* svk_ingest_forks_each calls fn once per fork held as evidence: the origin,
 * its display name from the roster ("" if none), the seq, and how many bodies
 * are held for it (the one in the log and the others kept aside), ordered by
 * origin and seq. */
typedef int (*svk_ingest_fork_fn)(void *arg, const uint8_t *origin,
    const char *name, uint64_t seq, uint64_t bodies);
int svk_ingest_forks_each(svk_store *st, svk_ingest_fork_fn fn, void *arg) SVK_WUR;

#endif
