/* stats.c: counts over the store for reports and metrics. See stats.h. */
#include "stats.h"
#include "store-int.h"

int
svk_stats_entries_each(svk_store *st,
    int (*fn)(void *arg, const uint8_t *origin, uint64_t entries, const char *name),
    void *arg)
{
	sqlite3_stmt *stmt;
	int rc, err = 0;

	/* Its own statement, not a cached one: fn may call back into the store. */
	rc = sqlite3_prepare_v2(svk__store_db(st),
	    "SELECT l.origin, count(*), coalesce(m.name, '') FROM log l LEFT JOIN "
	    "members m ON m.key = l.origin GROUP BY l.origin",
	    -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 0) != SVK_KEY_LEN)
			continue;
		if ((err = fn(arg, sqlite3_column_blob(stmt, 0),
			 (uint64_t)sqlite3_column_int64(stmt, 1),
			 (const char *)sqlite3_column_text(stmt, 2))) != 0)
			break;
	}
	return svk__store_finish(stmt, rc, err);
}

int
svk_stats_flagged_each(svk_store *st,
    int (*fn)(void *arg, const char *reason, uint64_t origins), void *arg)
{
	return svk__store_each_count(st,
	    "SELECT reason, count(DISTINCT origin) FROM flagged GROUP BY reason "
	    "ORDER BY reason",
	    fn, arg);
}

int
svk_stats_forks(svk_store *st, uint32_t *origins)
{
	sqlite3_stmt *stmt;
	int rc, err;

	*origins = 0;
	if ((err = svk__store_stmt(st,
		 "SELECT count(DISTINCT origin) FROM flagged WHERE reason = 'fork'",
		 &stmt)) != 0)
		return err;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*origins = (uint32_t)sqlite3_column_int(stmt, 0);
	err = rc == SQLITE_ROW ? 0 : svk__store_err(rc);
	svk__store_release(stmt);
	return err;
}

int
svk_stats_rejected_origins_each(svk_store *st,
    int (*fn)(void *arg, const uint8_t *origin, const char *name,
	const char *reason, uint64_t count),
    void *arg)
{
	sqlite3_stmt *stmt;
	int rc, err = 0;

	/* Counts that cannot be written yet (a full disk) stay in memory for
	 * the next flush; the table answers with what it holds. */
	if (svk_store_flush_rejects(st) != 0) {
	}
	/* Its own statement, not a cached one: fn may call back into the store. */
	rc = sqlite3_prepare_v2(svk__store_db(st),
	    "SELECT r.origin, coalesce(m.name, ''), r.reason, r.count FROM "
	    "rejected_origins r LEFT JOIN members m ON m.key = r.origin "
	    "ORDER BY r.origin, r.reason",
	    -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 0) != SVK_KEY_LEN)
			continue;
		if ((err = fn(arg, sqlite3_column_blob(stmt, 0),
			 (const char *)sqlite3_column_text(stmt, 1),
			 (const char *)sqlite3_column_text(stmt, 2),
			 (uint64_t)sqlite3_column_int64(stmt, 3))) != 0)
			break;
	}
	return svk__store_finish(stmt, rc, err);
}
