/*
 * report.h: what a node tells about itself and its federation, as JSON.
 *
 * The command line's --json and the daemon's /api/... give the same
 * documents, built here from the store alone (the daemon keeps the peers
 * table, the counters and the heartbeats there), so both always agree.
 */
#ifndef SVK_REPORT_H
#define SVK_REPORT_H

#include <jansson.h>

#include "config.h"
#include "home.h"
#include "view.h"

/* svk_report_iso_time writes Unix milliseconds as "2026-11-24T05:04:55Z",
 * or "" for 0 and before. */
void svk_report_iso_time(int64_t ms, char out[static 32]);

/* svk_report_entity describes one practice or need as in `practice list
 * --json`: origin, origin_name, country, id, seq, lang, title, areas,
 * updated, entry (and status for needs, retracted when retracted). */
json_t *svk_report_entity(svk_home *home, const svk_entity *e);

/* svk_report_entities lists the entities matching q. NULL on failure, with
 * *err set (SVK_EINVAL for a search with nothing to search for). */
json_t *svk_report_entities(svk_home *home, const svk_query *q, int *err);

/* svk_report_status describes this node: id, name, federation and role,
 * endpoints, entries held, each peer's link, rejections, flagged origins. */
json_t *svk_report_status(svk_home *home, const svk_config *cfg);

/* svk_report_federation: {"federation": ..., "members": [...]}, one row per
 * roster member with online, last_seen_s, behind, version, forks, rejected,
 * from the newest heartbeats held. */
json_t *svk_report_federation(svk_home *home);

/* svk_report_rollup: the federation's indicator rollup as JSON, as
 * `indicators show --federation --json` prints it and /api/indicators serves
 * it: {"periods": [{period, members, cells: [...]}], "members": [...]},
 * for one period or all (period NULL). NULL on failure. */
json_t *svk_report_rollup(svk_home *home, const char *period);

#endif
