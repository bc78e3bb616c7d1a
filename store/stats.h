/*
 * stats.h: counts over the store for reports and metrics (entries held per
 * origin, flagged origins per reason, forks seen, rejections per origin), so
 * that node/ never runs SQL of its own. Read-only, but for writing the
 * rejections still counted in memory.
 */
#ifndef SVK_STATS_H
#define SVK_STATS_H

#include <stdint.h>

#include "crypto.h"
#include "store.h"

/* svk_stats_entries_each calls fn once per origin with entries in the log:
 * its key, how many entries are held, and its name in the roster ("" when
 * it is not a member). A non-zero return from fn stops and is returned. */
int svk_stats_entries_each(svk_store *st,
    int (*fn)(void *arg, const uint8_t *origin, uint64_t entries, const char *name),
    void *arg) SVK_WUR;

/* svk_stats_flagged_each calls fn once per reason an origin was flagged for
 * ("fork", "broken_chain", ...) with how many distinct origins were. */
int svk_stats_flagged_each(svk_store *st,
    int (*fn)(void *arg, const char *reason, uint64_t origins), void *arg) SVK_WUR;

/* svk_stats_rejected_origins_each calls fn once per origin and reason with
 * how much input of that origin was rejected for that reason (see
 * svk_store_count_reject_from), and the origin's name in the roster ("" when
 * it is not a member), counts not yet written included. A non-zero return
 * from fn stops and is returned. */
int svk_stats_rejected_origins_each(svk_store *st,
    int (*fn)(void *arg, const uint8_t *origin, const char *name,
	const char *reason, uint64_t count),
    void *arg) SVK_WUR;

/* svk_stats_forks counts the origins seen signing a fork. */
int svk_stats_forks(svk_store *st, uint32_t *origins) SVK_WUR;

#endif
